//! A server that invents new pages forever (a total it never reaches)
//! cannot keep a stream going: it stops at the client's page bound with
//! `ErrorKind::WalkLimit`.

use autoclient_common::mock::page_asked;
use autosync_client::{Client, ClientConfig, CustomerQuery, ErrorKind, ShopId};
use futures_util::StreamExt;
use serde_json::json;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

struct Endless;

impl Respond for Endless {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let page = page_asked(req, "page");
        ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": [{"id": page * 10}, {"id": page * 10 + 1}],
            "pagination": {"page": page, "per_page": 2, "total": u64::MAX},
        }))
    }
}

#[tokio::test]
async fn a_stream_stops_at_the_page_bound() {
    let s = MockServer::start().await;
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(Endless)
        .mount(&s)
        .await;
    let c = Client::builder("sk_sandbox_test")
        .base_url(s.uri())
        .config(ClientConfig::default().with_max_pages(25))
        .without_rate_limit()
        .build()
        .expect("client");
    let results: Vec<_> = c
        .stream_customers(ShopId(1), CustomerQuery::new())
        .collect()
        .await;
    assert_eq!(results.len(), 25 * 2 + 1);
    let e = results
        .last()
        .and_then(|r| r.as_ref().err())
        .expect("an error last");
    assert_eq!(e.kind(), ErrorKind::WalkLimit, "{e}");
    assert!(e.to_string().contains("after 25 pages"), "{e}");
    assert_eq!(s.received_requests().await.map_or(0, |r| r.len()), 25);
}

#[test]
fn the_default_page_bound_is_ten_thousand() {
    let c = Client::builder("sk_sandbox_test")
        .sandbox()
        .build()
        .expect("client");
    assert_eq!(c.http().config().walk_limits().max_pages(), 10_000);
}
