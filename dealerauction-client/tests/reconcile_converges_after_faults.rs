//! A reconcile interrupted at any request (a 401 that stops it, a 5xx, a
//! response lost after the server acted) and run again ends with the
//! account equal to the inventory, every item stored once.

use crate::sync_support;

use std::time::Duration;

use dealerauction_client::mock::{Fault, MOCK_CUSTOMER_ID, MockDealerAuction};
use dealerauction_client::models::{AdvertState, StockItem};
use sync_support::*;

/// The account before the run: two items of the inventory (one stale), one
/// the inventory no longer has.
async fn seed(mock: &MockDealerAuction) {
    let client = mock.client();
    let want = inventory();
    let mut stale = want[1].clone();
    stale.vehicle.mileage = Some(1);
    client.create_stock(&stale).await.unwrap();
    client.create_stock(&want[2]).await.unwrap();
    let mut gone = desired("STK-GONE", "GO11NNE", 5);
    gone.advert.as_mut().unwrap().state = Some(AdvertState::Active);
    client.create_stock(&gone).await.unwrap();
}

fn faults() -> Vec<(&'static str, Fault)> {
    vec![
        ("401", Fault::status(401)),
        ("500", Fault::status(500)),
        ("lost response", Fault::slow(Duration::from_millis(600))),
    ]
}

#[tokio::test]
async fn interrupted_at_any_request_a_second_run_converges() {
    // How many requests a clean run makes.
    let clean = MockDealerAuction::start().await;
    seed(&clean).await;
    let seeded = clean.received_requests().await.len();
    let report = clean
        .client()
        .reconcile(MOCK_CUSTOMER_ID, inventory())
        .deactivate_missing(true)
        .await;
    assert!(report.is_complete(), "{report}");
    let requests = clean.received_requests().await.len() - seeded;

    for (name, fault) in faults() {
        for cut in 0..requests {
            let mock = MockDealerAuction::start().await;
            seed(&mock).await;
            let client = impatient_client(&mock);
            mock.faults().push_n(Fault::slow(Duration::ZERO), cut);
            mock.faults().push(fault.clone());
            let first = client
                .reconcile(MOCK_CUSTOMER_ID, inventory())
                .deactivate_missing(true)
                .await;
            assert!(first.accounts_for_all(), "{name} at {cut}: {first}");

            let second = client
                .reconcile(MOCK_CUSTOMER_ID, inventory())
                .deactivate_missing(true)
                .await;
            assert!(second.is_complete(), "{name} at {cut}: {second}");
            assert_converged(&mock, &inventory());
            let gone: Vec<StockItem> = stored(&mock)
                .into_iter()
                .filter(|i| i.metadata.external_stock_id.as_deref() == Some("STK-GONE"))
                .collect();
            assert_eq!(gone.len(), 1);
            assert_eq!(
                gone[0].advert.as_ref().and_then(|a| a.state.clone()),
                Some(AdvertState::Inactive),
                "{name} at {cut}"
            );
            assert_eq!(
                mock.stock_items().len(),
                inventory().len() + 1,
                "{name} at {cut}: no duplicates"
            );

            let before = mutating_requests(&mock).await;
            let third = client
                .reconcile(MOCK_CUSTOMER_ID, inventory())
                .deactivate_missing(true)
                .await;
            assert_eq!(third.changes(), 0, "{name} at {cut}: {third}");
            assert_eq!(mutating_requests(&mock).await, before);
        }
    }
}
