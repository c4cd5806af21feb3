//! Client-side pacing at a documented rate limit, so that 429s do not happen in
//! the first place.
//!
//! A GCRA limiter (virtual scheduling, driven by the client's injectable
//! [`Clock`]) spaces requests at a safety margin below the documented rate. It
//! also slows down when responses report `X-RateLimit-Remaining` near 0: with
//! `remaining` requests left until the reset, the next request waits at least
//! `reset / (remaining + 1)`. It does so only when the server's count is more
//! than this client's own: when every request the server reports as used in
//! its window was one of this client's within the last period, the pace
//! alone keeps within the limit (it never sends more than the documented
//! number in any period), and a hold would only cost rate at the end of every
//! window of the server's (whose reset, given in whole seconds, can be up to
//! a second late).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::clock::Clock;
use crate::error::BoxError;
use crate::response::RateLimitInfo;
use crate::shared::{Admission, OnLimiterFailure, SharedLimit, SharedLimiter, SharedRate};

/// A documented rate limit to pace requests under.
///
/// The client spaces its requests evenly at [`effective_requests`] per
/// period (97% of the documented rate by default), so that with the default
/// burst it never sends more than the documented number in any period. When a response reports
/// `X-RateLimit-Remaining` at or below the low-water mark and the server
/// counts more requests used (`X-RateLimit-Limit` less remaining) than this
/// client sent in the last period, something else spends the same limit: the
/// client then spreads its next requests evenly until `X-RateLimit-Reset`.
/// While the server's count is the client's own, the pace alone keeps within
/// the limit and there is no hold. (This applies only when the pace's bound,
/// `effective_requests() + burst`, is within the documented number, and for
/// up to 4,096 requests a period; otherwise every low count holds. The
/// client's sends are counted over the last period, not the server's
/// window: when another process starts spending the key early in a window
/// while the client's sends of the previous window still count, the hold
/// can be missed and a few 429s, retried after the reset, follow.) A reset
/// further away than the documented period is taken as one period away (a
/// 429 after that still waits as the server asks, within the retry policy's
/// cap).
///
/// [`effective_requests`]: RateLimit::effective_requests
///
/// ```
/// use std::time::Duration;
/// use autoclient_common::RateLimit;
/// let limit = RateLimit::per_minute(100); // paced at 97 requests/minute
/// assert_eq!(limit.effective_requests(), 97);
/// let fast = RateLimit::new(100, Duration::from_secs(2)).with_safety_margin(0.9);
/// assert_eq!(fast.effective_requests(), 90);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a RateLimit does nothing until it is set on a config with ClientConfig::with_rate_limit"]
pub struct RateLimit {
    requests: u32,
    per: Duration,
    safety_margin: f64,
    burst: u32,
    low_water: u64,
}

impl RateLimit {
    /// `requests` per `per`, paced at 97% of it with no burst.
    pub fn new(requests: u32, per: Duration) -> Self {
        Self {
            requests: requests.max(1),
            per: if per.is_zero() {
                Duration::from_millis(1)
            } else {
                per
            },
            safety_margin: 0.97,
            burst: 1,
            low_water: 2,
        }
    }

    /// `requests` per minute.
    pub fn per_minute(requests: u32) -> Self {
        Self::new(requests, Duration::from_secs(60))
    }

    /// The fraction of the documented rate to use (clamped to 0.05..=1.0).
    pub fn with_safety_margin(mut self, fraction: f64) -> Self {
        self.safety_margin = if fraction.is_finite() {
            fraction.clamp(0.05, 1.0)
        } else {
            0.97
        };
        self
    }

    /// How many requests may go at once before pacing starts (default 1:
    /// evenly spaced, safe against sliding windows).
    pub fn with_burst(mut self, burst: u32) -> Self {
        self.burst = burst.max(1);
        self
    }

    /// Slow down once a response reports this many requests remaining or fewer
    /// (default 2).
    pub fn with_low_water(mut self, remaining: u64) -> Self {
        self.low_water = remaining;
        self
    }

    /// The number of requests per period actually paced at.
    pub fn effective_requests(&self) -> u32 {
        ((f64::from(self.requests) * self.safety_margin).floor() as u32).max(1)
    }

    /// The documented period.
    pub fn period(&self) -> Duration {
        self.per
    }

