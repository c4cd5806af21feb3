//! What an error never shows: the query of the URL (a plate, an e-mail
//! address), the body of a response that carries secrets, a whole body of
//! megabytes, a base URL's query or credentials; and what it keeps: the
//! part of an error body that arrived before the connection broke.

use std::time::Duration;

use autoclient_common::{
    Auth, ClientConfig, ErrorKind, HttpClient, Request, RetryPolicy, parse_base_url,
};
use serde_json::Value;
use testkit::{RawFault, RawServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn client(url: &str, config: ClientConfig) -> HttpClient {
    HttpClient::new(
        parse_base_url(url).expect("base url"),
        Auth::bearer("secret-token"),
        "privacy-tests/0",
        config.with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(1))),
    )
    .expect("client")
}

/// A loopback server that answers each connection with `response` (then,
/// if `close` is false, keeps it open without sending more for a while).
async fn canned(response: &'static [u8], close: bool) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = sock.read(&mut buf).await;
                let _ = sock.write_all(response).await;
                let _ = sock.flush().await;
                if !close {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_transport_failure_shows_the_path_but_never_the_query() {
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}", l.local_addr().expect("addr"))
    };
    let c = client(&closed, ClientConfig::default());
    let e = c
        .send_json::<Value, Value>(
            Request::get("v1/stock")
                .query("vrm", "AB12CDE")
                .query("search", "sarah@example.com"),
        )
        .await
        .expect_err("refused");
    assert_eq!(e.kind(), ErrorKind::Connection);
    let printed = format!("{e}\n{e:?}");
    assert!(printed.contains("GET /v1/stock"), "{printed}");
    for leak in ["AB12CDE", "sarah", "vrm=", "?"] {
        assert!(!printed.contains(leak), "{leak} in {printed}");
    }
}

#[tokio::test]
async fn a_timed_out_attempt_never_shows_the_query() {
    let url = canned(
        b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"a\"",
        false,
    )
    .await;
    let c = client(
        &url,
        ClientConfig::default().with_deadline(Duration::from_millis(300)),
    );
    let e = c
        .send_json::<Value, Value>(Request::get("customers").query("search", "sarah@example.com"))
        .await
        .expect_err("timed out");
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    let printed = format!("{e}\n{e:?}");
    assert!(!printed.contains("sarah"), "{printed}");
}

#[tokio::test]
async fn an_error_status_of_a_secret_request_keeps_no_body() {
    let echo =
        br#"{"error":"invalid_grant","echo":"client_secret=s3cr3t&code=c0de&access_token=t0ken"}"#;
    for status in [400, 500] {
        let server = RawServer::start(RawFault::Respond {
            status,
            content_type: "application/json",
            body: echo.to_vec(),
        })
        .await
        .expect("server");
        let c = client(&server.url(), ClientConfig::default());
        let e = c
            .send_json::<Value, Value>(
                Request::post("oauth/token")
                    .json(&serde_json::json!({"code": "c0de"}))
                    .secret_response(true),
            )
            .await
            .expect_err("error status");
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status));
        assert!(e.body().is_none_or(<[u8]>::is_empty), "{status}");
        assert!(e.api_error().is_none(), "{status}");
        let printed = format!("{e}\n{e:?}");
        for leak in ["s3cr3t", "c0de", "t0ken"] {
            assert!(!printed.contains(leak), "{status}: {leak} in {printed}");
        }
        assert!(printed.contains("not kept"), "{printed}");
        // The error code is no secret: it is named.
        assert!(e.to_string().contains("error code `invalid_grant`"), "{e}");
    }
}

