//! Behaviour of the HTTP core against wiremock servers: retries, waits,
//! error mapping, auth, pacing, links, and what never gets printed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use autoclient_common::{
    Auth, BoxError, ClientConfig, ErrorKind, HttpClient, ManualClock, RateLimit, Request,
    RetryPolicy, TokenSource,
};
use futures_util::future::BoxFuture;
use secrecy::SecretString;
use serde_json::{Value, json};
use testkit::mount_catch_all;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type Error = autoclient_common::Error<Value>;

async fn server() -> MockServer {
    MockServer::start().await
}

fn client_with(base: &str, auth: Auth, config: ClientConfig) -> HttpClient {
    let base = autoclient_common::parse_base_url(base).unwrap();
    HttpClient::new(base, auth, "common-tests/0.0", config).unwrap()
}

fn fast_config(clock: &ManualClock) -> ClientConfig {
    ClientConfig::default()
        .with_clock(clock.clone())
        .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(10)))
}

async fn get_json(c: &HttpClient, p: &str) -> Result<Value, Error> {
    c.send_json::<Value, Value>(Request::get(p))
        .await
        .map(|r| r.into_body())
}

async fn post_json(c: &HttpClient, p: &str) -> Result<Value, Error> {
    c.send_json::<Value, Value>(Request::post(p).json(&json!({"a": 1})))
        .await
        .map(|r| r.into_body())
}

/// Mounts `first` for the first `n` requests to `p`, then `then`.
async fn sequence(
    s: &MockServer,
    m: &str,
    p: &str,
    first: ResponseTemplate,
    n: u64,
    then: ResponseTemplate,
) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(first)
        .up_to_n_times(n)
        .with_priority(1)
        .mount(s)
        .await;
    Mock::given(method(m))
        .and(path(p))
        .respond_with(then)
        .with_priority(2)
        .mount(s)
        .await;
    mount_catch_all(s).await;
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"ok": true}))
}

#[tokio::test]
async fn retry_after_ms_is_honoured_on_429() {
    let s = server().await;
    sequence(
        &s,
        "GET",
        "/x",
        ResponseTemplate::new(429).insert_header("retry-after-ms", "1500"),
        1,
        ok(),
    )
    .await;
    let clock = ManualClock::new();
    let c = client_with(&s.uri(), Auth::None, fast_config(&clock));
    assert_eq!(get_json(&c, "x").await.unwrap(), json!({"ok": true}));
    assert_eq!(clock.sleeps(), vec![Duration::from_millis(1500)]);
}

#[tokio::test]
async fn retry_after_seconds_is_honoured_on_429_even_for_post() {
    let s = server().await;
    sequence(
        &s,
        "POST",
        "/x",
        ResponseTemplate::new(429).insert_header("Retry-After", "3"),
        2,
        ok(),
    )
    .await;
    let clock = ManualClock::new();
    let c = client_with(&s.uri(), Auth::None, fast_config(&clock));
    assert_eq!(post_json(&c, "x").await.unwrap(), json!({"ok": true}));
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(3); 2]);
    assert_eq!(s.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn retry_after_http_date_is_measured_on_the_injected_clock() {
    let s = server().await;
    let start = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let date = httpdate::fmt_http_date(start + Duration::from_secs(45));
    sequence(
        &s,
        "GET",
        "/x",
        ResponseTemplate::new(429).insert_header("Retry-After", date.as_str()),
        1,
        ok(),
    )
    .await;
    let clock = ManualClock::starting_at(start);
    let c = client_with(&s.uri(), Auth::None, fast_config(&clock));
    get_json(&c, "x").await.unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(45)]);
}

#[tokio::test]
async fn rate_limit_reset_epoch_and_delta() {
    let s = server().await;
    let start = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    Mock::given(path("/epoch"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-RateLimit-Reset", "1800000020"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(path("/delta"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-RateLimit-Reset", "7"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .respond_with(ok())
        .with_priority(2)
        .mount(&s)
        .await;
    let clock = ManualClock::starting_at(start);
    let c = client_with(&s.uri(), Auth::None, fast_config(&clock));
    get_json(&c, "epoch").await.unwrap();
    get_json(&c, "delta").await.unwrap();
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(20), Duration::from_secs(7)]
    );
}

