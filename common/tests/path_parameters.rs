//! Values put into a request's path (ids, plates) never change which path is
//! requested: `.`, `..`, empty values and control characters are refused
//! before sending, naming the parameter; everything else is percent-encoded
//! and arrives byte for byte as one segment.

use autoclient_common::{Auth, ClientConfig, ErrorKind, HttpClient, Request};
use serde_json::Value;
use testkit::{RawFault, RawServer};

fn client(url: &str) -> HttpClient {
    HttpClient::new(
        autoclient_common::parse_base_url(url).expect("base url"),
        Auth::bearer("secret-token"),
        "path-tests/0",
        ClientConfig::default(),
    )
    .expect("client")
}

async fn ok_server() -> RawServer {
    RawServer::start(RawFault::Respond {
        status: 200,
        content_type: "application/json",
        body: b"{}".to_vec(),
    })
    .await
    .expect("server")
}

/// The values that would address another path, or be altered in the URL.
const REFUSED: [&str; 9] = [
    ".", "..", "", "a\tb", "a\rb", "a\nb", "\0", "a\u{7f}b", "\u{85}",
];

#[tokio::test]
async fn values_that_would_change_the_path_are_refused_before_sending() {
    let server = ok_server().await;
    let c = client(&format!("{}/v1", server.url()));
    for value in REFUSED {
        for req in [
            Request::get("stock").segment("stock_id", value),
            Request::patch("stock")
                .segment("stock_id", value)
                .json(&serde_json::json!({})),
            Request::post("listings")
                .segment("stock_id", value)
                .path("mark-as-sold"),
        ] {
            let e = c.send_json::<Value, Value>(req).await.expect_err("refused");
            assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{value:?}: {e}");
            assert_eq!(e.attempts(), 0, "{value:?}");
            let line = e.to_string();
            assert!(line.contains("`stock_id`"), "{value:?}: {line}");
            assert!(!line.contains(['\r', '\n', '\t']), "{value:?}: {line:?}");
        }
    }
    assert_eq!(server.hits(), 0, "a refused request reached the server");
}

#[tokio::test]
async fn the_first_refused_parameter_is_named() {
    let req = Request::get("shops")
        .segment("shop", "1")
        .path("customers")
        .segment("customer", "..")
        .segment("vehicle", "\n");
    let why = req.invalid_reason().expect("refused");
    assert!(why.contains("`customer`"), "{why}");
    assert!(!why.contains("`vehicle`"), "{why}");
}

#[tokio::test]
async fn every_other_value_is_one_encoded_segment() {
    let server = ok_server().await;
    let c = client(&format!("{}/v1", server.url()));
    let cases = [
        ("a/b", "/v1/stock/a%2Fb"),
        ("%2e%2e", "/v1/stock/%252e%252e"),
        ("%2E", "/v1/stock/%252E"),
        ("...", "/v1/stock/..."),
        (".a", "/v1/stock/.a"),
        ("a b?c#d", "/v1/stock/a%20b%3Fc%23d"),
        ("São Paulo/ü", "/v1/stock/S%C3%A3o%20Paulo%2F%C3%BC"),
        ("\\..", "/v1/stock/%5C.."),
        (" ", "/v1/stock/%20"),
    ];
    for (value, _) in cases {
        c.send_json::<Value, Value>(Request::get("stock").segment("stock_id", value))
            .await
            .unwrap_or_else(|e| panic!("{value:?}: {e}"));
    }
    let sent: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    let want: Vec<&str> = cases.iter().map(|(_, t)| *t).collect();
    assert_eq!(sent, want);
}

#[tokio::test]
async fn an_error_shows_the_path_as_it_was_sent() {
    let server = RawServer::start(RawFault::Respond {
        status: 404,
        content_type: "application/json",
        body: b"{}".to_vec(),
    })
    .await
    .expect("server");
    let c = client(&format!("{}/v1", server.url()));
    let e = c
        .send_json::<Value, Value>(Request::get("stock").segment("stock_id", "a/b c"))
        .await
        .expect_err("404");
    assert_eq!(e.path(), Some("/stock/a%2Fb%20c"));
    assert!(
        e.to_string().starts_with("GET /stock/a%2Fb%20c: not found"),
        "{e}"
    );
}
