#![recursion_limit = "512"]
//! Per-call overhead of anuncios-client beside a plain reqwest + serde_json
//! baseline doing the same work, against a local server answering canned
//! bytes:
//!
//! * `anuncios_get`: `get_listing`, decoding the documentation's listing
//!   (`GET /v3/inventory/item/{ad_id}`).
//! * `anuncios_post`: `create_listing` with the documentation's car example
//!   (`POST /v3/inventory/{dealer_id}`), the created listing decoded.
//!
//! The baseline sends the same method, path, `Authorization`, `Accept`,
//! `User-Agent` and body, and decodes into the same model types, so the ratio is the SDK's
//! own cost (URL building, auth, the attempt loop, body limits, error
//! mapping).
//!
//! Run with `cargo bench -p anuncios-client --bench call`. After criterion's
//! report, each pair prints the median ratio ours/baseline of interleaved
//! rounds with its 95% confidence interval.

use std::future::Future;
use std::time::Duration;

use anuncios_client::{Auth, Client, DealerId, Listing, ListingId};
use criterion::Criterion;
use testkit::{CannedServer, RatioReport, baseline_client_with_timeout, same_work_ratios};
use tokio::runtime::Runtime;

#[path = "../tests/support/mod.rs"]
mod support;

/// Calls per interleaved round.
const CALLS: usize = 200;
/// Interleaved rounds.
const ROUNDS: usize = 31;

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
    let listing_json = serde_json::to_vec(&support::listing_item_example()).expect("listing");
    let server = rt
        .block_on(CannedServer::start_with(move |method, _| {
            let status = if method == "POST" { 201 } else { 200 };
            (status, listing_json.clone().into())
        }))
        .expect("server");
    let base = server.url();
    let new_client = || {
        Client::builder(Auth::bearer("bench-token"))
            .base_url(&base)
            .build()
            .expect("client")
    };
    let car = support::car_listing();

    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    let get = pair(
        &mut c,
        &rt,
        "anuncios_get",
        new_client,
        |client: &Client| {
            let fut = client.get_listing(ListingId(12345));
            async move {
                let listing: Listing = fut.await.expect("ours");
                std::hint::black_box(listing);
            }
        },
        |http: &reqwest::Client| {
            let req = http
                .get(format!("{base}/v3/inventory/item/{}", 12345))
                .bearer_auth("bench-token")
                .header("accept", "application/json")
                .header("user-agent", anuncios_client::USER_AGENT)
                .send();
            async move {
                let resp = req.await.expect("send");
                assert!(resp.status().is_success());
                let bytes = resp.bytes().await.expect("body");
                let listing: Listing = serde_json::from_slice(&bytes).expect("decode");
                std::hint::black_box(listing);
            }
        },
    );
    let post = pair(
        &mut c,
        &rt,
        "anuncios_post",
        new_client,
        |client: &Client| {
            let fut = client.create_listing(DealerId(10), &car);
            async move {
                let listing: Listing = fut.await.expect("ours");
                std::hint::black_box(listing);
            }
        },
        |http: &reqwest::Client| {
            let encoded = serde_json::to_vec(&car).expect("encode");
            let req = http
                .post(format!("{base}/v3/inventory/{}", 10))
                .bearer_auth("bench-token")
                .header("accept", "application/json")
                .header("user-agent", anuncios_client::USER_AGENT)
                .header("content-type", "application/json")
                .body(encoded)
                .send();
            async move {
                let resp = req.await.expect("send");
                assert!(resp.status().is_success());
                let bytes = resp.bytes().await.expect("body");
                let listing: Listing = serde_json::from_slice(&bytes).expect("decode");
                std::hint::black_box(listing);
            }
        },
    );
    c.final_summary();
    println!("{}\n{}\n{}\n{}", get.0, get.1, post.0, post.1);
}
