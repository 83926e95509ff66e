//! Bad input is reported as `file:line` with a hint, every problem of the site
//! in one run, and a failed build leaves the previous output untouched.

mod common;

use common::{build, build_ok, starter_site, write};
use std::path::Path;

fn messages(root: &Path) -> Vec<String> {
    match build(root, false) {
        Ok(_) => panic!("build unexpectedly succeeded"),
        Err(problems) => problems
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect(),
    }
}

fn has(messages: &[String], needle: &str) -> bool {
    messages.iter().any(|m| m.contains(needle))
}

#[test]
fn starter_site_builds() {
    let dir = starter_site();
    let built = build_ok(&dir.path().join("site"), false);
    assert!(built.out().join("en/guides/getting-started/index.html").exists());
    assert!(built.out().join("ja/docs/v1/installation/index.html").exists());
}

#[test]
fn malformed_front_matter_names_file_and_line() {
    let dir = starter_site();
    let root = dir.path().join("site");
    write(
        &root,
        "content/en/guides/broken.md",
        "---\ntitle: Broken\ntags: [one, two\nweight: 2\n---\nBody\n",
    );
    let msgs = messages(&root);
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    let line: usize = msgs[0].split(':').nth(1).unwrap().parse().unwrap();
    assert!(msgs[0].starts_with("content/en/guides/broken.md:"), "{msgs:?}");
    assert!(
        (3..=5).contains(&line),
        "YAML error should point into the front matter: {msgs:?}"
    );
}

#[test]
fn unknown_config_key_suggests_the_nearest() {
    let dir = starter_site();
    let root = dir.path().join("site");
    let config = std::fs::read_to_string(root.join("portico.yaml")).unwrap();
    std::fs::write(root.join("portico.yaml"), config.replace("base_url:", "baseurl:")).unwrap();
    let msgs = messages(&root);
    let line = config.lines().position(|l| l.starts_with("base_url:")).unwrap() + 1;
    assert!(
        has(&msgs, &format!("portico.yaml:{line}:1: error: unknown key `baseurl`")),
        "{msgs:?}"
    );
    assert!(has(&msgs, "did you mean `base_url`?"), "{msgs:?}");
}

#[test]
fn broken_link_and_missing_image_point_at_markdown_lines() {
    let dir = starter_site();
    let root = dir.path().join("site");
    write(
        &root,
        "content/en/guides/links.md",
        "---\ntitle: Links\n---\n## Intro\n\nSee [setup](getting-started.md#create-an-account).\n\nAnd [the gone page](gone.md) or [a bad anchor](getting-started.md#nope).\n\n![Diagram of the flow](/images/missing.png)\n",
    );
    let msgs = messages(&root);
    assert!(
        has(&msgs, "content/en/guides/links.md:8:5: error: broken link `gone.md`"),
        "{msgs:?}"
    );
    assert!(
        has(
            &msgs,
            "content/en/guides/links.md:8:33: error: broken link `getting-started.md#nope`"
        ),
        "{msgs:?}"
    );
    assert!(
        has(
            &msgs,
            "content/en/guides/links.md:10:1: error: image `/images/missing.png` not found"
        ),
        "{msgs:?}"
    );
    assert_eq!(msgs.len(), 3, "the valid link with anchor must pass: {msgs:?}");
}

#[test]
fn three_broken_files_are_all_reported_in_one_run() {
    let dir = starter_site();
    let root = dir.path().join("site");
    write(&root, "content/en/guides/a.md", "---\ntitle: [A\n---\n");
    write(&root, "content/en/faq/b.md", "---\ntitle: B?\n---\nNo category.\n");
    write(
        &root,
        "content/ja/guides/c.md",
        "---\ntitle: C\n---\n[壊れたリンク](nowhere.md)\n",
    );
    let msgs = messages(&root);
    for file in [
        "content/en/guides/a.md:",
        "content/en/faq/b.md:",
        "content/ja/guides/c.md:4:1",
    ] {
        assert!(has(&msgs, file), "{file} missing from {msgs:?}");
    }
}

