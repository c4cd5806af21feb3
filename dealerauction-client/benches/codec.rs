//! Encoding and decoding the documentation's full stock document (the
//! `GET /v1/stock/{id}` 200 example): our typed [`StockItem`] beside
//! hand-written plain structs with the document's fields
//! (`testkit::plain_models::PlainStockItem`: `String`, `f64`, `i64`,
//! `Option`, `Vec`, no catch-all maps; the honest baseline) and beside
//! serde_json on an untyped `serde_json::Value`, per operation.
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
/// Interleaved rounds per pair.
const ROUNDS: usize = 31;

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
    let bytes = FULL_STOCK.as_bytes();
    let typed: StockItem = serde_json::from_slice(bytes).expect("typed");
    let plain: PlainStockItem = serde_json::from_slice(bytes).expect("plain");
    let untyped: Value = serde_json::from_slice(bytes).expect("untyped");
    let mut c = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    let mut g = c.benchmark_group("dealerauction_decode_full_stock");
    g.bench_function("ours", |b| b.iter(|| decode::<StockItem>(bytes)));
    g.bench_function("plain_structs", |b| {
        b.iter(|| decode::<PlainStockItem>(bytes))
    });
    g.bench_function("value", |b| b.iter(|| decode::<Value>(bytes)));
    g.finish();
    let mut g = c.benchmark_group("dealerauction_encode_full_stock");
    g.bench_function("ours", |b| b.iter(|| encode(&typed)));
    g.bench_function("plain_structs", |b| b.iter(|| encode(&plain)));
    g.bench_function("value", |b| b.iter(|| encode(&untyped)));
    g.finish();
    c.final_summary();

    let ours_decode = || time(|| decode::<StockItem>(bytes));
    let ours_encode = || time(|| encode(&typed));
    let ratios = [
        interleaved_ratio(
            "dealerauction_decode_full_stock (ours/plain structs)",
            ROUNDS,
            ours_decode,
            || time(|| decode::<PlainStockItem>(bytes)),
        ),
        interleaved_ratio(
            "dealerauction_decode_full_stock (ours/Value)",
            ROUNDS,
            ours_decode,
            || time(|| decode::<Value>(bytes)),
        ),
        interleaved_ratio(
            "dealerauction_encode_full_stock (ours/plain structs)",
            ROUNDS,
            ours_encode,
            || time(|| encode(&plain)),
        ),
        interleaved_ratio(
            "dealerauction_encode_full_stock (ours/Value)",
            ROUNDS,
            ours_encode,
            || time(|| encode(&untyped)),
        ),
    ];
    for r in ratios {
        println!("{r}");
    }
}
