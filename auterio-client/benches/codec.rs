//! Encoding and decoding a 1,000-vehicle ingest batch: our typed
//! [`IngestRequest`] beside hand-written plain structs with the same keys
//! (`testkit::plain_models::PlainIngestBatch`: `String`, `f64`, `i64`,
//! `Option`, no exact decimals, no typed dates or enums; the honest
//! baseline) and beside serde_json on an untyped `serde_json::Value` holding
//! the same document, per operation.
//!
//! Run with `cargo bench -p auterio-client --bench codec`. After criterion's
//! report, each pair prints the median ratio ours/baseline of interleaved
//! rounds with its 95% confidence interval.

use std::hint::black_box;
use std::time::{Duration, Instant};

use auterio_client::IngestRequest;
use criterion::Criterion;
use serde_json::Value;
use testkit::interleaved_ratio;
use testkit::plain_models::PlainIngestBatch;

mod support;
use support::vehicles;

/// Operations per interleaved round.
const OPS: usize = 20;
/// Interleaved rounds per pair.
const ROUNDS: usize = 21;

fn time(f: impl Fn()) -> Duration {
    let t = Instant::now();
    for _ in 0..OPS {
        f();
    }
    t.elapsed()
}

fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) {
    drop(black_box(
        serde_json::from_slice::<T>(black_box(bytes)).expect("decode"),
    ));
}

fn encode<T: serde::Serialize>(value: &T) {
    drop(black_box(
        serde_json::to_vec(black_box(value)).expect("encode"),
    ));
}

fn main() {
    let batch = IngestRequest::new(vehicles(1000));
    let bytes = serde_json::to_vec(&batch).expect("encode");
    let plain: PlainIngestBatch = serde_json::from_slice(&bytes).expect("plain");
    let untyped: Value = serde_json::from_slice(&bytes).expect("untyped");
    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    let mut g = c.benchmark_group("auterio_decode_1000");
    g.bench_function("ours", |b| {
        b.iter(|| decode::<IngestRequest<'static>>(&bytes))
    });
    g.bench_function("plain_structs", |b| {
        b.iter(|| decode::<PlainIngestBatch>(&bytes))
    });
    g.bench_function("value", |b| b.iter(|| decode::<Value>(&bytes)));
    g.finish();
    let mut g = c.benchmark_group("auterio_encode_1000");
    g.bench_function("ours", |b| b.iter(|| encode(&batch)));
    g.bench_function("plain_structs", |b| b.iter(|| encode(&plain)));
    g.bench_function("value", |b| b.iter(|| encode(&untyped)));
    g.finish();
    c.final_summary();

    let ours_decode = || time(|| decode::<IngestRequest<'static>>(&bytes));
    let ours_encode = || time(|| encode(&batch));
    let ratios = [
        interleaved_ratio(
            "auterio_decode_1000 (ours/plain structs)",
            ROUNDS,
            ours_decode,
            || time(|| decode::<PlainIngestBatch>(&bytes)),
        ),
        interleaved_ratio(
            "auterio_decode_1000 (ours/Value)",
            ROUNDS,
            ours_decode,
            || time(|| decode::<Value>(&bytes)),
        ),
        interleaved_ratio(
            "auterio_encode_1000 (ours/plain structs)",
            ROUNDS,
            ours_encode,
            || time(|| encode(&plain)),
        ),
        interleaved_ratio(
            "auterio_encode_1000 (ours/Value)",
            ROUNDS,
            ours_encode,
            || time(|| encode(&untyped)),
        ),
    ];
    for r in ratios {
        println!("{r}");
    }
}
