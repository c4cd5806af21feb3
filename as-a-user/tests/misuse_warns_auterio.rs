//! The misuse of auterio-client that `#[must_use]` guards against warns: each
//! line below is expected to trigger `unused_must_use`, and an expectation
//! the lint does not meet fails the build (`unfulfilled_lint_expectations`
//! is denied). The function is never called: compiling it is the check.

#![deny(unfulfilled_lint_expectations)]

use auterio_client::mock::MockAuterio;
use auterio_client::prelude::*;
use auterio_client::{check_vehicle, stream, vin_check_digit_ok};

#[allow(dead_code, reason = "compiled for its warnings, never run")]
async fn misuse(client: Client, vehicles: Vec<Vehicle>, mock: MockAuterio, report: IngestReport) {
    #[expect(unused_must_use, reason = "an ingest_all sends nothing until awaited")]
    client.ingest_all(vehicles.clone()).concurrency(4);
    #[expect(unused_must_use, reason = "an ingest_all sends nothing until awaited")]
    client.ingest_all(vehicles.clone());
    #[expect(
        unused_must_use,
        reason = "an ingest_stream sends nothing until awaited"
    )]
    client
        .ingest_stream(stream::iter(vehicles.clone()))
        .chunk_size(100);
    let mut store = MemoryStore::new();
    #[expect(
        unused_must_use,
        reason = "an ingest_changed sends nothing until awaited"
    )]
    client.ingest_changed(vehicles.clone(), &mut store);
    #[expect(
        unused_must_use,
        reason = "an ingest_changed sends nothing until awaited"
    )]
    client
        .ingest_changed_stream(stream::iter(vehicles.clone()), &mut store)
        .concurrency(2);
    #[expect(unused_must_use, reason = "a fingerprint computed and dropped")]
    auterio_client::Fingerprint::of(&vehicles[0]);
    #[expect(unused_must_use, reason = "an ingest sends nothing until awaited")]
    client.ingest(&vehicles);
    #[expect(unused_must_use, reason = "an ingest sends nothing until awaited")]
    client.ingest_with_response(&vehicles);

    #[expect(unused_must_use, reason = "a builder does nothing without .build()")]
    Client::builder("k").base_url("http://127.0.0.1:1");
    #[expect(unused_must_use, reason = "a builder does nothing without .build()")]
    Client::builder("k");
    #[expect(unused_must_use, reason = "a builder does nothing without .build()")]
    mock.client_builder("k");

    let golf = Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf");
    #[expect(unused_must_use, reason = "a setter returns the changed vehicle")]
    golf.clone().year(2024);
    #[expect(unused_must_use, reason = "a vehicle made and dropped")]
    Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf");

    #[expect(unused_must_use, reason = "a check only reports")]
    golf.check();
    #[expect(unused_must_use, reason = "a check only reports")]
    check_vehicle(&golf, "");
    #[expect(unused_must_use, reason = "a check only reports")]
    vin_check_digit_ok(&golf.vin);
    #[expect(unused_must_use, reason = "a question whose answer is dropped")]
    report.is_complete();
}

#[test]
fn the_misuse_above_compiles_only_because_each_line_warns() {}
