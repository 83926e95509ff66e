//! The edge API's data operations, written once as SQL over [`Db`] so the
//! SQLite and D1 hosts behave identically: tickets (submissions,
//! conversations, agent changes, internal notes), article votes and search misses, agent
//! accounts, their sessions and tokens, the audit log, the rate-limit
//! counters and housekeeping.
//!
//! Writes that must happen together (a ticket, its first message, its
//! idempotency record and its webhook outbox entry) go in one batch, which
//! both hosts run as a single transaction. Reads come back as typed rows
//! that serialize to the API's JSON bodies; failures are a [`StoreError`],
//! which [`crate::error`] turns into a 500 in one `From` impl.

mod agents;
mod audit;
mod credentials;
mod feedback;
mod mfa;
mod notes;
mod queue;
mod sso;
mod tickets;

pub use agents::{
    active_agent_exists, agent, agent_by_email, create_agent, create_setup_link, list_agents, remove_agent,
    setup_link_agent, sign_in_record, update_agent, use_setup_link, Account, AgentChange, CreateError, NewAgent, Role,
};
pub use audit::{audit_entries, Action, Actor, AuditEntry, AuditQuery};
pub use credentials::{
    create_session, create_token, end_session, end_sessions, revoke_token, session, token, tokens, touch_session,
    touch_token, NewToken, Opening, Scope, Session, TokenInfo,
};
pub use feedback::{feedback_summary, search_miss, search_misses, vote, FeedbackSummary, SearchMiss};
pub use mfa::{
    confirm_totp, create_mfa_pending, disable_totp, end_mfa_pending, mfa_pending, record_mfa_failure, start_totp, totp,
    use_recovery_code, use_totp_step, Totp,
};
pub use notes::{add_note, agent_ticket, AgentMessage, AgentTicket, Note};
pub use queue::{queue, AssigneeFilter, QueueCursor, QueuePage, QueueQuery, QueueSort};
pub use sso::{create_sso_agent, create_sso_state, identity_agent, link_identity, take_sso_state, SsoAgent};
pub use tickets::{
    add_customer_reply, agent_update, check_token, create_ticket, ticket_view, AgentUpdate, Created, Message,
    NewTicket, Ticket, TicketStatus, TicketSummary, UnknownStatus,
};

use crate::clock::Timestamp;
use crate::db::{int, text, Db, DbError, Row, Stmt};

/// Why a data operation failed. Every variant is the server's problem, not
/// the client's: they all answer `500 internal` (the detail is logged).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Db(#[from] DbError),
    /// Every try hit an existing ticket number.
    #[error("could not allocate a ticket number")]
    NoTicketNumber,
    /// A row lacks a column the query selects, or holds a value the schema
    /// does not allow.
    #[error("unexpected row: {0}")]
    BadRow(String),
}

/// A NOT NULL text column of `row`.
fn text_col(row: &Row, col: &str) -> Result<String, StoreError> {
    text(row, col).ok_or_else(|| StoreError::BadRow(format!("no text in `{col}`")))
}

/// A NOT NULL integer column of `row`.
fn int_col(row: &Row, col: &str) -> Result<i64, StoreError> {
    int(row, col).ok_or_else(|| StoreError::BadRow(format!("no integer in `{col}`")))
}

/// A NOT NULL time column of `row`.
fn time_col(row: &Row, col: &str) -> Result<Timestamp, StoreError> {
    int_col(row, col).map(Timestamp)
}

/// Counts one event in `bucket`'s current window and returns the count so far
/// (including this one). Old windows are swept in the same batch.
pub async fn rate_hit(db: &dyn Db, bucket: &str, window_ms: i64, now: i64) -> Result<i64, StoreError> {
    let start = now - now.rem_euclid(window_ms.max(1));
    let results = db
        .batch(vec![
            Stmt::new(
                "DELETE FROM rate_limits WHERE window_start < ?",
                vec![(start - window_ms).into()],
            ),
            Stmt::new(
                "INSERT INTO rate_limits (bucket, window_start, count) VALUES (?, ?, 1) \
                 ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limits.count + 1 RETURNING count",
                vec![bucket.into(), start.into()],
            ),
        ])
        .await?;
    Ok(results[1].first().and_then(|r| int(r, "count")).unwrap_or(1))
}

/// The count in `bucket`'s current window, without counting.
pub async fn rate_peek(db: &dyn Db, bucket: &str, window_ms: i64, now: i64) -> Result<i64, StoreError> {
    let start = now - now.rem_euclid(window_ms.max(1));
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT count FROM rate_limits WHERE bucket = ? AND window_start = ?",
            vec![bucket.into(), start.into()],
        )])
        .await?;
    Ok(rows[0].first().and_then(|r| int(r, "count")).unwrap_or(0))
}

/// How long an idempotency key can replay its ticket.
pub const IDEMPOTENCY_TTL_MS: i64 = 7 * 86_400_000;

/// Housekeeping for both hosts' timers: forgets idempotency keys (and their
/// sealed tokens) past [`IDEMPOTENCY_TTL_MS`], agent sessions past their
/// absolute expiry or unused for `session_idle_ms`, and expired set-up
/// links, pending two-factor sign-ins and SSO sign-ins. Rate-limit windows are swept on every hit already.
pub async fn sweep(db: &dyn Db, now: i64, session_idle_ms: i64) -> Result<(), StoreError> {
    db.batch(vec![
        Stmt::new(
            "DELETE FROM idempotency_keys WHERE created_at < ?",
            vec![(now - IDEMPOTENCY_TTL_MS).into()],
        ),
        Stmt::new(
            "DELETE FROM agent_sessions WHERE expires_at <= ? OR last_seen_at <= ?",
            vec![now.into(), (now - session_idle_ms).into()],
        ),
        Stmt::new("DELETE FROM agent_setup_links WHERE expires_at <= ?", vec![now.into()]),
        Stmt::new("DELETE FROM agent_mfa_pending WHERE expires_at <= ?", vec![now.into()]),
        Stmt::new("DELETE FROM agent_sso_states WHERE expires_at <= ?", vec![now.into()]),
    ])
    .await?;
    Ok(())
}
