//! Single sign-on against a real OpenID Connect provider: npm's
//! `oidc-provider` (tests/oidc/provider.mjs) on 127.0.0.1, spawned per test,
//! and the native edge over real HTTP. The test plays the browser: it
//! follows every redirect itself, keeps the provider's cookies, and logs in
//! the account it names at the provider's interaction step. Tampered ID
//! tokens come from the same provider, altered after issue for their own
//! client ids (see provider.mjs).

mod common;

use common::oidc::{self, cookie_of, provider, Provider, Trip};
use common::{start, TestServer, PASSWORD};
use portico_edge::SsoSettings;
use serde_json::{json, Value};

/// An edge whose SSO uses client `client_id` of `p`, for example.com.
fn edge(p: &Provider, client_id: &str, adjust: impl FnOnce(&mut SsoSettings)) -> TestServer {
    start(|c| {
        let mut sso = SsoSettings::new(&p.issuer, client_id, "secret", vec!["example.com".into()]);
        sso.role_claim = Some("roles".into());
        sso.admin_values = vec!["portico-admin".into()];
        adjust(&mut sso);
        c.sso = Some(sso);
    })
}

/// [`oidc::trip`] through the native test server.
fn trip(server: &TestServer, p: &Provider, sub: &str, claims: &Value) -> Trip {
    oidc::trip(server.addr, "http://help.test", &p.issuer, sub, claims)
}

fn verified(email: &str, roles: &[&str]) -> Value {
    json!({"email": email, "email_verified": true, "name": "Sam Example", "roles": roles})
}

