//! auterio-client's change-only sync example, compiled with only what a
//! user's Cargo.toml holds (the API crate and tokio) and run against the mock.

mod sync {
    include!("../../auterio-client/doc/sync.rs");

    #[test]
    fn the_sync_example_runs_and_its_second_run_sends_nothing() {
        main().unwrap();
    }
}
