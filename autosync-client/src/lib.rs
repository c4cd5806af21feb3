//! # autosync-client
//!
//! Typed async client for the **AutoSync Shop Manager API** (US repair
//! shops): shops, customers, vehicles, work orders and their jobs,
//! appointments, payments, inventory and employees; OAuth 2.0 for platform
//! integrations; signed webhooks.
//!
//! A first program, against the crate's in-process mock (feature `mock`), so
//! it runs without credentials; `use autosync_client::prelude::*;` brings
//! what it needs:
//!
#![cfg_attr(feature = "mock", doc = "```")]
#![cfg_attr(not(feature = "mock"), doc = "```ignore")]
#![doc = include_str!("../doc/front_page.rs")]
//! ```
//!
//! Every type the API uses from another crate is re-exported here
//! ([`Decimal`], [`NaiveDate`], [`DateTime`], [`Utc`], [`StatusCode`],
//! [`HttpClient`], [`Stream`], [`StreamExt`], [`TryStreamExt`], and the
//! [`serde_json`] crate, whose `Value`s hold the fields the SDK does not
//! type), so this crate (and tokio) is all a program needs in its
//! Cargo.toml.
//!
//! ## What it covers
//!
//! | Resource | Calls |
//! |---|---|
//! | Shops | [`list_shops`](Client::list_shops), [`get_shop`](Client::get_shop) |
//! | Customers | [`list_customers`](Client::list_customers) (search, is_business, created_after), [`get_customer`](Client::get_customer), [`create_customer`](Client::create_customer), [`update_customer`](Client::update_customer) |
//! | Vehicles | [`list_vehicles`](Client::list_vehicles) (customer_id, vin, license_plate), [`get_vehicle`](Client::get_vehicle), [`create_vehicle`](Client::create_vehicle) |
//! | Work orders | [`list_work_orders`](Client::list_work_orders) (status, customer_id, vehicle_id, technician_id, created_after), [`get_work_order`](Client::get_work_order), [`create_work_order`](Client::create_work_order), [`update_work_order`](Client::update_work_order) |
//! | Jobs | [`list_jobs`](Client::list_jobs), [`create_job`](Client::create_job) (with line items) |
//! | Appointments | [`list_appointments`](Client::list_appointments), [`create_appointment`](Client::create_appointment) |
//! | Payments | [`list_payments`](Client::list_payments), [`get_payment`](Client::get_payment) |
//! | Inventory | [`list_parts`](Client::list_parts), [`update_stock`](Client::update_stock) |
//! | Employees | [`list_employees`](Client::list_employees) (role, status) |
//!
//! Every call has a `…_with_response` variant that also returns the status,
//! headers and the `X-RateLimit-Limit` / `-Remaining` / `-Reset` values
//! ([`Response::rate_limit`]). The `{success, data, pagination}` envelope is
//! unwrapped: a list call returns one page ([`List`]), and each list has a
//! `stream_…` twin that walks every page (stopping at the reported `total`).
//!
//! * **Pacing** is on by default at the documented rate: 100 requests per
//!   minute on live, 300 on the sandbox (see [`ClientBuilder::rate_limit`] to
//!   change it). A walk over thousands of customers does not run into 429s.
//!   The wait for a slot counts against the call's deadline (120 s by
//!   default): with more calls queued at once on one client than the rate
//!   allows in two minutes (about 200 on live), the later ones fail at once
//!   with [`ErrorKind::Timeout`], nothing sent. Queue fewer at a time (e.g.
//!   `buffer_unordered`), or raise or lift the deadline.
//! * **From the environment**: [`Client::from_env`] reads
//!   `AUTOSYNC_API_KEY` and `AUTOSYNC_BASE_URL`. A variable that is set but
//!   empty (or only whitespace) is a [`ConfigError`] naming it; only an
//!   unset `AUTOSYNC_BASE_URL` means the live API.
//! * **Keys**: an `sk_live_` key against the sandbox, or an `sk_sandbox_` key
//!   against live, is refused by [`ClientBuilder::build`] (the server would
//!   answer 401), unless [`ClientBuilder::allow_key_environment_mismatch`].
//!   OAuth tokens, other key formats and custom base URLs are not checked.
//! * [`oauth`]: the authorization URL with a CSPRNG `state`, the callback
//!   check, and the code exchange at `POST /v1/oauth/token`.
//! * [`webhooks`]: `X-AutoSync-Signature` verification (constant time, hex or
//!   base64, several secrets) and typed events. By default an event whose
//!   `timestamp` is more than 5 minutes before or after now is refused as a
//!   replay, and a body over 1 MiB is refused before it is hashed; both are
//!   configurable ([`webhooks::WebhookVerifier::with_tolerance`],
//!   [`webhooks::WebhookVerifier::with_max_body`]) and the tolerance can be
//!   turned off explicitly ([`webhooks::WebhookVerifier::without_tolerance`]).
//! * `webhook_receiver` (feature `axum`): a ready receiver to mount on an
//!   axum router (see below).
//! * `mock` (feature `mock`): an in-process, stateful fake of the whole API.
//!
//! ## Receiving webhooks (feature `axum`)
//!
//! `webhook_receiver::WebhookReceiver::post` wraps your handler into a
//! route: the body is read with the verifier's limit (413 over it), the
//! signature is checked on the raw bytes before any parsing (401), the body
//! is parsed (400 when it is not an event) and its timestamp checked (401
//! outside the 5-minute window); retries of an event already handled are
//! answered 200 and dropped when dedupe is on. Refusals are short plain
//! text, and bad input is never a 500. `axum` is re-exported
//! (`autosync_client::axum`), so this crate and tokio are all the program
//! needs:
//!
#![cfg_attr(feature = "axum", doc = "```no_run")]
#![cfg_attr(not(feature = "axum"), doc = "```ignore")]
#![doc = include_str!("../doc/webhook_receiver.rs")]
//! ```
//!
//! Delivery is at least once: see the `webhook_receiver` module for what
//! your handler must still make idempotent.
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
//! * **Ids never change the path**: every id in a path is a typed number
//!   ([`ShopId`], …), so it cannot hold `/`, `.` or `..`.
//! * **Bodies are bounded**: a success body over 64 MiB is refused
//!   ([`ClientConfig::with_max_body`]); an error body is kept up to 64 KiB
//!   ([`ClientConfig::with_max_error_body`]), and an error's `Debug` shows
//!   only a 512-byte excerpt of it (the whole kept body is
//!   [`Error::body`](crate::Error::body)).
//! * **Webhooks**: a 5-minute window on an event's `timestamp` and a 1 MiB
//!   body limit (see [`webhooks`]); the receiver (feature `axum`) reads no
//!   more than that limit of a request, and its dedupe store remembers the
//!   last 10,000 handled events.
//!
//! ## Many processes, one key
//!
//! AutoSync allows 100 requests per minute per key (300 on the sandbox), and
//! the client paces itself just under that. Several processes (or pods) with
//! one key would each do so, and together send several times the limit.
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
//!     use autosync_client::{Client, RedisLimiter, SharedLimit};
//!     let redis = RedisLimiter::new("redis://:password@127.0.0.1:6379/0")?;
//!     let client = Client::builder("sk_live_abc")
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
//! Every call returns [`Error`] (the shared `Error<ApiError>`); match
//! on [`Error::kind`]. The documented statuses map to [`ErrorKind`]s: 400 and
//! 422 [`ErrorKind::Validation`] (with the server's field message, e.g. "The
//! 'email' field is required."), 401 [`ErrorKind::Unauthorized`], 403
//! [`ErrorKind::Forbidden`], 404 [`ErrorKind::NotFound`], 429
//! [`ErrorKind::RateLimited`], 500 [`ErrorKind::Server`]. The parsed error
//! envelope is [`Error::api_error`] ([`ApiError`]). Creates (POST) are not
//! retried after they may have reached the server: such a failure is
//! [`ErrorKind::OutcomeUnknown`].
//!
//! ## Where the documentation is silent
//!
//! Each of these is an assumption of this SDK; unknown values and fields are
//! always kept, never rejected.
//!
//! * **Paging parameters**: not documented; `page` and `per_page` (the
//!   response's `pagination` field names) are sent ([`Paging`]). A list
//!   response without `pagination` is taken as the only page.
//! * **Single-object responses** (get, create, update) are assumed wrapped in
//!   the same `{success, data}` envelope as lists.
//! * **Response shapes** not shown (customer, vehicle, job, appointment,
//!   part): the fields of the matching create or update body plus `id`; every
//!   other field is kept in `extra`. [`Customer`] also has `created_at`, since
//!   the list filters on `created_after`. [`Payment`]: only `id`; everything else
//!   in `fields`. [`Employee`]: `id`, `name` (as in a work order's
//!   technician), `role` and `status` (the list's filters).
//! * **Full work order**: the keys of its jobs and payment history are not
//!   documented; **assumed** `jobs` and `payments` ([`WorkOrder::jobs`],
//!   [`WorkOrder::payments`]); anything else is in `extra`.
//! * **Line items** have no documented fields: [`LineItem`] is an open JSON
//!   object.
//! * **Work order update body**: not documented; the create body's fields,
//!   optional, plus [`WorkOrderUpdate::other`] for anything else (a typed
//!   field's name given there sets the typed field: no member is sent
//!   twice).
//! * **Customer update**: "only include fields you want to update"; there is
//!   no documented way to clear a field, so none is offered.
//! * **Stock update** sets absolute values, so it is treated as idempotent
//!   (retried on 5xx); an update that sets nothing is refused before sending.
//! * **VIN**: "17-character VIN"; a VIN of another length is refused before
//!   sending. No check digit or alphabet check (not documented).
//! * **Money** (`subtotal`, `tax`, `total`, `cost`, `price`) is exact
//!   decimal, written as JSON numbers (the docs say "float").
//! * **Status, role, scope and event values**: the documented ones are named;
//!   others are kept ([`WorkOrderStatus`], [`EmployeeRole`],
//!   [`EmployeeStatus`], [`ShopStatus`], [`oauth::Scope`],
//!   [`webhooks::EventType`]). Ids are integers, as every documented id is.
//! * **Query values**: booleans are sent as `true` / `false`, dates as
//!   `YYYY-MM-DD`, status and role values as their wire names.
//! * **Custom base URLs** (proxies, the mock) are paced at the live rate.
//! * **OAuth**: the token response, its expiry and any refresh grant are not
//!   documented. [`oauth::TokenResponse`] keeps every field; refreshing is
//!   left to a [`TokenSource`] of yours. The documented token request has no
//!   `redirect_uri`, so none is sent. The authorize URL is the documented one
//!   for both environments (overridable). The token endpoint is documented
//!   only on the live host (`POST https://api.autosyncshopmanager.com/v1/oauth/token`);
//!   **assumed** at the same path under every environment's base URL, so
//!   the sandbox's code exchange goes to
//!   `https://sandbox.api.autosyncshopmanager.com/v1/oauth/token` (and a
//!   custom base URL's to `<base>/oauth/token`). If your sandbox app must
//!   exchange codes on the live host, set
//!   [`oauth::OAuthAppBuilder::base_url`] to the live base URL. Callback
//!   parameters are the OAuth 2.0 standard ones. Scopes are joined with spaces and form-encoded
//!   (`shops%3Aread+workorders%3Awrite`), as RFC 6749 specifies for the query.
//! * **Webhooks**: the signature's text format is not documented (see
//!   [`webhooks`]); the event `data` of events other than
//!   `workorder.completed` is assumed to be the resource the event names
//!   ([`webhooks::EventData`]); when a signed event's `data` does not decode
//!   into that type, the event is kept with its data as it came
//!   ([`webhooks::EventData::Undecoded`]), never rejected. Empty webhook
//!   secrets are ignored. No replay window is documented: the payload's
//!   `timestamp` is assumed to be set when the event is sent, and checked
//!   against a 5-minute window either way ([`webhooks::DEFAULT_TOLERANCE`]);
//!   the documentation gives no body size, so 1 MiB is assumed ample
//!   ([`webhooks::DEFAULT_MAX_BODY`]); nor does it say which answer
//!   acknowledges a delivery or whether failed ones are retried: the
//!   receiver (feature `axum`) assumes any 2xx acknowledges and that a
//!   delivery may come more than once (at least once).
//! * **Error envelope**: `error.code` is kept as text (one value is
//!   documented).

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod appointments;
mod client;
mod customers;
mod employees;
mod error;
mod ids;
mod inventory;
mod list;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
pub mod models;
pub mod oauth;
mod payments;
pub mod prelude;
mod shops;
mod vehicles;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod webhook_receiver;
pub mod webhooks;
mod workorders;

