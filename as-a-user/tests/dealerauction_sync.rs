//! dealerauction-client's "Keeping an inventory in sync" example, compiled
//! with only what a user's Cargo.toml holds (the API crate with `mock`, and
//! tokio) and run against the mock.

mod sync {
    include!("../../dealerauction-client/doc/sync.rs");

    // Inside the module: the example's `main` is private to it, as a
    // user's is.
    #[test]
    fn the_sync_example_runs() {
        main().unwrap();
    }
}
