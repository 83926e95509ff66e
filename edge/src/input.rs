//! Request bodies: JSON or HTML form posts, read with a hard size limit and
//! turned into one field map so each route validates both the same way.
//!
//! JSON is strict (an object, no unknown fields, strings where strings are
//! expected); forms ignore fields they do not know (submit buttons, the
//! Turnstile widget's own fields) but reject invalid UTF-8 and repeated keys.

use crate::error::{ApiError, ErrorCode};
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap};
use percent_encoding::percent_decode;
use serde_json::{Map, Value};

/// Largest request body accepted by any route.
pub const MAX_REQUEST_BYTES: usize = 256 * 1024;
/// Largest ticket or comment body.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// The error a body stream fails with when the client did not finish
/// sending it in time (the native server's body read deadline, see
/// `native::ServeLimits`); routes answer 408.
#[derive(Debug, Clone, Copy)]
pub struct BodyTimedOut;

impl std::fmt::Display for BodyTimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body was not received in time")
    }
}

impl std::error::Error for BodyTimedOut {}

/// How the body was sent; decides between JSON answers and 303 redirects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Json,
    Form,
}

/// A parsed body.
#[derive(Debug)]
pub struct Fields {
    pub kind: Kind,
    map: Map<String, Value>,
}

/// The body's kind from `Content-Type`; only UTF-8 JSON and url-encoded forms.
pub fn kind_of(headers: &HeaderMap) -> Result<Kind, ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut parts = ct.split(';').map(|p| p.trim().to_ascii_lowercase());
    let mime = parts.next().unwrap_or_default();
    let charset_ok = parts.all(|p| !p.starts_with("charset=") || p == "charset=utf-8" || p == "charset=\"utf-8\"");
    match mime.as_str() {
        "application/json" if charset_ok => Ok(Kind::Json),
        "application/x-www-form-urlencoded" if charset_ok => Ok(Kind::Form),
        _ => Err(ApiError::UnsupportedMediaType),
    }
}

/// Reads the whole body, refusing more than [`MAX_REQUEST_BYTES`] — early
/// from `Content-Length` when present, and while streaming otherwise.
/// (The Worker host buffers bodies before routing; see `worker_host`.)
pub async fn read_limited(headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    use http_body_util::BodyExt;
    let too_large = ApiError::TooLarge {
        limit: MAX_REQUEST_BYTES,
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let mut body = body;
    if declared.is_some_and(|n| n > MAX_REQUEST_BYTES) {
        return Err(too_large);
    }
    let mut out = Vec::with_capacity(declared.unwrap_or(0));
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            let timed_out = e.into_inner().downcast_ref::<BodyTimedOut>().is_some();
            if timed_out {
                ApiError::RequestTimeout
            } else {
                ApiError::bad_request(ErrorCode::BodyError, "The request body could not be read.")
            }
        })?;
        if let Ok(data) = frame.into_data() {
            if out.len() + data.len() > MAX_REQUEST_BYTES {
                return Err(too_large);
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(out))
}

impl Fields {
    /// Reads a request body (see [`read_limited`]) and parses it as `kind`.
    pub async fn read(kind: Kind, headers: &HeaderMap, body: Body, allowed: &[&str]) -> Result<Fields, ApiError> {
        let bytes = read_limited(headers, body).await?;
        Fields::parse(kind, &bytes, allowed)
    }

    /// The query string of an agent's `GET`, as fields.
    pub fn query(uri: &axum::http::Uri) -> Result<Fields, ApiError> {
        Fields::parse(Kind::Form, uri.query().unwrap_or("").as_bytes(), &[])
    }

    /// The `language` field, a language code (see [`valid_language`]).
    pub fn language(&self) -> Result<String, ApiError> {
        self.opt_language()?
            .ok_or_else(|| ApiError::invalid("language", ErrorCode::Required, "`language` is required."))
    }

    /// [`Fields::language`], `None` when absent.
    pub fn opt_language(&self) -> Result<Option<String>, ApiError> {
        match self.opt_line("language", 35)? {
            Some(lang) if !valid_language(&lang) => Err(ApiError::invalid(
                "language",
                ErrorCode::Invalid,
                "`language` must be a language code such as `en`.",
            )),
            lang => Ok(lang),
        }
    }

    /// A form's `return_to`, kept only if it is a path on this site.
    pub fn return_to(&self) -> Result<Option<String>, ApiError> {
        Ok(self.text("return_to")?.filter(|p| safe_path(p)))
    }

