//! The password never reaches Debug, Display or tracing output, nor does the
//! base64 of `username:password` sent in the Basic header: not from the
//! client, its builder or configuration, nor from an error of any kind, nor
//! from the spans and events recorded at TRACE during real calls against the
//! mock. (Its own test binary: a scoped tracing subscriber must not race
//! other tests.)

use std::sync::{Arc, Mutex};
use std::time::Duration;

use dealerauction_client::StockId;
use dealerauction_client::mock::{
    Fault, MOCK_CUSTOMER_ID, MOCK_PASSWORD, MOCK_USERNAME, MockDealerAuction,
};
use dealerauction_client::models::*;
use dealerauction_client::{Client, ClientConfig, Error, ErrorExt, ErrorKind, RetryPolicy};

const WRONG_PASSWORD: &str = "wrong-secret-password-27182";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Base64 (standard alphabet, padded), written out so the test needs no encoder crate.
fn base64(raw: &str) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in raw.as_bytes().chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn fast() -> ClientConfig {
    ClientConfig::default()
        .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(2)))
        .with_attempt_timeout(Duration::from_millis(300))
}

fn item(vrm: &str) -> NewStockItem {
    let vehicle = NewVehicle::new(
        VehicleCategory::Car,
        OwnershipCondition::Used,
        "Ford",
        "Fiesta",
        VehicleHistory::clean(),
    )
    .vrm(vrm)
    .colour("Blue")
    .mileage(30_000);
    NewStockItem::new(MOCK_CUSTOMER_ID, vehicle)
        .metadata(Metadata::new().external_stock_id(format!("EXT-{vrm}")))
        .image(NewImage::new("https://example.com/1.jpg"))
        .advert(
            NewAdvert::new().state(AdvertState::Inactive).auction(
                Auction::new(AuctionType::Bid)
                    .reserve_price(Price::gbp(3_000))
                    .asking_price(Price::gbp(3_500)),
            ),
        )
}

#[tokio::test]
async fn the_password_never_appears_in_debug_display_or_tracing() {
    assert_eq!(
        base64("Aladdin:open sesame"),
        "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mock = MockDealerAuction::start().await;
    let builder = mock
        .client_builder(MOCK_USERNAME, MOCK_PASSWORD)
        .config(fast());
    let mut printed = format!("{builder:?}\n{:?}\n", fast());
    let client = builder.build().unwrap();
    printed.push_str(&format!("{client:?}\n{:?}\n", client.http().config()));

    // Successful calls.
    let created = client.create_stock(&item("AB17ABC")).await.unwrap();
    printed.push_str(&format!("{created:?}\n"));
    let got = client.get_stock_with_response(&created.id).await.unwrap();
    printed.push_str(&format!("{got:?}\n"));

    // An error of every kind the crate can produce.
    let mut errors: Vec<Error> = Vec::new();
    let f = mock.faults();
    for fault in [
        Fault::status(401),
        Fault::status(403).body(r#"{"errorCode":"FORBIDDEN","errorMessage":"No access."}"#),
        Fault::status(404).body(r#"{"errorCode":"NOT_FOUND","errorMessage":"Stock not found."}"#),
        Fault::status(400).body(r#"{"errorCode":"VALIDATION","errorMessage":"Invalid.","errors":[{"field":"vehicle.vrm","message":"bad"}]}"#),
        Fault::rate_limited(3600),
        Fault::status(418).body("<html><title>teapot</title></html>"),
        Fault::status(200).body(r#"{"id":7}"#),
    ] {
        f.push(fault);
        errors.push(client.get_stock(&created.id).await.unwrap_err());
    }
    f.push_n(
        Fault::status(503).body(r#"{"errorMessage":"unavailable"}"#),
        3,
    );
    errors.push(client.get_stock(&created.id).await.unwrap_err());
    f.push_n(Fault::slow(Duration::from_secs(2)), 3);
    errors.push(client.get_stock(&created.id).await.unwrap_err());
    f.push(Fault::status(500));
    errors.push(client.create_stock(&item("CD18DEF")).await.unwrap_err());
    // A real conflict: the same VRM again.
    errors.push(client.create_stock(&item("AB17ABC")).await.unwrap_err());
    // Client-side refusals: a broken item, an empty id.
    let mut broken = item("EF19GHI");
    broken.vehicle.make = String::new();
    errors.push(client.create_stock(&broken).await.unwrap_err());
    errors.push(client.get_stock(&StockId::new(" ")).await.unwrap_err());
    let wrong = mock
        .client_builder(MOCK_USERNAME, WRONG_PASSWORD)
        .config(fast())
        .build()
        .unwrap();
    printed.push_str(&format!("{wrong:?}\n"));
    errors.push(wrong.get_stock(&created.id).await.unwrap_err());
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let nowhere = Client::builder(MOCK_USERNAME, MOCK_PASSWORD)
        .base_url(closed)
        .config(fast())
        .build()
        .unwrap();
    errors.push(nowhere.get_stock(&created.id).await.unwrap_err());
    // A walk stopped at its page bound: the server reports five pages.
    let bounded = mock
        .client_builder(MOCK_USERNAME, MOCK_PASSWORD)
        .config(fast().with_max_pages(1))
        .build()
        .unwrap();
    f.push(Fault::status(200).body(
        r#"{"stockItems":[{"id":"s1"}],"paginator":{"currentPage":1,"resultsPerPage":1,"lastPage":5}}"#,
    ));
    errors.push(
        futures_util::TryStreamExt::try_collect::<Vec<_>>(
            bounded.search_stock_stream(StockSearch::new().customer_id("123456").page_size(1)),
        )
        .await
        .unwrap_err(),
    );

    // The shared rate limiter down, and the limit set to fail fast.
    let shared_down = dealerauction_client::Client::builder(MOCK_USERNAME, MOCK_PASSWORD)
        .base_url("http://127.0.0.1:9")
        .config(fast().with_rate_limit(dealerauction_client::RateLimit::per_minute(60)))
        .shared_rate_limit(testkit::failing_shared_limit())
        .build()
        .unwrap();
    errors.push(
        shared_down
            .http()
            .send_json::<serde_json::Value, _>(autoclient_common::Request::get("shared"))
            .await
            .unwrap_err(),
    );

    let kinds: Vec<ErrorKind> = errors.iter().map(Error::kind).collect();
    for k in ErrorKind::ALL {
        assert!(kinds.contains(&k), "no {k:?} error in {kinds:?}");
    }
    for e in &errors {
        printed.push_str(&format!("{e:?}\n{e}\n{:?}\n", e.stock_already_exists()));
    }

    printed.push_str(&String::from_utf8_lossy(&capture.0.lock().unwrap()));
    assert!(
        printed.contains("http.attempt"),
        "tracing captured nothing:\n{printed}"
    );
    assert!(printed.contains("[REDACTED]"));
    let good = base64(&format!("{MOCK_USERNAME}:{MOCK_PASSWORD}"));
    let bad = base64(&format!("{MOCK_USERNAME}:{WRONG_PASSWORD}"));
    for secret in [MOCK_PASSWORD, WRONG_PASSWORD, good.as_str(), bad.as_str()] {
        assert!(
            !printed.contains(secret),
            "`{secret}` was printed:\n{printed}"
        );
    }
    // The requests did carry the credentials.
    let reqs = mock.received_requests().await;
    assert!(reqs.iter().any(|r| {
        r.headers
            .get("authorization")
            .is_some_and(|v| v.to_str().unwrap() == format!("Basic {good}"))
    }));
}
