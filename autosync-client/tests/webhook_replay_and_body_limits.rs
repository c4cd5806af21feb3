//! The defaults that guard a webhook endpoint: a 5-minute replay window on
//! the event's `timestamp` (symmetric, configurable, explicitly disableable)
//! and a 1 MiB body limit checked before the body is hashed or parsed.

use std::time::{Duration, SystemTime};

use autoclient_common::ManualClock;
use autoclient_common::reexports::reqwest::header::{HeaderMap, HeaderValue};
use autosync_client::webhooks::{
    self, DEFAULT_MAX_BODY, DEFAULT_TOLERANCE, WebhookError, WebhookVerifier,
};
use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use serde_json::json;

const SECRET: &str = "whsec_replay";

fn body_at(t: DateTime<Utc>) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "event": "customer.created",
        "shop_id": 1,
        "timestamp": t.to_rfc3339_opts(SecondsFormat::Secs, true),
        "data": {"id": 7}
    }))
    .unwrap()
}

fn sent_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 14, 15, 30, 0).unwrap()
}

/// A clock `offset_secs` after (or, negative, before) the event was sent.
fn clock_at(offset_secs: i64) -> ManualClock {
    let base: SystemTime = sent_at().into();
    let d = Duration::from_secs(offset_secs.unsigned_abs());
    ManualClock::starting_at(if offset_secs >= 0 { base + d } else { base - d })
}

#[test]
fn an_event_from_years_ago_is_refused_by_default() {
    let body = body_at(sent_at());
    let sig = webhooks::sign(SECRET, &body);

    let err = webhooks::verify_and_parse(&body, Some(&sig), SECRET).unwrap_err();
    let WebhookError::Stale { age, tolerance } = err else {
        panic!("the free function accepted a 2024 event: {err:?}")
    };
    assert!(age > Duration::from_secs(365 * 24 * 3600), "{age:?}");
    assert_eq!(tolerance, Duration::from_secs(300));

    let err = WebhookVerifier::new(SECRET)
        .verify_and_parse(&body, Some(&sig))
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::Stale { tolerance, .. } if tolerance == Duration::from_secs(300)),
        "a new verifier accepted a 2024 event: {err:?}"
    );

    let mut headers = HeaderMap::new();
    headers.insert(
        webhooks::SIGNATURE_HEADER,
        HeaderValue::from_str(&sig).unwrap(),
    );
    assert!(matches!(
        WebhookVerifier::new(SECRET).verify_headers(&body, &headers),
        Err(WebhookError::Stale { .. })
    ));

    // The same event sent now is accepted by both.
    let body = body_at(Utc::now());
    let sig = webhooks::sign(SECRET, &body);
    webhooks::verify_and_parse(&body, Some(&sig), SECRET).unwrap();
    WebhookVerifier::new(SECRET)
        .verify_and_parse(&body, Some(&sig))
        .unwrap();
}

#[test]
fn the_default_window_is_five_minutes_either_side_of_now() {
    assert_eq!(DEFAULT_TOLERANCE, Duration::from_secs(300));
    let body = body_at(sent_at());
    let sig = webhooks::sign(SECRET, &body);
    let at = |offset| {
        WebhookVerifier::new(SECRET)
            .with_clock(clock_at(offset))
            .verify_and_parse(&body, Some(&sig))
    };
    // Within five minutes, late or early (clock skew): accepted.
    for offset in [0, 1, 60, 299, 300, -1, -60, -300] {
        at(offset).unwrap_or_else(|e| panic!("{offset} s: {e}"));
    }
    // Beyond, either way: refused, with how far and the limit.
    for offset in [301, 3600, -301, -3600] {
        let err = at(offset).unwrap_err();
        let WebhookError::Stale { age, tolerance } = err else {
            panic!("{offset} s: {err:?}")
        };
        assert_eq!(age, Duration::from_secs(offset.unsigned_abs()));
        assert_eq!(tolerance, DEFAULT_TOLERANCE);
        let msg = err.to_string();
        assert!(!msg.contains('\n') && msg.contains("300 s"), "{msg}");
    }
}

