//! Agent accounts: creating, reading, changing and removing them, the
//! password sign-in reads, and the one-time set-up links that set a
//! password. Every change writes its audit entries in the same batch.
//! Ending an account's credentials (sessions, tokens) on deactivation is
//! here too, since it is part of the same change.

use super::audit::{Action, Actor};
use super::{int_col, text_col, time_col, StoreError};
use crate::clock::Timestamp;
use crate::db::{text, Db, DbError, Param, Row, Stmt};
use serde::Serialize;
use serde_json::{json, Value};

/// What an agent may do. `admin`: manage agents and read the audit log, as
/// well as everything an `agent` does (tickets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Agent,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Agent => "agent",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "admin" => Ok(Role::Admin),
            "agent" => Ok(Role::Agent),
            _ => Err(()),
        }
    }
}

impl From<Role> for Param {
    fn from(role: Role) -> Self {
        role.as_str().into()
    }
}

/// An agent account as the API shows it (never the password hash).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Account {
    pub active: bool,
    pub created_at: Timestamp,
    pub email: String,
    pub id: String,
    pub language: String,
    pub name: String,
    /// Whether a password is set (the set-up link was used).
    pub password_set: bool,
    pub role: Role,
    pub updated_at: Timestamp,
}

/// An [`Account`] from a row of the agents columns `id, email, name, role,
/// language, active, password_hash IS NOT NULL AS password_set, created_at,
/// updated_at` (every query that reads accounts selects those).
pub(super) fn account(row: &Row) -> Result<Account, StoreError> {
    let role = text_col(row, "role")?;
    Ok(Account {
        active: int_col(row, "active")? == 1,
        created_at: time_col(row, "created_at")?,
        email: text_col(row, "email")?,
        id: text_col(row, "id")?,
        language: text_col(row, "language")?,
        name: text_col(row, "name")?,
        password_set: int_col(row, "password_set")? == 1,
        role: role
            .parse()
            .map_err(|()| StoreError::BadRow(format!("unknown role `{role}`")))?,
        updated_at: time_col(row, "updated_at")?,
    })
}

/// A new account's fields.
#[derive(Debug, Clone)]
pub struct NewAgent {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub language: String,
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("an agent with this e-mail address exists")]
    EmailTaken,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Creates an account (without a password) with id `id`.
pub async fn create_agent(db: &dyn Db, id: &str, new: &NewAgent, by: &Actor<'_>) -> Result<Account, CreateError> {
    let detail = json!({"email": new.email, "role": new.role.as_str()});
    let result = db
        .batch(vec![
            Stmt::new(
                "INSERT INTO agents (id, email, name, role, language, active, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                vec![
                    id.into(),
                    (&new.email).into(),
                    (&new.name).into(),
                    new.role.into(),
                    (&new.language).into(),
                    by.at.into(),
                    by.at.into(),
                ],
            ),
            by.record(Action::AgentCreated, Some(id), &detail),
        ])
        .await;
    match result {
        Ok(_) => {}
        Err(DbError::Constraint(_)) => return Err(CreateError::EmailTaken),
        Err(e) => return Err(StoreError::Db(e).into()),
    }
    agent(db, id)
        .await?
        .ok_or_else(|| StoreError::BadRow("the new agent is missing".into()).into())
}

/// One account by id.
pub async fn agent(db: &dyn Db, id: &str) -> Result<Option<Account>, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT a.id, a.email, a.name, a.role, a.language, a.active, \
             a.password_hash IS NOT NULL AS password_set, a.created_at, a.updated_at FROM agents a WHERE a.id = ?",
            vec![id.into()],
        )])
        .await?;
    rows[0].first().map(account).transpose()
}

/// One account by e-mail address (any ASCII case).
pub async fn agent_by_email(db: &dyn Db, email: &str) -> Result<Option<Account>, StoreError> {
    Ok(sign_in_record(db, email).await?.map(|(account, _)| account))
}

/// The account of `email` with its password hash, for a sign-in.
pub async fn sign_in_record(db: &dyn Db, email: &str) -> Result<Option<(Account, Option<String>)>, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT a.id, a.email, a.name, a.role, a.language, a.active, \
             a.password_hash IS NOT NULL AS password_set, a.created_at, a.updated_at, a.password_hash \
             FROM agents a WHERE a.email = ? COLLATE NOCASE",
            vec![email.into()],
        )])
        .await?;
    rows[0]
        .first()
        .map(|r| Ok((account(r)?, text(r, "password_hash"))))
        .transpose()
}

