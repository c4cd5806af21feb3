//! What the example programs share: logging driven by `RUST_LOG`, and the
//! terminal conventions of [`cli`].
//!
//! The programs themselves are in `src/bin/`; each runs against an embedded
//! mock server unless given real credentials.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod cli;
pub mod logging;
