//! The fault suite every API crate's calls go through: each call against
//! every fault of a [`RawServer`], with the kind, attempts and body checked.

use std::fmt;
use std::time::Duration;

use autoclient_common::ErrorKind;

use crate::raw_server::{RawFault, RawRequest, RawServer};

/// A call put through [`run_fault_suite`]: how to make it against a server
/// that misbehaves on purpose, and what that server must receive.
///
/// ```no_run
/// use testkit::{FaultCall, run_fault_suite};
/// use autoclient_common::{Auth, HttpClient, Request};
/// # async fn run() {
/// let call = FaultCall::new("GET /x", "GET", "/x", true, |url: String, config| {
///     let base = autoclient_common::parse_base_url(&url).expect("url");
///     let client = HttpClient::new(base, Auth::bearer("t"), "ua/1", config).expect("client");
///     client.send_json::<serde_json::Value, serde_json::Value>(Request::get("x"))
/// })
/// .authorization("Bearer t");
/// let failed = run_fault_suite(&call).await;
/// assert!(failed.is_empty(), "{}", failed.join("\n"));
/// # }
/// ```
pub struct FaultCall<M> {
    name: String,
    method: &'static str,
    target: String,
    idempotent: bool,
    authorization: Option<String>,
    wrong_shape: Option<(Vec<u8>, String)>,
    make: M,
}

impl<M> fmt::Debug for FaultCall<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FaultCall")
            .field("name", &self.name)
            .field("method", &self.method)
            .field("target", &self.target)
            .field("idempotent", &self.idempotent)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "[REDACTED]"),
            )
            .finish()
    }
}

impl<M> FaultCall<M> {
    /// A call named `name` (it prefixes every failure) that the server must
    /// see as `method target`. `make(url, config)` makes it with a client
    /// for the server at `url` built with `config` (the suite's short
    /// per-attempt timeout and backoff, sometimes an overall deadline: use
    /// it as given). `idempotent`: whether the call may be retried after it
    /// may have reached the server.
    pub fn new(
        name: impl Into<String>,
        method: &'static str,
        target: impl Into<String>,
        idempotent: bool,
        make: M,
    ) -> Self {
        Self {
            name: name.into(),
            method,
            target: target.into(),
            idempotent,
            authorization: None,
            wrong_shape: None,
            make,
        }
    }

    /// The `Authorization` header every request must carry (and that must
    /// not follow a redirect to another host).
    pub fn authorization(mut self, value: impl Into<String>) -> Self {
        self.authorization = Some(value.into());
        self
    }

    /// A 200 body of the wrong shape for the call's answer, and the start of
    /// the JSON path its decode error must name.
    pub fn wrong_shape(mut self, body: impl Into<Vec<u8>>, path: impl Into<String>) -> Self {
        self.wrong_shape = Some((body.into(), path.into()));
        self
    }
}

/// How long one scenario may take before it counts as a hang.
const SUITE_GUARD: Duration = Duration::from_secs(20);
/// The per-attempt timeout the suite configures.
const SUITE_ATTEMPT: Duration = Duration::from_millis(300);

/// One scenario's result: the error, what the server received, and the time taken.
struct Ran<E> {
    error: autoclient_common::Error<E>,
    requests: Vec<RawRequest>,
    elapsed: Duration,
}

