//! The API key never reaches Debug, Display or tracing output: not from the
//! client, its builder or configuration, nor from an error of any kind, nor
//! from the spans and events recorded at TRACE during real calls.
//! (Its own test binary: a scoped tracing subscriber must not race other tests.)

use std::sync::{Arc, Mutex};
use std::time::Duration;

use auterio_client::mock::{Fault, MOCK_API_KEY, MockAuterio};
use auterio_client::{
    Client, ClientConfig, Error, ErrorKind, RetryPolicy, Vehicle, check_vehicle, check_vin,
};

const KEY: &str = "auterio-live-key-9f8e7d6c";
const OTHER_KEY: &str = "auterio-unknown-key-1a2b3c";

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

fn batch() -> Vec<Vehicle> {
    vec![Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf")]
}

fn fast() -> ClientConfig {
    ClientConfig::default()
        .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(2)))
        .with_attempt_timeout(Duration::from_millis(300))
}

#[tokio::test]
async fn the_key_never_appears_in_debug_display_or_tracing() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mock = MockAuterio::start_with_keys(&[MOCK_API_KEY, KEY], &[OTHER_KEY]).await;
    let builder = mock.client_builder(KEY).config(fast());
    let mut printed = format!("{builder:?}\n{:?}\n", fast());
    let client = builder.build().unwrap();
    printed.push_str(&format!("{client:?}\n{:?}\n", client.http().config()));

    // Successful calls.
    let ok = client.ingest_with_response(&batch()).await.unwrap();
    printed.push_str(&format!("{ok:?}\n"));
    let report = client.ingest_all(batch()).await;
    printed.push_str(&format!("{report:?}\n{report}\n"));

    // An error of every kind the crate can produce.
    let mut errors: Vec<Error> = Vec::new();
    let f = mock.faults();
    for fault in [
        Fault::status(401)
            .body(r#"{"success":false,"error":"Missing or invalid Authorization header"}"#),
        Fault::status(404),
        Fault::status(409).body("conflict"),
        Fault::rate_limited(3600),
        Fault::status(418).body("<html><title>teapot</title></html>"),
        Fault::status(200).body(r#"{"success":"yes"}"#),
    ] {
        f.push(fault);
        errors.push(client.ingest(&batch()).await.unwrap_err());
    }
    f.push_n(Fault::status(500).body(r#"{"message":"boom"}"#), 3);
    errors.push(client.ingest(&batch()).await.unwrap_err());
    f.push_n(Fault::slow(Duration::from_secs(2)), 3);
    errors.push(client.ingest(&batch()).await.unwrap_err());
    // 403 from an inactive key, 400 from the server, client-side refusals.
    let inactive = mock
        .client_builder(OTHER_KEY)
        .config(fast())
        .build()
        .unwrap();
    printed.push_str(&format!("{inactive:?}\n"));
    errors.push(inactive.ingest(&batch()).await.unwrap_err());
    errors.push(
        client
            .ingest(&[Vehicle::new("SHORT", "SEAT", "Ibiza")])
            .await
            .unwrap_err(),
    );
    errors.push(client.ingest(&[]).await.unwrap_err());
    let failing = mock.faults();
    failing.push_n(Fault::status(500), 3);
    let report = client.ingest_all(batch()).await;
    printed.push_str(&format!("{report:?}\n{report}\n"));
    // A refused connection.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let nowhere = Client::builder(KEY)
        .base_url(closed)
        .config(fast())
        .build()
        .unwrap();
    errors.push(nowhere.ingest(&batch()).await.unwrap_err());

    // The shared rate limiter down, and the limit set to fail fast.
    let shared_down = auterio_client::Client::builder(KEY)
        .base_url("http://127.0.0.1:9")
        .config(fast().with_rate_limit(auterio_client::RateLimit::per_minute(60)))
        .shared_rate_limit(testkit::failing_shared_limit())
        .build()
        .unwrap();
    errors.push(
        shared_down
            .http()
            .send_json::<serde_json::Value, _>(autoclient_common::Request::get("shared"))
            .await
            .unwrap_err(),
    );

    let kinds: Vec<ErrorKind> = errors.iter().map(Error::kind).collect();
    // Every kind but OutcomeUnknown (the ingest is an upsert, so its
    // failures are never of unknown outcome) and WalkLimit (nothing here
    // walks pages).
    for k in ErrorKind::ALL
        .into_iter()
        .filter(|k| !matches!(k, ErrorKind::OutcomeUnknown | ErrorKind::WalkLimit))
    {
        assert!(kinds.contains(&k), "no {k:?} error in {kinds:?}");
    }
    for e in &errors {
        printed.push_str(&format!("{e:?}\n{e}\n"));
    }
    for v in check_vehicle(&Vehicle::new("BAD", "", ""), "vehicles[0].") {
        printed.push_str(&format!("{v:?}\n{v}\n"));
    }
    if let Err(p) = check_vin("WVWZZZE1ZNP12345I") {
        printed.push_str(&format!("{p:?}\n{p}\n"));
    }

    printed.push_str(&String::from_utf8_lossy(&capture.0.lock().unwrap()));
    assert!(
        printed.contains("http.attempt"),
        "tracing captured nothing:\n{printed}"
    );
    assert!(printed.contains("[REDACTED]"));
    for secret in [KEY, OTHER_KEY, MOCK_API_KEY] {
        assert!(
            !printed.contains(secret),
            "`{secret}` was printed:\n{printed}"
        );
    }
    // The requests did carry the key.
    let reqs = mock.received_requests().await;
    assert!(reqs.iter().any(|r| {
        r.headers
            .get("authorization")
            .is_some_and(|v| v.to_str().unwrap() == format!("Bearer {KEY}"))
    }));
}
