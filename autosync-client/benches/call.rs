//! Per-call overhead of autosync-client beside a plain reqwest + serde_json
//! baseline doing the same work, against a local server answering canned
//! bytes:
//!
//! * `autosync_get`: one page of 25 customers (`list_customers`), decoded.
//! * `autosync_post`: `create_customer` with the documented body, the
//!   created customer decoded.
//!
//! The baseline sends the same method, path, `Authorization`, `Accept`,
//! `User-Agent` and body, and decodes into the same model types, so the ratio is the SDK's
//! own cost (URL building, auth, the attempt loop, body limits, error
//! mapping). Pacing is off for ours (the baseline has none).
//!
//! Run with `cargo bench -p autosync-client --bench call`. After criterion's
//! report, each pair prints the median ratio ours/baseline of interleaved
//! rounds with its 95% confidence interval.

use std::future::Future;
use std::time::Duration;

use autosync_client::{
    Address, Client, Customer, CustomerQuery, List, NewCustomer, Pagination, ShopId,
};
use criterion::Criterion;
use serde::Deserialize;
use serde_json::{Value, json};
use testkit::{CannedServer, RatioReport, baseline_client_with_timeout, same_work_ratios};
use tokio::runtime::Runtime;

/// Calls per interleaved round.
const CALLS: usize = 200;
/// Interleaved rounds.
const ROUNDS: usize = 31;

fn customer(id: u64) -> Value {
    json!({
        "id": id,
        "first_name": "Sarah",
        "last_name": "Thompson",
        "email": format!("sarah.thompson{id}@example.com"),
        "phone": "(555) 123-4567",
        "is_business": false,
        "address": {"street": "123 Main St", "city": "North Canton", "state": "OH", "zip": "44720"},
        "created_at": "2024-01-15T10:30:00Z"
    })
}

fn mike() -> NewCustomer {
    NewCustomer::new("Mike", "Rodriguez")
        .email("mike@example.com")
        .phone("(555) 123-4567")
        .address(
            Address::new()
                .street("123 Main St")
                .city("North Canton")
                .state("OH")
                .zip("44720"),
        )
}

#[derive(Deserialize)]
struct Envelope<T> {
    data: T,
    #[serde(default)]
    pagination: Option<Pagination>,
}

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
    let page = serde_json::to_vec(&json!({
        "success": true,
        "data": (1..=25).map(customer).collect::<Vec<_>>(),
        "pagination": {"page": 1, "per_page": 25, "total": 25},
    }))
    .expect("page");
    let created =
        serde_json::to_vec(&json!({"success": true, "data": customer(1043)})).expect("created");
    let server = rt
        .block_on(CannedServer::start_with(move |method, _| {
            if method == "GET" {
                (200, page.clone().into())
            } else {
                (201, created.clone().into())
            }
        }))
        .expect("server");
    let base = format!("{}/v1", server.url());
    let new_client = || {
        Client::builder("sk_live_bench")
            .base_url(&base)
            .without_rate_limit()
            .build()
            .expect("client")
    };
    let body = mike();
    let shop = ShopId(1);

    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    let get = pair(
        &mut c,
        &rt,
        "autosync_get",
        new_client,
        |client: &Client| {
            let fut = client.list_customers(shop, &CustomerQuery::new());
            async move {
                let list: List<Customer> = fut.await.expect("ours");
                assert_eq!(list.items.len(), 25);
            }
        },
        |http: &reqwest::Client| {
            let req = http
                .get(format!("{base}/shops/{}/customers", shop.0))
                .bearer_auth("sk_live_bench")
                .header("accept", "application/json")
                .header("user-agent", autosync_client::USER_AGENT)
                .send();
            async move {
                let resp = req.await.expect("send");
                assert!(resp.status().is_success());
                let bytes = resp.bytes().await.expect("body");
                let env: Envelope<Vec<Customer>> = serde_json::from_slice(&bytes).expect("decode");
                assert_eq!(env.data.len(), 25);
                assert!(env.pagination.is_some());
            }
        },
    );
    let post = pair(
        &mut c,
        &rt,
        "autosync_post",
        new_client,
        |client: &Client| {
            let fut = client.create_customer(shop, &body);
            async move {
                let created: Customer = fut.await.expect("ours");
                assert_eq!(created.id.0, 1043);
            }
        },
        |http: &reqwest::Client| {
            let encoded = serde_json::to_vec(&body).expect("encode");
            let req = http
                .post(format!("{base}/shops/{}/customers", shop.0))
                .bearer_auth("sk_live_bench")
                .header("accept", "application/json")
                .header("user-agent", autosync_client::USER_AGENT)
                .header("content-type", "application/json")
                .body(encoded)
                .send();
            async move {
                let resp = req.await.expect("send");
                assert!(resp.status().is_success());
                let bytes = resp.bytes().await.expect("body");
                let env: Envelope<Customer> = serde_json::from_slice(&bytes).expect("decode");
                assert_eq!(env.data.id.0, 1043);
            }
        },
    );
    c.final_summary();
    println!("{}\n{}\n{}\n{}", get.0, get.1, post.0, post.1);
}
