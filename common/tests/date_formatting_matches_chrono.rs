//! `wire::rfc3339_utc` and `wire::iso_date` (and `Rfc3339Utc`, `IsoDate`)
//! write a date-time or a date in one piece: checked here to write exactly
//! what chrono's own `Serialize` writes, on generated instants (every
//! fraction length, whole seconds, leap seconds, years before 0 and after
//! 9999) and dates.

use autoclient_common::wire::{IsoDate, Rfc3339Utc, iso_date, rfc3339_utc};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike, Utc};
use proptest::prelude::*;
use serde::Serialize;

#[derive(Serialize)]
struct Fields {
    #[serde(serialize_with = "rfc3339_utc::serialize")]
    at: DateTime<Utc>,
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    maybe_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "iso_date::serialize")]
    on: NaiveDate,
    #[serde(serialize_with = "autoclient_common::wire::iso_date_opt::serialize")]
    maybe_on: Option<NaiveDate>,
}

#[derive(Serialize)]
struct Chrono {
    at: DateTime<Utc>,
    maybe_at: Option<DateTime<Utc>>,
    on: NaiveDate,
    maybe_on: Option<NaiveDate>,
}

fn nanos() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(0u32),
        (1u32..1_000).prop_map(|ms| ms * 1_000_000),
        (1u32..1_000_000).prop_map(|us| us * 1_000),
        1u32..1_000_000_000,
        // A leap second: chrono writes second 60.
        1_000_000_000u32..2_000_000_000,
    ]
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // Seconds from -262000 to +262000 years around the epoch: chrono's range,
    // every year length and both ends of 0..=9999.
    let secs = prop_oneof![
        -62_167_219_200i64..253_402_300_800, // years 0 to 9999
        -8_000_000_000_000i64..8_000_000_000_000,
    ];
    (secs, nanos()).prop_filter_map("out of chrono's range", |(s, n)| {
        let t = DateTime::from_timestamp(s, n % 1_000_000_000)?;
        if n < 1_000_000_000 {
            return Some(t);
        }
        // A leap second is only representable at a minute's 59th second.
        let naive: NaiveDateTime = t.naive_utc();
        let at_59 = naive.with_second(59)?;
        Some(at_59.with_nanosecond(n)?.and_utc())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_000))]

    #[test]
    fn date_times_and_dates_are_written_as_chrono_writes_them(at in instant(), other in instant()) {
        let on = at.date_naive();
        let ours = serde_json::to_string(&Fields { at, maybe_at: Some(other), on, maybe_on: Some(other.date_naive()) }).unwrap();
        let chrono = serde_json::to_string(&Chrono { at, maybe_at: Some(other), on, maybe_on: Some(other.date_naive()) }).unwrap();
        prop_assert_eq!(&ours, &chrono);
        prop_assert_eq!(serde_json::to_string(&Rfc3339Utc(at)).unwrap(), serde_json::to_string(&at).unwrap());
        prop_assert_eq!(serde_json::to_string(&IsoDate(on)).unwrap(), serde_json::to_string(&on).unwrap());
    }
}

#[test]
fn none_is_null_and_the_common_shapes_are_as_documented() {
    let at = DateTime::parse_from_rfc3339("2023-04-19T12:07:18.883+01:00")
        .unwrap()
        .to_utc();
    let on = NaiveDate::from_ymd_opt(2018, 6, 1).unwrap();
    let json = serde_json::to_value(Fields {
        at,
        maybe_at: None,
        on,
        maybe_on: None,
    })
    .unwrap();
    assert_eq!(
        json,
        serde_json::json!({"at": "2023-04-19T11:07:18.883Z", "maybe_at": null, "on": "2018-06-01", "maybe_on": null})
    );
    // Round trips through the fast parsers too.
    let back: Rfc3339Utc = serde_json::from_value(json["at"].clone()).unwrap();
    assert_eq!(back.0, at);
}