#[tokio::test]
async fn a_server_wait_above_the_cap_fails_at_once() {
    let s = server().await;
    sequence(
        &s,
        "GET",
        "/x",
        ResponseTemplate::new(429).insert_header("Retry-After", "3600"),
        5,
        ok(),
    )
    .await;
    let clock = ManualClock::new();
    let c = client_with(&s.uri(), Auth::None, fast_config(&clock));
    let e = get_json(&c, "x").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert_eq!(e.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(e.attempts(), 1);
    assert!(clock.sleeps().is_empty());
    assert!(e.to_string().contains("3600"), "{e}");
}

#[tokio::test]
async fn a_503_with_retry_after_is_retried_on_post_one_without_is_not() {
    let s = server().await;
    Mock::given(path("/with"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(path("/without"))
        .respond_with(ResponseTemplate::new(503).set_body_string("overloaded"))
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .respond_with(ok())
        .with_priority(2)
        .mount(&s)
        .await;
    let clock = ManualClock::new();
    let c = client_with(&s.uri(), Auth::None, fast_config(&clock));
    assert_eq!(post_json(&c, "with").await.unwrap(), json!({"ok": true}));
    let e = post_json(&c, "without").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(e.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(e.attempts(), 1);
    let without = s
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/without")
        .count();
    assert_eq!(without, 1);
}

#[tokio::test]
async fn a_500_is_retried_on_get_but_not_on_post_which_reports_outcome_unknown() {
    let s = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .respond_with(ok())
        .with_priority(2)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"message": "boom"})))
        .mount(&s)
        .await;
    let clock = ManualClock::new();
    let c = client_with(&s.uri(), Auth::None, fast_config(&clock));
    assert_eq!(get_json(&c, "x").await.unwrap(), json!({"ok": true}));
    assert_eq!(clock.sleeps().len(), 2);
    let e = post_json(&c, "x").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutcomeUnknown);
    assert!(e.is_outcome_unknown() && !e.is_retryable());
    assert_eq!(e.api_error(), Some(&json!({"message": "boom"})));
    let msg = e.to_string();
    assert!(
        msg.contains("POST /x")
            && msg.contains("500")
            && msg.contains("boom")
            && msg.contains("look it up"),
        "{msg}"
    );
    let posts = s
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(posts, 1);
}

#[tokio::test]
async fn a_post_marked_idempotent_is_retried_on_500() {
    let s = server().await;
    sequence(&s, "POST", "/upsert", ResponseTemplate::new(500), 1, ok()).await;
    let clock = ManualClock::new();
    let c = client_with(&s.uri(), Auth::None, fast_config(&clock));
    let r = c
        .send_json::<Value, Value>(Request::post("upsert").json(&json!([1])).idempotent(true))
        .await
        .unwrap();
    assert_eq!(r.attempts(), 2);
}

#[tokio::test]
async fn connection_refused_is_retried_even_for_post() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let clock = ManualClock::new();
    let c = client_with(&format!("http://{addr}"), Auth::None, fast_config(&clock));
    let e = post_json(&c, "x").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connection);
    assert_eq!(e.attempts(), 3);
    assert_eq!(clock.sleeps().len(), 2);
    assert!(e.is_retryable());
}

#[tokio::test]
async fn a_timeout_is_retried_on_an_idempotent_call_and_unknown_on_post() {
    // The SDK's own reqwest client carries the attempt timeout as its
    // default; a caller's client has none of it, so every request carries
    // its own. Either way, without the timeout the slow answer would arrive
    // and succeed.
    let clock = ManualClock::new();
    let own = fast_config(&clock);
    let callers = fast_config(&clock).with_http_client(reqwest::Client::new());
    for (which, config) in [("own client", own), ("caller's client", callers)] {
        let s = server().await;
        let slow = ResponseTemplate::new(200)
            .set_body_json(json!({"slow": true}))
            .set_delay(Duration::from_millis(800));
        sequence(&s, "GET", "/x", slow.clone(), 1, ok()).await;
        Mock::given(method("POST"))
            .respond_with(slow)
            .mount(&s)
            .await;
        let config = config.with_attempt_timeout(Duration::from_millis(150));
        let c = client_with(&s.uri(), Auth::None, config);
        assert_eq!(
            get_json(&c, "x").await.unwrap(),
            json!({"ok": true}),
            "{which}"
        );
        let e = post_json(&c, "x").await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::OutcomeUnknown, "{which}");
        assert_eq!(e.attempts(), 1, "{which}");
    }
}

