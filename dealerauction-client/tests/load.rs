//! Load: 1,000 concurrent reads through one shared client against the mock,
//! with the in-flight limit on ([`run_load`]). Everything ends (no deadlock),
//! every call succeeds or fails with a typed error, and the sockets stay
//! bounded. (Its own test binary: it counts the process's open file
//! descriptors.)

use std::time::Duration;

use dealerauction_client::mock::{
    MOCK_CUSTOMER_ID, MOCK_PASSWORD, MOCK_USERNAME, MockDealerAuction,
};
use dealerauction_client::models::*;
use dealerauction_client::{ClientConfig, RetryPolicy};
use testkit::run_load;

const CALLS: usize = 1000;
const IN_FLIGHT: usize = 8;
/// Descriptors that may come and go besides the connections (the runtime,
/// the sampler's own directory handle, wiremock's internals).
const MARGIN: usize = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_reads_through_one_client_stay_bounded() {
    let mock = MockDealerAuction::start().await;
    let client = mock
        .client_builder(MOCK_USERNAME, MOCK_PASSWORD)
        .config(
            ClientConfig::default()
                .with_max_in_flight(IN_FLIGHT)
                .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5))),
        )
        .build()
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..10 {
        let vrm = format!("AB{i:02}CDE");
        let vehicle = NewVehicle::new(
            VehicleCategory::Car,
            OwnershipCondition::Used,
            "Ford",
            "Fiesta",
            VehicleHistory::clean(),
        )
        .vrm(vrm.as_str())
        .colour("Blue")
        .mileage(30_000);
        let item = NewStockItem::new(MOCK_CUSTOMER_ID, vehicle)
            .metadata(Metadata::new().external_stock_id(format!("EXT-{vrm}")))
            .image(NewImage::new("https://example.com/1.jpg"));
        ids.push(client.create_stock(&item).await.unwrap().id);
    }

    let report = run_load(CALLS, Duration::from_secs(120), |i| {
        client.get_stock(&ids[i % ids.len()])
    })
    .await
    .unwrap();
    assert_eq!(report.failures(), [], "calls failed");
    // Each call in flight holds its request and attempt loop boxed: a
    // thousand of them stay small.
    let size = report.call_future_bytes;
    assert!(size <= 64, "a call's future is {size} bytes");
    for (i, r) in report.results.iter().enumerate() {
        assert_eq!(r.as_ref().map(|s| &s.id).ok(), Some(&ids[i % ids.len()]));
    }
    report.sockets_bounded(IN_FLIGHT, MARGIN).unwrap();
}
