//! Every edge request body, JSON and form: ticket, customer comment, agent
//! patch and reply, feedback and search miss, agent sign-in and set-up, an
//! admin's new and changed accounts, a signed-in agent's new API token, the
//! second step of a two-factor sign-in, a TOTP confirmation, an internal
//! note, the queue's query string (the bytes as `GET /api/tickets?…`) and
//! the query of the SSO callback (with a flow cookie, so the state check
//! runs; nothing reaches the network before it passes),
//! sent through the real router over an in-memory SQLite store. The first byte picks the route and the
//! body kind; the rest is the body. No input may panic the server or make
//! it answer 500, and a form post's redirect must stay on the site.
#![no_main]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use libfuzzer_sys::fuzz_target;
use portico_edge::sqlite::SqliteDb;
use portico_edge::{AppState, EdgeConfig, Outbound};
use std::sync::{Arc, Mutex, OnceLock};
use tower::ServiceExt;

const ORIGIN: &str = "http://127.0.0.1:1111";
const AGENT_KEY: &str = "agent-key-for-fuzzing";
const PASSWORD: &str = "a password for fuzzing";

/// Webhooks are off; nothing is ever sent.
struct NoNetwork;

#[async_trait::async_trait]
impl Outbound for NoNetwork {
    async fn post(&self, _: &str, _: &[(&str, &str)], _: Vec<u8>) -> Result<(u16, Vec<u8>), String> {
        Err("no network while fuzzing".into())
    }

    async fn get(&self, _: &str, _: &[(&str, &str)]) -> Result<(u16, Vec<u8>), String> {
        Err("no network while fuzzing".into())
    }
}

struct Server {
    rt: tokio::runtime::Runtime,
    app: axum::Router,
    ticket: String,
    token: String,
    agent: String,
    cookie: String,
    csrf: String,
    runs: u64,
}

fn config() -> EdgeConfig {
    let mut c = EdgeConfig::new(ORIGIN, "fuzz-salt");
    c.agent_api_key = Some(AGENT_KEY.into());
    c.mfa_key = Some("mfa-key-for-fuzzing".into());
    c.search_misses = true;
    c.limits.writes = i64::MAX;
    c.limits.failed_lookups = i64::MAX;
    c.limits.failed_sign_ins_per_account = i64::MAX;
    c.limits.failed_sign_ins_per_client = i64::MAX;
    c.sso = Some(portico_edge::SsoSettings::new(
        "http://127.0.0.1:9",
        "portico",
        "secret",
        vec!["example.com".into()],
    ));
    c
}

/// A JSON request from the site, with `headers` added.
fn json_req(method: &str, path: &str, headers: &[(&str, &str)], body: String) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .header("origin", ORIGIN);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.body(Body::from(body)).unwrap()
}

