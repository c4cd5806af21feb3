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
//!
//! And `ingest_all` (Auterio, 100,000 vehicles in 100 requests, one in
//! flight; a "call" is the whole run, its input copied outside what is
//! measured), with variants `ours` (`ingest_all`'s defaults),
//! `ours_with_duplicate_detection` and `same_bytes` (a plain loop posting
//! the same chunks: reqwest + serde_json encoding the same `Vehicle`
//! values).

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
/// The inventory of the `ingest_all` call.
const INGEST_VEHICLES: usize = 100_000;

/// One variant of a call.
struct Call {
    run: Box<dyn Fn() -> Pin<Box<dyn Future<Output = ()>>>>,
    /// Readies the input of `n` runs, outside what is measured (the copies
    /// of the inventory that `ingest_all` consumes).
    prepare: Box<dyn Fn(usize)>,
    /// Runs before the measured ones.
    warm_up: usize,
}

impl Call {
    /// A call that needs no input of its own.
    fn simple(run: impl Fn() -> Pin<Box<dyn Future<Output = ()>>> + 'static) -> Self {
        Call {
            run: Box::new(run),
            prepare: Box::new(|_| {}),
            warm_up: WARM_UP,
        }
    }
}

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
    (call.prepare)(call.warm_up);
    rt.block_on(async {
        for _ in 0..call.warm_up {
            (call.run)().await;
        }
    });
}

/// The counted calls: the only function callgrind collects.
#[inline(never)]
fn measure_calls(rt: &tokio::runtime::Runtime, n: usize, call: &Call) {
    rt.block_on(async {
        for _ in 0..n {
            (call.run)().await;
        }
    });
}

/// The variants of a call: the SDK's first, then the baselines.
fn variants(which: &str) -> &'static [&'static str] {
    if which == "ingest_all" {
        &["ours", "same_bytes", "ours_with_duplicate_detection"]
    } else {
        &["ours", "plain", "models"]
    }
}

const USAGE: &str = "usage: call_costs count <call> <variant> <n>
       call_costs time <call> [rounds] [calls]
