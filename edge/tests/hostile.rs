//! Hostile request content: classic XSS and injection payloads in every
//! free-text field of tickets, customer comments, agent replies, feedback,
//! agent accounts and API token names are stored verbatim — read back byte for byte through the JSON
//! API (and the database, for feedback comments, which no route shows) —
//! and every response that carries them is JSON that browsers will not
//! sniff or render. Fields with a strict shape (category, language, email)
//! refuse what does not fit, and control characters such as NUL are refused
//! with a clear 422 rather than stored. Malformed bodies get 400/413/415
//! with a message, garbage cookies and bearer values 401; the size limits
//! themselves are in tests/tickets.rs.
//!
//! The theme renders ticket text with `textContent` only (see
//! `themes/default/static/assets/support.js`); `tests/support_hostile_browser.rs`
//! shows such a ticket in Chromium under the site's CSP.

mod common;

use common::payloads::{all_payloads, CONTROL_PAYLOADS, LINE_PAYLOADS};
use common::{assert_inert, start, ticket, TestServer, ORIGIN};
use serde_json::{json, Value};
use std::io::{Read, Write};

fn server() -> TestServer {
    start(|_| {})
}

#[test]
fn ticket_fields_are_stored_verbatim_and_answered_as_inert_json() {
    let s = server();
    for (n, payload) in LINE_PAYLOADS.iter().enumerate() {
        let ip = format!("10.1.0.{n}");
        let body = json!({
            "name": payload, "email": "ana@example.com", "subject": payload,
            "body": format!("{payload}\n{payload}"), "language": "en", "article": payload,
        });
        let r = s.json(
            "POST",
            "/api/tickets",
            &ip,
            &[("Idempotency-Key", payload_key(n))],
            &body,
        );
        assert_eq!(r.status, 201, "{payload}: {}", r.text());
        assert_inert(&r);
        let v = r.json();
        let id = v["id"].as_str().unwrap();
        let token = common::token_of(v["status_url"].as_str().unwrap());

        // The customer's view.
        let r = s.view(id, &token, &ip);
        assert_eq!(r.status, 200);
        assert_inert(&r);
        let view = r.json();
        assert_eq!(view["subject"].as_str(), Some(*payload));
        assert_eq!(
            view["messages"][0]["body"].as_str(),
            Some(format!("{payload}\n{payload}").as_str())
        );

        // The agent's list shows every stored field as it came.
        let r = s.agent("GET", "/api/tickets?limit=500", None);
        assert_inert(&r);
        let listed = r.json()["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .cloned()
            .unwrap();
        for field in ["name", "subject", "article"] {
            assert_eq!(listed[field].as_str(), Some(*payload), "{field}");
        }
        // Searching the queue for the payload itself finds its ticket (FTS5
        // syntax and LIKE wildcards are text), and answers inert JSON.
        let q: String = percent_encoding::utf8_percent_encode(payload, percent_encoding::NON_ALPHANUMERIC).to_string();
        let r = s.agent("GET", &format!("/api/tickets?q={q}&limit=500"), None);
        assert_eq!(r.status, 200, "{payload}: {}", r.text());
        assert_inert(&r);
        let found = r.json()["tickets"].as_array().unwrap().iter().any(|t| t["id"] == id);
        assert!(found, "searching for {payload:?} did not find its ticket");
    }
}

/// An idempotency key is visible ASCII; payloads without spaces qualify.
fn payload_key(n: usize) -> &'static str {
    const KEYS: &[&str] = &[
        "<script>alert(1)</script>",
        "\"><img/src=x/onerror=alert(1)>",
        "{{7*7}}",
    ];
    KEYS[n % KEYS.len()]
}

