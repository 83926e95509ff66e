//! The native host's connection handling: an accept loop driving hyper
//! HTTP/1.1 with the limits a server on the open internet needs and
//! `axum::serve` does not set.
//!
//! `axum::serve` reads request headers and bodies for as long as a client
//! cares to dribble them and accepts connections without bound, so a few
//! hundred slowloris sockets hold a server's tasks and file descriptors
//! forever. Here every connection gets:
//!
//! - a **header read deadline** ([`ServeLimits::header_read_timeout`]),
//!   which also closes idle keep-alive connections (hyper starts the timer
//!   whenever it waits for the next request head);
//! - a **body read deadline** ([`ServeLimits::body_read_timeout`]) from the
//!   moment the head arrived: the body stream then fails with
//!   [`crate::input::BodyTimedOut`] and the route answers 408;
//! - a **per-IP connection cap**: past it, new connections from that address
//!   are closed at once, so one client cannot take every slot;
//! - a **global connection cap**: past it, accepting pauses (the kernel's
//!   backlog holds new clients) until a connection ends.
//!
//! Tests: `edge/tests/slow_clients.rs` (slowloris on raw sockets, caps).

use crate::input::BodyTimedOut;
use axum::body::Body;
use axum::body::Bytes;
use axum::extract::ConnectInfo;
use axum::Router;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_service::Service;

/// Connection and timing limits of [`serve_with`]. The defaults suit a
/// public server; `portico-edge-dev` takes them from flags.
#[derive(Debug, Clone)]
pub struct ServeLimits {
    /// Time a client has to send a complete request head (and the longest a
    /// keep-alive connection may sit idle). Default 10 s.
    pub header_read_timeout: Duration,
    /// Time a client has to send the whole body once the head arrived.
    /// Bodies are at most 256 KB, so even a slow phone line manages in far
    /// less. Default 30 s.
    pub body_read_timeout: Duration,
    /// Open connections in total; at the cap, accepting waits. Default 1024.
    pub max_connections: usize,
    /// Open connections per client IP; past it new ones are closed.
    /// Default 256: a browser opens at most 6 per host, so this leaves room
    /// for an office behind one NAT address while keeping any one address
    /// to a quarter of the default global cap.
    pub max_connections_per_ip: usize,
}

impl Default for ServeLimits {
    fn default() -> Self {
        ServeLimits {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            max_connections: 1024,
            max_connections_per_ip: 256,
        }
    }
}

/// Serves `app` on `listener` with `limits` until `shutdown` completes
/// (connections in progress are then left to finish on their own tasks).
/// Requests carry `ConnectInfo<SocketAddr>` like axum's
/// `into_make_service_with_connect_info`, so the rate limiter tells clients
/// apart.
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    limits: ServeLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_ip: Arc<Mutex<HashMap<IpAddr, usize>>> = Arc::default();
    let limits = Arc::new(limits);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            _ = &mut shutdown => return Ok(()),
            permit = slots.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
        };
        let (stream, peer) = tokio::select! {
            _ = &mut shutdown => return Ok(()),
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // Out of file descriptors, a connection reset before it was
                // accepted…: per-connection trouble, so wait a moment
                // instead of spinning or giving up (as `axum::serve` does).
                Err(e) => {
                    log::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Some(ip_slot) = IpSlot::take(&per_ip, peer.ip(), limits.max_connections_per_ip) else {
            drop(stream); // over this client's cap: close right away
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let limits = limits.clone();
        tokio::spawn(async move {
            let _held = (permit, ip_slot);
            let body_read_timeout = limits.body_read_timeout;
            let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                let mut app = app.clone();
                let deadline = tokio::time::sleep(body_read_timeout);
                let mut request = request.map(|body| {
                    Body::new(Deadline {
                        inner: body,
                        sleep: Box::pin(deadline),
                    })
                });
                request.extensions_mut().insert(ConnectInfo(peer));
                async move { app.call(request).await }
            });
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout);
            // Errors here are the client's (reset, timeout, bad request line).
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// One counted connection of an IP; uncounted on drop.
struct IpSlot {
    map: Arc<Mutex<HashMap<IpAddr, usize>>>,
    ip: IpAddr,
}

impl IpSlot {
    fn take(map: &Arc<Mutex<HashMap<IpAddr, usize>>>, ip: IpAddr, max: usize) -> Option<IpSlot> {
        let mut counts = map.lock().unwrap_or_else(|p| p.into_inner());
        let count = counts.entry(ip).or_insert(0);
        if *count >= max.max(1) {
            return None;
        }
        *count += 1;
        Some(IpSlot { map: map.clone(), ip })
    }
}

impl Drop for IpSlot {
    fn drop(&mut self) {
        let mut counts = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = counts.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.ip);
            }
        }
    }
}

/// A request body that fails with [`BodyTimedOut`] once its deadline passes
/// before the last frame arrived.
struct Deadline {
    inner: Incoming,
    sleep: Pin<Box<tokio::time::Sleep>>,
}

impl HttpBody for Deadline {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(frame) => Poll::Ready(frame.map(|f| f.map_err(Into::into))),
            Poll::Pending => match self.sleep.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimedOut)))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