#[tokio::test]
async fn a_deadline_closer_than_the_attempt_timeout_ends_the_attempt() {
    // The SDK's own client carries the (60 s) attempt timeout as its
    // default; an attempt with less time left carries its own, shorter one.
    let s = server().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"slow": true}))
                .set_delay(Duration::from_millis(800)),
        )
        .mount(&s)
        .await;
    let c = client_with(&s.uri(), Auth::None, ClientConfig::default());
    // Without the shorter timeout, the slow answer would arrive and succeed.
    let e = c
        .send_json::<Value, Value>(Request::get("x").deadline(Duration::from_millis(150)))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
}

#[tokio::test]
async fn exhausted_attempts_return_the_last_error_with_status_and_body() {
    let s = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_string(
            "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        ))
        .expect(3)
        .mount(&s)
        .await;
    let clock = ManualClock::new();
    let c = client_with(&s.uri(), Auth::None, fast_config(&clock));
    let e = get_json(&c, "x").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(e.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(e.attempts(), 3);
    assert!(e.body_text().unwrap().contains("nginx"));
    assert!(e.api_error().is_none());
    assert_eq!(
        e.to_string(),
        "GET /x: server error: HTTP 502 Bad Gateway: 502 Bad Gateway"
    );
}

#[tokio::test]
async fn retries_are_configurable_per_request_and_zero_disables() {
    let s = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&s)
        .await;
    let clock = ManualClock::new();
    let c = client_with(
        &s.uri(),
        Auth::None,
        fast_config(&clock).with_retry(RetryPolicy::none()),
    );
    assert_eq!(get_json(&c, "x").await.unwrap_err().attempts(), 1);
    let e = c
        .send_json::<Value, Value>(Request::get("x").max_retries(4))
        .await
        .unwrap_err();
    assert_eq!(e.attempts(), 5);
}

#[tokio::test]
async fn the_overall_deadline_stops_retrying() {
    let s = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "30"))
        .mount(&s)
        .await;
    let clock = ManualClock::new();
    let c = client_with(
        &s.uri(),
        Auth::None,
        fast_config(&clock).with_retry(RetryPolicy::default().with_max_retries(10)),
    );
    let e = c
        .send_json::<Value, Value>(Request::get("x").deadline(Duration::from_secs(45)))
        .await
        .unwrap_err();
    // One 30 s wait fits in 45 s, a second does not.
    assert_eq!(e.attempts(), 2);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(30)]);
    assert_eq!(e.status().map(|s| s.as_u16()), Some(503));
}

#[derive(Debug)]
struct CountingSource {
    calls: AtomicUsize,
    refreshes: AtomicUsize,
}

impl TokenSource for CountingSource {
    fn token(&self, refresh: bool) -> BoxFuture<'_, Result<SecretString, BoxError>> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if refresh {
            self.refreshes.fetch_add(1, Ordering::SeqCst);
        }
        let token = if self.refreshes.load(Ordering::SeqCst) > 0 {
            "fresh-token"
        } else {
            "stale-token"
        };
        Box::pin(async move { Ok(SecretString::from(token)) })
    }
}

