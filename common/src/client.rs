//! The HTTP core: configuration, the shared client and the attempt loop
//! (auth, pacing, in-flight limit, retries, error mapping, decoding).

use std::fmt;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;
use tracing::Instrument;

use crate::auth::{Auth, AuthError};
use crate::clock::{Clock, SystemClock};
use crate::error::{ApiErrorBody, Cause, ConfigError, DeadlineEnd, Error, ErrorKind};
use crate::pacing::{Pacer, RateLimit, Refusal};
use crate::pagination::WalkLimits;
use crate::request::Request;
use crate::response::{RateLimitInfo, Response};
use crate::retry::{self, RetryPolicy, TransportFailure, Verdict};
use crate::shared::{SharedLimit, derive_key};

/// Settings shared by every API client: timeouts, retries, pacing, the
/// in-flight limit, the clock, and an optional caller-supplied `reqwest::Client`.
///
/// ```
/// use std::time::Duration;
/// use autoclient_common::{ClientConfig, RetryPolicy};
/// let config = ClientConfig::default()
///     .with_retry(RetryPolicy::default().with_max_retries(5))
///     .with_attempt_timeout(Duration::from_secs(30))
///     .with_max_in_flight(8);
/// assert_eq!(config.retry().max_retries(), 5);
/// ```
#[derive(Clone)]
#[must_use = "a ClientConfig does nothing until a client is built with it"]
pub struct ClientConfig {
    pub(crate) http: Option<reqwest::Client>,
    pub(crate) user_agent: Option<String>,
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) shared_limit: Option<SharedLimit>,
    pub(crate) max_in_flight: Option<usize>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) max_error_body: usize,
    pub(crate) max_body: usize,
    pub(crate) max_pages: u64,
    pub(crate) max_collected_items: u64,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("custom_http_client", &self.http.is_some())
            .field("user_agent", &self.user_agent)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("shared_limit", &self.shared_limit)
            .field("max_in_flight", &self.max_in_flight)
            .field("clock", &self.clock)
            .field("max_error_body", &self.max_error_body)
            .field("max_body", &self.max_body)
            .field("max_pages", &self.max_pages)
            .field("max_collected_items", &self.max_collected_items)
            .finish()
    }
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            http: None,
            user_agent: None,
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: Duration::from_secs(60),
            deadline: Some(ClientConfig::DEFAULT_DEADLINE),
            retry: RetryPolicy::default(),
            rate_limit: None,
            shared_limit: None,
            max_in_flight: None,
            clock: Arc::new(SystemClock),
            max_error_body: 64 * 1024,
            max_body: 64 * 1024 * 1024,
            max_pages: WalkLimits::DEFAULT_MAX_PAGES,
            max_collected_items: WalkLimits::DEFAULT_MAX_COLLECTED_ITEMS,
        }
    }
}

