//! A rate limit shared by every process that uses one API key.
//!
//! The in-process pacer ([`RateLimit`](crate::RateLimit)) keeps one process
//! within the documented rate; N processes with the same key send N times
//! that. A [`SharedLimiter`] keeps the limit's state (a GCRA: the theoretical
//! arrival time of the next request, and any hold the server asked for) in
//! one place that every process reaches, e.g. Redis
//! ([`RedisLimiter`](crate::RedisLimiter), feature `redis`). Set it on a
//! config with [`ClientConfig::with_shared_limiter`](crate::ClientConfig::with_shared_limiter):
//! the client's own rate limit gives the rate, and every request then takes
//! its slot from the shared limiter (one round trip), and a hold that the
//! server asks for (few requests remaining, or a 429 with `Retry-After`) is
//! written there, so that every worker holds.
//!
//! ## When the shared limiter fails
//!
//! Every call to it is bounded by [`SharedLimit::with_timeout`] (200 ms by
//! default) and by the call's own deadline. When it fails (unreachable,
//! slow, or an answer that makes no sense), the client does what
//! [`OnLimiterFailure`] says:
//!
//! * [`FallBack`](OnLimiterFailure::FallBack) (the default): the call goes
//!   on, paced in-process at the documented rate divided by
//!   [`SharedLimit::with_workers`] (so that N workers together stay within
//!   it), and a `warn` event says so (once, when the limiter starts
//!   failing; an `info` event when it answers again). While it fails, it is
//!   asked again at most once a second, so that calls do not each wait for
//!   its timeout.
//! * [`FailFast`](OnLimiterFailure::FailFast): the call fails with
//!   [`ErrorKind::RateLimiterUnavailable`](crate::ErrorKind::RateLimiterUnavailable),
//!   nothing sent.
//!
//! ## The key
//!
//! The limiter's key is derived from a SHA-256 hash of the base URL and the
//! credential (never the credential itself), so that every client of one API
//! with one key shares one limit. A client whose credential is a token
//! source (it changes) or that has none is keyed by its base URL alone; set
//! [`SharedLimit::with_key_id`] to name the limit yourself (it is hashed
//! too).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use sha2::{Digest, Sha256};

use crate::error::BoxError;

/// The rate a shared limiter paces a key at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SharedRate {
    /// The spacing between two requests (the period over the number of
    /// requests paced at).
    pub interval: Duration,
    /// How many requests may go at once before pacing starts (at least 1).
    pub burst: u32,
    /// The documented period: the limiter's state need not outlive it by more
    /// than the requests it has already granted.
    pub period: Duration,
}

impl SharedRate {
    /// A rate of `requests` per `period` with `burst` at once.
    pub fn new(requests: u32, period: Duration, burst: u32) -> Self {
        let interval = (period / requests.max(1)).max(Duration::from_nanos(1));
        Self {
            interval,
            burst: burst.max(1),
            period,
        }
    }
}

/// A shared limiter's answer to a request for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Admission {
    /// A slot is taken for this request: send it after `wait` (zero: now).
    Granted {
        /// How long to wait before sending.
        wait: Duration,
    },
    /// The next slot comes after the longest wait the caller accepts; nothing
    /// was taken.
    Later {
        /// How long until that slot.
        wait: Duration,
    },
}

/// A rate limit kept where every process that uses a key reaches it (e.g.
/// [`RedisLimiter`](crate::RedisLimiter)). The pacer calls it; an
/// implementation need not bound its own calls in time (the pacer does).
///
/// Implementations measure time with their own clock (for Redis, the
/// server's), so that processes on hosts whose clocks disagree still agree:
/// waits are durations from the moment the limiter answers.
pub trait SharedLimiter: fmt::Debug + Send + Sync + 'static {
    /// Takes the next slot of `key` under `rate` unless it comes more than
    /// `max_wait` from now, atomically for every process.
    fn acquire<'a>(
        &'a self,
        key: &'a str,
        rate: SharedRate,
        max_wait: Duration,
    ) -> BoxFuture<'a, Result<Admission, BoxError>>;

    /// No slot of `key` before `wait` from now (a hold the server asked
    /// for); a later hold already there stays.
    fn hold<'a>(
        &'a self,
        key: &'a str,
        wait: Duration,
        rate: SharedRate,
    ) -> BoxFuture<'a, Result<(), BoxError>>;
}

