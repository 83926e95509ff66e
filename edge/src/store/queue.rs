//! The agents' queue: tickets by status, assignee, category and language,
//! found by text, sorted by last update or creation, a page at a time by a
//! keyset cursor, and the change feed the workspace polls.
//!
//! The `WHERE` clause is composed from the fixed fragments below, one per
//! filter that is set (never from input, which only ever binds), so each
//! combination is planned on its own and can use its index; one statement
//! with `? IS NULL OR …` for every filter would scan.

use super::tickets::{summary_columns, summary_of};
use super::{StoreError, TicketStatus, TicketSummary};
use crate::clock::Timestamp;
use crate::db::{Db, Param, Stmt};

/// Whose tickets.
#[derive(Debug, Clone, PartialEq)]
pub enum AssigneeFilter {
    /// Assigned to this agent id.
    Agent(String),
    Unassigned,
}

/// The order of the queue; the ticket id breaks ties so a cursor is exact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum QueueSort {
    Updated,
    Created,
}

impl QueueSort {
    fn column(self) -> &'static str {
        match self {
            QueueSort::Updated => "updated_at",
            QueueSort::Created => "created_at",
        }
    }
}

/// Where the previous page ended: the sort column's value and the ticket id
/// of its last row. Written into URLs as `<millis>.<id>`.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueCursor {
    pub at: i64,
    pub id: String,
}

impl QueueCursor {
    /// The `<millis>.<id>` form, `None` when it is not one.
    pub fn parse(s: &str) -> Option<QueueCursor> {
        let (at, id) = s.split_once('.')?;
        let valid_id = !id.is_empty() && id.len() <= 32 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        Some(QueueCursor {
            at: at.parse().ok().filter(|n: &i64| *n >= 0)?,
            id: valid_id.then(|| id.to_owned())?,
        })
    }
}

impl std::fmt::Display for QueueCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.at, self.id)
    }
}

/// What an agent asked the queue for. Empty `statuses` means every status.
#[derive(Debug, Clone)]
pub struct QueueQuery {
    pub statuses: Vec<TicketStatus>,
    pub assignee: Option<AssigneeFilter>,
    pub category: Option<String>,
    pub language: Option<String>,
    /// Words to find in the ticket's number, subject, customer name and
    /// e-mail, or in any public message.
    pub text: Option<String>,
    /// Only tickets changed at or after this time (the change feed; inclusive,
    /// so a poll never misses a change made in the same millisecond).
    pub updated_since: Option<Timestamp>,
    pub sort: QueueSort,
    pub ascending: bool,
    pub after: Option<QueueCursor>,
    pub limit: i64,
}

/// One page of the queue, and where the next one starts.
#[derive(Debug)]
pub struct QueuePage {
    pub tickets: Vec<TicketSummary>,
    pub next: Option<QueueCursor>,
}

/// The trigram index matches three or more characters; shorter text is
/// looked for by a scan of the same table.
const INDEXED_TEXT: usize = 3;

/// The queue's page for `q`.
pub async fn queue(db: &dyn Db, q: &QueueQuery) -> Result<QueuePage, StoreError> {
    let (sql, params) = compose(q);
    let rows = db.batch(vec![Stmt::new(sql, params)]).await?;
    let mut tickets = rows[0].iter().map(summary_of).collect::<Result<Vec<_>, _>>()?;
    // One row more than asked says whether a next page exists.
    let next = if tickets.len() as i64 > q.limit {
        tickets.truncate(q.limit as usize);
        tickets.last().map(|t| QueueCursor {
            at: match q.sort {
                QueueSort::Updated => t.updated_at.0,
                QueueSort::Created => t.created_at.0,
            },
            id: t.id.clone(),
        })
    } else {
        None
    };
    Ok(QueuePage { tickets, next })
}

/// The statement for `q`: fixed fragments joined, the values bound.
fn compose(q: &QueueQuery) -> (String, Vec<Param>) {
    let mut sql = format!("SELECT {} FROM tickets WHERE 1", summary_columns!());
    let mut params: Vec<Param> = Vec::new();
    if !q.statuses.is_empty() {
        let marks = vec!["?"; q.statuses.len()].join(", ");
        sql.push_str(&format!(" AND status IN ({marks})"));
        params.extend(q.statuses.iter().map(|s| Param::from(s.as_str())));
    }
    match &q.assignee {
        Some(AssigneeFilter::Agent(id)) => {
            sql.push_str(" AND assignee_id = ?");
            params.push(id.into());
        }
        Some(AssigneeFilter::Unassigned) => sql.push_str(" AND assignee_id IS NULL"),
        None => {}
    }
    if let Some(category) = &q.category {
        sql.push_str(" AND category = ?");
        params.push(category.into());
    }
    if let Some(language) = &q.language {
        sql.push_str(" AND language = ?");
        params.push(language.into());
    }
    if let Some(text) = &q.text {
        if text.chars().count() >= INDEXED_TEXT {
            sql.push_str(" AND id IN (SELECT ticket_id FROM ticket_search WHERE ticket_search MATCH ?)");
            params.push(format!("\"{}\"", text.replace('"', "\"\"")).into());
        } else {
            sql.push_str(" AND id IN (SELECT ticket_id FROM ticket_search WHERE body LIKE ? ESCAPE '\\')");
            params.push(format!("%{}%", like_escaped(text)).into());
        }
    }
    if let Some(since) = q.updated_since {
        sql.push_str(" AND updated_at >= ?");
        params.push(since.0.into());
    }
    let column = q.sort.column();
    let (compare, direction) = if q.ascending { (">", "ASC") } else { ("<", "DESC") };
    if let Some(after) = &q.after {
        sql.push_str(&format!(" AND ({column}, id) {compare} (?, ?)"));
        params.push(after.at.into());
        params.push(after.id.clone().into());
    }
    sql.push_str(&format!(" ORDER BY {column} {direction}, id {direction} LIMIT ?"));
    params.push((q.limit + 1).into());
    (sql, params)
}

/// `text` with LIKE's wildcards and the escape character taken literally.
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let c = QueueCursor {
            at: 1_700_000_000_123,
            id: "PB-7K3QX".into(),
        };
        assert_eq!(QueueCursor::parse(&c.to_string()), Some(c));
        for bad in ["", ".", "12", "x.PB-1", "-5.PB-1", "5.", "5.a'b", "5.a b"] {
            assert_eq!(QueueCursor::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(like_escaped(r"50%_a\b"), r"50\%\_a\\b");
    }
}
