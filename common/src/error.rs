//! One error type for every SDK, generic over the API's own error body.
//!
//! [`Error<E>`] keeps everything a caller may need to act on a failure: the kind
//! ([`ErrorKind`]), the HTTP status and headers, the raw body (bounded, even when
//! it is HTML or not UTF-8), the API's parsed error body `E` when it parses, the
//! server's requested wait, the JSON path at which a response failed to decode,
//! the client-side violations of a request that was refused before sending, and
//! how many attempts were made. `Display` says what went wrong in one line.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

/// A boxed error, used for sources (token sources, transports).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What kind of failure an [`Error`] is. Match on this to decide what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 401, or credentials could not be obtained (a token source failed).
    Unauthorized,
    /// 403.
    Forbidden,
    /// 404.
    NotFound,
    /// 409.
    Conflict,
    /// 400 or 422 from the server, or a client-side check that refused the
    /// request before anything was sent (see [`Error::violations`]).
    Validation,
    /// 429, or a server-requested wait longer than the configured cap.
    RateLimited,
    /// 5xx (for a request that is idempotent, or that the server refused
    /// before processing).
    Server,
    /// The per-attempt timeout or the overall deadline expired.
    Timeout,
    /// The connection could not be opened or broke (for a request that is
    /// idempotent, or when nothing was sent).
    Connection,
    /// A success response whose body did not decode into the expected type.
    Decode,
    /// The request could not be built (nothing was sent).
    InvalidRequest,
    /// A request that is not idempotent failed after it may have reached the
    /// server (timeout, connection reset, 5xx): it may or may not have taken
    /// effect. Look the record up before trying again.
    OutcomeUnknown,
    /// Another HTTP status (a 3xx not followed, a 4xx not listed above).
    Http,
    /// A walk over pages reached its bound while the server still reported
    /// more: its page limit, or the item limit of a list collected into
    /// memory (see [`WalkLimits`](crate::WalkLimits)). The message names the
    /// bound and the setting that raises it.
    WalkLimit,
    /// The shared rate limiter (a [`SharedLimit`](crate::SharedLimit), e.g.
    /// on Redis) could not be reached or answered nonsense, and the limit is
    /// set to fail fast ([`OnLimiterFailure::FailFast`](crate::OnLimiterFailure::FailFast)).
    /// Nothing was sent.
    RateLimiterUnavailable,
}

impl ErrorKind {
    /// Every kind this version knows (for a test that meets them all, or a
    /// metric per kind). Later versions may add kinds.
    ///
    /// ```
    /// use autoclient_common::ErrorKind;
    /// assert!(ErrorKind::ALL.contains(&ErrorKind::OutcomeUnknown));
    /// ```
    pub const ALL: [ErrorKind; 15] = [
        ErrorKind::Unauthorized,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::Conflict,
        ErrorKind::Validation,
        ErrorKind::RateLimited,
        ErrorKind::Server,
        ErrorKind::Timeout,
        ErrorKind::Connection,
        ErrorKind::Decode,
        ErrorKind::InvalidRequest,
        ErrorKind::OutcomeUnknown,
        ErrorKind::Http,
        ErrorKind::WalkLimit,
        ErrorKind::RateLimiterUnavailable,
    ];

    /// The kind for an HTTP error status.
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            400 | 422 => ErrorKind::Validation,
            429 => ErrorKind::RateLimited,
            408 => ErrorKind::Timeout,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::Http,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Validation => "validation failed",
            ErrorKind::RateLimited => "rate limited",
            ErrorKind::Server => "server error",
            ErrorKind::Timeout => "timed out",
            ErrorKind::Connection => "connection failed",
            ErrorKind::Decode => "response did not decode",
            ErrorKind::InvalidRequest => "invalid request",
            ErrorKind::OutcomeUnknown => "outcome unknown",
            ErrorKind::Http => "HTTP error",
            ErrorKind::WalkLimit => "walk limit reached",
            ErrorKind::RateLimiterUnavailable => "shared rate limiter unavailable",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// An API's error body: what the server sends with an error status.
///
/// Implemented by each API crate for its documented error shape, and by
/// [`serde_json::Value`] for APIs (or tests) without one.
pub trait ApiErrorBody: DeserializeOwned + fmt::Debug + Send + Sync + 'static {
    /// The server's human-readable message, if the body carries one.
    fn message(&self) -> Option<String>;
}

