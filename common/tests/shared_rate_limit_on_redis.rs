//! The shared rate limit on a real Redis: clients (tasks and processes)
//! sharing one key stay within the limit in every window and use most of
//! it; a 429 seen by one holds the others; Redis killed and restarted;
//! scripts flushed; the password never shown.
//!
//! These tests need a running redis-server: its URL in
//! `AUTOCLIENT_TEST_REDIS_URL` (e.g. `redis://127.0.0.1:6390/0`), and, for
//! the tests that kill and restart a server of their own, the path of the
//! `redis-server` binary in `AUTOCLIENT_TEST_REDIS_SERVER`. `.ci/run` sets
//! both; without them each test prints why it is skipped and passes.
#![cfg(feature = "redis")]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use autoclient_common::{
    Auth, ClientConfig, ErrorKind, HttpClient, OnLimiterFailure, RateLimit, RedisLimiter, Request,
    RetryPolicy, SharedLimit, parse_base_url,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

const REDIS_URL: &str = "AUTOCLIENT_TEST_REDIS_URL";
const REDIS_SERVER: &str = "AUTOCLIENT_TEST_REDIS_SERVER";
/// Set in a child process: the mock server's URL (the child is a worker).
const CHILD_SERVER: &str = "AUTOCLIENT_TEST_CHILD_SERVER";
const CHILD_PREFIX: &str = "AUTOCLIENT_TEST_CHILD_PREFIX";
const CHILD_RUN_MS: &str = "AUTOCLIENT_TEST_CHILD_RUN_MS";

/// The scaled-down limit: 50 requests per 2 s.
const LIMIT: u32 = 50;
const PERIOD: Duration = Duration::from_secs(2);

fn redis_url(test: &str) -> Option<String> {
    match std::env::var(REDIS_URL) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            println!(
                "SKIPPED {test}: {REDIS_URL} is not set (no redis-server to test against; .ci/run starts one)"
            );
            None
        }
    }
}

fn redis_server(test: &str) -> Option<String> {
    match std::env::var(REDIS_SERVER) {
        Ok(path) if !path.is_empty() => Some(path),
        _ => {
            println!(
                "SKIPPED {test}: {REDIS_SERVER} is not set (the path of a redis-server binary to start, kill and restart; .ci/run sets it)"
            );
            None
        }
    }
}

/// A key prefix of this test's own, so that tests running at once (and
/// runs one after the other) do not share a limit.
fn prefix(test: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("autoclient-test:{test}:{}:{nanos}:", std::process::id())
}

/// A mock API that records when each request arrives and answers 200.
#[derive(Clone, Default)]
struct Arrivals(Arc<Mutex<Vec<Instant>>>);

impl Respond for Arrivals {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        self.0.lock().unwrap().push(Instant::now());
        ResponseTemplate::new(200).set_body_json(serde_json::json!({}))
    }
}

impl Arrivals {
    fn times(&self) -> Vec<Instant> {
        let mut t = self.0.lock().unwrap().clone();
        t.sort();
        t
    }
}

async fn api(arrivals: &Arrivals) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(arrivals.clone())
        .mount(&server)
        .await;
    server
}

fn client(base: &str, limiter: SharedLimit) -> HttpClient {
    let config = ClientConfig::default()
        .with_rate_limit(RateLimit::new(LIMIT, PERIOD))
        .with_shared_limiter(limiter)
        .with_retry(RetryPolicy::default().with_max_retries(0));
    HttpClient::new(
        parse_base_url(base).unwrap(),
        Auth::bearer("sk_test_shared_key"),
        "shared-test/1",
        config,
    )
    .unwrap()
}

async fn get(client: &HttpClient) -> Result<(), autoclient_common::Error<serde_json::Value>> {
    client
        .send_json::<serde_json::Value, serde_json::Value>(Request::get("ping"))
        .await
        .map(|_| ())
}

