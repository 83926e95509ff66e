//! Portico compiles a folder of markdown (FAQs, guides, versioned docs, in
//! several languages) into a static help center.
//!
//! The build is a pipeline of stages, each taking the previous stage's value:
//! `Config` → `Sources` → `Page`s → `SiteGraph` → rendered bodies → link check
//! → rendered pages → `SiteOutput`, written atomically. Every stage collects
//! its problems instead of stopping, so one run reports the whole site.

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
pub mod locale;
pub mod markdown;
pub mod output;
pub mod palette;
pub mod paths;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site_files;
pub mod theme;
pub mod translations;
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
    /// With `brands:` in the config: build only this brand, into the output
    /// folder itself rather than a sub-folder.
    pub brand: Option<String>,
}

/// A successful compilation: the site in memory plus warnings.
pub struct Compiled {
    pub output: SiteOutput,
    pub warnings: Diagnostics,
    pub pages: usize,
    /// Untranslated and stale pages (of the first brand, when there are several).
    pub translations: translations::TranslationReport,
}

/// Runs every stage and check without writing anything (`portico check` and
/// the first half of `portico build`). `stage` is told each stage's name.
///
/// With `brands:` in the config, every brand is compiled in turn and its files
/// land under `<id>/` of one output.
pub fn compile(opts: &BuildOptions, stage: &dyn Fn(&str)) -> Result<Compiled, Diagnostics> {
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
        return compile_site(opts, &config, None, stage);
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
        return compile_site(opts, &branded, Some((id, &ids)), stage);
    }
    if opts.base_url.is_some() {
        return refuse("--base-url cannot apply to several brands; add --brand ID".into());
    }
    let mut problems = Diagnostics::new();
    let mut all: Option<Compiled> = None;
    for site in &config.brands {
        stage(&format!("brand {}", site.id));
        match compile_site(opts, &config.for_brand(site), Some((&site.id, &ids)), stage) {
            Err(found) => problems.extend(found),
            Ok(c) => {
                let prefixed = c.output.under(&site.id);
                let merged = all.get_or_insert_with(|| Compiled {
                    output: SiteOutput::default(),
                    warnings: Diagnostics::new(),
                    pages: 0,
                    translations: c.translations.clone(),
                });
                merged.output.files.extend(prefixed.files);
                merged.output.copies.extend(prefixed.copies);
                merged.pages += c.pages;
                merged.warnings.extend(c.warnings);
            }
        }
    }
    match all {
        Some(mut c) if !problems.has_errors() => {
            c.warnings = c.warnings.sorted();
            Ok(c)
        }
        _ => Err(problems.sorted()),
    }
}

/// Compiles one site: the whole pipeline for one (possibly branded) config.
/// `brand` is (this brand's id, every declared id) when building brands.
fn compile_site(
    opts: &BuildOptions,
    config: &Config,
    brand: Option<(&String, &[String])>,
    stage: &dyn Fn(&str),
) -> Result<Compiled, Diagnostics> {
    let root = &opts.root;
    let mut problems = Diagnostics::new();
    problems.extend(palette_problems(root, config));
    let (i18n, found) = i18n::I18n::load(root, config);
    problems.extend(found);
    let i18n = Arc::new(i18n);
    let theme = theme::Theme::load(root, config, i18n.clone()).inspect_err(|e| problems.extend(e.clone()));

    stage("reading content");
    let (sources, found) = content::discover(root, config);
    problems.extend(found);
    let (pages, found) = content::load(&sources.pages, opts.drafts);
    problems.extend(found);
    let (pages, found) = content::for_brand(pages, brand);
    problems.extend(found);
    let dates = git_dates::last_commit_dates(root);

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
    let renderer = render::Renderer::new(config, &graph, &bodies, &theme, &i18n);
    let (mut files, found) = render::render_pages(&renderer);
    problems.extend(found);
    files.extend(site_files::all(config, &graph));
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
        translations: translations::TranslationReport::build(config, &graph),
        output,
        warnings: problems.sorted(),
    })
}

/// Brand colours that fail WCAG contrast against the theme palette, as
/// errors at the config key to change (or the theme, for its own defaults).
fn palette_problems(root: &Path, config: &Config) -> Diagnostics {
    let text = std::fs::read_to_string(root.join(config::CONFIG_FILE)).unwrap_or_default();
    let mut out = Diagnostics::new();
    for mode in [palette::Mode::Light, palette::Mode::Dark] {
        for f in palette::Palette::resolve(&config.brand, mode).check() {
            let (path, line) = match &f.brand_key {
                Some((_, value)) => (PathBuf::from(config::CONFIG_FILE), config::key_line(&text, value)),
                None => (PathBuf::from(format!("themes/{}", config.theme)), 0),
            };
            let mut d = Diagnostic::error(
                path,
                format!(
                    "{} mode: {} {} on {} {} has contrast {}, below the {}:1 WCAG 2.2 AA needs for {}",
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
