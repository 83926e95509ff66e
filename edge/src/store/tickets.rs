//! Tickets: submission (idempotent, with its webhook in the same batch),
//! the token check, the conversation and the agents' changes and list.

use super::audit::{Action, Actor};
use super::{text_col, time_col, StoreError};
use crate::clock::{rfc3339, Timestamp};
use crate::config::EdgeConfig;
use crate::crypto::{ct_eq, hex, new_token, random_bytes, sha256, sha256_hex, unhex};
use crate::db::{text, Db, DbError, Param, Row, Stmt};
use serde::Serialize;
use serde_json::{json, Value};

/// A validated ticket submission.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTicket {
    pub name: String,
    pub email: String,
    pub subject: String,
    pub body: String,
    pub category: Option<String>,
    pub language: String,
    pub article: Option<String>,
}

impl NewTicket {
    /// Hash of the content: part of the idempotency scope, so a reused key
    /// with different content makes a new ticket rather than leaking an old one.
    fn fingerprint(&self) -> [u8; 32] {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        sha256(&[
            self.name.as_bytes(),
            self.email.as_bytes(),
            self.subject.as_bytes(),
            self.body.as_bytes(),
            opt(&self.category).as_bytes(),
            self.language.as_bytes(),
            opt(&self.article).as_bytes(),
        ])
    }
}

/// A stored (or replayed) ticket submission: what the customer needs back.
#[derive(Debug, Clone)]
pub struct Created {
    pub id: String,
    pub token: String,
    pub language: String,
    /// True when an idempotent retry returned an existing ticket.
    pub replayed: bool,
}

/// Where a ticket stands. Stored, sent and accepted as its lower-case name
/// (the schema's `CHECK (status IN ('open', 'pending', 'solved'))`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TicketStatus {
    /// New, or the customer wrote last.
    Open,
    /// Waiting for the customer.
    Pending,
    Solved,
}

impl TicketStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Open => "open",
            TicketStatus::Pending => "pending",
            TicketStatus::Solved => "solved",
        }
    }
}

/// A status name that is not one of [`TicketStatus`]'s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStatus;

impl std::str::FromStr for TicketStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, UnknownStatus> {
        match s {
            "open" => Ok(TicketStatus::Open),
            "pending" => Ok(TicketStatus::Pending),
            "solved" => Ok(TicketStatus::Solved),
            _ => Err(UnknownStatus),
        }
    }
}

impl From<TicketStatus> for Param {
    fn from(status: TicketStatus) -> Self {
        status.as_str().into()
    }
}

/// A ticket and its public conversation: the customer's status view and the
/// agent routes' answer. Fields are in alphabetical order, the order the JSON
/// bodies have always had (they were built as sorted maps before these types
/// existed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ticket {
    pub created_at: Timestamp,
    pub id: String,
    pub language: String,
    /// Oldest first.
    pub messages: Vec<Message>,
    pub status: TicketStatus,
    pub subject: String,
    pub updated_at: Timestamp,
}

/// One message of a ticket's public conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    /// `customer` or `agent` (the schema's CHECK).
    pub author: String,
    pub body: String,
    pub created_at: Timestamp,
}

/// A ticket as agents list it: with the customer's contact fields, without
/// the conversation. Fields alphabetical, like [`Ticket`]'s.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketSummary {
    pub article: Option<String>,
    /// The assigned agent's id.
    pub assignee: Option<String>,
    pub category: Option<String>,
    pub created_at: Timestamp,
    pub email: String,
    pub id: String,
    pub language: String,
    pub name: String,
    pub status: TicketStatus,
    pub subject: String,
    pub updated_at: Timestamp,
}

/// The columns [`summary_of`] reads, for `SELECT` lists.
macro_rules! summary_columns {
    () => {
        "id, status, name, email, subject, category, language, article, assignee_id, created_at, updated_at"
    };
}
pub(super) use summary_columns;

fn status_col(row: &Row) -> Result<TicketStatus, StoreError> {
    let status = text_col(row, "status")?;
    status
        .parse()
        .map_err(|_| StoreError::BadRow(format!("unknown ticket status `{status}`")))
}

fn outbox_stmt(event: &str, ticket_id: &str, payload: &Value, now: i64, guard: Option<(&str, &str)>) -> Stmt {
    let mut params: Vec<Param> = vec![
        event.into(),
        ticket_id.into(),
        payload.to_string().into(),
        now.into(),
        now.into(),
    ];
    match guard {
        Some((key_hash, id)) => {
            params.extend([key_hash.into(), id.into()]);
            Stmt::new(
                "INSERT INTO webhook_outbox (event, ticket_id, payload, next_attempt, created_at) \
                 SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM idempotency_keys WHERE key_hash = ? AND ticket_id = ?)",
                params,
            )
        }
        None => Stmt::new(
            "INSERT INTO webhook_outbox (event, ticket_id, payload, next_attempt, created_at) VALUES (?, ?, ?, ?, ?)",
            params,
        ),
    }
}

