//! The agents' side of a ticket: internal notes, and the agent view that
//! shows them beside the thread with each reply's author. Kept apart from
//! [`super::tickets`] so the customer's view cannot pick a note up by
//! accident: only [`agent_ticket`] reads `ticket_notes`, and only agent
//! routes call it. Adding a note queues no webhook and leaves `updated_at`
//! alone (the customer sees that time).

use super::audit::{Action, Actor};
use super::tickets::{summary_columns, summary_of};
use super::{int_col, text_col, time_col, StoreError, TicketSummary};
use crate::clock::Timestamp;
use crate::db::{text, Db, Row, Stmt};
use serde::Serialize;

/// A ticket as agents see it: the customer's contact fields, the whole
/// thread with the agents who wrote the replies, and the internal notes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentTicket {
    #[serde(flatten)]
    pub summary: TicketSummary,
    /// Oldest first.
    pub messages: Vec<AgentMessage>,
    /// Oldest first.
    pub notes: Vec<Note>,
}

/// One message of the thread, with its agent for agent replies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentMessage {
    /// `customer` or `agent`.
    pub author: String,
    /// The writing agent's id (`bootstrap` for the bootstrap key); `None`
    /// for the customer and for replies older than the workspace.
    pub agent_id: Option<String>,
    /// That agent's current display name, if the account still exists.
    pub agent_name: Option<String>,
    pub body: String,
    pub created_at: Timestamp,
}

/// An internal note: agents only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub id: i64,
    pub agent_id: String,
    pub agent_name: Option<String>,
    pub body: String,
    pub created_at: Timestamp,
}

/// The agent view of ticket `id`, or `None` if there is no such ticket.
pub async fn agent_ticket(db: &dyn Db, id: &str) -> Result<Option<AgentTicket>, StoreError> {
    let results = db
        .batch(vec![
            Stmt::new(
                concat!("SELECT ", summary_columns!(), " FROM tickets WHERE id = ?"),
                vec![id.into()],
            ),
            Stmt::new(
                "SELECT m.author AS author, m.agent_id AS agent_id, a.name AS agent_name, m.body AS body, \
                 m.created_at AS created_at FROM messages m LEFT JOIN agents a ON a.id = m.agent_id \
                 WHERE m.ticket_id = ? ORDER BY m.id",
                vec![id.into()],
            ),
            Stmt::new(
                "SELECT n.id AS id, n.agent_id AS agent_id, a.name AS agent_name, n.body AS body, \
                 n.created_at AS created_at FROM ticket_notes n LEFT JOIN agents a ON a.id = n.agent_id \
                 WHERE n.ticket_id = ? ORDER BY n.id",
                vec![id.into()],
            ),
        ])
        .await?;
    let Some(row) = results[0].first() else {
        return Ok(None);
    };
    let messages = results[1]
        .iter()
        .map(|m: &Row| {
            Ok(AgentMessage {
                author: text_col(m, "author")?,
                agent_id: text(m, "agent_id"),
                agent_name: text(m, "agent_name"),
                body: text_col(m, "body")?,
                created_at: time_col(m, "created_at")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let notes = results[2]
        .iter()
        .map(|n: &Row| {
            Ok(Note {
                id: int_col(n, "id")?,
                agent_id: text_col(n, "agent_id")?,
                agent_name: text(n, "agent_name"),
                body: text_col(n, "body")?,
                created_at: time_col(n, "created_at")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(Some(AgentTicket {
        summary: summary_of(row)?,
        messages,
        notes,
    }))
}

/// Adds an internal note by `by` with its audit entry, in one batch.
/// `false` if there is no ticket `id`.
pub async fn add_note(db: &dyn Db, id: &str, body: &str, by: &Actor<'_>) -> Result<bool, StoreError> {
    let results = db
        .batch(vec![
            Stmt::new(
                "INSERT INTO audit_log (at, actor, action, target, detail, client_hash) \
                 SELECT ?, ?, ?, id, '{}', ? FROM tickets WHERE id = ?",
                vec![
                    by.at.into(),
                    by.id.into(),
                    Action::TicketNoteAdded.into(),
                    by.client.into(),
                    id.into(),
                ],
            ),
            Stmt::new(
                "INSERT INTO ticket_notes (ticket_id, agent_id, body, created_at) SELECT id, ?, ?, ? \
                 FROM tickets WHERE id = ? RETURNING id",
                vec![by.id.into(), body.into(), by.at.into(), id.into()],
            ),
        ])
        .await?;
    Ok(!results[1].is_empty())
}
