//! Cross-cutting request handling: who the client is (a salted IP hash),
//! Origin/CORS policy, security headers and rate limits.
//!
//! The middleware runs for every `/api/*` route, so no handler can forget a
//! header or the Origin check. Agent credentials are checked in
//! [`crate::auth`]; the sign-in throttle is here, beside the other limits.

use crate::config::EdgeConfig;
use crate::crypto::sha256_hex;
use crate::error::ApiError;
use crate::{store, AppState};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The client as a salted hash of its IP: enough to rate-limit and dedupe
/// votes, useless to identify anyone from a database dump.
#[derive(Debug, Clone)]
pub struct Client(pub String);

/// Headers every response gets: this is an API, so nothing may render,
/// frame, sniff, cache or leak a Referer.
const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("content-security-policy", "default-src 'none'; frame-ancestors 'none'"),
    ("cross-origin-resource-policy", "same-origin"),
    ("cache-control", "no-store"),
    ("strict-transport-security", "max-age=31536000"),
];

/// The middleware: identifies the client, enforces the Origin policy, answers
/// CORS preflights and stamps headers on the way out.
pub async fn guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let cfg = &state.config;
    let headers = request.headers();
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let own_origin = origin.as_deref().is_some_and(|o| cfg.allows_origin(o));

    let mut response = if request.method() == Method::OPTIONS {
        let mut r = StatusCode::NO_CONTENT.into_response();
        if own_origin {
            let h = r.headers_mut();
            h.insert(
                "access-control-allow-methods",
                HeaderValue::from_static("GET, POST, PATCH, DELETE"),
            );
            h.insert(
                "access-control-allow-headers",
                HeaderValue::from_static("authorization, content-type, idempotency-key, x-csrf-token"),
            );
            h.insert("access-control-max-age", HeaderValue::from_static("600"));
        }
        r
    } else if let Err(e) = check_origin(request.method(), headers, origin.as_deref(), cfg) {
        e.into_response()
    } else {
        let ip = client_ip(&request, cfg.trust_cf_connecting_ip);
        let client = Client(sha256_hex(&[b"client", cfg.ip_salt.as_bytes(), ip.as_bytes()])[..32].to_owned());
        request.extensions_mut().insert(client);
        next.run(request).await
    };

    let h = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        h.insert(*name, HeaderValue::from_static(value));
    }
    if own_origin {
        if let Some(o) = origin.and_then(|o| HeaderValue::from_str(&o).ok()) {
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
        }
    }
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    response
}

/// Writes from a foreign Origin are refused outright. Form posts need
/// positive proof of coming from the site (Origin, or Referer when a browser
/// omits Origin), because forms are the classic CSRF vector: no preflight
/// protects them. JSON without any Origin is a non-browser client (curl).
fn check_origin(method: &Method, headers: &HeaderMap, origin: Option<&str>, cfg: &EdgeConfig) -> Result<(), ApiError> {
    if matches!(*method, Method::GET | Method::HEAD) {
        return Ok(());
    }
    match origin {
        Some(o) if cfg.allows_origin(o) => Ok(()),
        Some(_) => Err(ApiError::ForbiddenOrigin),
        None => {
            let is_form = crate::input::kind_of(headers) == Ok(crate::input::Kind::Form);
            let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok());
            let referer_ok = referer.and_then(|r| cfg.own_url_rest(r)).is_some();
            if is_form && !referer_ok {
                Err(ApiError::ForbiddenOrigin)
            } else {
                Ok(())
            }
        }
    }
}

/// Whether a request shows positive proof of coming from the site's own
/// pages: its `Origin`, or without one its `Referer`, is ours. Signed-in
/// writes need it (with their CSRF token), whatever the body's type.
pub fn from_own_site(headers: &HeaderMap, cfg: &EdgeConfig) -> bool {
    match headers.get(header::ORIGIN) {
        Some(origin) => origin.to_str().is_ok_and(|o| cfg.allows_origin(o)),
        None => headers
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(|r| cfg.own_url_rest(r))
            .is_some(),
    }
}

