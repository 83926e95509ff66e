//! Test harness: the edge router on a real socket (127.0.0.1:0) over a
//! temporary SQLite file, and a tiny blocking HTTP/1.1 client so tests can
//! send exactly the headers a browser or an attacker would.

#![allow(dead_code)]

pub mod oidc;
pub mod payloads;

use portico_edge::{native, AppState, EdgeConfig};
use std::net::SocketAddr;

use portico_test_support::http::{agent_request, json_request};
pub use portico_test_support::http::{request, Resp};
pub use portico_test_support::tickets::{ticket, token_of};

pub const ORIGIN: &str = "http://help.test";
pub const AGENT_KEY: &str = "agent-key-for-tests";

/// Every JSON answer: the right type, never sniffed, never rendered.
pub fn assert_inert(r: &Resp) {
    assert_eq!(r.header("content-type"), Some("application/json"), "{}", r.text());
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        r.header("content-security-policy"),
        Some("default-src 'none'; frame-ancestors 'none'")
    );
}

/// A running edge API.
pub struct TestServer {
    pub addr: SocketAddr,
    pub state: AppState,
    pub rt: tokio::runtime::Runtime,
    /// The SQLite file the server stores into.
    pub db_path: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

/// A signed-in browser: its cookie header and the session's CSRF token.
#[derive(Debug, Clone)]
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
    pub ip: String,
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
    let db_path = dir.path().join("edge.sqlite");
    let state = native::state(config, &db_path).unwrap();
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    let app = portico_edge::router(state.clone());
    rt.spawn(native::serve_with(listener, app, limits, std::future::pending()));
    TestServer {
        addr,
        state,
        rt,
        db_path,
        _dir: dir,
    }
}

/// A password long enough for the rules.
pub const PASSWORD: &str = "correct horse battery staple";

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

    /// Creates an account with the bootstrap key; returns its id.
    pub fn add_agent(&self, email: &str, role: &str) -> String {
        let body = serde_json::json!({"email": email, "name": "Test Agent", "role": role});
        let r = self.agent("POST", "/api/agents", Some(&body));
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["agent"]["id"].as_str().unwrap().to_owned()
    }

    /// A set-up link's token for account `id` (made with the bootstrap key).
    pub fn setup_token(&self, id: &str) -> String {
        let r = self.agent("POST", &format!("/api/agents/{id}/setup-link"), None);
        assert_eq!(r.status, 201, "{}", r.text());
        let url = r.json()["setup_url"].as_str().unwrap().to_owned();
        url.split("#token=").nth(1).unwrap().to_owned()
    }

    /// Creates an account with [`PASSWORD`] set; returns its id.
    pub fn add_agent_with_password(&self, email: &str, role: &str) -> String {
        let id = self.add_agent(email, role);
        let token = self.setup_token(&id);
        let body = serde_json::json!({"token": token, "password": PASSWORD});
        let r = self.json("POST", "/api/agent/setup", "10.8.0.1", &[], &body);
        assert_eq!(r.status, 200, "{}", r.text());
        id
    }

    /// `POST /api/agent/sign-in` from client `ip`, with the site's Origin.
    pub fn sign_in_raw(&self, email: &str, password: &str, ip: &str) -> Resp {
        let body = serde_json::json!({"email": email, "password": password});
        self.json("POST", "/api/agent/sign-in", ip, &[("Origin", ORIGIN)], &body)
    }

    /// Signs in and returns the browser's session.
    pub fn sign_in(&self, email: &str, ip: &str) -> Browser {
        let r = self.sign_in_raw(email, PASSWORD, ip);
        assert_eq!(r.status, 200, "{}", r.text());
        let set = r.header("set-cookie").expect("a session cookie");
        Browser {
            cookie: set.split(';').next().unwrap().to_owned(),
            csrf: r.json()["csrf_token"].as_str().unwrap().to_owned(),
            ip: ip.to_owned(),
        }
    }

    /// A request from a signed-in browser: its cookie, its CSRF token and
    /// the site's Origin, and a JSON body when there is one.
    pub fn browser(&self, b: &Browser, method: &str, path: &str, body: Option<&serde_json::Value>) -> Resp {
        self.browser_with(b, method, path, &[("Origin", ORIGIN), ("X-CSRF-Token", &b.csrf)], body)
    }

    /// [`TestServer::browser`] with exactly `extra` beside the cookie.
    pub fn browser_with(
        &self,
        b: &Browser,
        method: &str,
        path: &str,
        extra: &[(&str, &str)],
        body: Option<&serde_json::Value>,
    ) -> Resp {
        let mut headers = vec![("Cookie", b.cookie.as_str()), ("CF-Connecting-IP", b.ip.as_str())];
        headers.extend_from_slice(extra);
        let body = body.map(|v| v.to_string()).unwrap_or_default();
        if !body.is_empty() {
            headers.push(("Content-Type", "application/json"));
        }
        self.req(method, path, &headers, body.as_bytes())
    }

    /// A request with an API token (or any bearer credential).
    pub fn bearer(&self, token: &str, method: &str, path: &str, body: Option<&serde_json::Value>) -> Resp {
        agent_request(
            self.addr,
            token,
            method,
            path,
            &[("CF-Connecting-IP", "10.9.9.8")],
            body,
        )
    }

    /// The audit log's actions, newest first, as the bootstrap admin reads them.
    pub fn audit_actions(&self, query: &str) -> Vec<String> {
        let r = self.agent("GET", &format!("/api/audit?limit=500{query}"), None);
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap().to_owned())
            .collect()
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