    /// Refuses a submission whose honeypot field (`website`, hidden from
    /// people) was filled in, as bots do.
    pub fn refuse_honeypot(&self) -> Result<(), ApiError> {
        match self.text("website")? {
            Some(_) => Err(ApiError::Invalid {
                field: None,
                code: ErrorCode::Rejected,
                message: "The submission was rejected.".into(),
            }),
            None => Ok(()),
        }
    }

    /// Parses `bytes` as `kind`. JSON must be an object whose keys are all in
    /// `allowed`.
    pub fn parse(kind: Kind, bytes: &[u8], allowed: &[&str]) -> Result<Fields, ApiError> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| ApiError::bad_request(ErrorCode::InvalidUtf8, "The request body is not valid UTF-8."))?;
        let map = match kind {
            Kind::Json => {
                let value: Value = serde_json::from_str(text).map_err(|e| {
                    ApiError::bad_request(ErrorCode::InvalidJson, format!("The JSON body is malformed: {e}."))
                })?;
                let Value::Object(map) = value else {
                    return Err(ApiError::bad_request(
                        ErrorCode::InvalidJson,
                        "The JSON body must be an object.",
                    ));
                };
                if let Some(unknown) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
                    return Err(ApiError::bad_request(
                        ErrorCode::UnknownField,
                        format!("Unknown field `{unknown}`."),
                    ));
                }
                map
            }
            Kind::Form => parse_form(text)?,
        };
        Ok(Fields { kind, map })
    }

    /// Refuses a field not in `allowed` (query strings, whose parser keeps
    /// every key, check with this).
    pub fn refuse_unknown(&self, allowed: &[&str]) -> Result<(), ApiError> {
        match self.map.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(unknown) => Err(ApiError::bad_request(
                ErrorCode::UnknownField,
                format!("Unknown field `{unknown}`."),
            )),
            None => Ok(()),
        }
    }

    /// A text field, trimmed; `None` when absent, null or blank.
    pub fn text(&self, name: &'static str) -> Result<Option<String>, ApiError> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => {
                let s = s.trim();
                Ok((!s.is_empty()).then(|| s.to_owned()))
            }
            Some(_) => Err(ApiError::invalid(
                name,
                ErrorCode::InvalidType,
                format!("`{name}` must be a string."),
            )),
        }
    }

    /// Whether the body has field `name` at all (JSON `null` included), so a
    /// route can tell "clear it" from "leave it".
    pub fn present(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// A required password of at most `max` characters, exactly as sent:
    /// not trimmed, since spaces are part of it (ASVS 2.1.3).
    pub fn password(&self, name: &'static str, max: usize) -> Result<String, ApiError> {
        match self.map.get(name) {
            Some(Value::String(s)) if !s.is_empty() => {
                if s.chars().count() > max {
                    return Err(ApiError::invalid(
                        name,
                        ErrorCode::TooLong,
                        format!("`{name}` must be at most {max} characters."),
                    ));
                }
                Ok(s.clone())
            }
            None | Some(Value::Null) | Some(Value::String(_)) => Err(ApiError::invalid(
                name,
                ErrorCode::Required,
                format!("`{name}` is required."),
            )),
            Some(_) => Err(ApiError::invalid(
                name,
                ErrorCode::InvalidType,
                format!("`{name}` must be a string."),
            )),
        }
    }

    /// A required single-line field of at most `max` characters.
    pub fn line(&self, name: &'static str, max: usize) -> Result<String, ApiError> {
        self.opt_line(name, max)?
            .ok_or_else(|| ApiError::invalid(name, ErrorCode::Required, format!("`{name}` is required.")))
    }

    /// A required e-mail address (see [`valid_email`]), at most 254
    /// characters (RFC 5321's path limit).
    pub fn email(&self, name: &'static str) -> Result<String, ApiError> {
        let email = self.line(name, 254)?;
        if !valid_email(&email) {
            return Err(ApiError::invalid(
                name,
                ErrorCode::InvalidEmail,
                format!("`{name}` must be an e-mail address like ana@example.com."),
            ));
        }
        Ok(email)
    }

    /// An optional single-line field of at most `max` characters.
    pub fn opt_line(&self, name: &'static str, max: usize) -> Result<Option<String>, ApiError> {
        let Some(value) = self.text(name)? else { return Ok(None) };
        if value.chars().count() > max {
            return Err(ApiError::invalid(
                name,
                ErrorCode::TooLong,
                format!("`{name}` must be at most {max} characters."),
            ));
        }
        if value.chars().any(char::is_control) {
            return Err(ApiError::invalid(
                name,
                ErrorCode::InvalidCharacters,
                format!("`{name}` must be a single line."),
            ));
        }
        Ok(Some(value))
    }

    /// A multi-line text of at most `max_bytes` UTF-8 bytes.
    pub fn message(&self, name: &'static str, max_bytes: usize, required: bool) -> Result<Option<String>, ApiError> {
        let value = match self.text(name)? {
            Some(v) => v,
            None if required => {
                return Err(ApiError::invalid(
                    name,
                    ErrorCode::Required,
                    format!("`{name}` is required."),
                ))
            }
            None => return Ok(None),
        };
        if value.len() > max_bytes {
            return Err(ApiError::invalid(
                name,
                ErrorCode::TooLong,
                format!("`{name}` must be at most {} KB.", max_bytes / 1024),
            ));
        }
        if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(ApiError::invalid(
                name,
                ErrorCode::InvalidCharacters,
                format!("`{name}` contains control characters."),
            ));
        }
        Ok(Some(value))
    }

    /// A yes/no field: JSON booleans, or `yes`/`no`/`true`/`false`/`1`/`0`
    /// from forms.
    pub fn boolean(&self, name: &'static str) -> Result<Option<bool>, ApiError> {
        let bad = || ApiError::invalid(name, ErrorCode::InvalidType, format!("`{name}` must be true or false."));
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if self.kind == Kind::Form => match s.trim().to_ascii_lowercase().as_str() {
                "yes" | "true" | "1" | "on" => Ok(Some(true)),
                "no" | "false" | "0" | "off" => Ok(Some(false)),
                "" => Ok(None),
                _ => Err(bad()),
            },
            Some(_) => Err(bad()),
        }
    }
}

