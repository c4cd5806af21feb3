//! `StockPatch::diff`: for random pairs of a stored item and a desired one,
//! applying the diff to the stored item with a model of the documented PATCH
//! semantics (written here, independent of the SDK and of the mock) gives the
//! desired item; the diff of an item with itself is empty; a diff never
//! breaks a rule the desired item keeps.

use dealerauction_client::models::{NewStockItem, StockItem, StockPatch};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

const T1: &str = "2024-01-01T10:00:00Z";
const T2: &str = "2024-02-01T10:00:00Z";
const T3: &str = "2024-03-01T10:00:00Z";

/// The objects the documentation patches field by field; everything else
/// (arrays, prices, `engineSize`, scalars) is replaced whole.
const NESTED: &[&str] = &[
    "metadata",
    "vehicle",
    "advert",
    "advert.auction",
    "condition",
    "additionalData",
];

/// One slot of the document: a dotted path and the values it may take
/// (`None`: absent). A path under a group (`advert.`, …) is written only when
/// the group is present.
fn slots() -> Vec<(&'static str, Vec<Option<Value>>)> {
    let s = |v: &[&str]| -> Vec<Option<Value>> {
        std::iter::once(None)
            .chain(v.iter().map(|x| Some(json!(x))))
            .collect()
    };
    let req = |v: Vec<Value>| -> Vec<Option<Value>> { v.into_iter().map(Some).collect() };
    let group = || vec![None, Some(json!({}))];
    let text = || s(&["A", "B", ""]);
    let num = || vec![None, Some(json!(1)), Some(json!(3))];
    let boolean = || vec![None, Some(json!(true)), Some(json!(false))];
    let price = || {
        vec![
            None,
            Some(json!({"value": 60, "currency": "GBP"})),
            Some(json!({"value": 1500, "currency": "GBP"})),
        ]
    };
    vec![
        ("metadata.externalStockId", s(&["STK-1", "STK-2", ""])),
        ("metadata.externalVendorId", s(&["V1"])),
        ("customerId", req(vec![json!("123456"), json!("654321")])),
        ("vehicle.vrm", s(&["AB17ABC", "CD18DEF"])),
        ("vehicle.category", req(vec![json!("Car"), json!("Van")])),
        (
            "vehicle.mileage",
            vec![None, Some(json!(1000)), Some(json!(2000))],
        ),
        (
            "vehicle.yearOfManufacture",
            vec![None, Some(json!(2018)), Some(json!(2019))],
        ),
        (
            "vehicle.dateOfRegistration",
            s(&["2018-06-01", "2019-01-02"]),
        ),
        (
            "vehicle.ownershipCondition",
            req(vec![json!("NEW"), json!("USED")]),
        ),
        ("vehicle.vin", s(&["VIN1", "VIN2"])),
        ("vehicle.make", req(vec![json!("Ford"), json!("Citroen")])),
        ("vehicle.model", req(vec![json!("Fiesta"), json!("Saxo")])),
        ("vehicle.derivative", s(&["1.5", "2.0 TDI"])),
        ("vehicle.trim", text()),
        ("vehicle.bodyType", text()),
        ("vehicle.fuelType", text()),
        ("vehicle.transmissionType", text()),
        ("vehicle.driveTrain", text()),
        ("vehicle.doors", num()),
        ("vehicle.keys", num()),
        ("vehicle.insuranceGroup", s(&["10", "12"])),
        ("vehicle.insuranceSecurityCode", text()),
        ("vehicle.v5CertificationSupplied", boolean()),
        ("vehicle.colour", text()),
        ("vehicle.engineNumber", text()),
        ("vehicle.cylinders", num()),
        (
            "vehicle.engineSize",
            vec![
                None,
                Some(json!({"unit": "LITRE", "value": 1.2})),
                Some(json!({"unit": "CUBIC_CENTIMETRE", "value": 1200})),
            ],
        ),
        ("vehicle.motExpiry", s(&["2025-01-01", "2026-01-01"])),
        (
            "vehicle.serviceHistory",
            s(&["FULL_SERVICE_HISTORY", "NO_SERVICE_HISTORY"]),
        ),
        ("vehicle.plate", s(&["17", "18"])),
        ("vehicle.previousOwners", num()),
        ("vehicle.exDemo", boolean()),
        ("vehicle.stolen", req(vec![json!(false), json!(true)])),
        ("vehicle.imported", req(vec![json!(false), json!(true)])),
        ("vehicle.exported", req(vec![json!(false), json!(true)])),
        ("vehicle.scrapped", req(vec![json!(false), json!(true)])),
        ("vehicle.writeoffCategory", s(&["C", "N"])),
        ("advert", group()),
        ("advert.state", s(&["ACTIVE", "INACTIVE"])),
        ("advert.startDate", s(&[T1, T2])),
        ("advert.endDate", s(&[T1, T2])),
        ("advert.attentionGrabber", text()),
        ("advert.description", text()),
        ("advert.tradeVatStatus", s(&["MARGINAL", "NO_VAT"])),
        ("advert.externalUrl", text()),
        ("advert.auction", group()),
        (
            "advert.auction.type",
            req(vec![json!("BUY_NOW"), json!("BID")]),
        ),
        ("advert.auction.lotId", s(&["12", "13"])),
        ("advert.auction.startingPrice", price()),
        ("advert.auction.reservePrice", price()),
        ("advert.auction.askingPrice", price()),
        ("advert.auction.buyNowPrice", price()),
        ("advert.auction.startDate", s(&[T1, T2])),
        ("advert.auction.endDate", s(&[T1, T2])),
        (
            "features",
            req(vec![
                json!([]),
                json!([{"description": "DAB"}]),
                json!([{"description": "DAB", "standard": true}, {"description": "Nav", "category": "x"}]),
            ]),
        ),
        ("conditionReportUrl", s(&["https://example.com/a.pdf", ""])),
        ("condition", group()),
        ("condition.externalConditionGrade", s(&["1", "U"])),
        ("condition.surecheckGrade", s(&["GOLD"])),
        (
            "condition.damageItems",
            vec![
                None,
                Some(json!([])),
                Some(json!([{"zone": "BONNET", "damageType": "CHIP"}])),
            ],
        ),
        ("videoUrl", s(&["https://youtu.be/yIQd2Ya0Ziw", ""])),
        (
            "images",
            req(vec![
                json!([{"url": "https://example.com/1.jpg"}]),
                json!([{"url": "https://example.com/1.jpg", "tags": ["front_nearside"]}, {"url": "https://example.com/2.jpg"}]),
                json!([{"url": "https://example.com/2.jpg"}]),
                json!([]),
            ]),
        ),
        ("availableUntil", s(&[T2, T3])),
        ("requestedNetwork", s(&["n1"])),
        ("additionalData", group()),
        ("additionalData.taxi", boolean()),
        ("additionalData.odour_note", text()),
        ("additionalData.c2b_valuation_range_lower", num()),
    ]
}