    /// The spacing between two requests at the effective rate.
    fn interval(&self) -> Duration {
        let interval = self.per / self.effective_requests();
        if interval.is_zero() {
            Duration::from_nanos(1)
        } else {
            interval
        }
    }
}

/// The pacer of one client (shared by its clones).
///
/// GCRA (virtual scheduling). Callers queue in arrival order on a fair
/// async lock and only the first one sleeps, until the earliest time the
/// rate allows: the others do not all wake at every slot to compete for it.
/// A sleep that ends a little late (timer granularity, a busy runtime) is
/// forgiven up to half an interval, so it costs no rate; a longer delay is
/// not made up by sending the following requests closer together, so the
/// spacing between any two sends never falls below the rate's by more than
/// that half interval. A caller dropped while it waits takes nothing.
pub(crate) struct Pacer {
    interval: Duration,
    /// How far ahead of its theoretical time a request may go (burst − 1 intervals).
    tolerance: Duration,
    clock: Arc<dyn Clock>,
    /// The queue of callers; only its head waits on the clock.
    turn: tokio::sync::Mutex<()>,
    state: Mutex<PacerState>,
    low_water: u64,
    /// Requests sent and not yet answered ([`Pacer::sending`]).
    in_flight: AtomicUsize,
    /// The documented limit and its period, when the pace alone keeps within
    /// it (at most `effective + burst` sends in any period) and few enough
    /// sends are kept to count this client's own within the last period.
    own: Option<(u64, Duration)>,
    /// The documented period: a reset further away is taken as this far.
    period: Duration,
    /// The shared limiter, when one is configured: the local pace above is
    /// then the fallback (the documented rate over the number of workers).
    shared: Option<SharedPacing>,
}

/// A shared limiter as the pacer uses it.
struct SharedPacing {
    limiter: Arc<dyn SharedLimiter>,
    /// The derived key (a hash, never the credential).
    key: String,
    /// The documented pace, for every worker together.
    rate: SharedRate,
    timeout: Duration,
    on_failure: OnLimiterFailure,
    workers: u32,
    /// The documented limit and the most the shared pace sends in any period
    /// (`effective + burst`), when that is within it: a server count no
    /// higher is every worker's own.
    own: Option<(u64, u64)>,
    /// Whether the last call to the limiter failed.
    failing: AtomicBool,
    /// While it fails (falling back): not asked again before this.
    retry_at: Mutex<Option<Instant>>,
}

/// While a shared limiter fails, how long the fallback paces before it is
/// asked again.
const SHARED_RETRY: Duration = Duration::from_secs(1);

/// Why a request may not go.
pub(crate) enum Refusal {
    /// Its slot comes at or after the call's deadline.
    Deadline,
    /// The shared limiter failed and the limit fails fast.
    Limiter(BoxError),
}

/// The most send times kept to count a client's own requests in a period;
/// for a higher limit the server's count is never taken as the client's own.
const OWN_SENDS_KEPT: u32 = 4096;

/// One request on its way; the pacer counts it until this is dropped.
pub(crate) struct Sending<'a>(&'a Pacer);

impl Drop for Sending<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

#[derive(Default)]
struct PacerState {
    /// The theoretical arrival time of the next request.
    tat: Option<Instant>,
    /// No request before this (the server reported few requests left).
    hold_until: Option<Instant>,
    /// A hold the server asked for, still to be written to the shared
    /// limiter.
    unshared_hold: Option<Duration>,
    /// When this client's requests within the last period and interval left
    /// (only with [`Pacer::own`]).
    sent: VecDeque<Instant>,
}

impl std::fmt::Debug for Pacer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pacer")
            .field("interval", &self.interval)
            .field("low_water", &self.low_water)
            .finish()
    }
}

