//! The attempt span carries the OpenTelemetry HTTP client field names, and
//! never the query. (Its own test binary: a scoped tracing subscriber must
//! not race other tests.)

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use autoclient_common::{Auth, ClientConfig, HttpClient, ManualClock, Request, RetryPolicy};
use serde_json::{Value, json};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One span's id and its fields, by name.
type SpanFields = (u64, BTreeMap<String, String>);

/// The fields of every `http.attempt` span, in the order the spans opened.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<SpanFields>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl<S: tracing::Subscriber> Layer<S> for Spans {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        if attrs.metadata().name() != "http.attempt" {
            return;
        }
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().push((id.into_u64(), fields));
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut spans = self.0.lock().unwrap();
        if let Some((_, fields)) = spans.iter_mut().find(|(i, _)| *i == id.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn attempt_spans_carry_the_opentelemetry_http_client_fields() {
    let spans = Spans::default();
    let subscriber = tracing_subscriber::registry().with(spans.clone());
    let _guard = tracing::subscriber::set_default(subscriber);

    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&s)
        .await;
    let base = autoclient_common::parse_base_url(&format!("{}/v1/", s.uri())).unwrap();
    let config = ClientConfig::default()
        .with_clock(ManualClock::new())
        .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(10)));
    let client = HttpClient::new(base, Auth::bearer("key"), "common-tests/0.0", config).unwrap();
    client
        .send_json::<Value, Value>(Request::get("stock").query("plate", "AB12CDE"))
        .await
        .unwrap();

    let spans: Vec<_> = spans
        .0
        .lock()
        .unwrap()
        .iter()
        .map(|(_, f)| f.clone())
        .collect();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    let mut first = spans[0].clone();
    // The wait before the retry is jittered: present, its value not fixed.
    assert!(first.remove("wait_ms").is_some(), "{spans:#?}");
    assert_eq!(
        first,
        fields(&[
            ("http.request.method", "GET"),
            ("url.path", "/v1/stock"),
            ("server.address", "127.0.0.1"),
            ("http.response.status_code", "503"),
            ("error.type", "503"),
        ])
    );
    assert_eq!(
        spans[1],
        fields(&[
            ("http.request.method", "GET"),
            ("url.path", "/v1/stock"),
            ("server.address", "127.0.0.1"),
            ("http.request.resend_count", "1"),
            ("http.response.status_code", "200"),
        ])
    );
}

#[tokio::test]
async fn a_transport_failure_is_the_error_type_of_its_attempt() {
    let spans = Spans::default();
    let subscriber = tracing_subscriber::registry().with(spans.clone());
    let _guard = tracing::subscriber::set_default(subscriber);

    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = autoclient_common::parse_base_url(&format!("http://127.0.0.1:{port}/")).unwrap();
    let config = ClientConfig::default().with_retry(RetryPolicy::none());
    let client = HttpClient::new(base, Auth::bearer("key"), "common-tests/0.0", config).unwrap();
    client
        .send_json::<Value, Value>(Request::get("x"))
        .await
        .unwrap_err();

    let spans = spans.0.lock().unwrap();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let fields = &spans[0].1;
    assert_eq!(
        fields.get("error.type").map(String::as_str),
        Some("connect"),
        "{fields:#?}"
    );
    assert!(
        !fields.contains_key("http.response.status_code"),
        "{fields:#?}"
    );
}
