//! Two-factor sign-in with TOTP: enrolment (`POST /api/agent/mfa/totp`,
//! then `…/totp/confirm` with a first code, which also hands out ten
//! single-use recovery codes, once), turning it off (`…/totp/disable` with a
//! current code or a recovery code), and the second step of signing in
//! (`POST /api/agent/sign-in/mfa`), which a right password leads to when the
//! account has TOTP.
//!
//! A refused code counts against the same per-account and per-client
//! throttle as a refused password and is recorded in the audit log; every
//! change is too. The secret is stored sealed ([`crate::auth::seal`]), the
//! recovery codes and the pending token hashed.

use super::own_account;
use super::sign_in::open_session;
use crate::auth::{seal, secrets, totp, Agent, Via};
use crate::clock::rfc3339;
use crate::crypto::random_bytes;
use crate::error::{json_response, ApiError, ErrorCode};
use crate::guard::{check_lookups, check_sign_in, count_failed_lookup, count_failed_sign_in, Client};
use crate::input::{kind_of, Fields};
use crate::store::{self, Account, Actor, Opening};
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::json;

/// How long the second step of a sign-in may take.
const PENDING_MS: i64 = 5 * 60_000;
/// Recovery codes made at enrolment.
const RECOVERY_CODES: usize = 10;
/// Longest code field: a recovery code with separators, with room.
const MAX_CODE: usize = 40;

/// After a right password: for an account with confirmed TOTP, the answer
/// `200 {mfa_required: true, mfa_token, expires_at}` (no session yet).
pub(super) async fn second_step(state: &AppState, account: &Account) -> Result<Option<Response>, ApiError> {
    if !store::totp(&*state.db, &account.id).await?.is_some_and(|t| t.confirmed) {
        return Ok(None);
    }
    let (token, hash) = secrets::new_mfa_token();
    let expires_at = state.clock.now_ms() + PENDING_MS;
    store::create_mfa_pending(&*state.db, &hash, &account.id, expires_at).await?;
    let body = json!({"mfa_required": true, "mfa_token": token, "expires_at": rfc3339(expires_at)});
    Ok(Some(json_response(StatusCode::OK, &body)))
}

/// `POST /api/agent/sign-in/mfa` `{mfa_token, code}` (a TOTP code or a
/// recovery code) → `200 {agent, csrf_token, expires_at}` with the session
/// cookie. A wrong code answers `401 sign_in_failed`, and the token stays
/// usable until it expires or the throttle trips.
pub async fn sign_in_mfa(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let kind = kind_of(&headers)?;
    let f = Fields::read(kind, &headers, body, &["mfa_token", "code"]).await?;
    let token = f.line("mfa_token", 128)?;
    let code = f.line("code", MAX_CODE)?;
    check_lookups(&state, &client).await?;
    let hash = secrets::mfa_token_hash(&token);
    let Some(account) = store::mfa_pending(&*state.db, &hash, state.clock.now_ms()).await? else {
        count_failed_lookup(&state, &client).await?;
        return Err(ApiError::SignInFailed);
    };
    check_sign_in(&state, &client, &account.email).await?;
    let by = actor(&account, &client, &state);
    let Some(method) = use_code(&state, &account, &code, &by).await? else {
        refused(&state, &account, &client, "sign_in").await?;
        return Err(ApiError::SignInFailed);
    };
    if !store::end_mfa_pending(&*state.db, &hash).await? {
        return Err(ApiError::SignInFailed);
    }
    let opening = Opening {
        sso: false,
        method,
        enrol_only: false,
    };
    open_session(&state, &account, &client, opening).await
}

/// `POST /api/agent/mfa/totp` → `201 {secret, otpauth_uri, qr_svg}`: a new
/// secret to scan (or type), not yet in force; `…/confirm` makes it so.
/// Starting again replaces an unconfirmed secret. Signed-in sessions only.
pub async fn enrol(State(state): State<AppState>, agent: Agent) -> Result<Response, ApiError> {
    let account = session_account(&agent)?;
    let key = mfa_key(&state)?;
    let secret = totp::new_secret();
    let sealed = seal::seal(key, &account.id, &secret);
    if !store::start_totp(&*state.db, &account.id, &sealed, &agent.actor(state.clock.now_ms())).await? {
        return Err(ApiError::Forbidden(
            "Two-factor sign-in is on already; turn it off first to enrol another authenticator.",
        ));
    }
    let issuer = state.config.site_origin.split("://").nth(1).unwrap_or("Portico");
    let uri = totp::otpauth_uri(issuer, &account.email, &secret);
    let qr = totp::qr_svg(&uri).ok_or_else(|| ApiError::Internal("the otpauth URI does not fit a QR code".into()))?;
    let body = json!({"secret": totp::base32(&secret), "otpauth_uri": uri, "qr_svg": qr});
    Ok(json_response(StatusCode::CREATED, &body))
}

