//! Versioned docs over the built example site (versions v3 latest, v2, v1
//! archived; pages moved and removed between them) and a starter site with
//! an unreleased version.

mod common;

use common::*;
use scraper::Html;
use std::sync::OnceLock;

fn site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build_ok(&example_root(), false))
}

const BASE: &str = "https://help.parcelbox.example";

fn exists(url_path: &str) -> bool {
    site().out().join(file_of(url_path)).is_file()
}

/// (label, href, exact) of the version switcher.
fn switcher(doc: &Html) -> Vec<(String, String, bool)> {
    doc.select(&sel(".version-switcher li"))
        .map(|li| {
            let a = li.select(&sel("a")).next().unwrap();
            let label: String = a.text().collect();
            let exact = li.select(&sel(".version-note")).next().is_none();
            (label, a.value().attr("href").unwrap().to_string(), exact)
        })
        .collect()
}

fn target(doc: &Html, label_prefix: &str) -> (String, bool) {
    let (_, href, exact) = switcher(doc)
        .into_iter()
        .find(|(l, _, _)| l.starts_with(label_prefix))
        .unwrap_or_else(|| panic!("no {label_prefix} in the switcher"));
    (href, exact)
}

fn docs_pages() -> Vec<String> {
    site()
        .html_files()
        .into_iter()
        .filter(|r| {
            let parts: Vec<&str> = r.split('/').collect();
            parts.len() > 3 && parts[1] == "docs" && parts[2].starts_with('v')
        })
        .collect()
}

#[test]
fn every_switcher_target_exists_and_lists_every_version() {
    let pages = docs_pages();
    assert!(pages.len() > 60, "{} docs pages", pages.len());
    for rel in pages {
        let doc = site().html(&rel);
        let entries = switcher(&doc);
        assert_eq!(entries.len(), 3, "{rel}: {entries:?}");
        for (_, href, _) in &entries {
            assert!(exists(href), "{rel}: switcher target {href} does not exist");
        }
        let current = attrs(&doc, ".version-switcher a[aria-current=page]", "href");
        assert_eq!(
            current,
            vec![format!("/{}", rel.trim_end_matches("index.html"))],
            "{rel}"
        );
    }
}

#[test]
fn moved_pages_map_through_moved_from_both_ways() {
    let v2 = site().html("en/docs/v2/cli/install/index.html");
    assert_eq!(
        target(&v2, "3.x"),
        ("/en/docs/v3/getting-started/install-cli/".into(), true)
    );
    let v3 = site().html("en/docs/v3/getting-started/install-cli/index.html");
    assert_eq!(target(&v3, "2.x"), ("/en/docs/v2/cli/install/".into(), true));
    // v1's api/label-api became api/labels in v2 (and stayed there in v3).
    let v1 = site().html("en/docs/v1/api/label-api/index.html");
    assert_eq!(target(&v1, "2.x"), ("/en/docs/v2/api/labels/".into(), true));
    assert_eq!(target(&v1, "3.x"), ("/en/docs/v3/api/labels/".into(), true));
    let v3_labels = site().html("ja/docs/v3/api/labels/index.html");
    assert_eq!(target(&v3_labels, "1.x"), ("/ja/docs/v1/api/label-api/".into(), true));
}

#[test]
fn removed_pages_fall_back_to_the_version_home() {
    let v2 = site().html("en/docs/v2/sdks/other-languages/index.html");
    assert_eq!(target(&v2, "3.x"), ("/en/docs/v3/".into(), false));
    let returns = site().html("en/docs/v3/api/returns/index.html");
    assert_eq!(target(&returns, "2.x"), ("/en/docs/v2/".into(), false));
    assert_eq!(target(&returns, "1.x"), ("/en/docs/v1/".into(), false));
}

#[test]
fn archived_pages_carry_a_banner_with_a_working_link() {
    let mut checked = 0;
    for rel in docs_pages().into_iter().filter(|r| r.contains("/docs/v1/")) {
        let doc = site().html(&rel);
        let banner = doc.select(&sel(".version-banner.version-archived")).next();
        let banner = banner.unwrap_or_else(|| panic!("{rel}: no archived banner"));
        let text: String = banner.text().collect();
        assert!(text.contains("1.x"), "{rel}: {text}");
        let link = banner.select(&sel("a")).next().unwrap().value().attr("href").unwrap();
        assert!(link.contains("/docs/v3/") && exists(link), "{rel}: {link}");
        checked += 1;
    }
    assert!(checked >= 14);
    let latest = site().html("en/docs/v3/api/labels/index.html");
    assert!(latest.select(&sel(".version-banner")).next().is_none());
}

#[test]
fn canonical_links_of_older_versions_point_at_existing_latest_pages() {
    for rel in docs_pages() {
        let doc = site().html(&rel);
        let canonical = attrs(&doc, "link[rel=canonical]", "href").remove(0);
        let path = canonical.strip_prefix(BASE).unwrap();
        assert!(exists(path), "{rel}: canonical {canonical} does not exist");
        let own = format!("/{}", rel.trim_end_matches("index.html"));
        assert!(path == own || path.contains("/docs/v3/"), "{rel}: {canonical}");
    }
    let v2 = site().html("en/docs/v2/api/errors/index.html");
    assert_eq!(
        attrs(&v2, "link[rel=canonical]", "href"),
        vec![format!("{BASE}/en/docs/v3/api/errors/")]
    );
    // A page only an older version has is its own canonical, and indexable.
    let removed = site().html("en/docs/v2/sdks/other-languages/index.html");
    assert_eq!(
        attrs(&removed, "link[rel=canonical]", "href"),
        vec![format!("{BASE}/en/docs/v2/sdks/other-languages/")]
    );
    let sitemap = site().read("sitemap.xml");
    assert!(sitemap.contains("/en/docs/v2/sdks/other-languages/"));
    assert!(!sitemap.contains("/en/docs/v2/api/errors/"));
}

