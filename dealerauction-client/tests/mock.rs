//! Behaviour against the stateful mock: conflicts, PATCH semantics on the
//! stored document, search and paging, the listing lifecycle, auth, faults.

use std::time::Duration;

use autoclient_common::ManualClock;
use dealerauction_client::StockId;
use dealerauction_client::mock::{
    Fault, MOCK_CUSTOMER_ID, MOCK_PASSWORD, MOCK_USERNAME, MockDealerAuction,
};
use dealerauction_client::models::*;
use dealerauction_client::{ClientConfig, ErrorExt, ErrorKind, Patch, RetryPolicy};
use futures_util::TryStreamExt;
use rust_decimal::Decimal;
use serde_json::json;

fn item(vrm: &str) -> NewStockItem {
    let vehicle = NewVehicle::new(
        VehicleCategory::Car,
        OwnershipCondition::Used,
        "Ford",
        "Fiesta",
        VehicleHistory::clean(),
    )
    .vrm(vrm)
    .colour("Blue")
    .mileage(30_000);
    NewStockItem::new(MOCK_CUSTOMER_ID, vehicle)
        .metadata(Metadata::new().external_stock_id(format!("EXT-{vrm}")))
        .image(NewImage::new("https://example.com/1.jpg"))
        .advert(
            NewAdvert::new()
                .state(AdvertState::Inactive)
                .attention_grabber("One owner")
                .auction(
                    Auction::new(AuctionType::Bid)
                        .reserve_price(Price::gbp(3_000))
                        .asking_price(Price::gbp(3_500)),
                ),
        )
}

#[tokio::test]
async fn a_second_item_with_the_same_vrm_is_a_conflict_carrying_the_vrm() {
    let mock = MockDealerAuction::start().await;
    let c = mock.client();
    let created = c.create_stock(&item("AB17 ABC")).await.unwrap();
    assert_eq!(created.vehicle.vrm.as_deref(), Some("AB17ABC"));
    assert_eq!(created.lifecycle_state, Some(LifecycleState::Forecourt));
    assert_eq!(created.images[0].uploaded, Some(true));
    let e = c.create_stock(&item("ab17abc")).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    assert_eq!(
        e.stock_already_exists().unwrap().vrm.as_deref(),
        Some("AB17ABC")
    );
    assert_eq!(mock.stock_items().len(), 1);
    let fetched = c.get_stock(&created.id).await.unwrap();
    assert_eq!(fetched, created);
}

#[tokio::test]
async fn patch_applies_absent_null_blank_and_value_to_the_stored_document() {
    let mock = MockDealerAuction::start().await;
    let c = mock.client();
    let created = c.create_stock(&item("CD18DEF")).await.unwrap();
    let mut patch = StockPatch::new()
        .asking_price(Decimal::new(3_25050, 2))
        .clear_attention_grabber();
    patch.vehicle_mut().colour = blank();
    patch.vehicle_mut().mileage = Patch::Value(31_000);
    let updated = c.update_stock(&created.id, &patch).await.unwrap();
    let stored = mock.stock_item(&created.id).unwrap();
    // Value, null, blank at nested levels…
    assert_eq!(
        stored["advert"]["auction"]["askingPrice"]["value"],
        json!(3250.5)
    );
    assert!(stored["advert"].get("attentionGrabber").is_none());
    assert_eq!(stored["vehicle"]["colour"], "");
    assert_eq!(stored["vehicle"]["mileage"], 31_000);
    // …and everything absent left alone.
    assert_eq!(stored["advert"]["auction"]["reservePrice"]["value"], 3000);
    assert_eq!(stored["advert"]["state"], "INACTIVE");
    assert_eq!(stored["vehicle"]["make"], "Ford");
    assert_eq!(stored["metadata"]["externalStockId"], "EXT-CD18DEF");
    assert_eq!(
        updated
            .advert
            .unwrap()
            .auction
            .unwrap()
            .asking_price
            .unwrap()
            .value,
        Decimal::new(325_050, 2)
    );
    // A full-document patch of the fetched item changes nothing.
    let before = mock.stock_item(&created.id).unwrap();
    let again = c.get_stock(&created.id).await.unwrap();
    c.update_stock(&created.id, &again.to_full_patch())
        .await
        .unwrap();
    let after = mock.stock_item(&created.id).unwrap();
    assert_eq!(before["vehicle"], after["vehicle"]);
    assert_eq!(before["advert"]["auction"], after["advert"]["auction"]);
    // The server's rules still apply to a patch sent unchecked.
    let e = c
        .update_stock_unchecked(&created.id, &StockPatch::new().replace_images(vec![]))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(e.field_errors()[0].key.as_deref(), Some("images"));
    let e = c.get_stock(&StockId::new("no-such-id")).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn search_filters_pages_and_streams() {
    let mock = MockDealerAuction::start().await;
    let c = mock.client();
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(
            c.create_stock(&item(&format!("AA{i:02}AAA")))
                .await
                .unwrap()
                .id,
        );
    }
    let q = StockSearch::new()
        .customer_id(MOCK_CUSTOMER_ID)
        .page_size(3);
    let page = c.search_stock(&q.clone().page_number(3)).await.unwrap();
    assert_eq!(page.stock_items.len(), 1);
    let p = page.paginator.unwrap();
    assert_eq!((p.total_results, p.last_page), (Some(7), Some(3)));
    let all: Vec<StockId> = c
        .search_stock_stream(q.clone())
        .map_ok(|s| s.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, ids);
    let two = c
        .search_stock(&StockSearch::new().vrm("aa01 aaa").vrm("AA05AAA"))
        .await
        .unwrap();
    let vrms: Vec<_> = two
        .stock_items
        .iter()
        .map(|s| s.vrm.clone().unwrap())
        .collect();
    assert_eq!(vrms, ["AA01AAA", "AA05AAA"]);
    let none = c
        .search_stock(
            &StockSearch::new()
                .vrm("AA01AAA")
                .external_stock_id("EXT-AA02AAA"),
        )
        .await
        .unwrap();
    assert!(none.stock_items.is_empty());
    assert!(mock.delete_stock(&ids[0]));
    let live: Vec<_> = c
        .search_stock_stream(q.clone())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(live.len(), 6);
    let with_deleted: Vec<_> = c
        .search_stock_stream(q.deleted(true))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(with_deleted.len(), 7);
}

