//! axe-core in headless Chromium, the reference for WCAG checks:
//! - every page of the example site has zero violations, in light and dark;
//! - on the planted fixture (one violation per rule), every rule axe reports
//!   on a page the native checker reports on that page too.

mod common;

use common::browser::{require_or_skip, run_axe, serve, AxeResult, WCAG_TAGS};
use common::*;
use portico::BuildOptions;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// URL paths of every HTML page of a built site, but alias pages: they
/// redirect at once (meta refresh), so axe would audit their target, which is
/// in the list anyway; the native checker covers them.
fn page_paths(built: &Built) -> Vec<String> {
    built
        .html_files()
        .into_iter()
        .filter(|rel| !built.read(rel).contains("<body class=\"kind-redirect\">"))
        .map(|rel| match rel.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{rel}"),
        })
        .collect()
}

fn describe(results: &[AxeResult]) -> String {
    let mut out = String::new();
    for r in results {
        if let Some(e) = &r.error {
            out.push_str(&format!("{} [{}]: {e}\n", r.path, r.scheme));
        }
        for v in &r.violations {
            out.push_str(&format!(
                "{} [{}]: {} ({:?}) {} — {:?}\n",
                r.path, r.scheme, v.id, v.impact, v.help, v.html
            ));
        }
    }
    out
}

#[test]
fn axe_finds_no_violation_on_the_example_site_in_light_and_dark() {
    if !require_or_skip("axe_finds_no_violation_on_the_example_site_in_light_and_dark") {
        return;
    }
    let built = build_ok(&example_root(), false);
    let served = serve(&built.out());
    let paths = page_paths(&built);
    assert!(paths.len() > 60, "{} pages", paths.len());
    let results = run_axe(&served.base, &paths, &["light", "dark"], WCAG_TAGS);
    assert_eq!(results.len(), paths.len() * 2);
    let bad: Vec<AxeResult> = results
        .into_iter()
        .filter(|r| !r.violations.is_empty() || r.error.as_deref().is_some_and(|e| !e.contains("404")))
        .collect();
    assert!(bad.is_empty(), "axe-core violations:\n{}", describe(&bad));
}

#[test]
fn the_native_checker_flags_every_rule_axe_flags_on_the_planted_site() {
    if !require_or_skip("the_native_checker_flags_every_rule_axe_flags_on_the_planted_site") {
        return;
    }
    let root = example_root().join("tests/fixtures/a11y-planted");
    let dir = tempfile::tempdir().unwrap();
    let opts = BuildOptions {
        root: root.clone(),
        a11y: portico::a11y::Mode::Warn,
        ..BuildOptions::default()
    };
    let compiled =
        portico::build(&opts, &dir.path().join("public"), &|_| {}).unwrap_or_else(|d| panic!("{}", messages(&d)));
    let native: BTreeSet<(String, String)> = compiled
        .a11y
        .iter()
        .map(|f| (f.page.clone(), f.rule.to_string()))
        .collect();

    // Each planted page names its rule in front matter `planted:`; those with a
    // `type:` use a template of the fixture's theme (page-level violations).
    let mut planted: BTreeMap<String, String> = BTreeMap::new();
    let mut in_content: BTreeSet<String> = BTreeSet::new();
    for entry in std::fs::read_dir(root.join("content/en/planted")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let rule = text
            .lines()
            .find_map(|l| l.strip_prefix("planted: "))
            .unwrap()
            .trim()
            .to_string();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if !text.lines().any(|l| l.starts_with("type: ")) {
            in_content.insert(rule.clone());
        }
        planted.insert(format!("/en/planted/{stem}/"), rule);
    }
    assert!(planted.len() >= 20);

    // Best-practice, experimental and obsolete rules are asked for by name here,
    // so axe checks the planted heading, landmark, table and id rules too.
    let served = serve(&dir.path().join("public"));
    let paths: Vec<String> = planted.keys().cloned().collect();
    let tags: Vec<&str> = WCAG_TAGS
        .iter()
        .copied()
        .chain(["best-practice", "experimental", "wcag2a-obsolete"])
        .collect();
    let results = run_axe(&served.base, &paths, &["light"], &tags);
    let rule_ids: BTreeSet<&str> = portico::a11y::catalog::RULES.iter().map(|r| r.id).collect();

    let mut table = format!("{:<24} {:<42} {:<6} {:<6}\n", "rule", "page", "axe", "native");
    let mut disagreements = Vec::new();
    for r in &results {
        assert!(r.error.is_none(), "{}: {:?}", r.path, r.error);
        let axe: BTreeSet<&str> = r.violations.iter().map(|v| v.id.as_str()).collect();
        let planted_rule = planted[&r.path].as_str();
        let mut rows: BTreeSet<&str> = axe.iter().copied().filter(|id| rule_ids.contains(id)).collect();
        rows.insert(planted_rule);
        for rule in rows {
            let by_axe = axe.contains(rule);
            let by_native = native.contains(&(r.path.clone(), rule.to_string()));
            table.push_str(&format!(
                "{rule:<24} {:<42} {:<6} {:<6}\n",
                r.path,
                if by_axe { "yes" } else { "-" },
                if by_native { "yes" } else { "-" }
            ));
            if by_axe && !by_native {
                disagreements.push(format!(
                    "{rule} on {}: axe flags it, the native checker does not",
                    r.path
                ));
            }
            if rule == planted_rule && !by_native {
                disagreements.push(format!("{rule} on {}: planted but not flagged natively", r.path));
            }
        }
    }
    eprintln!("Agreement on the planted site (axe-core vs native):\n{table}");
    assert!(disagreements.is_empty(), "{}\n{table}", disagreements.join("\n"));

    // Content findings carry the markdown file and line.
    for f in compiled
        .a11y
        .iter()
        .filter(|f| planted.get(&f.page) == Some(&f.rule.to_string()))
    {
        if in_content.contains(f.rule) {
            let file = f.file.as_deref().unwrap_or_else(|| panic!("{f:?} has no source file"));
            assert!(file.starts_with(Path::new("content/en/planted")), "{f:?}");
            assert!(f.line > 4, "{f:?}: the line is inside the body");
        }
    }
    assert!(in_content.len() >= 12);
}
