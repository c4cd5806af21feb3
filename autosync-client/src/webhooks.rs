//! Signed webhooks: verify `X-AutoSync-Signature`, then parse the event.
//!
//! The signature is an HMAC-SHA256 of the raw body bytes under your webhook
//! secret. The documentation does not fix its text format, so the header is
//! accepted as hex or base64 (standard or URL-safe, padded or not), with or
//! without a `sha256=` prefix; it is compared in constant time. Several
//! secrets may be configured while one is being rotated.
//!
//! Two limits apply by default, to [`verify_and_parse`] and to every
//! [`WebhookVerifier`]:
//!
//! * **A 5-minute timestamp tolerance** ([`DEFAULT_TOLERANCE`], as Stripe and
//!   Standard Webhooks use): an event whose `timestamp` is more than 5
//!   minutes before *or after* now is refused with [`WebhookError::Stale`],
//!   so a captured request cannot be replayed later. The window is symmetric:
//!   a timestamp in the future is allowed the same skew as one in the past.
//!   The payload's `timestamp` is covered by the signature, so it cannot be
//!   moved without the secret. Set another window with
//!   [`WebhookVerifier::with_tolerance`], or turn it off explicitly with
//!   [`WebhookVerifier::without_tolerance`] (e.g. to re-check stored events).
//! * **A 1 MiB body limit** ([`DEFAULT_MAX_BODY`]): a larger body is refused
//!   with [`WebhookError::BodyTooLarge`] before it is hashed or parsed. Set
//!   another with [`WebhookVerifier::with_max_body`]. Reading no more than
//!   that from the request is up to your HTTP server; on axum, the
//!   receiver of the feature `axum` (`webhook_receiver`) does it, and
//!   answers with the right statuses.
//!
//! ```
//! use autosync_client::webhooks::{self, EventData, EventType, WebhookError};
//! use autosync_client::{Decimal, Utc, serde_json};
//! // A body as AutoSync sends it: timestamped now.
//! let body = serde_json::to_vec(&serde_json::json!({
//!     "event": "workorder.completed",
//!     "shop_id": 1,
//!     "timestamp": Utc::now(),
//!     "data": {"id": 1043, "work_order_number": "1043", "total": 1166.40,
//!              "customer": {"id": 42, "name": "Sarah Thompson"}}
//! })).unwrap();
//! let header = webhooks::sign(b"whsec_test", &body); // what AutoSync sends
//! let event = webhooks::verify_and_parse(&body, Some(&header), "whsec_test").unwrap();
//! assert_eq!(event.event, EventType::WorkorderCompleted);
//! let EventData::WorkOrder(wo) = &event.data else { panic!() };
//! assert_eq!(wo.total, Some(Decimal::new(116640, 2)));
//! assert!(webhooks::verify_and_parse(&body, Some(&header), "wrong").is_err());
//!
//! // The same event, correctly signed but sent in 2024: a replay.
//! let old = br#"{"event":"workorder.completed","shop_id":1,"timestamp":"2024-03-14T15:30:00Z","data":{"id":1043}}"#;
//! let r = webhooks::verify_and_parse(old, Some(&webhooks::sign(b"whsec_test", old)), "whsec_test");
//! assert!(matches!(r, Err(WebhookError::Stale { .. })));
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use autoclient_common::reexports::reqwest::header::HeaderMap;
use autoclient_common::reexports::secrecy::{ExposeSecret, SecretSlice};
use autoclient_common::{Clock, SystemClock};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use sha2::Sha256;

use crate::{Appointment, Customer, Part, Payment, ShopId, WorkOrder};

/// The signature header's name.
pub const SIGNATURE_HEADER: &str = "X-AutoSync-Signature";

/// How far an event's `timestamp` may be from now, before or after, by
/// default: 5 minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The largest body accepted by default, in bytes: 1 MiB.
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;

type HmacSha256 = Hmac<Sha256>;

autoclient_common::open_enum! {
    /// A webhook event name; an unknown one is kept, not rejected.
    pub enum EventType {
        /// `workorder.created`.
        WorkorderCreated = "workorder.created",
        /// `workorder.updated`.
        WorkorderUpdated = "workorder.updated",
        /// `workorder.completed`.
        WorkorderCompleted = "workorder.completed",
        /// `payment.received`.
        PaymentReceived = "payment.received",
        /// `customer.created`.
        CustomerCreated = "customer.created",
        /// `appointment.created`.
        AppointmentCreated = "appointment.created",
        /// `inspection.completed` (a digital vehicle inspection was completed and sent).
        InspectionCompleted = "inspection.completed",
        /// `inventory.low_stock`.
        InventoryLowStock = "inventory.low_stock",
    }
}