/// Alphabet for ticket numbers: Crockford-like, without 0/O/1/I/L/U so a
/// number read over the phone is unambiguous.
const TICKET_ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A random ticket number like `PB-7K3QXM` (30^6 ≈ 7·10^8 numbers). Random
/// rather than sequential so that numbers reveal nothing about volume and
/// cannot be walked; collisions are caught by the primary key and retried.
fn new_ticket_number(prefix: &str) -> String {
    let mut buf = [0u8; 6];
    random_bytes(&mut buf);
    let tail: String = buf
        .iter()
        .map(|b| TICKET_ALPHABET[(*b as usize) % TICKET_ALPHABET.len()] as char)
        .collect();
    format!("{prefix}-{tail}")
}

/// Stores a ticket, or returns the one an earlier request with the same
/// idempotency key, client and content created.
pub async fn create_ticket(
    db: &dyn Db,
    cfg: &EdgeConfig,
    ticket: &NewTicket,
    client: &str,
    idempotency_key: Option<&str>,
    now: i64,
) -> Result<Created, StoreError> {
    let (salt, webhook) = (cfg.ip_salt.as_str(), cfg.webhook_url.is_some());
    let fingerprint = ticket.fingerprint();
    let (key_hash, seal) = match idempotency_key {
        Some(key) => (
            sha256_hex(&[
                b"idem",
                salt.as_bytes(),
                client.as_bytes(),
                key.as_bytes(),
                &fingerprint,
            ]),
            sha256(&[b"seal", salt.as_bytes(), key.as_bytes(), &fingerprint]),
        ),
        // No key: a random, never-repeated scope; the seal is irrelevant.
        None => (new_token(), [0u8; 32]),
    };
    for _ in 0..5 {
        let id = new_ticket_number(&cfg.ticket_prefix);
        let token = new_token();
        let sealed = match idempotency_key {
            Some(_) => xor_hex(&token, &seal),
            None => String::new(),
        };
        let token_hash = sha256_hex(&[token.as_bytes()]);
        let mut stmts = vec![
            Stmt::new(
                "INSERT INTO idempotency_keys (key_hash, ticket_id, sealed_token, created_at) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (key_hash) DO NOTHING",
                vec![key_hash.clone().into(), id.clone().into(), sealed.into(), now.into()],
            ),
            Stmt::new(
                "INSERT INTO tickets (id, token_hash, status, name, email, subject, category, language, article, \
                 client_hash, created_at, updated_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? \
                 WHERE EXISTS (SELECT 1 FROM idempotency_keys WHERE key_hash = ? AND ticket_id = ?)",
                vec![
                    id.clone().into(),
                    token_hash.into(),
                    TicketStatus::Open.into(),
                    (&ticket.name).into(),
                    (&ticket.email).into(),
                    (&ticket.subject).into(),
                    ticket.category.clone().into(),
                    (&ticket.language).into(),
                    ticket.article.clone().into(),
                    client.into(),
                    now.into(),
                    now.into(),
                    key_hash.clone().into(),
                    id.clone().into(),
                ],
            ),
            Stmt::new(
                "INSERT INTO messages (ticket_id, author, body, created_at) SELECT ?, 'customer', ?, ? \
                 WHERE EXISTS (SELECT 1 FROM idempotency_keys WHERE key_hash = ? AND ticket_id = ?)",
                vec![
                    id.clone().into(),
                    (&ticket.body).into(),
                    now.into(),
                    key_hash.clone().into(),
                    id.clone().into(),
                ],
            ),
        ];
        if webhook {
            let payload = json!({
                "event": "ticket.created",
                "ticket": {
                    "id": id, "subject": ticket.subject, "name": ticket.name, "email": ticket.email,
                    "category": ticket.category, "language": ticket.language, "article": ticket.article,
                    "body": ticket.body, "created_at": rfc3339(now),
                },
            });
            stmts.push(outbox_stmt(
                "ticket.created",
                &id,
                &payload,
                now,
                Some((&key_hash, &id)),
            ));
        }
        stmts.push(Stmt::new(
            "SELECT i.ticket_id AS ticket_id, i.sealed_token AS sealed_token, t.language AS language \
             FROM idempotency_keys i JOIN tickets t ON t.id = i.ticket_id WHERE i.key_hash = ?",
            vec![key_hash.clone().into()],
        ));
        let results = match db.batch(stmts).await {
            Ok(r) => r,
            // A ticket number collision: try another number.
            Err(DbError::Constraint(_)) => continue,
            Err(e) => return Err(StoreError::Db(e)),
        };
        let row = results
            .last()
            .and_then(|rows| rows.first())
            .ok_or_else(|| StoreError::BadRow("the idempotency row is missing".into()))?;
        let stored_id = text_col(row, "ticket_id")?;
        if stored_id == id {
            return Ok(Created {
                id,
                token,
                language: ticket.language.clone(),
                replayed: false,
            });
        }
        let sealed = text_col(row, "sealed_token")?;
        return Ok(Created {
            id: stored_id,
            token: xor_hex(&sealed, &seal),
            language: text_col(row, "language")?,
            replayed: true,
        });
    }
    Err(StoreError::NoTicketNumber)
}

