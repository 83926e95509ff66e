//! Article feedback ("Was this helpful?") and opt-in search-miss analytics.

use crate::auth::Agent;
use crate::error::{json_response, ApiError, ErrorCode};
use crate::guard::{limit_write, Client};
use crate::input::{kind_of, Fields, Kind};
use crate::store;
use crate::tickets::{back_path, form_error, see_other, with_query};
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::json;

const FEEDBACK_FIELDS: &[&str] = &["article", "language", "version", "helpful", "comment", "website"];

/// `POST /api/feedback`: `{article, language, version?, helpful, comment?}`.
/// JSON answers 201; a form post goes back to the article with
/// `?feedback=thanks` (or `?error=`).
pub async fn vote(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let mut return_to = None;
    let result = record(&state, &client, &headers, body, &mut return_to).await;
    match (kind_of(&headers), result) {
        (Ok(Kind::Form), Ok(())) => see_other(&with_query(
            &back_path(&state, &headers, return_to),
            "feedback=thanks#feedback-thanks",
        )),
        (Ok(Kind::Form), Err(e)) => form_error(&state, &headers, return_to, &e, "feedback-error"),
        (_, Ok(())) => json_response(StatusCode::CREATED, &json!({ "ok": true })),
        (_, Err(e)) => e.into_response(),
    }
}

async fn record(
    state: &AppState,
    client: &Client,
    headers: &HeaderMap,
    body: Body,
    return_to: &mut Option<String>,
) -> Result<(), ApiError> {
    let kind = kind_of(headers)?;
    limit_write(state, client).await?;
    let f = Fields::read(kind, headers, body, FEEDBACK_FIELDS).await?;
    *return_to = f.return_to()?;
    let article = f.line("article", 300)?;
    let language = f.language()?;
    let version = f.opt_line("version", 64)?.unwrap_or_default();
    let helpful = f
        .boolean("helpful")?
        .ok_or_else(|| ApiError::invalid("helpful", ErrorCode::Required, "`helpful` is required (true or false)."))?;
    let comment = f.message("comment", 2000, false)?;
    f.refuse_honeypot()?;
    let now = state.clock.now_ms();
    store::vote(
        &*state.db,
        &article,
        &language,
        &version,
        &client.0,
        helpful,
        comment.as_deref(),
        now,
    )
    .await?;
    Ok(())
}

/// `GET /api/feedback/summary?language=en` (agent): per-article counts.
pub async fn summary(State(state): State<AppState>, _agent: Agent, uri: Uri) -> Result<Response, ApiError> {
    let q = Fields::query(&uri)?;
    let language = q.opt_line("language", 35)?;
    let articles = store::feedback_summary(&*state.db, language.as_deref()).await?;
    let helpful: i64 = articles.iter().map(|a| a.helpful).sum();
    let total: i64 = articles.iter().map(|a| a.total).sum();
    let totals = json!({
        "helpful": helpful, "not_helpful": total - helpful, "total": total,
        "ratio": if total > 0 { helpful as f64 / total as f64 } else { 0.0 },
    });
    Ok(json_response(
        StatusCode::OK,
        &json!({ "articles": articles, "totals": totals }),
    ))
}

/// `POST /api/search-misses` `{query, language}` (opt-in; 404 when off).
/// Queries are normalized (trimmed, lower-cased, spaces collapsed) so
/// variants aggregate; nothing about the client is stored.
pub async fn search_miss(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    if !state.config.search_misses {
        return Err(ApiError::NotFound);
    }
    let kind = kind_of(&headers)?;
    limit_write(&state, &client).await?;
    let f = Fields::read(kind, &headers, body, &["query", "language"]).await?;
    let query = f
        .line("query", 200)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let language = f.language()?;
    store::search_miss(&*state.db, &query, &language, state.clock.now_ms()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/search-misses` (agent): the most frequent misses.
pub async fn search_misses(State(state): State<AppState>, _agent: Agent) -> Result<Response, ApiError> {
    let misses = store::search_misses(&*state.db, 200).await?;
    Ok(json_response(StatusCode::OK, &json!({ "misses": misses })))
}
