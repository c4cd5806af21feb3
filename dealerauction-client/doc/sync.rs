use dealerauction_client::prelude::*;
use dealerauction_client::mock::{MOCK_CUSTOMER_ID, MockDealerAuction};
use dealerauction_client::models::Metadata;

/// Your inventory, as your DMS has it: each vehicle keyed by your own id.
fn inventory(mileage: u32) -> Vec<NewStockItem> {
    ["FIESTA-1", "TRANSIT-2"]
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let vehicle = NewVehicle::new(
                VehicleCategory::Car, OwnershipCondition::Used, "Ford", "Fiesta",
                VehicleHistory::clean(),
            )
            .vrm(&format!("AB{i}7 ABC"))
            .mileage(mileage);
            NewStockItem::new(MOCK_CUSTOMER_ID, vehicle)
                .metadata(Metadata::new().external_stock_id(*key))
                .image(NewImage::new(format!("https://example.com/{key}.jpg")))
        })
        .collect()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockDealerAuction::start().await;
    let client = mock.client();

    // The first run creates both vehicles.
    let report = client.reconcile(MOCK_CUSTOMER_ID, inventory(41_000)).await;
    println!("{report}");
    assert!(report.is_complete() && report.created() == 2);

    // Run again with nothing changed: nothing is sent but reads.
    let report = client.reconcile(MOCK_CUSTOMER_ID, inventory(41_000)).await;
    assert_eq!((report.unchanged(), report.changes()), (2, 0));

    // The mileage changed in the DMS: only `vehicle.mileage` is patched.
    let report = client
        .reconcile(MOCK_CUSTOMER_ID, inventory(41_250))
        .on_item(|line| println!("{:?}: {}", line.external_stock_id, line.outcome))
        .await;
    assert_eq!(report.updated(), 2);
    for line in &report.items {
        match &line.outcome {
            ReconcileOutcome::Updated { changed, .. } => assert_eq!(changed, &["vehicle.mileage"]),
            other => panic!("unexpected: {other}"),
        }
    }
    Ok(())
}
