//! One site's stages: reading the theme and the content, the per-page
//! stages ([`read_pages`], [`render_all`]), the site-wide files, and
//! publishing checked pages rendered outside a whole run
//! ([`check_and_publish`]).

use super::{checks, BuildOptions, Compiled, Prepared, SiteState};
use crate::config::Config;
use crate::content::git_dates;
use crate::content::Asset;
use crate::content::Page;
use crate::diagnostics::Diagnostics;
use crate::graph::{NodeId, SiteGraph};
use crate::i18n::translations;
use crate::i18n::I18n;
use crate::markdown::Rendered;
use crate::output::{Sink, SiteOutput};
use crate::paths::OutputFile;
use crate::render;
use crate::theme::Theme;
use crate::{a11y, content, graph, i18n, links, paths, search, site_files, theme};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Compiles one site: the whole pipeline for one (possibly branded) config.
/// `brand` is (this brand's id, every declared id) when building brands;
/// `sink` is where files go as they are made, and the brand folder they go in.
pub(super) fn compile_site(
    opts: &BuildOptions,
    config: &Config,
    brand: Option<(&String, &[String])>,
    stage: &dyn Fn(&str),
    sink: Option<(&Sink, Option<&str>)>,
) -> Result<Prepared, Diagnostics> {
    let root = &opts.root;
    stage("reading content, theme and UI strings");
    let mut problems = Diagnostics::new();
    // The theme (templates compiled) and the content (files read and parsed)
    // do not need each other: each is read while the other is.
    let ((i18n, theme, theme_problems), (sources, pages, dates, content_problems)) = rayon::join(
        || {
            let mut found = checks::palette_problems(config);
            let (i18n, more) = i18n::I18n::load(root, config);
            found.extend(more);
            let i18n = Arc::new(i18n);
            let theme = theme::Theme::load(root, config, i18n.clone()).inspect_err(|e| found.extend(e.clone()));
            (i18n, theme, found)
        },
        || {
            let mut found = Diagnostics::new();
            let (sources, more) = content::discover(root, config);
            found.extend(more);
            let (pages, more) = content::load(&sources.pages, opts.drafts);
            found.extend(more);
            let (pages, more) = content::for_brand(pages, brand);
            found.extend(more);
            (sources, pages, git_dates::last_commit_dates(root), found)
        },
    );
    problems.extend(theme_problems);
    problems.extend(content_problems);

    let (graph, bodies, found) = read_pages(config, &i18n, pages, sources.assets, &dates, stage);
    problems.extend(found);

    let Ok(theme) = theme else {
        return Err(problems.sorted());
    };
    stage("rendering pages");
    let keep = |f: OutputFile| match sink {
        Some((sink, prefix)) => {
            sink.take(f, prefix);
            None
        }
        None => Some(f),
    };
    let (mut files, found) = render_all(config, &graph, &bodies, &theme, &i18n, &keep);
    problems.extend(found);
    let pages = 0..files.len();
    files.extend(site_files::all(config, &graph).into_iter().filter_map(keep));
    stage("indexing search");
    match search::index_files(config, &graph, &bodies) {
        Ok(index) => files.extend(index.into_par_iter().filter_map(keep).collect::<Vec<_>>()),
        Err(d) => problems.push(d),
    }
    files.extend(theme.static_files.iter().map(|(url, bytes)| OutputFile {
        path: url.output_path(),
        bytes: bytes.clone(),
    }));
    let copies: Vec<(PathBuf, paths::OutputPath)> = graph
        .assets
        .iter()
        .map(|a| (a.abs.clone(), a.url.output_path()))
        .collect();
    let (scanned, streamed) = sink.map(|(s, _)| s.drain()).unwrap_or_default();
    problems.extend(checks::collisions(root, &files, &streamed, &copies, &graph));
    let output = SiteOutput {
        files,
        copies,
        streamed: streamed.len(),
    };

    // Errors so far (a broken link, a missing image) do not stop here: the
    // accessibility check still runs over the pages that rendered, so one
    // run reports every problem, and `Prepared::finish` fails the build.
    Ok(Prepared {
        compiled: Compiled {
            pages: graph.nodes.len(),
            translations: translations::TranslationReport::build(config, &graph),
            a11y: Vec::new(),
            output,
            warnings: problems,
        },
        checks: vec![SiteState {
            config: config.clone(),
            graph,
            bodies,
            theme,
            i18n,
            files: pages,
            prefix: None,
            scanned,
            dates,
        }],
    })
}