/// Puts `call` through every fault a mock server does not show, each from a
/// fresh [`RawServer`], and returns the expectations that failed (empty when
/// all held), each prefixed with the call's name and the scenario:
///
/// * the connection closed after the status line, after the headers; a body
///   shorter than its `Content-Length`; a body that stalls mid-way (the
///   300 ms per-attempt timeout fires): an idempotent call is tried 3 times
///   and ends in `Connection` (`Timeout` for the stall), any other call is
///   sent once and ends in `OutcomeUnknown`; the source is reqwest's error,
///   a timeout for the stall and not one for the others;
/// * the stall again under a 450 ms overall deadline: at most 2 attempts,
///   ended after at least one attempt timeout and well before the guard;
/// * a header flood, 10,000 headers or one header of 1 MiB: hyper refuses
///   the head as soon as it passes its limits (100 headers, about 400 KiB),
///   "message head is too large", so the call fails fast like a broken
///   connection: `Connection` after 3 attempts for an idempotent call,
///   `OutcomeUnknown` after one for any other, never a timeout;
/// * slow headers, a header line every 100 ms after the status line and
///   the head never complete: the per-attempt timeout covers the whole
///   head, so each attempt ends after 300 ms: `Timeout` after 3 attempts,
///   `OutcomeUnknown` after one for a call that is not idempotent;
/// * a 10 MB `500` body, and a gzip bomb on a `500` (about 1 MiB that
///   inflates to 1 GiB): `Server` after 3 attempts (`OutcomeUnknown` after
///   one for a call that is not idempotent), the (inflated) body kept to
///   64 KiB and marked truncated, `Display` one short line;
/// * a gzip bomb on a `200`, with a 1 MiB body limit: refused as soon as
///   1 MiB has been inflated, `Decode` "the response body exceeds the
///   1048576 byte limit", not retried, no body kept;
/// * a 200 whose body is not UTF-8, is of the wrong shape (see
///   [`FaultCall::wrong_shape`]), is a JSON array of numbers, or is empty:
///   `Decode`, not retried; the wrong shape names its JSON path;
/// * a `301`, `302`, `307` and `308` to another host: `Http` with that
///   status, not followed (the other host gets no request), and the other
///   host never sees the `Authorization` header.
///
/// Every request must be `method target` with the call's `Authorization`.
/// No scenario may succeed, panic or hang (20 s guard each). The call's
/// success body must be one that none of the bodies above satisfies.
pub async fn run_fault_suite<M, Fut, T, E>(call: &FaultCall<M>) -> Vec<String>
where
    M: Fn(String, autoclient_common::ClientConfig) -> Fut,
    Fut: std::future::Future<Output = Result<T, autoclient_common::Error<E>>>,
    E: autoclient_common::ApiErrorBody,
{
    let mut found = Findings {
        call: &call.name,
        failed: Vec::new(),
    };
    let config = || {
        autoclient_common::ClientConfig::default()
            .with_retry(
                autoclient_common::RetryPolicy::default().with_base_delay(Duration::from_millis(5)),
            )
            .with_attempt_timeout(SUITE_ATTEMPT)
    };
    let run = |fault: RawFault, config: autoclient_common::ClientConfig| async move {
        let server = RawServer::start(fault)
            .await
            .map_err(|e| format!("the server did not start: {e}"))?;
        let started = std::time::Instant::now();
        match tokio::time::timeout(SUITE_GUARD, (call.make)(server.url(), config)).await {
            Err(_) => Err(format!("no answer within {SUITE_GUARD:?} (a hang)")),
            Ok(Ok(_)) => Err("the call succeeded".to_owned()),
            Ok(Err(error)) => Ok(Ran {
                error,
                requests: server.requests(),
                elapsed: started.elapsed(),
            }),
        }
    };
    // Every request the call made: the right request line and credentials.
    let sent_right = |found: &mut Findings<'_>, scenario: &str, ran: &Ran<E>| {
        for r in &ran.requests {
            found.check(
                scenario,
                r.method == call.method && r.target == call.target,
                format!(
                    "sent `{} {}`, expected `{} {}`",
                    r.method, r.target, call.method, call.target
                ),
            );
            found.check(
                scenario,
                r.header("authorization") == call.authorization.as_deref(),
                "the Authorization header was not the call's".to_owned(),
            );
        }
    };
    let (tries, unknown) = if call.idempotent {
        (3, None)
    } else {
        (1, Some(ErrorKind::OutcomeUnknown))
    };

    // What each scenario checks beyond the kind and the attempts.
    enum Also {
        /// The transport failed this way (the source is reqwest's error).
        Transport { timeout: bool },
        /// Hyper refused the response head as too large.
        HeadTooLarge,
        /// The error body is kept to 64 KiB (of `byte`s: the inflated
        /// body of a compressed one) and marked truncated.
        ErrorBodyCut { byte: u8 },
    }
    for (scenario, fault, kind, also) in [
        (
            "connection closed after the status line",
            RawFault::CloseAfterStatusLine,
            ErrorKind::Connection,
            Also::Transport { timeout: false },
        ),
        (
            "connection closed after the headers",
            RawFault::CloseAfterHeaders,
            ErrorKind::Connection,
            Also::Transport { timeout: false },
        ),
        (
            "a body shorter than its Content-Length",
            RawFault::ShortBody,
            ErrorKind::Connection,
            Also::Transport { timeout: false },
        ),
        (
            "a body that stalls mid-way",
            RawFault::StallMidBody(Duration::from_secs(30)),
            ErrorKind::Timeout,
            Also::Transport { timeout: true },
        ),
        (
            "a flood of 10,000 headers",
            RawFault::ManyHeaders(10_000),
            ErrorKind::Connection,
            Also::HeadTooLarge,
        ),
        (
            "a header of 1 MiB",
            RawFault::HugeHeader(1024 * 1024),
            ErrorKind::Connection,
            Also::HeadTooLarge,
        ),
        (
            "headers that trickle in",
            RawFault::SlowHeaders(Duration::from_millis(100)),
            ErrorKind::Timeout,
            Also::Transport { timeout: true },
        ),
        (
            "a 10 MB error body",
            RawFault::HugeBody {
                status: 500,
                len: 10 * 1024 * 1024,
            },
            ErrorKind::Server,
            Also::ErrorBodyCut { byte: b'x' },
        ),
        (
            "a gzip bomb on a 500",
            RawFault::GzipBomb { status: 500 },
            ErrorKind::Server,
            Also::ErrorBodyCut { byte: b' ' },
        ),
    ] {
        let Some(ran) = found.ran(scenario, run(fault, config()).await) else {
            continue;
        };
        let e = &ran.error;
        found.kind(scenario, e, unknown.unwrap_or(kind));
        found.check(
            scenario,
            ran.requests.len() == tries && e.attempts() as usize == tries,
            format!(
                "{} requests and {} attempts, expected {tries}",
                ran.requests.len(),
                e.attempts()
            ),
        );
        sent_right(&mut found, scenario, &ran);
        let transport = std::error::Error::source(e)
            .and_then(|s| s.downcast_ref::<reqwest::Error>())
            .map(|r| (r.is_timeout(), error_chain(r)));
        match also {
            Also::ErrorBodyCut { .. } => {}
            Also::Transport { timeout } => found.check(
                scenario,
                transport.as_ref().is_some_and(|(t, _)| *t == timeout),
                format!(
                    "the transport error {transport:?}, expected {}",
                    if timeout { "a timeout" } else { "no timeout" }
                ),
            ),
            Also::HeadTooLarge => found.check(
                scenario,
                transport
                    .as_ref()
                    .is_some_and(|(t, c)| !*t && c.contains("message head is too large")),
                format!("the transport error {transport:?}, expected hyper's `message head is too large`"),
            ),
        }
        if scenario.starts_with("headers that trickle") {
            let least = SUITE_ATTEMPT * tries as u32;
            found.check(
                scenario,
                ran.elapsed >= least,
                format!(
                    "ended after {:?}, before {least:?} of attempt timeouts",
                    ran.elapsed
                ),
            );
        }
        if let Also::ErrorBodyCut { byte } = also {
            let kept = e.body().map_or(0, <[u8]>::len);
            found.check(
                scenario,
                kept == 64 * 1024,
                format!("{kept} body bytes kept, expected 65536"),
            );
            found.check(
                scenario,
                e.body().is_some_and(|b| b.iter().all(|c| *c == byte)),
                format!("the body kept is not the one sent (all {:?})", byte as char),
            );
            found.check(
                scenario,
                e.body_truncated(),
                "the body is not marked truncated".to_owned(),
            );
            found.check(
                scenario,
                e.api_error().is_none(),
                "an API error was parsed from a cut body".to_owned(),
            );
            let line = e.to_string();
            found.check(
                scenario,
                line.len() < 1000 && !line.contains('\n'),
                format!("Display is not one short line ({} bytes)", line.len()),
            );
        }
    }

    let scenario = "a stall under a 450 ms overall deadline";
    let stalled = run(
        RawFault::StallMidBody(Duration::from_secs(30)),
        config().with_deadline(Duration::from_millis(450)),
    )
    .await;
    if let Some(ran) = found.ran(scenario, stalled) {
        found.kind(scenario, &ran.error, unknown.unwrap_or(ErrorKind::Timeout));
        found.check(
            scenario,
            ran.requests.len() <= 2,
            format!("{} attempts in a 450 ms deadline", ran.requests.len()),
        );
        found.check(
            scenario,
            ran.elapsed >= SUITE_ATTEMPT && ran.elapsed < Duration::from_secs(5),
            format!("ended after {:?}", ran.elapsed),
        );
    }

    let scenario = "a gzip bomb on a 200";
    let bomb = run(
        RawFault::GzipBomb { status: 200 },
        config().with_max_body(1024 * 1024),
    )
    .await;
    if let Some(ran) = found.ran(scenario, bomb) {
        let e = &ran.error;
        found.kind(scenario, e, ErrorKind::Decode);
        found.check(
            scenario,
            ran.requests.len() == 1 && e.attempts() == 1,
            format!(
                "{} requests and {} attempts: a body over the limit is not retried",
                ran.requests.len(),
                e.attempts()
            ),
        );
        found.check(
            scenario,
            e.to_string()
                .contains("the response body exceeds the 1048576 byte limit"),
            format!("not refused as too large: {e}"),
        );
        found.check(
            scenario,
            e.status().map(|s| s.as_u16()) == Some(200)
                && e.body().is_some_and(<[u8]>::is_empty)
                && e.body_truncated(),
            format!(
                "status {:?}, {:?} body bytes kept, truncated {}: expected 200, none, true",
                e.status(),
                e.body().map(<[u8]>::len),
                e.body_truncated()
            ),
        );
        sent_right(&mut found, scenario, &ran);
    }

    let json = |body: Vec<u8>| RawFault::Respond {
        status: 200,
        content_type: "application/json",
        body,
    };
    let mut bodies = vec![
        ("a 200 whose body is not UTF-8", RawFault::InvalidUtf8, None),
        (
            "a 200 with a JSON array of numbers",
            json(b"[1, 2, 3]".to_vec()),
            None,
        ),
        ("a 200 with an empty body", json(Vec::new()), None),
    ];
    if let Some((body, path)) = &call.wrong_shape {
        bodies.push((
            "a 200 of the wrong shape",
            json(body.clone()),
            Some(path.as_str()),
        ));
    }
    for (scenario, fault, path) in bodies {
        let Some(ran) = found.ran(scenario, run(fault, config()).await) else {
            continue;
        };
        let e = &ran.error;
        found.kind(scenario, e, ErrorKind::Decode);
        found.check(
            scenario,
            ran.requests.len() == 1,
            format!(
                "{} requests: a decode error is not retried",
                ran.requests.len()
            ),
        );
        if let Some(p) = path {
            found.check(
                scenario,
                e.decode_path().is_some_and(|d| d.starts_with(p)),
                format!(
                    "decode path {:?}, expected one starting with `{p}`",
                    e.decode_path()
                ),
            );
        }
        sent_right(&mut found, scenario, &ran);
    }

    for status in [301, 302, 307, 308] {
        let scenario = format!("a {status} to another host");
        let scenario = scenario.as_str();
        let elsewhere = match RawServer::start(json(b"{}".to_vec())).await {
            Ok(s) => s,
            Err(e) => {
                found.check(
                    scenario,
                    false,
                    format!("the other server did not start: {e}"),
                );
                continue;
            }
        };
        let to = RawFault::Redirect {
            status,
            location: format!("{}/steal", elsewhere.url()),
        };
        if let Some(ran) = found.ran(scenario, run(to, config()).await) {
            let e = &ran.error;
            found.kind(scenario, e, ErrorKind::Http);
            found.check(
                scenario,
                e.status().map(|s| s.as_u16()) == Some(status),
                format!("status {:?}, expected {status}", e.status()),
            );
            found.check(
                scenario,
                ran.requests.len() == 1 && e.attempts() == 1,
                format!(
                    "{} requests and {} attempts, expected 1",
                    ran.requests.len(),
                    e.attempts()
                ),
            );
            sent_right(&mut found, scenario, &ran);
        }
        found.check(
            scenario,
            elsewhere
                .requests()
                .iter()
                .all(|r| r.header("authorization").is_none()),
            "the credentials followed the redirect".to_owned(),
        );
        found.check(
            scenario,
            elsewhere.hits() == 0,
            format!("followed: the other host got {} requests", elsewhere.hits()),
        );
    }
    found.failed
}

