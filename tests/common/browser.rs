//! Browser tests: serve a built site on 127.0.0.1 and run axe-core over its
//! pages in headless Chromium (through `tests/browser/axe-run.mjs`).
//!
//! Needs `node`, `tests/browser/node_modules` (`npm ci --prefix tests/browser`)
//! and Debian's `/usr/bin/chromium`; `./scripts/test` installs all three and
//! sets `PORTICO_REQUIRE_BROWSER=1`, so that there a missing piece fails the
//! test instead of skipping it.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The axe tags of WCAG 2.2 level A and AA, which every page must pass.
pub const WCAG_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// `tests/browser`: the Node package that drives Chromium.
pub fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("browser")
}

/// The Chromium binary axe-run.mjs launches (`PORTICO_CHROMIUM` overrides it).
pub fn chromium_path() -> PathBuf {
    std::env::var_os("PORTICO_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Whether everything the browser tests need is installed; `Err` says what
/// is missing.
pub fn axe_ready() -> Result<(), String> {
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            return Err(format!(
                "`node --version` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
        Err(e) => return Err(format!("node not found on PATH ({e})")),
    }
    let modules = browser_dir().join("node_modules");
    for package in ["playwright-core", "axe-core"] {
        if !modules.join(package).join("package.json").is_file() {
            return Err(format!("{} is not installed", modules.join(package).display()));
        }
    }
    let chromium = chromium_path();
    if !chromium.is_file() {
        return Err(format!("{} not found", chromium.display()));
    }
    Ok(())
}

/// True when the browser tests can run. Otherwise panics if
/// `PORTICO_REQUIRE_BROWSER=1` (as `./scripts/test` sets), or prints why
/// `test` is skipped and returns false.
pub fn require_or_skip(test: &str) -> bool {
    match axe_ready() {
        Ok(()) => true,
        Err(reason) if std::env::var("PORTICO_REQUIRE_BROWSER").as_deref() == Ok("1") => {
            panic!("{test} needs the browser set-up (PORTICO_REQUIRE_BROWSER=1): {reason}")
        }
        Err(reason) => {
            eprintln!("skipping {test}: {reason} (run ./scripts/test to install)");
            false
        }
    }
}

/// A site folder served on `base` (`http://127.0.0.1:PORT`, no trailing
/// slash) until dropped.
pub struct Served {
    pub base: String,
    pub addr: std::net::SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Serves a built site folder with `portico::serve::static_site` on a free
/// port of 127.0.0.1, from a runtime of its own (background threads).
pub fn serve(dir: &Path) -> Served {
    serve_router(|_| Ok(portico::serve::static_site(dir)))
}

/// Serves a built site and the edge API on one origin, as `portico serve`
/// does, with the edge's data in `data_dir` and `agent_key` for agent routes.
pub fn serve_with_edge(dir: &Path, data_dir: &Path, agent_key: &str) -> Served {
    let edge = portico::serve::EdgeSetup {
        data_dir: data_dir.to_path_buf(),
        default_language: "en".into(),
        search_misses: false,
        agent_api_key: Some(agent_key.into()),
        webhook_url: None,
        mfa_key: None,
        require_mfa: false,
        sso: None,
    };
    serve_router(|addr| portico::serve::app(dir, &edge, addr))
}

/// `portico serve`'s live preview of the site at `root` (built, watched,
/// served with its event stream), without the edge API.
pub fn serve_live(root: &Path) -> Served {
    let opts = portico::BuildOptions {
        root: root.to_path_buf(),
        ..portico::BuildOptions::default()
    };
    let mut session = portico::live::Session::new(opts);
    session.rebuild().expect("the site builds");
    let live = portico::live::Live::new(session.files());
    portico::live::watch::spawn(root, session, live.clone(), |_, _| {}).expect("cannot watch the site");
    serve_router(|_| Ok(portico::live::server::router(live)))
}

pub fn serve_router(make: impl FnOnce(std::net::SocketAddr) -> std::io::Result<axum::Router>) -> Served {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("portico-test-serve")
        .enable_all()
        .build()
        .expect("cannot start a tokio runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(("127.0.0.1", 0)))
        .expect("cannot bind 127.0.0.1");
    let addr = listener.local_addr().unwrap();
    let app = {
        let _entered = runtime.enter();
        make(addr).expect("cannot set up the server")
    };
    runtime.spawn(async move {
        let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
        if let Err(e) = axum::serve(listener, service).await {
            eprintln!("test server on {addr} stopped: {e}");
        }
    });
    Served {
        base: format!("http://{addr}"),
        addr,
        runtime: Some(runtime),
    }
}

/// One page in one color scheme: its axe violations, or why it could not be
/// checked (navigation error, HTTP status >= 400).
#[derive(Debug, Clone, Deserialize)]
pub struct AxeResult {
    pub path: String,
    pub scheme: String,
    #[serde(default)]
    pub violations: Vec<Violation>,
    #[serde(default)]
    pub error: Option<String>,
}

/// One failed axe rule on a page, with every offending node.
#[derive(Debug, Clone, Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    /// CSS selectors of the nodes (parallel to `html`).
    pub targets: Vec<String>,
    pub html: Vec<String>,
}

#[derive(Deserialize)]
struct AxeOutput {
    axe_version: String,
    results: Vec<AxeResult>,
}

/// Runs `tests/browser/<script>.mjs` with `request` (as a JSON file) and
/// returns the JSON it printed. Panics when the script fails.
pub fn run_script(script: &str, request: &serde_json::Value) -> serde_json::Value {
    let file = tempfile::Builder::new()
        .prefix(&format!("{script}-request-"))
        .suffix(".json")
        .tempfile()
        .unwrap();
    std::fs::write(file.path(), request.to_string()).unwrap();
    let path = browser_dir().join(format!("{script}.mjs"));
    let out = Command::new("node")
        .arg(&path)
        .arg(file.path())
        .current_dir(browser_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run node {}: {e}", path.display()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        panic!("{script}.mjs failed ({}):\n{stderr}", out.status);
    }
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{script}.mjs printed no valid JSON ({e}):\n{}\nstderr:\n{stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// Runs axe (rules with any of `tags`) over `paths` of the site at `base`,
/// once per color scheme (`"light"`, `"dark"`). Results come scheme by scheme,
/// paths in the given order. Panics when the browser run itself fails.
pub fn run_axe(base: &str, paths: &[String], schemes: &[&str], tags: &[&str]) -> Vec<AxeResult> {
    let request = serde_json::json!({
        "base": base,
        "paths": paths,
        "schemes": schemes,
        "tags": tags,
    });
    let parsed: AxeOutput = serde_json::from_value(run_script("axe-run", &request))
        .unwrap_or_else(|e| panic!("axe-run.mjs printed unexpected JSON: {e}"));
    assert!(!parsed.axe_version.is_empty(), "axe-run.mjs reported no axe version");
    parsed.results
}