impl ClientConfig {
    /// Uses a caller-supplied `reqwest::Client` (for a proxy or a corporate CA).
    /// Its own redirect, TLS, proxy and compression settings apply; the connect
    /// timeout of this config does not (set it on that client). The attempt
    /// timeout does: every request carries it, in place of that client's own
    /// `timeout`.
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }
    /// Overrides the `User-Agent` (default `<crate>/<version>`).
    pub fn with_user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }
    /// Sets the connect timeout (default 10 s).
    pub fn with_connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }
    /// Sets the per-attempt timeout, body included (default 60 s).
    pub fn with_attempt_timeout(mut self, d: Duration) -> Self {
        self.attempt_timeout = d;
        self
    }
    /// The default overall deadline of a call: 120 s.
    pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);

    /// Sets the overall deadline of every call (default
    /// [`DEFAULT_DEADLINE`](ClientConfig::DEFAULT_DEADLINE), 120 s): all
    /// attempts and waits, including waits for the in-flight limit and the
    /// rate limit (a paced request whose slot would come at or after the
    /// deadline fails with [`ErrorKind::Timeout`] without sending, as soon as
    /// its turn in the pacer's queue comes, or when the deadline passes while
    /// it queues). An attempt in progress ends at the deadline too, so a
    /// server that trickles its answer cannot hold a call longer. A deadline
    /// too far away to represent is none.
    ///
    /// Calls queued behind a paced client's rate limit count their wait
    /// against it: a backlog of more than two minutes of the allowed rate
    /// fails fast with [`ErrorKind::Timeout`] instead of waiting; raise the
    /// deadline (or lift it) for such a backlog, or bound what you queue.
    ///
    /// ```
    /// use std::time::Duration;
    /// use autoclient_common::ClientConfig;
    /// assert_eq!(ClientConfig::default().deadline(), Some(Duration::from_secs(120)));
    /// let config = ClientConfig::default().with_deadline(Duration::from_secs(30));
    /// assert_eq!(config.deadline(), Some(Duration::from_secs(30)));
    /// assert_eq!(config.without_deadline().deadline(), None);
    /// ```
    pub fn with_deadline(mut self, d: Duration) -> Self {
        self.deadline = Some(d);
        self
    }
    /// Lifts the overall deadline: a call then takes as long as its attempts
    /// (each bounded by the attempt timeout) and the waits between them.
    pub fn without_deadline(mut self) -> Self {
        self.deadline = None;
        self
    }
    /// The overall deadline of a call, if any.
    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }
    /// Sets the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }
    /// Paces requests under `limit` (off by default).
    pub fn with_rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }
    /// Turns pacing off.
    pub fn without_rate_limit(mut self) -> Self {
        self.rate_limit = None;
        self
    }
    /// Shares the rate limit with every process that uses the same
    /// credential, through `limit`'s limiter (e.g. a
    /// [`RedisLimiter`](crate::RedisLimiter), feature `redis`): each request
    /// takes its slot from it, at the rate of
    /// [`with_rate_limit`](Self::with_rate_limit) (which must be set:
    /// building the client fails otherwise), and the holds the server asks
    /// for are written to it. See [`shared`](crate::shared) for what happens
    /// when it fails.
    pub fn with_shared_limiter(mut self, limit: impl Into<SharedLimit>) -> Self {
        self.shared_limit = Some(limit.into());
        self
    }
    /// Stops sharing the rate limit (each process paces itself).
    pub fn without_shared_limiter(mut self) -> Self {
        self.shared_limit = None;
        self
    }
    /// The shared rate limit, if any.
    pub fn shared_limit(&self) -> Option<&SharedLimit> {
        self.shared_limit.as_ref()
    }
    /// Limits the number of requests in flight at once.
    pub fn with_max_in_flight(mut self, n: usize) -> Self {
        self.max_in_flight = Some(n.max(1));
        self
    }
    /// Replaces the clock and sleeper (tests use [`ManualClock`](crate::ManualClock)).
    pub fn with_clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }
    /// Sets how much of an error response's body is kept (default 64 KiB).
    pub fn with_max_error_body(mut self, bytes: usize) -> Self {
        self.max_error_body = bytes;
        self
    }
    /// Sets the largest success body accepted (default 64 MiB).
    pub fn with_max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }
    /// Sets how many pages any one walk over a paginated list may fetch
    /// (default 10,000; at least 1). A walk whose server still reports a
    /// next page after that many ends with [`ErrorKind::WalkLimit`].
    pub fn with_max_pages(mut self, pages: u64) -> Self {
        self.max_pages = pages.max(1);
        self
    }
    /// Sets how many items a list that is collected into memory (rather
    /// than streamed) may hold (default 100,000); past it the call fails
    /// with [`ErrorKind::WalkLimit`].
    pub fn with_max_collected_items(mut self, items: u64) -> Self {
        self.max_collected_items = items;
        self
    }
    /// The bounds of a walk that the caller consumes as a stream: the page
    /// bound, no item bound.
    pub fn walk_limits(&self) -> WalkLimits {
        WalkLimits::default().with_max_pages(self.max_pages)
    }
    /// The bounds of a walk collected into memory: the page bound and the
    /// item bound.
    pub fn collect_limits(&self) -> WalkLimits {
        self.walk_limits()
            .with_max_items(Some(self.max_collected_items))
    }
    /// Sets a default rate limit unless one is already configured (used by API
    /// crates that turn pacing on by default).
    pub fn with_default_rate_limit(mut self, limit: RateLimit) -> Self {
        if self.rate_limit.is_none() {
            self.rate_limit = Some(limit);
        }
        self
    }
    /// The retry policy.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }
    /// The pacing limit, if any.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.rate_limit.as_ref()
    }
    /// The clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }
}

/// A URL as an error may show it: its credentials, query and fragment
/// (which may hold an API key) replaced by `[REDACTED]`, on one line.
/// Whatever stands before the last `@` after the scheme is taken for
/// credentials (a password may hold `/`, `?` or `#`): an `@` in a query
/// hides the host too, which errs on the side of showing less.
pub(crate) fn redacted_url(raw: &str) -> String {
    let authority = raw.find("://").map_or(0, |i| i + 3);
    let (head, mut rest) = raw.split_at(authority);
    let mut shown = head.to_owned();
    if let Some(at) = rest.rfind('@') {
        shown.push_str("[REDACTED]@");
        rest = &rest[at + 1..];
    }
    let cut = rest.find(['?', '#']).unwrap_or(rest.len());
    shown.push_str(&rest[..cut]);
    match rest[cut..].chars().next() {
        Some('?') => shown.push_str("?[REDACTED]"),
        Some(_) => shown.push_str("#[REDACTED]"),
        None => {}
    }
    shown.escape_debug().to_string()
}

/// Validates a base URL: `http`/`https`, no credentials, query or fragment.
/// The error shows the URL without its credentials, query and fragment.
pub fn parse_base_url(raw: &str) -> Result<url::Url, ConfigError> {
    let bad = |reason| ConfigError::BaseUrl {
        url: redacted_url(raw),
        reason,
    };
    let url = url::Url::parse(raw).map_err(|_| bad("not an absolute URL"))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(bad("the scheme must be http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            "credentials belong in the client's auth, not in the URL",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("a base URL has no query or fragment"));
    }
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(bad("not a base URL"));
    }
    Ok(url)
}

