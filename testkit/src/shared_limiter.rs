//! A shared rate limiter that always fails.

use std::time::Duration;

use autoclient_common::{
    Admission, BoxError, OnLimiterFailure, SharedLimit, SharedLimiter, SharedRate,
};
use futures_util::future::BoxFuture;

/// A [`SharedLimiter`] whose every call fails, as a Redis that is down
/// would: for the error of a shared limit set to fail fast.
#[derive(Debug, Clone, Copy, Default)]
pub struct FailingLimiter;

impl SharedLimiter for FailingLimiter {
    fn acquire<'a>(
        &'a self,
        _key: &'a str,
        _rate: SharedRate,
        _max_wait: Duration,
    ) -> BoxFuture<'a, Result<Admission, BoxError>> {
        Box::pin(async { Err("the shared rate limiter is down".into()) })
    }

    fn hold<'a>(
        &'a self,
        _key: &'a str,
        _wait: Duration,
        _rate: SharedRate,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async { Err("the shared rate limiter is down".into()) })
    }
}

/// A shared limit on [`FailingLimiter`] that fails fast: every call of a
/// client with it fails with `ErrorKind::RateLimiterUnavailable`, nothing
/// sent.
pub fn failing_shared_limit() -> SharedLimit {
    SharedLimit::new(FailingLimiter).with_on_failure(OnLimiterFailure::FailFast)
}
