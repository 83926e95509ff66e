//! The accessibility checker: WCAG 2.2 AA rules run over every rendered page
//! during `portico build` and `portico check`, on a real HTML parser.
//!
//! Findings inside article content point at the markdown file and line (the
//! markdown stage leaves source markers in the HTML, see [`crate::source_map`]); the
//! others point at the output page and its template. `a11y.ignore` in the
//! config or a page's front matter silences a rule with a reason, and the
//! silenced findings are still printed, as notes with that reason.

pub mod catalog;
mod ignores;
pub mod rules;

pub use ignores::check_ignores;
use ignores::ignored_by;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::graph::SiteGraph;
use crate::markdown::{RefKind, Rendered};
use crate::paths::OutputFile;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// How findings affect the build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// Errors fail the build (the default).
    #[default]
    Error,
    /// Every finding is printed as a warning; nothing fails.
    Warn,
    /// The checker does not run.
    Off,
}

/// One finding on one page, for tools and tests (the diagnostics group them).
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    /// The page's URL path.
    pub page: String,
    /// The markdown file and line, for findings inside content.
    pub file: Option<PathBuf>,
    pub line: usize,
    pub ignored: bool,
}

/// One page's raw findings: (output path, URL, findings).
pub type Scanned = (PathBuf, String, Vec<rules::RawFinding>);

/// Runs every rule over one output file (nothing unless it is HTML).
/// `brand_dir` is the brand folder the path starts with, if any.
pub fn scan(file: &OutputFile, brand_dir: Option<&str>) -> Option<Scanned> {
    let page = file.path.as_path();
    if page.extension().is_none_or(|e| e != "html") {
        return None;
    }
    let html = String::from_utf8_lossy(&file.bytes);
    let in_site = brand_dir.and_then(|d| page.strip_prefix(d).ok()).unwrap_or(page);
    let url = crate::paths::OutputPath::new(in_site).url().to_string();
    Some((page.to_path_buf(), url, rules::check_page(&html)))
}

/// Runs every rule over every HTML file: diagnostics to print, and the
/// findings one by one. `scanned` are pages checked earlier (as `build`
/// writes them).
pub fn check(
    mode: Mode,
    config: &Config,
    graph: &SiteGraph,
    bodies: &[Rendered],
    files: &[OutputFile],
    scanned: &[Scanned],
    brand_dir: Option<&str>,
) -> (Diagnostics, Vec<Finding>) {
    if mode == Mode::Off {
        return (Diagnostics::new(), Vec::new());
    }
    let mut all = Vec::new();
    let own: Vec<Scanned> = files.par_iter().filter_map(|f| scan(f, brand_dir)).collect();
    let alt_text = empty_alt_text(graph, bodies);
    // Pages in path order, however they were checked.
    let mut found: Vec<&Scanned> = own.iter().chain(scanned).collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    // One diagnostic per (place, rule, message), listing the pages it is on.
    let mut grouped: BTreeMap<(PathBuf, usize, usize, &str, String), Grouped> = BTreeMap::new();
    // Where a (page, rule's kind, destination, block) points in the source;
    // a page with 100,000 vague links would otherwise scan its links once per
    // finding (tests/fixtures/hostile/ten-mb-page).
    let mut exact = Located::new();
    for (page, url, findings) in found.into_iter().chain(&alt_text) {
        for f in findings {
            let place = locate(graph, bodies, f, page, &mut exact);
            let ignored = ignored_by(config, graph, url, f.source.map(|s| s.0), f.rule);
            all.push(Finding {
                rule: f.rule,
                page: url.clone(),
                file: place.in_content.then(|| place.path.clone()),
                line: place.line,
                ignored: ignored.is_some(),
            });
            let entry = grouped
                .entry((place.path.clone(), place.line, place.col, f.rule, f.message.clone()))
                .or_insert_with(|| Grouped {
                    pages: Vec::new(),
                    in_content: place.in_content,
                    ignored: ignored.clone(),
                });
            entry.pages.push(url.clone());
            if ignored.is_none() {
                entry.ignored = None; // ignored on one page is not ignored on all
            }
        }
    }
    let mut out = Diagnostics::new();
    for ((path, line, col, rule, message), g) in grouped {
        let on = match g.pages.len() {
            1 => format!(" (on {})", g.pages[0]),
            n => format!(" (on {} and {} more pages)", g.pages[0], n - 1),
        };
        let text = format!("[{rule}] {message}{on}");
        let mut d = match (&g.ignored, catalog::severity(rule), mode) {
            (Some(_), _, _) => Diagnostic::note(path, text),
            (None, Severity::Error, Mode::Error) => Diagnostic::error(path, text),
            _ => Diagnostic::warning(path, text),
        };
        if line > 0 {
            d = d.at(line, col);
        }
        d = match &g.ignored {
            Some(reason) => d.hint(format!("ignored by a11y.ignore: {reason}")),
            None if g.in_content => d.hint(catalog::hint(rule)),
            None => d.hint(format!(
                "{}; the page's template or theme wrote this markup",
                catalog::hint(rule)
            )),
        };
        out.push(d);
    }
    (out, all)
}

