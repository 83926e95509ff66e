//! A local webhook receiver: a helpdesk that fails its first requests with
//! 500 and records what it accepted, for the outbox's delivery tests.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// Requests the receiver accepted: (idempotency key, JSON payload).
pub type Seen = Arc<Mutex<Vec<(String, Value)>>>;

/// A local helpdesk that fails its first `failures` requests with 500, then
/// accepts; records (idempotency key, payload) of every request it accepted.
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
