//! The identity provider as the edge reaches it over HTTP (the host's
//! [`Outbound`]: hyper natively, `fetch()` in the Worker): its discovery
//! document, its signing keys (JWKS) and the token endpoint. Discovery and
//! keys are cached for an hour in the state's [`ProviderCache`]; the keys
//! are fetched again, once, when a token names a key id they lack (the
//! provider rotated its keys).

use crate::config::SsoSettings;
use crate::outbox::Outbound;
use base64ct::{Base64, Encoding};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Deserialize;
use serde_json::Value;
use std::sync::Mutex;

/// How long discovery and keys are kept.
const CACHE_MS: i64 = 3_600_000;

/// What the edge uses of `/.well-known/openid-configuration`.
#[derive(Debug, Clone, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Vec<String>,
}

/// A provider's public keys (JWKS), as JSON objects.
#[derive(Debug, Clone, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Value>,
}

#[derive(Debug, Clone)]
struct Entry {
    issuer: String,
    fetched_at: i64,
    discovery: Discovery,
    jwks: Jwks,
}

/// Discovery and keys of the configured provider, shared by the requests of
/// a process (natively) or an isolate (the Worker keeps one per isolate).
#[derive(Debug, Default)]
pub struct ProviderCache(Mutex<Option<Entry>>);

async fn get_json<T: for<'de> Deserialize<'de>>(http: &dyn Outbound, url: &str) -> Result<T, String> {
    let (status, body) = http.get(url, &[("accept", "application/json")]).await?;
    if status != 200 {
        return Err(format!("{url} answered {status}"));
    }
    serde_json::from_slice(&body).map_err(|e| format!("{url}: {e}"))
}

impl ProviderCache {
    /// Discovery and keys of `sso.issuer`, from the cache when fresh; with
    /// `refresh`, the keys are fetched again whatever their age.
    pub async fn get(
        &self,
        http: &dyn Outbound,
        sso: &SsoSettings,
        now: i64,
        refresh: bool,
    ) -> Result<(Discovery, Jwks), String> {
        let cached = self.0.lock().ok().and_then(|e| e.clone());
        if let Some(e) = cached.filter(|e| e.issuer == sso.issuer && now - e.fetched_at < CACHE_MS) {
            if !refresh {
                return Ok((e.discovery, e.jwks));
            }
            let jwks: Jwks = get_json(http, &e.discovery.jwks_uri).await?;
            self.store(&sso.issuer, now, &e.discovery, &jwks);
            return Ok((e.discovery, jwks));
        }
        let url = format!("{}/.well-known/openid-configuration", sso.issuer.trim_end_matches('/'));
        let discovery: Discovery = get_json(http, &url).await?;
        if discovery.issuer != sso.issuer {
            return Err(format!(
                "the provider calls itself `{}`, not the configured issuer",
                discovery.issuer
            ));
        }
        let jwks: Jwks = get_json(http, &discovery.jwks_uri).await?;
        self.store(&sso.issuer, now, &discovery, &jwks);
        Ok((discovery, jwks))
    }

    fn store(&self, issuer: &str, now: i64, discovery: &Discovery, jwks: &Jwks) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(Entry {
                issuer: issuer.to_owned(),
                fetched_at: now,
                discovery: discovery.clone(),
                jwks: jwks.clone(),
            });
        }
    }
}

/// `application/x-www-form-urlencoded` encoding of one value.
pub fn form_encode(value: &str) -> String {
    utf8_percent_encode(value, NON_ALPHANUMERIC).to_string()
}

/// Exchanges an authorization `code` (with its PKCE `verifier`) at the token
/// endpoint for the ID token. The client authenticates with HTTP Basic
/// (`client_secret_basic`, every provider's default) unless the provider
/// lists only `client_secret_post`.
pub async fn exchange_code(
    http: &dyn Outbound,
    sso: &SsoSettings,
    discovery: &Discovery,
    redirect_uri: &str,
    code: &str,
    verifier: &str,
) -> Result<String, String> {
    let methods = &discovery.token_endpoint_auth_methods_supported;
    let post = methods.iter().any(|m| m == "client_secret_post") && !methods.iter().any(|m| m == "client_secret_basic");
    let mut body = format!(
        "grant_type=authorization_code&code={}&redirect_uri={}&code_verifier={}",
        form_encode(code),
        form_encode(redirect_uri),
        form_encode(verifier)
    );
    let basic;
    let mut headers = vec![
        ("content-type", "application/x-www-form-urlencoded"),
        ("accept", "application/json"),
    ];
    if post {
        body.push_str(&format!(
            "&client_id={}&client_secret={}",
            form_encode(&sso.client_id),
            form_encode(&sso.client_secret)
        ));
    } else {
        let pair = format!("{}:{}", form_encode(&sso.client_id), form_encode(&sso.client_secret));
        basic = format!("Basic {}", Base64::encode_string(pair.as_bytes()));
        headers.push(("authorization", &basic));
    }
    let (status, answer) = http
        .post(&discovery.token_endpoint, &headers, body.into_bytes())
        .await?;
    if status != 200 {
        let said: String = String::from_utf8_lossy(&answer).chars().take(200).collect();
        return Err(format!("the token endpoint answered {status}: {said}"));
    }
    let answer: Value = serde_json::from_slice(&answer).map_err(|e| format!("token response: {e}"))?;
    answer["id_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "the token response has no id_token".into())
}
