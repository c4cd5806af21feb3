//! Criterion benchmarks of auterio-client beside a plain reqwest + serde_json
//! baseline doing the same work:
//!
//! * `encode_1000`: encoding a 1,000-vehicle ingest body.
//! * `ingest_all_100k_in_flight_1` and `_4`: `ingest_all` of 100,000
//!   vehicles (100 requests of 1,000) with 1 and with 4 requests in flight,
//!   into a local server that answers with canned bytes, beside a baseline
//!   with the same chunking and concurrency that sends the same bytes: plain
//!   reqwest + serde_json encoding the same `Vehicle` values (as the per-call
//!   benchmarks decode into the same model types), so that the ratio is
//!   `ingest_all`'s own cost. Ours runs with `detect_duplicates(false)` (the
//!   default; the baseline looks for no duplicates either);
//!   `ours_with_duplicate_detection` measures `detect_duplicates(true)`. `baseline_plain_structs` is the same baseline
//!   with hand-written 13-field structs and `f64` prices instead of the
//!   model (other bytes on the wire; `encode_1000` isolates that difference).
//!
//! After criterion's own report, each pair prints the median ratio
//! ours/baseline of interleaved rounds with its 95% confidence interval.
//! Run with `cargo bench -p auterio-client --features mock --bench ingest`.

use std::time::Instant;

use auterio_client::{Client, IngestRequest, Vehicle};
use criterion::{BatchSize, Criterion, criterion_group};
use futures_util::StreamExt;
use serde::Serialize;
use testkit::{CannedServer, interleaved_ratio};

mod support;
use support::vehicles;

/// Interleaved rounds of each `ingest_all` pair (a round, one run of each,
/// takes about a quarter of a second).
const ROUNDS: usize = 31;

/// The baseline's vehicle: the same fields and the same owned strings, plain
/// serde, f64 prices.
#[derive(Serialize, Clone)]
struct PlainVehicle {
    vin: String,
    brand: String,
    model: String,
    version: String,
    year: u16,
    color_ext: String,
    fuel_type: String,
    gearbox: String,
    mileage: u32,
    power_hp: u32,
    cost_price: f64,
    sale_price: f64,
    status: String,
}

#[derive(Serialize)]
struct PlainBody<'a, T> {
    vehicles: &'a [T],
}

fn plain_vehicles(n: usize) -> Vec<PlainVehicle> {
    (0..n)
        .map(|i| PlainVehicle {
            vin: format!("VSSZZZ6JZ{i:08}"),
            brand: "SEAT".into(),
            model: "Ibiza".into(),
            version: "FR 1.0 TSI".into(),
            year: 2021,
            color_ext: "Rojo".into(),
            fuel_type: "gasoline".into(),
            gearbox: "manual".into(),
            mileage: 31_000,
            power_hp: 110,
            cost_price: 11_200.50,
            sale_price: 13_990.0,
            status: "disponible".into(),
        })
        .collect()
}

async fn ours(client: &Client, all: Vec<Vehicle>, in_flight: usize) {
    // The baseline does not look for duplicate VINs: neither do we here
    // (`ours_dedup` measures that feature's cost).
    let report = client
        .ingest_all(all)
        .concurrency(in_flight)
        .detect_duplicates(false)
        .await;
    assert!(report.failed.is_empty());
}

async fn ours_dedup(client: &Client, all: Vec<Vehicle>, in_flight: usize) {
    let report = client
        .ingest_all(all)
        .concurrency(in_flight)
        .detect_duplicates(true)
        .await;
    assert!(report.failed.is_empty());
}

/// The baseline: the same chunking and concurrency, plain reqwest and
/// serde_json. With `T = Vehicle` it sends the same bytes as ours (the body
/// is `{"vehicles": [...]}` either way); with `T = PlainVehicle`, hand-written
/// structs with `f64` prices.
async fn baseline<T: Serialize>(http: &reqwest::Client, url: &str, all: Vec<T>, in_flight: usize) {
    futures_util::stream::iter(all.chunks(1000))
        .map(|chunk| {
            let body = serde_json::to_vec(&PlainBody { vehicles: chunk }).expect("encode");
            let req = http
                .post(url)
                .bearer_auth("bench-key")
                .header("accept", "application/json")
                .header("user-agent", auterio_client::USER_AGENT)
                .header("content-type", "application/json")
                .body(body)
                .send();
            async move {
                let resp = req.await.expect("send");
                let bytes = resp.bytes().await.expect("body");
                let v: serde_json::Value = serde_json::from_slice(&bytes).expect("decode");
                assert_eq!(v["success"], true);
            }
        })
        .buffer_unordered(in_flight)
        .for_each(|()| async {})
        .await;
}

