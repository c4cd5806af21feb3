//! A PATCH that sets a field the schema marks Required to null is refused
//! before sending, naming the field; `update_stock_unchecked` sends it as
//! asked, for the server to decide.

use dealerauction_client::mock::MockDealerAuction;
use dealerauction_client::models::*;
use dealerauction_client::{ErrorKind, Patch, StockId, check_patch};

/// Every Required field a patch can reach, each set to null on its own.
fn nulled() -> Vec<(&'static str, StockPatch)> {
    let mut out: Vec<(&'static str, StockPatch)> = Vec::new();
    let mut add = |field, f: &dyn Fn(&mut StockPatch)| {
        let mut p = StockPatch::new();
        f(&mut p);
        out.push((field, p));
    };
    add("metadata", &|p| p.metadata = Patch::Null);
    add("customerId", &|p| p.customer_id = Patch::Null);
    add("vehicle", &|p| p.vehicle = Patch::Null);
    add("vehicle.category", &|p| {
        p.vehicle_mut().category = Patch::Null
    });
    add("vehicle.ownershipCondition", &|p| {
        p.vehicle_mut().ownership_condition = Patch::Null
    });
    add("vehicle.make", &|p| p.vehicle_mut().make = Patch::Null);
    add("vehicle.model", &|p| p.vehicle_mut().model = Patch::Null);
    add("vehicle.stolen", &|p| p.vehicle_mut().stolen = Patch::Null);
    add("vehicle.imported", &|p| {
        p.vehicle_mut().imported = Patch::Null
    });
    add("vehicle.exported", &|p| {
        p.vehicle_mut().exported = Patch::Null
    });
    add("vehicle.scrapped", &|p| {
        p.vehicle_mut().scrapped = Patch::Null
    });
    add("advert.auction.type", &|p| {
        p.auction_mut().auction_type = Patch::Null
    });
    add("features", &|p| p.features = Patch::Null);
    add("images", &|p| p.images = Patch::Null);
    out
}

#[test]
fn each_required_field_set_to_null_is_named() {
    for (field, p) in nulled() {
        let v = check_patch(&p);
        let got: Vec<&str> = v.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(got, [field], "{p:?}");
        assert!(v[0].message.contains("null"), "{}", v[0]);
    }
}

#[test]
fn all_at_once_are_named_in_schema_order() {
    let mut p = StockPatch::new();
    p.metadata = Patch::Null;
    p.customer_id = Patch::Null;
    let v = p.vehicle_mut();
    v.category = Patch::Null;
    v.ownership_condition = Patch::Null;
    v.make = Patch::Null;
    v.model = Patch::Null;
    v.stolen = Patch::Null;
    v.imported = Patch::Null;
    v.exported = Patch::Null;
    v.scrapped = Patch::Null;
    p.auction_mut().auction_type = Patch::Null;
    p.features = Patch::Null;
    p.images = Patch::Null;
    let got: Vec<String> = check_patch(&p).into_iter().map(|v| v.field).collect();
    let want: Vec<&str> = nulled()
        .iter()
        .map(|(f, _)| *f)
        .filter(|f| *f != "vehicle")
        .collect();
    assert_eq!(got, want);
}

#[test]
fn empty_features_and_cleared_optional_fields_pass() {
    // "If you don't have any, just provide an empty list".
    assert!(check_patch(&StockPatch::new().replace_features(vec![])).is_empty());
    let mut p = StockPatch::new();
    p.vehicle_mut().colour = Patch::Null;
    p.vehicle_mut().mileage = Patch::Null;
    p.metadata_mut().external_stock_id = Patch::Null;
    p.auction_mut().reserve_price = Patch::Null;
    p.condition = Patch::Null;
    p.available_until = Patch::Null;
    assert!(check_patch(&p).is_empty(), "{:?}", check_patch(&p));
}

#[tokio::test]
async fn update_stock_refuses_before_sending_and_unchecked_sends_null() {
    let mock = MockDealerAuction::start().await;
    let c = mock.client();
    let id = StockId::new("any");
    let mut p = StockPatch::new();
    p.features = Patch::Null;
    let e = c.update_stock(&id, &p).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(e.violations()[0].field, "features");
    assert!(e.to_string().contains("features"), "{e}");
    assert!(mock.received_requests().await.is_empty());
    // The explicit escape hatch sends it as asked.
    let _ = c.update_stock_unchecked(&id, &p).await;
    let sent = mock.received_requests().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].body_json::<serde_json::Value>().unwrap(),
        serde_json::json!({"features": null})
    );
}
