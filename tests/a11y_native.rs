//! The native accessibility checker through the real build: findings in
//! content point at the markdown line, errors fail the build, `a11y.ignore`
//! silences a rule with a printed reason, and the example site is clean.

mod common;

use common::*;
use portico::diagnostics::{Diagnostic, Diagnostics, Severity};
use portico::BuildOptions;
use std::path::Path;

fn find<'a>(problems: &'a Diagnostics, rule: &str) -> Vec<&'a Diagnostic> {
    problems
        .iter()
        .filter(|d| d.message.starts_with(&format!("[{rule}]")))
        .collect()
}

fn compile(root: &Path, a11y: portico::a11y::Mode) -> Result<portico::Compiled, Diagnostics> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        a11y,
        ..BuildOptions::default()
    };
    portico::compile(&opts, &|_| {})
}

const PLANTED: &str = "---\ntitle: Planted\n---\nIntro.\n\n#### Too deep\n\nA [click here](../faq/reset-password.md) link.\n\n![](/images/logo.svg)\n\n![\"\"](/images/logo.svg)\n\n<img src=\"/images/logo.svg\">\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<iframe src=\"/images/logo.svg\"></iframe>\n";

#[test]
fn content_findings_name_the_markdown_file_and_line() {
    let dir = starter_site();
    let root = dir.path().join("site");
    write(&root, "content/en/guides/planted.md", PLANTED);
    let problems = compile(&root, portico::a11y::Mode::Error)
        .err()
        .expect("errors fail the build");
    let file = Path::new("content/en/guides/planted.md");
    let at = |rule: &str| -> Vec<(usize, Severity)> {
        find(&problems, rule)
            .iter()
            .filter(|d| d.path == file)
            .map(|d| (d.line, d.severity))
            .collect()
    };
    assert_eq!(
        at("heading-order"),
        vec![(6, Severity::Error)],
        "{}",
        messages(&problems)
    );
    assert_eq!(at("link-text-vague"), vec![(8, Severity::Warning)]);
    // `![](…)` (empty alt, line 10) and raw <img> without alt (line 14); `![""](…)` is decorative.
    assert_eq!(at("image-alt"), vec![(10, Severity::Error), (14, Severity::Error)]);
    assert_eq!(at("frame-title"), vec![(20, Severity::Error)]);
    let d = find(&problems, "image-alt")[0];
    assert!(d.message.contains("/en/guides/planted/"), "names the page: {d}");
    assert!(d.hint.as_deref().unwrap().contains("![\"\"]"), "{d}");
}

#[test]
fn warn_mode_builds_and_off_mode_skips_the_checker() {
    let dir = starter_site();
    let root = dir.path().join("site");
    write(&root, "content/en/guides/planted.md", PLANTED);
    let warned = compile(&root, portico::a11y::Mode::Warn).unwrap_or_else(|d| panic!("{}", messages(&d)));
    assert!(!find(&warned.warnings, "image-alt").is_empty());
    let off = compile(&root, portico::a11y::Mode::Off).unwrap();
    assert!(off.warnings.iter().all(|d| !d.message.starts_with('[')));
}

#[test]
fn ignore_in_front_matter_or_config_silences_a_rule_with_its_reason() {
    let dir = starter_site();
    let root = dir.path().join("site");
    let page = PLANTED.replace(
        "title: Planted\n",
        "title: Planted\na11y:\n  ignore:\n    - rule: heading-order\n      reason: Mirrors the printed manual's numbering\n",
    );
    write(&root, "content/en/guides/planted.md", &page);
    append(
        &root,
        "portico.yaml",
        "a11y:\n  ignore:\n    - rule: image-alt\n      pages: [\"/en/guides/*\"]\n      reason: Screenshots get alt text in the Q3 rewrite\n    - rule: frame-title\n      reason: Vendor embed\n",
    );
    let problems = compile(&root, portico::a11y::Mode::Error).err();
    // link-text-vague is a warning, so with the rest ignored the build passes.
    assert!(problems.is_none(), "{}", messages(&problems.unwrap()));
    let compiled = compile(&root, portico::a11y::Mode::Error).unwrap();
    let notes: Vec<&Diagnostic> = compiled
        .warnings
        .iter()
        .filter(|d| d.severity == Severity::Note)
        .collect();
    let order = notes.iter().find(|d| d.message.starts_with("[heading-order]")).unwrap();
    assert!(order
        .hint
        .as_deref()
        .unwrap()
        .contains("Mirrors the printed manual's numbering"));
    assert!(notes
        .iter()
        .any(|d| d.message.starts_with("[image-alt]") && d.hint.as_deref().unwrap().contains("Q3 rewrite")));
}

