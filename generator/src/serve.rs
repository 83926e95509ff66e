//! `portico serve`: builds the site and serves it on 127.0.0.1 with pretty
//! URLs, correct content types and the site's own 404 page.
//!
//! Live reload and the edge API mount come with their own issues; for now the
//! server serves one build.

use axum::Router;
use std::net::SocketAddr;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// The router serving a built site folder.
pub fn static_site(dir: &Path) -> Router {
    let files = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(dir.join("404.html")));
    Router::new().fallback_service(files)
}

/// Serves `dir` on `127.0.0.1:port` until Ctrl-C. `ready` receives the bound
/// address (port 0 picks a free one).
pub fn run(dir: &Path, port: u16, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        ready(listener.local_addr()?);
        axum::serve(listener, static_site(dir))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })
}
