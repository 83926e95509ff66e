//! Single sign-on for agents through OpenID Connect (Okta, Microsoft Entra
//! ID, Google Workspace…): the authorization code flow with PKCE (S256),
//! `state` and `nonce`. `GET /api/agent/sso/start` sends the browser to the
//! provider; `GET /api/agent/sso/callback` takes it back, verifies the ID
//! token ([`id_token`]) and opens the same session a password sign-in does
//! (auth method `sso`), then sends the browser to `/agent/`.
//!
//! A sign-in in progress is bound to the browser: `start` sets a short-lived
//! HttpOnly cookie holding a random secret, from which the `state`, the
//! `nonce` and the PKCE verifier are derived; the store keeps only a hash
//! of the state, used once. So nothing secret is stored, a replayed or
//! foreign callback is refused, and a code intercepted without the cookie
//! cannot be redeemed.
//!
//! Who the identity is: an (issuer, subject) already linked is its agent;
//! otherwise a verified e-mail address (`email_verified`) in one of
//! `allowed_domains` matches an active agent, and is linked; an unknown
//! address in those domains creates an agent (just-in-time). A role claim,
//! when configured and present, sets the role (audited). SSO sessions skip
//! Portico's TOTP: the provider does the second factor.
//!
//! Not here: the provider's HTTP ([`provider`]), the session itself
//! (`crate::agents::sign_in`), storage (`crate::store`).

pub mod id_token;
pub mod provider;

use crate::agents::sign_in::new_session;
use crate::auth::secrets;
use crate::config::{EdgeConfig, SsoSettings};
use crate::crypto::{ct_eq, new_secret, sha256_hex};
use crate::error::{ApiError, ErrorCode};
use crate::guard::{check_lookups, count_failed_lookup, Client};
use crate::input::Fields;
use crate::store::{self, Account, Action, Actor, AgentChange, Opening, Role, SsoAgent};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{json, Value};
use sha2::Digest;

/// How long a sign-in may stay at the provider.
const FLOW_MS: i64 = 10 * 60_000;

/// What every refusal after the `state` check answers: the audit entry
/// says why, the browser only that it failed.
const REFUSED: &str = "Single sign-on did not sign you in. Start again, or ask an admin for access.";

/// The redirect URI to register with the provider.
pub fn redirect_uri(cfg: &EdgeConfig) -> String {
    format!("{}/api/agent/sso/callback", cfg.site_origin)
}

fn settings(state: &AppState) -> Result<&SsoSettings, ApiError> {
    state.config.sso.as_ref().ok_or(ApiError::NotFound)
}

/// The flow cookie's name: `__Host-` over https, like the session cookie.
fn cookie_name(cfg: &EdgeConfig) -> &'static str {
    if cfg.https() {
        "__Host-portico_sso"
    } else {
        "portico_sso"
    }
}

fn flow_cookie(cfg: &EdgeConfig, value: &str, max_age_secs: i64) -> HeaderValue {
    let secure = if cfg.https() { "; Secure" } else { "" };
    let v = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}",
        cookie_name(cfg)
    );
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn read_flow_cookie<'a>(headers: &'a HeaderMap, cfg: &EdgeConfig) -> Option<&'a str> {
    secrets::secret_cookie(headers, cookie_name(cfg))
}

/// What a flow's secret (the cookie's value) yields.
struct Flow {
    state: String,
    nonce: String,
    verifier: String,
}

impl Flow {
    fn of(secret: &str) -> Flow {
        Flow {
            state: sha256_hex(&[b"sso-state", secret.as_bytes()]),
            nonce: sha256_hex(&[b"sso-nonce", secret.as_bytes()]),
            verifier: sha256_hex(&[b"sso-verifier", secret.as_bytes()]),
        }
    }

    fn state_hash(&self) -> String {
        sha256_hex(&[b"sso-state-row", self.state.as_bytes()])
    }
}

