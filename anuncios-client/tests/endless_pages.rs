//! A server whose `next` links never end cannot keep a walk going: streams
//! stop at the client's page bound, and the loose catalog lists (collected
//! into memory) at the page bound and at the item bound, each with
//! `ErrorKind::WalkLimit`.

use anuncios_client::{Auth, Client, ClientConfig, ErrorKind, ModelId, VersionQuery};
use futures_util::TryStreamExt;
use serde_json::json;
use testkit::page_asked;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Every page holds `per_page` new items and links to the next one.
struct Endless {
    base: String,
    per_page: u64,
    /// Whether each page's items are new (else page 1's, under the page asked).
    fresh: bool,
}

impl Respond for Endless {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let page = page_asked(req, "page");
        let items_of = if self.fresh { page } else { 1 };
        let results: Vec<_> = (0..self.per_page)
            .map(|i| json!({"id": items_of * 1000 + i, "name": format!("item {items_of}/{i}")}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "count": u64::MAX,
            "next": format!("{}{}?page={}", self.base, req.url.path(), page + 1),
            "previous": null,
            "results": results,
        }))
    }
}

async fn endless(per_page: u64) -> MockServer {
    serve(per_page, true).await
}

async fn serve(per_page: u64, fresh: bool) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(Endless {
            base: s.uri(),
            per_page,
            fresh,
        })
        .mount(&s)
        .await;
    s
}

fn client(s: &MockServer, config: ClientConfig) -> Client {
    Client::builder(Auth::bearer("token"))
        .base_url(s.uri())
        .config(config)
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_loose_list_stops_at_the_page_bound() {
    let s = endless(2).await;
    let c = client(&s, ClientConfig::default().with_max_pages(30));
    let e = c.categories().await.expect_err("endless");
    assert_eq!(e.kind(), ErrorKind::WalkLimit, "{e}");
    assert!(e.to_string().contains("after 30 pages"), "{e}");
    assert!(e.to_string().starts_with("GET /v3/catalog/category"), "{e}");
    assert_eq!(s.received_requests().await.map_or(0, |r| r.len()), 30);
}

#[tokio::test]
async fn a_loose_list_stops_at_the_item_bound() {
    let s = endless(50).await;
    let c = client(&s, ClientConfig::default().with_max_collected_items(120));
    let e = c.armor_types().await.expect_err("endless");
    assert_eq!(e.kind(), ErrorKind::WalkLimit, "{e}");
    assert!(e.to_string().contains("is 120"), "{e}");
    // 50 items a page: the third page passes the bound.
    assert_eq!(s.received_requests().await.map_or(0, |r| r.len()), 3);
}

#[tokio::test]
async fn a_stream_stops_at_the_page_bound() {
    let s = endless(3).await;
    let c = client(&s, ClientConfig::default().with_max_pages(40));
    let results: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(
        c.versions_stream(ModelId(1), &VersionQuery::new()),
    )
    .await;
    assert_eq!(results.len(), 40 * 3 + 1);
    let e = results
        .last()
        .and_then(|r| r.as_ref().err())
        .expect("an error last");
    assert_eq!(e.kind(), ErrorKind::WalkLimit, "{e}");
    assert_eq!(s.received_requests().await.map_or(0, |r| r.len()), 40);
    // try_collect sees the same error.
    let e = c
        .versions_stream(ModelId(1), &VersionQuery::new())
        .try_collect::<Vec<_>>()
        .await
        .expect_err("endless");
    assert_eq!(e.kind(), ErrorKind::WalkLimit);
}

#[tokio::test]
async fn a_page_that_adds_no_new_items_ends_the_walk() {
    let s = serve(2, false).await;
    let c = client(&s, ClientConfig::default());
    let e = c.categories().await.expect_err("repeating");
    assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
    assert!(e.to_string().contains("already returned"), "{e}");
    assert_eq!(s.received_requests().await.map_or(0, |r| r.len()), 2);
    let e = c
        .versions_stream(ModelId(1), &VersionQuery::new())
        .try_collect::<Vec<_>>()
        .await
        .expect_err("repeating");
    assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
}

#[test]
fn the_default_bounds_are_documented_ones() {
    let limits = ClientConfig::default().collect_limits();
    assert_eq!(limits.max_pages(), 10_000);
    assert_eq!(limits.max_items(), Some(100_000));
    assert_eq!(ClientConfig::default().walk_limits().max_items(), None);
}
