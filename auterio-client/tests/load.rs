//! Load: 1,000 concurrent ingests through one shared client against the mock,
//! with the in-flight limit on ([`run_load`]). Everything ends (no deadlock),
//! every call succeeds or fails with a typed error, and the sockets stay
//! bounded. (Its own test binary: it counts the process's open file
//! descriptors.)

use std::time::Duration;

use auterio_client::mock::{MOCK_API_KEY, MockAuterio};
use auterio_client::{ClientConfig, RetryPolicy, Vehicle};
use testkit::run_load;

const CALLS: usize = 1000;
const IN_FLIGHT: usize = 8;
/// Descriptors that may come and go besides the connections (the runtime,
/// the sampler's own directory handle, wiremock's internals).
const MARGIN: usize = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_ingests_through_one_client_stay_bounded() {
    let mock = MockAuterio::start().await;
    let client = mock
        .client_builder(MOCK_API_KEY)
        .config(
            ClientConfig::default()
                .with_max_in_flight(IN_FLIGHT)
                .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5))),
        )
        .build()
        .unwrap();

    let report = run_load(CALLS, Duration::from_secs(120), |i| {
        let vin = format!("VSSZZZ6JZ{i:08}");
        client.ingest(&[Vehicle::new(vin, "SEAT", "Ibiza")])
    })
    .await
    .unwrap();
    assert_eq!(report.failures(), [], "calls failed");
    // Each call in flight holds its request and attempt loop boxed: a
    // thousand of them stay small.
    let size = report.call_future_bytes;
    assert!(size <= 64, "a call's future is {size} bytes");
    assert!(
        report
            .results
            .iter()
            .all(|r| r.as_ref().is_ok_and(|resp| resp.imported == 1))
    );
    assert_eq!(mock.vehicles().len(), CALLS);
    report.sockets_bounded(IN_FLIGHT, MARGIN).unwrap();
}
