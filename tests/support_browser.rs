//! The support pages with JavaScript on, in headless Chromium under the
//! site's own Content-Security-Policy: a customer files a ticket (a refused
//! field is explained next to it), follows it on the private status page,
//! replies, sees the agent's answer, and rates an article — every state
//! checked with axe-core. The steps are in tests/browser/support-run.mjs.

mod common;

use common::browser::{require_or_skip, run_script, serve_with_edge, WCAG_TAGS};
use common::{build_ok, example_root};
use portico_test_support::csp_of;
use serde_json::{json, Value};

const AGENT_KEY: &str = "agent-key-of-the-support-browser-test";

fn no_violations(out: &Value, state: &str) {
    let found = &out["axe"][state];
    assert_eq!(
        found.as_array().map(Vec::len),
        Some(0),
        "axe in state {state}: {found:#}"
    );
}

#[test]
fn a_customer_files_follows_and_rates_with_javascript() {
    if !require_or_skip("a_customer_files_follows_and_rates_with_javascript") {
        return;
    }
    let built = build_ok(&example_root(), false);
    let served = serve_with_edge(&built.out(), &built.dir.path().join("edge"), AGENT_KEY);
    let request = json!({
        "base": served.base,
        "agent_key": AGENT_KEY,
        "csp": csp_of(&built.read("_headers")),
        "tags": WCAG_TAGS,
    });
    let out = run_script("support-run", &request);

    assert_eq!(
        out["csp_violations"],
        json!([]),
        "the theme's scripts must run under the CSP"
    );
    // A field the edge API refused: message under it, marked invalid, focused.
    assert!(
        out["email_error"].as_str().unwrap().contains("ana@example.com"),
        "{out:#}"
    );
    assert_eq!(out["email_invalid"], "true");
    assert!(out["email_describedby"]
        .as_str()
        .unwrap()
        .contains("ticket-email-error"));
    assert_eq!(out["email_focused"], "ticket-email");
    no_violations(&out, "form_with_error");

    // Sent: the status page shows the ticket from the token in its fragment.
    let status_url = out["status_url"].as_str().unwrap();
    assert!(status_url.contains("#token="), "{status_url}");
    let id = out["ticket_id"].as_str().unwrap();
    assert!(status_url.contains(&format!("id={id}")), "{status_url}");
    assert_eq!(out["subject"], "Webhook retries stopped");
    assert_eq!(out["state"], "Open");
    assert_eq!(out["no_js_hidden"], true);
    assert_eq!(
        out["after_reply"],
        json!([
            "Our endpoint was down for an hour.\nNo retries since.",
            "It works again, thanks!"
        ])
    );
    assert_eq!(out["reply_status"], "Your reply has been added.");

    // The agent's change and reply reach the customer.
    assert_eq!(out["agent_patch"]["status"], 200, "{:#}", out["agent_patch"]);
    assert_eq!(out["state_after"], "Solved");
    assert_eq!(out["authors_after"], json!(["You", "You", "Support team"]));
    no_violations(&out, "status");
    assert_eq!(
        out["listed"],
        json!([{"id": id, "article": "/en/guides/set-up-webhooks/", "language": "en"}])
    );
    assert_eq!(out["wrong_token_ticket_hidden"], true);

    // Feedback: thanked in place, counted once with its comment.
    assert_eq!(out["feedback_focused"], "feedback-thanks");
    assert_eq!(out["feedback_form_hidden"], true);
    no_violations(&out, "article_after_vote");
    let f = &out["feedback"];
    assert_eq!(
        (f["not_helpful"].as_i64(), f["comments"].as_i64()),
        (Some(1), Some(1)),
        "{f:#}"
    );
}
