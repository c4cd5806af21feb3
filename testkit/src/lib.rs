//! # testkit
//!
//! Test and benchmark support of the autoclient workspace, used by its
//! crates' tests and benches as a dev-dependency and never published: what
//! lives here is not API of any SDK.
//!
//! * [`RawServer`]: a loopback server that misbehaves on purpose
//!   ([`RawFault`]), and [`run_fault_suite`], which puts a call through
//!   every such fault.
//! * [`run_load`]: many calls at once, with the open descriptors sampled
//!   ([`LoadReport`]).
//! * [`CannedServer`], [`interleaved_ratio`], [`same_work_ratios`],
//!   [`peak_rss_kib`]: the server side and the arithmetic of the benches.
//! * [`mount_catch_all`], [`serve_every_request`], [`page_asked`],
//!   [`json_response`]: shorthands for tests with a wiremock server of their
//!   own.
//! * [`GrantingLimiter`]: a shared rate limiter that grants every slot and
//!   keeps the rates asked for.
//! * [`FailingLimiter`], [`failing_shared_limit`]: a shared rate limiter
//!   that is always down (for `ErrorKind::RateLimiterUnavailable`).
//! * [`plain_models`]: hand-written plain structs of the benchmarks'
//!   documents (their honest baseline), and the documents.
//! * [`props`]: the property-test harness of the response decoders
//!   ([`decoder_properties!`]).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod bench;
mod fault_suite;
mod load;
mod mock_servers;
pub mod plain_models;
pub mod props;
mod raw_server;
mod shared_limiter;

pub use bench::{
    CannedServer, RatioReport, baseline_client_with_timeout, interleaved_ratio, peak_rss_kib,
    same_work_ratios, time_calls,
};
pub use fault_suite::{FaultCall, run_fault_suite};
pub use load::{LoadReport, run_load};
pub use mock_servers::{json_response, mount_catch_all, page_asked, serve_every_request};
pub use raw_server::{GZIP_BOMB_INFLATED, RawFault, RawRequest, RawServer};
pub use shared_limiter::{FailingLimiter, GrantingLimiter, failing_shared_limit};
