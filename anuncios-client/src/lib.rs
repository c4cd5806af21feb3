//! # anuncios-client
//!
//! Typed async client for the **Loja Conectada** vehicle listings API
//! (Brazil): publish a dealer's cars, motorcycles, trucks and implements
//! with their photos, manage the inventory, and read the catalog the
//! listings refer to.
//!
//! A first program, against the crate's in-process `mock` server (feature
//! `mock`), so it runs without credentials:
//!
//! ```
#![doc = include_str!("../doc/front_page.rs")]
//! ```
//!
//! Everything it names comes from this crate: [`prelude`] holds the client,
//! the error, the listing types and the stream extension traits, and the
//! crate root re-exports every other type of its API ([`StatusCode`],
//! [`HttpClient`], [`DateTime`], [`serde_json`], …), so a `Cargo.toml` with
//! only `anuncios-client` and `tokio` compiles every example of these docs.
//!
//! ## What it covers
//!
//! * Listings ([`NewListing`]): the common fields, every optional field and
//!   flag of the guide, and the category as [`CategoryFields`] whose variants
//!   carry exactly that category's fields (sent flat, with `category` 1–4).
//!   New and used are different constructors ([`NewListing::used`] requires
//!   a plate; [`NewListing::zero_km`] takes one optionally, with
//!   [`NewListingBuilder::license_plate`], since a zero-km vehicle may
//!   already be plated); the price is whole
//!   [`Reais`]; [`NewListingBuilder::build`] checks `make_year ≤ model_year ≤
//!   make_year + 1`, a used vehicle's `km > 0`, and every plate given
//!   ([`LicensePlate`]:
//!   `LLLNNNN` or Mercosul `LLLNLNN`, with [`LicensePlate::to_mercosul`]),
//!   and `price > 0`, reporting every violation together.
//! * Photos ([`Photo`]): from bytes, from a file (async), or from standard
//!   Base64, padded or not, with or without a `data:image/...;base64,`
//!   prefix; anything else is refused with the position of its first bad
//!   character ([`PhotoError::InvalidBase64`]).
//! * Inventory: [`Client::create_listing`], [`Client::list_inventory`] /
//!   [`Client::inventory_stream`], [`Client::list_sold`] /
//!   [`Client::sold_stream`], [`Client::get_listing`],
//!   [`Client::update_listing`], [`Client::patch_listing`],
//!   [`Client::delete_listing`], [`Client::delete_from_inventory`].
//! * Sync: [`ListingPatch::diff`] and [`Client::reconcile`] (see
//!   "Keeping an inventory in sync" below).
//! * Catalog: [`Client::categories`], [`Client::models`], [`Client::model`],
//!   [`Client::versions`] / [`Client::versions_stream`], [`Client::colors`],
//!   [`Client::color`], [`Client::features`], [`Client::feature`],
//!   [`Client::armor_types`], [`Client::motorcycle_catalog`],
//!   [`Client::truck_catalog`].
//! * `mock` (feature `mock`): an in-process, stateful fake of the API.
//!
//! Paginated lists (`count`/`next`/`previous`/`results`) are also streams.
//! Their `next` links are absolute and may name another host (the
//! documentation's own example names `api.example.com`): they are followed on
//! the configured origin only (their path and query, never their host), so
//! the token is never sent elsewhere.
//!
//! ## Keeping an inventory in sync
//!
//! [`Client::reconcile`] makes a dealer's active inventory hold the listings
//! you give it: it reads the inventory, creates what is missing, patches
//! only what differs (with [`ListingPatch::diff`], the smallest `PATCH`
//! from the listing as read to the listing as it should be), and sends
//! nothing for the rest. The documentation gives a listing no field for
//! your own reference, so listings are matched **by licence plate**; a
//! zero-km vehicle without a plate cannot be matched and is reported, not
//! sent. Listings the platform has and you no longer do are reported in
//! [`ReconcileReport::not_in_desired`], never removed (see [`Reconcile`]).
//! The [`ReconcileReport`] accounts for every listing given. Run twice, the
//! second run sends nothing:
//!
//! ```
#![doc = include_str!("../doc/sync.rs")]
//! ```
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
//! * **Lists read whole** (the catalog lists whose shape is not documented)
//!   hold at most 100,000 items ([`ClientConfig::with_max_collected_items`]),
//!   past which the call fails with [`ErrorKind::WalkLimit`].
//! * **Ids never change the path**: every id in a path is a typed number
//!   ([`DealerId`], …), so it cannot hold `/`, `.` or `..`.
//! * **Bodies are bounded**: a success body over 64 MiB is refused
//!   ([`ClientConfig::with_max_body`]); an error body is kept up to 64 KiB
//!   ([`ClientConfig::with_max_error_body`]), and an error's `Debug` shows
//!   only a 512-byte excerpt of it (the whole kept body is
//!   [`Error::body`]).
//!
//! ## Many processes, one key
//!
//! The Anúncios API documents no rate limit: a client paces itself only at
//! the rate you give it (`ClientConfig::with_rate_limit`, the rate your
//! token has), and several processes with one token would each send that
//! much.
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
//!     use anuncios_client::{Auth, Client, ClientConfig, RateLimit, RedisLimiter, SharedLimit};
//!     let redis = RedisLimiter::new("redis://:password@127.0.0.1:6379/0")?;
//!     let client = Client::builder(Auth::bearer("token"))
//!         .base_url("https://api.example.com")
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
//! on [`Error::kind`]. A 400 is [`ErrorKind::Validation`] with the server's
//! field → messages map ([`ApiError::fields`]); a listing refused before
//! sending is also [`ErrorKind::Validation`], with [`Error::violations`].
//! [`ErrorExt::field_errors`] reads both the same way. 401, 403, 404 and
//! 405 carry `{"detail": ...}` ([`ErrorExt::detail`]).
//!
//! ## Where the documentation is silent
//!
//! Each of these is an assumption of this SDK, kept open where possible:
//!
//! * **Host:** not documented; the base URL is required configuration:
//!   [`Client::builder`] takes the credentials, [`ClientBuilder::base_url`]
//!   the API root, and [`ClientBuilder::build`] without one is a
//!   [`ConfigError`] that says so. [`Client::from_env`] requires both
//!   `ANUNCIOS_BASE_URL` and `ANUNCIOS_TOKEN`; one that is set but empty is
//!   a [`ConfigError`] naming it.
//!   Paths are under `/v3` (the guide writes `/v3/inventory/{dealer_id}`,
//!   the paging example `/v3/catalog/...`); the client adds `/v3`, so a base
//!   URL ending in `/v3` is refused.
//! * **Next links behind a gateway:** a `next` link is followed with its
//!   own path and query on the configured origin, never on the host it
//!   names. A link naming the configured origin itself is followed as it
//!   is. When the base URL has a path prefix (`https://gw.example.com/lc`),
//!   a link naming another host (such as the documentation's
//!   `https://api.example.com/v3/...`) whose path does not start with that
//!   prefix is taken relative to it: `/v3/x` becomes `/lc/v3/x`; one whose
//!   path already starts with the prefix is kept as is. If your gateway rewrites paths some other way, page
//!   with explicit parameters instead.
//! * **Token:** how the JWT is obtained, its lifetime and refresh are not
//!   documented. Pass a token ([`Auth::bearer`]) or a [`TokenSource`], which
//!   is asked for a new token once when the server answers 401.
//! * **Inventory list parameters** (filters, paging names, page size) are
//!   not documented: [`InventoryQuery`] sends what you give it; further
//!   pages come from the `next` links.
//! * **Delete:** how `DELETE /inventory/item/{ad_id}` chooses between
//!   "sold" and "removed", how `DELETE /inventory/{dealer_id}` identifies
//!   the ad, and the answers' status and body are not documented:
//!   [`DeleteOptions`] carries query parameters and a body as given, and the
//!   answer is returned raw (JSON when there is one). Because the outcome
//!   depends on an unknown rule, a repeated delete may not act as the first
//!   did: deletes are not retried once they may have reached the server
//!   ([`ErrorKind::OutcomeUnknown`]).
//! * **Updates:** the `PUT` and `PATCH` bodies are cut off. `PUT` sends a
//!   full [`NewListing`] (the create shape) or a raw map; `PATCH` sends a
//!   [`ListingPatch`] with the create guide's field names. Their answers are
//!   assumed to be the listing (an empty body gives `None`). Whether a
//!   repeated `PUT` adds its Base64 photos again is not documented, so a
//!   `PUT` carrying photos is not retried once it may have reached the
//!   server ([`ErrorKind::OutcomeUnknown`]); one without photos is.
//! * **Listings as read:** the documented example is cut off inside
//!   `integration[0]`; every member of [`Listing`] except `id` is optional
//!   and every other member is kept in `extra`. Whether `description`,
//!   `photos`… are returned is not documented (they land in `extra`). The
//!   201 of a create is assumed to have the same shape, but as it is not
//!   shown, the members whose read and write shapes differ (`color`, and
//!   likewise `make`, `model`, `fuel`) also accept the bare id of the write
//!   shape ([`models::IdOrRef`]): a listing that was created never reads as
//!   a failure because the server echoed what it was sent. `price` is read as
//!   an integer, as documented. There is no status table: `status` is an
//!   integer (1 in the active list; "usually 2" when sold).
//! * **Partial updates ([`ListingPatch::diff`]):** the `PATCH` body is cut
//!   off. The diff assumes that a `PATCH` takes the create guide's write
//!   members under their names and replaces only the members it carries;
//!   that a member is cleared with `false` (a flag: an unset flag is taken
//!   as `false`, as `is_new`'s documented default), `""` (the texts `note`,
//!   `youtube_url`, `chassi`, `license_plate`), `[]` (`features`) or `null`
//!   (numbers and ids: `armored_level`, `armored` and the motorcycle, truck
//!   and implement fields); that `features` are a set (their order does not
//!   count); that `address_id`, once set, is not cleared (unset means "the
//!   first address"); and that the members the documented read example
//!   lacks (`description`, `note`, `chassi`, `features`, `address_id`, the
//!   category fields), when the server returns them, come under their write
//!   names with their write types. A member the listing as read does not
//!   show is sent whenever the desired listing sets it, so against a server
//!   that never returns, say, `description`, every reconcile re-sends it.
//!   `photos` are never diffed: the read shape has only `first_photo` and
//!   `total_photo`.
//! * **Reconcile key:** no caller-side id or reference field is
//!   documented, and `chassi` is not in the read example; listings are
//!   matched by licence plate, normalised and in its Mercosul form (an old
//!   plate and its Mercosul conversion are one vehicle). The inventory list
//!   has no documented filter, so a reconcile reads the whole active
//!   inventory, and reads it again to look up creates whose answer was lost.
//!   No duplicate-plate rule (no 409) is documented: a reconcile never
//!   creates a plate the inventory already has, and reports duplicates it
//!   finds.
//! * **Taking listings down:** the only documented way is a `DELETE` that
//!   "marks as sold or removes completely" by an undocumented rule, so a
//!   reconcile never removes a listing; it reports them.
//! * **Catalog shapes:** models, colours and features are plain arrays, as
//!   documented; versions are paginated. The categories, armour types and
//!   the motorcycle and truck sub-catalogs are not documented beyond their
//!   paths: they are read loosely as [`CatalogEntry`] (`id`, optional
//!   `name`, the rest in `extra`), from a plain array or from pages. The
//!   colour filters are not named by the documentation and are not offered.
//! * **Armour fields:** no rule links `armored_level`/`armored` to
//!   `is_armored`; none is enforced.
//! * **Rate limits:** none documented; pacing is off unless configured.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod catalog;
mod client;
mod error;
mod ids;
mod inventory;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
pub mod models;
mod pages;
mod photo;
mod plate;
mod sync;

