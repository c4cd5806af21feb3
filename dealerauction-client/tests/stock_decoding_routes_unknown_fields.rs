//! Every object of the stock document decodes with a visitor of its own
//! (`autoclient_common::deserialize_keeping_unknown!`) that routes unknown
//! keys into that object's `extra` as it reads, instead of
//! `#[serde(flatten)]`'s buffering. Checked here on the documentation's full
//! stock document: each of its keys lands in a field (no `extra` is
//! filled, so no wire key is misspelt), an unknown key added to every object
//! lands in that object's `extra` and is written back, and the edge cases
//! behave as serde's derive does.

use autoclient_common::contract::assert_contract_eq;
use dealerauction_client::models::StockItem;
use serde_json::{Map, Value, json};

const FULL: &str = include_str!("data/stock-200.json");

/// Every object's `extra` in a decoded item, by the object's path.
fn extras(item: &StockItem) -> Vec<(String, &Map<String, Value>)> {
    let mut out = vec![
        ("$".to_owned(), &item.extra),
        ("metadata".to_owned(), &item.metadata.extra),
        ("vehicle".to_owned(), &item.vehicle.extra),
    ];
    if let Some(e) = &item.vehicle.engine_size {
        out.push(("vehicle.engineSize".into(), &e.extra));
    }
    if let Some(a) = &item.advert {
        out.push(("advert".into(), &a.extra));
        if let Some(au) = &a.auction {
            out.push(("advert.auction".into(), &au.extra));
            for (name, p) in [
                ("startingPrice", &au.starting_price),
                ("reservePrice", &au.reserve_price),
                ("askingPrice", &au.asking_price),
                ("buyNowPrice", &au.buy_now_price),
            ] {
                if let Some(p) = p {
                    out.push((format!("advert.auction.{name}"), &p.extra));
                }
            }
        }
    }
    for (i, f) in item.features.iter().enumerate() {
        out.push((format!("features[{i}]"), &f.extra));
    }
    if let Some(c) = &item.condition {
        out.push(("condition".into(), &c.extra));
        for (i, d) in c.damage_items.iter().flatten().enumerate() {
            out.push((format!("condition.damageItems[{i}]"), &d.extra));
        }
    }
    for (i, im) in item.images.iter().enumerate() {
        out.push((format!("images[{i}]"), &im.extra));
    }
    if let Some(c) = &item.cap_taxonomy {
        out.push(("capTaxonomy".into(), &c.extra));
    }
    if let Some(a) = &item.advertiser {
        out.push(("advertiser".into(), &a.extra));
        if let Some(ad) = &a.address {
            out.push(("advertiser.address".into(), &ad.extra));
            if let Some(l) = &ad.lat_long {
                out.push(("advertiser.address.latLong".into(), &l.extra));
            }
        }
        if let Some(c) = &a.contact {
            out.push(("advertiser.contact".into(), &c.extra));
        }
    }
    if let Some(a) = &item.additional_data {
        out.push(("additionalData".into(), &a.extra));
    }
    out
}

/// Adds `"zzUnknown": {"kept": [1, "two"]}` to every object of `v`; returns
/// how many objects it touched.
fn add_unknown_everywhere(v: &mut Value) -> usize {
    match v {
        Value::Object(m) => {
            let mut n = 1;
            for child in m.values_mut() {
                n += add_unknown_everywhere(child);
            }
            m.insert("zzUnknown".into(), json!({"kept": [1, "two"]}));
            n
        }
        Value::Array(a) => a.iter_mut().map(add_unknown_everywhere).sum(),
        _ => 0,
    }
}

#[test]
fn every_documented_key_lands_in_a_field() {
    let item: StockItem = serde_json::from_str(FULL).unwrap();
    let extras = extras(&item);
    assert_eq!(extras.len(), 20, "objects reached");
    for (path, extra) in &extras {
        assert!(extra.is_empty(), "{path} kept {extra:?} as unknown");
    }
    let additional = item.additional_data.as_ref().unwrap();
    assert_eq!(additional.fields.taxi, Some(true));
    assert_eq!(additional.fields.c2b_valuation_range_upper, Some(42));
    assert_eq!(item.vehicle.mot_expiry.unwrap().to_string(), "2017-01-01");
    assert_eq!(
        item.advert
            .as_ref()
            .unwrap()
            .created_date
            .unwrap()
            .to_rfc3339(),
        "2023-04-19T11:07:18.883+00:00"
    );
    let reencoded = serde_json::to_string(&item).unwrap();
    assert_eq!(serde_json::from_str::<StockItem>(&reencoded).unwrap(), item);
}

