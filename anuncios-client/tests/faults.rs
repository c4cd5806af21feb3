//! Faults no mock server shows, from a loopback TCP server that misbehaves on
//! purpose ([`run_fault_suite`]), against a read (`get_listing`) and a create
//! (`create_listing`): each ends in a typed error of the right kind within
//! its deadline, never a panic or a hang; the read is retried, the create is
//! not (its outcome is unknown once it may have reached the server).

use anuncios_client::{
    CarFields, Client, ClientConfig, ColorId, DealerId, ListingBasics, ListingId, NewListing,
    Reais, VersionDetailId,
};
use autoclient_common::Auth;
use testkit::{FaultCall, run_fault_suite};

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.faults-secret-jwt.c2lnbmF0dXJl";

fn client(url: &str, config: ClientConfig) -> Client {
    Client::builder(Auth::bearer(TOKEN))
        .base_url(url)
        .config(config)
        .build()
        .unwrap()
}

fn listing() -> NewListing {
    NewListing::used(
        "ABC-1234",
        ListingBasics::new(
            VersionDetailId(1001),
            ColorId(1),
            2023,
            2024,
            15_000,
            Reais(85_000),
            "Teste",
        ),
        CarFields::not_armored(),
    )
    .build()
    .unwrap()
}

#[tokio::test]
async fn get_listing_is_retried_through_every_fault() {
    let call = FaultCall::new(
        "get_listing",
        "GET",
        "/v3/inventory/item/12345",
        true,
        |url: String, config| client(&url, config).get_listing(ListingId(12345)),
    )
    .authorization(format!("Bearer {TOKEN}"))
    .wrong_shape(br#"{"id": "seven"}"#.to_vec(), "id");
    let failed = run_fault_suite(&call).await;
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[tokio::test]
async fn create_listing_is_sent_once_through_every_fault() {
    let new = listing();
    let call = FaultCall::new(
        "create_listing",
        "POST",
        "/v3/inventory/10",
        false,
        |url: String, config| client(&url, config).create_listing(DealerId(10), &new),
    )
    .authorization(format!("Bearer {TOKEN}"))
    .wrong_shape(br#"{"id": "seven"}"#.to_vec(), "id");
    let failed = run_fault_suite(&call).await;
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