calls: get_stock, list_customers, get_customer (variants ours, plain, models);
       ingest_all (variants ours, same_bytes, ours_with_duplicate_detection)";

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
            (call.prepare)(n);
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
            let ingested = bytes::Bytes::from_static(
                br#"{"success":true,"imported":1000,"skipped":0,"source":"bench"}"#,
            );
            let server = CannedServer::start_with(move |_, target| {
                if target.starts_with("/v1/stock/") {
                    (200, stock.clone())
                } else if target.starts_with("/api/vehicles/ingest") {
                    (200, ingested.clone())
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
    let names = variants(which);
    let calls: Vec<Call> = names
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
    let mut per_call = vec![Vec::with_capacity(rounds); names.len()];
    let mut user_system = vec![(0, 0); names.len()];
    for round in 0..rounds {
        for k in 0..names.len() {
            let v = (round + k) % names.len();
            (calls[v].prepare)(n);
            let (user, system) = thread_user_system_ticks();
            let start = thread_cpu_ns();
            measure_calls(rt, n, &calls[v]);
            per_call[v].push((thread_cpu_ns() - start) as f64 / n as f64);
            let (user_end, system_end) = thread_user_system_ticks();
            user_system[v].0 += user_end - user;
            user_system[v].1 += system_end - system;
        }
    }
    println!("{which}: CPU time per call, median of {rounds} interleaved rounds of {n} calls");
    for (v, name) in names.iter().enumerate() {
        let (user, system) = user_system[v];
        let system_share = 100.0 * system as f64 / (user + system).max(1) as f64;
        println!(
            "  {name:<7} {:>9.1} µs  ({system_share:.0}% of it in the kernel)",
            median(&mut per_call[v].clone()) / 1000.0
        );
    }
    for (v, name) in names.iter().enumerate().skip(1) {
        let mut r: Vec<f64> = (0..rounds)
            .map(|i| per_call[0][i] / per_call[v][i])
            .collect();
        println!(
            "  ours/{name} {:.3} (median of the rounds' ratios)",
            median(&mut r)
        );
    }
}

fn make_call(which: &str, variant: &str, url: &str) -> Option<Call> {
    let http = reqwest::Client::new();
    let call: Call = match (which, variant) {
        ("ingest_all", _) => return ingest_call(variant, url),
        ("get_stock", "ours") => {
            let client = dealerauction_client::Client::builder("username", "password")
                .base_url(url)
                .build()
                .expect("client");
            let id = dealerauction_client::StockId::new(DEALERAUCTION_STOCK_ID);
            Call::simple(move || {
                let fut = client.get_stock(&id);
                Box::pin(async move {
                    black_box(fut.await.expect("ours"));
                })
            })
        }
        ("get_stock", "plain" | "models") => {
            let plain = variant == "plain";
            let url = format!("{url}/v1/stock/{DEALERAUCTION_STOCK_ID}");
            Call::simple(move || {
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
                Call::simple(move || {
                    let fut = client.list_customers(shop, &query);
                    Box::pin(async move {
                        black_box(fut.await.expect("ours"));
                    })
                })
            } else {
                Call::simple(move || {
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
            Call::simple(move || {
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

/// The inventory of `ingest_all`: [`INGEST_VEHICLES`] vehicles with the
/// fields of the ingest benchmark's.
fn inventory() -> Vec<auterio_client::Vehicle> {
    use auterio_client::{FuelType, Gearbox, Vehicle, VehicleStatus};
    (0..INGEST_VEHICLES)
        .map(|i| {
            Vehicle::new(format!("VSSZZZ6JZ{i:08}"), "SEAT", "Ibiza")
                .version("FR 1.0 TSI")
                .year(2021)
                .color_ext("Rojo")
                .fuel_type(FuelType::GASOLINE)
                .gearbox(Gearbox::MANUAL)
                .mileage(31_000)
                .power_hp(110)
                .cost_price(rust_decimal::Decimal::new(1_120_050, 2))
                .sale_price(rust_decimal::Decimal::from(13_990))
                .status(VehicleStatus::Disponible)
        })
        .collect()
}

/// `ingest_all` of the inventory, one request in flight: `ours` with its
/// defaults (duplicate detection off), `ours_with_duplicate_detection`, and
/// `same_bytes`, a plain loop posting the same chunks of 1,000 (reqwest +
/// serde_json encoding the same `Vehicle` values).
fn ingest_call(variant: &str, url: &str) -> Option<Call> {
    use std::cell::RefCell;
    use std::rc::Rc;
    let master = Rc::new(inventory());
    let ready: Rc<RefCell<Vec<Vec<auterio_client::Vehicle>>>> = Rc::default();
    let prepare = {
        let (master, ready) = (master.clone(), ready.clone());
        Box::new(move |n: usize| {
            let mut ready = ready.borrow_mut();
            while ready.len() < n {
                ready.push((*master).clone());
            }
        })
    };
    // A copy made here if none was prepared (then counted: prepare first).
    let take = move || {
        ready
            .borrow_mut()
            .pop()
            .unwrap_or_else(|| (*master).clone())
    };
    let run: Box<dyn Fn() -> Pin<Box<dyn Future<Output = ()>>>> = match variant {
        "ours" | "ours_with_duplicate_detection" => {
            let detect = variant == "ours_with_duplicate_detection";
            let client = auterio_client::Client::builder("bench-key")
                .base_url(url)
                .build()
                .expect("client");
            Box::new(move || {
                let all = client.ingest_all(take());
                let fut = if detect {
                    all.detect_duplicates(true)
                } else {
                    all
                };
                Box::pin(async move {
                    let report = fut.await;
                    assert!(report.failed.is_empty(), "{report}");
                    black_box(report);
                })
            })
        }
        "same_bytes" => {
            #[derive(serde::Serialize)]
            struct Body<'a> {
                vehicles: &'a [auterio_client::Vehicle],
            }
            let http = reqwest::Client::new();
            let url = format!("{url}/api/vehicles/ingest");
            Box::new(move || {
                let (http, url, all) = (http.clone(), url.clone(), take());
                Box::pin(async move {
                    for chunk in all.chunks(1000) {
                        let body = serde_json::to_vec(&Body { vehicles: chunk }).expect("encode");
                        let resp = http
                            .post(&url)
                            .bearer_auth("bench-key")
                            .header("accept", "application/json")
                            .header("user-agent", auterio_client::USER_AGENT)
                            .header("content-type", "application/json")
                            .body(body)
                            .send()
                            .await
                            .expect("send");
                        let bytes = resp.bytes().await.expect("body");
                        let v: serde_json::Value = serde_json::from_slice(&bytes).expect("decode");
                        assert_eq!(v["success"], true);
                    }
                    black_box(all);
                })
            })
        }
        _ => return None,
    };
    Some(Call {
        run,
        prepare,
        warm_up: 1,
    })
}
