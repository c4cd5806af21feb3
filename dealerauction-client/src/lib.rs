//! # dealerauction-client
//!
//! Typed async client for the **Dealer Auction stock and listings API** (UK):
//! put your vehicles on Dealer Auction, change them with exact PATCH
//! semantics, follow their listings, and decode the webhooks.
//!
//! A first program, against the crate's in-process mock (feature `mock`), so
//! it runs without credentials; `use dealerauction_client::prelude::*;`
//! brings what it needs:
//!
#![cfg_attr(feature = "mock", doc = "```")]
#![cfg_attr(not(feature = "mock"), doc = "```ignore")]
#![doc = include_str!("../doc/front_page.rs")]
//! ```
//!
//! Every type the API uses from another crate is re-exported here
//! ([`Decimal`], [`DateTime`], [`NaiveDate`], [`Utc`], [`StatusCode`],
//! [`HttpClient`], [`Patch`], [`Stream`], [`StreamExt`], [`TryStreamExt`],
//! and the [`serde_json`] crate, whose `Value`s hold the fields the SDK does
//! not type), so this crate (and tokio) is all a program needs in its
//! Cargo.toml.
//!
//! Ids are typed ([`StockId`], [`ListingId`], [`CustomerId`], [`BuyerId`]):
//! a listing id cannot be passed where a stock id is wanted. Every amount
//! is a [`Decimal`] of pounds (a [`models::Price`] where the API writes
//! `{value, currency}`).
//!
//! ## What it covers
//!
//! * Stock: [`Client::search_stock`] (one page) and
//!   [`Client::search_stock_stream`] (every page, as a `Stream`),
//!   [`Client::create_stock`], [`Client::get_stock`], [`Client::update_stock`].
//! * Listings: [`Client::get_listing`], [`Client::mark_as_sold`],
//!   [`Client::mark_as_not_sold`], and the test-environment-only
//!   [`Client::end_listing_early`].
//! * The whole stock document ([`models::StockItem`]) with every documented
//!   field, nested object and value set; the create body
//!   ([`models::NewStockItem`]) and the patch ([`models::StockPatch`]), which
//!   cannot carry the read-only fields. [`models::StockItem::to_full_patch`]
//!   turns a fetched item into a full-document patch.
//! * Webhook payloads ([`models::WebhookEvent`]); a body over 1 MiB is
//!   refused before it is parsed ([`models::DEFAULT_MAX_WEBHOOK_BODY`],
//!   configurable with [`models::WebhookEvent::from_slice_with_max_body`]).
//! * The documented rules, checked before sending ([`check_new_stock`],
//!   [`check_patch`]); the `_unchecked` variants skip them.
//! * `webhook_receiver` (feature `axum`): a ready receiver to mount on an
//!   axum router (see below).
//! * `mock` (feature `mock`): an in-process, stateful fake of the API.
//!
//! ## Keeping an inventory in sync
//!
//! [`Client::reconcile`] keeps a customer account's stock equal to your
//! inventory, keyed by `metadata.externalStockId`: it creates what is
//! missing (a `409 STOCK_ALREADY_EXISTS` adopts the item with that VRM),
//! patches only what differs ([`models::StockPatch::diff`]: equal fields
//! are not sent, removed ones are sent as `null`, read-only ones never),
//! sends nothing for an item already as desired, and, only when asked
//! ([`Reconcile::deactivate_missing`]), deactivates the adverts of items
//! you no longer have. A running auction is not modified
//! ([`ReconcileOutcome::AuctionRunning`]); a create whose outcome is unknown is
//! looked up before anything is sent again. The [`ReconcileReport`] has a line
//! for every item. [`Client::reconcile_one`] does the same for one vehicle.
//! Run twice, the second run sends no create and no patch:
//!
#![cfg_attr(feature = "mock", doc = "```")]
#![cfg_attr(not(feature = "mock"), doc = "```ignore")]
#![doc = include_str!("../doc/sync.rs")]
//! ```
//!
//! Where the documentation is silent, the reconcile assumes (*assumptions*):
//!
//! * **A running auction** is an item whose `lifecycleState` is
//!   `SALE_IN_PROGRESS`, and what cannot be modified is its
//!   `advert.auction`: the other changes of that item are sent.
//! * **The account's items** are listed with `GET /v1/stock?customerId=…`
//!   (every page; deleted items are not listed). Only items that carry an
//!   `externalStockId` are deactivated as missing (an item stocked by hand,
//!   without your key, is left alone), and not those already SOLD or
//!   DELETED or whose advert is not ACTIVE.
//! * **After a create whose outcome is unknown** and a lookup that does not
//!   find the item, the create is sent once more only when the item has a
//!   VRM: the server refuses a VRM twice per customer, so no duplicate can
//!   result (the 409 adopts the item).
//! * **A blank is kept**: `""` is stored as blank, not turned into null, so
//!   a blank in your inventory compares equal the next time.
//!
//! ## Receiving webhooks (feature `axum`)
//!
//! `webhook_receiver::WebhookReceiver::post` wraps your handler into a
//! route: the body is read with a limit (1 MiB by default; 413 over it), it
//! is decoded (400 when it is not an event; an undocumented event type is
//! kept) and your handler gets the typed event. **Dealer Auction documents
//! no signing or authentication scheme for its webhooks**, so nothing is
//! verified by default; if you can configure the sender, the receiver can
//! require a secret token as the URL's last segment (404 otherwise) or a
//! secret value in a header you name (401 otherwise). Refusals are short
//! plain text, and bad input is never a 500. `axum` is re-exported
//! (`dealerauction_client::axum`), so this crate and tokio are all the
//! program needs:
//!
#![cfg_attr(feature = "axum", doc = "```no_run")]
#![cfg_attr(not(feature = "axum"), doc = "```ignore")]
#![doc = include_str!("../doc/webhook_receiver.rs")]
//! ```
//!
//! ## PATCH
//!
//! Each field of a [`models::StockPatch`], at every level, is a
//! [`Patch`]: `Absent` is not sent (unchanged), `Null` is sent as `null`
//! (cleared), `Value("")` ([`models::blank`]) sets a text to blank, and a
//! value sets it. Nested objects are sent partially; arrays and the small
//! all-required objects (a price, `engineSize`) are replaced whole.
//!
//! A blank is a string, so only the free-text fields (each a
//! `Patch<String>`, listed in [`models::BLANKABLE_FIELDS`]) can be blanked:
//! a number, boolean, object or array is not a string, `""` is not a date
//! and is none of a value set's documented values, so those fields are
//! cleared with `Null`. The fields the schema marks Required (`metadata`,
//! `customerId`, `vehicle`, `features`, `images`, `advert.auction.type`, and
//! the vehicle's `category`, `ownershipCondition`, `make`, `model`,
//! `stolen`, `imported`, `exported`, `scrapped`) cannot be set to `null`:
//! [`Client::update_stock`] refuses such a patch before sending, naming the
//! field; [`Client::update_stock_unchecked`] sends it for the server to judge.
//!
//! A stock PATCH is **retried like a GET** (on 5xx, timeouts and resets): every
//! documented patch operation sets a value, so applying it twice equals
//! applying it once. The one exception is a patch that activates the advert
//! and changes its auction in the same request: a repeat would meet the
//! running auction and be rejected, so it is not retried after it may have
//! reached the server ([`models::StockPatch::is_retry_safe`]). A create and
//! the listing actions are not retried after they may have reached the server
//! ([`ErrorKind::OutcomeUnknown`]).
//!
//! ## Checks before sending
//!
//! At least one image on create; a reserve price above £50 for a BID or
//! SEALED_BID auction; `conditionReportUrl` at most 500 characters,
//! `attentionGrabber` at most 100, `description` at most 2,000 (the server
//! also strips HTML tags from the description: send plain text with `\n`
//! line breaks); `videoUrl` on YouTube; the VRM upper case without spaces
//! (the VRM setters normalize it); an auction that ends
//! (`advert.auction.endDate`) at or before `availableUntil`, wherever both
//! are known (a create, a patch that sets both: a patch is not checked
//! against the stored item); no Required field set to `null` by a patch. A
//! search with no id filter is refused, since the API returns nothing for it.
//!
//! ## Limits by default
//!
//! Set through [`ClientBuilder::config`] with a [`ClientConfig`]:
//!
//! * **A 120 s deadline per call**, every attempt and wait included (each
//!   attempt also times out after 60 s): a server that answers a byte at a
//!   time cannot hold a call for minutes.
//!   [`ClientConfig::with_deadline`] changes it and
//!   [`ClientConfig::without_deadline`] lifts it; a call that runs out of it
//!   fails with [`ErrorKind::Timeout`].
//! * **Walks are bounded**: a stream over pages stops after 10,000 pages
//!   ([`ClientConfig::with_max_pages`]) when the server still reports more,
//!   with [`ErrorKind::WalkLimit`] naming the bound; a page the server
//!   already returned ends it with [`ErrorKind::Decode`].
//! * **Ids never change the path**: an id that is empty, `.` or `..`, or
//!   holds a control character (CR, LF, TAB, …) is refused before sending
//!   with [`ErrorKind::InvalidRequest`] naming the parameter; any other id is
//!   percent-encoded into its one path segment (`a/b` is sent as `a%2Fb`).
//! * **Bodies are bounded**: a success body over 64 MiB is refused
//!   ([`ClientConfig::with_max_body`]); an error body is kept up to 64 KiB
//!   ([`ClientConfig::with_max_error_body`]), and an error's `Debug` shows
//!   only a 512-byte excerpt of it (the whole kept body is
//!   [`Error::body`]).
//! * **Webhooks**: a body over 1 MiB is refused before it is parsed (the
//!   receiver, feature `axum`, reads no more than that of a request).
//!
//! ## Many processes, one key
//!
//! Dealer Auction documents no rate limit: a client paces itself only at the
//! rate you give it (`ClientConfig::with_rate_limit`, the rate your account
//! has), and several processes with one account would each send that much.
//! With the `redis` feature, they share one limit kept in Redis
//! (`RedisLimiter`): every request takes its slot there in one round trip
//! (Redis's clock decides, so hosts whose clocks disagree still agree), and a
//! hold the server asks for (few requests remaining, a 429 with
//! `Retry-After`) is written there, so that every worker holds. The Redis
//! key is a hash of the credentials, never the credentials; the Redis URL's
//! password never shows in `Debug`, errors or logs.
//!
//! Each call to Redis is bounded by 200 ms (`SharedLimit::with_timeout`) and
//! by the call's deadline. When Redis is down, slow or answers nonsense,
//! calls go on paced in-process at the rate divided by
//! `SharedLimit::with_workers`, with a `warn` event (and Redis is asked again
//! once a second); with `OnLimiterFailure::FailFast`, they fail instead with
//! `ErrorKind::RateLimiterUnavailable`, nothing sent.
//!
//! ```no_run
//! # #[cfg(feature = "redis")]
//! #[tokio::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     use dealerauction_client::{Client, ClientConfig, RateLimit, RedisLimiter, SharedLimit};
//!     let redis = RedisLimiter::new("redis://:password@127.0.0.1:6379/0")?;
//!     let client = Client::builder("username", "password")
//!         .config(ClientConfig::default().with_rate_limit(RateLimit::per_minute(60)))
//!         .shared_rate_limit(SharedLimit::new(redis).with_workers(8))
//!         .build()?;
//! #   let _ = client;
//!     Ok(())
//! }
//! # #[cfg(not(feature = "redis"))]
//! # fn main() {}
//! ```
//!
//! ## Errors
//!
//! Every call returns [`Error`] (`autoclient_common::Error<ApiError>`); match
//! on [`Error::kind`]. The API's body ([`ApiError`]) is typed: a 400
//! `INVALID_STOCK_ITEM` carries field errors ([`ErrorExt::field_errors`]), a 409
//! `STOCK_ALREADY_EXISTS` the VRM ([`ErrorExt::stock_already_exists`]), the
//! other statuses `errorCode` and `errorMessage`. Rules broken before sending
//! are [`ErrorKind::Validation`] with [`Error::violations`] and no status.
//!
//! ## Where the documentation is silent
//!
//! * **Read-only fields.** Not listed by the documentation. Treated as read-only:
//!   `id`, `listingId`, `createdDate`, `updatedDate`, `publicReference`,
//!   `vehicle.derivativeId` ("resolved by us"), `advert.createdDate` /
//!   `updatedDate`, `images[].platformUrl` / `uploaded`, and `lifecycleState`,
//!   `capTaxonomy` and `advertiser`, which the create body does not list
//!   (*assumption*). The create body and the patch offer the create body's fields.
//! * **Numbers sent where the schema says string** (`publicReference`,
//!   `customerId`, `derivative`, `insuranceGroup`, `plate`, `lotId`): both are
//!   accepted and sent back as strings, as the schema says. A string is kept
//!   exactly, and so is an integer within the 64-bit range
//!   (`202304198054016` becomes `"202304198054016"`). Any other number (a
//!   fraction, an exponent, a larger integer) is read as an `f64` and kept
//!   as that `f64`'s shortest decimal text, without exponent: `2.0` becomes
//!   `"2"`, `1.50` becomes `"1.5"`, and digits beyond an `f64`'s precision
//!   are lost ([`wire::LooseString`](autoclient_common::wire::LooseString)).
//! * **Array query parameters of a search**: sent as repeated keys
//!   (`vrm=A&vrm=B`) (*assumption*; the serialisation is not documented).
//!   `deleted` alone does not count as a filter (*assumption*). The maximum
//!   `pageSize` is not documented; none is enforced.
//! * **Where a search ends**: every `paginator` field is optional.
//!   [`Client::search_stock_stream`] asks for the next page while the current
//!   page is before `lastPage`; without `lastPage`, before
//!   ceil(`totalResults` / `resultsPerPage`); without a total either, while
//!   a page is full. A missing `resultsPerPage` is taken to be the page
//!   size asked, or the documented default ([`DEFAULT_PAGE_SIZE`], 100), so
//!   a server that sends fewer items than asked without saying so ends the
//!   stream there. An empty page ends the stream, and a page repeated by the
//!   server is an error rather than a loop.
//! * **The create's success status** (200 or 201) is not documented; any 2xx
//!   with the stock document is accepted.
//! * **`id`** of a stock response is not marked required; it is assumed
//!   always present.
//! * **The buy-now validity rule** is cut off in the documentation: not checked.
//! * **`vehicle.stolen`, `imported`, `exported`, `scrapped`** are required by the
//!   schema; a create has to state them ([`models::VehicleHistory`]).
//! * **Mark as provisional** and **vehicle documentation** are listed in the
//!   documentation's navigation, but their pages are not available: not
//!   implemented. No test-environment base URL is documented: set yours with
//!   [`ClientBuilder::base_url`].
//! * **Webhooks**: no signing scheme, method, headers or retry rules are
//!   documented, so none is verified or assumed; events other than the three
//!   documented are kept whole ([`models::WebhookEvent::Other`]). No size is
//!   documented: 1 MiB is assumed ample. `eventDate` is not checked against
//!   the clock (no replay window): unsigned, a payload's date proves nothing,
//!   and a late redelivery could be legitimately old (see
//!   [`models::WebhookEvent`]).
//! * **Rate limits**: only that 429 can be returned; no default pacing is set.
//! * **`externalAccountIds`** of a buyer is kept as a JSON object.
//! * **Amounts of a listing** (bids, reserve, current and sale prices) are
//!   documented as numbers: exact decimals. `salePrice` of mark-as-sold is
//!   documented as an int32 (whole pounds): [`Client::mark_as_sold`] takes a
//!   [`Decimal`] like every other amount, and refuses before sending one with
//!   pence or outside 1 to 2,147,483,647 (a sale at 0 is assumed
//!   meaningless).

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod checks;
mod client;
mod error;
mod ids;
mod listings;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
pub mod models;
mod stock;
mod sync;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod webhook_receiver;

