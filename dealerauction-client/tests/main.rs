//! The integration tests of dealerauction-client in one binary: each module is a file
//! of this folder. CONTRIBUTING.md ("Where tests go") says where a new
//! one goes and which tests are kept apart.

mod support;
mod sync_support;

mod auction_ends_by_available_until;
mod axum_receiver;
mod blank_applies_to_text_fields;
mod contract;
mod diff_applied_gives_after;
mod endless_pages;
mod faults;
mod mock;
mod mock_refuses_an_auction_without_its_type;
mod numbers_where_the_schema_says_string;
mod path_parameters;
mod props_decoders;
mod reconcile_converges_after_faults;
mod reconcile_outcomes;
mod reconcile_second_run_changes_nothing;
mod required_fields_not_nulled;
mod sale_price_within_int32;
mod shared_rate_limit;
mod stock_decoding_routes_unknown_fields;
mod webhook_body_limit;
mod where_a_search_stream_ends;
