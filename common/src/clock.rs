//! Injectable time: the clock and sleeper used by retries, pacing, deadlines and
//! webhook tolerances.
//!
//! Production code uses [`SystemClock`]. Tests use [`ManualClock`], whose time
//! stands still until advanced and whose `sleep` advances it at once, so that
//! HTTP-date `Retry-After`, epoch rate-limit resets, pacing and deadlines can be
//! tested deterministically and without real waiting.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use futures_util::future::BoxFuture;

/// A source of time and a way to wait.
///
/// `now` is monotonic (used for backoff, pacing and deadlines); `now_utc` is the
/// wall clock (used to interpret HTTP-date `Retry-After` and epoch
/// `X-RateLimit-Reset` values, and webhook timestamps).
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// The current monotonic instant.
    fn now(&self) -> Instant;
    /// The current wall-clock time.
    fn now_utc(&self) -> SystemTime;
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// The real clock: `std::time` and `tokio::time::sleep`.
///
/// ```
/// use autoclient_common::{Clock, SystemClock};
/// let clock = SystemClock;
/// let before = clock.now();
/// assert!(clock.now() >= before);
/// ```
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
    fn now_utc(&self) -> SystemTime {
        SystemTime::now()
    }
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A clock for tests: time moves only when advanced, and `sleep` advances it
/// immediately by the requested duration (recording each sleep), so code under
/// test never really waits. Time stops [`ManualClock::MAX_ELAPSED`] after the
/// clock's start (no overflow however far it is advanced).
///
/// ```
/// use std::time::Duration;
/// use autoclient_common::{Clock, ManualClock};
/// # tokio_test_block_on(async {
/// let clock = ManualClock::new();
/// let start = clock.now();
/// clock.sleep(Duration::from_secs(30)).await;
/// assert_eq!(clock.now() - start, Duration::from_secs(30));
/// assert_eq!(clock.sleeps(), vec![Duration::from_secs(30)]);
/// # });
/// # fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
/// # }
/// ```
#[derive(Clone)]
pub struct ManualClock {
    state: Arc<Mutex<ManualState>>,
}

struct ManualState {
    base_instant: Instant,
    base_system: SystemTime,
    offset: Duration,
    sleeps: Vec<Duration>,
}

impl fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.lock();
        f.debug_struct("ManualClock")
            .field("elapsed", &st.offset)
            .field("sleeps", &st.sleeps.len())
            .finish()
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl ManualClock {
    /// A manual clock whose wall time starts at the real current time.
    pub fn new() -> Self {
        Self::starting_at(SystemTime::now())
    }

    /// A manual clock whose wall time starts at `start`.
    pub fn starting_at(start: SystemTime) -> Self {
        Self {
            state: Arc::new(Mutex::new(ManualState {
                base_instant: Instant::now(),
                base_system: start,
                offset: Duration::ZERO,
                sleeps: Vec::new(),
            })),
        }
    }

    /// How far a manual clock's time goes: 100 years (so that its instants
    /// and wall times stay representable on every platform).
    pub const MAX_ELAPSED: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

    fn lock(&self) -> MutexGuard<'_, ManualState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Moves time forward by `by` (up to [`ManualClock::MAX_ELAPSED`] in all).
    pub fn advance(&self, by: Duration) {
        self.lock().advance(by);
    }

    /// Every duration passed to `sleep`, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    /// Total time advanced since creation (by `advance` and by sleeps).
    pub fn elapsed(&self) -> Duration {
        self.lock().offset
    }
}

impl ManualState {
    fn advance(&mut self, by: Duration) {
        let offset = self.offset.saturating_add(by).min(ManualClock::MAX_ELAPSED);
        // A start at the very end of the system's time stops there.
        if self.base_instant.checked_add(offset).is_some()
            && self.base_system.checked_add(offset).is_some()
        {
            self.offset = offset;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        let st = self.lock();
        // Checked by `advance`.
        st.base_instant
            .checked_add(st.offset)
            .unwrap_or(st.base_instant)
    }
    fn now_utc(&self) -> SystemTime {
        let st = self.lock();
        // Checked by `advance`.
        st.base_system
            .checked_add(st.offset)
            .unwrap_or(st.base_system)
    }
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        {
            let mut st = self.lock();
            st.advance(duration);
            st.sleeps.push(duration);
        }
        // Yield once so that concurrent tasks interleave as they would when sleeping.
        Box::pin(tokio::task::yield_now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_manual_clock_stops_at_its_limit_instead_of_overflowing() {
        let clock = ManualClock::starting_at(SystemTime::UNIX_EPOCH + Duration::from_secs(1 << 40));
        let (start, start_utc) = (clock.now(), clock.now_utc());
        clock.advance(Duration::MAX);
        clock.sleep(Duration::MAX).await;
        clock.advance(Duration::from_secs(1));
        assert_eq!(clock.elapsed(), ManualClock::MAX_ELAPSED);
        assert_eq!(clock.now() - start, ManualClock::MAX_ELAPSED);
        assert_eq!(
            clock.now_utc().duration_since(start_utc).ok(),
            Some(ManualClock::MAX_ELAPSED)
        );
        assert_eq!(clock.sleeps(), vec![Duration::MAX]);
    }
}
