//! autosync-client's front-page example, compiled with only what a user's
//! Cargo.toml holds (the API crate and tokio) and run against the mock.

mod front_page {
    include!("../../autosync-client/doc/front_page.rs");

    // Inside the module: the example's `main` is private to it, as a
    // user's is.
    #[test]
    fn the_front_page_example_runs() {
        main().unwrap();
    }
}
