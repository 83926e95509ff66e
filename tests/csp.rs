//! The example site's Content-Security-Policy and every page it builds:
//! the policy allows no inline script, no `eval` and no origin but the
//! site's own, and no page needs more — no `<script>` without `src`, no
//! `on*=` event attribute, no `javascript:` URL, no inline style, no
//! third-party script or stylesheet. Under this policy an injected inline
//! script cannot run even if some text ever escaped unescaped.
//!
//! Also a guard on the theme's support scripts, which show customers'
//! ticket text: they must set it with `textContent`, never parse it as HTML
//! (`tests/support_browser.rs` runs them in Chromium under this CSP).

mod common;

use common::{build_ok, example_root};
use portico_test_support::csp_of as csp;
use scraper::Html;

/// Source expressions a directive may hold: keywords and `data:` only.
const ALLOWED_SOURCES: &[&str] = &[
    "'self'",
    "'none'",
    "'wasm-unsafe-eval'", // compiling the search runtime's wasm, not JS eval
    "data:",
];

#[test]
fn the_policy_allows_no_inline_script_and_no_third_party_origin() {
    let built = build_ok(&example_root(), false);
    let policy = csp(&built.read("_headers"));
    let mut directives = std::collections::HashMap::new();
    for directive in policy.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let mut words = directive.split_whitespace();
        let name = words.next().unwrap().to_owned();
        let sources: Vec<String> = words.map(str::to_owned).collect();
        for source in &sources {
            assert!(
                ALLOWED_SOURCES.contains(&source.as_str()),
                "{name} allows {source}: only the site's own origin is allowed ({policy})"
            );
        }
        directives.insert(name, sources);
    }
    let script_src = directives.get("script-src").expect("script-src is set");
    assert!(!script_src
        .iter()
        .any(|s| s == "'unsafe-inline'" || s == "'unsafe-eval'"));
    assert!(!script_src
        .iter()
        .any(|s| s.starts_with("'nonce-") || s.starts_with("'sha")));
    for name in ["default-src", "style-src", "connect-src", "form-action", "base-uri"] {
        assert_eq!(
            directives.get(name).map(Vec::as_slice),
            Some(&["'self'".to_owned()][..]),
            "{name}"
        );
    }
    for name in ["object-src", "frame-ancestors"] {
        assert_eq!(
            directives.get(name).map(Vec::as_slice),
            Some(&["'none'".to_owned()][..]),
            "{name}"
        );
    }
    let headers = built.read("_headers");
    assert!(headers.contains("X-Content-Type-Options: nosniff"));
    assert!(headers.contains("X-Frame-Options: DENY"));
}

/// A URL that stays on the site: a path, a fragment, or relative.
fn same_site(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    !(lower.starts_with("//")
        || lower.contains("://")
        || lower.starts_with("javascript:")
        || lower.starts_with("data:"))
}

#[test]
fn no_built_page_needs_inline_script_or_a_foreign_origin() {
    let built = build_ok(&example_root(), false);
    let files = built.html_files();
    assert!(files.len() > 20, "the example site has its pages: {files:?}");
    let mut problems = Vec::new();
    for file in &files {
        let doc = Html::parse_document(&built.read(file));
        for element in doc.root_element().descendent_elements() {
            let el = element.value();
            let tag = el.name();
            if tag == "script" {
                match el.attr("src") {
                    None if el.attr("type") == Some("application/ld+json") => {} // data, never run
                    None => problems.push(format!("{file}: inline <script>")),
                    Some(src) if !same_site(src) => problems.push(format!("{file}: script from {src}")),
                    Some(_) => {}
                }
            }
            if tag == "style" {
                problems.push(format!("{file}: inline <style>"));
            }
            if tag == "link" && el.attr("rel").is_some_and(|r| r.contains("stylesheet")) {
                let href = el.attr("href").unwrap_or_default();
                if !same_site(href) {
                    problems.push(format!("{file}: stylesheet from {href}"));
                }
            }
            for (name, value) in el.attrs() {
                if name.len() > 2 && name.to_ascii_lowercase().starts_with("on") {
                    problems.push(format!("{file}: <{tag} {name}=…>"));
                }
                if name == "style" {
                    problems.push(format!("{file}: <{tag} style=…>"));
                }
                let is_url = matches!(name, "href" | "src" | "action" | "formaction" | "srcset" | "poster");
                if is_url && value.trim().to_ascii_lowercase().starts_with("javascript:") {
                    problems.push(format!("{file}: <{tag} {name}=\"{value}\">"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_support_scripts_never_parse_ticket_text_as_html() {
    let root = example_root().join("themes/default/static/assets");
    for script in ["support.js", "feedback.js", "portico.js", "docs-sidebar.js"] {
        let path = root.join(script);
        let js = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "createContextualFragment",
            "DOMParser",
            "eval(",
            "new Function",
            "setAttribute(\"on",
        ] {
            assert!(!js.contains(sink), "{script} uses {sink}");
        }
    }
    let support = std::fs::read_to_string(root.join("support.js")).unwrap();
    for field in ["ticket.subject", "m.body", "ticket.id"] {
        assert!(
            support.contains(&format!(".textContent = {field};")),
            "support.js shows {field} with textContent"
        );
    }
}
