//! The live preview as a writer sees it, in headless Chromium: an edit
//! reloads the open page, a broken edit shows the build's message over the
//! last good page, the fix clears it, and a stylesheet change is swapped in
//! without a reload. The steps are in tests/browser/live-run.mjs.

mod common;

use common::browser::{require_or_skip, run_script, serve_live};
use serde_json::json;

#[test]
fn the_open_page_follows_edits_errors_and_fixes() {
    if !require_or_skip("the_open_page_follows_edits_errors_and_fixes") {
        return;
    }
    let site = common::example_copy();
    let served = serve_live(site.path());
    let file = "content/en/guides/set-up-webhooks.md";
    let out = run_script(
        "live-run",
        &json!({
            "base": served.base,
            "root": site.path(),
            "page": "/en/guides/set-up-webhooks/",
            "file": file,
        }),
    );
    assert_eq!(out["edit_shown"], true, "{out:#}");
    let overlay = out["overlay_text"].as_str().unwrap_or_default();
    assert!(
        overlay.contains(&format!("{file}:")) && overlay.contains("error:"),
        "{overlay}"
    );
    assert_eq!(out["overlay_role"], "alert");
    assert_eq!(
        out["page_still_shown"], true,
        "the last good page stays under the overlay"
    );
    assert_eq!(out["fixed"], true);
    assert_eq!(out["same_document_after_css"], true, "CSS is swapped without a reload");
}
