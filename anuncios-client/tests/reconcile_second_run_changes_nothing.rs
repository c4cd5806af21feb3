//! `Client::reconcile` against the mock: created, updated, unchanged,
//! failed, skipped and not-desired listings are each reported, every
//! desired listing has one entry, and a second run with the same input
//! sends no request that changes anything.

use std::sync::{Arc, Mutex};

use anuncios_client::mock::{MOCK_DEALER_ID, MockAnuncios};
use anuncios_client::prelude::*;
use anuncios_client::{ReconcileItem, serde_json};

fn car(plate: &str, price: u64, version: u64) -> NewListing {
    let basics = ListingBasics::new(
        VersionDetailId(version),
        ColorId(1),
        2023,
        2024,
        15_000,
        Reais(price),
        "Único dono.",
    );
    NewListing::used(plate, basics, CarFields::not_armored())
        .only_owner(true)
        .features([FeatureId(1), FeatureId(5)])
        .build()
        .unwrap()
}

fn zero_km() -> NewListing {
    let basics = ListingBasics::new(
        VersionDetailId(1001),
        ColorId(1),
        2024,
        2024,
        0,
        Reais(95_000),
        "Zero km.",
    );
    NewListing::zero_km(basics, CarFields::new())
        .build()
        .unwrap()
}

fn plates(mock: &MockAnuncios) -> Vec<String> {
    let mut p: Vec<String> = mock
        .listings(MOCK_DEALER_ID)
        .iter()
        .filter_map(|l| l["license_plate"].as_str().map(str::to_owned))
        .collect();
    p.sort();
    p
}

#[tokio::test]
async fn every_outcome_is_reported_once() {
    let mock = MockAnuncios::start().await;
    mock.set_page_size(2); // the inventory is read over several pages
    let client = mock.client();
    let d = MOCK_DEALER_ID;
    let on_platform = client
        .create_listing(d, &car("ABC1234", 85_000, 1001))
        .await
        .unwrap();
    let same = client
        .create_listing(d, &car("DEF5G67", 50_000, 1001))
        .await
        .unwrap();
    let dup = client
        .create_listing(d, &car("DEF5G67", 50_000, 1001))
        .await
        .unwrap();
    let gone = client
        .create_listing(d, &car("QQQ1111", 40_000, 1001))
        .await
        .unwrap();

    let desired = vec![
        car("ABC1234", 79_900, 1001),  // price changed
        car("XYZ9876", 60_000, 1001),  // missing
        car("DEF5G67", 50_000, 1001),  // equal
        zero_km(),                     // no plate
        car("xyz-9876", 61_000, 1001), // the same plate again
        car("JKL2M34", 70_000, 9999),  // the mock refuses the version: 400
        // An old plate whose Mercosul form is already there.
        car("ABC1C34", 79_900, 1001),
    ];
    let seen: Arc<Mutex<Vec<ReconcileItem>>> = Arc::default();
    let log = seen.clone();
    let report = client
        .reconcile(d, desired)
        .on_item(move |i| log.lock().unwrap().push(i.clone()))
        .await;

    assert!(report.accounts_for_all(), "{report:?}");
    assert!(!report.is_complete());
    assert_eq!(report.read, 7);
    let o: Vec<&ReconcileOutcome> = report.outcomes.iter().map(|i| &i.outcome).collect();
    assert!(
        matches!(o[0], ReconcileOutcome::Updated { id, members } if *id == on_platform.id && members == &["price"]),
        "{:?}",
        o[0]
    );
    assert!(matches!(
        o[1],
        ReconcileOutcome::Created {
            looked_up: false,
            ..
        }
    ));
    assert!(matches!(o[2], ReconcileOutcome::Unchanged { id } if *id == same.id));
    assert!(matches!(o[3], ReconcileOutcome::NoPlate));
    assert!(matches!(
        o[4],
        ReconcileOutcome::DuplicateInInput { first_position: 1 }
    ));
    match o[5] {
        ReconcileOutcome::Failed { id: None, error } => {
            assert_eq!(error.kind(), ErrorKind::Validation);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        o[6],
        ReconcileOutcome::DuplicateInInput { first_position: 0 }
    ));
    assert_eq!(
        (report.created(), report.updated(), report.unchanged()),
        (1, 1, 1)
    );
    assert_eq!(
        (report.failed(), report.skipped(), report.not_attempted()),
        (1, 3, 0)
    );
    assert_eq!(report.inventory_reads, 1);

    // Listings on the platform no desired listing matches: reported, kept.
    let extra: Vec<_> = report
        .not_in_desired
        .iter()
        .map(|x| (x.id, x.duplicate_of))
        .collect();
    assert_eq!(extra, vec![(dup.id, Some(same.id)), (gone.id, None)]);
    assert_eq!(mock.listings(d).len(), 5);

    // The callback saw every listing once.
    let mut positions: Vec<usize> = seen.lock().unwrap().iter().map(|i| i.position).collect();
    positions.sort_unstable();
    assert_eq!(positions, (0..7).collect::<Vec<_>>());

    // One line, with the counts; JSON with a tag per outcome.
    let line = report.to_string();
    assert!(!line.contains('\n'));
    assert!(
        line.contains("1 created, 1 updated, 1 unchanged, 1 failed, 3 skipped"),
        "{line}"
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["outcomes"][1]["outcome"]["type"], "created");
    assert_eq!(
        json["outcomes"][5]["outcome"]["error"]["kind"],
        "Validation"
    );
    assert_eq!(json["outcomes"][5]["outcome"]["error"]["status"], 400);
}

#[tokio::test]
async fn a_second_run_sends_nothing() {
    let mock = MockAnuncios::start().await;
    let client = mock.client();
    let d = MOCK_DEALER_ID;
    client
        .create_listing(d, &car("ABC1234", 85_000, 1001))
        .await
        .unwrap();
    let moto = ListingBasics::new(
        VersionDetailId(2001),
        ColorId(2),
        2022,
        2023,
        8_000,
        Reais(32_000),
        "Revisada.",
    );
    let desired = || {
        vec![
            car("ABC1234", 79_900, 1001),
            car("DEF5G67", 50_000, 1001),
            NewListing::used(
                "XYZ9876",
                moto.clone(),
                MotorcycleFields::new().engine_capacity(600),
            )
            .note("Pneus novos.")
            .build()
            .unwrap(),
        ]
    };

    let first = client.reconcile(d, desired()).concurrency(3).await;
    assert!(first.is_complete(), "{first}");
    assert_eq!((first.created(), first.updated()), (2, 1));

    let writes = mock.mutating_requests().await;
    let second = client.reconcile(d, desired()).concurrency(3).await;
    assert!(second.is_complete(), "{second}");
    assert_eq!(second.unchanged(), 3, "{second:?}");
    assert_eq!(mock.mutating_requests().await, writes);
    assert_eq!(plates(&mock), ["ABC1234", "DEF5G67", "XYZ9876"]);
}

#[tokio::test]
async fn a_401_stops_the_run_and_the_rest_is_not_attempted() {
    let mock = MockAnuncios::start().await;
    let client = mock.client_with_auth(Auth::bearer("not-a-token"));
    let report = client
        .reconcile(
            MOCK_DEALER_ID,
            vec![car("ABC1234", 1, 1001), car("DEF5G67", 1, 1001)],
        )
        .await;
    assert!(report.accounts_for_all());
    assert_eq!(report.not_attempted(), 2);
    let stopped = report.stopped.as_ref().unwrap();
    assert_eq!(stopped.error.kind(), ErrorKind::Unauthorized);
    assert_eq!(mock.mutating_requests().await, 0);
}
