//! The server side and the arithmetic of our benchmarks: a bare canned
//! HTTP/1.1 server, interleaved ratio measurement against a plain reqwest
//! baseline, and the process's peak memory.

use std::sync::Arc;
use std::time::Duration;

type CannedFn = dyn Fn(&str, &str) -> (u16, bytes::Bytes) + Send + Sync;

/// A bare keep-alive HTTP/1.1 server on loopback that answers from a function
/// of the method and request target, with no matching logic of its own: the
/// server side of benchmarks and load tests, where its cost must be negligible.
#[derive(Clone)]
pub struct CannedServer {
    addr: std::net::SocketAddr,
    hits: Arc<std::sync::atomic::AtomicUsize>,
}

impl std::fmt::Debug for CannedServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CannedServer")
            .field("addr", &self.addr)
            .finish()
    }
}

impl CannedServer {
    /// Answers every request with `status` and the JSON `body`.
    pub async fn start(status: u16, body: impl Into<bytes::Bytes>) -> std::io::Result<Self> {
        let body = body.into();
        Self::start_with(move |_, _| (status, body.clone())).await
    }

    /// Answers each request with `f(method, target)` (target: path and query).
    pub async fn start_with(
        f: impl Fn(&str, &str) -> (u16, bytes::Bytes) + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let f: Arc<CannedFn> = Arc::new(f);
        let counter = hits.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let _ = sock.set_nodelay(true);
                tokio::spawn(canned_connection(sock, f.clone(), counter.clone()));
            }
        });
        Ok(Self { addr, hits })
    }

    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests it answered.
    pub fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::Relaxed)
    }
}

async fn canned_connection(
    mut sock: tokio::net::TcpStream,
    f: Arc<CannedFn>,
    hits: Arc<std::sync::atomic::AtomicUsize>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let (head_end, len, method, target) = loop {
            if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..pos]);
                let mut first = head.lines().next().unwrap_or_default().split(' ');
                let method = first.next().unwrap_or_default().to_owned();
                let target = first.next().unwrap_or_default().to_owned();
                let len = head
                    .lines()
                    .filter_map(|l| l.split_once(':'))
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                break (pos + 4, len, method, target);
            }
            match sock.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        while buf.len() < head_end + len {
            match sock.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        buf.drain(..head_end + len);
        hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (status, body) = f(&method, &target);
        let head = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        if sock.write_all(head.as_bytes()).await.is_err() || sock.write_all(&body).await.is_err() {
            return;
        }
    }
}

/// The outcome of [`interleaved_ratio`]: medians of both variants and the
/// ratio ours/baseline with a 95% confidence interval.
#[derive(Debug, Clone, PartialEq)]
pub struct RatioReport {
    /// What was measured.
    pub label: String,
    /// Rounds run (each round times both variants once).
    pub rounds: usize,
    /// Median time of one round of ours.
    pub ours: Duration,
    /// Median time of one round of the baseline.
    pub baseline: Duration,
    /// Median of the per-round ratios ours/baseline.
    pub ratio: f64,
    /// Lower bound of the 95% confidence interval of that median.
    pub ratio_low: f64,
    /// Upper bound of the 95% confidence interval of that median.
    pub ratio_high: f64,
}

impl std::fmt::Display for RatioReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: ours {:?}, baseline {:?}, ratio ours/baseline = {:.3} [95% CI {:.3} .. {:.3}] ({} interleaved rounds)",
            self.label,
            self.ours,
            self.baseline,
            self.ratio,
            self.ratio_low,
            self.ratio_high,
            self.rounds
        )
    }
}

