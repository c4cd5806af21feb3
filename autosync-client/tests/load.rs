//! Load: 1,000 concurrent calls through one shared client against the mock,
//! with the in-flight limit on and pacing at a rate scaled down to seconds
//! (the mock enforces the same limit in fixed windows). Everything ends (no
//! deadlock), every call succeeds or fails with a typed error, the sockets
//! stay bounded, and pacing keeps the rate: no 429, and the run takes at
//! least as long as the rate allows.
//! (Its own test binary: it counts the process's open file descriptors.)

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use autosync_client::mock::{MOCK_API_KEY, MOCK_SHOP_ID, MockAutoSync};
use autosync_client::{ClientConfig, ErrorKind, RateLimit, RetryPolicy};

const CALLS: usize = 1000;
const IN_FLIGHT: usize = 8;
/// The scaled-down limit: 500 requests per second (paced at 97% of it).
const LIMIT: u32 = 500;
const WINDOW: Duration = Duration::from_secs(1);
/// Descriptors that may come and go besides the connections (the runtime,
/// the sampler's own directory handle, wiremock's internals).
const MARGIN: usize = 16;

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_paced_calls_through_one_client() {
    let mock = MockAutoSync::builder()
        .rate_limit(LIMIT, WINDOW)
        .start()
        .await;
    let ids = mock.seed_customers(MOCK_SHOP_ID, 50);
    let before = open_fds();
    let limit = RateLimit::new(LIMIT, WINDOW);
    let client = mock
        .client_builder(MOCK_API_KEY)
        .config(
            ClientConfig::default()
                .with_max_in_flight(IN_FLIGHT)
                .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5))),
        )
        .rate_limit(limit.clone())
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

    let started = Instant::now();
    let calls =
        (0..CALLS).map(|i| tokio::spawn(client.get_customer(MOCK_SHOP_ID, ids[i % ids.len()])));
    let results = tokio::time::timeout(
        Duration::from_secs(120),
        futures_util::future::join_all(calls),
    )
    .await
    .expect("1,000 concurrent calls did not finish: a deadlock");
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    sampler.await.unwrap();

    let mut failures: Vec<ErrorKind> = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r.expect("a call panicked") {
            Ok(c) => assert_eq!(c.id, ids[i % ids.len()]),
            Err(e) => failures.push(e.kind()),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {CALLS} calls failed: {failures:?}",
        failures.len()
    );
    assert_eq!(mock.rate_limited_count(), 0, "pacing let a 429 happen");

    // Evenly spaced at the effective rate, burst 1: the last call cannot
    // start before (CALLS - 1) intervals have passed.
    let interval = WINDOW / limit.effective_requests();
    let floor = interval * (CALLS as u32 - 1);
    assert!(
        elapsed >= floor,
        "{CALLS} calls in {elapsed:?}, faster than the paced {floor:?}"
    );

    // Each connection is two descriptors here: the client's and the mock's.
    let bound = before + 2 * IN_FLIGHT + MARGIN;
    let peak = peak.load(Ordering::Relaxed);
    let after = open_fds();
    eprintln!(
        "{CALLS} calls in {elapsed:?} (floor {floor:?}); descriptors: before {before}, peak {peak}, after {after}"
    );
    assert!(
        peak <= bound,
        "{peak} descriptors open at the peak (before: {before}, bound {bound})"
    );
    assert!(
        after <= bound,
        "{after} descriptors open after (before: {before})"
    );
}