#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use autoclient_common::RedisLimiter;
#[doc(no_inline)]
pub use autoclient_common::reexports::secrecy::{ExposeSecret, SecretString};
pub use autoclient_common::wire::LooseString;
pub use autoclient_common::{
    ClientConfig, Clock, ConfigError, ErrorKind, HeaderMap, HttpClient, ManualClock, Method,
    OnLimiterFailure, RateLimit, RateLimitInfo, Response, RetryPolicy, SharedLimit, StatusCode,
    SystemClock, TokenSource, Url, Violation, WalkLimits,
};
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
#[doc(no_inline)]
pub use axum;
#[doc(no_inline)]
pub use chrono::{DateTime, NaiveDate, Utc};
pub use client::{
    Client, ClientBuilder, ENV_API_KEY, ENV_BASE_URL, Environment, LIVE_BASE_URL,
    LIVE_REQUESTS_PER_MINUTE, SANDBOX_BASE_URL, SANDBOX_REQUESTS_PER_MINUTE, USER_AGENT,
};
pub use error::{ApiError, ApiErrorDetail};
#[doc(no_inline)]
pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};
pub use ids::{
    AppointmentId, CustomerId, EmployeeId, JobId, PartId, PaymentId, ShopId, VehicleId, WorkOrderId,
};
pub use list::{List, Pagination, Paging};
pub use models::{
    Address, Appointment, Customer, CustomerQuery, CustomerRef, CustomerUpdate, Employee,
    EmployeeQuery, EmployeeRole, EmployeeStatus, Job, LineItem, NewAppointment, NewCustomer,
    NewJob, NewVehicle, NewWorkOrder, Part, Payment, Shop, ShopStatus, StockUpdate, TechnicianRef,
    Vehicle, VehicleQuery, VehicleRef, WorkOrder, WorkOrderQuery, WorkOrderStatus, WorkOrderUpdate,
};
pub use oauth::OAuthApp;
#[doc(no_inline)]
pub use rust_decimal::Decimal;
#[doc(no_inline)]
pub use serde_json;

/// The error of every call of this crate.
pub type Error = autoclient_common::Error<ApiError>;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The README's example, compiled as a doctest so that what crates.io shows
/// keeps compiling.
#[cfg(all(doctest, feature = "mock"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
