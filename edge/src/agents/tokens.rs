//! API tokens for an agent's automation: `GET/POST /api/agent/tokens`,
//! `DELETE /api/agent/tokens/{id}`. A token is shown once, in the answer
//! that creates it; the store keeps its hash. Tokens are created from a
//! signed-in session only, so a leaked token cannot mint itself successors;
//! revoking one works at once (every request looks it up).

use super::own_account;
use crate::auth::{secrets, Agent, Via};
use crate::crypto::{hex, random_bytes};
use crate::error::{json_response, ApiError, ErrorCode};
use crate::input::{kind_of, Fields};
use crate::store::{self, NewToken, Scope};
use crate::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// `GET /api/agent/tokens` → `{tokens: [...]}`, the agent's own, newest first.
pub async fn list(State(state): State<AppState>, agent: Agent) -> Result<Response, ApiError> {
    let account = own_account(&agent)?;
    let tokens = store::tokens(&*state.db, &account.id).await?;
    Ok(json_response(StatusCode::OK, &json!({ "tokens": tokens })))
}

/// `POST /api/agent/tokens` `{name, scope}` → `201 {token, id, name, scope,
/// created_at}`; `token` (`pt_…`) is never shown again.
pub async fn create(
    State(state): State<AppState>,
    agent: Agent,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let account = own_account(&agent)?;
    if !matches!(agent.via, Via::Session { .. }) {
        return Err(ApiError::Forbidden("API tokens are created from a signed-in session."));
    }
    let kind = kind_of(&headers)?;
    let f = Fields::read(kind, &headers, body, &["name", "scope"]).await?;
    let name = f.line("name", 200)?;
    let scope: Scope = f
        .line("scope", 8)?
        .parse()
        .map_err(|()| ApiError::invalid("scope", ErrorCode::Invalid, "`scope` must be read or write."))?;
    let (token, token_hash) = secrets::new_api_token();
    let mut id = [0u8; 8];
    random_bytes(&mut id);
    let id = format!("tk_{}", hex(&id));
    let new = NewToken {
        id: &id,
        agent_id: &account.id,
        name: &name,
        scope,
        token_hash: &token_hash,
    };
    let info = store::create_token(&*state.db, &new, &agent.actor(state.clock.now_ms())).await?;
    let mut body = json!(info);
    body["token"] = json!(token);
    Ok(json_response(StatusCode::CREATED, &body))
}

/// `DELETE /api/agent/tokens/{id}` → `204`; `404` when it is not the
/// agent's or already revoked.
pub async fn revoke(State(state): State<AppState>, agent: Agent, Path(id): Path<String>) -> Result<Response, ApiError> {
    let account = own_account(&agent)?;
    let by = agent.actor(state.clock.now_ms());
    if !store::revoke_token(&*state.db, &account.id, &id, &by).await? {
        return Err(ApiError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