fn client_ip(request: &Request, trust_cf: bool) -> String {
    if trust_cf {
        if let Some(ip) = request.headers().get("cf-connecting-ip").and_then(|v| v.to_str().ok()) {
            return ip.trim().to_owned();
        }
    }
    // Natively the socket address, when served with connect info; in the
    // Worker `CF-Connecting-IP` is always there. Otherwise every client
    // shares one bucket.
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(axum::extract::ConnectInfo(addr)) = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
    {
        return addr.ip().to_string();
    }
    "unknown".to_owned()
}

/// Counts a write by `client` and refuses it past the configured limit.
pub async fn limit_write(state: &AppState, client: &Client) -> Result<(), ApiError> {
    let limits = &state.config.limits;
    let now = state.clock.now_ms();
    let count = store::rate_hit(&*state.db, &format!("write:{}", client.0), limits.window_ms, now).await?;
    if count > limits.writes {
        return Err(rate_limited(limits.window_ms, now));
    }
    Ok(())
}

/// Refuses a look-up when `client` already failed too many this window.
pub async fn check_lookups(state: &AppState, client: &Client) -> Result<(), ApiError> {
    let limits = &state.config.limits;
    let now = state.clock.now_ms();
    if store::rate_peek(&*state.db, &format!("lookup:{}", client.0), limits.window_ms, now).await?
        >= limits.failed_lookups
    {
        return Err(rate_limited(limits.window_ms, now));
    }
    Ok(())
}

/// Counts a failed look-up (wrong token, unknown id, bad agent key).
pub async fn count_failed_lookup(state: &AppState, client: &Client) -> Result<(), ApiError> {
    let limits = &state.config.limits;
    store::rate_hit(
        &*state.db,
        &format!("lookup:{}", client.0),
        limits.window_ms,
        state.clock.now_ms(),
    )
    .await?;
    Ok(())
}

/// The rate-limit buckets of sign-ins: the account (a salted hash of the
/// address as typed, lower-cased, whether an account has it or not) and the
/// client.
fn sign_in_buckets(state: &AppState, client: &Client, email: &str) -> [(String, i64); 2] {
    let cfg = &state.config;
    let account = sha256_hex(&[b"sign-in", cfg.ip_salt.as_bytes(), email.to_lowercase().as_bytes()]);
    [
        (
            format!("sign-in:{}", &account[..32]),
            cfg.limits.failed_sign_ins_per_account,
        ),
        (
            format!("sign-in-client:{}", client.0),
            cfg.limits.failed_sign_ins_per_client,
        ),
    ]
}

/// Refuses a sign-in for `email` from `client` once either failed too often
/// this window: a guesser gets a few tries per address and per client, then
/// 429 until the window ends.
pub async fn check_sign_in(state: &AppState, client: &Client, email: &str) -> Result<(), ApiError> {
    let window_ms = state.config.limits.window_ms;
    let now = state.clock.now_ms();
    for (bucket, limit) in sign_in_buckets(state, client, email) {
        if store::rate_peek(&*state.db, &bucket, window_ms, now).await? >= limit {
            return Err(rate_limited(window_ms, now));
        }
    }
    Ok(())
}

/// Counts a failed sign-in for `email` and for `client`.
pub async fn count_failed_sign_in(state: &AppState, client: &Client, email: &str) -> Result<(), ApiError> {
    let window_ms = state.config.limits.window_ms;
    let now = state.clock.now_ms();
    for (bucket, _) in sign_in_buckets(state, client, email) {
        store::rate_hit(&*state.db, &bucket, window_ms, now).await?;
    }
    Ok(())
}

fn rate_limited(window_ms: i64, now: i64) -> ApiError {
    let left_ms = window_ms - now.rem_euclid(window_ms.max(1));
    ApiError::RateLimited {
        retry_after_secs: (left_ms + 999) / 1000,
    }
}