impl ApiErrorBody for serde_json::Value {
    fn message(&self) -> Option<String> {
        [
            "message",
            "error",
            "detail",
            "errorMessage",
            "error_description",
        ]
        .iter()
        .find_map(|k| self.get(*k).and_then(|v| v.as_str()).map(str::to_owned))
    }
}

/// One client-side rule a request broke (the request was not sent).
/// Made with [`Violation::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// The field, as a path in the request (e.g. `vehicles[3].vin`).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl Violation {
    /// A violation of `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The error of every SDK call. `E` is the API's error body type.
///
/// ```
/// use autoclient_common::{Error, ErrorKind, Violation};
/// let err: Error<serde_json::Value> =
///     Error::validation(vec![Violation::new("vin", "must be 17 characters")]);
/// assert_eq!(err.kind(), ErrorKind::Validation);
/// assert_eq!(err.to_string(), "validation failed (nothing was sent): vin: must be 17 characters");
/// ```
pub struct Error<E> {
    inner: Box<Inner<E>>,
}

struct Inner<E> {
    kind: ErrorKind,
    message: Option<String>,
    method: Option<Method>,
    path: Option<String>,
    status: Option<StatusCode>,
    headers: Option<HeaderMap>,
    body: Option<Bytes>,
    body_truncated: bool,
    api: Option<E>,
    decode_path: Option<String>,
    /// The byte offset in `body` at which decoding failed.
    decode_offset: Option<usize>,
    retry_after: Option<Duration>,
    violations: Vec<Violation>,
    attempts: u32,
    /// From the start of the call to its failure (attempts and waits).
    elapsed: Option<Duration>,
    /// What a transport failure came down to.
    cause: Option<Cause>,
    /// The call's deadline, when it is what ended the call.
    deadline: Option<(Duration, DeadlineEnd)>,
    source: Option<BoxError>,
}

/// What a transport failure came down to, in plain words: read from the
/// chain of `source()`s (reqwest, hyper, the I/O error) once, when it fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cause {
    /// Nothing listens on the port.
    Refused,
    /// The host name did not resolve.
    Dns {
        /// The host (never the rest of the URL).
        host: String,
    },
    /// The TLS handshake failed (a certificate refused, a server that does
    /// not speak TLS).
    Tls(String),
    /// The peer reset the connection.
    Reset,
    /// The connection could not be opened within the connect timeout.
    ConnectTimeout,
    /// The attempt timed out.
    TimedOut,
    /// Anything else: the innermost error's message.
    Other(String),
}

impl Cause {
    /// The cause of `e`, a failure of a request to `url`.
    pub(crate) fn of(e: &reqwest::Error, url: &url::Url) -> Self {
        if e.is_timeout() {
            return if e.is_connect() {
                Cause::ConnectTimeout
            } else {
                Cause::TimedOut
            };
        }
        let mut chain: Vec<&(dyn std::error::Error + 'static)> = Vec::new();
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(err) = next {
            chain.push(err);
            next = err.source();
        }
        // An I/O error may wrap another (rustls's, inside tokio-rustls's).
        let mut io_kinds = Vec::new();
        for err in &chain {
            let mut io = err.downcast_ref::<std::io::Error>();
            while let Some(i) = io {
                io_kinds.push(i.kind());
                io = i
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<std::io::Error>());
            }
        }
        let innermost = chain
            .last()
            .map(|err| short(&err.to_string()))
            .unwrap_or_default();
        let said = |what: &str| chain.iter().any(|err| err.to_string() == what);
        use std::io::ErrorKind as Io;
        if io_kinds.contains(&Io::ConnectionRefused) {
            Cause::Refused
        } else if io_kinds.contains(&Io::ConnectionReset) {
            Cause::Reset
        } else if io_kinds.contains(&Io::TimedOut) {
            Cause::TimedOut
        } else if said("dns error") || said("error resolving DNS") {
            Cause::Dns {
                host: url.host_str().unwrap_or_default().to_owned(),
            }
        } else if e.is_connect() && url.scheme() == "https" && !said("tcp connect error") {
            // Past the TCP connect, before a request was sent: the handshake.
            Cause::Tls(innermost)
        } else {
            Cause::Other(innermost)
        }
    }

