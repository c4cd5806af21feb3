//! Faults no mock server shows, from a loopback TCP server that misbehaves on
//! purpose, against a read (`get_listing`) and a create (`create_listing`):
//! each ends in a typed error of the right kind within its deadline, never a
//! panic or a hang; the read is retried, the create is not (its outcome is
//! unknown once it may have reached the server).

use std::time::{Duration, Instant};

use anuncios_client::{
    CarFields, Client, ClientConfig, ColorId, DealerId, Error, ErrorKind, ListingBasics, ListingId,
    NewListing, Reais, RetryPolicy, VersionDetailId,
};
use autoclient_common::Auth;
use autoclient_common::mock::{RawFault, RawServer};

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.faults-secret-jwt.c2lnbmF0dXJl";
const GUARD: Duration = Duration::from_secs(20);

fn config() -> ClientConfig {
    ClientConfig::default()
        .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5)))
        .with_attempt_timeout(Duration::from_millis(300))
}

fn client(s: &RawServer, config: ClientConfig) -> Client {
    Client::builder(s.url(), Auth::bearer(TOKEN))
        .config(config)
        .build()
        .unwrap()
}

fn listing() -> NewListing {
    NewListing::used(
        "ABC-1234",
        ListingBasics {
            version_detail_id: VersionDetailId(1001),
            color: ColorId(1),
            make_year: 2023,
            model_year: 2024,
            km: 15_000,
            price: Reais(85_000),
            description: "Teste".into(),
        },
        CarFields::not_armored(),
    )
    .build()
    .unwrap()
}

async fn read(fault: RawFault) -> (Error, RawServer) {
    let s = RawServer::start(fault).await.unwrap();
    let fut = client(&s, config()).get_listing(ListingId(12345));
    let e = tokio::time::timeout(GUARD, fut)
        .await
        .expect("the read hung")
        .unwrap_err();
    (e, s)
}

async fn create(fault: RawFault) -> (Error, RawServer) {
    let s = RawServer::start(fault).await.unwrap();
    let fut = client(&s, config()).create_listing(DealerId(10), &listing());
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
        ("GET", "/v3/inventory/item/12345")
    );
    assert_eq!(r.header("authorization"), Some(&*format!("Bearer {TOKEN}")));
    let (e, s) = create(fault).await;
    assert_eq!(e.kind(), ErrorKind::OutcomeUnknown, "{e}");
    assert!(e.is_outcome_unknown());
    assert_eq!(s.hits(), 1, "a create is not retried");
    let r = &s.requests()[0];
    assert_eq!(
        (r.method.as_str(), r.target.as_str()),
        ("POST", "/v3/inventory/10")
    );
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
    let e = tokio::time::timeout(GUARD, c.get_listing(ListingId(12345)))
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
        (respond(br#"{"id": "seven"}"#), Some("id")),
        (respond(br#"[1, 2, 3]"#), None),
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
async fn a_redirect_to_another_host_does_not_carry_the_token() {
    let elsewhere = RawServer::start(RawFault::Respond {
        status: 200,
        content_type: "application/json",
        body: br#"{"id": 12345}"#.to_vec(),
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
        "the token followed the redirect"
    );
}
