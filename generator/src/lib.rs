//! Portico compiles a folder of markdown (FAQs, guides, versioned docs, in
//! several languages) into a static help center.
//!
//! The build is a pipeline of stages, each taking the previous stage's value:
//! `Config` → `Sources` → `Page`s → `SiteGraph` → rendered bodies → link check
//! → rendered pages → `SiteOutput`, written atomically. Every stage collects
//! its problems instead of stopping, so one run reports the whole site.

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod frontmatter;
pub mod git_dates;
pub mod graph;
pub mod highlight;
pub mod i18n;
pub mod links;
pub mod markdown;
pub mod output;
pub mod paths;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site_files;
pub mod theme;
pub mod yaml;

use config::Config;
use diagnostics::{Diagnostic, Diagnostics};
use output::SiteOutput;
use std::collections::HashMap;
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
}

/// A successful compilation: the site in memory plus warnings.
pub struct Compiled {
    pub output: SiteOutput,
    pub warnings: Diagnostics,
    pub pages: usize,
}

/// Runs every stage and check without writing anything (`portico check` and
/// the first half of `portico build`). `stage` is told each stage's name.
pub fn compile(opts: &BuildOptions, stage: &dyn Fn(&str)) -> Result<Compiled, Diagnostics> {
    let root = &opts.root;
    stage("reading configuration");
    let mut config = Config::load(root)?;
    if let Some(base) = &opts.base_url {
        config.base_url = base.clone();
    }
    let mut problems = Diagnostics::new();
    let (i18n, found) = i18n::I18n::load(root, &config);
    problems.extend(found);
    let i18n = Arc::new(i18n);
    let theme = theme::Theme::load(root, &config, i18n.clone()).inspect_err(|e| problems.extend(e.clone()));

    stage("reading content");
    let (sources, found) = content::discover(root, &config);
    problems.extend(found);
    let (pages, found) = content::load(&sources.pages, opts.drafts);
    problems.extend(found);
    let dates = git_dates::last_commit_dates(root);

    stage("linking pages");
    let section_titles = |lang: &str, dir: &str| i18n.get(lang, &format!("section_{dir}")).map(str::to_string);
    let (graph, found) = graph::build(&config, pages, sources.assets, &dates, &section_titles);
    problems.extend(found);

    stage("rendering markdown");
    let bodies = render::markdown_all(&graph, &i18n);
    stage("checking links");
    problems.extend(links::check(&graph, &bodies));

    let Ok(theme) = theme else {
        return Err(problems.sorted());
    };
    stage("rendering pages");
    let renderer = render::Renderer::new(&config, &graph, &bodies, &theme, &i18n);
    let (mut files, found) = render::render_pages(&renderer);
    problems.extend(found);
    files.extend(site_files::all(&config, &graph));
    files.extend(theme.static_files.iter().map(|(url, bytes)| render::OutputFile {
        path: url.output_path(),
        bytes: bytes.clone(),
    }));
    let copies: Vec<(PathBuf, paths::OutputPath)> = graph
        .assets
        .iter()
        .map(|a| (a.abs.clone(), a.url.output_path()))
        .collect();
    let output = SiteOutput { files, copies };
    problems.extend(collisions(root, &output));

    if problems.has_errors() {
        return Err(problems.sorted());
    }
    Ok(Compiled {
        pages: graph.nodes.len(),
        output,
        warnings: problems.sorted(),
    })
}

/// Compiles and writes the site to `out`; on any error `out` is left untouched.
pub fn build(opts: &BuildOptions, out: &Path, stage: &dyn Fn(&str)) -> Result<Compiled, Diagnostics> {
    let refuse = |msg: String| Diagnostics::from_iter([Diagnostic::error(out, msg)]);
    output::check_destination(&opts.root, out).map_err(refuse)?;
    let compiled = compile(opts, stage)?;
    stage("writing files");
    output::write_atomically(out, &compiled.output).map_err(|e| refuse(format!("cannot write the site: {e}")))?;
    Ok(compiled)
}

/// Two sources that would write the same output file (a static file shadowing
/// a page, say) are an error rather than a silent overwrite.
fn collisions(root: &Path, site: &SiteOutput) -> Diagnostics {
    let mut seen: HashMap<&Path, &str> = HashMap::new();
    let mut problems = Diagnostics::new();
    for f in &site.files {
        seen.insert(f.path.as_path(), "a generated page");
    }
    for (src, dest) in &site.copies {
        let shown = diagnostics::display_path(root, src);
        if let Some(other) = seen.insert(dest.as_path(), "a static file") {
            problems.push(
                Diagnostic::error(
                    &shown,
                    format!("{} is also written by {other}", dest.as_path().display()),
                )
                .hint("rename or move the file"),
            );
        }
    }
    problems
}