#[tokio::test]
async fn a_token_source_is_refreshed_once_on_401() {
    let s = server().await;
    Mock::given(header("authorization", "Bearer fresh-token"))
        .respond_with(ok())
        .mount(&s)
        .await;
    Mock::given(header("authorization", "Bearer stale-token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "expired"})))
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let src = Arc::new(CountingSource {
        calls: AtomicUsize::new(0),
        refreshes: AtomicUsize::new(0),
    });
    #[derive(Debug)]
    struct Shared(Arc<CountingSource>);
    impl TokenSource for Shared {
        fn token(&self, refresh: bool) -> BoxFuture<'_, Result<SecretString, BoxError>> {
            self.0.token(refresh)
        }
    }
    let clock = ManualClock::new();
    // A POST: a 401 is a refusal before processing, so sending it again is safe.
    let c = client_with(
        &s.uri(),
        Auth::token_source(Shared(src.clone())),
        fast_config(&clock),
    );
    assert_eq!(post_json(&c, "x").await.unwrap(), json!({"ok": true}));
    assert_eq!(src.refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(s.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_second_401_after_refresh_is_returned() {
    let s = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "nope"})))
        .mount(&s)
        .await;
    #[derive(Debug)]
    struct Always;
    impl TokenSource for Always {
        fn token(&self, _: bool) -> BoxFuture<'_, Result<SecretString, BoxError>> {
            Box::pin(async { Ok(SecretString::from("t")) })
        }
    }
    let clock = ManualClock::new();
    let c = client_with(&s.uri(), Auth::token_source(Always), fast_config(&clock));
    let e = get_json(&c, "x").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unauthorized);
    assert_eq!(s.received_requests().await.unwrap().len(), 2);
    assert!(
        e.to_string().ends_with("HTTP 401 Unauthorized: nope"),
        "{e}"
    );
}

#[tokio::test]
async fn fixed_credentials_are_sent_on_every_attempt() {
    let s = server().await;
    sequence(&s, "GET", "/x", ResponseTemplate::new(503), 1, ok()).await;
    let clock = ManualClock::new();
    let bearer = client_with(&s.uri(), Auth::bearer("k-123"), fast_config(&clock));
    assert_eq!(get_json(&bearer, "x").await.unwrap(), json!({"ok": true}));
    let basic = client_with(&s.uri(), Auth::basic("ana", "pw:1"), fast_config(&clock));
    assert_eq!(get_json(&basic, "x").await.unwrap(), json!({"ok": true}));
    let none = client_with(&s.uri(), Auth::None, fast_config(&clock));
    assert_eq!(get_json(&none, "x").await.unwrap(), json!({"ok": true}));
    let auths: Vec<Option<String>> = s
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            r.headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned())
        })
        .collect();
    // The first call is retried after its 503, with the same header.
    assert_eq!(
        auths,
        vec![
            Some("Bearer k-123".to_owned()),
            Some("Bearer k-123".to_owned()),
            Some("Basic YW5hOnB3OjE=".to_owned()),
            None,
        ]
    );
}