#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use autoclient_common::RedisLimiter;
pub use autoclient_common::wire::LooseString;
pub use autoclient_common::{
    ClientConfig, ConfigError, ErrorKind, HeaderMap, HttpClient, Method, OnLimiterFailure, Patch,
    RateLimit, RateLimitInfo, Response, RetryPolicy, SharedLimit, StatusCode, Url, Violation,
    WalkLimits,
};
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
#[doc(no_inline)]
pub use axum;
pub use checks::{
    MAX_ATTENTION_GRABBER, MAX_CONDITION_REPORT_URL, MAX_DESCRIPTION, MIN_RESERVE_EXCLUSIVE,
    check_new_stock, check_patch, is_youtube_url,
};
pub use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, USER_AGENT};
pub use error::{ApiError, ErrorCode, ErrorExt, FieldError, StockAlreadyExists};
pub use futures_util::{Stream, StreamExt, TryStreamExt};
pub use ids::{BuyerId, CustomerId, ListingId, StockId};
pub use models::normalize_vrm;
pub use rust_decimal::Decimal;
#[doc(no_inline)]
pub use serde_json;
pub use stock::DEFAULT_PAGE_SIZE;
pub use sync::{Reconcile, ReconcileItem, ReconcileOutcome, ReconcileReport, ReconcileStopped};

/// What a first program needs: `use dealerauction_client::prelude::*;`.
///
/// The client and its errors, the typed ids, the request and model types of
/// a first program, [`Decimal`] and the dates, [`Patch`], and the stream
/// extension traits (to `try_collect` a
/// [`search_stock_stream`](Client::search_stock_stream)).
pub mod prelude {
    pub use crate::models::{
        AdvertState, Auction, AuctionType, Listing, ListingStatus, NewAdvert, NewImage,
        NewStockItem, NewVehicle, OwnershipCondition, Price, StockItem, StockPatch, StockSearch,
        StockSummary, VehicleCategory, VehicleHistory, WebhookEvent,
    };
    pub use crate::{
        BuyerId, Client, ClientBuilder, CustomerId, DateTime, Decimal, Error, ErrorExt, ErrorKind,
        ListingId, NaiveDate, Patch, ReconcileOutcome, ReconcileReport, StockId, StreamExt,
        TryStreamExt, Utc,
    };
}

/// The error of every call of this crate.
pub type Error = autoclient_common::Error<ApiError>;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The README's example, compiled as a doctest so that what crates.io shows
/// keeps compiling.
#[cfg(all(doctest, feature = "mock"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
