//! Password sign-in and what surrounds it: `POST /api/agent/sign-in`,
//! `sign-out`, `sign-out-everywhere`, `GET /api/agent/me` and
//! `POST /api/agent/setup` (a set-up link's token and a first password).
//!
//! A refused sign-in answers the same `401 sign_in_failed` whether the
//! address is unknown, the account inactive or not set up, or the password
//! wrong, after the same work (one Argon2id verification, one failure count,
//! one audit entry), so neither the answer nor its timing tells which.

use super::{mfa, own_account, passwords, whoami};
use crate::auth::{secrets, Agent, Via};
use crate::clock::rfc3339;
use crate::error::{json_response, ApiError};
use crate::guard::{check_lookups, check_sign_in, count_failed_lookup, count_failed_sign_in, Client};
use crate::input::{kind_of, Fields};
use crate::store::{self, Account, Action, Actor, Opening, Role};
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::json;

/// `POST /api/agent/sign-in` `{email, password}` → `200 {agent, csrf_token,
/// expires_at}` with the session cookie; for an account with TOTP, `200
/// {mfa_required, mfa_token, expires_at}` and no session yet
/// (see [`mfa::sign_in_mfa`]).
pub async fn sign_in(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    refuse_if_sso_only(&state)?;
    let kind = kind_of(&headers)?;
    let f = Fields::read(kind, &headers, body, &["email", "password"]).await?;
    let email = f.line("email", 254)?;
    let password = f.password("password", passwords::MAX_CHARS)?;
    check_sign_in(&state, &client, &email).await?;
    let record = store::sign_in_record(&*state.db, &email).await?;
    let stored = record.as_ref().and_then(|(_, hash)| hash.as_deref());
    let matches = passwords::verify(stored, &password);
    let now = state.clock.now_ms();
    let account = match record {
        Some((account, _)) if matches && account.active => account,
        other => {
            count_failed_sign_in(&state, &client, &email).await?;
            let by = Actor {
                id: "anonymous",
                client: Some(&client.0),
                at: now,
            };
            let target = other.as_ref().map(|(a, _)| a.id.as_str());
            state
                .db
                .batch(vec![by.record(Action::SignInFailed, target, &json!({}))])
                .await?;
            return Err(ApiError::SignInFailed);
        }
    };
    if let Some(pending) = mfa::second_step(&state, &account).await? {
        return Ok(pending);
    }
    let opening = Opening {
        method: "password",
        sso: false,
        enrol_only: state.config.agents.require_mfa && account.role == Role::Admin,
    };
    open_session(&state, &account, &client, opening).await
}

/// Under `sso_only`, passwords and set-up links are refused: agents sign in
/// through the identity provider (the bootstrap key and API tokens stay).
pub(super) fn refuse_if_sso_only(state: &AppState) -> Result<(), ApiError> {
    if state.config.sso_only() {
        return Err(ApiError::Forbidden(
            "This site signs agents in with single sign-on only: use GET /api/agent/sso/start.",
        ));
    }
    Ok(())
}

/// Opens a session for `account` and answers `200 {agent, csrf_token,
/// expires_at}` with its cookie.
pub(super) async fn open_session(
    state: &AppState,
    account: &Account,
    client: &Client,
    opening: Opening<'_>,
) -> Result<Response, ApiError> {
    let (secret, lifetime) = new_session(state, account, client, opening).await?;
    let now = state.clock.now_ms();
    let mut body = json!({
        "agent": account,
        "csrf_token": secrets::csrf_token(&secret),
        "expires_at": rfc3339(now + lifetime),
    });
    if opening.enrol_only {
        body["mfa_enrolment_required"] = json!(true);
    }
    let mut response = json_response(StatusCode::OK, &body);
    response.headers_mut().insert(
        header::SET_COOKIE,
        secrets::set_cookie(&state.config, &secret, lifetime),
    );
    Ok(response)
}

