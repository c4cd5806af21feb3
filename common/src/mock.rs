//! Building blocks for the API crates' in-process mock servers (feature `mock`):
//! fault injection and credential helpers. Each API crate's `mock` module
//! builds its stateful fake on these.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use wiremock::{Request, ResponseTemplate};

/// One injected fault: the response the mock gives instead of handling the
/// request normally (or a delay before handling it).
#[derive(Debug, Clone)]
#[must_use = "a Fault does nothing until it is queued with FaultQueue::push (or a mock's faults().push)"]
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
#[non_exhaustive]
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
