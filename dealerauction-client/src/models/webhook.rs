//! Webhook payloads: `listing.started`, `listing.provisional` and
//! `vehicle.sold` typed; any other event kept whole.
//!
//! No signing scheme, HTTP method, headers, retry or acknowledgement rules are
//! documented: this module only decodes a payload you have received. Verify
//! where it came from by your own means.

use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{BuyerId, ListingId, StockId};

use super::{AuctionType, Price};

/// The largest webhook body [`WebhookEvent::from_slice`] decodes, in bytes:
/// 1 MiB.
pub const DEFAULT_MAX_WEBHOOK_BODY: usize = 1024 * 1024;

/// A webhook event.
///
/// No signing scheme is documented: this only decodes a payload you have
/// received; verify where it came from by your own means.
///
/// **Body size.** [`from_slice`](Self::from_slice) refuses a body over 1 MiB
/// ([`DEFAULT_MAX_WEBHOOK_BODY`]) before parsing it;
/// [`from_slice_with_max_body`](Self::from_slice_with_max_body) sets another
/// limit. Reading no more than that from the request is up to your HTTP
/// server; on axum, the receiver of the feature `axum`
/// (`webhook_receiver`) does it.
///
/// **No replay window.** Every documented event carries `eventDate`, but it
/// is not checked against the clock: it is documented only as a date-time,
/// retry timing is not documented (a late redelivery could be legitimately
/// old), and with no signature a window would not stop a replay anyway, since
/// whoever can post to your endpoint can write a fresh date. Deduplicate on
/// `eventId`, and compare [`EventEnvelope::event_date`] with your own clock if
/// you want a window.
///
/// ```
/// use dealerauction_client::models::WebhookEvent;
/// let e = WebhookEvent::from_slice(br#"{
///   "type": "listing.provisional", "eventId": "4965", "eventDate": "2020-06-04T11:55:04+01:00",
///   "stockId": "7be6", "listingId": "0000"
/// }"#).unwrap();
/// assert!(matches!(e, WebhookEvent::ListingProvisional(_)));
/// assert_eq!(e.event_type(), "listing.provisional");
/// let other = WebhookEvent::from_slice(br#"{"type": "listing.cancelled", "eventId": "1"}"#).unwrap();
/// assert!(matches!(other, WebhookEvent::Other(_)));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WebhookEvent {
    /// `listing.started`: a listing has started.
    ListingStarted(ListingStarted),
    /// `listing.provisional`: bids were received but none met the reserve.
    ListingProvisional(ListingProvisional),
    /// `vehicle.sold`: the vehicle has sold.
    VehicleSold(VehicleSold),
    /// Any other event, kept as received (its `type` is in the object).
    Other(Map<String, Value>),
}

impl WebhookEvent {
    /// Decodes a payload of at most [`DEFAULT_MAX_WEBHOOK_BODY`] (1 MiB)
    /// bytes; a longer one is refused before it is parsed, with an error
    /// that gives its length and the limit (a data error: compare the length
    /// yourself first if you answer it with 413).
    #[must_use = "this only computes a value: use it"]
    pub fn from_slice(body: &[u8]) -> Result<Self, serde_json::Error> {
        Self::from_slice_with_max_body(body, DEFAULT_MAX_WEBHOOK_BODY)
    }

    /// Like [`from_slice`](Self::from_slice), with a limit of `max_body`
    /// bytes (a body of exactly `max_body` bytes is decoded).
    ///
    /// ```
    /// use dealerauction_client::models::WebhookEvent;
    /// let body = br#"{"type": "listing.cancelled", "eventId": "1"}"#;
    /// assert!(WebhookEvent::from_slice_with_max_body(body, 1024).is_ok());
    /// let e = WebhookEvent::from_slice_with_max_body(body, 16).unwrap_err();
    /// assert_eq!(e.to_string(), "the webhook body is 45 bytes, over the 16-byte limit");
    /// ```
    pub fn from_slice_with_max_body(
        body: &[u8],
        max_body: usize,
    ) -> Result<Self, serde_json::Error> {
        if body.len() > max_body {
            return Err(serde::de::Error::custom(format_args!(
                "the webhook body is {} bytes, over the {max_body}-byte limit",
                body.len()
            )));
        }
        serde_json::from_slice(body)
    }

    /// The event's `type`.
    #[must_use = "this only computes a value: use it"]
    pub fn event_type(&self) -> &str {
        match self {
            WebhookEvent::ListingStarted(_) => "listing.started",
            WebhookEvent::ListingProvisional(_) => "listing.provisional",
            WebhookEvent::VehicleSold(_) => "vehicle.sold",
            WebhookEvent::Other(m) => m.get("type").and_then(Value::as_str).unwrap_or(""),
        }
    }

