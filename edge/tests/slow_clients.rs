//! Slow and greedy clients against the native server, on raw TCP sockets:
//! a request head dribbled byte by byte, a body that never ends and an idle
//! connection are all cut off by the server's deadlines, while other
//! clients keep being served; one address cannot hold more than its share of
//! connections, and past the global cap the server stops accepting instead
//! of growing. Nothing here asserts how fast anything is: the deadlines are
//! short so the tests finish quickly, and every wait has a generous guard so
//! a broken server fails the test instead of hanging it.

mod common;

use common::{start_with_limits, ticket, TestServer};
use portico_edge::native::ServeLimits;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// Longest any single wait may take before the test calls the server hung.
const GUARD: Duration = Duration::from_secs(30);

fn limits(header_ms: u64, body_ms: u64, max: usize, per_ip: usize) -> ServeLimits {
    ServeLimits {
        header_read_timeout: Duration::from_millis(header_ms),
        body_read_timeout: Duration::from_millis(body_ms),
        max_connections: max,
        max_connections_per_ip: per_ip,
    }
}

/// A blocking socket to `addr` from the loopback address `from` (any of
/// 127.0.0.0/8 works on Linux), so tests can be several clients.
fn connect_from(from: &str, addr: SocketAddr) -> TcpStream {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let stream = rt.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
        socket.connect(addr).await.unwrap()
    });
    let stream = stream.into_std().unwrap();
    stream.set_nonblocking(false).unwrap();
    stream.set_read_timeout(Some(GUARD)).unwrap();
    stream
}

/// A complete, valid request from `from`; returns the status code.
fn served(from: &str, addr: SocketAddr) -> u16 {
    let mut s = connect_from(from, addr);
    let head = format!("GET /api/tickets/PB-NOPE HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

/// Reads until the server closes the socket; returns what it sent.
fn until_closed(s: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::ConnectionReset | ErrorKind::BrokenPipe) => return out,
            Err(e) => panic!("the server kept the connection open past the guard: {e}"),
        }
    }
}

/// Whether the server closed `s` (EOF or reset) — without waiting long.
fn closed_now(s: &mut TcpStream) -> bool {
    s.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    let mut buf = [0u8; 64];
    let closed = match s.read(&mut buf) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => matches!(e.kind(), ErrorKind::ConnectionReset | ErrorKind::BrokenPipe),
    };
    s.set_read_timeout(Some(GUARD)).unwrap();
    closed
}

fn server(l: ServeLimits) -> TestServer {
    start_with_limits(|_| {}, l)
}

