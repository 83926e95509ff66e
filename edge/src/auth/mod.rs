//! Who may call the agent routes: the [`Agent`] and [`Admin`] extractors, and
//! the `Authorization: Bearer …` credential that agents (an API token or the
//! bootstrap key) and customers (their ticket token) present.
//!
//! An agent route takes an `Agent` (or `Admin`) argument, so it cannot run
//! without the check: axum refuses the request before the handler starts.
//! Three credentials are accepted, in this order:
//! - `Authorization: Bearer pt_…`, a per-agent API token; a `read` token may
//!   only `GET`. No CSRF check: a bearer header is never sent by a browser on
//!   its own, so a foreign page cannot borrow it.
//! - `Authorization: Bearer <AGENT_API_KEY>`, the bootstrap key: an admin
//!   called `bootstrap` without an account, for creating the first agents.
//! - The session cookie ([`secrets`]); on every method but GET/HEAD it also
//!   needs the session's `X-CSRF-Token` and an `Origin` (or `Referer`) of the
//!   site's own.
//!
//! A session opened under `require_mfa` by an admin without TOTP reaches
//! only the enrolment routes until TOTP is confirmed.
//!
//! Failed credentials count as failed look-ups, so none can be guessed
//! faster than ticket tokens.

pub mod seal;
pub mod secrets;
pub mod totp;

use crate::crypto::{ct_eq, sha256};
use crate::error::ApiError;
use crate::guard::{check_lookups, count_failed_lookup, from_own_site, Client};
use crate::store::{self, Account, Actor, Role, Scope};
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};

/// The `Authorization: Bearer …` value.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The actor id of the bootstrap key in the audit log.
pub const BOOTSTRAP: &str = "bootstrap";

/// How the request proved who it is.
#[derive(Debug, Clone)]
pub enum Via {
    /// A browser session; `secret` is the cookie's value, `auth_method`
    /// how it was opened (`password` or `sso`).
    Session { secret: String, auth_method: String },
    /// An API token.
    Token { id: String, scope: Scope },
    /// The bootstrap key.
    Bootstrap,
}

/// Proof that the request comes from an agent: who (the account, `None` for
/// the bootstrap key), how, and from which client.
#[derive(Debug, Clone)]
pub struct Agent {
    pub account: Option<Account>,
    pub via: Via,
    pub client: Client,
}

impl Agent {
    /// The bootstrap key acts as an admin.
    pub fn role(&self) -> Role {
        self.account.as_ref().map_or(Role::Admin, |a| a.role)
    }

    /// The actor id in the audit log: the account's id or `bootstrap`.
    pub fn actor_id(&self) -> &str {
        self.account.as_ref().map_or(BOOTSTRAP, |a| a.id.as_str())
    }

    /// This agent acting at `at`, for the audit log.
    pub fn actor(&self, at: i64) -> Actor<'_> {
        Actor {
            id: self.actor_id(),
            client: Some(&self.client.0),
            at,
        }
    }
}

/// An [`Agent`] whose role is admin (or the bootstrap key); other agents get
/// `403 forbidden`.
#[derive(Debug, Clone)]
pub struct Admin(pub Agent);

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let agent = Agent::from_request_parts(parts, state).await?;
        match agent.role() {
            Role::Admin => Ok(Admin(agent)),
            Role::Agent => Err(ApiError::Forbidden("Only admins may do this.")),
        }
    }
}

impl FromRequestParts<AppState> for Agent {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // The guard middleware identifies every `/api/*` client first.
        let client = parts
            .extensions
            .get::<Client>()
            .cloned()
            .ok_or_else(|| ApiError::Internal("agent route reached without the guard middleware".into()))?;
        check_lookups(state, &client).await?;
        let found = match bearer(&parts.headers) {
            Some(token) if token.starts_with(secrets::TOKEN_PREFIX) => from_token(state, &parts.method, token).await?,
            Some(key) => is_bootstrap_key(state, key).then_some((None, Via::Bootstrap)),
            None => match secrets::session_cookie(&parts.headers, &state.config) {
                Some(secret) => from_session(state, parts, secret).await?,
                None => None,
            },
        };
        let Some((account, via)) = found else {
            count_failed_lookup(state, &client).await?;
            return Err(ApiError::Unauthorized);
        };
        Ok(Agent { account, via, client })
    }
}

