//! Ticket fixtures: a valid ticket body and the token of a status URL.

/// A valid ticket body.
pub fn ticket(subject: &str) -> serde_json::Value {
    serde_json::json!({
        "name": "Ana Souza", "email": "ana@example.com", "subject": subject,
        "body": "My parcel has not arrived.\nTracking says delivered.", "category": "delivery",
        "language": "en", "article": "guides/track-a-parcel",
    })
}

/// The token from a status URL's `#token=` fragment.
pub fn token_of(status_url: &str) -> String {
    status_url
        .split_once("#token=")
        .map(|(_, t)| t.to_owned())
        .expect("status url has a token")
}
