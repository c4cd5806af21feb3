//! The change-only ingest against the stateful mock: a second run sends
//! nothing, a changed field is sent, a vehicle the server skipped keeps its
//! old fingerprint and is sent again, and VINs gone from the input are named.

use std::time::Duration;

use auterio_client::mock::MockAuterio;
use auterio_client::{
    Client, ClientConfig, FingerprintStore, MemoryStore, RetryPolicy, SyncOutcome, Vehicle,
};
use serde_json::Value;

fn vin(i: usize) -> String {
    format!("VSSZZZ6JZ{i:08}")
}

fn inventory(n: usize) -> Vec<Vehicle> {
    (0..n)
        .map(|i| Vehicle::new(vin(i), "SEAT", "Ibiza").year(2020))
        .collect()
}

fn client(mock: &MockAuterio) -> Client {
    mock.client_builder(auterio_client::mock::MOCK_API_KEY)
        .config(
            ClientConfig::default()
                .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(10))),
        )
        .build()
        .unwrap()
}

/// The VINs of every vehicle the mock received, request by request.
async fn sent(mock: &MockAuterio) -> Vec<Vec<String>> {
    mock.received_requests()
        .await
        .iter()
        .map(|r| {
            let v: Value = serde_json::from_slice(&r.body).unwrap();
            v["vehicles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["vin"].as_str().unwrap().to_owned())
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn a_second_run_sends_nothing_and_a_changed_field_is_sent_alone() {
    let mock = MockAuterio::start().await;
    let client = client(&mock);
    let mut store = MemoryStore::new();

    let first = client
        .ingest_changed(inventory(2500), &mut store)
        .await
        .unwrap();
    assert!(first.is_complete(), "{first}");
    assert_eq!(first.accepted(), 2500);
    assert_eq!(first.unchanged, 0);
    assert_eq!(sent(&mock).await.len(), 3);
    assert_eq!(store.len(), 2500);

    let second = client
        .ingest_changed(inventory(2500), &mut store)
        .await
        .unwrap();
    assert!(
        second.is_complete() && second.accounts_for_all(),
        "{second}"
    );
    assert_eq!(second.unchanged, 2500);
    assert!(second.outcomes.is_empty());
    assert_eq!(sent(&mock).await.len(), 3, "the second run sent a request");

    let mut changed = inventory(2500);
    changed[1234] = changed[1234].clone().mileage(42);
    changed[7] = changed[7].clone().notes("new");
    let third = client.ingest_changed(changed, &mut store).await.unwrap();
    assert!(third.is_complete(), "{third}");
    assert_eq!(third.unchanged, 2498);
    assert_eq!(third.accepted(), 2);
    let requests = sent(&mock).await;
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[3], vec![vin(7), vin(1234)]);
    assert_eq!(mock.vehicle(&vin(1234)).unwrap()["mileage"], 42);
    assert_eq!(
        third.to_string(),
        "read 2500 vehicles: 2 accepted, 2498 unchanged, 0 failed"
    );
    assert_eq!(third.outcomes[0].position, 7);
}

#[tokio::test]
async fn a_vehicle_the_server_skips_keeps_its_old_fingerprint_and_is_sent_again() {
    let mock = MockAuterio::start().await;
    let client = client(&mock);
    let mut store = MemoryStore::new();
    client
        .ingest_changed(inventory(3), &mut store)
        .await
        .unwrap();
    let before = store.get(&vin(1)).unwrap();

    // A blank brand: the mock skips it and names it under `errors` (beside
    // a valid change, as a chunk of invalid vehicles only is a 400).
    for run in 0..2 {
        let mut bad = inventory(3);
        bad[1].brand = " ".into();
        bad[0] = bad[0].clone().mileage(run);
        let report = client.ingest_changed(bad, &mut store).await.unwrap();
        assert_eq!(report.unchanged, 1, "run {run}: {report}");
        assert_eq!(report.skipped_by_server(), 1);
        assert_eq!(report.accepted(), 1);
        assert!(!report.is_complete());
        assert!(report.accounts_for_all());
        assert!(matches!(
            &report.outcomes[1].outcome,
            SyncOutcome::SkippedByServer { error } if error.vin() == Some(vin(1).as_str())
        ));
        assert_eq!(store.get(&vin(1)), Some(before), "run {run}");
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["outcomes"][1]["outcome"], "skipped_by_server");
        assert_eq!(json["outcomes"][0]["outcome"], "accepted");
    }
    let both = vec![vin(0), vin(1)];
    assert_eq!(sent(&mock).await[1..], [both.clone(), both]);
    assert_eq!(mock.vehicle(&vin(1)).unwrap()["brand"], "SEAT");
}

#[tokio::test]
async fn vins_gone_from_the_input_are_reported_until_forgotten() {
    let mock = MockAuterio::start().await;
    let client = client(&mock);
    let mut store = MemoryStore::new();
    client
        .ingest_changed(inventory(5), &mut store)
        .await
        .unwrap();
    let fewer: Vec<Vehicle> = inventory(5)
        .into_iter()
        .filter(|v| v.vin != vin(1) && v.vin != vin(3))
        .collect();
    let report = client
        .ingest_changed(fewer.clone(), &mut store)
        .await
        .unwrap();
    assert_eq!(report.disappeared, vec![vin(1), vin(3)]);
    assert!(
        report
            .to_string()
            .ends_with("; 2 VINs disappeared from the input")
    );
    assert_eq!(sent(&mock).await.len(), 1, "nothing sent for them");

    store.forget(&vin(3));
    let report = client.ingest_changed(fewer, &mut store).await.unwrap();
    assert_eq!(report.disappeared, vec![vin(1)]);
}
