//! Portico compiles a folder of markdown (FAQs, guides, versioned docs, in
//! several languages) into a static help center.
//!
//! The build is a pipeline of stages, each taking the previous stage's value:
//! `Config` → `Sources` → `Page`s → `SiteGraph` → rendered bodies → link check
//! → rendered pages → `SiteOutput`, written atomically. Every stage collects
//! its problems instead of stopping, so one run reports the whole site.

pub mod a11y;
pub mod config;
pub mod content;
pub mod contrast;
pub mod diagnostics;
pub mod frontmatter;
pub mod git_dates;
pub mod graph;
pub mod highlight;
pub mod i18n;
pub mod links;
pub mod live;
pub mod locale;
pub mod markdown;
pub mod one_page;
pub mod output;
pub mod palette;
pub mod paths;
pub(crate) mod pipeline;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site_files;
pub mod source_map;
pub mod theme;
pub mod translations;
pub mod yaml;

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
