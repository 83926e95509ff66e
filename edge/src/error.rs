//! Typed API errors and their JSON shape `{error: {code, message, field?}}`.
//!
//! Handlers return `Result<_, ApiError>`; the status code is decided here in
//! one place so every route answers the same way for the same problem.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Everything a request can fail with.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// 400: malformed body (bad JSON, bad UTF-8, wrong types, unknown field).
    BadRequest { code: &'static str, message: String },
    /// 401: agent routes without a valid agent key.
    Unauthorized,
    /// 403: a form post or cross-origin write from a foreign origin.
    ForbiddenOrigin,
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
        code: &'static str,
        message: String,
    },
    /// 429: rate limited; retry after the given seconds.
    RateLimited { retry_after_secs: i64 },
    /// 500/502: storage or an upstream failed. The message is logged, not sent.
    Internal(String),
}

impl ApiError {
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Invalid {
            field: Some(field),
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::ForbiddenOrigin => StatusCode::FORBIDDEN,
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
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { code, .. } | ApiError::Invalid { code, .. } => code,
            ApiError::Unauthorized => "unauthorized",
            ApiError::ForbiddenOrigin => "forbidden_origin",
            ApiError::NotFound => "not_found",
            ApiError::RequestTimeout => "request_timeout",
            ApiError::TooLarge { .. } => "too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Internal(_) => "internal",
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
            ApiError::Unauthorized => "A valid agent API key is required.".into(),
            ApiError::ForbiddenOrigin => "This request must come from the help center's own site.".into(),
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
        let mut error = json!({ "code": self.code(), "message": self.message() });
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
