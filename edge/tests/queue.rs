//! The agents' queue over real HTTP on the native host: every filter, text
//! search (trigram index and the short-text scan), both sorts, cursor pages
//! that neither skip nor repeat, the change feed, and 422s naming the bad
//! parameter. The Worker runs the same SQL on D1 (see worker.rs).

mod common;

use common::start;
use serde_json::{json, Value};

fn file(s: &common::TestServer, subject: &str, email: &str, category: &str, language: &str, body: &str) -> String {
    let t = json!({"name": "Customer", "email": email, "subject": subject, "body": body,
                   "category": category, "language": language});
    let r = s.json("POST", "/api/tickets", "10.1.0.1", &[], &t);
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["id"].as_str().unwrap().to_owned()
}

fn ids(r: &common::Resp) -> Vec<String> {
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn filters_search_and_sorts() {
    let s = start(|_| {});
    let parcel = file(
        &s,
        "Parcel never came",
        "ana@shop.example",
        "delivery",
        "en",
        "Tracking says delivered.",
    );
    let refund = file(
        &s,
        "Refund for order 1182",
        "bo@mail.example",
        "billing",
        "en",
        "I returned the blue lamp.",
    );
    let japanese = file(
        &s,
        "請求書について",
        "ken@mail.example",
        "billing",
        "ja",
        "請求書が届きません。",
    );
    let agent = s.add_agent_with_password("queue-agent@example.com", "agent");
    let browser = s.sign_in("queue-agent@example.com", "10.2.0.1");
    let r = s.agent(
        "PATCH",
        &format!("/api/tickets/{refund}"),
        Some(&json!({"assignee": agent, "status": "pending"})),
    );
    assert_eq!(r.status, 200, "{}", r.text());

    let q = |query: &str| sorted(ids(&s.agent("GET", &format!("/api/tickets?{query}"), None)));
    assert_eq!(q("status=open"), sorted(vec![parcel.clone(), japanese.clone()]));
    assert_eq!(
        q("status=open,pending"),
        sorted(vec![parcel.clone(), refund.clone(), japanese.clone()])
    );
    assert_eq!(q("status=solved"), Vec::<String>::new());
    assert_eq!(q("assignee=none"), sorted(vec![parcel.clone(), japanese.clone()]));
    assert_eq!(q(&format!("assignee={agent}")), vec![refund.clone()]);
    assert_eq!(q("category=billing"), sorted(vec![refund.clone(), japanese.clone()]));
    assert_eq!(q("category=billing&language=ja"), vec![japanese.clone()]);
    // "me" is the signed-in agent; the bootstrap key has no tickets.
    assert_eq!(
        sorted(ids(&s.browser(&browser, "GET", "/api/tickets?assignee=me", None))),
        vec![refund.clone()]
    );
    assert_eq!(q("assignee=me"), Vec::<String>::new());

    // Text: subject, message body, e-mail fragment, ticket number, CJK
    // without spaces, case-insensitive; two characters fall back to a scan.
    assert_eq!(q("q=never"), vec![parcel.clone()]);
    assert_eq!(q("q=BLUE%20LAMP"), vec![refund.clone()]);
    assert_eq!(q("q=mail.example"), sorted(vec![refund.clone(), japanese.clone()]));
    assert_eq!(q(&format!("q={}", &refund[3..])), vec![refund.clone()]);
    assert_eq!(q("q=%E8%AB%8B%E6%B1%82%E6%9B%B8"), vec![japanese.clone()]); // 請求書
    assert_eq!(q("q=%E5%B1%8A"), vec![japanese.clone()]); // 届, one character
    assert_eq!(q("q=lamp&status=open"), Vec::<String>::new());
    // Quotes and LIKE wildcards are text, not syntax.
    assert_eq!(q("q=%22%20OR%20%22"), Vec::<String>::new());
    assert_eq!(q("q=%25"), Vec::<String>::new());
    assert_eq!(q("q=_"), Vec::<String>::new());
    s.submit("10.1.0.2", "Filed last");
    let by_created = ids(&s.agent("GET", "/api/tickets?sort=created&order=asc&status=open,pending", None));
    assert_eq!(&by_created[..3], &[parcel.clone(), refund.clone(), japanese.clone()]);
    // The refund was updated last, so it leads by last update.
    let by_update = ids(&s.agent("GET", "/api/tickets?category=billing", None));
    assert_eq!(by_update.first(), Some(&refund));
}

#[test]
fn customer_replies_are_found_and_notes_are_not() {
    let s = start(|_| {});
    let (id, token, _) = s.submit("10.1.0.3", "Cannot log in");
    let auth = format!("Bearer {token}");
    let r = s.req(
        "POST",
        &format!("/api/tickets/{id}/comments"),
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
            ("CF-Connecting-IP", "10.1.0.3"),
        ],
        json!({"body": "The error says quokka-42."}).to_string().as_bytes(),
    );
    assert!(r.status == 200 || r.status == 201, "{}", r.text());
    let r = s.agent(
        "POST",
        &format!("/api/tickets/{id}/notes"),
        Some(&json!({"body": "Secret wombat remark"})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(ids(&s.agent("GET", "/api/tickets?q=quokka", None)), vec![id.clone()]);
    assert_eq!(
        ids(&s.agent("GET", "/api/tickets?q=wombat", None)),
        Vec::<String>::new()
    );
}

#[test]
fn cursor_pages_cover_every_ticket_once() {
    let s = start(|_| {});
    let mut filed: Vec<String> = (0..23)
        .map(|n| s.submit("10.1.1.1", &format!("Page test {n}")).0)
        .collect();
    filed.sort();
    for order in ["desc", "asc"] {
        for sort in ["updated", "created"] {
            let mut seen = Vec::new();
            let mut cursor: Option<String> = None;
            let mut pages = 0;
            loop {
                let mut path = format!("/api/tickets?limit=5&sort={sort}&order={order}");
                if let Some(c) = &cursor {
                    path.push_str(&format!("&cursor={c}"));
                }
                let r = s.agent("GET", &path, None);
                seen.extend(ids(&r));
                pages += 1;
                match r.json()["next_cursor"].as_str() {
                    Some(c) => cursor = Some(c.to_owned()),
                    None => break,
                }
            }
            assert_eq!(pages, 5, "{sort} {order}");
            let mut once = seen.clone();
            once.dedup();
            assert_eq!(once.len(), seen.len(), "a ticket repeated: {sort} {order}");
            assert_eq!(sorted(seen), filed, "{sort} {order}");
        }
    }
    // Exactly one page: no cursor.
    let r = s.agent("GET", "/api/tickets?limit=23", None);
    assert_eq!(ids(&r).len(), 23);
    assert_eq!(r.json()["next_cursor"], Value::Null);
}

#[test]
fn the_change_feed_returns_what_changed_since() {
    let s = start(|_| {});
    let (old, _, _) = s.submit("10.1.2.1", "Old one");
    let first = s.agent("GET", "/api/tickets", None).json();
    let seen_at = first["tickets"][0]["updated_at"].as_str().unwrap().to_owned();
    // Inclusive: the ticket seen at that time comes again, and the client
    // drops what it already has.
    assert!(ids(&s.agent("GET", &format!("/api/tickets?updated_since={seen_at}"), None)).contains(&old));
    s.state.clock.advance(2_000);
    let (new, _, _) = s.submit("10.1.2.2", "New one");
    let later = rfc3339_after(&seen_at);
    assert_eq!(
        ids(&s.agent("GET", &format!("/api/tickets?updated_since={later}"), None)),
        vec![new]
    );
}

/// One second after an RFC 3339 time as the API writes it.
fn rfc3339_after(t: &str) -> String {
    let ms = portico_edge::clock::parse_rfc3339(t).unwrap();
    portico_edge::clock::rfc3339(ms + 1_000)
}

#[test]
fn bad_parameters_are_422_naming_them() {
    let s = start(|_| {});
    for (query, field) in [
        ("status=open,closed", "status"),
        ("sort=priority", "sort"),
        ("order=up", "order"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=nonsense", "cursor"),
        ("cursor=12.a%27b", "cursor"),
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=2026-11-25T19:22:21%2B01:00", "updated_since"),
        ("language=../etc", "language"),
    ] {
        let r = s.agent("GET", &format!("/api/tickets?{query}"), None);
        assert_eq!(r.status, 422, "{query}: {}", r.text());
        assert_eq!(r.json()["error"]["field"], field, "{query}: {}", r.text());
    }
    let r = s.agent("GET", "/api/tickets?colour=red", None);
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.text().contains("colour"), "{}", r.text());
    let long = "x".repeat(201);
    assert_eq!(s.agent("GET", &format!("/api/tickets?q={long}"), None).status, 422);
    // Customers and anonymous clients never reach the queue.
    assert_eq!(s.req("GET", "/api/tickets", &[], b"").status, 401);
}
