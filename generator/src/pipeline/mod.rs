//! The build pipeline, driven from one place: [`run`] takes a site from
//! `portico.yaml` to checked, published files, for `build` (files written to
//! a staging folder as they are made), and for `check` and live preview
//! (files kept in memory). The order of the stages is in [`run`] (prepare,
//! check accessibility, finish, publish), in `site::compile_site` (one
//! site's stages) and in `site::read_pages` (the per-page stages, which the
//! one-page entry point and live preview's fast path reuse).
//!
//! Errors found before the accessibility check travel in
//! `Compiled::warnings` until `Prepared::finish` fails on them, so one run
//! reports every problem.

mod checks;
mod site;

pub(crate) use site::{check_and_publish, read_pages, render_all, reread_pages};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::SiteGraph;
use crate::markdown::Rendered;
use crate::output::{Sink, SiteOutput, Staged};
use crate::{a11y, config, i18n, theme};
use config::Config;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    pub translations: crate::i18n::translations::TranslationReport,
    /// Every accessibility finding, page by page (also in `warnings` or the errors).
    pub a11y: Vec<a11y::Finding>,
}

/// Where a run's files go.
pub(crate) enum Destination<'a> {
    /// Kept in memory, published (markers stripped) when the run succeeds.
    Memory,
    /// Checked and written into the staging folder of `out` as they are
    /// made (see [`Sink`]); the caller commits it.
    Staged { staged: &'a Staged, out: &'a Path },
}

/// A finished run: the result, and each (brand's) site as the stages left
/// it, for live preview to re-render single pages from.
pub(crate) struct Run {
    pub compiled: Compiled,
    pub sites: Vec<SiteState>,
}

/// Runs the whole pipeline: every stage, the accessibility check, and the
/// files published to `dest`. `stage` is told each stage's name.
pub(crate) fn run(opts: &BuildOptions, stage: &dyn Fn(&str), dest: Destination) -> Result<Run, Diagnostics> {
    let Destination::Staged { staged, out } = dest else {
        let mut prepared = prepare(opts, stage, None)?;
        stage("checking accessibility");
        let checked = prepared.check_a11y(opts.a11y);
        let sites = std::mem::take(&mut prepared.checks);
        let mut compiled = prepared.finish(checked)?;
        compiled.output.publish();
        return Ok(Run { compiled, sites });
    };
    let cannot_write =
        |e: std::io::Error| Diagnostics::from_iter([Diagnostic::error(out, format!("cannot write the site: {e}"))]);
    let sink = Sink::new(staged.path(), opts.a11y);
    let mut prepared = prepare(opts, stage, Some(&sink))?;
    sink.finish().map_err(cannot_write)?;
    stage("checking accessibility, writing files");
    let (checked, wrote) = rayon::join(
        || prepared.check_a11y(opts.a11y),
        || staged.add(&prepared.compiled.output),
    );
    let sites = std::mem::take(&mut prepared.checks);
    let compiled = prepared.finish(checked)?;
    wrote.map_err(cannot_write)?;
    Ok(Run { compiled, sites })
}

/// A compiled site before its accessibility check.
struct Prepared {
    pub compiled: Compiled,
    checks: Vec<SiteState>,
}

/// One (brand's) compiled site as the stages left it: what the
/// accessibility check reads, and what live preview keeps to re-render
/// single pages (`live::Session`).
pub(crate) struct SiteState {
    pub config: Config,
    pub graph: SiteGraph,
    pub bodies: Vec<Rendered>,
    pub theme: theme::Theme,
    pub i18n: Arc<i18n::I18n>,
    /// Its files in `compiled.output.files`.
    pub files: Range<usize>,
    /// The brand folder its files were moved into.
    pub prefix: Option<String>,
    /// Its pages already checked and written by a [`Sink`].
    pub scanned: Vec<crate::a11y::Scanned>,
    /// The last commit date of each source file (read once: it asks git).
    pub dates: std::collections::HashMap<PathBuf, chrono::NaiveDate>,
}

