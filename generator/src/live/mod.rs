//! Live preview for `portico serve`: the site rebuilt in memory as its
//! sources change ([`session`]), served with a server-sent events stream
//! that reloads open pages or shows the build's errors over them
//! ([`server`]), driven by a debounced file watcher ([`watch`]); an edit
//! re-renders only the pages it [`affected`].

mod affected;
pub mod server;
pub mod session;
pub mod watch;

pub use server::{Live, Notice};
pub use session::{Session, SiteFiles, Update};
