//! A reconcile interrupted by a fault at any one of its requests (a 500, an
//! answer that never comes in time, a 401) and run again ends with the
//! desired inventory, each plate once: a create whose outcome is unknown is
//! looked up before it is sent again.

use std::time::Duration;

use anuncios_client::mock::{Fault, MOCK_DEALER_ID, MOCK_TOKEN, MockAnuncios};
use anuncios_client::prelude::*;
use anuncios_client::{ClientConfig, RetryPolicy};

fn car(plate: &str, price: u64) -> NewListing {
    let basics = ListingBasics::new(
        VersionDetailId(1001),
        ColorId(1),
        2023,
        2024,
        15_000,
        Reais(price),
        "Único dono.",
    );
    NewListing::used(plate, basics, CarFields::not_armored())
        .only_owner(true)
        .build()
        .unwrap()
}

/// Two listings to patch, two to create.
fn desired() -> Vec<NewListing> {
    vec![
        car("ABC1234", 79_900),
        car("DEF5G67", 61_000),
        car("GHI8J90", 45_000),
        car("XYZ9876", 52_000),
    ]
}

/// A mock holding the two listings to patch, at their old prices, and a
/// client whose attempts time out after 250 ms.
async fn setup() -> (MockAnuncios, Client) {
    let mock = MockAnuncios::start().await;
    let client = mock
        .client_builder(Auth::bearer(MOCK_TOKEN))
        .config(
            ClientConfig::default()
                .with_attempt_timeout(Duration::from_millis(250))
                .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5))),
        )
        .build()
        .unwrap();
    for l in [car("ABC1234", 85_000), car("DEF5G67", 65_000)] {
        client.create_listing(MOCK_DEALER_ID, &l).await.unwrap();
    }
    (mock, client)
}

/// The mock's listings as (plate, price), sorted.
fn state(mock: &MockAnuncios) -> Vec<(String, u64)> {
    let mut s: Vec<(String, u64)> = mock
        .listings(MOCK_DEALER_ID)
        .iter()
        .map(|l| {
            (
                l["license_plate"].as_str().unwrap_or_default().to_owned(),
                l["price"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    s.sort();
    s
}

fn wanted() -> Vec<(String, u64)> {
    let mut w: Vec<(String, u64)> = desired()
        .iter()
        .map(|l| {
            let v = l.to_json();
            (
                v["license_plate"].as_str().unwrap().to_owned(),
                v["price"].as_u64().unwrap(),
            )
        })
        .collect();
    w.sort();
    w
}

/// Requests an undisturbed run sends (GET inventory, 2 PATCH, 2 POST).
const REQUESTS: usize = 5;

async fn converges_with(fault: impl Fn() -> Fault, name: &str) {
    for at in 0..REQUESTS {
        let (mock, client) = setup().await;
        // Every request before `at` is handled normally; the one at `at` faults.
        for _ in 0..at {
            mock.faults().push(Fault::slow(Duration::ZERO));
        }
        mock.faults().push(fault());
        let first = client.reconcile(MOCK_DEALER_ID, desired()).await;
        assert!(first.accounts_for_all(), "{name} at {at}: {first:?}");
        assert_eq!(
            mock.faults().pending(),
            0,
            "{name} at {at}: the fault was not met"
        );

        // Run again (a cron job's next run) until nothing is left to do.
        let second = client.reconcile(MOCK_DEALER_ID, desired()).await;
        assert!(second.is_complete(), "{name} at {at}: {second}");
        assert_eq!(
            state(&mock),
            wanted(),
            "{name} at {at}: duplicates or stale"
        );

        let writes = mock.mutating_requests().await;
        let third = client.reconcile(MOCK_DEALER_ID, desired()).await;
        assert_eq!(third.unchanged(), 4, "{name} at {at}: {third}");
        assert_eq!(mock.mutating_requests().await, writes, "{name} at {at}");
    }
}

#[tokio::test]
async fn a_500_at_any_request_converges() {
    converges_with(|| Fault::status(500), "500").await;
}

#[tokio::test]
async fn a_lost_answer_at_any_request_converges_without_duplicates() {
    // Handled (the listing is stored), but answered after the client gave up.
    converges_with(|| Fault::slow(Duration::from_millis(400)), "slow").await;
}

#[tokio::test]
async fn a_401_at_any_request_converges() {
    converges_with(
        || Fault::status(401).body(r#"{"detail": "Token inválido ou expirado."}"#),
        "401",
    )
    .await;
}

#[tokio::test]
async fn a_lost_create_is_looked_up_not_sent_again() {
    let (mock, client) = setup().await;
    // GET inventory, the two PATCHes, then the first POST is stored but its
    // answer comes too late.
    for _ in 0..3 {
        mock.faults().push(Fault::slow(Duration::ZERO));
    }
    mock.faults().push(Fault::slow(Duration::from_millis(400)));
    let report = client.reconcile(MOCK_DEALER_ID, desired()).await;
    assert!(report.is_complete(), "{report}");
    assert!(
        matches!(
            report.outcomes[2].outcome,
            ReconcileOutcome::Created {
                looked_up: true,
                ..
            }
        ),
        "{:?}",
        report.outcomes[2]
    );
    assert_eq!(report.inventory_reads, 2);
    let posts = mock
        .received_requests()
        .await
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    // The two listings of `setup`, and one POST per listing created.
    assert_eq!(posts, 4);
    assert_eq!(state(&mock), wanted());
}
