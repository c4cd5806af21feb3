//! Load: 1,000 concurrent calls through one shared client against the mock,
//! with the in-flight limit on and pacing at a rate scaled down to seconds
//! (the mock enforces the same limit in fixed windows), run by [`run_load`].
//! Everything ends (no deadlock), every call succeeds or fails with a typed
//! error, the sockets stay bounded, and pacing keeps the rate: no 429, and
//! the run takes at least as long as the rate allows.
//! (Its own test binary: it counts the process's open file descriptors.)

use std::time::Duration;

use autosync_client::mock::{MOCK_API_KEY, MOCK_SHOP_ID, MockAutoSync};
use autosync_client::{ClientConfig, RateLimit, RetryPolicy};
use testkit::run_load;

const CALLS: usize = 1000;
const IN_FLIGHT: usize = 8;
/// The scaled-down limit: 500 requests per second (paced at 97% of it).
const LIMIT: u32 = 500;
const WINDOW: Duration = Duration::from_secs(1);
/// Descriptors that may come and go besides the connections (the runtime,
/// the sampler's own directory handle, wiremock's internals).
const MARGIN: usize = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_paced_calls_through_one_client() {
    let mock = MockAutoSync::builder()
        .rate_limit(LIMIT, WINDOW)
        .start()
        .await;
    let ids = mock.seed_customers(MOCK_SHOP_ID, 50);
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

    let report = run_load(CALLS, Duration::from_secs(120), |i| {
        client.get_customer(MOCK_SHOP_ID, ids[i % ids.len()])
    })
    .await
    .unwrap();
    assert_eq!(report.failures(), [], "calls failed");
    // Each call in flight holds its request and attempt loop boxed: a
    // thousand of them stay small.
    let size = report.call_future_bytes;
    assert!(size <= 64, "a call's future is {size} bytes");
    for (i, r) in report.results.iter().enumerate() {
        assert_eq!(r.as_ref().map(|c| c.id).ok(), Some(ids[i % ids.len()]));
    }
    assert_eq!(mock.rate_limited_count(), 0, "pacing let a 429 happen");

    // Evenly spaced at the effective rate, burst 1: the last call cannot
    // start before (CALLS - 1) intervals have passed.
    let interval = WINDOW / limit.effective_requests();
    let floor = interval * (CALLS as u32 - 1);
    assert!(
        report.elapsed >= floor,
        "{CALLS} calls in {:?}, faster than the paced {floor:?}",
        report.elapsed
    );
    report.sockets_bounded(IN_FLIGHT, MARGIN).unwrap();
}
