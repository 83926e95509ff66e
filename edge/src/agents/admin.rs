//! Account management for admins (and the bootstrap key): `GET/POST
//! /api/agents`, `PATCH /api/agents/{id}` and `POST
//! /api/agents/{id}/setup-link`. A new account has no password; its set-up
//! link is how the agent sets one (and how an admin lets them reset it).

use super::{role_field, setup_url};
use crate::auth::{secrets, Admin};
use crate::clock::rfc3339;
use crate::crypto::{hex, random_bytes};
use crate::error::{json_response, ApiError, ErrorCode};
use crate::input::{kind_of, Fields};
use crate::store::{self, Actor, AgentChange, CreateError, NewAgent};
use crate::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

/// `GET /api/agents` → `{agents: [...]}`.
pub async fn list(State(state): State<AppState>, _admin: Admin) -> Result<Response, ApiError> {
    let agents = store::list_agents(&*state.db).await?;
    Ok(json_response(StatusCode::OK, &json!({ "agents": agents })))
}

/// A new agent id: `ag_` and 80 random bits.
pub fn new_agent_id() -> String {
    let mut buf = [0u8; 10];
    random_bytes(&mut buf);
    format!("ag_{}", hex(&buf))
}

/// Reads and checks a new account's fields: `email`, `name`, `role`,
/// `language?` (default: the site's).
fn new_agent(state: &AppState, f: &Fields) -> Result<NewAgent, ApiError> {
    let email = f.email("email")?;
    Ok(NewAgent {
        email,
        name: f.line("name", 200)?,
        role: role_field(f)?.ok_or_else(|| ApiError::invalid("role", ErrorCode::Required, "`role` is required."))?,
        language: f
            .opt_language()?
            .unwrap_or_else(|| state.config.default_language.clone()),
    })
}

/// Creates an account, mapping a taken address to `422 already_exists`.
pub async fn create_account(state: &AppState, new: &NewAgent, by: &Actor<'_>) -> Result<store::Account, ApiError> {
    match store::create_agent(&*state.db, &new_agent_id(), new, by).await {
        Ok(account) => Ok(account),
        Err(CreateError::EmailTaken) => Err(ApiError::invalid(
            "email",
            ErrorCode::AlreadyExists,
            "An agent with this e-mail address exists.",
        )),
        Err(CreateError::Store(e)) => Err(e.into()),
    }
}

/// `POST /api/agents` `{email, name, role, language?}` → `201 {agent}`.
pub async fn create(
    State(state): State<AppState>,
    Admin(admin): Admin,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let kind = kind_of(&headers)?;
    let f = Fields::read(kind, &headers, body, &["email", "name", "role", "language"]).await?;
    let new = new_agent(&state, &f)?;
    let account = create_account(&state, &new, &admin.actor(state.clock.now_ms())).await?;
    Ok(json_response(StatusCode::CREATED, &json!({ "agent": account })))
}

/// `PATCH /api/agents/{id}` `{name?, language?, role?, active?}` → `200
/// {agent}`. `active: false` ends the agent's sessions and revokes its
/// tokens in the same transaction. Admins cannot demote or deactivate
/// themselves, so a site is not left without one by a slip.
pub async fn update(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let kind = kind_of(&headers)?;
    let f = Fields::read(kind, &headers, body, &["name", "language", "role", "active"]).await?;
    let change = AgentChange {
        name: f.opt_line("name", 200)?,
        language: f.opt_language()?,
        role: role_field(&f)?,
        active: f.boolean("active")?,
    };
    if change.name.is_none() && change.language.is_none() && change.role.is_none() && change.active.is_none() {
        return Err(ApiError::invalid(
            "name",
            ErrorCode::Required,
            "Send at least one of `name`, `language`, `role`, `active`.",
        ));
    }
    let current = store::agent(&*state.db, &id).await?.ok_or(ApiError::NotFound)?;
    if admin.actor_id() == current.id {
        if change.role == Some(store::Role::Agent) {
            return Err(ApiError::invalid(
                "role",
                ErrorCode::Invalid,
                "You cannot take the admin role from yourself; ask another admin.",
            ));
        }
        if change.active == Some(false) {
            return Err(ApiError::invalid(
                "active",
                ErrorCode::Invalid,
                "You cannot deactivate yourself; ask another admin.",
            ));
        }
    }
    let by = admin.actor(state.clock.now_ms());
    let account = store::update_agent(&*state.db, &current, &change, &by)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(json_response(StatusCode::OK, &json!({ "agent": account })))
}

/// Makes a set-up link for `account`: its URL and expiry. Shared with the
/// CLI (`portico agents add`).
pub async fn make_setup_link(
    state: &AppState,
    account: &store::Account,
    by: &Actor<'_>,
) -> Result<(String, i64), ApiError> {
    let (token, hash) = secrets::new_setup_token();
    let expires_at = by.at + state.config.agents.setup_link_ms;
    store::create_setup_link(&*state.db, &account.id, &hash, expires_at, by).await?;
    Ok((setup_url(state, &token), expires_at))
}

/// `POST /api/agents/{id}/setup-link` → `201 {setup_url, expires_at}`: a
/// one-time link replacing the agent's earlier ones.
pub async fn setup_link(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    super::sign_in::refuse_if_sso_only(&state)?;
    let account = store::agent(&*state.db, &id).await?.ok_or(ApiError::NotFound)?;
    if !account.active {
        return Err(ApiError::invalid(
            "active",
            ErrorCode::Invalid,
            "The agent is deactivated; activate the account first.",
        ));
    }
    let (url, expires_at) = make_setup_link(&state, &account, &admin.actor(state.clock.now_ms())).await?;
    Ok(json_response(
        StatusCode::CREATED,
        &json!({"setup_url": url, "expires_at": rfc3339(expires_at)}),
    ))
}
