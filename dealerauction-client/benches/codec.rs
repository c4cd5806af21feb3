//! Encoding and decoding the documentation's full stock document (the
//! `GET /v1/stock/{id}` 200 example): our typed [`StockItem`] beside
//! hand-written plain structs with the document's fields
//! (`testkit::plain_models::PlainStockItem`: `String`, `f64`, `i64`,
//! `Option`, `Vec`, no catch-all maps; decoding only, the honest baseline)
//! and beside serde_json on an untyped `serde_json::Value`, per operation.
//!
//! Run with `cargo bench -p dealerauction-client --bench codec`. After
//! criterion's report, each pair prints the median ratio ours/baseline of
//! interleaved rounds with its 95% confidence interval.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use dealerauction_client::models::StockItem;
use serde_json::Value;
use testkit::interleaved_ratio;
use testkit::plain_models::{DEALERAUCTION_FULL_STOCK as FULL_STOCK, PlainStockItem};
/// Operations per interleaved round.
const OPS: usize = 2_000;

fn time(f: impl Fn()) -> Duration {
    let t = Instant::now();
    for _ in 0..OPS {
        f();
    }
    t.elapsed()
}

fn main() {
    let bytes = FULL_STOCK.as_bytes();
    let typed: StockItem = serde_json::from_slice(bytes).expect("typed");
    let untyped: Value = serde_json::from_slice(bytes).expect("untyped");
    let mut c = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    let mut g = c.benchmark_group("dealerauction_decode_full_stock");
    g.bench_function("ours", |b| {
        b.iter(|| serde_json::from_slice::<StockItem>(black_box(bytes)).expect("decode"))
    });
    g.bench_function("plain_structs", |b| {
        b.iter(|| serde_json::from_slice::<PlainStockItem>(black_box(bytes)).expect("decode"))
    });
    g.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(bytes)).expect("decode"))
    });
    g.finish();
    let mut g = c.benchmark_group("dealerauction_encode_full_stock");
    g.bench_function("ours", |b| {
        b.iter(|| serde_json::to_vec(black_box(&typed)).expect("encode"))
    });
    g.bench_function("value", |b| {
        b.iter(|| serde_json::to_vec(black_box(&untyped)).expect("encode"))
    });
    g.finish();
    c.final_summary();

    let decode_plain = interleaved_ratio(
        "dealerauction_decode_full_stock (ours/plain structs)",
        31,
        || {
            time(|| {
                drop(black_box(
                    serde_json::from_slice::<StockItem>(bytes).expect("decode"),
                ))
            })
        },
        || {
            time(|| {
                drop(black_box(
                    serde_json::from_slice::<PlainStockItem>(bytes).expect("decode"),
                ))
            })
        },
    );
    let decode = interleaved_ratio(
        "dealerauction_decode_full_stock (ours/Value)",
        31,
        || {
            time(|| {
                drop(black_box(
                    serde_json::from_slice::<StockItem>(bytes).expect("decode"),
                ))
            })
        },
        || {
            time(|| {
                drop(black_box(
                    serde_json::from_slice::<Value>(bytes).expect("decode"),
                ))
            })
        },
    );
    let encode = interleaved_ratio(
        "dealerauction_encode_full_stock (ours/Value)",
        31,
        || time(|| drop(black_box(serde_json::to_vec(&typed).expect("encode")))),
        || time(|| drop(black_box(serde_json::to_vec(&untyped).expect("encode")))),
    );
    println!("{decode_plain}\n{decode}\n{encode}");
}
