//! Hostile content on the agents' workspace routes (tests/hostile.rs holds
//! the customer, feedback and account routes): internal notes store XSS and
//! injection payloads verbatim, read back byte for byte through the agent
//! view, every answer carrying them is inert JSON, the customer's view never
//! shows one, control characters are refused with a 422 naming `body`, and
//! malformed note requests get 4xx.

mod common;

use common::payloads::{all_payloads, CONTROL_PAYLOADS};
use common::{assert_inert, start};
use serde_json::json;

#[test]
fn notes_are_stored_verbatim_answered_inert_and_kept_from_the_customer() {
    let s = start(|_| {});
    let (id, token, _) = s.submit("10.7.0.1", "Hostile notes");
    let path = format!("/api/tickets/{id}/notes");
    let mut expected = Vec::new();
    for payload in all_payloads() {
        let r = s.agent("POST", &path, Some(&json!({ "body": payload })));
        assert_eq!(r.status, 201, "{payload}: {}", r.text());
        assert_inert(&r);
        expected.push(payload.to_owned());
    }
    let r = s.agent("GET", &format!("/api/tickets/{id}"), None);
    assert_inert(&r);
    let view = r.json();
    let bodies: Vec<&str> = view["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, expected);

    let r = s.view(&id, &token, "10.7.0.1");
    assert_inert(&r);
    let text = r.text();
    assert!(r.json().get("notes").is_none(), "{text}");
    for payload in all_payloads() {
        let encoded = serde_json::to_string(payload).unwrap();
        assert!(
            !text.contains(encoded.trim_matches('"')),
            "{payload} reached the customer"
        );
    }
}

#[test]
fn bad_notes_are_refused_with_4xx_and_not_stored() {
    let s = start(|_| {});
    let (id, _, _) = s.submit("10.7.0.2", "Bad notes");
    let path = format!("/api/tickets/{id}/notes");
    for payload in CONTROL_PAYLOADS {
        let r = s.agent("POST", &path, Some(&json!({ "body": payload })));
        assert_eq!(r.status, 422, "{payload:?}: {}", r.text());
        assert_eq!(r.json()["error"]["field"], "body");
    }
    let auth = format!("Bearer {}", common::AGENT_KEY);
    let with = |ct: &str| {
        vec![
            ("Authorization", auth.clone()),
            ("Content-Type", ct.to_owned()),
            ("Origin", common::ORIGIN.to_owned()),
        ]
    };
    for (content_type, body, want) in [
        ("application/json", &b"{\"body\":"[..], 400),
        ("application/json", b"[1, 2]", 400),
        ("application/json", b"{\"body\": 7}", 422),
        ("text/plain", b"body=x", 415),
        ("application/x-www-form-urlencoded", b"body=%FF%FE", 400),
    ] {
        let headers = with(content_type);
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = s.req("POST", &path, &headers, body);
        assert_eq!(
            r.status,
            want,
            "{content_type} {:?}: {}",
            String::from_utf8_lossy(body),
            r.text()
        );
        assert_inert(&r);
    }
    let r = s.agent("POST", "/api/tickets/%3Cscript%3E/notes", Some(&json!({"body": "x"})));
    assert_eq!(r.status, 404, "{}", r.text());
    let view = s.agent("GET", &format!("/api/tickets/{id}"), None).json();
    assert_eq!(view["notes"], json!([]));
}
