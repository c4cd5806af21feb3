//! A `next` link naming another host is followed behind the client's base
//! path, on the stream and on the single-page call.

use anuncios_client::*;
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::support::*;

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
