//! Ticket routes: submission (JSON or no-JS form), the customer's
//! token-protected status and replies, and the agent routes.

use crate::auth::{bearer, presents_agent, Agent};
use crate::error::{json_response, ApiError, ErrorCode};
use crate::guard::{check_lookups, count_failed_lookup, limit_write, Client};
use crate::input::{kind_of, safe_path, Fields, Kind, MAX_MESSAGE_BYTES};
use crate::store::{self, AgentUpdate, NewTicket, TicketStatus};
use crate::{urls, workspace, AppState};
use axum::body::Body;
use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::json;

const TICKET_FIELDS: &[&str] = &[
    "name",
    "email",
    "subject",
    "body",
    "category",
    "language",
    "article",
    "website",
    "turnstile_token",
    "nonce",
];

/// `POST /api/tickets`: JSON answers `201 {id, status_url}`; a form post is
/// redirected (303) to the status page, or back to the form with `?error=`.
pub async fn create(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let kind = kind_of(&headers);
    let mut return_to = None;
    let result = submit(&state, &client, &headers, body, &mut return_to).await;
    match (kind, result) {
        (Ok(Kind::Form), Ok(created)) => {
            see_other(&urls::ticket_status(&created.language, &created.id, &created.token))
        }
        (Ok(Kind::Form), Err(e)) => {
            let anchor = format!("error-{}", e.code());
            form_error(&state, &headers, return_to, &e, &anchor)
        }
        (_, Ok(created)) => {
            let url = urls::ticket_status(&created.language, &created.id, &created.token);
            let mut r = json_response(StatusCode::CREATED, &json!({"id": created.id, "status_url": url}));
            if created.replayed {
                r.headers_mut()
                    .insert("idempotent-replayed", HeaderValue::from_static("true"));
            }
            r
        }
        (_, Err(e)) => e.into_response(),
    }
}

async fn submit(
    state: &AppState,
    client: &Client,
    headers: &HeaderMap,
    body: Body,
    return_to: &mut Option<String>,
) -> Result<store::Created, ApiError> {
    let kind = kind_of(headers)?;
    limit_write(state, client).await?;
    let f = Fields::read(kind, headers, body, TICKET_FIELDS).await?;
    *return_to = f.return_to()?;
    let cfg = &state.config;
    let language = f.opt_language()?.unwrap_or_else(|| cfg.default_language.clone());
    let email = f.email("email")?;
    let category = f.opt_line("category", 64)?;
    if category
        .as_deref()
        .is_some_and(|c| !c.chars().all(|ch| ch.is_alphanumeric() || ch == '-' || ch == '_'))
    {
        return Err(ApiError::invalid(
            "category",
            ErrorCode::Invalid,
            "`category` may hold letters, digits, `-` and `_`.",
        ));
    }
    let ticket = NewTicket {
        name: f.line("name", 200)?,
        email,
        subject: f.line("subject", 200)?,
        body: f.message("body", MAX_MESSAGE_BYTES, true)?.unwrap_or_default(),
        category,
        language,
        article: f.opt_line("article", 300)?,
    };
    f.refuse_honeypot()?;
    if let Some(secret) = &cfg.turnstile_secret {
        let token = match kind {
            Kind::Form => f.text("cf-turnstile-response").unwrap_or(None),
            Kind::Json => f.text("turnstile_token")?,
        };
        verify_turnstile(state, secret, token.as_deref()).await?;
    }
    let key = match headers.get("idempotency-key") {
        Some(v) => Some(v.to_str().map_err(|_| bad_key())?.to_owned()),
        None => f.opt_line("nonce", 255)?,
    };
    if key
        .as_deref()
        .is_some_and(|k| k.is_empty() || k.len() > 255 || !k.bytes().all(|b| b.is_ascii_graphic()))
    {
        return Err(bad_key());
    }
    let created = store::create_ticket(
        &*state.db,
        cfg,
        &ticket,
        &client.0,
        key.as_deref(),
        state.clock.now_ms(),
    )
    .await?;
    if !created.replayed {
        state.outbox_written();
    }
    Ok(created)
}

fn bad_key() -> ApiError {
    ApiError::bad_request(
        ErrorCode::InvalidIdempotencyKey,
        "The idempotency key must be 1–255 visible ASCII characters.",
    )
}

async fn verify_turnstile(state: &AppState, secret: &str, token: Option<&str>) -> Result<(), ApiError> {
    let Some(token) = token else {
        return Err(ApiError::invalid(
            "turnstile",
            ErrorCode::TurnstileRequired,
            "Please complete the anti-spam check.",
        ));
    };
    let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    let body = format!("secret={}&response={}", enc(secret), enc(token));
    let headers = [("content-type", "application/x-www-form-urlencoded")];
    let (status, reply) = state
        .http
        .post(&state.config.turnstile_verify_url, &headers, body.into_bytes())
        .await
        .map_err(|e| ApiError::Internal(format!("turnstile unreachable: {e}")))?;
    let ok =
        status == 200 && serde_json::from_slice::<serde_json::Value>(&reply).is_ok_and(|v| v["success"] == json!(true));
    if !ok {
        return Err(ApiError::invalid(
            "turnstile",
            ErrorCode::TurnstileFailed,
            "The anti-spam check failed; please retry.",
        ));
    }
    Ok(())
}