impl Pacer {
    /// A pacer at `limit`; with `shared` (a shared limit and its derived
    /// key), the slots come from the shared limiter and the local pace at
    /// `limit` over the number of workers is the fallback.
    pub(crate) fn new(
        limit: &RateLimit,
        clock: Arc<dyn Clock>,
        shared: Option<(&SharedLimit, String)>,
    ) -> Self {
        let shared = shared.map(|(s, key)| SharedPacing {
            limiter: s.limiter.clone(),
            key,
            rate: SharedRate::new(limit.effective_requests(), limit.per, limit.burst),
            timeout: s.timeout,
            on_failure: s.on_failure,
            workers: s.workers,
            own: {
                let bound = u64::from(limit.effective_requests()) + u64::from(limit.burst.max(1));
                let documented = u64::from(limit.requests);
                (bound <= documented).then_some((documented, bound))
            },
            failing: AtomicBool::new(false),
            retry_at: Mutex::new(None),
        });
        let divided;
        let limit = match &shared {
            Some(s) if s.workers > 1 => {
                divided = RateLimit {
                    requests: (limit.requests / s.workers).max(1),
                    ..limit.clone()
                };
                &divided
            }
            _ => limit,
        };
        let interval = limit.interval();
        let bound = limit
            .effective_requests()
            .saturating_add(limit.burst.max(1));
        let own = (bound <= limit.requests && limit.requests <= OWN_SENDS_KEPT)
            .then_some((u64::from(limit.requests), limit.per));
        Self {
            interval,
            tolerance: interval.saturating_mul(limit.burst.max(1) - 1),
            clock,
            turn: tokio::sync::Mutex::new(()),
            state: Mutex::new(PacerState::default()),
            low_water: limit.low_water,
            in_flight: AtomicUsize::new(0),
            own,
            period: limit.per,
            shared,
        }
    }

