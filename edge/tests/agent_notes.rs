//! Internal notes over real HTTP: agents add them (session with CSRF and
//! Origin, or a write token) and read them in the agent view of a ticket,
//! with the names of the agents who replied; the customer's view, the
//! customer's own routes and the webhook's payloads never carry a note, an
//! agent's id or name. Hostile note text is in tests/hostile_workspace.rs.

mod common;

use common::{start, TestServer, ORIGIN};
use serde_json::{json, Value};

const NOTE: &str = "Internal: customer is on the fraud watch list";

/// Every string in `v`, recursively (keys and values).
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out)
        }),
        _ => {}
    }
}

/// Asserts a customer-facing JSON answer carries nothing agent-only.
fn assert_customer_safe(v: &Value, agent_id: &str) {
    let mut all = Vec::new();
    strings(v, &mut all);
    for s in &all {
        assert!(!s.contains("fraud watch"), "a note leaked: {v}");
        assert!(!s.contains(agent_id), "an agent id leaked: {v}");
        assert!(!s.contains("Test Agent"), "an agent name leaked: {v}");
        assert!(
            !["notes", "agent_id", "agent_name", "email", "assignee"].contains(&s.as_str()),
            "{s}: {v}"
        );
    }
}

fn outbox_payloads(s: &TestServer) -> Vec<Value> {
    let rows =
        s.rt.block_on(s.state.db.batch(vec![portico_edge::db::Stmt::new(
            "SELECT payload FROM webhook_outbox ORDER BY id",
            vec![],
        )]))
        .unwrap();
    rows[0]
        .iter()
        .map(|r| serde_json::from_str(&portico_edge::db::text(r, "payload").unwrap()).unwrap())
        .collect()
}

#[test]
fn notes_reach_agents_and_never_the_customer_or_the_webhook() {
    let s = start(|c| c.webhook_url = Some("http://127.0.0.1:9/hook".into()));
    let agent = s.add_agent_with_password("ana@agents.test", "agent");
    let b = s.sign_in("ana@agents.test", "10.1.0.1");
    let (id, token, _) = s.submit("1.1.1.1", "Card charged twice");

    let r = s.browser(
        &b,
        "POST",
        &format!("/api/tickets/{id}/notes"),
        Some(&json!({"body": NOTE})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    assert_eq!(v["notes"][0]["body"], NOTE);
    assert_eq!(v["notes"][0]["agent_id"], json!(agent));
    assert_eq!(v["notes"][0]["agent_name"], "Test Agent");
    assert_eq!(v["email"], "ana@example.com", "the agent view has the contact fields");

    let r = s.browser(
        &b,
        "POST",
        &format!("/api/tickets/{id}/replies"),
        Some(&json!({"body": "Refunded.", "status": "pending"})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(
        r.json()["notes"].as_array().unwrap().len(),
        1,
        "agent answers show notes"
    );

    // The agent view, by session and by the bootstrap key.
    for v in [
        s.browser(&b, "GET", &format!("/api/tickets/{id}"), None).json(),
        s.agent("GET", &format!("/api/tickets/{id}"), None).json(),
    ] {
        assert_eq!(v["notes"].as_array().unwrap().len(), 1, "{v}");
        let messages = v["messages"].as_array().unwrap();
        assert_eq!(messages[0]["author"], "customer");
        assert_eq!(messages[0]["agent_id"], Value::Null);
        assert_eq!(messages[1]["body"], "Refunded.");
        assert_eq!(messages[1]["agent_id"], json!(agent));
        assert_eq!(messages[1]["agent_name"], "Test Agent");
    }

    // The customer: status view, their reply's answer, the webhook.
    let r = s.view(&id, &token, "1.1.1.1");
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["messages"].as_array().unwrap().len(), 2, "the public reply is there");
    assert_customer_safe(&v, &agent);
    let auth = format!("Bearer {token}");
    let r = s.json(
        "POST",
        &format!("/api/tickets/{id}/comments"),
        "1.1.1.1",
        &[("Authorization", &auth)],
        &json!({"body": "Thanks"}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_customer_safe(&r.json(), &agent);
    let payloads = outbox_payloads(&s);
    assert_eq!(
        payloads.len(),
        2,
        "ticket.created and ticket.comment only: {payloads:?}"
    );
    for p in &payloads {
        let mut all = Vec::new();
        strings(p, &mut all);
        assert!(all.iter().all(|s| !s.contains("fraud watch")), "{p}");
    }

    let audit = s.audit_actions("&action=ticket.note_added");
    assert_eq!(audit, ["ticket.note_added"]);
}

#[test]
fn adding_a_note_needs_an_agent_csrf_and_a_real_ticket() {
    let s = start(|_| {});
    s.add_agent_with_password("bo@agents.test", "agent");
    let b = s.sign_in("bo@agents.test", "10.1.0.2");
    let (id, token, _) = s.submit("1.1.1.2", "Where is my parcel");
    let path = format!("/api/tickets/{id}/notes");
    let note = json!({"body": NOTE});

    // No CSRF token; a foreign Origin; the customer's token; nothing at all.
    let r = s.browser_with(&b, "POST", &path, &[("Origin", ORIGIN)], Some(&note));
    assert_eq!(r.status, 403, "{}", r.text());
    let r = s.browser_with(
        &b,
        "POST",
        &path,
        &[("Origin", "https://evil.test"), ("X-CSRF-Token", &b.csrf)],
        Some(&note),
    );
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(s.bearer(&token, "POST", &path, Some(&note)).status, 401);
    let r = s.json("POST", &path, "1.1.1.2", &[("Origin", ORIGIN)], &note);
    assert_eq!(r.status, 401, "{}", r.text());

    // A read-only token may not write a note.
    let r = s.browser(
        &b,
        "POST",
        "/api/agent/tokens",
        Some(&json!({"name": "ro", "scope": "read"})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let read = r.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(s.bearer(&read, "POST", &path, Some(&note)).status, 403);
    assert_eq!(
        s.bearer(&read, "GET", &format!("/api/tickets/{id}"), None).json()["notes"],
        json!([])
    );

    // Bad bodies name the field; unknown tickets are 404 and write nothing.
    let r = s.browser(&b, "POST", &path, Some(&json!({"body": ""})));
    assert_eq!(
        (r.status, r.json()["error"]["field"].clone()),
        (422, json!("body")),
        "{}",
        r.text()
    );
    let r = s.browser(&b, "POST", &path, Some(&json!({"text": "x"})));
    assert!((400..500).contains(&r.status), "{}", r.text());
    let r = s.browser(&b, "POST", "/api/tickets/PB-NOPE22/notes", Some(&note));
    assert_eq!(r.status, 404, "{}", r.text());
    let r = s.browser(
        &b,
        "POST",
        &format!("/api/tickets/{}/notes", "X".repeat(200)),
        Some(&note),
    );
    assert_eq!(r.status, 404, "{}", r.text());
    assert!(s.audit_actions("&action=ticket.note_added").is_empty());

    // The customer's token still opens only the customer view.
    let v = s.view(&id, &token, "1.1.1.2").json();
    assert!(v.get("notes").is_none() && v.get("email").is_none(), "{v}");
}
