//! Retry policy (how many times, how long to wait) and the retry classifier
//! (which outcomes may be retried), kept apart.
//!
//! The classifier's rules, for APIs without idempotency keys:
//!
//! * Any request is retried on 429 (refused before processing), on a 503 that
//!   carries `Retry-After`, and when the connection could not be opened (nothing
//!   was sent).
//! * Only requests declared idempotent (GET, HEAD, PUT, DELETE, and a PATCH or
//!   POST its API crate marks idempotent, such as an upsert) are also retried on
//!   408, 500, 502, 503 without `Retry-After`, 504, connection resets and
//!   timeouts.
//! * A request that is not idempotent and failed after it may have reached the
//!   server returns [`ErrorKind::OutcomeUnknown`](crate::ErrorKind::OutcomeUnknown).
//! * Other 4xx are never retried.
//!
//! The wait: `retry-after-ms`, else `Retry-After` (delta-seconds or HTTP-date),
//! else `X-RateLimit-Reset` when `X-RateLimit-Remaining` is 0 (epoch seconds when
//! the value is above 10^9, delta seconds otherwise), else full-jitter
//! exponential backoff: random in `[0, min(base * 2^n, max_backoff)]`. A wait
//! the server asks for that is longer than `max_server_wait` is not slept: the
//! call fails at once with a rate-limited error that carries the wait.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName};

/// How often and how patiently to retry.
///
/// ```
/// use std::time::Duration;
/// use autoclient_common::RetryPolicy;
/// let policy = RetryPolicy::default()
///     .with_max_retries(4)
///     .with_base_delay(Duration::from_millis(200));
/// assert_eq!(policy.max_retries(), 4);
/// assert_eq!(RetryPolicy::none().max_retries(), 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a RetryPolicy does nothing until it is set on a config with ClientConfig::with_retry"]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_backoff: Duration,
    max_server_wait: Duration,
}

impl Default for RetryPolicy {
    /// 2 retries (3 attempts), base 0.5 s, backoff capped at 8 s, server
    /// waits capped at 120 s.
    fn default() -> Self {
        Self {
            max_retries: 2,
            base_delay: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_server_wait: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self::default().with_max_retries(0)
    }

    /// Sets the number of retries after the first attempt (0 disables).
    pub fn with_max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// Sets the backoff base (the first retry waits up to this long).
    pub fn with_base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// Sets the longest backoff between two attempts.
    pub fn with_max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// Sets the longest server-requested wait that is slept; a longer one fails
    /// the call at once with [`ErrorKind::RateLimited`](crate::ErrorKind::RateLimited).
    pub fn with_max_server_wait(mut self, d: Duration) -> Self {
        self.max_server_wait = d;
        self
    }

    /// Retries after the first attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The backoff base.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest backoff.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The longest server-requested wait that is slept.
    pub fn max_server_wait(&self) -> Duration {
        self.max_server_wait
    }

    /// The full-jitter backoff before retry number `retry` (0-based).
    #[must_use]
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.min(31));
        let cap = self.base_delay.saturating_mul(factor).min(self.max_backoff);
        let nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// The classifier's verdict on one attempt's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// May be retried.
    Retry,
    /// Final: return the error as it is.
    Final,
    /// Final: a non-idempotent request may have taken effect.
    OutcomeUnknown,
}

/// Classifies an HTTP error status.
pub(crate) fn classify_status(
    status: StatusCode,
    has_retry_after: bool,
    idempotent: bool,
) -> Verdict {
    match status.as_u16() {
        429 => Verdict::Retry,
        503 if has_retry_after => Verdict::Retry,
        408 | 500 | 502 | 503 | 504 if idempotent => Verdict::Retry,
        408 => Verdict::Final,
        501 | 505 => Verdict::Final,
        500..=599 if !idempotent => Verdict::OutcomeUnknown,
        _ => Verdict::Final,
    }
}

/// What failed at the transport level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TransportFailure {
    /// The connection could not be opened: nothing was sent.
    Connect,
    /// The attempt timed out after the request may have been sent.
    Timeout,
    /// The connection broke, or the body could not be read.
    Broken,
}

/// Classifies a transport failure.
pub(crate) fn classify_transport(failure: TransportFailure, idempotent: bool) -> Verdict {
    match failure {
        TransportFailure::Connect => Verdict::Retry,
        _ if idempotent => Verdict::Retry,
        _ => Verdict::OutcomeUnknown,
    }
}

