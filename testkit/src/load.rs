//! Many calls at once, with the process's open file descriptors sampled.

use std::sync::Arc;
use std::time::Duration;

use autoclient_common::ErrorKind;

/// What [`run_load`] saw: every call's result in call order, the time the
/// whole load took, and the process's open file descriptors.
#[derive(Debug)]
pub struct LoadReport<T, E> {
    /// Each call's result, in the order the calls were made.
    pub results: Vec<Result<T, autoclient_common::Error<E>>>,
    /// From making the first call to the end of the last.
    pub elapsed: Duration,
    /// Open file descriptors before the calls (`None` where
    /// `/proc/self/fd` does not exist).
    pub fds_before: Option<usize>,
    /// The most open at once while the calls ran (sampled every millisecond).
    pub fds_peak: Option<usize>,
    /// Open after the calls ended.
    pub fds_after: Option<usize>,
    /// The size of one call's future: what each call in flight holds
    /// inline (what it boxes is not counted).
    pub call_future_bytes: usize,
}

impl<T, E> LoadReport<T, E> {
    /// The failed calls: each one's index and error kind.
    pub fn failures(&self) -> Vec<(usize, ErrorKind)> {
        self.results
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().err().map(|e| (i, e.kind())))
            .collect()
    }

    /// Checks that the descriptors stayed within `before + 2 * in_flight +
    /// margin` at the peak and after the calls: a loopback connection to an
    /// in-process mock is two descriptors (the client's and the server's),
    /// and `margin` covers the runtime's and the mock's own. Passes where
    /// descriptors cannot be counted.
    pub fn sockets_bounded(&self, in_flight: usize, margin: usize) -> Result<(), String> {
        let (Some(before), Some(peak), Some(after)) =
            (self.fds_before, self.fds_peak, self.fds_after)
        else {
            return Ok(());
        };
        let bound = before + 2 * in_flight + margin;
        if peak > bound || after > bound {
            return Err(format!(
                "open descriptors: before {before}, peak {peak}, after {after}; bound {bound}"
            ));
        }
        Ok(())
    }
}

/// This process's open file descriptors, where `/proc/self/fd` exists.
fn open_fds() -> Option<usize> {
    std::fs::read_dir("/proc/self/fd").ok().map(|d| d.count())
}

/// Makes `calls` calls at once, each spawned on the current tokio runtime
/// (`make(i)` makes the `i`-th), while sampling the process's open file
/// descriptors, and waits for all of them. Fails when they do not all end
/// within `guard` (a deadlock) or when a call panics; otherwise returns
/// every result for the caller to check ([`LoadReport::failures`],
/// [`LoadReport::sockets_bounded`]).
///
/// ```no_run
/// # async fn run(client: autoclient_common::HttpClient) {
/// use std::time::Duration;
/// use autoclient_common::Request;
/// use testkit::run_load;
/// let report = run_load(1000, Duration::from_secs(120), |_| {
///     client.send_json::<serde_json::Value, serde_json::Value>(Request::get("x"))
/// })
/// .await
/// .expect("every call ended");
/// assert!(report.failures().is_empty());
/// report.sockets_bounded(8, 16).expect("sockets stay bounded");
/// # }
/// ```
pub async fn run_load<F, Fut, T, E>(
    calls: usize,
    guard: Duration,
    mut make: F,
) -> Result<LoadReport<T, E>, String>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = Result<T, autoclient_common::Error<E>>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let fds_before = open_fds();
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicUsize::new(fds_before.unwrap_or(0)));
    let sampler = {
        let (stop, peak) = (stop.clone(), peak.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                if let Some(n) = open_fds() {
                    peak.fetch_max(n, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        })
    };
    let started = std::time::Instant::now();
    let handles: Vec<_> = (0..calls).map(|i| tokio::spawn(make(i))).collect();
    let joined = tokio::time::timeout(guard, futures_util::future::join_all(handles)).await;
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let _ = sampler.await;
    let joined = joined.map_err(|_| {
        format!("{calls} concurrent calls did not all end within {guard:?}: a deadlock")
    })?;
    let mut results = Vec::with_capacity(calls);
    for (i, r) in joined.into_iter().enumerate() {
        results.push(r.map_err(|e| format!("call {i} did not end normally: {e}"))?);
    }
    Ok(LoadReport {
        results,
        elapsed,
        fds_before,
        fds_peak: fds_before.map(|_| peak.load(Ordering::Relaxed)),
        fds_after: open_fds(),
        call_future_bytes: std::mem::size_of::<Fut>(),
    })
}
