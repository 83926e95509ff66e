//! The native host: SQLite storage, a plain-HTTP webhook client, the outbox
//! background task and the entry points that serve the router over TCP
//! ([`serve`], [`serve_with`], whose connection handling is in
//! `connections`), used by `portico serve` and the `portico-edge-dev` binary.

mod connections;

use crate::outbox::Outbound;
use crate::sqlite::SqliteDb;
pub use crate::sqlite::Synchronous;
use crate::{AppState, DbError, EdgeConfig};
use async_trait::async_trait;
use axum::body::Bytes;
use axum::Router;
pub use connections::{serve_with, ServeLimits};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Webhook/Turnstile/SSO client over plain HTTP (hyper). HTTPS URLs are
/// refused with an error (a webhook item stays queued): the native host is
/// for local use, where the receiver or identity provider is a local tool;
/// deployed sites reach them from the Worker.
pub struct HyperOutbound {
    client: Client<HttpConnector, Full<Bytes>>,
    timeout: Duration,
}

impl Default for HyperOutbound {
    fn default() -> Self {
        HyperOutbound {
            client: Client::builder(TokioExecutor::new()).build_http(),
            timeout: Duration::from_secs(10),
        }
    }
}

#[async_trait]
impl Outbound for HyperOutbound {
    async fn post(&self, url: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Result<(u16, Vec<u8>), String> {
        self.send(http::Method::POST, url, headers, body).await
    }

    async fn get(&self, url: &str, headers: &[(&str, &str)]) -> Result<(u16, Vec<u8>), String> {
        self.send(http::Method::GET, url, headers, Vec::new()).await
    }
}

impl HyperOutbound {
    async fn send(
        &self,
        method: http::Method,
        url: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Result<(u16, Vec<u8>), String> {
        if !url.starts_with("http://") {
            return Err("the native host sends only to http:// URLs".into());
        }
        let mut request = http::Request::builder().method(method).uri(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Full::new(Bytes::from(body))).map_err(|e| e.to_string())?;
        let exchange = async {
            let response = self.client.request(request).await.map_err(|e| e.to_string())?;
            let status = response.status().as_u16();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| e.to_string())?
                .to_bytes();
            Ok((status, body.to_vec()))
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| "timed out".to_string())?
    }
}

/// State over a SQLite file (created and migrated if needed) with the
/// native HTTP client; `on_outbox` is left for [`spawn_outbox_task`].
pub fn state(config: EdgeConfig, db_path: impl AsRef<Path>) -> Result<AppState, DbError> {
    state_with(config, db_path, Synchronous::Full)
}

/// [`state`] with a choice of commit durability (see [`Synchronous`]).
pub fn state_with(config: EdgeConfig, db_path: impl AsRef<Path>, sync: Synchronous) -> Result<AppState, DbError> {
    let db = SqliteDb::open_with(db_path, sync)?;
    Ok(AppState::new(config, Arc::new(db), Arc::new(HyperOutbound::default())))
}

/// Starts the background loop: a [`AppState::tick`] (housekeeping and a
/// webhook round) every `every` and right after each queued webhook item. Returns the state to use for the router (it carries the
/// wake-up hook). Does nothing useful without `webhook_url`.
pub fn spawn_outbox_task(mut state: AppState, every: Duration) -> AppState {
    let notify = Arc::new(Notify::new());
    let wake = notify.clone();
    state.on_outbox = Some(Arc::new(move || wake.notify_one()));
    let worker = state.clone();
    tokio::spawn(async move {
        loop {
            if let Err(e) = worker.tick().await {
                log::warn!("webhook outbox round failed: {}", e.code());
            }
            let _ = tokio::time::timeout(every, notify.notified()).await;
        }
    });
    state
}

/// Serves `app` on `listener` with client addresses available to the rate
/// limiter and the default [`ServeLimits`] (header/body deadlines,
/// connection caps), until the future is dropped.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    serve_with(listener, app, ServeLimits::default(), std::future::pending()).await
}
