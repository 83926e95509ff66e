//! Crash safety: SIGKILL the native server in the middle of 200 concurrent
//! submissions; after a restart on the same database every ticket that was
//! answered 201 is there, intact. The second and third tests are a bounded
//! version of `bench/load.sh`'s crash phase: a mixed load with
//! Idempotency-Keys, killed midway, under both commit settings; afterwards
//! resending every key must not create a second ticket.

mod common;

use common::{request, token_of};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

/// Longest wait before a test calls the server hung (not a timing check).
const GUARD: std::time::Duration = std::time::Duration::from_secs(60);

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
    spawn_server_with(db, "full")
}

fn spawn_server_with(db: &std::path::Path, synchronous: &str) -> (Server, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portico-edge-dev"))
        .args(["--port", "0", "--synchronous", synchronous, "--db"])
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
    let started = std::time::Instant::now();
    while accepted.lock().unwrap().len() < 80 {
        assert!(started.elapsed() < GUARD, "80 submissions were never answered");
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

/// One submission of the mixed load: its key and JSON body.
#[derive(Clone)]
struct Sent {
    key: String,
    body: String,
}

fn submit_keyed(addr: SocketAddr, sent: &Sent) -> Option<common::Resp> {
    answered(|| {
        request(
            addr,
            "POST",
            "/api/tickets",
            &[("Content-Type", "application/json"), ("Idempotency-Key", &sent.key)],
            sent.body.as_bytes(),
        )
    })
}

/// The response, or `None` when the server died before answering (the
/// client then fails to connect, or reads no status line).
fn answered(send: impl FnOnce() -> common::Resp + std::panic::UnwindSafe) -> Option<common::Resp> {
    std::panic::catch_unwind(send).ok().filter(|r| r.status != 0)
}

/// 8 clients each send up to 60 submissions (with keys), status reads of
/// their own tickets and feedback votes; the server is SIGKILLed once 100
/// tickets were answered. After a restart: every answered ticket intact,
/// every key resent gives back its ticket (answered) or at most one new
/// one (in flight), and no subject is held by two tickets.
fn mixed_load_survives_sigkill(synchronous: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("edge.sqlite");
    let (server, addr) = spawn_server_with(&db, synchronous);
    let accepted: Arc<Mutex<Vec<(Sent, String, String)>>> = Arc::default();
    let unanswered: Arc<Mutex<Vec<Sent>>> = Arc::default();
    let clients: Vec<_> = (0..8)
        .map(|c| {
            let (accepted, unanswered) = (accepted.clone(), unanswered.clone());
            std::thread::spawn(move || {
                for n in 0..60 {
                    let body = serde_json::json!({
                        "name": "Crash Tester", "email": "crash@example.com", "subject": format!("Mixed {c}-{n}"),
                        "body": format!("<b>Body</b> of {c}-{n}\n{}.", "y".repeat(n * 13 % 300)),
                    });
                    let sent = Sent {
                        key: format!("key-{c}-{n}"),
                        body: body.to_string(),
                    };
                    let Some(r) = submit_keyed(addr, &sent) else {
                        unanswered.lock().unwrap().push(sent);
                        return; // the server is gone
                    };
                    assert_eq!(r.status, 201, "{}", r.text());
                    let v = r.json();
                    let id = v["id"].as_str().unwrap().to_owned();
                    let token = token_of(v["status_url"].as_str().unwrap());
                    accepted.lock().unwrap().push((sent, id.clone(), token.clone()));
                    let auth = format!("Bearer {token}");
                    let path = format!("/api/tickets/{id}");
                    let Some(r) = answered(|| request(addr, "GET", &path, &[("Authorization", &auth)], b"")) else {
                        return;
                    };
                    assert_eq!(r.status, 200);
                    let vote = format!(
                        r#"{{"article": "/en/a-{n}/", "language": "en", "helpful": {}}}"#,
                        n % 2 == 0
                    );
                    let json = [("Content-Type", "application/json")];
                    let Some(r) = answered(|| request(addr, "POST", "/api/feedback", &json, vote.as_bytes())) else {
                        return;
                    };
                    assert_eq!(r.status, 201);
                }
            })
        })
        .collect();
    let started = std::time::Instant::now();
    while accepted.lock().unwrap().len() < 100 {
        assert!(started.elapsed() < GUARD, "100 submissions were never answered");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    drop(server); // SIGKILL under load
    for c in clients {
        c.join().unwrap();
    }
    let accepted = accepted.lock().unwrap().clone();
    let unanswered = unanswered.lock().unwrap().clone();
    eprintln!(
        "{} submissions answered 201, {} cut off by SIGKILL ({synchronous})",
        accepted.len(),
        unanswered.len()
    );
    assert!(accepted.len() < 480, "the kill came after the load ended");

    let (_server, addr) = spawn_server_with(&db, synchronous);
    for (sent, id, token) in &accepted {
        let auth = format!("Bearer {token}");
        let r = request(
            addr,
            "GET",
            &format!("/api/tickets/{id}"),
            &[("Authorization", &auth)],
            b"",
        );
        assert_eq!(r.status, 200, "ticket {id} answered 201 but is gone");
        let sent_body: serde_json::Value = serde_json::from_str(&sent.body).unwrap();
        assert_eq!(r.json()["subject"], sent_body["subject"]);
        assert_eq!(r.json()["messages"][0]["body"], sent_body["body"]);
        // The same key again: the same ticket and token, nothing new.
        let again = submit_keyed(addr, sent).unwrap();
        assert_eq!(again.status, 201);
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.json()["id"].as_str(), Some(id.as_str()));
        assert_eq!(token_of(again.json()["status_url"].as_str().unwrap()), *token);
    }
    for sent in &unanswered {
        // The client's retry of a submission cut off by the kill.
        assert_eq!(submit_keyed(addr, sent).unwrap().status, 201);
        assert_eq!(
            submit_keyed(addr, sent).unwrap().header("idempotent-replayed"),
            Some("true")
        );
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let twice: Vec<String> = conn
        .prepare("SELECT subject FROM tickets GROUP BY subject HAVING COUNT(*) > 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(twice, Vec::<String>::new(), "tickets stored twice");
    let total: i64 = conn
        .query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total as usize, accepted.len() + unanswered.len());
}

#[test]
fn mixed_load_survives_sigkill_with_full_sync() {
    mixed_load_survives_sigkill("full");
}

#[test]
fn mixed_load_survives_sigkill_with_normal_sync() {
    mixed_load_survives_sigkill("normal");
}
