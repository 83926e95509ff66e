//! The docs sidebar does not grow with the version: a page of a 2,000-page
//! version is within 10% of the size of the same page in a 20-page version.
//! The page's own sidebar marks it current and opens its group; other groups
//! are closed and empty; what is left out is one link to the version's
//! contents page, which lists every page, as does the JSON tree the theme's
//! script swaps in (tests/docs_sidebar_browser.rs runs that script).

mod common;

use common::{attrs, build_ok, sel, starter_site, texts, write, Built};
use std::path::Path;

const GROUPS: usize = 5;

/// The starter site with `pages` docs pages in v1, spread over five groups.
fn docs_site(pages: usize) -> (tempfile::TempDir, Built) {
    let dir = starter_site();
    let root = dir.path().join("site");
    add_pages(&root, pages);
    let built = build_ok(&root, false);
    (dir, built)
}

fn add_pages(root: &Path, pages: usize) {
    for g in 0..GROUPS {
        let index = format!(
            "---\ntitle: Group {g}\nweight: {}\n---\nPages about topic {g}.\n",
            g + 10
        );
        write(root, &format!("content/en/docs/v1/group-{g}/_index.md"), &index);
    }
    for i in 0..pages {
        let page =
            format!("---\ntitle: Page {i:04}\nweight: {i}\n---\n## Steps\n\nWhat page {i} explains, in a few words.\n");
        write(
            root,
            &format!("content/en/docs/v1/group-{}/page-{i:04}.md", i % GROUPS),
            &page,
        );
    }
}

const PAGE: &str = "en/docs/v1/group-0/page-0000/index.html";

#[test]
fn a_docs_page_is_the_same_size_in_a_small_and_a_large_version() {
    let (_small_dir, small) = docs_site(20);
    let (_large_dir, large) = docs_site(2000);
    let (a, b) = (small.read(PAGE).len() as f64, large.read(PAGE).len() as f64);
    assert!(
        b <= a * 1.10,
        "the page is {a} bytes in a 20-page version and {b} bytes in a 2,000-page one"
    );

    let page = large.html(PAGE);
    let current = attrs(&page, ".docs-sidebar a[aria-current=page]", "href");
    assert_eq!(current, vec!["/en/docs/v1/group-0/page-0000/"]);
    let open = texts(&page, ".docs-sidebar details[open] > summary");
    assert_eq!(open, vec!["Group 0"], "only the page's own group is open");
    // Closed groups hold only their overview link.
    for closed in page.select(&sel(".docs-sidebar details:not([open])")) {
        assert_eq!(closed.select(&sel("a")).count(), 1, "{}", closed.html());
    }
    // A few neighbours, then one link standing for the rest of the group.
    let listed = page.select(&sel(".docs-sidebar details[open] a")).count();
    assert!((2..=12).contains(&listed), "{listed} entries listed in the open group");
    let more = texts(&page, ".docs-sidebar .sidebar-more a");
    assert_eq!(more, vec![format!("{} more pages", 2000 / GROUPS - 6)]);
    let contents_link = attrs(&page, ".docs-sidebar .sidebar-more a", "href");
    assert_eq!(contents_link, vec!["/en/docs/v1/contents/"]);

    // The contents page and the JSON tree list every page.
    let contents = large.html("en/docs/v1/contents/index.html");
    let listed = attrs(&contents, ".docs-contents a", "href");
    assert_eq!(
        listed.len(),
        2000 + GROUPS + 1,
        "every page, group and the installation page"
    );
    assert!(listed.contains(&"/en/docs/v1/group-4/page-1999/".to_string()));
    let tree: serde_json::Value = serde_json::from_str(&large.read("sidebar/en/v1.json")).unwrap();
    let in_tree: usize = tree
        .as_array()
        .unwrap()
        .iter()
        .map(|e| 1 + e["c"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(in_tree, 2000 + GROUPS + 1);
    let tree_url = attrs(&page, ".docs-sidebar .sidebar-tree", "data-tree");
    assert_eq!(tree_url, vec!["/sidebar/en/v1.json"]);
}

#[test]
fn a_small_version_lists_every_page_with_no_link_to_the_rest() {
    let (_dir, small) = docs_site(20);
    let page = small.html(PAGE);
    assert!(texts(&page, ".docs-sidebar .sidebar-more").is_empty());
    assert_eq!(
        page.select(&sel(".docs-sidebar details[open] a")).count(),
        1 + 20 / GROUPS
    );
}
