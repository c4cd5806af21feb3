//! Building blocks for the API crates' in-process mock servers (feature `mock`):
//! fault injection, a loud catch-all for unexpected requests, and credential
//! helpers. Each API crate's `mock` module builds its stateful fake on these.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::ErrorKind;
use base64::Engine as _;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// One injected fault: the response the mock gives instead of handling the
/// request normally (or a delay before handling it).
#[derive(Debug, Clone)]
pub struct Fault {
    status: u16,
    headers: Vec<(String, String)>,
    body: Option<String>,
    delay: Option<Duration>,
    passthrough: bool,
}

impl Fault {
    /// Answers with `status` and an empty body.
    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: None,
            delay: None,
            passthrough: false,
        }
    }
    /// 429 with `Retry-After: secs`.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::status(429).header("Retry-After", retry_after_secs.to_string())
    }
    /// Handles the request normally, but only after `delay` (a slow server).
    pub fn slow(delay: Duration) -> Self {
        Self {
            status: 200,
            headers: Vec::new(),
            body: None,
            delay: Some(delay),
            passthrough: true,
        }
    }
    /// Adds a response header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
    /// Sets the response body.
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }
    /// Delays the fault's response.
    pub fn delay(mut self, d: Duration) -> Self {
        self.delay = Some(d);
        self
    }
}

/// What the mock should do with a request after consulting the fault queue.
#[derive(Debug)]
pub enum FaultOutcome {
    /// Answer with this response.
    Respond(ResponseTemplate),
    /// Handle normally, delaying the response by this much (zero: no delay).
    Handle(Duration),
}

/// A queue of faults shared between a test and its mock server: each request
/// takes the next fault, if any.
#[derive(Debug, Clone, Default)]
pub struct FaultQueue {
    queue: Arc<Mutex<VecDeque<Fault>>>,
}