/// The shared HTTP client of one API: cheap to clone (an `Arc` inside); its
/// futures are `Send + 'static`.
///
/// ```no_run
/// use autoclient_common::{Auth, ClientConfig, HttpClient, Request};
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let base = autoclient_common::parse_base_url("https://api.example.com/v1")?;
/// let client = HttpClient::new(base, Auth::bearer("key"), "my-sdk/1.0", ClientConfig::default())?;
/// let shops: serde_json::Value = client
///     .send_json::<_, serde_json::Value>(Request::get("shops"))
///     .await?
///     .into_body();
/// # Ok(()) }
/// ```
#[derive(Clone)]
#[must_use = "an HttpClient does nothing until a request is sent with it"]
pub struct HttpClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base: url::Url,
    auth: Auth,
    /// The `Authorization` value of a credential that does not change, built
    /// once; `None` for a token source, or for a credential that is no valid
    /// header value (each call then reports that error).
    fixed_auth: Option<Option<HeaderValue>>,
    user_agent: HeaderValue,
    config: ClientConfig,
    pacer: Option<Pacer>,
    in_flight: Option<Semaphore>,
    /// The timeout `http` gives every request that sets none of its own: the
    /// attempt timeout when the client is ours, `None` for the caller's.
    /// An attempt with that timeout leaves it to the client, which spares
    /// every request the map that carries a timeout of its own.
    default_timeout: Option<Duration>,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("base_url", &self.inner.base.as_str())
            .field("auth", &self.inner.auth)
            .field("user_agent", &self.inner.user_agent)
            .field("config", &self.inner.config)
            .finish()
    }
}

fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if !same || attempt.previous().len() >= 10 {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

/// The outcome of one attempt, before classification.
enum Attempt {
    Done {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    },
    Status {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        truncated: bool,
    },
    Transport {
        failure: TransportFailure,
        source: reqwest::Error,
    },
    TooLarge {
        status: StatusCode,
        headers: HeaderMap,
    },
}

/// Makes sure rustls has a crypto provider before a `reqwest::Client` is
/// built, which would otherwise panic without one: with the `aws-lc-rs`
/// feature reqwest falls back to aws-lc-rs; with `ring` alone, ring is
/// installed as the process default when the program installed none; with
/// neither, a provider the program installed is used, and none is an error.
fn ensure_crypto_provider() -> Result<(), ConfigError> {
    if cfg!(feature = "aws-lc-rs") || rustls::crypto::CryptoProvider::get_default().is_some() {
        return Ok(());
    }
    #[cfg(feature = "ring")]
    {
        // Another thread may have installed one meanwhile: either way, one is set.
        let _ = rustls::crypto::ring::default_provider().install_default();
        Ok(())
    }
    #[cfg(not(feature = "ring"))]
    Err(ConfigError::Invalid(
        "no TLS crypto provider: enable the `aws-lc-rs` (default) or `ring` feature, or \
         install a rustls CryptoProvider before building the client"
            .into(),
    ))
}

impl HttpClient {
    /// A client for `base` with `auth`; `default_user_agent` is used unless the
    /// config overrides it.
    pub fn new(
        base: url::Url,
        auth: Auth,
        default_user_agent: &str,
        config: ClientConfig,
    ) -> Result<Self, ConfigError> {
        let base = parse_base_url(base.as_str())?;
        let (http, default_timeout) = match &config.http {
            Some(c) => (c.clone(), None),
            None => {
                ensure_crypto_provider()?;
                let builder = reqwest::Client::builder()
                    .connect_timeout(config.connect_timeout)
                    .timeout(config.attempt_timeout)
                    .redirect(same_origin_redirects());
                #[cfg(feature = "gzip")]
                let builder = builder.gzip(true);
                let http = builder.build().map_err(ConfigError::Http)?;
                (http, Some(config.attempt_timeout))
            }
        };
        let ua = config
            .user_agent
            .clone()
            .unwrap_or_else(|| default_user_agent.to_owned());
        let user_agent = HeaderValue::from_str(&ua)
            .map_err(|_| ConfigError::Invalid(format!("invalid User-Agent `{ua}`")))?;
        let shared = match (&config.shared_limit, &config.rate_limit) {
            (None, _) => None,
            (Some(_), None) => {
                return Err(ConfigError::Invalid(
                    "a shared rate limit shares the client's rate limit, and none is set: set \
                     the rate the API key allows with ClientConfig::with_rate_limit"
                        .into(),
                ));
            }
            (Some(s), Some(_)) => {
                let key = match &s.key_id {
                    Some(id) => {
                        use secrecy::ExposeSecret;
                        derive_key(&[
                            base.as_str().as_bytes(),
                            b"id",
                            id.expose_secret().as_bytes(),
                        ])
                    }
                    None => {
                        let material = auth.key_material();
                        derive_key(&[base.as_str().as_bytes(), b"auth", &material])
                    }
                };
                Some((s, key))
            }
        };
        let pacer = config
            .rate_limit
            .as_ref()
            .map(|l| Pacer::new(l, config.clock.clone(), shared));
        let in_flight = config.max_in_flight.map(Semaphore::new);
        let fixed_auth = auth.fixed_header().ok();
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base,
                fixed_auth,
                auth,
                user_agent,
                config,
                pacer,
                in_flight,
                default_timeout,
            }),
        })
    }

    /// The base URL.
    pub fn base_url(&self) -> &url::Url {
        &self.inner.base
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// Sends `req` and decodes a JSON body into `T`.
    #[must_use = "a request does nothing until you .await it"]
    pub fn send_json<T, E>(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<Response<T>, Error<E>>> + Send + 'static + use<T, E>
    where
        T: DeserializeOwned + Send + 'static,
        E: ApiErrorBody,
    {
        let secret = req.secret_response;
        let execute = self.execute::<E>(req);
        async move {
            let resp = execute.await?;
            match decode_json::<T, E>(&resp.body) {
                Ok(body) => Ok(resp.map(|_| body)),
                Err(e) => Err(undecodable(e, resp, secret)),
            }
        }
    }

    /// Like [`send_json`](Self::send_json), for callers that want only the
    /// decoded body: it is returned as it was decoded, not moved through a
    /// [`Response`] first (for a large document, a copy fewer of it).
    #[must_use = "a request does nothing until you .await it"]
    pub fn send_json_body<T, E>(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<T, Error<E>>> + Send + 'static + use<T, E>
    where
        T: DeserializeOwned + Send + 'static,
        E: ApiErrorBody,
    {
        let secret = req.secret_response;
        let execute = self.execute::<E>(req);
        async move {
            let resp = execute.await?;
            decode_json::<T, E>(&resp.body).map_err(|e| undecodable(e, resp, secret))
        }
    }

    /// Sends `req` and returns the raw body bytes (no decoding).
    #[must_use = "a request does nothing until you .await it"]
    pub fn send_bytes<E>(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<Response<Bytes>, Error<E>>> + Send + 'static + use<E>
    where
        E: ApiErrorBody,
    {
        self.execute::<E>(req)
    }

    /// Sends `req` and discards the body (for 204 and bodies of no interest).
    #[must_use = "a request does nothing until you .await it"]
    pub fn send_empty<E>(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<Response<()>, Error<E>>> + Send + 'static + use<E>
    where
        E: ApiErrorBody,
    {
        let execute = self.execute::<E>(req);
        async move { Ok(execute.await?.map(|_| ())) }
    }

    /// The attempt loop of a call, boxed (about 1 KB: the request, the URL,
    /// the counters), so that the futures of the API crates above it stay a
    /// few dozen bytes: each layer of `async` holds the one below inline, and
    /// a large future moved from layer to layer cost measurable time per call.
    fn execute<E: ApiErrorBody>(
        &self,
        req: Request,
    ) -> Pin<Box<impl Future<Output = Result<Response<Bytes>, Error<E>>> + Send + 'static + use<E>>>
    {
        Box::pin(self.inner.clone().execute::<E>(req))
    }
}

/// Decodes JSON; only on failure decodes again with `serde_path_to_error` to
/// find the path, so the happy path pays nothing.
pub fn decode_json<T: DeserializeOwned, E>(body: &[u8]) -> Result<T, Error<E>> {
    match serde_json::from_slice::<T>(body) {
        Ok(v) => Ok(v),
        Err(first) => Err(decode_failure::<T, E>(body, first)),
    }
}

/// The error of a body that did not decode into `T`, with the path of the
/// failure (a second, path-tracking decode). Out of line: the success path
/// stays small.
#[cold]
#[inline(never)]
fn decode_failure<T: DeserializeOwned, E>(body: &[u8], first: serde_json::Error) -> Error<E> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Error::new(ErrorKind::Decode).with_message("the response body is empty");
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let (path, source) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => (e.path().to_string(), e.into_inner()),
        Ok(_) => (".".to_owned(), first),
    };
    Error::new(ErrorKind::Decode)
        .with_decode_path(path)
        .with_decode_position(body, source.line(), source.column())
        .with_source(source)
}

fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Reads a body of at most `limit` bytes: the bytes and whether they were cut
/// at the limit, or, when the connection broke part-way, what arrived and
/// the error.
async fn read_body(
    resp: &mut reqwest::Response,
    limit: usize,
) -> Result<(Bytes, bool), (Bytes, reqwest::Error)> {
    // A body that arrives in one chunk (the usual case) is kept as it is,
    // without a copy.
    let first = match resp.chunk().await {
        Ok(Some(first)) => first,
        Ok(None) => return Ok((Bytes::new(), false)),
        Err(e) => return Err((Bytes::new(), e)),
    };
    if first.len() > limit {
        return Ok((Bytes::copy_from_slice(&first[..limit]), true));
    }
    let second = match resp.chunk().await {
        Ok(Some(second)) => second,
        Ok(None) => return Ok((first, false)),
        Err(e) => return Err((first, e)),
    };
    let mut buf = BytesMut::with_capacity(first.len() + second.len());
    buf.extend_from_slice(&first);
    let mut next = Some(second);
    while let Some(chunk) = next {
        let room = limit.saturating_sub(buf.len());
        if chunk.len() > room {
            buf.extend_from_slice(&chunk[..room]);
            return Ok((buf.freeze(), true));
        }
        buf.extend_from_slice(&chunk);
        next = match resp.chunk().await {
            Ok(next) => next,
            Err(e) => return Err((buf.freeze(), e)),
        };
    }
    Ok((buf.freeze(), false))
}

impl Inner {
    fn remaining(&self, deadline: Option<Instant>) -> Option<Duration> {
        deadline.map(|d| d.saturating_duration_since(self.config.clock.now()))
    }

    /// The reqwest request of one attempt, built in place (not through
    /// `RequestBuilder`, whose every call moves the whole request).
    fn request(
        &self,
        method: &Method,
        url: &url::Url,
        req: &Request,
        timeout: Duration,
        auth: Option<HeaderValue>,
    ) -> reqwest::Request {
        let mut request = reqwest::Request::new(method.clone(), url.clone());
        if self.default_timeout != Some(timeout) {
            *request.timeout_mut() = Some(timeout);
        }
        let headers = request.headers_mut();
        headers.append(header::USER_AGENT, self.user_agent.clone());
        headers.append(header::ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(a) = auth {
            headers.append(header::AUTHORIZATION, a);
        }
        for (k, v) in &req.headers {
            headers.append(k, v.clone());
        }
        if let Some(body) = &req.body {
            headers.append(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            *request.body_mut() = Some(body.clone().into());
        }
        request
    }

    async fn attempt(
        &self,
        method: &Method,
        url: &url::Url,
        req: &Request,
        timeout: Duration,
        refresh: bool,
    ) -> Result<Attempt, AuthError> {
        // Built in a block of its own and moved into reqwest's future: this
        // future keeps no second (moved-from) copy of the request, nor the
        // auth header, across the await below.
        let sent = {
            let auth = match &self.fixed_auth {
                Some(fixed) => fixed.clone(),
                None => self.auth.header(refresh).await?,
            };
            self.http
                .execute(self.request(method, url, req, timeout, auth))
        };
        let mut resp = match sent.await {
            Ok(r) => r,
            Err(e) => {
                return Ok(Attempt::Transport {
                    failure: retry::transport_failure(&e),
                    // The URL (and its query, which may hold personal data)
                    // is not kept: errors show the method and path only.
                    source: e.without_url(),
                });
            }
        };
        let status = resp.status();
        // The body's decoding was chosen when the response arrived: the
        // headers can be taken rather than copied.
        let headers = std::mem::take(resp.headers_mut());
        if status.is_success() {
            match read_body(&mut resp, self.config.max_body).await {
                Ok((_, true)) => Ok(Attempt::TooLarge { status, headers }),
                Ok((body, false)) => Ok(Attempt::Done {
                    status,
                    headers,
                    body,
                }),
                Err((_, e)) => Ok(Attempt::Transport {
                    failure: if e.is_timeout() {
                        TransportFailure::Timeout
                    } else {
                        TransportFailure::Broken
                    },
                    source: e.without_url(),
                }),
            }
        } else {
            // An error body is kept even when reading it fails part-way:
            // what arrived, marked cut short.
            let (body, truncated) = match read_body(&mut resp, self.config.max_error_body).await {
                Ok(read) => read,
                Err((partial, _)) => (partial, true),
            };
            Ok(Attempt::Status {
                status,
                headers,
                body,
                truncated,
            })
        }
    }

    // A function returning an `async` block rather than an `async fn`: the
    // arguments of an `async fn` are kept twice in its state (as passed and
    // as locals), and the request is some 300 bytes.
    #[allow(clippy::manual_async_fn, reason = "see above")]
    fn execute<E: ApiErrorBody>(
        self: Arc<Self>,
        req: Request,
    ) -> impl Future<Output = Result<Response<Bytes>, Error<E>>> + Send + 'static {
        async move {
            let method = req.method.clone();
            let path = req.path_for_display();
            if let Some(msg) = req.invalid_reason() {
                return Err(failed(Error::invalid_request(msg), &method, &path, 0));
            }
            let url = match req.url(&self.base) {
                Ok(u) => u,
                Err(msg) => return Err(failed(Error::invalid_request(msg), &method, &path, 0)),
            };
            let clock = self.config.clock.clone();
            let started = clock.now();
            let elapsed = || clock.now().saturating_duration_since(started);
            let max_retries = req.max_retries.unwrap_or(self.config.retry.max_retries());
            let deadline_len = req.deadline.or(self.config.deadline);
            // A deadline beyond what an Instant can hold is no deadline.
            let deadline = deadline_len.and_then(|d| started.checked_add(d));
            let deadline_len = deadline_len.unwrap_or_default();
            let mut retries = 0u32;
            let mut attempts = 0u32;
            let mut refresh = false;
            let mut refreshed = false;
            loop {
                let remaining = self.remaining(deadline);
                if remaining == Some(Duration::ZERO) {
                    let end = DeadlineEnd::Passed;
                    let e = deadline_failure(end, deadline_len, &method, &path, attempts);
                    return Err(e.with_elapsed(elapsed()));
                }
                // The in-flight permit first, then the pace: a request leaves at
                // its paced time instead of queueing for a permit after it, which
                // would bunch requests up whenever every permit is busy.
                let _permit = if self.in_flight.is_none() && self.pacer.is_none() {
                    None
                } else {
                    // Boxed, as the attempt below: only paced or limited
                    // clients wait here, and the wait's state (a timer, the
                    // pacer's queue) would otherwise enlarge every call.
                    match Box::pin(self.admit(deadline, remaining)).await {
                        Ok(permit) => permit,
                        Err(Refused::Deadline(end)) => {
                            let e = deadline_failure(end, deadline_len, &method, &path, attempts);
                            return Err(e.with_elapsed(elapsed()));
                        }
                        Err(Refused::Limiter(source)) => {
                            let e = limiter_failure(source, &method, &path, attempts);
                            return Err(e.with_elapsed(elapsed()));
                        }
                    }
                };
                let remaining = self.remaining(deadline);
                if remaining == Some(Duration::ZERO) {
                    let end = DeadlineEnd::Passed;
                    let e = deadline_failure(end, deadline_len, &method, &path, attempts);
                    return Err(e.with_elapsed(elapsed()));
                }
                // Counted by the pacer until the response has been observed.
                let sending = self.pacer.as_ref().map(Pacer::sending);
                // Whether the deadline, not the attempt timeout, bounds this attempt.
                let clipped = remaining.is_some_and(|r| r < self.config.attempt_timeout);
                let timeout = remaining.map_or(self.config.attempt_timeout, |r| {
                    r.min(self.config.attempt_timeout)
                        .max(Duration::from_millis(1))
                });
                attempts += 1;
                let span = attempt_span(&method, &url, attempts);
                // Boxed: the attempt's state (the response and its body
                // read) would otherwise make the call's future too large for
                // the allocator's fast path.
                let outcome = Box::pin(self.attempt(&method, &url, &req, timeout, refresh))
                    .instrument(span.clone())
                    .await;
                refresh = false;
                drop(_permit);
                let outcome = match outcome {
                    Ok(o) => o,
                    Err(e) => {
                        let e = failed(auth_error(e), &method, &path, attempts - 1);
                        return Err(e.with_elapsed(elapsed()));
                    }
                };
                let now_utc = clock.now_utc();
                let (err, verdict, server_wait) = match outcome {
                    Attempt::Done {
                        status,
                        headers,
                        body,
                    } => {
                        span.record("http.response.status_code", status.as_u16());
                        let rate_limit = RateLimitInfo::from_headers(&headers, now_utc);
                        if let Some(p) = &self.pacer {
                            p.observe(&rate_limit);
                            Box::pin(p.share_hold(deadline)).await;
                        }
                        let fp = req.fingerprint.then(|| fingerprint(&body));
                        return Ok(Response {
                            method,
                            path,
                            status,
                            headers,
                            rate_limit,
                            attempts,
                            fingerprint: fp,
                            body,
                        });
                    }
                    Attempt::TooLarge { status, headers } => {
                        span.record("http.response.status_code", status.as_u16());
                        span.record("error.type", "body_too_large");
                        let e = self.too_large(status, headers);
                        return Err(failed(e, &method, &path, attempts).with_elapsed(elapsed()));
                    }
                    Attempt::Status {
                        status,
                        headers,
                        body,
                        truncated,
                    } => {
                        span.record("http.response.status_code", status.as_u16());
                        span.record("error.type", status.as_str());
                        if status == StatusCode::UNAUTHORIZED
                            && self.auth.refreshable()
                            && !refreshed
                        {
                            tracing::debug!(parent: &span, "401: refreshing the token and trying once more");
                            self.observe_rate_limit(&headers, now_utc);
                            refreshed = true;
                            refresh = true;
                            continue;
                        }
                        let failure =
                            self.status_failure(status, headers, body, truncated, &req, now_utc);
                        if let Some(p) = &self.pacer {
                            if status == StatusCode::TOO_MANY_REQUESTS
                                && let Some(wait) = failure.2
                            {
                                p.hold_for(wait);
                            }
                            Box::pin(p.share_hold(deadline)).await;
                        }
                        failure
                    }
                    Attempt::Transport { failure, source } => {
                        span.record(
                            "error.type",
                            match failure {
                                TransportFailure::Connect => "connect",
                                TransportFailure::Timeout => "timeout",
                                TransportFailure::Broken => "broken",
                            },
                        );
                        let (e, verdict, wait) =
                            transport_failure(failure, source, req.idempotent, &url);
                        let e = if clipped && failure == TransportFailure::Timeout {
                            e.with_deadline_end(deadline_len, DeadlineEnd::Passed)
                        } else {
                            e
                        };
                        (e, verdict, wait)
                    }
                };
                drop(sending);
                if verdict != Verdict::Retry || retries >= max_retries {
                    return Err(failed(err, &method, &path, attempts).with_elapsed(elapsed()));
                }
                match self.retry_wait(err, server_wait, retries, deadline, &span) {
                    Ok(wait) => clock.sleep(wait).await,
                    Err(e) => {
                        return Err(failed(e, &method, &path, attempts).with_elapsed(elapsed()));
                    }
                }
                retries += 1;
            }
        }
    }

    /// Waits for an in-flight permit, then for the pace; both waits end at
    /// the call's deadline (the error says which one did not make it).
    async fn admit(
        &self,
        deadline: Option<Instant>,
        remaining: Option<Duration>,
    ) -> Result<Option<tokio::sync::SemaphorePermit<'_>>, Refused> {
        let admitted = async {
            let permit = match &self.in_flight {
                Some(s) => s.acquire().await.ok(),
                None => None,
            };
            let paced = match &self.pacer {
                Some(p) => p.acquire(deadline).await.map(|_| ()),
                None => Ok(()),
            };
            (permit, paced)
        };
        let admitted = match remaining {
            Some(r) => tokio::time::timeout(r, admitted).await.ok(),
            None => Some(admitted.await),
        };
        match admitted {
            Some((permit, Ok(()))) => Ok(permit),
            Some((_, Err(Refusal::Deadline))) => {
                Err(Refused::Deadline(DeadlineEnd::BeforeNextSlot))
            }
            Some((_, Err(Refusal::Limiter(e)))) => Err(Refused::Limiter(e)),
            None => Err(Refused::Deadline(DeadlineEnd::PassedWaiting)),
        }
    }

    /// Feeds a response's rate-limit headers to the pacer, if any.
    fn observe_rate_limit(&self, headers: &HeaderMap, now_utc: std::time::SystemTime) {
        if let Some(p) = &self.pacer {
            p.observe(&RateLimitInfo::from_headers(headers, now_utc));
        }
    }

    // The failure paths below are functions of their own, kept out of line:
    // inlined into the attempt loop, their temporaries made the stack frame
    // of every call's hot path several kilobytes larger (measured: 8 KB).

    /// The error of a success response whose body is over the limit.
    #[cold]
    #[inline(never)]
    fn too_large<E>(&self, status: StatusCode, headers: HeaderMap) -> Error<E> {
        Error::new(ErrorKind::Decode)
            .with_message(format!(
                "the response body exceeds the {} byte limit",
                self.config.max_body
            ))
            .with_response(status, headers, Bytes::new(), true)
    }

    /// The error of a non-success status, whether it may be retried, and the
    /// wait the server asked for.
    #[inline(never)]
    fn status_failure<E: ApiErrorBody>(
        &self,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        truncated: bool,
        req: &Request,
        now_utc: std::time::SystemTime,
    ) -> (Error<E>, Verdict, Option<Duration>) {
        self.observe_rate_limit(&headers, now_utc);
        let wait = retry::server_wait(&headers, now_utc);
        let verdict =
            retry::classify_status(status, retry::has_retry_after(&headers), req.idempotent);
        let kind = if verdict == Verdict::OutcomeUnknown {
            ErrorKind::OutcomeUnknown
        } else {
            ErrorKind::from_status(status)
        };
        if req.secret_response {
            // A token endpoint's error may echo the request (its client
            // secret, the code) or carry a token: neither the body nor
            // anything parsed from it is kept, but its error code (OAuth's
            // `invalid_grant`), which is not secret, is named.
            let mut headers = headers;
            headers.remove(header::SET_COOKIE);
            let message = match secret_error_code(&body) {
                Some(code) => format!(
                    "error code `{code}`; the response body was not kept: it may carry secrets"
                ),
                None => "the response body was not kept: it may carry secrets".to_owned(),
            };
            let e = Error::new(kind)
                .with_message(message)
                .with_response(status, headers, Bytes::new(), false)
                .with_retry_after(wait);
            return (e, verdict, wait);
        }
        let api = if truncated {
            None
        } else {
            serde_json::from_slice::<E>(&body).ok()
        };
        let e = Error::new(kind)
            .with_response(status, headers, body, truncated)
            .with_api(api)
            .with_retry_after(wait);
        (e, verdict, wait)
    }

    /// The wait before the next attempt, or the error to return when the
    /// server asks for more than the cap or the deadline leaves no room.
    #[inline(never)]
    fn retry_wait<E>(
        &self,
        err: Error<E>,
        server_wait: Option<Duration>,
        retries: u32,
        deadline: Option<Instant>,
        span: &tracing::Span,
    ) -> Result<Duration, Error<E>> {
        let cap = self.config.retry.max_server_wait();
        if let Some(w) = server_wait
            && w > cap
        {
            tracing::debug!(parent: span, wait_ms = w.as_millis() as u64, "server wait above the cap; not retrying");
            return Err(err.set_kind(ErrorKind::RateLimited).with_message(format!(
                "the server asked to wait {:.3} s, more than the {:.3} s cap",
                w.as_secs_f64(),
                cap.as_secs_f64()
            )));
        }
        let wait = server_wait.unwrap_or_else(|| self.config.retry.backoff(retries));
        if let Some(r) = self.remaining(deadline)
            && wait >= r
        {
            return Err(err);
        }
        span.record("wait_ms", wait.as_millis() as u64);
        tracing::debug!(parent: span, wait_ms = wait.as_millis() as u64, "retrying");
        Ok(wait)
    }
}

/// Completes the error of a success response that did not decode with its
/// request and response; a body that carries secrets is not kept.
#[cold]
#[inline(never)]
fn undecodable<E>(e: Error<E>, resp: Response<Bytes>, secret: bool) -> Error<E> {
    let kept = if secret { Bytes::new() } else { resp.body };
    e.with_request(&resp.method, &resp.path)
        .with_response(resp.status, resp.headers, kept, false)
        .with_attempts(resp.attempts)
}

/// The error code of a secret request's error body: OAuth's `error` (a
/// string), or an `error.code`, when it is a short token of letters, digits,
/// `_`, `.` and `-` (anything else may be an echo of a secret).
fn secret_error_code(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let error = value.get("error")?;
    let code = error
        .as_str()
        .or_else(|| error.get("code").and_then(serde_json::Value::as_str))?;
    let token = !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    token.then(|| code.to_owned())
}

/// The span of one attempt, with the OpenTelemetry HTTP client field names:
/// `http.request.method`, `url.path` (the whole path sent, base path
/// included; never the query), `server.address`,
/// `http.request.resend_count` (from the second attempt on); and, recorded
/// later, `http.response.status_code`, `error.type` (the status code of an
/// error response, or `timeout`, `connect`, `broken`, `body_too_large`) and
/// `wait_ms` (the wait before the next attempt).
#[inline(never)]
fn attempt_span(method: &Method, url: &url::Url, attempt: u32) -> tracing::Span {
    let span = tracing::debug_span!(
        "http.attempt",
        http.request.method = %method,
        url.path = url.path(),
        server.address = url.host_str().unwrap_or_default(),
        http.request.resend_count = tracing::field::Empty,
        http.response.status_code = tracing::field::Empty,
        error.type = tracing::field::Empty,
        wait_ms = tracing::field::Empty,
    );
    if attempt > 1 {
        span.record("http.request.resend_count", attempt - 1);
    }
    span
}

/// A call whose deadline came before its next request could be sent.
#[cold]
#[inline(never)]
fn deadline_failure<E>(
    end: DeadlineEnd,
    deadline: Duration,
    method: &Method,
    path: &str,
    attempts: u32,
) -> Error<E> {
    let e = Error::new(ErrorKind::Timeout).with_deadline_end(deadline, end);
    failed(e, method, path, attempts)
}

/// Why a call was not admitted.
enum Refused {
    /// The deadline, before or while it waited.
    Deadline(DeadlineEnd),
    /// The shared rate limiter failed and the limit fails fast.
    Limiter(crate::error::BoxError),
}

/// The error of a call refused because the shared rate limiter failed.
#[cold]
#[inline(never)]
fn limiter_failure<E>(
    source: crate::error::BoxError,
    method: &Method,
    path: &str,
    attempts: u32,
) -> Error<E> {
    let e = Error::new(ErrorKind::RateLimiterUnavailable)
        .with_message(format!(
            "nothing was sent: the shared rate limiter failed ({source})"
        ))
        .with_source(source);
    failed(e, method, path, attempts)
}

/// Completes a failed call's error with its request and attempt count.
#[cold]
#[inline(never)]
fn failed<E>(e: Error<E>, method: &Method, path: &str, attempts: u32) -> Error<E> {
    e.with_request(method, path).with_attempts(attempts)
}

/// The error of credentials that could not be attached.
#[cold]
#[inline(never)]
fn auth_error<E>(e: AuthError) -> Error<E> {
    match e {
        AuthError::Source(src) => Error::new(ErrorKind::Unauthorized)
            .with_message("could not obtain a token")
            .with_source(src),
        e @ (AuthError::InvalidHeader | AuthError::NotFixed) => {
            Error::invalid_request(e.to_string())
        }
    }
}

/// The error of a failed transport, and whether it may be retried.
#[inline(never)]
fn transport_failure<E>(
    failure: TransportFailure,
    source: reqwest::Error,
    idempotent: bool,
    url: &url::Url,
) -> (Error<E>, Verdict, Option<Duration>) {
    let verdict = retry::classify_transport(failure, idempotent);
    let kind = match (verdict, failure) {
        (Verdict::OutcomeUnknown, _) => ErrorKind::OutcomeUnknown,
        (_, TransportFailure::Timeout) => ErrorKind::Timeout,
        _ => ErrorKind::Connection,
    };
    let cause = Cause::of(&source, url);
    let e = Error::new(kind).with_cause(cause).with_source(source);
    (e, verdict, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A call's futures stay small: every layer above holds (and moves) the
    /// future below it inline. The boxed attempt loop (960 bytes) and one
    /// attempt (568 bytes, with the locked dependencies) are allocated per
    /// call; the bounds leave room for a dependency's types to grow, and a
    /// failure here means something large is held across an await again.
    #[test]
    fn the_futures_of_a_call_are_small() {
        let client = HttpClient::new(
            url::Url::parse("http://127.0.0.1:9/v1").expect("url"),
            Auth::bearer("token"),
            "test",
            ClientConfig::default(),
        )
        .expect("client");
        let req = Request::post("a").json(&serde_json::json!({"a": 1}));
        let send = client.send_json::<serde_json::Value, serde_json::Value>(req.clone());
        let size = std::mem::size_of_val(&send);
        assert!(size <= 64, "send_json's future is {size} bytes");
        let execute = client.execute::<serde_json::Value>(req.clone());
        let size = std::mem::size_of_val(&*execute);
        assert!(size <= 1536, "the attempt loop is {size} bytes");
        let url = req.url(client.base_url()).expect("url");
        let attempt =
            client
                .inner
                .attempt(&Method::POST, &url, &req, Duration::from_secs(1), false);
        let size = std::mem::size_of_val(&attempt);
        assert!(size <= 1024, "an attempt is {size} bytes");
    }
}
