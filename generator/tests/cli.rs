//! The `portico` binary as a writer uses it: exit codes, messages on stderr,
//! `new` → `build`, `check --format json`, and `serve` answering over HTTP.

use portico_test_support::serve::spawn_serve;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;

fn portico(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_portico"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

fn new_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("help");
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .arg("new")
        .arg(&root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (dir, root)
}

#[test]
fn new_then_build_writes_a_site_and_exits_zero() {
    let (_dir, root) = new_site();
    let out = portico(&root, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Built "), "{stderr}");
    assert!(root.join("public/en/faq/reset-password/index.html").exists());
    assert!(root.join("public/sitemap.xml").exists());
}

#[test]
fn new_refuses_a_folder_with_files() {
    let (_dir, root) = new_site();
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .arg("new")
        .arg(&root)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
}

#[test]
fn errors_exit_one_and_print_file_line_col() {
    let (_dir, root) = new_site();
    std::fs::write(
        root.join("content/en/guides/bad.md"),
        "---\ntitle: Bad\n---\n\n[nope](missing.md)\n",
    )
    .unwrap();
    let out = portico(&root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/en/guides/bad.md:5:1: error: broken link `missing.md`"),
        "{stderr}"
    );
    assert!(stderr.contains("Build failed: 1 error(s)"), "{stderr}");
    assert!(!root.join("public").exists(), "nothing written on failure");
}

#[test]
fn check_writes_nothing_and_reports_json() {
    let (_dir, root) = new_site();
    let ok = portico(&root, &["check"]);
    assert!(ok.status.success());
    assert!(!root.join("public").exists());

    // An untranslated page shows in the report, as a table and as JSON.
    std::fs::write(root.join("content/en/guides/new.md"), "---\ntitle: New\n---\nText.\n").unwrap();
    let table = portico(&root, &["check"]);
    let stdout = String::from_utf8_lossy(&table.stdout);
    assert!(stdout.contains("1 missing, 0 stale"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("ja") && l.contains("missing") && l.contains("content/en/guides/new.md")),
        "{stdout}"
    );
    let json = portico(&root, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(
        report["translations"]["missing"][0]["source"],
        "content/en/guides/new.md"
    );
    assert_eq!(report["translations"]["missing"][0]["language"], "ja");

    std::fs::write(root.join("content/en/faq/q.md"), "---\ntitle: Q?\n---\nA.\n").unwrap();
    let out = portico(&root, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings["ok"], false);
    let first = &findings["diagnostics"][0];
    assert_eq!(first["path"], "content/en/faq/q.md");
    assert_eq!(first["severity"], "error");
    assert!(first["message"].as_str().unwrap().contains("category"));
}

#[test]
fn help_explains_the_commands() {
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for cmd in ["build", "check", "serve", "new"] {
        assert!(text.contains(cmd), "{text}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .args(["build", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("--drafts"));
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    let status = resp.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, resp)
}

#[test]
fn serve_answers_pages_and_404() {
    let (_dir, root) = new_site();
    let (mut child, addr) = spawn_serve(Path::new(env!("CARGO_BIN_EXE_portico")), &root);
    let (status, body) = get(&addr, "/en/guides/getting-started/");
    assert_eq!(status, 200);
    assert!(body.to_lowercase().contains("content-type: text/html"));
    assert!(body.contains("<h1>Getting started</h1>"));
    let (status, body) = get(&addr, "/en/no-such-page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    child.kill().unwrap();
    child.wait().unwrap();
}
