//! A server that invents new pages forever (a total it never reaches)
//! cannot keep a stream going: it stops at the client's page bound with
//! `ErrorKind::WalkLimit`.

use autosync_client::{Client, ClientConfig, CustomerQuery, ErrorKind, ShopId};
use futures_util::StreamExt;
use serde_json::json;
use testkit::{page_asked, serve_every_request};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// Every page links to the next; with `fresh`, its items are new, else
/// they are page 1's items under the page number asked for.
struct Endless {
    fresh: bool,
}

impl Respond for Endless {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let page = page_asked(req, "page");
        let first = if self.fresh { page * 10 } else { 10 };
        ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": [{"id": first}, {"id": first + 1}],
            "pagination": {"page": page, "per_page": 2, "total": u64::MAX},
        }))
    }
}

async fn server(fresh: bool) -> MockServer {
    serve_every_request(Endless { fresh }).await
}

fn client(s: &MockServer, config: ClientConfig) -> Client {
    Client::builder("sk_sandbox_test")
        .base_url(s.uri())
        .config(config)
        .without_rate_limit()
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_stream_stops_at_the_page_bound() {
    let s = server(true).await;
    let c = client(&s, ClientConfig::default().with_max_pages(25));
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
    assert_eq!(e.path(), Some("/shops/1/customers"));
    assert_eq!(s.received_requests().await.map_or(0, |r| r.len()), 25);
}

#[tokio::test]
async fn a_page_that_adds_no_new_items_ends_the_stream() {
    let s = server(false).await;
    let c = client(&s, ClientConfig::default());
    let results: Vec<_> = c
        .stream_customers(ShopId(1), CustomerQuery::new())
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    let e = results[2].as_ref().expect_err("an error last");
    assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
    assert!(e.to_string().contains("already returned"), "{e}");
    assert_eq!(s.received_requests().await.map_or(0, |r| r.len()), 2);
}

#[test]
fn the_default_page_bound_is_ten_thousand() {
    let c = Client::builder("sk_sandbox_test")
        .sandbox()
        .build()
        .expect("client");
    assert_eq!(c.http().config().walk_limits().max_pages(), 10_000);
}
