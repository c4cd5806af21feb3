use auterio_client::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = auterio_client::mock::MockAuterio::start().await;
    let client = mock.client();
    let inventory = |price: i64| -> Vec<Vehicle> {
        (0..2_500)
            .map(|i| {
                Vehicle::new(format!("VSSZZZ6JZNR{i:06}"), "SEAT", "Ibiza")
                    .sale_price(Decimal::from(if i == 7 { price } else { 13_990 }))
            })
            .collect()
    };

    // The fingerprints of what the server accepted, in one file that is
    // replaced atomically at the end of each run (a cron job's state).
    let path = std::env::temp_dir().join(format!("auterio-sync-{}.json", std::process::id()));
    let mut store = FileStore::open(&path)?;

    // The first run sends everything.
    let first = client.ingest_changed(inventory(13_990), &mut store).await?;
    println!("{first}");
    assert_eq!(first.accepted(), 2_500);

    // The second run, with nothing changed, sends nothing.
    let requests = mock.accepted_ingests();
    let mut store = FileStore::open(&path)?;
    let second = client.ingest_changed(inventory(13_990), &mut store).await?;
    println!("{second}");
    assert_eq!((second.unchanged, second.sent()), (2_500, 0));
    assert_eq!(mock.accepted_ingests(), requests);

    // One price changed: that vehicle alone is sent.
    let third = client.ingest_changed(inventory(12_990), &mut store).await?;
    println!("{third}");
    assert_eq!((third.unchanged, third.accepted()), (2_499, 1));
    assert!(third.is_complete());

    std::fs::remove_file(&path)?;
    Ok(())
}
