//! What one call costs, ours against the baselines: the program behind
//! `.ci/callgrind-calls` (instructions) and the CPU-time rounds of
//! BENCHMARKS.md.
//!
//! - `call_costs count <call> <variant> <n>`: makes `n` sequential calls of
//!   `<call>`, all inside [`measure_calls`] (the function the script gives
//!   callgrind's `--toggle-collect`, so that start-up, the warm-up calls,
//!   the server and the exit are not counted).
//! - `call_costs time <call> [rounds] [calls]` (default 31 rounds of 200
//!   calls): the CPU time of the calling thread per call, read from Linux's
//!   `/proc/thread-self/schedstat` (nanoseconds on the CPU, so neither the
//!   server thread nor waiting counts), in interleaved rounds: each round
//!   runs every variant once, in a rotating order, so a change in the
//!   machine's load falls on all of them alike. Prints each variant's median
//!   per call and the median over rounds of each round's ratio.
//!
//! Every call goes to a loopback canned server (`testkit::CannedServer`) on
//! a thread and runtime of its own, from a single-threaded runtime on the
//! main thread (which also drives the connection).
//!
//! Calls: `get_stock` (Dealer Auction, the full stock document),
//! `list_customers` (AutoSync, a page of 25) and `get_customer` (AutoSync).
//! Variants: `ours` (the SDK's call), `plain` (reqwest + serde_json into
//! hand-written plain structs, `testkit::plain_models`) and `models`
//! (reqwest + serde_json into the SDK's own model types). Each baseline sends
//! the same method, path, `Authorization`, `Accept` and `User-Agent`.

use std::future::Future;
use std::hint::black_box;
use std::pin::Pin;

use serde::Deserialize;
use testkit::CannedServer;
use testkit::plain_models::{
    DEALERAUCTION_FULL_STOCK, DEALERAUCTION_STOCK_ID, PlainCustomer, PlainEnvelope, PlainStockItem,
    autosync_customer_doc, autosync_customer_page,
};

/// Calls made before [`measure_calls`] ([`warm_up`]), outside the count: the connection,
/// the first use of every lazily built thing.
const WARM_UP: usize = 10;
const CUSTOMER_ID: u64 = 1043;

type Call = Box<dyn Fn() -> Pin<Box<dyn Future<Output = ()>>>>;

/// AutoSync's envelope around the SDK's own model types (the `models`
/// baseline).
#[derive(Deserialize)]
struct ModelEnvelope<T> {
    data: T,
    #[serde(default)]
    pagination: Option<autosync_client::Pagination>,
}

/// The calls before the counted ones (not collected).
#[inline(never)]
fn warm_up(rt: &tokio::runtime::Runtime, call: &Call) {
    rt.block_on(async {
        for _ in 0..WARM_UP {
            call().await;
        }
    });
}

/// The counted calls: the only function callgrind collects.
#[inline(never)]
fn measure_calls(rt: &tokio::runtime::Runtime, n: usize, call: &Call) {
    rt.block_on(async {
        for _ in 0..n {
            call().await;
        }
    });
}

const USAGE: &str =
    "usage: call_costs count <get_stock|list_customers|get_customer> <ours|plain|models> <n>
       call_costs time <get_stock|list_customers|get_customer> [rounds] [calls]";
const VARIANTS: [&str; 3] = ["ours", "plain", "models"];

fn usage() -> ! {
    eprintln!("{USAGE}");
    std::process::exit(2);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: usize| match args.get(i) {
        None => default,
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .unwrap_or_else(|| usage()),
    };
    let (Some(mode), Some(which)) = (args.first(), args.get(1)) else {
        usage()
    };
    let url = start_server();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    match mode.as_str() {
        "count" => {
            let (Some(variant), Some(_)) = (args.get(2), args.get(3)) else {
                usage()
            };
            let n = number(3, 1);
            let call = rt
                .block_on(async { make_call(which, variant, &url) })
                .unwrap_or_else(|| usage());
            warm_up(&rt, &call);
            measure_calls(&rt, n, &call);
        }
        "time" => time_rounds(&rt, which, &url, number(2, 31), number(3, 200)),
        _ => usage(),
    }
}

/// The loopback server, on a thread and runtime of its own; its URL.
fn start_server() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let page = bytes::Bytes::from(autosync_customer_page());
            let one = bytes::Bytes::from(autosync_customer_doc(CUSTOMER_ID));
            let stock = bytes::Bytes::from_static(DEALERAUCTION_FULL_STOCK.as_bytes());
            let server = CannedServer::start_with(move |_, target| {
                if target.starts_with("/v1/stock/") {
                    (200, stock.clone())
                } else if target.contains("/customers/") {
                    (200, one.clone())
                } else {
                    (200, page.clone())
                }
            })
            .await
            .expect("server");
            tx.send(server.url()).expect("url");
            std::future::pending::<()>().await;
        });
    });
    rx.recv().expect("server url")
}

/// Nanoseconds the calling thread has spent on a CPU.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| {
            eprintln!("call_costs time needs Linux's /proc/thread-self/schedstat");
            std::process::exit(1);
        })
}

