//! Whole-inventory ingest against the stateful mock.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use auterio_client::mock::{Fault, MockAuterio};
use auterio_client::{Client, ClientConfig, ErrorKind, RetryPolicy, Vehicle};
use autoclient_common::ManualClock;
use serde_json::Value;

fn vin(i: usize) -> String {
    format!("VSSZZZ6JZ{:08}", i)
}

fn inventory(n: usize) -> Vec<Vehicle> {
    (0..n)
        .map(|i| Vehicle::new(vin(i), "SEAT", "Ibiza").year(2020))
        .collect()
}

fn client(mock: &MockAuterio, clock: &ManualClock) -> Client {
    mock.client_builder(auterio_client::mock::MOCK_API_KEY)
        .config(
            ClientConfig::default()
                .with_clock(clock.clone())
                .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(10))),
        )
        .build()
        .unwrap()
}

async fn chunk_sizes(mock: &MockAuterio) -> Vec<usize> {
    mock.received_requests()
        .await
        .iter()
        .map(|r| {
            let v: Value = serde_json::from_slice(&r.body).unwrap();
            v["vehicles"].as_array().unwrap().len()
        })
        .collect()
}

#[tokio::test]
async fn a_2500_vehicle_inventory_goes_as_1000_1000_500_with_every_vin_once() {
    let mock = MockAuterio::start().await;
    let clock = ManualClock::new();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    let report = client(&mock, &clock)
        .ingest_all(inventory(2500))
        .on_chunk(move |e| s.lock().unwrap().push((e.index(), e.vehicles())))
        .await;
    assert!(report.is_complete(), "{report}");
    assert!(report.accounts_for_all());
    assert_eq!(report.read, 2500);
    assert_eq!(report.imported(), 2500);
    assert_eq!(chunk_sizes(&mock).await, vec![1000, 1000, 500]);
    let mut vins = Vec::new();
    for r in mock.received_requests().await {
        let v: Value = serde_json::from_slice(&r.body).unwrap();
        for veh in v["vehicles"].as_array().unwrap() {
            vins.push(veh["vin"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(vins.len(), 2500);
    assert_eq!(vins.iter().collect::<HashSet<_>>().len(), 2500);
    assert_eq!(mock.vehicles().len(), 2500);
    assert_eq!(*seen.lock().unwrap(), vec![(0, 1000), (1, 1000), (2, 500)]);
}

#[tokio::test]
async fn concurrent_chunks_account_for_everything() {
    let mock = MockAuterio::start().await;
    let clock = ManualClock::new();
    let report = client(&mock, &clock)
        .ingest_stream(futures_util::stream::iter(inventory(4321)))
        .chunk_size(500)
        .concurrency(4)
        .await;
    assert!(report.is_complete(), "{report}");
    assert_eq!(report.chunks.len(), 9);
    assert_eq!(mock.vehicles().len(), 4321);
}

#[tokio::test]
async fn a_429_in_the_middle_is_recovered_with_nothing_lost() {
    let mock = MockAuterio::start().await;
    mock.faults().push(Fault::slow(Duration::ZERO)); // chunk 0 passes
    mock.faults().push(Fault::rate_limited(7)); // chunk 1's first attempt
    let clock = ManualClock::new();
    let report = client(&mock, &clock).ingest_all(inventory(2500)).await;
    assert!(report.is_complete(), "{report}");
    assert_eq!(mock.vehicles().len(), 2500);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(7)]);
    assert_eq!(report.chunks[1].attempts, 2);
}

#[tokio::test]
async fn a_chunk_whose_500s_outlast_the_retries_is_reported_with_its_vins() {
    let mock = MockAuterio::start().await;
    mock.faults().push(Fault::slow(Duration::ZERO)); // chunk 0 passes
    mock.faults()
        .push_n(Fault::status(500).body("<html>oops</html>"), 3); // chunk 1: 3 attempts
    let clock = ManualClock::new();
    let report = client(&mock, &clock).ingest_all(inventory(2500)).await;
    assert!(!report.is_complete());
    assert!(report.accounts_for_all());
    assert!(report.stopped.is_none(), "a 500 does not stop the run");
    assert_eq!(report.failed.len(), 1);
    let failed = &report.failed[0];
    assert_eq!(failed.index, 1);
    assert_eq!(failed.first_position, 1000);
    assert_eq!(failed.vins, (1000..2000).map(vin).collect::<Vec<_>>());
    assert_eq!(failed.error.kind(), ErrorKind::Server);
    assert_eq!(failed.error.attempts(), 3);
    assert_eq!(mock.vehicles().len(), 1500);
    assert!(report.to_string().contains("chunk 1 FAILED"));
}

#[tokio::test]
async fn a_401_on_the_first_chunk_stops_the_run_and_names_what_was_not_sent() {
    let mock = MockAuterio::start().await;
    mock.faults().push(
        Fault::status(401)
            .body(r#"{"success":false,"error":"Missing or invalid Authorization header"}"#),
    );
    let clock = ManualClock::new();
    let report = client(&mock, &clock).ingest_all(inventory(2500)).await;
    let stopped = report.stopped.as_ref().expect("the run stopped");
    assert_eq!(stopped.at_chunk, 0);
    assert_eq!(stopped.not_sent, (1000..2500).map(vin).collect::<Vec<_>>());
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].error.kind(), ErrorKind::Unauthorized);
    assert_eq!(mock.received_requests().await.len(), 1);
    assert!(report.accounts_for_all());
    assert_eq!(report.read, 2500);
}

#[tokio::test]
async fn an_inactive_key_stops_the_run_with_403() {
    let mock = MockAuterio::start_with_keys(&["k"], &["k"]).await;
    let report = mock.client_with_key("k").ingest_all(inventory(1500)).await;
    assert_eq!(report.failed[0].error.kind(), ErrorKind::Forbidden);
    assert_eq!(report.stopped.as_ref().unwrap().not_sent.len(), 500);
}

#[tokio::test]
async fn duplicate_vins_are_flagged_and_invalid_vehicles_reported() {
    let mock = MockAuterio::start().await;
    let mut inv = inventory(10);
    inv.push(Vehicle::new(vin(3), "SEAT", "León"));
    inv.push(Vehicle::new("TOO-SHORT", "SEAT", "León"));
    // Off by default: nothing is flagged.
    let report = mock.client().ingest_all(inv.clone()).await;
    assert!(report.duplicates.is_empty());
    let report = mock.client().ingest_all(inv).detect_duplicates(true).await;
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!(report.duplicates[0].vin, vin(3));
    assert_eq!(
        (
            report.duplicates[0].first_position,
            report.duplicates[0].position
        ),
        (3, 10)
    );
    assert_eq!(report.skipped(), 1);
    assert_eq!(report.chunks[0].errors[0].vin(), Some("TOO-SHORT"));
    assert_eq!(mock.vehicle(&vin(3)).unwrap()["model"], "León");
    // With the checks on, the invalid vehicle is not sent at all.
    let report = mock
        .client()
        .ingest_all(vec![
            Vehicle::new("TOO-SHORT", "SEAT", "León"),
            Vehicle::new(vin(99), "SEAT", "Arona"),
        ])
        .check_before_sending(true)
        .await;
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.sent(), 1);
    assert!(report.accounts_for_all());
}

