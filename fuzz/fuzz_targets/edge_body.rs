//! Every edge request body, JSON and form: ticket, customer comment, agent
//! patch and reply, feedback and search miss, sent through the real router
//! over an in-memory SQLite store. The first byte picks the route and the
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

/// Webhooks are off; nothing is ever sent.
struct NoNetwork;

#[async_trait::async_trait]
impl Outbound for NoNetwork {
    async fn post(&self, _: &str, _: &[(&str, &str)], _: Vec<u8>) -> Result<(u16, Vec<u8>), String> {
        Err("no network while fuzzing".into())
    }
}

struct Server {
    rt: tokio::runtime::Runtime,
    app: axum::Router,
    ticket: String,
    token: String,
    runs: u64,
}

fn config() -> EdgeConfig {
    let mut c = EdgeConfig::new(ORIGIN, "fuzz-salt");
    c.agent_api_key = Some(AGENT_KEY.into());
    c.search_misses = true;
    c.limits.writes = i64::MAX;
    c.limits.failed_lookups = i64::MAX;
    c
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
    Server {
        rt,
        app,
        ticket,
        token,
        runs: 0,
    }
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
    let (method, path, auth) = match (selector >> 1) % 6 {
        0 => ("POST", "/api/tickets".to_string(), None),
        1 => (
            "POST",
            format!("/api/tickets/{}/comments", s.ticket),
            Some(s.token.as_str()),
        ),
        2 => ("PATCH", format!("/api/tickets/{}", s.ticket), Some(AGENT_KEY)),
        3 => ("POST", format!("/api/tickets/{}/replies", s.ticket), Some(AGENT_KEY)),
        4 => ("POST", "/api/feedback".to_string(), None),
        _ => ("POST", "/api/search-misses".to_string(), None),
    };
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