impl FaultQueue {
    /// Queues `fault` for the next request that has none.
    pub fn push(&self, fault: Fault) {
        self.queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(fault);
    }
    /// Queues `fault` `n` times.
    pub fn push_n(&self, fault: Fault, n: usize) {
        for _ in 0..n {
            self.push(fault.clone());
        }
    }
    /// Faults still queued.
    pub fn pending(&self) -> usize {
        self.queue.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
    /// Answers a request: with the next fault's response, or with
    /// `handle()` (delayed when the fault is a slow server). The whole
    /// `Respond` of a mock server is usually `faults.respond_with(|| self.handle(req))`.
    pub fn respond_with(&self, handle: impl FnOnce() -> ResponseTemplate) -> ResponseTemplate {
        match self.next_outcome() {
            FaultOutcome::Respond(t) => t,
            FaultOutcome::Handle(d) if d.is_zero() => handle(),
            FaultOutcome::Handle(d) => handle().set_delay(d),
        }
    }

    /// Takes the next fault and says what to do.
    pub fn next_outcome(&self) -> FaultOutcome {
        let fault = self
            .queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop_front();
        match fault {
            None => FaultOutcome::Handle(Duration::ZERO),
            Some(f) if f.passthrough => FaultOutcome::Handle(f.delay.unwrap_or_default()),
            Some(f) => {
                let mut t = ResponseTemplate::new(f.status);
                for (k, v) in &f.headers {
                    t = t.insert_header(k.as_str(), v.as_str());
                }
                if let Some(b) = f.body {
                    t = t.set_body_string(b);
                }
                if let Some(d) = f.delay {
                    t = t.set_delay(d);
                }
                FaultOutcome::Respond(t)
            }
        }
    }
}

/// Mounts, at the lowest priority, a responder that answers any request no
/// other mock matched with a 599 naming it, and that must never be hit: the
/// server's verification fails loudly when it is dropped.
pub async fn mount_catch_all(server: &MockServer) {
    Mock::given(any())
        .respond_with(|req: &Request| {
            ResponseTemplate::new(599).set_body_string(format!(
                "unexpected request to the mock: {} {}",
                req.method,
                req.url.path()
            ))
        })
        .with_priority(u8::MAX)
        .expect(0)
        .named("catch-all: unexpected request")
        .mount(server)
        .await;
}

/// Starts a mock server that answers every request with `responder` (a
/// server that pages forever, say).
pub async fn serve_every_request(responder: impl wiremock::Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(responder)
        .mount(&server)
        .await;
    server
}

/// The bearer token of a request, if it carries one.
pub fn bearer_token(req: &Request) -> Option<String> {
    let v = req.headers.get("authorization")?.to_str().ok()?;
    v.strip_prefix("Bearer ").map(str::to_owned)
}

/// The HTTP Basic username and password of a request, if it carries them.
pub fn basic_credentials(req: &Request) -> Option<(String, String)> {
    let v = req.headers.get("authorization")?.to_str().ok()?;
    let encoded = v.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (u, p) = text.split_once(':')?;
    Some((u.to_owned(), p.to_owned()))
}

/// The page a request asks for: its query parameter `key` as a number, 1
/// when it is absent or not a number (for mock servers that page).
pub fn page_asked(req: &Request, key: &str) -> u64 {
    req.url
        .query_pairs()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(1)
}

/// A JSON response with `status`.
pub fn json_response(status: u16, body: &impl serde::Serialize) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// How a [`RawServer`] misbehaves: faults no well-behaved mock server shows.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum RawFault {
    /// Sends `HTTP/1.1 200 OK\r\n` and closes the connection.
    CloseAfterStatusLine,
    /// Sends the status line and headers (announcing a body), then closes.
    CloseAfterHeaders,
    /// Announces `Content-Length: 100` and sends 10 bytes, then closes.
    ShortBody,
    /// Sends half of a JSON body, then stalls for this long before closing.
    StallMidBody(Duration),
    /// Answers `status` with a body of `len` bytes of `x`.
    HugeBody {
        /// The status code.
        status: u16,
        /// The body length.
        len: usize,
    },
    /// Answers 200 with a body that is not UTF-8.
    InvalidUtf8,
    /// Answers with this status, content type and body.
    Respond {
        /// The status code.
        status: u16,
        /// The `Content-Type`.
        content_type: &'static str,
        /// The body.
        body: Vec<u8>,
    },
    /// Answers `302 Found` with `Location: url` (the same as
    /// [`RawFault::Redirect`] with status 302).
    RedirectTo(String),
    /// Answers `status` (a redirect: 301, 302, 303, 307, 308) with
    /// `Location: location` and an empty body.
    Redirect {
        /// The status code.
        status: u16,
        /// The `Location`.
        location: String,
    },
    /// Answers `status` with `Content-Encoding: gzip` and a JSON content
    /// type: a gzip body of about 1 MiB that inflates to
    /// [`GZIP_BOMB_INFLATED`] bytes (1 GiB) of spaces. It is made once per
    /// process, on first use, and shared.
    GzipBomb {
        /// The status code.
        status: u16,
    },
    /// Answers 200 with this many headers (`x-flood-N: N`) and an empty body.
    ManyHeaders(usize),
    /// Answers 200 with one header (`x-flood`) whose value is this many
    /// bytes, and an empty body.
    HugeHeader(usize),
    /// Sends the status line of a 200, then one header line every this
    /// long, the head never ending (it gives up after 1,000 lines or when the
    /// client has gone): a client that waits for each read but not for the
    /// whole head waits for ever.
    SlowHeaders(Duration),
}

/// How many bytes the body of [`RawFault::GzipBomb`] inflates to: 1 GiB.
pub const GZIP_BOMB_INFLATED: usize = 1 << 30;

/// The body of [`RawFault::GzipBomb`], made on first use.
fn gzip_bomb() -> &'static [u8] {
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    // Deflating a Vec fails only where memory runs out; an empty body then
    // fails the scenarios that use it, loudly.
    BOMB.get_or_init(|| gzip_of_spaces(GZIP_BOMB_INFLATED >> 20).unwrap_or_default())
}