#[test]
fn latest_urls_resolve_to_the_latest_version() {
    let redirects = site().read("_redirects");
    for rel in docs_pages().into_iter().filter(|r| r.contains("/docs/v3/")) {
        let latest = rel.replacen("/docs/v3/", "/docs/latest/", 1);
        let doc = site().html(&latest);
        let target = format!("/{}", rel.trim_end_matches("index.html"));
        let refresh = attrs(&doc, "meta[http-equiv=refresh]", "content");
        assert!(refresh.iter().any(|c| c.ends_with(&target)), "{latest}: {refresh:?}");
        let from = format!("/{}", latest.trim_end_matches("index.html"));
        let rule = format!("{} {} 302", percent_encode(&from), percent_encode(&target));
        assert!(redirects.contains(&rule), "no rule `{rule}`");
    }
}

#[test]
fn unreleased_versions_are_built_but_noindex_and_out_of_the_sitemap() {
    let dir = starter_site();
    let root = dir.path().join("site");
    let config = std::fs::read_to_string(root.join("portico.yaml")).unwrap().replace(
        "      latest: true\n",
        "      latest: true\n    - name: v2\n      label: \"2.0 beta\"\n      unreleased: true\n",
    );
    write(&root, "portico.yaml", &config);
    write(
        &root,
        "content/en/docs/v2/_index.md",
        "---\ntitle: Documentation 2.0\n---\nPreview.\n",
    );
    write(
        &root,
        "content/en/docs/v2/installation.md",
        "---\ntitle: Installation\n---\n## Requirements\n\nA browser.\n",
    );
    let built = build_ok(&root, false);
    let doc = built.html("en/docs/v2/installation/index.html");
    assert_eq!(attrs(&doc, "meta[name=robots]", "content"), vec!["noindex"]);
    assert!(texts(&doc, ".version-banner")[0].contains("not released"));
    assert!(!built.read("sitemap.xml").contains("/docs/v2/"));
    let v1 = built.html("en/docs/v1/installation/index.html");
    assert!(attrs(&v1, "meta[name=robots]", "content").is_empty());
    assert!(built.read("sitemap.xml").contains("/en/docs/v1/installation/"));
}

#[test]
fn a_version_cannot_be_latest_and_archived() {
    let dir = starter_site();
    let root = dir.path().join("site");
    let config = std::fs::read_to_string(root.join("portico.yaml"))
        .unwrap()
        .replace("      latest: true\n", "      latest: true\n      archived: true\n");
    write(&root, "portico.yaml", &config);
    let problems = build(&root, false).err().expect("must fail");
    assert!(messages(&problems).contains("cannot be latest and also archived"));
}

/// What a page's sidebar marks: the hrefs of `aria-current` links and the
/// summaries of open groups.
fn sidebar_marks(doc: &Html) -> (Vec<String>, Vec<String>) {
    let current = attrs(doc, ".docs-sidebar a[aria-current=page]", "href");
    let open = texts(doc, ".docs-sidebar details[open] > summary");
    (current, open)
}

/// The sidebar is rendered once per version and marked per page: every docs
/// page marks exactly itself and opens exactly the groups above it.
#[test]
fn every_docs_sidebar_marks_its_own_page_and_opens_its_groups() {
    for rel in docs_pages() {
        let doc = site().html(&rel);
        let url = format!("/{}", rel.trim_end_matches("index.html"));
        let (current, open) = sidebar_marks(&doc);
        if rel.split('/').count() == 4 {
            // The version's own home is the tree's root, not an entry.
            assert_eq!((current.len(), open.len()), (0, 0), "{rel}");
            continue;
        }
        assert_eq!(current, vec![url.clone()], "{rel}");
        // The groups above: the breadcrumbs below home, docs and the version.
        let mut groups: Vec<String> = texts(&doc, ".breadcrumbs li")[3..].to_vec();
        // A group's own entry is its "Overview" link; an article's is its title.
        if texts(&doc, ".docs-sidebar a[aria-current=page]") == texts(&doc, "h1") {
            groups.pop();
        }
        assert_eq!(open, groups, "{rel}");
    }
}

/// A theme whose sidebar marks the current page in a way the splice cannot
/// reproduce (a `<strong>` instead of a link) still gets it right, page by page.
#[test]
fn a_theme_sidebar_that_cannot_be_spliced_is_rendered_per_page() {
    let site = example_copy();
    write(
        site.path(),
        "themes/default/templates/docs_sidebar.html",
        "<ul>{% for item in items %}<li>{% if item.current %}<strong>{{ item.title }}</strong>\
         {% else %}<a href=\"{{ item.url }}\">{{ item.title }}</a>{% endif %}</li>{% endfor %}</ul>",
    );
    let built = build_ok(site.path(), false);
    let doc = built.html("en/docs/v3/api/index.html");
    assert_eq!(texts(&doc, ".docs-sidebar strong"), vec!["REST API"]);
    let doc = built.html("en/docs/v3/cli/index.html");
    assert_eq!(texts(&doc, ".docs-sidebar strong"), vec!["Command line (pbx)"]);
    assert!(attrs(&doc, ".docs-sidebar a", "href").contains(&"/en/docs/v3/api/".to_string()));
}
