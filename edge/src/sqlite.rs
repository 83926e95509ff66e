//! Native storage: SQLite through rusqlite (bundled, so no system library).
//!
//! One connection, owned by one writer thread, runs every batch: batches
//! are trivially serialized and no async worker ever blocks on SQLite.
//! The thread commits in groups: it takes every batch waiting in its queue
//! (up to [`GROUP_MAX`]), runs each inside its own SAVEPOINT of one
//! IMMEDIATE transaction — a failing batch rolls back alone — and commits
//! once, with `synchronous = FULL` in WAL mode. Only then does it answer the
//! callers, so once a handler has a result the data is on disk: a SIGKILL
//! (or a power cut) right after a 201 loses nothing. Under load, one fsync
//! then covers many requests instead of each paying its own, which is what
//! lets a small server sustain thousands of writes per second (see
//! `bench/load.sh`); when idle, a group is a single batch.
//!
//! Batches that only read (every statement a `SELECT`: status look-ups,
//! rate-limit peeks) go to a second, read-only connection on its own thread
//! instead, so they never queue behind a group waiting for its fsync; WAL
//! lets that reader see every committed write without blocking the writer.
//!
//! [`Synchronous::Normal`] trades the power-cut guarantee for speed on
//! slow or busy disks: commits then reach the operating system but are
//! fsynced only at checkpoints, which still survives a SIGKILL of the
//! server (the crash tests kill it under both settings) but may lose the
//! last commits if the machine itself goes down.

use crate::db::{Db, DbError, Param, Row, Stmt, MIGRATIONS};
use async_trait::async_trait;
use rusqlite::{types::ValueRef, Connection, ErrorCode, OpenFlags, TransactionBehavior};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use tokio::sync::oneshot;

/// The default database file, relative to the site root.
pub const DEFAULT_PATH: &str = ".portico/edge.sqlite";

/// Most batches committed together: bounds the time the first caller of a
/// group waits for the last one's statements.
pub const GROUP_MAX: usize = 256;

type Reply = oneshot::Sender<Result<Vec<Vec<Row>>, DbError>>;
type Queue = mpsc::Sender<(Vec<Stmt>, Reply)>;

/// When a commit counts as done (SQLite's `PRAGMA synchronous` in WAL mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Synchronous {
    /// Each group commit is fsynced before anyone is answered: a 201
    /// survives a SIGKILL and a power cut. The default.
    #[default]
    Full,
    /// Commits are written to the OS, fsynced at checkpoints: a 201
    /// survives a SIGKILL of the server, not a crash of the machine.
    Normal,
}

/// A SQLite database file with the edge schema applied. Clones share the
/// storage threads, which end when the last clone is dropped.
#[derive(Clone)]
pub struct SqliteDb {
    writer: Queue,
    /// Read-only batches; `None` for in-memory databases (a second
    /// connection would see a different, empty database).
    reader: Option<Queue>,
}

impl SqliteDb {
    /// Opens (creating folders and the file if needed) and migrates `path`,
    /// with [`Synchronous::Full`].
    pub fn open(path: impl AsRef<Path>) -> Result<Self, DbError> {
        Self::open_with(path, Synchronous::Full)
    }

    /// [`SqliteDb::open`] with a choice of durability.
    pub fn open_with(path: impl AsRef<Path>, sync: Synchronous) -> Result<Self, DbError> {
        let path: PathBuf = path.as_ref().to_owned();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| DbError::Other(format!("creating {}: {e}", dir.display())))?;
        }
        let conn = Connection::open(&path).map_err(other)?;
        let mut db = Self::init(conn, sync)?;
        let reader = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(other)?;
        reader.busy_timeout(std::time::Duration::from_secs(5)).map_err(other)?;
        db.reader = Some(spawn("portico-edge-sqlite-read", move |jobs| read_loop(reader, jobs))?);
        Ok(db)
    }

    /// An in-memory database (tests, experiments).
    pub fn open_in_memory() -> Result<Self, DbError> {
        Self::init(Connection::open_in_memory().map_err(other)?, Synchronous::Full)
    }

    fn init(mut conn: Connection, sync: Synchronous) -> Result<Self, DbError> {
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(other)?;
        let sync = match sync {
            Synchronous::Full => "FULL",
            Synchronous::Normal => "NORMAL",
        };
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = {sync}; PRAGMA foreign_keys = ON;"
        ))
        .map_err(other)?;
        migrate(&mut conn)?;
        let writer = spawn("portico-edge-sqlite", move |jobs| write_loop(conn, jobs))?;
        Ok(SqliteDb { writer, reader: None })
    }

    /// Runs one batch on `conn` (inside the group's savepoint).
    fn run(conn: &Connection, stmts: &[Stmt]) -> Result<Vec<Vec<Row>>, DbError> {
        let tx = conn;
        let mut out = Vec::with_capacity(stmts.len());
        for stmt in stmts {
            let mut prepared = tx.prepare_cached(&stmt.sql).map_err(classify)?;
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
        Ok(out)
    }
}

