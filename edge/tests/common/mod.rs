//! Test harness: the edge router on a real socket (127.0.0.1:0) over a
//! temporary SQLite file, and a tiny blocking HTTP/1.1 client so tests can
//! send exactly the headers a browser or an attacker would.

#![allow(dead_code)]

use portico_edge::{native, AppState, EdgeConfig};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};

pub mod http;
pub use http::{request, Resp};

pub const ORIGIN: &str = "http://help.test";
pub const AGENT_KEY: &str = "agent-key-for-tests";

/// A running edge API.
pub struct TestServer {
    pub addr: SocketAddr,
    pub state: AppState,
    pub rt: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

/// Starts a server; `configure` adjusts the defaults (agent key set, client
/// IP from `CF-Connecting-IP` so tests can be different clients, limits high).
pub fn start(configure: impl FnOnce(&mut EdgeConfig)) -> TestServer {
    start_with_limits(configure, native::ServeLimits::default())
}

/// [`start`] with the server's connection limits and deadlines set
/// (the slow-client tests shorten them).
pub fn start_with_limits(configure: impl FnOnce(&mut EdgeConfig), limits: native::ServeLimits) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let mut config = EdgeConfig::new(ORIGIN, "test-salt");
    config.agent_api_key = Some(AGENT_KEY.into());
    config.trust_cf_connecting_ip = true;
    config.limits.writes = 10_000;
    config.limits.failed_lookups = 10_000;
    configure(&mut config);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let state = native::state(config, dir.path().join("edge.sqlite")).unwrap();
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    let app = portico_edge::router(state.clone());
    rt.spawn(native::serve_with(listener, app, limits, std::future::pending()));
    TestServer {
        addr,
        state,
        rt,
        _dir: dir,
    }
}

impl TestServer {
    pub fn req(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        request(self.addr, method, path, headers, body)
    }

    /// JSON request from client `ip`.
    pub fn json(&self, method: &str, path: &str, ip: &str, extra: &[(&str, &str)], body: &serde_json::Value) -> Resp {
        let mut headers = vec![("Content-Type", "application/json"), ("CF-Connecting-IP", ip)];
        headers.extend_from_slice(extra);
        self.req(method, path, &headers, body.to_string().as_bytes())
    }

    /// A form post from our own site (Origin set), from client `ip`.
    pub fn form(&self, path: &str, ip: &str, extra: &[(&str, &str)], body: &str) -> Resp {
        let mut headers = vec![
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("CF-Connecting-IP", ip),
            ("Origin", ORIGIN),
        ];
        headers.extend_from_slice(extra);
        self.req("POST", path, &headers, body.as_bytes())
    }

    pub fn agent(&self, method: &str, path: &str, body: Option<&serde_json::Value>) -> Resp {
        let auth = format!("Bearer {AGENT_KEY}");
        let mut headers = vec![("Authorization", auth.as_str()), ("CF-Connecting-IP", "10.9.9.9")];
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        if !body.is_empty() {
            headers.push(("Content-Type", "application/json"));
        }
        self.req(method, path, &headers, body.as_bytes())
    }

    /// Submits a valid ticket; returns (id, token, status_url).
    pub fn submit(&self, ip: &str, subject: &str) -> (String, String, String) {
        let r = self.json("POST", "/api/tickets", ip, &[], &ticket(subject));
        assert_eq!(r.status, 201, "{}", r.text());
        let v = r.json();
        let url = v["status_url"].as_str().unwrap().to_owned();
        (v["id"].as_str().unwrap().to_owned(), token_of(&url), url)
    }

    /// The customer's view of a ticket.
    pub fn view(&self, id: &str, token: &str, ip: &str) -> Resp {
        let auth = format!("Bearer {token}");
        self.req(
            "GET",
            &format!("/api/tickets/{id}"),
            &[("Authorization", &auth), ("CF-Connecting-IP", ip)],
            b"",
        )
    }
}

/// A valid ticket body.
pub fn ticket(subject: &str) -> serde_json::Value {
    serde_json::json!({
        "name": "Ana Souza", "email": "ana@example.com", "subject": subject,
        "body": "My parcel has not arrived.\nTracking says delivered.", "category": "delivery",
        "language": "en", "article": "guides/track-a-parcel",
    })
}

/// The token from a status URL's `#token=` fragment.
pub fn token_of(status_url: &str) -> String {
    status_url
        .split_once("#token=")
        .map(|(_, t)| t.to_owned())
        .expect("status url has a token")
}

/// A local helpdesk that fails its first `failures` requests with 500, then
/// accepts; records (idempotency key, payload) of every request it got.
/// Requests the receiver accepted: (idempotency key, JSON payload).
pub type Seen = Arc<Mutex<Vec<(String, Value)>>>;

pub fn receiver(failures: usize) -> (String, Seen) {
    receiver_on("127.0.0.1:0", failures)
}

/// [`receiver`] on a given address (the Worker tests need a known port).
pub fn receiver_on(addr: &str, failures: usize) -> (String, Seen) {
    let listener = TcpListener::bind(addr).unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut line, mut len, mut key) = (String::new(), 0usize, String::new());
            reader.read_line(&mut line).unwrap();
            loop {
                line.clear();
                reader.read_line(&mut line).unwrap();
                let l = line.trim_end().to_ascii_lowercase();
                if l.is_empty() {
                    break;
                }
                if let Some(v) = l.strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap();
                }
                if let Some(v) = l.strip_prefix("idempotency-key:") {
                    key = v.trim().to_owned();
                }
            }
            let mut body = vec![0; len];
            reader.read_exact(&mut body).unwrap();
            let status = if n < failures {
                "500 Internal Server Error"
            } else {
                "200 OK"
            };
            if n >= failures {
                log.lock().unwrap().push((key, serde_json::from_slice(&body).unwrap()));
            }
            let _ = stream
                .write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes());
        }
    });
    (url, seen)
}
