//! The secrets agents hold and what the store keeps of them: the session
//! cookie (its name, flags and value), the CSRF token derived from it, API
//! tokens (`pt_…`), set-up link tokens, pending two-factor sign-ins and
//! recovery codes. Each is 256 random bits (a recovery code 80); the store
//! sees only a SHA-256 hash, domain-separated per kind so one kind's hash is
//! never another's.
//!
//! The cookie is `__Host-portico_session` (HttpOnly, Secure, Path=/,
//! SameSite=Lax) when the site is served over https. Browsers refuse a
//! `__Host-` cookie without `Secure`, and a `Secure` cookie set over plain
//! http is dropped (some browsers make an exception for `localhost`, not all,
//! and not for `127.0.0.1` everywhere), so `portico serve` on
//! `http://127.0.0.1` uses the plain name `portico_session` with the same
//! flags but `Secure`. Which applies is decided by the configured site origin
//! ([`EdgeConfig::https`]), never by a request header.

use crate::config::EdgeConfig;
use crate::crypto::{new_secret, sha256_hex};
use axum::http::{header, HeaderMap, HeaderValue};

/// The session cookie's name over https.
pub const HTTPS_COOKIE: &str = "__Host-portico_session";
/// The session cookie's name over plain http (local preview).
pub const HTTP_COOKIE: &str = "portico_session";
/// Prefix of API tokens, so they are recognisable in configs and scanners
/// and told apart from the bootstrap key.
pub const TOKEN_PREFIX: &str = "pt_";

/// The session cookie's name for this site.
pub fn cookie_name(cfg: &EdgeConfig) -> &'static str {
    if cfg.https() {
        HTTPS_COOKIE
    } else {
        HTTP_COOKIE
    }
}

/// A new session: (the cookie's value, the hash the store keeps).
pub fn new_session() -> (String, String) {
    let secret = new_secret();
    let hash = session_hash(&secret);
    (secret, hash)
}

/// The stored form of a session cookie's value.
pub fn session_hash(secret: &str) -> String {
    sha256_hex(&[b"agent-session", secret.as_bytes()])
}

/// The CSRF token of a session: derived from the cookie's value, so it needs
/// no storage, cannot be computed from the stored hash, and a page can only
/// learn it from `sign-in` or `me` (same-origin JSON).
pub fn csrf_token(secret: &str) -> String {
    sha256_hex(&[b"agent-csrf", secret.as_bytes()])
}

/// A new API token: (the token, shown once, and its stored hash).
pub fn new_api_token() -> (String, String) {
    let token = format!("{TOKEN_PREFIX}{}", new_secret());
    let hash = api_token_hash(&token);
    (token, hash)
}

/// The stored form of an API token.
pub fn api_token_hash(token: &str) -> String {
    sha256_hex(&[b"agent-token", token.as_bytes()])
}

/// A new set-up link token: (the token, for the link's fragment, and its
/// stored hash).
pub fn new_setup_token() -> (String, String) {
    let token = new_secret();
    let hash = setup_token_hash(&token);
    (token, hash)
}

/// The stored form of a set-up link token.
pub fn setup_token_hash(token: &str) -> String {
    sha256_hex(&[b"agent-setup", token.as_bytes()])
}

/// A new pending two-factor sign-in token: (the token, for the client, and
/// its stored hash).
pub fn new_mfa_token() -> (String, String) {
    let token = new_secret();
    let hash = mfa_token_hash(&token);
    (token, hash)
}

/// The stored form of a pending two-factor sign-in token.
pub fn mfa_token_hash(token: &str) -> String {
    sha256_hex(&[b"agent-mfa-pending", token.as_bytes()])
}

/// The stored form of recovery code `code` (already normalised) of
/// `agent_id`: bound to the account, so one agent's code is never another's.
pub fn recovery_code_hash(agent_id: &str, code: &str) -> String {
    sha256_hex(&[b"agent-recovery-code", agent_id.as_bytes(), code.as_bytes()])
}

/// The `Set-Cookie` value that stores session `secret` for `max_age_ms`.
pub fn set_cookie(cfg: &EdgeConfig, secret: &str, max_age_ms: i64) -> HeaderValue {
    let secure = if cfg.https() { "; Secure" } else { "" };
    let value = format!(
        "{}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        cookie_name(cfg),
        max_age_ms / 1000
    );
    // Hex and fixed ASCII only: always a valid header value.
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The `Set-Cookie` value that deletes the session cookie.
pub fn clear_cookie(cfg: &EdgeConfig) -> HeaderValue {
    let secure = if cfg.https() { "; Secure" } else { "" };
    let value = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
        cookie_name(cfg)
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The session cookie's value, when the request carries one of the right
/// shape (64 hex digits) under this site's cookie name.
pub fn session_cookie<'a>(headers: &'a HeaderMap, cfg: &EdgeConfig) -> Option<&'a str> {
    secret_cookie(headers, cookie_name(cfg))
}

/// The value of cookie `name` when it has the shape of a 256-bit secret in
/// hex (the session's, the SSO flow's): anything else is no cookie at all.
pub fn secret_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_named_and_flagged_for_the_scheme() {
        let plain = EdgeConfig::new("http://127.0.0.1:1111", "s");
        let tls = EdgeConfig::new("https://help.example.com", "s");
        let (secret, hash) = new_session();
        assert_ne!(secret, hash);
        let c = set_cookie(&tls, &secret, 7_200_000);
        assert_eq!(
            c.to_str().unwrap(),
            format!("__Host-portico_session={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=7200; Secure")
        );
        let c = set_cookie(&plain, &secret, 1000);
        assert!(c.to_str().unwrap().starts_with("portico_session="));
        assert!(!c.to_str().unwrap().contains("Secure"));
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; portico_session={secret}")).unwrap(),
        );
        assert_eq!(session_cookie(&headers, &plain), Some(secret.as_str()));
        assert_eq!(session_cookie(&headers, &tls), None);
    }

    #[test]
    fn kinds_hash_apart() {
        let s = "0".repeat(64);
        let hashes = [
            session_hash(&s),
            csrf_token(&s),
            api_token_hash(&s),
            setup_token_hash(&s),
            mfa_token_hash(&s),
            recovery_code_hash("", &s),
        ];
        for (i, a) in hashes.iter().enumerate() {
            assert!(hashes[i + 1..].iter().all(|b| a != b));
        }
        assert!(new_api_token().0.starts_with("pt_"));
    }
}