#[test]
fn a_head_dribbled_byte_by_byte_is_cut_off_while_others_are_served() {
    let s = server(limits(800, 10_000, 1024, 64));
    let addr = s.addr;
    let mut slow = connect_from("127.0.0.1", addr);
    let mut writer = slow.try_clone().unwrap();
    // One byte every 50 ms of a head that never ends: headers keep coming,
    // so only a deadline on the whole head stops it.
    let dribble = std::thread::spawn(move || {
        let started = Instant::now();
        let head = b"POST /api/tickets HTTP/1.1\r\nHost: x\r\nX-Slow: ";
        for (sent, b) in head.iter().chain(std::iter::repeat(&b'a')).enumerate() {
            if writer.write_all(&[*b]).is_err() {
                return true; // the server hung up on us
            }
            if started.elapsed() > GUARD {
                return false;
            }
            if sent % 4 == 0 {
                // Meanwhile another client gets its answer.
                assert_eq!(served("127.0.0.2", addr), 404);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        unreachable!()
    });
    let got = until_closed(&mut slow);
    assert!(dribble.join().unwrap(), "the dribbling client was never cut off");
    assert!(
        !String::from_utf8_lossy(&got).starts_with("HTTP/1.1 2"),
        "a half-sent head must never be answered as a request"
    );
}

#[test]
fn a_body_that_never_ends_gets_408_and_the_connection_closes() {
    let s = server(limits(10_000, 600, 1024, 64));
    let mut slow = connect_from("127.0.0.1", s.addr);
    let head = format!(
        "POST /api/tickets HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{{\"name\": \"",
        s.addr
    );
    slow.write_all(head.as_bytes()).unwrap();
    // Keep the body coming slowly, never finishing it.
    let mut writer = slow.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        for _ in 0..600 {
            if writer.write_all(b"a").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    // The server is still serving others while this body hangs.
    assert_eq!(s.submit_status("127.0.0.2"), 201);
    let answer = String::from_utf8_lossy(&until_closed(&mut slow)).into_owned();
    trickle.join().unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"request_timeout\""), "{answer}");
    assert!(answer.contains("application/json"), "{answer}");
}

#[test]
fn an_idle_connection_is_closed_and_a_keep_alive_one_too() {
    let s = server(limits(500, 10_000, 1024, 64));
    // Never sends a byte.
    let mut idle = connect_from("127.0.0.1", s.addr);
    assert!(until_closed(&mut idle).is_empty());
    // Sends one request, then sits on the kept-alive connection.
    let mut kept = connect_from("127.0.0.1", s.addr);
    let head = format!("GET /api/nothing HTTP/1.1\r\nHost: {}\r\n\r\n", s.addr);
    kept.write_all(head.as_bytes()).unwrap();
    let got = String::from_utf8_lossy(&until_closed(&mut kept)).into_owned();
    assert!(got.starts_with("HTTP/1.1 404"), "{got}");
    assert_eq!(got.matches("HTTP/1.1").count(), 1, "{got}");
}

#[test]
fn one_address_cannot_take_every_connection() {
    // Long header deadline: the hogs stay until they leave.
    let s = server(limits(60_000, 60_000, 1024, 8));
    let mut hogs: Vec<TcpStream> = (0..8).map(|_| connect_from("127.0.0.1", s.addr)).collect();
    // Each hog is held open; the ninth from the same address is closed
    // at once without an answer.
    let mut ninth = connect_from("127.0.0.1", s.addr);
    assert!(until_closed(&mut ninth).is_empty());
    assert!(!closed_now(&mut hogs[0]), "the first eight stay open");
    // Another address is served normally meanwhile.
    assert_eq!(served("127.0.0.3", s.addr), 404);
    // Once the hogs leave, their address is served again.
    hogs.clear();
    let started = Instant::now();
    loop {
        let mut probe = connect_from("127.0.0.1", s.addr);
        let head = format!("GET /api/x HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", s.addr);
        let _ = probe.write_all(head.as_bytes());
        if String::from_utf8_lossy(&until_closed(&mut probe)).starts_with("HTTP/1.1 404") {
            break;
        }
        assert!(started.elapsed() < GUARD, "the address stayed locked out");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn past_the_global_cap_new_connections_wait_and_slow_ones_time_out() {
    // 100 slowloris sockets from many addresses against a cap of 16: the
    // server holds at most 16, answers nobody new while they are all held,
    // and frees them by the header deadline so a real client gets through.
    let s = server(limits(500, 500, 16, 64));
    let addr = s.addr;
    let mut slow: Vec<TcpStream> = (0..100)
        .map(|n| {
            let mut c = connect_from(&format!("127.0.1.{}", n + 1), addr);
            let _ = c.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n");
            c
        })
        .collect();
    // A full request from a fresh address: while at least 16 half-sent
    // heads are held it waits in the backlog, then it is served once the
    // deadline has cleared them.
    assert_eq!(served("127.0.2.1", addr), 404);
    // Every slow socket was closed by the server (none was answered).
    for c in &mut slow {
        let got = until_closed(c);
        assert!(!String::from_utf8_lossy(&got).starts_with("HTTP/1.1 2"));
    }
}

impl TestServer {
    /// Submits a valid ticket as client `ip`; the status code.
    fn submit_status(&self, ip: &str) -> u16 {
        self.json("POST", "/api/tickets", ip, &[], &ticket("served meanwhile"))
            .status
    }
}