/// Times two variants of the same work in interleaved rounds (the order
/// alternates each round, so that drift on a shared machine hits both alike)
/// and reports the median ratio ours/baseline of the paired rounds, with a
/// distribution-free 95% confidence interval of that median (order
/// statistics of the per-round ratios). Each closure runs one round and
/// returns the time it took (time only the work, not its setup).
///
/// ```
/// use std::time::{Duration, Instant};
/// use testkit::interleaved_ratio;
/// let work = |n: u64| move || {
///     let t = Instant::now();
///     std::hint::black_box((0..n).sum::<u64>());
///     t.elapsed()
/// };
/// let report = interleaved_ratio("sum", 5, work(1000), work(1000));
/// assert_eq!(report.rounds, 5);
/// assert!(report.ratio_low <= report.ratio && report.ratio <= report.ratio_high);
/// ```
pub fn interleaved_ratio(
    label: &str,
    rounds: usize,
    mut ours: impl FnMut() -> Duration,
    mut baseline: impl FnMut() -> Duration,
) -> RatioReport {
    let rounds = rounds.max(1);
    let mut o = Vec::with_capacity(rounds);
    let mut b = Vec::with_capacity(rounds);
    for i in 0..rounds {
        if i % 2 == 0 {
            o.push(ours());
            b.push(baseline());
        } else {
            b.push(baseline());
            o.push(ours());
        }
    }
    let mut ratios: Vec<f64> = o
        .iter()
        .zip(&b)
        .map(|(o, b)| o.as_secs_f64() / b.as_secs_f64().max(f64::MIN_POSITIVE))
        .collect();
    ratios.sort_by(f64::total_cmp);
    o.sort();
    b.sort();
    // Ranks of (at least) the 95% interval of a median: n/2 -/+ 1.96 * sqrt(n) / 2,
    // widened outwards by one rank.
    let n = rounds as f64;
    let half = 0.98 * n.sqrt();
    let low = ((n / 2.0 - half).floor() - 1.0).max(0.0) as usize;
    let high = ((n / 2.0 + half).ceil() as usize).min(rounds - 1);
    RatioReport {
        label: label.to_owned(),
        rounds,
        ours: o[rounds / 2],
        baseline: b[rounds / 2],
        ratio: ratios[rounds / 2],
        ratio_low: ratios[low],
        ratio_high: ratios[high],
    }
}

/// Times `calls` sequential calls of `f` on `rt`: one round of a per-call
/// benchmark.
pub fn time_calls<F: std::future::Future<Output = ()>>(
    rt: &tokio::runtime::Runtime,
    calls: usize,
    f: impl Fn() -> F,
) -> Duration {
    let started = std::time::Instant::now();
    rt.block_on(async {
        for _ in 0..calls {
            f().await;
        }
    });
    started.elapsed()
}

/// The `reqwest::Client` of the same-work baseline: its requests carry
/// reqwest's own 60 s timeout, as each of the SDK's attempts carries its
/// per-attempt timeout.
pub fn baseline_client_with_timeout() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
}

/// The ratios of `ours` against a plain `reqwest::Client` (no timeout at
/// all) and against [`baseline_client_with_timeout`], each from `rounds`
/// interleaved rounds of `calls` calls ([`interleaved_ratio`]).
///
/// Every round of every variant uses a client of its own, made for that
/// round (`new_client` for ours), and so connections of its own: where a
/// connection's task runs relative to the server's changes its latency, and
/// with one client per run that placement would favour one variant for the
/// whole run (run-to-run differences of 2 to 3 % were measured); with a
/// client per round it varies from round to round and the median of the
/// ratios evens it out. The first call of each round opens the connection,
/// for every variant alike.
pub fn same_work_ratios<C, O, B>(
    rt: &tokio::runtime::Runtime,
    name: &str,
    rounds: usize,
    calls: usize,
    new_client: impl Fn() -> C,
    ours: impl Fn(&C) -> O,
    base: impl Fn(&reqwest::Client) -> B,
) -> reqwest::Result<(RatioReport, RatioReport)>
where
    O: std::future::Future<Output = ()>,
    B: std::future::Future<Output = ()>,
{
    // Built before the rounds, so that a failure to build one is reported
    // and the rounds themselves cannot fail.
    let mut timed = Vec::with_capacity(rounds.max(1));
    for _ in 0..rounds.max(1) {
        timed.push(baseline_client_with_timeout()?);
    }
    let ours_round = || {
        let client = new_client();
        time_calls(rt, calls, || ours(&client))
    };
    let plain = interleaved_ratio(name, rounds, ours_round, || {
        let http = reqwest::Client::new();
        time_calls(rt, calls, || base(&http))
    });
    let with_timeout = interleaved_ratio(
        &format!("{name} (baseline with timeout)"),
        rounds,
        ours_round,
        || {
            let http = timed.pop().unwrap_or_default();
            time_calls(rt, calls, || base(&http))
        },
    );
    Ok((plain, with_timeout))
}

/// This process's peak resident set size in KiB (`VmHWM` of
/// `/proc/self/status`), or `None` where that file does not exist (outside
/// Linux). Memory benchmarks run each size in a child process of its own, so
/// that one size's peak does not hide another's.
///
/// ```
/// if let Some(kib) = testkit::peak_rss_kib() {
///     assert!(kib > 0);
/// }
/// ```
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
