//! Portico's edge API: ticket submission, authenticated ticket status,
//! article feedback, search-miss analytics, and the agents' side: accounts,
//! sign-in, sessions, API tokens and the audit log.
//!
//! One axum [`router`] (with its [`AppState`]) serves both hosts: `portico serve` (native, tokio,
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

pub mod agents;
mod app;
pub mod auth;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod db;
pub mod error;
mod feedback;
mod guard;
pub mod input;
pub mod outbox;
mod queue;
pub mod sso;
pub mod store;
mod tickets;
pub mod urls;
mod workspace;

#[cfg(not(target_arch = "wasm32"))]
pub mod native;
#[cfg(not(target_arch = "wasm32"))]
pub mod sqlite;
#[cfg(target_arch = "wasm32")]
pub mod worker_host;

pub use app::{router, AppState};
pub use config::{AgentSettings, EdgeConfig, RateLimits, RetryPolicy, SsoSettings};
pub use db::{Db, DbError};
pub use error::{ApiError, ErrorCode};
pub use guard::Client;
pub use outbox::{deliver_outbox, outbox_counts, DeliveryReport, Outbound, OutboxCounts};