pub mod prelude;

#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use autoclient_common::RedisLimiter;
pub use autoclient_common::reexports::secrecy::SecretString;
pub use autoclient_common::{
    Auth, BoxError, ClientConfig, Clock, ConfigError, ErrorKind, HeaderMap, HttpClient,
    ManualClock, Method, OnLimiterFailure, RateLimit, RateLimitInfo, Request, Response,
    RetryPolicy, SharedLimit, StatusCode, SystemClock, TokenSource, Url, Violation, WalkLimits,
};
pub use catalog::{MAX_PAGE_SIZE, ModelQuery, MotorcycleCatalog, TruckCatalog, VersionQuery};
pub use chrono::{DateTime, Utc};
pub use client::{Client, ClientBuilder, ENV_BASE_URL, ENV_TOKEN, USER_AGENT};
pub use error::{ApiError, ErrorExt};
pub use futures_util::future::BoxFuture;
pub use futures_util::{Stream, StreamExt, TryStreamExt};
pub use ids::{
    AddressId, BrandId, CatalogId, ColorId, DealerId, FeatureId, ListingId, ModelId, Reais,
    VersionDetailId,
};
pub use inventory::{DeleteOptions, InventoryQuery};
pub use models::{
    ArmoredLevel, CarFields, CatalogEntry, Category, CategoryFields, Color, Feature,
    ImplementFields, Listing, ListingBasics, ListingPatch, Model, MotorcycleFields, NewListing,
    NewListingBuilder, Paginated, SoldListing, TruckFields, Version, check_years,
};
pub use photo::{Photo, PhotoError};
pub use plate::{LicensePlate, PlateError};
#[doc(no_inline)]
pub use serde_json;
pub use sync::{
    NotInDesired, Reconcile, ReconcileItem, ReconcileOutcome, ReconcileReport, ReconcileStopped,
};

/// The error of every call of this crate.
pub type Error = autoclient_common::Error<ApiError>;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The README's example, compiled as a doctest so that what crates.io shows
/// keeps compiling.
#[cfg(all(doctest, feature = "mock"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
