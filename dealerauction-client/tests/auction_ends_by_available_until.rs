//! "If an availableUntil is specified, auction time must end before or at
//! this point": checked before sending wherever both instants are known (a
//! create, a patch that sets both), and by the mock on the stored document.

use crate::support;

use dealerauction_client::mock::MockDealerAuction;
use dealerauction_client::models::*;
use dealerauction_client::{DateTime, Utc};
use dealerauction_client::{ErrorExt, ErrorKind, Patch, check_new_stock, check_patch};
use support::new_item;

fn at(hour: u32) -> DateTime<Utc> {
    format!("2025-05-04T{hour:02}:00:00Z").parse().unwrap()
}

fn with_dates(end: Option<DateTime<Utc>>, until: Option<DateTime<Utc>>) -> NewStockItem {
    let mut item = new_item();
    item.available_until = until;
    item.advert
        .as_mut()
        .unwrap()
        .auction
        .as_mut()
        .unwrap()
        .end_date = end;
    item
}

fn fields(v: &[dealerauction_client::Violation]) -> Vec<&str> {
    v.iter().map(|v| v.field.as_str()).collect()
}

#[test]
fn a_create_whose_auction_ends_after_available_until_is_refused_naming_both_fields() {
    let item = with_dates(Some(at(10)), Some(at(9)));
    let v = check_new_stock(&item);
    assert_eq!(fields(&v), ["advert.auction.endDate"]);
    let message = v[0].to_string();
    assert!(message.contains("advert.auction.endDate"), "{message}");
    assert!(message.contains("availableUntil"), "{message}");
    assert!(message.contains("2025-05-04T09:00:00Z"), "{message}");
    assert!(message.contains("2025-05-04T10:00:00Z"), "{message}");
    assert_eq!(item.check(), v);
}

#[test]
fn a_create_passes_when_the_auction_ends_at_or_before_available_until_or_one_is_unknown() {
    for (end, until) in [
        (Some(at(9)), Some(at(9))),
        (Some(at(8)), Some(at(9))),
        (Some(at(10)), None),
        (None, Some(at(9))),
        (None, None),
    ] {
        let item = with_dates(end, until);
        assert!(check_new_stock(&item).is_empty(), "{end:?} {until:?}");
    }
    // No auction at all: nothing to compare.
    let mut item = new_item().available_until(at(9));
    item.advert.as_mut().unwrap().auction = None;
    assert!(check_new_stock(&item).is_empty());
}

#[tokio::test]
async fn create_stock_refuses_it_before_sending() {
    let mock = MockDealerAuction::start().await;
    let e = mock
        .client()
        .create_stock(&with_dates(Some(at(10)), Some(at(9))))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(fields(e.violations()), ["advert.auction.endDate"]);
    assert!(mock.received_requests().await.is_empty());
}

#[test]
fn a_patch_setting_both_is_checked() {
    let mut p = StockPatch::new().available_until(at(9));
    p.auction_mut().end_date = Patch::Value(at(10));
    let v = check_patch(&p);
    assert_eq!(fields(&v), ["advert.auction.endDate"]);
    assert!(v[0].message.contains("availableUntil"), "{}", v[0]);
    // At the same instant, or earlier: fine.
    p.auction_mut().end_date = Patch::Value(at(9));
    assert!(check_patch(&p).is_empty());
    // Cleared (null) or not sent: the patch alone does not know both.
    for end in [Patch::Null, Patch::Absent] {
        let mut p = StockPatch::new().available_until(at(9));
        p.auction_mut().end_date = end;
        assert!(check_patch(&p).is_empty());
    }
    let mut p = StockPatch::new();
    p.available_until = Patch::Null;
    p.auction_mut().end_date = Patch::Value(at(10));
    assert!(check_patch(&p).is_empty());
}

#[tokio::test]
async fn update_stock_refuses_a_patch_setting_both_before_sending() {
    let mock = MockDealerAuction::start().await;
    let c = mock.client();
    let created = c.create_stock(&new_item()).await.unwrap();
    let mut p = StockPatch::new().available_until(at(9));
    p.auction_mut().end_date = Patch::Value(at(10));
    let e = c.update_stock(&created.id, &p).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(fields(e.violations()), ["advert.auction.endDate"]);
    assert_eq!(mock.received_requests().await.len(), 1, "only the create");
}

#[tokio::test]
async fn the_mock_checks_the_rule_on_the_stored_document() {
    let mock = MockDealerAuction::start().await;
    let c = mock.client();
    let created = c
        .create_stock(&with_dates(Some(at(10)), None))
        .await
        .unwrap();
    // The patch alone cannot know the stored end; the server does.
    let e = c
        .update_stock(&created.id, &StockPatch::new().available_until(at(9)))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    let keys: Vec<_> = e.field_errors().iter().map(|f| f.key.clone()).collect();
    assert_eq!(keys, [Some("advert.auction.endDate".to_owned())]);
    c.update_stock(&created.id, &StockPatch::new().available_until(at(10)))
        .await
        .unwrap();
    // Sent unchecked, a create breaking the rule is refused by the mock too.
    let mut other = with_dates(Some(at(10)), Some(at(9)));
    other.vehicle = other.vehicle.clone().vrm("CD18DEF");
    let e = c.create_stock_unchecked(&other).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
}
