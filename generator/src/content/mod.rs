//! Finds the site's sources and reads them into [`Page`]s.
//!
//! `content/<lang>/…/*.md` are pages; any other file under `content/` is an
//! asset published at the same path (images beside the article that shows
//! them); `static/` is published at the site root. Drafts are dropped here
//! unless asked for, so no later stage has to think about them.

pub mod frontmatter;
pub(crate) mod git_dates;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::paths::UrlPath;
use frontmatter::FrontMatter;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A markdown file found under `content/`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub abs: PathBuf,
    /// Path relative to the site root, as shown in messages.
    pub shown: PathBuf,
    pub lang: String,
    /// Path inside the language folder with `/` separators: `guides/setup.md`.
    pub rel: String,
}

/// A file published as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub abs: PathBuf,
    pub url: UrlPath,
}

#[derive(Debug, Default)]
pub struct Sources {
    pub pages: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

/// A parsed markdown file.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: SourceFile,
    pub front: FrontMatter,
    /// The raw front matter, to find the line of a key in later messages.
    pub front_text: String,
    pub front_format: frontmatter::Format,
    pub body: String,
    /// File line on which the body starts.
    pub body_line: usize,
}

impl SourceFile {
    /// Folder segments inside the language folder: `docs/v2/api/keys.md` → `[docs, v2, api]`.
    pub fn dir_segments(&self) -> Vec<&str> {
        let mut segs: Vec<&str> = self.rel.split('/').collect();
        segs.pop();
        segs
    }

    /// `_index.md` (or Hugo's `index.md`) describes its folder rather than being an article.
    pub fn is_index(&self) -> bool {
        let name = self.rel.rsplit('/').next().unwrap_or_default();
        name == "_index.md" || name == "index.md"
    }

    /// A section or home page the graph made up for a folder without
    /// `_index.md`: it has no file of its own.
    pub fn is_generated(&self) -> bool {
        self.abs.as_os_str().is_empty()
    }

    pub fn stem(&self) -> &str {
        let name = self.rel.rsplit('/').next().unwrap_or_default();
        name.strip_suffix(".md").unwrap_or(name)
    }
}

impl Page {
    /// The file line of a top-level front matter key, or 1 if absent.
    pub fn key_line(&self, key: &str) -> usize {
        frontmatter::key_line(&self.front_text, self.front_format, key)
    }

    /// The file line of the first front matter line holding `needle`, or 1.
    pub fn line_of(&self, needle: &str) -> usize {
        crate::yaml::line_holding(&self.front_text, needle, 2).unwrap_or(1)
    }
}

/// The page source of `abs` when it is a page [`discover`] would find
/// (`content/<declared language>/…/*.md`, no hidden folder on the way):
/// live preview's way to take in a new page without walking the tree.
pub fn page_source(root: &Path, config: &Config, abs: &Path) -> Option<SourceFile> {
    let rel = abs.strip_prefix(root.join("content")).ok()?;
    let rel_str = rel.to_str()?.replace('\\', "/");
    let (lang, rest) = rel_str.split_once('/')?;
    let visible = rel_str.split('/').all(|part| !part.starts_with('.'));
    // The walk does not follow symbolic links either.
    let plain = std::fs::symlink_metadata(abs).is_ok_and(|m| m.is_file());
    let page = plain && visible && rest.ends_with(".md") && config.languages.iter().any(|l| l.code == lang);
    page.then(|| SourceFile {
        abs: abs.to_path_buf(),
        shown: crate::diagnostics::display_path(root, abs),
        lang: lang.to_string(),
        rel: rest.to_string(),
    })
}

/// Walks `content/` and `static/`. Unknown language folders are errors.
pub fn discover(root: &Path, config: &Config) -> (Sources, Diagnostics) {
    let mut sources = Sources::default();
    let mut problems = Diagnostics::new();
    let content = root.join("content");
    let codes: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    for entry in walk(&content, &mut problems, root) {
        let rel = entry.strip_prefix(&content).unwrap_or(&entry);
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        let shown = crate::diagnostics::display_path(root, &entry);
        let Some((lang, rest)) = rel_str.split_once('/') else {
            problems.push(
                Diagnostic::error(&shown, "files directly in content/ are not published")
                    .hint("move it into a language folder such as content/en/"),
            );
            continue;
        };
        if !codes.iter().any(|c| c == lang) {
            let mut d = Diagnostic::error(
                &shown,
                format!("`content/{lang}/` is not a language declared in portico.yaml"),
            );
            d = match crate::yaml::nearest(lang, &codes) {
                Some(n) => d.hint(format!("did you mean `content/{n}/`? Or add `{lang}` to `languages`")),
                None => d.hint(format!("add `{lang}` to `languages` in portico.yaml")),
            };
            problems.push(d);
            continue;
        }
        if rel_str.ends_with(".md") {
            sources.pages.push(SourceFile {
                abs: entry.clone(),
                shown,
                lang: lang.to_string(),
                rel: rest.to_string(),
            });
        } else {
            match UrlPath::parse_site_path(&format!("/{rel_str}")) {
                Ok(url) => sources.assets.push(Asset {
                    abs: entry.clone(),
                    url,
                }),
                Err(e) => problems.push(Diagnostic::error(&shown, e)),
            }
        }
    }
    let static_dir = root.join("static");
    for entry in walk(&static_dir, &mut problems, root) {
        let rel = entry
            .strip_prefix(&static_dir)
            .unwrap_or(&entry)
            .to_string_lossy()
            .replace('\\', "/");
        match UrlPath::parse_site_path(&format!("/{rel}")) {
            Ok(url) => sources.assets.push(Asset {
                abs: entry.clone(),
                url,
            }),
            Err(e) => problems.push(Diagnostic::error(crate::diagnostics::display_path(root, &entry), e)),
        }
    }
    sources.pages.sort_by(|a, b| a.shown.cmp(&b.shown));
    sources.assets.sort_by(|a, b| a.url.cmp(&b.url));
    (sources, problems)
}

