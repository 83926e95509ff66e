//! The load client's HTTP side: a fixed pool of keep-alive HTTP/1.1
//! connections (hyper) that take requests from one shared queue, and the
//! per-kind statistics they record.
//!
//! A fixed pool rather than a connection per request keeps the client from
//! measuring its own connection setup and stays under the server's per-IP
//! connection cap; requests that find every connection busy wait in the
//! queue, and that wait counts in their latency (see `main.rs`).

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// One request to send, with the instant it was due (open-loop schedule).
pub struct Job {
    pub due: Instant,
    pub kind: Kind,
    pub method: &'static str,
    pub path: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    /// Called with the answer (or `None` when the connection failed).
    pub done: Done,
}

/// A job's completion: judges the answer (`None`: the connection failed)
/// and records what the verification needs.
pub type Done = Box<dyn FnOnce(Option<&Answer>) -> Outcome + Send + Sync>;

/// What came back.
pub struct Answer {
    pub status: u16,
    pub replayed: bool,
    pub body: Bytes,
}

/// How a job's answer is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// An answer, but the wrong one (status, content).
    Wrong,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Submit,
    Retry,
    Status,
    Feedback,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Submit => "submit",
            Kind::Retry => "retry (same key)",
            Kind::Status => "status read",
            Kind::Feedback => "feedback vote",
        }
    }
}

/// Counts and latencies of one kind.
#[derive(Default)]
pub struct KindStats {
    pub sent: u64,
    pub ok: u64,
    pub wrong: u64,
    pub failed: u64,
    pub statuses: BTreeMap<u16, u64>,
    /// Microseconds from due time to full answer.
    pub latencies: Vec<u64>,
}

pub type Stats = Arc<Mutex<BTreeMap<Kind, KindStats>>>;

/// A keep-alive connection, opened on first use and after failures.
pub type Conn = Option<SendRequest<Full<Bytes>>>;

/// Runs `connections` workers against `addr` until the queue closes.
pub fn spawn_pool(
    addr: SocketAddr,
    connections: usize,
    stats: Stats,
) -> (mpsc::Sender<Job>, Vec<tokio::task::JoinHandle<()>>) {
    let (tx, rx) = mpsc::channel::<Job>(100_000);
    let rx = Arc::new(tokio::sync::Mutex::new(rx));
    let workers = (0..connections)
        .map(|_| {
            let rx = rx.clone();
            let stats = stats.clone();
            tokio::spawn(async move {
                let mut conn: Conn = None;
                loop {
                    let Some(job) = rx.lock().await.recv().await else {
                        return;
                    };
                    let answer = match send(addr, &mut conn, &job).await {
                        Ok(a) => Some(a),
                        Err(_) => {
                            conn = None;
                            None
                        }
                    };
                    let took = job.due.elapsed();
                    let kind = job.kind;
                    let outcome = match &answer {
                        Some(a) => Some((a.status, (job.done)(Some(a)))),
                        None => {
                            (job.done)(None);
                            None
                        }
                    };
                    record(&stats, kind, took, outcome);
                }
            })
        })
        .collect();
    (tx, workers)
}

fn record(stats: &Stats, kind: Kind, took: Duration, outcome: Option<(u16, Outcome)>) {
    let mut all = stats.lock().unwrap();
    let s = all.entry(kind).or_default();
    s.sent += 1;
    match outcome {
        Some((status, o)) => {
            *s.statuses.entry(status).or_default() += 1;
            s.latencies.push(took.as_micros() as u64);
            match o {
                Outcome::Ok => s.ok += 1,
                Outcome::Wrong => s.wrong += 1,
            }
        }
        None => s.failed += 1,
    }
}

async fn send(addr: SocketAddr, conn: &mut Conn, job: &Job) -> Result<Answer, String> {
    if conn.as_ref().is_none_or(|c| c.is_closed()) {
        *conn = Some(connect(addr).await?);
    }
    let sender = conn.as_mut().expect("connected above");
    sender.ready().await.map_err(|e| e.to_string())?;
    let mut request = http::Request::builder()
        .method(job.method)
        .uri(&job.path)
        .header("host", addr.to_string());
    for (name, value) in &job.headers {
        request = request.header(*name, value);
    }
    let request = request
        .body(Full::new(Bytes::from(job.body.clone())))
        .map_err(|e| e.to_string())?;
    let response = sender.send_request(request).await.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let replayed = response.headers().contains_key("idempotent-replayed");
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok(Answer { status, replayed, body })
}

async fn connect(addr: SocketAddr) -> Result<SendRequest<Full<Bytes>>, String> {
    let stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let _ = stream.set_nodelay(true);
    let (sender, connection) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

/// Sends one request outside the pool (verification after a restart) on
/// `conn`, which is dropped on failure.
pub async fn once(
    addr: SocketAddr,
    conn: &mut Conn,
    method: &'static str,
    path: &str,
    headers: &[(&'static str, String)],
    body: &[u8],
) -> Result<Answer, String> {
    let job = Job {
        due: Instant::now(),
        kind: Kind::Status,
        method,
        path: path.to_owned(),
        headers: headers.to_vec(),
        body: body.to_vec(),
        done: Box::new(|_| Outcome::Ok),
    };
    let answer = send(addr, conn, &job).await;
    if answer.is_err() {
        *conn = None;
    }
    answer
}

/// The `p`-th percentile (0–100) of sorted microseconds, in milliseconds.
pub fn percentile_ms(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)] as f64 / 1000.0
}
