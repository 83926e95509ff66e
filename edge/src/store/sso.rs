//! Single sign-on's storage: the one-time `state` of a sign-in sent to the
//! provider (only its hash, with a short expiry), and the link from a
//! provider identity (issuer, subject) to an agent. Linking and creating an
//! agent write their audit entries in the same batch.

use super::agents::{account, agent, Account};
use super::audit::{Action, Actor};
use super::StoreError;
use crate::db::{Db, Stmt};
use serde_json::json;

/// Remembers a sign-in sent to the provider until `expires_at`.
pub async fn create_sso_state(db: &dyn Db, state_hash: &str, expires_at: i64) -> Result<(), StoreError> {
    db.batch(vec![Stmt::new(
        "INSERT INTO agent_sso_states (state_hash, expires_at) VALUES (?, ?)",
        vec![state_hash.into(), expires_at.into()],
    )])
    .await?;
    Ok(())
}

/// Uses up the sign-in with `state_hash`: `true` once, if it had not expired
/// by `now`; every later call (a replay) answers `false`.
pub async fn take_sso_state(db: &dyn Db, state_hash: &str, now: i64) -> Result<bool, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "DELETE FROM agent_sso_states WHERE state_hash = ? RETURNING expires_at",
            vec![state_hash.into()],
        )])
        .await?;
    Ok(rows[0]
        .first()
        .and_then(|r| crate::db::int(r, "expires_at"))
        .is_some_and(|t| t > now))
}

/// The account linked to provider identity (`issuer`, `subject`).
pub async fn identity_agent(db: &dyn Db, issuer: &str, subject: &str) -> Result<Option<Account>, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT a.id, a.email, a.name, a.role, a.language, a.active, \
             a.password_hash IS NOT NULL AS password_set, a.created_at, a.updated_at \
             FROM agent_identities i JOIN agents a ON a.id = i.agent_id WHERE i.issuer = ? AND i.subject = ?",
            vec![issuer.into(), subject.into()],
        )])
        .await?;
    rows[0].first().map(account).transpose()
}

/// Links provider identity (`issuer`, `subject`) to `agent_id`.
pub async fn link_identity(
    db: &dyn Db,
    issuer: &str,
    subject: &str,
    agent_id: &str,
    by: &Actor<'_>,
) -> Result<(), StoreError> {
    db.batch(vec![
        link(issuer, subject, agent_id, by.at),
        by.record(Action::SsoLinked, Some(agent_id), &json!({"issuer": issuer})),
    ])
    .await?;
    Ok(())
}

fn link(issuer: &str, subject: &str, agent_id: &str, at: i64) -> Stmt {
    Stmt::new(
        "INSERT INTO agent_identities (issuer, subject, agent_id, created_at) VALUES (?, ?, ?, ?)",
        vec![issuer.into(), subject.into(), agent_id.into(), at.into()],
    )
}

/// A new account made by a first SSO sign-in, linked to its identity.
pub struct SsoAgent<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub role: super::Role,
    pub language: &'a str,
    pub issuer: &'a str,
    pub subject: &'a str,
}

/// Creates the account of `new` (no password: it signs in with SSO) and its
/// identity link, audited as created by SSO. `None` when the e-mail address
/// is taken (by an account made meanwhile).
pub async fn create_sso_agent(db: &dyn Db, new: &SsoAgent<'_>, by: &Actor<'_>) -> Result<Option<Account>, StoreError> {
    let detail = json!({"email": new.email, "role": new.role.as_str(), "via": "sso", "issuer": new.issuer});
    let result = db
        .batch(vec![
            Stmt::new(
                "INSERT INTO agents (id, email, name, role, language, active, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                vec![
                    new.id.into(),
                    new.email.into(),
                    new.name.into(),
                    new.role.into(),
                    new.language.into(),
                    by.at.into(),
                    by.at.into(),
                ],
            ),
            link(new.issuer, new.subject, new.id, by.at),
            by.record(Action::AgentCreated, Some(new.id), &detail),
        ])
        .await;
    match result {
        Ok(_) => agent(db, new.id).await,
        Err(crate::db::DbError::Constraint(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
