//! A create answered with a 201 that echoes the write shape (ids where the
//! documented response has `{id, name}` objects) is a created listing, and
//! the documented object shape still reads.

use anuncios_client::models::IdOrRef;
use anuncios_client::*;
use serde_json::json;
use wiremock::ResponseTemplate;

use crate::support::*;

#[tokio::test]
async fn a_201_echoing_color_as_an_id_is_a_created_listing() {
    let s = server().await;
    let mut echoed = car_example();
    echoed["id"] = json!(777);
    echoed["make"] = json!(1);
    echoed["model"] = json!(10);
    echoed["fuel"] = json!(1);
    assert_eq!(echoed["color"], 5);
    respond(
        &s,
        "POST",
        "/v3/inventory/10",
        ResponseTemplate::new(201).set_body_json(&echoed),
    )
    .await;

    let created = retrying_client(&s.uri())
        .create_listing(DealerId(10), &car_listing())
        .await
        .unwrap();
    assert_eq!(created.id, ListingId(777));
    assert_eq!(created.color, Some(IdOrRef::Id(5)));
    assert_eq!(created.color.as_ref().unwrap().id(), 5);
    assert_eq!(created.color.as_ref().unwrap().name(), None);
    assert_eq!(created.make.as_ref().map(IdOrRef::id), Some(1));
    assert_eq!(created.model.as_ref().map(IdOrRef::id), Some(10));
    assert_eq!(created.fuel.as_ref().map(IdOrRef::id), Some(1));
    // Re-encoded in the shape it was read.
    let back = serde_json::to_value(&created).unwrap();
    assert_eq!(back["color"], 5);
    assert_eq!(back["features"], json!([1, 5, 12, 25]));
}

#[tokio::test]
async fn color_still_reads_the_documented_object_shape() {
    let listing: Listing =
        serde_json::from_value(json!({"id": 1, "color": {"id": 5, "name": "Branco"}})).unwrap();
    let color = listing.color.unwrap();
    assert_eq!((color.id(), color.name()), (5, Some("Branco")));
    assert!(color.as_named().is_some());
    let err = serde_json::from_value::<Listing>(json!({"id": 1, "color": "Branco"})).unwrap_err();
    assert!(err.to_string().contains("integer id"), "{err}");
}
