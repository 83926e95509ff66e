//! Portico's client-side search: one crate for the tokenizer, the index
//! builder, the query engine and excerpts, so the generator (native) and the
//! browser (the wasm runtime in `search/wasm`) share every rule.
//!
//! - [`tokenize`]: text → terms, identically at index and query time
//!   (case folding, stemming, identifiers, CJK bigrams);
//! - [`build`] (feature `build`): a language's pages → manifest, shards
//!   (tinysearch indexes split by term range) and per-page fragments;
//! - [`engine`]: manifest + the shards a query touches ([`shard`]) → ranked pages;
//! - [`excerpt`]: a page's fragment + the query → heading and highlighted text.
//!
//! Not here: which pages are indexed and where the files go (the
//! generator's `search` module), the browser side (`portico-search.js` in the
//! default theme).

#[cfg(feature = "build")]
pub mod build;
pub mod engine;
pub mod excerpt;
pub mod fragment;
pub mod keys;
pub mod manifest;
pub mod shard;
pub mod tokenize;

#[cfg(all(test, feature = "build"))]
mod tests;

/// What can go wrong reading or writing an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    Manifest(String),
    Shard(usize, String),
    Fragment(String),
    Build(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Manifest(m) => write!(f, "search manifest: {m}"),
            Error::Shard(n, m) => write!(f, "search shard {n}: {m}"),
            Error::Fragment(m) => write!(f, "search fragment: {m}"),
            Error::Build(m) => write!(f, "search index: {m}"),
        }
    }
}

impl std::error::Error for Error {}
