//! Regression tests: signed events whose data has another shape are kept,
//! no work order update member is sent twice, and an authorization request's
//! `Debug` does not show its state.

use autosync_client::oauth::{AuthorizeRequest, OAuthApp, OAuthState, Scope};
use autosync_client::webhooks::{self, EventData, EventType, WebhookVerifier};
use autosync_client::{CustomerId, EmployeeId, VehicleId, WorkOrderUpdate};
use serde_json::{Value, json};

const SECRET: &str = "whsec_review";

fn event(name: &str, data: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "event": name,
        "shop_id": 12,
        "timestamp": chrono::Utc::now(),
        "data": data
    }))
    .unwrap()
}

// ---- 1. a verified event is never lost to the shape of its data -------------

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

// ---- 2. no member of a work order update is sent twice ----------------------

#[test]
fn other_with_a_typed_name_sets_the_typed_field() {
    let u = WorkOrderUpdate::new().notes("a").other("notes", "b");
    assert_eq!(u.notes.as_deref(), Some("b"));
    assert!(u.other.is_empty());
    assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"notes":"b"}"#);

    let u = WorkOrderUpdate::new()
        .other("technician_id", 9)
        .other("customer_id", 42)
        .vehicle_id(VehicleId(78))
        .other("vehicle_id", 79)
        .other("status", "completed");
    assert_eq!(u.technician_id, Some(EmployeeId(9)));
    assert_eq!(u.customer_id, Some(CustomerId(42)));
    assert_eq!(u.vehicle_id, Some(VehicleId(79)));
    assert_eq!(
        serde_json::to_string(&u).unwrap(),
        r#"{"customer_id":42,"vehicle_id":79,"technician_id":9,"status":"completed"}"#
    );
}

#[test]
fn the_last_call_for_a_name_wins_and_is_sent_once() {
    // A typed setter after `other` replaces it.
    let u = WorkOrderUpdate::new().other("notes", "b").notes("c");
    assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"notes":"c"}"#);

    // A value that does not fit the typed member is sent as given, once.
    let u = WorkOrderUpdate::new()
        .notes("a")
        .other("notes", Value::Null);
    assert_eq!(u.notes, None);
    assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"notes":null}"#);
    let u = WorkOrderUpdate::new()
        .technician_id(EmployeeId(5))
        .other("technician_id", "emp_5");
    assert_eq!(
        serde_json::to_string(&u).unwrap(),
        r#"{"technician_id":"emp_5"}"#
    );
    // ... and a typed setter afterwards takes its place again.
    let u = u.technician_id(EmployeeId(6));
    assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"technician_id":6}"#);
}

#[test]
fn a_name_put_in_the_public_map_directly_is_not_sent_twice() {
    let mut u = WorkOrderUpdate::new().notes("typed");
    u.other.insert("notes".into(), json!("raw"));
    let text = serde_json::to_string(&u).unwrap();
    assert_eq!(text, r#"{"notes":"typed"}"#);
    assert_eq!(text.matches("\"notes\"").count(), 1);
    // Without the typed member, the raw one is sent.
    let mut u = WorkOrderUpdate::new();
    u.other.insert("notes".into(), json!("raw"));
    assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"notes":"raw"}"#);
}

// ---- 4. an authorization request's Debug hides its state --------------------

#[test]
fn authorize_request_debug_redacts_the_state() {
    let app = OAuthApp::builder("client_123", "client_secret_xyz", "https://app.example/cb")
        .build()
        .unwrap();
    let state = OAuthState::from_stored("state-value-that-must-not-leak");
    let req: AuthorizeRequest = app.authorize_with_state(&[Scope::SHOPS_READ], state.clone());
    assert!(req.url.as_str().contains("state-value-that-must-not-leak"));

    let shown = format!("{req:?}");
    assert!(!shown.contains("state-value-that-must-not-leak"), "{shown}");
    assert!(!shown.contains("client_secret_xyz"), "{shown}");
    assert!(shown.contains("state=REDACTED"), "{shown}");
    assert!(shown.contains("client_id=client_123"), "{shown}");
    assert!(shown.contains("response_type=code"), "{shown}");
    let pretty = format!("{req:#?}");
    assert!(!pretty.contains("state-value-that-must-not-leak"));
    // The request itself is unchanged.
    assert_eq!(req.state, state);
    assert_eq!(
        req.url
            .query_pairs()
            .find(|(k, _)| k == "state")
            .map(|(_, v)| v.into_owned())
            .as_deref(),
        Some("state-value-that-must-not-leak")
    );
}