/// Whether the request presents an agent's credential (an API token, the
/// bootstrap key, or a session cookie without a bearer header) rather than a
/// customer's ticket token, which is plain hex: routes that serve both
/// decide with this which view to answer, then check it with [`Agent`].
pub fn presents_agent(headers: &HeaderMap, state: &AppState) -> bool {
    match bearer(headers) {
        Some(token) => token.starts_with(secrets::TOKEN_PREFIX) || is_bootstrap_key(state, token),
        None => secrets::session_cookie(headers, &state.config).is_some(),
    }
}

/// The bootstrap key, compared in constant time over hashes so lengths do
/// not leak either.
fn is_bootstrap_key(state: &AppState, given: &str) -> bool {
    state
        .config
        .agent_api_key
        .as_ref()
        .is_some_and(|key| ct_eq(&sha256(&[key.as_bytes()]), &sha256(&[given.as_bytes()])))
}

/// Usage times are written at most this often, so a busy token or session
/// does not turn every read into a write.
const TOUCH_EVERY_MS: i64 = 60_000;

async fn from_token(
    state: &AppState,
    method: &Method,
    token: &str,
) -> Result<Option<(Option<Account>, Via)>, ApiError> {
    let Some((account, info)) = store::token(&*state.db, &secrets::api_token_hash(token)).await? else {
        return Ok(None);
    };
    if info.scope == Scope::Read && !matches!(*method, Method::GET | Method::HEAD) {
        return Err(ApiError::Forbidden("This API token may only read (GET)."));
    }
    let now = state.clock.now_ms();
    if info.last_used_at.is_none_or(|t| now - t.0 >= TOUCH_EVERY_MS) {
        store::touch_token(&*state.db, &info.id, now).await?;
    }
    Ok(Some((
        Some(account),
        Via::Token {
            id: info.id,
            scope: info.scope,
        },
    )))
}

/// What a session opened under `require_mfa` by an admin without TOTP may
/// reach: setting TOTP up, `me` and signing out.
fn enrol_only_allows(path: &str) -> bool {
    path == "/api/agent/me" || path == "/api/agent/sign-out" || path.starts_with("/api/agent/mfa/")
}

async fn from_session(
    state: &AppState,
    parts: &Parts,
    secret: &str,
) -> Result<Option<(Option<Account>, Via)>, ApiError> {
    let id_hash = secrets::session_hash(secret);
    let Some(session) = store::session(&*state.db, &id_hash).await? else {
        return Ok(None);
    };
    let now = state.clock.now_ms();
    if session.expires_at <= now || session.last_seen_at + state.config.agents.session_idle_ms <= now {
        return Ok(None);
    }
    if session.enrol_only && !enrol_only_allows(parts.uri.path()) {
        return Err(ApiError::Forbidden(
            "This account must use two-factor sign-in: set it up first (POST /api/agent/mfa/totp).",
        ));
    }
    if !matches!(parts.method, Method::GET | Method::HEAD) {
        if !from_own_site(&parts.headers, &state.config) {
            return Err(ApiError::ForbiddenOrigin);
        }
        let sent = parts
            .headers
            .get("x-csrf-token")
            .map(|v| v.as_bytes())
            .unwrap_or_default();
        if !ct_eq(sent, secrets::csrf_token(secret).as_bytes()) {
            return Err(ApiError::CsrfFailed);
        }
    }
    if now - session.last_seen_at >= TOUCH_EVERY_MS {
        store::touch_session(&*state.db, &id_hash, now).await?;
    }
    Ok(Some((
        Some(session.agent.clone()),
        Via::Session {
            secret: secret.to_owned(),
            auth_method: session.auth_method,
        },
    )))
}