/// XORs a hex string with the key, as hex: seals and unseals tokens.
fn xor_hex(hex_text: &str, key: &[u8; 32]) -> String {
    let bytes = unhex(hex_text).unwrap_or_default();
    hex(&bytes
        .iter()
        .zip(key.iter().cycle())
        .map(|(a, b)| a ^ b)
        .collect::<Vec<u8>>())
}

/// A ticket and its public conversation. With `Some(token)` only when the
/// token opens it (customers); `None` skips the check (agents, after auth).
pub async fn ticket_view(db: &dyn Db, id: &str, token: Option<&str>) -> Result<Option<Ticket>, StoreError> {
    let results = db
        .batch(vec![
            Stmt::new(
                "SELECT id, token_hash, status, subject, language, created_at, updated_at FROM tickets WHERE id = ?",
                vec![id.into()],
            ),
            Stmt::new(
                "SELECT author, body, created_at FROM messages WHERE ticket_id = ? ORDER BY id",
                vec![id.into()],
            ),
        ])
        .await?;
    let allowed = |t: &&Row| token.is_none_or(|token| token_matches(t, token));
    let Some(ticket) = results[0].first().filter(allowed) else {
        if let Some(token) = token {
            // Same work as a wrong token, so unknown ids are not faster.
            let _ = ct_eq(&[0; 32], &sha256(&[token.as_bytes()]));
        }
        return Ok(None);
    };
    let messages = results[1]
        .iter()
        .map(|m| {
            Ok(Message {
                author: text_col(m, "author")?,
                body: text_col(m, "body")?,
                created_at: time_col(m, "created_at")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(Some(Ticket {
        created_at: time_col(ticket, "created_at")?,
        id: text_col(ticket, "id")?,
        language: text_col(ticket, "language")?,
        messages,
        status: status_col(ticket)?,
        subject: text_col(ticket, "subject")?,
        updated_at: time_col(ticket, "updated_at")?,
    }))
}

/// Constant-time check of `token` against the row's stored hash. A missing
/// row still costs a hash and a comparison, so timing does not tell an
/// unknown ticket from a wrong token.
fn token_matches(row: &Row, token: &str) -> bool {
    let stored = text(row, "token_hash")
        .and_then(|h| unhex(&h))
        .unwrap_or_else(|| vec![0; 32]);
    ct_eq(&stored, &sha256(&[token.as_bytes()]))
}

/// Whether `token` opens ticket `id`.
pub async fn check_token(db: &dyn Db, id: &str, token: &str) -> Result<bool, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT token_hash FROM tickets WHERE id = ?",
            vec![id.into()],
        )])
        .await?;
    let found = rows[0].first().is_some_and(|r| token_matches(r, token));
    if rows[0].is_empty() {
        let _ = ct_eq(&[0; 32], &sha256(&[token.as_bytes()]));
    }
    Ok(found)
}

/// Adds a customer reply (re-opening the ticket) and queues its webhook.
pub async fn add_customer_reply(db: &dyn Db, id: &str, body: &str, webhook: bool, now: i64) -> Result<(), StoreError> {
    let mut stmts = vec![
        Stmt::new(
            "INSERT INTO messages (ticket_id, author, body, created_at) VALUES (?, 'customer', ?, ?)",
            vec![id.into(), body.into(), now.into()],
        ),
        Stmt::new(
            "UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?",
            vec![TicketStatus::Open.into(), now.into(), id.into()],
        ),
    ];
    if webhook {
        let payload = json!({"event": "ticket.comment", "ticket_id": id, "body": body, "created_at": rfc3339(now)});
        stmts.push(outbox_stmt("ticket.comment", id, &payload, now, None));
    }
    db.batch(stmts).await?;
    Ok(())
}

