//! Faults no mock server shows, from a loopback TCP server that misbehaves on
//! purpose ([`run_fault_suite`]), against the ingest call: each ends in a
//! typed error of the right kind within its deadline, never a panic or a
//! hang. The ingest is an upsert (idempotent), so transport failures and 5xx
//! are retried.

use auterio_client::{Client, ClientConfig, Vehicle};
use autoclient_common::mock::{FaultCall, run_fault_suite};

const KEY: &str = "auterio-secret-key-123";

fn client(url: &str, config: ClientConfig) -> Client {
    Client::builder(KEY)
        .base_url(url)
        .config(config)
        .build()
        .unwrap()
}

#[tokio::test]
async fn ingest_is_retried_through_every_fault() {
    let batch = vec![Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf")];
    let call = FaultCall::new(
        "ingest",
        "POST",
        "/api/vehicles/ingest",
        true,
        |url: String, config| client(&url, config).ingest(&batch),
    )
    .authorization(format!("Bearer {KEY}"))
    .wrong_shape(
        br#"{"success": true, "imported": "many"}"#.to_vec(),
        "imported",
    );
    let failed = run_fault_suite(&call).await;
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
