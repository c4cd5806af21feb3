use anuncios_client::prelude::*;

#[tokio::main]
async fn main() -> Result<(), anuncios_client::Error> {
    // The in-process mock (feature `mock`) needs no credentials. Against the
    // real API: `let client = Client::from_env()?;` (ANUNCIOS_BASE_URL and
    // ANUNCIOS_TOKEN; the documentation names no production host).
    let mock = anuncios_client::mock::MockAnuncios::start().await;
    let client = mock.client();
    let dealer = anuncios_client::mock::MOCK_DEALER_ID;

    let basics = ListingBasics::new(
        VersionDetailId(1001), // from client.versions(..)
        ColorId(1),            // from client.colors()
        2023,                  // make_year
        2024,                  // model_year
        15_000,                // km
        Reais(85_000),         // whole reais
        "Veículo em excelente estado, único dono.",
    );
    let listing = NewListing::used("ABC-1234", basics, CarFields::not_armored())
        .only_owner(true)
        .photo(Photo::from_bytes(b"\xFF\xD8\xFF\xE0").order(1).name("frente.jpg"))
        .build()?; // every rule checked here, all violations at once
    let created = client.create_listing(dealer, &listing).await?;
    println!("listing {} created", created.id);

    // Every active listing, page after page.
    let active: Vec<Listing> = client
        .inventory_stream(dealer, &InventoryQuery::new())
        .try_collect()
        .await?;
    println!("{} active listing(s)", active.len());
    Ok(())
}
