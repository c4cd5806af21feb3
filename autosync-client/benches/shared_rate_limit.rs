//! Eight worker processes, one key: AutoSync's mock with its rate limit
//! scaled down to 100 requests per 2 s (fixed windows, 429 past the limit),
//! walked by 8 processes (this binary started again with a worker role),
//! each pacing at that limit and retrying 429s after the server's wait:
//!
//! * with the shared limiter on Redis (`shared_rate_limit`): the 429 count
//!   and the answered rate as a share of the allowed 50 requests/s;
//! * with per-process pacing only: the same figures.
//!
//! Then the latency a call gains from the Redis round trip: one client with
//! the shared limiter and one without, at a rate too high to wait for,
//! calling one page of customers in turn (median and p99 of each), and the
//! round trip of the limiter alone.
//!
//! It prints figures rather than a criterion report. It needs a Redis: its
//! URL in `AUTOCLIENT_TEST_REDIS_URL` (see the README's Development section).
//! Run with
//! `AUTOCLIENT_TEST_REDIS_URL=redis://127.0.0.1:6390/0 cargo bench -p autosync-client --features mock,redis --bench shared_rate_limit`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use autoclient_common::{SharedLimiter, SharedRate};
use autosync_client::mock::{MOCK_API_KEY, MOCK_SHOP_ID, MockAutoSync};
use autosync_client::{
    Client, CustomerQuery, RateLimit, RedisLimiter, RetryPolicy, SharedLimit, StreamExt,
};

const LIMIT: u32 = 100;
const WINDOW: Duration = Duration::from_secs(2);
const WORKERS: usize = 8;
const RUN: Duration = Duration::from_secs(10);
const CUSTOMERS: usize = 2_000;
const LATENCY_CALLS: usize = 2_000;

const ROLE: &str = "AUTOCLIENT_BENCH_WORKER";
const BASE: &str = "AUTOCLIENT_BENCH_BASE";
const PREFIX: &str = "AUTOCLIENT_BENCH_PREFIX";
const REDIS_URL: &str = "AUTOCLIENT_TEST_REDIS_URL";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn worker_client(base: &str, shared: Option<(&str, &str)>) -> Client {
    let builder = Client::builder(MOCK_API_KEY)
        .base_url(base)
        .rate_limit(RateLimit::new(LIMIT, WINDOW))
        .retry(RetryPolicy::default().with_max_retries(5));
    let builder = match shared {
        Some((url, prefix)) => builder.shared_rate_limit(
            SharedLimit::new(
                RedisLimiter::new(url)
                    .expect("Redis URL")
                    .with_prefix(prefix),
            )
            .with_workers(WORKERS as u32),
        ),
        None => builder,
    };
    builder.build().expect("client")
}

/// A worker process: walks the customers again and again for `RUN`, then
/// prints how many failed.
fn worker(mode: &str) {
    let base = std::env::var(BASE).expect("base");
    let prefix = std::env::var(PREFIX).expect("prefix");
    let url = std::env::var(REDIS_URL).unwrap_or_default();
    let shared = (mode == "shared").then_some((url.as_str(), prefix.as_str()));
    runtime().block_on(async {
        let client = worker_client(&base, shared);
        let end = Instant::now() + RUN;
        let mut errors = 0usize;
        'run: while Instant::now() < end {
            let mut walk = Box::pin(client.stream_customers(MOCK_SHOP_ID, CustomerQuery::new()));
            while let Some(item) = walk.next().await {
                if item.is_err() {
                    errors += 1;
                }
                if Instant::now() >= end {
                    break 'run;
                }
            }
        }
        println!("errors {errors}");
    });
}

