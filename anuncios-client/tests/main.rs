//! The integration tests of anuncios-client in one binary. Each module is a file
//! of this folder, named after the behaviour it tests; see
//! CONTRIBUTING.md ("Where tests go") for the tests kept apart.

#![recursion_limit = "512"]

mod support;

mod base_url;
mod contract;
mod diff_applied_gives_after;
mod endless_pages;
mod faults;
mod mock;
mod photo_base64;
mod props;
mod props_decoders;
mod reconcile_converges_after_faults;
mod reconcile_second_run_changes_nothing;
mod review_fixes;
mod shared_rate_limit;
mod zero_km_with_plate;
