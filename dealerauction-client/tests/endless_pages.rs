//! A server whose paginator always reports another page cannot keep a stock
//! search going: the stream stops at the client's page bound with
//! `ErrorKind::WalkLimit`.

use autoclient_common::mock::page_asked;
use dealerauction_client::models::StockSearch;
use dealerauction_client::{Client, ClientConfig, ErrorKind};
use futures_util::StreamExt;
use serde_json::json;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

struct Endless;

impl Respond for Endless {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let page = page_asked(req, "pageNumber");
        ResponseTemplate::new(200).set_body_json(json!({
            "stockItems": [{"id": format!("s{page}")}],
            "paginator": {"currentPage": page, "resultsPerPage": 1, "lastPage": u32::MAX},
        }))
    }
}

#[tokio::test]
async fn a_search_stream_stops_at_the_page_bound() {
    let s = MockServer::start().await;
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(Endless)
        .mount(&s)
        .await;
    let c = Client::builder("username", "password")
        .base_url(s.uri())
        .config(ClientConfig::default().with_max_pages(30))
        .build()
        .expect("client");
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
    assert_eq!(s.received_requests().await.map_or(0, |r| r.len()), 30);
}
