//! The support pages of the example site over real HTTP, as `portico serve`
//! runs them (static site + edge API on one origin), with JavaScript off: the
//! forms are read from the built HTML, filled in and posted as a browser
//! would, and every redirect must land on a page that explains itself.

mod common;

use common::browser::{serve_with_edge, Served};
use common::{attrs, build_ok, example_root, sel, texts, Built};
use portico_test_support::http::{request, Resp};
use scraper::Html;

const AGENT_KEY: &str = "agent-key-of-the-support-test";

fn serve_example(built: &Built) -> Served {
    serve_with_edge(&built.out(), &built.dir.path().join("edge"), AGENT_KEY)
}

fn get(served: &Served, path: &str) -> Resp {
    request(served.addr, "GET", path, &[], b"")
}

/// The fields a browser would submit for `form` (hidden values as built),
/// with `fill` overriding or adding values, url-encoded.
fn form_body(doc: &Html, form: &str, fill: &[(&str, &str)]) -> (String, String) {
    let form_el = doc.select(&sel(form)).next().unwrap_or_else(|| panic!("no {form}"));
    let action = form_el.value().attr("action").unwrap().to_string();
    let mut fields: Vec<(String, String)> = form_el
        .select(&sel("input[name], textarea[name]"))
        .map(|e| {
            let v = e.value();
            (
                v.attr("name").unwrap().to_string(),
                v.attr("value").unwrap_or("").to_string(),
            )
        })
        .collect();
    for (name, value) in fill {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(f) => f.1 = value.to_string(),
            None => fields.push((name.to_string(), value.to_string())),
        }
    }
    let body = fields
        .iter()
        .map(|(n, v)| format!("{}={}", common::percent_encode(n), common::percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    (action, body)
}

fn post_form(served: &Served, action: &str, body: &str) -> Resp {
    let headers = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Origin", served.base.as_str()),
    ];
    request(served.addr, "POST", action, &headers, body.as_bytes())
}

/// Follows a 303 to a page of the site and returns (page, fragment).
fn follow(served: &Served, r: &Resp) -> (Html, String) {
    assert_eq!(r.status, 303, "{}", r.text());
    let location = r.header("location").unwrap();
    let (path, fragment) = location.split_once('#').unwrap_or((location, ""));
    let page = get(served, path);
    assert_eq!(page.status, 200, "{location}");
    (Html::parse_document(&page.text()), fragment.to_string())
}

/// The text of the element a redirect's fragment points at (CSS `:target`
/// shows it without JavaScript).
fn target_text(doc: &Html, fragment: &str) -> String {
    let found = texts(doc, &format!("[id=\"{fragment}\"]"));
    assert_eq!(found.len(), 1, "no single element with id {fragment}");
    found[0].clone()
}

#[test]
fn support_pages_and_feedback_widgets_are_built() {
    let built = build_ok(&example_root(), false);
    let form = built.html("en/support/index.html");
    assert_eq!(attrs(&form, "form.ticket-form", "action"), ["/api/tickets"]);
    assert_eq!(attrs(&form, "form.ticket-form", "method"), ["post"]);
    assert_eq!(attrs(&form, "form.ticket-form input[name=language]", "value"), ["en"]);
    let required = attrs(&form, "form.ticket-form [required]", "name");
    assert_eq!(required, ["name", "email", "subject", "body"]);
    let categories = texts(&form, "#ticket-category option");
    assert_eq!(
        categories[1..],
        ["Delivery and tracking", "Returns", "Billing", "API and integrations"]
    );
    let ja = built.html("ja/support/index.html");
    assert!(texts(&ja, "#ticket-category option").contains(&"配送と追跡".to_string()));
    assert_eq!(texts(&ja, "h1"), ["お問い合わせ"]);

    let status = built.html("en/support/status/index.html");
    assert_eq!(attrs(&status, "meta[name=robots]", "content"), ["noindex"]);
    assert_eq!(texts(&status, ".status-no-js").len(), 1);

    // Articles, docs pages and FAQ questions get the widget; listings don't.
    let guide = built.html("en/guides/set-up-webhooks/index.html");
    assert_eq!(
        attrs(&guide, "form.feedback-form input[name=article]", "value"),
        ["guides/set-up-webhooks"]
    );
    assert_eq!(
        attrs(&guide, ".feedback-help a", "href"),
        ["/en/support/?article=/en/guides/set-up-webhooks/"]
    );
    let docs = built.html("en/docs/v3/api/returns/index.html");
    assert_eq!(
        attrs(&docs, "form.feedback-form input[name=article]", "value"),
        ["docs/api/returns"]
    );
    assert_eq!(attrs(&docs, "form.feedback-form input[name=version]", "value"), ["v3"]);
    let ja_docs = built.html("ja/docs/v3/api/returns/index.html");
    assert_eq!(
        attrs(&ja_docs, "form.feedback-form input[name=language]", "value"),
        ["ja"]
    );
    assert_eq!(
        built
            .html("en/guides/index.html")
            .select(&sel("form.feedback-form"))
            .count(),
        0
    );
    assert!(attrs(&guide, "footer a", "href").contains(&"/en/support/".to_string()));
}

