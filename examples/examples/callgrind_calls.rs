//! The program `.ci/callgrind-calls` runs under `valgrind --tool=callgrind`:
//! `callgrind_calls <call> <variant> <n>` makes `n` sequential calls of
//! `<call>` against a loopback canned server (`testkit::CannedServer`) on a
//! thread and runtime of its own, from a single-threaded runtime on the main
//! thread, all inside [`measure_calls`] (the function the script gives
//! callgrind's `--toggle-collect`, so that start-up, the warm-up calls, the
//! server and the exit are not counted).
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage =
        "usage: callgrind_calls <get_stock|list_customers|get_customer> <ours|plain|models> <n>";
    let (Some(which), Some(variant), Some(n)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("{usage}");
        std::process::exit(2);
    };

    // The server: a thread and runtime of its own.
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
    let url = rx.recv().expect("server url");

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let call = rt.block_on(async { make_call(which, variant, &url) });
    let Some(call) = call else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    warm_up(&rt, &call);
    measure_calls(&rt, n, &call);
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