    fn describe(&self) -> Cow<'_, str> {
        match self {
            Cause::Refused => "connection refused".into(),
            Cause::Dns { host } => format!("DNS lookup failed for {}", host.escape_debug()).into(),
            Cause::Tls(why) => format!("TLS handshake failed: {why}").into(),
            Cause::Reset => "connection reset".into(),
            Cause::ConnectTimeout => "connect timed out".into(),
            Cause::TimedOut => "timed out".into(),
            Cause::Other(why) => format!("connection failed: {why}").into(),
        }
    }
}

/// A message cut to one short line.
fn short(message: &str) -> String {
    let line = collapse(message);
    if line.chars().count() > 160 {
        let cut: String = line.chars().take(160).collect();
        format!("{cut}…")
    } else {
        line
    }
}

/// How a call's deadline ended it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeadlineEnd {
    /// It passed (during an attempt, or before the next one).
    Passed,
    /// It passed while the call waited for the in-flight limit or the pace.
    PassedWaiting,
    /// The rate limit's next slot for the call comes after it.
    BeforeNextSlot,
}

/// A duration as a person reads it: `1.1 s`, `120 s`, `450 ms`.
pub(crate) fn human(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_nanos() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// How much of a kept body `Debug` and [`Error::body_excerpt`] show.
pub(crate) const BODY_EXCERPT_BYTES: usize = 512;

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        let mut d = f.debug_struct("Error");
        d.field("kind", &i.kind);
        if let Some(m) = &i.message {
            d.field("message", m);
        }
        if let Some(m) = &i.method {
            d.field("method", m);
        }
        if let Some(p) = &i.path {
            d.field("path", p);
        }
        if let Some(s) = &i.status {
            d.field("status", s);
        }
        if let Some(a) = &i.api {
            d.field("api", a);
        }
        if let Some(b) = &i.body {
            // An excerpt, never the whole body: it may be megabytes of
            // personal data (the whole bounded body is `body()`).
            d.field("body_len", &b.len());
            if let Some(excerpt) = self.body_excerpt() {
                d.field("body_excerpt", &excerpt);
            }
            d.field("body_truncated", &i.body_truncated);
        }
        if let Some(p) = &i.decode_path {
            d.field("decode_path", p);
        }
        if let Some(r) = &i.retry_after {
            d.field("retry_after", r);
        }
        if !i.violations.is_empty() {
            d.field("violations", &i.violations);
        }
        d.field("attempts", &i.attempts);
        if let Some(e) = &i.elapsed {
            d.field("elapsed", e);
        }
        if let Some(c) = &i.cause {
            d.field("cause", c);
        }
        if let Some(dl) = &i.deadline {
            d.field("deadline", dl);
        }
        if let Some(s) = &i.source {
            d.field("source", s);
        }
        d.finish()
    }
}

