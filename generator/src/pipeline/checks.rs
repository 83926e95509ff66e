//! Site-wide checks made beside the stages: brand colours against WCAG
//! contrast, and two sources writing one output file.

use crate::config::{self, Config};
use crate::diagnostics::{self, Diagnostic, Diagnostics};
use crate::graph::SiteGraph;
use crate::paths::OutputFile;
use crate::{contrast, palette, paths};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Brand colours that fail WCAG contrast against the theme palette, as
/// errors at the config key to change (or the theme, for its own defaults).
pub(super) fn palette_problems(config: &Config) -> Diagnostics {
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
pub(super) fn collisions(
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