/// The calling thread's user and system time so far, in clock ticks
/// (`/proc/thread-self/stat`; coarse, so only summed over many rounds).
fn thread_user_system_ticks() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // The fields after the command name (which is in parentheses).
    let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let field = |i: usize| after.split_whitespace().nth(i).and_then(|f| f.parse().ok());
    (field(11).unwrap_or(0), field(12).unwrap_or(0))
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Interleaved rounds of every variant of `which`; prints the medians.
fn time_rounds(rt: &tokio::runtime::Runtime, which: &str, url: &str, rounds: usize, n: usize) {
    let calls: Vec<Call> = VARIANTS
        .iter()
        .map(|v| {
            rt.block_on(async { make_call(which, v, url) })
                .unwrap_or_else(|| usage())
        })
        .collect();
    for call in &calls {
        warm_up(rt, call);
    }
    // per_call[variant][round], in nanoseconds.
    let mut per_call = vec![Vec::with_capacity(rounds); VARIANTS.len()];
    let mut user_system = vec![(0, 0); VARIANTS.len()];
    for round in 0..rounds {
        for k in 0..VARIANTS.len() {
            let v = (round + k) % VARIANTS.len();
            let (user, system) = thread_user_system_ticks();
            let start = thread_cpu_ns();
            measure_calls(rt, n, &calls[v]);
            per_call[v].push((thread_cpu_ns() - start) as f64 / n as f64);
            let (user_end, system_end) = thread_user_system_ticks();
            user_system[v].0 += user_end - user;
            user_system[v].1 += system_end - system;
        }
    }
    let ratio = |a: usize, b: usize| {
        let mut r: Vec<f64> = (0..rounds)
            .map(|i| per_call[a][i] / per_call[b][i])
            .collect();
        median(&mut r)
    };
    let (ours_plain, ours_models) = (ratio(0, 1), ratio(0, 2));
    println!("{which}: CPU time per call, median of {rounds} interleaved rounds of {n} calls");
    for (v, name) in VARIANTS.iter().enumerate() {
        let (user, system) = user_system[v];
        let system_share = 100.0 * system as f64 / (user + system).max(1) as f64;
        println!(
            "  {name:<7} {:>9.1} µs  ({system_share:.0}% of it in the kernel)",
            median(&mut per_call[v].clone()) / 1000.0
        );
    }
    println!("  ours/plain  {ours_plain:.3} (median of the rounds' ratios)");
    println!("  ours/models {ours_models:.3}");
}

fn make_call(which: &str, variant: &str, url: &str) -> Option<Call> {
    let http = reqwest::Client::new();
    let call: Call = match (which, variant) {
        ("get_stock", "ours") => {
            let client = dealerauction_client::Client::builder("username", "password")
                .base_url(url)
                .build()
                .expect("client");
            let id = dealerauction_client::StockId::new(DEALERAUCTION_STOCK_ID);
            Box::new(move || {
                let fut = client.get_stock(&id);
                Box::pin(async move {
                    black_box(fut.await.expect("ours"));
                })
            })
        }
        ("get_stock", "plain" | "models") => {
            let plain = variant == "plain";
            let url = format!("{url}/v1/stock/{DEALERAUCTION_STOCK_ID}");
            Box::new(move || {
                let req = http
                    .get(&url)
                    .basic_auth("username", Some("password"))
                    .header("accept", "application/json")
                    .header("user-agent", dealerauction_client::USER_AGENT)
                    .send();
                Box::pin(async move {
                    let resp = req.await.expect("send");
                    assert!(resp.status().is_success());
                    let bytes = resp.bytes().await.expect("body");
                    if plain {
                        let stock: PlainStockItem = serde_json::from_slice(&bytes).expect("decode");
                        black_box(stock);
                    } else {
                        let stock: dealerauction_client::models::StockItem =
                            serde_json::from_slice(&bytes).expect("decode");
                        black_box(stock);
                    }
                })
            })
        }
        ("list_customers" | "get_customer", "ours") => {
            let client = autosync_client::Client::builder("sk_live_bench")
                .base_url(format!("{url}/v1"))
                .without_rate_limit()
                .build()
                .expect("client");
            let shop = autosync_client::ShopId(1);
            if which == "list_customers" {
                let query = autosync_client::CustomerQuery::new();
                Box::new(move || {
                    let fut = client.list_customers(shop, &query);
                    Box::pin(async move {
                        black_box(fut.await.expect("ours"));
                    })
                })
            } else {
                Box::new(move || {
                    let fut = client.get_customer(shop, autosync_client::CustomerId(CUSTOMER_ID));
                    Box::pin(async move {
                        black_box(fut.await.expect("ours"));
                    })
                })
            }
        }
        ("list_customers" | "get_customer", "plain" | "models") => {
            let plain = variant == "plain";
            let list = which == "list_customers";
            let url = if list {
                format!("{url}/v1/shops/1/customers")
            } else {
                format!("{url}/v1/shops/1/customers/{CUSTOMER_ID}")
            };
            Box::new(move || {
                let req = http
                    .get(&url)
                    .bearer_auth("sk_live_bench")
                    .header("accept", "application/json")
                    .header("user-agent", autosync_client::USER_AGENT)
                    .send();
                Box::pin(async move {
                    let resp = req.await.expect("send");
                    assert!(resp.status().is_success());
                    let bytes = resp.bytes().await.expect("body");
                    match (plain, list) {
                        (true, true) => {
                            let e: PlainEnvelope<Vec<PlainCustomer>> =
                                serde_json::from_slice(&bytes).expect("decode");
                            black_box(e);
                        }
                        (true, false) => {
                            let e: PlainEnvelope<PlainCustomer> =
                                serde_json::from_slice(&bytes).expect("decode");
                            black_box(e);
                        }
                        (false, true) => {
                            let e: ModelEnvelope<Vec<autosync_client::Customer>> =
                                serde_json::from_slice(&bytes).expect("decode");
                            black_box((e.data, e.pagination));
                        }
                        (false, false) => {
                            let e: ModelEnvelope<autosync_client::Customer> =
                                serde_json::from_slice(&bytes).expect("decode");
                            black_box((e.data, e.pagination));
                        }
                    }
                })
            })
        }
        _ => return None,
    };
    Some(call)
}
