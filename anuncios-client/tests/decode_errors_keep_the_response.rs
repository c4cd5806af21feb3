//! An answer that does not decode keeps its status, body, request id, path
//! and the JSON path of the failure; an empty update answer is `None`; a
//! loose list still reads both its documented shapes.

use anuncios_client::*;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

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