/// An error and its sources, each one's `Display`, joined by `: `.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut chain = e.to_string();
    let mut next = e.source();
    while let Some(s) = next {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        next = s.source();
    }
    chain
}

/// The failed expectations of [`run_fault_suite`], each named by its call and scenario.
struct Findings<'a> {
    call: &'a str,
    failed: Vec<String>,
}

impl Findings<'_> {
    /// Records `what` unless `ok` (once, however many requests repeat it).
    fn check(&mut self, scenario: &str, ok: bool, what: String) {
        if ok {
            return;
        }
        let line = format!("{}: {scenario}: {what}", self.call);
        if !self.failed.contains(&line) {
            self.failed.push(line);
        }
    }

    /// Records an error of another kind than `want`.
    fn kind<E: autoclient_common::ApiErrorBody>(
        &mut self,
        scenario: &str,
        e: &autoclient_common::Error<E>,
        want: ErrorKind,
    ) {
        let got = e.kind();
        self.check(
            scenario,
            got == want,
            format!("kind {got:?}, expected {want:?}: {e}"),
        );
    }

    /// The scenario's run, or `None` after recording why there is none.
    fn ran<E>(&mut self, scenario: &str, ran: Result<Ran<E>, String>) -> Option<Ran<E>> {
        ran.map_err(|what| self.check(scenario, false, what)).ok()
    }
}
