//! Peak memory of streaming a list through the paginator: `stream_customers`
//! over 10,000 and over 1,000,000 customers (pages of 100) from a local
//! server answering canned bytes, each size in a child process of its own
//! whose peak resident set size (`VmHWM`) is read at the end. The stream holds
//! one page at a time, so the peak should not grow with the number of items:
//! target ratio peak(1,000,000) / peak(10,000) <= 1.2.
//!
//! Run with `cargo bench -p autosync-client --bench memory` (Linux: it reads
//! `/proc/self/status`).

use std::process::Command;
use std::time::Instant;

use autosync_client::{Client, CustomerQuery, ShopId};
use futures_util::StreamExt;
use serde_json::json;
use testkit::{CannedServer, peak_rss_kib};

const CHILD_ENV: &str = "AUTOSYNC_MEMORY_BENCH_ITEMS";
const PER_PAGE: u64 = 100;

/// The child: streams `n` customers and prints its peak RSS.
fn child(n: u64) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let items: Vec<String> = (1..=PER_PAGE)
        .map(|i| {
            json!({
                "id": i,
                "first_name": "Customer",
                "last_name": i.to_string(),
                "email": format!("customer{i}@example.com"),
                "phone": "(555) 123-4567",
                "is_business": i % 10 == 0,
                "created_at": "2024-01-15T10:30:00Z"
            })
            .to_string()
        })
        .collect();
    let data = items.join(",");
    let server = rt
        .block_on(CannedServer::start_with(move |_, target| {
            let page: u64 = target
                .split(['?', '&'])
                .find_map(|kv| kv.strip_prefix("page="))
                .and_then(|v| v.parse().ok())
                .unwrap_or(1);
            let body = format!(
                r#"{{"success":true,"data":[{data}],"pagination":{{"page":{page},"per_page":{PER_PAGE},"total":{n}}}}}"#
            );
            (200, body.into())
        }))
        .expect("server");
    let client = Client::builder("sk_live_bench")
        .base_url(format!("{}/v1", server.url()))
        .without_rate_limit()
        .build()
        .expect("client");
    let start = Instant::now();
    let count = rt.block_on(async {
        let query = CustomerQuery::new().per_page(PER_PAGE as u32);
        let mut stream = Box::pin(client.stream_customers(ShopId(1), query));
        let mut count = 0u64;
        while let Some(item) = stream.next().await {
            let c = item.expect("customer");
            std::hint::black_box(&c);
            count += 1;
        }
        count
    });
    let elapsed = start.elapsed();
    assert_eq!(count, n);
    println!(
        "items={count} requests={} secs={:.3} vmhwm_kib={}",
        server.hits(),
        elapsed.as_secs_f64(),
        peak_rss_kib().unwrap_or(0)
    );
}

fn measure(n: u64) -> (u64, String) {
    let exe = std::env::current_exe().expect("current exe");
    let out = Command::new(exe)
        .env(CHILD_ENV, n.to_string())
        .output()
        .expect("child");
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(
        out.status.success(),
        "child failed: {text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kib = text
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix("vmhwm_kib="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    (kib, text)
}

fn main() {
    if let Some(n) = std::env::var(CHILD_ENV).ok().and_then(|v| v.parse().ok()) {
        child(n);
        return;
    }
    let (small, small_text) = measure(10_000);
    println!("stream_memory 10,000: {small_text}");
    let (large, large_text) = measure(1_000_000);
    println!("stream_memory 1,000,000: {large_text}");
    let ratio = large as f64 / small.max(1) as f64;
    println!(
        "stream_memory peak RSS ratio 1,000,000 / 10,000 = {ratio:.3} (target <= 1.2: {})",
        if ratio <= 1.2 { "met" } else { "MISSED" }
    );
}
