//! Serving a live preview: the site's files from memory (pretty URLs, content
//! types, the site's 404 page), a server-sent events stream at
//! `/__portico/events` that tells open pages what changed or what broke, and
//! the small script pages load to listen to it (`/__portico/live.js`, added
//! to every HTML response here — never to the built site).

use super::session::{output_path_of, SiteFiles, Update};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

const LIVE_JS: &str = include_str!("live.js");
const LIVE_TAG: &str = "<script src=\"/__portico/live.js\" defer></script>";

/// What open pages are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// These URLs changed (`css` when only stylesheets did).
    Reload { urls: Vec<String>, css: bool },
    /// The last change broke the build: the messages, as the CLI prints them.
    Broken(String),
}

impl Notice {
    pub fn from_update(update: &Update) -> Notice {
        Notice::Reload {
            urls: update.changed.iter().map(|p| url_of(p)).collect(),
            css: update.css_only(),
        }
    }

    fn event(&self) -> Event {
        match self {
            Notice::Reload { urls, css } => Event::default()
                .event(if *css { "css" } else { "reload" })
                .data(serde_json::json!({ "urls": urls }).to_string()),
            Notice::Broken(message) => Event::default().event("broken").data(message),
        }
    }
}

/// The URL an output file is served at: `en/x/index.html` → `/en/x/`.
pub fn url_of(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    match text.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{text}"),
    }
}

/// The live server's shared state.
#[derive(Clone)]
pub struct Live {
    pub files: Arc<RwLock<SiteFiles>>,
    pub notices: broadcast::Sender<Notice>,
    /// The build is broken now: new pages get the overlay at once.
    pub broken: Arc<RwLock<Option<String>>>,
}

impl Live {
    pub fn new(files: Arc<RwLock<SiteFiles>>) -> Live {
        Live {
            files,
            notices: broadcast::channel(64).0,
            broken: Arc::default(),
        }
    }

    /// Tells every open page, and remembers a broken build for pages opened later.
    pub fn publish(&self, notice: Notice) {
        let broken = match &notice {
            Notice::Broken(message) => Some(message.clone()),
            Notice::Reload { .. } => None,
        };
        *self.broken.write().unwrap_or_else(|e| e.into_inner()) = broken;
        let _ = self.notices.send(notice);
    }
}

/// The preview's own routes plus the site's files as the fallback.
pub fn router(live: Live) -> Router {
    Router::new()
        .route("/__portico/live.js", get(live_js))
        .route("/__portico/events", get(events))
        .fallback(get(site_file))
        .with_state(live)
}

async fn live_js() -> Response {
    let mut r = LIVE_JS.into_response();
    let headers = r.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The event stream: `broken` at once if the build is broken, then every
/// `reload`, `css` and `broken` as they happen (a fix is a `reload`).
async fn events(State(live): State<Live>) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let first = live
        .broken
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .map(|m| Notice::Broken(m).event())
        .unwrap_or_else(|| Event::default().event("hello").data("{}"));
    let receiver = live.notices.subscribe();
    let stream = futures_util::stream::unfold((Some(first), receiver), |(first, mut rx)| async move {
        if let Some(event) = first {
            return Some((Ok(event), (None, rx)));
        }
        match rx.recv().await {
            Ok(notice) => Some((Ok(notice.event()), (None, rx))),
            // Missed some: reloading every page is always right.
            Err(broadcast::error::RecvError::Lagged(_)) => {
                let all = Event::default().event("reload").data("{\"urls\":[\"*\"]}");
                Some((Ok(all), (None, rx)))
            }
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// A file of the site, from memory (generated) or disk (copied assets).
async fn site_file(State(live): State<Live>, uri: Uri) -> Response {
    let Some(path) = decoded_path(uri.path()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let wanted = output_path_of(&path);
    match lookup(&live, &wanted).await {
        Some(bytes) => file_response(StatusCode::OK, &wanted, bytes),
        None if !path.ends_with('/') && lookup(&live, &wanted.join("index.html")).await.is_some() => {
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("{}/", uri.path())) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        None => {
            let page = Path::new("404.html");
            let bytes = lookup(&live, page)
                .await
                .unwrap_or_else(|| Bytes::from_static(b"Not found"));
            file_response(StatusCode::NOT_FOUND, page, bytes)
        }
    }
}

async fn lookup(live: &Live, path: &Path) -> Option<Bytes> {
    let source = {
        let files = live.files.read().unwrap_or_else(|e| e.into_inner());
        if let Some(bytes) = files.generated.get(path) {
            return Some(bytes.clone());
        }
        files.copies.get(path).cloned()?
    };
    tokio::fs::read(source).await.ok().map(Bytes::from)
}

fn file_response(status: StatusCode, path: &Path, bytes: Bytes) -> Response {
    let html = path.extension().is_some_and(|e| e == "html");
    let body = if html { with_live_script(&bytes) } else { bytes };
    let kind = if html {
        "text/html; charset=utf-8".to_string()
    } else {
        mime_guess::from_path(path).first_or_octet_stream().to_string()
    };
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let headers = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&kind) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The page with the live script before `</head>` (or at the end).
fn with_live_script(html: &[u8]) -> Bytes {
    let at = html
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"</head>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + LIVE_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(LIVE_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    Bytes::from(out)
}

/// The request path, percent-decoded, refusing `..` and other escapes.
fn decoded_path(raw: &str) -> Option<String> {
    let path = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?
        .into_owned();
    let safe = PathBuf::from(path.trim_start_matches('/'))
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    safe.then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_of_output_files_are_pretty() {
        assert_eq!(url_of(Path::new("en/x/index.html")), "/en/x/");
        assert_eq!(url_of(Path::new("index.html")), "/");
        assert_eq!(url_of(Path::new("assets/portico.css")), "/assets/portico.css");
    }

    #[test]
    fn the_live_script_goes_before_head_end() {
        let out = with_live_script(b"<html><head><title>x</title></HEAD><body></body></html>");
        let text = String::from_utf8(out.to_vec()).unwrap();
        assert!(text.contains(&format!("{LIVE_TAG}</HEAD>")), "{text}");
    }

    #[test]
    fn escaping_paths_are_refused() {
        assert_eq!(decoded_path("/ja/%E3%82%88/").as_deref(), Some("/ja/よ/"));
        assert_eq!(decoded_path("/en/../../etc/passwd"), None);
        assert_eq!(decoded_path("/en/%2e%2e/x"), None);
    }
}
