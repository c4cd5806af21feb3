//! A ready webhook receiver for axum (feature `axum`): mount it on a route of
//! your router and get typed, verified events.
//!
//! ```no_run
#![doc = include_str!("../doc/webhook_receiver.rs")]
//! ```
//!
//! For every request, in this order:
//!
//! 1. **The body is read with a limit**: the verifier's
//!    ([`WebhookVerifier::with_max_body`], 1 MiB by default). A request whose
//!    `Content-Length` is over it is answered `413` before any of its body
//!    is read; a body without a length is read only up to the limit, then
//!    answered `413` and dropped.
//! 2. **The signature is checked on those exact bytes**, before any parsing,
//!    by your [`WebhookVerifier`] (several secrets during a rotation).
//!    Missing, malformed or wrong: `401`. Then the body is parsed (not an
//!    event: `400`), and the event's `timestamp` is checked against the
//!    verifier's window (5 minutes by default; outside it: `401`).
//! 3. **Duplicates are dropped**, when a [`SeenEvents`] store is set
//!    ([`WebhookReceiver::with_dedupe`]): an event whose signed body was
//!    already handled is answered `200` and not handed to your handler again.
//! 4. **Your handler gets the typed [`WebhookEvent`]** (an unknown event type
//!    is kept, as [`EventData::Other`](crate::webhooks::EventData::Other)),
//!    and its response is the answer.
//!
//! Every refusal is a short plain-text body (`invalid webhook signature`,
//! `webhook body too large`, …) that names no secret, no expected value and
//! nothing of the body. Bad input is never answered `500`: a sender that
//! got `500` would retry it forever. The one `500` of the receiver itself is
//! a verifier with no secret (a configuration error of yours).
//!
//! ## Why a handler helper, not a bare extractor
//!
//! [`WebhookReceiver::post`] wraps your handler and returns an axum
//! [`MethodRouter`] that mounts on any route of any router, whatever its
//! state type (no `FromRef` to implement): capture what your handler needs
//! (a database pool, a channel) in the closure. Wrapping the handler is
//! what lets the receiver see its response: an event is recorded as handled
//! only when your handler answered with a success status, so a delivery your
//! handler failed is processed again when the sender retries it. An
//! extractor runs before the handler and could not know that.
//!
//! ## Delivery: at least once
//!
//! Senders retry: deliver every event **at least once**, never exactly once.
//! With a [`SeenEvents`] store, a retry of an event your handler already
//! handled (answered 2xx) is answered `200` and dropped; a retry that comes
//! while the first delivery is still being handled is answered `409` (try
//! later), so that it is retried if the first one fails. What the store
//! cannot cover, your handler must make idempotent:
//!
//! * a delivery handled but whose `200` was lost (a timeout, a dropped
//!   connection): the sender retries, and your handler runs again if the
//!   store forgot it (it is bounded: the oldest digests go first; and an
//!   in-memory store starts empty after a restart, and is not shared between
//!   several instances of your service);
//! * a handler that did part of its work and then failed: it runs again in
//!   full on the retry;
//! * the same change sent as two events (two signed bodies that differ):
//!   the store keys on the body, so both are handed to you.
//!
//! Key your writes on what the event names (`event`, `shop_id`, the
//! resource's `id`, `timestamp`), so that doing one twice changes nothing.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use autoclient_common::receiver::{Refusal, TOO_LARGE, read_limited};
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use sha2::{Digest as _, Sha256};

use crate::StatusCode;
use crate::webhooks::{WebhookError, WebhookEvent, WebhookVerifier};

/// How many handled events [`InMemorySeenEvents::default`] remembers: 10,000.
pub const DEFAULT_SEEN_CAPACITY: usize = 10_000;

/// The SHA-256 of a webhook's signed body: what a [`SeenEvents`] store keys
/// on. Two deliveries of the same event (a retry) have the same digest.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventDigest([u8; 32]);

impl EventDigest {
    /// The digest of `body` (the raw bytes, as signed).
    #[must_use]
    pub fn of(body: &[u8]) -> Self {
        Self(Sha256::digest(body).into())
    }

    /// The 32 bytes of the digest.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for EventDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for EventDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventDigest({self})")
    }
}