#[test]
fn an_ignore_without_reason_or_with_an_unknown_rule_is_an_error() {
    let dir = starter_site();
    let root = dir.path().join("site");
    append(
        &root,
        "portico.yaml",
        "a11y:\n  ignore:\n    - rule: image-alts\n      reason: x\n",
    );
    let problems = compile(&root, portico::a11y::Mode::Error).err().unwrap();
    let d = problems.iter().find(|d| d.message.contains("image-alts")).unwrap();
    assert_eq!(d.path, Path::new("portico.yaml"));
    assert!(d.line > 0);
    assert!(d.hint.as_deref().unwrap().contains("`image-alt`"));
    let dir = starter_site();
    let root = dir.path().join("site");
    write(
        &root,
        "content/en/guides/x.md",
        "---\ntitle: X\na11y:\n  ignore:\n    - rule: image-alt\n      reason: ''\n---\nX\n",
    );
    let problems = compile(&root, portico::a11y::Mode::Error).err().unwrap();
    let d = problems.iter().find(|d| d.message.contains("needs a reason")).unwrap();
    assert_eq!((d.path.as_path(), d.line), (Path::new("content/en/guides/x.md"), 5));
}

#[test]
fn the_example_site_and_the_starter_have_no_findings() {
    let starter = starter_site();
    for root in [example_root(), starter.path().join("site")] {
        let compiled = compile(&root, portico::a11y::Mode::Error).unwrap_or_else(|d| panic!("{}", messages(&d)));
        let findings: Vec<String> = compiled
            .warnings
            .iter()
            .filter(|d| d.message.starts_with('['))
            .map(|d| d.to_string())
            .collect();
        assert!(findings.is_empty(), "{}: {findings:#?}", root.display());
    }
}

#[test]
fn no_source_marker_reaches_the_written_site() {
    let built = build_ok(&example_root(), false);
    for rel in built.html_files() {
        assert!(!built.read(&rel).contains("<!--pl:"), "{rel}");
    }
}

#[test]
fn an_accessibility_error_leaves_nothing_written() {
    let dir = starter_site();
    let root = dir.path().join("site");
    write(&root, "content/en/guides/planted.md", PLANTED);
    let out = dir.path().join("public");
    let opts = BuildOptions {
        root,
        ..BuildOptions::default()
    };
    assert!(portico::build(&opts, &out, &|_| {}).is_err());
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

/// Two FAQ answers with the same heading share their category page: their
/// ids are prefixed there (not on the answers' own pages), so the page has no
/// duplicate id and the build passes.
#[test]
fn faq_answers_with_the_same_heading_share_a_category_page() {
    let site = starter_site();
    let root = site.path().join("site");
    for (file, title, weight) in [
        ("reset-password", "How do I reset my password?", 1),
        ("change-email", "How do I change my email?", 2),
    ] {
        write(
            &root,
            &format!("content/en/faq/{file}.md"),
            &format!(
                "---\ntitle: {title}\ncategory: Account\nweight: {weight}\n---\nShort answer.\n\n## Details\n\nSee [details](#details).\n"
            ),
        );
    }
    let built = build_ok(&root, false);
    let category = built.html("en/faq/category/account/index.html");
    let ids = attrs(&category, ".prose h2[id], h2[id]", "id");
    let details: Vec<&String> = ids.iter().filter(|i| i.ends_with("details")).collect();
    assert_eq!(
        details,
        ["how-do-i-reset-my-password-details", "how-do-i-change-my-email-details"],
        "{ids:?}"
    );
    let links = attrs(&category, "a[href$='details']", "href");
    assert!(
        links.contains(&"#how-do-i-change-my-email-details".to_string()),
        "{links:?}"
    );
    let own = built.html("en/faq/change-email/index.html");
    assert!(attrs(&own, "h2[id]", "id").contains(&"details".to_string()));
}
