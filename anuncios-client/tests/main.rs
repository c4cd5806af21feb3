//! The integration tests of anuncios-client in one binary: each module is a file
//! of this folder. CONTRIBUTING.md ("Where tests go") says where a new
//! one goes and which tests are kept apart.

#![recursion_limit = "512"]

mod support;

mod base_url;
mod contract;
mod created_listing_in_the_write_shape;
mod decode_errors_keep_the_response;
mod diff_applied_gives_after;
mod endless_pages;
mod faults;
mod mock;
mod next_links_behind_a_base_path;
mod patch_value_that_does_not_serialize;
mod photo_base64;
mod props;
mod props_decoders;
mod reconcile_converges_after_faults;
mod reconcile_second_run_changes_nothing;
mod retry_safety_of_deletes_and_updates;
mod shared_rate_limit;
mod zero_km_with_plate;
