//! The integration tests of as-a-user in one binary. Each module is a file
//! of this folder, named after the behaviour it tests; see
//! CONTRIBUTING.md ("Where tests go") for the tests kept apart.

mod anuncios_front_page;
mod anuncios_sync;
mod auterio_front_page;
mod auterio_sync;
mod autosync_front_page;
mod autosync_webhook_receiver;
mod dealerauction_front_page;
mod dealerauction_sync;
mod dealerauction_webhook_receiver;
mod doc_examples_use_only_the_crate;
mod misuse_warns_anuncios;
mod misuse_warns_auterio;
mod misuse_warns_autosync;
mod misuse_warns_dealerauction;
