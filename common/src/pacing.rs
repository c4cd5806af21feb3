//! Client-side pacing at a documented rate limit, so that 429s do not happen in
//! the first place.
//!
//! A GCRA limiter (the `governor` crate, driven by the client's injectable
//! [`Clock`]) spaces requests at a safety margin below the documented rate. It
//! also slows down when responses report `X-RateLimit-Remaining` near 0: with
//! `remaining` requests left until the reset, the next request waits at least
//! `reset / (remaining + 1)`.

use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governor::clock::Clock as GovClock;
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

use crate::clock::Clock;
use crate::response::RateLimitInfo;

/// A documented rate limit to pace requests under.
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

    fn quota(&self) -> Quota {
        let interval = self.per / self.effective_requests();
        let interval = if interval.is_zero() {
            Duration::from_nanos(1)
        } else {
            interval
        };
        let burst = NonZeroU32::new(self.burst).unwrap_or(NonZeroU32::MIN);
        Quota::with_period(interval)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst)
    }
}

#[derive(Debug, Clone)]
struct ClockAdapter(Arc<dyn Clock>);

impl GovClock for ClockAdapter {
    type Instant = Instant;
    fn now(&self) -> Instant {
        self.0.now()
    }
}

/// The pacer of one client (shared by its clones).
pub(crate) struct Pacer {
    limiter: RateLimiter<NotKeyed, InMemoryState, ClockAdapter, NoOpMiddleware<Instant>>,
    clock: Arc<dyn Clock>,
    hold_until: Mutex<Option<Instant>>,
    low_water: u64,
}

impl std::fmt::Debug for Pacer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pacer")
            .field("low_water", &self.low_water)
            .finish()
    }
}

impl Pacer {
    pub(crate) fn new(limit: &RateLimit, clock: Arc<dyn Clock>) -> Self {
        Self {
            limiter: RateLimiter::direct_with_clock(limit.quota(), ClockAdapter(clock.clone())),
            clock,
            hold_until: Mutex::new(None),
            low_water: limit.low_water,
        }
    }

    /// Waits until a request may be sent; returns the time waited.
    pub(crate) async fn acquire(&self) -> Duration {
        let mut waited = Duration::ZERO;
        loop {
            let hold = *self.hold_until.lock().unwrap_or_else(|e| e.into_inner());
            let now = self.clock.now();
            if let Some(until) = hold
                && until > now
            {
                let d = until - now;
                waited += d;
                self.clock.sleep(d).await;
                continue;
            }
            match self.limiter.check() {
                Ok(()) => return waited,
                Err(not_until) => {
                    let d = not_until.wait_time_from(self.clock.now());
                    let d = if d.is_zero() {
                        Duration::from_micros(1)
                    } else {
                        d
                    };
                    waited += d;
                    self.clock.sleep(d).await;
                }
            }
        }
    }

    /// Takes note of a response's rate-limit headers.
    pub(crate) fn observe(&self, info: &RateLimitInfo) {
        let (Some(remaining), Some(reset)) = (info.remaining, info.reset_in) else {
            return;
        };
        if remaining > self.low_water {
            return;
        }
        let divisor = u32::try_from(remaining.saturating_add(1)).unwrap_or(u32::MAX);
        let spacing = reset / divisor;
        let until = self.clock.now() + spacing;
        let mut hold = self.hold_until.lock().unwrap_or_else(|e| e.into_inner());
        if hold.is_none_or(|h| h < until) {
            *hold = Some(until);
        }
    }
}
