//! Faults no mock server shows, from a loopback TCP server that misbehaves on
//! purpose: each returns a typed error of the right kind within its deadline;
//! idempotent calls are retried and non-idempotent ones are not.

use std::time::Duration;

use autoclient_common::mock::{RawFault, RawServer};
use autoclient_common::{Auth, ClientConfig, ErrorKind, HttpClient, Request, RetryPolicy};
use serde_json::{Value, json};

type Error = autoclient_common::Error<Value>;

fn client(url: &str) -> HttpClient {
    let config = ClientConfig::default()
        .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5)))
        .with_attempt_timeout(Duration::from_millis(300));
    HttpClient::new(
        autoclient_common::parse_base_url(url).unwrap(),
        Auth::bearer("secret-token"),
        "faults/0",
        config,
    )
    .unwrap()
}

/// Runs a GET and a POST against a fresh server with `fault`; a hang fails the test.
async fn both(fault: RawFault) -> ((Error, usize), (Error, usize)) {
    let guard = Duration::from_secs(20);
    let s = RawServer::start(fault.clone()).await.unwrap();
    let get = tokio::time::timeout(
        guard,
        client(&s.url()).send_json::<Value, Value>(Request::get("x")),
    )
    .await
    .expect("the GET hung")
    .unwrap_err();
    let get_hits = s.hits();
    let s = RawServer::start(fault).await.unwrap();
    let post = tokio::time::timeout(
        guard,
        client(&s.url()).send_json::<Value, Value>(Request::post("x").json(&json!({"a": 1}))),
    )
    .await
    .expect("the POST hung")
    .unwrap_err();
    ((get, get_hits), (post, s.hits()))
}

#[tokio::test]
async fn connection_closed_after_the_status_line() {
    let ((get, gh), (post, ph)) = both(RawFault::CloseAfterStatusLine).await;
    assert_eq!(get.kind(), ErrorKind::Connection);
    assert_eq!(gh, 3, "an idempotent call is retried");
    assert_eq!(post.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(ph, 1, "a POST is not");
}

#[tokio::test]
async fn connection_closed_after_the_headers() {
    let ((get, gh), (post, ph)) = both(RawFault::CloseAfterHeaders).await;
    assert_eq!(get.kind(), ErrorKind::Connection);
    assert_eq!(gh, 3);
    assert_eq!(post.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(ph, 1);
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length() {
    let ((get, gh), (post, ph)) = both(RawFault::ShortBody).await;
    assert_eq!(get.kind(), ErrorKind::Connection);
    assert_eq!(gh, 3);
    assert_eq!(post.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(ph, 1);
}

#[tokio::test]
async fn a_body_that_stalls_midway_times_out_and_the_deadline_holds() {
    let ((get, gh), (post, ph)) = both(RawFault::StallMidBody(Duration::from_secs(30))).await;
    assert_eq!(get.kind(), ErrorKind::Timeout);
    assert_eq!(gh, 3);
    assert_eq!(post.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(ph, 1);

    // An overall deadline shorter than three attempts ends the call early.
    let s = RawServer::start(RawFault::StallMidBody(Duration::from_secs(30)))
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let e = tokio::time::timeout(
        Duration::from_secs(20),
        client(&s.url())
            .send_json::<Value, Value>(Request::get("x").deadline(Duration::from_millis(450))),
    )
    .await
    .expect("the deadline did not hold")
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(
        s.hits() <= 2,
        "{} attempts in a 450 ms deadline of 300 ms attempts",
        s.hits()
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn a_10_mb_error_body_is_kept_bounded() {
    let ((get, gh), (post, ph)) = both(RawFault::HugeBody {
        status: 500,
        len: 10 * 1024 * 1024,
    })
    .await;
    assert_eq!(get.kind(), ErrorKind::Server);
    assert_eq!(gh, 3);
    assert_eq!(get.body().unwrap().len(), 64 * 1024);
    assert!(get.body_truncated());
    assert_eq!(post.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(ph, 1);
    assert!(
        post.to_string().len() < 1000,
        "Display stays one short line"
    );
}

#[tokio::test]
async fn invalid_utf8_a_wrong_shape_and_an_empty_200_are_decode_errors() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Shop {
        id: u64,
    }
    for (fault, path) in [
        (RawFault::InvalidUtf8, None),
        (
            RawFault::Respond {
                status: 200,
                content_type: "application/json",
                body: br#"{"id": "seven"}"#.to_vec(),
            },
            Some("id"),
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
        let s = RawServer::start(fault).await.unwrap();
        let e = client(&s.url())
            .send_json::<Shop, Value>(Request::get("x"))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
        assert_eq!(s.hits(), 1, "a decode error is not retried");
        if let Some(p) = path {
            assert_eq!(e.decode_path(), Some(p));
        }
    }
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_credentials() {
    let elsewhere = RawServer::start(RawFault::Respond {
        status: 200,
        content_type: "application/json",
        body: b"{}".to_vec(),
    })
    .await
    .unwrap();
    let s = RawServer::start(RawFault::RedirectTo(format!("{}/steal", elsewhere.url())))
        .await
        .unwrap();
    let e = client(&s.url())
        .send_json::<Value, Value>(Request::get("x"))
        .await
        .unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(302));
    assert_eq!(
        s.requests()[0].header("authorization"),
        Some("Bearer secret-token")
    );
    assert!(
        elsewhere
            .requests()
            .iter()
            .all(|r| r.header("authorization").is_none()),
        "credentials followed the redirect"
    );
    // A caller-supplied client with reqwest's default policy follows the
    // redirect, and reqwest strips the credentials on the way.
    let s2 = RawServer::start(RawFault::RedirectTo(format!("{}/steal", elsewhere.url())))
        .await
        .unwrap();
    let custom = HttpClient::new(
        autoclient_common::parse_base_url(&s2.url()).unwrap(),
        Auth::bearer("secret-token"),
        "faults/0",
        ClientConfig::default().with_http_client(reqwest::Client::new()),
    )
    .unwrap();
    custom
        .send_json::<Value, Value>(Request::get("x"))
        .await
        .unwrap();
    assert_eq!(elsewhere.hits(), 1);
    assert!(elsewhere.requests()[0].header("authorization").is_none());
}