/// Runs `workers` clients (tasks) with one key for `run`.
async fn run_tasks(base: &str, limiter: &RedisLimiter, workers: usize, run: Duration) {
    let end = Instant::now() + run;
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let c = client(base, SharedLimit::new(limiter.clone()));
            tokio::spawn(async move {
                while Instant::now() < end {
                    get(&c).await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
}

/// No more than the limit in any window of the period, and at least 90%
/// of what the limit allows over `run` from the first request.
fn assert_within_and_near_the_limit(times: &[Instant], run: Duration) {
    assert!(!times.is_empty());
    for (i, start) in times.iter().enumerate() {
        let in_window = times[i..]
            .iter()
            .take_while(|t| **t - *start < PERIOD)
            .count();
        assert!(
            in_window <= LIMIT as usize,
            "{in_window} requests within {PERIOD:?} (limit {LIMIT})"
        );
    }
    let first = times[0];
    let sent = times.iter().filter(|t| **t - first <= run).count() as f64;
    let allowed = f64::from(LIMIT) * run.as_secs_f64() / PERIOD.as_secs_f64();
    assert!(
        sent >= 0.9 * allowed,
        "{sent} requests in {run:?}: less than 90% of the {allowed} allowed"
    );
}

async fn shared_by_tasks(test: &str, workers: usize) {
    let Some(url) = redis_url(test) else { return };
    let arrivals = Arrivals::default();
    let server = api(&arrivals).await;
    let limiter = RedisLimiter::new(&url).unwrap().with_prefix(prefix(test));
    let run = Duration::from_millis(2500);
    run_tasks(&server.uri(), &limiter, workers, run).await;
    assert_within_and_near_the_limit(&arrivals.times(), run);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_sharing_a_key_stay_within_the_limit_and_use_it() {
    shared_by_tasks("two_clients", 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_clients_sharing_a_key_stay_within_the_limit_and_use_it() {
    shared_by_tasks("eight_clients", 8).await;
}

/// A worker process: when started by the test below (its environment names
/// the mock server), it runs two clients for the time given, then exits;
/// otherwise it does nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_process() {
    let (Ok(base), Ok(prefix), Ok(url), Ok(run_ms)) = (
        std::env::var(CHILD_SERVER),
        std::env::var(CHILD_PREFIX),
        std::env::var(REDIS_URL),
        std::env::var(CHILD_RUN_MS),
    ) else {
        return;
    };
    let run = Duration::from_millis(run_ms.parse().unwrap());
    let limiter = RedisLimiter::new(&url).unwrap().with_prefix(prefix);
    run_tasks(&base, &limiter, 2, run).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_sharing_a_key_stay_within_the_limit_and_use_it() {
    let Some(url) = redis_url("four_processes") else {
        return;
    };
    let arrivals = Arrivals::default();
    let server = api(&arrivals).await;
    let prefix = prefix("four_processes");
    let run = Duration::from_millis(2500);
    let exe = std::env::current_exe().unwrap();
    let children: Vec<Child> = (0..4)
        .map(|_| {
            Command::new(&exe)
                .args(["--exact", "worker_process", "--test-threads=1", "--quiet"])
                .env(CHILD_SERVER, server.uri())
                .env(CHILD_PREFIX, &prefix)
                .env(REDIS_URL, &url)
                .env(CHILD_RUN_MS, run.as_millis().to_string())
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        let status = tokio::task::spawn_blocking(move || c.wait())
            .await
            .unwrap()
            .unwrap();
        assert!(status.success(), "a worker process failed: {status}");
    }
    let times = arrivals.times();
    // Four processes do not start at once: the run is counted from the
    // first request, and the last process may start a little late.
    assert_within_and_near_the_limit(&times, run - Duration::from_millis(500));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_seen_by_one_worker_holds_the_others() {
    let Some(url) = redis_url("a_429_holds") else {
        return;
    };
    let arrivals = Arrivals::default();
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(arrivals.clone())
        .with_priority(2)
        .mount(&server)
        .await;
    let limiter = RedisLimiter::new(&url)
        .unwrap()
        .with_prefix(prefix("a_429_holds"));
    let first = fast_client(&server.uri(), &limiter);
    let second = fast_client(&server.uri(), &limiter);
    let e = get(&first).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    let started = Instant::now();
    get(&second).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "the other worker went after {:?}, within the server's 1 s Retry-After",
        started.elapsed()
    );
}

/// A worker at a fast shared rate (100 per second): only a hold can keep
/// it back for a second.
fn fast_client(base: &str, limiter: &RedisLimiter) -> HttpClient {
    let config = ClientConfig::default()
        .with_rate_limit(RateLimit::new(100, Duration::from_secs(1)))
        .with_shared_limiter(SharedLimit::new(limiter.clone()))
        .with_retry(RetryPolicy::default().with_max_retries(0));
    HttpClient::new(
        parse_base_url(base).unwrap(),
        Auth::bearer("sk_test_shared_key"),
        "shared-test/1",
        config,
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn none_remaining_seen_by_one_worker_holds_the_others() {
    let Some(url) = redis_url("none_remaining_holds") else {
        return;
    };
    let arrivals = Arrivals::default();
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({}))
                .insert_header("X-RateLimit-Limit", "100")
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-RateLimit-Reset", "1"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(arrivals.clone())
        .with_priority(2)
        .mount(&server)
        .await;
    let limiter = RedisLimiter::new(&url)
        .unwrap()
        .with_prefix(prefix("none_remaining_holds"));
    let first = fast_client(&server.uri(), &limiter);
    let second = fast_client(&server.uri(), &limiter);
    get(&first).await.unwrap();
    let started = Instant::now();
    get(&second).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "the other worker went after {:?}, before the server's reset in 1 s",
        started.elapsed()
    );
}

/// A redis-server of the test's own, on a free loopback port.
struct OwnRedis {
    bin: String,
    port: u16,
    child: Option<Child>,
}

impl OwnRedis {
    fn start(bin: &str) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut r = OwnRedis {
            bin: bin.to_owned(),
            port,
            child: None,
        };
        r.restart();
        r
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    fn restart(&mut self) {
        let child = Command::new(&self.bin)
            .args(["--save", "", "--appendonly", "no", "--bind", "127.0.0.1"])
            .args(["--port", &self.port.to_string(), "--daemonize", "no"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "redis-server did not start"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().unwrap();
            c.wait().unwrap();
        }
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn keys(url: &str, pattern: &str) -> Vec<String> {
    let client = redis::Client::open(url).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    redis::cmd("KEYS")
        .arg(pattern)
        .query_async(&mut conn)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_killed_falls_back_within_the_deadline_and_restarted_resumes() {
    let Some(bin) = redis_server("redis_killed") else {
        return;
    };
    let mut redis = OwnRedis::start(&bin);
    let arrivals = Arrivals::default();
    let server = api(&arrivals).await;
    let prefix = prefix("redis_killed");
    let limiter = RedisLimiter::new(&redis.url())
        .unwrap()
        .with_prefix(&prefix);
    // 50 per 2 s shared; 5 per 2 s each while Redis is away (10 workers).
    let c = client(&server.uri(), SharedLimit::new(limiter).with_workers(10));
    for _ in 0..3 {
        get(&c).await.unwrap();
    }
    assert_eq!(keys(&redis.url(), &format!("{prefix}*")).await.len(), 1);

    redis.kill();
    let started = Instant::now();
    for _ in 0..3 {
        let call = Instant::now();
        tokio::time::timeout(Duration::from_secs(2), get(&c))
            .await
            .expect("a call outlived its time while Redis was down")
            .unwrap();
        assert!(
            call.elapsed() < Duration::from_secs(1),
            "{:?}",
            call.elapsed()
        );
    }
    // The fallback paces at 4 per 2 s (5 at 97%): 500 ms apart.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "3 calls in {:?} while Redis was down: not paced at the fallback rate",
        started.elapsed()
    );

    redis.restart();
    // Asked again at most once a second while it failed.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let before = arrivals.times().len();
    for _ in 0..3 {
        get(&c).await.unwrap();
    }
    assert_eq!(arrivals.times().len(), before + 3);
    // The restarted server (which kept nothing) holds the key again.
    assert_eq!(
        keys(&redis.url(), &format!("{prefix}*")).await.len(),
        1,
        "pacing did not resume on the restarted Redis"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_fails_fast_when_told_to() {
    let Some(bin) = redis_server("redis_down_fails_fast") else {
        return;
    };
    let mut redis = OwnRedis::start(&bin);
    let arrivals = Arrivals::default();
    let server = api(&arrivals).await;
    let limiter = RedisLimiter::new(&redis.url())
        .unwrap()
        .with_prefix(prefix("fails_fast"));
    let c = client(
        &server.uri(),
        SharedLimit::new(limiter).with_on_failure(OnLimiterFailure::FailFast),
    );
    get(&c).await.unwrap();
    redis.kill();
    let started = Instant::now();
    let e = get(&c).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimiterUnavailable, "{e}");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(
        arrivals.times().len(),
        1,
        "a request was sent without a slot"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswering_redis_costs_a_call_no_more_than_the_timeout() {
    // A port that accepts connections and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let _accept = std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in silent.incoming().take(8) {
            held.push(s);
        }
    });
    let arrivals = Arrivals::default();
    let server = api(&arrivals).await;
    let limiter = RedisLimiter::new(&format!("redis://127.0.0.1:{port}/0")).unwrap();
    let c = client(
        &server.uri(),
        SharedLimit::new(limiter).with_timeout(Duration::from_millis(100)),
    );
    let started = Instant::now();
    get(&c).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_flushed_from_redis_is_loaded_again() {
    let Some(url) = redis_url("script_flush") else {
        return;
    };
    let arrivals = Arrivals::default();
    let server = api(&arrivals).await;
    let prefix = prefix("script_flush");
    let limiter = RedisLimiter::new(&url).unwrap().with_prefix(&prefix);
    let c = client(
        &server.uri(),
        SharedLimit::new(limiter).with_on_failure(OnLimiterFailure::FailFast),
    );
    get(&c).await.unwrap();
    let redis = redis::Client::open(url.as_str()).unwrap();
    let mut conn = redis.get_multiplexed_async_connection().await.unwrap();
    let key = keys(&url, &format!("{prefix}*")).await.remove(0);
    let tat = |conn: &mut redis::aio::MultiplexedConnection| {
        let key = key.clone();
        let mut conn = conn.clone();
        async move {
            let t: String = redis::cmd("HGET")
                .arg(&key)
                .arg("tat")
                .query_async(&mut conn)
                .await
                .unwrap();
            t.parse::<u64>().unwrap()
        }
    };
    let before = tat(&mut conn).await;
    let _: () = redis::cmd("SCRIPT")
        .arg("FLUSH")
        .query_async(&mut conn)
        .await
        .unwrap();
    // Fails fast: a NOSCRIPT not handled would fail the call.
    get(&c).await.unwrap();
    assert!(
        tat(&mut conn).await > before,
        "the slot was not taken by the script"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nonsense_in_redis_falls_back_or_fails_fast() {
    let Some(url) = redis_url("nonsense_in_redis") else {
        return;
    };
    let arrivals = Arrivals::default();
    let server = api(&arrivals).await;
    let prefix = prefix("nonsense_in_redis");
    let limiter = RedisLimiter::new(&url).unwrap().with_prefix(&prefix);
    let fail_fast = client(
        &server.uri(),
        SharedLimit::new(limiter.clone()).with_on_failure(OnLimiterFailure::FailFast),
    );
    get(&fail_fast).await.unwrap();
    // The key overwritten with something that is no limiter state.
    let key = keys(&url, &format!("{prefix}*")).await.remove(0);
    let redis = redis::Client::open(url.as_str()).unwrap();
    let mut conn = redis.get_multiplexed_async_connection().await.unwrap();
    let _: () = redis::cmd("SET")
        .arg(&key)
        .arg("not a hash")
        .query_async(&mut conn)
        .await
        .unwrap();
    let e = get(&fail_fast).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimiterUnavailable, "{e}");
    // Falling back, the call goes on.
    let fall_back = client(&server.uri(), SharedLimit::new(limiter));
    let started = Instant::now();
    get(&fall_back).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(arrivals.times().len(), 2);
}

#[test]
fn a_limiter_made_outside_a_runtime_is_an_error_not_a_panic() {
    let e = RedisLimiter::new("redis://:hunter2@127.0.0.1:1/0").unwrap_err();
    assert!(e.to_string().contains("Tokio runtime"), "{e}");
    assert!(!e.to_string().contains("hunter2"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_redis_password_never_prints() {
    const PASSWORD: &str = "hunter2-redis-pass";
    let url = format!("redis://:{PASSWORD}@127.0.0.1:1/0");
    let limiter = RedisLimiter::new(&url).unwrap();
    let shown = format!(
        "{limiter:?} {limiter} {:?}",
        SharedLimit::new(limiter.clone())
    );
    assert!(!shown.contains(PASSWORD), "{shown}");
    assert!(shown.contains("127.0.0.1:1"), "{shown}");

    // Not a URL: the error does not show it either.
    let e = RedisLimiter::new(&format!("redis://:{PASSWORD}@[::1/0")).unwrap_err();
    assert!(!e.to_string().contains(PASSWORD), "{e}");
    assert!(!format!("{e:?}").contains(PASSWORD), "{e:?}");

    // Nor the error of a call, nor the events logged (by a global
    // subscriber: a scoped one misses events of callsites that other tests,
    // running at once, met first).
    let logs = LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::<u8>::new()));
        let writer = {
            let logs = logs.clone();
            move || LogWriter(logs.clone())
        };
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter("autoclient_common=trace")
            .with_ansi(false)
            .with_writer(writer)
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        logs
    });
    let arrivals = Arrivals::default();
    let server = api(&arrivals).await;
    for on_failure in [OnLimiterFailure::FailFast, OnLimiterFailure::FallBack] {
        let c = client(
            &server.uri(),
            SharedLimit::new(limiter.clone()).with_on_failure(on_failure),
        );
        let shown = match get(&c).await {
            Ok(()) => String::new(),
            Err(e) => format!("{e} {e:?} {:?}", std::error::Error::source(&e)),
        };
        assert!(!shown.contains(PASSWORD), "{shown}");
        assert!(!format!("{c:?}").contains(PASSWORD));
    }
    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("shared rate limiter failed"), "{logs}");
    assert!(!logs.contains(PASSWORD), "{logs}");
}

static LOGS: std::sync::OnceLock<Arc<Mutex<Vec<u8>>>> = std::sync::OnceLock::new();

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