    /// Counts a request as on its way until the returned guard is dropped
    /// (after its response, if any, has been observed).
    pub(crate) fn sending(&self) -> Sending<'_> {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        Sending(self)
    }

    fn state(&self) -> std::sync::MutexGuard<'_, PacerState> {
        lock(&self.state)
    }

    /// Waits until a request may be sent; returns the time waited, or
    /// [`Refusal::Deadline`] (taking nothing) as soon as that time is known
    /// to be at or after `deadline`. With a shared limiter, the slot comes
    /// from it; when it fails, the local pace (or [`Refusal::Limiter`]).
    pub(crate) async fn acquire(&self, deadline: Option<Instant>) -> Result<Duration, Refusal> {
        if let Some(s) = &self.shared
            && let Some(decided) = self.acquire_shared(s, deadline).await
        {
            return decided;
        }
        self.acquire_local(deadline).await.ok_or(Refusal::Deadline)
    }

    /// A slot from the shared limiter, or `None` to fall back to the local
    /// pace.
    async fn acquire_shared(
        &self,
        s: &SharedPacing,
        deadline: Option<Instant>,
    ) -> Option<Result<Duration, Refusal>> {
        if s.on_failure == OnLimiterFailure::FallBack
            && lock(&s.retry_at).is_some_and(|at| Instant::now() < at)
        {
            return None;
        }
        let now = self.clock.now();
        let max_wait = deadline.map_or(Duration::MAX, |d| d.saturating_duration_since(now));
        if max_wait.is_zero() {
            return Some(Err(Refusal::Deadline));
        }
        let bound = s.timeout.min(max_wait);
        let answer = tokio::time::timeout(bound, s.limiter.acquire(&s.key, s.rate, max_wait)).await;
        let wait = match answer {
            Ok(Ok(Admission::Granted { wait })) => wait,
            Ok(Ok(Admission::Later { .. })) => {
                s.answered();
                return Some(Err(Refusal::Deadline));
            }
            Ok(Err(e)) => return s.failed(e),
            Err(_) if bound < s.timeout => return Some(Err(Refusal::Deadline)),
            Err(_) => {
                let e = format!(
                    "no answer from the shared rate limiter within {:?}",
                    s.timeout
                );
                return s.failed(e.into());
            }
        };
        s.answered();
        let now = self.clock.now();
        let mut at = now.checked_add(wait)?;
        // A hold this worker saw counts too (should writing it have failed).
        if let Some(h) = self.state().hold_until
            && h > at
        {
            at = h;
        }
        if deadline.is_some_and(|d| at >= d) {
            return Some(Err(Refusal::Deadline));
        }
        let d = at.saturating_duration_since(now);
        if !d.is_zero() {
            self.clock.sleep(d).await;
        }
        Some(Ok(d))
    }

    /// Writes the hold the server last asked for, if any, to the shared
    /// limiter, within its timeout and `deadline`. A failure is logged: the
    /// response is there, and this worker holds anyway.
    pub(crate) async fn share_hold(&self, deadline: Option<Instant>) {
        let Some(s) = &self.shared else {
            return;
        };
        let Some(wait) = self.state().unshared_hold.take() else {
            return;
        };
        let bound = deadline.map_or(s.timeout, |d| {
            d.saturating_duration_since(self.clock.now()).min(s.timeout)
        });
        match tokio::time::timeout(bound, s.limiter.hold(&s.key, wait, s.rate)).await {
            Ok(Ok(())) => {
                tracing::debug!(
                    hold_ms = wait.as_millis() as u64,
                    "hold written to the shared rate limiter"
                );
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "could not write a hold to the shared rate limiter");
            }
            Err(_) => {
                tracing::warn!(
                    "no answer from the shared rate limiter to a hold within its timeout"
                );
            }
        }
    }

    /// A hold the server asked for with a 429's `Retry-After`: with a
    /// shared limiter, this worker holds and the hold is to be written to
    /// it ([`share_hold`](Self::share_hold)), so that every worker does.
    pub(crate) fn hold_for(&self, wait: Duration) {
        if self.shared.is_none() {
            return;
        }
        self.hold(wait);
    }

    /// Holds this worker for `wait` from now, and notes it for the shared
    /// limiter.
    fn hold(&self, wait: Duration) {
        let Some(until) = self.clock.now().checked_add(wait) else {
            return;
        };
        let mut st = self.state();
        if st.hold_until.is_none_or(|h| h < until) {
            st.hold_until = Some(until);
        }
        if self.shared.is_some() && st.unshared_hold.is_none_or(|w| w < wait) {
            st.unshared_hold = Some(wait);
        }
    }

    /// The local GCRA: returns the time waited, or `None` (taking nothing)
    /// as soon as that time is known to be at or after `deadline`: when the
    /// caller's turn comes, or when a server hold arrives while it waits.
    async fn acquire_local(&self, deadline: Option<Instant>) -> Option<Duration> {
        let _turn = self.turn.lock().await;
        let mut waited = Duration::ZERO;
        loop {
            let now = self.clock.now();
            let (hold, tat) = {
                let st = self.state();
                (st.hold_until, st.tat)
            };
            let tat = tat.unwrap_or(now);
            let slot = tat
                .checked_sub(self.tolerance)
                .map_or(now, |earliest| earliest.max(now));
            let at = match hold {
                Some(until) if until > slot => until,
                _ => slot,
            };
            if deadline.is_some_and(|d| at >= d) {
                return None;
            }
            if at > now {
                let d = at - now;
                waited += d;
                self.clock.sleep(d).await;
                // The server may have asked for a hold meanwhile.
                if self
                    .state()
                    .hold_until
                    .is_some_and(|h| h > self.clock.now())
                {
                    continue;
                }
            }
            // Lateness up to half an interval is forgiven; more is not made up.
            let woke = self.clock.now();
            let arrival =
                (woke.checked_sub(self.interval / 2)).map_or(at, |forgiven| forgiven.max(at));
            let mut st = self.state();
            st.tat = Some(tat.max(arrival) + self.interval);
            if let Some((requests, per)) = self.own {
                forget_before(
                    &mut st.sent,
                    woke.checked_sub(per.saturating_add(self.interval)),
                );
                // The pace sends no more than `requests + 1` in a period and
                // one interval; should that be exceeded, the oldest is
                // forgotten (so the count errs towards holding).
                if st.sent.len() as u64 > requests {
                    st.sent.pop_front();
                }
                st.sent.push_back(woke);
            }
            return Some(waited);
        }
    }

    /// Takes note of a response's rate-limit headers: when the server has
    /// fewer requests left (less this client's other requests on their way)
    /// than this client's pace would send before the reset, and no more than
    /// the low-water mark, the next ones are spread evenly until the reset.
    pub(crate) fn observe(&self, info: &RateLimitInfo) {
        let (Some(remaining), Some(reset)) = (info.remaining, info.reset_in) else {
            return;
        };
        // A reset further away than the documented period is taken as one
        // period away.
        let reset = reset.min(self.period);
        match &self.shared {
            None if self.server_count_is_own(info.limit, remaining) => return,
            // With a shared limiter, the server's count is every worker's:
            // when it is no more than the shared pace sends in a period,
            // nothing else spends the key, and the pace keeps within it.
            Some(s) if s.count_is_own(info.limit, remaining) => return,
            _ => {}
        }
        // The other requests on their way may not have been counted yet by
        // the server: take them as spent.
        let others = self.in_flight.load(Ordering::Relaxed).saturating_sub(1);
        let remaining = remaining.saturating_sub(u64::try_from(others).unwrap_or(u64::MAX));
        if remaining > self.low_water {
            return;
        }
        // What this client's own pace can send before the reset, its burst
        // included: when the server has at least that many left, pacing
        // alone keeps within them, and a hold would only slow the client
        // down at the end of every window of the server's.
        // (With a shared limiter, every worker's pace together.)
        let (interval, tolerance) = match &self.shared {
            Some(s) => (
                s.rate.interval,
                s.rate.interval.saturating_mul(s.rate.burst.max(1) - 1),
            ),
            None => (self.interval, self.tolerance),
        };
        let interval = interval.as_nanos().max(1);
        let paced = reset.as_nanos() / interval + 1 + tolerance.as_nanos() / interval;
        if u128::from(remaining) >= paced {
            return;
        }
        let divisor = u32::try_from(remaining.saturating_add(1)).unwrap_or(u32::MAX);
        self.hold(reset / divisor);
    }

    /// Whether every request the server counts as used (`limit − remaining`,
    /// with a limit no lower than the documented one) was one of this
    /// client's own within the last period (and one interval, for the way
    /// there): nothing else spends the limit, and the pace alone keeps
    /// within it.
    fn server_count_is_own(&self, limit: Option<u64>, remaining: u64) -> bool {
        let (Some((requests, per)), Some(limit)) = (self.own, limit) else {
            return false;
        };
        if limit < requests {
            return false;
        }
        let used = limit.saturating_sub(remaining);
        let mut st = self.state();
        // The server counts a request when it arrives, after it was sent:
        // one more interval covers the way there.
        forget_before(
            &mut st.sent,
            self.clock
                .now()
                .checked_sub(per.saturating_add(self.interval)),
        );
        used <= st.sent.len() as u64
    }
}

