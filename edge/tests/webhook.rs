//! The webhook outbox: new tickets and customer replies reach the helpdesk
//! even when it fails for a while, and nothing is lost while it is down.

mod common;

use common::start;
use portico_test_support::receiver::receiver;
use serde_json::json;
use std::net::TcpListener;

#[test]
fn outbox_retries_until_the_helpdesk_accepts_and_loses_nothing() {
    let (url, seen) = receiver(3);
    let s = start(|c| {
        c.webhook_url = Some(url);
        c.webhook_retry.base_ms = 1;
        c.webhook_retry.max_ms = 20;
    });
    let (a, token, _) = s.submit("1.2.3.4", "First");
    let (b, _, _) = s.submit("1.2.3.4", "Second");
    let auth = format!("Bearer {token}");
    let r = s.json(
        "POST",
        &format!("/api/tickets/{a}/comments"),
        "1.2.3.4",
        &[("Authorization", &auth)],
        &json!({"body": "More info"}),
    );
    assert_eq!(r.status, 201);

    let counts = s.rt.block_on(portico_edge::outbox_counts(&*s.state.db)).unwrap();
    assert_eq!((counts.pending, counts.delivered), (3, 0));
    let mut rounds = 0;
    loop {
        let report = s.rt.block_on(s.state.deliver_outbox()).unwrap();
        let counts = s.rt.block_on(portico_edge::outbox_counts(&*s.state.db)).unwrap();
        assert_eq!(counts.pending + counts.delivered, 3, "items are never dropped");
        if counts.pending == 0 {
            break;
        }
        rounds += 1;
        assert!(rounds < 20, "still pending after {rounds} rounds: {report:?}");
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert!(rounds >= 1, "the first failures forced at least one retry round");
    let seen = seen.lock().unwrap();
    let events: Vec<(String, String)> = seen
        .iter()
        .map(|(_, v)| {
            (
                v["event"].as_str().unwrap().to_owned(),
                v["ticket"]["id"]
                    .as_str()
                    .or(v["ticket_id"].as_str())
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    assert!(events.contains(&("ticket.created".into(), a.clone())));
    assert!(events.contains(&("ticket.created".into(), b)));
    assert!(events.contains(&("ticket.comment".into(), a)));
    let created = seen.iter().find(|(_, v)| v["event"] == "ticket.created").unwrap();
    assert!(created.0.starts_with("portico-outbox-"));
    assert_eq!(created.1["ticket"]["email"], "ana@example.com");
    // Delivered items are not sent again.
    assert_eq!(s.rt.block_on(s.state.deliver_outbox()).unwrap().delivered, 0);
}

#[test]
fn tickets_are_accepted_and_kept_while_the_helpdesk_is_down() {
    let dead = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", dead.local_addr().unwrap());
    drop(dead); // nothing listens there any more
    let s = start(|c| {
        c.webhook_url = Some(url);
        c.webhook_retry.base_ms = 60_000;
    });
    let (id, token, _) = s.submit("1.2.3.5", "While down");
    let report = s.rt.block_on(s.state.deliver_outbox()).unwrap();
    assert_eq!((report.delivered, report.failed), (0, 1));
    // Backoff: the next round right away does not hammer the dead helpdesk.
    assert_eq!(s.rt.block_on(s.state.deliver_outbox()).unwrap().failed, 0);
    let counts = s.rt.block_on(portico_edge::outbox_counts(&*s.state.db)).unwrap();
    assert_eq!(counts.pending, 1);
    assert_eq!(s.view(&id, &token, "1.2.3.5").status, 200);
}
