//! Self-test of the browser harness (tests/common/browser.rs): axe-core in
//! Chromium must find nothing on a clean page and must fail a broken one, in
//! both color schemes, and must report a missing page instead of passing it.

mod common;

use common::browser::{require_or_skip, run_axe, serve, AxeResult, WCAG_TAGS};

fn rule_ids(result: &AxeResult) -> Vec<&str> {
    result.violations.iter().map(|v| v.id.as_str()).collect()
}

#[test]
fn axe_passes_a_good_page_and_fails_a_bad_one() {
    if !require_or_skip("axe_passes_a_good_page_and_fails_a_bad_one") {
        return;
    }
    let site = tempfile::tempdir().unwrap();
    common::write(
        site.path(),
        "good/index.html",
        r#"<!doctype html><html lang="en"><head><title>x</title></head><body><main><h1>x</h1></main></body></html>"#,
    );
    common::write(
        site.path(),
        "bad/index.html",
        r#"<!doctype html><html><head><title>bad</title></head><body><main><h1>bad</h1><img src="a.png"></main></body></html>"#,
    );
    // Served with status 404 for /missing/ (an empty 404 body would make
    // Chromium fail the navigation itself, also reported as an error).
    common::write(
        site.path(),
        "404.html",
        r#"<!doctype html><html lang="en"><head><title>Not found</title></head><body><main><h1>Not found</h1></main></body></html>"#,
    );
    let served = serve(site.path());
    let paths: Vec<String> = ["/good/", "/bad/", "/missing/"].map(String::from).to_vec();
    let results = run_axe(&served.base, &paths, &["light", "dark"], WCAG_TAGS);

    assert_eq!(results.len(), 6, "{results:#?}");
    for scheme in ["light", "dark"] {
        let find = |path: &str| {
            results
                .iter()
                .find(|r| r.path == path && r.scheme == scheme)
                .unwrap_or_else(|| panic!("no result for {path} ({scheme}): {results:#?}"))
        };
        let good = find("/good/");
        assert_eq!(good.error, None, "{good:#?}");
        assert!(good.violations.is_empty(), "good page ({scheme}): {good:#?}");

        let bad = find("/bad/");
        assert_eq!(bad.error, None, "{bad:#?}");
        let ids = rule_ids(bad);
        assert!(ids.contains(&"image-alt"), "bad page ({scheme}): {ids:?}");
        assert!(ids.contains(&"html-has-lang"), "bad page ({scheme}): {ids:?}");
        let image_alt = bad.violations.iter().find(|v| v.id == "image-alt").unwrap();
        assert_eq!(image_alt.targets, ["img"]);
        assert!(image_alt.html[0].contains("a.png"), "{image_alt:#?}");

        let missing = find("/missing/");
        let error = missing.error.as_deref().unwrap_or_default();
        assert_eq!(error, "HTTP 404", "a missing page must be an error: {missing:#?}");
    }
}