#[tokio::test]
async fn more_than_1000_vehicles_in_one_ingest_is_refused_before_sending() {
    let mock = MockAuterio::start().await;
    let e = mock.client().ingest(&inventory(1001)).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    assert!(e.to_string().contains("at most 1000"), "{e}");
    assert_eq!(e.attempts(), 0);
    assert!(mock.received_requests().await.is_empty());
    // Exactly 1,000 is fine.
    let r = mock.client().ingest(&inventory(1000)).await.unwrap();
    assert_eq!(r.imported, 1000);
}

#[tokio::test]
async fn the_mock_refuses_bad_payloads_and_too_many_vehicles_itself() {
    let mock = MockAuterio::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/api/vehicles/ingest", mock.base_url());
    let auth = format!("Bearer {}", auterio_client::mock::MOCK_API_KEY);
    let too_many = serde_json::json!({"vehicles": vec![serde_json::json!({"vin": vin(1), "brand": "a", "model": "b"}); 1001]});
    for body in [
        serde_json::json!({"cars": []}),
        too_many,
        serde_json::json!({"vehicles": [{"vin": "x"}]}),
    ] {
        let r = http
            .post(&url)
            .header("authorization", &auth)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
    }
    let r = http
        .post(&url)
        .json(&serde_json::json!({"vehicles": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let r = http
        .post(&url)
        .header("authorization", "Bearer wrong")
        .json(&serde_json::json!({"vehicles": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
}

#[tokio::test]
async fn a_vec_an_iterator_and_a_stream_give_the_same_report() {
    // The vector is read in place, other inputs vehicle by vehicle: the
    // outcome must not depend on which.
    let mut summaries = Vec::new();
    for input in ["vec", "iter", "stream"] {
        let mock = MockAuterio::start().await;
        mock.faults().push(Fault::slow(Duration::ZERO));
        mock.faults().push_n(Fault::status(500), 3);
        mock.faults().push(
            Fault::status(401)
                .body(r#"{"success":false,"error":"Missing or invalid Authorization header"}"#),
        );
        let clock = ManualClock::new();
        let c = client(&mock, &clock);
        let mut inv = inventory(3500);
        inv[1200].vin = "SHORT".into();
        inv[1500].vin = inv[5].vin.clone();
        let all = match input {
            "vec" => c.ingest_all(inv),
            // Not a `vec::IntoIter`: read vehicle by vehicle.
            "iter" => c.ingest_all(inv.into_iter().chain(std::iter::empty())),
            _ => c.ingest_stream(futures_util::stream::iter(inv)),
        };
        let report = all.check_before_sending(true).detect_duplicates(true).await;
        assert!(report.accounts_for_all(), "{input}");
        let stopped = report.stopped.as_ref().expect("stopped");
        summaries.push((
            report.read,
            report
                .chunks
                .iter()
                .map(|c| (c.index, c.first_position, c.sent))
                .collect::<Vec<_>>(),
            report
                .failed
                .iter()
                .map(|f| (f.index, f.first_position, f.vins.clone()))
                .collect::<Vec<_>>(),
            report
                .rejected
                .iter()
                .map(|r| (r.position, r.vin.clone()))
                .collect::<Vec<_>>(),
            report.duplicates.clone(),
            stopped.not_sent.clone(),
        ));
    }
    assert_eq!(summaries[0], summaries[1], "vec versus iterator");
    assert_eq!(summaries[0], summaries[2], "vec versus stream");
    let (read, chunks, failed, rejected, duplicates, not_sent) = &summaries[0];
    assert_eq!(*read, 3500);
    assert_eq!(chunks, &[(0, 0, 1000)]);
    assert_eq!(failed.len(), 2);
    assert_eq!(
        (failed[0].0, failed[0].1, failed[0].2.len()),
        (1, 1000, 1000)
    );
    // Chunk 1 skipped the rejected vehicle at 1200, so it ends at 2000.
    assert!(!failed[0].2.contains(&"SHORT".to_owned()));
    assert_eq!(failed[1].1, 2001);
    assert_eq!(rejected, &[(1200, "SHORT".to_owned())]);
    assert_eq!((duplicates.len(), duplicates[0].position), (1, 1500));
    assert_eq!(not_sent.len(), 3500 - 2001 - 1000);
}

#[tokio::test]
async fn the_report_counts_one_vehicle_and_one_chunk_in_the_singular() {
    let mock = MockAuterio::start().await;
    mock.faults()
        .push(Fault::status(401).body(r#"{"success":false,"error":"Missing"}"#));
    let report = mock.client().ingest_all(inventory(2)).chunk_size(1).await;
    let shown = report.to_string();
    assert!(shown.starts_with("read 2 vehicles in 1 chunk: "), "{shown}");
    assert!(
        shown.contains("chunk 0 FAILED (1 vehicle from position 0)"),
        "{shown}"
    );
    assert!(
        shown.contains("STOPPED at chunk 0: 1 vehicle was never sent"),
        "{shown}"
    );
}
