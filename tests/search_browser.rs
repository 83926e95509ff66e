//! Search in a real browser: headless Chromium types into the header search
//! box of the built example site using only the keyboard, sees the expected
//! suggestion (English and Japanese), arrows to it and lands on it with
//! Enter; Escape closes the list; the results page and its version filter
//! work; the ticket form's `PorticoSearch.suggest` answers; a site with
//! `search.report_misses` reports a search that found nothing. All under the
//! site's own CSP, with axe-core clean while suggestions are open. The steps
//! are in tests/browser/search-run.mjs.

mod common;

use common::browser::{require_or_skip, run_script, serve, WCAG_TAGS};
use common::{build_ok, example_root};
use portico_test_support::csp_of;
use serde_json::{json, Value};

/// A one-page English site with search misses reported.
fn site_reporting_misses() -> common::Built {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::write(
        root,
        "portico.yaml",
        "title: Misses\nbase_url: https://help.example.com\ndefault_language: en\nlanguages:\n  - code: en\n    name: English\nsearch:\n  report_misses: true\n",
    );
    common::write(root, "content/en/_index.md", "---\ntitle: Help\n---\nWelcome.\n");
    common::write(
        root,
        "content/en/guides/hello.md",
        "---\ntitle: Hello\n---\nSay hello to the team.\n",
    );
    build_ok(root, false)
}

#[test]
fn a_reader_searches_with_the_keyboard_only() {
    if !require_or_skip("a_reader_searches_with_the_keyboard_only") {
        return;
    }
    let built = build_ok(&example_root(), false);
    let served = serve(&built.out());
    let misses = site_reporting_misses();
    let served_misses = serve(&misses.out());
    let request = json!({
        "base": served.base,
        "csp": csp_of(&built.read("_headers")),
        "tags": WCAG_TAGS,
        "misses_base": served_misses.base,
    });
    let out: Value = run_script("search-run", &request);

    assert_eq!(
        out["csp_violations"],
        json!([]),
        "search must run under the CSP: {out:#}"
    );
    assert!(
        out["tabs"].as_u64().unwrap() <= 3,
        "the box is near the top of the tab order: {out:#}"
    );
    let en = &out["en"];
    assert_eq!(en["role"], "combobox");
    assert_eq!(en["expanded"], "true");
    assert!(
        en["titles"][0].as_str().unwrap().starts_with("Can I void a label"),
        "{en:#}"
    );
    assert!(en["marks"].as_u64().unwrap() > 0, "matches are highlighted: {en:#}");
    assert!(en["status"].as_str().unwrap().ends_with("results"), "{en:#}");
    assert_eq!(en["active"], json!({"id": "search-option-0", "selected": "true"}));
    assert_eq!(en["landed"], "/en/faq/void-label/");
    assert_eq!(out["ja"]["landed"], "/ja/faq/void-label/");
    assert!(out["ja"]["status"].as_str().unwrap().contains("件の結果"), "{out:#}");
    assert_eq!(
        out["after_escape"],
        json!({"hidden": true, "expanded": "false", "value": "webhooks"})
    );
    assert_eq!(out["axe"]["suggestions_open"], json!([]), "axe with suggestions open");

    let results = &out["results"];
    assert_eq!(results["query"], "webhooks");
    assert_eq!(results["no_js_hidden"], true);
    assert_eq!(results["urls"][0], "/en/docs/v3/api/webhooks/", "{results:#}");
    assert_eq!(out["axe"]["results_page"], json!([]), "axe on the results page");
    assert!(out["filtered"]["location"]
        .as_str()
        .unwrap()
        .ends_with("?q=webhooks&version=v2"));
    assert_eq!(out["filtered"]["urls"][0], "/en/docs/v2/api/webhooks/", "{out:#}");

    let suggested: Vec<&str> = out["suggest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap())
        .collect();
    assert_eq!(suggested.len(), 3);
    assert!(
        suggested[0].starts_with("/en/docs/v3/api/rate-limits/"),
        "{suggested:?}"
    );
    assert!(out["suggest"][0]["title"].is_string() && out["suggest"][0]["excerpt"].is_string());
    assert_eq!(
        out["suggest"][0]["version"], "3.x",
        "docs results carry their version: {out:#}"
    );

    // A query typed on a v2 page lists the v2 page first, with its label,
    // once: the same page of 3.x and 1.x does not repeat it.
    let docs = &out["docs"];
    assert_eq!(
        docs["scope"],
        json!({"checked": true, "value": "v2", "label": "2.x first"}),
        "{docs:#}"
    );
    assert_eq!(
        docs["preferred"][0],
        json!({"title": "Errors", "version": "2.x"}),
        "{docs:#}"
    );
    let errors = |list: &Value| {
        list.as_array()
            .unwrap()
            .iter()
            .filter(|o| o["title"] == "Errors")
            .count()
    };
    assert_eq!(errors(&docs["preferred"]), 1, "one entry per page: {docs:#}");
    assert_eq!(docs["axe_page"], json!([]), "axe on a v2 docs page");
    assert_eq!(docs["axe"], json!([]), "axe with docs suggestions open");
    assert_eq!(docs["landed"], "/en/docs/v2/api/errors/");
    assert_eq!(
        docs["unticked"][0],
        json!({"title": "Errors", "version": "3.x"}),
        "{docs:#}"
    );
    assert_eq!(errors(&docs["unticked"]), 1, "{docs:#}");
    let results = &docs["results"];
    assert_eq!(results["location"], "?q=Errors&prefer=v2", "{docs:#}");
    assert_eq!(
        results["scope"],
        json!({"checked": true, "label": "2.x first"}),
        "{docs:#}"
    );
    assert_eq!(results["first"], "/en/docs/v2/api/errors/", "{docs:#}");
    assert_eq!(results["first_version"], "2.x", "{docs:#}");
    assert_eq!(results["errors_pages"], 1, "{docs:#}");
    assert_eq!(
        docs["axe_results"],
        json!([]),
        "axe on the results page with the version box"
    );

    assert_eq!(out["no_results_status"], "No results for “zzqxv”");
    assert_eq!(
        out["misses"],
        json!([{"method": "POST", "body": {"query": "zzqxv", "language": "en"}}])
    );
}
