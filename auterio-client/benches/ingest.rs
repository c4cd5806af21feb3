//! Criterion benchmarks of auterio-client beside a plain reqwest + serde_json
//! baseline doing the same work:
//!
//! * `encode_1000`: encoding a 1,000-vehicle ingest body.
//! * `ingest_all_100k`: `ingest_all` of 100,000 vehicles (100 requests of
//!   1,000) into a local server that answers with canned bytes.
//!
//! After criterion's own report, each pair prints the ratio ours/baseline of
//! interleaved timings. Run with `cargo bench -p auterio-client --features mock`.

use std::time::{Duration, Instant};

use auterio_client::{Client, FuelType, Gearbox, IngestRequest, Vehicle, VehicleStatus};
use autoclient_common::mock::CannedServer;
use criterion::{BatchSize, Criterion, criterion_group};
use rust_decimal::Decimal;
use serde::Serialize;

fn vehicles(n: usize) -> Vec<Vehicle> {
    (0..n)
        .map(|i| {
            Vehicle::new(format!("VSSZZZ6JZ{i:08}"), "SEAT", "Ibiza")
                .version("FR 1.0 TSI")
                .year(2021)
                .color_ext("Rojo")
                .fuel_type(FuelType::GASOLINE)
                .gearbox(Gearbox::MANUAL)
                .mileage(31_000)
                .power_hp(110)
                .cost_price(Decimal::new(1_120_050, 2))
                .sale_price(Decimal::from(13_990))
                .status(VehicleStatus::Disponible)
        })
        .collect()
}

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
struct PlainBody<'a> {
    vehicles: &'a [PlainVehicle],
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

async fn ours(client: &Client, all: Vec<Vehicle>) {
    // The baseline does not look for duplicate VINs: neither do we here
    // (`ours_dedup` measures that feature's cost).
    let report = client.ingest_all(all).detect_duplicates(false).await;
    assert!(report.failed.is_empty());
}

async fn ours_dedup(client: &Client, all: Vec<Vehicle>) {
    let report = client.ingest_all(all).await;
    assert!(report.failed.is_empty());
}

async fn baseline(http: &reqwest::Client, url: &str, all: Vec<PlainVehicle>) {
    for chunk in all.chunks(1000) {
        let body = serde_json::to_vec(&PlainBody { vehicles: chunk }).expect("encode");
        let resp = http
            .post(url)
            .bearer_auth("bench-key")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("send");
        let bytes = resp.bytes().await.expect("body");
        let v: serde_json::Value = serde_json::from_slice(&bytes).expect("decode");
        assert_eq!(v["success"], true);
    }
}

fn ratio(
    label: &str,
    mut ours: impl FnMut() -> Duration,
    mut base: impl FnMut() -> Duration,
    rounds: usize,
) {
    let mut o = Vec::new();
    let mut b = Vec::new();
    for _ in 0..rounds {
        o.push(ours());
        b.push(base());
    }
    o.sort();
    b.sort();
    let (mo, mb) = (o[rounds / 2], b[rounds / 2]);
    println!(
        "{label}: ours {mo:?}, baseline {mb:?}, ratio ours/baseline = {:.3} (medians of {rounds} interleaved rounds)",
        mo.as_secs_f64() / mb.as_secs_f64()
    );
}

fn encode(c: &mut Criterion) {
    let ours_v = vehicles(1000);
    let base_v = plain_vehicles(1000);
    let mut g = c.benchmark_group("encode_1000");
    g.bench_function("ours", |b| {
        b.iter(|| {
            serde_json::to_vec(&IngestRequest {
                vehicles: std::borrow::Cow::Borrowed(&ours_v),
            })
        })
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
    ratio(
        "encode_1000",
        || {
            time(&|| {
                let _ = serde_json::to_vec(&IngestRequest {
                    vehicles: std::borrow::Cow::Borrowed(&ours_v),
                });
            })
        },
        || {
            time(&|| {
                let _ = serde_json::to_vec(&PlainBody { vehicles: &base_v });
            })
        },
        21,
    );
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
    let client = Client::builder("bench-key")
        .base_url(&base)
        .build()
        .expect("client");
    let http = reqwest::Client::new();
    let url = format!("{base}/api/vehicles/ingest");
    let n = 100_000;
    let mut g = c.benchmark_group("ingest_all_100k");
    g.sample_size(10);
    let input = vehicles(n);
    g.bench_function("ours", |b| {
        b.to_async(&rt).iter_batched(
            || input.clone(),
            |all| ours(&client, all),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("ours_with_duplicate_detection", |b| {
        b.to_async(&rt).iter_batched(
            || input.clone(),
            |all| ours_dedup(&client, all),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("baseline", |b| {
        b.to_async(&rt).iter_batched(
            || plain_vehicles(n),
            |all| baseline(&http, &url, all),
            BatchSize::LargeInput,
        )
    });
    g.finish();
    ratio(
        "ingest_all_100k",
        || {
            let all = input.clone();
            let t = Instant::now();
            rt.block_on(ours(&client, all));
            t.elapsed()
        },
        || {
            let all = plain_vehicles(n);
            let t = Instant::now();
            rt.block_on(baseline(&http, &url, all));
            t.elapsed()
        },
        7,
    );
}

criterion_group!(benches, encode, ingest_all);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
