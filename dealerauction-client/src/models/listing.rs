//! Listings (`/v1/listings/{listingId}`) and the test-only end-listing-early body.

use autoclient_common::Violation;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{ListingId, StockId};

use super::{AuctionType, ContactType, ListingStatus};

/// A listing: the real-time state of a stock item's sale.
///
/// ```
/// use dealerauction_client::serde_json;
/// use dealerauction_client::models::{Listing, ListingStatus};
/// let l: Listing = serde_json::from_str(r#"{
///   "id": "cf17", "stockId": "a10a", "status": "PROVISIONAL", "negotiation": {"askingPrice": 5000},
///   "auction": {"created": "2023-04-19T11:07:18.883Z", "startTime": "2023-04-19T11:07:18.883Z",
///               "bids": [{"value": 4800, "time": "2023-04-20T11:07:18.883Z"}],
///               "reserveMet": false, "type": "BID"}
/// }"#).unwrap();
/// assert_eq!(l.status, ListingStatus::Provisional);
/// assert!(l.sale.is_none());
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Listing {
    /// The listing id.
    pub id: ListingId,
    /// The stock id.
    pub stock_id: StockId,
    /// IN_PROGRESS, PROVISIONAL, CANCELLED, SOLD or NOT_SOLD.
    pub status: ListingStatus,
    /// The auction.
    pub auction: ListingAuction,
    /// The negotiation (the asking price, mainly for provisional vehicles).
    #[serde(default)]
    pub negotiation: Negotiation,
    /// The sale, present only for sold vehicles.
    pub sale: Option<Sale>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The auction of a listing. Amounts are exact decimals.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ListingAuction {
    /// When the auction was created.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc::serialize")]
    pub created: DateTime<Utc>,
    /// When it started.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc::serialize")]
    pub start_time: DateTime<Utc>,
    /// When it ends or ended.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub end_time: Option<DateTime<Utc>>,
    /// When it was cancelled.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub cancel_time: Option<DateTime<Utc>>,
    /// The bids.
    #[serde(default)]
    pub bids: Vec<Bid>,
    /// The buy-now price.
    #[serde(default, with = "autoclient_common::wire::decimal_opt")]
    pub buy_now_price: Option<Decimal>,
    /// The reserve price.
    #[serde(default, with = "autoclient_common::wire::decimal_opt")]
    pub reserve_price: Option<Decimal>,
    /// Whether a bid met the reserve.
    pub reserve_met: bool,
    /// The current price.
    #[serde(default, with = "autoclient_common::wire::decimal_opt")]
    pub current_price: Option<Decimal>,
    /// BID, BUY_NOW or SEALED_BID.
    #[serde(rename = "type")]
    pub auction_type: AuctionType,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One bid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Bid {
    /// The amount.
    #[serde(with = "autoclient_common::wire::decimal")]
    pub value: Decimal,
    /// When it was placed.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc::serialize")]
    pub time: DateTime<Utc>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The negotiation of a listing.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Negotiation {
    /// The amount the seller is willing to accept.
    #[serde(default, with = "autoclient_common::wire::decimal_opt")]
    pub asking_price: Option<Decimal>,
    /// The current price of the negotiation (its description is cut off in
    /// the documentation).
    #[serde(default, with = "autoclient_common::wire::decimal_opt")]
    pub price: Option<Decimal>,
    /// The buyer in the negotiation.
    pub buyer: Option<Buyer>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The sale of a sold listing.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Sale {
    /// The buyer.
    pub buyer: Option<Buyer>,
    /// The sale price.
    #[serde(default, with = "autoclient_common::wire::decimal_opt")]
    pub price: Option<Decimal>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A buyer.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Buyer {
    /// The trading name.
    pub trading_name: Option<String>,
    /// The contacts.
    #[serde(default)]
    pub contacts: Vec<BuyerContact>,
    /// The address.
    pub address: Option<BuyerAddress>,
    /// The buyer's ids at other providers (provider name → id; shape seen
    /// only in an example, kept as JSON).
    pub external_account_ids: Option<Map<String, Value>>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A buyer contact.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BuyerContact {
    /// The contact type (USER is the only value shown).
    #[serde(rename = "type")]
    pub contact_type: Option<ContactType>,
    /// Title.
    pub title: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Mobile number.
    pub mobile_number: Option<String>,
    /// Landline number.
    pub landline_number: Option<String>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A buyer's address.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BuyerAddress {
    /// Line 1.
    pub line1: Option<String>,
    /// Line 2.
    pub line2: Option<String>,
    /// Town.
    pub town: Option<String>,
    /// County.
    pub county: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The body of `POST /v1/listings/{listingId}/mark-as-sold`.
///
/// The amount is a [`Decimal`], as every amount of this API; `salePrice` is
/// documented as an int32, so it is written as a whole number of pounds
/// (`2450.00` is sent as `2450`) and [`check`](Self::check) refuses pence.
///
/// ```
/// use dealerauction_client::models::MarkAsSold;
/// use dealerauction_client::{Decimal, serde_json};
/// let body = MarkAsSold::new(Decimal::new(500_000, 2));
/// assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"salePrice":5000}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[must_use = "a body does nothing by itself: client.mark_as_sold(..) sends one"]
pub struct MarkAsSold {
    /// The price agreed between buyer and seller, in pounds (whole pounds:
    /// an int32 on the wire).
    #[serde(with = "autoclient_common::wire::decimal")]
    pub sale_price: Decimal,
}

impl MarkAsSold {
    /// A sale at `sale_price` pounds.
    pub fn new(sale_price: Decimal) -> Self {
        Self { sale_price }
    }

    /// The rules broken (empty when none): `salePrice` is an int32 of whole
    /// pounds, so it has no pence and is at most 2,147,483,647, and a sale
    /// is at more than 0.
    ///
    /// ```
    /// use dealerauction_client::Decimal;
    /// use dealerauction_client::models::MarkAsSold;
    /// assert!(MarkAsSold::new(Decimal::from(5000)).check().is_empty());
    /// assert_eq!(MarkAsSold::new(Decimal::ZERO).check()[0].field, "salePrice");
    /// assert_eq!(MarkAsSold::new(Decimal::new(2450_50, 2)).check().len(), 1);
    /// assert_eq!(MarkAsSold::new(Decimal::from(u32::MAX)).check().len(), 1);
    /// ```
    #[must_use]
    pub fn check(&self) -> Vec<Violation> {
        let price = self.sale_price;
        let problem = if price <= Decimal::ZERO {
            Some(format!("must be greater than 0, got {price}"))
        } else if !price.fract().is_zero() {
            Some(format!(
                "is whole pounds (an int32): {price} has pence, which cannot be sent"
            ))
        } else if price > Decimal::from(i32::MAX) {
            Some(format!(
                "must be at most {} (an int32), got {price}",
                i32::MAX
            ))
        } else {
            None
        };
        problem
            .map(|p| vec![Violation::new("salePrice", p)])
            .unwrap_or_default()
    }
}

/// The body of the test-only `POST /v1/testing/set-auction-end-time`. When
/// `listingId` is given the server processes that listing and ignores
/// `stockId`; with `stockId` alone, the latest listing of that stock item.
///
/// ```
/// use dealerauction_client::serde_json;
/// use dealerauction_client::models::EndListingEarly;
/// let e = EndListingEarly::listing("cf17d47a");
/// assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"listingId":"cf17d47a"}"#);
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[must_use = "pass it to client.end_listing_early(..): building it sends nothing"]
pub struct EndListingEarly {
    /// The listing to end.
    pub listing_id: Option<ListingId>,
    /// The stock item whose latest listing to end (ignored when `listingId` is given).
    pub stock_id: Option<StockId>,
    /// When the listing should end.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub end_time: Option<DateTime<Utc>>,
}

impl EndListingEarly {
    /// Ends this listing.
    pub fn listing(listing_id: impl Into<ListingId>) -> Self {
        Self {
            listing_id: Some(listing_id.into()),
            ..Self::default()
        }
    }
    /// Ends the latest listing of this stock item.
    pub fn stock(stock_id: impl Into<StockId>) -> Self {
        Self {
            stock_id: Some(stock_id.into()),
            ..Self::default()
        }
    }
    /// Sets the end time.
    pub fn end_time(mut self, t: DateTime<Utc>) -> Self {
        self.end_time = Some(t);
        self
    }
}
