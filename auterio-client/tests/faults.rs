//! Faults no mock server shows, against the ingest call, from a loopback TCP
//! server that misbehaves on purpose: each ends in a typed error of the right
//! kind within its deadline, never a panic or a hang. The ingest is an upsert
//! (idempotent), so transport failures and 5xx are retried.

use std::time::{Duration, Instant};

use auterio_client::{Client, ClientConfig, Error, ErrorKind, RetryPolicy, Vehicle};
use autoclient_common::mock::{RawFault, RawServer};

const KEY: &str = "auterio-secret-key-123";
const GUARD: Duration = Duration::from_secs(20);

fn config() -> ClientConfig {
    ClientConfig::default()
        .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5)))
        .with_attempt_timeout(Duration::from_millis(300))
}

fn client(url: &str, config: ClientConfig) -> Client {
    Client::builder(KEY)
        .base_url(url)
        .config(config)
        .build()
        .unwrap()
}

fn batch() -> Vec<Vehicle> {
    vec![Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf")]
}

/// Ingests against a fresh server with `fault`; a hang fails the test.
async fn ingest(fault: RawFault) -> (Error, RawServer) {
    let s = RawServer::start(fault).await.unwrap();
    let fut = client(&s.url(), config()).ingest(&batch());
    let e = tokio::time::timeout(GUARD, fut)
        .await
        .expect("the ingest hung")
        .unwrap_err();
    (e, s)
}

#[tokio::test]
async fn connection_closed_after_the_status_line_is_retried() {
    let (e, s) = ingest(RawFault::CloseAfterStatusLine).await;
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
    assert_eq!(s.hits(), 3, "an upsert is retried");
    assert_eq!(e.attempts(), 3);
    assert!(s.requests().iter().all(|r| r.method == "POST"
        && r.target == "/api/vehicles/ingest"
        && r.header("authorization") == Some(&*format!("Bearer {KEY}"))));
}

#[tokio::test]
async fn connection_closed_after_the_headers_is_retried() {
    let (e, s) = ingest(RawFault::CloseAfterHeaders).await;
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
    assert_eq!(s.hits(), 3);
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_retried() {
    let (e, s) = ingest(RawFault::ShortBody).await;
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
    assert_eq!(s.hits(), 3);
}

#[tokio::test]
async fn a_stalled_body_times_out_per_attempt_and_the_deadline_holds() {
    let (e, s) = ingest(RawFault::StallMidBody(Duration::from_secs(30))).await;
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert_eq!(s.hits(), 3);

    let s = RawServer::start(RawFault::StallMidBody(Duration::from_secs(30)))
        .await
        .unwrap();
    let c = client(&s.url(), config().with_deadline(Duration::from_millis(450)));
    let started = Instant::now();
    let e = tokio::time::timeout(GUARD, c.ingest(&batch()))
        .await
        .expect("the deadline did not hold")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(s.hits() <= 2, "{} attempts in a 450 ms deadline", s.hits());
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn a_10_mb_error_body_is_kept_bounded() {
    let (e, s) = ingest(RawFault::HugeBody {
        status: 503,
        len: 10 * 1024 * 1024,
    })
    .await;
    assert_eq!(e.kind(), ErrorKind::Server, "{e}");
    assert_eq!(s.hits(), 3);
    assert_eq!(e.body().unwrap().len(), 64 * 1024);
    assert!(e.body_truncated());
    assert!(e.api_error().is_none());
    assert!(e.to_string().len() < 1000, "Display stays one short line");
    assert!(!e.to_string().contains('\n'));
}

#[tokio::test]
async fn invalid_utf8_a_wrong_shape_and_an_empty_200_are_decode_errors() {
    for (fault, path) in [
        (RawFault::InvalidUtf8, None),
        (
            RawFault::Respond {
                status: 200,
                content_type: "application/json",
                body: br#"{"success": true, "imported": "many"}"#.to_vec(),
            },
            Some("imported"),
        ),
        (
            RawFault::Respond {
                status: 200,
                content_type: "application/json",
                body: Vec::new(),
            },
            None,
        ),
    ] {
        let (e, s) = ingest(fault).await;
        assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
        assert_eq!(s.hits(), 1, "a decode error is not retried");
        if let Some(p) = path {
            assert_eq!(e.decode_path(), Some(p));
        }
    }
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_the_key() {
    let elsewhere = RawServer::start(RawFault::Respond {
        status: 200,
        content_type: "application/json",
        body: br#"{"success": true, "imported": 1, "skipped": 0}"#.to_vec(),
    })
    .await
    .unwrap();
    let (e, s) = ingest(RawFault::RedirectTo(format!("{}/steal", elsewhere.url()))).await;
    assert_eq!(e.kind(), ErrorKind::Http, "{e}");
    assert_eq!(e.status().map(|s| s.as_u16()), Some(302));
    assert_eq!(s.hits(), 1);
    assert!(
        elsewhere
            .requests()
            .iter()
            .all(|r| r.header("authorization").is_none()),
        "the key followed the redirect"
    );
}