#[tokio::test]
async fn a_credential_that_is_no_header_value_fails_each_call_unsent() {
    let s = server().await;
    mount_catch_all(&s).await;
    let clock = ManualClock::new();
    let c = client_with(&s.uri(), Auth::bearer("line\nbreak"), fast_config(&clock));
    for _ in 0..2 {
        let e = get_json(&c, "x").await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidRequest);
        assert_eq!(e.attempts(), 0);
        assert!(
            e.to_string().contains("not allowed in an HTTP header"),
            "{e}"
        );
        assert!(!format!("{e:?}").contains("break"), "{e:?}");
    }
    assert!(s.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn error_statuses_map_to_kinds() {
    let s = server().await;
    for (code, kind) in [
        (400, ErrorKind::Validation),
        (401, ErrorKind::Unauthorized),
        (403, ErrorKind::Forbidden),
        (404, ErrorKind::NotFound),
        (409, ErrorKind::Conflict),
        (422, ErrorKind::Validation),
        (418, ErrorKind::Http),
    ] {
        Mock::given(path(format!("/{code}")))
            .respond_with(
                ResponseTemplate::new(code).set_body_json(json!({"message": format!("m{code}")})),
            )
            .mount(&s)
            .await;
        let c = client_with(&s.uri(), Auth::None, ClientConfig::default());
        let e = get_json(&c, &code.to_string()).await.unwrap_err();
        assert_eq!(e.kind(), kind, "{code}");
        assert_eq!(e.attempts(), 1, "{code} is never retried");
        assert!(e.to_string().contains(&format!("m{code}")));
    }
}

#[tokio::test]
async fn non_json_empty_and_truncated_bodies() {
    let s = server().await;
    Mock::given(path("/html"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>hi</html>", "text/html"))
        .mount(&s)
        .await;
    Mock::given(path("/empty"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&s)
        .await;
    Mock::given(path("/truncated"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"items": [1, 2"#, "application/json"),
        )
        .mount(&s)
        .await;
    Mock::given(path("/bad-utf8"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(vec![0xff, 0xfe, b'x'], "text/plain"))
        .mount(&s)
        .await;
    Mock::given(path("/huge"))
        .respond_with(ResponseTemplate::new(500).set_body_string("x".repeat(200_000)))
        .mount(&s)
        .await;
    let c = client_with(
        &s.uri(),
        Auth::None,
        ClientConfig::default().with_retry(RetryPolicy::none()),
    );
    let e = get_json(&c, "html").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert_eq!(e.body_text().unwrap(), "<html>hi</html>");
    let e = get_json(&c, "empty").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(e.to_string().contains("empty"), "{e}");
    let e = get_json(&c, "truncated").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    let e = get_json(&c, "bad-utf8").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.body().unwrap(), &[0xff, 0xfe, b'x']);
    let e = get_json(&c, "huge").await.unwrap_err();
    assert_eq!(e.body().unwrap().len(), 64 * 1024);
    assert!(e.body_truncated());
}

#[tokio::test]
async fn a_decode_error_carries_the_json_path() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: u64,
        price: u32,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Listing {
        items: Vec<Item>,
    }
    let s = server().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"items": [{"id": 1, "price": 2}, {"id": 2, "price": "cheap"}]}),
            ),
        )
        .mount(&s)
        .await;
    let c = client_with(&s.uri(), Auth::None, ClientConfig::default());
    let e = c
        .send_json::<Listing, Value>(Request::get("l"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert_eq!(e.decode_path(), Some("items[1].price"));
    assert!(e.body_text().unwrap().contains("cheap"));
    assert!(e.to_string().contains("items[1].price"), "{e}");
}

#[tokio::test]
async fn pacing_keeps_a_burst_under_the_configured_rate() {
    let s = server().await;
    Mock::given(method("GET"))
        .respond_with(ok())
        .mount(&s)
        .await;
    let clock = ManualClock::new();
    // 10 per second documented, paced at 9 per second (margin 0.9).
    let limit = RateLimit::new(10, Duration::from_secs(1)).with_safety_margin(0.9);
    let c = client_with(
        &s.uri(),
        Auth::None,
        fast_config(&clock).with_rate_limit(limit),
    );
    let start = clock.elapsed();
    let calls = (0..19).map(|_| get_json(&c, "x"));
    for r in futures_util::future::join_all(calls).await {
        r.unwrap();
    }
    // 19 requests at 9/s, no burst: at least 18 intervals of 1/9 s.
    let elapsed = clock.elapsed() - start;
    assert!(elapsed >= Duration::from_millis(1990), "{elapsed:?}");
}

#[tokio::test]
async fn pacing_slows_down_when_the_server_reports_few_requests_left() {
    let s = server().await;
    Mock::given(method("GET"))
        .respond_with(
            ok().insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-RateLimit-Reset", "10"),
        )
        .mount(&s)
        .await;
    let clock = ManualClock::new();
    let c = client_with(
        &s.uri(),
        Auth::None,
        fast_config(&clock).with_rate_limit(RateLimit::per_minute(1000)),
    );
    get_json(&c, "x").await.unwrap();
    let before = clock.elapsed();
    get_json(&c, "x").await.unwrap();
    assert!(clock.elapsed() - before >= Duration::from_secs(10));
}

/// A server that answers every GET after `delay`, and a client of it with
/// `max_in_flight` requests at a time.
async fn slow_server_and_client(delay: Duration, max_in_flight: usize) -> (MockServer, HttpClient) {
    let s = server().await;
    Mock::given(method("GET"))
        .respond_with(ok().set_delay(delay))
        .mount(&s)
        .await;
    let c = client_with(
        &s.uri(),
        Auth::None,
        ClientConfig::default().with_max_in_flight(max_in_flight),
    );
    (s, c)
}

#[tokio::test]
async fn the_in_flight_limit_bounds_concurrency() {
    let (_server, c) = slow_server_and_client(Duration::from_millis(50), 2).await;
    let calls = (0..6).map(|_| get_json(&c, "x"));
    let started = std::time::Instant::now();
    for r in futures_util::future::join_all(calls).await {
        r.unwrap();
    }
    // Six 50 ms calls, two at a time: at least three rounds.
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn a_paced_request_that_could_only_leave_after_the_deadline_fails_at_once() {
    let s = server().await;
    Mock::given(method("GET"))
        .respond_with(ok())
        .mount(&s)
        .await;
    let clock = ManualClock::new();
    // One a minute: the second call's slot is a minute after the first.
    let c = client_with(
        &s.uri(),
        Auth::None,
        fast_config(&clock).with_rate_limit(RateLimit::per_minute(1)),
    );
    get_json(&c, "x").await.unwrap();
    let e = c
        .send_json::<Value, Value>(Request::get("x").deadline(Duration::from_secs(10)))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(e.to_string().contains("rate limit"), "{e}");
    assert_eq!(e.attempts(), 0);
    // Not a second waited, nothing sent, and the slot is still there.
    assert!(clock.sleeps().is_empty(), "{:?}", clock.sleeps());
    assert_eq!(s.received_requests().await.unwrap().len(), 1);
    get_json(&c, "x").await.unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(60)]);
}

#[tokio::test]
async fn a_paced_request_queued_behind_another_ends_at_its_deadline() {
    // One request per 800 ms, on the real clock: the second call waits for
    // its slot at the head of the pacer's queue; the third, queued behind
    // it with a 100 ms deadline, fails at that deadline, not when its turn
    // comes.
    let s = server().await;
    Mock::given(method("GET"))
        .respond_with(ok())
        .mount(&s)
        .await;
    let c = client_with(
        &s.uri(),
        Auth::None,
        ClientConfig::default().with_rate_limit(RateLimit::new(1, Duration::from_millis(800))),
    );
    get_json(&c, "x").await.unwrap();
    let e = deadline_call_behind(&c, &s, get_json(&c, "x")).await;
    assert_eq!(e.attempts(), 0);
    assert!(e.to_string().contains("rate limit"), "{e}");
    assert_eq!(s.received_requests().await.unwrap().len(), 2);
}

/// Runs `ahead` (a call that will wait for a permit or its paced slot
/// while one request has reached `s`) and, 20 ms after it, a call with a
/// 100 ms deadline queued behind it. Checks that the second call failed with
/// a timeout while `ahead` still waited (nothing more had been sent) and
/// that `ahead` then succeeded; returns the second call's error.
async fn deadline_call_behind(
    c: &HttpClient,
    s: &MockServer,
    ahead: impl std::future::Future<Output = Result<Value, Error>>,
) -> Error {
    let behind = async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let e = c
            .send_json::<Value, Value>(Request::get("x").deadline(Duration::from_millis(100)))
            .await
            .unwrap_err();
        assert_eq!(s.received_requests().await.unwrap().len(), 1);
        e
    };
    let (ahead, e) = tokio::join!(ahead, behind);
    ahead.unwrap();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    e
}

#[tokio::test]
async fn waiting_for_the_in_flight_limit_ends_at_the_deadline() {
    // The slow call holds the only permit; the other is never sent.
    let (s, c) = slow_server_and_client(Duration::from_secs(1), 1).await;
    let e = deadline_call_behind(&c, &s, get_json(&c, "x")).await;
    assert!(e.to_string().contains("in-flight limit"), "{e}");
}

#[tokio::test]
async fn a_base_path_is_kept_and_segments_are_encoded() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/v1/customers/a%2Fb%20c/vehicles/"))
        .respond_with(ok())
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    for base in [format!("{}/v1", s.uri()), format!("{}/v1/", s.uri())] {
        let c = client_with(&base, Auth::None, ClientConfig::default());
        let req = Request::get("customers")
            .segment("customer", "a/b c")
            .path("vehicles/")
            .query("q", "x&y=z");
        c.send_json::<Value, Value>(req).await.unwrap();
    }
    let reqs = s.received_requests().await.unwrap();
    assert_eq!(reqs[0].url.query(), Some("q=x%26y%3Dz"));
}

