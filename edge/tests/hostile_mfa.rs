//! Hostile input on the two-factor routes (a sibling of `hostile.rs`, which
//! is near its size limit): malformed bodies, codes that are markup, huge,
//! non-ASCII digits or control characters, and made-up pending tokens, each
//! answered with an inert 4xx JSON error and never a 500 or a session.

mod common;

use common::{assert_inert, start, Browser, TestServer, ORIGIN};
use serde_json::json;

const IP: &str = "10.7.0.1";

/// Codes no route may accept.
const CODES: &[&str] = &[
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "١٢٣٤٥٦",
    "１２３４５６",
    "12345６",
    "-12345",
    "1e5000",
    "      ",
    "a\u{0}b",
    "\u{202e}654321",
];

fn signed_in() -> (TestServer, Browser) {
    let s = start(|c| {
        c.mfa_key = Some("hostile-mfa-key".into());
        c.limits.failed_sign_ins_per_account = 10_000;
        c.limits.failed_sign_ins_per_client = 10_000;
    });
    s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("ana@example.com", IP);
    (s, b)
}

#[test]
fn malformed_bodies_get_4xx() {
    let (s, b) = signed_in();
    let headers = |ct: &'static str| vec![("CF-Connecting-IP", IP), ("Origin", ORIGIN), ("Content-Type", ct)];
    for (ct, body, status) in [
        ("application/json", &b"{"[..], 400),
        ("application/json", b"[]", 400),
        ("application/json", b"{\"code\": []}", 422),
        ("application/json", b"{\"code\": \"1\", \"zzz\": 1}", 400),
        ("text/plain", b"x", 415),
    ] {
        let r = s.req("POST", "/api/agent/sign-in/mfa", &headers(ct), body);
        assert_eq!(r.status, status, "{ct} {}", String::from_utf8_lossy(body));
        assert_inert(&r);
        for path in ["/api/agent/mfa/totp/confirm", "/api/agent/mfa/totp/disable"] {
            let mut h = vec![("Cookie", b.cookie.as_str()), ("X-CSRF-Token", b.csrf.as_str())];
            h.extend(headers(ct));
            let r = s.req("POST", path, &h, body);
            assert_eq!(r.status, status, "{path} {ct} {}", String::from_utf8_lossy(body));
            assert_inert(&r);
        }
    }
}

#[test]
fn hostile_codes_and_tokens_are_refused_inertly() {
    let (s, b) = signed_in();
    let r = s.browser(&b, "POST", "/api/agent/mfa/totp", None);
    assert_eq!(r.status, 201, "{}", r.text());
    let long = "9".repeat(100_000);
    for code in CODES.iter().copied().chain([long.as_str()]) {
        let body = json!({"code": code});
        for path in ["/api/agent/mfa/totp/confirm", "/api/agent/mfa/totp/disable"] {
            let r = s.browser(&b, "POST", path, Some(&body));
            assert!(
                matches!(r.status, 413 | 422),
                "{path} {code:?}: {} {}",
                r.status,
                r.text()
            );
            assert_inert(&r);
            assert!(!r.text().contains("<script>"));
        }
        let body = json!({"mfa_token": code, "code": code});
        let r = s.json("POST", "/api/agent/sign-in/mfa", IP, &[("Origin", ORIGIN)], &body);
        assert!(
            matches!(r.status, 401 | 413 | 422),
            "{code:?}: {} {}",
            r.status,
            r.text()
        );
        assert!(r.header("set-cookie").is_none());
        assert_inert(&r);
    }
    // A pending token of the right shape that was never issued.
    let body = json!({"mfa_token": "0".repeat(64), "code": "123456"});
    let r = s.json("POST", "/api/agent/sign-in/mfa", IP, &[("Origin", ORIGIN)], &body);
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (401, Some("sign_in_failed"))
    );
    // From another origin, the second step is refused before anything.
    let r = s.json(
        "POST",
        "/api/agent/sign-in/mfa",
        IP,
        &[("Origin", "https://evil.test")],
        &body,
    );
    assert_eq!(r.status, 403);
}
