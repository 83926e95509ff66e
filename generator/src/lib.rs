//! Portico compiles a folder of markdown (FAQs, guides, versioned docs, in
//! several languages) into a static help center.
//!
//! The build is a pipeline of stages, each taking the previous stage's value:
//! `Config` → `Sources` → `Page`s → `SiteGraph` → rendered bodies → link check
//! → rendered pages → `SiteOutput`, written atomically. Every stage collects
//! its problems instead of stopping, so one run reports the whole site.

pub mod a11y;
pub mod agents;
pub mod config;
pub mod content;
pub mod contrast;
pub mod diagnostics;
pub(crate) mod graph;
pub mod i18n;
pub(crate) mod links;
pub mod live;
pub(crate) mod markdown;
pub mod one_page;
pub(crate) mod output;
pub(crate) mod palette;
pub(crate) mod paths;
pub(crate) mod pipeline;
pub(crate) mod render;
pub mod scaffold;
pub(crate) mod search;
pub mod serve;
pub(crate) mod site_files;
pub(crate) mod source_map;
pub(crate) mod theme;
pub(crate) mod yaml;

pub use pipeline::{BuildOptions, Compiled};

use diagnostics::{Diagnostic, Diagnostics};
use pipeline::Destination;
use std::path::Path;

/// Runs every stage and check without writing anything (`portico check`).
/// `stage` is told each stage's name.
pub fn compile(opts: &BuildOptions, stage: &dyn Fn(&str)) -> Result<Compiled, Diagnostics> {
    pipeline::run(opts, stage, Destination::Memory).map(|run| run.compiled)
}

/// Compiles and writes the site to `out`; on any error `out` is left untouched.
///
/// Pages are checked for accessibility and written to a staging folder next
/// to `out` as they are rendered (see [`output::Sink`]), so the site is never
/// held in memory whole; the staging folder replaces `out` only if the build
/// and the check find no error.
pub fn build(opts: &BuildOptions, out: &Path, stage: &dyn Fn(&str)) -> Result<Compiled, Diagnostics> {
    let refuse = |msg: String| Diagnostics::from_iter([Diagnostic::error(out, msg)]);
    let cannot_write = |e: std::io::Error| refuse(format!("cannot write the site: {e}"));
    output::check_destination(&opts.root, out).map_err(refuse)?;
    let staged = output::Staged::create(out).map_err(cannot_write)?;
    let run = pipeline::run(opts, stage, Destination::Staged { staged: &staged, out })?;
    staged.commit().map_err(cannot_write)?;
    Ok(run.compiled)
}
