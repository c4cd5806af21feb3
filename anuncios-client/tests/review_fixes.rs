//! Regression tests: a 201 echoing the write shape, retry safety of deletes
//! and of full updates carrying photos, decode errors that keep the
//! response, patch values that do not serialize, next links behind a base
//! path.

use crate::support;

use std::collections::BTreeMap;
use std::time::Duration;

use anuncios_client::models::IdOrRef;
use anuncios_client::*;
use futures_util::TryStreamExt;
use serde_json::{Map, Value, json};
use support::*;
use testkit::mount_catch_all;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "header.payload.signature";

async fn server() -> MockServer {
    let s = MockServer::start().await;
    mount_catch_all(&s).await;
    s
}

/// Retries allowed (with tiny waits), so a request that is not retried shows.
fn retrying_client(base: &str) -> Client {
    Client::builder(Auth::bearer(TOKEN))
        .base_url(base)
        .retry(
            RetryPolicy::default()
                .with_max_retries(2)
                .with_base_delay(Duration::from_millis(1)),
        )
        .build()
        .unwrap()
}

async fn respond(s: &MockServer, m: &str, p: &str, resp: ResponseTemplate) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(resp)
        .mount(s)
        .await;
}

async fn requests_to(s: &MockServer, p: &str) -> usize {
    s.received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == p)
        .count()
}

// ---- 1. the 201 of a create in the write shape ------------------------------

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

// ---- 2. retry safety ----------------------------------------------------------

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

// ---- 3. decode errors keep the response ---------------------------------------

#[tokio::test]
async fn an_update_answer_that_does_not_decode_keeps_status_body_and_path() {
    let s = server().await;
    respond(
        &s,
        "PATCH",
        "/v3/inventory/item/12345",
        ResponseTemplate::new(200)
            .insert_header("x-request-id", "req-9")
            .set_body_json(json!({"id": "not-a-number"})),
    )
    .await;
    let err = retrying_client(&s.uri())
        .patch_listing(ListingId(12345), &ListingPatch::new().price(Reais(80_000)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(err.request_id(), Some("req-9"));
    assert_eq!(err.decode_path(), Some("id"));
    assert!(err.body_text().unwrap().contains("not-a-number"));
}

#[tokio::test]
async fn an_empty_update_answer_is_none() {
    let s = server().await;
    respond(
        &s,
        "PATCH",
        "/v3/inventory/item/12345",
        ResponseTemplate::new(204),
    )
    .await;
    let got = retrying_client(&s.uri())
        .patch_listing(ListingId(12345), &ListingPatch::new().price(Reais(80_000)))
        .await
        .unwrap();
    assert_eq!(got, None);
}

#[tokio::test]
async fn a_loose_list_that_does_not_decode_keeps_status_body_and_path() {
    let s = server().await;
    respond(
        &s,
        "GET",
        "/v3/catalog/category",
        ResponseTemplate::new(200).set_body_json(json!([{"id": 1}, {"id": "x"}])),
    )
    .await;
    respond(
        &s,
        "GET",
        "/v3/catalog/armor-type",
        ResponseTemplate::new(200).set_body_json(json!("surprise")),
    )
    .await;
    let c = retrying_client(&s.uri());

    let err = c.categories().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert!(err.decode_path().unwrap().starts_with("[1]"), "{err:?}");
    assert!(err.body_text().unwrap().contains("\"x\""));
    assert_eq!(err.path(), Some("/v3/catalog/category"));

    let err = c.armor_types().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert!(err.body_text().unwrap().contains("surprise"));
    assert!(
        err.to_string().contains("a list, or a page of results"),
        "{err}"
    );
}

#[tokio::test]
async fn a_loose_list_still_reads_arrays_and_pages() {
    let s = server().await;
    respond(
        &s,
        "GET",
        "/v3/catalog/category",
        ResponseTemplate::new(200).set_body_json(json!({
            "count": 2,
            "next": format!("{}/v3/catalog/category?page=2", s.uri()),
            "results": [{"id": 1, "name": "Automóvel"}]
        })),
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/v3/catalog/category"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 2, "next": null, "results": [{"id": 2, "name": "Motocicleta"}]
        })))
        .with_priority(1)
        .mount(&s)
        .await;
    let all = retrying_client(&s.uri()).categories().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].name.as_deref(), Some("Motocicleta"));
}

// ---- 4. a patch value that does not serialize ----------------------------------

#[tokio::test]
async fn a_patch_value_that_does_not_serialize_is_refused_not_sent_as_null() {
    let s = server().await;
    let bad = BTreeMap::from([((1, 2), "a tuple is no JSON object key")]);
    let patch = ListingPatch::new().price(Reais(80_000)).set("extra", bad);
    assert!(!patch.members().contains_key("extra"));
    assert!(patch.serialize_error().unwrap().contains("extra"));
    assert!(serde_json::to_value(&patch).is_err());

    let err = retrying_client(&s.uri())
        .patch_listing(ListingId(12345), &patch)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(err.to_string().contains("extra"), "{err}");
    assert!(s.received_requests().await.unwrap().is_empty());
}

// ---- 5. next links behind a base path -------------------------------------------

#[tokio::test]
async fn a_next_link_naming_another_host_is_followed_behind_the_base_path() {
    let s = server().await;
    let page = |id: u64, next: Value| json!({"count": 3, "next": next, "previous": null, "results": [{"id": id}]});
    respond(
        &s,
        "GET",
        "/gw/v3/inventory/10",
        ResponseTemplate::new(200).set_body_json(page(
            1,
            json!("https://api.example.com/v3/inventory/10?page=2"),
        )),
    )
    .await;
    // A link on the gateway itself, already under the prefix: kept as is.
    let same_host = format!("{}/gw/v3/inventory/10?page=3", s.uri());
    Mock::given(method("GET"))
        .and(path("/gw/v3/inventory/10"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(2, json!(same_host))))
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/gw/v3/inventory/10"))
        .and(query_param("page", "3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(3, Value::Null)))
        .with_priority(1)
        .mount(&s)
        .await;

    let c = retrying_client(&format!("{}/gw", s.uri()));
    let all: Vec<Listing> = c
        .inventory_stream(DealerId(10), &InventoryQuery::new())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|l| l.id).collect();
    assert_eq!(ids, [ListingId(1), ListingId(2), ListingId(3)]);

    let seen: Vec<String> = s
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| format!("{}?{}", r.url.path(), r.url.query().unwrap_or("")))
        .collect();
    assert_eq!(
        seen,
        [
            "/gw/v3/inventory/10?",
            "/gw/v3/inventory/10?page=2",
            "/gw/v3/inventory/10?page=3"
        ]
    );

    // The single-page call does the same.
    let p = c
        .inventory_page("https://api.example.com/v3/inventory/10?page=2")
        .await
        .unwrap();
    assert_eq!(p.results[0].id, ListingId(2));
}
