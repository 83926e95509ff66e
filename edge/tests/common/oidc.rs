//! The browser's side of single sign-on in tests: a real OpenID Connect
//! provider (npm's `oidc-provider`, tests/oidc/provider.mjs) spawned on
//! 127.0.0.1, and a trip through it that follows every redirect itself, keeps
//! the provider's cookies and logs in the account it names at the
//! interaction step. Shared by `agent_sso.rs` (native) and `worker.rs`.

use super::{request, Resp};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// The native test server's callback (its site origin is `http://help.test`).
const CALLBACK: &str = "http://help.test/api/agent/sso/callback";

/// A running provider, stopped on drop.
pub struct Provider {
    child: Child,
    pub issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the provider with the native tests' redirect URI.
pub fn provider() -> Provider {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/oidc");
    if !dir.join("node_modules/oidc-provider").exists() {
        let ok = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .expect("npm (Node.js 20 or newer) is needed for the SSO tests");
        assert!(ok.success(), "npm ci in tests/oidc failed");
    }
    let mut child = Command::new("node")
        .arg("provider.mjs")
        .arg(CALLBACK)
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node (Node.js 20 or newer) is needed for the SSO tests");
    let mut line = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut line).unwrap();
    // Keep reading what the provider prints, so it never writes to a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let issuer = line
        .trim()
        .strip_prefix("issuer ")
        .expect("the provider's issuer line")
        .to_owned();
    Provider { child, issuer }
}

/// What one trip through the provider left: the callback's answer, the
/// callback path it was sent to and the flow cookie it carried.
pub struct Trip {
    pub answer: Resp,
    pub callback: String,
    pub flow_cookie: String,
}

pub fn cookie_of(r: &Resp, name: &str) -> Option<String> {
    r.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .map(|(_, v)| v.split(';').next().unwrap().trim().to_owned())
        .find(|c| c.starts_with(&format!("{name}=")))
}

/// Starts a sign-in at the edge at `edge` (site origin `site`), logs `sub` in at the provider with
/// `claims`, and takes the code back to the edge's callback.
pub fn trip(edge: SocketAddr, site: &str, issuer: &str, sub: &str, claims: &Value) -> Trip {
    let ip = [("CF-Connecting-IP", "10.7.0.1")];
    let r = request(edge, "GET", "/api/agent/sso/start", &ip, b"");
    assert_eq!(r.status, 302, "{}", r.text());
    let flow_cookie = cookie_of(&r, "portico_sso").expect("the flow cookie");
    let mut url = r.header("location").unwrap().to_owned();
    let provider_addr: SocketAddr = issuer.trim_start_matches("http://").parse().unwrap();
    let mut jar: Vec<(String, String)> = Vec::new();
    let callback = loop {
        if let Some(path) = url.strip_prefix(site) {
            break path.to_owned();
        }
        let mut path = url.strip_prefix(issuer).unwrap_or(&url).to_owned();
        if path.starts_with("/interaction/") {
            let claims = claims.to_string();
            let enc =
                |s: &str| percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string();
            path = format!("{path}?sub={}&claims={}", enc(sub), enc(&claims));
        }
        let cookies = jar
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let r = request(provider_addr, "GET", &path, &[("Cookie", &cookies)], b"");
        for (k, v) in &r.headers {
            if k.eq_ignore_ascii_case("set-cookie") {
                let pair = v.split(';').next().unwrap();
                let (name, value) = pair.split_once('=').unwrap();
                jar.retain(|(n, _)| n != name);
                if !value.is_empty() {
                    jar.push((name.to_owned(), value.to_owned()));
                }
            }
        }
        assert!(
            matches!(r.status, 302 | 303),
            "provider {path}: {} {}",
            r.status,
            r.text()
        );
        url = r.header("location").unwrap().to_owned();
    };
    let answer = request(
        edge,
        "GET",
        &callback,
        &[("Cookie", &flow_cookie), ("CF-Connecting-IP", "10.7.0.1")],
        b"",
    );
    Trip {
        answer,
        callback,
        flow_cookie,
    }
}
