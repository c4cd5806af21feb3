//! autosync-client's webhook receiver example (its front page, feature `axum`),
//! compiled with only what a user's Cargo.toml holds: the API crate (with
//! `axum`, re-exported) and tokio. It is a server that runs until stopped,
//! so it is compiled here, not run; the crate's `tests/axum_receiver.rs`
//! runs the receiver over real HTTP.

mod example {
    #![allow(dead_code)]
    include!("../../autosync-client/doc/webhook_receiver.rs");

    #[test]
    fn the_webhook_receiver_example_compiles_with_only_the_crate_and_tokio() {
        let _server: fn() -> std::io::Result<()> = main;
    }
}
