//! The HTTP contract checked against the real Worker (wasm32 build on
//! workerd with local D1, started by `wrangler dev` from the repository's
//! wrangler.toml). `tests/edge/with-worker.sh` builds and starts it and sets
//! `PORTICO_EDGE_WORKER_URL`; without that the tests are skipped, unless
//! `PORTICO_REQUIRE_WORKER=1` (as `./scripts/test` sets) makes that a failure.
//!
//! `PORTICO_EDGE_WORKER_AGENT_KEY` (default `dev-agent-key`) must match the
//! Worker's agent key; the site origin is the URL itself (the `SITE_ORIGIN`
//! var, set by with-worker.sh). The database persists between runs, so every
//! run uses fresh subjects and article keys.

mod common;

use common::{request, token_of, Resp};
use portico_test_support::http::{agent_request, json_request};
use serde_json::{json, Value};
use std::net::{SocketAddr, ToSocketAddrs};

struct Worker {
    addr: SocketAddr,
    origin: String,
    agent: String,
    run: String,
}

fn worker() -> Option<Worker> {
    let url = std::env::var("PORTICO_EDGE_WORKER_URL").ok()?;
    let origin = url.trim_end_matches('/').to_owned();
    let host = origin.strip_prefix("http://").expect("an http:// URL");
    let addr = host.to_socket_addrs().unwrap().next().unwrap();
    let agent = std::env::var("PORTICO_EDGE_WORKER_AGENT_KEY").unwrap_or_else(|_| "dev-agent-key".into());
    let run = format!(
        "{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    Some(Worker {
        addr,
        origin,
        agent,
        run,
    })
}

impl Worker {
    fn json(&self, method: &str, path: &str, extra: &[(&str, &str)], body: &Value) -> Resp {
        json_request(self.addr, method, path, extra, body)
    }
    fn agent(&self, method: &str, path: &str, body: &Value) -> Resp {
        agent_request(self.addr, &self.agent, method, path, &[], Some(body))
    }
    fn ticket(&self, subject: &str) -> Value {
        json!({"name": "Ana", "email": "ana@example.com", "subject": format!("{subject} {}", self.run),
               "body": "Hello from the Worker test", "language": "en"})
    }
}

