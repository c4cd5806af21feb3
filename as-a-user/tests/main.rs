//! The integration tests of as-a-user in one binary: each module is a file
//! of this folder. CONTRIBUTING.md ("Where tests go") says where a new
//! one goes and which tests are kept apart.

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