fn parse_form(text: &str) -> Result<Map<String, Value>, ApiError> {
    let mut map = Map::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |s: &str| {
            percent_decode(s.replace('+', " ").as_bytes())
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| ApiError::bad_request(ErrorCode::InvalidUtf8, "A form field is not valid UTF-8."))
        };
        let key = decode(k)?;
        if map.insert(key.clone(), Value::String(decode(v)?)).is_some() {
            return Err(ApiError::bad_request(
                ErrorCode::DuplicateField,
                format!("The field `{key}` appears twice."),
            ));
        }
    }
    Ok(map)
}

/// A plausible e-mail address: one `@`, a non-empty local part of at most 64
/// characters and a dotted domain, no spaces. Deliverability is the
/// helpdesk's business; this catches typos like a missing `@` or domain.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !local.contains('@')
        && domain.len() <= 253
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty() && label.len() <= 63)
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'))
}

/// A same-site absolute path (no scheme, no `//host`, no backslashes, no
/// control characters), safe as a redirect target.
pub fn safe_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.chars().any(char::is_control)
}

/// A language code: letters, digits and `-`, like a BCP 47 tag.
pub fn valid_language(lang: &str) -> bool {
    !lang.is_empty()
        && lang.len() <= 35
        && lang.starts_with(|c: char| c.is_ascii_alphabetic())
        && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(valid_email("ana@example.com"));
        assert!(valid_email("a.b+c@sub.example.co.jp"));
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "a b@example.com",
            "ana@@x.com",
            "ana@x..com",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn return_to_keeps_only_paths_on_this_site() {
        let back = |v: &str| {
            let body = format!("return_to={v}");
            Fields::parse(Kind::Form, body.as_bytes(), &[])
                .unwrap()
                .return_to()
                .unwrap()
        };
        assert_eq!(back("%2Fen%2Fguides%2Fx%2F").as_deref(), Some("/en/guides/x/"));
        for bad in [
            "%2F%2Fevil.example%2F",
            "https%3A%2F%2Fevil.example%2F",
            "%2Fa%5Cb",
            "%2Fa%0D%0ALocation%3A+x",
        ] {
            assert_eq!(back(bad), None, "{bad}");
        }
    }

    #[test]
    fn forms_decode_and_reject_duplicates() {
        let f = Fields::parse(Kind::Form, b"name=Ana+Sa&x=%E3%81%82", &[]).unwrap();
        assert_eq!(f.text("name").unwrap().as_deref(), Some("Ana Sa"));
        assert_eq!(f.text("x").unwrap().as_deref(), Some("あ"));
        assert!(Fields::parse(Kind::Form, b"a=1&a=2", &[]).is_err());
        assert!(Fields::parse(Kind::Form, b"a=%FF", &[]).is_err());
        assert!(Fields::parse(Kind::Json, br#"{"zzz":1}"#, &["a"]).is_err());
    }
}