/// A gzip member whose data is `mib` MiB of spaces, made without deflating
/// all of it: one MiB is deflated once, up to a full flush (non-final blocks
/// that refer to nothing before them), that segment is repeated `mib`
/// times, and an empty final block and the trailer (the CRC combined from
/// the segment's, the length) end it.
fn gzip_of_spaces(mib: usize) -> Option<Vec<u8>> {
    use flate2::{Compress, Compression, Crc, FlushCompress};
    const MIB: usize = 1 << 20;
    let input = vec![b' '; MIB];
    let mut deflate = Compress::new(Compression::best(), false);
    let mut segment = Vec::with_capacity(16 * 1024);
    // More output room until the input is in and the flush is complete.
    for _ in 0..64 {
        let done = usize::try_from(deflate.total_in()).ok()?;
        deflate
            .compress_vec(&input[done..], &mut segment, FlushCompress::Full)
            .ok()?;
        if deflate.total_in() == MIB as u64 && segment.len() < segment.capacity() {
            break;
        }
        segment.reserve(segment.capacity());
    }
    if deflate.total_in() != MIB as u64 {
        return None;
    }
    let mut one = Crc::new();
    one.update(&input);
    let mut crc = Crc::new();
    let mut out = Vec::with_capacity(18 + segment.len() * mib);
    // ID, deflate, no flags, no mtime, best compression, unknown OS.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
    for _ in 0..mib {
        out.extend_from_slice(&segment);
        crc.combine(&one);
    }
    // An empty final block with fixed codes.
    out.extend_from_slice(&[0x03, 0x00]);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&((mib * MIB) as u32).to_le_bytes());
    Some(out)
}

/// One request a [`RawServer`] received.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// The method.
    pub method: String,
    /// The request target (path and query).
    pub target: String,
    /// The headers, names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl RawRequest {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A loopback TCP server that misbehaves on purpose, one connection at a
/// time per request (it always closes the connection after answering).
#[derive(Debug, Clone)]
pub struct RawServer {
    addr: std::net::SocketAddr,
    requests: Arc<Mutex<Vec<RawRequest>>>,
}

impl RawServer {
    /// Starts a server that answers every request with `fault`.
    pub async fn start(fault: RawFault) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = requests.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let fault = fault.clone();
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let _ = serve_one(sock, fault, recorded).await;
                });
            }
        });
        Ok(Self { addr, requests })
    }

    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests it received.
    pub fn hits(&self) -> usize {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }

    /// The requests it received.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// Writes `len` bytes of `x`; false when the client went away.
async fn write_filler(sock: &mut tokio::net::TcpStream, len: usize) -> bool {
    use tokio::io::AsyncWriteExt;
    let block = vec![b'x'; 64 * 1024];
    let mut left = len;
    while left > 0 {
        let n = left.min(block.len());
        if sock.write_all(&block[..n]).await.is_err() {
            return false;
        }
        left -= n;
    }
    true
}

