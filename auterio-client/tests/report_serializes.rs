//! An ingest report, and each of its parts, can be cloned and serialized,
//! so that a user can log or store it.

use std::time::Duration;

use auterio_client::mock::{Fault, MockAuterio};
use auterio_client::{
    ChunkReport, Discrepancy, Duplicate, FailedChunk, IngestReport, Rejected, Stopped, Vehicle,
    serde_json,
};
use serde_json::{Value, json};

/// Compiles only if `T` is Clone + Debug + Serialize.
fn loggable<T: Clone + std::fmt::Debug + serde::Serialize>() {}

#[test]
fn every_report_type_is_clone_debug_and_serialize() {
    loggable::<IngestReport>();
    loggable::<ChunkReport>();
    loggable::<FailedChunk>();
    loggable::<Duplicate>();
    loggable::<Discrepancy>();
    loggable::<Rejected>();
    loggable::<Stopped>();
}

#[tokio::test]
async fn a_report_with_a_failed_chunk_a_rejection_and_a_duplicate_serializes_whole() {
    let mock = MockAuterio::start().await;
    mock.faults().push(Fault::slow(Duration::ZERO)); // chunk 0 passes
    mock.faults()
        .push_n(Fault::status(500).body("<html>oops</html>"), 3); // chunk 1 fails
    let vehicles = vec![
        Vehicle::new("VSSZZZ6JZNR000001", "SEAT", "Ibiza"),
        Vehicle::new("SHORT", "SEAT", "Ibiza"),
        Vehicle::new("VSSZZZ6JZNR000001", "SEAT", "Ibiza"),
        Vehicle::new("VSSZZZ6JZNR000002", "SEAT", "León"),
    ];
    let report = mock
        .client()
        .ingest_all(vehicles)
        .detect_duplicates(true)
        .chunk_size(2)
        .check_before_sending(true)
        .await;
    let copy = report.clone();
    assert_eq!(copy.to_string(), report.to_string());

    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["read"], 4);
    assert_eq!(json["chunks"][0]["sent"], 2);
    assert_eq!(
        json["duplicates"][0],
        json!({"vin": "VSSZZZ6JZNR000001", "first_position": 0, "position": 2})
    );
    assert_eq!(
        json["rejected"][0]["violations"][0],
        json!({"field": "vin", "message": "must be 17 characters, not 5"})
    );
    let failed = &json["failed"][0];
    assert_eq!(failed["vins"], json!(["VSSZZZ6JZNR000002"]));
    assert_eq!(failed["error"]["kind"], "Server");
    assert_eq!(failed["error"]["status"], 500);
    assert_eq!(failed["error"]["attempts"], 3);
    let message = failed["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("POST /api/vehicles/ingest: "),
        "{message}"
    );
    assert_eq!(json["stopped"], Value::Null);
}
