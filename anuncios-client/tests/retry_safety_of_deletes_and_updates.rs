//! Retry safety: a delete, or a full update carrying photos, is not repeated
//! after a 500 (its outcome is unknown), but is after a 429; a full update
//! without photos is retried.

use anuncios_client::*;
use serde_json::{Map, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

#[tokio::test]
async fn delete_listing_is_not_retried_after_a_500() {
    let s = server().await;
    respond(
        &s,
        "DELETE",
        "/v3/inventory/item/12345",
        ResponseTemplate::new(500),
    )
    .await;
    let err = retrying_client(&s.uri())
        .delete_listing(ListingId(12345), &DeleteOptions::new())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(requests_to(&s, "/v3/inventory/item/12345").await, 1);
}

#[tokio::test]
async fn delete_from_inventory_is_not_retried_after_a_500() {
    let s = server().await;
    respond(&s, "DELETE", "/v3/inventory/10", ResponseTemplate::new(500)).await;
    let err = retrying_client(&s.uri())
        .delete_from_inventory(DealerId(10), &DeleteOptions::new().param("ad_id", 12345))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(requests_to(&s, "/v3/inventory/10").await, 1);
}

#[tokio::test]
async fn a_delete_refused_with_429_is_still_retried() {
    let s = server().await;
    Mock::given(method("DELETE"))
        .and(path("/v3/inventory/item/12345"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&s)
        .await;
    respond(
        &s,
        "DELETE",
        "/v3/inventory/item/12345",
        ResponseTemplate::new(204),
    )
    .await;
    let resp = retrying_client(&s.uri())
        .delete_listing(ListingId(12345), &DeleteOptions::new())
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 204);
    assert_eq!(requests_to(&s, "/v3/inventory/item/12345").await, 2);
}

#[tokio::test]
async fn a_put_with_photos_is_not_retried_after_a_500() {
    let s = server().await;
    respond(
        &s,
        "PUT",
        "/v3/inventory/item/12345",
        ResponseTemplate::new(500),
    )
    .await;
    let listing = car_listing();
    assert!(!listing.photos().is_empty());
    let c = retrying_client(&s.uri());
    let err = c
        .update_listing(ListingId(12345), &listing)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(requests_to(&s, "/v3/inventory/item/12345").await, 1);

    // The raw form: a non-empty `photos` member makes it unsafe too.
    let mut raw = Map::new();
    raw.insert(
        "photos".into(),
        json!([{"order": 1, "photo_name": "a.jpg", "base64": "..."}]),
    );
    let err = c
        .update_listing_raw(ListingId(12345), &raw)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(requests_to(&s, "/v3/inventory/item/12345").await, 2);
}

#[tokio::test]
async fn a_put_without_photos_is_retried_after_a_500() {
    let s = server().await;
    respond(
        &s,
        "PUT",
        "/v3/inventory/item/12345",
        ResponseTemplate::new(500),
    )
    .await;
    let listing = NewListing::zero_km(
        ListingBasics::new(
            VersionDetailId(1234),
            ColorId(5),
            2024,
            2024,
            0,
            Reais(95_000),
            "Zero km.",
        ),
        CarFields::not_armored(),
    )
    .build()
    .unwrap();
    let err = retrying_client(&s.uri())
        .update_listing(ListingId(12345), &listing)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(requests_to(&s, "/v3/inventory/item/12345").await, 3);
}
