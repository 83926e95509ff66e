//! Who may call the agent routes: the [`Agent`] extractor, and the
//! `Authorization: Bearer …` credential that both agents (their API key) and
//! customers (their ticket token) present.
//!
//! An agent route takes an `Agent` argument, so it cannot run without the
//! check: axum refuses the request before the handler starts. Agent accounts
//! and sessions will live here too.

use crate::crypto::{ct_eq, sha256};
use crate::error::ApiError;
use crate::guard::{check_lookups, count_failed_lookup, Client};
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

/// The `Authorization: Bearer …` value.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Proof that the request carries the agent API key. Extracting it checks
/// the key (constant time, over hashes so lengths do not leak either);
/// failures count as failed look-ups, so keys cannot be brute-forced faster
/// than tickets. Rejects with [`ApiError::Unauthorized`] (or
/// [`ApiError::RateLimited`] once the client failed too often).
#[derive(Debug)]
pub struct Agent(());

impl FromRequestParts<AppState> for Agent {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // The guard middleware identifies every `/api/*` client first.
        let client = parts
            .extensions
            .get::<Client>()
            .cloned()
            .ok_or_else(|| ApiError::Internal("agent route reached without the guard middleware".into()))?;
        check_lookups(state, &client).await?;
        let ok = match (&state.config.agent_api_key, bearer(&parts.headers)) {
            (Some(key), Some(given)) => ct_eq(&sha256(&[key.as_bytes()]), &sha256(&[given.as_bytes()])),
            _ => false,
        };
        if !ok {
            count_failed_lookup(state, &client).await?;
            return Err(ApiError::Unauthorized);
        }
        Ok(Agent(()))
    }
}
