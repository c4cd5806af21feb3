//! A ready webhook receiver for axum (feature `axum`): mount it on a route of
//! your router and get typed events.
//!
//! ```no_run
#![doc = include_str!("../doc/webhook_receiver.rs")]
//! ```
//!
//! **Dealer Auction documents no way to authenticate its webhooks**: no
//! signature, no shared secret, no header, no source addresses (nor the HTTP
//! method, retries or the answer it expects). Whoever knows your URL can post
//! an event to it. So this receiver verifies nothing by default; what it can
//! offer is a secret of yours that the sender must present, if you can
//! configure one on Dealer Auction's side:
//!
//! * [`require_path_token`](WebhookReceiver::require_path_token): the URL you
//!   register ends with a secret segment
//!   (`https://you.example/webhooks/dealerauction/<token>`); a request whose
//!   last path segment is another is answered `404`, as an unknown URL is;
//! * [`require_header`](WebhookReceiver::require_header): a header you name
//!   must carry a secret value; missing or different: `401`.
//!
//! Both are compared in constant time and never shown (`Debug` redacts
//! them). Neither is a signature: anyone who sees one request (a proxy log)
//! can replay or forge events. Treat an event as a hint, and confirm what
//! matters (a sale) with [`Client::get_listing`](crate::Client::get_listing)
//! before acting on it.
//!
//! For every request, in this order: the checks above; then **the body is
//! read with a limit** ([`WebhookReceiver::with_max_body`], 1 MiB by
//! default): a `Content-Length` over it is answered `413` before any of the
//! body is read, a body without a length is read only up to it; then the
//! body is decoded ([`WebhookEvent::from_slice_with_max_body`]; not an
//! event: `400`); then **your handler gets the typed [`WebhookEvent`]** (an
//! event other than the three documented is kept, as
//! [`WebhookEvent::Other`]) and its response is the answer. Refusals are
//! short plain text that names no secret and nothing of the body; bad input
//! is never answered `500`. The one `500` of the receiver itself is an empty
//! secret or token configured (a configuration error of yours).
//!
//! As for AutoSync's receiver, [`WebhookReceiver::post`] wraps your handler
//! into an axum [`MethodRouter`] that mounts on any route of any router,
//! whatever its state type: capture what your handler needs in the closure.
//!
//! **Duplicates** are not dropped by the receiver: no delivery rules are
//! documented. Deduplicate on [`EventEnvelope::event_id`] in your own
//! store, and make your handler idempotent (a redelivery is possible).
//!
//! [`EventEnvelope::event_id`]: crate::models::EventEnvelope::event_id

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use autoclient_common::receiver::{Refusal, read_limited};
use autoclient_common::reexports::secrecy::{ExposeSecret, SecretString};
use axum::extract::Request;
use axum::http::HeaderName;
use axum::response::IntoResponse;
use axum::routing::MethodRouter;

use crate::StatusCode;
use crate::models::{DEFAULT_MAX_WEBHOOK_BODY, WebhookEvent};

/// Receives Dealer Auction webhooks in an axum router: the optional secret
/// checks, the body read with a limit, the typed event to your handler (see
/// the [module docs](self)).
///
/// Cheap to clone (one `Arc`); the secrets stay redacted in its `Debug`.
#[derive(Clone)]
#[must_use = "a WebhookReceiver receives nothing until you mount .post(handler) on a route"]
pub struct WebhookReceiver {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    max_body: usize,
    header: Option<(HeaderName, SecretString)>,
    path_token: Option<SecretString>,
}

impl fmt::Debug for WebhookReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookReceiver")
            .field("max_body", &self.inner.max_body)
            .field(
                "header",
                &self
                    .inner
                    .header
                    .as_ref()
                    .map(|(name, _)| format!("{name}: REDACTED")),
            )
            .field(
                "path_token",
                &self.inner.path_token.as_ref().map(|_| "REDACTED"),
            )
            .finish()
    }
}

impl Default for WebhookReceiver {
    fn default() -> Self {
        Self::new()
    }
}

