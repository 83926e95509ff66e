//! What agents may do once signed in, over real HTTP: roles (an agent gets
//! 403 on every admin route), API tokens (scoped, shown once, revoked at
//! once), deactivation ending every credential, ticket assignment, and an
//! audit entry for every action, read back with filters and a cursor.

mod common;

use common::{start, TestServer, PASSWORD};
use serde_json::{json, Value};

fn server() -> TestServer {
    start(|_| {})
}

#[test]
fn the_agent_role_gets_403_on_every_admin_route() {
    let s = server();
    let other = s.add_agent("bo@example.com", "agent");
    s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("ana@example.com", "10.0.0.1");
    let new = json!({"email": "x@example.com", "name": "X", "role": "admin"});
    let cases: &[(&str, String, Option<Value>)] = &[
        ("GET", "/api/agents".into(), None),
        ("POST", "/api/agents".into(), Some(new)),
        ("PATCH", format!("/api/agents/{other}"), Some(json!({"role": "admin"}))),
        ("POST", format!("/api/agents/{other}/setup-link"), None),
        ("GET", "/api/audit".into(), None),
    ];
    for (method, path, body) in cases {
        let r = s.browser(&b, method, path, body.as_ref());
        assert_eq!((r.status, r.code().as_str()), (403, "forbidden"), "{method} {path}");
    }
    // Tickets are theirs to work on.
    assert_eq!(s.browser(&b, "GET", "/api/tickets", None).status, 200);
    assert_eq!(s.browser(&b, "GET", "/api/feedback/summary", None).status, 200);
    // Promoted, the same session may.
    let ana = s.agent("GET", "/api/agents", None).json()["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == "ana@example.com")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = s.agent("PATCH", &format!("/api/agents/{ana}"), Some(&json!({"role": "admin"})));
    assert_eq!((r.status, r.json()["agent"]["role"].as_str()), (200, Some("admin")));
    assert_eq!(s.browser(&b, "GET", "/api/agents", None).status, 200);
    // An admin cannot demote or deactivate themselves.
    for change in [json!({"role": "agent"}), json!({"active": false})] {
        let r = s.browser(&b, "PATCH", &format!("/api/agents/{ana}"), Some(&change));
        assert_eq!(r.status, 422, "{change}");
    }
}

#[test]
fn accounts_are_checked_and_unique_in_any_case() {
    let s = server();
    s.add_agent("ana@example.com", "agent");
    let cases = [
        (
            json!({"email": "ANA@example.com", "name": "A", "role": "agent"}),
            "email",
            "already_exists",
        ),
        (
            json!({"email": "nope", "name": "A", "role": "agent"}),
            "email",
            "invalid_email",
        ),
        (
            json!({"email": "b@example.com", "name": "A", "role": "owner"}),
            "role",
            "invalid",
        ),
        (json!({"email": "b@example.com", "name": "A"}), "role", "required"),
        (json!({"email": "b@example.com", "role": "agent"}), "name", "required"),
        (
            json!({"email": "b@example.com", "name": "A", "role": "agent", "language": "x y"}),
            "language",
            "invalid",
        ),
    ];
    for (body, field, code) in cases {
        let r = s.agent("POST", "/api/agents", Some(&body));
        assert_eq!(
            (r.status, r.field().as_deref(), r.code().as_str()),
            (422, Some(field), code),
            "{body}"
        );
    }
    let r = s.agent("PATCH", "/api/agents/ag_nobody", Some(&json!({"name": "N"})));
    assert_eq!(r.status, 404);
    let listed = s.agent("GET", "/api/agents", None).json();
    assert_eq!(listed["agents"].as_array().unwrap().len(), 1);
    assert_eq!(listed["agents"][0]["password_set"], false);
}

#[test]
fn api_tokens_are_scoped_shown_once_and_revoked_at_once() {
    let s = server();
    s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("ana@example.com", "10.1.0.1");
    let make = |scope: &str| {
        let r = s.browser(
            &b,
            "POST",
            "/api/agent/tokens",
            Some(&json!({"name": format!("{scope} bot"), "scope": scope})),
        );
        assert_eq!(r.status, 201, "{}", r.text());
        let v = r.json();
        (
            v["id"].as_str().unwrap().to_owned(),
            v["token"].as_str().unwrap().to_owned(),
        )
    };
    let (read_id, read) = make("read");
    let (write_id, write) = make("write");
    assert!(read.starts_with("pt_") && write.starts_with("pt_"));
    let (ticket, _, _) = s.submit("10.1.0.2", "Tokens");
    let patch = format!("/api/tickets/{ticket}");

    // Read: GET only. Write: no CSRF token needed (no cookie).
    assert_eq!(s.bearer(&read, "GET", "/api/tickets", None).status, 200);
    let r = s.bearer(&read, "PATCH", &patch, Some(&json!({"status": "pending"})));
    assert_eq!((r.status, r.code().as_str()), (403, "forbidden"));
    let r = s.bearer(&write, "PATCH", &patch, Some(&json!({"status": "pending"})));
    assert_eq!(r.status, 200, "{}", r.text());
    let me = s.bearer(&write, "GET", "/api/agent/me", None).json();
    assert_eq!(
        (me["via"].as_str(), me["token"]["scope"].as_str()),
        (Some("token"), Some("write"))
    );
    assert!(me.get("csrf_token").is_none());

    // Listed without the secret; a token cannot make tokens.
    let listed = s.browser(&b, "GET", "/api/agent/tokens", None);
    assert!(!listed.text().contains(&read) && !listed.text().contains(&write));
    assert_eq!(listed.json()["tokens"].as_array().unwrap().len(), 2);
    let r = s.bearer(
        &write,
        "POST",
        "/api/agent/tokens",
        Some(&json!({"name": "x", "scope": "write"})),
    );
    assert_eq!(r.status, 403);
    let r = s.browser(
        &b,
        "POST",
        "/api/agent/tokens",
        Some(&json!({"name": "x", "scope": "all"})),
    );
    assert_eq!((r.status, r.field().as_deref()), (422, Some("scope")));

    // Revoked: refused on the very next request.
    let r = s.browser(&b, "DELETE", &format!("/api/agent/tokens/{write_id}"), None);
    assert_eq!(r.status, 204, "{}", r.text());
    let r = s.bearer(&write, "GET", "/api/tickets", None);
    assert_eq!((r.status, r.code().as_str()), (401, "unauthorized"));
    assert_eq!(
        s.browser(&b, "DELETE", &format!("/api/agent/tokens/{write_id}"), None)
            .status,
        404
    );
    // Someone else's token is not theirs to revoke.
    s.add_agent_with_password("bo@example.com", "agent");
    let bo = s.sign_in("bo@example.com", "10.1.0.3");
    assert_eq!(
        s.browser(&bo, "DELETE", &format!("/api/agent/tokens/{read_id}"), None)
            .status,
        404
    );
    assert_eq!(s.bearer(&read, "GET", "/api/tickets", None).status, 200);
    // The bootstrap key has no account to hold tokens.
    assert_eq!(s.agent("GET", "/api/agent/tokens", None).status, 403);
}

#[test]
fn deactivation_ends_sessions_and_tokens_at_once() {
    let s = server();
    let id = s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("ana@example.com", "10.2.0.1");
    let token = s.browser(
        &b,
        "POST",
        "/api/agent/tokens",
        Some(&json!({"name": "t", "scope": "write"})),
    );
    let token = token.json()["token"].as_str().unwrap().to_owned();
    let r = s.agent("PATCH", &format!("/api/agents/{id}"), Some(&json!({"active": false})));
    assert_eq!((r.status, r.json()["agent"]["active"].as_bool()), (200, Some(false)));
    assert_eq!(s.browser(&b, "GET", "/api/agent/me", None).status, 401);
    assert_eq!(s.bearer(&token, "GET", "/api/agent/me", None).status, 401);
    assert_eq!(s.sign_in_raw("ana@example.com", PASSWORD, "10.2.0.1").status, 401);
    assert_eq!(
        s.agent("POST", &format!("/api/agents/{id}/setup-link"), None).status,
        422
    );
    // Active again: the password works, the old token stays revoked.
    let r = s.agent("PATCH", &format!("/api/agents/{id}"), Some(&json!({"active": true})));
    assert_eq!(r.status, 200);
    assert_eq!(s.sign_in_raw("ana@example.com", PASSWORD, "10.2.0.1").status, 200);
    assert_eq!(s.bearer(&token, "GET", "/api/agent/me", None).status, 401);
}

#[test]
fn tickets_are_assigned_to_active_agents() {
    let s = server();
    let ana = s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("ana@example.com", "10.3.0.1");
    let (ticket, token, _) = s.submit("10.3.0.2", "Assign me");
    let path = format!("/api/tickets/{ticket}");
    let r = s.browser(&b, "PATCH", &path, Some(&json!({"assignee": ana})));
    assert_eq!(r.status, 200, "{}", r.text());
    let listed = s.browser(&b, "GET", "/api/tickets", None).json();
    assert_eq!(listed["tickets"][0]["assignee"].as_str(), Some(ana.as_str()));
    // The customer never sees it.
    let view = s.view(&ticket, &token, "10.3.0.2");
    assert!(!view.text().contains(&ana), "{}", view.text());
    let r = s.browser(&b, "PATCH", &path, Some(&json!({"assignee": "ag_nobody"})));
    assert_eq!((r.status, r.field().as_deref()), (422, Some("assignee")));
    let r = s.browser(&b, "PATCH", &path, Some(&json!({"assignee": null})));
    assert_eq!(r.status, 200);
    let listed = s.browser(&b, "GET", "/api/tickets", None).json();
    assert_eq!(listed["tickets"][0]["assignee"], Value::Null);
}

#[test]
fn every_action_has_an_audit_entry() {
    let s = server();
    let ana = s.add_agent_with_password("ana@example.com", "admin");
    let bo = s.add_agent_with_password("bo@example.com", "agent");
    assert_eq!(
        s.sign_in_raw("ana@example.com", "not the password", "10.4.0.1").status,
        401
    );
    let b = s.sign_in("ana@example.com", "10.4.0.1");
    let t = s.browser(
        &b,
        "POST",
        "/api/agent/tokens",
        Some(&json!({"name": "t", "scope": "read"})),
    );
    let token_id = t.json()["id"].as_str().unwrap().to_owned();
    s.browser(&b, "DELETE", &format!("/api/agent/tokens/{token_id}"), None);
    let bo_path = format!("/api/agents/{bo}");
    s.browser(&b, "PATCH", &bo_path, Some(&json!({"role": "admin"})));
    s.browser(&b, "PATCH", &bo_path, Some(&json!({"name": "Bo B.", "language": "ja"})));
    s.browser(&b, "PATCH", &bo_path, Some(&json!({"active": false})));
    s.browser(&b, "PATCH", &bo_path, Some(&json!({"active": true})));
    let (ticket, _, _) = s.submit("10.4.0.2", "Audited");
    let path = format!("/api/tickets/{ticket}");
    let r = s.browser(&b, "PATCH", &path, Some(&json!({"status": "pending", "assignee": ana})));
    assert_eq!(r.status, 200, "{}", r.text());
    let r = s.browser(&b, "POST", &format!("{path}/replies"), Some(&json!({"body": "Hello"})));
    assert_eq!(r.status, 201);
    // The bootstrap key's changes are its own.
    s.agent("PATCH", &path, Some(&json!({"status": "solved"})));
    s.browser(&b, "POST", "/api/agent/sign-out-everywhere", None);
    let b = s.sign_in("ana@example.com", "10.4.0.1");
    s.browser(&b, "POST", "/api/agent/sign-out", None);

    let actions = s.audit_actions("");
    for action in [
        "agent.created",
        "agent.setup_link_created",
        "agent.password_set",
        "agent.sign_in_failed",
        "agent.sign_in",
        "token.created",
        "token.revoked",
        "agent.role_changed",
        "agent.updated",
        "agent.deactivated",
        "agent.reactivated",
        "ticket.status_changed",
        "ticket.assigned",
        "ticket.replied",
        "agent.sign_out_everywhere",
        "agent.sign_out",
    ] {
        assert!(actions.iter().any(|a| a == action), "no {action} in {actions:?}");
    }
    // Filters, actors and details.
    let r = s.agent("GET", "/api/audit?action=ticket.status_changed", None).json();
    let entries = r["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(
        (entries[0]["actor"].as_str(), entries[1]["actor"].as_str()),
        (Some("bootstrap"), Some(ana.as_str()))
    );
    assert_eq!(entries[0]["detail"], json!({"from": "pending", "to": "solved"}));
    assert_eq!(entries[1]["target"].as_str(), Some(ticket.as_str()));
    assert_eq!(entries[1]["client_hash"].as_str().map(str::len), Some(32));
    let failed = s.agent("GET", "/api/audit?action=agent.sign_in_failed", None).json();
    assert_eq!(failed["entries"][0]["actor"], "anonymous");
    let by_ana = s.audit_actions(&format!("&actor={ana}"));
    assert!(by_ana.iter().all(|a| a != "agent.created"), "created by bootstrap");
    assert!(s
        .audit_actions("&actor=bootstrap")
        .contains(&"agent.created".to_owned()));
    let r = s.agent("GET", "/api/audit?action=agent.nothing", None);
    assert_eq!((r.status, r.field().as_deref()), (422, Some("action")));

    // A cursor walks the whole log, a page at a time, without repeats.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = s.agent("GET", &format!("/api/audit?limit=3{cursor}"), None).json();
        seen.extend(
            page["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].as_i64().unwrap()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), actions.len());
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first, no repeats");
}

#[test]
fn no_route_edits_or_deletes_the_audit_log() {
    let s = server();
    s.add_agent("ana@example.com", "agent");
    for method in ["POST", "PATCH", "DELETE", "PUT"] {
        let r = s.agent(method, "/api/audit", Some(&json!({"id": 1})));
        assert!(matches!(r.status, 404 | 405), "{method} answered {}", r.status);
        let r = s.agent(method, "/api/audit/1", Some(&json!({})));
        assert!(matches!(r.status, 404 | 405), "{method} /1 answered {}", r.status);
    }
    // Not even SQL can.
    let db = s.state.db.clone();
    for sql in ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"] {
        let result = s.rt.block_on(db.batch(vec![portico_edge::db::Stmt::new(sql, vec![])]));
        assert!(result.is_err(), "{sql}");
    }
    assert_eq!(s.audit_actions(""), vec!["agent.created"]);
}
