//! `portico serve`: the live preview ([`crate::live`]: the site built in
//! memory, rebuilt on every save, pages reloaded through server-sent events)
//! on 127.0.0.1, and the edge API (`portico-edge`: tickets, status,
//! feedback) on the same origin over a SQLite file, so the support form works
//! with no Cloudflare account.

use crate::diagnostics::Diagnostics;
use crate::live::{self, Live, Notice, Session, Update};
use crate::BuildOptions;
use axum::Router;
use portico_edge::{native, EdgeConfig};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tower_http::services::{ServeDir, ServeFile};

/// The router serving a built site folder.
pub fn static_site(dir: &Path) -> Router {
    let files = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(dir.join("404.html")));
    Router::new().fallback_service(files)
}

/// Where and how the local edge API keeps its data.
#[derive(Debug, Clone)]
pub struct EdgeSetup {
    /// Folder of `edge.sqlite` and the IP-hash salt (`.portico/` of the site).
    pub data_dir: PathBuf,
    /// Language of redirects when a form names none (the site's default).
    pub default_language: String,
    /// Accept `POST /api/search-misses` (the site opted in).
    pub search_misses: bool,
    /// Key of the agent routes (`PORTICO_EDGE_AGENT_KEY`); none refuses them.
    pub agent_api_key: Option<String>,
    /// Helpdesk webhook for new tickets and replies (`PORTICO_EDGE_WEBHOOK_URL`).
    pub webhook_url: Option<String>,
    /// Key sealing agents' TOTP secrets (`PORTICO_EDGE_MFA_KEY`); none: a
    /// random one kept next to the database (`edge-mfa-key`).
    pub mfa_key: Option<String>,
    /// Admins must use TOTP (`support.agents.require_mfa`).
    pub require_mfa: bool,
    /// Single sign-on (`support.agents.sso` with `PORTICO_EDGE_OIDC_SECRET`).
    pub sso: Option<portico_edge::SsoSettings>,
}

impl EdgeSetup {
    /// The edge configuration for a server answering on `addr` (also what
    /// `portico agents` opens the same database with).
    pub(crate) fn config(&self, addr: SocketAddr) -> std::io::Result<EdgeConfig> {
        let mut config = EdgeConfig::new(format!("http://{addr}"), self.salt()?);
        config.extra_origins = vec![format!("http://localhost:{}", addr.port())];
        config.default_language = self.default_language.clone();
        config.search_misses = self.search_misses;
        config.agent_api_key = self.agent_api_key.clone();
        config.webhook_url = self.webhook_url.clone();
        config.mfa_key = match &self.mfa_key {
            Some(key) => Some(key.clone()),
            None => Some(self.kept_secret("edge-mfa-key")?),
        };
        config.agents.require_mfa = self.require_mfa;
        config.sso = self.sso.clone();
        Ok(config)
    }

    /// A random salt kept next to the database, so one-vote-per-day survives
    /// restarts while raw IPs are never stored.
    fn salt(&self) -> std::io::Result<String> {
        self.kept_secret("edge-salt")
    }

    /// The random secret in file `name` of the data folder, made on first use.
    fn kept_secret(&self, name: &str) -> std::io::Result<String> {
        let path = self.data_dir.join(name);
        if let Ok(secret) = std::fs::read_to_string(&path) {
            if secret.trim().len() >= 32 {
                return Ok(secret.trim().to_string());
            }
        }
        std::fs::create_dir_all(&self.data_dir)?;
        let mut bytes = [0u8; 32];
        portico_edge::crypto::random_bytes(&mut bytes);
        let secret = portico_edge::crypto::hex(&bytes);
        std::fs::write(&path, &secret)?;
        Ok(secret)
    }
}

/// The edge API's router for a server answering on `addr`. Must run inside
/// a tokio runtime (it starts the webhook outbox task).
pub fn edge_router(edge: &EdgeSetup, addr: SocketAddr) -> std::io::Result<Router> {
    let config = edge.config(addr)?;
    let state = native::state(config, edge.data_dir.join("edge.sqlite")).map_err(std::io::Error::other)?;
    let state = native::spawn_outbox_task(state, Duration::from_secs(30));
    Ok(portico_edge::router(state))
}

/// A built site folder and the edge API on one router: `/api/*` goes to the
/// edge API, everything else to the files of `site`.
pub fn app(site: &Path, edge: &EdgeSetup, addr: SocketAddr) -> std::io::Result<Router> {
    Ok(edge_router(edge, addr)?.merge(static_site(site)))
}

/// How a live preview reports its builds (the CLI prints them).
pub trait Reporter: Send + Sync + 'static {
    fn built(&self, result: &Result<Update, Diagnostics>, took: Duration);
}

/// Builds the site, serves it live with the edge API on `127.0.0.1:port`
/// and rebuilds on every change until Ctrl-C. `ready` receives the bound
/// address (port 0 picks a free one). A broken first build is served too: its
/// errors show in the browser until a fix.
pub fn run(
    opts: BuildOptions,
    edge: &EdgeSetup,
    port: u16,
    reporter: impl Reporter,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let mut session = Session::new(opts.clone());
    let started = std::time::Instant::now();
    let first = session.rebuild();
    reporter.built(&first, started.elapsed());
    let live = Live::new(session.files());
    if let Err(problems) = &first {
        live.publish(Notice::Broken(live::watch::message(problems)));
    }
    live::watch::spawn(&opts.root, session, live.clone(), move |result, took| {
        reporter.built(result, took)
    })
    .map_err(std::io::Error::other)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let app = edge_router(edge, addr)?.merge(live::server::router(live));
        ready(addr);
        // The edge's own server: read deadlines and connection caps against
        // slow or piled-up clients (SECURITY.md), as `portico-edge-dev` has.
        let limits = portico_edge::native::ServeLimits::default();
        portico_edge::native::serve_with(listener, app, limits, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    })
}