impl SharedPacing {
    /// Whether the server's count (`limit − remaining`, with a limit no
    /// lower than the documented one) is within what the shared pace sends
    /// in a period.
    fn count_is_own(&self, limit: Option<u64>, remaining: u64) -> bool {
        match (self.own, limit) {
            (Some((documented, bound)), Some(limit)) if limit >= documented => {
                limit.saturating_sub(remaining) <= bound
            }
            _ => false,
        }
    }

    /// The limiter answered: say so if it had failed.
    fn answered(&self) {
        if self.failing.swap(false, Ordering::Relaxed) {
            *lock(&self.retry_at) = None;
            tracing::info!("the shared rate limiter answers again: pacing by it");
        }
    }

    /// The limiter failed: fall back (`None`) or fail fast.
    fn failed(&self, e: BoxError) -> Option<Result<Duration, Refusal>> {
        let first = !self.failing.swap(true, Ordering::Relaxed);
        match self.on_failure {
            OnLimiterFailure::FallBack => {
                *lock(&self.retry_at) = Instant::now().checked_add(SHARED_RETRY);
                if first {
                    tracing::warn!(
                        error = %e,
                        workers = self.workers,
                        "the shared rate limiter failed: pacing in-process at the documented rate divided by the number of workers"
                    );
                } else {
                    tracing::debug!(error = %e, "the shared rate limiter still fails");
                }
                None
            }
            OnLimiterFailure::FailFast => Some(Err(Refusal::Limiter(e))),
        }
    }
}