/// Every account, by e-mail address.
pub async fn list_agents(db: &dyn Db) -> Result<Vec<Account>, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT a.id, a.email, a.name, a.role, a.language, a.active, \
             a.password_hash IS NOT NULL AS password_set, a.created_at, a.updated_at \
             FROM agents a ORDER BY a.email COLLATE NOCASE",
            vec![],
        )])
        .await?;
    rows[0].iter().map(account).collect()
}

/// Changes to an account; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct AgentChange {
    pub name: Option<String>,
    pub language: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
}

/// Applies `change` to account `current` with one audit entry per kind of
/// change. Deactivating ends the account's sessions, revokes its tokens and
/// voids its set-up links in the same batch, so nothing it held works after
/// the answer.
pub async fn update_agent(
    db: &dyn Db,
    current: &Account,
    change: &AgentChange,
    by: &Actor<'_>,
) -> Result<Option<Account>, StoreError> {
    let id = current.id.as_str();
    let mut stmts = vec![Stmt::new(
        "UPDATE agents SET name = COALESCE(?, name), language = COALESCE(?, language), \
         role = COALESCE(?, role), active = COALESCE(?, active), updated_at = ? WHERE id = ?",
        vec![
            change.name.clone().into(),
            change.language.clone().into(),
            change.role.into(),
            change.active.map(i64::from).into(),
            by.at.into(),
            id.into(),
        ],
    )];
    let mut details = Value::Object(Default::default());
    if let Some(name) = change.name.as_ref().filter(|n| **n != current.name) {
        details["name"] = json!({"from": current.name, "to": name});
    }
    if let Some(language) = change.language.as_ref().filter(|l| **l != current.language) {
        details["language"] = json!({"from": current.language, "to": language});
    }
    if details.as_object().is_some_and(|d| !d.is_empty()) {
        stmts.push(by.record(Action::AgentUpdated, Some(id), &details));
    }
    if let Some(role) = change.role.filter(|r| *r != current.role) {
        let detail = json!({"from": current.role.as_str(), "to": role.as_str()});
        stmts.push(by.record(Action::RoleChanged, Some(id), &detail));
    }
    match change.active {
        Some(false) if current.active => {
            stmts.push(by.record(Action::Deactivated, Some(id), &json!({})));
            stmts.extend(end_credentials(id, by.at));
        }
        Some(true) if !current.active => stmts.push(by.record(Action::Reactivated, Some(id), &json!({}))),
        _ => {}
    }
    db.batch(stmts).await?;
    agent(db, id).await
}

/// Ends everything account `id` could sign in with: sessions, tokens,
/// set-up links.
fn end_credentials(id: &str, now: i64) -> Vec<Stmt> {
    vec![
        Stmt::new("DELETE FROM agent_sessions WHERE agent_id = ?", vec![id.into()]),
        Stmt::new(
            "UPDATE agent_tokens SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL",
            vec![now.into(), id.into()],
        ),
        Stmt::new("DELETE FROM agent_setup_links WHERE agent_id = ?", vec![id.into()]),
    ]
}

/// Removes account `current`: its credentials, its ticket assignments (left
/// unassigned) and the row. Its audit entries stay, naming its id; the
/// removal's own entry keeps the e-mail address.
pub async fn remove_agent(db: &dyn Db, current: &Account, by: &Actor<'_>) -> Result<(), StoreError> {
    let id = current.id.as_str();
    let mut stmts = end_credentials(id, by.at);
    stmts.extend([
        Stmt::new("DELETE FROM agent_tokens WHERE agent_id = ?", vec![id.into()]),
        Stmt::new("DELETE FROM agent_totp WHERE agent_id = ?", vec![id.into()]),
        Stmt::new("DELETE FROM agent_recovery_codes WHERE agent_id = ?", vec![id.into()]),
        Stmt::new("DELETE FROM agent_mfa_pending WHERE agent_id = ?", vec![id.into()]),
        Stmt::new(
            "UPDATE tickets SET assignee_id = NULL WHERE assignee_id = ?",
            vec![id.into()],
        ),
        Stmt::new("DELETE FROM agents WHERE id = ?", vec![id.into()]),
        by.record(Action::AgentRemoved, Some(id), &json!({"email": current.email})),
    ]);
    db.batch(stmts).await?;
    Ok(())
}

