//! Portico's edge API: ticket submission, authenticated ticket status,
//! article feedback and search-miss analytics.
//!
//! One axum [`router`] serves both hosts: `portico serve` (native, tokio,
//! SQLite — see [`native`]) and the Cloudflare Worker (wasm32, D1). Storage is
//! the small SQL trait [`db::Db`]; every query lives once in [`store`], so the
//! hosts cannot drift apart. The schema is `edge/migrations/*.sql`, applied
//! automatically natively and with `wrangler d1 migrations apply` on
//! Cloudflare.
//!
//! Mounting natively:
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use portico_edge::{native, EdgeConfig};
//! let config = EdgeConfig::new("http://127.0.0.1:1111", "a-secret-salt");
//! let state = native::state(config, ".portico/edge.sqlite")?;
//! // Must run inside the tokio runtime; returns the state with its wake-up hook.
//! let state = native::spawn_outbox_task(state, std::time::Duration::from_secs(30));
//! let app = portico_edge::router(state); // .merge(portico::serve::static_site(dir))
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:1111").await?;
//! native::serve(listener, app).await?;
//! # Ok(()) }
//! ```
//!
//! The Worker entry points (`#[event(fetch)]`, `#[event(scheduled)]`) and the
//! D1 storage live in `worker_host` (wasm32 only); the repository's
//! `wrangler.toml` deploys it with the built site as static assets, and
//! `tests/edge/with-worker.sh` runs that locally for the Worker tests.

mod auth;
pub mod config;
pub mod db;
pub mod error;
mod feedback;
mod guard;
pub mod input;
pub mod outbox;
pub mod store;
mod tickets;
pub mod util;

#[cfg(not(target_arch = "wasm32"))]
pub mod native;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;
#[cfg(not(target_arch = "wasm32"))]
pub mod sqlite;
#[cfg(target_arch = "wasm32")]
pub mod worker_host;

pub use config::{EdgeConfig, RateLimits, RetryPolicy};
pub use db::{Db, DbError};
pub use error::ApiError;
pub use guard::Client;
pub use outbox::{deliver_outbox, outbox_counts, DeliveryReport, Outbound, OutboxCounts};

use axum::middleware;
use axum::routing::{any, get, post};
use axum::Router;
use std::sync::Arc;

/// Shared state of the router: configuration, storage and outgoing HTTP.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<EdgeConfig>,
    pub db: Arc<dyn Db>,
    pub http: Arc<dyn Outbound>,
    /// Called after a write queued a webhook, so the host can deliver now
    /// instead of at the next timer tick (natively it wakes the outbox task).
    pub on_outbox: Option<Arc<dyn Fn() + Send + Sync>>,
}

impl AppState {
    pub fn new(config: EdgeConfig, db: Arc<dyn Db>, http: Arc<dyn Outbound>) -> Self {
        AppState {
            config: Arc::new(config),
            db,
            http,
            on_outbox: None,
        }
    }

    fn outbox_written(&self) {
        if self.config.webhook_url.is_some() {
            if let Some(hook) = &self.on_outbox {
                hook();
            }
        }
    }

    /// One timer tick: housekeeping ([`store::sweep`]) and a webhook
    /// delivery round. Natively [`native::spawn_outbox_task`] calls it; in the
    /// Worker the cron trigger does.
    pub async fn tick(&self) -> Result<DeliveryReport, ApiError> {
        store::sweep(&*self.db, util::now_ms()).await?;
        self.deliver_outbox().await
    }

    /// Delivers due webhook items once (see [`outbox::deliver_outbox`]).
    pub async fn deliver_outbox(&self) -> Result<DeliveryReport, ApiError> {
        outbox::deliver_outbox(&*self.db, &*self.http, &self.config, util::now_ms()).await
    }
}

/// The edge API's routes, all under `/api/`. It has no fallback, so it can be
/// merged with a static-site router that has one; unknown `/api/*` paths get
/// a JSON 404 here. Serve it with connect info (`native::serve` does) so
/// clients are told apart by IP.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/tickets", post(tickets::create).get(tickets::list))
        .route("/api/tickets/{id}", get(tickets::show).patch(tickets::agent_patch))
        .route("/api/tickets/{id}/comments", post(tickets::comment))
        .route("/api/tickets/{id}/replies", post(tickets::agent_reply))
        .route("/api/feedback", post(feedback::vote))
        .route("/api/feedback/summary", get(feedback::summary))
        .route(
            "/api/search-misses",
            post(feedback::search_miss).get(feedback::search_misses),
        )
        .route("/api/{*rest}", any(not_found))
        .layer(middleware::from_fn_with_state(state.clone(), guard::guard))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