#[test]
fn an_unknown_key_in_every_object_is_kept_where_it_was() {
    let mut doc: Value = serde_json::from_str(FULL).unwrap();
    let objects = add_unknown_everywhere(&mut doc);
    let item: StockItem = serde_json::from_value(doc.clone()).unwrap();
    let from_text: StockItem = serde_json::from_str(&doc.to_string()).unwrap();
    assert_eq!(item, from_text);
    let extras = extras(&item);
    assert_eq!(
        extras.len(),
        objects,
        "every object of the document is reached"
    );
    for (path, extra) in &extras {
        assert_eq!(
            Value::Object((*extra).clone()),
            json!({"zzUnknown": {"kept": [1, "two"]}}),
            "{path}"
        );
    }
    // Written back where it was (numbers-as-strings are written as the
    // strings the schema says, so compare with the plain item's encoding).
    let plain: StockItem = serde_json::from_str(FULL).unwrap();
    let mut want = serde_json::to_value(&plain).unwrap();
    add_unknown_everywhere(&mut want);
    assert_contract_eq(&want, &serde_json::to_value(&item).unwrap());
}

fn minimal() -> Value {
    json!({
        "id": "a10ab562", "customerId": 123456, "metadata": {},
        "vehicle": {"category": "Car", "ownershipCondition": "USED", "make": "Citroen",
                    "model": "Saxo", "stolen": false, "imported": false,
                    "exported": false, "scrapped": false}
    })
}

fn decode(v: Value) -> Result<StockItem, String> {
    serde_json::from_str(&v.to_string()).map_err(|e| e.to_string())
}

#[test]
fn edge_cases_behave_as_serde_derive() {
    // Defaults: no features or images is an empty list, null options are None.
    let mut doc = minimal();
    doc["advert"] = Value::Null;
    doc["createdDate"] = Value::Null;
    let item = decode(doc).unwrap();
    assert!(item.features.is_empty() && item.images.is_empty());
    assert_eq!((item.advert, item.created_date), (None, None));

    // A missing required field is named, at any depth.
    for (path, key) in [(None, "customerId"), (Some("vehicle"), "make")] {
        let mut doc = minimal();
        match path {
            Some(p) => doc[p].as_object_mut().unwrap().remove(key),
            None => doc.as_object_mut().unwrap().remove(key),
        };
        let err = decode(doc).unwrap_err();
        assert!(err.contains(&format!("missing field `{key}`")), "{err}");
    }

    // A known key twice is an error; an unknown one twice keeps the last.
    let text = minimal().to_string();
    let twice = text.replacen('{', r#"{"id": "other","#, 1);
    let err = serde_json::from_str::<StockItem>(&twice)
        .unwrap_err()
        .to_string();
    assert!(err.contains("duplicate field `id`"), "{err}");
    let unknown_twice = text.replacen('{', r#"{"zz": 1, "zz": 2,"#, 1);
    let item: StockItem = serde_json::from_str(&unknown_twice).unwrap();
    assert_eq!(item.extra["zz"], 2);

    // Wrong JSON types are refused, with what was expected.
    let err = serde_json::from_str::<StockItem>("[]")
        .unwrap_err()
        .to_string();
    assert!(err.contains("a stock item object"), "{err}");
    let mut doc = minimal();
    doc["vehicle"]["engineSize"] = json!({"unit": "LITRE", "value": "1.2x"});
    assert!(decode(doc).is_err());
    let mut doc = minimal();
    doc["availableUntil"] = json!("2025-05-04 09:42:00+01:00");
    assert_eq!(
        decode(doc).unwrap().available_until.unwrap().to_rfc3339(),
        "2025-05-04T08:42:00+00:00",
        "what chrono accepts is still accepted"
    );
    let mut doc = minimal();
    doc["vehicle"]["motExpiry"] = json!("2017-02-30");
    assert!(decode(doc).is_err());
}