impl WebhookReceiver {
    /// A receiver with no check on who sends (the vendor documents none) and
    /// a 1 MiB body limit ([`DEFAULT_MAX_WEBHOOK_BODY`]).
    pub fn new() -> Self {
        Self {
            inner: Arc::new(Inner {
                max_body: DEFAULT_MAX_WEBHOOK_BODY,
                header: None,
                path_token: None,
            }),
        }
    }

    /// Refuses a body longer than `bytes` with `413` (a body of exactly
    /// `bytes` is accepted). [`DEFAULT_MAX_WEBHOOK_BODY`] (1 MiB) unless set.
    pub fn with_max_body(self, bytes: usize) -> Self {
        self.map(|inner| inner.max_body = bytes)
    }

    /// Requires the header `name` to carry `secret` exactly; a request
    /// without it, or with another value, is answered `401`. Only useful if
    /// you can make the sender add it: Dealer Auction documents no header.
    ///
    /// ```
    /// use dealerauction_client::axum::http::HeaderName;
    /// use dealerauction_client::webhook_receiver::WebhookReceiver;
    /// let receiver = WebhookReceiver::new()
    ///     .require_header(HeaderName::from_static("x-webhook-secret"), "s3cret-from-your-vault");
    /// assert!(!format!("{receiver:?}").contains("s3cret"));
    /// ```
    pub fn require_header(self, name: HeaderName, secret: impl Into<String>) -> Self {
        let secret = SecretString::from(secret.into());
        self.map(|inner| inner.header = Some((name, secret)))
    }

    /// Requires the request path's last segment to be `token` exactly; any
    /// other path is answered `404`. Mount the route with a path parameter
    /// in that place (`/webhooks/dealerauction/{token}`) and register the URL
    /// with the token on Dealer Auction's side. Use a long random token of
    /// URL-safe characters (letters, digits, `-`, `_`): it is compared as it
    /// appears in the path, not percent-decoded.
    pub fn require_path_token(self, token: impl Into<String>) -> Self {
        let token = SecretString::from(token.into());
        self.map(|inner| inner.path_token = Some(token))
    }

    fn map(self, f: impl FnOnce(&mut Inner)) -> Self {
        let mut inner = Arc::unwrap_or_clone(self.inner);
        f(&mut inner);
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The handler of a `POST` route: `handler` is called with each event
    /// that passed the checks, and its response is the answer. Mount it where
    /// Dealer Auction posts:
    /// `Router::new().route("/webhooks/dealerauction/{token}", receiver.post(handle))`.
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
            async move {
                match receiver.check(request).await {
                    Ok(event) => handler(event).await.into_response(),
                    Err(refusal) => refusal.into_response(),
                }
            }
        })
    }

    async fn check(&self, request: Request) -> Result<WebhookEvent, Refusal> {
        let inner = &self.inner;
        let (parts, body) = request.into_parts();
        if let Some(token) = &inner.path_token {
            let token = token.expose_secret();
            if token.is_empty() {
                return Err(EMPTY_SECRET);
            }
            let last = parts.uri.path().rsplit('/').next().unwrap_or_default();
            if !same(last.as_bytes(), token.as_bytes()) {
                return Err((StatusCode::NOT_FOUND, "not found"));
            }
        }
        if let Some((name, secret)) = &inner.header {
            let secret = secret.expose_secret();
            if secret.is_empty() {
                return Err(EMPTY_SECRET);
            }
            let given = parts.headers.get(name).map(|v| v.as_bytes());
            if !given.is_some_and(|given| same(given, secret.as_bytes())) {
                return Err((
                    StatusCode::UNAUTHORIZED,
                    "missing or invalid webhook secret",
                ));
            }
        }
        let body = read_limited(&parts.headers, body, inner.max_body).await?;
        WebhookEvent::from_slice_with_max_body(&body, inner.max_body).map_err(|_| {
            (
                StatusCode::BAD_REQUEST,
                "webhook body is not a Dealer Auction event",
            )
        })
    }
}

const EMPTY_SECRET: Refusal = (
    StatusCode::INTERNAL_SERVER_ERROR,
    "webhook receiver has an empty secret configured",
);

/// Whether `a` equals `b`, in a time that depends only on their lengths.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
