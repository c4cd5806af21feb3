use dealerauction_client::prelude::*;
use dealerauction_client::mock::{MOCK_CUSTOMER_ID, MockDealerAuction};

#[tokio::main]
async fn main() -> Result<(), dealerauction_client::Error> {
    // A fake Dealer Auction on a local port. Against the real API:
    // `Client::from_env()?` (DEALERAUCTION_USERNAME, DEALERAUCTION_PASSWORD).
    let mock = MockDealerAuction::start().await;
    let client = mock.client();

    let vehicle = NewVehicle::new(
        VehicleCategory::Car, OwnershipCondition::Used, "Citroen", "Saxo", VehicleHistory::clean(),
    )
    .vrm("AB17 ABC");
    let item = NewStockItem::new(MOCK_CUSTOMER_ID, vehicle)
        .image(NewImage::new("https://example.com/front.jpg"))
        .advert(NewAdvert::new().state(AdvertState::Inactive).auction(
            Auction::new(AuctionType::Bid).reserve_price(Price::gbp(Decimal::from(1_500))),
        ));
    let created: StockItem = match client.create_stock(&item).await {
        Err(e) if e.stock_already_exists().is_some() => return Ok(()), // stocked already
        other => other?,
    };

    let patch = StockPatch::new().asking_price(Decimal::from(1_750)).activate_advert();
    let live = client.update_stock(&created.id, &patch).await?;
    if let Some(listing_id) = &live.listing_id {
        let listing: Listing = client.get_listing(listing_id).await?;
        println!("stock {} is listing {listing_id}: {}", live.id, listing.status);
    }

    let mine: Vec<StockSummary> = client
        .search_stock_stream(StockSearch::new().customer_id(MOCK_CUSTOMER_ID))
        .try_collect()
        .await?;
    println!("{} stock item(s)", mine.len());
    Ok(())
}