/// What a call does when the shared limiter fails (see the
/// [module](crate::shared) docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OnLimiterFailure {
    /// Go on, paced in-process at the documented rate divided by the number
    /// of workers, with a `warn` event.
    #[default]
    FallBack,
    /// Fail the call with
    /// [`ErrorKind::RateLimiterUnavailable`](crate::ErrorKind::RateLimiterUnavailable).
    FailFast,
}

/// A shared limiter and how the client uses it: set on a config with
/// [`ClientConfig::with_shared_limiter`](crate::ClientConfig::with_shared_limiter).
#[derive(Clone)]
#[must_use = "a SharedLimit does nothing until it is set on a config with ClientConfig::with_shared_limiter"]
pub struct SharedLimit {
    pub(crate) limiter: Arc<dyn SharedLimiter>,
    pub(crate) workers: u32,
    pub(crate) on_failure: OnLimiterFailure,
    pub(crate) timeout: Duration,
    pub(crate) key_id: Option<secrecy::SecretString>,
}

impl fmt::Debug for SharedLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedLimit")
            .field("limiter", &self.limiter)
            .field("workers", &self.workers)
            .field("on_failure", &self.on_failure)
            .field("timeout", &self.timeout)
            .field("key_id", &self.key_id.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

impl<L: SharedLimiter> From<L> for SharedLimit {
    fn from(limiter: L) -> Self {
        SharedLimit::new(limiter)
    }
}

impl SharedLimit {
    /// The default bound of each call to the limiter: 200 ms.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(200);

    /// `limiter`, falling back to the documented rate for one worker when it
    /// fails, each call to it bounded by 200 ms.
    pub fn new(limiter: impl SharedLimiter) -> Self {
        Self {
            limiter: Arc::new(limiter),
            workers: 1,
            on_failure: OnLimiterFailure::default(),
            timeout: Self::DEFAULT_TIMEOUT,
            key_id: None,
        }
    }

    /// How many workers (processes) share the key: while the limiter fails,
    /// each paces itself at the documented rate divided by this (default 1;
    /// at least 1).
    pub fn with_workers(mut self, workers: u32) -> Self {
        self.workers = workers.max(1);
        self
    }

    /// What a call does when the limiter fails (default
    /// [`OnLimiterFailure::FallBack`]).
    pub fn with_on_failure(mut self, on_failure: OnLimiterFailure) -> Self {
        self.on_failure = on_failure;
        self
    }

    /// Bounds each call to the limiter (default 200 ms); the call's
    /// deadline bounds it too.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// Names the limit instead of the credential (hashed like it): clients
    /// with the same id share one limit.
    pub fn with_key_id(mut self, id: impl Into<String>) -> Self {
        self.key_id = Some(secrecy::SecretString::from(id.into()));
        self
    }

    /// The number of workers the fallback rate is divided by.
    pub fn workers(&self) -> u32 {
        self.workers
    }

    /// What a call does when the limiter fails.
    pub fn on_failure(&self) -> OnLimiterFailure {
        self.on_failure
    }

    /// The bound of each call to the limiter.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
}

/// The limiter's key for `parts` (base URL, credential): the hex SHA-256
/// of them, each length-prefixed, truncated to 128 bits.
pub(crate) fn derive_key(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    h.update(b"autoclient-shared-limit-v1");
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    let digest = h.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_a_hash_of_its_parts_never_the_parts() {
        let a = derive_key(&[b"https://api.example.com/", b"sk_live_secret"]);
        assert_eq!(a.len(), 32);
        assert!(!a.contains("sk_live"));
        assert_eq!(
            a,
            derive_key(&[b"https://api.example.com/", b"sk_live_secret"])
        );
        assert_ne!(
            a,
            derive_key(&[b"https://api.example.com/", b"sk_live_other"])
        );
        // Length-prefixed: moving bytes between parts changes the key.
        assert_ne!(derive_key(&[b"ab", b"c"]), derive_key(&[b"a", b"bc"]));
    }

    #[test]
    fn a_rate_is_its_interval() {
        let r = SharedRate::new(50, Duration::from_secs(2), 0);
        assert_eq!(r.interval, Duration::from_millis(40));
        assert_eq!(r.burst, 1);
    }
}