#[test]
fn comments_and_agent_replies_are_stored_verbatim() {
    let s = server();
    let (id, token, _) = s.submit("10.2.0.1", "Hostile thread");
    let auth = format!("Bearer {token}");
    let mut expected = vec![ticket("x")["body"].as_str().unwrap().to_owned()];
    for payload in all_payloads() {
        let r = s.json(
            "POST",
            &format!("/api/tickets/{id}/comments"),
            "10.2.0.1",
            &[("Authorization", &auth)],
            &json!({ "body": payload }),
        );
        assert_eq!(r.status, 201, "{payload}: {}", r.text());
        assert_inert(&r);
        expected.push(payload.to_owned());
        let r = s.agent(
            "POST",
            &format!("/api/tickets/{id}/replies"),
            Some(&json!({ "body": payload })),
        );
        assert_eq!(r.status, 201, "{payload}: {}", r.text());
        assert_inert(&r);
        expected.push(payload.to_owned());
        let r = s.agent(
            "PATCH",
            &format!("/api/tickets/{id}"),
            Some(&json!({ "reply": payload })),
        );
        assert_eq!(r.status, 200, "{payload}: {}", r.text());
        assert_inert(&r);
        expected.push(payload.to_owned());
    }
    let view = s.view(&id, &token, "10.2.0.1").json();
    let bodies: Vec<&str> = view["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, expected);
}

#[test]
fn feedback_fields_are_stored_verbatim() {
    let s = server();
    for (n, payload) in LINE_PAYLOADS.iter().enumerate() {
        let vote = json!({
            "article": payload, "language": "en", "version": version_of(payload), "helpful": n % 2 == 0,
            "comment": payload,
        });
        let r = s.json("POST", "/api/feedback", &format!("10.3.0.{n}"), &[], &vote);
        assert_eq!(r.status, 201, "{payload}: {}", r.text());
        assert_inert(&r);
    }
    let r = s.agent("GET", "/api/feedback/summary", None);
    assert_inert(&r);
    let summary = r.json();
    let articles: Vec<(&str, &str)> = summary["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["article"].as_str().unwrap(), a["version"].as_str().unwrap()))
        .collect();
    for payload in LINE_PAYLOADS {
        let version = version_of(payload);
        assert!(
            articles.contains(&(payload, version.as_str())),
            "{payload} missing from {articles:?}"
        );
    }
    // Comments are counted by the API but never shown: read them from the
    // database itself.
    let comments = stored_comments(&s);
    for payload in LINE_PAYLOADS {
        assert!(
            comments.iter().any(|c| c == payload),
            "comment {payload} not stored verbatim"
        );
    }
}

/// A version label is at most 64 characters.
fn version_of(payload: &str) -> String {
    payload.chars().take(64).collect()
}

fn stored_comments(s: &TestServer) -> Vec<String> {
    let db = s.state.db.clone();
    let rows =
        s.rt.block_on(db.batch(vec![portico_edge::db::Stmt::new(
            "SELECT comment FROM feedback_votes WHERE comment IS NOT NULL",
            vec![],
        )]))
        .unwrap();
    rows[0]
        .iter()
        .filter_map(|r| portico_edge::db::text(r, "comment"))
        .collect()
}

#[test]
fn control_characters_are_refused_with_a_clear_422_and_not_stored() {
    let s = server();
    for payload in CONTROL_PAYLOADS {
        for field in ["name", "subject", "body", "article"] {
            let mut body = ticket("Control characters");
            body[field] = json!(payload);
            let r = s.json("POST", "/api/tickets", "10.4.0.1", &[], &body);
            assert_eq!(
                (r.status, r.field().as_deref()),
                (422, Some(field)),
                "{payload:?} in {field}"
            );
            assert_eq!(r.code(), "invalid_characters");
            assert!(!r.json()["error"]["message"].as_str().unwrap().is_empty());
        }
        let vote = json!({"article": "a", "language": "en", "helpful": true, "comment": payload});
        let r = s.json("POST", "/api/feedback", "10.4.0.1", &[], &vote);
        assert_eq!(
            (r.status, r.code()),
            (422, "invalid_characters".to_owned()),
            "{payload:?}"
        );
    }
    let listed = s.agent("GET", "/api/tickets", None).json();
    assert_eq!(listed["tickets"], json!([]), "nothing refused was stored");
}

#[test]
fn strictly_shaped_fields_refuse_markup() {
    let s = server();
    let cases: &[(&str, Value)] = &[
        ("category", json!("<script>alert(1)</script>")),
        ("language", json!("en\"><script>")),
        ("email", json!("<script>@example.com")),
        ("email", json!("a@b.example\r\nBcc: victim@example.com")),
    ];
    for (field, value) in cases {
        let mut body = ticket("Shape");
        body[*field] = value.clone();
        let r = s.json("POST", "/api/tickets", "10.5.0.1", &[], &body);
        assert_eq!((r.status, r.field().as_deref()), (422, Some(*field)), "{value}");
        assert_inert(&r);
    }
    // An address whose local part looks like markup but is a valid address
    // is stored as given (the helpdesk escapes it like any other text).
    let mut body = ticket("Odd address");
    body["email"] = json!("javascript:alert(1)//\"x\"@evil.example");
    let r = s.json("POST", "/api/tickets", "10.5.0.1", &[], &body);
    assert_eq!(r.status, 201, "{}", r.text());
    let listed = s.agent("GET", "/api/tickets", None).json();
    assert_eq!(listed["tickets"][0]["email"], body["email"]);
}

#[test]
fn errors_echo_no_markup_and_form_redirects_carry_only_codes() {
    let s = server();
    // Unknown JSON keys are named in the message — inside inert JSON.
    let r = s.json(
        "POST",
        "/api/tickets",
        "10.6.0.1",
        &[],
        &json!({"<img src=x onerror=alert(1)>": 1}),
    );
    assert_eq!((r.status, r.code()), (400, "unknown_field".to_owned()));
    assert_inert(&r);
    // Unknown paths and ids are not echoed at all.
    let r = s.req("GET", "/api/%3Cscript%3Ealert(1)%3C%2Fscript%3E", &[], b"");
    assert_eq!(r.status, 404);
    assert_inert(&r);
    assert!(!r.text().contains("script"), "{}", r.text());
    let r = s.view("%3Cscript%3E", "t", "10.6.0.1");
    assert_eq!(r.status, 404);
    assert!(!r.text().contains("script"));

    // A refused no-JS form goes back to a path on the site with only an
    // error code and field name, whatever the fields held; a hostile
    // `return_to` is ignored.
    let form = "name=%3Cscript%3E&email=%22%3E%3Cimg&subject=x&body=y&return_to=javascript%3Aalert(1)";
    let r = s.form("/api/tickets", "10.6.0.2", &[], form);
    assert_eq!(r.status, 303);
    assert_eq!(
        r.header("location"),
        Some("/en/support/?error=invalid_email&field=email#error-invalid_email")
    );
    let form = "article=%3Csvg%2Fonload%3Dalert(1)%3E&language=en&helpful=maybe&return_to=%2F%2Fevil.example%2F";
    let r = s.form(
        "/api/feedback",
        "10.6.0.2",
        &[("Referer", &format!("{ORIGIN}/en/guides/a/"))],
        form,
    );
    assert_eq!(r.status, 303);
    assert_eq!(
        r.header("location"),
        Some("/en/guides/a/?error=invalid_type&field=helpful#feedback-error")
    );
}

#[test]
fn malformed_bodies_get_400_with_a_message() {
    let s = server();
    let post = |ct: &str, body: &[u8]| {
        s.req(
            "POST",
            "/api/tickets",
            &[
                ("Content-Type", ct),
                ("CF-Connecting-IP", "10.7.0.1"),
                ("Origin", ORIGIN),
            ],
            body,
        )
    };
    let cases: &[(&str, &[u8], u16, &str)] = &[
        ("application/json", b"", 400, "invalid_json"),
        ("application/json", b"{\"name\": \"a\"", 400, "invalid_json"),
        ("application/json", b"{\"name\": \"\\ud800\"}", 400, "invalid_json"),
        (
            "application/json",
            b"{\"name\": \"\xc0\xbcscript\xc0\xbe\"}",
            400,
            "invalid_utf8",
        ),
        ("application/json", b"\xef\xbb\xbf{}", 400, "invalid_json"),
        ("application/json", &[b'['; 10_000], 400, "invalid_json"),
        ("application/json", b"null", 400, "invalid_json"),
        ("application/json", b"{\"name\": 1e999999}", 400, "invalid_json"),
        (
            "multipart/form-data; boundary=x",
            b"--x--",
            415,
            "unsupported_media_type",
        ),
        ("text/html", b"<script>", 415, "unsupported_media_type"),
        ("application/json; charset=utf-16", b"{}", 415, "unsupported_media_type"),
        ("", b"{}", 415, "unsupported_media_type"),
    ];
    for (ct, body, status, code) in cases {
        let r = post(ct, body);
        assert_eq!(
            (r.status, r.code().as_str()),
            (*status, *code),
            "{ct} {}",
            String::from_utf8_lossy(&body[..body.len().min(40)])
        );
        assert_inert(&r);
        assert!(!r.json()["error"]["message"].as_str().unwrap().is_empty());
    }
    // A malformed no-JS form goes back to the form with the code.
    for (body, code) in [
        (&b"name=%C0%BC"[..], "invalid_utf8"),
        (b"a=1&a=2", "duplicate_field"),
        (b"\xff=1", "invalid_utf8"),
    ] {
        let r = post("application/x-www-form-urlencoded", body);
        assert_eq!(r.status, 303);
        let back = format!("/en/support/?error={code}#error-{code}");
        assert_eq!(r.header("location"), Some(back.as_str()));
    }
    // A JSON body over the limit gets 413
    // before anything is parsed, even when Content-Length lies low.
    let big = format!("{{\"body\": \"{}\"}}", "x".repeat(300 * 1024));
    let r = post("application/json", big.as_bytes());
    assert_eq!((r.status, r.code()), (413, "too_large".to_owned()));
    assert_inert(&r);
    // Without Content-Length (chunked), the limit holds while streaming.
    assert_eq!(chunked_status(&s, 300 * 1024), 413);
    assert_eq!(chunked_status(&s, 1024), 400);
}

/// Posts `size` bytes of JSON-ish junk as a chunked body; the status code.
fn chunked_status(s: &TestServer, size: usize) -> u16 {
    let mut stream = std::net::TcpStream::connect(s.addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let head = "POST /api/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    let _ = stream.write_all(head.as_bytes());
    let chunk = vec![b'x'; 16 * 1024];
    let mut sent = 0;
    while sent < size {
        let n = chunk.len().min(size - sent);
        let framed = [format!("{n:x}\r\n").as_bytes(), &chunk[..n], b"\r\n"].concat();
        if stream.write_all(&framed).is_err() {
            break; // answered early and closed
        }
        sent += n;
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out);
    text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

#[test]
fn agent_routes_store_hostile_text_verbatim_and_refuse_what_does_not_fit() {
    let s = server();
    for (n, payload) in LINE_PAYLOADS.iter().enumerate() {
        let email = format!("agent{n}@example.com");
        let r = s.agent(
            "POST",
            "/api/agents",
            Some(&json!({"email": email, "name": payload, "role": "agent"})),
        );
        assert_eq!(r.status, 201, "{payload}: {}", r.text());
        assert_inert(&r);
        assert_eq!(r.json()["agent"]["name"].as_str(), Some(*payload));
    }
    let r = s.agent("GET", "/api/agents", None);
    assert_inert(&r);
    let names: Vec<String> = r.json()["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_owned())
        .collect();
    for payload in LINE_PAYLOADS {
        assert!(names.iter().any(|n| n == payload), "{payload} not stored verbatim");
    }
    // API token names, read back from the list and the audit log.
    s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("ana@example.com", "10.8.1.1");
    for payload in LINE_PAYLOADS {
        let r = s.browser(
            &b,
            "POST",
            "/api/agent/tokens",
            Some(&json!({"name": payload, "scope": "read"})),
        );
        assert_eq!(r.status, 201, "{payload}: {}", r.text());
        assert_inert(&r);
    }
    let listed = s.browser(&b, "GET", "/api/agent/tokens", None).json();
    for payload in LINE_PAYLOADS {
        assert!(listed["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == *payload));
    }
    let audit = s.agent("GET", "/api/audit?action=token.created&limit=500", None);
    assert_inert(&audit);
    let details: Vec<String> = audit.json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["detail"]["name"].as_str().unwrap().to_owned())
        .collect();
    for payload in LINE_PAYLOADS {
        assert!(details.iter().any(|d| d == payload), "{payload} not in the audit log");
    }
    // Hostile sign-ins: refused alike, as inert JSON; markup in an address
    // or password (up to its 128 characters) is just a wrong one.
    for (n, payload) in LINE_PAYLOADS.iter().enumerate() {
        let password: String = payload.chars().take(128).collect();
        let r = s.sign_in_raw(payload, &password, &format!("10.8.2.{n}"));
        assert_eq!((r.status, r.code().as_str()), (401, "sign_in_failed"), "{payload}");
        assert_inert(&r);
        assert!(!r.text().contains(payload));
    }
    // Control characters are refused in single-line fields, with the field named.
    for payload in CONTROL_PAYLOADS {
        let r = s.agent(
            "POST",
            "/api/agents",
            Some(&json!({"email": "c@example.com", "name": payload, "role": "agent"})),
        );
        assert_eq!((r.status, r.field().as_deref()), (422, Some("name")), "{payload:?}");
        let r = s.browser(
            &b,
            "POST",
            "/api/agent/tokens",
            Some(&json!({"name": payload, "scope": "read"})),
        );
        assert_eq!((r.status, r.field().as_deref()), (422, Some("name")), "{payload:?}");
    }
}

#[test]
fn agent_routes_answer_malformed_requests_and_credentials_with_4xx() {
    let s = server();
    s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("ana@example.com", "10.9.1.1");
    fn with_ip<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut h = vec![("CF-Connecting-IP", "10.9.1.2"), ("Origin", ORIGIN)];
        h.extend_from_slice(extra);
        h
    }
    for path in ["/api/agent/sign-in", "/api/agent/setup"] {
        for (ct, body, status) in [
            ("application/json", &b"{"[..], 400),
            ("application/json", b"[]", 400),
            ("application/json", b"{\"password\": []}", 422),
            ("application/json", b"{\"zzz\": 1}", 400),
            ("text/plain", b"x", 415),
        ] {
            let r = s.req("POST", path, &with_ip(&[("Content-Type", ct)]), body);
            assert_eq!(r.status, status, "{path} {ct} {}", String::from_utf8_lossy(body));
            assert_inert(&r);
        }
    }
    let garbage_cookies = [
        "portico_session=".to_owned(),
        format!("portico_session={}", "z".repeat(64)),
        format!("portico_session={}", "0".repeat(64)),
        format!("portico_session={}", "a".repeat(10_000)),
        "portico_session=<script>alert(1)</script>".to_owned(),
        format!("{}; portico_session=%00", b.cookie),
    ];
    for cookie in &garbage_cookies {
        let r = s.req("GET", "/api/agent/me", &with_ip(&[("Cookie", cookie)]), b"");
        assert!(matches!(r.status, 200 | 401), "{cookie}: {}", r.status);
        assert_inert(&r);
    }
    for auth in [
        "Bearer pt_",
        "Bearer pt_<script>",
        "Bearer pt_0000000000000000000000000000000000000000000000000000000000000000",
        "Basic YWdlbnQ6a2V5",
        "Bearer",
    ] {
        let r = s.req("GET", "/api/agent/me", &with_ip(&[("Authorization", auth)]), b"");
        assert_eq!(r.status, 401, "{auth}");
        assert_inert(&r);
    }
    for query in ["limit=0", "limit=x", "cursor=-1", "cursor=abc", "action=%3Cscript%3E"] {
        let r = s.agent("GET", &format!("/api/audit?{query}"), None);
        assert_eq!(r.status, 422, "{query}");
        assert!(!r.text().contains("<script>"));
    }
    let r = s.agent("PATCH", "/api/agents/%3Cscript%3E", Some(&json!({"name": "x"})));
    assert_eq!(r.status, 404);
    assert!(!r.text().contains("script"));
}
