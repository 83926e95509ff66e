//! The Cloudflare Worker host (wasm32 only): D1 storage, `fetch()` for
//! webhooks and Turnstile, and the `fetch`/`scheduled` event handlers that
//! run the same [`crate::router`] as the native server.
//!
//! Bindings and settings (see `wrangler.toml`): D1 database `DB`; vars
//! `SITE_ORIGIN`, `EXTRA_ORIGINS` (comma-separated), `DEFAULT_LANGUAGE`,
//! `WEBHOOK_URL`, `SEARCH_MISSES` (`true`), `RATE_WINDOW_SECONDS`,
//! `RATE_WRITES`, `RATE_FAILED_LOOKUPS`, `RATE_FAILED_SIGN_INS` (per account),
//! `SESSION_IDLE_SECONDS`, `SESSION_ABSOLUTE_SECONDS`, `REQUIRE_MFA`
//! (`true`: admins must use TOTP), `SSO_ISSUER`, `SSO_CLIENT_ID`,
//! `SSO_ALLOWED_DOMAINS` and `SSO_ADMIN_VALUES` (comma-separated),
//! `SSO_SCOPES`, `SSO_ROLE_CLAIM`, `SSO_ONLY` (`true`); secrets
//! `AGENT_API_KEY` (the bootstrap key), `IP_SALT`, `TURNSTILE_SECRET`,
//! `MFA_KEY` (seals TOTP secrets), `PORTICO_EDGE_OIDC_SECRET` (the SSO
//! client secret).
//!
//! JS objects are not `Send`, but a Worker isolate is single-threaded, so
//! wrapping them in `worker::send::{SendWrapper, SendFuture}` to satisfy
//! axum's `Send` bounds is sound here.

use crate::db::{Db, DbError, Param, Row, Stmt};
use crate::outbox::Outbound;
use crate::sso::provider::ProviderCache;
use crate::{AppState, EdgeConfig, SsoSettings};
use async_trait::async_trait;
use std::sync::Arc;
use tower_service::Service;
use wasm_bindgen::prelude::*;
use worker::send::{SendFuture, SendWrapper};
use worker::{event, Context, Env, HttpRequest};

/// D1 behind the storage trait. `batch()` is atomic on D1, like the SQLite
/// transaction natively.
pub struct D1Db(SendWrapper<worker::D1Database>);

fn js_param(p: &Param) -> JsValue {
    match p {
        Param::Null => JsValue::NULL,
        Param::Int(n) => JsValue::from_f64(*n as f64),
        Param::Text(s) => JsValue::from_str(s),
    }
}

fn d1_error(e: worker::Error) -> DbError {
    let message = e.to_string();
    if message.contains("constraint failed") {
        DbError::Constraint(message)
    } else {
        DbError::Other(message)
    }
}

#[async_trait]
impl Db for D1Db {
    async fn batch(&self, stmts: Vec<Stmt>) -> Result<Vec<Vec<Row>>, DbError> {
        SendFuture::new(async move {
            let mut prepared = Vec::with_capacity(stmts.len());
            for stmt in &stmts {
                let params: Vec<JsValue> = stmt.params.iter().map(js_param).collect();
                prepared.push(self.0.prepare(&*stmt.sql).bind(&params).map_err(d1_error)?);
            }
            let results = self.0.batch(prepared).await.map_err(d1_error)?;
            results.iter().map(|r| r.results::<Row>().map_err(d1_error)).collect()
        })
        .await
    }
}

/// Outgoing HTTP through the Workers `fetch()`.
pub struct FetchOutbound;

