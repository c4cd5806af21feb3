//! # anuncios-client
//!
//! Typed async client for the Loja Conectada vehicle listings (Brazil) API.
//!
//! **Status: skeleton.** The crate compiles and re-exports the shared client
//! configuration; its endpoints, models and mock server are not written yet.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub use autoclient_common::{ClientConfig, ErrorKind, RateLimit, RetryPolicy};