/// What a [`SeenEvents`] store knows of a digest when a delivery begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Seen {
    /// Not seen: it is now recorded as being handled, and the event goes to
    /// your handler.
    New,
    /// Being handled by another delivery right now: answered `409`, so the
    /// sender retries later (and the event is not lost if that delivery fails).
    InProgress,
    /// Already handled: answered `200`, not handed to your handler.
    Handled,
}

/// The events a receiver has seen, keyed on the digest of their signed body.
///
/// Both calls are made on the request's task and must be quick (a map in
/// memory, a fast local store). A store that cannot answer should return
/// [`Seen::New`]: the event is then handled again, which at-least-once
/// delivery allows, rather than lost.
pub trait SeenEvents: Send + Sync + 'static {
    /// Called once the event is verified, before your handler: records the
    /// digest as being handled if it is new, atomically (two deliveries at
    /// once get one `New`).
    fn begin(&self, digest: &EventDigest) -> Seen;

    /// Called once your handler has answered, for a digest `begin` returned
    /// [`Seen::New`] for: `handled` is true when its answer was a success
    /// (remember the digest as handled), false when not or when the handler
    /// did not finish (forget it, so a retry is handled).
    fn finish(&self, digest: &EventDigest, handled: bool);
}

/// The default [`SeenEvents`]: in memory, remembering the last `capacity`
/// handled digests (the oldest are forgotten first), plus those being
/// handled. Per process: empty after a restart, not shared between instances.
#[derive(Debug)]
pub struct InMemorySeenEvents {
    capacity: usize,
    state: Mutex<SeenState>,
}

#[derive(Debug, Default)]
struct SeenState {
    in_progress: HashSet<EventDigest>,
    handled: HashSet<EventDigest>,
    order: VecDeque<EventDigest>,
}

impl InMemorySeenEvents {
    /// A store that remembers the last `capacity` handled digests (at least one).
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            state: Mutex::new(SeenState::default()),
        }
    }

    /// How many handled digests it remembers now.
    #[must_use]
    pub fn len(&self) -> usize {
        self.lock().handled.len()
    }

    /// Whether it remembers no handled digest.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SeenState> {
        // The state is consistent after every statement, so a panic while
        // it was held leaves nothing half done.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for InMemorySeenEvents {
    /// [`DEFAULT_SEEN_CAPACITY`] (10,000) handled digests.
    fn default() -> Self {
        Self::new(DEFAULT_SEEN_CAPACITY)
    }
}

impl SeenEvents for InMemorySeenEvents {
    fn begin(&self, digest: &EventDigest) -> Seen {
        let mut state = self.lock();
        if state.handled.contains(digest) {
            Seen::Handled
        } else if !state.in_progress.insert(*digest) {
            Seen::InProgress
        } else {
            Seen::New
        }
    }

    fn finish(&self, digest: &EventDigest, handled: bool) {
        let mut state = self.lock();
        state.in_progress.remove(digest);
        if handled && state.handled.insert(*digest) {
            state.order.push_back(*digest);
            while state.order.len() > self.capacity {
                if let Some(oldest) = state.order.pop_front() {
                    state.handled.remove(&oldest);
                }
            }
        }
    }
}

/// Receives AutoSync webhooks in an axum router: reads the body with a
/// limit, verifies `X-AutoSync-Signature` on the raw bytes, parses the
/// event, optionally drops duplicates, and hands the typed event to your
/// handler (see the [module docs](self)).
///
/// Cheap to clone (one `Arc`); the secrets stay redacted in its `Debug`.
#[derive(Clone)]
#[must_use = "a WebhookReceiver receives nothing until you mount .post(handler) on a route"]
pub struct WebhookReceiver {
    verifier: Arc<WebhookVerifier>,
    seen: Option<Arc<dyn SeenEvents>>,
}

impl fmt::Debug for WebhookReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookReceiver")
            .field("verifier", &self.verifier)
            .field("dedupe", &self.seen.is_some())
            .finish()
    }
}

impl WebhookReceiver {
    /// A receiver that checks every request with `verifier` (its secrets,
    /// its timestamp window, its body limit), without dropping duplicates.
    pub fn new(verifier: WebhookVerifier) -> Self {
        Self {
            verifier: Arc::new(verifier),
            seen: None,
        }
    }