#[test]
fn an_old_event_is_accepted_when_the_tolerance_is_turned_off() {
    let body = body_at(sent_at());
    let sig = webhooks::sign(SECRET, &body);
    let v = WebhookVerifier::new(SECRET).without_tolerance();
    let event = v.verify_and_parse(&body, Some(&sig)).unwrap();
    assert_eq!(event.timestamp, sent_at());
    // A timestamp far in the future too, and on any clock.
    let v = v.with_clock(clock_at(-10 * 365 * 24 * 3600));
    v.verify_and_parse(&body, Some(&sig)).unwrap();
    // Turned off, then on again.
    assert!(matches!(
        v.with_tolerance(DEFAULT_TOLERANCE)
            .verify_and_parse(&body, Some(&sig)),
        Err(WebhookError::Stale { .. })
    ));
}

/// A fresh, correctly signed event padded to exactly `len` bytes.
fn body_of_len(len: usize) -> Vec<u8> {
    let mut body = body_at(Utc::now());
    assert!(body.len() <= len);
    body.resize(len, b' '); // trailing whitespace: still one JSON value
    body
}

#[test]
fn a_body_over_the_default_limit_is_refused_before_the_signature_is_checked() {
    assert_eq!(DEFAULT_MAX_BODY, 1024 * 1024);
    let body = body_of_len(DEFAULT_MAX_BODY + 1);
    // A wrong signature, a missing one, a malformed one: the size is reported.
    for sig in [
        Some(webhooks::sign("not-the-secret", &body)),
        None,
        Some("zz".to_owned()),
    ] {
        for err in [
            webhooks::verify_and_parse(&body, sig.as_deref(), SECRET).unwrap_err(),
            WebhookVerifier::new(SECRET)
                .verify(&body, sig.as_deref())
                .unwrap_err(),
        ] {
            let WebhookError::BodyTooLarge { len, max } = err else {
                panic!("{sig:?}: {err:?}")
            };
            assert_eq!((len, max), (DEFAULT_MAX_BODY + 1, DEFAULT_MAX_BODY));
        }
    }
    // Correctly signed, it is still refused.
    let sig = webhooks::sign(SECRET, &body);
    let err = webhooks::verify_and_parse(&body, Some(&sig), SECRET).unwrap_err();
    assert!(matches!(err, WebhookError::BodyTooLarge { .. }), "{err:?}");
    let msg = err.to_string();
    assert_eq!(
        msg,
        "the webhook body is 1048577 bytes, over the 1048576-byte limit"
    );
    // One byte less: accepted.
    let body = body_of_len(DEFAULT_MAX_BODY);
    let sig = webhooks::sign(SECRET, &body);
    webhooks::verify_and_parse(&body, Some(&sig), SECRET).unwrap();
}

#[test]
fn the_body_limit_is_configurable() {
    let body = body_of_len(4096);
    let sig = webhooks::sign(SECRET, &body);
    let small = WebhookVerifier::new(SECRET).with_max_body(4095);
    assert!(matches!(
        small.verify_and_parse(&body, Some(&webhooks::sign("wrong", &body))),
        Err(WebhookError::BodyTooLarge {
            len: 4096,
            max: 4095
        })
    ));
    assert!(matches!(
        small.verify_and_parse(&body, Some(&sig)),
        Err(WebhookError::BodyTooLarge { .. })
    ));
    small
        .clone()
        .with_max_body(4096)
        .verify_and_parse(&body, Some(&sig))
        .unwrap();
    // Raised above the default, a larger body is accepted.
    let big = body_of_len(DEFAULT_MAX_BODY + 10);
    WebhookVerifier::new(SECRET)
        .with_max_body(2 * DEFAULT_MAX_BODY)
        .verify_and_parse(&big, Some(&webhooks::sign(SECRET, &big)))
        .unwrap();
    // The limit shows in Debug, the secret does not.
    let dbg = format!("{small:?}");
    assert!(dbg.contains("4095") && !dbg.contains(SECRET), "{dbg}");
}
