//! Regression tests: numbers where the schema says string, where a search
//! stream ends when the paginator is incomplete, and the int32 sale price.

use autoclient_common::wire::LooseString;
use dealerauction_client::models::*;
use dealerauction_client::{Client, DEFAULT_PAGE_SIZE, ErrorKind, RetryPolicy};
use dealerauction_client::{Decimal, ListingId, StockId};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use testkit::mount_catch_all;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LISTING_ID: &str = "cf17d47a-3ba5-452d-a18f-f03225aa6c27";

fn client(s: &MockServer) -> Client {
    Client::builder("username", "password")
        .base_url(s.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

// ---- 1. numbers where the schema says string -------------------------------

#[test]
fn integers_are_kept_exactly_and_fractions_as_their_shortest_f64_text() {
    let read = |json: &str| serde_json::from_str::<LooseString>(json).unwrap();
    assert_eq!(read("202304198054016").as_str(), "202304198054016");
    assert_eq!(
        read("18446744073709551615").as_str(),
        "18446744073709551615"
    );
    assert_eq!(
        read("-9223372036854775808").as_str(),
        "-9223372036854775808"
    );
    assert_eq!(read("\"2.0\"").as_str(), "2.0");
    // Documented behaviour: a fractional number passes through f64.
    assert_eq!(read("2.0").as_str(), "2");
    assert_eq!(read("1.50").as_str(), "1.5");
    assert_eq!(read("1e3").as_str(), "1000");
    // Beyond the 64-bit range an integer is an f64 too: digits are lost.
    let big = read("123456789012345678901234");
    assert_ne!(big.as_str(), "123456789012345678901234");
    assert!(big.as_str().starts_with("1234567890123456") && big.as_str().len() == 24);

    let summary: StockSummary = serde_json::from_value(
        json!({"id": "s1", "customerId": 2.0, "publicReference": 202304198054016_u64}),
    )
    .unwrap();
    assert_eq!(summary.customer_id.as_ref().unwrap().as_str(), "2");
    let back = serde_json::to_value(&summary).unwrap();
    assert_eq!(back["customerId"], "2");
    assert_eq!(back["publicReference"], "202304198054016");
}

// ---- 2. where a search stream ends ------------------------------------------

fn items(ids: &[u32]) -> Vec<Value> {
    ids.iter().map(|i| json!({"id": format!("s{i}")})).collect()
}

/// Mounts `pages[n]` (items and paginator) as page `n + 1`.
async fn search_server(pages: Vec<(Vec<Value>, Option<Value>)>) -> MockServer {
    let s = MockServer::start().await;
    for (n, (items, paginator)) in pages.into_iter().enumerate() {
        let mut body = json!({"stockItems": items});
        if let Some(p) = paginator {
            body["paginator"] = p;
        }
        Mock::given(method("GET"))
            .and(path("/v1/stock"))
            .and(query_param("pageNumber", (n + 1).to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&s)
            .await;
    }
    mount_catch_all(&s).await;
    s
}

async fn stream_ids(s: &MockServer, query: StockSearch) -> Vec<StockId> {
    client(s)
        .search_stock_stream(query)
        .try_collect::<Vec<_>>()
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.id)
        .collect()
}

async fn pages_asked(s: &MockServer) -> Vec<String> {
    s.received_requests()
        .await
        .unwrap()
        .iter()
        .filter_map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "pageNumber")
                .map(|(_, v)| v.into_owned())
        })
        .collect()
}

#[tokio::test]
async fn without_last_page_the_total_and_page_size_give_the_last_page() {
    let p = |n: u32| Some(json!({"currentPage": n, "resultsPerPage": 2, "totalResults": 5}));
    let s = search_server(vec![
        (items(&[1, 2]), p(1)),
        (items(&[3, 4]), p(2)),
        (items(&[5]), p(3)),
    ])
    .await;
    let ids = stream_ids(&s, StockSearch::new().customer_id("123456").page_size(2)).await;
    assert_eq!(ids, ["s1", "s2", "s3", "s4", "s5"]);
    assert_eq!(pages_asked(&s).await, ["1", "2", "3"]);
}

#[tokio::test]
async fn without_results_per_page_the_size_asked_divides_the_total() {
    // The total is a multiple of the page size: no fourth request.
    let p = || Some(json!({"totalResults": 6}));
    let s = search_server(vec![
        (items(&[1, 2]), p()),
        (items(&[3, 4]), p()),
        (items(&[5, 6]), p()),
    ])
    .await;
    let ids = stream_ids(&s, StockSearch::new().vrm("AB17ABC").page_size(2)).await;
    assert_eq!(ids.len(), 6);
    assert_eq!(pages_asked(&s).await, ["1", "2", "3"]);
}

