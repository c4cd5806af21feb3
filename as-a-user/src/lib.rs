//! Compiles and runs, as tests, what a new user writes first: each API
//! crate's front-page example (`<crate>/doc/front_page.rs`, and
//! `<crate>/doc/webhook_receiver.rs` where the crate has a feature `axum`,
//! compiled only: it is a server), with nothing
//! in this crate's Cargo.toml but the API crates and `tokio`; and proves
//! that the misuse the `#[must_use]` attributes guard against warns.
//!
//! The tests are in `tests/`; this library is empty.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
