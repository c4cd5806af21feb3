//! Per-call overhead of auterio-client beside a plain reqwest + serde_json
//! baseline doing the same work, against a local server answering canned
//! bytes. The Auterio API has a single operation, a POST; there is no GET to
//! measure.
//!
//! * `auterio_post`: `ingest` of a typical batch of 10 vehicles, the
//!   response decoded.
//!
//! The baseline sends the same method, path, `Authorization`, `Accept`,
//! `User-Agent` and body (encoded from the same model types) and decodes into the same
//! response type, so the ratio is the SDK's own cost (checks, URL building,
//! auth, the attempt loop, body limits, error mapping).
//!
//! Run with `cargo bench -p auterio-client --bench call`. After criterion's
//! report, it prints the median ratio ours/baseline of interleaved rounds
//! with its 95% confidence interval.

use std::time::Duration;

use auterio_client::{Client, IngestRequest, IngestResponse};
use criterion::Criterion;
use testkit::{CannedServer, baseline_client_with_timeout, same_work_ratios};

mod support;
use support::vehicles;

/// Calls per interleaved round.
const CALLS: usize = 200;
/// Interleaved rounds.
const ROUNDS: usize = 31;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = rt
        .block_on(CannedServer::start(
            200,
            r#"{"success":true,"imported":10,"skipped":0,"source":"bench"}"#,
        ))
        .expect("server");
    let base = server.url();
    let new_client = || support::client(&base);
    let client = new_client();
    // The baseline with a plain client (no timeout at all), and with one
    // whose requests carry reqwest's own timeout, as ours carry their
    // per-attempt timeout (the same work).
    let plain = reqwest::Client::new();
    let timed = baseline_client_with_timeout().expect("reqwest client");
    let url = format!("{base}/api/vehicles/ingest");
    let batch = vehicles(10);

    let ours = |client: &Client| {
        let fut = client.ingest(&batch);
        async move {
            let resp: IngestResponse = fut.await.expect("ours");
            assert_eq!(resp.imported, 10);
        }
    };
    let base = |http: &reqwest::Client| {
        let body = serde_json::to_vec(&IngestRequest::new(&batch[..])).expect("encode");
        let req = http
            .post(&url)
            .bearer_auth("bench-key")
            .header("accept", "application/json")
            .header("user-agent", auterio_client::USER_AGENT)
            .header("content-type", "application/json")
            .body(body)
            .send();
        async move {
            let resp = req.await.expect("send");
            assert!(resp.status().is_success());
            let bytes = resp.bytes().await.expect("body");
            let resp: IngestResponse = serde_json::from_slice(&bytes).expect("decode");
            assert_eq!(resp.imported, 10);
        }
    };

    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut g = c.benchmark_group("auterio_post");
    g.bench_function("ours", |b| b.to_async(&rt).iter(|| ours(&client)));
    g.bench_function("baseline", |b| b.to_async(&rt).iter(|| base(&plain)));
    g.bench_function("baseline_with_timeout", |b| {
        b.to_async(&rt).iter(|| base(&timed))
    });
    g.finish();
    c.final_summary();

    // Every round on fresh clients: see `same_work_ratios`.
    let (plain_report, timed_report) =
        same_work_ratios(&rt, "auterio_post", ROUNDS, CALLS, new_client, ours, base)
            .expect("reqwest client");
    println!("{plain_report}\n{timed_report}");
}
