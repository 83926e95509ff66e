//! Portico's edge API: ticket submission, authenticated status look-ups and
//! article feedback. One axum `Router` will serve both the Cloudflare Worker and
//! `portico serve`.
//!
//! Not built yet: this crate is a compiling skeleton until the edge API issue
//! lands, so the workspace layout is fixed from the start.