/// What an agent changes on a ticket; `None` leaves a part as it is.
#[derive(Debug, Clone, Default)]
pub struct AgentUpdate {
    pub status: Option<TicketStatus>,
    /// A public reply.
    pub reply: Option<String>,
    /// `Some(None)` unassigns; `Some(Some(id))` assigns to agent `id`.
    pub assignee: Option<Option<String>>,
}

/// Applies an agent's change with its audit entries (a status or an
/// assignee that really changed, a reply), all in one batch. `false` if no
/// such ticket.
pub async fn agent_update(db: &dyn Db, id: &str, change: &AgentUpdate, by: &Actor<'_>) -> Result<bool, StoreError> {
    let mut stmts = Vec::new();
    // The entries go first: they read the ticket as it was.
    if let Some(status) = change.status {
        stmts.push(Stmt::new(
            "INSERT INTO audit_log (at, actor, action, target, detail, client_hash) \
             SELECT ?, ?, ?, id, json_object('from', status, 'to', ?), ? FROM tickets WHERE id = ? AND status <> ?",
            vec![
                by.at.into(),
                by.id.into(),
                Action::TicketStatusChanged.into(),
                status.into(),
                by.client.into(),
                id.into(),
                status.into(),
            ],
        ));
    }
    if let Some(assignee) = &change.assignee {
        stmts.push(Stmt::new(
            "INSERT INTO audit_log (at, actor, action, target, detail, client_hash) \
             SELECT ?, ?, ?, id, json_object('from', assignee_id, 'to', ?), ? FROM tickets \
             WHERE id = ? AND assignee_id IS NOT ?",
            vec![
                by.at.into(),
                by.id.into(),
                Action::TicketAssigned.into(),
                assignee.clone().into(),
                by.client.into(),
                id.into(),
                assignee.clone().into(),
            ],
        ));
    }
    if change.reply.is_some() {
        stmts.push(Stmt::new(
            "INSERT INTO audit_log (at, actor, action, target, detail, client_hash) \
             SELECT ?, ?, ?, id, '{}', ? FROM tickets WHERE id = ?",
            vec![
                by.at.into(),
                by.id.into(),
                Action::TicketReplied.into(),
                by.client.into(),
                id.into(),
            ],
        ));
    }
    let update = stmts.len();
    stmts.push(Stmt::new(
        "UPDATE tickets SET status = COALESCE(?, status), \
         assignee_id = CASE WHEN ? THEN ? ELSE assignee_id END, updated_at = ? WHERE id = ? RETURNING id",
        vec![
            change.status.into(),
            i64::from(change.assignee.is_some()).into(),
            change.assignee.clone().flatten().into(),
            by.at.into(),
            id.into(),
        ],
    ));
    if let Some(reply) = &change.reply {
        stmts.push(Stmt::new(
            "INSERT INTO messages (ticket_id, author, agent_id, body, created_at) SELECT ?, 'agent', ?, ?, ? \
             WHERE EXISTS (SELECT 1 FROM tickets WHERE id = ?)",
            vec![id.into(), by.id.into(), reply.into(), by.at.into(), id.into()],
        ));
    }
    let results = db.batch(stmts).await?;
    Ok(!results[update].is_empty())
}

/// A [`TicketSummary`] from a row with the [`summary_columns!`].
pub(super) fn summary_of(r: &Row) -> Result<TicketSummary, StoreError> {
    Ok(TicketSummary {
        article: text(r, "article"),
        assignee: text(r, "assignee_id"),
        category: text(r, "category"),
        created_at: time_col(r, "created_at")?,
        email: text_col(r, "email")?,
        id: text_col(r, "id")?,
        language: text_col(r, "language")?,
        name: text_col(r, "name")?,
        status: status_col(r)?,
        subject: text_col(r, "subject")?,
        updated_at: time_col(r, "updated_at")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_numbers_look_right() {
        let n = new_ticket_number("PB");
        assert_eq!(n.len(), 9);
        assert!(n.starts_with("PB-"));
        assert!(n[3..].bytes().all(|b| TICKET_ALPHABET.contains(&b)));
    }

    #[test]
    fn statuses_read_back_what_they_write() {
        for status in [TicketStatus::Open, TicketStatus::Pending, TicketStatus::Solved] {
            assert_eq!(status.as_str().parse(), Ok(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        assert_eq!("closed".parse::<TicketStatus>(), Err(UnknownStatus));
    }
}
