//! [`RedisLimiter`]: a [`SharedLimiter`] on Redis (feature `redis`).

use std::fmt;
use std::time::Duration;

use futures_util::future::BoxFuture;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use crate::error::{BoxError, ConfigError};
use crate::shared::{Admission, SharedLimiter, SharedRate};

/// Takes a slot: a GCRA kept in one hash per key (`tat`, the theoretical
/// arrival time of the next request, and `hold`, no slot before it), in
/// microseconds of Redis's own clock. A slot is reserved even when it lies
/// in the future (the caller waits for it without asking again), unless it
/// is more than the caller's longest wait away.
///
/// KEYS[1]: the key. ARGV: interval, tolerance ((burst - 1) intervals),
/// period, longest wait (all in µs). Returns {1, wait} when a slot was
/// taken, {0, wait} when it is too far away.
const ACQUIRE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
local max_wait = tonumber(ARGV[4])
local st = redis.call('HMGET', KEYS[1], 'tat', 'hold')
local tat = tonumber(st[1]) or now
local hold = tonumber(st[2]) or 0
if tat < now then tat = now end
local at = tat - tolerance
if at < now then at = now end
if hold > at then at = hold end
local wait = at - now
if wait > max_wait then return {0, wait} end
local new_tat = math.max(tat, at) + interval
redis.call('HSET', KEYS[1], 'tat', string.format('%.0f', new_tat))
local ttl = math.max(period, new_tat - now, hold - now)
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', math.ceil(ttl / 1000)))
return {1, wait}
";

/// Writes a hold: no slot before `wait` from now (a later hold stays).
///
/// KEYS[1]: the key. ARGV: wait, period (µs). Returns 1.
const HOLD: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local hold_until = now + tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local st = redis.call('HMGET', KEYS[1], 'tat', 'hold')
local tat = tonumber(st[1]) or now
local hold = tonumber(st[2]) or 0
if hold_until > hold then
  hold = hold_until
  redis.call('HSET', KEYS[1], 'hold', string.format('%.0f', hold))
end
local ttl = math.max(period, tat - now, hold - now)
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', math.ceil(ttl / 1000)))
return 1
";

/// The longest wait a script is asked about (a day): a caller without a
/// deadline takes any slot.
const LONGEST_WAIT: Duration = Duration::from_secs(24 * 3600);

/// A [`SharedLimiter`] on Redis: one round trip per request (a Lua script,
/// called by its SHA-1 with `EVALSHA` and loaded again when the server has
/// lost it), reading Redis's own `TIME`, so that hosts whose clocks
/// disagree still agree. Each key is a hash whose TTL is the period past the
/// last slot it granted, so nothing accumulates.
///
/// The connection is made on first use and made again after a failure (the
/// redis crate's connection manager); building the limiter does no I/O.
/// Its `Debug` and errors show the URL without its password.
///
/// ```no_run
/// use autoclient_common::{ClientConfig, RateLimit, RedisLimiter, SharedLimit};
/// # fn demo() -> Result<(), autoclient_common::ConfigError> {
/// let redis = RedisLimiter::new("redis://:secret@127.0.0.1:6379/0")?.with_prefix("myapp:rl:");
/// let config = ClientConfig::default()
///     .with_rate_limit(RateLimit::per_minute(100))
///     .with_shared_limiter(SharedLimit::new(redis).with_workers(8));
/// # let _ = config; Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisLimiter {
    conn: ConnectionManager,
    prefix: String,
    shown_url: String,
    acquire: redis::Script,
    hold: redis::Script,
}

impl fmt::Debug for RedisLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisLimiter")
            .field("url", &self.shown_url)
            .field("prefix", &self.prefix)
            .finish()
    }
}

impl fmt::Display for RedisLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redis at {}", self.shown_url)
    }
}

impl RedisLimiter {
    /// The default key prefix.
    pub const DEFAULT_PREFIX: &'static str = "autoclient:rate:";

    /// A limiter on the Redis at `url` (`redis://[:password@]host[:port][/db]`,
    /// or `redis+unix://`); no connection is made until the first request.
    /// Connecting and each command time out after the default
    /// [`SharedLimit`](crate::SharedLimit) timeout (200 ms). Fails outside a
    /// Tokio runtime (it starts a task of the connection manager's).
    pub fn new(url: &str) -> Result<Self, ConfigError> {
        Self::with_timeout(url, crate::SharedLimit::DEFAULT_TIMEOUT)
    }

