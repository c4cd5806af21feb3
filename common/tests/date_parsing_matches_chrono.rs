//! `wire::parse_rfc3339_utc` and `wire::parse_iso_date` (behind `Rfc3339Utc`
//! and `IsoDate`) take a fast path for the common shapes: checked here to
//! accept exactly what chrono's own `Deserialize` accepts, to the same
//! value, on generated text around those shapes (digits out of range, other
//! separators, fraction lengths, offsets, leap seconds, stray characters).

use autoclient_common::wire::{IsoDate, Rfc3339Utc, parse_iso_date, parse_rfc3339_utc};
use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;

fn two() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..100).prop_map(|n| format!("{n:02}")),
        Just("6".to_owned()),
        Just("x1".to_owned()),
    ]
}

fn year() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..10_000).prop_map(|n| format!("{n:04}")),
        Just("+2023".to_owned()),
        Just("123".to_owned()),
        Just("20a3".to_owned()),
    ]
}

fn date_text() -> impl Strategy<Value = String> {
    (year(), prop_oneof![Just("-"), Just("/")], two(), two())
        .prop_map(|(y, sep, m, d)| format!("{y}{sep}{m}-{d}"))
}

fn offset() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Z".to_owned()),
        Just("z".to_owned()),
        Just(String::new()),
        (prop_oneof![Just('+'), Just('-')], two(), two())
            .prop_map(|(s, h, m)| format!("{s}{h}:{m}")),
        (prop_oneof![Just('+'), Just('-')], two(), two())
            .prop_map(|(s, h, m)| format!("{s}{h}{m}")),
    ]
}

fn datetime_text() -> impl Strategy<Value = String> {
    (
        date_text(),
        prop_oneof![Just("T"), Just("t"), Just(" "), Just("_")],
        two(),
        two(),
        prop_oneof![two(), Just("60".to_owned())],
        prop_oneof![
            Just(String::new()),
            Just(".".to_owned()),
            "[0-9]{1,12}".prop_map(|f| format!(".{f}")),
        ],
        offset(),
        prop_oneof![Just(""), Just(" "), Just("x")],
    )
        .prop_map(|(d, t, h, mi, s, f, o, tail)| format!("{d}{t}{h}:{mi}:{s}{f}{o}{tail}"))
}

/// What chrono's own `Deserialize` makes of the JSON string `s`.
fn chrono_datetime(s: &str) -> Option<DateTime<Utc>> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_000))]

    #[test]
    fn datetimes_decode_as_chrono_decodes_them(s in datetime_text()) {
        let ours = parse_rfc3339_utc(&s).ok();
        prop_assert_eq!(ours, chrono_datetime(&s), "{}", s);
        let via: Option<Rfc3339Utc> =
            serde_json::from_value(serde_json::Value::String(s.clone())).ok();
        prop_assert_eq!(via.map(|t| t.0), ours);
    }

    #[test]
    fn dates_decode_as_chrono_decodes_them(s in date_text()) {
        let ours = parse_iso_date(&s).ok();
        let theirs: Option<NaiveDate> =
            serde_json::from_value(serde_json::Value::String(s.clone())).ok();
        prop_assert_eq!(ours, theirs, "{}", s);
        let via: Option<IsoDate> =
            serde_json::from_value(serde_json::Value::String(s.clone())).ok();
        prop_assert_eq!(via.map(|d| d.0), ours);
    }
}

#[test]
fn the_documented_shapes_take_the_fast_path_to_the_right_instant() {
    for (text, want) in [
        ("2023-04-19T11:07:18.883Z", "2023-04-19T11:07:18.883+00:00"),
        ("2025-05-04T09:42:00Z", "2025-05-04T09:42:00+00:00"),
        ("2024-02-29T23:30:00-01:30", "2024-03-01T01:00:00+00:00"),
        (
            "2024-01-01T00:30:00.123456789+01:00",
            "2023-12-31T23:30:00.123456789+00:00",
        ),
    ] {
        let t = parse_rfc3339_utc(text).unwrap();
        assert_eq!(t.to_rfc3339(), want, "{text}");
        assert_eq!(Some(t), chrono_datetime(text), "{text}");
    }
}

#[test]
fn errors_are_chronos() {
    for bad in [
        "2023-02-30T00:00:00Z",
        "2023-04-19T24:00:00Z",
        "yesterday",
        "",
    ] {
        let ours = serde_json::from_value::<Rfc3339Utc>(serde_json::Value::String(bad.into()))
            .unwrap_err()
            .to_string();
        let theirs = serde_json::from_value::<DateTime<Utc>>(serde_json::Value::String(bad.into()))
            .unwrap_err()
            .to_string();
        assert_eq!(ours, theirs, "{bad}");
    }
    let ours = serde_json::from_str::<Rfc3339Utc>("17")
        .unwrap_err()
        .to_string();
    assert!(
        ours.contains("an RFC 3339 formatted date and time string"),
        "{ours}"
    );
}