async fn serve_one(
    mut sock: tokio::net::TcpStream,
    fault: RawFault,
    recorded: Arc<Mutex<Vec<RawRequest>>>,
) -> std::io::Result<()> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        let n = sock.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_owned();
    let target = first.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    while buf.len() < head_end + 4 + len {
        let n = sock.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    recorded
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(RawRequest {
            method,
            target,
            headers,
        });
    let head = |status: u16, ctype: &str, len: usize| {
        format!(
            "HTTP/1.1 {status} X\r\ncontent-type: {ctype}\r\ncontent-length: {len}\r\nconnection: close\r\n\r\n"
        )
    };
    match fault {
        RawFault::CloseAfterStatusLine => sock.write_all(b"HTTP/1.1 200 OK\r\n").await?,
        RawFault::CloseAfterHeaders => {
            sock.write_all(head(200, "application/json", 100).as_bytes())
                .await?
        }
        RawFault::ShortBody => {
            sock.write_all(head(200, "application/json", 100).as_bytes())
                .await?;
            sock.write_all(br#"{"data": ["#).await?;
        }
        RawFault::StallMidBody(d) => {
            sock.write_all(head(200, "application/json", 100).as_bytes())
                .await?;
            sock.write_all(br#"{"data": ["#).await?;
            sock.flush().await?;
            tokio::time::sleep(d).await;
        }
        RawFault::HugeBody { status, len } => {
            sock.write_all(head(status, "text/plain", len).as_bytes())
                .await?;
            if !write_filler(&mut sock, len).await {
                return Ok(());
            }
        }
        RawFault::InvalidUtf8 => {
            let body = [b'"', 0xff, 0xfe, 0xfd, b'"'];
            sock.write_all(head(200, "application/json", body.len()).as_bytes())
                .await?;
            sock.write_all(&body).await?;
        }
        RawFault::Respond {
            status,
            content_type,
            body,
        } => {
            sock.write_all(head(status, content_type, body.len()).as_bytes())
                .await?;
            sock.write_all(&body).await?;
        }
        RawFault::RedirectTo(location) => redirect(&mut sock, 302, &location).await?,
        RawFault::Redirect { status, location } => redirect(&mut sock, status, &location).await?,
        RawFault::GzipBomb { status } => {
            let body = gzip_bomb();
            let resp = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            sock.write_all(resp.as_bytes()).await?;
            for block in body.chunks(64 * 1024) {
                if sock.write_all(block).await.is_err() {
                    return Ok(());
                }
            }
        }
        RawFault::ManyHeaders(n) => {
            let mut resp = String::from("HTTP/1.1 200 OK\r\n");
            for i in 0..n {
                resp.push_str(&format!("x-flood-{i}: {i}\r\n"));
            }
            resp.push_str("content-length: 0\r\nconnection: close\r\n\r\n");
            if sock.write_all(resp.as_bytes()).await.is_err() {
                return Ok(());
            }
        }
        RawFault::HugeHeader(len) => {
            sock.write_all(b"HTTP/1.1 200 OK\r\nx-flood: ").await?;
            if !write_filler(&mut sock, len).await {
                return Ok(());
            }
            let end = b"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
            if sock.write_all(end).await.is_err() {
                return Ok(());
            }
        }
        RawFault::SlowHeaders(gap) => {
            sock.write_all(b"HTTP/1.1 200 OK\r\n").await?;
            for i in 0..1000 {
                sock.flush().await?;
                tokio::time::sleep(gap).await;
                let line = format!("x-slow-{i}: {i}\r\n");
                if sock.write_all(line.as_bytes()).await.is_err() {
                    return Ok(());
                }
            }
        }
    }
    sock.flush().await?;
    Ok(())
}

/// Answers `status` with `Location: location` and an empty body.
async fn redirect(
    sock: &mut tokio::net::TcpStream,
    status: u16,
    location: &str,
) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let resp = format!(
        "HTTP/1.1 {status} X\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    );
    sock.write_all(resp.as_bytes()).await
}

type CannedFn = dyn Fn(&str, &str) -> (u16, bytes::Bytes) + Send + Sync;

/// A call put through [`run_fault_suite`]: how to make it against a server
/// that misbehaves on purpose, and what that server must receive.
///
/// ```no_run
/// use autoclient_common::mock::{FaultCall, run_fault_suite};
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
    error: crate::Error<E>,
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
    M: Fn(String, crate::ClientConfig) -> Fut,
    Fut: std::future::Future<Output = Result<T, crate::Error<E>>>,
    E: crate::ApiErrorBody,
{
    let mut found = Findings {
        call: &call.name,
        failed: Vec::new(),
    };
    let config = || {
        crate::ClientConfig::default()
            .with_retry(crate::RetryPolicy::default().with_base_delay(Duration::from_millis(5)))
            .with_attempt_timeout(SUITE_ATTEMPT)
    };
    let run = |fault: RawFault, config: crate::ClientConfig| async move {
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
    fn kind<E: crate::ApiErrorBody>(
        &mut self,
        scenario: &str,
        e: &crate::Error<E>,
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

/// What [`run_load`] saw: every call's result in call order, the time the
/// whole load took, and the process's open file descriptors.
#[derive(Debug)]
pub struct LoadReport<T, E> {
    /// Each call's result, in the order the calls were made.
    pub results: Vec<Result<T, crate::Error<E>>>,
    /// From making the first call to the end of the last.
    pub elapsed: Duration,
    /// Open file descriptors before the calls (`None` where
    /// `/proc/self/fd` does not exist).
    pub fds_before: Option<usize>,
    /// The most open at once while the calls ran (sampled every millisecond).
    pub fds_peak: Option<usize>,
    /// Open after the calls ended.
    pub fds_after: Option<usize>,
    /// The size of one call's future: what each call in flight holds
    /// inline (what it boxes is not counted).
    pub call_future_bytes: usize,
}

impl<T, E> LoadReport<T, E> {
    /// The failed calls: each one's index and error kind.
    pub fn failures(&self) -> Vec<(usize, ErrorKind)> {
        self.results
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().err().map(|e| (i, e.kind())))
            .collect()
    }

    /// Checks that the descriptors stayed within `before + 2 * in_flight +
    /// margin` at the peak and after the calls: a loopback connection to an
    /// in-process mock is two descriptors (the client's and the server's),
    /// and `margin` covers the runtime's and the mock's own. Passes where
    /// descriptors cannot be counted.
    pub fn sockets_bounded(&self, in_flight: usize, margin: usize) -> Result<(), String> {
        let (Some(before), Some(peak), Some(after)) =
            (self.fds_before, self.fds_peak, self.fds_after)
        else {
            return Ok(());
        };
        let bound = before + 2 * in_flight + margin;
        if peak > bound || after > bound {
            return Err(format!(
                "open descriptors: before {before}, peak {peak}, after {after}; bound {bound}"
            ));
        }
        Ok(())
    }
}

/// This process's open file descriptors, where `/proc/self/fd` exists.
fn open_fds() -> Option<usize> {
    std::fs::read_dir("/proc/self/fd").ok().map(|d| d.count())
}

/// Makes `calls` calls at once, each spawned on the current tokio runtime
/// (`make(i)` makes the `i`-th), while sampling the process's open file
/// descriptors, and waits for all of them. Fails when they do not all end
/// within `guard` (a deadlock) or when a call panics; otherwise returns
/// every result for the caller to check ([`LoadReport::failures`],
/// [`LoadReport::sockets_bounded`]).
///
/// ```no_run
/// # async fn run(client: autoclient_common::HttpClient) {
/// use std::time::Duration;
/// use autoclient_common::Request;
/// use autoclient_common::mock::run_load;
/// let report = run_load(1000, Duration::from_secs(120), |_| {
///     client.send_json::<serde_json::Value, serde_json::Value>(Request::get("x"))
/// })
/// .await
/// .expect("every call ended");
/// assert!(report.failures().is_empty());
/// report.sockets_bounded(8, 16).expect("sockets stay bounded");
/// # }
/// ```
pub async fn run_load<F, Fut, T, E>(
    calls: usize,
    guard: Duration,
    mut make: F,
) -> Result<LoadReport<T, E>, String>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = Result<T, crate::Error<E>>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let fds_before = open_fds();
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicUsize::new(fds_before.unwrap_or(0)));
    let sampler = {
        let (stop, peak) = (stop.clone(), peak.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                if let Some(n) = open_fds() {
                    peak.fetch_max(n, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        })
    };
    let started = std::time::Instant::now();
    let handles: Vec<_> = (0..calls).map(|i| tokio::spawn(make(i))).collect();
    let joined = tokio::time::timeout(guard, futures_util::future::join_all(handles)).await;
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let _ = sampler.await;
    let joined = joined.map_err(|_| {
        format!("{calls} concurrent calls did not all end within {guard:?}: a deadlock")
    })?;
    let mut results = Vec::with_capacity(calls);
    for (i, r) in joined.into_iter().enumerate() {
        results.push(r.map_err(|e| format!("call {i} did not end normally: {e}"))?);
    }
    Ok(LoadReport {
        results,
        elapsed,
        fds_before,
        fds_peak: fds_before.map(|_| peak.load(Ordering::Relaxed)),
        fds_after: open_fds(),
        call_future_bytes: std::mem::size_of::<Fut>(),
    })
}

/// A bare keep-alive HTTP/1.1 server on loopback that answers from a function
/// of the method and request target, with no matching logic of its own: the
/// server side of benchmarks and load tests, where its cost must be negligible.
#[derive(Clone)]
pub struct CannedServer {
    addr: std::net::SocketAddr,
    hits: Arc<std::sync::atomic::AtomicUsize>,
}

impl std::fmt::Debug for CannedServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CannedServer")
            .field("addr", &self.addr)
            .finish()
    }
}

impl CannedServer {
    /// Answers every request with `status` and the JSON `body`.
    pub async fn start(status: u16, body: impl Into<bytes::Bytes>) -> std::io::Result<Self> {
        let body = body.into();
        Self::start_with(move |_, _| (status, body.clone())).await
    }

    /// Answers each request with `f(method, target)` (target: path and query).
    pub async fn start_with(
        f: impl Fn(&str, &str) -> (u16, bytes::Bytes) + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let f: Arc<CannedFn> = Arc::new(f);
        let counter = hits.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let _ = sock.set_nodelay(true);
                tokio::spawn(canned_connection(sock, f.clone(), counter.clone()));
            }
        });
        Ok(Self { addr, hits })
    }

    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests it answered.
    pub fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::Relaxed)
    }
}

