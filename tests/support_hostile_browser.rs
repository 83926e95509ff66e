//! XSS payloads on the private ticket status page, in headless Chromium
//! under the site's own Content-Security-Policy: a ticket whose subject,
//! first message, agent replies and the customer's reply (typed into the
//! page's own form) are classic payloads is shown as plain text — the exact
//! characters sent, no element created, no code run, no CSP violation
//! (which would mean something tried). The steps are in
//! tests/browser/support-hostile-run.mjs; the API side is
//! edge/tests/hostile.rs.

mod common;

use common::browser::{require_or_skip, run_script, serve_with_edge};
use common::{build_ok, example_root};
use portico_test_support::csp_of;
use serde_json::json;

const AGENT_KEY: &str = "agent-key-of-the-hostile-browser-test";

/// Payloads that set `window.__xss` or open a dialog if they ever run.
const PAYLOADS: &[&str] = &[
    "<script>window.__xss = 'script'</script>",
    "\"><img src=x onerror=\"window.__xss = 'img'\">",
    "'><svg/onload=window.__xss='svg'>",
    "</textarea><script>window.__xss = 'textarea'</script>",
    "</title><script>alert('title')</script>",
    "<iframe srcdoc=\"<script>parent.__xss = 'iframe'</script>\"></iframe>",
    "<a href=\"javascript:window.__xss = 'link'\">click</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__xss = 'math'\">",
    "{{constructor.constructor('window.__xss = 1')()}} ${7*7} <%= 7*7 %>",
    "\u{202e}gpj.exe <b>bold?</b> \u{2066}bidi\u{2069}",
];

#[test]
fn hostile_ticket_text_is_shown_as_text_under_the_csp() {
    if !require_or_skip("hostile_ticket_text_is_shown_as_text_under_the_csp") {
        return;
    }
    let built = build_ok(&example_root(), false);
    let served = serve_with_edge(&built.out(), &built.dir.path().join("edge"), AGENT_KEY);
    let out = run_script(
        "support-hostile-run",
        &json!({
            "base": served.base,
            "agent_key": AGENT_KEY,
            "csp": csp_of(&built.read("_headers")),
            "payloads": PAYLOADS,
        }),
    );

    assert_eq!(out["subject"], PAYLOADS[0]);
    let mut expected = vec![PAYLOADS.join("\n")];
    expected.extend(PAYLOADS.iter().map(|p| p.to_string()));
    expected.push(PAYLOADS[PAYLOADS.len() - 1].to_string());
    assert_eq!(out["bodies"], json!(expected), "the page shows exactly what was sent");
    assert_eq!(out["injected"], 0, "no payload created an element");
    assert_eq!(out["xss"], json!(null), "no payload ran");
    assert_eq!(out["dialogs"], json!([]), "no payload opened a dialog");
    assert_eq!(out["csp_violations"], json!([]), "nothing even tried to run: {out:#}");
}