/// An event's `data`, typed by its event name.
///
/// Only `workorder.completed`'s data is shown in the documentation; the
/// others are **assumed** to carry the resource they name (a payment, a
/// customer, an appointment, a part), as the resource types of this crate
/// (which keep unknown fields). An inspection's shape is unknown: kept as an
/// object. An unknown event's data is kept as it came.
///
/// A correctly signed event is never rejected for the shape of its `data`:
/// when the data of a known event does not decode into its type (the
/// assumption was wrong, or the server changed), the event is kept with
/// [`EventData::Undecoded`]: the data as it came and why it did not decode.
///
/// ```
/// use autosync_client::webhooks::{self, EventData, EventType};
/// use autosync_client::serde_json;
/// let body = br#"{"event":"payment.received","shop_id":1,"timestamp":"2024-03-14T15:30:00Z","data":{"payment":{"id":"pay_9"}}}"#;
/// let event: webhooks::WebhookEvent = serde_json::from_slice(body).unwrap();
/// assert_eq!(event.event, EventType::PaymentReceived);
/// let EventData::Undecoded { data, error } = &event.data else { panic!() };
/// assert_eq!(data["payment"]["id"], "pay_9");
/// assert!(error.contains("id"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EventData {
    /// `workorder.*`.
    WorkOrder(WorkOrder),
    /// `payment.received`.
    Payment(Payment),
    /// `customer.created`.
    Customer(Customer),
    /// `appointment.created`.
    Appointment(Appointment),
    /// `inspection.completed`.
    Inspection(Map<String, Value>),
    /// `inventory.low_stock`.
    LowStock(Part),
    /// An event this version does not know.
    Other(Value),
    /// A known event whose `data` did not decode into its type: kept as it
    /// came, so a verified event is never lost.
    Undecoded {
        /// The data, as it came.
        data: Value,
        /// Why it did not decode into the event's type (one line, with the
        /// JSON path).
        error: String,
    },
}

/// A system time as a UTC date-time, if within chrono's range.
fn utc(t: std::time::SystemTime) -> Option<DateTime<Utc>> {
    match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => {
            DateTime::from_timestamp(i64::try_from(after.as_secs()).ok()?, after.subsec_nanos())
        }
        Err(before) => DateTime::UNIX_EPOCH
            .checked_sub_signed(chrono::TimeDelta::from_std(before.duration()).ok()?),
    }
}

/// A webhook event: `{event, shop_id, timestamp, data}`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// The event name.
    pub event: EventType,
    /// The shop it happened in.
    pub shop_id: ShopId,
    /// When it happened.
    pub timestamp: DateTime<Utc>,
    /// The event's data.
    pub data: EventData,
    /// Every other top-level field.
    pub extra: Map<String, Value>,
}

#[derive(Serialize, Deserialize)]
struct RawEvent {
    event: EventType,
    shop_id: ShopId,
    timestamp: DateTime<Utc>,
    data: Value,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// `data` decoded into `T`, or kept as it came when it does not decode.
fn typed<T: serde::de::DeserializeOwned>(data: Value, wrap: fn(T) -> EventData) -> EventData {
    match serde_path_to_error::deserialize::<_, T>(&data) {
        Ok(v) => wrap(v),
        Err(e) => EventData::Undecoded {
            error: format!("at `{}`: {}", e.path(), e.inner()),
            data,
        },
    }
}

impl<'de> Deserialize<'de> for WebhookEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawEvent::deserialize(deserializer)?;
        let data = match &raw.event {
            EventType::WorkorderCreated
            | EventType::WorkorderUpdated
            | EventType::WorkorderCompleted => typed(raw.data, EventData::WorkOrder),
            EventType::PaymentReceived => typed(raw.data, EventData::Payment),
            EventType::CustomerCreated => typed(raw.data, EventData::Customer),
            EventType::AppointmentCreated => typed(raw.data, EventData::Appointment),
            EventType::InspectionCompleted => typed(raw.data, EventData::Inspection),
            EventType::InventoryLowStock => typed(raw.data, EventData::LowStock),
            _ => EventData::Other(raw.data),
        };
        Ok(WebhookEvent {
            event: raw.event,
            shop_id: raw.shop_id,
            timestamp: raw.timestamp,
            data,
            extra: raw.extra,
        })
    }
}

