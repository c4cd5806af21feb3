use anuncios_client::prelude::*;

/// The dealer's stock as the DMS has it: every run builds the same list.
fn desired() -> Result<Vec<NewListing>, anuncios_client::Error> {
    let car = |plate: &str, price: u64, description: &str| {
        let basics = ListingBasics::new(
            VersionDetailId(1001),
            ColorId(1),
            2023,
            2024,
            15_000,
            Reais(price),
            description,
        );
        NewListing::used(plate, basics, CarFields::not_armored())
            .only_owner(true)
            .features([1, 5].map(FeatureId))
            .build()
    };
    let moto = ListingBasics::new(
        VersionDetailId(2001),
        ColorId(2),
        2022,
        2023,
        8_000,
        Reais(32_000),
        "Revisada.",
    );
    Ok(vec![
        car("ABC-1234", 79_900, "Único dono, revisões em dia.")?,
        car("DEF5G67", 92_000, "Teto solar.")?,
        NewListing::used("XYZ9876", moto, MotorcycleFields::new().engine_capacity(600)).build()?,
    ])
}

#[tokio::main]
async fn main() -> Result<(), anuncios_client::Error> {
    let mock = anuncios_client::mock::MockAnuncios::start().await;
    let client = mock.client();
    let dealer = anuncios_client::mock::MOCK_DEALER_ID;

    // One of the cars is on the platform already, at its old price.
    let old = ListingBasics::new(
        VersionDetailId(1001), ColorId(1), 2023, 2024, 15_000, Reais(85_000),
        "Único dono, revisões em dia.",
    );
    let listing = NewListing::used("ABC1234", old, CarFields::not_armored())
        .only_owner(true)
        .features([1, 5].map(FeatureId))
        .build()?;
    client.create_listing(dealer, &listing).await?;

    // Matched by plate: the missing two are created, the car on the platform
    // gets a PATCH with only its new price.
    let first = client
        .reconcile(dealer, desired()?)
        .on_item(|item| println!("  {:?}: {:?}", item.license_plate, item.outcome))
        .await;
    println!("{first}");
    assert!(first.is_complete());
    assert_eq!((first.created(), first.updated()), (2, 1));

    // The same stock again: nothing differs, so nothing is sent.
    let writes = mock.mutating_requests().await;
    let second = client.reconcile(dealer, desired()?).await;
    println!("{second}");
    assert_eq!(second.unchanged(), 3);
    assert_eq!(mock.mutating_requests().await, writes);
    Ok(())
}