fn get<'a>(doc: &'a mut Map<String, Value>, path: &[&str]) -> Option<&'a mut Map<String, Value>> {
    let mut cur = doc;
    for k in path {
        cur = cur.get_mut(*k)?.as_object_mut()?;
    }
    Some(cur)
}

/// The writable content chosen by `picks` (one byte per slot).
fn content(picks: &[u8]) -> Value {
    let mut doc = Map::new();
    doc.insert("metadata".into(), json!({}));
    doc.insert("vehicle".into(), json!({}));
    for ((path, pool), pick) in slots().iter().zip(picks) {
        let Some(v) = pool[*pick as usize % pool.len()].clone() else {
            continue;
        };
        let parts: Vec<&str> = path.split('.').collect();
        let (last, parents) = parts.split_last().unwrap();
        if let Some(obj) = get(&mut doc, parents) {
            obj.insert((*last).to_owned(), v);
        }
    }
    Value::Object(doc)
}

/// `content` as the server returns it: with read-only fields.
fn stored(content: &Value) -> Value {
    let mut d = content.clone();
    d["id"] = json!("00000000-0000-4000-8000-000000000001");
    d["listingId"] = json!("l-1");
    d["createdDate"] = json!(T1);
    d["updatedDate"] = json!(T2);
    d["publicReference"] = json!(202304198054016u64);
    d["lifecycleState"] = json!("FORECOURT");
    d["capTaxonomy"] = json!({"id": "cap"});
    d["advertiser"] = json!({"contact": {"email": "a@example.com"}});
    d["vehicle"]["derivativeId"] = json!("abc");
    if d["advert"].is_object() {
        d["advert"]["createdDate"] = json!(T1);
        d["advert"]["updatedDate"] = json!(T2);
    }
    if let Some(images) = d["images"].as_array_mut() {
        for (i, img) in images.iter_mut().enumerate() {
            img["platformUrl"] = json!(format!("https://cdn.example/{i}.jpg"));
            img["uploaded"] = json!(true);
        }
    }
    d
}