/// `GET /api/agent/me` with the session a successful trip opened.
fn me(server: &TestServer, t: &Trip) -> Value {
    assert_eq!(t.answer.status, 302, "{}", t.answer.text());
    assert_eq!(t.answer.header("location"), Some("/agent/"));
    let session = cookie_of(&t.answer, "portico_session").expect("a session cookie");
    let r = server.req("GET", "/api/agent/me", &[("Cookie", &session)], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

#[test]
fn the_code_flow_signs_an_existing_agent_in_and_links_the_identity() {
    let p = provider();
    for client in ["portico", "portico-es256"] {
        let server = edge(&p, client, |_| {});
        let id = server.add_agent("alice@example.com", "agent");
        let first = me(
            &server,
            &trip(&server, &p, "alice-sub", &verified("alice@example.com", &[])),
        );
        assert_eq!(first["agent"]["id"], id.as_str(), "{client}");
        assert_eq!(first["auth_method"], "sso");
        assert_eq!(first["via"], "session");
        // Linked by (issuer, subject): a changed address still finds her.
        let again = me(
            &server,
            &trip(&server, &p, "alice-sub", &verified("alice.new@example.com", &[])),
        );
        assert_eq!(again["agent"]["id"], id.as_str());
        let actions = server.audit_actions("");
        assert_eq!(
            actions.iter().filter(|a| *a == "agent.sign_in").count(),
            2,
            "{actions:?}"
        );
        assert_eq!(actions.iter().filter(|a| *a == "agent.sso_linked").count(), 1);
    }
}

#[test]
fn an_unknown_address_in_an_allowed_domain_creates_the_agent_with_the_claimed_role() {
    let p = provider();
    let server = edge(&p, "portico", |_| {});
    let v = me(
        &server,
        &trip(&server, &p, "bob-sub", &verified("bob@example.com", &["portico-admin"])),
    );
    assert_eq!(v["agent"]["email"], "bob@example.com");
    assert_eq!(v["agent"]["role"], "admin");
    assert_eq!(v["agent"]["name"], "Sam Example");
    let v = me(
        &server,
        &trip(&server, &p, "bob-sub", &verified("bob@example.com", &["support"])),
    );
    assert_eq!(v["agent"]["role"], "agent");
    let actions = server.audit_actions("");
    assert!(actions.contains(&"agent.created".to_owned()), "{actions:?}");
    assert!(actions.contains(&"agent.role_changed".to_owned()), "{actions:?}");
}

#[test]
fn addresses_outside_the_allowed_domains_or_unverified_are_refused() {
    let p = provider();
    let server = edge(&p, "portico", |_| {});
    let outside = trip(&server, &p, "eve-sub", &verified("eve@evil.example", &[]));
    assert_eq!(outside.answer.status, 403, "{}", outside.answer.text());
    assert!(cookie_of(&outside.answer, "portico_session").is_none());
    let unverified = json!({"email": "carol@example.com", "email_verified": false});
    assert_eq!(trip(&server, &p, "carol-sub", &unverified).answer.status, 403);
    let actions = server.audit_actions("&action=agent.sign_in_failed");
    assert_eq!(actions.len(), 2, "{actions:?}");
    assert!(server.agent("GET", "/api/agents", None).json()["agents"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn a_state_works_once_in_the_browser_that_began_it() {
    let p = provider();
    let server = edge(&p, "portico", |_| {});
    let t = trip(&server, &p, "dan-sub", &verified("dan@example.com", &[]));
    me(&server, &t);
    let ip = ("CF-Connecting-IP", "10.7.0.2");
    let replay = server.req("GET", &t.callback, &[("Cookie", &t.flow_cookie), ip], b"");
    assert_eq!(
        (replay.status, replay.field().as_deref()),
        (422, Some("state")),
        "{}",
        replay.text()
    );
    // A callback without the browser's flow cookie, or with another state.
    let fresh = server.req("GET", "/api/agent/sso/start", &[ip], b"");
    let cookie = cookie_of(&fresh, "portico_sso").unwrap();
    let location = fresh.header("location").unwrap();
    let state = location.split("state=").nth(1).unwrap().split('&').next().unwrap();
    let no_cookie = server.req(
        "GET",
        &format!("/api/agent/sso/callback?code=x&state={state}"),
        &[ip],
        b"",
    );
    assert_eq!(no_cookie.status, 422);
    let wrong = server.req(
        "GET",
        &format!("/api/agent/sso/callback?code=x&state={}", "0".repeat(64)),
        &[("Cookie", &cookie), ip],
        b"",
    );
    assert_eq!(wrong.status, 422);
    assert!(server.audit_actions("&action=agent.sign_in_failed").len() >= 3);
}

#[test]
fn tampered_misdirected_expired_and_unsigned_id_tokens_are_refused() {
    let p = provider();
    for client in [
        "portico-flip",
        "portico-none",
        "portico-aud",
        "portico-expired",
        "portico-nonce",
    ] {
        let server = edge(&p, client, |_| {});
        server.add_agent("mallory@example.com", "admin");
        let t = trip(&server, &p, "frank-sub", &verified("frank@example.com", &[]));
        assert_eq!(t.answer.status, 403, "{client}: {}", t.answer.text());
        assert_eq!(t.answer.code(), "forbidden");
        assert!(cookie_of(&t.answer, "portico_session").is_none(), "{client}");
        let r = server.agent("GET", "/api/audit?limit=5&action=agent.sign_in_failed", None);
        let detail = r.json()["entries"][0]["detail"]["reason"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(detail.contains("id_token"), "{client}: {detail}");
    }
}

#[test]
fn sso_only_refuses_passwords_and_set_up_links_but_not_the_bootstrap_key() {
    let p = provider();
    let server = edge(&p, "portico", |s| s.sso_only = true);
    let id = server.add_agent("gina@example.com", "agent");
    let link = server.agent("POST", &format!("/api/agents/{id}/setup-link"), None);
    assert_eq!(link.status, 403, "{}", link.text());
    let body = json!({"token": "0".repeat(64), "password": PASSWORD});
    assert_eq!(
        server.json("POST", "/api/agent/setup", "10.7.0.3", &[], &body).status,
        403
    );
    let r = server.sign_in_raw("gina@example.com", PASSWORD, "10.7.0.3");
    assert_eq!(r.status, 403, "{}", r.text());
    let v = me(
        &server,
        &trip(&server, &p, "gina-sub", &verified("gina@example.com", &[])),
    );
    assert_eq!(v["agent"]["id"], id.as_str());
}

#[test]
fn without_sso_configured_its_routes_are_not_found() {
    let server = start(|_| {});
    assert_eq!(server.req("GET", "/api/agent/sso/start", &[], b"").status, 404);
    assert_eq!(
        server
            .req("GET", "/api/agent/sso/callback?code=a&state=b", &[], b"")
            .status,
        404
    );
}

#[test]
fn an_sso_admin_is_not_held_to_portico_totp_under_require_mfa() {
    let p = provider();
    let server = start(|c| {
        let mut sso = SsoSettings::new(&p.issuer, "portico", "secret", vec!["example.com".into()]);
        sso.role_claim = Some("roles".into());
        sso.admin_values = vec!["portico-admin".into()];
        c.sso = Some(sso);
        c.agents.require_mfa = true;
    });
    let t = trip(
        &server,
        &p,
        "hana-sub",
        &verified("hana@example.com", &["portico-admin"]),
    );
    let v = me(&server, &t);
    assert_eq!(v["agent"]["role"], "admin");
    assert!(v.get("mfa_enrolment_required").is_none());
    let session = cookie_of(&t.answer, "portico_session").unwrap();
    let r = server.req("GET", "/api/agents", &[("Cookie", &session)], b"");
    assert_eq!(r.status, 200, "an SSO admin session is not enrol-only: {}", r.text());
}

#[test]
fn a_token_signed_with_a_key_rotated_in_is_verified_after_one_refetch_of_the_keys() {
    let p = provider();
    let server = edge(&p, "portico-rotated", |_| {});
    let v = me(
        &server,
        &trip(&server, &p, "ivan-sub", &verified("ivan@example.com", &[])),
    );
    assert_eq!(v["agent"]["email"], "ivan@example.com");
}
