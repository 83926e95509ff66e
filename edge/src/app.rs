//! The application: the `/api/*` [`router`] and the [`AppState`] it shares
//! between requests. Both hosts serve exactly this router; what differs
//! between them is only what they put into the state (storage, outgoing
//! HTTP, the outbox wake-up hook).

use crate::clock::Clock;
use crate::config::EdgeConfig;
use crate::db::Db;
use crate::error::ApiError;
use crate::outbox::{self, DeliveryReport, Outbound};
use crate::sso::provider::ProviderCache;
use crate::{agents, feedback, guard, queue, sso, store, tickets, workspace};
use axum::middleware;
use axum::routing::{any, delete, get, patch, post};
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
    /// The time every route reads (tests move it forward).
    pub clock: Clock,
    /// The SSO provider's discovery and keys, fetched once an hour.
    pub sso_cache: Arc<ProviderCache>,
}

impl AppState {
    pub fn new(config: EdgeConfig, db: Arc<dyn Db>, http: Arc<dyn Outbound>) -> Self {
        AppState {
            config: Arc::new(config),
            db,
            http,
            on_outbox: None,
            clock: Clock::default(),
            sso_cache: Arc::default(),
        }
    }

    pub(crate) fn outbox_written(&self) {
        if self.config.webhook_url.is_some() {
            if let Some(hook) = &self.on_outbox {
                hook();
            }
        }
    }

    /// One timer tick: housekeeping ([`store::sweep`]) and a webhook
    /// delivery round. Natively `native::spawn_outbox_task` calls it; in the
    /// Worker the cron trigger does.
    pub async fn tick(&self) -> Result<DeliveryReport, ApiError> {
        store::sweep(&*self.db, self.clock.now_ms(), self.config.agents.session_idle_ms).await?;
        self.deliver_outbox().await
    }

    /// Delivers due webhook items once (see [`outbox::deliver_outbox`]).
    pub async fn deliver_outbox(&self) -> Result<DeliveryReport, ApiError> {
        outbox::deliver_outbox(&*self.db, &*self.http, &self.config, self.clock.now_ms()).await
    }
}

/// The edge API's routes, all under `/api/`. It has no fallback, so it can be
/// merged with a static-site router that has one; unknown `/api/*` paths get
/// a JSON 404 here. Serve it with connect info (`native::serve` does) so
/// clients are told apart by IP.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/tickets", post(tickets::create).get(queue::list))
        .route("/api/tickets/{id}", get(tickets::show).patch(tickets::agent_patch))
        .route("/api/tickets/{id}/comments", post(tickets::comment))
        .route("/api/tickets/{id}/replies", post(tickets::agent_reply))
        .route("/api/tickets/{id}/notes", post(workspace::add_note))
        .route("/api/feedback", post(feedback::vote))
        .route("/api/feedback/summary", get(feedback::summary))
        .route(
            "/api/search-misses",
            post(feedback::search_miss).get(feedback::search_misses),
        )
        .route("/api/agent/sign-in", post(agents::sign_in::sign_in))
        .route("/api/agent/sign-in/mfa", post(agents::mfa::sign_in_mfa))
        .route("/api/agent/mfa/totp", post(agents::mfa::enrol))
        .route("/api/agent/mfa/totp/confirm", post(agents::mfa::confirm))
        .route("/api/agent/mfa/totp/disable", post(agents::mfa::disable))
        .route("/api/agent/sign-out", post(agents::sign_in::sign_out))
        .route(
            "/api/agent/sign-out-everywhere",
            post(agents::sign_in::sign_out_everywhere),
        )
        .route("/api/agent/me", get(agents::sign_in::me))
        .route("/api/agent/setup", post(agents::sign_in::setup))
        .route("/api/agent/sso/start", get(sso::start))
        .route("/api/agent/sso/callback", get(sso::callback))
        .route(
            "/api/agent/tokens",
            get(agents::tokens::list).post(agents::tokens::create),
        )
        .route("/api/agent/tokens/{id}", delete(agents::tokens::revoke))
        .route("/api/agents", get(agents::admin::list).post(agents::admin::create))
        .route("/api/agents/{id}", patch(agents::admin::update))
        .route("/api/agents/{id}/setup-link", post(agents::admin::setup_link))
        .route("/api/audit", get(agents::audit::list))
        .route("/api/{*rest}", any(not_found))
        .layer(middleware::from_fn_with_state(state.clone(), guard::guard))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
