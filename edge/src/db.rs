//! The storage boundary: a minimal SQL trait that both hosts implement.
//!
//! All domain logic (tickets, votes, limits, outbox) lives once in
//! [`crate::store`] as SQL over this trait, so the SQLite host and the D1 host
//! cannot drift apart: they only differ in how a batch of statements reaches
//! the database. A batch is atomic (one transaction on SQLite, `batch()` on
//! D1), which is what makes an answered 201 durable together with its outbox
//! entry.
//!
//! The trait is `Send + Sync` with `Send` futures because axum handlers must
//! be `Send`; the Worker implementation wraps its (single-threaded, not-Send)
//! JS futures in `worker::send::SendFuture`, which is sound on wasm32.

use async_trait::async_trait;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// One SQL parameter. Only the types the schema uses.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Null,
    Int(i64),
    Text(String),
}

impl From<i64> for Param {
    fn from(v: i64) -> Self {
        Param::Int(v)
    }
}
impl From<&str> for Param {
    fn from(v: &str) -> Self {
        Param::Text(v.to_owned())
    }
}
impl From<String> for Param {
    fn from(v: String) -> Self {
        Param::Text(v)
    }
}
impl From<&String> for Param {
    fn from(v: &String) -> Self {
        Param::Text(v.clone())
    }
}
impl<T: Into<Param>> From<Option<T>> for Param {
    fn from(v: Option<T>) -> Self {
        v.map_or(Param::Null, Into::into)
    }
}

/// One statement of a batch, with positional (`?`) parameters.
#[derive(Debug, Clone)]
pub struct Stmt {
    /// Fixed text almost always; composed (from fixed fragments only, never
    /// from input) where a query's shape depends on its filters.
    pub sql: Cow<'static, str>,
    pub params: Vec<Param>,
}

impl Stmt {
    pub fn new(sql: impl Into<Cow<'static, str>>, params: Vec<Param>) -> Self {
        Stmt {
            sql: sql.into(),
            params,
        }
    }
}

/// A result row as column name → JSON value (what D1 returns natively).
pub type Row = Map<String, Value>;

/// Why a batch failed. `Constraint` is separated out because callers retry
/// on it (e.g. a ticket number collision).
#[derive(Debug, Clone, thiserror::Error)]
pub enum DbError {
    #[error("constraint violation: {0}")]
    Constraint(String),
    #[error("database error: {0}")]
    Other(String),
}

/// Runs SQL. Implemented by [`crate::sqlite::SqliteDb`] natively and by the
/// D1 binding in the Worker.
#[async_trait]
pub trait Db: Send + Sync {
    /// Runs `stmts` in order, atomically (all or nothing), and returns the
    /// rows each produced (empty for statements without results/RETURNING).
    async fn batch(&self, stmts: Vec<Stmt>) -> Result<Vec<Vec<Row>>, DbError>;
}

/// The migrations, in order: (name, SQL). Shared with `wrangler d1
/// migrations apply`, which reads the same files from `edge/migrations/`.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init.sql", include_str!("../migrations/0001_init.sql")),
    ("0002_agents.sql", include_str!("../migrations/0002_agents.sql")),
    ("0003_mfa.sql", include_str!("../migrations/0003_mfa.sql")),
    ("0004_workspace.sql", include_str!("../migrations/0004_workspace.sql")),
    ("0005_queue.sql", include_str!("../migrations/0005_queue.sql")),
    ("0006_sso.sql", include_str!("../migrations/0006_sso.sql")),
];

/// Reads an integer column; absent or non-integer is `None`.
pub fn int(row: &Row, col: &str) -> Option<i64> {
    row.get(col)
        .and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
}

/// Reads a text column; NULL/absent is `None`.
pub fn text(row: &Row, col: &str) -> Option<String> {
    row.get(col).and_then(|v| v.as_str()).map(str::to_owned)
}
