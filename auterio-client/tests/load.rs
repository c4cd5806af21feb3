//! Load: 1,000 concurrent ingests through one shared client against the mock,
//! with the in-flight limit on. Everything ends (no deadlock), every call
//! succeeds or fails with a typed error, and the sockets stay bounded.
//! (Its own test binary: it counts the process's open file descriptors.)

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use auterio_client::mock::{MOCK_API_KEY, MockAuterio};
use auterio_client::{ClientConfig, ErrorKind, RetryPolicy, Vehicle};

const CALLS: usize = 1000;
const IN_FLIGHT: usize = 8;
/// Descriptors that may come and go besides the connections (the runtime,
/// the sampler's own directory handle, wiremock's internals).
const MARGIN: usize = 16;

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_ingests_through_one_client_stay_bounded() {
    let mock = MockAuterio::start().await;
    let before = open_fds();
    let client = mock
        .client_builder(MOCK_API_KEY)
        .config(
            ClientConfig::default()
                .with_max_in_flight(IN_FLIGHT)
                .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5))),
        )
        .build()
        .unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicUsize::new(before));
    let sampler = {
        let (stop, peak) = (stop.clone(), peak.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(open_fds(), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        })
    };

    let calls = (0..CALLS).map(|i| {
        let vin = format!("VSSZZZ6JZ{i:08}");
        tokio::spawn(client.ingest(&[Vehicle::new(vin, "SEAT", "Ibiza")]))
    });
    let results = tokio::time::timeout(
        Duration::from_secs(120),
        futures_util::future::join_all(calls),
    )
    .await
    .expect("1,000 concurrent ingests did not finish: a deadlock");
    stop.store(true, Ordering::Relaxed);
    sampler.await.unwrap();

    let mut failures: Vec<ErrorKind> = Vec::new();
    for r in results {
        match r.expect("a call panicked") {
            Ok(resp) => assert_eq!(resp.imported, 1),
            Err(e) => failures.push(e.kind()),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {CALLS} calls failed: {failures:?}",
        failures.len()
    );
    assert_eq!(mock.vehicles().len(), CALLS);

    // Each connection is two descriptors here: the client's and the mock's.
    let bound = before + 2 * IN_FLIGHT + MARGIN;
    let peak = peak.load(Ordering::Relaxed);
    assert!(
        peak <= bound,
        "{peak} descriptors open at the peak (before: {before}, bound {bound})"
    );
    let after = open_fds();
    eprintln!("descriptors: before {before}, peak {peak}, after {after}");
    assert!(
        after <= bound,
        "{after} descriptors open after (before: {before})"
    );
}
