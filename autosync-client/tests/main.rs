//! The integration tests of autosync-client in one binary. Each module is a file
//! of this folder, named after the behaviour it tests; see
//! CONTRIBUTING.md ("Where tests go") for the tests kept apart.

mod authorize_request_debug;
mod axum_receiver;
mod behaviour;
mod contract;
mod customer_decoding_routes_unknown_fields;
mod endless_pages;
mod faults;
mod props_decoders;
mod shared_rate_limit;
mod types_users_build;
mod webhook_event_data;
mod webhook_replay_and_body_limits;
mod webhooks;
mod work_order_update_members;
