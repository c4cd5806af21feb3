//! The paced walk: `stream_customers` over 5,000 customers (200 pages of 25)
//! against the stateful mock with its rate limit scaled down to 100 requests
//! per 2 s (fixed windows, 429 past the limit), once with the client paced at
//! that limit (`RateLimit::new(100, 2 s)`, which paces at 97%) and once with
//! pacing off (the client then relies on retrying the 429s after the wait the
//! server's headers ask for).
//!
//! It prints figures rather than a criterion report: for each walk, the
//! time, the requests the mock answered, its 429s, and the rate of answered
//! (non-429) requests as a share of the allowed 50 requests/s. The paced walk
//! must see no 429 and use at least 95% of the allowed rate.
//!
//! Run with `cargo bench -p autosync-client --features mock --bench paced_walk`.

use std::time::{Duration, Instant};

use autosync_client::mock::{MOCK_API_KEY, MOCK_SHOP_ID, MockAutoSync};
use autosync_client::{CustomerQuery, RetryPolicy};
use futures_util::StreamExt;

const CUSTOMERS: usize = 5_000;
const LIMIT: u32 = 100;
const WINDOW: Duration = Duration::from_secs(2);

struct Walk {
    items: usize,
    errors: Vec<String>,
    elapsed: Duration,
    requests: usize,
    rate_limited: usize,
}

async fn walk(paced: bool) -> Walk {
    let mock = MockAutoSync::builder()
        .rate_limit(LIMIT, WINDOW)
        .start()
        .await;
    mock.seed_customers(MOCK_SHOP_ID, CUSTOMERS);
    let builder = mock.client_builder(MOCK_API_KEY);
    // `client_builder` paces at the mock's limit already; the unpaced walk
    // turns it off and may retry a 429 a few times, after the server's wait.
    let client = if paced {
        builder
    } else {
        builder
            .without_rate_limit()
            .retry(RetryPolicy::default().with_max_retries(5))
    }
    .build()
    .expect("client");
    let start = Instant::now();
    let mut stream = Box::pin(client.stream_customers(MOCK_SHOP_ID, CustomerQuery::new()));
    let mut items = 0;
    let mut errors = Vec::new();
    while let Some(r) = stream.next().await {
        match r {
            Ok(_) => items += 1,
            Err(e) => errors.push(e.to_string()),
        }
    }
    let elapsed = start.elapsed();
    Walk {
        items,
        errors,
        elapsed,
        requests: mock.received_requests().await.len(),
        rate_limited: mock.rate_limited_count(),
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let allowed = f64::from(LIMIT) / WINDOW.as_secs_f64();
    let mut ok = true;
    for paced in [true, false] {
        let w = rt.block_on(walk(paced));
        let answered = w.requests - w.rate_limited;
        let rate = answered as f64 / w.elapsed.as_secs_f64();
        println!(
            "paced_walk_5000 {}: {} customers in {:.3} s, {} requests, {} x 429, {:.1} answered requests/s = {:.1}% of the allowed {allowed:.0}/s{}",
            if paced { "pacing on " } else { "pacing off" },
            w.items,
            w.elapsed.as_secs_f64(),
            w.requests,
            w.rate_limited,
            rate,
            100.0 * rate / allowed,
            if w.errors.is_empty() {
                String::new()
            } else {
                format!(", errors: {:?}", w.errors)
            }
        );
        if paced {
            ok &= w.items == CUSTOMERS && w.rate_limited == 0 && rate >= 0.95 * allowed;
        }
    }
    println!(
        "paced_walk_5000 target (pacing on: all 5,000, zero 429s, >= 95% of the allowed rate): {}",
        if ok { "met" } else { "MISSED" }
    );
}