/// Locks `m`, poisoned or not.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Drops the send times before `start` (none when it is `None`).
fn forget_before(sent: &mut VecDeque<Instant>, start: Option<Instant>) {
    if let Some(start) = start {
        while sent.front().is_some_and(|t| *t < start) {
            sent.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;

    fn pacer(limit: RateLimit, clock: &ManualClock) -> Arc<Pacer> {
        Arc::new(Pacer::new(&limit, Arc::new(clock.clone()), None))
    }

    /// A response's rate-limit headers.
    fn headers(limit: Option<u64>, remaining: u64, reset_in: Duration) -> RateLimitInfo {
        RateLimitInfo {
            limit,
            remaining: Some(remaining),
            reset_in: Some(reset_in),
        }
    }

    /// Observes `info`, then how long the next request waits (virtual time).
    async fn held_for(p: &Pacer, clock: &ManualClock, info: &RateLimitInfo) -> Duration {
        p.observe(info);
        let start = clock.now();
        p.acquire_local(None).await;
        clock.now() - start
    }

    #[tokio::test]
    async fn concurrent_callers_get_the_full_paced_rate_and_no_more() {
        let clock = ManualClock::new();
        // 10 per second at 100%: one slot every 100 ms.
        let p = pacer(
            RateLimit::new(10, Duration::from_secs(1)).with_safety_margin(1.0),
            &clock,
        );
        let start = clock.now();
        let calls = (0..100).map(|_| {
            let p = p.clone();
            let clock = clock.clone();
            tokio::spawn(async move {
                p.acquire_local(None).await;
                clock.now()
            })
        });
        let mut times: Vec<Instant> = Vec::new();
        for c in calls {
            times.push(c.await.unwrap());
        }
        times.sort();
        // Never faster than the rate: slot k no earlier than k intervals in.
        for (k, t) in times.iter().enumerate() {
            assert!(
                *t - start >= Duration::from_millis(100) * k as u32,
                "slot {k} early"
            );
        }
        // And no slower: the last of 100 goes out at 99 intervals (virtual time).
        assert_eq!(*times.last().unwrap() - start, Duration::from_millis(9900));
    }

    #[tokio::test]
    async fn a_burst_allowance_lets_that_many_go_at_once() {
        let clock = ManualClock::new();
        let p = pacer(
            RateLimit::new(10, Duration::from_secs(1))
                .with_safety_margin(1.0)
                .with_burst(5),
            &clock,
        );
        let start = clock.now();
        for _ in 0..5 {
            p.acquire_local(None).await;
        }
        assert_eq!(clock.now() - start, Duration::ZERO);
        p.acquire_local(None).await;
        assert!(clock.now() - start >= Duration::from_millis(100));
    }

    #[tokio::test]
    async fn a_server_hold_delays_the_next_request() {
        let clock = ManualClock::new();
        let p = pacer(RateLimit::per_minute(6000), &clock);
        p.acquire_local(None).await;
        assert!(
            held_for(&p, &clock, &headers(Some(100), 0, Duration::from_secs(30))).await
                >= Duration::from_secs(30)
        );
        // Plenty left: no hold.
        assert!(
            held_for(&p, &clock, &headers(Some(100), 50, Duration::from_secs(30))).await
                < Duration::from_secs(1)
        );
    }

    #[tokio::test]
    async fn few_left_but_enough_for_the_pace_until_the_reset_is_no_hold() {
        let clock = ManualClock::new();
        // One request every 100 ms.
        let p = pacer(
            RateLimit::new(10, Duration::from_secs(1)).with_safety_margin(1.0),
            &clock,
        );
        let low =
            |remaining, reset_ms| headers(Some(100), remaining, Duration::from_millis(reset_ms));
        p.acquire_local(None).await;
        // 2 left (the low-water mark), reset in 150 ms: the pace sends at
        // most 2 before it (one at once at the earliest, one 100 ms later).
        // No hold: the next request keeps its paced slot.
        assert_eq!(
            held_for(&p, &clock, &low(2, 150)).await,
            Duration::from_millis(100)
        );
        // 2 left, reset in 900 ms: the pace would send 10. Held: 900 ms / 3
        // apart.
        assert!(held_for(&p, &clock, &low(2, 900)).await >= Duration::from_millis(300));
    }

    #[tokio::test]
    async fn requests_on_their_way_count_against_what_the_server_has_left() {
        let clock = ManualClock::new();
        let p = pacer(
            RateLimit::new(10, Duration::from_secs(1)).with_safety_margin(1.0),
            &clock,
        );
        let low = |remaining| headers(Some(100), remaining, Duration::from_millis(1000));
        // 4 left, nothing else on its way: above the low-water mark, no hold.
        p.acquire_local(None).await;
        let first = p.sending();
        assert_eq!(
            held_for(&p, &clock, &low(4)).await,
            Duration::from_millis(100)
        );
        drop(first);
        // 4 left while 3 others are on their way: 1 left, fewer than the
        // pace's 11 before the reset: held, 1 s / 2 apart.
        let sent: Vec<_> = (0..4).map(|_| p.sending()).collect();
        p.observe(&low(4));
        drop(sent);
        let start = clock.now();
        p.acquire_local(None).await;
        assert!(clock.now() - start >= Duration::from_millis(500));
        assert_eq!(p.in_flight.load(Ordering::Relaxed), 0);
    }

    #[tokio::test]
    async fn few_left_of_a_count_that_is_all_the_clients_own_is_no_hold() {
        let clock = ManualClock::new();
        // 10 per second paced at 97%: 9 a second, 111 ms apart; at most 10
        // in any second, so the server's count is this client's own as long
        // as it is no more than what it sent in the last second.
        let p = pacer(RateLimit::new(10, Duration::from_secs(1)), &clock);
        let interval = Duration::from_secs(1) / 9;
        let info = |limit, remaining| headers(Some(limit), remaining, Duration::from_millis(900));
        for _ in 0..8 {
            p.acquire_local(None).await;
        }
        // 8 used, 2 left: all 8 are this client's own. No hold.
        assert_eq!(held_for(&p, &clock, &info(10, 2)).await, interval);
        // 9 sent within the last period and interval, but the server counts 10:
        // someone else spends the limit too. Held until the reset.
        assert!(held_for(&p, &clock, &info(10, 0)).await >= Duration::from_millis(900));
        // A server limit below the documented one: the pace does not keep
        // within it, whatever was sent. Held: 900 ms / 3 apart.
        assert!(held_for(&p, &clock, &info(5, 2)).await >= Duration::from_millis(300));
        // Without the limit header the count cannot be compared: held.
        assert!(
            held_for(
                &p,
                &clock,
                &RateLimitInfo {
                    limit: None,
                    ..info(10, 2)
                }
            )
            .await
                >= Duration::from_millis(300)
        );
    }

    #[tokio::test]
    async fn only_the_last_periods_sends_count_as_the_clients_own() {
        let clock = ManualClock::new();
        let p = pacer(RateLimit::new(10, Duration::from_secs(1)), &clock);
        for _ in 0..9 {
            p.acquire_local(None).await;
        }
        // A quiet second and a half: those 9 are no longer within the period.
        clock.advance(Duration::from_millis(1500));
        p.acquire_local(None).await;
        // The server counts 8 used (a longer window than the documented
        // one): more than this client's 1 in the last second. Held.
        assert!(
            held_for(
                &p,
                &clock,
                &headers(Some(10), 2, Duration::from_millis(900))
            )
            .await
                >= Duration::from_millis(300)
        );
        assert!(p.state().sent.len() <= 11);
    }

    #[tokio::test]
    async fn a_reset_beyond_the_period_holds_for_one_period_at_most() {
        let clock = ManualClock::new();
        let p = pacer(RateLimit::per_minute(6000), &clock);
        p.acquire_local(None).await;
        // As far away as a Duration goes (a server's absurd epoch): no
        // overflow, and no hold past the documented minute.
        assert_eq!(
            held_for(&p, &clock, &headers(Some(100), 0, Duration::MAX)).await,
            Duration::from_secs(60)
        );
    }

    /// A shared limiter that grants every slot at once.
    #[derive(Debug)]
    struct Granting;

    impl SharedLimiter for Granting {
        fn acquire<'a>(
            &'a self,
            _key: &'a str,
            _rate: SharedRate,
            _max_wait: Duration,
        ) -> futures_util::future::BoxFuture<'a, Result<Admission, BoxError>> {
            Box::pin(async {
                Ok(Admission::Granted {
                    wait: Duration::ZERO,
                })
            })
        }

        fn hold<'a>(
            &'a self,
            _key: &'a str,
            _wait: Duration,
            _rate: SharedRate,
        ) -> futures_util::future::BoxFuture<'a, Result<(), BoxError>> {
            Box::pin(async { Ok(()) })
        }
    }

    #[test]
    fn with_a_shared_limiter_few_left_of_the_fleets_own_count_is_no_hold() {
        let clock = ManualClock::new();
        // 100 per 2 s, paced at 97: the fleet sends at most 98 in a period.
        let p = Pacer::new(
            &RateLimit::new(100, Duration::from_secs(2)),
            Arc::new(clock.clone()),
            Some((&SharedLimit::new(Granting), "key".to_owned())),
        );
        let info = |remaining| headers(Some(100), remaining, Duration::from_secs(1));
        // 98 used: the shared pace's own. No hold, nothing to share.
        p.observe(&info(2));
        assert!(p.state().hold_until.is_none());
        assert!(p.state().unshared_hold.is_none());
        // 99 used: something else spends the key. Held 1 s / 2, and the
        // hold is to be written to the shared limiter.
        p.observe(&info(1));
        assert_eq!(p.state().unshared_hold, Some(Duration::from_millis(500)));
        assert!(p.state().hold_until.is_some());
    }
}
