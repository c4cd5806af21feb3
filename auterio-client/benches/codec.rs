//! Encoding and decoding a 1,000-vehicle ingest batch: our typed
//! [`IngestRequest`] beside serde_json on an untyped `serde_json::Value`
//! holding the same document, per operation.
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

mod support;
use support::vehicles;

/// Operations per interleaved round.
const OPS: usize = 20;

fn time(f: impl Fn()) -> Duration {
    let t = Instant::now();
    for _ in 0..OPS {
        f();
    }
    t.elapsed()
}

fn main() {
    let batch = IngestRequest::new(vehicles(1000));
    let bytes = serde_json::to_vec(&batch).expect("encode");
    let untyped: Value = serde_json::from_slice(&bytes).expect("untyped");
    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    let mut g = c.benchmark_group("auterio_decode_1000");
    g.bench_function("ours", |b| {
        b.iter(|| {
            serde_json::from_slice::<IngestRequest<'static>>(black_box(&bytes)).expect("decode")
        })
    });
    g.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&bytes)).expect("decode"))
    });
    g.finish();
    let mut g = c.benchmark_group("auterio_encode_1000");
    g.bench_function("ours", |b| {
        b.iter(|| serde_json::to_vec(black_box(&batch)).expect("encode"))
    });
    g.bench_function("value", |b| {
        b.iter(|| serde_json::to_vec(black_box(&untyped)).expect("encode"))
    });
    g.finish();
    c.final_summary();

    let decode = interleaved_ratio(
        "auterio_decode_1000 (ours/Value)",
        21,
        || {
            time(|| {
                drop(black_box(
                    serde_json::from_slice::<IngestRequest<'static>>(&bytes).expect("decode"),
                ))
            })
        },
        || {
            time(|| {
                drop(black_box(
                    serde_json::from_slice::<Value>(&bytes).expect("decode"),
                ))
            })
        },
    );
    let encode = interleaved_ratio(
        "auterio_encode_1000 (ours/Value)",
        21,
        || time(|| drop(black_box(serde_json::to_vec(&batch).expect("encode")))),
        || time(|| drop(black_box(serde_json::to_vec(&untyped).expect("encode")))),
    );
    println!("{decode}\n{encode}");
}