/// Runs the eight workers against one mock; returns (requests, 429s,
/// failed calls, elapsed).
fn run_workers(mode: &str, url: &str) -> (usize, usize, usize, Duration) {
    let rt = runtime();
    let mock = rt.block_on(MockAutoSync::builder().rate_limit(LIMIT, WINDOW).start());
    mock.seed_customers(MOCK_SHOP_ID, CUSTOMERS);
    let prefix = format!("autoclient-bench:{}:{mode}:", std::process::id());
    let exe = std::env::current_exe().expect("exe");
    let start = Instant::now();
    let children: Vec<_> = (0..WORKERS)
        .map(|_| {
            Command::new(&exe)
                .env(ROLE, mode)
                .env(BASE, mock.base_url())
                .env(PREFIX, &prefix)
                .env(REDIS_URL, url)
                .stdout(Stdio::piped())
                .spawn()
                .expect("spawn a worker")
        })
        .collect();
    let mut failed = 0;
    for c in children {
        let out = c.wait_with_output().expect("worker");
        assert!(out.status.success(), "a worker failed: {}", out.status);
        let text = String::from_utf8_lossy(&out.stdout);
        failed += text
            .lines()
            .find_map(|l| l.strip_prefix("errors "))
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or(0);
    }
    let elapsed = start.elapsed();
    let requests = rt.block_on(mock.received_requests()).len();
    (requests, mock.rate_limited_count(), failed, elapsed)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// The latency with and without the shared limiter, one call of each in
/// turn, and the limiter's round trip alone.
fn latency(url: &str) {
    let rt = runtime();
    rt.block_on(async {
        let fast = RateLimit::new(1_000_000, Duration::from_secs(1));
        let mock = MockAutoSync::builder()
            .rate_limit(1_000_000, Duration::from_secs(1))
            .start()
            .await;
        mock.seed_customers(MOCK_SHOP_ID, 5);
        let prefix = format!("autoclient-bench:{}:latency:", std::process::id());
        let redis = RedisLimiter::new(url).expect("Redis URL").with_prefix(&prefix);
        let plain = Client::builder(MOCK_API_KEY)
            .base_url(mock.base_url())
            .rate_limit(fast.clone())
            .build()
            .expect("client");
        let shared = Client::builder(MOCK_API_KEY)
            .base_url(mock.base_url())
            .rate_limit(fast)
            .shared_rate_limit(redis.clone())
            .build()
            .expect("client");
        let query = CustomerQuery::new();
        let (mut with, mut without) = (Vec::new(), Vec::new());
        for i in 0..LATENCY_CALLS + 100 {
            for (client, times) in [(&shared, &mut with), (&plain, &mut without)] {
                let t = Instant::now();
                client.list_customers(MOCK_SHOP_ID, &query).await.expect("call");
                if i >= 100 {
                    times.push(t.elapsed());
                }
            }
        }
        let rate = SharedRate::new(1_000_000, Duration::from_secs(1), 1);
        let mut trips = Vec::new();
        for i in 0..LATENCY_CALLS + 100 {
            let t = Instant::now();
            redis
                .acquire("latency", rate, Duration::from_secs(1))
                .await
                .expect("Redis");
            if i >= 100 {
                trips.push(t.elapsed());
            }
        }
        for v in [&mut with, &mut without, &mut trips] {
            v.sort();
        }
        let (m_with, p_with) = (percentile(&with, 0.5), percentile(&with, 0.99));
        let (m_without, p_without) = (percentile(&without, 0.5), percentile(&without, 0.99));
        println!(
            "latency per call, {LATENCY_CALLS} calls each: with the shared limiter median {:.0} µs, p99 {:.0} µs; without median {:.0} µs, p99 {:.0} µs; added median {:.0} µs, p99 {:.0} µs",
            micros(m_with),
            micros(p_with),
            micros(m_without),
            micros(p_without),
            micros(m_with) - micros(m_without),
            micros(p_with) - micros(p_without),
        );
        println!(
            "Redis round trip of the limiter alone ({LATENCY_CALLS} slots): median {:.0} µs, p99 {:.0} µs",
            micros(percentile(&trips, 0.5)),
            micros(percentile(&trips, 0.99)),
        );
    });
}

fn main() {
    if let Ok(mode) = std::env::var(ROLE) {
        worker(&mode);
        return;
    }
    let Ok(url) = std::env::var(REDIS_URL) else {
        println!(
            "shared_rate_limit: {REDIS_URL} is not set; start a redis-server and set it (see the README)"
        );
        return;
    };
    let allowed = f64::from(LIMIT) / WINDOW.as_secs_f64();
    for mode in ["shared", "per-process"] {
        let (requests, limited, failed, elapsed) = run_workers(mode, &url);
        let answered = requests - limited;
        // Over the whole run, from the first worker's start to the last
        // one's end (which errs low).
        let rate = answered as f64 / elapsed.as_secs_f64();
        println!(
            "{WORKERS} processes, {mode:<11}: {requests} requests in {:.1} s ({} s of walking each), {limited} x 429, {failed} failed calls, {rate:.1} answered requests/s = {:.1}% of the allowed {allowed:.0}/s",
            elapsed.as_secs_f64(),
            RUN.as_secs(),
            100.0 * rate / allowed,
        );
    }
    latency(&url);
}