/// `POST /api/agent/mfa/totp/confirm` `{code}` → `200 {recovery_codes}`:
/// the first code from the app turns TOTP on; the ten recovery codes are
/// shown this once.
pub async fn confirm(
    State(state): State<AppState>,
    agent: Agent,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let account = session_account(&agent)?;
    let kind = kind_of(&headers)?;
    let code = Fields::read(kind, &headers, body, &["code"])
        .await?
        .line("code", MAX_CODE)?;
    check_sign_in(&state, &agent.client, &account.email).await?;
    let now = state.clock.now_ms();
    let pending = store::totp(&*state.db, &account.id).await?.filter(|t| !t.confirmed);
    let Some(pending) = pending else {
        return Err(ApiError::Forbidden(
            "There is no enrolment to confirm: start one with POST /api/agent/mfa/totp.",
        ));
    };
    let secret = open_secret(&state, account, &pending)?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| secrets::recovery_code_hash(&account.id, &normalise(c)))
        .collect();
    let confirmed = match totp::matching_step(&secret, &code, now) {
        Some(step) => store::confirm_totp(&*state.db, &account.id, step, &hashes, &agent.actor(now)).await?,
        None => false,
    };
    if !confirmed {
        refused(&state, account, &agent.client, "confirm").await?;
        return Err(wrong_code());
    }
    Ok(json_response(StatusCode::OK, &json!({ "recovery_codes": codes })))
}

/// `POST /api/agent/mfa/totp/disable` `{code}` (a current TOTP code or a
/// recovery code) → `204`: TOTP is off, its recovery codes gone.
pub async fn disable(
    State(state): State<AppState>,
    agent: Agent,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let account = session_account(&agent)?;
    let kind = kind_of(&headers)?;
    let code = Fields::read(kind, &headers, body, &["code"])
        .await?
        .line("code", MAX_CODE)?;
    check_sign_in(&state, &agent.client, &account.email).await?;
    let by = agent.actor(state.clock.now_ms());
    if use_code(&state, account, &code, &by).await?.is_none() {
        refused(&state, account, &agent.client, "disable").await?;
        return Err(wrong_code());
    }
    store::disable_totp(&*state.db, &account.id, &by).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Uses `code` for `account` once: a TOTP code of a step not used before,
/// or an unused recovery code. Returns the sign-in method it makes, or
/// `None` when refused.
async fn use_code(
    state: &AppState,
    account: &Account,
    code: &str,
    by: &Actor<'_>,
) -> Result<Option<&'static str>, ApiError> {
    let Some(stored) = store::totp(&*state.db, &account.id).await?.filter(|t| t.confirmed) else {
        return Ok(None);
    };
    if totp::looks_like_code(code) {
        let secret = open_secret(state, account, &stored)?;
        let Some(step) = totp::matching_step(&secret, code, state.clock.now_ms()) else {
            return Ok(None);
        };
        let used = store::use_totp_step(&*state.db, &account.id, step).await?;
        return Ok(used.then_some("password+totp"));
    }
    let hash = secrets::recovery_code_hash(&account.id, &normalise(code));
    let used = store::use_recovery_code(&*state.db, &account.id, &hash, by).await?;
    Ok(used.then_some("password+recovery_code"))
}

/// Counts a refused code against the sign-in throttle and records it.
async fn refused(state: &AppState, account: &Account, client: &Client, during: &str) -> Result<(), ApiError> {
    count_failed_sign_in(state, client, &account.email).await?;
    let by = actor(account, client, state);
    store::record_mfa_failure(&*state.db, &account.id, &json!({ "during": during }), &by).await?;
    Ok(())
}

fn actor<'a>(account: &'a Account, client: &'a Client, state: &AppState) -> Actor<'a> {
    Actor {
        id: &account.id,
        client: Some(&client.0),
        at: state.clock.now_ms(),
    }
}

fn wrong_code() -> ApiError {
    ApiError::invalid(
        "code",
        ErrorCode::Invalid,
        "`code` is not a current code from your authenticator (or an unused recovery code).",
    )
}

/// The account of a signed-in session: an authenticator is a person's, so
/// API tokens and the bootstrap key cannot change it.
fn session_account(agent: &Agent) -> Result<&Account, ApiError> {
    let account = own_account(agent)?;
    match agent.via {
        Via::Session { .. } => Ok(account),
        _ => Err(ApiError::Forbidden(
            "Two-factor sign-in is changed from a signed-in session.",
        )),
    }
}

fn mfa_key(state: &AppState) -> Result<&str, ApiError> {
    state.config.mfa_key.as_deref().ok_or(ApiError::Forbidden(
        "Two-factor sign-in is not configured here: the server has no MFA key.",
    ))
}

/// The secret of a stored authenticator.
fn open_secret(state: &AppState, account: &Account, stored: &store::Totp) -> Result<Vec<u8>, ApiError> {
    let key = state
        .config
        .mfa_key
        .as_deref()
        .ok_or_else(|| ApiError::Internal("an agent has TOTP but the MFA key is not set".into()))?;
    seal::open(key, &account.id, &stored.sealed_secret)
        .ok_or_else(|| ApiError::Internal("a TOTP secret does not open with the MFA key".into()))
}

/// A recovery code: 80 random bits as four groups of four base32 letters.
fn new_recovery_code() -> String {
    let mut bytes = [0u8; 10];
    random_bytes(&mut bytes);
    let letters = totp::base32(&bytes);
    let groups: Vec<&str> = (0..4).map(|i| &letters[i * 4..i * 4 + 4]).collect();
    groups.join("-")
}

/// A recovery code as stored: without separators or spaces, upper case.
fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