#[tokio::test]
async fn without_any_paginator_a_full_page_asks_for_the_next() {
    let s = search_server(vec![
        (items(&[1, 2]), None),
        (items(&[3, 4]), Some(json!({}))),
        (items(&[5]), None),
    ])
    .await;
    let ids = stream_ids(&s, StockSearch::new().customer_id("123456").page_size(2)).await;
    assert_eq!(ids, ["s1", "s2", "s3", "s4", "s5"]);
    // The short third page ends the search.
    assert_eq!(pages_asked(&s).await, ["1", "2", "3"]);
}

#[tokio::test]
async fn a_full_last_page_without_paginator_ends_on_the_empty_page() {
    let s = search_server(vec![
        (items(&[1, 2]), None),
        (items(&[3, 4]), None),
        (Vec::new(), None),
    ])
    .await;
    let ids = stream_ids(&s, StockSearch::new().customer_id("123456").page_size(2)).await;
    assert_eq!(ids.len(), 4);
    assert_eq!(pages_asked(&s).await, ["1", "2", "3"]);
}

#[tokio::test]
async fn without_a_page_size_the_documented_default_tells_a_full_page() {
    let full: Vec<u32> = (1..=DEFAULT_PAGE_SIZE).collect();
    let s = search_server(vec![(items(&full), None), (items(&[101]), None)]).await;
    let ids = stream_ids(&s, StockSearch::new().customer_id("123456")).await;
    assert_eq!(ids.len(), 101);
    assert_eq!(pages_asked(&s).await, ["1", "2"]);
}

#[tokio::test]
async fn last_page_still_wins_when_present() {
    let s = search_server(vec![
        (
            items(&[1]),
            Some(json!({"currentPage": 1, "lastPage": 2, "resultsPerPage": 10})),
        ),
        (items(&[2]), Some(json!({"currentPage": 2, "lastPage": 2}))),
    ])
    .await;
    let ids = stream_ids(&s, StockSearch::new().customer_id("123456")).await;
    assert_eq!(ids, ["s1", "s2"]);
    assert_eq!(pages_asked(&s).await, ["1", "2"]);
}

#[tokio::test]
async fn a_server_repeating_a_page_is_an_error_not_a_loop() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/stock"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"stockItems": items(&[1, 2])})),
        )
        .mount(&s)
        .await;
    let got: Vec<_> = client(&s)
        .search_stock_stream(StockSearch::new().customer_id("123456").page_size(2))
        .collect()
        .await;
    assert_eq!(got.iter().filter(|r| r.is_ok()).count(), 2);
    assert_eq!(
        got.last().unwrap().as_ref().unwrap_err().kind(),
        ErrorKind::Decode
    );
}

// ---- 3. the int32 sale price (a Decimal of whole pounds) -----------------------------------------------------

#[tokio::test]
async fn a_sale_price_outside_int32_or_zero_is_refused_before_sending() {
    let s = MockServer::start().await;
    mount_catch_all(&s).await;
    let c = client(&s);
    for price in [
        Decimal::ZERO,
        Decimal::from(-5),
        Decimal::from(i32::MAX) + Decimal::ONE,
        Decimal::from(u32::MAX),
        Decimal::new(245_050, 2),
        Decimal::new(1, 3),
    ] {
        let err = c
            .mark_as_sold(&ListingId::new(LISTING_ID), price)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{price}");
        assert_eq!(err.violations()[0].field, "salePrice");
        assert_eq!(err.status(), None);
    }
    assert!(s.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_largest_int32_sale_price_is_sent() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/listings/{LISTING_ID}/mark-as-sold")))
        .and(wiremock::matchers::body_json(
            json!({"salePrice": 2_147_483_647}),
        ))
        .respond_with(ResponseTemplate::new(500))
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let err = client(&s)
        .mark_as_sold(&ListingId::new(LISTING_ID), Decimal::from(i32::MAX))
        .await
        .unwrap_err();
    // Sent (and the 500 after sending is an unknown outcome, as for any sale).
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(s.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_whole_sale_price_with_a_scale_is_sent_as_an_integer() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/listings/{LISTING_ID}/mark-as-sold")))
        .and(wiremock::matchers::body_string(r#"{"salePrice":2450}"#))
        .respond_with(ResponseTemplate::new(500))
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let err = client(&s)
        .mark_as_sold(&ListingId::new(LISTING_ID), Decimal::new(245_000, 2))
        .await
        .unwrap_err();
    // Matched the exact body (a request reaching the catch-all fails the test).
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err}");
}