#[tokio::test]
async fn a_next_link_is_followed_on_the_configured_origin_only() {
    let ours = server().await;
    let other = server().await;
    Mock::given(path("/v1/items"))
        .and(wiremock::matchers::query_param("page", "2"))
        .respond_with(ok())
        .mount(&ours)
        .await;
    mount_catch_all(&ours).await;
    mount_catch_all(&other).await;
    let c = client_with(
        &format!("{}/v1", ours.uri()),
        Auth::bearer("secret-token"),
        ClientConfig::default(),
    );
    let link = format!("{}/v1/items?page=2", other.uri());
    let req = Request::get_link(&link).unwrap();
    c.send_json::<Value, Value>(req).await.unwrap();
    assert!(other.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    let ours = server().await;
    let other = server().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/steal", other.uri()).as_str()),
        )
        .mount(&ours)
        .await;
    mount_catch_all(&other).await;
    let c = client_with(
        &ours.uri(),
        Auth::bearer("secret-token"),
        ClientConfig::default(),
    );
    let e = get_json(&c, "x").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Http);
    assert_eq!(e.status().map(|s| s.as_u16()), Some(302));
    assert!(other.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_caller_supplied_reqwest_client_is_used() {
    let s = server().await;
    Mock::given(header("x-corp-proxy", "yes"))
        .and(header("authorization", "Bearer k"))
        .and(header("user-agent", "common-tests/0.0"))
        .and(body_json(json!({"a": 1})))
        .respond_with(ok())
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-corp-proxy", "yes".parse().unwrap());
    let custom = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let c = client_with(
        &s.uri(),
        Auth::bearer("k"),
        ClientConfig::default().with_http_client(custom),
    );
    post_json(&c, "x").await.unwrap();
}

#[tokio::test]
async fn response_metadata_is_available_beside_the_body() {
    let s = server().await;
    Mock::given(method("GET"))
        .respond_with(
            ok().insert_header("x-request-id", "req-123")
                .insert_header("x-ratelimit-limit", "100")
                .insert_header("x-ratelimit-remaining", "99")
                .insert_header("x-ratelimit-reset", "60"),
        )
        .mount(&s)
        .await;
    let c = client_with(&s.uri(), Auth::None, ClientConfig::default());
    let r = c
        .send_json::<Value, Value>(Request::get("x"))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.request_id(), Some("req-123"));
    assert_eq!(r.rate_limit().limit, Some(100));
    assert_eq!(r.rate_limit().remaining, Some(99));
    assert_eq!(r.rate_limit().reset_in, Some(Duration::from_secs(60)));
}

