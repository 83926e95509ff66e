//! After the SIGKILL and restart: is every ticket that was answered 201
//! present and intact, and does any ticket exist twice?
//!
//! Presence and integrity are checked through the API, as a customer
//! would: each ticket's status read with its own token must show the same
//! subject and first message. Idempotency is checked by resending keys:
//! a sample of answered submissions must come back as the same ticket, and
//! every submission that was in flight when the server died is resent too
//! (the real client's retry), which must not create a second ticket if the
//! first one was committed. Duplicates are then counted in the database
//! itself: submissions have unique subjects, so a subject held by two
//! tickets is a duplicate.

use crate::client::{once, Conn};
use crate::{created, Book, Submission};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// What the check found.
pub struct Verdict {
    pub lost: usize,
    pub corrupted: usize,
    pub idempotency_mismatches: usize,
    pub duplicated: usize,
}

impl Verdict {
    pub fn clean(&self) -> bool {
        self.lost == 0 && self.corrupted == 0 && self.idempotency_mismatches == 0 && self.duplicated == 0
    }
}

/// Whether a status read's body shows `sub` as it was sent.
pub fn intact(body: &[u8], sub: &Submission) -> bool {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
        return false;
    };
    v["subject"].as_str() == Some(sub.subject.as_str()) && v["messages"][0]["body"].as_str() == Some(sub.text.as_str())
}

pub async fn after_restart(addr: SocketAddr, db: &Path, book: &Arc<Mutex<Book>>) -> Verdict {
    let (accepted, pending) = {
        let b = book.lock().unwrap();
        (b.accepted.clone(), b.pending.values().cloned().collect::<Vec<_>>())
    };
    let mut conn: Conn = None;
    let (mut lost, mut corrupted) = (0, 0);
    for t in &accepted {
        let auth = [("authorization", format!("Bearer {}", t.token))];
        match once(addr, &mut conn, "GET", &format!("/api/tickets/{}", t.id), &auth, b"").await {
            Ok(a) if a.status == 200 && intact(&a.body, &t.sub) => {}
            Ok(a) if a.status == 200 => corrupted += 1,
            _ => lost += 1,
        }
    }
    println!(
        "restart: {} tickets answered 201 (both phases): {lost} lost, {corrupted} corrupted",
        accepted.len()
    );

    let mut mismatches = 0;
    let sample: Vec<_> = accepted.iter().step_by((accepted.len() / 500).max(1)).collect();
    for t in &sample {
        let headers = [
            ("content-type", "application/json".to_owned()),
            ("idempotency-key", t.sub.key.clone()),
        ];
        let again = once(addr, &mut conn, "POST", "/api/tickets", &headers, &t.sub.json).await;
        let same = again
            .as_ref()
            .ok()
            .and_then(|a| created(a).map(|c| (c, a.replayed)))
            .is_some_and(|((id, token), replayed)| replayed && id == t.id && token == t.token);
        if !same {
            mismatches += 1;
        }
    }
    let (mut replayed, mut new) = (0, 0);
    for sub in &pending {
        let headers = [
            ("content-type", "application/json".to_owned()),
            ("idempotency-key", sub.key.clone()),
        ];
        match once(addr, &mut conn, "POST", "/api/tickets", &headers, &sub.json).await {
            Ok(a) if a.status == 201 && a.replayed => replayed += 1,
            Ok(a) if a.status == 201 => new += 1,
            _ => mismatches += 1,
        }
    }
    println!(
        "resent {} answered keys: {} not the same ticket; resent {} unanswered keys: {replayed} had been \
         committed (replayed), {new} had not (created now)",
        sample.len(),
        mismatches,
        pending.len()
    );

    let duplicated = duplicates(db);
    println!("database: {duplicated} subjects held by more than one ticket");
    Verdict {
        lost,
        corrupted,
        idempotency_mismatches: mismatches,
        duplicated,
    }
}

/// Tickets beyond the first per subject, read straight from SQLite (WAL
/// lets this reader run next to the live server).
fn duplicates(db: &Path) -> usize {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the database read-only");
    conn.query_row(
        "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM tickets GROUP BY subject HAVING n > 1)",
        [],
        |r| r.get::<_, i64>(0),
    )
    .expect("count duplicates") as usize
}
