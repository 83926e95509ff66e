//! What agents authenticate with after signing in: browser sessions and API
//! tokens, both stored only as hashes of the secret the agent holds, and
//! both found only together with an active account.

use super::agents::{account, Account};
use super::audit::{Action, Actor};
use super::{int_col, text_col, time_col, StoreError};
use crate::clock::Timestamp;
use crate::db::{int, Db, Param, Stmt};
use serde::Serialize;
use serde_json::json;

/// A session as the extractor checks it.
#[derive(Debug, Clone)]
pub struct Session {
    pub agent: Account,
    pub last_seen_at: i64,
    pub expires_at: i64,
    /// Opened under `require_mfa` by an admin without TOTP: may only enrol.
    pub enrol_only: bool,
    /// `password` or `sso`.
    pub auth_method: String,
}

/// How a session is being opened.
#[derive(Debug, Clone, Copy)]
pub struct Opening<'a> {
    /// How the agent proved who they are, for the audit entry
    /// (`password`, `password+totp`, `password+recovery_code`, `sso`).
    pub method: &'a str,
    /// Opened by single sign-on rather than a password (the session's
    /// `auth_method`).
    pub sso: bool,
    /// See [`Session::enrol_only`].
    pub enrol_only: bool,
}

/// Opens a session (by the hash of its id) for `agent_id`, recording the
/// sign-in.
pub async fn create_session(
    db: &dyn Db,
    id_hash: &str,
    agent_id: &str,
    expires_at: i64,
    opening: Opening<'_>,
    by: &Actor<'_>,
) -> Result<(), StoreError> {
    db.batch(vec![
        Stmt::new(
            "INSERT INTO agent_sessions (id_hash, agent_id, auth_method, client_hash, created_at, last_seen_at, \
             expires_at, enrol_only) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            vec![
                id_hash.into(),
                agent_id.into(),
                (if opening.sso { "sso" } else { "password" }).into(),
                by.client.unwrap_or_default().into(),
                by.at.into(),
                by.at.into(),
                expires_at.into(),
                i64::from(opening.enrol_only).into(),
            ],
        ),
        by.record(
            Action::SignIn,
            Some(agent_id),
            &json!({"method": opening.method, "enrol_only": opening.enrol_only}),
        ),
    ])
    .await?;
    Ok(())
}

/// The session with id hash `id_hash`, if its account is active (expiry is
/// the caller's check, against its configured idle time).
pub async fn session(db: &dyn Db, id_hash: &str) -> Result<Option<Session>, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT a.id, a.email, a.name, a.role, a.language, a.active, \
             a.password_hash IS NOT NULL AS password_set, a.created_at, a.updated_at, \
             s.last_seen_at, s.expires_at, s.enrol_only, s.auth_method \
             FROM agent_sessions s JOIN agents a ON a.id = s.agent_id WHERE s.id_hash = ? AND a.active = 1",
            vec![id_hash.into()],
        )])
        .await?;
    rows[0]
        .first()
        .map(|r| {
            Ok(Session {
                agent: account(r)?,
                last_seen_at: int_col(r, "last_seen_at")?,
                expires_at: int_col(r, "expires_at")?,
                enrol_only: int_col(r, "enrol_only")? == 1,
                auth_method: text_col(r, "auth_method")?,
            })
        })
        .transpose()
}

/// Notes that a session was used at `now` (its idle time starts again).
pub async fn touch_session(db: &dyn Db, id_hash: &str, now: i64) -> Result<(), StoreError> {
    db.batch(vec![Stmt::new(
        "UPDATE agent_sessions SET last_seen_at = ? WHERE id_hash = ?",
        vec![now.into(), id_hash.into()],
    )])
    .await?;
    Ok(())
}

/// Ends one session (sign-out).
pub async fn end_session(db: &dyn Db, id_hash: &str, agent_id: &str, by: &Actor<'_>) -> Result<(), StoreError> {
    db.batch(vec![
        Stmt::new("DELETE FROM agent_sessions WHERE id_hash = ?", vec![id_hash.into()]),
        by.record(Action::SignOut, Some(agent_id), &json!({})),
    ])
    .await?;
    Ok(())
}

/// Ends every session of `agent_id`; returns how many there were.
pub async fn end_sessions(db: &dyn Db, agent_id: &str, by: &Actor<'_>) -> Result<i64, StoreError> {
    let results = db
        .batch(vec![
            Stmt::new(
                "DELETE FROM agent_sessions WHERE agent_id = ? RETURNING id_hash",
                vec![agent_id.into()],
            ),
            by.record(Action::SignOutEverywhere, Some(agent_id), &json!({})),
        ])
        .await?;
    Ok(results[0].len() as i64)
}

/// What an API token may do: `read` only reads (GET), `write` everything
/// its agent's role allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Read,
    Write,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }
}

impl std::str::FromStr for Scope {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "read" => Ok(Scope::Read),
            "write" => Ok(Scope::Write),
            _ => Err(()),
        }
    }
}

