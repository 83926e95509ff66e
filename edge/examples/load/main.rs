//! `load`: an open-loop load and crash benchmark for the native edge server
//! (`bench/load.sh` builds and runs it).
//!
//! Phase 1 sends requests at a fixed rate (default 2,000/s for 30 s) to a
//! `portico-edge-dev` it starts on loopback: ticket submissions with an
//! `Idempotency-Key`, retries of earlier submissions with the same key,
//! status reads with each ticket's own token and feedback votes. Requests
//! are due on a fixed schedule whether or not earlier ones were answered,
//! and latency runs from the due time, so a stalled server shows up as
//! latency instead of silently lowering the rate (no coordinated omission).
//!
//! Phase 2 runs the same load and SIGKILLs the server in the middle of it,
//! restarts it on the same database and checks (see `verify.rs`) that every
//! ticket answered 201 is there and intact and that no ticket exists twice.
//!
//! Usage: `load --server PATH/portico-edge-dev [--db FILE] [--rate 2000]
//! [--duration 30] [--crash-after 5] [--connections 32] [--synchronous
//! full|normal]`.

mod client;
mod verify;

use client::{spawn_pool, Answer, Job, Kind, Outcome, Stats};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Opts {
    server: PathBuf,
    db: PathBuf,
    rate: f64,
    duration: Duration,
    crash_after: Duration,
    connections: usize,
    /// `--synchronous` of the server: `full` (default) or `normal`.
    synchronous: String,
}

/// A submission as sent: enough to resend it and to check what was stored.
#[derive(Clone)]
pub struct Submission {
    pub key: String,
    pub subject: String,
    pub text: String,
    pub json: Vec<u8>,
}

/// A submission the server answered 201.
#[derive(Clone)]
pub struct Accepted {
    pub sub: Submission,
    pub id: String,
    pub token: String,
}

/// Everything submitted so far: answered 201, and sent but not answered.
#[derive(Default)]
pub struct Book {
    pub accepted: Vec<Accepted>,
    pub pending: std::collections::HashMap<String, Submission>,
}

type Shared = Arc<Mutex<Book>>;

/// The server under test; SIGKILLed when dropped.
pub struct Server {
    child: Child,
    _stdout: BufReader<std::process::ChildStdout>,
    pub addr: SocketAddr,
}

impl Server {
    fn start(opts: &Opts) -> Server {
        let bin = &opts.server;
        let mut child = Command::new(bin)
            .args(["--port", "0", "--synchronous", &opts.synchronous, "--db"])
            .arg(&opts.db)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", bin.display()));
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("server ready line");
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line from the server: {line:?}"));
        Server {
            child,
            _stdout: stdout,
            addr,
        }
    }

    /// SIGKILL (Child::kill on Unix), then reap.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A small xorshift generator: the schedule only needs cheap variety.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn main() {
    let opts = parse_args();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let _ = std::fs::remove_file(&opts.db);
    let book: Shared = Arc::default();

    println!(
        "== load: {} req/s for {} s, {} connections, server {} --synchronous {}",
        opts.rate,
        opts.duration.as_secs(),
        opts.connections,
        opts.server.display(),
        opts.synchronous
    );
    let server = Server::start(&opts);
    let stats = Stats::default();
    let took = runtime.block_on(run(&opts, server.addr, "L", &book, &stats, opts.duration));
    report(&stats, took);
    drop(server);

    println!(
        "\n== crash: the same load, SIGKILL after {} s, restart",
        opts.crash_after.as_secs_f64()
    );
    let mut server = Server::start(&opts);
    let stats = Stats::default();
    let took = runtime.block_on(async {
        let load = run(&opts, server.addr, "C", &book, &stats, opts.duration);
        tokio::pin!(load);
        tokio::select! {
            took = &mut load => took,
            _ = tokio::time::sleep(opts.crash_after) => {
                server.kill();
                // In-flight requests fail; the schedule is cut short.
                load.await
            }
        }
    });
    report(&stats, took);
    let server = Server::start(&opts);
    let result = runtime.block_on(verify::after_restart(server.addr, &opts.db, &book));
    drop(server);
    if result.corrupted > 0 || result.idempotency_mismatches > 0 {
        println!(
            "\nFAILED: {} corrupted, {} idempotency mismatches",
            result.corrupted, result.idempotency_mismatches
        );
    }
    println!("\n{} lost, {} duplicated", result.lost, result.duplicated);
    if !result.clean() {
        std::process::exit(1);
    }
}

