//! What two-factor sign-in keeps: an agent's sealed TOTP secret and the last
//! step used, its hashed single-use recovery codes, and the hashed pending
//! tokens between a right password and a right code. Every "use" is one
//! conditional UPDATE or DELETE, so two requests racing with the same code
//! cannot both succeed.

use super::agents::{account, Account};
use super::audit::{Action, Actor};
use super::{text_col, StoreError};
use crate::db::{int, Db, Param, Stmt};
use serde_json::{json, Value};

/// An agent's authenticator as stored.
#[derive(Debug, Clone)]
pub struct Totp {
    pub sealed_secret: String,
    /// Whether enrolment finished (a code from the app was accepted).
    pub confirmed: bool,
}

/// The TOTP row of `agent_id`, if any.
pub async fn totp(db: &dyn Db, agent_id: &str) -> Result<Option<Totp>, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT sealed_secret, confirmed_at FROM agent_totp WHERE agent_id = ?",
            vec![agent_id.into()],
        )])
        .await?;
    rows[0]
        .first()
        .map(|r| {
            Ok(Totp {
                sealed_secret: text_col(r, "sealed_secret")?,
                confirmed: int(r, "confirmed_at").is_some(),
            })
        })
        .transpose()
}

/// Starts (or restarts) enrolment with a new sealed secret; `false` when
/// the agent already has confirmed TOTP, which must be turned off first.
pub async fn start_totp(db: &dyn Db, agent_id: &str, sealed: &str, by: &Actor<'_>) -> Result<bool, StoreError> {
    let results = db
        .batch(vec![
            Stmt::new(
                "INSERT INTO audit_log (at, actor, action, target, detail, client_hash) SELECT ?, ?, ?, ?, ?, ? \
                 WHERE NOT EXISTS (SELECT 1 FROM agent_totp WHERE agent_id = ? AND confirmed_at IS NOT NULL)",
                [
                    by.params(Action::TotpEnrolStarted, Some(agent_id.to_owned()), &json!({})),
                    vec![agent_id.into()],
                ]
                .concat(),
            ),
            Stmt::new(
                "INSERT INTO agent_totp (agent_id, sealed_secret, created_at) VALUES (?, ?, ?) \
                 ON CONFLICT (agent_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, \
                 created_at = excluded.created_at, last_step = 0 WHERE agent_totp.confirmed_at IS NULL \
                 RETURNING agent_id",
                vec![agent_id.into(), sealed.into(), by.at.into()],
            ),
        ])
        .await?;
    Ok(!results[1].is_empty())
}

/// Confirms enrolment with the code of `step`, stores the recovery codes'
/// hashes (replacing any earlier ones) and lifts the enrol-only limit of the
/// agent's sessions, in one batch. `false` when there was no enrolment to
/// confirm or the step was used already.
pub async fn confirm_totp(
    db: &dyn Db,
    agent_id: &str,
    step: i64,
    code_hashes: &[String],
    by: &Actor<'_>,
) -> Result<bool, StoreError> {
    // Everything after the UPDATE happens only if it confirmed just now.
    let confirmed_now = || -> Vec<Param> { vec![agent_id.into(), by.at.into()] };
    let mut stmts = vec![
        Stmt::new(
            "UPDATE agent_totp SET confirmed_at = ?, last_step = ? \
             WHERE agent_id = ? AND confirmed_at IS NULL AND last_step < ? RETURNING agent_id",
            vec![by.at.into(), step.into(), agent_id.into(), step.into()],
        ),
        Stmt::new(
            "DELETE FROM agent_recovery_codes WHERE agent_id = ? \
             AND EXISTS (SELECT 1 FROM agent_totp WHERE agent_id = ? AND confirmed_at = ?)",
            [vec![agent_id.into()], confirmed_now()].concat(),
        ),
        Stmt::new(
            "UPDATE agent_sessions SET enrol_only = 0 WHERE agent_id = ? \
             AND EXISTS (SELECT 1 FROM agent_totp WHERE agent_id = ? AND confirmed_at = ?)",
            [vec![agent_id.into()], confirmed_now()].concat(),
        ),
        Stmt::new(
            "INSERT INTO audit_log (at, actor, action, target, detail, client_hash) SELECT ?, ?, ?, ?, ?, ? \
             WHERE EXISTS (SELECT 1 FROM agent_totp WHERE agent_id = ? AND confirmed_at = ?)",
            [
                by.params(Action::TotpEnabled, Some(agent_id.to_owned()), &json!({})),
                confirmed_now(),
            ]
            .concat(),
        ),
    ];
    stmts.extend(code_hashes.iter().map(|h| {
        Stmt::new(
            "INSERT INTO agent_recovery_codes (code_hash, agent_id) SELECT ?, ? \
             WHERE EXISTS (SELECT 1 FROM agent_totp WHERE agent_id = ? AND confirmed_at = ?)",
            [vec![h.into(), agent_id.into()], confirmed_now()].concat(),
        )
    }));
    let results = db.batch(stmts).await?;
    Ok(!results[0].is_empty())
}