#[test]
fn a_missing_image_and_an_accessibility_error_are_reported_together() {
    let dir = starter_site();
    let root = dir.path().join("site");
    write(
        &root,
        "content/en/guides/both.md",
        "---\ntitle: Both\n---\n## Intro\n\n#### Skipped a level\n\n![A diagram](/images/missing.png)\n",
    );
    let msgs = messages(&root);
    assert!(
        has(
            &msgs,
            "content/en/guides/both.md:8:1: error: image `/images/missing.png`"
        ),
        "{msgs:?}"
    );
    assert!(
        has(&msgs, "content/en/guides/both.md:6:1: error: [heading-order]"),
        "the accessibility finding must not wait for the image fix: {msgs:?}"
    );
}

#[test]
fn toml_front_matter_builds_and_its_mistakes_point_at_their_lines() {
    let dir = starter_site();
    let root = dir.path().join("site");
    write(
        &root,
        "content/en/guides/hugo.md",
        "+++\ntitle = \"Moved from Hugo\"\ndate = 2025-12-19\nweight = 2\ntags = [\"migration\"]\n+++\n## From Hugo\n\nTOML front matter works.\n",
    );
    let built = build_ok(&root, false);
    let page = built.html("en/guides/hugo/index.html");
    assert_eq!(common::texts(&page, "h1"), ["Moved from Hugo"]);
    assert!(built
        .read("en/guides/hugo/index.html")
        .contains("TOML front matter works."));

    write(
        &root,
        "content/en/guides/hugo.md",
        "+++\ntitle = \"Moved from Hugo\"\nweight = \"heavy\n+++\nBody\n",
    );
    let msgs = messages(&root);
    assert!(has(&msgs, "content/en/guides/hugo.md:3:"), "{msgs:?}");
    assert!(has(&msgs, "TOML front matter:"), "{msgs:?}");

    write(
        &root,
        "content/en/guides/hugo.md",
        "+++\ntitle = \"Moved from Hugo\"\n\ntitel = \"typo\"\nweight = \"heavy\"\n+++\nBody\n",
    );
    let msgs = messages(&root);
    assert!(
        has(&msgs, "content/en/guides/hugo.md:5:1: error: `weight`:"),
        "{msgs:?}"
    );
    write(
        &root,
        "content/en/guides/hugo.md",
        "+++\ntitle = \"Moved from Hugo\"\n\nwieght = 3\n+++\nBody\n",
    );
    let built = build_ok(&root, false);
    let typo: Vec<String> = built.warnings.iter().map(|d| d.to_string()).collect();
    assert!(
        has(
            &typo,
            "content/en/guides/hugo.md:4:1: warning: unknown front matter key `wieght`"
        ),
        "{typo:?}"
    );
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let dir = starter_site();
    let root = dir.path().join("site");
    let out = dir.path().join("public");
    let opts = portico::BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    portico::build(&opts, &out, &|_| {}).unwrap();
    let before: Vec<_> = common::walk(&out)
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    write(
        &root,
        "content/en/guides/getting-started.md",
        "---\ntitle: Changed\n---\n[bad](missing.md)\n",
    );
    assert!(portico::build(&opts, &out, &|_| {}).is_err());
    let after: Vec<_> = common::walk(&out)
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    assert_eq!(before.len(), after.len());
    assert!(before == after, "output changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no temporary folders left behind: {leftovers:?}");
}

#[test]
fn path_traversal_in_url_is_refused() {
    let dir = starter_site();
    let root = dir.path().join("site");
    write(
        &root,
        "content/en/guides/evil.md",
        "---\ntitle: Evil\nurl: /../../etc/\n---\n",
    );
    let msgs = messages(&root);
    assert!(
        has(&msgs, "content/en/guides/evil.md:3:1: error: front matter url"),
        "{msgs:?}"
    );
}
