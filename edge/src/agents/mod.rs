//! The agents' own routes: signing in and out and setting a password
//! ([`sign_in`]), managing accounts ([`admin`]), API tokens ([`tokens`]) and
//! reading the audit log ([`audit`]), two-factor sign-in with TOTP
//! ([`mfa`]). Who may call them is decided by the
//! extractors of [`crate::auth`]; what is stored, by [`crate::store`].
//! Passwords are hashed in [`passwords`].
//!
//! Not here: the workspace pages (the generator builds them) and SSO (a
//! later step: another way to open a session, beside the password).

pub mod admin;
pub mod audit;
pub mod mfa;
pub mod passwords;
pub mod sign_in;
pub mod tokens;

use crate::auth::{Agent, BOOTSTRAP};
use crate::error::{ApiError, ErrorCode};
use crate::input::Fields;
use crate::store::{Account, Role};
use crate::AppState;
use serde_json::{json, Value};

/// The `agent` object of `me` and `sign-in`: the account, or for the
/// bootstrap key an admin without one.
fn whoami(agent: &Agent) -> Value {
    match &agent.account {
        Some(account) => json!(account),
        None => json!({"id": BOOTSTRAP, "name": BOOTSTRAP, "role": Role::Admin}),
    }
}

/// A `role` field, when present.
fn role_field(f: &Fields) -> Result<Option<Role>, ApiError> {
    f.opt_line("role", 16)?
        .map(|r| r.parse())
        .transpose()
        .map_err(|()| ApiError::invalid("role", ErrorCode::Invalid, "`role` must be admin or agent."))
}

/// The full URL of a set-up link with `token` in its fragment (never sent
/// to a server, so it stays out of logs and Referers).
pub fn setup_url(state: &AppState, token: &str) -> String {
    format!("{}{}", state.config.site_origin, crate::urls::agent_setup(token))
}

/// The account behind `agent`, or 403 for the bootstrap key, which has none.
fn own_account(agent: &Agent) -> Result<&Account, ApiError> {
    agent.account.as_ref().ok_or(ApiError::Forbidden(
        "The bootstrap key has no account; sign in as an agent.",
    ))
}
