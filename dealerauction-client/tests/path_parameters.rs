//! A stock or listing id never changes which path is requested: `.`, `..`
//! and ids holding control characters are refused before sending, naming the
//! parameter; every other id is percent-encoded into one path segment.

use dealerauction_client::models::StockPatch;
use dealerauction_client::{Client, Error, ErrorKind, ListingId, RetryPolicy, StockId};
use futures_util::future::BoxFuture;
use rust_decimal::Decimal;
use testkit::{RawFault, RawServer};

fn client(url: &str) -> Client {
    Client::builder("username", "password")
        .base_url(url)
        .retry(RetryPolicy::none())
        .build()
        .expect("client")
}

type Call = fn(&Client, &str) -> BoxFuture<'static, Result<(), Error>>;

/// Every call that puts a caller's id into the path, with the parameter's
/// name and the path it must reach (`{}` is the encoded id).
fn calls() -> Vec<(&'static str, &'static str, &'static str, Call)> {
    vec![
        ("get_stock", "stock_id", "GET /v1/stock/{}", |c, id| {
            let f = c.get_stock(&StockId::new(id));
            Box::pin(async move { f.await.map(drop) })
        }),
        ("update_stock", "stock_id", "PATCH /v1/stock/{}", |c, id| {
            let patch = StockPatch::new().asking_price(Decimal::new(149_950, 2));
            let f = c.update_stock(&StockId::new(id), &patch);
            Box::pin(async move { f.await.map(drop) })
        }),
        (
            "get_listing",
            "listing_id",
            "GET /v1/listings/{}",
            |c, id| {
                let f = c.get_listing(&ListingId::new(id));
                Box::pin(async move { f.await.map(drop) })
            },
        ),
        (
            "mark_as_sold",
            "listing_id",
            "POST /v1/listings/{}/mark-as-sold",
            |c, id| {
                let f = c.mark_as_sold(&ListingId::new(id), Decimal::from(5000));
                Box::pin(async move { f.await.map(drop) })
            },
        ),
        (
            "mark_as_not_sold",
            "listing_id",
            "POST /v1/listings/{}/mark-as-not-sold",
            |c, id| {
                let f = c.mark_as_not_sold(&ListingId::new(id));
                Box::pin(async move { f.await.map(drop) })
            },
        ),
    ]
}

async fn server() -> RawServer {
    RawServer::start(RawFault::Respond {
        status: 404,
        content_type: "application/json",
        body: b"{}".to_vec(),
    })
    .await
    .expect("server")
}

#[tokio::test]
async fn ids_that_would_change_the_path_are_refused_before_sending() {
    let server = server().await;
    let c = client(&server.url());
    for (call, param, _, make) in calls() {
        for id in [".", "..", "a\tb", "a\rb", "a\nb", "ab\r\n", "\u{0}"] {
            let e = make(&c, id).await.expect_err("refused");
            assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{call}({id:?}): {e}");
            assert_eq!(e.attempts(), 0, "{call}({id:?})");
            let line = e.to_string();
            assert!(line.contains(&format!("`{param}`")), "{call}: {line}");
            assert!(!line.contains(['\r', '\n', '\t']), "{call}: {line:?}");
        }
    }
    assert_eq!(server.hits(), 0, "{:?}", server.requests());
}

#[tokio::test]
async fn every_other_id_reaches_its_own_path_encoded() {
    let server = server().await;
    let c = client(&server.url());
    let ids = [
        ("a/b", "a%2Fb"),
        ("%2e%2e", "%252e%252e"),
        ("../x", "..%2Fx"),
        ("ünï ✓", "%C3%BCn%C3%AF%20%E2%9C%93"),
        ("cf17d47a-3ba5", "cf17d47a-3ba5"),
    ];
    let mut want = Vec::new();
    for (call, _, target, make) in calls() {
        for (id, encoded) in ids {
            let e = make(&c, id).await.expect_err("404");
            assert_eq!(e.kind(), ErrorKind::NotFound, "{call}({id:?}): {e}");
            want.push(target.replace("{}", encoded));
        }
    }
    let sent: Vec<String> = server
        .requests()
        .into_iter()
        .map(|r| format!("{} {}", r.method, r.target))
        .collect();
    assert_eq!(sent, want);
}
