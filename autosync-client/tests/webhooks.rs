//! Webhook verification and parsing: RFC 4231 HMAC-SHA256 vectors, the
//! documented payload, every event, every header format, and every rejection.

use std::time::{Duration, SystemTime};

use autoclient_common::ManualClock;
use autoclient_common::contract::assert_contract_eq;
use autoclient_common::reexports::reqwest::header::{HeaderMap, HeaderValue};
use autosync_client::mock::{MOCK_SHOP_ID, MOCK_WEBHOOK_SECRET, signed_webhook};
use autosync_client::webhooks::{
    self, EventData, EventType, WebhookError, WebhookEvent, WebhookVerifier,
};
use autosync_client::{CustomerId, PartId, ShopId, WorkOrderId};
use base64::Engine as _;
use chrono::{TimeZone, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// RFC 4231 test cases for HMAC-SHA256 (case 5, a truncated output, is left out).
fn rfc4231() -> Vec<(Vec<u8>, Vec<u8>, &'static str)> {
    vec![
        (
            vec![0x0b; 20],
            b"Hi There".to_vec(),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        ),
        (
            b"Jefe".to_vec(),
            b"what do ya want for nothing?".to_vec(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            vec![0xaa; 20],
            vec![0xdd; 50],
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        ),
        (
            (1u8..=25).collect(),
            vec![0xcd; 50],
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        ),
        (
            vec![0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        ),
        (
            vec![0xaa; 131],
            b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        ),
    ]
}

#[test]
fn rfc4231_vectors_verify_in_every_accepted_format() {
    for (i, (key, data, mac_hex)) in rfc4231().into_iter().enumerate() {
        assert_eq!(webhooks::sign(&key, &data), mac_hex, "case {}", i + 1);
        let raw = hex::decode(mac_hex).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(&raw);
        let b64_nopad = base64::engine::general_purpose::STANDARD_NO_PAD.encode(&raw);
        let b64_url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&raw);
        let v = WebhookVerifier::new(&key);
        for header in [
            mac_hex.to_owned(),
            mac_hex.to_uppercase(),
            format!("sha256={mac_hex}"),
            format!("SHA256={mac_hex}"),
            format!(" {mac_hex} "),
            b64.clone(),
            format!("sha256={b64}"),
            b64_nopad,
            b64_url,
        ] {
            v.verify(&data, Some(&header))
                .unwrap_or_else(|e| panic!("case {}: {header}: {e}", i + 1));
        }
        // One bit off in the body, or in the MAC, is rejected.
        let mut tampered = data.clone();
        tampered[0] ^= 1;
        assert!(matches!(
            v.verify(&tampered, Some(mac_hex)),
            Err(WebhookError::SignatureMismatch)
        ));
        let mut bad = raw.clone();
        bad[31] ^= 0x80;
        assert!(matches!(
            v.verify(&data, Some(&hex::encode(bad))),
            Err(WebhookError::SignatureMismatch)
        ));
    }
}

fn documented_payload() -> Value {
    json!({
        "event": "workorder.completed",
        "shop_id": 1,
        "timestamp": "2024-03-14T15:30:00Z",
        "data": {
            "id": 1043,
            "work_order_number": "1043",
            "total": 1166.40,
            "customer": { "id": 42, "name": "Sarah Thompson" }
        }
    })
}

const SECRET: &str = "whsec_documented";

#[test]
fn the_documented_payload_verifies_parses_and_reencodes() {
    let body = serde_json::to_vec_pretty(&documented_payload()).unwrap();
    let sig = webhooks::sign(SECRET, &body);
    // The documented sample is from 2024: checked with the tolerance off.
    let event = WebhookVerifier::new(SECRET)
        .without_tolerance()
        .verify_and_parse(&body, Some(&sig))
        .unwrap();
    assert_eq!(event.event, EventType::WorkorderCompleted);
    assert_eq!(event.shop_id, ShopId(1));
    assert_eq!(
        event.timestamp,
        Utc.with_ymd_and_hms(2024, 3, 14, 15, 30, 0).unwrap()
    );
    let EventData::WorkOrder(wo) = &event.data else {
        panic!("{:?}", event.data)
    };
    assert_eq!(wo.id, WorkOrderId(1043));
    assert_eq!(wo.total, Some(Decimal::new(116640, 2)));
    assert_eq!(wo.customer.as_ref().unwrap().id, CustomerId(42));
    assert_contract_eq(
        &documented_payload(),
        &serde_json::to_value(&event).unwrap(),
    );
}

#[test]
fn every_event_parses_and_an_unknown_one_is_kept() {
    let now = Utc::now();
    let cases = [
        ("workorder.created", json!({"id": 1, "status": "draft"})),
        (
            "workorder.updated",
            json!({"id": 1, "status": "waiting_parts"}),
        ),
        ("workorder.completed", json!({"id": 1, "total": 10.5})),
        (
            "payment.received",
            json!({"id": 9, "amount": 120.00, "method": "card"}),
        ),
        ("customer.created", json!({"id": 42, "first_name": "Sarah"})),
        (
            "appointment.created",
            json!({"id": 3, "customer_id": 42, "start_time": "2024-03-18T09:00:00Z"}),
        ),
        (
            "inspection.completed",
            json!({"id": 55, "work_order_id": 1, "items": []}),
        ),
        (
            "inventory.low_stock",
            json!({"id": 311, "quantity": 1, "reorder_point": 4}),
        ),
        ("vehicle.archived", json!({"anything": [1, 2, 3]})),
    ];
    for (name, data) in cases {
        let hook = signed_webhook(name, MOCK_SHOP_ID, now, data.clone(), MOCK_WEBHOOK_SECRET);
        let event =
            webhooks::verify_and_parse(&hook.body, Some(&hook.signature), MOCK_WEBHOOK_SECRET)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(event.event.as_str(), name);
        match (&event.event, &event.data) {
            (
                EventType::WorkorderCreated
                | EventType::WorkorderUpdated
                | EventType::WorkorderCompleted,
                EventData::WorkOrder(w),
            ) => {
                assert_eq!(w.id, WorkOrderId(1))
            }
            (EventType::PaymentReceived, EventData::Payment(p)) => {
                assert_eq!(p.fields["method"], "card")
            }
            (EventType::CustomerCreated, EventData::Customer(c)) => {
                assert_eq!(c.id, CustomerId(42))
            }
            (EventType::AppointmentCreated, EventData::Appointment(a)) => {
                assert!(a.start_time.is_some())
            }
            (EventType::InspectionCompleted, EventData::Inspection(m)) => assert_eq!(m["id"], 55),
            (EventType::InventoryLowStock, EventData::LowStock(p)) => {
                assert_eq!(p.id, PartId(311));
                assert_eq!(p.extra["reorder_point"], 4);
            }
            (EventType::Unknown(n), EventData::Other(v)) => {
                assert_eq!(n, "vehicle.archived");
                assert_eq!(v, &data);
            }
            other => panic!("{name}: unexpected {other:?}"),
        }
        let back = serde_json::to_value(&event).unwrap();
        let sent: Value = serde_json::from_slice(&hook.body).unwrap();
        assert_contract_eq(&sent, &back);
    }
}

#[test]
fn a_tampered_body_a_wrong_secret_and_a_missing_or_bad_header_are_rejected() {
    let body = serde_json::to_vec(&documented_payload()).unwrap();
    let sig = webhooks::sign(SECRET, &body);
    let tampered = String::from_utf8(body.clone())
        .unwrap()
        .replace("1166.4", "1.4");
    assert!(matches!(
        webhooks::verify_and_parse(tampered.as_bytes(), Some(&sig), SECRET),
        Err(WebhookError::SignatureMismatch)
    ));
    assert!(matches!(
        webhooks::verify_and_parse(&body, Some(&sig), "whsec_other"),
        Err(WebhookError::SignatureMismatch)
    ));
    assert!(matches!(
        webhooks::verify_and_parse(&body, None, SECRET),
        Err(WebhookError::MissingSignature)
    ));
    assert!(matches!(
        webhooks::verify_and_parse(&body, Some("  "), SECRET),
        Err(WebhookError::MissingSignature)
    ));
    for bad in ["sha256=zz", "not a signature", &sig[..40]] {
        assert!(
            matches!(
                webhooks::verify_and_parse(&body, Some(bad), SECRET),
                Err(WebhookError::MalformedSignature)
            ),
            "{bad}"
        );
    }
    assert!(matches!(
        webhooks::verify_and_parse(&body, Some(&sig), ""),
        Err(WebhookError::NoSecret)
    ));
    let msg = WebhookError::SignatureMismatch.to_string();
    assert!(!msg.contains(SECRET) && !msg.contains('\n'));
}

#[test]
fn a_signed_body_that_is_not_an_event_is_rejected_with_its_path() {
    for body in [
        &br#"{"event":"customer.created","shop_id":"one","timestamp":"2024-03-14T15:30:00Z","data":{"id":1}}"#[..],
        br#"{"hello":"world"}"#,
        br#"{"event":"customer.created","shop_id":1,"timestamp":"2024-03-14T15:30:00Z","data":{"id":1}} trailing"#,
        b"not json",
    ] {
        let sig = webhooks::sign(SECRET, body);
        let err = webhooks::verify_and_parse(body, Some(&sig), SECRET).unwrap_err();
        assert!(matches!(err, WebhookError::NotAnEvent { .. }), "{err}");
    }
    let body = br#"{"event":"customer.created","shop_id":"one","timestamp":"2024-03-14T15:30:00Z","data":{"id":1}}"#;
    let err =
        webhooks::verify_and_parse(body, Some(&webhooks::sign(SECRET, body)), SECRET).unwrap_err();
    assert!(err.to_string().contains("shop_id"), "{err}");
}

#[test]
fn several_secrets_are_accepted_during_a_rotation() {
    let body = serde_json::to_vec(&documented_payload()).unwrap();
    let v = WebhookVerifier::new("whsec_new").with_secret("whsec_old");
    assert!(
        v.verify(&body, Some(&webhooks::sign("whsec_old", &body)))
            .is_ok()
    );
    assert!(
        v.verify(&body, Some(&webhooks::sign("whsec_new", &body)))
            .is_ok()
    );
    assert!(
        v.verify(&body, Some(&webhooks::sign("whsec_gone", &body)))
            .is_err()
    );
    assert!(!format!("{v:?}").contains("whsec"));
}

#[test]
fn the_timestamp_tolerance_is_measured_on_the_injected_clock() {
    let body = serde_json::to_vec(&documented_payload()).unwrap();
    let sig = webhooks::sign(SECRET, &body);
    let sent_at: SystemTime = Utc.with_ymd_and_hms(2024, 3, 14, 15, 30, 0).unwrap().into();
    let clock = ManualClock::starting_at(sent_at + Duration::from_secs(60));
    let v = WebhookVerifier::new(SECRET)
        .with_tolerance(Duration::from_secs(300))
        .with_clock(clock.clone());
    assert!(
        v.verify_and_parse(&body, Some(&sig)).is_ok(),
        "a minute old: fresh"
    );
    clock.advance(Duration::from_secs(600));
    let err = v.verify_and_parse(&body, Some(&sig)).unwrap_err();
    let WebhookError::Stale { age, tolerance } = err else {
        panic!("{err}")
    };
    assert_eq!(age, Duration::from_secs(660));
    assert_eq!(tolerance, Duration::from_secs(300));
    // A timestamp far in the future is rejected too.
    let early = ManualClock::starting_at(sent_at - Duration::from_secs(3600));
    let v = WebhookVerifier::new(SECRET)
        .with_tolerance(Duration::from_secs(300))
        .with_clock(early);
    assert!(matches!(
        v.verify_and_parse(&body, Some(&sig)),
        Err(WebhookError::Stale { .. })
    ));
    // A clock beyond the range of dates (a clock of the caller's own):
    // stale, not a panic.
    let far = ManualClock::starting_at(SystemTime::UNIX_EPOCH + Duration::from_secs(1 << 50));
    let v = WebhookVerifier::new(SECRET)
        .with_tolerance(Duration::from_secs(300))
        .with_clock(far);
    assert!(matches!(
        v.verify_and_parse(&body, Some(&sig)),
        Err(WebhookError::Stale {
            age: Duration::MAX,
            ..
        })
    ));
    // With the tolerance turned off, the age does not matter.
    let v = WebhookVerifier::new(SECRET)
        .without_tolerance()
        .with_clock(ManualClock::starting_at(
            SystemTime::UNIX_EPOCH + Duration::from_secs(1 << 50),
        ));
    assert!(v.verify_and_parse(&body, Some(&sig)).is_ok());
}

#[test]
fn the_signature_is_checked_before_the_timestamp_or_the_body() {
    // A stale, malformed body with a wrong signature is a signature error.
    let v = WebhookVerifier::new(SECRET).with_tolerance(Duration::from_secs(1));
    let err = v
        .verify_and_parse(b"junk", Some(&webhooks::sign("x", b"junk")))
        .unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch));
}

#[test]
fn verification_from_request_headers() {
    let body = serde_json::to_vec(&documented_payload()).unwrap();
    let mut headers = HeaderMap::new();
    // The documented sample is from 2024: checked with the tolerance off.
    let v = WebhookVerifier::new(SECRET).without_tolerance();
    assert!(matches!(
        v.verify_headers(&body, &headers),
        Err(WebhookError::MissingSignature)
    ));
    headers.insert(
        "x-autosync-signature",
        HeaderValue::from_str(&webhooks::sign_base64(SECRET, &body)).unwrap(),
    );
    let event: WebhookEvent = v.verify_headers(&body, &headers).unwrap();
    assert_eq!(event.shop_id, ShopId(1));
}