impl Serialize for WebhookEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let data = match &self.data {
            EventData::WorkOrder(v) => serde_json::to_value(v),
            EventData::Payment(v) => serde_json::to_value(v),
            EventData::Customer(v) => serde_json::to_value(v),
            EventData::Appointment(v) => serde_json::to_value(v),
            EventData::Inspection(v) => Ok(Value::Object(v.clone())),
            EventData::LowStock(v) => serde_json::to_value(v),
            EventData::Other(v) | EventData::Undecoded { data: v, .. } => Ok(v.clone()),
        }
        .map_err(S::Error::custom)?;
        RawEvent {
            event: self.event.clone(),
            shop_id: self.shop_id,
            timestamp: self.timestamp,
            data,
            extra: self.extra.clone(),
        }
        .serialize(serializer)
    }
}

/// Why a webhook was rejected. Each is one line; none carries a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// No `X-AutoSync-Signature` header.
    #[error("the webhook has no X-AutoSync-Signature header")]
    MissingSignature,
    /// The header is neither hex nor base64 of 32 bytes.
    #[error("the X-AutoSync-Signature header is not a hex or base64 HMAC-SHA256")]
    MalformedSignature,
    /// No configured secret produces this signature for this body (wrong
    /// secret, or a body altered in transit).
    #[error("the webhook signature does not match the body under any configured secret")]
    SignatureMismatch,
    /// No (non-empty) secret is configured.
    #[error("no webhook secret is configured")]
    NoSecret,
    /// The body is longer than the verifier's limit
    /// ([`WebhookVerifier::with_max_body`], [`DEFAULT_MAX_BODY`] by default);
    /// it was neither hashed nor parsed.
    #[error("the webhook body is {len} bytes, over the {max}-byte limit")]
    BodyTooLarge {
        /// The body's length, in bytes.
        len: usize,
        /// The configured limit, in bytes.
        max: usize,
    },
    /// The signature is valid but the body is not an event: not JSON, or
    /// its `event`, `shop_id` or `timestamp` is missing or malformed. The
    /// shape of `data` never rejects an event ([`EventData::Undecoded`]).
    #[error("the webhook body is not an AutoSync event at `{path}`: {source}")]
    NotAnEvent {
        /// Where in the JSON decoding failed.
        path: String,
        /// The decoding error.
        #[source]
        source: serde_json::Error,
    },
    /// The event's timestamp is further from now, before or after, than the
    /// tolerance (a replay, or clocks far apart); [`DEFAULT_TOLERANCE`] unless
    /// configured.
    #[error("the webhook's timestamp is {} s away from now, beyond the {} s tolerance", .age.as_secs(), .tolerance.as_secs())]
    Stale {
        /// How far the timestamp is from now.
        age: Duration,
        /// The configured tolerance.
        tolerance: Duration,
    },
}

/// Verifies and parses webhooks: one or more secrets (during a rotation),
/// a timestamp tolerance ([`DEFAULT_TOLERANCE`], 5 minutes, unless
/// configured), a body limit ([`DEFAULT_MAX_BODY`], 1 MiB, unless
/// configured), and an injectable clock.
///
/// ```
/// use std::time::Duration;
/// use autosync_client::webhooks::{self, WebhookError, WebhookVerifier};
/// use autosync_client::{Utc, serde_json};
/// let verifier = WebhookVerifier::new("new-secret")
///     .with_secret("old-secret")
///     .with_tolerance(Duration::from_secs(120))
///     .with_max_body(64 * 1024);
/// let body = serde_json::to_vec(&serde_json::json!({
///     "event": "customer.created", "shop_id": 1,
///     "timestamp": Utc::now(), "data": {"id": 7}
/// })).unwrap();
/// // Signed under the old secret, and fresh: accepted.
/// let header = webhooks::sign(b"old-secret", &body);
/// assert!(verifier.verify_and_parse(&body, Some(&header)).is_ok());
///
/// // A stored event from 2024, re-checked on purpose: only with the
/// // tolerance turned off explicitly.
/// let stored = br#"{"event":"customer.created","shop_id":1,"timestamp":"2024-03-14T15:30:00Z","data":{"id":7}}"#;
/// let header = webhooks::sign(b"old-secret", stored);
/// assert!(matches!(verifier.verify_and_parse(stored, Some(&header)), Err(WebhookError::Stale { .. })));
/// assert!(verifier.clone().without_tolerance().verify_and_parse(stored, Some(&header)).is_ok());
/// ```
#[derive(Clone)]
#[must_use = "a WebhookVerifier checks nothing until you call .verify_and_parse() or .verify_headers()"]
pub struct WebhookVerifier {
    secrets: Vec<Arc<SecretSlice<u8>>>,
    tolerance: Option<Duration>,
    max_body: usize,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field(
                "secrets",
                &format_args!("[{} REDACTED]", self.secrets.len()),
            )
            .field("tolerance", &self.tolerance)
            .field("max_body", &self.max_body)
            .finish()
    }
}