/// The per-page stages, in their order: the graph over all pages (and the
/// `a11y.ignore` entries checked against it), each page's markdown, and the
/// links between them.
pub(crate) fn read_pages(
    config: &Config,
    i18n: &I18n,
    pages: Vec<Page>,
    assets: Vec<Asset>,
    dates: &HashMap<PathBuf, NaiveDate>,
    stage: &dyn Fn(&str),
) -> (SiteGraph, Vec<Rendered>, Diagnostics) {
    stage("linking pages");
    let section_titles = |lang: &str, dir: &str| i18n.get(lang, &format!("section_{dir}")).map(str::to_string);
    let (graph, mut problems) = graph::build(config, pages, assets, dates, &section_titles);
    problems.extend(a11y::check_ignores(config, &graph));
    stage("rendering markdown");
    let bodies = render::markdown_all(&graph, i18n);
    stage("checking links");
    problems.extend(links::check(&graph, &bodies));
    (graph, bodies, problems)
}

/// [`read_pages`] for live preview after an edit: the same stages, but a
/// page keeps its body from before (`kept`, by source key, with the node it
/// was rendered for) when every link and image in it still resolves the
/// same (checked when `verify`: pages came, so links may point elsewhere);
/// only the others are rendered and their links checked. Returns the nodes
/// rendered again too.
pub(crate) fn reread_pages(
    config: &Config,
    i18n: &I18n,
    pages: Vec<Page>,
    assets: Vec<Asset>,
    dates: &HashMap<PathBuf, NaiveDate>,
    mut kept: HashMap<String, (NodeId, Rendered)>,
    verify: bool,
) -> (SiteGraph, Vec<Rendered>, Vec<NodeId>, Diagnostics) {
    let section_titles = |lang: &str, dir: &str| i18n.get(lang, &format!("section_{dir}")).map(str::to_string);
    let (graph, mut problems) = graph::build(config, pages, assets, dates, &section_titles);
    problems.extend(a11y::check_ignores(config, &graph));
    let slots: Vec<Option<(NodeId, Rendered)>> = (graph.nodes.iter())
        .map(|n| kept.remove(&graph::key_of(&n.page.source)))
        .collect();
    let bodies: Vec<(Rendered, bool)> = slots
        .into_par_iter()
        .enumerate()
        .map(
            |(id, slot)| match slot.filter(|(_, body)| !verify || links::resolve_the_same(&graph, id, body)) {
                Some((was, mut body)) => {
                    if was != id {
                        body.html = crate::source_map::renumber(&body.html, id);
                    }
                    (body, false)
                }
                None => (render::markdown_one(&graph, i18n, id), true),
            },
        )
        .collect();
    let fresh: Vec<NodeId> = (0..bodies.len()).filter(|&id| bodies[id].1).collect();
    let bodies: Vec<Rendered> = bodies.into_iter().map(|(b, _)| b).collect();
    problems.extend(links::check_nodes(&graph, &bodies, &fresh));
    (graph, bodies, fresh, problems)
}

/// Every page through its template; `keep` decides which files stay in the
/// result (the others went to a sink).
pub(crate) fn render_all(
    config: &Config,
    graph: &SiteGraph,
    bodies: &[Rendered],
    theme: &Theme,
    i18n: &I18n,
    keep: &(dyn Fn(OutputFile) -> Option<OutputFile> + Sync),
) -> (Vec<OutputFile>, Diagnostics) {
    let renderer = render::Renderer::new(config, graph, bodies, theme, i18n);
    render::render_pages(&renderer, keep)
}

/// Checks pages rendered outside a whole run (one page, live preview's fast
/// path) and publishes them: the problems found, and the files as readers
/// get them.
pub(crate) fn check_and_publish(
    mode: a11y::Mode,
    config: &Config,
    graph: &SiteGraph,
    bodies: &[Rendered],
    files: Vec<OutputFile>,
) -> (Diagnostics, Vec<OutputFile>) {
    let (problems, _) = a11y::check(mode, config, graph, bodies, &files, &[], None);
    let mut output = SiteOutput {
        files,
        ..SiteOutput::default()
    };
    output.publish();
    (problems, output.files)
}