#[test]
fn worker_serves_the_same_contract() {
    let Some(w) = worker() else {
        if std::env::var("PORTICO_REQUIRE_WORKER").as_deref() == Ok("1") {
            panic!("PORTICO_REQUIRE_WORKER=1 but PORTICO_EDGE_WORKER_URL is not set (run tests/edge/with-worker.sh)");
        }
        eprintln!("skipped: set PORTICO_EDGE_WORKER_URL to test a running Worker (tests/edge/with-worker.sh)");
        return;
    };
    // Submit → status → customer reply → agent change → customer sees it.
    let r = w.json("POST", "/api/tickets", &[], &w.ticket("Lifecycle"));
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    let (id, token) = (
        v["id"].as_str().unwrap().to_owned(),
        token_of(v["status_url"].as_str().unwrap()),
    );
    let auth = format!("Bearer {token}");
    let view = |auth: &str, id: &str| {
        request(
            w.addr,
            "GET",
            &format!("/api/tickets/{id}"),
            &[("Authorization", auth)],
            b"",
        )
    };
    assert_eq!(view(&auth, &id).json()["status"], "open");
    assert!(view(&auth, &id).header("x-content-type-options").is_some());
    let r = w.json(
        "POST",
        &format!("/api/tickets/{id}/comments"),
        &[("Authorization", &auth)],
        &json!({"body": "More"}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let r = w.agent(
        "PATCH",
        &format!("/api/tickets/{id}"),
        &json!({"status": "solved", "reply": "Done"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = view(&auth, &id).json();
    assert_eq!(v["status"], "solved");
    assert_eq!(v["messages"].as_array().unwrap().len(), 3);

    // Uniform 404s.
    let wrong = view("Bearer 00", &id);
    let unknown = view(&auth, "PB-ZZZZZZ");
    assert_eq!((wrong.status, unknown.status), (404, 404));
    assert_eq!(wrong.body, unknown.body);

    // Idempotent retry.
    let key = format!("key-{}", w.run);
    let a = w.json("POST", "/api/tickets", &[("Idempotency-Key", &key)], &w.ticket("Retry"));
    let b = w.json("POST", "/api/tickets", &[("Idempotency-Key", &key)], &w.ticket("Retry"));
    assert_eq!((a.status, b.status), (201, 201));
    assert_eq!(a.json(), b.json());

    // Validation and limits.
    let mut t = w.ticket("Invalid");
    t["email"] = json!("nope");
    let r = w.json("POST", "/api/tickets", &[], &t);
    assert_eq!(
        (r.status, r.code(), r.field()),
        (422, "invalid_email".into(), Some("email".into()))
    );
    let r = request(w.addr, "POST", "/api/tickets", &[("Content-Type", "text/plain")], b"x");
    assert_eq!(r.status, 415);
    let r = request(
        w.addr,
        "POST",
        "/api/tickets",
        &[("Content-Type", "application/json")],
        &vec![b' '; 256 * 1024 + 1],
    );
    assert_eq!(r.status, 413);
    let r = request(
        w.addr,
        "POST",
        "/api/tickets",
        &[("Content-Type", "application/json")],
        b"{",
    );
    assert_eq!(r.status, 400);

    // No-JS form post and the Origin check.
    let form = format!("name=Ana&email=ana%40example.com&subject=Form+{}&body=Hi", w.run);
    let ct = ("Content-Type", "application/x-www-form-urlencoded");
    let r = request(
        w.addr,
        "POST",
        "/api/tickets",
        &[ct, ("Origin", &w.origin)],
        form.as_bytes(),
    );
    assert_eq!(r.status, 303);
    assert!(r.header("location").unwrap().starts_with("/en/support/status/?id=PB-"));
    let r = request(
        w.addr,
        "POST",
        "/api/tickets",
        &[ct, ("Origin", "https://evil.example")],
        form.as_bytes(),
    );
    assert_eq!(r.status, 403);

    // Feedback dedupes per client and day; the summary counts it once.
    let article = format!("faq/worker-{}", w.run);
    for helpful in [true, false] {
        let r = w.json(
            "POST",
            "/api/feedback",
            &[],
            &json!({"article": article, "language": "en", "helpful": helpful}),
        );
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let s = w.agent("GET", "/api/feedback/summary", &json!({}));
    let row = s.json()["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["article"] == json!(article))
        .cloned()
        .unwrap();
    assert_eq!((row["total"].as_i64(), row["not_helpful"].as_i64()), (Some(1), Some(1)));
}

/// Agents on the Worker (D1, wasm32 Argon2id): the bootstrap key creates an
/// account and its set-up link, the password is set and signs in, the
/// session answers `me`, a signed-in write without its CSRF token is
/// refused and with it goes through, refusals look alike, and the audit log
/// has the sign-in. Prints the wall time of the requests that hash
/// (set-up) and verify (sign-in) a password on workerd.
#[test]
fn worker_signs_agents_in_with_sessions_and_csrf() {
    let Some(w) = worker() else {
        return; // reported by worker_serves_the_same_contract
    };
    let email = format!("agent-{}@example.com", w.run);
    let r = w.agent(
        "POST",
        "/api/agents",
        &json!({"email": email, "name": "Worker Agent", "role": "agent"}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["agent"]["id"].as_str().unwrap().to_owned();
    let r = w.agent("POST", &format!("/api/agents/{id}/setup-link"), &json!({}));
    assert_eq!(r.status, 201, "{}", r.text());
    let url = r.json()["setup_url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&format!("{}/agent/setup/#token=", w.origin)), "{url}");
    let token = url.split("#token=").nth(1).unwrap().to_owned();
    let password = "a worker password";
    let started = std::time::Instant::now();
    let r = w.json(
        "POST",
        "/api/agent/setup",
        &[],
        &json!({"token": token, "password": password}),
    );
    let hashed = started.elapsed();
    assert_eq!(r.status, 200, "{}", r.text());

    let origin = [("Origin", w.origin.as_str())];
    let sign_in = |password: &str, email: &str| {
        w.json(
            "POST",
            "/api/agent/sign-in",
            &origin,
            &json!({"email": email, "password": password}),
        )
    };
    let started = std::time::Instant::now();
    let r = sign_in(password, &email);
    let verified = started.elapsed();
    assert_eq!(r.status, 200, "{}", r.text());
    eprintln!("workerd wall time: set-up (Argon2id hash) {hashed:?}, sign-in (verify) {verified:?}");
    let set = r.header("set-cookie").unwrap().to_owned();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"), "{set}");
    let cookie = set.split(';').next().unwrap().to_owned();
    let csrf = r.json()["csrf_token"].as_str().unwrap().to_owned();
    let me = request(w.addr, "GET", "/api/agent/me", &[("Cookie", &cookie)], b"");
    assert_eq!(me.status, 200, "{}", me.text());
    assert_eq!(
        (me.json()["via"].as_str(), me.json()["agent"]["id"].as_str()),
        (Some("session"), Some(id.as_str()))
    );

    // A signed-in write: refused without the CSRF token, done with it.
    let r = w.json("POST", "/api/tickets", &[], &w.ticket("Agent session"));
    let ticket = r.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/tickets/{ticket}");
    let body = json!({"status": "pending"});
    let r = w.json("PATCH", &path, &[("Cookie", &cookie), ("Origin", &w.origin)], &body);
    assert_eq!((r.status, r.code().as_str()), (403, "csrf_failed"));
    let r = w.json(
        "PATCH",
        &path,
        &[
            ("Cookie", &cookie),
            ("X-CSRF-Token", &csrf),
            ("Origin", "https://evil.example"),
        ],
        &body,
    );
    assert_eq!(r.status, 403);
    let r = w.json(
        "PATCH",
        &path,
        &[("Cookie", &cookie), ("Origin", &w.origin), ("X-CSRF-Token", &csrf)],
        &body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // Only admins manage agents.
    let r = request(w.addr, "GET", "/api/agents", &[("Cookie", &cookie)], b"");
    assert_eq!(r.status, 403);

    // Refusals look alike; the audit log has the sign-in and the change.
    let wrong = sign_in("not the right one", &email);
    let unknown = sign_in("not the right one", &format!("nobody-{}@example.com", w.run));
    assert_eq!((wrong.status, unknown.status), (401, 401));
    assert_eq!(wrong.body, unknown.body);
    let audit = w.agent("GET", &format!("/api/audit?actor={id}"), &json!({}));
    let actions: Vec<String> = audit.json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    for action in ["agent.sign_in", "agent.password_set", "ticket.status_changed"] {
        assert!(actions.iter().any(|a| a == action), "no {action} in {actions:?}");
    }
    let r = request(
        w.addr,
        "POST",
        "/api/agent/sign-out",
        &[("Cookie", &cookie), ("Origin", &w.origin), ("X-CSRF-Token", &csrf)],
        b"",
    );
    assert_eq!(r.status, 204);
    let me = request(w.addr, "GET", "/api/agent/me", &[("Cookie", &cookie)], b"");
    assert_eq!(me.status, 401);
}

/// The deployable configuration (the repository's wrangler.toml): pages come
/// from the static assets with their 404 page, only `/api/*` reaches the
/// Worker. Runs when tests/edge/with-worker.sh serves the built example site.
#[test]
fn assets_and_api_share_one_origin() {
    let Some(w) = worker() else {
        return; // reported by worker_serves_the_same_contract
    };
    if std::env::var("PORTICO_EDGE_WORKER_ASSETS").as_deref() != Ok("1") {
        eprintln!("skipped: the Worker runs without the site's assets");
        return;
    }
    let page = request(w.addr, "GET", "/en/support/", &[], b"");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("action=\"/api/tickets\""),
        "the ticket form is served"
    );
    let missing = request(w.addr, "GET", "/en/no-such-page/", &[], b"");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("<html"),
        "the site's 404 page, not the API's JSON"
    );
    let api = request(w.addr, "GET", "/api/no-such-route", &[], b"");
    assert_eq!(api.status, 404);
    assert_eq!(api.json()["error"]["code"], "not_found");
    // A no-JS form post from the served page lands on the served status page.
    let origin = w.origin.clone();
    let form = format!(
        "name=Ana&email=ana%40example.com&subject=Assets+{}&body=Hi&language=en",
        w.run
    );
    let r = request(
        w.addr,
        "POST",
        "/api/tickets",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", &origin),
        ],
        form.as_bytes(),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let location = r.header("location").unwrap().split('#').next().unwrap().to_owned();
    let status_page = request(w.addr, "GET", &location, &[], b"");
    assert_eq!(status_page.status, 200, "{location}");
    assert!(status_page.text().contains("status-no-js"));
}

/// The Worker's own outbound path (workerd's fetch under `ctx.wait_until`):
/// a new ticket reaches the helpdesk webhook. (Retries and backoff are the
/// same code natively, tested in webhook.rs.) with-worker.sh points
/// `WEBHOOK_URL` at PORTICO_EDGE_WORKER_HOOK_PORT.
#[test]
fn worker_delivers_webhooks_through_fetch() {
    let Some(w) = worker() else {
        return; // reported by worker_serves_the_same_contract
    };
    let Ok(port) = std::env::var("PORTICO_EDGE_WORKER_HOOK_PORT") else {
        eprintln!("skipped: no webhook receiver port (the Worker runs without WEBHOOK_URL)");
        return;
    };
    let (_, seen) = portico_test_support::receiver::receiver_on(&format!("127.0.0.1:{port}"), 0);
    let r = w.json("POST", "/api/tickets", &[], &w.ticket(&format!("Webhook {}", w.run)));
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !seen.lock().unwrap().iter().any(|(_, v)| v.to_string().contains(&id)) {
        assert!(
            std::time::Instant::now() < deadline,
            "ticket {id} never reached the webhook receiver"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// Single sign-on on workerd: the Worker reaches the OpenID Connect provider
/// that with-worker.sh started (PORTICO_EDGE_WORKER_OIDC_ISSUER) through
/// `fetch()`, verifies its ID token and opens an SSO session; a first
/// sign-in with the admin role claim creates the agent as an admin.
#[test]
fn worker_signs_agents_in_with_sso() {
    let Some(w) = worker() else {
        return; // reported by worker_serves_the_same_contract
    };
    let Ok(issuer) = std::env::var("PORTICO_EDGE_WORKER_OIDC_ISSUER") else {
        assert_ne!(
            std::env::var("PORTICO_REQUIRE_WORKER").as_deref(),
            Ok("1"),
            "PORTICO_EDGE_WORKER_OIDC_ISSUER is not set (run tests/edge/with-worker.sh)"
        );
        return;
    };
    let email = format!("sso-{}@example.com", w.run);
    let claims = json!({"email": email, "email_verified": true, "roles": ["portico-admin"]});
    let t = common::oidc::trip(w.addr, &w.origin, &issuer, &format!("sub-{}", w.run), &claims);
    assert_eq!(t.answer.status, 302, "{}", t.answer.text());
    assert_eq!(t.answer.header("location"), Some("/agent/"));
    let session = common::oidc::cookie_of(&t.answer, "portico_session").expect("a session cookie");
    let r = request(w.addr, "GET", "/api/agent/me", &[("Cookie", &session)], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(
        (v["auth_method"].as_str(), v["agent"]["role"].as_str()),
        (Some("sso"), Some("admin"))
    );
    assert_eq!(v["agent"]["email"], email.as_str());
    let replay = request(w.addr, "GET", &t.callback, &[("Cookie", &t.flow_cookie)], b"");
    assert_eq!(replay.status, 422, "{}", replay.text());
}

#[test]
fn worker_queue_filters_searches_and_pages_on_d1() {
    let Some(w) = worker() else { return };
    // The trigram index and the composed filters on D1: a word of this run's
    // subjects, a language filter and a cursor page of one.
    let word = format!("zq{}", &w.run[w.run.len() - 9..]);
    for n in 0..3 {
        let mut t = w.ticket(&format!("Queue {word} {n}"));
        t["language"] = json!(if n == 2 { "ja" } else { "en" });
        let r = w.json("POST", "/api/tickets", &[], &t);
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let get = |query: &str| {
        let r = agent_request(w.addr, &w.agent, "GET", &format!("/api/tickets?{query}"), &[], None);
        assert_eq!(r.status, 200, "{query}: {}", r.text());
        r.json()
    };
    assert_eq!(get(&format!("q={word}"))["tickets"].as_array().unwrap().len(), 3);
    assert_eq!(
        get(&format!("q={word}&language=ja&status=open"))["tickets"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let first = get(&format!("q={word}&limit=2&sort=created"));
    let cursor = first["next_cursor"].as_str().expect("a second page").to_owned();
    let second = get(&format!("q={word}&limit=2&sort=created&cursor={cursor}"));
    assert_eq!(second["tickets"].as_array().unwrap().len(), 1);
    assert_eq!(second["next_cursor"], Value::Null);
    let r = agent_request(w.addr, &w.agent, "GET", "/api/tickets?sort=nope", &[], None);
    assert_eq!(r.status, 422);
}
