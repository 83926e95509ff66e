//! Site shapes a writer really has on the way to a finished help center —
//! a language declared before anything is translated, a section with nothing
//! in it yet, only drafts, a docs version not yet translated, no docs at all —
//! each builds without a panic, and every warning names a file (and a line
//! where there is one).

mod common;

use common::{build_ok, starter_site, write, Built};
use portico::diagnostics::Diagnostic;
use std::path::Path;

/// Builds the starter site after `shape` changed it; every warning must
/// point at a file of the site.
fn build_shape(shape: impl FnOnce(&Path)) -> (Built, Vec<Diagnostic>) {
    let dir = starter_site();
    let root = dir.path().join("site");
    shape(&root);
    let built = build_ok(&root, false);
    let warnings: Vec<Diagnostic> = built.warnings.iter().cloned().collect();
    for w in &warnings {
        let path = w.path.to_string_lossy();
        assert!(
            path == "portico.yaml" || root.join(&w.path).exists() || path.starts_with("content/"),
            "a warning that names no file of the site: {w}"
        );
    }
    drop(dir);
    (built, warnings)
}

fn empty_dir(root: &Path, rel: &str) {
    let dir = root.join(rel);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
}

fn manifest_docs(built: &Built, lang: &str) -> String {
    let manifest = built.read(&format!("search/{lang}/manifest.txt"));
    manifest.lines().find(|l| l.starts_with("docs ")).unwrap().to_string()
}

/// The line of `portico.yaml` declaring `code: <lang>`.
fn language_line(root_config: &str, lang: &str) -> usize {
    root_config
        .lines()
        .position(|l| l.contains(&format!("code: {lang}")))
        .unwrap()
        + 1
}

#[test]
fn a_declared_language_with_no_pages_builds_with_a_warning_and_an_empty_index() {
    let mut config = String::new();
    let (built, warnings) = build_shape(|root| {
        empty_dir(root, "content/ja");
        config = std::fs::read_to_string(root.join("portico.yaml")).unwrap();
    });
    let line = language_line(&config, "ja");
    let w = warnings
        .iter()
        .find(|w| w.message.contains("language `ja` has no pages"))
        .unwrap_or_else(|| panic!("no warning for the empty language: {warnings:?}"));
    assert_eq!((w.path.to_str(), w.line), (Some("portico.yaml"), line), "{w}");
    assert_eq!(manifest_docs(&built, "ja"), "docs 0");
    assert!(built.out().join("ja/index.html").exists());
    assert_ne!(manifest_docs(&built, "en"), "docs 0");
}

#[test]
fn a_language_with_only_fallback_copies_builds_and_is_named() {
    let (built, warnings) = build_shape(|root| {
        empty_dir(root, "content/ja");
        let config = std::fs::read_to_string(root.join("portico.yaml")).unwrap();
        std::fs::write(
            root.join("portico.yaml"),
            format!("{config}missing_translation: fallback\n"),
        )
        .unwrap();
    });
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("language `ja` has no pages")),
        "{warnings:?}"
    );
    // The copies are there for readers, but not in the Japanese index.
    let copy = built.read("ja/guides/getting-started/index.html");
    assert!(copy.contains("lang=\"ja\""), "the fallback copy keeps the Japanese UI");
    assert_eq!(manifest_docs(&built, "ja"), "docs 0");
}

#[test]
fn a_section_with_no_pages_and_one_with_only_drafts_build() {
    let (built, _) = build_shape(|root| {
        write(
            root,
            "content/en/release-notes/_index.md",
            "---\ntitle: Release notes\n---\nNothing yet.\n",
        );
        std::fs::create_dir_all(root.join("content/en/empty")).unwrap();
        write(
            root,
            "content/en/drafts-only/one.md",
            "---\ntitle: One\ndraft: true\n---\nSoon.\n",
        );
        write(
            root,
            "content/en/drafts-only/two.md",
            "---\ntitle: Two\ndraft: true\n---\nLater.\n",
        );
    });
    let notes = built.html("en/release-notes/index.html");
    assert_eq!(common::texts(&notes, "h1"), ["Release notes"]);
    assert!(!built.out().join("en/drafts-only/one/index.html").exists());
}

#[test]
fn every_page_a_draft_builds() {
    let (built, _) = build_shape(|root| {
        for file in common::walk(&root.join("content")) {
            let text = std::fs::read_to_string(&file).unwrap();
            if !file.ends_with("_index.md") {
                std::fs::write(&file, text.replacen("---\n", "---\ndraft: true\n", 1)).unwrap();
            }
        }
    });
    assert!(built.out().join("en/index.html").exists());
    assert!(!built.out().join("en/guides/getting-started/index.html").exists());
}

#[test]
fn a_docs_version_missing_in_one_language_builds() {
    let (built, _) = build_shape(|root| {
        std::fs::remove_dir_all(root.join("content/ja/docs/v1")).unwrap();
    });
    assert!(built.out().join("en/docs/v1/installation/index.html").exists());
    let versions = built.read("search/ja/manifest.txt");
    assert!(versions.contains("version v1"), "{versions}");
}

#[test]
fn a_site_with_no_docs_and_no_faq_builds() {
    let (built, _) = build_shape(|root| {
        for lang in ["en", "ja"] {
            std::fs::remove_dir_all(root.join(format!("content/{lang}/docs"))).unwrap();
            std::fs::remove_dir_all(root.join(format!("content/{lang}/faq"))).unwrap();
            let guide = root.join(format!("content/{lang}/guides/getting-started.md"));
            let text = std::fs::read_to_string(&guide).unwrap();
            let unlinked: Vec<&str> = text.lines().filter(|l| !l.contains("../faq/")).collect();
            std::fs::write(&guide, unlinked.join("\n")).unwrap();
        }
        let config = std::fs::read_to_string(root.join("portico.yaml")).unwrap();
        let without_docs: String = config.split("docs:\n").next().unwrap().to_string();
        std::fs::write(root.join("portico.yaml"), without_docs).unwrap();
    });
    assert!(built.out().join("en/guides/getting-started/index.html").exists());
    assert!(!built.out().join("en/docs").exists());
}

#[test]
fn a_declared_docs_version_without_a_folder_is_named_at_its_config_line() {
    let dir = starter_site();
    let root = dir.path().join("site");
    let config = std::fs::read_to_string(root.join("portico.yaml")).unwrap();
    let config = config.replace(
        "    - name: v1\n",
        "    - name: v2\n      label: \"2.x\"\n    - name: v1\n",
    );
    std::fs::write(root.join("portico.yaml"), &config).unwrap();
    let line = config.lines().position(|l| l.contains("name: v2")).unwrap() + 1;
    let built = build_ok(&root, false);
    let w: Vec<String> = built.warnings.iter().map(|d| d.to_string()).collect();
    let expected = format!("portico.yaml:{line}:1: warning: docs version `v2` has no pages in any language");
    assert!(w.iter().any(|m| m.starts_with(&expected)), "{w:?}");
}
