//! The load runner itself (`testkit::run_load`): it reports
//! every result, a call that never ends as a deadlock, a call that panics,
//! and descriptors over their bound. The API crates' tests/load.rs put 1,000
//! concurrent calls through it.

use std::time::Duration;

use autoclient_common::{Auth, ClientConfig, Error, ErrorKind, HttpClient, Request};
use serde_json::{Value, json};
use testkit::{LoadReport, mount_catch_all, run_load};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_result_is_reported_in_call_order() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/ok"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/missing"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let client = HttpClient::new(
        autoclient_common::parse_base_url(&s.uri()).unwrap(),
        Auth::bearer("t"),
        "load/0",
        ClientConfig::default().with_max_in_flight(4),
    )
    .unwrap();
    let report = run_load(100, Duration::from_secs(60), |i| {
        let p = if i % 10 == 3 { "missing" } else { "ok" };
        client.send_json::<Value, Value>(Request::get(p))
    })
    .await
    .unwrap();
    assert_eq!(report.results.len(), 100);
    let failed = report.failures();
    assert_eq!(failed.len(), 10);
    assert!(
        failed
            .iter()
            .all(|&(i, kind)| i % 10 == 3 && kind == ErrorKind::NotFound)
    );
    report.sockets_bounded(4, 16).unwrap();
}

#[tokio::test]
async fn a_call_that_never_ends_is_a_deadlock_and_a_panic_is_reported() {
    let hung = run_load(3, Duration::from_millis(100), |_| {
        std::future::pending::<Result<(), Error<Value>>>()
    })
    .await
    .unwrap_err();
    assert!(hung.contains("did not all end within 100ms"), "{hung}");

    let panicked = run_load(3, Duration::from_secs(5), |i| async move {
        assert_ne!(i, 1, "call 1 fails its own check");
        Ok::<(), Error<Value>>(())
    })
    .await
    .unwrap_err();
    assert!(
        panicked.starts_with("call 1 did not end normally"),
        "{panicked}"
    );
}

#[test]
fn descriptors_over_their_bound_are_named() {
    let report = |peak, after| LoadReport::<(), Value> {
        results: Vec::new(),
        elapsed: Duration::ZERO,
        fds_before: Some(10),
        fds_peak: Some(peak),
        fds_after: Some(after),
        call_future_bytes: 0,
    };
    // 10 before, 4 in flight (8 descriptors), margin 2: bound 20.
    assert!(report(20, 12).sockets_bounded(4, 2).is_ok());
    let e = report(21, 12).sockets_bounded(4, 2).unwrap_err();
    assert_eq!(
        e,
        "open descriptors: before 10, peak 21, after 12; bound 20"
    );
    assert!(report(15, 25).sockets_bounded(4, 2).is_err());
    let unknown = LoadReport::<(), Value> {
        fds_before: None,
        fds_peak: None,
        fds_after: None,
        ..report(0, 0)
    };
    assert!(unknown.sockets_bounded(0, 0).is_ok());
}
