//! `GET /api/tickets`: the agents' queue. Filters (`status` as a comma list,
//! `assignee` = `me`, `none` or an agent id, `category`, `language`), text
//! search (`q`), sort (`sort` = `updated` or `created`, `order` = `desc` or
//! `asc`), keyset pagination (`cursor` from the previous page's
//! `next_cursor`, `limit` 1–500) and the change feed (`updated_since`, an
//! RFC 3339 time, inclusive) that the workspace polls for new tickets.
//! A bad value is a 422 naming its parameter.

use crate::auth::Agent;
use crate::clock::{parse_rfc3339, Timestamp};
use crate::error::{json_response, ApiError, ErrorCode};
use crate::input::Fields;
use crate::store::{self, AssigneeFilter, QueueCursor, QueueQuery, QueueSort, TicketStatus};
use crate::AppState;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde_json::json;

const QUEUE_PARAMS: &[&str] = &[
    "status",
    "assignee",
    "category",
    "language",
    "q",
    "sort",
    "order",
    "cursor",
    "limit",
    "updated_since",
];

/// The longest search text; a ticket's subject is at most 200 characters.
const MAX_QUERY_CHARS: usize = 200;

pub async fn list(State(state): State<AppState>, agent: Agent, uri: Uri) -> Result<Response, ApiError> {
    let f = Fields::query(&uri)?;
    f.refuse_unknown(QUEUE_PARAMS)?;
    let query = QueueQuery {
        statuses: statuses(&f)?,
        assignee: f.opt_line("assignee", 64)?.map(|a| match a.as_str() {
            "me" => AssigneeFilter::Agent(agent.actor_id().to_owned()),
            "none" => AssigneeFilter::Unassigned,
            id => AssigneeFilter::Agent(id.to_owned()),
        }),
        category: f.opt_line("category", 64)?,
        language: f.opt_language()?,
        text: f.opt_line("q", MAX_QUERY_CHARS)?,
        updated_since: f
            .opt_line("updated_since", 40)?
            .map(|s| {
                parse_rfc3339(&s)
                    .map(Timestamp)
                    .ok_or_else(|| invalid("updated_since", "an RFC 3339 UTC time such as `2026-11-25T19:22:21Z`"))
            })
            .transpose()?,
        sort: match f.opt_line("sort", 16)?.as_deref() {
            None | Some("updated") => QueueSort::Updated,
            Some("created") => QueueSort::Created,
            Some(_) => return Err(invalid("sort", "`updated` or `created`")),
        },
        ascending: match f.opt_line("order", 16)?.as_deref() {
            None | Some("desc") => false,
            Some("asc") => true,
            Some(_) => return Err(invalid("order", "`desc` or `asc`")),
        },
        after: f
            .opt_line("cursor", 64)?
            .map(|c| QueueCursor::parse(&c).ok_or_else(|| invalid("cursor", "a `next_cursor` from an earlier page")))
            .transpose()?,
        limit: match f.opt_line("limit", 8)? {
            Some(l) => l
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=500).contains(n))
                .ok_or_else(|| invalid("limit", "a number from 1 to 500"))?,
            None => 100,
        },
    };
    let page = store::queue(&*state.db, &query).await?;
    Ok(json_response(
        StatusCode::OK,
        &json!({ "tickets": page.tickets, "next_cursor": page.next.map(|c| c.to_string()) }),
    ))
}

/// `status=open,pending`: each one a known status.
fn statuses(f: &Fields) -> Result<Vec<TicketStatus>, ApiError> {
    let Some(list) = f.opt_line("status", 64)? else {
        return Ok(Vec::new());
    };
    list.split(',')
        .map(|s| s.trim().parse())
        .collect::<Result<Vec<TicketStatus>, _>>()
        .map_err(|_| {
            ApiError::invalid(
                "status",
                ErrorCode::InvalidStatus,
                "`status` must be open, pending or solved, or several of them separated by commas.",
            )
        })
}

fn invalid(field: &'static str, expected: &str) -> ApiError {
    ApiError::invalid(field, ErrorCode::Invalid, format!("`{field}` must be {expected}."))
}
