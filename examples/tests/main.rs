//! The integration tests of the examples in one binary. Each module is a file
//! of this folder, named after the behaviour it tests; see
//! CONTRIBUTING.md ("Where tests go") for the tests kept apart.

mod support;

mod anuncios_publish_cli;
mod auterio_ingest_cli;
mod autosync_tour_cli;
mod dealerauction_stock_cli;
mod dealerauction_sync_cli;
mod exit_status;
mod rust_log;
mod webhooks_receiver_cli;
