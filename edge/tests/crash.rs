//! Crash safety: SIGKILL the native server in the middle of 200 concurrent
//! submissions; after a restart on the same database every ticket that was
//! answered 201 is there, intact.

mod common;

use common::{request, token_of};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

/// Kills the server when dropped, so a failing assertion cannot leave an
/// orphan holding the test's output pipe open.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill(); // SIGKILL on Unix
        let _ = self.0.wait();
    }
}

fn spawn_server(db: &std::path::Path) -> (Server, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portico-edge-dev"))
        .args(["--port", "0", "--db"])
        .arg(db)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start portico-edge-dev");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on ")
        .expect("ready line")
        .parse()
        .unwrap();
    (Server(child), addr)
}

/// Sends one submission; `None` when the connection died (server killed).
fn try_submit(addr: SocketAddr, n: usize) -> Option<(String, String, String)> {
    let body = serde_json::json!({
        "name": format!("Customer {n}"), "email": format!("c{n}@example.com"), "subject": format!("Crash test {n}"),
        "body": format!("Body of ticket {n}:\n{}", "x".repeat(1 + n * 7 % 500)), "language": "en",
    })
    .to_string();
    let response = std::panic::catch_unwind(|| {
        request(
            addr,
            "POST",
            "/api/tickets",
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
    })
    .ok()?;
    (response.status == 201).then(|| {
        let v = response.json();
        (
            v["id"].as_str().unwrap().to_owned(),
            token_of(v["status_url"].as_str().unwrap()),
            body,
        )
    })
}

#[test]
fn tickets_answered_201_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("edge.sqlite");
    let (server, addr) = spawn_server(&db);

    let accepted = Arc::new(Mutex::new(Vec::new()));
    let threads: Vec<_> = (0..200)
        .map(|n| {
            let accepted = accepted.clone();
            std::thread::spawn(move || {
                if let Some(t) = try_submit(addr, n) {
                    accepted.lock().unwrap().push(t);
                }
            })
        })
        .collect();
    while accepted.lock().unwrap().len() < 80 {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    drop(server); // SIGKILL in the middle of the burst
    for t in threads {
        t.join().unwrap();
    }
    let accepted = accepted.lock().unwrap().clone();
    eprintln!("{} of 200 submissions were answered 201 before SIGKILL", accepted.len());
    assert!(
        accepted.len() >= 80 && accepted.len() < 200,
        "killed midway: {} accepted",
        accepted.len()
    );

    let (_server, addr) = spawn_server(&db);
    for (id, token, body) in &accepted {
        let sent: serde_json::Value = serde_json::from_str(body).unwrap();
        let r = request(
            addr,
            "GET",
            &format!("/api/tickets/{id}"),
            &[("Authorization", &format!("Bearer {token}"))],
            b"",
        );
        assert_eq!(r.status, 200, "ticket {id} answered 201 but is gone");
        let v = r.json();
        assert_eq!(v["subject"], sent["subject"]);
        assert_eq!(v["messages"][0]["body"], sent["body"]);
    }
}
