use auterio_client::prelude::*;

#[tokio::main]
async fn main() -> Result<(), auterio_client::Error> {
    // The in-process mock (feature `mock`) needs no credentials. Against the
    // real API: `let client = Client::from_env()?;` (AUTERIO_API_KEY, and
    // AUTERIO_BASE_URL only to send somewhere other than https://auterio.net).
    let mock = auterio_client::mock::MockAuterio::start().await;
    let client = mock.client();

    // One batch of at most 1,000 vehicles: an upsert by VIN.
    let golf = Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf")
        .year(2024)
        .fuel_type(FuelType::GASOLINA)
        .sale_price(Decimal::new(34_500, 0))
        .status(VehicleStatus::Disponible);
    let resp = client.ingest(&[golf]).await?;
    println!("imported {}, skipped {}", resp.imported, resp.skipped);

    // A whole inventory, in chunks of 1,000 with 4 requests in flight, and
    // a report that accounts for every vehicle.
    let inventory: Vec<Vehicle> = (0..2_500)
        .map(|i| Vehicle::new(format!("VSSZZZ6JZNR{i:06}"), "SEAT", "Ibiza"))
        .collect();
    let report = client.ingest_all(inventory).concurrency(4).await;
    print!("{report}");
    if !report.is_complete() {
        eprintln!("not every vehicle was imported: see the report above");
    }
    Ok(())
}
