//! Load: 1,000 concurrent reads through one shared client against the mock,
//! with the in-flight limit on ([`run_load`]). Everything ends (no deadlock),
//! every call succeeds or fails with a typed error, and the sockets stay
//! bounded. (Its own test binary: it counts the process's open file
//! descriptors.)

use std::time::Duration;

use anuncios_client::mock::{MOCK_DEALER_ID, MOCK_TOKEN, MockAnuncios};
use anuncios_client::{
    CarFields, ClientConfig, ColorId, ListingBasics, NewListing, Reais, RetryPolicy,
    VersionDetailId,
};
use testkit::run_load;

const CALLS: usize = 1000;
const IN_FLIGHT: usize = 8;
/// Descriptors that may come and go besides the connections (the runtime,
/// the sampler's own directory handle, wiremock's internals).
const MARGIN: usize = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_reads_through_one_client_stay_bounded() {
    let mock = MockAnuncios::start().await;
    let client = mock
        .client_builder(autoclient_common::Auth::bearer(MOCK_TOKEN))
        .config(
            ClientConfig::default()
                .with_max_in_flight(IN_FLIGHT)
                .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5))),
        )
        .build()
        .unwrap();
    let mut ids = Vec::new();
    for km in 1..=10 {
        let listing = NewListing::used(
            "ABC-1234",
            ListingBasics::new(
                VersionDetailId(1001),
                ColorId(1),
                2023,
                2024,
                km,
                Reais(85_000),
                "Teste",
            ),
            CarFields::not_armored(),
        )
        .build()
        .unwrap();
        let created = client.create_listing(MOCK_DEALER_ID, &listing).await;
        ids.push(created.unwrap().id);
    }

    let report = run_load(CALLS, Duration::from_secs(120), |i| {
        client.get_listing(ids[i % ids.len()])
    })
    .await
    .unwrap();
    assert_eq!(report.failures(), [], "calls failed");
    // Each call in flight holds its request and attempt loop boxed: a
    // thousand of them stay small.
    let size = report.call_future_bytes;
    assert!(size <= 64, "a call's future is {size} bytes");
    for (i, r) in report.results.iter().enumerate() {
        assert_eq!(r.as_ref().map(|l| l.id).ok(), Some(ids[i % ids.len()]));
    }
    report.sockets_bounded(IN_FLIGHT, MARGIN).unwrap();
}
