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
//! The baseline sends the same method, path, Basic `Authorization`,
//! `Accept`, `User-Agent` and body, and decodes into the same model types, so the ratio is
//! the SDK's own cost (checks, URL building, auth, the attempt loop, body
//! limits, error mapping).
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
use testkit::{CannedServer, RatioReport, baseline_client_with_timeout, same_work_ratios};
use tokio::runtime::Runtime;

#[path = "../tests/support/mod.rs"]
mod support;
use support::new_item;

/// Calls per interleaved round.
const CALLS: usize = 200;
/// Interleaved rounds.
const ROUNDS: usize = 31;
const STOCK_ID: &str = "a10ab562-c0cd-4072-88eb-4115811f5aa1";
const FULL_STOCK: &str = include_str!("../tests/data/stock-200.json");

/// Benchmarks `ours` (on a client from `new_client`) and `base` with
/// criterion, then returns the ratios ours/baseline of interleaved rounds
/// against a plain `reqwest::Client` and against one whose requests carry
/// reqwest's own timeout, as ours carry their per-attempt timeout (the same
/// work); every round uses fresh clients ([`same_work_ratios`]).
fn pair<O, B>(
    c: &mut Criterion,
    rt: &Runtime,
    name: &str,
    new_client: impl Fn() -> Client,
    ours: impl Fn(&Client) -> O,
    base: impl Fn(&reqwest::Client) -> B,
) -> (RatioReport, RatioReport)
where
    O: Future<Output = ()>,
    B: Future<Output = ()>,
{
    let client = new_client();
    let plain = reqwest::Client::new();
    let timed = baseline_client_with_timeout().expect("reqwest client");
    let mut g = c.benchmark_group(name);
    g.bench_function("ours", |b| b.to_async(rt).iter(|| ours(&client)));
    g.bench_function("baseline", |b| b.to_async(rt).iter(|| base(&plain)));
    g.bench_function("baseline_with_timeout", |b| {
        b.to_async(rt).iter(|| base(&timed))
    });
    g.finish();
    same_work_ratios(rt, name, ROUNDS, CALLS, new_client, ours, base).expect("reqwest client")
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
        |http: &reqwest::Client| {
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
                let stock: StockItem = serde_json::from_slice(&bytes).expect("decode");
                std::hint::black_box(stock);
            }
        },
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
        |http: &reqwest::Client| {
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
                let stock: StockItem = serde_json::from_slice(&bytes).expect("decode");
                std::hint::black_box(stock);
            }
        },
    );
    c.final_summary();
    println!("{}\n{}\n{}\n{}", get.0, get.1, post.0, post.1);
}
