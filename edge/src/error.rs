//! Typed API errors, their JSON shape `{error: {code, message, field?}}`
//! and the one table of machine-readable codes ([`ErrorCode`]).
//!
//! Handlers return `Result<_, ApiError>`; the status code is decided here in
//! one place so every route answers the same way for the same problem. The
//! codes are a closed list because clients act on them: the theme's support
//! page has a message for each (the generator lists them from
//! [`ErrorCode::ALL`]), and no-JS form redirects carry them in `?error=`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Defines [`ErrorCode`], its wire names and [`ErrorCode::ALL`] from one
/// list, so a code cannot be added to one and forgotten in another.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        /// A machine-readable error code: `error.code` in every error body.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in the order of the table.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as sent: `snake_case`, stable.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    /// 400: a form field or the body is not valid UTF-8.
    InvalidUtf8 = "invalid_utf8",
    /// 400: malformed JSON, or JSON that is not an object.
    InvalidJson = "invalid_json",
    /// 400: a JSON body has a field the route does not take.
    UnknownField = "unknown_field",
    /// 400: a form repeats a field.
    DuplicateField = "duplicate_field",
    /// 400: the body stream failed (other than by the read deadline).
    BodyError = "body_error",
    /// 400: an `Idempotency-Key` (or form nonce) that is not 1–255 visible ASCII characters.
    InvalidIdempotencyKey = "invalid_idempotency_key",
    /// 401: an agent route without a valid session, API token or bootstrap key.
    Unauthorized = "unauthorized",
    /// 401: a sign-in with an unknown e-mail address or a wrong password (alike).
    SignInFailed = "sign_in_failed",
    /// 403: a write from a foreign origin, or a signed-in write without one.
    ForbiddenOrigin = "forbidden_origin",
    /// 403: a signed-in write without the session's `X-CSRF-Token`.
    CsrfFailed = "csrf_failed",
    /// 403: the agent's role or the token's scope does not allow this.
    Forbidden = "forbidden",
    /// 404: unknown ticket, wrong token, unknown route.
    NotFound = "not_found",
    /// 408: the body did not arrive before the read deadline.
    RequestTimeout = "request_timeout",
    /// 413: the body is over the size limit.
    TooLarge = "too_large",
    /// 415: a content type other than UTF-8 JSON or a url-encoded form.
    UnsupportedMediaType = "unsupported_media_type",
    /// 422: a required field is missing or blank.
    Required = "required",
    /// 422: a field's value is not one it may have (language, category, limit).
    Invalid = "invalid",
    /// 422: a JSON field of the wrong type.
    InvalidType = "invalid_type",
    /// 422: a field over its length limit.
    TooLong = "too_long",
    /// 422: a field under its length limit (a password under 12 characters).
    TooShort = "too_short",
    /// 422: a value that must be unique is taken (an agent's e-mail address).
    AlreadyExists = "already_exists",
    /// 422: control characters (or a line break in a single-line field).
    InvalidCharacters = "invalid_characters",
    /// 422: `email` is not an e-mail address.
    InvalidEmail = "invalid_email",
    /// 422: a ticket status other than open, pending or solved.
    InvalidStatus = "invalid_status",
    /// 422: the honeypot field was filled in.
    Rejected = "rejected",
    /// 422: Turnstile is on and the submission carries no token.
    TurnstileRequired = "turnstile_required",
    /// 422: Turnstile refused the token.
    TurnstileFailed = "turnstile_failed",
    /// 429: rate limited.
    RateLimited = "rate_limited",
    /// 500/502: storage or an upstream failed.
    Internal = "internal",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything a request can fail with.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// 400: malformed body (bad JSON, bad UTF-8, wrong types, unknown field).
    BadRequest { code: ErrorCode, message: String },
    /// 401: agent routes without a valid credential.
    Unauthorized,
    /// 401: wrong e-mail address or password, never saying which.
    SignInFailed,
    /// 403: a form post or cross-origin write from a foreign origin, or a
    /// signed-in write without any origin.
    ForbiddenOrigin,
    /// 403: a signed-in write without the right CSRF token.
    CsrfFailed,
    /// 403: authenticated, but not allowed: the message says why.
    Forbidden(&'static str),
    /// 404: unknown ticket, wrong token or unknown route — deliberately alike.
    NotFound,
    /// 408: the client did not send its body before the read deadline.
    RequestTimeout,
    /// 413: request body larger than the limit.
    TooLarge { limit: usize },
    /// 415: a content type the route does not take.
    UnsupportedMediaType,
    /// 422: a field failed validation.
    Invalid {
        field: Option<&'static str>,
        code: ErrorCode,
        message: String,
    },
    /// 429: rate limited; retry after the given seconds.
    RateLimited { retry_after_secs: i64 },
    /// 500/502: storage or an upstream failed. The message is logged, not sent.
    Internal(String),
}

