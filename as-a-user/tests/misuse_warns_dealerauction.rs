//! Misuse of dealerauction-client that compiles but does nothing warns:
//! every line below is an `unused_must_use` the compiler must report. If an
//! attribute goes missing, its expectation is unfulfilled and this file
//! fails to build (`unfulfilled_lint_expectations` is denied).

#![deny(unfulfilled_lint_expectations)]

use dealerauction_client::models::{
    AdditionalDataFields, AdvertPatch, Auction, AuctionType, Condition, DamageItem, DamageType,
    DamageZone, EndListingEarly, Feature, MarkAsSold, Metadata, NewAdvert, NewImage, NewStockItem,
    NewVehicle, OwnershipCondition, Price, StockItem, StockPatch, StockSearch, VehicleCategory,
    VehicleHistory, WebhookEvent,
};
use dealerauction_client::webhook_receiver::WebhookReceiver;
use dealerauction_client::{
    Client, Decimal, ListingId, StatusCode, StockId, check_patch, normalize_vrm,
};

#[allow(dead_code)]
async fn misuse(client: Client, item: NewStockItem, fetched: StockItem, event: WebhookEvent) {
    let stock_id = StockId::new("s-1");
    let listing_id = ListingId::new("l-1");
    let patch = StockPatch::new();

    // Builders left unbuilt.
    #[expect(unused_must_use, reason = "a builder without .build()")]
    Client::builder("user", "password").base_url("http://127.0.0.1:1");
    #[expect(unused_must_use, reason = "a builder without .build()")]
    Client::builder("user", "password");
    #[expect(unused_must_use, reason = "a receiver never mounted")]
    WebhookReceiver::new().require_path_token("t");
    #[expect(unused_must_use, reason = "a route never mounted")]
    WebhookReceiver::new().post::<(), _, _, _>(|_event: WebhookEvent| async { StatusCode::OK });

    // Requests never awaited.
    #[expect(unused_must_use, reason = "a request without .await")]
    client.get_stock(&stock_id);
    #[expect(unused_must_use, reason = "a request without .await")]
    client.create_stock(&item);
    #[expect(unused_must_use, reason = "a request without .await")]
    client.update_stock(&stock_id, &patch);
    #[expect(unused_must_use, reason = "a request without .await")]
    client.search_stock(&StockSearch::new().vrm("AB17ABC"));
    #[expect(unused_must_use, reason = "a stream never polled")]
    client.search_stock_stream(StockSearch::new().vrm("AB17ABC"));
    #[expect(unused_must_use, reason = "a request without .await")]
    client.get_listing(&listing_id);
    #[expect(unused_must_use, reason = "a request without .await")]
    client.mark_as_sold(&listing_id, Decimal::from(2_450));
    #[expect(unused_must_use, reason = "a request without .await")]
    client.mark_as_not_sold(&listing_id);
    #[expect(unused_must_use, reason = "a request without .await")]
    client.end_listing_early(&EndListingEarly::listing(&listing_id));
    #[expect(unused_must_use, reason = "a reconcile without .await")]
    client.reconcile("123456", vec![item.clone()]);
    #[expect(unused_must_use, reason = "a reconcile without .await")]
    client
        .reconcile("123456", vec![item.clone()])
        .deactivate_missing(true)
        .concurrency(2)
        .on_item(|_| {});
    #[expect(unused_must_use, reason = "a reconcile without .await")]
    client.reconcile_one(&item);

    // Request bodies built and dropped.
    #[expect(unused_must_use, reason = "a body built and dropped")]
    item.clone()
        .image(NewImage::new("https://example.com/1.jpg"));
    #[expect(unused_must_use, reason = "a body built and dropped")]
    NewVehicle::new(
        VehicleCategory::Car,
        OwnershipCondition::Used,
        "Citroen",
        "Saxo",
        VehicleHistory::clean(),
    )
    .vrm("AB17ABC");
    #[expect(unused_must_use, reason = "a body built and dropped")]
    NewAdvert::new().description("text");
    #[expect(unused_must_use, reason = "a body built and dropped")]
    Auction::new(AuctionType::Bid).reserve_price(Price::gbp(Decimal::from(1_500)));
    #[expect(unused_must_use, reason = "a body built and dropped")]
    Metadata::new().external_stock_id("EX-1");
    #[expect(unused_must_use, reason = "a body built and dropped")]
    Feature::new("DAB Radio").standard(false);
    #[expect(unused_must_use, reason = "a body built and dropped")]
    Condition::new().damage(DamageItem::new(DamageZone::Bonnet, DamageType::Dent));
    #[expect(unused_must_use, reason = "a search built and dropped")]
    StockSearch::new().vrm("AB17ABC");
    #[expect(unused_must_use, reason = "a patch built and dropped")]
    patch.clone().asking_price(Decimal::from(1_750));
    #[expect(unused_must_use, reason = "a patch built and dropped")]
    AdvertPatch::default();
    #[expect(unused_must_use, reason = "a patch built and dropped")]
    fetched.to_full_patch();
    #[expect(unused_must_use, reason = "a body built and dropped")]
    EndListingEarly::stock(&stock_id);
    #[expect(unused_must_use, reason = "a body built and dropped")]
    MarkAsSold::new(Decimal::from(2_450));
    #[expect(unused_must_use, reason = "a body built and dropped")]
    AdditionalDataFields::default();

    // Pure functions whose result is dropped.
    #[expect(unused_must_use, reason = "a check whose result is dropped")]
    item.check();
    #[expect(unused_must_use, reason = "a check whose result is dropped")]
    patch.check();
    #[expect(unused_must_use, reason = "a check whose result is dropped")]
    check_patch(&patch);
    #[expect(unused_must_use, reason = "a computed value dropped")]
    normalize_vrm("ab17 abc");
    #[expect(unused_must_use, reason = "a computed value dropped")]
    StockPatch::diff(&fetched, &item);
    #[expect(unused_must_use, reason = "a computed value dropped")]
    StockPatch::diff_items(&fetched, &fetched);
    #[expect(unused_must_use, reason = "a computed value dropped")]
    fetched.to_new_stock_item();
    #[expect(unused_must_use, reason = "a computed value dropped")]
    patch.paths();
    #[expect(unused_must_use, reason = "a computed value dropped")]
    event.event_type();
}

#[test]
fn the_misuse_above_warns() {
    // The check is the build of this file; nothing to run.
}
