//! Where a search stream ends when the paginator is incomplete or missing:
//! `lastPage` wins, then the total and the page size, then a short page; a
//! server repeating a page is an error, not a loop.

use dealerauction_client::models::*;
use dealerauction_client::{DEFAULT_PAGE_SIZE, ErrorKind, StockId};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use testkit::mount_catch_all;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::client_without_retries as client;

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
