//! The mock, like the documented schema, refuses a patch that would leave
//! `advert.auction` without its Required `type` (an asking price on an item
//! without an auction), instead of storing a document no client can read.

use crate::sync_support;

use dealerauction_client::mock::MockDealerAuction;
use dealerauction_client::models::{AuctionType, StockPatch};
use dealerauction_client::{ErrorExt, ErrorKind};
use sync_support::desired;

#[tokio::test]
async fn an_asking_price_without_an_auction_is_a_400_not_a_decode_error() {
    let mock = MockDealerAuction::start().await;
    let client = mock.client();
    let mut item = desired("STK-NA", "NA11ADV", 1_000);
    item.advert = None;
    let id = client.create_stock(&item).await.unwrap().id;

    let e = client
        .update_stock(&id, &StockPatch::new().asking_price(3_000))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation, "{e}");
    assert!(
        e.field_errors()
            .iter()
            .any(|f| f.key.as_deref() == Some("advert.auction.type")),
        "{e}"
    );
    assert!(
        mock.stock_item(&id).unwrap()["advert"].is_null(),
        "nothing stored"
    );

    // With its type, the auction is created.
    let mut p = StockPatch::new().asking_price(3_000);
    p.auction_mut().auction_type = dealerauction_client::Patch::Value(AuctionType::BuyNow);
    let updated = client.update_stock(&id, &p).await.unwrap();
    assert_eq!(
        updated.advert.unwrap().auction.unwrap().auction_type,
        AuctionType::BuyNow
    );
}
