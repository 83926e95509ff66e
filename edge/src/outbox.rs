//! Webhook delivery from the outbox table.
//!
//! New tickets and customer replies are written to `webhook_outbox` in the
//! same transaction as the data they announce; [`deliver_outbox`] later posts
//! them to the configured helpdesk URL, with exponential backoff on failure.
//! Delivery is at-least-once: each post carries `Idempotency-Key:
//! portico-outbox-<id>` so the receiver can drop duplicates. Both hosts call
//! the same function: natively a tokio task (see `native::spawn_outbox_task`),
//! in the Worker a cron trigger and `waitUntil` after writes.

use crate::config::EdgeConfig;
use crate::db::{int, text, Db, Stmt};
use crate::error::ApiError;
use async_trait::async_trait;

/// Outgoing HTTP, provided by the host (hyper natively, `fetch` in the
/// Worker): webhooks and Turnstile post, single sign-on also reads its
/// provider's discovery document and keys.
#[async_trait]
pub trait Outbound: Send + Sync {
    /// POSTs `body` to `url` and returns the response status and body. `Err`
    /// means no response at all (connection refused, timeout…).
    async fn post(&self, url: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Result<(u16, Vec<u8>), String>;

    /// GETs `url`, answering like [`Outbound::post`].
    async fn get(&self, url: &str, headers: &[(&str, &str)]) -> Result<(u16, Vec<u8>), String>;
}

/// What one delivery round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Items the receiver accepted (2xx).
    pub delivered: usize,
    /// Items that failed this round and were rescheduled.
    pub failed: usize,
}

/// Counts of the outbox's items, for health checks and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: i64,
    pub delivered: i64,
}

/// Items handed to one round at most, so a round stays short in a Worker.
const BATCH: i64 = 25;

/// Posts every due outbox item once. Failures are rescheduled at
/// `base * 2^attempts` (capped) and retried by later rounds until
/// `max_attempts`; after that the item stays in the table, undelivered, for
/// an operator to see — it is never deleted.
pub async fn deliver_outbox(
    db: &dyn Db,
    http: &dyn Outbound,
    cfg: &EdgeConfig,
    now: i64,
) -> Result<DeliveryReport, ApiError> {
    let mut report = DeliveryReport::default();
    let Some(url) = cfg.webhook_url.as_deref() else {
        return Ok(report);
    };
    let policy = &cfg.webhook_retry;
    let due = db
        .batch(vec![Stmt::new(
            "SELECT id, event, payload, attempts FROM webhook_outbox \
             WHERE delivered_at IS NULL AND next_attempt <= ? AND attempts < ? ORDER BY id LIMIT ?",
            vec![now.into(), policy.max_attempts.into(), BATCH.into()],
        )])
        .await?;
    for row in &due[0] {
        let (id, attempts) = (int(row, "id").unwrap_or(0), int(row, "attempts").unwrap_or(0));
        let key = format!("portico-outbox-{id}");
        let event = text(row, "event").unwrap_or_default();
        let headers = [
            ("content-type", "application/json"),
            ("idempotency-key", key.as_str()),
            ("x-portico-event", &event),
        ];
        let payload = text(row, "payload").unwrap_or_default().into_bytes();
        let outcome = http.post(url, &headers, payload).await;
        let status = outcome.as_ref().map(|(s, _)| i64::from(*s)).ok();
        let stmt = if status.is_some_and(|s| (200..300).contains(&s)) {
            report.delivered += 1;
            Stmt::new(
                "UPDATE webhook_outbox SET delivered_at = ?, attempts = attempts + 1, last_status = ?, payload = '' \
                 WHERE id = ?",
                vec![now.into(), status.into(), id.into()],
            )
        } else {
            report.failed += 1;
            log::warn!(
                "webhook delivery of outbox item {id} failed (attempt {}): {:?}",
                attempts + 1,
                status
            );
            let shift = attempts.clamp(0, 30) as u32;
            let delay = policy.base_ms.saturating_mul(1i64 << shift).min(policy.max_ms);
            Stmt::new(
                "UPDATE webhook_outbox SET attempts = attempts + 1, last_status = ?, next_attempt = ? WHERE id = ?",
                vec![status.into(), (now + delay).into(), id.into()],
            )
        };
        db.batch(vec![stmt]).await?;
    }
    Ok(report)
}

/// How many items wait and how many were delivered.
pub async fn outbox_counts(db: &dyn Db) -> Result<OutboxCounts, ApiError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT COALESCE(SUM(delivered_at IS NULL), 0) AS pending, COALESCE(SUM(delivered_at IS NOT NULL), 0) \
             AS delivered FROM webhook_outbox",
            vec![],
        )])
        .await?;
    let row = rows[0].first();
    Ok(OutboxCounts {
        pending: row.and_then(|r| int(r, "pending")).unwrap_or(0),
        delivered: row.and_then(|r| int(r, "delivered")).unwrap_or(0),
    })
}
