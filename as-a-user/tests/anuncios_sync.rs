//! anuncios-client's "Keeping an inventory in sync" example, compiled with
//! only what a user's Cargo.toml holds (the API crate and tokio) and run
//! against the mock: a second reconcile sends nothing.

mod sync {
    include!("../../anuncios-client/doc/sync.rs");

    // Inside the module: the example's `main` is private to it, as a
    // user's is.
    #[test]
    fn the_sync_example_runs_and_its_second_run_changes_nothing() {
        main().unwrap();
    }
}
