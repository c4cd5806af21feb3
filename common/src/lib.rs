//! # autoclient-common
//!
//! The shared core of the autoclient SDKs (`auterio-client`, `autosync-client`,
//! `anuncios-client`, `dealerauction-client`). Users of an API crate do not
//! need to depend on this crate: each API crate re-exports what its users touch.
//!
//! What lives here, and only here:
//!
//! * [`HttpClient`]: one `reqwest::Client` (yours or ours; rustls, gzip with the `gzip` feature,
//!   same-origin redirects only), base URL joining that keeps a base path,
//!   per-segment percent-encoding, JSON bodies, `User-Agent`, connect and
//!   per-attempt timeouts, an optional in-flight limit, an overall deadline
//!   per call (120 s by default). Path parameters that would change the
//!   path (`.`, `..`, empty, control characters) are refused before
//!   sending. Cheap to clone; its futures are `Send + 'static`.
//! * [`Auth`]: Bearer, Basic, and refreshable [`TokenSource`]s (refreshed once
//!   on a 401). Secrets are redacted in every `Debug` and `Display`, and the
//!   `Authorization` header is marked sensitive.
//! * [`RetryPolicy`] and the retry classifier (see [`retry`]): safe retries
//!   for APIs without idempotency keys, `Retry-After` in all its forms, rate
//!   limit resets, full-jitter backoff, a cap on server-requested waits, and
//!   [`ErrorKind::OutcomeUnknown`] when a non-idempotent request may have taken
//!   effect.
//! * [`RateLimit`] pacing (GCRA), which also slows down when the server reports
//!   few requests remaining and more used than the client's own (another
//!   process shares the key).
//! * [`SharedLimit`] (see [`shared`]): the rate limit shared by every
//!   process that uses one key, through a [`SharedLimiter`];
//!   [`RedisLimiter`] (feature `redis`) keeps it in Redis.
//! * [`Error`], generic over the API's error body: status, raw bounded body
//!   (even HTML), parsed API body, JSON path of a decode failure, retry-after.
//! * [`paginate`]: pages to a `Stream`, with loop protection, a page bound
//!   (10,000 pages by default) and, for lists collected into memory, an item
//!   bound (100,000 items) ([`WalkLimits`]), and next links followed on the
//!   configured origin only.
//! * [`open_enum!`], [`open_int_enum!`], [`open_string!`]: value sets that keep
//!   unknown values.
//! * [`Patch`]: the PATCH tri-state.
//! * [`wire`]: exact decimals as JSON numbers; string-or-number fields.
//! * [`contract`]: contract equality of JSON values for tests.
//! * [`Clock`]: injectable time, with [`ManualClock`] for tests.
//! * `mock` (feature `mock`): fault injection and credential helpers for the
//!   API crates' mock servers.
//!
//! ## Misuse warns
//!
//! Builders (`ClientConfig`, `RetryPolicy`, `RateLimit`, `WalkLimits`,
//! `Request`, `Page`, `Auth`) and what does nothing until awaited or polled
//! (the futures of `HttpClient::send_*`, the stream of [`paginate`]) are
//! `#[must_use]`, with a message that says what to call. Each line below is
//! refused under `#![deny(unused_must_use)]`; bound to a name, each compiles:
//!
//! ```
//! # #![deny(unused_must_use)]
//! # use std::time::Duration;
//! use autoclient_common::*;
//! # fn demo(client: HttpClient) {
//! let _config = ClientConfig::default().with_max_in_flight(4);
//! let _retry = RetryPolicy::default().with_max_retries(5);
//! let _limit = RateLimit::per_minute(100).with_burst(2);
//! let _limits = WalkLimits::default().with_max_pages(5);
//! let _request = Request::get("stock").query("page", 2);
//! let _page = Page::<u32, u32>::new(vec![1]).with_next(Some(2));
//! let _auth = Auth::bearer("key");
//! let _sent = client.send_empty::<serde_json::Value>(Request::get("x"));
//! let _walk = paginate(0u32, WalkLimits::default(), |n: u32| async move {
//!     Ok::<_, Error<serde_json::Value>>(Page::new(vec![n]))
//! });
//! # }
//! ```
//!
//! ```compile_fail
//! # #![deny(unused_must_use)]
//! autoclient_common::ClientConfig::default().with_max_in_flight(4);
//! ```
//!
//! ```compile_fail
//! # #![deny(unused_must_use)]
//! autoclient_common::RetryPolicy::default().with_max_retries(5);
//! ```
//!
//! ```compile_fail
//! # #![deny(unused_must_use)]
//! autoclient_common::RateLimit::per_minute(100).with_burst(2);
//! ```
//!
//! ```compile_fail
//! # #![deny(unused_must_use)]
//! autoclient_common::WalkLimits::default().with_max_pages(5);
//! ```
//!
//! ```compile_fail
//! # #![deny(unused_must_use)]
//! autoclient_common::Request::get("stock").query("page", 2);
//! ```
//!
//! ```compile_fail
//! # #![deny(unused_must_use)]
//! autoclient_common::Page::<u32, u32>::new(vec![1]).with_next(Some(2));
//! ```
//!
//! ```compile_fail
//! # #![deny(unused_must_use)]
//! autoclient_common::Auth::bearer("key");
//! ```
//!
//! ```compile_fail
//! # #![deny(unused_must_use)]
//! # use autoclient_common::*;
//! # fn demo(client: HttpClient) {
//! client.send_empty::<serde_json::Value>(Request::get("x"));
//! # }
//! ```
//!
//! ```compile_fail
//! # #![deny(unused_must_use)]
//! # use autoclient_common::*;
//! paginate(0u32, WalkLimits::default(), |n: u32| async move {
//!     Ok::<_, Error<serde_json::Value>>(Page::new(vec![n]))
//! });
//! ```
//!
//! ## Tracing
//!
//! Each attempt is a `debug` span `http.attempt` whose fields follow the
//! OpenTelemetry HTTP client semantic conventions, so an OpenTelemetry
//! pipeline shows the calls without mapping: `http.request.method`,
//! `url.path` (never the query), `server.address`,
//! `http.request.resend_count` (from the second attempt on),
//! `http.response.status_code`, `error.type` (the status code of an error
//! response, or `timeout`, `connect`, `broken`, `body_too_large`), and
//! `wait_ms`, the wait chosen before the next attempt.
//! Query strings, bodies and credentials are never recorded: they carry
//! personal data (plates, e-mail addresses, phone numbers) and secrets.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod auth;
mod client;
mod clock;
pub mod contract;
mod enums;
mod error;
mod keep_unknown;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
mod pacing;
mod pagination;
mod patch;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod receiver;
#[cfg(feature = "redis")]
mod redis_limiter;
mod request;
mod response;
pub mod retry;
pub mod shared;
pub mod wire;

pub use auth::{Auth, TokenSource};
pub use client::{ClientConfig, HttpClient, decode_json, parse_base_url};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{ApiErrorBody, BoxError, ConfigError, Error, ErrorKind, Violation};
pub use pacing::RateLimit;
pub use pagination::{Page, WalkLimits, paginate};
pub use patch::Patch;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use redis_limiter::RedisLimiter;
pub use request::Request;
pub use response::{RateLimitInfo, Response};
pub use retry::RetryPolicy;
pub use shared::{Admission, OnLimiterFailure, SharedLimit, SharedLimiter, SharedRate};

/// Types from other crates that appear in this crate's API (`Error::status`,
/// `Error::headers`, `HttpClient::base_url`, …), so that no user needs `http`,
/// `reqwest` or `url` in their Cargo.toml to name them.
pub use reqwest::header::HeaderMap;
pub use reqwest::{Method, StatusCode};
pub use url::Url;

/// Re-exports used by the crate's macros. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}

/// Re-exports of the libraries that appear in this crate's public API.
pub mod reexports {
    pub use bytes;
    pub use reqwest;
    pub use rust_decimal;
    pub use secrecy;
    pub use url;
}

/// The README's example, compiled as a doctest so that what crates.io shows
/// keeps compiling.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
