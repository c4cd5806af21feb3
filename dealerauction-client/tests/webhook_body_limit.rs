//! A webhook body over the limit (1 MiB by default, configurable) is refused
//! before it is parsed, with an error that gives the size, not the body.

use dealerauction_client::models::{DEFAULT_MAX_WEBHOOK_BODY, WebhookEvent};

const SOLD: &[u8] = include_bytes!("data/webhook-vehicle-sold.json");

/// The documented `vehicle.sold` event padded with trailing whitespace to
/// exactly `len` bytes: still one valid JSON value.
fn sold_of_len(len: usize) -> Vec<u8> {
    let mut body = SOLD.to_vec();
    assert!(body.len() <= len);
    body.resize(len, b' ');
    body
}

#[test]
fn a_body_over_one_mib_is_refused_before_it_is_parsed() {
    assert_eq!(DEFAULT_MAX_WEBHOOK_BODY, 1024 * 1024);
    let e = WebhookEvent::from_slice(&sold_of_len(DEFAULT_MAX_WEBHOOK_BODY + 1)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the webhook body is 1048577 bytes, over the 1048576-byte limit"
    );
    // Not JSON at all: still the size, so nothing was parsed.
    let junk = vec![b'x'; DEFAULT_MAX_WEBHOOK_BODY + 1];
    let e = WebhookEvent::from_slice(&junk).unwrap_err();
    assert!(e.to_string().contains("1048576-byte limit"), "{e}");
    assert!(!e.to_string().contains("xx"), "{e}");
    // At the limit: decoded.
    let e = WebhookEvent::from_slice(&sold_of_len(DEFAULT_MAX_WEBHOOK_BODY)).unwrap();
    assert_eq!(e.event_type(), "vehicle.sold");
}

#[test]
fn the_webhook_body_limit_is_configurable() {
    let body = sold_of_len(2048);
    let e = WebhookEvent::from_slice_with_max_body(&body, 2047).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the webhook body is 2048 bytes, over the 2047-byte limit"
    );
    assert!(!e.to_string().contains("vehicle.sold"));
    WebhookEvent::from_slice_with_max_body(&body, 2048).unwrap();
    // Raised above the default, a larger body is decoded.
    let big = sold_of_len(DEFAULT_MAX_WEBHOOK_BODY + 10);
    assert!(WebhookEvent::from_slice(&big).is_err());
    let e = WebhookEvent::from_slice_with_max_body(&big, 2 * DEFAULT_MAX_WEBHOOK_BODY).unwrap();
    assert_eq!(e.event_type(), "vehicle.sold");
}
