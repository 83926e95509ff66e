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
    let app = portico::serve::static_site(dir);
    runtime.spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("test server on {addr} stopped: {e}");
        }
    });
    Served {
        base: format!("http://{addr}"),
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
    let file = tempfile::Builder::new()
        .prefix("axe-request-")
        .suffix(".json")
        .tempfile()
        .unwrap();
    std::fs::write(file.path(), request.to_string()).unwrap();
    let script = browser_dir().join("axe-run.mjs");
    let out = Command::new("node")
        .arg(&script)
        .arg(file.path())
        .current_dir(browser_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run node {}: {e}", script.display()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        panic!("axe-run.mjs failed ({}):\n{stderr}", out.status);
    }
    let parsed: AxeOutput = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "axe-run.mjs printed no valid JSON ({e}):\n{}\nstderr:\n{stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    assert!(!parsed.axe_version.is_empty(), "axe-run.mjs reported no axe version");
    parsed.results
}
