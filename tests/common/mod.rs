//! Helpers shared by the end-to-end tests: build a site into a temporary
//! folder through the real pipeline, then read and parse what was written.

#![allow(dead_code)]

pub mod browser;
pub mod hostile;

use portico::diagnostics::Diagnostics;
use portico::BuildOptions;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

/// The repository root, which is also the example help center.
pub fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A built site in a temporary folder (removed on drop).
pub struct Built {
    pub dir: tempfile::TempDir,
    pub warnings: Diagnostics,
}

impl Built {
    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    /// Every HTML file written, relative to the output folder.
    pub fn html_files(&self) -> Vec<String> {
        let out = self.out();
        let mut files: Vec<String> = walk(&out)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .map(|p| p.strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        files.sort();
        files
    }
}

pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Builds `root` into a fresh temporary folder.
pub fn build(root: &Path, drafts: bool) -> Result<Built, Diagnostics> {
    let dir = tempfile::tempdir().unwrap();
    let opts = BuildOptions {
        root: root.to_path_buf(),
        drafts,
        ..BuildOptions::default()
    };
    let compiled = portico::build(&opts, &dir.path().join("public"), &|_| {})?;
    Ok(Built {
        dir,
        warnings: compiled.warnings,
    })
}

pub fn build_ok(root: &Path, drafts: bool) -> Built {
    build(root, drafts).unwrap_or_else(|problems| {
        let text: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
        panic!("build failed:\n{}", text.join("\n"))
    })
}

/// The output file serving a site URL path (`/en/x/` → `en/x/index.html`).
pub fn file_of(url_path: &str) -> String {
    let rel = url_path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// A URL percent-encoded as the sitemap and `_redirects` write it.
pub fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_graphic() && b != b'%' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// A fresh copy of the `portico new` starter site, to break in error tests.
pub fn starter_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    portico::scaffold::new_site(&dir.path().join("site")).unwrap();
    dir
}

/// Every error and warning of a failed build, one per line.
pub fn messages(problems: &Diagnostics) -> String {
    problems.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

/// Appends to a file of the site (config keys, say).
pub fn append(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    let mut old = std::fs::read_to_string(&p).unwrap();
    old.push_str(text);
    std::fs::write(p, old).unwrap();
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A copy of the example site's sources in a temporary folder.
pub fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = example_root();
    for top in ["content", "i18n", "static", "themes", "portico.yaml"] {
        let src = from.join(top);
        for file in if src.is_dir() { walk(&src) } else { vec![src] } {
            let dest = dir.path().join(file.strip_prefix(&from).unwrap());
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(&file, &dest).unwrap();
        }
    }
    dir
}
