//! Inventories and checks shared by the reconcile tests.
#![allow(dead_code)]

use std::time::Duration;

use dealerauction_client::mock::{
    MOCK_CUSTOMER_ID, MOCK_PASSWORD, MOCK_USERNAME, MockDealerAuction,
};
use dealerauction_client::models::*;
use dealerauction_client::{Client, ClientConfig, RetryPolicy};

/// A desired item: key `ext`, VRM `vrm`, the given mileage.
pub fn desired(ext: &str, vrm: &str, mileage: u32) -> NewStockItem {
    let vehicle = NewVehicle::new(
        VehicleCategory::Car,
        OwnershipCondition::Used,
        "Ford",
        "Fiesta",
        VehicleHistory::clean(),
    )
    .vrm(vrm)
    .mileage(mileage)
    .colour("Blue");
    NewStockItem::new(MOCK_CUSTOMER_ID, vehicle)
        .metadata(Metadata::new().external_stock_id(ext))
        .image(NewImage::new(format!("https://example.com/{ext}.jpg")))
        .advert(
            NewAdvert::new()
                .state(AdvertState::Inactive)
                .description(format!("Vehicle {ext}"))
                .auction(Auction::new(AuctionType::BuyNow).buy_now_price(Price::gbp(4_000))),
        )
}

/// Six vehicles.
pub fn inventory() -> Vec<NewStockItem> {
    (1..=6)
        .map(|i| desired(&format!("STK-{i}"), &format!("AB{i:02}CDE"), 10_000 * i))
        .collect()
}

/// A client whose attempts time out after 200 ms (for lost responses).
pub fn impatient_client(mock: &MockDealerAuction) -> Client {
    mock.client_builder(MOCK_USERNAME, MOCK_PASSWORD)
        .config(
            ClientConfig::default()
                .with_attempt_timeout(Duration::from_millis(200))
                .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5))),
        )
        .build()
        .unwrap()
}

/// The stored items, decoded.
pub fn stored(mock: &MockDealerAuction) -> Vec<StockItem> {
    mock.stock_items()
        .into_iter()
        .map(|v| serde_json::from_value(v).unwrap())
        .collect()
}

/// The mutating requests (POST, PATCH, DELETE) the mock received.
pub async fn mutating_requests(mock: &MockDealerAuction) -> usize {
    mock.received_requests()
        .await
        .iter()
        .filter(|r| matches!(r.method.as_str(), "POST" | "PATCH" | "DELETE"))
        .count()
}

/// Every desired item is stored exactly once, as desired.
pub fn assert_converged(mock: &MockDealerAuction, want: &[NewStockItem]) {
    let items = stored(mock);
    for d in want {
        let ext = d.metadata.external_stock_id.as_deref();
        let vrm = d.vehicle.vrm.as_deref();
        let with_key: Vec<_> = items
            .iter()
            .filter(|i| i.metadata.external_stock_id.as_deref() == ext)
            .collect();
        assert_eq!(with_key.len(), 1, "{ext:?} stored {} times", with_key.len());
        let with_vrm = items
            .iter()
            .filter(|i| i.vehicle.vrm.as_deref() == vrm)
            .count();
        assert_eq!(with_vrm, 1, "{vrm:?} stored {with_vrm} times");
        let patch = StockPatch::diff(with_key[0], d);
        assert!(
            patch.is_empty(),
            "{ext:?} still differs: {:?}",
            patch.paths()
        );
    }
}