fn encode(c: &mut Criterion) {
    let ours_v = vehicles(1000);
    let base_v = plain_vehicles(1000);
    let mut g = c.benchmark_group("encode_1000");
    g.bench_function("ours", |b| {
        b.iter(|| serde_json::to_vec(&IngestRequest::new(&ours_v[..])))
    });
    g.bench_function("baseline", |b| {
        b.iter(|| serde_json::to_vec(&PlainBody { vehicles: &base_v }))
    });
    g.finish();
    let time = |f: &dyn Fn()| {
        let t = Instant::now();
        for _ in 0..50 {
            f();
        }
        t.elapsed()
    };
    let report = interleaved_ratio(
        "encode_1000",
        21,
        || {
            time(&|| {
                let _ = serde_json::to_vec(&IngestRequest::new(&ours_v[..]));
            })
        },
        || {
            time(&|| {
                let _ = serde_json::to_vec(&PlainBody { vehicles: &base_v });
            })
        },
    );
    println!("{report}");
}

fn ingest_all(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = rt
        .block_on(CannedServer::start(
            200,
            r#"{"success":true,"imported":1000,"skipped":0,"source":"bench"}"#,
        ))
        .expect("server");
    let base = server.url();
    let new_client = || support::client(&base);
    let client = new_client();
    let http = reqwest::Client::new();
    let url = format!("{base}/api/vehicles/ingest");
    let n = 100_000;
    let input = vehicles(n);
    let mut reports = Vec::new();
    for in_flight in [1, 4] {
        let name = format!("ingest_all_100k_in_flight_{in_flight}");
        let mut g = c.benchmark_group(&name);
        g.sample_size(10);
        g.bench_function("ours", |b| {
            b.to_async(&rt).iter_batched(
                || input.clone(),
                |all| ours(&client, all, in_flight),
                BatchSize::LargeInput,
            )
        });
        g.bench_function("ours_with_duplicate_detection", |b| {
            b.to_async(&rt).iter_batched(
                || input.clone(),
                |all| ours_dedup(&client, all, in_flight),
                BatchSize::LargeInput,
            )
        });
        g.bench_function("baseline", |b| {
            b.to_async(&rt).iter_batched(
                || input.clone(),
                |all| baseline(&http, &url, all, in_flight),
                BatchSize::LargeInput,
            )
        });
        g.bench_function("baseline_plain_structs", |b| {
            b.to_async(&rt).iter_batched(
                || plain_vehicles(n),
                |all| baseline(&http, &url, all, in_flight),
                BatchSize::LargeInput,
            )
        });
        g.finish();
        // Every interleaved round on fresh clients (and so connections), as
        // in the per-call benchmarks: where a connection's task runs
        // relative to the server's changes its latency.
        let run_ours = || {
            let client = new_client();
            let all = input.clone();
            let t = Instant::now();
            rt.block_on(ours(&client, all, in_flight));
            t.elapsed()
        };
        reports.push(interleaved_ratio(&name, ROUNDS, run_ours, || {
            let http = reqwest::Client::new();
            let all = input.clone();
            let t = Instant::now();
            rt.block_on(baseline(&http, &url, all, in_flight));
            t.elapsed()
        }));
        reports.push(interleaved_ratio(
            &format!("{name} (baseline with plain structs)"),
            ROUNDS,
            run_ours,
            || {
                let http = reqwest::Client::new();
                let all = plain_vehicles(n);
                let t = Instant::now();
                rt.block_on(baseline(&http, &url, all, in_flight));
                t.elapsed()
            },
        ));
    }
    for r in reports {
        println!("{r}");
    }
}

criterion_group!(benches, encode, ingest_all);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