/// Uses the code of `step` of the agent's confirmed TOTP; `false` when that
/// step or a later one was used already.
pub async fn use_totp_step(db: &dyn Db, agent_id: &str, step: i64) -> Result<bool, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "UPDATE agent_totp SET last_step = ? \
             WHERE agent_id = ? AND confirmed_at IS NOT NULL AND last_step < ? RETURNING agent_id",
            vec![step.into(), agent_id.into(), step.into()],
        )])
        .await?;
    Ok(!rows[0].is_empty())
}

/// Uses recovery code `code_hash` of `agent_id` once, recording it; `false`
/// when it is not theirs or was used.
pub async fn use_recovery_code(
    db: &dyn Db,
    agent_id: &str,
    code_hash: &str,
    by: &Actor<'_>,
) -> Result<bool, StoreError> {
    let results = db
        .batch(vec![
            Stmt::new(
                "INSERT INTO audit_log (at, actor, action, target, detail, client_hash) SELECT ?, ?, ?, ?, ?, ? \
                 WHERE EXISTS (SELECT 1 FROM agent_recovery_codes WHERE code_hash = ? AND agent_id = ? \
                 AND used_at IS NULL)",
                [
                    by.params(Action::RecoveryCodeUsed, Some(agent_id.to_owned()), &json!({})),
                    vec![code_hash.into(), agent_id.into()],
                ]
                .concat(),
            ),
            Stmt::new(
                "UPDATE agent_recovery_codes SET used_at = ? \
                 WHERE code_hash = ? AND agent_id = ? AND used_at IS NULL RETURNING code_hash",
                vec![by.at.into(), code_hash.into(), agent_id.into()],
            ),
        ])
        .await?;
    Ok(!results[1].is_empty())
}

/// Turns TOTP off for `agent_id`: the secret and recovery codes go.
pub async fn disable_totp(db: &dyn Db, agent_id: &str, by: &Actor<'_>) -> Result<(), StoreError> {
    db.batch(vec![
        Stmt::new("DELETE FROM agent_totp WHERE agent_id = ?", vec![agent_id.into()]),
        Stmt::new(
            "DELETE FROM agent_recovery_codes WHERE agent_id = ?",
            vec![agent_id.into()],
        ),
        by.record(Action::TotpDisabled, Some(agent_id), &json!({})),
    ])
    .await?;
    Ok(())
}

/// Records a refused code (`detail` says where).
pub async fn record_mfa_failure(db: &dyn Db, agent_id: &str, detail: &Value, by: &Actor<'_>) -> Result<(), StoreError> {
    db.batch(vec![by.record(Action::MfaFailed, Some(agent_id), detail)])
        .await?;
    Ok(())
}

/// Stores a pending sign-in (by its token's hash) for `agent_id`; the
/// timer's sweep forgets it once expired.
pub async fn create_mfa_pending(
    db: &dyn Db,
    token_hash: &str,
    agent_id: &str,
    expires_at: i64,
) -> Result<(), StoreError> {
    db.batch(vec![Stmt::new(
        "INSERT INTO agent_mfa_pending (token_hash, agent_id, expires_at) VALUES (?, ?, ?)",
        vec![token_hash.into(), agent_id.into(), expires_at.into()],
    )])
    .await?;
    Ok(())
}

/// The active account of an unexpired pending sign-in.
pub async fn mfa_pending(db: &dyn Db, token_hash: &str, now: i64) -> Result<Option<Account>, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT a.id, a.email, a.name, a.role, a.language, a.active, \
             a.password_hash IS NOT NULL AS password_set, a.created_at, a.updated_at \
             FROM agent_mfa_pending p JOIN agents a ON a.id = p.agent_id \
             WHERE p.token_hash = ? AND p.expires_at > ? AND a.active = 1",
            vec![token_hash.into(), now.into()],
        )])
        .await?;
    rows[0].first().map(account).transpose()
}

/// Ends a pending sign-in (it completed); `false` when it was already used.
pub async fn end_mfa_pending(db: &dyn Db, token_hash: &str) -> Result<bool, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "DELETE FROM agent_mfa_pending WHERE token_hash = ? RETURNING token_hash",
            vec![token_hash.into()],
        )])
        .await?;
    Ok(!rows[0].is_empty())
}
