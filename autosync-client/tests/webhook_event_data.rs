//! A verified webhook event is never lost to the shape of its data: data of
//! another shape than assumed is kept as it came, with why it did not decode.

use autosync_client::CustomerId;
use autosync_client::webhooks::{self, EventData, EventType, WebhookVerifier};
use serde_json::{Value, json};

const SECRET: &str = "whsec_event_data";

fn event(name: &str, data: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "event": name,
        "shop_id": 12,
        "timestamp": chrono::Utc::now(),
        "data": data
    }))
    .unwrap()
}

#[test]
fn signed_events_whose_data_differs_are_kept_with_their_raw_data() {
    let cases = [
        (
            "payment.received",
            json!({"payment": {"id": "pay_9", "amount": "12.50"}}),
        ),
        ("customer.created", json!({"id": "cus_abc"})),
        ("appointment.created", json!([1, 2, 3])),
        ("inventory.low_stock", json!({"part": {"sku": "BRK-1"}})),
        ("inspection.completed", json!("done")),
        ("workorder.updated", json!({"id": {"nested": true}})),
        ("workorder.completed", json!({"total": "a lot"})),
    ];
    for (name, data) in cases {
        let body = event(name, data.clone());
        let sig = webhooks::sign(SECRET, &body);
        let ev = webhooks::verify_and_parse(&body, Some(&sig), SECRET)
            .unwrap_or_else(|e| panic!("{name}: a signed event was rejected: {e}"));
        assert_eq!(ev.event.as_str(), name);
        assert_eq!(ev.shop_id.0, 12);
        let EventData::Undecoded { data: kept, error } = &ev.data else {
            panic!("{name}: {:?}", ev.data)
        };
        assert_eq!(kept, &data, "{name}");
        assert!(
            !error.is_empty() && !error.contains('\n'),
            "{name}: {error}"
        );
        // Re-encoded as it came.
        let back = serde_json::to_value(&ev).unwrap();
        assert_eq!(back["data"], data, "{name}");
    }
}

#[test]
fn the_undecoded_reason_names_the_path() {
    let body = event("customer.created", json!({"id": "cus_abc"}));
    let ev = WebhookVerifier::new(SECRET)
        .verify_and_parse(&body, Some(&webhooks::sign(SECRET, &body)))
        .unwrap();
    assert_eq!(ev.event, EventType::CustomerCreated);
    let EventData::Undecoded { error, .. } = &ev.data else {
        panic!("{:?}", ev.data)
    };
    assert!(error.starts_with("at `id`"), "{error}");
}

#[test]
fn data_of_the_assumed_shape_is_still_typed() {
    let body = event("customer.created", json!({"id": 7, "first_name": "Ana"}));
    let ev =
        webhooks::verify_and_parse(&body, Some(&webhooks::sign(SECRET, &body)), SECRET).unwrap();
    let EventData::Customer(c) = &ev.data else {
        panic!("{:?}", ev.data)
    };
    assert_eq!(c.id, CustomerId(7));
}

#[test]
fn a_body_altered_after_signing_is_still_refused() {
    let body = event("payment.received", json!({"id": 1}));
    let sig = webhooks::sign(SECRET, &body);
    let altered = event("payment.received", json!({"id": 2}));
    assert!(matches!(
        webhooks::verify_and_parse(&altered, Some(&sig), SECRET),
        Err(webhooks::WebhookError::SignatureMismatch)
    ));
}
