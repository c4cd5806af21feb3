//! The integration tests of autosync-client in one binary: each module is a file
//! of this folder. CONTRIBUTING.md ("Where tests go") says where a new
//! one goes and which tests are kept apart.

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
