//! Two-factor sign-in with TOTP, over real HTTP against the real router:
//! enrolment (URI, SVG QR code, confirmation with a code from the secret),
//! signing in with password then code, a code refused the second time,
//! recovery codes that work once, turning TOTP off, `require_mfa` limiting
//! an admin without TOTP to enrolling, the throttle and the audit entries.

mod common;

use common::{start, Browser, TestServer, ORIGIN, PASSWORD};
use portico_edge::auth::totp;
use serde_json::json;

const IP: &str = "10.1.0.1";

fn server(require_mfa: bool) -> TestServer {
    start(|c| {
        c.mfa_key = Some("mfa-key-for-tests".into());
        c.agents.require_mfa = require_mfa;
    })
}

/// Decodes RFC 4648 base32 (what an authenticator app does with the URI).
fn unbase32(s: &str) -> Vec<u8> {
    let (mut out, mut buf, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => panic!("not base32: {c}"),
        };
        buf = (buf << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    out
}

/// The code the app shows now (`offset` steps from now).
fn code_now(s: &TestServer, secret: &[u8], offset: i64) -> String {
    totp::code(secret, totp::step_at(s.state.clock.now_ms()) + offset)
}

/// Enrols `b`'s account; returns (secret, recovery codes).
fn enrol(s: &TestServer, b: &Browser) -> (Vec<u8>, Vec<String>) {
    let r = s.browser(b, "POST", "/api/agent/mfa/totp", None);
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    let uri = v["otpauth_uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/help%2Etest:"), "{uri}");
    assert!(uri.contains("&digits=6&period=30"), "{uri}");
    let svg = v["qr_svg"].as_str().unwrap();
    assert!(svg.contains("<svg") && svg.contains("</svg>"), "{svg}");
    let b32 = v["secret"].as_str().unwrap();
    assert!(uri.contains(&format!("secret={b32}&")));
    let secret = unbase32(b32);
    assert_eq!(secret.len(), 20);

    // A wrong code does not confirm.
    let wrong = json!({"code": "000000"});
    let wrong = if code_now(s, &secret, 0) == "000000" {
        json!({"code": "111111"})
    } else {
        wrong
    };
    let r = s.browser(b, "POST", "/api/agent/mfa/totp/confirm", Some(&wrong));
    assert_eq!(
        (r.status, r.json()["error"]["field"].as_str()),
        (422, Some("code")),
        "{}",
        r.text()
    );

    let body = json!({"code": code_now(s, &secret, 0)});
    let r = s.browser(b, "POST", "/api/agent/mfa/totp/confirm", Some(&body));
    assert_eq!(r.status, 200, "{}", r.text());
    let codes: Vec<String> = r.json()["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| c.len() == 19), "{codes:?}");
    (secret, codes)
}

/// Password sign-in for an account with TOTP: the pending token.
fn password_step(s: &TestServer, email: &str, ip: &str) -> String {
    let r = s.sign_in_raw(email, PASSWORD, ip);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("set-cookie").is_none(), "no session before the code");
    let v = r.json();
    assert_eq!(v["mfa_required"], true, "{v}");
    assert!(v.get("csrf_token").is_none());
    v["mfa_token"].as_str().unwrap().to_owned()
}

fn mfa_step(s: &TestServer, token: &str, code: &str, ip: &str) -> common::Resp {
    let body = json!({"mfa_token": token, "code": code});
    s.json("POST", "/api/agent/sign-in/mfa", ip, &[("Origin", ORIGIN)], &body)
}

fn browser_of(r: &common::Resp, ip: &str) -> Browser {
    assert_eq!(r.status, 200, "{}", r.text());
    Browser {
        cookie: r.header("set-cookie").unwrap().split(';').next().unwrap().to_owned(),
        csrf: r.json()["csrf_token"].as_str().unwrap().to_owned(),
        ip: ip.to_owned(),
    }
}

#[test]
fn enrol_then_sign_in_with_a_code_that_works_once() {
    let s = server(false);
    let id = s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("ana@example.com", IP);
    let (secret, _) = enrol(&s, &b);
    // Enrolling again while on is refused.
    assert_eq!(s.browser(&b, "POST", "/api/agent/mfa/totp", None).status, 403);

    // Next step's code (the one used to confirm is spent).
    s.state.clock.advance(30_000);
    let token = password_step(&s, "ana@example.com", IP);
    let code = code_now(&s, &secret, 0);
    let signed_in = browser_of(&mfa_step(&s, &token, &code, IP), IP);
    let me = s.browser(&signed_in, "GET", "/api/agent/me", None).json();
    assert_eq!(me["agent"]["id"], id.as_str());
    // The pending token is spent, and the same code is refused on a new one.
    assert_eq!(mfa_step(&s, &token, &code, IP).status, 401);
    let again = password_step(&s, "ana@example.com", IP);
    let r = mfa_step(&s, &again, &code, IP);
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (401, Some("sign_in_failed"))
    );
    // So is the previous step's (older than the last used), while the next
    // step's code works once its time comes.
    assert_eq!(mfa_step(&s, &again, &code_now(&s, &secret, -1), IP).status, 401);
    s.state.clock.advance(30_000);
    let r = mfa_step(&s, &again, &code_now(&s, &secret, 0), IP);
    assert_eq!(r.status, 200, "{}", r.text());

    // An expired pending token is refused even with a right code.
    let late = password_step(&s, "ana@example.com", IP);
    s.state.clock.advance(6 * 60_000);
    assert_eq!(mfa_step(&s, &late, &code_now(&s, &secret, 0), IP).status, 401);

    let audit = s.audit_actions("");
    for action in ["mfa.totp_enrol_started", "mfa.totp_enabled", "mfa.failed"] {
        assert!(audit.iter().any(|a| a == action), "{action} in {audit:?}");
    }
    let entries = s.agent("GET", "/api/audit?action=agent.sign_in", None).json();
    let methods: Vec<&str> = entries["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["detail"]["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["password+totp", "password+totp", "password"]);
}