/// Stores a set-up link (by its hash) for account `id`, replacing the
/// account's earlier links.
pub async fn create_setup_link(
    db: &dyn Db,
    id: &str,
    token_hash: &str,
    expires_at: i64,
    by: &Actor<'_>,
) -> Result<(), StoreError> {
    db.batch(vec![
        Stmt::new("DELETE FROM agent_setup_links WHERE agent_id = ?", vec![id.into()]),
        Stmt::new(
            "INSERT INTO agent_setup_links (token_hash, agent_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            vec![token_hash.into(), id.into(), by.at.into(), expires_at.into()],
        ),
        by.record(
            Action::SetupLinkCreated,
            Some(id),
            &json!({"expires_at": crate::clock::rfc3339(expires_at)}),
        ),
    ])
    .await?;
    Ok(())
}

/// The active account a set-up link (by its hash) opens, while it is valid.
pub async fn setup_link_agent(db: &dyn Db, token_hash: &str, now: i64) -> Result<Option<Account>, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT a.id, a.email, a.name, a.role, a.language, a.active, \
             a.password_hash IS NOT NULL AS password_set, a.created_at, a.updated_at \
             FROM agent_setup_links l JOIN agents a ON a.id = l.agent_id \
             WHERE l.token_hash = ? AND l.expires_at > ? AND a.active = 1",
            vec![token_hash.into(), now.into()],
        )])
        .await?;
    rows[0].first().map(account).transpose()
}

/// Sets the password of the account a set-up link opens and uses the link
/// up: the account's links and sessions end (a new password signs out the
/// old ones). `false` when the link no longer works (used meanwhile).
pub async fn use_setup_link(
    db: &dyn Db,
    token_hash: &str,
    agent_id: &str,
    password_hash: &str,
    now: i64,
    client: &str,
) -> Result<bool, StoreError> {
    let by = Actor {
        id: agent_id,
        client: Some(client),
        at: now,
    };
    let results = db
        .batch(vec![
            Stmt::new(
                "UPDATE agents SET password_hash = ?, updated_at = ? WHERE id = ? AND active = 1 AND EXISTS \
                 (SELECT 1 FROM agent_setup_links WHERE token_hash = ? AND agent_id = ? AND expires_at > ?) \
                 RETURNING id",
                vec![
                    password_hash.into(),
                    now.into(),
                    agent_id.into(),
                    token_hash.into(),
                    agent_id.into(),
                    now.into(),
                ],
            ),
            Stmt::new(
                "INSERT INTO audit_log (at, actor, action, target, detail, client_hash) \
                 SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM agents WHERE id = ? AND updated_at = ? \
                 AND EXISTS (SELECT 1 FROM agent_setup_links WHERE token_hash = ? AND expires_at > ?))",
                [
                    by.params(Action::PasswordSet, Some(agent_id.to_owned()), &json!({})),
                    vec![agent_id.into(), now.into(), token_hash.into(), now.into()],
                ]
                .concat(),
            ),
            Stmt::new(
                "DELETE FROM agent_sessions WHERE agent_id = ? \
                 AND EXISTS (SELECT 1 FROM agent_setup_links WHERE token_hash = ? AND expires_at > ?)",
                vec![agent_id.into(), token_hash.into(), now.into()],
            ),
            Stmt::new(
                "DELETE FROM agent_setup_links WHERE agent_id = ? \
                 AND EXISTS (SELECT 1 FROM agent_setup_links WHERE token_hash = ? AND expires_at > ?)",
                vec![agent_id.into(), token_hash.into(), now.into()],
            ),
        ])
        .await?;
    Ok(!results[0].is_empty())
}

/// Whether an active account `id` exists (a ticket's assignee must be one).
pub async fn active_agent_exists(db: &dyn Db, id: &str) -> Result<bool, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT 1 AS one FROM agents WHERE id = ? AND active = 1",
            vec![id.into()],
        )])
        .await?;
    Ok(!rows[0].is_empty())
}