impl<E> Error<E> {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                message: None,
                method: None,
                path: None,
                status: None,
                headers: None,
                body: None,
                body_truncated: false,
                api: None,
                decode_path: None,
                decode_offset: None,
                retry_after: None,
                violations: Vec::new(),
                attempts: 0,
                elapsed: None,
                cause: None,
                deadline: None,
                source: None,
            }),
        }
    }

    /// A request refused before sending because it broke client-side rules.
    pub fn validation(violations: Vec<Violation>) -> Self {
        let mut e = Self::new(ErrorKind::Validation);
        e.inner.violations = violations;
        e
    }

    /// A request that could not be built; nothing was sent.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidRequest).with_message(message)
    }

    /// An error of `kind` with a message (for API crates' own client-side errors).
    pub fn other(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self::new(kind).with_message(message)
    }

    pub(crate) fn with_message(mut self, message: impl Into<String>) -> Self {
        self.inner.message = Some(message.into());
        self
    }

    pub(crate) fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    pub(crate) fn with_request(mut self, method: &Method, path: &str) -> Self {
        self.inner.method = Some(method.clone());
        self.inner.path = Some(path.to_owned());
        self
    }

    pub(crate) fn with_response(
        mut self,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        truncated: bool,
    ) -> Self {
        self.inner.status = Some(status);
        self.inner.headers = Some(headers);
        self.inner.body = Some(body);
        self.inner.body_truncated = truncated;
        self
    }

    pub(crate) fn with_api(mut self, api: Option<E>) -> Self {
        self.inner.api = api;
        self
    }

    pub(crate) fn with_decode_path(mut self, path: String) -> Self {
        self.inner.decode_path = Some(path);
        self
    }

    /// Records where in the body decoding failed, from the decoder's
    /// 1-based line and column (0 when it did not say).
    pub(crate) fn with_decode_position(mut self, body: &[u8], line: usize, column: usize) -> Self {
        if line > 0 {
            let line_start = body
                .split_inclusive(|b| *b == b'\n')
                .take(line - 1)
                .map(<[u8]>::len)
                .sum::<usize>();
            self.inner.decode_offset =
                Some((line_start + column.saturating_sub(1)).min(body.len()));
        }
        self
    }

    pub(crate) fn with_retry_after(mut self, wait: Option<Duration>) -> Self {
        self.inner.retry_after = wait;
        self
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = attempts;
        self
    }

    pub(crate) fn with_elapsed(mut self, elapsed: Duration) -> Self {
        self.inner.elapsed = Some(elapsed);
        self
    }

    pub(crate) fn with_cause(mut self, cause: Cause) -> Self {
        self.inner.cause = Some(cause);
        self
    }

    pub(crate) fn with_deadline_end(mut self, deadline: Duration, end: DeadlineEnd) -> Self {
        self.inner.deadline = Some((deadline, end));
        self
    }

    pub(crate) fn set_kind(mut self, kind: ErrorKind) -> Self {
        self.inner.kind = kind;
        self
    }

    /// Re-types the API error body (e.g. to wrap one API's error in another
    /// layer's); the parsed body is converted with `f`.
    #[must_use]
    pub fn map_api<F, E2>(self, f: F) -> Error<E2>
    where
        F: FnOnce(E) -> E2,
    {
        let i = *self.inner;
        Error {
            inner: Box::new(Inner {
                kind: i.kind,
                message: i.message,
                method: i.method,
                path: i.path,
                status: i.status,
                headers: i.headers,
                body: i.body,
                body_truncated: i.body_truncated,
                api: i.api.map(f),
                decode_path: i.decode_path,
                decode_offset: i.decode_offset,
                retry_after: i.retry_after,
                violations: i.violations,
                attempts: i.attempts,
                elapsed: i.elapsed,
                cause: i.cause,
                deadline: i.deadline,
                source: i.source,
            }),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        self.inner.status
    }

    /// The response headers, when a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.inner.headers.as_ref()
    }

    /// The request id the server sent (`x-request-id` and similar headers).
    pub fn request_id(&self) -> Option<&str> {
        self.inner
            .headers
            .as_ref()
            .and_then(crate::response::request_id)
    }

    /// The raw response body (at most the configured error-body limit for
    /// error statuses), whatever its content type. `Debug` shows only an
    /// excerpt ([`body_excerpt`](Error::body_excerpt)). Not kept for a
    /// request whose responses carry secrets (a token endpoint's).
    pub fn body(&self) -> Option<&[u8]> {
        self.inner.body.as_deref()
    }

    /// The raw body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> Option<Cow<'_, str>> {
        self.inner.body.as_deref().map(String::from_utf8_lossy)
    }

    /// At most 512 bytes of the kept body, as text:
    /// around the point where decoding failed for a
    /// [`ErrorKind::Decode`] error, else its start; `…` marks what was left
    /// out. This, not the whole body, is what `Debug` shows.
    pub fn body_excerpt(&self) -> Option<String> {
        let body = self.inner.body.as_deref()?;
        if body.is_empty() {
            return None;
        }
        let at = self.inner.decode_offset.unwrap_or(0).min(body.len());
        let start = at.saturating_sub(BODY_EXCERPT_BYTES / 2);
        let end = (start + BODY_EXCERPT_BYTES).min(body.len());
        let start = end.saturating_sub(BODY_EXCERPT_BYTES);
        let mut text = String::new();
        if start > 0 {
            text.push('…');
        }
        // A cut in the middle of a character shows as U+FFFD.
        text.push_str(&String::from_utf8_lossy(&body[start..end]));
        if end < body.len() {
            text.push('…');
        }
        Some(text)
    }

    /// Whether the kept body was cut short: at the configured limit, or
    /// because the connection broke while it was read (what arrived is kept).
    pub fn body_truncated(&self) -> bool {
        self.inner.body_truncated
    }

    /// The API's error body, when the response carried one that parsed.
    pub fn api_error(&self) -> Option<&E> {
        self.inner.api.as_ref()
    }

    /// The wait the server asked for (`Retry-After`, `retry-after-ms`, or the
    /// rate-limit reset), when it did.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// For a [`ErrorKind::Decode`] error, the JSON path at which decoding failed
    /// (e.g. `vehicles[3].price`).
    pub fn decode_path(&self) -> Option<&str> {
        self.inner.decode_path.as_deref()
    }

    /// The client-side rules the request broke (empty unless it was refused
    /// before sending).
    pub fn violations(&self) -> &[Violation] {
        &self.inner.violations
    }

    /// The HTTP method of the failed request, when one was made.
    pub fn method(&self) -> Option<&Method> {
        self.inner.method.as_ref()
    }

    /// The URL path of the failed request (never its query string).
    pub fn path(&self) -> Option<&str> {
        self.inner.path.as_deref()
    }

    /// How many attempts were made (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// How long the call ran before it failed, attempts and the waits
    /// between them included (`None` when it failed before sending).
    pub fn elapsed(&self) -> Option<Duration> {
        self.inner.elapsed
    }

    /// Whether a non-idempotent request may have taken effect.
    pub fn is_outcome_unknown(&self) -> bool {
        self.inner.kind == ErrorKind::OutcomeUnknown
    }

    /// Whether trying the same call again later may succeed without changing it
    /// (rate limits, server errors, timeouts, connection failures). An
    /// [`ErrorKind::OutcomeUnknown`] error is not: reconcile first.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.inner.kind,
            ErrorKind::RateLimited | ErrorKind::Server | ErrorKind::Timeout | ErrorKind::Connection
        )
    }

    fn body_snippet(&self) -> Option<String> {
        let body = self.inner.body.as_deref()?;
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let lower = text.to_ascii_lowercase();
        if let (Some(s), Some(e)) = (lower.find("<title>"), lower.find("</title>"))
            && s + 7 <= e
        {
            let title = collapse(&text[s + 7..e]);
            if !title.is_empty() {
                return Some(title);
            }
        }
        let collapsed = collapse(text);
        Some(if collapsed.chars().count() > 200 {
            let cut: String = collapsed.chars().take(200).collect();
            format!("{cut}…")
        } else {
            collapsed
        })
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl<E: ApiErrorBody> fmt::Display for Error<E> {
    /// One line: the method and path (never the query), what happened in
    /// plain words (for a transport failure its root cause: `connection
    /// refused`, `DNS lookup failed for <host>`, `TLS handshake failed: …`,
    /// `connection reset`, `timed out after …`, `deadline of 120 s passed`),
    /// the status and the server's message, and, when a transport failure
    /// or the deadline ended a call that was retried, how many attempts
    /// were made over how long.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        if let (Some(m), Some(p)) = (&i.method, &i.path) {
            write!(f, "{m} {p}: ")?;
        }
        let retried = i.attempts > 1;
        // What happened, in plain words: for a transport failure or a
        // deadline, the cause itself stands in for the kind (which is
        // `Connection` or `Timeout`), unless the outcome is unknown.
        let mut timing_said = false;
        let cause = match (&i.deadline, &i.cause) {
            (Some((d, end)), _) => Some(Cow::Owned(match end {
                DeadlineEnd::Passed => format!("deadline of {} passed", human(*d)),
                DeadlineEnd::PassedWaiting => format!(
                    "deadline of {} passed while waiting for the in-flight limit or the rate limit",
                    human(*d)
                ),
                DeadlineEnd::BeforeNextSlot => format!(
                    "the rate limit allows the next request only after the deadline of {}",
                    human(*d)
                ),
            })),
            (None, Some(Cause::TimedOut)) => Some(Cow::Owned(match i.elapsed {
                Some(t) if retried => {
                    timing_said = true;
                    format!("timed out after {} attempts over {}", i.attempts, human(t))
                }
                Some(t) => format!("timed out after {}", human(t)),
                None => "timed out".to_owned(),
            })),
            (None, Some(c)) => Some(c.describe()),
            (None, None) => None,
        };
        match (&cause, i.kind) {
            (Some(c), ErrorKind::Connection | ErrorKind::Timeout) => f.write_str(c)?,
            _ => f.write_str(i.kind.describe())?,
        }
        if i.kind == ErrorKind::OutcomeUnknown {
            f.write_str(" (the request may have taken effect; look it up before retrying)")?;
            if let Some(c) = &cause {
                write!(f, ": {c}")?;
            }
        }
        if i.status.is_none() && !i.violations.is_empty() {
            f.write_str(" (nothing was sent)")?;
        }
        if let Some(s) = i.status {
            write!(f, ": HTTP {}", s.as_u16())?;
            if let Some(r) = s.canonical_reason() {
                write!(f, " {r}")?;
            }
        }
        // One line, whatever the server sent: a JSON path may hold any
        // character (keys are the server's), and messages may quote values.
        if let Some(p) = &i.decode_path {
            write!(f, " at `{}`", p.escape_debug())?;
        }
        let api_msg = i.api.as_ref().and_then(ApiErrorBody::message);
        if let Some(m) = &i.message {
            write!(f, ": {}", collapse(m))?;
        }
        if let Some(m) = api_msg {
            write!(f, ": {}", collapse(&m))?;
        } else if i.kind != ErrorKind::Decode
            && let Some(snippet) = self.body_snippet()
        {
            write!(f, ": {snippet}")?;
        }
        if !i.violations.is_empty() {
            let list: Vec<String> = i.violations.iter().map(ToString::to_string).collect();
            write!(f, ": {}", collapse(&list.join("; ")))?;
        }
        if let Some(w) = i.retry_after
            && i.kind == ErrorKind::RateLimited
        {
            write!(f, " (retry after {:.3} s)", w.as_secs_f64())?;
        }
        // A transport error's own text ("error sending request") says less
        // than its cause above; it stays in `Debug` and `source()`.
        if i.cause.is_none()
            && let Some(src) = &i.source
        {
            write!(f, ": {}", collapse(&src.to_string()))?;
        }
        // After retries, a transport failure or a deadline says how long
        // the call tried (an HTTP status says what it needs to by itself).
        if retried
            && !timing_said
            && (i.cause.is_some() || i.deadline.is_some())
            && let Some(t) = i.elapsed
        {
            write!(f, " ({} attempts over {})", i.attempts, human(t))?;
        }
        Ok(())
    }
}

