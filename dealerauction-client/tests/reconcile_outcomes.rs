//! What a reconcile does with each item: creates, updates only what differs,
//! leaves equal items alone, deactivates (only when asked), adopts on 409,
//! holds back auction changes while the auction runs, and looks a create
//! whose outcome is unknown up before sending anything again.

use crate::sync_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use dealerauction_client::mock::{Fault, MOCK_CUSTOMER_ID, MockDealerAuction};
use dealerauction_client::models::*;
use dealerauction_client::{ErrorKind, ReconcileOutcome};
use sync_support::*;

#[tokio::test]
async fn creates_updates_and_leaves_equal_items_alone() {
    let mock = MockDealerAuction::start().await;
    let client = mock.client();
    let a = desired("STK-A", "AA11AAA", 1_000);
    let b = desired("STK-B", "BB11BBB", 2_000);
    let created_b = client.create_stock(&b).await.unwrap();
    let c = desired("STK-C", "CC11CCC", 3_000);
    let created_c = client.create_stock(&c).await.unwrap();

    let mut b2 = b.clone();
    b2.vehicle.mileage = Some(2_500);
    b2.vehicle.colour = None;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let report = client
        .reconcile(MOCK_CUSTOMER_ID, vec![a.clone(), b2.clone(), c.clone()])
        .on_item(move |line| log.lock().unwrap().push(line.position))
        .await;

    assert!(
        report.accounts_for_all() && report.is_complete(),
        "{report}"
    );
    assert_eq!(
        (report.created(), report.updated(), report.unchanged()),
        (1, 1, 1)
    );
    assert!(matches!(
        &report.items[0].outcome,
        ReconcileOutcome::Created {
            after_lookup: false,
            ..
        }
    ));
    match &report.items[1].outcome {
        ReconcileOutcome::Updated { stock_id, changed } => {
            assert_eq!(stock_id, &created_b.id);
            assert_eq!(changed, &["vehicle.colour", "vehicle.mileage"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&report.items[2].outcome, ReconcileOutcome::Unchanged { stock_id } if *stock_id == created_c.id)
    );
    assert_eq!(seen.lock().unwrap().len(), 3);

    // The update sent only the difference.
    let patches: Vec<serde_json::Value> = mock
        .received_requests()
        .await
        .iter()
        .filter(|r| r.method.as_str() == "PATCH")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(
        patches,
        [serde_json::json!({"vehicle": {"mileage": 2500, "colour": null}})]
    );
    assert_converged(&mock, &[a, b2, c]);
}

#[tokio::test]
async fn deactivates_missing_items_only_when_asked() {
    let mock = MockDealerAuction::start().await;
    let client = mock.client();
    let mut gone = desired("STK-GONE", "GG11GGG", 1_000);
    gone.advert.as_mut().unwrap().state = Some(AdvertState::Active);
    let gone_id = client.create_stock(&gone).await.unwrap().id;
    let kept = desired("STK-KEPT", "KK11KKK", 1_000);

    let report = client.reconcile(MOCK_CUSTOMER_ID, vec![kept.clone()]).await;
    assert_eq!(report.deactivated(), 0);
    assert_eq!(
        mock.stock_item(&gone_id).unwrap()["advert"]["state"],
        "ACTIVE"
    );

    let report = client
        .reconcile(MOCK_CUSTOMER_ID, vec![kept])
        .deactivate_missing(true)
        .await;
    assert_eq!(report.deactivated(), 1, "{report}");
    let line = report.items.last().unwrap();
    assert_eq!(line.position, None);
    assert_eq!(line.external_stock_id.as_deref(), Some("STK-GONE"));
    let doc = mock.stock_item(&gone_id).unwrap();
    assert_eq!(doc["advert"]["state"], "INACTIVE");
    assert_ne!(doc["lifecycleState"], "DELETED");
    assert!(report.accounts_for_all());
}

#[tokio::test]
async fn a_409_adopts_the_item_with_that_vrm() {
    let mock = MockDealerAuction::start().await;
    let client = mock.client();
    // Stocked by hand, without a key.
    let mut by_hand = desired("x", "AD11OPT", 1_000);
    by_hand.metadata = Metadata::new();
    let existing = client.create_stock(&by_hand).await.unwrap().id;

    let want = desired("STK-AD", "AD11OPT", 1_500);
    let report = client.reconcile(MOCK_CUSTOMER_ID, vec![want.clone()]).await;
    match &report.items[0].outcome {
        ReconcileOutcome::Adopted { stock_id, changed } => {
            assert_eq!(stock_id, &existing);
            assert!(
                changed.contains(&"metadata.externalStockId".to_owned()),
                "{changed:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(mock.stock_items().len(), 1);
    assert_converged(&mock, &[want]);
}

#[tokio::test]
async fn a_running_auction_is_not_modified_and_not_retried() {
    let mock = MockDealerAuction::start().await;
    let client = mock.client();
    let mut live = desired("STK-LIVE", "LV11LVE", 1_000);
    live.advert.as_mut().unwrap().state = Some(AdvertState::Active);
    let id = client.create_stock(&live).await.unwrap().id;
    assert_eq!(
        mock.stock_item(&id).unwrap()["lifecycleState"],
        "SALE_IN_PROGRESS"
    );

    let mut want = live.clone();
    let advert = want.advert.as_mut().unwrap();
    advert.description = Some("New text".into());
    advert.auction.as_mut().unwrap().buy_now_price = Some(Price::gbp(3_500));
    let before = mock.received_requests().await.len();
    let report = client.reconcile(MOCK_CUSTOMER_ID, vec![want]).await;
    match &report.items[0].outcome {
        ReconcileOutcome::AuctionRunning {
            held_back, sent, ..
        } => {
            assert_eq!(held_back, &["advert.auction.buyNowPrice"]);
            assert_eq!(sent, &["advert.description"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(!report.is_complete());
    let requests = mock.received_requests().await;
    let patches: Vec<_> = requests[before..]
        .iter()
        .filter(|r| r.method.as_str() == "PATCH")
        .collect();
    assert_eq!(
        patches.len(),
        1,
        "one patch, without the auction, never retried"
    );
    assert!(!String::from_utf8_lossy(&patches[0].body).contains("auction"));
    let doc = mock.stock_item(&id).unwrap();
    assert_eq!(doc["advert"]["description"], "New text");
    assert_eq!(doc["advert"]["auction"]["buyNowPrice"]["value"], 4000);
}

#[tokio::test]
async fn a_create_whose_response_was_lost_is_looked_up_not_repeated() {
    let mock = MockDealerAuction::start().await;
    let client = impatient_client(&mock);
    // The listing passes; the create is handled but its response comes too late.
    mock.faults().push(Fault::slow(Duration::ZERO));
    mock.faults().push(Fault::slow(Duration::from_millis(800)));
    let want = desired("STK-LOST", "LO11SST", 1_000);
    let report = client.reconcile(MOCK_CUSTOMER_ID, vec![want.clone()]).await;

    assert!(
        matches!(
            &report.items[0].outcome,
            ReconcileOutcome::Created {
                after_lookup: true,
                ..
            }
        ),
        "{:?}",
        report.items[0].outcome
    );
    let posts = mock
        .received_requests()
        .await
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(posts, 1, "the create was not sent again");
    assert_eq!(mock.stock_items().len(), 1);
    assert_converged(&mock, &[want]);
}

#[tokio::test]
async fn a_create_refused_with_a_5xx_is_sent_again_only_after_a_lookup() {
    let mock = MockDealerAuction::start().await;
    let client = mock.client();
    mock.faults().push(Fault::slow(Duration::ZERO));
    mock.faults().push(Fault::status(502));
    let want = desired("STK-502", "FV11EEE", 1_000);
    let report = client.reconcile(MOCK_CUSTOMER_ID, vec![want.clone()]).await;
    assert!(matches!(
        &report.items[0].outcome,
        ReconcileOutcome::Created {
            after_lookup: true,
            ..
        }
    ));
    let methods: Vec<String> = mock
        .received_requests()
        .await
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(
        methods,
        [
            "GET /v1/stock",
            "POST /v1/stock",
            "GET /v1/stock",
            "POST /v1/stock"
        ],
        "a lookup between the two creates"
    );
    assert_converged(&mock, &[want]);
}

#[tokio::test]
async fn a_create_without_vrm_whose_outcome_is_unknown_is_not_sent_again() {
    let mock = MockDealerAuction::start().await;
    let client = mock.client();
    mock.faults().push(Fault::slow(Duration::ZERO));
    mock.faults().push(Fault::status(500));
    let mut want = desired("STK-NOVRM", "X", 1_000);
    want.vehicle.vrm = None;
    let report = client.reconcile(MOCK_CUSTOMER_ID, vec![want.clone()]).await;
    match &report.items[0].outcome {
        ReconcileOutcome::Failed { error, .. } => {
            assert_eq!(error.kind(), ErrorKind::OutcomeUnknown)
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(mock.stock_items().len(), 0);
    // The next run creates it.
    let report = client.reconcile(MOCK_CUSTOMER_ID, vec![want.clone()]).await;
    assert_eq!(report.created(), 1);
    assert_converged(&mock, &[want]);
}

#[tokio::test]
async fn faulty_input_items_fail_on_their_own() {
    let mock = MockDealerAuction::start().await;
    let client = mock.client();
    let mut no_key = desired("k", "NK11KEY", 1);
    no_key.metadata = Metadata::new();
    let mut other_account = desired("STK-O", "OT11HER", 1);
    other_account.customer_id = "999".into();
    let first = desired("STK-D", "DU11PPP", 1);
    let same_key = desired("STK-D", "DU22PPP", 1);
    let same_vrm = desired("STK-E", "DU11PPP", 1);
    let report = client
        .reconcile(
            MOCK_CUSTOMER_ID,
            vec![no_key, other_account, first, same_key, same_vrm],
        )
        .await;
    assert!(report.accounts_for_all());
    assert_eq!((report.created(), report.failed()), (1, 4), "{report}");
    for i in [0, 1, 3, 4] {
        match &report.items[i].outcome {
            ReconcileOutcome::Failed { error, .. } => {
                assert_eq!(error.kind(), ErrorKind::InvalidRequest)
            }
            other => panic!("{i}: {other:?}"),
        }
    }
    assert_eq!(mock.stock_items().len(), 1);
}

#[tokio::test]
async fn a_401_stops_the_run_and_the_rest_is_not_attempted() {
    let mock = MockDealerAuction::start().await;
    let client = mock.client_with_credentials("mock-dealer", "wrong");
    let report = client.reconcile(MOCK_CUSTOMER_ID, inventory()).await;
    assert!(report.stopped.is_some());
    assert_eq!(report.not_attempted(), 6);
    assert!(report.accounts_for_all() && !report.is_complete());
    assert!(report.to_string().contains("6 not attempted"), "{report}");
}

#[tokio::test]
async fn reconcile_one_creates_then_reports_unchanged() {
    let mock = MockDealerAuction::start().await;
    let client = mock.client();
    let want = desired("STK-ONE", "ON11EEE", 1_000);
    assert!(matches!(
        client.reconcile_one(&want).await.unwrap(),
        ReconcileOutcome::Created { .. }
    ));
    assert!(matches!(
        client.reconcile_one(&want).await.unwrap(),
        ReconcileOutcome::Unchanged { .. }
    ));
    let mut changed = want.clone();
    changed.vehicle.mileage = Some(1_200);
    assert!(matches!(
        client.reconcile_one(&changed).await.unwrap(),
        ReconcileOutcome::Updated { .. }
    ));
    let mut no_key = want;
    no_key.metadata = Metadata::new();
    let e = client.reconcile_one(&no_key).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
}

#[tokio::test]
async fn the_report_serializes_every_line() {
    let mock = MockDealerAuction::start().await;
    let client = mock.client();
    let mut no_key = desired("k", "NK11KEY", 1);
    no_key.metadata = Metadata::new();
    let report = client
        .reconcile(
            MOCK_CUSTOMER_ID,
            vec![desired("STK-S", "SE11RRR", 1), no_key],
        )
        .await;
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["items"][0]["outcome"]["outcome"], "created");
    assert_eq!(json["items"][1]["outcome"]["outcome"], "failed");
    assert_eq!(
        json["items"][1]["outcome"]["error"]["kind"],
        "InvalidRequest"
    );
}