/// The string after `key":"` in a JSON answer.
fn field(text: &str, key: &str) -> String {
    let marker = format!("\"{key}\":\"");
    text.split(&marker)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// An agent account set up with a password and signed in: (its id, the
/// session cookie, the CSRF token).
fn signed_in(rt: &tokio::runtime::Runtime, app: &axum::Router) -> (String, String, String) {
    let bootstrap = format!("Bearer {AGENT_KEY}");
    let auth = [("authorization", bootstrap.as_str())];
    let body = r#"{"email":"ana@example.com","name":"Ana","role":"agent"}"#.to_string();
    let (status, _, bytes) = send(rt, app, json_req("POST", "/api/agents", &auth, body));
    assert_eq!(status, StatusCode::CREATED);
    let id = field(&String::from_utf8(bytes).unwrap(), "id");
    let path = format!("/api/agents/{id}/setup-link");
    let (_, _, bytes) = send(rt, app, json_req("POST", &path, &auth, String::new()));
    let url = field(&String::from_utf8(bytes).unwrap(), "setup_url");
    let token = url.split("#token=").nth(1).unwrap();
    let body = format!(r#"{{"token":"{token}","password":"{PASSWORD}"}}"#);
    let (status, _, _) = send(rt, app, json_req("POST", "/api/agent/setup", &[], body));
    assert_eq!(status, StatusCode::OK);
    let body = format!(r#"{{"email":"ana@example.com","password":"{PASSWORD}"}}"#);
    let (status, headers, bytes) = send(rt, app, json_req("POST", "/api/agent/sign-in", &[], body));
    assert_eq!(status, StatusCode::OK);
    let cookie = headers
        .iter()
        .find(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.split(';').next().unwrap().to_string())
        .unwrap();
    (id, cookie, field(&String::from_utf8(bytes).unwrap(), "csrf_token"))
}

fn send(
    rt: &tokio::runtime::Runtime,
    app: &axum::Router,
    req: Request<Body>,
) -> (StatusCode, Vec<(String, String)>, Vec<u8>) {
    rt.block_on(async {
        let resp = app.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let body = axum::body::to_bytes(resp.into_body(), 1 << 20).await.unwrap();
        (status, headers, body.to_vec())
    })
}

/// A fresh store holding one ticket, so comments have a target. Rebuilt
/// every so often so the in-memory store does not grow without bound.
fn server() -> Server {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let db = SqliteDb::open_in_memory().unwrap();
    let app = portico_edge::router(AppState::new(config(), Arc::new(db), Arc::new(NoNetwork)));
    let body = r#"{"name":"Ana","email":"ana@example.com","subject":"Seed","body":"Hello"}"#;
    let req = Request::post("/api/tickets")
        .header("content-type", "application/json")
        .header("origin", ORIGIN)
        .body(Body::from(body))
        .unwrap();
    let (status, _, bytes) = send(&rt, &app, req);
    assert_eq!(status, StatusCode::CREATED);
    let text = String::from_utf8(bytes).unwrap();
    let url = text
        .split("\"status_url\":\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let ticket = url.split("id=").nth(1).unwrap().split('#').next().unwrap().to_string();
    let token = url.split("token=").nth(1).unwrap().to_string();
    let (agent, cookie, csrf) = signed_in(&rt, &app);
    Server {
        rt,
        app,
        ticket,
        token,
        agent,
        cookie,
        csrf,
        runs: 0,
    }
}

/// `bytes` as a query string: `&`, `=`, `%` and `+` kept so the fuzzer
/// reaches the parameters' parsing, every other byte outside the URI's
/// unreserved set percent-encoded.
fn as_query(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'&' | b'=' | b'%' | b'+' | b',' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

static SERVER: OnceLock<Mutex<Server>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let mut guard = SERVER.get_or_init(|| Mutex::new(server())).lock().unwrap();
    guard.runs += 1;
    if guard.runs % 20_000 == 0 {
        *guard = server();
    }
    let s = &*guard;
    let form = selector & 1 == 1;
    let route = (selector >> 1) % 16;
    let (method, path, auth) = match route {
        0 => ("POST", "/api/tickets".to_string(), None),
        1 => (
            "POST",
            format!("/api/tickets/{}/comments", s.ticket),
            Some(s.token.as_str()),
        ),
        2 => ("PATCH", format!("/api/tickets/{}", s.ticket), Some(AGENT_KEY)),
        3 => ("POST", format!("/api/tickets/{}/replies", s.ticket), Some(AGENT_KEY)),
        4 => ("POST", "/api/feedback".to_string(), None),
        5 => ("POST", "/api/search-misses".to_string(), None),
        6 => ("POST", "/api/agent/sign-in".to_string(), None),
        7 => ("POST", "/api/agent/setup".to_string(), None),
        8 => ("POST", "/api/agents".to_string(), Some(AGENT_KEY)),
        9 => ("PATCH", format!("/api/agents/{}", s.agent), Some(AGENT_KEY)),
        10 => ("POST", "/api/agent/tokens".to_string(), None),
        11 => ("POST", "/api/agent/sign-in/mfa".to_string(), None),
        12 => ("POST", "/api/agent/mfa/totp/confirm".to_string(), None),
        13 => ("POST", format!("/api/tickets/{}/notes", s.ticket), None),
        14 => {
            let Ok(query) = std::str::from_utf8(body) else {
                return;
            };
            let path = format!("/api/agent/sso/callback?{query}");
            if path.parse::<axum::http::Uri>().is_err() {
                return;
            }
            ("GET", path, None)
        }
        _ => ("GET", format!("/api/tickets?{}", as_query(body)), Some(AGENT_KEY)),
    };
    // The token, TOTP and note routes take a signed-in session (cookie and CSRF token).
    let session = matches!(route, 10 | 12 | 13).then(|| (s.cookie.as_str(), s.csrf.as_str()));
    let mut req = Request::builder()
        .method(method)
        .uri(&path)
        .header("origin", ORIGIN)
        .header(
            "content-type",
            if form {
                "application/x-www-form-urlencoded"
            } else {
                "application/json"
            },
        );
    if let Some(token) = auth {
        req = req.header("authorization", format!("Bearer {token}"));
    }
    if let Some((cookie, csrf)) = session {
        req = req.header("cookie", cookie).header("x-csrf-token", csrf);
    }
    if route == 14 {
        req = req.header("cookie", format!("portico_sso={}", "ab".repeat(32)));
    }
    let (status, headers, bytes) = send(&s.rt, &s.app, req.body(Body::from(body.to_vec())).unwrap());
    assert!(
        !status.is_server_error(),
        "{method} {path} answered {status}: {}",
        String::from_utf8_lossy(&bytes)
    );
    if status == StatusCode::SEE_OTHER {
        let location = headers
            .iter()
            .find(|(k, _)| k == "location")
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        let rest = location.strip_prefix(ORIGIN).unwrap_or(location);
        assert!(
            rest.starts_with('/') && !rest.starts_with("//") && !rest.contains('\\'),
            "redirect off the site: {location}"
        );
    } else if !bytes.is_empty() {
        let v: Result<serde_json::Value, _> = serde_json::from_slice(&bytes);
        assert!(
            v.is_ok(),
            "{method} {path} answered {status} with non-JSON: {}",
            String::from_utf8_lossy(&bytes)
        );
    }
});