async fn canned_connection(
    mut sock: tokio::net::TcpStream,
    f: Arc<CannedFn>,
    hits: Arc<std::sync::atomic::AtomicUsize>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let (head_end, len, method, target) = loop {
            if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..pos]);
                let mut first = head.lines().next().unwrap_or_default().split(' ');
                let method = first.next().unwrap_or_default().to_owned();
                let target = first.next().unwrap_or_default().to_owned();
                let len = head
                    .lines()
                    .filter_map(|l| l.split_once(':'))
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                break (pos + 4, len, method, target);
            }
            match sock.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        while buf.len() < head_end + len {
            match sock.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        buf.drain(..head_end + len);
        hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (status, body) = f(&method, &target);
        let head = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        if sock.write_all(head.as_bytes()).await.is_err() || sock.write_all(&body).await.is_err() {
            return;
        }
    }
}

/// The outcome of [`interleaved_ratio`]: medians of both variants and the
/// ratio ours/baseline with a 95% confidence interval.
#[derive(Debug, Clone, PartialEq)]
pub struct RatioReport {
    /// What was measured.
    pub label: String,
    /// Rounds run (each round times both variants once).
    pub rounds: usize,
    /// Median time of one round of ours.
    pub ours: Duration,
    /// Median time of one round of the baseline.
    pub baseline: Duration,
    /// Median of the per-round ratios ours/baseline.
    pub ratio: f64,
    /// Lower bound of the 95% confidence interval of that median.
    pub ratio_low: f64,
    /// Upper bound of the 95% confidence interval of that median.
    pub ratio_high: f64,
}

