//! Faults no mock server shows, from a loopback TCP server that misbehaves on
//! purpose, against a read (`get_customer`) and a create (`create_customer`):
//! each ends in a typed error of the right kind within its deadline, never a
//! panic or a hang; the read is retried, the create is not (its outcome is
//! unknown once it may have reached the server).

use std::time::{Duration, Instant};

use autoclient_common::mock::{RawFault, RawServer};
use autosync_client::{
    Client, ClientConfig, CustomerId, Error, ErrorKind, NewCustomer, RetryPolicy, ShopId,
};

const KEY: &str = "sk_live_faults_secret_0123456789";
const GUARD: Duration = Duration::from_secs(20);

fn config() -> ClientConfig {
    ClientConfig::default()
        .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5)))
        .with_attempt_timeout(Duration::from_millis(300))
}

fn client(s: &RawServer, config: ClientConfig) -> Client {
    Client::builder(KEY)
        .base_url(format!("{}/v1", s.url()))
        .config(config)
        .without_rate_limit()
        .build()
        .unwrap()
}

async fn read(fault: RawFault) -> (Error, RawServer) {
    let s = RawServer::start(fault).await.unwrap();
    let fut = client(&s, config()).get_customer(ShopId(1), CustomerId(7));
    let e = tokio::time::timeout(GUARD, fut)
        .await
        .expect("the read hung")
        .unwrap_err();
    (e, s)
}

async fn create(fault: RawFault) -> (Error, RawServer) {
    let s = RawServer::start(fault).await.unwrap();
    let fut =
        client(&s, config()).create_customer(ShopId(1), &NewCustomer::new("Mike", "Rodriguez"));
    let e = tokio::time::timeout(GUARD, fut)
        .await
        .expect("the create hung")
        .unwrap_err();
    (e, s)
}

/// The read is retried (3 attempts) with `read_kind`; the create is sent
/// once and ends in `OutcomeUnknown`.
async fn both(fault: RawFault, read_kind: ErrorKind) {
    let (e, s) = read(fault.clone()).await;
    assert_eq!(e.kind(), read_kind, "{e}");
    assert_eq!(s.hits(), 3, "a read is retried");
    assert_eq!(e.attempts(), 3);
    let r = &s.requests()[0];
    assert_eq!(
        (r.method.as_str(), r.target.as_str()),
        ("GET", "/v1/shops/1/customers/7")
    );
    assert_eq!(r.header("authorization"), Some(&*format!("Bearer {KEY}")));
    let (e, s) = create(fault).await;
    assert_eq!(e.kind(), ErrorKind::OutcomeUnknown, "{e}");
    assert!(e.is_outcome_unknown());
    assert_eq!(s.hits(), 1, "a create is not retried");
    assert_eq!(s.requests()[0].method, "POST");
}

#[tokio::test]
async fn connection_closed_after_the_status_line() {
    both(RawFault::CloseAfterStatusLine, ErrorKind::Connection).await;
}

#[tokio::test]
async fn connection_closed_after_the_headers() {
    both(RawFault::CloseAfterHeaders, ErrorKind::Connection).await;
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length() {
    both(RawFault::ShortBody, ErrorKind::Connection).await;
}

#[tokio::test]
async fn a_stalled_body_times_out_per_attempt_and_the_deadline_holds() {
    both(
        RawFault::StallMidBody(Duration::from_secs(30)),
        ErrorKind::Timeout,
    )
    .await;

    let s = RawServer::start(RawFault::StallMidBody(Duration::from_secs(30)))
        .await
        .unwrap();
    let c = client(&s, config().with_deadline(Duration::from_millis(450)));
    let started = Instant::now();
    let e = tokio::time::timeout(GUARD, c.get_customer(ShopId(1), CustomerId(7)))
        .await
        .expect("the deadline did not hold")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(s.hits() <= 2, "{} attempts in a 450 ms deadline", s.hits());
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn a_10_mb_error_body_is_kept_bounded() {
    let fault = RawFault::HugeBody {
        status: 500,
        len: 10 * 1024 * 1024,
    };
    both(fault.clone(), ErrorKind::Server).await;
    for (e, _) in [read(fault.clone()).await, create(fault).await] {
        assert_eq!(e.body().unwrap().len(), 64 * 1024);
        assert!(e.body_truncated());
        assert!(e.api_error().is_none());
        assert!(e.to_string().len() < 1000, "Display stays one short line");
        assert!(!e.to_string().contains('\n'));
    }
}

#[tokio::test]
async fn invalid_utf8_a_wrong_shape_and_an_empty_200_are_decode_errors() {
    let respond = |body: &[u8]| RawFault::Respond {
        status: 200,
        content_type: "application/json",
        body: body.to_vec(),
    };
    for (fault, path) in [
        (RawFault::InvalidUtf8, None),
        (
            respond(br#"{"success": true, "data": {"id": "seven"}}"#),
            Some("data"),
        ),
        (
            respond(br#"{"success": true, "data": [1, 2]}"#),
            Some("data"),
        ),
        (respond(b""), None),
    ] {
        let (e, s) = read(fault.clone()).await;
        assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
        assert_eq!(s.hits(), 1, "a decode error is not retried");
        if let Some(p) = path {
            assert!(e.decode_path().is_some_and(|d| d.starts_with(p)), "{e:?}");
        }
        // A create whose answer does not decode did take effect: it is a
        // decode error (the status says so), not an unknown outcome.
        let (e, s) = create(fault).await;
        assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
        assert_eq!(s.hits(), 1);
    }
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_the_key() {
    let elsewhere = RawServer::start(RawFault::Respond {
        status: 200,
        content_type: "application/json",
        body: br#"{"success": true, "data": {"id": 7}}"#.to_vec(),
    })
    .await
    .unwrap();
    let to = RawFault::RedirectTo(format!("{}/steal", elsewhere.url()));
    for (e, s) in [read(to.clone()).await, create(to).await] {
        assert_eq!(e.kind(), ErrorKind::Http, "{e}");
        assert_eq!(e.status().map(|s| s.as_u16()), Some(302));
        assert_eq!(s.hits(), 1);
    }
    assert!(
        elsewhere
            .requests()
            .iter()
            .all(|r| r.header("authorization").is_none()),
        "the key followed the redirect"
    );
}
