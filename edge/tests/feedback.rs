//! Article feedback and search misses over real HTTP.

mod common;

use common::{start, ORIGIN};
use serde_json::json;

#[test]
fn votes_dedupe_per_client_and_day_and_the_summary_adds_up() {
    let s = start(|_| {});
    let vote = |ip: &str, article: &str, helpful: bool| {
        let body = json!({"article": article, "language": "en", "version": "v2", "helpful": helpful});
        let r = s.json("POST", "/api/feedback", ip, &[], &body);
        assert_eq!(r.status, 201, "{}", r.text());
    };
    vote("8.8.8.1", "docs/api", true);
    vote("8.8.8.1", "docs/api", false); // changes the vote, does not add one
    vote("8.8.8.2", "docs/api", true);
    vote("8.8.8.3", "docs/api", true);
    vote("8.8.8.1", "faq/refunds", false);
    let r = s.form(
        "/api/feedback",
        "8.8.8.4",
        &[("Referer", &format!("{ORIGIN}/en/faq/refunds/"))],
        "article=faq%2Frefunds&language=en&version=v2&helpful=yes&comment=Clear+enough",
    );
    assert_eq!(r.status, 303);
    assert_eq!(
        r.header("location"),
        Some("/en/faq/refunds/?feedback=thanks#feedback-thanks")
    );

    assert_eq!(s.req("GET", "/api/feedback/summary", &[], b"").status, 401);
    let v = s.agent("GET", "/api/feedback/summary", None).json();
    let articles = v["articles"].as_array().unwrap();
    let api = articles.iter().find(|a| a["article"] == "docs/api").unwrap();
    assert_eq!(
        (
            api["helpful"].as_i64(),
            api["not_helpful"].as_i64(),
            api["total"].as_i64()
        ),
        (Some(2), Some(1), Some(3))
    );
    assert!((api["ratio"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(api["version"], "v2");
    let refunds = articles.iter().find(|a| a["article"] == "faq/refunds").unwrap();
    assert_eq!(
        (
            refunds["helpful"].as_i64(),
            refunds["total"].as_i64(),
            refunds["comments"].as_i64()
        ),
        (Some(1), Some(2), Some(1))
    );
    assert_eq!(v["totals"]["total"], 5);
    assert_eq!(v["totals"]["helpful"], 3);
    assert!(
        s.agent("GET", "/api/feedback/summary?language=ja", None).json()["articles"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Validation.
    let r = s.json(
        "POST",
        "/api/feedback",
        "8.8.8.5",
        &[],
        &json!({"article": "a", "language": "en"}),
    );
    assert_eq!((r.status, r.field()), (422, Some("helpful".to_owned())));
    let r = s.json(
        "POST",
        "/api/feedback",
        "8.8.8.5",
        &[],
        &json!({"article": "a", "language": "en", "helpful": "yes"}),
    );
    assert_eq!(r.status, 422, "JSON wants a real boolean");
    let r = s.form(
        "/api/feedback",
        "8.8.8.5",
        &[("Referer", &format!("{ORIGIN}/en/guides/x/"))],
        "article=a&language=en&helpful=maybe",
    );
    assert_eq!(
        r.header("location"),
        Some("/en/guides/x/?error=invalid_type&field=helpful#feedback-error")
    );
}

#[test]
fn search_misses_are_opt_in_and_aggregated() {
    let off = start(|_| {});
    assert_eq!(
        off.json(
            "POST",
            "/api/search-misses",
            "9.9.9.9",
            &[],
            &json!({"query": "x", "language": "en"})
        )
        .status,
        404
    );

    let s = start(|c| c.search_misses = true);
    for q in ["Refund  Policy", "refund policy", " REFUND policy ", "customs"] {
        let r = s.json(
            "POST",
            "/api/search-misses",
            "9.9.9.9",
            &[],
            &json!({"query": q, "language": "en"}),
        );
        assert_eq!(r.status, 204, "{}", r.text());
    }
    let v = s.agent("GET", "/api/search-misses", None).json();
    assert_eq!(v["misses"][0]["query"], "refund policy");
    assert_eq!(v["misses"][0]["count"], 3);
    assert_eq!(v["misses"][1]["count"], 1);
}
