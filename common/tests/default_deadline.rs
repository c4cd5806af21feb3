//! Every call has an overall deadline by default (120 s), so that a server
//! that answers slowly, or keeps asking for a retry, cannot hold a caller
//! for many minutes; it can be set per client or per request, or lifted.

use std::time::{Duration, Instant};

use autoclient_common::{
    Auth, ClientConfig, ErrorKind, HttpClient, ManualClock, Request, RetryPolicy,
};
use serde_json::Value;
use testkit::{RawFault, RawServer, serve_every_request};

fn client(url: &str, config: ClientConfig) -> HttpClient {
    HttpClient::new(
        autoclient_common::parse_base_url(url).expect("base url"),
        Auth::bearer("t"),
        "deadline-tests/0",
        config,
    )
    .expect("client")
}

#[test]
fn the_default_deadline_is_two_minutes() {
    assert_eq!(ClientConfig::DEFAULT_DEADLINE, Duration::from_secs(120));
    assert_eq!(
        ClientConfig::default().deadline(),
        Some(Duration::from_secs(120))
    );
    assert_eq!(ClientConfig::default().without_deadline().deadline(), None);
}

/// A server that always answers 503 with `Retry-After: 30`, against a
/// client on a manual clock with many retries: the default deadline stops
/// the retries after two minutes of (manual) time, where without it every
/// retry is made.
#[tokio::test]
async fn the_default_deadline_ends_a_call_that_keeps_being_asked_to_retry() {
    let server = serve_every_request(
        wiremock::ResponseTemplate::new(503).insert_header("retry-after", "30"),
    )
    .await;
    let run = |config: ClientConfig| {
        let url = server.uri();
        async move {
            let clock = ManualClock::new();
            let c = client(
                &url,
                config
                    .with_clock(clock.clone())
                    .with_retry(RetryPolicy::default().with_max_retries(20)),
            );
            let e = c
                .send_json::<Value, Value>(Request::get("stock"))
                .await
                .expect_err("503");
            (e, clock.elapsed())
        }
    };
    // Attempts at 0, 30, 60 and 90 s; the next would come at the deadline.
    let (e, elapsed) = run(ClientConfig::default()).await;
    assert_eq!(e.kind(), ErrorKind::Server, "{e}");
    assert_eq!(e.attempts(), 4);
    assert_eq!(elapsed, Duration::from_secs(90));
    let (e, elapsed) = run(ClientConfig::default().without_deadline()).await;
    assert_eq!(e.attempts(), 21);
    assert_eq!(elapsed, Duration::from_secs(600));
}

/// A server that sends its headers and then trickles: the deadline ends the
/// attempt in progress, long before the 60 s attempt timeout.
#[tokio::test]
async fn a_deadline_ends_an_attempt_whose_body_trickles() {
    let server = RawServer::start(RawFault::StallMidBody(Duration::from_secs(30)))
        .await
        .expect("server");
    let c = client(
        &server.url(),
        ClientConfig::default().with_deadline(Duration::from_millis(400)),
    );
    let started = Instant::now();
    let e = tokio::time::timeout(
        Duration::from_secs(20),
        c.send_json::<Value, Value>(Request::get("stock")),
    )
    .await
    .expect("ended by the deadline, not the 60 s attempt timeout")
    .expect_err("timed out");
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert_eq!(e.attempts(), 1);
}

/// On a paced client, the wait for a slot counts against the default
/// deadline: a call whose slot comes two minutes or more after it was made
/// fails at once, nothing sent; without the deadline it waits its turn.
#[tokio::test]
async fn a_call_whose_paced_slot_is_past_the_deadline_fails_without_sending() {
    let server = serve_every_request(
        wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({})),
    )
    .await;
    let run = |config: ClientConfig| {
        let url = server.uri();
        async move {
            let clock = ManualClock::new();
            // One request every three minutes.
            let limit = autoclient_common::RateLimit::new(1, Duration::from_secs(180));
            let c = client(
                &url,
                config.with_clock(clock.clone()).with_rate_limit(limit),
            );
            let first = c.send_json::<Value, Value>(Request::get("stock")).await;
            let second = c.send_json::<Value, Value>(Request::get("stock")).await;
            (first, second, clock.elapsed())
        }
    };
    let (first, second, waited) = run(ClientConfig::default()).await;
    assert!(first.is_ok(), "{first:?}");
    let e = second.expect_err("past the deadline");
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert_eq!(e.attempts(), 0);
    assert!(e.to_string().contains("rate limit"), "{e}");
    assert_eq!(waited, Duration::ZERO);
    assert_eq!(server.received_requests().await.map_or(0, |r| r.len()), 1);

    let (first, second, waited) = run(ClientConfig::default().without_deadline()).await;
    assert!(first.is_ok() && second.is_ok(), "{second:?}");
    assert!(waited >= Duration::from_secs(170), "{waited:?}");
}