#[tokio::test]
async fn the_listing_lifecycle_from_activation_to_sale() {
    let mock = MockDealerAuction::start().await;
    let c = mock.client();
    let created = c.create_stock(&item("EF19GHI")).await.unwrap();
    assert!(created.listing_id.is_none());
    let live = c
        .update_stock(&created.id, &StockPatch::new().activate_advert())
        .await
        .unwrap();
    let listing_id = live.listing_id.clone().unwrap();
    assert_eq!(live.lifecycle_state, Some(LifecycleState::SaleInProgress));
    let listing = c.get_listing(&listing_id).await.unwrap();
    assert_eq!(listing.status, ListingStatus::InProgress);
    assert_eq!(listing.auction.reserve_price, Some(Decimal::from(3000)));

    // A running auction cannot be modified.
    let e = c
        .update_stock(&created.id, &StockPatch::new().reserve_price(2_500))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(e.field_errors()[0].key.as_deref(), Some("advert.auction"));
    // Marking a running listing sold is refused.
    assert_eq!(
        c.mark_as_sold(&listing_id, Decimal::from(2_800))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::Validation
    );

    mock.place_bid(&listing_id, Decimal::from(2_750)).unwrap();
    c.end_listing_early(&EndListingEarly::stock(&created.id))
        .await
        .unwrap();
    let provisional = c.get_listing(&listing_id).await.unwrap();
    assert_eq!(provisional.status, ListingStatus::Provisional);
    assert!(!provisional.auction.reserve_met);

    let sold = c
        .mark_as_sold(&listing_id, Decimal::from(2_800))
        .await
        .unwrap();
    assert_eq!(sold.status, ListingStatus::Sold);
    assert_eq!(sold.sale.unwrap().price, Some(Decimal::from(2_800)));
    assert_eq!(
        c.get_stock(&created.id).await.unwrap().lifecycle_state,
        Some(LifecycleState::Sold)
    );
    let not_sold = c.mark_as_not_sold(&listing_id).await.unwrap();
    assert_eq!(not_sold.status, ListingStatus::NotSold);
}

#[tokio::test]
async fn deactivating_cancels_and_reactivating_starts_a_new_listing() {
    let mock = MockDealerAuction::start().await;
    let c = mock.client();
    let mut new = item("GH20JKL");
    new.advert.as_mut().unwrap().state = Some(AdvertState::Active);
    let created = c.create_stock(&new).await.unwrap();
    let first = created.listing_id.clone().unwrap();
    c.update_stock(&created.id, &StockPatch::new().deactivate_advert())
        .await
        .unwrap();
    let cancelled = c.get_listing(&first).await.unwrap();
    assert_eq!(cancelled.status, ListingStatus::Cancelled);
    assert!(cancelled.auction.cancel_time.is_some());
    // Now the auction can be changed, then started again.
    let again = c
        .update_stock(
            &created.id,
            &StockPatch::new().reserve_price(2_000).activate_advert(),
        )
        .await
        .unwrap();
    let second = again.listing_id.unwrap();
    assert_ne!(first, second);
    mock.place_bid(&second, Decimal::from(2_100)).unwrap();
    mock.end_listing(&second).unwrap();
    let l = c.get_listing(&second).await.unwrap();
    assert_eq!(l.status, ListingStatus::Sold);
    assert!(l.auction.reserve_met);
}

#[tokio::test]
async fn wrong_credentials_and_other_customers_are_refused() {
    let mock = MockDealerAuction::start().await;
    let e = mock
        .client_with_credentials(MOCK_USERNAME, "wrong")
        .get_stock(&StockId::new("x"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unauthorized);
    let mut other = item("JK21MNO");
    other.customer_id = "999".into();
    let e = mock.client().create_stock(&other).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    assert!(!format!("{:?}", mock.client()).contains(MOCK_PASSWORD));
}

#[tokio::test]
async fn faults_retry_a_patch_and_a_get_but_not_a_create() {
    let mock = MockDealerAuction::start().await;
    let clock = ManualClock::new();
    let c = mock
        .client_builder(MOCK_USERNAME, MOCK_PASSWORD)
        .config(
            ClientConfig::default()
                .with_clock(clock.clone())
                .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5))),
        )
        .build()
        .unwrap();
    let created = c.create_stock(&item("LM22NOP")).await.unwrap();

    mock.faults().push(Fault::status(502));
    let updated = c
        .update_stock(&created.id, &StockPatch::new().mileage(40_000))
        .await
        .unwrap();
    assert_eq!(updated.vehicle.mileage, Some(40_000));

    mock.faults().push(Fault::rate_limited(1));
    c.get_stock(&created.id).await.unwrap();

    mock.faults().push(Fault::status(500));
    let e = c.create_stock(&item("MN23OPQ")).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(mock.stock_items().len(), 1);
    assert_eq!(mock.faults().pending(), 0);
}
