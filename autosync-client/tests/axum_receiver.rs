//! The axum receiver over real HTTP: a real axum server on a loopback port,
//! a real reqwest client. Signed events reach the handler typed; forged,
//! stale, oversized and malformed ones are refused with 401, 413 or 400
//! before the handler; a retry of a handled event is acknowledged but not
//! handled twice, and a retry of a failed one is handled.

#![cfg(feature = "axum")]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use autosync_client::StatusCode;
use autosync_client::axum::{self, Router};
use autosync_client::webhook_receiver::{
    EventDigest, InMemorySeenEvents, Seen, SeenEvents, WebhookReceiver,
};
use autosync_client::webhooks::{self, EventData, EventType, WebhookEvent, WebhookVerifier};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SECRET: &str = "whsec_axum_receiver_test";

/// What the handler saw.
type Log = Arc<Mutex<Vec<WebhookEvent>>>;

/// Serves `app` on a loopback port; returns its address.
async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// A server whose handler records each event and answers 200.
async fn recording_server(receiver: WebhookReceiver) -> (String, Log) {
    let seen: Log = Arc::default();
    let log = Arc::clone(&seen);
    let app = Router::new().route(
        "/webhooks/autosync",
        receiver.post(move |event: WebhookEvent| {
            let log = Arc::clone(&log);
            async move {
                log.lock().unwrap().push(event);
                StatusCode::OK
            }
        }),
    );
    let addr = serve(app).await;
    (format!("http://{addr}/webhooks/autosync"), seen)
}

fn event(name: &str, data: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "event": name,
        "shop_id": 1,
        "timestamp": chrono::Utc::now(),
        "data": data
    }))
    .unwrap()
}

async fn post(url: &str, body: Vec<u8>, signature: Option<&str>) -> (StatusCode, String) {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    if let Some(signature) = signature {
        request = request.header(webhooks::SIGNATURE_HEADER, signature);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

async fn post_signed(url: &str, body: Vec<u8>) -> (StatusCode, String) {
    let signature = webhooks::sign(SECRET, &body);
    post(url, body, Some(&signature)).await
}

fn receiver() -> WebhookReceiver {
    WebhookReceiver::new(WebhookVerifier::new(SECRET))
}

#[tokio::test]
async fn a_signed_event_of_each_of_the_eight_types_reaches_the_handler_typed() {
    let (url, seen) = recording_server(receiver()).await;
    let cases = [
        (
            "workorder.created",
            json!({"id": 1043, "work_order_number": "1043"}),
        ),
        ("workorder.updated", json!({"id": 1043, "notes": "squeal"})),
        (
            "workorder.completed",
            json!({"id": 1043, "work_order_number": "1043", "total": 1166.40,
                   "customer": {"id": 42, "name": "Sarah Thompson"}}),
        ),
        ("payment.received", json!({"id": 9})),
        ("customer.created", json!({"id": 42, "first_name": "Sarah"})),
        ("appointment.created", json!({"id": 3})),
        ("inspection.completed", json!({"id": 77, "sent": true})),
        ("inventory.low_stock", json!({"id": 5})),
    ];
    for (name, data) in &cases {
        let (status, text) = post_signed(&url, event(name, data.clone())).await;
        assert_eq!(status, StatusCode::OK, "{name}: {text}");
    }
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 8);
    for ((name, _), event) in cases.iter().zip(seen.iter()) {
        assert_eq!(event.event.as_str(), *name);
        let typed = matches!(
            (&event.event, &event.data),
            (
                EventType::WorkorderCreated
                    | EventType::WorkorderUpdated
                    | EventType::WorkorderCompleted,
                EventData::WorkOrder(_),
            ) | (EventType::PaymentReceived, EventData::Payment(_))
                | (EventType::CustomerCreated, EventData::Customer(_))
                | (EventType::AppointmentCreated, EventData::Appointment(_))
                | (EventType::InspectionCompleted, EventData::Inspection(_))
                | (EventType::InventoryLowStock, EventData::LowStock(_))
        );
        assert!(typed, "{name}: {:?}", event.data);
    }
    let EventData::WorkOrder(order) = &seen[2].data else {
        unreachable!()
    };
    assert_eq!(order.total, Some(autosync_client::Decimal::new(116640, 2)));
}

#[tokio::test]
async fn an_unknown_event_type_is_kept() {
    let (url, seen) = recording_server(receiver()).await;
    let (status, _) = post_signed(&url, event("vehicle.towed", json!({"id": 1}))).await;
    assert_eq!(status, StatusCode::OK);
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].event, EventType::Unknown("vehicle.towed".into()));
    assert!(matches!(&seen[0].data, EventData::Other(v) if v["id"] == 1));
}

