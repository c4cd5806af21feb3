//! The integration tests of auterio-client in one binary: each module is a file
//! of this folder. CONTRIBUTING.md ("Where tests go") says where a new
//! one goes and which tests are kept apart.

mod contract;
mod faults;
mod file_store_is_atomic_and_versioned;
mod ingest_all;
mod ingest_changed_converges_after_faults;
mod ingest_changed_sends_only_what_changed;
mod props_decoders;
mod report_serializes;
mod shared_rate_limit;