/// Markdown images with empty alt text (`![](…)`) that are not marked
/// decorative with `![""](…)`: the HTML has `alt=""`, which a browser
/// checker accepts as decorative, but the writer most likely forgot it.
fn empty_alt_text(graph: &SiteGraph, bodies: &[Rendered]) -> Vec<Scanned> {
    let mut out = Vec::new();
    for (id, body) in bodies.iter().enumerate() {
        let findings: Vec<rules::RawFinding> = body
            .refs
            .iter()
            .filter(|r| r.kind == RefKind::Image && r.text.trim().is_empty() && !r.decorative)
            .map(|r| rules::RawFinding {
                rule: "image-alt",
                message: format!("image {} has empty alt text", r.dest),
                source: Some((id, r.line)),
                dest: Some(r.dest.clone()),
            })
            .collect();
        if !findings.is_empty() {
            let url = graph.node(id).url.clone();
            out.push((url.output_path().as_path().to_path_buf(), url.to_string(), findings));
        }
    }
    out
}

struct Grouped {
    pages: Vec<String>,
    in_content: bool,
    ignored: Option<String>,
}

struct Place {
    path: PathBuf,
    line: usize,
    col: usize,
    in_content: bool,
}

/// (page, image?, destination, block line) → the link's (line, column).
type Located = HashMap<(usize, bool, String, usize), Option<(usize, usize)>>;

/// The markdown file and line of a content finding (exact for links and
/// images, the block's first line otherwise), else the output page.
fn locate(
    graph: &SiteGraph,
    bodies: &[Rendered],
    f: &rules::RawFinding,
    page: &std::path::Path,
    memo: &mut Located,
) -> Place {
    let Some((node, block_line)) = f.source.filter(|(n, _)| *n < graph.nodes.len()) else {
        return Place {
            path: page.to_path_buf(),
            line: 0,
            col: 0,
            in_content: false,
        };
    };
    let (mut line, mut col) = (block_line, 1);
    if let Some(dest) = &f.dest {
        let kind = if f.rule == "image-alt" {
            RefKind::Image
        } else {
            RefKind::Link
        };
        let key = (node, kind == RefKind::Image, dest.clone(), block_line);
        let exact = *memo.entry(key).or_insert_with(|| {
            let r = bodies[node].refs.iter().find(|r| {
                r.kind == kind
                    && r.line >= block_line
                    && (r.dest == *dest || dest.ends_with(r.dest.trim_start_matches("./")))
            });
            r.map(|r| (r.line, r.col))
        });
        if let Some(at) = exact {
            (line, col) = at;
        }
    }
    Place {
        path: graph.node(node).page.source.shown.clone(),
        line,
        col,
        in_content: true,
    }
}