fn parse_args() -> Opts {
    let mut opts = Opts {
        server: PathBuf::new(),
        db: std::env::temp_dir().join(format!("portico-load-{}.sqlite", std::process::id())),
        rate: 2000.0,
        duration: Duration::from_secs(30),
        crash_after: Duration::from_secs(5),
        connections: 32,
        synchronous: "full".into(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        let secs = |v: &str| Duration::from_secs_f64(v.parse().expect("seconds"));
        match arg.as_str() {
            "--server" => opts.server = value.into(),
            "--db" => opts.db = value.into(),
            "--rate" => opts.rate = value.parse().expect("requests per second"),
            "--duration" => opts.duration = secs(&value),
            "--crash-after" => opts.crash_after = secs(&value),
            "--connections" => opts.connections = value.parse().expect("a count"),
            "--synchronous" => opts.synchronous = value,
            _ => panic!("unknown argument {arg}"),
        }
    }
    assert!(!opts.server.as_os_str().is_empty(), "--server PATH is required");
    opts
}

/// Runs the open-loop schedule for `duration` (or until the server dies and
/// the schedule is cut), waits for answers, returns the elapsed time.
async fn run(opts: &Opts, addr: SocketAddr, phase: &str, book: &Shared, stats: &Stats, duration: Duration) -> Duration {
    let (tx, workers) = spawn_pool(addr, opts.connections, stats.clone());
    let period = Duration::from_secs_f64(1.0 / opts.rate);
    let start = Instant::now();
    let end = start + duration;
    let mut next = start;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ phase.len() as u64 ^ u64::from(phase.as_bytes()[0]));
    let mut n = 0u64;
    'schedule: while next < end {
        let now = Instant::now();
        while next <= now && next < end {
            let job = make_job(phase, n, next, &mut rng, book);
            if tx.try_send(job).is_err() {
                break 'schedule; // a queue of 100,000: the server is gone
            }
            next += period;
            n += 1;
        }
        if failing(stats) {
            break; // the server was killed: stop scheduling into the void
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    drop(tx);
    for w in workers {
        let _ = w.await;
    }
    start.elapsed()
}

/// More than 100 connection failures: the server is down.
fn failing(stats: &Stats) -> bool {
    stats.lock().unwrap().values().map(|s| s.failed).sum::<u64>() > 100
}

/// The next request of the mix: 25 % new submissions, 2.5 % resubmissions
/// with the same key, 52.5 % status reads, 20 % feedback votes.
fn make_job(phase: &str, n: u64, due: Instant, rng: &mut Rng, book: &Shared) -> Job {
    let roll = rng.below(1000);
    let known = {
        let b = book.lock().unwrap();
        (!b.accepted.is_empty()).then(|| b.accepted[rng.below(b.accepted.len())].clone())
    };
    match (roll, known) {
        (250..275, Some(t)) => resubmit(due, t),
        (275..800, Some(t)) => status(due, t),
        (800.., _) => feedback(due, rng),
        _ => submit(phase, n, due, book),
    }
}

fn json_headers() -> Vec<(&'static str, String)> {
    vec![("content-type", "application/json".into())]
}

fn submit(phase: &str, n: u64, due: Instant, book: &Shared) -> Job {
    // No surrounding whitespace: the API trims it, and the check compares.
    let text = format!(
        "Parcel {n} of run {phase} never arrived.\nTracking: <b>\"delivered\"</b> & {}end.",
        "details ".repeat((n % 40) as usize)
    );
    let sub = Submission {
        key: format!("load-{phase}-{n}"),
        subject: format!("Load {phase} {n}"),
        json: json!({
            "name": "Load Tester", "email": format!("load{n}@example.com"),
            "subject": format!("Load {phase} {n}"), "body": text, "language": "en",
        })
        .to_string()
        .into_bytes(),
        text,
    };
    book.lock().unwrap().pending.insert(sub.key.clone(), sub.clone());
    let mut headers = json_headers();
    headers.push(("idempotency-key", sub.key.clone()));
    let book = book.clone();
    Job {
        due,
        kind: Kind::Submit,
        method: "POST",
        path: "/api/tickets".into(),
        headers,
        body: sub.json.clone(),
        done: Box::new(move |answer| {
            let Some(a) = answer else { return Outcome::Wrong }; // stays pending
            let mut b = book.lock().unwrap();
            let sub = b.pending.remove(&sub.key).expect("registered before sending");
            match created(a) {
                Some((id, token)) => {
                    b.accepted.push(Accepted { sub, id, token });
                    Outcome::Ok
                }
                None => Outcome::Wrong,
            }
        }),
    }
}

/// `(id, token)` of a 201 answer.
pub fn created(a: &Answer) -> Option<(String, String)> {
    if a.status != 201 {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&a.body).ok()?;
    let id = v["id"].as_str()?.to_owned();
    let token = v["status_url"].as_str()?.split_once("#token=")?.1.to_owned();
    Some((id, token))
}

fn resubmit(due: Instant, t: Accepted) -> Job {
    let mut headers = json_headers();
    headers.push(("idempotency-key", t.sub.key.clone()));
    Job {
        due,
        kind: Kind::Retry,
        method: "POST",
        path: "/api/tickets".into(),
        headers,
        body: t.sub.json.clone(),
        done: Box::new(
            move |answer| match answer.and_then(|a| created(a).map(|c| (c, a.replayed))) {
                Some(((id, token), true)) if id == t.id && token == t.token => Outcome::Ok,
                _ => Outcome::Wrong,
            },
        ),
    }
}

fn status(due: Instant, t: Accepted) -> Job {
    Job {
        due,
        kind: Kind::Status,
        method: "GET",
        path: format!("/api/tickets/{}", t.id),
        headers: vec![("authorization", format!("Bearer {}", t.token))],
        body: Vec::new(),
        done: Box::new(move |answer| match answer {
            Some(a) if a.status == 200 && verify::intact(&a.body, &t.sub) => Outcome::Ok,
            _ => Outcome::Wrong,
        }),
    }
}

fn feedback(due: Instant, rng: &mut Rng) -> Job {
    let vote = json!({
        "article": format!("/en/guides/article-{}/", rng.below(50)), "language": "en",
        "version": "", "helpful": rng.below(2) == 0,
    });
    Job {
        due,
        kind: Kind::Feedback,
        method: "POST",
        path: "/api/feedback".into(),
        headers: json_headers(),
        body: vote.to_string().into_bytes(),
        done: Box::new(|answer| match answer {
            Some(a) if a.status == 201 => Outcome::Ok,
            _ => Outcome::Wrong,
        }),
    }
}

/// Prints throughput and per-kind latency and error figures.
fn report(stats: &Stats, took: Duration) {
    let mut all = stats.lock().unwrap();
    let mut every = Vec::new();
    let (mut answered, mut sent) = (0u64, 0u64);
    println!(
        "{:<18} {:>8} {:>8} {:>6} {:>7} {:>8} {:>8} {:>8}  statuses",
        "kind", "sent", "ok", "wrong", "no-ans", "p50 ms", "p99 ms", "max ms"
    );
    for (kind, s) in all.iter_mut() {
        s.latencies.sort_unstable();
        every.extend_from_slice(&s.latencies);
        answered += s.latencies.len() as u64;
        sent += s.sent;
        println!(
            "{:<18} {:>8} {:>8} {:>6} {:>7} {:>8.2} {:>8.2} {:>8.2}  {:?}",
            kind.name(),
            s.sent,
            s.ok,
            s.wrong,
            s.failed,
            client::percentile_ms(&s.latencies, 50.0),
            client::percentile_ms(&s.latencies, 99.0),
            client::percentile_ms(&s.latencies, 100.0),
            s.statuses
        );
    }
    every.sort_unstable();
    println!(
        "all: {sent} sent, {answered} answered in {:.1} s = {:.0} req/s; p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        took.as_secs_f64(),
        answered as f64 / took.as_secs_f64(),
        client::percentile_ms(&every, 50.0),
        client::percentile_ms(&every, 99.0),
        client::percentile_ms(&every, 100.0),
    );
}