#[test]
fn recovery_codes_work_once_and_turning_off_needs_a_code() {
    let s = server(false);
    s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("ana@example.com", IP);
    let (_, codes) = enrol(&s, &b);

    // Typed loosely: lower case, without dashes.
    let loose = codes[0].replace('-', "").to_lowercase();
    let token = password_step(&s, "ana@example.com", IP);
    browser_of(&mfa_step(&s, &token, &loose, IP), IP);
    let token = password_step(&s, "ana@example.com", IP);
    assert_eq!(mfa_step(&s, &token, &codes[0], IP).status, 401, "used once");
    // Another agent's code or a made-up one is refused alike.
    assert_eq!(mfa_step(&s, &token, "AAAA-BBBB-CCCC-DDDD", IP).status, 401);
    let audit = s.audit_actions("&action=mfa.recovery_code_used");
    assert_eq!(audit.len(), 1);

    // Turning off: a wrong code is refused, a recovery code does it.
    let r = s.browser(
        &b,
        "POST",
        "/api/agent/mfa/totp/disable",
        Some(&json!({"code": codes[0]})),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let r = s.browser(
        &b,
        "POST",
        "/api/agent/mfa/totp/disable",
        Some(&json!({"code": codes[1]})),
    );
    assert_eq!(r.status, 204, "{}", r.text());
    // Password alone signs in again; the old codes are gone.
    let r = s.sign_in_raw("ana@example.com", PASSWORD, IP);
    assert!(r.header("set-cookie").is_some(), "{}", r.text());
    assert!(s.audit_actions("").iter().any(|a| a == "mfa.totp_disabled"));

    // API tokens and the bootstrap key cannot enrol.
    assert_eq!(s.agent("POST", "/api/agent/mfa/totp", None).status, 403);
}

#[test]
fn refused_codes_trip_the_sign_in_throttle() {
    let s = start(|c| {
        c.mfa_key = Some("k".into());
        c.limits.failed_sign_ins_per_account = 3;
    });
    s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("ana@example.com", IP);
    let (secret, _) = enrol(&s, &b); // one refused code already
    s.state.clock.advance(30_000);
    let token = password_step(&s, "ana@example.com", IP);
    let wrong = if code_now(&s, &secret, 0) == "123456" {
        "654321"
    } else {
        "123456"
    };
    assert_eq!(mfa_step(&s, &token, wrong, IP).status, 401);
    assert_eq!(mfa_step(&s, &token, wrong, IP).status, 401);
    // Three refusals for the account: even the right code waits.
    let r = mfa_step(&s, &token, &code_now(&s, &secret, 0), IP);
    assert_eq!(r.status, 429, "{}", r.text());
}

#[test]
fn require_mfa_limits_an_admin_without_totp_to_enrolling() {
    let s = server(true);
    s.add_agent_with_password("root@example.com", "admin");
    s.add_agent_with_password("ana@example.com", "agent");
    // An agent-role account is not limited.
    let agent = s.sign_in("ana@example.com", IP);
    assert_eq!(s.browser(&agent, "GET", "/api/tickets", None).status, 200);

    let r = s.sign_in_raw("root@example.com", PASSWORD, IP);
    assert_eq!(r.json()["mfa_enrolment_required"], true, "{}", r.text());
    let admin = browser_of(&r, IP);
    let r = s.browser(&admin, "GET", "/api/agents", None);
    assert_eq!((r.status, r.json()["error"]["code"].as_str()), (403, Some("forbidden")));
    assert_eq!(s.browser(&admin, "GET", "/api/tickets", None).status, 403);
    assert_eq!(s.browser(&admin, "GET", "/api/agent/me", None).status, 200);
    enrol(&s, &admin);
    // Confirmed: the same session reaches everything.
    let r = s.browser(&admin, "GET", "/api/agents", None);
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn without_an_mfa_key_enrolment_is_refused() {
    let s = start(|_| {});
    s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("ana@example.com", IP);
    let r = s.browser(&b, "POST", "/api/agent/mfa/totp", None);
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(r.json()["error"]["message"].as_str().unwrap().contains("MFA key"));
}

#[test]
fn the_secret_is_stored_sealed() {
    let s = server(false);
    s.add_agent_with_password("ana@example.com", "agent");
    let b = s.sign_in("ana@example.com", IP);
    let (secret, codes) = enrol(&s, &b);
    // The database and its write-ahead log, where fresh rows are.
    let mut dump = std::fs::read(&s.db_path).unwrap();
    dump.extend(std::fs::read(s.db_path.with_extension("sqlite-wal")).unwrap_or_default());
    let hay = String::from_utf8_lossy(&dump);
    assert!(hay.contains("agent_totp"), "the dump holds the schema");
    assert!(!hay.contains(&portico_edge::crypto::hex(&secret)));
    assert!(!hay.contains(&totp::base32(&secret)));
    for c in &codes {
        assert!(!hay.contains(c.as_str()) && !hay.contains(&c.replace('-', "")));
    }
}