impl<E: ApiErrorBody> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Why a client could not be configured.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The base URL is not a usable `http`/`https` base.
    #[error("invalid base URL `{url}`: {reason}")]
    BaseUrl {
        /// The URL given, with its credentials, query and fragment (which
        /// may hold secrets, such as an `api_key`) replaced by `[REDACTED]`.
        url: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A required environment variable is missing or empty.
    #[error("environment variable {0} is not set")]
    MissingEnv(&'static str),
    /// A configuration value is invalid.
    #[error("invalid configuration: {0}")]
    Invalid(String),
    /// The HTTP client could not be built (e.g. TLS initialisation).
    #[error("could not build the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

#[cfg(test)]
mod tests {
    use super::{ErrorKind, human};
    use std::time::Duration;

    #[test]
    fn durations_read_rounded() {
        let ms = Duration::from_millis;
        assert_eq!(human(ms(0)), "0 ms");
        assert_eq!(human(ms(612)), "612 ms");
        assert_eq!(human(ms(1080)), "1.1 s");
        assert_eq!(human(ms(60_215)), "60.2 s");
        assert_eq!(human(Duration::from_secs(120)), "120 s");
    }

    #[test]
    fn all_lists_every_kind_once_in_order() {
        for (i, kind) in ErrorKind::ALL.iter().enumerate() {
            // Exhaustive: a new kind does not compile until it is placed
            // here, and the assertion fails until it is in ALL.
            let at = match kind {
                ErrorKind::Unauthorized => 0,
                ErrorKind::Forbidden => 1,
                ErrorKind::NotFound => 2,
                ErrorKind::Conflict => 3,
                ErrorKind::Validation => 4,
                ErrorKind::RateLimited => 5,
                ErrorKind::Server => 6,
                ErrorKind::Timeout => 7,
                ErrorKind::Connection => 8,
                ErrorKind::Decode => 9,
                ErrorKind::InvalidRequest => 10,
                ErrorKind::OutcomeUnknown => 11,
                ErrorKind::Http => 12,
                ErrorKind::WalkLimit => 13,
                ErrorKind::RateLimiterUnavailable => 14,
            };
            assert_eq!(at, i, "{kind:?}");
        }
    }
}