/// The documented PATCH semantics: absent unchanged, `null` cleared, the
/// nested objects merged field by field, anything else replaced.
fn apply(target: &mut Map<String, Value>, patch: &Map<String, Value>, prefix: &str) {
    for (k, v) in patch {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Value::Null => {
                target.remove(k);
            }
            Value::Object(p) if NESTED.contains(&path.as_str()) => {
                let slot = target.entry(k.clone()).or_insert_with(|| json!({}));
                apply(slot.as_object_mut().unwrap(), p, &path);
            }
            other => {
                target.insert(k.clone(), other.clone());
            }
        }
    }
}

/// The writable view of a stored document: read-only fields removed.
fn writable(doc: &Value) -> Value {
    let mut d = doc.clone();
    let o = d.as_object_mut().unwrap();
    for k in [
        "id",
        "listingId",
        "createdDate",
        "updatedDate",
        "publicReference",
        "lifecycleState",
        "capTaxonomy",
        "advertiser",
    ] {
        o.remove(k);
    }
    if let Some(v) = d.get_mut("vehicle").and_then(Value::as_object_mut) {
        v.remove("derivativeId");
    }
    if let Some(a) = d.get_mut("advert").and_then(Value::as_object_mut) {
        a.remove("createdDate");
        a.remove("updatedDate");
    }
    if let Some(images) = d.get_mut("images").and_then(Value::as_array_mut) {
        for img in images {
            if let Some(i) = img.as_object_mut() {
                i.remove("platformUrl");
                i.remove("uploaded");
            }
        }
    }
    d
}

fn picks() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), slots().len())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn applying_the_diff_gives_after(before in picks(), after in picks()) {
        let before_doc = stored(&content(&before));
        let after_content = content(&after);
        let before_item: StockItem = serde_json::from_value(before_doc.clone()).unwrap();
        let after_item: NewStockItem = serde_json::from_value(after_content).unwrap();

        let patch = StockPatch::diff(&before_item, &after_item);
        let patch_json = serde_json::to_value(&patch).unwrap();

        let mut result = before_doc.clone();
        apply(result.as_object_mut().unwrap(), patch_json.as_object().unwrap(), "");

        // The result is a valid stock document (no object without its
        // Required fields, say an auction without its type).
        let result_item: StockItem = serde_json::from_value(result.clone()).unwrap();

        let mut expected = serde_json::to_value(&after_item).unwrap();
        if after_item.advert.is_none() && before_doc["advert"].is_object() {
            // An advert cannot be removed: it is deactivated instead.
            let mut advert = writable(&before_doc)["advert"].clone();
            advert["state"] = json!("INACTIVE");
            expected["advert"] = advert;
        }
        prop_assert_eq!(writable(&result), expected);

        // Applied once, nothing is left to send.
        prop_assert!(StockPatch::diff(&result_item, &after_item).is_empty());

        // No Required field is ever nulled; a valid `after` gives a patch
        // that passes every check before sending.
        let nulled: Vec<_> = patch.check().into_iter().filter(|v| v.message.contains("null")).collect();
        prop_assert!(nulled.is_empty(), "{:?}", nulled);
        if after_item.check().is_empty() {
            prop_assert_eq!(patch.check(), vec![]);
        }
    }

    #[test]
    fn the_diff_of_an_item_with_itself_is_empty(before in picks()) {
        let item: StockItem = serde_json::from_value(stored(&content(&before))).unwrap();
        prop_assert!(StockPatch::diff(&item, &item.to_new_stock_item()).is_empty());
        prop_assert!(StockPatch::diff_items(&item, &item).is_empty());
    }
}

#[test]
fn a_changed_field_is_sent_and_nothing_else() {
    let picks = vec![0u8; slots().len()];
    let before: StockItem = serde_json::from_value(stored(&content(&picks))).unwrap();
    let mut after = before.to_new_stock_item();
    after.vehicle.mileage = Some(42_000);
    let patch = StockPatch::diff(&before, &after);
    assert_eq!(
        serde_json::to_value(&patch).unwrap(),
        json!({"vehicle": {"mileage": 42000}})
    );
    assert_eq!(patch.paths(), ["vehicle.mileage"]);
}
