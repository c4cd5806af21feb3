//! # auterio-client
//!
//! Typed async client for the **Auterio DMS vehicle ingest API** (Spain):
//! push your dealership's stock to Auterio, one batch or a whole inventory.
//!
//! A first program, against the crate's in-process mock (feature `mock`), so
//! it runs without credentials; `use auterio_client::prelude::*;` brings
//! what it needs:
//!
#![cfg_attr(feature = "mock", doc = "```")]
#![cfg_attr(not(feature = "mock"), doc = "```ignore")]
#![doc = include_str!("../doc/front_page.rs")]
//! ```
//!
//! Every type the API uses from another crate is re-exported here
//! ([`Decimal`], [`NaiveDate`], [`StatusCode`], [`HttpClient`], [`Stream`],
//! [`StreamExt`], [`TryStreamExt`], the [`stream`] module to make a stream
//! for [`Client::ingest_stream`], and the [`serde_json`] crate, whose
//! `Value`s hold the fields the SDK does not type), so this crate (and
//! tokio) is all a program needs in its Cargo.toml.
//!
//! ## What it covers
//!
//! * [`Client::ingest`]: `POST /api/vehicles/ingest` with at most 1,000
//!   vehicles (more is refused before sending). The ingest is an upsert by
//!   VIN, so it is idempotent and retried on 5xx, timeouts and resets, as well
//!   as on 429 and refused connections.
//! * [`Client::ingest_all`] / [`Client::ingest_stream`]: a whole inventory
//!   from an iterator or stream, in chunks, with requests in flight in
//!   parallel, progress, and an [`IngestReport`] that accounts for every
//!   vehicle (see [`IngestAll`]). A chunk the server answers with
//!   `success: false`, or with imported + skipped counts that differ from
//!   what was sent, is listed in [`IngestReport::discrepancies`], and its
//!   vehicles counted in [`IngestReport::unaccounted`]. The report and its
//!   parts are `Clone` and `Serialize`, to log or store.
//! * [`Client::ingest_changed`]: the same, sending only the vehicles whose
//!   content changed since the last sync, by a fingerprint per VIN kept in
//!   a [`FingerprintStore`] ([`FileStore`], [`MemoryStore`]); see below.
//! * [`Client::from_env`]: `AUTERIO_API_KEY`, and `AUTERIO_BASE_URL` when
//!   not the production [`DEFAULT_BASE_URL`]. A variable that is set but
//!   empty is a [`ConfigError`] naming it, never a silent default.
//! * [`check_vin`], [`check_vehicle`] and the opt-in [`vin_check_digit_ok`].
//! * `mock` (feature `mock`): an in-process fake of the API.
//!
//! ## Keeping an inventory in sync
//!
//! A DMS that pushes its stock every few minutes sends mostly what the
//! server already has. [`Client::ingest_changed`] fingerprints each vehicle
//! ([`Fingerprint`]: SHA-256 of its JSON as sent), sends only the new and
//! changed ones in the chunks of [`Client::ingest_all`], records a
//! fingerprint only once the server accepted that vehicle, and names the
//! VINs that disappeared from the input (the API has no delete: send them
//! with status `baja`, or leave them; see [`IngestChanged`]). Run twice,
//! the second run sends nothing:
//!
#![cfg_attr(feature = "mock", doc = "```")]
#![cfg_attr(not(feature = "mock"), doc = "```ignore")]
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
//! * **Bodies are bounded**: a success body over 64 MiB is refused
//!   ([`ClientConfig::with_max_body`]); an error body is kept up to 64 KiB
//!   ([`ClientConfig::with_max_error_body`]), and an error's `Debug` shows
//!   only a 512-byte excerpt of it (the whole kept body is
//!   [`Error::body`]).
//!
//! ## Many processes, one key
//!
//! Auterio documents no rate limit: a client paces itself only at the rate
//! you give it (`ClientConfig::with_rate_limit`, the rate your key has), and
//! several processes with one key would each send that much.
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
//!     use auterio_client::{Client, ClientConfig, RateLimit, RedisLimiter, SharedLimit};
//!     let redis = RedisLimiter::new("redis://:password@127.0.0.1:6379/0")?;
//!     let client = Client::builder("api-key")
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
//! on [`Error::kind`]: the documented 401, 403 and 400 are
//! [`ErrorKind::Unauthorized`], [`ErrorKind::Forbidden`] and
//! [`ErrorKind::Validation`], each with the server's message.
//!
//! ## Where the documentation is silent or contradicts itself
//!
//! * `fuel_type` and `gearbox`: the field table lists English values, the
//!   request example Spanish ones. They are open string types
//!   ([`FuelType`], [`Gearbox`]) sent verbatim, with named constants for both;
//!   nothing is translated.
//! * The example VINs fail the ISO 3779 check digit; European VINs need not
//!   carry it. [`check_vin`] checks the format only.
//! * The per-vehicle errors of a response: the field name is not documented;
//!   **assumed** `errors`, each kept whole ([`VehicleError`]).
//! * The error body's shape is not documented; **assumed** `error` or
//!   `message` ([`ApiError`]); the raw body is always kept.
//! * `cost_price` and `sale_price` are "number": exact decimals, written as
//!   JSON numbers.
//! * The change-only ingest counts a vehicle as accepted only when its
//!   chunk's answer accounts for it: `success: true`, imported + skipped
//!   equal to what was sent, and every skip named by VIN in `errors` (the
//!   assumed field, each error with a `vin`). The documentation does not
//!   say that the errors name the VIN: when they do not, the chunk's
//!   vehicles are unconfirmed and sent again next time, never recorded.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod checks;
mod client;
mod error;
mod ingest;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
pub mod models;
pub mod prelude;
mod sync;

#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use autoclient_common::RedisLimiter;
pub use autoclient_common::{
    ClientConfig, Clock, ConfigError, ErrorKind, HeaderMap, HttpClient, ManualClock, Method,
    OnLimiterFailure, RateLimit, RateLimitInfo, Response, RetryPolicy, SharedLimit, StatusCode,
    SystemClock, Url, Violation,
};
pub use checks::{VinProblem, check_vehicle, check_vin, vin_check_digit_ok};
#[doc(no_inline)]
pub use chrono::NaiveDate;
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, USER_AGENT};
pub use error::ApiError;
#[doc(no_inline)]
pub use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
pub use ingest::{
    ChunkEvent, ChunkReport, Discrepancy, Duplicate, FailedChunk, IngestAll, IngestReport,
    MAX_VEHICLES_PER_REQUEST, Rejected, Stopped,
};
pub use models::{
    FuelType, Gearbox, IngestRequest, IngestResponse, Vehicle, VehicleError, VehicleStatus,
};
#[doc(no_inline)]
pub use rust_decimal::Decimal;
#[doc(no_inline)]
pub use serde_json;
pub use sync::{
    FileStore, Fingerprint, FingerprintStore, IngestChanged, IngestChangedReport, MemoryStore,
    SaveFailed, StoreError, SyncOutcome, VehicleOutcome,
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