#[test]
fn futures_are_send_and_static_and_the_client_is_cheap_to_clone() {
    fn assert_send_static<T: Send + 'static>(_: &T) {}
    fn assert_clone_send_sync<T: Clone + Send + Sync + 'static>() {}
    assert_clone_send_sync::<HttpClient>();
    let c = client_with("http://127.0.0.1:9", Auth::None, ClientConfig::default());
    let fut = c.send_json::<Value, Value>(Request::get("x"));
    assert_send_static(&fut);
    let stream = autoclient_common::paginate(
        0u32,
        autoclient_common::WalkLimits::default(),
        |_n: u32| async { Ok::<_, Error>(autoclient_common::Page::<u8, u32>::new(vec![])) },
    );
    assert_send_static(&stream);
}

#[tokio::test]
async fn a_next_link_naming_another_host_keeps_the_base_path_prefix() {
    let ours = server().await;
    Mock::given(path("/gateway/v3/items"))
        .and(wiremock::matchers::query_param("page", "3"))
        .respond_with(ok())
        .expect(2)
        .mount(&ours)
        .await;
    mount_catch_all(&ours).await;
    let c = client_with(
        &format!("{}/gateway", ours.uri()),
        Auth::None,
        ClientConfig::default(),
    );
    // Another host's link: taken relative to the base path.
    let req = Request::get_link("https://api.elsewhere.example/v3/items?page=3").unwrap();
    c.send_json::<Value, Value>(req).await.unwrap();
    // A link that already carries the base path is kept as it is.
    let req = Request::get_link(&format!("{}/gateway/v3/items?page=3", ours.uri())).unwrap();
    c.send_json::<Value, Value>(req).await.unwrap();
}