impl ApiError {
    pub fn invalid(field: &'static str, code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::Invalid {
            field: Some(field),
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized | ApiError::SignInFailed => StatusCode::UNAUTHORIZED,
            ApiError::ForbiddenOrigin | ApiError::CsrfFailed | ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Machine-readable code, also used in `?error=` for no-JS form redirects.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::BadRequest { code, .. } | ApiError::Invalid { code, .. } => *code,
            ApiError::Unauthorized => ErrorCode::Unauthorized,
            ApiError::SignInFailed => ErrorCode::SignInFailed,
            ApiError::ForbiddenOrigin => ErrorCode::ForbiddenOrigin,
            ApiError::CsrfFailed => ErrorCode::CsrfFailed,
            ApiError::Forbidden(_) => ErrorCode::Forbidden,
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::RequestTimeout => ErrorCode::RequestTimeout,
            ApiError::TooLarge { .. } => ErrorCode::TooLarge,
            ApiError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            ApiError::RateLimited { .. } => ErrorCode::RateLimited,
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn field(&self) -> Option<&'static str> {
        match self {
            ApiError::Invalid { field, .. } => *field,
            _ => None,
        }
    }

    pub fn message(&self) -> String {
        match self {
            ApiError::BadRequest { message, .. } | ApiError::Invalid { message, .. } => message.clone(),
            ApiError::Unauthorized => "Sign in, or send a valid API token.".into(),
            ApiError::SignInFailed => "E-mail or password is wrong.".into(),
            ApiError::ForbiddenOrigin => "This request must come from the help center's own site.".into(),
            ApiError::CsrfFailed => "The request lacks this session's X-CSRF-Token; reload and try again.".into(),
            ApiError::Forbidden(why) => (*why).into(),
            ApiError::NotFound => "Not found.".into(),
            ApiError::RequestTimeout => "The request body was not received in time.".into(),
            ApiError::TooLarge { limit } => format!("The request is larger than {} KB.", limit / 1024),
            ApiError::UnsupportedMediaType => {
                "Send application/json or application/x-www-form-urlencoded with charset UTF-8.".into()
            }
            ApiError::RateLimited { retry_after_secs } => {
                format!("Too many requests; try again in {retry_after_secs} seconds.")
            }
            ApiError::Internal(_) => "Something went wrong on our side; please try again.".into(),
        }
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(e: crate::db::DbError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

/// Storage failures are never the client's fault: `500 internal`, with the
/// detail (SQL, never request data) logged.
impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            // Storage messages carry SQL, never request data: safe to log.
            log::error!("edge api internal error: {detail}");
        }
        let mut error = json!({ "code": self.code().as_str(), "message": self.message() });
        if let Some(field) = self.field() {
            error["field"] = json!(field);
        }
        let mut response = json_response(self.status(), &json!({ "error": error }));
        let headers = response.headers_mut();
        match self {
            ApiError::RateLimited { retry_after_secs } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs.max(1)));
            }
            ApiError::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

/// A JSON response (axum's `json` feature is left off to keep the Worker small).
pub fn json_response(status: StatusCode, value: &impl serde::Serialize) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn codes_are_distinct_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{s}"
            );
        }
    }
}