#[test]
fn support_can_be_switched_off() {
    let site = common::starter_site();
    let root = site.path().join("site");
    common::append(&root, "portico.yaml", "support:\n  enabled: false\n  feedback: false\n");
    let built = build_ok(&root, false);
    let files = built.html_files();
    assert!(!files.iter().any(|f| f.contains("support/")), "{files:?}");
    assert!(!files.iter().any(|f| built.read(f).contains("feedback-form")));
}

#[test]
fn bad_support_config_names_the_line() {
    let site = common::starter_site();
    let root = site.path().join("site");
    common::append(
        &root,
        "portico.yaml",
        "support:\n  categories:\n    - id: bad id\n      label: Bad\n",
    );
    let problems = common::build(&root, false).err().expect("the build must fail");
    let text = common::messages(&problems);
    assert!(text.contains("portico.yaml:") && text.contains("`bad id`"), "{text}");
}

#[test]
fn ticket_form_works_without_javascript() {
    let built = build_ok(&example_root(), false);
    let served = serve_example(&built);
    let page = Html::parse_document(&get(&served, "/en/support/").text());
    let fill = [
        ("name", "Ana Souza"),
        ("email", "ana@example.com"),
        ("subject", "Parcel shows delivered but never arrived"),
        ("body", "Tracking PB123 says delivered.\nNothing at the door."),
        ("category", "delivery"),
    ];
    let (action, body) = form_body(&page, "form.ticket-form", &fill);
    let r = post_form(&served, &action, &body);
    let location = r.header("location").unwrap_or_default().to_string();
    assert!(location.starts_with("/en/support/status/?id="), "{location}");
    let (status_page, fragment) = follow(&served, &r);
    assert_eq!(texts(&status_page, ".status-no-js").len(), 1);

    // The link's token (in the fragment) opens the ticket; nothing else does.
    let id = location.split("id=").nth(1).unwrap().split('#').next().unwrap();
    let token = fragment.strip_prefix("token=").expect("token in the fragment");
    let auth = format!("Bearer {token}");
    let view = request(
        served.addr,
        "GET",
        &format!("/api/tickets/{id}"),
        &[("Authorization", &auth)],
        b"",
    );
    assert_eq!(view.status, 200, "{}", view.text());
    assert_eq!(view.json()["subject"], fill[2].1);
    assert_eq!(view.json()["messages"][0]["body"], fill[3].1);

    // Refusals land back on the form, on a message that says what to fix.
    let cases: [(&[(&str, &str)], &str); 4] = [
        (&[("email", "ana")], "error-invalid_email"),
        (&[("name", "")], "error-required"),
        (&[("subject", "two\nlines")], "error-invalid_characters"),
        (&[("website", "https://spam.example")], "error-rejected"),
    ];
    for (change, expected) in cases {
        let mut fields = fill.to_vec();
        fields.extend_from_slice(change);
        let (action, body) = form_body(&page, "form.ticket-form", &fields);
        let r = post_form(&served, &action, &body);
        let (back, fragment) = follow(&served, &r);
        assert_eq!(fragment, expected, "{change:?}");
        assert!(r.header("location").unwrap().starts_with("/en/support/?error="));
        assert!(!target_text(&back, &fragment).is_empty());
    }
    let email_message = target_text(&page, "error-invalid_email");
    assert!(email_message.contains("ana@example.com"), "{email_message}");

    // Japanese readers are sent back to the Japanese form, in Japanese.
    let ja = Html::parse_document(&get(&served, "/ja/support/").text());
    let (action, body) = form_body(&ja, "form.ticket-form", &[]);
    let r = post_form(&served, &action, &body);
    assert!(r.header("location").unwrap().starts_with("/ja/support/?error=required"));
    let (back, fragment) = follow(&served, &r);
    assert!(target_text(&back, &fragment).contains("必須"));
}

#[test]
fn feedback_form_works_without_javascript_and_adds_up() {
    let built = build_ok(&example_root(), false);
    let served = serve_example(&built);
    for (page_path, vote) in [
        ("/en/guides/set-up-webhooks/", "no"),
        ("/ja/guides/set-up-webhooks/", "yes"),
    ] {
        let page = Html::parse_document(&get(&served, page_path).text());
        let (action, body) = form_body(
            &page,
            "form.feedback-form",
            &[("helpful", vote), ("comment", "The retry section lost me.")],
        );
        let r = post_form(&served, &action, &body);
        assert_eq!(
            r.header("location"),
            Some(format!("{page_path}?feedback=thanks#feedback-thanks").as_str())
        );
        let (back, fragment) = follow(&served, &r);
        assert!(!target_text(&back, &fragment).is_empty());
    }
    let auth = format!("Bearer {AGENT_KEY}");
    let summary = request(
        served.addr,
        "GET",
        "/api/feedback/summary",
        &[("Authorization", &auth)],
        b"",
    )
    .json();
    let rows = summary["articles"].as_array().unwrap();
    let row = |lang: &str| {
        rows.iter()
            .find(|r| r["article"] == "guides/set-up-webhooks" && r["language"] == lang)
            .unwrap_or_else(|| panic!("no {lang} row in {summary}"))
    };
    assert_eq!(
        (row("en")["helpful"].as_i64(), row("en")["not_helpful"].as_i64()),
        (Some(0), Some(1))
    );
    assert_eq!(
        (row("ja")["helpful"].as_i64(), row("ja")["comments"].as_i64()),
        (Some(1), Some(1))
    );
}
