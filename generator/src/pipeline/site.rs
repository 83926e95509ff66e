//! The build pipeline up to the accessibility check: configuration, brands,
//! content, graph, markdown, links, templates and site files. What it yields
//! still carries the source markers the accessibility check reads; `compile`
//! and `build` in `lib.rs` run the check and finish. Errors found before the
//! check travel in `Compiled::warnings` until `Prepared::finish` fails on them.

use crate::config::{self, Config};
use crate::diagnostics::{self, Diagnostic, Diagnostics};
use crate::graph::SiteGraph;
use crate::markdown::Rendered;
use crate::output::{Sink, SiteOutput};
use crate::render::OutputFile;
use crate::{
    a11y, content, contrast, git_dates, graph, i18n, links, palette, paths, render, search, site_files, theme,
    translations,
};
use crate::{BuildOptions, Compiled};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A compiled site before its accessibility check.
pub struct Prepared {
    pub compiled: Compiled,
    pub(crate) checks: Vec<SiteState>,
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
}

impl Prepared {
    /// Runs the accessibility check over every site (brand) prepared.
    pub fn check_a11y(&self, mode: a11y::Mode) -> (Diagnostics, Vec<a11y::Finding>) {
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
    pub fn finish(self, (problems, findings): (Diagnostics, Vec<a11y::Finding>)) -> Result<Compiled, Diagnostics> {
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
pub fn prepare(opts: &BuildOptions, stage: &dyn Fn(&str), sink: Option<&Sink>) -> Result<Prepared, Diagnostics> {
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
        return compile_site(opts, &config, None, stage, sink.map(|s| (s, None)));
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
        return compile_site(opts, &branded, Some((id, &ids)), stage, sink.map(|s| (s, None)));
    }
    if opts.base_url.is_some() {
        return refuse("--base-url cannot apply to several brands; add --brand ID".into());
    }
    let mut problems = Diagnostics::new();
    let mut all: Option<Prepared> = None;
    for site in &config.brands {
        stage(&format!("brand {}", site.id));
        let into = sink.map(|s| (s, Some(site.id.as_str())));
        match compile_site(opts, &config.for_brand(site), Some((&site.id, &ids)), stage, into) {
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

/// Compiles one site: the whole pipeline for one (possibly branded) config.
/// `brand` is (this brand's id, every declared id) when building brands;
/// `sink` is where files go as they are made, and the brand folder they go in.
fn compile_site(
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
            let mut found = palette_problems(config);
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

    stage("linking pages");
    let section_titles = |lang: &str, dir: &str| i18n.get(lang, &format!("section_{dir}")).map(str::to_string);
    let (graph, found) = graph::build(config, pages, sources.assets, &dates, &section_titles);
    problems.extend(found);

    stage("rendering markdown");
    let bodies = render::markdown_all(&graph, &i18n);
    stage("checking links");
    problems.extend(links::check(&graph, &bodies));

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
    let renderer = render::Renderer::new(config, &graph, &bodies, &theme, &i18n);
    let (mut files, found) = render::render_pages(&renderer, &keep);
    drop(renderer);
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
    problems.extend(collisions(root, &files, &streamed, &copies, &graph));
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
        }],
    })
}

/// Brand colours that fail WCAG contrast against the theme palette, as
/// errors at the config key to change (or the theme, for its own defaults).
fn palette_problems(config: &Config) -> Diagnostics {
    let mut out = Diagnostics::new();
    for mode in [palette::Mode::Light, palette::Mode::Dark] {
        for f in palette::Palette::resolve(&config.brand, mode).check() {
            let (path, line) = match &f.brand_key {
                Some((_, value)) => (PathBuf::from(config::CONFIG_FILE), config.line_of(value)),
                None => (PathBuf::from(format!("themes/{}", config.theme)), 0),
            };
            let mut d = Diagnostic::error(
                path,
                format!(
                    "[color-contrast] {} mode: {} {} on {} {} has contrast {}, below the {}:1 WCAG 2.2 AA needs for {}",
                    mode.name(),
                    f.foreground.0,
                    f.foreground.1,
                    f.background.0,
                    f.background.1,
                    contrast::show(f.ratio),
                    f.required,
                    f.usage
                ),
            )
            .hint(format!(
                "the nearest passing {} is {}{}",
                f.foreground.0,
                f.suggestion,
                f.brand_key
                    .as_ref()
                    .map(|(k, _)| format!("; or change brand {k}"))
                    .unwrap_or_default()
            ));
            if line > 0 {
                d = d.at(line, 1);
            }
            out.push(d);
        }
    }
    out
}

/// Two sources that would write the same output file (a static file shadowing
/// a page, a page `url` or alias on `/sitemap.xml`) are an error rather than
/// a silent overwrite (or a race: files are written in parallel). `streamed`
/// are the generated files already written (their paths in the site, without
/// a brand folder).
fn collisions(
    root: &Path,
    files: &[OutputFile],
    streamed: &[paths::OutputPath],
    copies: &[(PathBuf, paths::OutputPath)],
    graph: &SiteGraph,
) -> Diagnostics {
    let mut seen: HashMap<&Path, &str> = HashMap::new();
    let mut problems = Diagnostics::new();
    for path in files.iter().map(|f| &f.path).chain(streamed) {
        if seen.insert(path.as_path(), "a generated page").is_some() {
            problems.push(generated_clash(graph, path));
        }
    }
    for (src, dest) in copies {
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

/// Where a second generated file on one path comes from: a page whose `url`,
/// or an alias whose redirect, lands on a file the site generates itself.
fn generated_clash(graph: &SiteGraph, path: &paths::OutputPath) -> Diagnostic {
    let shown = path.as_path().display();
    if let Some(n) = graph.nodes.iter().find(|n| &n.url.output_path() == path) {
        return Diagnostic::error(
            &n.page.source.shown,
            format!(
                "the page's URL {} would overwrite {shown}, which the site generates",
                n.url
            ),
        )
        .at(n.page.key_line("url"), 1)
        .hint("choose another `url`");
    }
    let alias = graph.redirects.iter().find(|r| &r.from.output_path() == path);
    if let Some((r, &id)) = alias.and_then(|r| Some((r, graph.by_url.get(&r.to)?))) {
        let page = &graph.node(id).page;
        return Diagnostic::error(
            &page.source.shown,
            format!("alias {} would overwrite {shown}, which the site generates", r.from),
        )
        .at(page.key_line("aliases"), 1)
        .hint("remove the alias; only old page URLs can redirect");
    }
    Diagnostic::error(path.as_path(), "two generated files would be written here")
}