type Jobs = mpsc::Receiver<(Vec<Stmt>, Reply)>;

/// Starts a storage thread running `body` over its job queue.
fn spawn(name: &str, body: impl FnOnce(Jobs) + Send + 'static) -> Result<Queue, DbError> {
    let (queue, jobs) = mpsc::channel();
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || body(jobs))
        .map_err(|e| DbError::Other(format!("starting the storage thread: {e}")))?;
    Ok(queue)
}

/// The reader thread: each read-only batch in one read transaction (one
/// consistent snapshot), until every [`SqliteDb`] is dropped.
fn read_loop(mut conn: Connection, jobs: Jobs) {
    while let Ok((stmts, reply)) = jobs.recv() {
        let result = conn
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .map_err(classify)
            .and_then(|tx| {
                let rows = SqliteDb::run(&tx, &stmts)?;
                tx.commit().map_err(classify)?;
                Ok(rows)
            });
        let _ = reply.send(result);
    }
}

/// Whether every statement of a batch only reads.
fn read_only(stmts: &[Stmt]) -> bool {
    stmts.iter().all(|s| {
        s.sql
            .trim_start()
            .get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case("select "))
    })
}

/// The writer thread: group commits until every [`SqliteDb`] is dropped.
fn write_loop(mut conn: Connection, jobs: Jobs) {
    while let Ok(first) = jobs.recv() {
        let mut group = vec![first];
        while group.len() < GROUP_MAX {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let results = commit_group(&mut conn, &group);
        for ((_, reply), result) in group.into_iter().zip(results) {
            // The caller may be gone (client hung up); the data stays.
            let _ = reply.send(result);
        }
    }
}

/// Runs each batch of `group` in its own savepoint of one transaction and
/// commits once. A batch that fails is rolled back alone; if the commit
/// fails, every batch fails.
fn commit_group(conn: &mut Connection, group: &[(Vec<Stmt>, Reply)]) -> Vec<Result<Vec<Vec<Row>>, DbError>> {
    let failed_all = |e: DbError| group.iter().map(|_| Err(e.clone())).collect();
    let mut tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => return failed_all(classify(e)),
    };
    let mut results = Vec::with_capacity(group.len());
    for (stmts, _) in group {
        let result = match tx.savepoint() {
            Ok(mut sp) => {
                sp.set_drop_behavior(rusqlite::DropBehavior::Rollback);
                match SqliteDb::run(&sp, stmts) {
                    Ok(rows) => sp.commit().map(|()| rows).map_err(classify),
                    Err(e) => Err(e), // dropping `sp` rolls this batch back
                }
            }
            Err(e) => Err(classify(e)),
        };
        results.push(result);
    }
    match tx.commit() {
        Ok(()) => results,
        Err(e) => failed_all(classify(e)),
    }
}

#[async_trait]
impl Db for SqliteDb {
    async fn batch(&self, stmts: Vec<Stmt>) -> Result<Vec<Vec<Row>>, DbError> {
        let (reply, answer) = oneshot::channel();
        let gone = || DbError::Other("the storage thread has stopped".into());
        let queue = match &self.reader {
            Some(reader) if read_only(&stmts) => reader,
            _ => &self.writer,
        };
        queue.send((stmts, reply)).map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
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