impl WebhookVerifier {
    /// A verifier with one secret (text, as shown in AutoSync's settings),
    /// the default 5-minute timestamp tolerance ([`DEFAULT_TOLERANCE`]) on
    /// the system clock, and the default 1 MiB body limit
    /// ([`DEFAULT_MAX_BODY`]).
    pub fn new(secret: impl AsRef<[u8]>) -> Self {
        Self {
            secrets: Vec::new(),
            tolerance: Some(DEFAULT_TOLERANCE),
            max_body: DEFAULT_MAX_BODY,
            clock: Arc::new(SystemClock),
        }
        .with_secret(secret)
    }

    /// Also accepts signatures under `secret` (during a rotation). An empty
    /// secret is ignored (a verifier with no secret rejects every webhook
    /// with [`WebhookError::NoSecret`]).
    pub fn with_secret(mut self, secret: impl AsRef<[u8]>) -> Self {
        let bytes = secret.as_ref();
        if !bytes.is_empty() {
            self.secrets
                .push(Arc::new(SecretSlice::from(bytes.to_vec())));
        }
        self
    }

    /// Rejects events whose `timestamp` is more than `tolerance` before or
    /// after now, with [`WebhookError::Stale`] (the window is symmetric, so
    /// it also bounds the clock skew allowed for a timestamp in the future).
    /// [`DEFAULT_TOLERANCE`] (5 minutes) unless set; an event exactly
    /// `tolerance` away is accepted.
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = Some(tolerance);
        self
    }

    /// Accepts an event whatever its `timestamp`: no replay protection. For
    /// re-checking events you stored, or a sender whose clock you cannot
    /// trust; not for a live endpoint. [`with_tolerance`](Self::with_tolerance)
    /// turns the check back on.
    pub fn without_tolerance(mut self) -> Self {
        self.tolerance = None;
        self
    }

    /// Rejects a body longer than `bytes` with [`WebhookError::BodyTooLarge`],
    /// before it is hashed or parsed. [`DEFAULT_MAX_BODY`] (1 MiB) unless
    /// set; a body of exactly `bytes` is accepted.
    pub fn with_max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// The body limit, in bytes.
    #[cfg(feature = "axum")]
    pub(crate) fn max_body(&self) -> usize {
        self.max_body
    }

    /// Replaces the clock used for the tolerance (tests use
    /// [`ManualClock`](crate::ManualClock)).
    pub fn with_clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Checks the signature of `body` (the raw bytes, before any parsing).
    /// A body over the limit ([`with_max_body`](Self::with_max_body)) is
    /// refused first, without being hashed. The timestamp is not checked
    /// here (the body is not parsed): use
    /// [`verify_and_parse`](Self::verify_and_parse) for that.
    pub fn verify(&self, body: &[u8], signature: Option<&str>) -> Result<(), WebhookError> {
        if body.len() > self.max_body {
            return Err(WebhookError::BodyTooLarge {
                len: body.len(),
                max: self.max_body,
            });
        }
        let signature = signature
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or(WebhookError::MissingSignature)?;
        let expected = decode_signature(signature).ok_or(WebhookError::MalformedSignature)?;
        if self.secrets.is_empty() {
            return Err(WebhookError::NoSecret);
        }
        let mut ok = false;
        for secret in &self.secrets {
            let Ok(mut mac) = HmacSha256::new_from_slice(secret.expose_secret()) else {
                continue;
            };
            mac.update(body);
            // Every secret is tried, so the time taken does not tell which matched.
            ok |= mac.verify_slice(&expected).is_ok();
        }
        if ok {
            Ok(())
        } else {
            Err(WebhookError::SignatureMismatch)
        }
    }

    /// Checks the body's size, verifies the signature, parses the event, and
    /// checks its timestamp against the tolerance, in that order.
    pub fn verify_and_parse(
        &self,
        body: &[u8],
        signature: Option<&str>,
    ) -> Result<WebhookEvent, WebhookError> {
        self.verify(body, signature)?;
        let mut de = serde_json::Deserializer::from_slice(body);
        let event: WebhookEvent =
            serde_path_to_error::deserialize(&mut de).map_err(|e| WebhookError::NotAnEvent {
                path: e.path().to_string(),
                source: e.into_inner(),
            })?;
        de.end().map_err(|source| WebhookError::NotAnEvent {
            path: ".".to_owned(),
            source,
        })?;
        if let Some(tolerance) = self.tolerance {
            // A clock's time beyond chrono's range is as far from any
            // timestamp as can be.
            let age = utc(self.clock.now_utc())
                .and_then(|now| (now - event.timestamp).abs().to_std().ok())
                .unwrap_or(Duration::MAX);
            if age > tolerance {
                return Err(WebhookError::Stale { age, tolerance });
            }
        }
        Ok(event)
    }

    /// Like [`verify_and_parse`](WebhookVerifier::verify_and_parse), taking
    /// the signature from the request's headers.
    pub fn verify_headers(
        &self,
        body: &[u8],
        headers: &HeaderMap,
    ) -> Result<WebhookEvent, WebhookError> {
        let sig = headers
            .get(SIGNATURE_HEADER)
            .map(|v| v.to_str().map_err(|_| WebhookError::MalformedSignature))
            .transpose()?;
        self.verify_and_parse(body, sig)
    }
}