fn redirect(to: &str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// `GET /api/agent/sso/start` → `302` to the provider's authorization
/// endpoint, with the flow cookie set.
pub async fn start(State(state): State<AppState>) -> Result<Response, ApiError> {
    let sso = settings(&state)?;
    let now = state.clock.now_ms();
    let (discovery, _) = state
        .sso_cache
        .get(&*state.http, sso, now, false)
        .await
        .map_err(|e| ApiError::Internal(format!("SSO discovery failed: {e}")))?;
    let secret = new_secret();
    let flow = Flow::of(&secret);
    store::create_sso_state(&*state.db, &flow.state_hash(), now + FLOW_MS).await?;
    // RFC 7636's S256: the plain SHA-256 of the verifier (not crypto::sha256,
    // which length-prefixes its parts).
    let challenge = Base64UrlUnpadded::encode_string(&sha2::Sha256::digest(flow.verifier.as_bytes()));
    let enc = provider::form_encode;
    let endpoint = &discovery.authorization_endpoint;
    let url = format!(
        "{endpoint}{}response_type=code&client_id={}&redirect_uri={}&scope={}&state={}&nonce={}\
         &code_challenge={challenge}&code_challenge_method=S256",
        if endpoint.contains('?') { '&' } else { '?' },
        enc(&sso.client_id),
        enc(&redirect_uri(&state.config)),
        enc(&sso.scopes),
        flow.state,
        flow.nonce,
    );
    let mut r = redirect(&url);
    r.headers_mut()
        .insert(header::SET_COOKIE, flow_cookie(&state.config, &secret, FLOW_MS / 1000));
    Ok(r)
}

/// `GET /api/agent/sso/callback?code&state` → `302 /agent/` with the
/// session cookie, or an error: `422` (field `state`) for a sign-in that is
/// unknown, expired, replayed or from another browser, `403` for a provider
/// answer or an identity that is refused. Every refusal is audited as a
/// failed sign-in and counts as a failed look-up.
pub async fn callback(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    let sso = settings(&state)?;
    check_lookups(&state, &client).await?;
    let result = finish(&state, sso, &client, &headers, &uri).await;
    let mut response = match result {
        Ok(r) => r,
        Err((error, reason, target)) => {
            count_failed_lookup(&state, &client).await?;
            let by = Actor {
                id: "anonymous",
                client: Some(&client.0),
                at: state.clock.now_ms(),
            };
            let detail = json!({"method": "sso", "reason": reason});
            state
                .db
                .batch(vec![by.record(Action::SignInFailed, target.as_deref(), &detail)])
                .await?;
            error.into_response()
        }
    };
    response
        .headers_mut()
        .append(header::SET_COOKIE, flow_cookie(&state.config, "", 0));
    Ok(response)
}

/// A refusal: the answer, the reason for the audit log, the agent if known.
type Refusal = (ApiError, String, Option<String>);

fn refused(reason: impl Into<String>) -> Refusal {
    (ApiError::Forbidden(REFUSED), reason.into(), None)
}

async fn finish(
    state: &AppState,
    sso: &SsoSettings,
    client: &Client,
    headers: &HeaderMap,
    uri: &Uri,
) -> Result<Response, Refusal> {
    let bad_state = |reason: &str| {
        (
            ApiError::invalid(
                "state",
                ErrorCode::Invalid,
                "This sign-in expired, was already used or began in another browser; start again.",
            ),
            reason.to_owned(),
            None,
        )
    };
    let q = Fields::query(uri).map_err(|e| (e, "unreadable callback query".into(), None))?;
    let text = |name: &'static str| q.opt_line(name, 2048).ok().flatten();
    let secret = read_flow_cookie(headers, &state.config).ok_or_else(|| bad_state("no flow cookie"))?;
    let flow = Flow::of(secret);
    let sent_state = text("state").unwrap_or_default();
    if !ct_eq(sent_state.as_bytes(), flow.state.as_bytes()) {
        return Err(bad_state("state does not match the browser's flow"));
    }
    let now = state.clock.now_ms();
    let fresh = store::take_sso_state(&*state.db, &flow.state_hash(), now)
        .await
        .map_err(|e| (e.into(), "store".into(), None))?;
    if !fresh {
        return Err(bad_state("state unknown, expired or already used"));
    }
    if let Some(error) = text("error") {
        return Err(refused(format!("provider error `{error}`")));
    }
    let code = text("code").ok_or_else(|| refused("no code"))?;
    let cache = &state.sso_cache;
    let (discovery, jwks) = cache
        .get(&*state.http, sso, now, false)
        .await
        .map_err(|e| refused(format!("discovery: {e}")))?;
    let token = provider::exchange_code(
        &*state.http,
        sso,
        &discovery,
        &redirect_uri(&state.config),
        &code,
        &flow.verifier,
    )
    .await
    .map_err(refused)?;
    let parsed = id_token::parse(&token).map_err(|e| refused(e.reason()))?;
    let jwks = if parsed.has_key(&jwks) {
        jwks
    } else {
        cache
            .get(&*state.http, sso, now, true)
            .await
            .map_err(|e| refused(format!("keys: {e}")))?
            .1
    };
    parsed.verify_signature(&jwks).map_err(|e| refused(e.reason()))?;
    parsed
        .verify_claims(&sso.issuer, &sso.client_id, &flow.nonce, now)
        .map_err(|e| refused(e.reason()))?;
    let account = agent_of(state, sso, &parsed.claims, client).await?;
    let opening = Opening {
        method: "sso",
        sso: true,
        enrol_only: false,
    };
    let (secret, lifetime) = new_session(state, &account, client, opening)
        .await
        .map_err(|e| (e, "session".into(), Some(account.id.clone())))?;
    let mut r = redirect("/agent/");
    r.headers_mut().insert(
        header::SET_COOKIE,
        secrets::set_cookie(&state.config, &secret, lifetime),
    );
    Ok(r)
}

/// The role a token's role claim gives, when the claim is configured and
/// present: admin if any of its values is one of `admin_values`.
fn claimed_role(sso: &SsoSettings, claims: &Value) -> Option<Role> {
    let claim = &claims[sso.role_claim.as_deref()?];
    let values: Vec<&str> = match claim {
        Value::String(s) => vec![s.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    Some(if values.iter().any(|v| sso.admin_values.iter().any(|a| a == v)) {
        Role::Admin
    } else {
        Role::Agent
    })
}

/// The agent an identity is: linked before, matched by verified e-mail in
/// an allowed domain (and linked), or created; its role set by the claim.
async fn agent_of(state: &AppState, sso: &SsoSettings, claims: &Value, client: &Client) -> Result<Account, Refusal> {
    let db = &*state.db;
    let store_err = |e: store::StoreError| (ApiError::from(e), "store".to_owned(), None);
    let subject = claims["sub"].as_str().unwrap_or_default();
    let now = state.clock.now_ms();
    let system = Actor {
        id: "sso",
        client: Some(&client.0),
        at: now,
    };
    let account = match store::identity_agent(db, &sso.issuer, subject)
        .await
        .map_err(store_err)?
    {
        Some(account) => account,
        None => {
            let email = claims["email"].as_str().unwrap_or_default();
            if claims["email_verified"] != true || !crate::input::valid_email(email) {
                return Err(refused("no verified e-mail address"));
            }
            let domain = email.rsplit('@').next().unwrap_or_default();
            if !sso.allowed_domains.iter().any(|d| d.eq_ignore_ascii_case(domain)) {
                return Err(refused(format!("e-mail domain `{domain}` is not allowed")));
            }
            match store::agent_by_email(db, email).await.map_err(store_err)? {
                Some(account) => {
                    store::link_identity(db, &sso.issuer, subject, &account.id, &system)
                        .await
                        .map_err(store_err)?;
                    account
                }
                None => {
                    let id = crate::agents::admin::new_agent_id();
                    let name = claims["name"].as_str().filter(|n| !n.trim().is_empty());
                    let name: String = name.unwrap_or(email).chars().take(200).collect();
                    let new = SsoAgent {
                        id: &id,
                        email,
                        name: &name,
                        role: claimed_role(sso, claims).unwrap_or(Role::Agent),
                        language: &state.config.default_language,
                        issuer: &sso.issuer,
                        subject,
                    };
                    store::create_sso_agent(db, &new, &system)
                        .await
                        .map_err(store_err)?
                        .ok_or_else(|| refused("e-mail address taken meanwhile"))?
                }
            }
        }
    };
    if !account.active {
        return Err((
            ApiError::Forbidden(REFUSED),
            "account deactivated".into(),
            Some(account.id),
        ));
    }
    match claimed_role(sso, claims) {
        Some(role) if role != account.role => {
            let change = AgentChange {
                role: Some(role),
                ..AgentChange::default()
            };
            store::update_agent(db, &account, &change, &system)
                .await
                .map_err(store_err)?
                .ok_or_else(|| refused("account vanished"))
        }
        _ => Ok(account),
    }
}