impl std::fmt::Display for RatioReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: ours {:?}, baseline {:?}, ratio ours/baseline = {:.3} [95% CI {:.3} .. {:.3}] ({} interleaved rounds)",
            self.label,
            self.ours,
            self.baseline,
            self.ratio,
            self.ratio_low,
            self.ratio_high,
            self.rounds
        )
    }
}

/// Times two variants of the same work in interleaved rounds (the order
/// alternates each round, so that drift on a shared machine hits both alike)
/// and reports the median ratio ours/baseline of the paired rounds, with a
/// distribution-free 95% confidence interval of that median (order
/// statistics of the per-round ratios). Each closure runs one round and
/// returns the time it took (time only the work, not its setup).
///
/// ```
/// use std::time::{Duration, Instant};
/// use autoclient_common::mock::interleaved_ratio;
/// let work = |n: u64| move || {
///     let t = Instant::now();
///     std::hint::black_box((0..n).sum::<u64>());
///     t.elapsed()
/// };
/// let report = interleaved_ratio("sum", 5, work(1000), work(1000));
/// assert_eq!(report.rounds, 5);
/// assert!(report.ratio_low <= report.ratio && report.ratio <= report.ratio_high);
/// ```
pub fn interleaved_ratio(
    label: &str,
    rounds: usize,
    mut ours: impl FnMut() -> Duration,
    mut baseline: impl FnMut() -> Duration,
) -> RatioReport {
    let rounds = rounds.max(1);
    let mut o = Vec::with_capacity(rounds);
    let mut b = Vec::with_capacity(rounds);
    for i in 0..rounds {
        if i % 2 == 0 {
            o.push(ours());
            b.push(baseline());
        } else {
            b.push(baseline());
            o.push(ours());
        }
    }
    let mut ratios: Vec<f64> = o
        .iter()
        .zip(&b)
        .map(|(o, b)| o.as_secs_f64() / b.as_secs_f64().max(f64::MIN_POSITIVE))
        .collect();
    ratios.sort_by(f64::total_cmp);
    o.sort();
    b.sort();
    // Ranks of (at least) the 95% interval of a median: n/2 -/+ 1.96 * sqrt(n) / 2,
    // widened outwards by one rank.
    let n = rounds as f64;
    let half = 0.98 * n.sqrt();
    let low = ((n / 2.0 - half).floor() - 1.0).max(0.0) as usize;
    let high = ((n / 2.0 + half).ceil() as usize).min(rounds - 1);
    RatioReport {
        label: label.to_owned(),
        rounds,
        ours: o[rounds / 2],
        baseline: b[rounds / 2],
        ratio: ratios[rounds / 2],
        ratio_low: ratios[low],
        ratio_high: ratios[high],
    }
}

