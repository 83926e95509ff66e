//! `portico agents` on the database `portico serve` uses: an account added
//! by the CLI sets its password through the printed link's token and signs
//! in to the running server; `list` shows it; `remove` ends its session at
//! once, the server still running. With `support.agents.require_mfa` the
//! admin's session may only set up TOTP, whose secret `portico serve` seals
//! with a key it keeps next to the database.

use portico_test_support::http::{json_request, request};
use portico_test_support::serve::spawn_serve;
use std::net::{SocketAddr, ToSocketAddrs};
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

/// A new site at `dir/help`.
fn new_site(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("help");
    assert!(Command::new(env!("CARGO_BIN_EXE_portico"))
        .arg("new")
        .arg(&root)
        .status()
        .unwrap()
        .success());
    root
}

/// `portico agents add EMAIL --role ROLE`: the set-up link's token.
fn add_agent(root: &Path, email: &str, role: &str) -> String {
    let out = portico(root, &["agents", "add", email, "--name", "Ana", "--role", role]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    stdout
        .split("#token=")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

#[test]
fn require_mfa_in_portico_yaml_limits_an_admin_to_setting_up_totp() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_site(dir.path());
    let yaml = root.join("portico.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    assert!(!text.contains("\nsupport:"), "the scaffold has no support key yet");
    std::fs::write(&yaml, format!("{text}\nsupport:\n  agents:\n    require_mfa: true\n")).unwrap();
    let token = add_agent(&root, "root@example.com", "admin");
    let (mut child, host) = spawn_serve(Path::new(env!("CARGO_BIN_EXE_portico")), &root);
    let addr: SocketAddr = host.to_socket_addrs().unwrap().next().unwrap();
    let origin = format!("http://{host}");
    let password = "a long enough password";
    let setup = serde_json::json!({"token": token, "password": password});
    assert_eq!(json_request(addr, "POST", "/api/agent/setup", &[], &setup).status, 200);
    let sign_in = serde_json::json!({"email": "root@example.com", "password": password});
    let r = json_request(addr, "POST", "/api/agent/sign-in", &[("Origin", &origin)], &sign_in);
    assert_eq!(r.json()["mfa_enrolment_required"], true, "{}", r.text());
    let cookie = r.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
    let csrf = r.json()["csrf_token"].as_str().unwrap().to_owned();
    let r = request(addr, "GET", "/api/agents", &[("Cookie", &cookie)], b"");
    assert_eq!(r.status, 403, "{}", r.text());
    let headers = [
        ("Cookie", cookie.as_str()),
        ("X-CSRF-Token", &csrf),
        ("Origin", &origin),
    ];
    let r = request(addr, "POST", "/api/agent/mfa/totp", &headers, b"");
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(r.json()["otpauth_uri"].as_str().unwrap().starts_with("otpauth://totp/"));
    let key = std::fs::read_to_string(root.join(".portico/edge-mfa-key")).unwrap();
    assert_eq!(key.len(), 64);
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn agents_added_by_the_cli_sign_in_to_serve_and_removed_ones_stop() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_site(dir.path());
    let out = portico(
        &root,
        &["agents", "add", "ana@example.com", "--name", "Ana", "--role", "admin"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("http://127.0.0.1:1111/agent/setup/#token="), "{stdout}");
    let token: String = stdout
        .split("#token=")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(token.len(), 64);
    let again = portico(
        &root,
        &["agents", "add", "ANA@example.com", "--name", "A", "--role", "agent"],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));

    let (mut child, host) = spawn_serve(Path::new(env!("CARGO_BIN_EXE_portico")), &root);
    let addr: SocketAddr = host.to_socket_addrs().unwrap().next().unwrap();
    let origin = format!("http://{host}");
    let password = "a long enough password";
    let r = json_request(
        addr,
        "POST",
        "/api/agent/setup",
        &[],
        &serde_json::json!({"token": token, "password": password}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = json_request(
        addr,
        "POST",
        "/api/agent/sign-in",
        &[("Origin", &origin)],
        &serde_json::json!({"email": "ana@example.com", "password": password}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let cookie = r.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
    assert!(cookie.starts_with("portico_session="), "{cookie}");
    let r = request(addr, "GET", "/api/agents", &[("Cookie", &cookie)], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["agents"][0]["role"], "admin");

    let list = portico(&root, &["agents", "list"]);
    let listed = String::from_utf8_lossy(&list.stdout).into_owned();
    assert!(
        listed.contains("ana@example.com") && listed.contains("active"),
        "{listed}"
    );
    let removed = portico(&root, &["agents", "remove", "ana@example.com"]);
    assert!(removed.status.success(), "{}", String::from_utf8_lossy(&removed.stderr));
    let r = request(addr, "GET", "/api/agent/me", &[("Cookie", &cookie)], b"");
    assert_eq!(r.status, 401, "the session ended with the account");
    assert!(!portico(&root, &["agents", "remove", "ana@example.com"])
        .status
        .success());
    child.kill().unwrap();
    child.wait().unwrap();
}