pub(crate) fn transport_failure(e: &reqwest::Error) -> TransportFailure {
    if e.is_connect() {
        TransportFailure::Connect
    } else if e.is_timeout() {
        TransportFailure::Timeout
    } else {
        TransportFailure::Broken
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// `retry-after-ms`: a wait in milliseconds, sent by some APIs beside `Retry-After`.
pub(crate) const RETRY_AFTER_MS: HeaderName = HeaderName::from_static("retry-after-ms");
/// `X-RateLimit-Limit`.
pub(crate) const X_RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
/// `X-RateLimit-Remaining`.
pub(crate) const X_RATELIMIT_REMAINING: HeaderName =
    HeaderName::from_static("x-ratelimit-remaining");
/// `X-RateLimit-Reset`.
pub(crate) const X_RATELIMIT_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// Whether the response carries a `Retry-After` (or `retry-after-ms`).
pub(crate) fn has_retry_after(headers: &HeaderMap) -> bool {
    headers.contains_key(reqwest::header::RETRY_AFTER) || headers.contains_key(&RETRY_AFTER_MS)
}

/// The wait the server asked for, if any: `retry-after-ms`, `Retry-After`
/// (delta-seconds or HTTP-date), or the rate-limit reset when no request is left.
pub fn server_wait(headers: &HeaderMap, now_utc: SystemTime) -> Option<Duration> {
    if let Some(ms) = header_str(headers, &RETRY_AFTER_MS).and_then(|v| v.parse::<f64>().ok())
        && ms.is_finite()
        && ms >= 0.0
    {
        return Some(secs_saturating(ms / 1000.0));
    }
    if let Some(v) = header_str(headers, &reqwest::header::RETRY_AFTER) {
        if let Ok(secs) = v.parse::<u64>() {
            return Some(Duration::from_secs(secs));
        }
        if let Ok(at) = httpdate::parse_http_date(v) {
            return Some(at.duration_since(now_utc).unwrap_or(Duration::ZERO));
        }
    }
    let remaining = header_str(headers, &X_RATELIMIT_REMAINING).and_then(|v| v.parse::<u64>().ok());
    if remaining == Some(0) {
        return rate_limit_reset(headers, now_utc);
    }
    None
}

/// `X-RateLimit-Reset` as a wait from now: epoch seconds when the value is above
/// 10^9, delta seconds otherwise.
pub(crate) fn rate_limit_reset(headers: &HeaderMap, now_utc: SystemTime) -> Option<Duration> {
    let v = header_str(headers, &X_RATELIMIT_RESET)?
        .parse::<f64>()
        .ok()?;
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    if v > 1e9 {
        // An epoch beyond what the system's time can hold: as far as it goes.
        let at = UNIX_EPOCH.checked_add(secs_saturating(v));
        Some(at.map_or(Duration::MAX, |at| {
            at.duration_since(now_utc).unwrap_or(Duration::ZERO)
        }))
    } else {
        Some(secs_saturating(v))
    }
}

/// Seconds (finite, not negative) as a `Duration`, `Duration::MAX` beyond it.
fn secs_saturating(secs: f64) -> Duration {
    Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn backoff_is_bounded_by_the_exponential_cap() {
        let p = RetryPolicy::default();
        for n in 0..40 {
            let cap = Duration::from_millis(500)
                .saturating_mul(2u32.saturating_pow(n.min(31)))
                .min(Duration::from_secs(8));
            assert!(p.backoff(n) <= cap);
        }
    }

    #[test]
    fn classifier_table() {
        use Verdict::*;
        let s = |c| StatusCode::from_u16(c).unwrap();
        assert_eq!(classify_status(s(429), false, false), Retry);
        assert_eq!(classify_status(s(503), true, false), Retry);
        assert_eq!(classify_status(s(503), false, false), OutcomeUnknown);
        assert_eq!(classify_status(s(503), false, true), Retry);
        assert_eq!(classify_status(s(500), false, false), OutcomeUnknown);
        assert_eq!(classify_status(s(500), false, true), Retry);
        assert_eq!(classify_status(s(408), false, true), Retry);
        assert_eq!(classify_status(s(408), false, false), Final);
        assert_eq!(classify_status(s(400), false, true), Final);
        assert_eq!(classify_status(s(404), true, true), Final);
        assert_eq!(classify_status(s(501), false, true), Final);
        assert_eq!(classify_transport(TransportFailure::Connect, false), Retry);
        assert_eq!(
            classify_transport(TransportFailure::Timeout, false),
            OutcomeUnknown
        );
        assert_eq!(classify_transport(TransportFailure::Broken, true), Retry);
    }

    #[test]
    fn server_wait_forms() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            server_wait(&headers(&[("retry-after-ms", "1500")]), now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            server_wait(&headers(&[("retry-after", "7")]), now),
            Some(Duration::from_secs(7))
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(42));
        assert_eq!(
            server_wait(&headers(&[("retry-after", &date)]), now),
            Some(Duration::from_secs(42))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(42));
        assert_eq!(
            server_wait(&headers(&[("retry-after", &past)]), now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            server_wait(
                &headers(&[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "1700000030")
                ]),
                now
            ),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            server_wait(
                &headers(&[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "12")]),
                now
            ),
            Some(Duration::from_secs(12))
        );
        assert_eq!(
            server_wait(
                &headers(&[("x-ratelimit-remaining", "3"), ("x-ratelimit-reset", "12")]),
                now
            ),
            None
        );
        assert_eq!(server_wait(&headers(&[("retry-after", "soon")]), now), None);
    }

    #[test]
    fn absurd_waits_saturate_instead_of_panicking() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        for v in ["1e300", "1.8446744073709552e19", "18446744073709551616"] {
            assert_eq!(
                server_wait(&headers(&[("retry-after-ms", v)]), now),
                Some(
                    Duration::try_from_secs_f64(v.parse::<f64>().unwrap() / 1000.0)
                        .unwrap_or(Duration::MAX)
                ),
                "{v}"
            );
            let reset = rate_limit_reset(&headers(&[("x-ratelimit-reset", v)]), now).unwrap();
            assert!(reset > Duration::from_secs(1 << 40), "{v}: {reset:?}");
        }
        // A reset beyond what the system's time can hold: as far as it goes.
        assert_eq!(
            rate_limit_reset(&headers(&[("x-ratelimit-reset", "1e300")]), now),
            Some(Duration::MAX)
        );
    }

    /// Header values that have broken parsers: numbers at and beyond the
    /// range of `Duration` and `SystemTime`, dates at the edges.
    const TRICKY: &[&str] = &[
        "",
        "0",
        "-0",
        "-1",
        "0.5",
        "1e9",
        "1000000001",
        "1e300",
        "-1e300",
        "1e-300",
        "NaN",
        "inf",
        "-inf",
        "18446744073709551615",
        "18446744073709551616",
        "1.8446744073709552e19",
        "9223372036854775807",
        "3e11",
        "1e20",
        "Thu, 01 Jan 1970 00:00:00 GMT",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Mon, 01 Jan 0001 00:00:00 GMT",
        " 12 ",
        "12abc",
    ];

    fn value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            proptest::sample::select(TRICKY).prop_map(str::to_owned),
            "[ -~]{0,32}",
            any::<f64>().prop_map(|f| f.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 512,
            failure_persistence: None,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed_0007),
            ..proptest::test_runner::Config::default()
        })]

        /// Whatever the rate-limit and retry headers say, reading them and
        /// pacing by them never panics, and a hold never exceeds the
        /// documented period.
        #[test]
        fn any_rate_limit_headers_are_read_and_paced_by_without_panic(
            retry_after in value(),
            retry_after_ms in value(),
            limit in value(),
            remaining in value(),
            reset in value(),
            now_secs in proptest::prelude::any::<u32>(),
        ) {
            let pairs = [
                ("retry-after", retry_after),
                ("retry-after-ms", retry_after_ms),
                ("x-ratelimit-limit", limit),
                ("x-ratelimit-remaining", remaining),
                ("x-ratelimit-reset", reset),
            ];
            let mut h = HeaderMap::new();
            for (k, v) in &pairs {
                if let Ok(v) = HeaderValue::from_str(v) {
                    h.insert(*k, v);
                }
            }
            let now = UNIX_EPOCH + Duration::from_secs(u64::from(now_secs));
            let _ = server_wait(&h, now);
            let _ = has_retry_after(&h);
            let info = crate::response::RateLimitInfo::from_headers(&h, now);
            let clock = crate::ManualClock::starting_at(now);
            let pacer = crate::pacing::Pacer::new(
                &crate::RateLimit::per_minute(100),
                std::sync::Arc::new(clock.clone()),
                None,
            );
            let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
            rt.block_on(async {
                let _ = pacer.acquire(None).await;
                pacer.observe(&info);
                let before = clock.elapsed();
                let _ = pacer.acquire(None).await;
                proptest::prop_assert!(clock.elapsed() - before <= Duration::from_secs(60));
                Ok(())
            })?;
        }
    }
}
