//! Faults no mock server shows, from a loopback TCP server that misbehaves on
//! purpose ([`run_fault_suite`]), against the ingest call: each ends in a
//! typed error of the right kind within its deadline, never a panic or a
//! hang. The ingest is an upsert (idempotent), so transport failures and 5xx
//! are retried. Then answers that do not account for the vehicles sent
//! (`success: false`, counts that do not add up) and how the ingest report
//! shows them.

use auterio_client::{Client, ClientConfig, Vehicle};
use testkit::{FaultCall, RawFault, RawServer, run_fault_suite};

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

/// An inventory of `n` valid vehicles.
fn inventory(n: usize) -> Vec<Vehicle> {
    (0..n)
        .map(|i| Vehicle::new(format!("VSSZZZ6JZ{i:08}"), "SEAT", "Ibiza"))
        .collect()
}

/// A loopback server answering every ingest with 200 and this JSON body.
async fn answering(body: &str) -> RawServer {
    RawServer::start(RawFault::Respond {
        status: 200,
        content_type: "application/json",
        body: body.as_bytes().to_vec(),
    })
    .await
    .expect("server")
}

#[tokio::test]
async fn chunks_answered_success_false_are_not_accounted_for_even_when_the_counts_add_up() {
    let server = answering(r#"{"success": false, "imported": 2, "skipped": 0}"#).await;
    let report = client(&server.url(), ClientConfig::default())
        .ingest_all(inventory(4))
        .chunk_size(2)
        .await;
    assert_eq!(server.hits(), 2, "a 200 is not retried");
    assert_eq!(report.chunks.len(), 2);
    assert_eq!(report.discrepancies.len(), 2, "{report}");
    assert!(report.discrepancies.iter().all(|d| !d.success));
    assert_eq!(report.unaccounted(), 4);
    assert!(!report.is_complete());
    let shown = report.to_string();
    assert!(
        shown.contains("4 not accounted for by the server"),
        "{shown}"
    );
    assert!(shown.contains("success: false"), "{shown}");
}

#[tokio::test]
async fn chunks_whose_counts_do_not_add_up_are_not_accounted_for() {
    // Chunks of 2, 2 and 1 answered "1 imported": the chunks of two are one
    // short each; the chunk of one adds up.
    let short = answering(r#"{"success": true, "imported": 1, "skipped": 0}"#).await;
    let report = client(&short.url(), ClientConfig::default())
        .ingest_all(inventory(5))
        .chunk_size(2)
        .await;
    let short_chunks: Vec<_> = report.discrepancies.iter().map(|d| d.index).collect();
    assert_eq!(short_chunks, vec![0, 1], "{report}");
    assert_eq!(report.unaccounted(), 2);
    assert!(!report.is_complete());
    assert!(report.accounts_for_all(), "every vehicle was sent");
    let shown = report.to_string();
    assert!(
        shown.contains("2 not accounted for by the server"),
        "{shown}"
    );
    assert!(
        shown.contains(
            "chunk 0: sent 2 but the server counted 1 imported + 0 skipped; 1 not accounted for"
        ),
        "{shown}"
    );

    // Answered "1 imported + 1 skipped": the chunk of one is over-counted,
    // an answer that accounts for none of it.
    let over = answering(r#"{"success": true, "imported": 1, "skipped": 1}"#).await;
    let report = client(&over.url(), ClientConfig::default())
        .ingest_all(inventory(5))
        .chunk_size(2)
        .await;
    let over_chunks: Vec<_> = report.discrepancies.iter().map(|d| d.index).collect();
    assert_eq!(over_chunks, vec![2], "{report}");
    assert_eq!(report.unaccounted(), 1);
    assert!(
        report
            .to_string()
            .contains("1 not accounted for by the server")
    );
}

#[tokio::test]
async fn a_report_whose_answers_add_up_shows_nothing_unaccounted_for() {
    let server = answering(r#"{"success": true, "imported": 1, "skipped": 1}"#).await;
    let report = client(&server.url(), ClientConfig::default())
        .ingest_all(inventory(4))
        .chunk_size(2)
        .await;
    assert!(report.is_complete(), "{report}");
    assert_eq!(report.unaccounted(), 0);
    assert!(!report.to_string().contains("not accounted for"));
}
