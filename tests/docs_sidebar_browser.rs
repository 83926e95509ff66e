//! The docs sidebar in a real browser (tests/browser/sidebar-run.mjs), on a
//! page of the example site: without JavaScript the page's own sidebar marks
//! the page and opens its group; with JavaScript the version's whole tree
//! (`/sidebar/<lang>/<version>.json`) replaces it with the same page marked
//! and only its group open; a closed group opens from the keyboard; axe-core
//! finds nothing in the sidebar; all under the site's CSP.

mod common;

use common::browser::{require_or_skip, run_script, serve, WCAG_TAGS};
use common::{build_ok, example_root};
use portico_test_support::csp_of;
use serde_json::{json, Value};

const PAGE: &str = "/en/docs/v3/api/labels/";

/// Every link of a JSON tree, as the sidebar shows it: a group is its
/// overview link, then its entries.
fn tree_links(entries: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for e in entries.as_array().unwrap() {
        out.push(e["u"].as_str().unwrap().to_string());
        if let Some(children) = e.get("c") {
            out.extend(tree_links(children));
        }
    }
    out
}

#[test]
fn the_sidebar_marks_the_page_with_and_without_javascript() {
    if !require_or_skip("the_sidebar_marks_the_page_with_and_without_javascript") {
        return;
    }
    let built = build_ok(&example_root(), false);
    let served = serve(&built.out());
    let request = json!({
        "base": served.base,
        "csp": csp_of(&built.read("_headers")),
        "tags": WCAG_TAGS,
        "page": PAGE,
    });
    let out = run_script("sidebar-run", &request);
    assert_eq!(out["csp_violations"], json!([]), "{out:#}");

    let plain = &out["without_js"];
    assert_eq!(plain["whole"], json!(false), "{out:#}");
    assert_eq!(plain["current"], json!([PAGE]), "{out:#}");
    assert_eq!(plain["open"], json!(["REST API"]), "{out:#}");

    let whole = &out["with_js"];
    assert_eq!(whole["whole"], json!(true), "{out:#}");
    assert_eq!(whole["current"], json!([PAGE]), "{out:#}");
    assert_eq!(whole["open"], json!(["REST API"]), "{out:#}");
    assert_eq!(whole["more"], json!(0), "{out:#}");
    assert_eq!(whole["contents_link_hidden"], json!(true), "{out:#}");
    let links: Vec<String> = serde_json::from_value(whole["links"].clone()).unwrap();
    assert_eq!(links, tree_links(&out["tree"]), "the whole tree, in order");

    assert_ne!(out["keyboard_target"], json!(""), "{out:#}");
    assert_eq!(out["keyboard_reached"], json!(true), "{out:#}");
    assert_eq!(out["keyboard_opened"], json!(true), "{out:#}");
    assert_eq!(out["axe"], json!([]), "{out:#}");
}