/// Decodes the signature header: hex (64 digits) or base64 (standard or
/// URL-safe, padded or not), with or without `sha256=`; 32 bytes.
fn decode_signature(header: &str) -> Option<Vec<u8>> {
    let s = header.trim();
    let s = match s.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("sha256=") => &s[7..],
        _ => s,
    };
    let s = s.trim();
    let bytes = if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex::decode(s).ok()?
    } else {
        use base64::engine::general_purpose::{
            STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD,
        };
        STANDARD
            .decode(s)
            .or_else(|_| STANDARD_NO_PAD.decode(s))
            .or_else(|_| URL_SAFE.decode(s))
            .or_else(|_| URL_SAFE_NO_PAD.decode(s))
            .ok()?
    };
    (bytes.len() == 32).then_some(bytes)
}

/// Verifies and parses a webhook in one call: the raw body, the
/// `X-AutoSync-Signature` header's value (if any) and your secret in; the
/// typed event or the reason it was rejected out. The defaults apply: an
/// event timestamped more than 5 minutes before or after now (on the system
/// clock) is refused as [`WebhookError::Stale`], and a body over 1 MiB as
/// [`WebhookError::BodyTooLarge`]. Use [`WebhookVerifier`] to change or turn
/// off either, and for several secrets.
pub fn verify_and_parse(
    body: &[u8],
    signature: Option<&str>,
    secret: impl AsRef<[u8]>,
) -> Result<WebhookEvent, WebhookError> {
    WebhookVerifier::new(secret).verify_and_parse(body, signature)
}

/// The HMAC-SHA256 of `body` under `secret`, as lowercase hex (what a
/// signature header carries; for your own tests and the mock).
#[must_use]
pub fn sign(secret: impl AsRef<[u8]>, body: &[u8]) -> String {
    hex::encode(mac(secret.as_ref(), body))
}

/// Like [`sign`], base64 (standard, padded).
#[must_use]
pub fn sign_base64(secret: impl AsRef<[u8]>, body: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(mac(secret.as_ref(), body))
}

fn mac(secret: &[u8], body: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
    match HmacSha256::new_from_slice(secret) {
        Ok(mut m) => {
            m.update(body);
            m.finalize().into_bytes().into()
        }
        Err(_) => [0; 32],
    }
}
