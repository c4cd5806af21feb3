//! The integration tests of autoclient-common in one binary. Each module is a file
//! of this folder, named after the behaviour it tests; see
//! CONTRIBUTING.md ("Where tests go") for the tests kept apart.

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
