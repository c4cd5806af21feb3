//! The integration tests of the examples in one binary: each module is a file
//! of this folder. CONTRIBUTING.md ("Where tests go") says where a new
//! one goes and which tests are kept apart.

mod support;

mod anuncios_publish_cli;
mod auterio_ingest_cli;
mod autosync_tour_cli;
mod dealerauction_stock_cli;
mod dealerauction_sync_cli;
mod exit_status;
mod rust_log;
mod webhooks_receiver_cli;
