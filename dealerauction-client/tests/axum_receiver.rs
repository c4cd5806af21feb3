//! The axum receiver over real HTTP: a real axum server on a loopback port,
//! a real reqwest client. Each documented event reaches the handler typed,
//! an undocumented one is kept, the optional secret checks refuse what lacks
//! the secret, and oversized or malformed bodies are 413 and 400.

#![cfg(feature = "axum")]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dealerauction_client::axum::http::HeaderName;
use dealerauction_client::axum::{self, Router};
use dealerauction_client::models::WebhookEvent;
use dealerauction_client::webhook_receiver::WebhookReceiver;
use dealerauction_client::{Decimal, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const STARTED: &[u8] = include_bytes!("data/webhook-listing-started.json");
const PROVISIONAL: &[u8] = include_bytes!("data/webhook-listing-provisional.json");
const SOLD: &[u8] = include_bytes!("data/webhook-vehicle-sold.json");

const TOKEN: &str = "tok_3b1f9c0e6a5d4e2f8a7b";
const HEADER_SECRET: &str = "hdr-secret-never-shown-7781";

type Log = Arc<Mutex<Vec<WebhookEvent>>>;

/// Serves `receiver` at `route` with a handler that records each event;
/// returns the server's base URL and the log.
async fn server(receiver: WebhookReceiver, route: &str) -> (String, Log) {
    let log: Log = Arc::default();
    let seen = Arc::clone(&log);
    let app = Router::new().route(
        route,
        receiver.post(move |event: WebhookEvent| {
            let seen = Arc::clone(&seen);
            async move {
                seen.lock().unwrap().push(event);
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), log)
}

async fn post(url: &str, body: &[u8], header: Option<(&str, &str)>) -> (StatusCode, String) {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some((name, value)) = header {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn each_documented_event_reaches_the_handler_typed() {
    let (base, log) = server(WebhookReceiver::new(), "/webhooks/dealerauction").await;
    let url = format!("{base}/webhooks/dealerauction");
    for body in [STARTED, PROVISIONAL, SOLD] {
        let (status, text) = post(&url, body, None).await;
        assert_eq!(status, StatusCode::OK, "{text}");
    }
    let log = log.lock().unwrap();
    let WebhookEvent::ListingStarted(started) = &log[0] else {
        panic!("{:?}", log[0])
    };
    assert_eq!(started.auction.reserve_price, Some(Decimal::from(1000)));
    assert!(matches!(&log[1], WebhookEvent::ListingProvisional(_)));
    let WebhookEvent::VehicleSold(sold) = &log[2] else {
        panic!("{:?}", log[2])
    };
    assert_eq!(sold.sale_price.value, Decimal::from(1500));
    assert_eq!(sold.buyer_id.as_str(), "1000");
}

#[tokio::test]
async fn an_undocumented_event_is_kept() {
    let (base, log) = server(WebhookReceiver::new(), "/hook").await;
    let body = br#"{"type": "listing.cancelled", "eventId": "9", "reason": "withdrawn"}"#;
    let (status, _) = post(&format!("{base}/hook"), body, None).await;
    assert_eq!(status, StatusCode::OK);
    let log = log.lock().unwrap();
    let WebhookEvent::Other(kept) = &log[0] else {
        panic!("{:?}", log[0])
    };
    assert_eq!(kept["type"], "listing.cancelled");
    assert_eq!(kept["reason"], "withdrawn");
}

#[tokio::test]
async fn a_body_that_is_not_an_event_is_400() {
    let (base, log) = server(WebhookReceiver::new(), "/hook").await;
    let url = format!("{base}/hook");
    // Not JSON; and a documented event without its required fields.
    for body in [
        &b"{\"type\": \"vehicle.sold\","[..],
        br#"{"type": "vehicle.sold", "eventId": "1"}"#,
    ] {
        let (status, text) = post(&url, body, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(text, "webhook body is not a Dealer Auction event");
    }
    assert!(log.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let (base, log) = server(WebhookReceiver::new(), "/hook").await;
    let url = format!("{base}/hook");
    let mut big = SOLD.to_vec();
    big.resize(5 * 1024 * 1024, b' ');
    let (status, text) = post(&url, &big, None).await;
    assert_eq!(
        (status, text.as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "webhook body too large")
    );

    let (base, _) = server(WebhookReceiver::new().with_max_body(SOLD.len()), "/hook").await;
    let url = format!("{base}/hook");
    assert_eq!(post(&url, SOLD, None).await.0, StatusCode::OK);
    let mut one_more = SOLD.to_vec();
    one_more.push(b' ');
    assert_eq!(
        post(&url, &one_more, None).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert!(log.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_chunked_body_is_refused_at_the_limit_without_reading_it_all() {
    let (base, log) = server(WebhookReceiver::new(), "/hook").await;
    let addr: SocketAddr = base.trim_start_matches("http://").parse().unwrap();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /hook HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n",
        5 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![b' '; 64 * 1024];
    for _ in 0..18 {
        // 1.1 MiB of the 5 MiB chunk; the server may stop reading at 1 MiB.
        if stream.write_all(&chunk).await.is_err() {
            break;
        }
    }
    let mut answer = vec![0; 1024];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer))
        .await
        .expect("no answer while the body was still owed")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(log.lock().unwrap().is_empty());
}

#[tokio::test]
async fn with_a_path_token_another_path_is_404() {
    let receiver = WebhookReceiver::new().require_path_token(TOKEN);
    let (base, log) = server(receiver, "/webhooks/dealerauction/{token}").await;
    let (status, _) = post(
        &format!("{base}/webhooks/dealerauction/{TOKEN}"),
        SOLD,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for wrong in ["tok_guess", &TOKEN[..TOKEN.len() - 1], &format!("{TOKEN}x")] {
        let (status, text) = post(
            &format!("{base}/webhooks/dealerauction/{wrong}"),
            SOLD,
            None,
        )
        .await;
        assert_eq!(
            (status, text.as_str()),
            (StatusCode::NOT_FOUND, "not found")
        );
    }
    assert_eq!(log.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn with_a_header_secret_a_request_without_it_is_401() {
    let name = HeaderName::from_static("x-webhook-secret");
    let receiver = WebhookReceiver::new().require_header(name, HEADER_SECRET);
    let (base, log) = server(receiver, "/hook").await;
    let url = format!("{base}/hook");
    let (status, _) = post(&url, SOLD, Some(("X-Webhook-Secret", HEADER_SECRET))).await;
    assert_eq!(status, StatusCode::OK);
    for header in [
        None,
        Some(("x-webhook-secret", "wrong")),
        Some(("x-other", HEADER_SECRET)),
    ] {
        let (status, text) = post(&url, SOLD, header).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{header:?}");
        assert_eq!(text, "missing or invalid webhook secret");
        assert!(!text.contains(HEADER_SECRET));
    }
    assert_eq!(log.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn the_secret_checks_come_before_the_body_is_read() {
    let receiver = WebhookReceiver::new()
        .require_header(HeaderName::from_static("x-webhook-secret"), HEADER_SECRET);
    let (base, _) = server(receiver, "/hook").await;
    // Oversized and not JSON, without the secret: 401, not 413 or 400.
    let (status, _) = post(&format!("{base}/hook"), &vec![b'x'; 2 * 1024 * 1024], None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_empty_secret_is_a_500_never_an_open_door() {
    for receiver in [
        WebhookReceiver::new().require_path_token(""),
        WebhookReceiver::new().require_header(HeaderName::from_static("x-webhook-secret"), ""),
    ] {
        let (base, log) = server(receiver, "/hook").await;
        let (status, text) = post(
            &format!("{base}/hook"),
            SOLD,
            Some(("x-webhook-secret", "")),
        )
        .await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(text, "webhook receiver has an empty secret configured");
        assert!(log.lock().unwrap().is_empty());
    }
}

#[test]
fn the_receivers_debug_redacts_the_secrets() {
    let receiver = WebhookReceiver::new()
        .require_path_token(TOKEN)
        .require_header(HeaderName::from_static("x-webhook-secret"), HEADER_SECRET);
    let shown = format!("{receiver:?}");
    assert!(
        !shown.contains(TOKEN) && !shown.contains(HEADER_SECRET),
        "{shown}"
    );
    assert!(shown.contains("x-webhook-secret: REDACTED"), "{shown}");
}
