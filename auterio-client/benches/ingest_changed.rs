//! Change-only ingest against a full resend: 100,000 vehicles of which 1%
//! changed since the last sync, into a local server that answers every
//! request with canned bytes (`testkit::CannedServer`).
//!
//! * `full resend`: `ingest_all` of the whole inventory (100 requests).
//! * `ingest_changed, memory store`: `ingest_changed` with a `MemoryStore`
//!   holding the fingerprints of the last sync (cloned before each round).
//! * `ingest_changed, file store`: the same with a `FileStore`, the file
//!   opened (read and parsed) and saved (written atomically) inside the
//!   timing, as a cron job does.
//! * `ingest_changed, first run`: with an empty store, so everything is
//!   sent and fingerprinted (the cost of the fingerprints over `ingest_all`).
//!
//! Requests are counted by the server; bytes are the request bodies'
//! (what the ingest encodes). Each variant runs in interleaved rounds; the
//! median and the range are printed.
//! Run with `cargo bench -p auterio-client --features mock --bench ingest_changed`.
//! Without `--bench` (as `cargo test --all-targets` runs it) it does one
//! round of 2,000 vehicles, to check that it works.

use std::future::IntoFuture;
use std::time::{Duration, Instant};

use auterio_client::{
    Client, FileStore, Fingerprint, FingerprintStore, IngestRequest, MemoryStore, Vehicle,
};
use testkit::CannedServer;

mod support;
use support::vehicles;

/// Every 100th vehicle, changed.
fn changed(all: &[Vehicle]) -> Vec<Vehicle> {
    all.iter()
        .enumerate()
        .map(|(i, v)| {
            if i % 100 == 0 {
                v.clone().mileage(31_500)
            } else {
                v.clone()
            }
        })
        .collect()
}

fn body_bytes(vehicles: &[Vehicle]) -> usize {
    vehicles
        .chunks(1000)
        .map(|c| serde_json::to_vec(&IngestRequest::new(c)).map_or(0, |b| b.len()))
        .sum()
}

fn median(mut d: Vec<Duration>) -> (Duration, Duration, Duration) {
    d.sort();
    (d[0], d[d.len() / 2], d[d.len() - 1])
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (n, rounds) = if bench { (100_000, 11) } else { (2_000, 1) };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = rt
        .block_on(CannedServer::start(
            200,
            r#"{"success":true,"imported":1000,"skipped":0,"source":"bench"}"#,
        ))
        .expect("server");
    // The changed vehicles (n / 100, 1,000 at full size) go in one request:
    // its answer must count them.
    let answer = format!(
        r#"{{"success":true,"imported":{},"skipped":0,"source":"bench"}}"#,
        n / 100
    );
    let changed_server = rt
        .block_on(CannedServer::start(200, answer))
        .expect("server");
    let client: Client = support::client(&server.url());
    let changed_client: Client = support::client(&changed_server.url());
    let last = vehicles(n);
    let now = changed(&last);
    let mut primed = MemoryStore::new();
    for v in &last {
        primed.record(&v.vin, Fingerprint::of(v));
    }
    let dir = std::env::temp_dir().join(format!("auterio-bench-changed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("state.json");
    let mut file = FileStore::open(&path).expect("store");
    for v in &last {
        file.record(&v.vin, Fingerprint::of(v));
    }
    file.save().expect("save");
    let file_bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    let changed_only: Vec<Vehicle> = now.iter().step_by(100).cloned().collect();

    let mut times: [Vec<Duration>; 4] = Default::default();
    let mut hits = [0usize; 4];
    for _ in 0..rounds {
        for (k, times) in times.iter_mut().enumerate() {
            let input = now.clone();
            let before = server.hits() + changed_server.hits();
            let elapsed = match k {
                0 => {
                    let t = Instant::now();
                    let r = rt.block_on(client.ingest_all(input).into_future());
                    let e = t.elapsed();
                    assert!(r.is_complete(), "{r}");
                    e
                }
                1 => {
                    let mut store = primed.clone();
                    let t = Instant::now();
                    let r = rt
                        .block_on(
                            changed_client
                                .ingest_changed(input, &mut store)
                                .into_future(),
                        )
                        .expect("sync");
                    let e = t.elapsed();
                    assert!(r.is_complete() && r.accepted() == (n / 100) as u64, "{r}");
                    e
                }
                2 => {
                    // Back to the last sync's state, outside the timing.
                    std::fs::copy(&path, dir.join("run.json")).expect("copy");
                    let t = Instant::now();
                    let mut store = FileStore::open(dir.join("run.json")).expect("open");
                    let r = rt
                        .block_on(
                            changed_client
                                .ingest_changed(input, &mut store)
                                .into_future(),
                        )
                        .expect("sync");
                    let e = t.elapsed();
                    assert!(r.is_complete() && r.accepted() == (n / 100) as u64, "{r}");
                    e
                }
                _ => {
                    let mut store = MemoryStore::new();
                    let t = Instant::now();
                    let r = rt
                        .block_on(client.ingest_changed(input, &mut store).into_future())
                        .expect("sync");
                    let e = t.elapsed();
                    assert!(r.is_complete(), "{r}");
                    e
                }
            };
            hits[k] = server.hits() + changed_server.hits() - before;
            times.push(elapsed);
        }
    }
    let names = [
        "full resend (ingest_all)",
        "ingest_changed, memory store",
        "ingest_changed, file store (open + save inside)",
        "ingest_changed, first run (empty store)",
    ];
    let bytes = [
        body_bytes(&now),
        body_bytes(&changed_only),
        body_bytes(&changed_only),
        body_bytes(&now),
    ];
    println!(
        "{n} vehicles, {} changed; {rounds} rounds; the file store is {file_bytes} bytes",
        n / 100
    );
    println!("| variant | requests | request body bytes | time (min / median / max) |");
    println!("|---|---|---|---|");
    for k in 0..4 {
        let (lo, mid, hi) = median(times[k].clone());
        println!(
            "| {} | {} | {} | {:.1} / **{:.1}** / {:.1} ms |",
            names[k],
            hits[k],
            bytes[k],
            lo.as_secs_f64() * 1e3,
            mid.as_secs_f64() * 1e3,
            hi.as_secs_f64() * 1e3
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
