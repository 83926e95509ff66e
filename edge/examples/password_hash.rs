//! What one agent password costs with the edge's Argon2id parameters
//! (`portico_edge::agents::passwords::PARAMS`), natively: hashing (setting a
//! password) and verifying (every sign-in, and the dummy verification of an
//! unknown account). The Worker runs the same code as wasm32 on workerd,
//! where it is slower; BENCHMARKS.md has both figures.
//!
//! `cargo run --release -p portico-edge --example password_hash [RUNS]`

use portico_edge::agents::passwords::{hash, verify, PARAMS};
use std::time::{Duration, Instant};

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(20);
    let password = "correct horse battery staple";
    let mut hashing = Vec::with_capacity(runs);
    let mut verifying = Vec::with_capacity(runs);
    let mut stored = String::new();
    for _ in 0..runs {
        let started = Instant::now();
        stored = hash(password).expect("hashing works");
        hashing.push(started.elapsed());
        let started = Instant::now();
        assert!(verify(Some(&stored), password));
        verifying.push(started.elapsed());
    }
    let (m, t, p) = PARAMS;
    println!(
        "Argon2id m={m} KiB, t={t}, p={p}; {runs} runs; stored as {}",
        &stored[..32]
    );
    for (what, times) in [("hash", &mut hashing), ("verify", &mut verifying)] {
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{what:<7} p50 {:6.1} ms   p95 {:6.1} ms   min {:6.1} ms",
            ms(times[times.len() / 2]),
            ms(times[(times.len() * 95 / 100).min(times.len() - 1)]),
            ms(times[0])
        );
    }
}
