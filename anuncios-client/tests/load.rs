//! Load: 1,000 concurrent reads through one shared client against the mock,
//! with the in-flight limit on. Everything ends (no deadlock), every call
//! succeeds or fails with a typed error, and the sockets stay bounded.
//! (Its own test binary: it counts the process's open file descriptors.)

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use anuncios_client::mock::{MOCK_DEALER_ID, MockAnuncios};
use anuncios_client::{
    CarFields, ClientConfig, ColorId, ErrorKind, ListingBasics, NewListing, Reais, RetryPolicy,
    VersionDetailId,
};

const CALLS: usize = 1000;
const IN_FLIGHT: usize = 8;
/// Descriptors that may come and go besides the connections (the runtime,
/// the sampler's own directory handle, wiremock's internals).
const MARGIN: usize = 16;

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_reads_through_one_client_stay_bounded() {
    let mock = MockAnuncios::start().await;
    let before = open_fds();
    let client = mock
        .client_builder(autoclient_common::Auth::bearer(
            anuncios_client::mock::MOCK_TOKEN,
        ))
        .config(
            ClientConfig::default()
                .with_max_in_flight(IN_FLIGHT)
                .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5))),
        )
        .build()
        .unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicUsize::new(before));
    let sampler = {
        let (stop, peak) = (stop.clone(), peak.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(open_fds(), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        })
    };

    let mut ids = Vec::new();
    for km in 1..=10 {
        let listing = NewListing::used(
            "ABC-1234",
            ListingBasics {
                version_detail_id: VersionDetailId(1001),
                color: ColorId(1),
                make_year: 2023,
                model_year: 2024,
                km,
                price: Reais(85_000),
                description: "Teste".into(),
            },
            CarFields::not_armored(),
        )
        .build()
        .unwrap();
        ids.push(
            client
                .create_listing(MOCK_DEALER_ID, &listing)
                .await
                .unwrap()
                .id,
        );
    }
    let calls = (0..CALLS).map(|i| tokio::spawn(client.get_listing(ids[i % ids.len()])));
    let results = tokio::time::timeout(
        Duration::from_secs(120),
        futures_util::future::join_all(calls),
    )
    .await
    .expect("1,000 concurrent reads did not finish: a deadlock");
    stop.store(true, Ordering::Relaxed);
    sampler.await.unwrap();

    let mut failures: Vec<ErrorKind> = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r.expect("a call panicked") {
            Ok(l) => assert_eq!(l.id, ids[i % ids.len()]),
            Err(e) => failures.push(e.kind()),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {CALLS} calls failed: {failures:?}",
        failures.len()
    );

    // Each connection is two descriptors here: the client's and the mock's.
    let bound = before + 2 * IN_FLIGHT + MARGIN;
    let peak = peak.load(Ordering::Relaxed);
    assert!(
        peak <= bound,
        "{peak} descriptors open at the peak (before: {before}, bound {bound})"
    );
    let after = open_fds();
    eprintln!("descriptors: before {before}, peak {peak}, after {after}");
    assert!(
        after <= bound,
        "{after} descriptors open after (before: {before})"
    );
}