    /// As [`new`](Self::new), connecting and each command timing out after
    /// `timeout`.
    pub fn with_timeout(url: &str, timeout: Duration) -> Result<Self, ConfigError> {
        let shown_url = crate::client::redacted_url(url);
        // The connection manager starts a task: outside a runtime, that
        // would panic.
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(ConfigError::Invalid(format!(
                "the limiter on Redis at `{shown_url}` must be created within a Tokio runtime"
            )));
        }
        let client = redis::Client::open(url)
            .map_err(|_| ConfigError::Invalid(format!("`{shown_url}` is not a Redis URL")))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(500));
        let conn = ConnectionManager::new_lazy_with_config(client, config).map_err(|e| {
            ConfigError::Invalid(format!(
                "could not set up the connection to Redis at `{shown_url}`: {}",
                e.category()
            ))
        })?;
        Ok(Self {
            conn,
            prefix: Self::DEFAULT_PREFIX.to_owned(),
            shown_url,
            acquire: redis::Script::new(ACQUIRE),
            hold: redis::Script::new(HOLD),
        })
    }

    /// Sets the prefix of every key (default `autoclient:rate:`).
    #[must_use = "with_prefix returns the limiter with the prefix set"]
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// The Redis key of a limiter key.
    fn redis_key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// Runs a script (`EVALSHA`, loading it again on `NOSCRIPT`). A
    /// connection found broken is made again once at once: the connection
    /// manager reconnects on the failure that reveals it, so that a Redis
    /// that is back answers the call that finds it back.
    async fn invoke<T: redis::FromRedisValue>(
        &self,
        invocation: &redis::ScriptInvocation<'_>,
    ) -> redis::RedisResult<T> {
        let mut conn = self.conn.clone();
        match invocation.invoke_async(&mut conn).await {
            Err(e) if e.is_io_error() || e.is_connection_dropped() => {
                invocation.invoke_async(&mut conn).await
            }
            answer => answer,
        }
    }

    /// A Redis failure as the pacer reports it: what failed and the URL
    /// without its password.
    fn failure(&self, what: &str, e: &redis::RedisError) -> BoxError {
        format!("{what} on Redis at {} failed: {e}", self.shown_url).into()
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

impl SharedLimiter for RedisLimiter {
    fn acquire<'a>(
        &'a self,
        key: &'a str,
        rate: SharedRate,
        max_wait: Duration,
    ) -> BoxFuture<'a, Result<Admission, BoxError>> {
        Box::pin(async move {
            let interval = micros(rate.interval).max(1);
            let tolerance = interval.saturating_mul(u64::from(rate.burst.max(1) - 1));
            let mut invocation = self.acquire.key(self.redis_key(key));
            invocation
                .arg(interval)
                .arg(tolerance)
                .arg(micros(rate.period).max(1))
                .arg(micros(max_wait.min(LONGEST_WAIT)));
            let (granted, wait): (i64, i64) = self
                .invoke(&invocation)
                .await
                .map_err(|e| self.failure("taking a slot", &e))?;
            let wait = u64::try_from(wait)
                .ok()
                .filter(|w| *w <= micros(LONGEST_WAIT).saturating_add(micros(rate.period)))
                .map(Duration::from_micros)
                .ok_or_else(|| -> BoxError {
                    format!("Redis at {} answered a wait of {wait} µs", self.shown_url).into()
                })?;
            match granted {
                1 => Ok(Admission::Granted { wait }),
                0 => Ok(Admission::Later { wait }),
                other => Err(format!(
                    "Redis at {} answered {other} to a request for a slot",
                    self.shown_url
                )
                .into()),
            }
        })
    }

    fn hold<'a>(
        &'a self,
        key: &'a str,
        wait: Duration,
        rate: SharedRate,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let mut invocation = self.hold.key(self.redis_key(key));
            invocation
                .arg(micros(wait.min(LONGEST_WAIT)))
                .arg(micros(rate.period).max(1));
            let _: i64 = self
                .invoke(&invocation)
                .await
                .map_err(|e| self.failure("writing a hold", &e))?;
            Ok(())
        })
    }
}
