//! A server whose paginator always reports another page cannot keep a stock
//! search going: the stream stops at the client's page bound with
//! `ErrorKind::WalkLimit`.

use dealerauction_client::models::StockSearch;
use dealerauction_client::{Client, ClientConfig, ErrorKind};
use futures_util::StreamExt;
use serde_json::json;
use testkit::{page_asked, serve_every_request};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// Every page reports another; with `fresh`, its item is new, else it is
/// page 1's item under the page number asked for.
struct Endless {
    fresh: bool,
}

impl Respond for Endless {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let page = page_asked(req, "pageNumber");
        let item = if self.fresh { page } else { 1 };
        ResponseTemplate::new(200).set_body_json(json!({
            "stockItems": [{"id": format!("s{item}")}],
            "paginator": {"currentPage": page, "resultsPerPage": 1, "lastPage": u32::MAX},
        }))
    }
}

async fn server(fresh: bool) -> MockServer {
    serve_every_request(Endless { fresh }).await
}

fn client(s: &MockServer, config: ClientConfig) -> Client {
    Client::builder("username", "password")
        .base_url(s.uri())
        .config(config)
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_search_stream_stops_at_the_page_bound() {
    let s = server(true).await;
    let c = client(&s, ClientConfig::default().with_max_pages(30));
    let results: Vec<_> = c
        .search_stock_stream(StockSearch::new().customer_id("123456").page_size(1))
        .collect()
        .await;
    assert_eq!(results.len(), 31);
    let e = results
        .last()
        .and_then(|r| r.as_ref().err())
        .expect("an error last");
    assert_eq!(e.kind(), ErrorKind::WalkLimit, "{e}");
    assert!(e.to_string().contains("after 30 pages"), "{e}");
    assert!(e.to_string().starts_with("GET /v1/stock: "), "{e}");
    assert_eq!(s.received_requests().await.map_or(0, |r| r.len()), 30);
}

#[tokio::test]
async fn a_page_that_adds_no_new_items_ends_the_stream() {
    let s = server(false).await;
    let c = client(&s, ClientConfig::default());
    let results: Vec<_> = c
        .search_stock_stream(StockSearch::new().customer_id("123456").page_size(1))
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    let e = results[1].as_ref().expect_err("an error last");
    assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
    assert!(e.to_string().contains("already returned"), "{e}");
    assert_eq!(s.received_requests().await.map_or(0, |r| r.len()), 2);
}