/// Files under `dir` in a stable order, skipping hidden ones; a missing folder is empty.
fn walk(dir: &Path, problems: &mut Diagnostics, root: &Path) -> Vec<PathBuf> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            // Not followed: a link could publish files from outside the site
            // or loop; say so rather than skip it silently.
            Ok(e) if e.path_is_symlink() => problems.push(
                Diagnostic::warning(
                    crate::diagnostics::display_path(root, e.path()),
                    "symbolic link is not followed; nothing behind it is published",
                )
                .hint("copy the file or folder into the site instead of linking to it"),
            ),
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| crate::diagnostics::display_path(root, p))
                    .unwrap_or_default();
                problems.push(Diagnostic::error(path, format!("cannot read: {e}")));
            }
        }
    }
    files
}

/// Reads and parses every page in parallel. Drafts are dropped unless `drafts`.
pub fn load(sources: &[SourceFile], drafts: bool) -> (Vec<Page>, Diagnostics) {
    let results: Vec<(Option<Page>, Diagnostics)> = sources
        .par_iter()
        .map(|s| load_one(s, drafts).unwrap_or_else(|problems| (None, problems)))
        .collect();
    let mut pages = Vec::new();
    let mut problems = Diagnostics::new();
    for (page, found) in results {
        pages.extend(page);
        problems.extend(found);
    }
    (pages, problems)
}

/// Keeps the pages of one brand: those whose front matter `brands` is empty
/// or names it. Unknown brand names are errors at their line; `brands` in a
/// site without `brands:` in its config is a warning.
pub fn for_brand(pages: Vec<Page>, brand: Option<(&String, &[String])>) -> (Vec<Page>, Diagnostics) {
    let mut problems = Diagnostics::new();
    let mut kept = Vec::with_capacity(pages.len());
    for page in pages {
        let Some((this, declared)) = brand else {
            if !page.front.brands.is_empty() {
                problems.push(
                    Diagnostic::warning(&page.source.shown, "front matter `brands` is ignored")
                        .at(page.key_line("brands"), 1)
                        .hint("portico.yaml declares no `brands:`"),
                );
            }
            kept.push(page);
            continue;
        };
        for b in page.front.brands.iter().filter(|b| !declared.contains(b)) {
            let mut d = Diagnostic::error(&page.source.shown, format!("unknown brand `{b}` in `brands`"))
                .at(page.key_line("brands"), 1);
            d = match crate::yaml::nearest(b, declared) {
                Some(n) => d.hint(format!("did you mean `{n}`?")),
                None => d.hint(format!("declared brands: {}", declared.join(", "))),
            };
            problems.push(d);
        }
        if page.front.brands.is_empty() || page.front.brands.contains(this) {
            kept.push(page);
        }
    }
    (kept, problems)
}

/// One page and its warnings, or the errors that stop it from being built.
fn load_one(source: &SourceFile, drafts: bool) -> Result<(Option<Page>, Diagnostics), Diagnostics> {
    let bytes = std::fs::read(&source.abs)
        .map_err(|e| Diagnostics::from_iter([Diagnostic::error(&source.shown, format!("cannot read: {e}"))]))?;
    parse_page(source, bytes, drafts)
}

/// Parses the bytes of `source` into a page (or `None` for a draft left out)
/// and its warnings, or the errors that stop it from being built. Separate
/// from reading so tests and fuzzing can feed pages from memory.
pub fn parse_page(
    source: &SourceFile,
    bytes: Vec<u8>,
    drafts: bool,
) -> Result<(Option<Page>, Diagnostics), Diagnostics> {
    let one = |d: Diagnostic| Diagnostics::from_iter([d]);
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        one(Diagnostic::error(&source.shown, "file is not valid UTF-8")
            .at(line, 1)
            .hint("save the file as UTF-8"))
    })?;
    let split = frontmatter::split(&text, &source.shown).map_err(one)?;
    let front = FrontMatter::parse(split.front, split.format, &source.shown)?;
    if front.draft && !drafts {
        return Ok((None, Diagnostics::new()));
    }
    let page = Page {
        source: source.clone(),
        front_text: split.front.to_string(),
        front_format: split.format,
        // CommonMark replaces NUL with U+FFFD; do it once here so no stage
        // (summaries, search text) sees a raw NUL.
        body: split.body.replace('\0', "\u{fffd}"),
        body_line: split.body_line,
        front,
    };
    let mut problems = Diagnostics::new();
    if page.front.title.trim().is_empty() && !page.source.is_index() {
        let mut d = Diagnostic::error(&page.source.shown, "page has no `title`").at(1, 1);
        d = match page.front.likely_typos().iter().find(|(_, known)| *known == "title") {
            Some((typo, _)) => d
                .at(page.key_line(typo), 1)
                .hint(format!("`{typo}` looks like a misspelling of `title`")),
            None => d.hint("add `title: …` to the front matter (for an FAQ, the question)"),
        };
        problems.push(d);
    }
    for i in page.front.a11y.without_reason() {
        let message = format!("a11y.ignore of `{}` needs a reason", i.rule);
        problems.push(Diagnostic::error(&page.source.shown, message).at(page.line_of(&i.rule), 1));
    }
    for (typo, known) in page.front.likely_typos() {
        if known != "title" {
            problems.push(
                Diagnostic::warning(
                    &page.source.shown,
                    format!("unknown front matter key `{typo}` is kept in `extra`"),
                )
                .at(page.key_line(typo), 1)
                .hint(format!("did you mean `{known}`?")),
            );
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok((Some(page), problems))
}