#[tokio::test]
async fn a_resent_event_is_acknowledged_but_not_handled_twice() {
    let (url, seen) = recording_server(receiver().with_dedupe()).await;
    let body = event("workorder.completed", json!({"id": 1043}));
    let (first, _) = post_signed(&url, body.clone()).await;
    let (again, text) = post_signed(&url, body).await;
    assert_eq!(first, StatusCode::OK);
    assert_eq!(again, StatusCode::OK, "{text}");
    assert_eq!(text, "webhook already received");
    assert_eq!(seen.lock().unwrap().len(), 1);
    // Another event (another body) is handled.
    let (status, _) = post_signed(&url, event("workorder.completed", json!({"id": 1044}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn without_dedupe_a_resent_event_is_handled_again() {
    let (url, seen) = recording_server(receiver()).await;
    let body = event("workorder.completed", json!({"id": 1043}));
    post_signed(&url, body.clone()).await;
    post_signed(&url, body).await;
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_retry_of_an_event_the_handler_failed_is_handled() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let app = Router::new().route(
        "/hook",
        receiver().with_dedupe().post(move |_event: WebhookEvent| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move {
                if n == 0 {
                    StatusCode::SERVICE_UNAVAILABLE
                } else {
                    StatusCode::OK
                }
            }
        }),
    );
    let url = format!("http://{}/hook", serve(app).await);
    let body = event("payment.received", json!({"id": 9}));
    let (first, _) = post_signed(&url, body.clone()).await;
    assert_eq!(first, StatusCode::SERVICE_UNAVAILABLE);
    let (retry, _) = post_signed(&url, body.clone()).await;
    assert_eq!(retry, StatusCode::OK);
    let (third, text) = post_signed(&url, body).await;
    assert_eq!(
        (third, text.as_str()),
        (StatusCode::OK, "webhook already received")
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_retry_of_an_event_whose_handler_never_finished_is_handled() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let app = Router::new().route(
        "/hook",
        receiver().with_dedupe().post(move |_event: WebhookEvent| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move {
                assert!(n > 0, "the first delivery's handler dies");
                StatusCode::OK
            }
        }),
    );
    let url = format!("http://{}/hook", serve(app).await);
    let body = event("payment.received", json!({"id": 9}));
    let signature = webhooks::sign(SECRET, &body);
    let died = reqwest::Client::new()
        .post(&url)
        .header(webhooks::SIGNATURE_HEADER, &signature)
        .body(body.clone())
        .send()
        .await;
    assert!(died.is_err(), "{died:?}");
    let (retry, text) = post(&url, body, Some(&signature)).await;
    assert_eq!(retry, StatusCode::OK, "{text}");
    assert_eq!(text, "");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_retry_while_the_first_delivery_is_handled_is_answered_409() {
    let (release, wait) = (
        Arc::new(tokio::sync::Notify::new()),
        Arc::new(tokio::sync::Notify::new()),
    );
    let (gate, started) = (Arc::clone(&release), Arc::clone(&wait));
    let app = Router::new().route(
        "/hook",
        receiver().with_dedupe().post(move |_event: WebhookEvent| {
            let (gate, started) = (Arc::clone(&gate), Arc::clone(&started));
            async move {
                started.notify_one();
                gate.notified().await;
                StatusCode::OK
            }
        }),
    );
    let url = format!("http://{}/hook", serve(app).await);
    let body = event("customer.created", json!({"id": 42}));
    let first = tokio::spawn({
        let (url, body) = (url.clone(), body.clone());
        async move { post_signed(&url, body).await }
    });
    wait.notified().await;
    let (status, text) = post_signed(&url, body.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{text}");
    release.notify_one();
    assert_eq!(first.await.unwrap().0, StatusCode::OK);
    let (status, _) = post_signed(&url, body).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn forged_stale_or_unsigned_events_are_401_and_never_reach_the_handler() {
    let (url, seen) = recording_server(receiver().with_dedupe()).await;
    let body = event("payment.received", json!({"id": 9}));
    let signature = webhooks::sign(SECRET, &body);

    // The body altered after signing.
    let mut tampered = body.clone();
    let at = tampered.iter().position(|b| *b == b'9').unwrap();
    tampered[at] = b'8';
    let mut refusals = Vec::new();
    let (status, text) = post(&url, tampered, Some(&signature)).await;
    assert_eq!(
        (status, text.as_str()),
        (StatusCode::UNAUTHORIZED, "invalid webhook signature")
    );

    // Signed under another secret.
    let wrong = webhooks::sign("whsec_someone_else", &body);
    let (status, text) = post(&url, body.clone(), Some(&wrong)).await;
    assert_eq!(
        (status, text.as_str()),
        (StatusCode::UNAUTHORIZED, "invalid webhook signature")
    );

    // Not a signature at all.
    let (status, text) = post(&url, body.clone(), Some("hello")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    refusals.push(text);

    // No header.
    let (status, text) = post(&url, body.clone(), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(text, "missing X-AutoSync-Signature header");
    refusals.push(text);

    // Correctly signed, but from 2024: a replay.
    let stale = br#"{"event":"payment.received","shop_id":1,"timestamp":"2024-03-14T15:30:00Z","data":{"id":9}}"#.to_vec();
    let (status, text) = post_signed(&url, stale).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(text, "webhook timestamp outside the allowed window");
    refusals.push(text);

    assert!(seen.lock().unwrap().is_empty());
    // No refusal tells the secret or the expected signature.
    for text in &refusals {
        assert!(
            !text.contains(SECRET) && !text.contains(&signature),
            "{text}"
        );
    }
    // The genuine one still goes through (the refusals were not recorded as seen).
    let (status, _) = post(&url, body, Some(&signature)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_five_megabyte_body_is_413_and_never_reaches_the_handler() {
    let (url, seen) = recording_server(receiver()).await;
    let mut body = event("workorder.completed", json!({"id": 1043}));
    body.resize(5 * 1024 * 1024, b' ');
    let (status, text) = post_signed(&url, body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(text, "webhook body too large");
    assert!(seen.lock().unwrap().is_empty());
}

/// Sends `head` and then only `sent` bytes of a much longer body, and reads
/// the answer while the rest is still owed: an answer proves the server did
/// not wait to read the whole body.
async fn answer_before_the_body_ends(addr: SocketAddr, head: String, sent: usize) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![b' '; 64 * 1024];
    let mut written = 0;
    while written < sent {
        // The server may stop reading (and close) once over its limit.
        if stream.write_all(&chunk).await.is_err() {
            break;
        }
        written += chunk.len();
    }
    let mut answer = vec![0; 1024];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer))
        .await
        .expect("no answer while the body was still owed")
        .unwrap();
    String::from_utf8_lossy(&answer[..n]).into_owned()
}

#[tokio::test]
async fn an_oversized_body_is_refused_without_reading_it_all() {
    let (url, seen) = recording_server(receiver()).await;
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches("/webhooks/autosync")
        .parse()
        .unwrap();
    let sig = webhooks::sign(SECRET, b"{}");

    // A declared length of 5 MB: refused before a byte of the body.
    let head = format!(
        "POST /webhooks/autosync HTTP/1.1\r\nhost: x\r\ncontent-length: {}\r\n{}: {sig}\r\n\r\n",
        5 * 1024 * 1024,
        webhooks::SIGNATURE_HEADER
    );
    let answer = answer_before_the_body_ends(addr, head, 0).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    // Chunked, no length: read up to the limit (1 MiB), then refused while
    // 4 MB more are still owed (the last chunk is never sent).
    let head = format!(
        "POST /webhooks/autosync HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n{}: {sig}\r\n\r\n{:x}\r\n",
        webhooks::SIGNATURE_HEADER,
        5 * 1024 * 1024
    );
    let answer = answer_before_the_body_ends(addr, head, 1024 * 1024 + 128 * 1024).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_body_limit_is_the_verifiers() {
    let small = WebhookReceiver::new(WebhookVerifier::new(SECRET).with_max_body(200));
    let (url, seen) = recording_server(small).await;
    let body = event("customer.created", json!({"id": 42}));
    assert!(body.len() < 200);
    let (status, _) = post_signed(&url, body.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let mut padded = body;
    padded.resize(201, b' ');
    let (status, _) = post_signed(&url, padded).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn malformed_json_with_a_valid_signature_is_400() {
    let (url, seen) = recording_server(receiver()).await;
    for body in [
        b"{\"event\": \"workorder.completed\", \"shop_id\": 1,".to_vec(),
        b"not json".to_vec(),
        br#"{"event":"workorder.completed","data":{}}"#.to_vec(),
    ] {
        let (status, text) = post_signed(&url, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(text, "webhook body is not an AutoSync event");
    }
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_receiver_without_a_secret_answers_500_not_401() {
    let (url, seen) = recording_server(WebhookReceiver::new(WebhookVerifier::new(""))).await;
    let body = event("customer.created", json!({"id": 42}));
    let (status, text) = post_signed(&url, body).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(text, "webhook receiver has no secret configured");
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_users_store_decides_what_is_a_duplicate() {
    /// Says every event was already handled, and counts the calls.
    #[derive(Default)]
    struct AlwaysHandled(AtomicUsize);
    impl SeenEvents for AlwaysHandled {
        fn begin(&self, _: &EventDigest) -> Seen {
            self.0.fetch_add(1, Ordering::SeqCst);
            Seen::Handled
        }
        fn finish(&self, _: &EventDigest, _: bool) {
            unreachable!("finish is only called after New")
        }
    }
    let store = Arc::new(AlwaysHandled::default());
    let shared: Arc<dyn SeenEvents> = store.clone();
    let (url, seen) = recording_server(receiver().with_shared_seen_events(shared)).await;
    let (status, _) = post_signed(&url, event("customer.created", json!({"id": 42}))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(seen.lock().unwrap().is_empty());
    assert_eq!(store.0.load(Ordering::SeqCst), 1);
}

#[test]
fn the_in_memory_store_is_bounded_and_forgets_the_oldest_first() {
    let store = InMemorySeenEvents::new(2);
    let [a, b, c] = [b"a", b"b", b"c"].map(|body| EventDigest::of(body));
    for d in [a, b, c] {
        assert_eq!(store.begin(&d), Seen::New);
        assert_eq!(store.begin(&d), Seen::InProgress);
        store.finish(&d, true);
        assert_eq!(store.begin(&d), Seen::Handled);
    }
    assert_eq!(store.len(), 2);
    assert_eq!(store.begin(&a), Seen::New, "the oldest is forgotten");
    assert_eq!(store.begin(&c), Seen::Handled);
    // A failed handling is forgotten.
    store.finish(&a, false);
    assert_eq!(store.begin(&a), Seen::New);
}

#[test]
fn the_digest_is_the_sha256_of_the_signed_body() {
    assert_eq!(
        EventDigest::of(b"").to_string(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn the_receivers_debug_redacts_the_secret() {
    let receiver = receiver().with_dedupe();
    let shown = format!("{receiver:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("REDACTED"), "{shown}");
}
