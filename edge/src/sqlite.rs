//! Native storage: SQLite through rusqlite (bundled, so no system library).
//!
//! One connection behind a mutex is plenty for a local help center and keeps
//! every batch trivially serialized. Each batch runs in an IMMEDIATE
//! transaction with `synchronous = FULL` in WAL mode, so once a handler has a
//! result the data is on disk: a SIGKILL right after a 201 loses nothing.

use crate::db::{Db, DbError, Param, Row, Stmt, MIGRATIONS};
use async_trait::async_trait;
use rusqlite::{types::ValueRef, Connection, ErrorCode, TransactionBehavior};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The default database file, relative to the site root.
pub const DEFAULT_PATH: &str = ".portico/edge.sqlite";

/// A SQLite database file with the edge schema applied.
#[derive(Clone)]
pub struct SqliteDb {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteDb {
    /// Opens (creating folders and the file if needed) and migrates `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, DbError> {
        let path: PathBuf = path.as_ref().to_owned();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| DbError::Other(format!("creating {}: {e}", dir.display())))?;
        }
        let conn = Connection::open(&path).map_err(other)?;
        Self::init(conn)
    }

    /// An in-memory database (tests, experiments).
    pub fn open_in_memory() -> Result<Self, DbError> {
        Self::init(Connection::open_in_memory().map_err(other)?)
    }

    fn init(mut conn: Connection) -> Result<Self, DbError> {
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(other)?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(other)?;
        migrate(&mut conn)?;
        Ok(SqliteDb {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    fn run(conn: &mut Connection, stmts: &[Stmt]) -> Result<Vec<Vec<Row>>, DbError> {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(classify)?;
        let mut out = Vec::with_capacity(stmts.len());
        for stmt in stmts {
            let mut prepared = tx.prepare_cached(stmt.sql).map_err(classify)?;
            let names: Vec<String> = prepared.column_names().iter().map(|s| s.to_string()).collect();
            let params = rusqlite::params_from_iter(stmt.params.iter().map(to_sql));
            let mut rows = prepared.query(params).map_err(classify)?;
            let mut collected = Vec::new();
            while let Some(row) = rows.next().map_err(classify)? {
                let mut map = Row::new();
                for (i, name) in names.iter().enumerate() {
                    let value = match row.get_ref(i).map_err(classify)? {
                        ValueRef::Null | ValueRef::Blob(_) => Value::Null,
                        ValueRef::Integer(n) => Value::from(n),
                        ValueRef::Real(f) => Value::from(f),
                        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                    };
                    map.insert(name.clone(), value);
                }
                collected.push(map);
            }
            out.push(collected);
        }
        tx.commit().map_err(classify)?;
        Ok(out)
    }
}

#[async_trait]
impl Db for SqliteDb {
    async fn batch(&self, stmts: Vec<Stmt>) -> Result<Vec<Vec<Row>>, DbError> {
        let conn = self.conn.clone();
        // SQLite calls block (fsync on commit): keep them off the async workers.
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            SqliteDb::run(&mut guard, &stmts)
        })
        .await
        .map_err(|e| DbError::Other(format!("storage task failed: {e}")))?
    }
}

/// Applies the migrations not yet applied, tracked by `PRAGMA user_version`.
fn migrate(conn: &mut Connection) -> Result<(), DbError> {
    let applied: usize = conn
        .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .map_err(other)? as usize;
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction().map_err(other)?;
        tx.execute_batch(sql)
            .map_err(|e| DbError::Other(format!("migration {name}: {e}")))?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", index + 1))
            .map_err(other)?;
        tx.commit().map_err(other)?;
    }
    Ok(())
}

fn to_sql(p: &Param) -> rusqlite::types::Value {
    match p {
        Param::Null => rusqlite::types::Value::Null,
        Param::Int(n) => rusqlite::types::Value::Integer(*n),
        Param::Text(s) => rusqlite::types::Value::Text(s.clone()),
    }
}

fn other(e: rusqlite::Error) -> DbError {
    DbError::Other(e.to_string())
}

fn classify(e: rusqlite::Error) -> DbError {
    match e.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => DbError::Constraint(e.to_string()),
        _ => DbError::Other(e.to_string()),
    }
}