    /// Drops duplicates with an [`InMemorySeenEvents`] of
    /// [`DEFAULT_SEEN_CAPACITY`] (10,000) handled events.
    pub fn with_dedupe(self) -> Self {
        self.with_seen_events(InMemorySeenEvents::default())
    }

    /// Drops duplicates with your store (one shared by several instances of
    /// your service, a bigger one, …).
    pub fn with_seen_events(mut self, store: impl SeenEvents) -> Self {
        self.seen = Some(Arc::new(store));
        self
    }

    /// Like [`with_seen_events`](Self::with_seen_events), with a store you
    /// keep a handle to (to look into it, or share it between receivers).
    pub fn with_shared_seen_events(mut self, store: Arc<dyn SeenEvents>) -> Self {
        self.seen = Some(store);
        self
    }

    /// The handler of a `POST` route: `handler` is called with each
    /// verified, new event, and its response is the answer (a success
    /// status marks the event handled). Mount it where AutoSync posts:
    /// `Router::new().route("/webhooks/autosync", receiver.post(handle))`.
    #[must_use = "mount the returned MethodRouter on a route: .route(path, receiver.post(handler))"]
    pub fn post<S, F, Fut, R>(&self, handler: F) -> MethodRouter<S>
    where
        S: Clone + Send + Sync + 'static,
        F: Fn(WebhookEvent) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = R> + Send + 'static,
        R: IntoResponse + 'static,
    {
        let receiver = self.clone();
        axum::routing::post(move |request: Request| {
            let receiver = receiver.clone();
            let handler = handler.clone();
            async move { receiver.receive(request, handler).await }
        })
    }

    async fn receive<F, Fut, R>(&self, request: Request, handler: F) -> Response
    where
        F: Fn(WebhookEvent) -> Fut,
        Fut: Future<Output = R>,
        R: IntoResponse,
    {
        let (parts, body) = request.into_parts();
        let body = match read_limited(&parts.headers, body, self.verifier.max_body()).await {
            Ok(body) => body,
            Err(refusal) => return refusal.into_response(),
        };
        let event = match self.verifier.verify_headers(&body, &parts.headers) {
            Ok(event) => event,
            Err(e) => return refusal(&e).into_response(),
        };
        let Some(seen) = &self.seen else {
            return handler(event).await.into_response();
        };
        let digest = EventDigest::of(&body);
        match seen.begin(&digest) {
            Seen::New => {}
            Seen::InProgress => {
                return (
                    StatusCode::CONFLICT,
                    "this webhook is being handled; retry later",
                )
                    .into_response();
            }
            Seen::Handled => {
                return (StatusCode::OK, "webhook already received").into_response();
            }
        }
        // Forgets the digest if the handler does not finish (a panic, a
        // dropped connection that cancels it), so a retry is handled.
        let mut claim = Claim {
            seen: Arc::clone(seen),
            digest,
            done: false,
        };
        let response = handler(event).await.into_response();
        claim.done = true;
        seen.finish(&digest, response.status().is_success());
        response
    }
}

/// A digest `begin` returned `New` for, released if its handler does not finish.
struct Claim {
    seen: Arc<dyn SeenEvents>,
    digest: EventDigest,
    done: bool,
}

impl Drop for Claim {
    fn drop(&mut self) {
        if !self.done {
            self.seen.finish(&self.digest, false);
        }
    }
}

/// The answer to a webhook the verifier refused.
fn refusal(e: &WebhookError) -> Refusal {
    match e {
        WebhookError::MissingSignature => (
            StatusCode::UNAUTHORIZED,
            "missing X-AutoSync-Signature header",
        ),
        WebhookError::BodyTooLarge { .. } => TOO_LARGE,
        WebhookError::NotAnEvent { .. } => (
            StatusCode::BAD_REQUEST,
            "webhook body is not an AutoSync event",
        ),
        // Only reached with a valid signature: it tells nothing to whoever
        // lacks the secret, and an operator sees a clock or replay problem.
        WebhookError::Stale { .. } => (
            StatusCode::UNAUTHORIZED,
            "webhook timestamp outside the allowed window",
        ),
        WebhookError::NoSecret => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "webhook receiver has no secret configured",
        ),
        // Malformed, mismatched, and any refusal a later version adds.
        _ => (StatusCode::UNAUTHORIZED, "invalid webhook signature"),
    }
}