impl Prepared {
    /// Runs the accessibility check over every site (brand) prepared.
    fn check_a11y(&self, mode: a11y::Mode) -> (Diagnostics, Vec<a11y::Finding>) {
        let mut problems = Diagnostics::new();
        let mut findings = Vec::new();
        for c in &self.checks {
            let files = &self.compiled.output.files[c.files.clone()];
            let (p, f) = a11y::check(
                mode,
                &c.config,
                &c.graph,
                &c.bodies,
                files,
                &c.scanned,
                c.prefix.as_deref(),
            );
            problems.extend(p);
            findings.extend(f);
        }
        (problems, findings)
    }

    /// Adds the check's findings; errors fail.
    fn finish(self, (problems, findings): (Diagnostics, Vec<a11y::Finding>)) -> Result<Compiled, Diagnostics> {
        let mut compiled = self.compiled;
        compiled.warnings.extend(problems);
        compiled.warnings = std::mem::take(&mut compiled.warnings).sorted();
        compiled.a11y = findings;
        if compiled.warnings.has_errors() {
            return Err(compiled.warnings);
        }
        Ok(compiled)
    }
}

/// Runs every stage but the accessibility check. With `brands:` in the
/// config, every brand is compiled in turn and its files land under `<id>/`
/// of one output. With a `sink`, files go there as they are made (checked
/// and written) instead of into the result.
fn prepare(opts: &BuildOptions, stage: &dyn Fn(&str), sink: Option<&Sink>) -> Result<Prepared, Diagnostics> {
    stage("reading configuration");
    let mut config = Config::load(&opts.root)?;
    let shown = PathBuf::from(config::CONFIG_FILE);
    let refuse = |msg: String| Err(Diagnostics::from_iter([Diagnostic::error(&shown, msg)]));
    if config.brands.is_empty() {
        if let Some(id) = &opts.brand {
            return refuse(format!("--brand {id} given, but portico.yaml declares no `brands`"));
        }
        if let Some(base) = &opts.base_url {
            config.base_url = base.clone();
        }
        return site::compile_site(opts, &config, None, stage, sink.map(|s| (s, None)));
    }
    let ids: Vec<String> = config.brands.iter().map(|b| b.id.clone()).collect();
    if let Some(id) = &opts.brand {
        let Some(site) = config.brands.iter().find(|b| &b.id == id) else {
            return refuse(format!("--brand {id}: no such brand (declared: {})", ids.join(", ")));
        };
        let mut branded = config.for_brand(site);
        if let Some(base) = &opts.base_url {
            branded.base_url = base.clone();
        }
        return site::compile_site(opts, &branded, Some((id, &ids)), stage, sink.map(|s| (s, None)));
    }
    if opts.base_url.is_some() {
        return refuse("--base-url cannot apply to several brands; add --brand ID".into());
    }
    let mut problems = Diagnostics::new();
    let mut all: Option<Prepared> = None;
    for site in &config.brands {
        stage(&format!("brand {}", site.id));
        let into = sink.map(|s| (s, Some(site.id.as_str())));
        match site::compile_site(opts, &config.for_brand(site), Some((&site.id, &ids)), stage, into) {
            Err(found) => problems.extend(found),
            Ok(p) => {
                let merged = all.get_or_insert_with(|| Prepared {
                    compiled: Compiled {
                        output: SiteOutput::default(),
                        warnings: Diagnostics::new(),
                        pages: 0,
                        translations: p.compiled.translations.clone(),
                        a11y: Vec::new(),
                    },
                    checks: Vec::new(),
                });
                let prefixed = p.compiled.output.under(&site.id);
                let start = merged.compiled.output.files.len();
                merged.compiled.output.files.extend(prefixed.files);
                merged.compiled.output.copies.extend(prefixed.copies);
                merged.compiled.output.streamed += prefixed.streamed;
                merged.compiled.pages += p.compiled.pages;
                merged.compiled.warnings.extend(p.compiled.warnings);
                for mut check in p.checks {
                    check.files = start + check.files.start..start + check.files.end;
                    check.prefix = Some(site.id.clone());
                    merged.checks.push(check);
                }
            }
        }
    }
    match all {
        Some(p) if !problems.has_errors() => Ok(p),
        Some(p) => {
            problems.extend(p.compiled.warnings);
            Err(problems.sorted())
        }
        None => Err(problems.sorted()),
    }
}
