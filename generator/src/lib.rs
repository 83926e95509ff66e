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
pub mod theme;
pub mod translations;
pub mod yaml;

use diagnostics::{Diagnostic, Diagnostics};
use output::SiteOutput;
use std::path::{Path, PathBuf};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `portico.yaml`).
    pub root: PathBuf,
    /// Include pages with `draft: true`.
    pub drafts: bool,
    /// Overrides `base_url` from the config (e.g. for previews).
    pub base_url: Option<String>,
    /// With `brands:` in the config: build only this brand, into the output
    /// folder itself rather than a sub-folder.
    pub brand: Option<String>,
    /// Whether accessibility errors fail the build.
    pub a11y: a11y::Mode,
}

/// A successful compilation: the site in memory plus warnings.
pub struct Compiled {
    pub output: SiteOutput,
    pub warnings: Diagnostics,
    pub pages: usize,
    /// Untranslated and stale pages (of the first brand, when there are several).
    pub translations: translations::TranslationReport,
    /// Every accessibility finding, page by page (also in `warnings` or the errors).
    pub a11y: Vec<a11y::Finding>,
}

/// Runs every stage and check without writing anything (`portico check`).
/// `stage` is told each stage's name.
pub fn compile(opts: &BuildOptions, stage: &dyn Fn(&str)) -> Result<Compiled, Diagnostics> {
    let prepared = pipeline::prepare(opts, stage, None)?;
    stage("checking accessibility");
    let checked = prepared.check_a11y(opts.a11y);
    let mut compiled = prepared.finish(checked)?;
    compiled.output.strip_markers();
    Ok(compiled)
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
    let sink = output::Sink::new(staged.path(), opts.a11y);
    let prepared = pipeline::prepare(opts, stage, Some(&sink))?;
    sink.finish().map_err(cannot_write)?;
    stage("checking accessibility, writing files");
    let (checked, wrote) = rayon::join(
        || prepared.check_a11y(opts.a11y),
        || staged.add(&prepared.compiled.output),
    );
    let compiled = prepared.finish(checked)?;
    wrote.and_then(|()| staged.commit()).map_err(cannot_write)?;
    Ok(compiled)
}