#[async_trait]
impl Outbound for FetchOutbound {
    async fn post(&self, url: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Result<(u16, Vec<u8>), String> {
        fetch_url(worker::Method::Post, url, headers, Some(body)).await
    }

    async fn get(&self, url: &str, headers: &[(&str, &str)]) -> Result<(u16, Vec<u8>), String> {
        fetch_url(worker::Method::Get, url, headers, None).await
    }
}

async fn fetch_url(
    method: worker::Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> Result<(u16, Vec<u8>), String> {
    SendFuture::new(async move {
        let h = worker::Headers::new();
        for (name, value) in headers {
            h.set(name, value).map_err(|e| e.to_string())?;
        }
        let mut init = worker::RequestInit::new();
        init.with_method(method).with_headers(h);
        if let Some(body) = body {
            init.with_body(Some(js_sys::Uint8Array::from(body.as_slice()).into()));
        }
        let request = worker::Request::new_with_init(url, &init).map_err(|e| e.to_string())?;
        let mut response = worker::Fetch::Request(request)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status_code();
        Ok((status, response.bytes().await.unwrap_or_default()))
    })
    .await
}

fn var(env: &Env, name: &str) -> Option<String> {
    env.var(name).ok().map(|v| v.to_string()).filter(|v| !v.is_empty())
}

fn secret(env: &Env, name: &str) -> Option<String> {
    env.secret(name).ok().map(|v| v.to_string()).filter(|v| !v.is_empty())
}

/// Builds the router state from the Worker's bindings.
pub fn state_from_env(env: &Env) -> worker::Result<AppState> {
    let origin = var(env, "SITE_ORIGIN").ok_or_else(|| worker::Error::RustError("SITE_ORIGIN is not set".into()))?;
    let salt = secret(env, "IP_SALT").ok_or_else(|| worker::Error::RustError("IP_SALT secret is not set".into()))?;
    let mut config = EdgeConfig::new(origin, salt);
    config.trust_cf_connecting_ip = true;
    config.extra_origins = var(env, "EXTRA_ORIGINS")
        .map(|v| {
            v.split(',')
                .map(|o| o.trim().to_owned())
                .filter(|o| !o.is_empty())
                .collect()
        })
        .unwrap_or_default();
    config.agent_api_key = secret(env, "AGENT_API_KEY");
    config.mfa_key = secret(env, "MFA_KEY");
    config.agents.require_mfa = var(env, "REQUIRE_MFA").is_some_and(|v| v == "true");
    config.turnstile_secret = secret(env, "TURNSTILE_SECRET");
    config.webhook_url = var(env, "WEBHOOK_URL");
    config.search_misses = var(env, "SEARCH_MISSES").is_some_and(|v| v == "true");
    if let Some(lang) = var(env, "DEFAULT_LANGUAGE") {
        config.default_language = lang;
    }
    let num = |name: &str| var(env, name).and_then(|v| v.parse::<i64>().ok());
    if let Some(secs) = num("RATE_WINDOW_SECONDS") {
        config.limits.window_ms = secs.max(1) * 1000;
    }
    if let Some(n) = num("RATE_WRITES") {
        config.limits.writes = n;
    }
    if let Some(n) = num("RATE_FAILED_LOOKUPS") {
        config.limits.failed_lookups = n;
    }
    if let Some(n) = num("RATE_FAILED_SIGN_INS") {
        config.limits.failed_sign_ins_per_account = n;
    }
    if let Some(secs) = num("SESSION_IDLE_SECONDS") {
        config.agents.session_idle_ms = secs.max(60) * 1000;
    }
    if let Some(secs) = num("SESSION_ABSOLUTE_SECONDS") {
        config.agents.session_absolute_ms = secs.max(60) * 1000;
    }
    config.sso = sso_from_env(env);
    let db = D1Db(SendWrapper::new(env.d1("DB")?));
    let mut state = AppState::new(config, Arc::new(db), Arc::new(FetchOutbound));
    state.sso_cache = PROVIDER_CACHE.with(Arc::clone);
    Ok(state)
}

thread_local! {
    /// The SSO provider's discovery and keys, kept for the isolate's life
    /// (the state is made anew for every request).
    static PROVIDER_CACHE: Arc<ProviderCache> = Arc::default();
}

fn list(v: Option<String>) -> Vec<String> {
    v.map(|v| {
        v.split(',')
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

/// SSO from `SSO_ISSUER`, `SSO_CLIENT_ID` and the `PORTICO_EDGE_OIDC_SECRET`
/// secret (all three, and `SSO_ALLOWED_DOMAINS`, or none).
fn sso_from_env(env: &Env) -> Option<SsoSettings> {
    let domains = list(var(env, "SSO_ALLOWED_DOMAINS"));
    if domains.is_empty() {
        return None;
    }
    let mut sso = SsoSettings::new(
        var(env, "SSO_ISSUER")?,
        var(env, "SSO_CLIENT_ID")?,
        secret(env, "PORTICO_EDGE_OIDC_SECRET")?,
        domains,
    );
    if let Some(scopes) = var(env, "SSO_SCOPES") {
        sso.scopes = scopes;
    }
    sso.role_claim = var(env, "SSO_ROLE_CLAIM");
    sso.admin_values = list(var(env, "SSO_ADMIN_VALUES"));
    sso.sso_only = var(env, "SSO_ONLY").is_some_and(|v| v == "true");
    Some(sso)
}

/// Reads the whole request stream before routing, keeping at most one byte
/// over the limit (so the router still answers 413). workerd restarts an
/// isolate that responds while the request stream is still unread, which
/// would fail the *next* request with a 503 — and the router answers early
/// on purpose (403, 413, 415, 429…).
async fn buffer_body(req: HttpRequest) -> http::Request<axum::body::Body> {
    use http_body_util::BodyExt;
    let (parts, mut body) = req.into_parts();
    let mut kept = Vec::new();
    while let Some(Ok(frame)) = body.frame().await {
        if let Ok(data) = frame.into_data() {
            let room = (crate::input::MAX_REQUEST_BYTES + 1).saturating_sub(kept.len());
            kept.extend_from_slice(&data[..data.len().min(room)]);
        }
    }
    http::Request::from_parts(parts, axum::body::Body::from(kept))
}

/// Every request for `/api/*` (the `[assets]` config runs the Worker first
/// only there) goes through the shared router; queued webhooks are delivered
/// after the response, via `waitUntil`.
#[event(fetch)]
async fn fetch(req: HttpRequest, env: Env, ctx: Context) -> worker::Result<http::Response<axum::body::Body>> {
    let state = state_from_env(&env)?;
    let method = req.method().clone();
    let req = buffer_body(req).await;
    let response = crate::router(state.clone()).call(req).await?;
    if state.config.webhook_url.is_some() && method != http::Method::GET {
        ctx.wait_until(async move {
            if let Err(e) = state.deliver_outbox().await {
                worker::console_warn!("webhook outbox round failed: {}", e.code());
            }
        });
    }
    Ok(response)
}

/// Cron trigger: retries webhook deliveries that failed earlier.
#[event(scheduled)]
async fn scheduled(_event: worker::ScheduledEvent, env: Env, _ctx: worker::ScheduleContext) {
    match state_from_env(&env) {
        Ok(state) => {
            if let Err(e) = state.tick().await {
                worker::console_warn!("webhook outbox round failed: {}", e.code());
            }
        }
        Err(e) => worker::console_error!("edge worker misconfigured: {e}"),
    }
}
