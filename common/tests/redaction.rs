//! Secrets and personal data never reach Debug, Display or tracing output.
//! (Its own test binary: a scoped tracing subscriber must not race other tests.)

use std::sync::{Arc, Mutex};
use std::time::Duration;

use autoclient_common::{Auth, ClientConfig, HttpClient, ManualClock, Request, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client_with(base: &str, auth: Auth, clock: &ManualClock) -> HttpClient {
    let base = autoclient_common::parse_base_url(base).unwrap();
    let config = ClientConfig::default()
        .with_clock(clock.clone())
        .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(10)));
    HttpClient::new(base, auth, "common-tests/0.0", config).unwrap()
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_never_appear_in_debug_display_or_tracing() {
    use base64::Engine as _;
    let password = "hunter2-very-secret";
    let token = "sk_live_abcdef123456";
    let basic_b64 = base64::engine::general_purpose::STANDARD.encode(format!("alice:{password}"));

    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"message": "bad"})))
        .mount(&s)
        .await;
    let clock = ManualClock::new();
    let basic = client_with(&s.uri(), Auth::basic("alice", password), &clock);
    let bearer = client_with(&s.uri(), Auth::bearer(token), &clock);
    let e1 = basic
        .send_json::<Value, Value>(Request::get("x").query("plate", "AB12CDE"))
        .await
        .unwrap_err();
    let e2 = bearer
        .send_json::<Value, Value>(Request::get("y"))
        .await
        .unwrap_err();

    let mut printed = String::new();
    for text in [
        format!("{basic:?}"),
        format!("{bearer:?}"),
        format!("{e1:?} {e1}"),
        format!("{e2:?} {e2}"),
        format!("{:?}", Auth::bearer(token)),
        format!("{:?}", Auth::basic("alice", password)),
        format!("{:?}", Request::get("x").query("plate", "AB12CDE")),
    ] {
        printed.push_str(&text);
        printed.push('\n');
    }
    printed.push_str(&String::from_utf8_lossy(&capture.0.lock().unwrap()));
    assert!(
        printed.contains("http.attempt"),
        "tracing captured nothing:\n{printed}"
    );
    assert!(printed.contains("[REDACTED]"));
    for secret in [password, token, basic_b64.as_str(), "AB12CDE"] {
        assert!(
            !printed.contains(secret),
            "`{secret}` was printed:\n{printed}"
        );
    }
    // The requests did carry the credentials.
    let reqs = s.received_requests().await.unwrap();
    assert!(reqs.iter().any(
        |r| r.headers.get("authorization").unwrap().to_str().unwrap()
            == format!("Basic {basic_b64}")
    ));
}