impl From<Scope> for Param {
    fn from(scope: Scope) -> Self {
        scope.as_str().into()
    }
}

/// An API token as its agent lists it (never the secret or its hash).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenInfo {
    pub created_at: Timestamp,
    pub id: String,
    pub last_used_at: Option<Timestamp>,
    pub name: String,
    pub revoked_at: Option<Timestamp>,
    pub scope: Scope,
}

/// A [`TokenInfo`] from a row with `token_id, token_name, scope,
/// token_created_at, last_used_at, revoked_at`.
fn token_info(row: &crate::db::Row) -> Result<TokenInfo, StoreError> {
    let scope = text_col(row, "scope")?;
    Ok(TokenInfo {
        created_at: time_col(row, "token_created_at")?,
        id: text_col(row, "token_id")?,
        last_used_at: int(row, "last_used_at").map(Timestamp),
        name: text_col(row, "token_name")?,
        revoked_at: int(row, "revoked_at").map(Timestamp),
        scope: scope
            .parse()
            .map_err(|()| StoreError::BadRow(format!("unknown scope `{scope}`")))?,
    })
}

/// A new token's fields.
#[derive(Debug, Clone)]
pub struct NewToken<'a> {
    pub id: &'a str,
    pub agent_id: &'a str,
    pub name: &'a str,
    pub scope: Scope,
    pub token_hash: &'a str,
}

/// Stores a token (by its hash), recording its creation.
pub async fn create_token(db: &dyn Db, new: &NewToken<'_>, by: &Actor<'_>) -> Result<TokenInfo, StoreError> {
    let detail = json!({"token": new.id, "name": new.name, "scope": new.scope.as_str()});
    db.batch(vec![
        Stmt::new(
            "INSERT INTO agent_tokens (id, agent_id, name, scope, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            vec![
                new.id.into(),
                new.agent_id.into(),
                new.name.into(),
                new.scope.into(),
                new.token_hash.into(),
                by.at.into(),
            ],
        ),
        by.record(Action::TokenCreated, Some(new.agent_id), &detail),
    ])
    .await?;
    Ok(TokenInfo {
        created_at: Timestamp(by.at),
        id: new.id.to_owned(),
        last_used_at: None,
        name: new.name.to_owned(),
        revoked_at: None,
        scope: new.scope,
    })
}

/// The active account and unrevoked token a token hash belongs to.
pub async fn token(db: &dyn Db, token_hash: &str) -> Result<Option<(Account, TokenInfo)>, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT a.id, a.email, a.name, a.role, a.language, a.active, \
             a.password_hash IS NOT NULL AS password_set, a.created_at, a.updated_at, \
             t.id AS token_id, t.name AS token_name, t.scope, t.created_at AS token_created_at, \
             t.last_used_at, t.revoked_at \
             FROM agent_tokens t JOIN agents a ON a.id = t.agent_id \
             WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.active = 1",
            vec![token_hash.into()],
        )])
        .await?;
    rows[0].first().map(|r| Ok((account(r)?, token_info(r)?))).transpose()
}

/// Notes that a token was used at `now`.
pub async fn touch_token(db: &dyn Db, token_id: &str, now: i64) -> Result<(), StoreError> {
    db.batch(vec![Stmt::new(
        "UPDATE agent_tokens SET last_used_at = ? WHERE id = ?",
        vec![now.into(), token_id.into()],
    )])
    .await?;
    Ok(())
}

/// The tokens of `agent_id`, newest first, revoked ones included.
pub async fn tokens(db: &dyn Db, agent_id: &str) -> Result<Vec<TokenInfo>, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT id AS token_id, name AS token_name, scope, created_at AS token_created_at, last_used_at, revoked_at \
             FROM agent_tokens WHERE agent_id = ? ORDER BY created_at DESC, id",
            vec![agent_id.into()],
        )])
        .await?;
    rows[0].iter().map(token_info).collect()
}

/// Revokes token `token_id` of `agent_id`; `false` when it is not theirs or
/// already revoked.
pub async fn revoke_token(db: &dyn Db, agent_id: &str, token_id: &str, by: &Actor<'_>) -> Result<bool, StoreError> {
    let results = db
        .batch(vec![
            Stmt::new(
                "INSERT INTO audit_log (at, actor, action, target, detail, client_hash) SELECT ?, ?, ?, ?, ?, ? \
                 WHERE EXISTS (SELECT 1 FROM agent_tokens WHERE id = ? AND agent_id = ? AND revoked_at IS NULL)",
                [
                    by.params(
                        Action::TokenRevoked,
                        Some(agent_id.to_owned()),
                        &json!({"token": token_id}),
                    ),
                    vec![token_id.into(), agent_id.into()],
                ]
                .concat(),
            ),
            Stmt::new(
                "UPDATE agent_tokens SET revoked_at = ? WHERE id = ? AND agent_id = ? AND revoked_at IS NULL \
                 RETURNING id",
                vec![by.at.into(), token_id.into(), agent_id.into()],
            ),
        ])
        .await?;
    Ok(!results[1].is_empty())
}
