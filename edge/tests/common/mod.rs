//! Test harness: the edge router on a real socket (127.0.0.1:0) over a
//! temporary SQLite file, and a tiny blocking HTTP/1.1 client so tests can
//! send exactly the headers a browser or an attacker would.

#![allow(dead_code)]

use portico_edge::{native, AppState, EdgeConfig};
use std::net::SocketAddr;

use portico_test_support::http::{agent_request, json_request};
pub use portico_test_support::http::{request, Resp};
pub use portico_test_support::tickets::{ticket, token_of};

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
        let mut headers = vec![("CF-Connecting-IP", ip)];
        headers.extend_from_slice(extra);
        json_request(self.addr, method, path, &headers, body)
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
        agent_request(
            self.addr,
            AGENT_KEY,
            method,
            path,
            &[("CF-Connecting-IP", "10.9.9.9")],
            body,
        )
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
