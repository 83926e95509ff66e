//! The agents' own ticket routes: internal notes, and the agent view of a
//! ticket (customer contact fields, reply authors, notes) that every agent
//! route on a ticket answers with. Customer routes answer with
//! [`store::ticket_view`] instead, which has no notes to leak.

use crate::auth::Agent;
use crate::error::{json_response, ApiError};
use crate::input::{kind_of, Fields, MAX_MESSAGE_BYTES};
use crate::{store, AppState};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// Answers the agent view of ticket `id` with `code`, or 404.
pub(crate) async fn agent_view(state: &AppState, id: &str, code: StatusCode) -> Result<Response, ApiError> {
    let view = match id.len() <= 32 {
        true => store::agent_ticket(&*state.db, id).await?,
        false => None,
    };
    let view = view.ok_or(ApiError::NotFound)?;
    Ok(json_response(code, &view))
}

/// `POST /api/tickets/{id}/notes` (agent): `{body}`; answers `201` with
/// the agent view.
pub async fn add_note(
    State(state): State<AppState>,
    Path(id): Path<String>,
    agent: Agent,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let kind = kind_of(&headers)?;
    let f = Fields::read(kind, &headers, body, &["body"]).await?;
    let text = f.message("body", MAX_MESSAGE_BYTES, true)?.unwrap_or_default();
    let by = agent.actor(state.clock.now_ms());
    if !store::add_note(&*state.db, &id, &text, &by).await? {
        return Err(ApiError::NotFound);
    }
    agent_view(&state, &id, StatusCode::CREATED).await
}
