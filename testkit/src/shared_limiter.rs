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

/// A shared rate limiter that grants every slot at once and keeps the rates
/// it was asked at, for tests of how a client wires its shared limit.
#[derive(Debug, Clone, Default)]
pub struct GrantingLimiter(std::sync::Arc<std::sync::Mutex<Vec<SharedRate>>>);

impl GrantingLimiter {
    /// The rates asked for so far, one per slot taken.
    pub fn rates(&self) -> Vec<SharedRate> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

impl SharedLimiter for GrantingLimiter {
    fn acquire<'a>(
        &'a self,
        _key: &'a str,
        rate: SharedRate,
        _max_wait: Duration,
    ) -> BoxFuture<'a, Result<Admission, BoxError>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(rate);
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
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async { Ok(()) })
    }
}
