//! `GET /api/audit?actor=&action=&cursor=&limit=` (admins): the audit log,
//! newest first, a page at a time. `next_cursor` of one page is the
//! `cursor` of the next (`null` on the last). There is no route that
//! changes or deletes an entry.

use crate::auth::Admin;
use crate::error::{json_response, ApiError, ErrorCode};
use crate::input::Fields;
use crate::store::{self, Action, AuditQuery};
use crate::AppState;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde_json::json;

/// Entries per page unless `limit` says otherwise (1 to 500).
const PAGE: i64 = 100;

pub async fn list(State(state): State<AppState>, _admin: Admin, uri: Uri) -> Result<Response, ApiError> {
    let q = Fields::query(&uri)?;
    let action = q
        .opt_line("action", 64)?
        .map(|a| a.parse::<Action>())
        .transpose()
        .map_err(|()| {
            ApiError::invalid(
                "action",
                ErrorCode::Invalid,
                "`action` must be one of the audit log's actions, such as agent.sign_in.",
            )
        })?;
    let number = |field: &'static str, range: std::ops::RangeInclusive<i64>, message: &'static str| {
        q.text(field)?
            .map(|v| {
                v.parse::<i64>()
                    .ok()
                    .filter(|n| range.contains(n))
                    .ok_or_else(|| ApiError::invalid(field, ErrorCode::Invalid, message))
            })
            .transpose()
    };
    let before = number(
        "cursor",
        1..=i64::MAX,
        "`cursor` must be a `next_cursor` from an earlier page.",
    )?;
    let limit = number("limit", 1..=500, "`limit` must be a number from 1 to 500.")?.unwrap_or(PAGE);
    let query = AuditQuery {
        actor: q.opt_line("actor", 64)?,
        action,
        before,
        limit,
    };
    let entries = store::audit_entries(&*state.db, &query).await?;
    let next = (entries.len() as i64 == limit)
        .then(|| entries.last().map(|e| e.id.to_string()))
        .flatten();
    Ok(json_response(
        StatusCode::OK,
        &json!({"entries": entries, "next_cursor": next}),
    ))
}
