//! A change-only ingest interrupted by faults (injected per request through
//! the mock's fault queue) and run again converges: the server ends with the
//! input, and no vehicle whose acceptance the client saw is sent again.

use std::collections::HashMap;
use std::time::Duration;

use auterio_client::mock::{Fault, MockAuterio};
use auterio_client::{Client, ClientConfig, FileStore, RetryPolicy, SyncOutcome, Vehicle};
use serde_json::Value;

fn vin(i: usize) -> String {
    format!("VSSZZZ6JZ{i:08}")
}

fn inventory(n: usize) -> Vec<Vehicle> {
    (0..n)
        .map(|i| Vehicle::new(vin(i), "SEAT", "Ibiza").year(2020))
        .collect()
}

/// No retries, and a 200 ms attempt timeout: one fault fails one chunk.
fn client(mock: &MockAuterio) -> Client {
    mock.client_builder(auterio_client::mock::MOCK_API_KEY)
        .config(
            ClientConfig::default()
                .with_retry(RetryPolicy::none())
                .with_attempt_timeout(Duration::from_millis(200)),
        )
        .build()
        .unwrap()
}

/// VINs the mock received from request `from` on, with how often.
async fn received_from(mock: &MockAuterio, from: usize) -> HashMap<String, usize> {
    let mut n = HashMap::new();
    for r in mock.received_requests().await.iter().skip(from) {
        let v: Value = serde_json::from_slice(&r.body).unwrap();
        for veh in v["vehicles"].as_array().unwrap() {
            *n.entry(veh["vin"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    n
}

#[tokio::test]
async fn an_interrupted_sync_run_again_sends_only_what_was_not_confirmed() {
    let dir = std::env::temp_dir().join(format!("auterio-converge-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    let mock = MockAuterio::start().await;
    let client = client(&mock);
    let input = inventory(3000);

    // Chunks of 500: 0 and 1 pass, 2 gets a 500, 3 is stored by the server
    // but answered too late (its outcome unknown to the client), 4 passes,
    // 5 gets a 401, which stops the run.
    let pass = Fault::slow(Duration::ZERO);
    for f in [
        pass.clone(),
        pass.clone(),
        Fault::status(500),
        Fault::slow(Duration::from_millis(600)),
        pass,
        Fault::status(401),
    ] {
        mock.faults().push(f);
    }
    let mut store = FileStore::open(&path).unwrap();
    let first = client
        .ingest_changed(input.clone(), &mut store)
        .chunk_size(500)
        .await
        .unwrap();
    assert!(first.accounts_for_all(), "{first}");
    assert_eq!(first.accepted(), 1500, "{first}");
    assert_eq!(first.failed(), 1500, "{first}");
    assert!(
        first.outcomes[1000..1500]
            .iter()
            .all(|o| matches!(o.outcome, SyncOutcome::Failed { .. }))
    );
    let confirmed: Vec<String> = first
        .outcomes
        .iter()
        .filter(|o| matches!(o.outcome, SyncOutcome::Accepted))
        .map(|o| o.vin.clone())
        .collect();
    let requests = mock.received_requests().await.len();

    // Run again, from the file, without faults.
    let mut store = FileStore::open(&path).unwrap();
    assert_eq!(store.len(), 1500);
    let second = client
        .ingest_changed(input.clone(), &mut store)
        .chunk_size(500)
        .await
        .unwrap();
    assert!(second.is_complete(), "{second}");
    assert_eq!(second.unchanged, 1500);
    assert_eq!(second.accepted(), 1500);
    let resent = received_from(&mock, requests).await;
    assert_eq!(resent.len(), 1500);
    assert!(resent.values().all(|n| *n == 1), "sent twice in one run");
    for v in &confirmed {
        assert!(!resent.contains_key(v), "{v} was accepted, and sent again");
    }

    // Converged: the server holds the input, and a third run sends nothing.
    let stored = mock.vehicles();
    assert_eq!(stored.len(), 3000);
    for v in &input {
        assert_eq!(stored[&v.vin], {
            let mut j = serde_json::to_value(v).unwrap();
            j["status"] = "disponible".into();
            j
        });
    }
    let requests = mock.received_requests().await.len();
    let mut store = FileStore::open(&path).unwrap();
    let third = client.ingest_changed(input, &mut store).await.unwrap();
    assert_eq!(third.unchanged, 3000);
    assert_eq!(mock.received_requests().await.len(), requests);
    let _ = std::fs::remove_dir_all(&dir);
}