    /// The common envelope of a typed event.
    #[must_use = "this only computes a value: use it"]
    pub fn envelope(&self) -> Option<&EventEnvelope> {
        match self {
            WebhookEvent::ListingStarted(e) => Some(&e.envelope),
            WebhookEvent::ListingProvisional(e) => Some(&e.envelope),
            WebhookEvent::VehicleSold(e) => Some(&e.envelope),
            WebhookEvent::Other(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for WebhookEvent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = Map::<String, Value>::deserialize(d)?;
        let kind = map
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let body = || {
            let mut m = map.clone();
            m.remove("type");
            Value::Object(m)
        };
        Ok(match kind.as_str() {
            "listing.started" => WebhookEvent::ListingStarted(typed(body())?),
            "listing.provisional" => WebhookEvent::ListingProvisional(typed(body())?),
            "vehicle.sold" => WebhookEvent::VehicleSold(typed(body())?),
            _ => WebhookEvent::Other(map),
        })
    }
}

/// Decodes a typed event's body; a failure names the JSON path inside the
/// event (`auction.reservePrice: invalid type ...`), which the error of the
/// outer decoder cannot see. The envelope's fields are flattened into each
/// event, where serde buffers them and loses their place: a failure without
/// a path is looked for in the envelope alone (`eventDate: ...`).
fn typed<T: serde::de::DeserializeOwned, E: serde::de::Error>(body: Value) -> Result<T, E> {
    let e = match serde_path_to_error::deserialize(&body) {
        Ok(t) => return Ok(t),
        Err(e) => e,
    };
    let e = if e.path().to_string() == "." {
        // Where the envelope fails, its error has the path.
        serde_path_to_error::deserialize::<_, EventEnvelope>(&body)
            .err()
            .filter(|envelope| envelope.path().to_string() != ".")
            .unwrap_or(e)
    } else {
        e
    };
    let path = e.path().to_string();
    Err(if path == "." {
        E::custom(e.into_inner())
    } else {
        E::custom(format!("{path}: {}", e.into_inner()))
    })
}

impl Serialize for WebhookEvent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Tagged<'a, T> {
            #[serde(rename = "type")]
            kind: &'a str,
            #[serde(flatten)]
            body: &'a T,
        }
        match self {
            WebhookEvent::ListingStarted(e) => Tagged {
                kind: "listing.started",
                body: e,
            }
            .serialize(s),
            WebhookEvent::ListingProvisional(e) => Tagged {
                kind: "listing.provisional",
                body: e,
            }
            .serialize(s),
            WebhookEvent::VehicleSold(e) => Tagged {
                kind: "vehicle.sold",
                body: e,
            }
            .serialize(s),
            WebhookEvent::Other(m) => m.serialize(s),
        }
    }
}

/// The fields every documented event carries (all required). Timestamps keep
/// their offset (the examples use `+01:00`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventEnvelope {
    /// The event id.
    pub event_id: String,
    /// When the event happened.
    pub event_date: DateTime<FixedOffset>,
    /// The stock id.
    pub stock_id: StockId,
    /// The listing id.
    pub listing_id: ListingId,
}

/// `listing.started`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListingStarted {
    /// The envelope.
    #[serde(flatten)]
    pub envelope: EventEnvelope,
    /// The auction.
    pub auction: StartedAuction,
    /// The negotiation, when there is one.
    pub negotiation: Option<StartedNegotiation>,
    /// Fields this version does not know, kept verbatim (`type` excluded).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The auction of a `listing.started` event.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StartedAuction {
    /// The type of auction.
    #[serde(rename = "type")]
    pub auction_type: AuctionType,
    /// When it was created.
    pub created: DateTime<FixedOffset>,
    /// When it starts.
    pub start_time: DateTime<FixedOffset>,
    /// When it ends.
    pub end_time: DateTime<FixedOffset>,
    /// The buy-now price (null or absent when none).
    #[serde(default, with = "autoclient_common::wire::decimal_opt")]
    pub buy_now_price: Option<Decimal>,
    /// The reserve price.
    #[serde(default, with = "autoclient_common::wire::decimal_opt")]
    pub reserve_price: Option<Decimal>,
    /// The current price.
    #[serde(default, with = "autoclient_common::wire::decimal_opt")]
    pub current_price: Option<Decimal>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The negotiation of a `listing.started` event.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StartedNegotiation {
    /// The amount the seller would negotiate down to.
    #[serde(default, with = "autoclient_common::wire::decimal_opt")]
    pub asking_price: Option<Decimal>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `listing.provisional`: at least one bid, none met the reserve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListingProvisional {
    /// The envelope.
    #[serde(flatten)]
    pub envelope: EventEnvelope,
    /// Fields this version does not know, kept verbatim (`type` excluded).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `vehicle.sold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VehicleSold {
    /// The envelope.
    #[serde(flatten)]
    pub envelope: EventEnvelope,
    /// The buyer's id.
    pub buyer_id: BuyerId,
    /// The sale price (GBP).
    pub sale_price: Price,
    /// Fields this version does not know, kept verbatim (`type` excluded).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
