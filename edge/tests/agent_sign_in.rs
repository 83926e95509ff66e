//! Agents signing in, over real HTTP against the real router: the session
//! cookie's name and flags, sessions that end (sign-out, everywhere, idle,
//! absolute), CSRF and Origin on signed-in writes, the sign-in throttle
//! tripping and recovering, refused sign-ins that all look alike, set-up
//! links that work once, and no secret stored as sent.

mod common;

use common::{start, Browser, TestServer, ORIGIN, PASSWORD};
use serde_json::json;

fn server() -> TestServer {
    start(|_| {})
}

#[test]
fn session_cookie_has_its_flags_and_name_for_the_scheme() {
    let s = server();
    s.add_agent_with_password("ana@example.com", "agent");
    let r = s.sign_in_raw("ana@example.com", PASSWORD, "10.0.0.1");
    assert_eq!(r.status, 200, "{}", r.text());
    let cookie = r.header("set-cookie").unwrap();
    let (pair, flags) = cookie.split_once("; ").unwrap();
    let (name, value) = pair.split_once('=').unwrap();
    assert_eq!(name, "portico_session", "plain http: no __Host- prefix");
    assert_eq!(value.len(), 64);
    assert_eq!(flags, "Path=/; HttpOnly; SameSite=Lax; Max-Age=604800");
    let v = r.json();
    assert_eq!(v["agent"]["email"], "ana@example.com");
    assert_eq!(v["csrf_token"].as_str().unwrap().len(), 64);
    assert!(v["agent"].get("password_hash").is_none());

    // Over https: the __Host- cookie, Secure.
    let https = start(|c| c.site_origin = "https://help.test".into());
    https.add_agent_with_password("ana@example.com", "agent");
    let body = json!({"email": "ana@example.com", "password": PASSWORD});
    let r = https.json(
        "POST",
        "/api/agent/sign-in",
        "10.0.0.1",
        &[("Origin", "https://help.test")],
        &body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let cookie = r.header("set-cookie").unwrap();
    assert!(cookie.starts_with("__Host-portico_session="), "{cookie}");
    assert!(
        cookie.ends_with("; Path=/; HttpOnly; SameSite=Lax; Max-Age=604800; Secure"),
        "{cookie}"
    );
    // The plain name is not accepted there.
    let plain = cookie.replacen("__Host-portico_session", "portico_session", 1);
    let plain = plain.split(';').next().unwrap();
    let r = https.req("GET", "/api/agent/me", &[("Cookie", plain)], b"");
    assert_eq!(r.status, 401);
}

#[test]
fn me_tells_who_and_sign_out_ends_the_session() {
    let s = server();
    let id = s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("Ana@Example.COM", "10.0.0.2");
    let me = s.browser(&b, "GET", "/api/agent/me", None);
    assert_eq!(me.status, 200, "{}", me.text());
    let v = me.json();
    assert_eq!(
        (v["agent"]["id"].as_str(), v["via"].as_str()),
        (Some(id.as_str()), Some("session"))
    );
    assert_eq!(v["csrf_token"].as_str(), Some(b.csrf.as_str()));
    // The agent routes take the session.
    assert_eq!(s.browser(&b, "GET", "/api/tickets", None).status, 200);

    let r = s.browser(&b, "POST", "/api/agent/sign-out", None);
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(r.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_eq!(s.browser(&b, "GET", "/api/agent/me", None).status, 401);

    // Everywhere: both browsers' sessions end.
    let (one, two) = (
        s.sign_in("ana@example.com", "10.0.0.3"),
        s.sign_in("ana@example.com", "10.0.0.4"),
    );
    let r = s.browser(&one, "POST", "/api/agent/sign-out-everywhere", None);
    assert_eq!(r.status, 204, "{}", r.text());
    for b in [&one, &two] {
        assert_eq!(s.browser(b, "GET", "/api/agent/me", None).status, 401);
    }
}

/// Headers a case sends beside the cookie.
type Headers<'a> = [(&'a str, &'a str)];

#[test]
fn signed_in_writes_need_the_csrf_token_and_the_sites_origin() {
    let s = server();
    s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("ana@example.com", "10.0.1.1");
    let (id, _, _) = s.submit("10.0.1.2", "CSRF");
    let path = format!("/api/tickets/{id}");
    let change = json!({"status": "pending"});
    let cases: &[(&Headers, u16, &str)] = &[
        (&[("Origin", ORIGIN)], 403, "csrf_failed"),
        (&[("Origin", ORIGIN), ("X-CSRF-Token", "0000")], 403, "csrf_failed"),
        (&[("X-CSRF-Token", &b.csrf)], 403, "forbidden_origin"),
        (
            &[("Origin", "https://evil.example"), ("X-CSRF-Token", &b.csrf)],
            403,
            "forbidden_origin",
        ),
        (
            &[("Referer", "https://evil.example/x"), ("X-CSRF-Token", &b.csrf)],
            403,
            "forbidden_origin",
        ),
    ];
    for (headers, status, code) in cases {
        let r = s.browser_with(&b, "PATCH", &path, headers, Some(&change));
        assert_eq!((r.status, r.code().as_str()), (*status, *code), "{headers:?}");
    }
    // Nothing changed; then the right token with our Origin, or our Referer, works.
    let listed = s.browser(&b, "GET", "/api/tickets", None).json();
    assert_eq!(listed["tickets"][0]["status"], "open");
    let r = s.browser(&b, "PATCH", &path, Some(&change));
    assert_eq!(r.status, 200, "{}", r.text());
    let referer = format!("{ORIGIN}/agent/");
    let r = s.browser_with(
        &b,
        "PATCH",
        &path,
        &[("Referer", &referer), ("X-CSRF-Token", &b.csrf)],
        Some(&json!({"status": "solved"})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // Sign-out is a write too.
    let r = s.browser_with(&b, "POST", "/api/agent/sign-out", &[("Origin", ORIGIN)], None);
    assert_eq!(r.code(), "csrf_failed");
    // A sign-in from another site is refused before any password is checked.
    let body = json!({"email": "ana@example.com", "password": PASSWORD});
    let r = s.json(
        "POST",
        "/api/agent/sign-in",
        "10.0.1.1",
        &[("Origin", "https://evil.example")],
        &body,
    );
    assert_eq!(r.status, 403);
}

/// Status, body and headers but the date: what a client can compare.
fn answer(r: &common::Resp) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let headers = r
        .headers
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("date"))
        .cloned()
        .collect();
    (r.status, headers, r.body.clone())
}

#[test]
fn refused_sign_ins_look_alike() {
    let s = server();
    s.add_agent_with_password("ana@example.com", "agent");
    s.add_agent("new@example.com", "agent"); // no password yet
    let off = s.add_agent_with_password("off@example.com", "agent");
    let r = s.agent("PATCH", &format!("/api/agents/{off}"), Some(&json!({"active": false})));
    assert_eq!(r.status, 200);

    let wrong = s.sign_in_raw("ana@example.com", "not the password at all", "10.0.2.1");
    assert_eq!((wrong.status, wrong.code().as_str()), (401, "sign_in_failed"));
    assert_eq!(wrong.json()["error"]["message"], "E-mail or password is wrong.");
    for (email, password) in [
        ("nobody@example.com", "not the password at all"),
        ("new@example.com", "not the password at all"),
        ("off@example.com", PASSWORD),
    ] {
        let r = s.sign_in_raw(email, password, "10.0.2.1");
        assert_eq!(answer(&r), answer(&wrong), "{email}");
    }
    // Bad input is still named.
    let r = s.json(
        "POST",
        "/api/agent/sign-in",
        "10.0.2.1",
        &[],
        &json!({"email": "a@b.c"}),
    );
    assert_eq!((r.status, r.field().as_deref()), (422, Some("password")));
    let long = "x".repeat(129);
    let r = s.sign_in_raw("ana@example.com", &long, "10.0.2.1");
    assert_eq!((r.status, r.code().as_str()), (422, "too_long"));
}

#[test]
fn sign_in_throttle_trips_per_account_and_per_client_and_recovers() {
    let s = start(|c| {
        c.limits.failed_sign_ins_per_account = 3;
        c.limits.failed_sign_ins_per_client = 5;
    });
    s.add_agent_with_password("ana@example.com", "agent");
    // Per account, from different clients.
    for n in 0..3 {
        let r = s.sign_in_raw("ana@example.com", "a wrong password!", &format!("10.1.1.{n}"));
        assert_eq!(r.status, 401);
    }
    let r = s.sign_in_raw("ANA@example.com", PASSWORD, "10.1.1.9");
    assert_eq!((r.status, r.code().as_str()), (429, "rate_limited"), "{}", r.text());
    assert!(r.header("retry-after").is_some());
    // An unknown address locks the same way (no tell).
    for _ in 0..3 {
        assert_eq!(
            s.sign_in_raw("ghost@example.com", "whatever it is", "10.1.2.1").status,
            401
        );
    }
    assert_eq!(
        s.sign_in_raw("ghost@example.com", "whatever it is", "10.1.2.2").status,
        429
    );
    // Per client, across addresses.
    for n in 0..5 {
        let r = s.sign_in_raw(&format!("guess{n}@example.com"), "whatever it is", "10.1.3.1");
        assert_eq!(r.status, 401);
    }
    assert_eq!(
        s.sign_in_raw("other@example.com", "whatever it is", "10.1.3.1").status,
        429
    );
    assert_eq!(
        s.sign_in_raw("other@example.com", "whatever it is", "10.1.3.2").status,
        401
    );

    // The next window: the account signs in again.
    s.state.clock.advance(s.state.config.limits.window_ms);
    let r = s.sign_in_raw("ana@example.com", PASSWORD, "10.1.1.9");
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn sessions_end_when_idle_or_old() {
    let s = server();
    s.add_agent_with_password("ana@example.com", "agent");
    let hour = 3_600_000;
    // Idle: 12 hours without a request.
    let b = s.sign_in("ana@example.com", "10.2.0.1");
    s.state.clock.advance(11 * hour);
    assert_eq!(s.browser(&b, "GET", "/api/agent/me", None).status, 200);
    s.state.clock.advance(11 * hour);
    assert_eq!(s.browser(&b, "GET", "/api/agent/me", None).status, 200, "used 11 h ago");
    s.state.clock.advance(12 * hour);
    assert_eq!(s.browser(&b, "GET", "/api/agent/me", None).status, 401, "idle 12 h");
    // Absolute: 7 days, however busy.
    let b = s.sign_in("ana@example.com", "10.2.0.1");
    for _ in 0..15 {
        s.state.clock.advance(11 * hour);
        assert_eq!(s.browser(&b, "GET", "/api/agent/me", None).status, 200);
    }
    s.state.clock.advance(11 * hour);
    assert_eq!(s.browser(&b, "GET", "/api/agent/me", None).status, 401, "over 7 days");
}

#[test]
fn setup_links_work_once_and_expire() {
    let s = server();
    let id = s.add_agent("ana@example.com", "agent");
    let token = s.setup_token(&id);
    let set = |token: &str, password: &str| {
        s.json(
            "POST",
            "/api/agent/setup",
            "10.3.0.1",
            &[],
            &json!({"token": token, "password": password}),
        )
    };
    let r = set(&token, "too short");
    assert_eq!(
        (r.status, r.code().as_str(), r.field().as_deref()),
        (422, "too_short", Some("password"))
    );
    let spaced = "  spaces count too  ";
    let r = set(&token, spaced);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["agent"]["password_set"], true);
    assert_eq!(set(&token, spaced).status, 404, "used up");
    assert_eq!(s.sign_in_raw("ana@example.com", spaced.trim(), "10.3.0.2").status, 401);
    let b = s.sign_in_raw("ana@example.com", spaced, "10.3.0.2");
    assert_eq!(b.status, 200, "the password exactly as set");

    // A newer link replaces an older one; links expire.
    let old = s.setup_token(&id);
    let newer = s.setup_token(&id);
    assert_eq!(set(&old, PASSWORD).status, 404, "replaced by the newer link");
    s.state.clock.advance(s.state.config.agents.setup_link_ms);
    assert_eq!(set(&newer, PASSWORD).status, 404, "expired");
    assert_eq!(set(&"0".repeat(64), PASSWORD).status, 404);
}

#[test]
fn secrets_are_stored_only_hashed() {
    let s = server();
    let id = s.add_agent("ana@example.com", "agent");
    let setup = s.setup_token(&id);
    let r = s.json(
        "POST",
        "/api/agent/setup",
        "10.4.0.1",
        &[],
        &json!({"token": setup, "password": PASSWORD}),
    );
    assert_eq!(r.status, 200);
    let b: Browser = s.sign_in("ana@example.com", "10.4.0.1");
    let r = s.browser(
        &b,
        "POST",
        "/api/agent/tokens",
        Some(&json!({"name": "ci", "scope": "read"})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let api_token = r.json()["token"].as_str().unwrap().to_owned();
    let session = b.cookie.split_once('=').unwrap().1.to_owned();
    // The database file and its write-ahead log, as bytes.
    let mut bytes = Vec::new();
    for suffix in ["", "-wal"] {
        let mut path = s.db_path.clone().into_os_string();
        path.push(suffix);
        bytes.extend(std::fs::read(path).unwrap_or_default());
    }
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("$argon2id$v=19$m=19456,t=2,p=1$"),
        "the password hash is stored"
    );
    for secret in [&session, &b.csrf, &api_token, &setup, &PASSWORD.to_owned()] {
        assert!(!text.contains(secret.as_str()), "{secret} is stored as sent");
    }
}