#[tokio::test]
async fn a_secret_request_names_an_error_code_only_when_it_is_a_plain_token() {
    for (body, shown) in [
        (
            &br#"{"error":{"code":"invalid_client","message":"client_secret=s3cr3t"}}"#[..],
            Some("invalid_client"),
        ),
        (br#"{"error":"client_secret=s3cr3t"}"#, None),
        (br#"{"error":"s3cr3t s3cr3t"}"#, None),
        (b"<html>s3cr3t</html>", None),
    ] {
        let server = RawServer::start(RawFault::Respond {
            status: 401,
            content_type: "application/json",
            body: body.to_vec(),
        })
        .await
        .expect("server");
        let c = client(&server.url(), ClientConfig::default());
        let e = c
            .send_json::<Value, Value>(Request::post("oauth/token").secret_response(true))
            .await
            .expect_err("401");
        let line = e.to_string();
        assert!(!format!("{line}{e:?}").contains("s3cr3t"), "{line}");
        match shown {
            Some(code) => assert!(line.contains(&format!("error code `{code}`")), "{line}"),
            None => assert!(!line.contains("error code"), "{line}"),
        }
    }
}

#[tokio::test]
async fn an_error_status_of_another_request_keeps_its_body() {
    let server = RawServer::start(RawFault::Respond {
        status: 400,
        content_type: "application/json",
        body: br#"{"message":"vin is required"}"#.to_vec(),
    })
    .await
    .expect("server");
    let c = client(&server.url(), ClientConfig::default());
    let e = c
        .send_json::<Value, Value>(Request::post("vehicles").json(&serde_json::json!({})))
        .await
        .expect_err("400");
    assert_eq!(e.body(), Some(&br#"{"message":"vin is required"}"#[..]));
    assert!(e.to_string().contains("vin is required"), "{e}");
}

#[tokio::test]
async fn a_large_body_that_does_not_decode_shows_only_an_excerpt() {
    // 5 MB of personal data, then the value that does not decode.
    let mut body = String::from("[");
    while body.len() < 5_000_000 {
        body.push_str("\"sarah.thompson@example.com +1-555-0100\",");
    }
    body.push_str("42, \"END\"]");
    let len = body.len();
    let server = RawServer::start(RawFault::Respond {
        status: 200,
        content_type: "application/json",
        body: body.into_bytes(),
    })
    .await
    .expect("server");
    let c = client(&server.url(), ClientConfig::default());
    let e = c
        .send_json::<Vec<String>, Value>(Request::get("customers"))
        .await
        .expect_err("does not decode");
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert_eq!(
        e.body().map(<[u8]>::len),
        Some(len),
        "the whole body stays reachable"
    );
    let debug = format!("{e:?}");
    assert!(debug.len() < 2_000, "Debug is {} bytes", debug.len());
    let excerpt = e.body_excerpt().expect("an excerpt");
    assert!(excerpt.chars().count() <= 514, "{}", excerpt.len());
    // Around the failing value, not the start of the body.
    assert!(excerpt.contains("42, \"END\"]"), "{excerpt}");
    assert!(excerpt.starts_with('…'), "{excerpt}");
    assert!(debug.contains("42, \\\"END\\\"]"), "{debug}");
    assert!(e.to_string().len() < 300, "{e}");
}

#[tokio::test]
async fn an_error_body_cut_short_by_the_connection_is_kept() {
    let url = canned(
        b"HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: 200\r\nconnection: close\r\n\r\n<html><title>upstream down</title>",
        true,
    )
    .await;
    let c = client(
        &url,
        ClientConfig::default().with_retry(RetryPolicy::none()),
    );
    let e = c
        .send_json::<Value, Value>(Request::get("stock"))
        .await
        .expect_err("502");
    assert_eq!(e.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(
        e.body(),
        Some(&b"<html><title>upstream down</title>"[..]),
        "{e:?}"
    );
    assert!(e.body_truncated());
    assert!(e.to_string().contains("upstream down"), "{e}");
}

#[test]
fn a_refused_base_url_never_shows_its_query_or_credentials() {
    for (raw, leaks) in [
        (
            "https://api.example.com/v1?api_key=SECRET1",
            &["SECRET1"][..],
        ),
        ("https://api.example.com/v1#SECRET2", &["SECRET2"]),
        (
            "https://user:SECRET3@api.example.com/v1",
            &["SECRET3", "user"],
        ),
        (
            "ftp://user:SECRET4@host/x?k=SECRET5",
            &["SECRET4", "SECRET5"],
        ),
        ("not a url?api_key=SECRET6", &["SECRET6"]),
        ("https://user:pa/SECRET7@api.example.com/v1", &["SECRET7"]),
        ("https://u:p?SECRET8@api.example.com/v1", &["SECRET8"]),
        ("https://u:p#SECRET9@api.example.com/v1", &["SECRET9"]),
        ("ftp://u:p@SECRET10@host/x", &["SECRET10"]),
    ] {
        let e = parse_base_url(raw).expect_err(raw);
        let printed = format!("{e}\n{e:?}");
        for leak in leaks {
            assert!(!printed.contains(leak), "{leak} in {printed}");
        }
        assert!(printed.contains("[REDACTED]"), "{printed}");
    }
    let e = parse_base_url("ftp://host/x\n?k=v").expect_err("ftp");
    assert!(!e.to_string().contains('\n'), "{e}");
}