pub(crate) fn see_other(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Sends a no-JS form back where it came from with `?error=<code>&field=<f>`
/// and `#<anchor>`: without JavaScript the theme shows the message with that
/// id through CSS `:target`; with it, next to the field. Foreign-origin posts
/// never get here: the guard answered them with a plain 403.
pub(crate) fn form_error(
    state: &AppState,
    headers: &HeaderMap,
    return_to: Option<String>,
    e: &ApiError,
    anchor: &str,
) -> Response {
    if let ApiError::Internal(detail) = e {
        log::error!("edge api internal error: {detail}");
    }
    let mut query = format!("error={}", e.code());
    if let Some(field) = e.field() {
        query.push_str(&format!("&field={field}"));
    }
    let url = with_query(&back_path(state, headers, return_to), &query);
    see_other(&format!("{url}#{anchor}"))
}

/// Where a form came from: its `return_to` field, else the Referer's path on
/// our own origin, else the default language's support page.
pub(crate) fn back_path(state: &AppState, headers: &HeaderMap, return_to: Option<String>) -> String {
    return_to
        .or_else(|| {
            let referer = headers.get(header::REFERER)?.to_str().ok()?;
            let rest = state.config.own_url_rest(referer)?;
            let path = rest.parse::<Uri>().ok()?.path().to_owned();
            safe_path(&path).then_some(path)
        })
        .unwrap_or_else(|| urls::support_page(&state.config.default_language))
}

pub(crate) fn with_query(path: &str, query: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or("/");
    format!("{path}?{query}")
}

/// `GET /api/tickets/{id}`: the customer's view with `Authorization: Bearer
/// <ticket token>`, the agent view ([`crate::workspace`]) with an agent's
/// credential.
pub async fn show(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let (mut parts, _) = request.into_parts();
    if presents_agent(&parts.headers, &state) {
        Agent::from_request_parts(&mut parts, &state).await?;
        return workspace::agent_view(&state, &id, StatusCode::OK).await;
    }
    let headers = parts.headers;
    check_lookups(&state, &client).await?;
    let view = match bearer(&headers) {
        Some(token) if id.len() <= 32 => store::ticket_view(&*state.db, &id, Some(token)).await?,
        _ => None,
    };
    match view {
        Some(v) => Ok(json_response(StatusCode::OK, &v)),
        None => {
            count_failed_lookup(&state, &client).await?;
            Err(ApiError::NotFound)
        }
    }
}

/// `POST /api/tickets/{id}/comments`: the customer replies (token required).
pub async fn comment(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let kind = kind_of(&headers)?;
    limit_write(&state, &client).await?;
    check_lookups(&state, &client).await?;
    let authorized = match bearer(&headers) {
        Some(token) if id.len() <= 32 => store::check_token(&*state.db, &id, token).await?,
        _ => false,
    };
    if !authorized {
        count_failed_lookup(&state, &client).await?;
        return Err(ApiError::NotFound);
    }
    let f = Fields::read(kind, &headers, body, &["body"]).await?;
    let text = f.message("body", MAX_MESSAGE_BYTES, true)?.unwrap_or_default();
    store::add_customer_reply(
        &*state.db,
        &id,
        &text,
        state.config.webhook_url.is_some(),
        state.clock.now_ms(),
    )
    .await?;
    state.outbox_written();
    let view = store::ticket_view(&*state.db, &id, None)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(json_response(StatusCode::CREATED, &view))
}

fn parse_status(f: &Fields) -> Result<Option<TicketStatus>, ApiError> {
    f.opt_line("status", 16)?.map(|s| s.parse()).transpose().map_err(|_| {
        ApiError::invalid(
            "status",
            ErrorCode::InvalidStatus,
            "`status` must be open, pending or solved.",
        )
    })
}

/// `PATCH /api/tickets/{id}` (agent): `{status?, reply?, assignee?}`;
/// `assignee` is an active agent's id, or `null` to unassign.
pub async fn agent_patch(
    State(state): State<AppState>,
    Path(id): Path<String>,
    agent: Agent,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let kind = kind_of(&headers)?;
    let f = Fields::read(kind, &headers, body, &["status", "reply", "assignee"]).await?;
    let assignee = match f.present("assignee") {
        true => Some(f.opt_line("assignee", 64)?),
        false => None,
    };
    let change = AgentUpdate {
        status: parse_status(&f)?,
        reply: f.message("reply", MAX_MESSAGE_BYTES, false)?,
        assignee,
    };
    if change.status.is_none() && change.reply.is_none() && change.assignee.is_none() {
        return Err(ApiError::invalid(
            "status",
            ErrorCode::Required,
            "Send `status`, `reply`, `assignee` or several.",
        ));
    }
    agent_apply(&state, &agent, &id, change, StatusCode::OK).await
}

/// `POST /api/tickets/{id}/replies` (agent): `{body, status?}`.
pub async fn agent_reply(
    State(state): State<AppState>,
    Path(id): Path<String>,
    agent: Agent,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let kind = kind_of(&headers)?;
    let f = Fields::read(kind, &headers, body, &["body", "status"]).await?;
    let change = AgentUpdate {
        status: parse_status(&f)?,
        reply: f.message("body", MAX_MESSAGE_BYTES, true)?,
        assignee: None,
    };
    agent_apply(&state, &agent, &id, change, StatusCode::CREATED).await
}

async fn agent_apply(
    state: &AppState,
    agent: &Agent,
    id: &str,
    change: AgentUpdate,
    code: StatusCode,
) -> Result<Response, ApiError> {
    if let Some(Some(assignee)) = &change.assignee {
        if !store::active_agent_exists(&*state.db, assignee).await? {
            return Err(ApiError::invalid(
                "assignee",
                ErrorCode::Invalid,
                "`assignee` must be the id of an active agent, or null.",
            ));
        }
    }
    let by = agent.actor(state.clock.now_ms());
    if !store::agent_update(&*state.db, id, &change, &by).await? {
        return Err(ApiError::NotFound);
    }
    workspace::agent_view(state, id, code).await
}
