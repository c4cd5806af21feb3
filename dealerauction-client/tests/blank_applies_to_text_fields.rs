//! "Using a blank string or a null value will try and set the field value to
//! blank or null respectively": a blank is a string, so it applies to the
//! free-text fields (each a `Patch<String>`, set with `blank()`); every other
//! field is cleared with null. The crate docs list the text fields; this
//! test holds them to it.

use dealerauction_client::mock::MockDealerAuction;
use dealerauction_client::models::*;
use dealerauction_client::{Patch, check_patch};
use serde_json::{Value, json};

/// Every text field a patch can blank, by its wire path, as the docs list them.
fn blanked() -> (StockPatch, Vec<&'static str>) {
    let mut p = StockPatch::new();
    let m = p.metadata_mut();
    m.external_stock_id = blank();
    m.external_vendor_id = blank();
    let v = p.vehicle_mut();
    for slot in [
        &mut v.vrm,
        &mut v.vin,
        &mut v.make,
        &mut v.model,
        &mut v.derivative,
        &mut v.trim,
        &mut v.body_type,
        &mut v.fuel_type,
        &mut v.transmission_type,
        &mut v.drive_train,
        &mut v.insurance_group,
        &mut v.insurance_security_code,
        &mut v.colour,
        &mut v.engine_number,
        &mut v.plate,
    ] {
        *slot = blank();
    }
    let a = p.advert_mut();
    a.attention_grabber = blank();
    a.description = blank();
    a.external_url = blank();
    p.auction_mut().lot_id = blank();
    p.condition_report_url = blank();
    p.video_url = blank();
    p.requested_network = blank();
    let d = p.additional_data_mut();
    for slot in [
        &mut d.mechanical_note,
        &mut d.electrical_note,
        &mut d.odour_note,
        &mut d.bodywork_repairs_note,
        &mut d.bodywork_issues_note,
        &mut d.vehicle_modifications_note,
        &mut d.test_name,
        &mut d.test_group,
    ] {
        *slot = blank();
    }
    let paths = vec![
        "/metadata/externalStockId",
        "/metadata/externalVendorId",
        "/vehicle/vrm",
        "/vehicle/vin",
        "/vehicle/make",
        "/vehicle/model",
        "/vehicle/derivative",
        "/vehicle/trim",
        "/vehicle/bodyType",
        "/vehicle/fuelType",
        "/vehicle/transmissionType",
        "/vehicle/driveTrain",
        "/vehicle/insuranceGroup",
        "/vehicle/insuranceSecurityCode",
        "/vehicle/colour",
        "/vehicle/engineNumber",
        "/vehicle/plate",
        "/advert/attentionGrabber",
        "/advert/description",
        "/advert/externalUrl",
        "/advert/auction/lotId",
        "/conditionReportUrl",
        "/videoUrl",
        "/requestedNetwork",
        "/additionalData/mechanical_note",
        "/additionalData/electrical_note",
        "/additionalData/odour_note",
        "/additionalData/bodywork_repairs_note",
        "/additionalData/bodywork_issues_note",
        "/additionalData/vehicle_modifications_note",
        "/additionalData/test_name",
        "/additionalData/test_group",
    ];
    (p, paths)
}

fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                leaves(v, format!("{at}/{k}"), out);
            }
        }
        _ => out.push(at),
    }
}

#[test]
fn every_listed_text_field_sends_a_blank_and_passes_the_checks() {
    let (p, paths) = blanked();
    let json = serde_json::to_value(&p).unwrap();
    let mut sent = Vec::new();
    leaves(&json, String::new(), &mut sent);
    sent.sort();
    let mut want: Vec<String> = paths.iter().map(|s| (*s).to_owned()).collect();
    want.sort();
    assert_eq!(sent, want);
    for path in &paths {
        assert_eq!(json.pointer(path), Some(&json!("")), "{path}");
    }
    // A blank is never refused: the server decides what a blank means.
    assert!(check_patch(&p).is_empty(), "{:?}", check_patch(&p));
}

#[test]
fn the_crate_docs_list_exactly_these_fields() {
    // The list of blankable fields in the `StockPatch` docs, by wire name.
    let documented = dealerauction_client::models::BLANKABLE_FIELDS;
    let (_, paths) = blanked();
    let wire: Vec<String> = paths
        .iter()
        .map(|p| p.trim_start_matches('/').replace('/', "."))
        .collect();
    assert_eq!(documented, wire.as_slice());
}

#[tokio::test]
async fn the_mock_stores_a_blank_as_a_blank_and_null_as_cleared() {
    let mock = MockDealerAuction::start().await;
    let c = mock.client();
    let vehicle = NewVehicle::new(
        VehicleCategory::Car,
        OwnershipCondition::Used,
        "Ford",
        "Fiesta",
        VehicleHistory::clean(),
    )
    .vrm("AB17ABC")
    .colour("Blue")
    .mileage(10);
    let item = NewStockItem::new(dealerauction_client::mock::MOCK_CUSTOMER_ID, vehicle)
        .image(NewImage::new("https://example.com/1.jpg"));
    let created = c.create_stock(&item).await.unwrap();
    let mut p = StockPatch::new();
    p.vehicle_mut().colour = blank();
    p.vehicle_mut().mileage = Patch::Null;
    c.update_stock(&created.id, &p).await.unwrap();
    let stored = mock.stock_item(&created.id).unwrap();
    assert_eq!(stored["vehicle"]["colour"], "");
    assert!(stored["vehicle"].get("mileage").is_none());
}
