//! Ticket API over real HTTP: the customer/agent lifecycle, uniform 404s,
//! idempotent retries, validation limits, no-JS form posts, Origin policy and
//! rate limits.

mod common;

use common::{start, ticket, token_of, ORIGIN};
use serde_json::json;
use std::time::Duration;

#[test]
fn submit_view_reply_and_agent_update_round_trip() {
    let s = start(|_| {});
    let (id, token, url) = s.submit("1.1.1.1", "Parcel missing");
    assert!(id.starts_with("PB-") && id.len() == 9, "{id}");
    assert!(url.starts_with(&format!("/en/support/status/?id={id}#token=")), "{url}");
    assert!(token.len() >= 32, "token has at least 128 bits");

    let r = s.view(&id, &token, "1.1.1.1");
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["status"], "open");
    assert_eq!(v["subject"], "Parcel missing");
    assert_eq!(v["messages"].as_array().unwrap().len(), 1);
    assert!(v.get("email").is_none(), "the status view does not echo PII");
    for h in [
        "x-content-type-options",
        "referrer-policy",
        "content-security-policy",
        "x-frame-options",
    ] {
        assert!(r.header(h).is_some(), "missing security header {h}");
    }
    assert_eq!(r.header("cache-control"), Some("no-store"));

    let auth = format!("Bearer {token}");
    let r = s.json(
        "POST",
        &format!("/api/tickets/{id}/comments"),
        "1.1.1.1",
        &[("Authorization", &auth)],
        &json!({"body": "Any news?"}),
    );
    assert_eq!(r.status, 201, "{}", r.text());

    let r = s.agent(
        "PATCH",
        &format!("/api/tickets/{id}"),
        Some(&json!({"status": "pending", "reply": "We asked the courier."})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = s.agent("GET", "/api/tickets?status=pending", None);
    assert_eq!(r.status, 200);
    let listed = r.json()["tickets"].as_array().unwrap().clone();
    assert!(listed
        .iter()
        .any(|t| t["id"] == json!(id) && t["email"] == "ana@example.com"));
    assert!(s.agent("GET", "/api/tickets?status=open", None).json()["tickets"]
        .as_array()
        .unwrap()
        .is_empty());

    let r = s.agent(
        "POST",
        &format!("/api/tickets/{id}/replies"),
        Some(&json!({"body": "Found it!", "status": "solved"})),
    );
    assert_eq!(r.status, 201, "{}", r.text());

    let v = s.view(&id, &token, "1.1.1.1").json();
    assert_eq!(v["status"], "solved");
    let thread: Vec<(String, String)> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["author"].as_str().unwrap().to_owned(),
                m["body"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(thread[1], ("customer".into(), "Any news?".into()));
    assert_eq!(thread[2], ("agent".into(), "We asked the courier.".into()));
    assert_eq!(thread[3], ("agent".into(), "Found it!".into()));

    // A customer reply re-opens a solved ticket.
    s.json(
        "POST",
        &format!("/api/tickets/{id}/comments"),
        "1.1.1.1",
        &[("Authorization", &auth)],
        &json!({"body": "Thanks"}),
    );
    assert_eq!(s.view(&id, &token, "1.1.1.1").json()["status"], "open");
}

#[test]
fn wrong_token_missing_token_and_unknown_id_are_the_same_404() {
    let s = start(|_| {});
    let (id, token, _) = s.submit("2.2.2.2", "Secret");
    let wrong = s.view(&id, &"0".repeat(48), "2.2.2.2");
    let unknown = s.view("PB-ZZZZZZ", &token, "2.2.2.2");
    let missing = s.req("GET", &format!("/api/tickets/{id}"), &[], b"");
    for r in [&wrong, &unknown, &missing] {
        assert_eq!(r.status, 404);
    }
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.body, missing.body);
    let r = s.json(
        "POST",
        &format!("/api/tickets/{id}/comments"),
        "2.2.2.2",
        &[("Authorization", "Bearer nope")],
        &json!({"body": "x"}),
    );
    assert_eq!(r.status, 404);
    // Agent routes need the agent key.
    assert_eq!(
        s.req(
            "GET",
            "/api/tickets?status=open",
            &[("Authorization", &format!("Bearer {token}"))],
            b""
        )
        .status,
        401
    );
    assert_eq!(s.req("GET", "/api/nothing-here", &[], b"").status, 404);
}

#[test]
fn idempotent_retries_return_the_same_ticket() {
    let s = start(|_| {});
    let key = [("Idempotency-Key", "6f1c7d3e-retry-1")];
    let first = s.json("POST", "/api/tickets", "3.3.3.3", &key, &ticket("Retry me"));
    let again = s.json("POST", "/api/tickets", "3.3.3.3", &key, &ticket("Retry me"));
    assert_eq!(first.status, 201);
    assert_eq!(again.status, 201);
    assert_eq!(first.json(), again.json(), "same id and the same working status link");
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    let v = first.json();
    let (id, token) = (v["id"].as_str().unwrap(), token_of(v["status_url"].as_str().unwrap()));
    assert_eq!(s.view(id, &token, "3.3.3.3").status, 200);
    assert_eq!(
        s.agent("GET", "/api/tickets", None).json()["tickets"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Same key, different content: a new ticket, never someone else's.
    let other = s.json("POST", "/api/tickets", "3.3.3.3", &key, &ticket("Something else"));
    assert_ne!(other.json()["id"], v["id"]);
    // Without a key, two submissions are two tickets.
    assert_ne!(s.submit("3.3.3.3", "No key").0, s.submit("3.3.3.3", "No key").0);

    // A form nonce works like the header.
    let form = "name=Ana&email=ana%40example.com&subject=Form+retry&body=Hello&language=en&nonce=n-123";
    let a = s.form("/api/tickets", "3.3.3.4", &[], form);
    let b = s.form("/api/tickets", "3.3.3.4", &[], form);
    assert_eq!(a.status, 303);
    assert_eq!(a.header("location"), b.header("location"));
}

#[test]
fn validation_limits_answer_with_the_right_status_code_and_field() {
    let s = start(|_| {});
    let with = |k: &str, v: serde_json::Value| {
        let mut t = ticket("Valid");
        t[k] = v;
        t
    };
    let without = |k: &str| {
        let mut t = ticket("Valid");
        t.as_object_mut().unwrap().remove(k);
        t
    };
    let cases: Vec<(serde_json::Value, u16, &str, Option<&str>)> = vec![
        (without("name"), 422, "required", Some("name")),
        (without("email"), 422, "required", Some("email")),
        (without("subject"), 422, "required", Some("subject")),
        (without("body"), 422, "required", Some("body")),
        (with("name", json!("   ")), 422, "required", Some("name")),
        (
            with("email", json!("ana.example.com")),
            422,
            "invalid_email",
            Some("email"),
        ),
        (with("email", json!("ana@example")), 422, "invalid_email", Some("email")),
        (
            with("subject", json!("x".repeat(201))),
            422,
            "too_long",
            Some("subject"),
        ),
        (with("name", json!("a\u{0}b")), 422, "invalid_characters", Some("name")),
        (
            with("body", json!("x".repeat(64 * 1024 + 1))),
            422,
            "too_long",
            Some("body"),
        ),
        (with("language", json!("en/../x")), 422, "invalid", Some("language")),
        (with("name", json!(42)), 422, "invalid_type", Some("name")),
        (with("website", json!("http://spam.example")), 422, "rejected", None),
        (with("surprise", json!(1)), 400, "unknown_field", None),
    ];
    for (body, status, code, field) in cases {
        let r = s.json("POST", "/api/tickets", "4.4.4.4", &[], &body);
        assert_eq!(
            (r.status, r.code(), r.field()),
            (status, code.to_owned(), field.map(str::to_owned)),
            "{body:.200}"
        );
        assert!(!r.json()["error"]["message"].as_str().unwrap().is_empty());
    }
    // Exactly 64 KB of body is fine.
    assert_eq!(
        s.json(
            "POST",
            "/api/tickets",
            "4.4.4.4",
            &[],
            &with("body", json!("x".repeat(64 * 1024)))
        )
        .status,
        201
    );

    let post = |ct: &str, body: &[u8]| {
        s.req(
            "POST",
            "/api/tickets",
            &[("Content-Type", ct), ("CF-Connecting-IP", "4.4.4.4")],
            body,
        )
    };
    let r = post("application/json", &vec![b' '; 256 * 1024 + 1]);
    assert_eq!((r.status, r.code()), (413, "too_large".to_owned()));
    let r = post("text/plain", b"hello");
    assert_eq!((r.status, r.code()), (415, "unsupported_media_type".to_owned()));
    let r = post("application/json; charset=latin1", b"{}");
    assert_eq!(r.status, 415);
    let r = post("application/json", b"{\"name\": ");
    assert_eq!((r.status, r.code()), (400, "invalid_json".to_owned()));
    let r = post("application/json", b"[1,2]");
    assert_eq!((r.status, r.code()), (400, "invalid_json".to_owned()));
    let r = post("application/json", b"{\"name\": \"\xff\"}");
    assert_eq!((r.status, r.code()), (400, "invalid_utf8".to_owned()));
    let r = s.json(
        "POST",
        "/api/tickets",
        "4.4.4.4",
        &[("Idempotency-Key", "has space")],
        &ticket("k"),
    );
    assert_eq!((r.status, r.code()), (400, "invalid_idempotency_key".to_owned()));
}

#[test]
fn form_posts_redirect_to_the_status_page_or_back_to_the_form() {
    let s = start(|_| {});
    let body = "name=Ana+Souza&email=ana%40example.com&subject=No+JS&body=Line+1%0ALine+2&language=ja&category=billing";
    let r = s.form("/api/tickets", "5.5.5.5", &[], body);
    assert_eq!(r.status, 303, "{}", r.text());
    let location = r.header("location").unwrap().to_owned();
    assert!(location.starts_with("/ja/support/status/?id=PB-"), "{location}");
    let id = location.split("id=").nth(1).unwrap().split('#').next().unwrap();
    let v = s.view(id, &token_of(&location), "5.5.5.5").json();
    assert_eq!(v["messages"][0]["body"], "Line 1\nLine 2");

    let referer = format!("{ORIGIN}/en/support/?from=faq");
    let r = s.form(
        "/api/tickets",
        "5.5.5.5",
        &[("Referer", &referer)],
        "name=Ana&subject=x&body=y&email=nope",
    );
    assert_eq!(r.status, 303);
    assert_eq!(
        r.header("location"),
        Some("/en/support/?error=invalid_email&field=email#error-invalid_email")
    );
    let r = s.form(
        "/api/tickets",
        "5.5.5.5",
        &[],
        "name=Ana&subject=x&body=y&return_to=%2Fja%2Fsupport%2F",
    );
    assert_eq!(
        r.header("location"),
        Some("/ja/support/?error=required&field=email#error-required")
    );
    // return_to cannot send people off-site.
    let r = s.form(
        "/api/tickets",
        "5.5.5.5",
        &[],
        "name=Ana&subject=x&body=y&return_to=%2F%2Fevil.example%2F",
    );
    assert_eq!(
        r.header("location"),
        Some("/en/support/?error=required&field=email#error-required")
    );
}

#[test]
fn origin_policy_refuses_foreign_sites_and_cors_allows_only_ours() {
    let s = start(|_| {});
    let body = "name=Ana&email=ana%40example.com&subject=CSRF&body=Hi";
    let form = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("CF-Connecting-IP", "6.6.6.6"),
    ];
    let evil = s.req(
        "POST",
        "/api/tickets",
        &[form[0], form[1], ("Origin", "https://evil.example")],
        body.as_bytes(),
    );
    assert_eq!((evil.status, evil.code()), (403, "forbidden_origin".to_owned()));
    let no_origin = s.req("POST", "/api/tickets", &form, body.as_bytes());
    assert_eq!(no_origin.status, 403, "a form post must prove where it came from");
    let referer_ok = s.req(
        "POST",
        "/api/tickets",
        &[form[0], form[1], ("Referer", &format!("{ORIGIN}/en/support/"))],
        body.as_bytes(),
    );
    assert_eq!(referer_ok.status, 303);
    let json_evil = s.json(
        "POST",
        "/api/tickets",
        "6.6.6.6",
        &[("Origin", "https://evil.example")],
        &ticket("x"),
    );
    assert_eq!(json_evil.status, 403);
    assert!(evil.header("x-content-type-options").is_some());

    let pre = |origin: &str| {
        s.req(
            "OPTIONS",
            "/api/tickets",
            &[("Origin", origin), ("Access-Control-Request-Method", "POST")],
            b"",
        )
    };
    let ours = pre(ORIGIN);
    assert_eq!(ours.header("access-control-allow-origin"), Some(ORIGIN));
    assert!(ours
        .header("access-control-allow-headers")
        .unwrap()
        .contains("idempotency-key"));
    assert_eq!(pre("https://evil.example").header("access-control-allow-origin"), None);
    let r = s.json(
        "POST",
        "/api/tickets",
        "6.6.6.7",
        &[("Origin", ORIGIN)],
        &ticket("cors"),
    );
    assert_eq!((r.status, r.header("access-control-allow-origin")), (201, Some(ORIGIN)));
}

/// Sleeps until just after the start of a fixed rate-limit window, so a burst
/// lands in one window.
fn align_to_window(window_ms: u64) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    std::thread::sleep(Duration::from_millis(window_ms - now % window_ms + 20));
}

#[test]
fn rate_limits_trip_and_recover() {
    let window = 1500;
    let s = start(|c| {
        c.limits.window_ms = window as i64;
        c.limits.writes = 3;
        c.limits.failed_lookups = 2;
    });
    align_to_window(window);
    for i in 0..3 {
        assert_eq!(
            s.json("POST", "/api/tickets", "7.7.7.7", &[], &ticket(&format!("t{i}")))
                .status,
            201
        );
    }
    let r = s.json("POST", "/api/tickets", "7.7.7.7", &[], &ticket("too many"));
    assert_eq!((r.status, r.code()), (429, "rate_limited".to_owned()));
    assert!(r.header("retry-after").unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(
        s.json("POST", "/api/tickets", "7.7.7.8", &[], &ticket("another client"))
            .status,
        201
    );
    // Form posts get the same limit, sent back to the form.
    let f = s.form("/api/tickets", "7.7.7.7", &[], "name=A&email=a%40b.co&subject=s&body=b");
    assert_eq!(
        f.header("location"),
        Some("/en/support/?error=rate_limited#error-rate_limited")
    );
    std::thread::sleep(Duration::from_millis(window));
    let (id, token, _) = s.submit("7.7.7.7", "after the window");

    // Failed look-ups: two misses, then even the right token is refused…
    align_to_window(window);
    assert_eq!(s.view(&id, "bad", "7.7.7.9").status, 404);
    assert_eq!(s.view("PB-NOPE22", "bad", "7.7.7.9").status, 404);
    assert_eq!(s.view(&id, &token, "7.7.7.9").status, 429);
    assert_eq!(
        s.view(&id, &token, "7.7.7.7").status,
        200,
        "other clients are unaffected"
    );
    // …until the window passes.
    std::thread::sleep(Duration::from_millis(window));
    assert_eq!(s.view(&id, &token, "7.7.7.9").status, 200);
}

#[test]
fn extra_origins_are_accepted_and_turnstile_is_enforced_when_configured() {
    // A fake siteverify endpoint: accepts the token "good", refuses others.
    let verify = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let verify_url = format!("http://{}/siteverify", verify.local_addr().unwrap());
    std::thread::spawn(move || {
        use std::io::{BufRead, BufReader, Read, Write};
        for stream in verify.incoming() {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut line, mut len) = (String::new(), 0);
            while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap();
                }
                line.clear();
            }
            let mut body = vec![0; len];
            reader.read_exact(&mut body).unwrap();
            let body = String::from_utf8(body).unwrap();
            assert!(body.contains("secret=ts%2Dsecret"), "{body}");
            let ok = body.contains("response=good");
            let reply = format!("{{\"success\": {ok}}}");
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                reply.len()
            );
            stream.write_all(format!("{head}{reply}").as_bytes()).unwrap();
        }
    });
    let s = start(|c| {
        c.extra_origins = vec!["http://localhost:1111".into()];
        c.turnstile_secret = Some("ts-secret".into());
        c.turnstile_verify_url = verify_url;
    });
    let mut t = ticket("Turnstile");
    let r = s.json("POST", "/api/tickets", "6.1.1.1", &[], &t);
    assert_eq!((r.status, r.code()), (422, "turnstile_required".to_owned()));
    t["turnstile_token"] = json!("bad");
    let r = s.json("POST", "/api/tickets", "6.1.1.1", &[], &t);
    assert_eq!((r.status, r.code()), (422, "turnstile_failed".to_owned()));
    t["turnstile_token"] = json!("good");
    assert_eq!(s.json("POST", "/api/tickets", "6.1.1.1", &[], &t).status, 201);

    let form = "name=Ana&email=ana%40example.com&subject=Hi&body=Hello&cf-turnstile-response=good";
    let headers = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Origin", "http://localhost:1111"),
    ];
    assert_eq!(s.req("POST", "/api/tickets", &headers, form.as_bytes()).status, 303);
    let referer = [headers[0], ("Referer", "http://localhost:1111/en/support/")];
    assert_eq!(s.req("POST", "/api/tickets", &referer, form.as_bytes()).status, 303);
    let lookalike = [headers[0], ("Referer", "http://localhost:11112/en/support/")];
    assert_eq!(s.req("POST", "/api/tickets", &lookalike, form.as_bytes()).status, 403);
}

#[test]
fn the_router_merges_next_to_a_static_site_with_a_fallback() {
    // What `portico serve` does: the edge routes beside a site router that
    // owns the fallback (merging two fallbacks would panic).
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let state = portico_edge::native::state(
        portico_edge::EdgeConfig::new(ORIGIN, "salt"),
        dir.path().join("e.sqlite"),
    )
    .unwrap();
    let site = axum::Router::new().fallback(|| async { "static page" });
    let app = portico_edge::router(state).merge(site);
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || rt.block_on(portico_edge::native::serve(listener, app)));
    let page = common::request(addr, "GET", "/en/support/", &[], b"");
    assert_eq!((page.status, page.text().as_str()), (200, "static page"));
    assert!(
        page.header("content-security-policy").is_none(),
        "the site keeps its own headers"
    );
    let api = common::request(addr, "GET", "/api/nope", &[], b"");
    assert_eq!((api.status, api.code()), (404, "not_found".to_owned()));
    let r = common::request(
        addr,
        "POST",
        "/api/tickets",
        &[("Content-Type", "application/json")],
        ticket("m").to_string().as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
}
