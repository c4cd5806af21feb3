//! Per-call overhead of dealerauction-client beside a plain reqwest +
//! serde_json baseline doing the same work, against a local server answering
//! canned bytes:
//!
//! * `dealerauction_get`: `get_stock`, decoding the documentation's full
//!   stock document (`GET /v1/stock/{id}`, 200).
//! * `dealerauction_post`: `create_stock` with the documented create body
//!   (checked before sending, as `create_stock` does), the full stock
//!   document decoded.
//!
//! The baselines send the same method, path, Basic `Authorization`,
//! `Accept`, `User-Agent` and body. `get_stock` has two: the honest one
//! decodes into hand-written plain structs with the document's fields
//! (`testkit::plain_models::PlainStockItem`: `String`, `f64`, `i64`,
//! `Option`, `Vec`, no catch-all maps), so its ratio is the whole price of
//! the SDK, machinery and models; the second decodes into the same model
//! types, so its ratio is the SDK's own machinery (checks, URL building,
//! auth, the attempt loop, body limits, error mapping). `create_stock` is
//! measured against the model types only.
//!
//! Run with `cargo bench -p dealerauction-client --bench call`. After
//! criterion's report, each pair prints the median ratio ours/baseline of
//! interleaved rounds with its 95% confidence interval.

use std::future::Future;
use std::time::Duration;

use criterion::Criterion;
use dealerauction_client::Client;
use dealerauction_client::StockId;
use dealerauction_client::models::*;
use testkit::plain_models::{DEALERAUCTION_FULL_STOCK, DEALERAUCTION_STOCK_ID, PlainStockItem};
use testkit::{CannedServer, RatioReport, baseline_client_with_timeout, same_work_ratios};
use tokio::runtime::Runtime;

#[path = "../tests/support/mod.rs"]
mod support;
use support::new_item;

/// Calls per interleaved round.
const CALLS: usize = 200;
/// Interleaved rounds.
const ROUNDS: usize = 31;
const STOCK_ID: &str = DEALERAUCTION_STOCK_ID;
const FULL_STOCK: &str = DEALERAUCTION_FULL_STOCK;

/// How a baseline decodes the response body.
type Decode = fn(&[u8]);

/// Into hand-written plain structs (the honest baseline).
fn decode_plain(bytes: &[u8]) {
    let stock: PlainStockItem = serde_json::from_slice(bytes).expect("decode");
    std::hint::black_box(stock);
}

/// Into the SDK's own model types.
fn decode_models(bytes: &[u8]) {
    let stock: StockItem = serde_json::from_slice(bytes).expect("decode");
    std::hint::black_box(stock);
}

/// Benchmarks `ours` (on a client from `new_client`) and `base` with each
/// of `decoders` with criterion, then returns, for each decoder, the ratios
/// ours/baseline of interleaved rounds against a plain `reqwest::Client` and
/// against one whose requests carry reqwest's own timeout, as ours carry
/// their per-attempt timeout (the same work); every round uses fresh clients
/// ([`same_work_ratios`]).
fn pair<O, B>(
    c: &mut Criterion,
    rt: &Runtime,
    name: &str,
    new_client: impl Fn() -> Client,
    ours: impl Fn(&Client) -> O,
    base: impl Fn(&reqwest::Client, Decode) -> B,
    decoders: &[(&str, Decode)],
) -> Vec<RatioReport>
where
    O: Future<Output = ()>,
    B: Future<Output = ()>,
{
    let client = new_client();
    let plain = reqwest::Client::new();
    let timed = baseline_client_with_timeout().expect("reqwest client");
    let mut g = c.benchmark_group(name);
    g.bench_function("ours", |b| b.to_async(rt).iter(|| ours(&client)));
    for &(label, decode) in decoders {
        g.bench_function(format!("baseline_{label}"), |b| {
            b.to_async(rt).iter(|| base(&plain, decode))
        });
        g.bench_function(format!("baseline_{label}_with_timeout"), |b| {
            b.to_async(rt).iter(|| base(&timed, decode))
        });
    }
    g.finish();
    let mut reports = Vec::new();
    for &(label, decode) in decoders {
        let (plain, timed) = same_work_ratios(
            rt,
            &format!("{name} vs {label}"),
            ROUNDS,
            CALLS,
            &new_client,
            &ours,
            |http| base(http, decode),
        )
        .expect("reqwest client");
        reports.push(plain);
        reports.push(timed);
    }
    reports
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = rt
        .block_on(CannedServer::start(200, FULL_STOCK))
        .expect("server");
    let base = server.url();
    let new_client = || {
        Client::builder("username", "password")
            .base_url(&base)
            .build()
            .expect("client")
    };
    let item = new_item();

    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    const BOTH: &[(&str, Decode)] = &[
        ("plain_structs", decode_plain),
        ("model_types", decode_models),
    ];
    const MODELS: &[(&str, Decode)] = &[("model_types", decode_models)];
    let get = pair(
        &mut c,
        &rt,
        "dealerauction_get",
        new_client,
        |client: &Client| {
            let fut = client.get_stock(&StockId::new(STOCK_ID));
            async move {
                let stock: StockItem = fut.await.expect("ours");
                std::hint::black_box(stock);
            }
        },
        |http: &reqwest::Client, decode: Decode| {
            let req = http
                .get(format!("{base}/v1/stock/{STOCK_ID}"))
                .basic_auth("username", Some("password"))
                .header("accept", "application/json")
                .header("user-agent", dealerauction_client::USER_AGENT)
                .send();
            async move {
                let resp = req.await.expect("send");
                assert!(resp.status().is_success());
                let bytes = resp.bytes().await.expect("body");
                decode(&bytes);
            }
        },
        BOTH,
    );
    let post = pair(
        &mut c,
        &rt,
        "dealerauction_post",
        new_client,
        |client: &Client| {
            let fut = client.create_stock(&item);
            async move {
                let stock: StockItem = fut.await.expect("ours");
                std::hint::black_box(stock);
            }
        },
        |http: &reqwest::Client, decode: Decode| {
            let encoded = serde_json::to_vec(&item).expect("encode");
            let req = http
                .post(format!("{base}/v1/stock"))
                .basic_auth("username", Some("password"))
                .header("accept", "application/json")
                .header("user-agent", dealerauction_client::USER_AGENT)
                .header("content-type", "application/json")
                .body(encoded)
                .send();
            async move {
                let resp = req.await.expect("send");
                assert!(resp.status().is_success());
                let bytes = resp.bytes().await.expect("body");
                decode(&bytes);
            }
        },
        MODELS,
    );
    c.final_summary();
    for report in get.iter().chain(&post) {
        println!("{report}");
    }
}