/// Times `calls` sequential calls of `f` on `rt`: one round of a per-call
/// benchmark.
pub fn time_calls<F: std::future::Future<Output = ()>>(
    rt: &tokio::runtime::Runtime,
    calls: usize,
    f: impl Fn() -> F,
) -> Duration {
    let started = std::time::Instant::now();
    rt.block_on(async {
        for _ in 0..calls {
            f().await;
        }
    });
    started.elapsed()
}

/// The `reqwest::Client` of the same-work baseline: its requests carry
/// reqwest's own 60 s timeout, as each of the SDK's attempts carries its
/// per-attempt timeout.
pub fn baseline_client_with_timeout() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
}

/// The ratios of `ours` against a plain `reqwest::Client` (no timeout at
/// all) and against [`baseline_client_with_timeout`], each from `rounds`
/// interleaved rounds of `calls` calls ([`interleaved_ratio`]).
///
/// Every round of every variant uses a client of its own, made for that
/// round (`new_client` for ours), and so connections of its own: where a
/// connection's task runs relative to the server's changes its latency, and
/// with one client per run that placement would favour one variant for the
/// whole run (run-to-run differences of 2 to 3 % were measured); with a
/// client per round it varies from round to round and the median of the
/// ratios evens it out. The first call of each round opens the connection,
/// for every variant alike.
pub fn same_work_ratios<C, O, B>(
    rt: &tokio::runtime::Runtime,
    name: &str,
    rounds: usize,
    calls: usize,
    new_client: impl Fn() -> C,
    ours: impl Fn(&C) -> O,
    base: impl Fn(&reqwest::Client) -> B,
) -> reqwest::Result<(RatioReport, RatioReport)>
where
    O: std::future::Future<Output = ()>,
    B: std::future::Future<Output = ()>,
{
    // Built before the rounds, so that a failure to build one is reported
    // and the rounds themselves cannot fail.
    let mut timed = Vec::with_capacity(rounds.max(1));
    for _ in 0..rounds.max(1) {
        timed.push(baseline_client_with_timeout()?);
    }
    let ours_round = || {
        let client = new_client();
        time_calls(rt, calls, || ours(&client))
    };
    let plain = interleaved_ratio(name, rounds, ours_round, || {
        let http = reqwest::Client::new();
        time_calls(rt, calls, || base(&http))
    });
    let with_timeout = interleaved_ratio(
        &format!("{name} (baseline with timeout)"),
        rounds,
        ours_round,
        || {
            let http = timed.pop().unwrap_or_default();
            time_calls(rt, calls, || base(&http))
        },
    );
    Ok((plain, with_timeout))
}

/// This process's peak resident set size in KiB (`VmHWM` of
/// `/proc/self/status`), or `None` where that file does not exist (outside
/// Linux). Memory benchmarks run each size in a child process of its own, so
/// that one size's peak does not hide another's.
///
/// ```
/// if let Some(kib) = autoclient_common::mock::peak_rss_kib() {
///     assert!(kib > 0);
/// }
/// ```
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gzip_of_spaces_inflates_to_its_length_and_its_trailer_checks() {
        use std::io::Read;
        let gz = gzip_of_spaces(3).expect("made");
        let mut out = Vec::new();
        // The decoder checks the CRC and the length of the trailer.
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut out)
            .expect("a valid gzip member");
        assert_eq!(out.len(), 3 << 20);
        assert!(out.iter().all(|b| *b == b' '));
    }

    #[test]
    fn the_gzip_bomb_is_small_and_inflates_to_1_gib() {
        let bomb = gzip_bomb();
        assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
        assert_eq!(bomb[..3], [0x1f, 0x8b, 8]);
        assert_eq!(bomb[bomb.len() - 4..], (1u32 << 30).to_le_bytes());
    }
}