/// Opens a session for `account` (recording the sign-in): the cookie's
/// value and the session's lifetime, for [`secrets::set_cookie`]. Password
/// and single sign-on share it, so their sessions are the same.
pub(crate) async fn new_session(
    state: &AppState,
    account: &Account,
    client: &Client,
    opening: Opening<'_>,
) -> Result<(String, i64), ApiError> {
    let now = state.clock.now_ms();
    let (secret, id_hash) = secrets::new_session();
    let lifetime = state.config.agents.session_absolute_ms;
    let by = Actor {
        id: &account.id,
        client: Some(&client.0),
        at: now,
    };
    store::create_session(&*state.db, &id_hash, &account.id, now + lifetime, opening, &by).await?;
    Ok((secret, lifetime))
}

/// `GET /api/agent/me` → `{agent, via, csrf_token?}`: who the credential is,
/// and for a session the CSRF token its writes must carry.
pub async fn me(agent: Agent) -> Response {
    let (via, csrf) = match &agent.via {
        Via::Session { secret, .. } => ("session", Some(secrets::csrf_token(secret))),
        Via::Token { .. } => ("token", None),
        Via::Bootstrap => ("bootstrap", None),
    };
    let mut body = json!({"agent": whoami(&agent), "via": via});
    if let Some(csrf) = csrf {
        body["csrf_token"] = json!(csrf);
    }
    if let Via::Session { auth_method, .. } = &agent.via {
        body["auth_method"] = json!(auth_method);
    }
    if let Via::Token { id, scope } = &agent.via {
        body["token"] = json!({"id": id, "scope": scope});
    }
    json_response(StatusCode::OK, &body)
}

/// `POST /api/agent/sign-out` → `204`, the session ended and its cookie
/// cleared. Other credentials have no session to end; they get the same 204.
pub async fn sign_out(State(state): State<AppState>, agent: Agent) -> Result<Response, ApiError> {
    if let (Via::Session { secret, .. }, Some(account)) = (&agent.via, &agent.account) {
        let by = agent.actor(state.clock.now_ms());
        store::end_session(&*state.db, &secrets::session_hash(secret), &account.id, &by).await?;
    }
    Ok(cleared(&state))
}

/// `POST /api/agent/sign-out-everywhere` → `204`: every session of the
/// agent ends (API tokens stay; revoke them one by one).
pub async fn sign_out_everywhere(State(state): State<AppState>, agent: Agent) -> Result<Response, ApiError> {
    let account = own_account(&agent)?;
    let by = agent.actor(state.clock.now_ms());
    store::end_sessions(&*state.db, &account.id, &by).await?;
    Ok(cleared(&state))
}

fn cleared(state: &AppState) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, secrets::clear_cookie(&state.config));
    response
}

/// `POST /api/agent/setup` `{token, password}` → `200 {agent}`: sets the
/// password of the account a set-up link opens, once. An unknown, used or
/// expired token answers 404 and counts as a failed look-up.
pub async fn setup(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    refuse_if_sso_only(&state)?;
    let kind = kind_of(&headers)?;
    let f = Fields::read(kind, &headers, body, &["token", "password"]).await?;
    let token = f.line("token", 128)?;
    let password = f.password("password", passwords::MAX_CHARS)?;
    passwords::check_new("password", &password)?;
    check_lookups(&state, &client).await?;
    let token_hash = secrets::setup_token_hash(&token);
    let now = state.clock.now_ms();
    let Some(account) = store::setup_link_agent(&*state.db, &token_hash, now).await? else {
        count_failed_lookup(&state, &client).await?;
        return Err(ApiError::NotFound);
    };
    let hash = passwords::hash(&password)?;
    if !store::use_setup_link(&*state.db, &token_hash, &account.id, &hash, now, &client.0).await? {
        return Err(ApiError::NotFound);
    }
    let account = store::agent(&*state.db, &account.id).await?.ok_or(ApiError::NotFound)?;
    Ok(json_response(StatusCode::OK, &json!({ "agent": account })))
}
