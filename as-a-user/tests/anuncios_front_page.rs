//! anuncios-client's front-page example, compiled with only what a user's
//! Cargo.toml holds (the API crate and tokio) and run against the mock.
//!
//! Included at the root of this test crate: its `main` is private, so a
//! `mod` around it would hide it from the test.

include!("../../anuncios-client/doc/front_page.rs");

#[test]
fn the_front_page_example_runs() {
    main().unwrap();
}
