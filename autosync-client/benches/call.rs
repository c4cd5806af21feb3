//! Per-call overhead of autosync-client beside a plain reqwest + serde_json
//! baseline doing the same work, against a local server answering canned
//! bytes:
//!
//! * `autosync_get`: one page of 25 customers (`list_customers`), decoded.
//! * `autosync_get_one`: one customer (`get_customer`), decoded.
//! * `autosync_post`: `create_customer` with the documented body, the
//!   created customer decoded.
//!
//! The baselines send the same method, path, `Authorization`, `Accept`,
//! `User-Agent` and body. The two GETs have two: the honest one decodes into
//! hand-written plain structs with the documents' fields
//! (`testkit::plain_models::PlainCustomer`: `String`, `i64`, `bool`,
//! `Option`, no catch-all maps), so its ratio is the whole price of the SDK,
//! machinery and models; the second decodes into the same model types, so
//! its ratio is the SDK's own cost (URL building, auth, the attempt loop,
//! body limits, error mapping). `create_customer` is measured against the
//! model types only. Pacing is off for ours (the baseline has none).
//!
//! Run with `cargo bench -p autosync-client --bench call`. After criterion's
//! report, each pair prints the median ratio ours/baseline of interleaved
//! rounds with its 95% confidence interval.

use std::future::Future;
use std::time::Duration;

use autosync_client::{
    Address, Client, Customer, CustomerId, CustomerQuery, List, NewCustomer, Pagination, ShopId,
};
use criterion::Criterion;
use serde::Deserialize;
use testkit::plain_models::{
    AUTOSYNC_CUSTOMER_PAGE_SIZE, PlainCustomer, PlainEnvelope, autosync_customer_doc,
    autosync_customer_page,
};
use testkit::{CannedServer, RatioReport, baseline_client_with_timeout, same_work_ratios};
use tokio::runtime::Runtime;

/// Calls per interleaved round.
const CALLS: usize = 200;
/// Interleaved rounds.
const ROUNDS: usize = 31;

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

/// How a baseline decodes the response body.
type Decode = fn(&[u8]);

/// A page into hand-written plain structs (the honest baseline).
fn page_plain(bytes: &[u8]) {
    let env: PlainEnvelope<Vec<PlainCustomer>> = serde_json::from_slice(bytes).expect("decode");
    assert_eq!(env.data.len(), AUTOSYNC_CUSTOMER_PAGE_SIZE);
    assert!(env.pagination.is_some());
}

/// A page into the SDK's own model types.
fn page_models(bytes: &[u8]) {
    let env: Envelope<Vec<Customer>> = serde_json::from_slice(bytes).expect("decode");
    assert_eq!(env.data.len(), AUTOSYNC_CUSTOMER_PAGE_SIZE);
    assert!(env.pagination.is_some());
}

/// One customer into hand-written plain structs (the honest baseline).
fn one_plain(bytes: &[u8]) {
    let env: PlainEnvelope<PlainCustomer> = serde_json::from_slice(bytes).expect("decode");
    assert_eq!(env.data.id, 1043);
}

/// One customer into the SDK's own model types.
fn one_models(bytes: &[u8]) {
    let env: Envelope<Customer> = serde_json::from_slice(bytes).expect("decode");
    assert_eq!(env.data.id.0, 1043);
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
    let page = autosync_customer_page();
    let created = autosync_customer_doc(1043);
    let server = rt
        .block_on(CannedServer::start_with(move |method, target| {
            if method != "GET" {
                (201, created.clone().into())
            } else if target.contains("/customers/") {
                (200, created.clone().into())
            } else {
                (200, page.clone().into())
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
        |http: &reqwest::Client, decode: Decode| {
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
                decode(&bytes);
            }
        },
        &[("plain_structs", page_plain), ("model_types", page_models)],
    );
    let get_one = pair(
        &mut c,
        &rt,
        "autosync_get_one",
        new_client,
        |client: &Client| {
            let fut = client.get_customer(shop, CustomerId(1043));
            async move {
                let customer: Customer = fut.await.expect("ours");
                assert_eq!(customer.id.0, 1043);
            }
        },
        |http: &reqwest::Client, decode: Decode| {
            let req = http
                .get(format!("{base}/shops/{}/customers/1043", shop.0))
                .bearer_auth("sk_live_bench")
                .header("accept", "application/json")
                .header("user-agent", autosync_client::USER_AGENT)
                .send();
            async move {
                let resp = req.await.expect("send");
                assert!(resp.status().is_success());
                let bytes = resp.bytes().await.expect("body");
                decode(&bytes);
            }
        },
        &[("plain_structs", one_plain), ("model_types", one_models)],
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
        |http: &reqwest::Client, decode: Decode| {
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
                decode(&bytes);
            }
        },
        &[("model_types", one_models)],
    );
    c.final_summary();
    for report in get.iter().chain(&get_one).chain(&post) {
        println!("{report}");
    }
}