#[tokio::test]
async fn a_next_link_on_the_configured_origin_is_followed_as_it_is() {
    let ours = server().await;
    Mock::given(path("/elsewhere/items"))
        .respond_with(ok())
        .expect(1)
        .mount(&ours)
        .await;
    mount_catch_all(&ours).await;
    let c = client_with(
        &format!("{}/gateway", ours.uri()),
        Auth::None,
        ClientConfig::default(),
    );
    let req = Request::get_link(&format!("{}/elsewhere/items", ours.uri())).unwrap();
    c.send_json::<Value, Value>(req).await.unwrap();
}

#[tokio::test]
async fn a_raw_response_decodes_later_keeping_status_and_body() {
    let s = server().await;
    Mock::given(path("/a"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"n": "x"})))
        .mount(&s)
        .await;
    Mock::given(path("/b"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&s)
        .await;
    let c = client_with(&s.uri(), Auth::None, ClientConfig::default());
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct N {
        n: u32,
    }
    let raw = c.send_bytes::<Value>(Request::get("a")).await.unwrap();
    let e = raw.json::<N, Value>().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert_eq!(e.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(e.decode_path(), Some("n"));
    assert_eq!(e.path(), Some("/a"));
    assert_eq!(e.method().map(|m| m.as_str()), Some("GET"));
    assert!(e.body_text().unwrap().contains("\"x\""));
    let raw = c.send_bytes::<Value>(Request::get("b")).await.unwrap();
    assert!(raw.json_opt::<N, Value>().unwrap().into_body().is_none());
}

#[test]
fn futures_do_not_borrow_the_client_or_the_request_data() {
    fn spawnable<F: std::future::Future + Send + 'static>(f: F) -> F {
        f
    }
    let fut = {
        let c = client_with("http://127.0.0.1:9", Auth::None, ClientConfig::default());
        let path = String::from("x");
        spawnable(c.send_json::<Value, Value>(Request::get(&path)))
    };
    drop(fut);
}

#[tokio::test]
async fn a_body_fingerprint_is_taken_only_when_the_request_asks_for_it() {
    let s = server().await;
    for (p, body) in [("/a", "[1,2,3]"), ("/b", "[1,2,3]"), ("/c", "[1,2,4]")] {
        Mock::given(method("GET"))
            .and(path(p))
            .respond_with(ResponseTemplate::new(200).set_body_string(body))
            .mount(&s)
            .await;
    }
    let c = client_with(&s.uri(), Auth::None, ClientConfig::default());
    let fp = |p: &'static str, yes: bool| {
        let fut = c.send_json::<Value, Value>(Request::get(p).fingerprint(yes));
        async move { fut.await.unwrap().fingerprint() }
    };
    assert_eq!(fp("a", false).await, None);
    let a = fp("a", true).await.expect("asked for");
    assert_eq!(
        fp("b", true).await,
        Some(a),
        "equal bodies, equal fingerprints"
    );
    assert_ne!(
        fp("c", true).await,
        Some(a),
        "another body, another fingerprint"
    );
}

#[tokio::test]
async fn a_body_in_many_chunks_is_read_whole_and_bounded() {
    let s = server().await;
    // 300 KB arrives in many chunks.
    let big = format!("[{}]", vec!["1234567890"; 30_000].join(","));
    Mock::given(method("GET"))
        .and(path("/big"))
        .respond_with(ResponseTemplate::new(200).set_body_string(big.clone()))
        .mount(&s)
        .await;
    let c = client_with(&s.uri(), Auth::None, ClientConfig::default());
    let resp = c.send_bytes::<Value>(Request::get("big")).await.unwrap();
    assert_eq!(resp.body().as_ref(), big.as_bytes());
    let small = client_with(
        &s.uri(),
        Auth::None,
        ClientConfig::default().with_max_body(100_000),
    );
    let err = small
        .send_bytes::<Value>(Request::get("big"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
}
