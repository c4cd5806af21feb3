//! The integration tests of autoclient-common in one binary: each module is a file
//! of this folder. CONTRIBUTING.md ("Where tests go") says where a new
//! one goes and which tests are kept apart.

mod date_formatting_matches_chrono;
mod date_parsing_matches_chrono;
mod default_deadline;
mod error_privacy;
mod errors_name_their_cause;
mod faults;
mod http;
mod pagination;
mod path_parameters;
mod wire;
