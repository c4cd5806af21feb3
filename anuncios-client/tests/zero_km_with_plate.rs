//! The guide requires `license_plate` when `is_new` is false and does not
//! forbid one on a new vehicle: a zero-km listing may carry its plate,
//! checked and normalised like any plate.

use anuncios_client::mock::{MOCK_DEALER_ID, MockAnuncios};
use anuncios_client::*;
use serde_json::json;

fn basics() -> ListingBasics {
    ListingBasics::new(
        // A version the mock's catalog holds.
        VersionDetailId(1001),
        ColorId(5),
        2024,
        2024,
        0,
        Reais(95_000),
        "Veículo zero km, já emplacado.",
    )
}

#[test]
fn a_zero_km_listing_may_carry_a_plate_and_stays_new() {
    let l = NewListing::zero_km(basics(), CarFields::new())
        .license_plate("abc-1d23")
        .build()
        .unwrap();
    assert!(l.is_new());
    assert_eq!(l.license_plate().map(LicensePlate::as_str), Some("ABC1D23"));
    let body = l.to_json();
    assert_eq!(body["is_new"], json!(true));
    assert_eq!(body["license_plate"], json!("ABC1D23"));
}

#[test]
fn without_one_it_is_sent_without_a_plate_as_before() {
    let l = NewListing::zero_km(basics(), CarFields::new())
        .build()
        .unwrap();
    assert!(l.is_new());
    assert_eq!(l.license_plate(), None);
    assert!(l.to_json().get("license_plate").is_none());
}

#[test]
fn a_zero_km_plate_is_validated_like_any_plate() {
    for bad in ["AB-123", "", "   ", "ABCD123"] {
        let e = NewListing::zero_km(basics(), CarFields::new())
            .license_plate(bad)
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation, "{bad:?}");
        let fields: Vec<&str> = e.violations().iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["license_plate"], "{bad:?}");
    }
}

#[test]
fn on_a_used_listing_it_replaces_the_plate() {
    let used = ListingBasics::new(
        VersionDetailId(1234),
        ColorId(5),
        2023,
        2024,
        15_000,
        Reais(85_000),
        "Usado.",
    );
    let l = NewListing::used("ABC1234", used, CarFields::new())
        .license_plate("xyz-9876")
        .build()
        .unwrap();
    assert!(!l.is_new());
    assert_eq!(l.license_plate().map(LicensePlate::as_str), Some("XYZ9876"));
}

#[tokio::test]
async fn the_mock_stores_and_shows_the_plate_of_a_new_vehicle() {
    let mock = MockAnuncios::start().await;
    let c = mock.client();
    let l = NewListing::zero_km(basics(), CarFields::new())
        .license_plate("ABC1234")
        .build()
        .unwrap();
    let created = c.create_listing(MOCK_DEALER_ID, &l).await.unwrap();
    assert_eq!(created.is_new, Some(true));
    assert_eq!(created.license_plate.as_deref(), Some("ABC1234"));
}
