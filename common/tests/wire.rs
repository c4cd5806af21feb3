//! Open enums, the PATCH tri-state, exact decimals, loose strings and
//! contract equality.

use autoclient_common::contract::{assert_contract_eq, contract_diff};
use autoclient_common::wire::LooseString;
use autoclient_common::{Patch, open_enum, open_int_enum, open_string};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;

open_enum! {
    /// Test enum.
    pub enum Colour {
        /// Red.
        Red = "red",
        /// Dark blue.
        DarkBlue = "dark_blue",
    }
}

open_int_enum! {
    /// Test int enum.
    pub enum Level {
        /// One.
        One = 1,
        /// Two.
        Two = 2,
    }
}

open_string! {
    /// Test open string.
    pub struct Fuel {
        /// Diesel.
        DIESEL = "diesel",
    }
}

#[test]
fn open_enums_keep_unknown_values_and_write_them_back() {
    let v: Vec<Colour> = serde_json::from_str(r#"["red","dark_blue","teal"]"#).unwrap();
    assert_eq!(
        v,
        vec![
            Colour::Red,
            Colour::DarkBlue,
            Colour::Unknown("teal".into())
        ]
    );
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"["red","dark_blue","teal"]"#
    );
    assert!(v[2].is_unknown());
    assert_eq!(Colour::KNOWN.len(), 2);
    assert_eq!("dark_blue".parse::<Colour>().unwrap(), Colour::DarkBlue);

    let l: Vec<Level> = serde_json::from_str("[1,2,9]").unwrap();
    assert_eq!(l, vec![Level::One, Level::Two, Level::Unknown(9)]);
    assert_eq!(serde_json::to_string(&l).unwrap(), "[1,2,9]");

    let f: Fuel = serde_json::from_str("\"gasolina\"").unwrap();
    assert_eq!(f.as_str(), "gasolina");
    assert!(!f.is_named());
    assert_eq!(serde_json::to_string(&Fuel::DIESEL).unwrap(), "\"diesel\"");
}

#[derive(Serialize, Deserialize, Default, Debug, PartialEq)]
struct Update {
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    name: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    note: Patch<String>,
    #[serde(
        default,
        skip_serializing_if = "Patch::is_absent",
        with = "autoclient_common::wire::decimal_patch"
    )]
    price: Patch<Decimal>,
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    nested: Patch<Nested>,
}

#[derive(Serialize, Deserialize, Default, Debug, PartialEq)]
struct Nested {
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    a: Patch<u32>,
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    b: Patch<u32>,
}

#[test]
fn patch_absent_is_omitted_null_is_sent_value_is_sent() {
    let u = Update::default();
    assert_eq!(serde_json::to_value(&u).unwrap(), json!({}));
    let u = Update {
        name: Patch::Value("x".into()),
        note: Patch::Null,
        price: Patch::Value(Decimal::new(1999, 2)),
        nested: Patch::Value(Nested {
            a: Patch::Null,
            b: Patch::Absent,
        }),
    };
    assert_eq!(
        serde_json::to_string(&u).unwrap(),
        r#"{"name":"x","note":null,"price":19.99,"nested":{"a":null}}"#
    );
    let back: Update =
        serde_json::from_str(r#"{"name":"x","note":null,"price":19.99,"nested":{"a":null}}"#)
            .unwrap();
    assert_eq!(back, u);
    let blank = Update {
        name: Patch::Value(String::new()),
        ..Default::default()
    };
    assert_eq!(serde_json::to_string(&blank).unwrap(), r#"{"name":""}"#);
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Money {
    #[serde(with = "autoclient_common::wire::decimal")]
    value: Decimal,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "autoclient_common::wire::decimal_opt"
    )]
    other: Option<Decimal>,
}

#[test]
fn decimals_are_exact_json_numbers() {
    for (input, expected) in [
        (r#"{"value":28000}"#, r#"{"value":28000}"#),
        (r#"{"value":34500.99}"#, r#"{"value":34500.99}"#),
        (r#"{"value":0.1}"#, r#"{"value":0.1}"#),
        (r#"{"value":"1234.50"}"#, r#"{"value":1234.5}"#),
        (r#"{"value":-5,"other":null}"#, r#"{"value":-5}"#),
        (r#"{"value":1,"other":"2.5"}"#, r#"{"value":1,"other":2.5}"#),
        (r#"{"value":1e3}"#, r#"{"value":1000}"#),
    ] {
        let m: Money = serde_json::from_str(input).unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), expected, "{input}");
        // Through serde_json::Value too.
        let v = serde_json::to_value(&m).unwrap();
        assert_contract_eq(&serde_json::from_str(expected).unwrap(), &v);
    }
    let big: Money = serde_json::from_str(r#"{"value":202304198054016}"#).unwrap();
    assert_eq!(big.value.to_string(), "202304198054016");
    assert!(serde_json::from_str::<Money>(r#"{"value":"cheap"}"#).is_err());
    assert!(serde_json::from_str::<Money>(r#"{"value":true}"#).is_err());
}

#[test]
fn loose_strings_keep_numbers_as_exact_text() {
    #[derive(Deserialize, Serialize)]
    struct S {
        r: LooseString,
    }
    let s: S = serde_json::from_str(r#"{"r":202304198054016}"#).unwrap();
    assert_eq!(s.r.as_str(), "202304198054016");
    assert_eq!(
        serde_json::to_string(&s).unwrap(),
        r#"{"r":"202304198054016"}"#
    );
    let s: S = serde_json::from_str(r#"{"r":"AB12 CDE"}"#).unwrap();
    assert_eq!(s.r.as_str(), "AB12 CDE");
}

#[test]
fn contract_equality() {
    assert_eq!(contract_diff(&json!(1200), &json!(1200.0)), None);
    assert_eq!(
        contract_diff(&json!({"p": 19.9}), &json!({"p": 19.90})),
        None
    );
    assert_eq!(
        contract_diff(
            &json!("2023-04-19T08:00:00Z"),
            &json!("2023-04-19T09:00:00+01:00")
        ),
        None
    );
    assert_eq!(
        contract_diff(&json!({"a": [1, {"b": 2}]}), &json!({"a": [1, {"b": 3}]})).as_deref(),
        Some("$.a[1].b: expected 2, got 3")
    );
    assert!(
        contract_diff(&json!({"a": 1}), &json!({"a": 1, "b": 2}))
            .unwrap()
            .contains("$.b: unexpected")
    );
    assert!(
        contract_diff(&json!({"a": 1, "b": 2}), &json!({"a": 1}))
            .unwrap()
            .contains("$.b: missing")
    );
    assert!(contract_diff(&json!("2023-04-19"), &json!("2023-04-20")).is_some());
    assert!(contract_diff(&json!("1"), &json!(1)).is_some());
    assert!(contract_diff(&json!([1, 2]), &json!([2, 1])).is_some());
    assert!(contract_diff(&json!(null), &json!(false)).is_some());
}

#[test]
fn decimal_text_forms() {
    for (d, text) in [
        (Decimal::new(5, 3), "0.005"),
        (Decimal::new(-5, 3), "-0.005"),
        (Decimal::new(-1234, 2), "-12.34"),
        (Decimal::new(120000, 2), "1200"),
        (
            Decimal::new(1_234_567_890_123_456_789, 4),
            "123456789012345.6789",
        ),
        (Decimal::from(-7), "-7"),
        (Decimal::MAX, "79228162514264337593543950335"),
        (Decimal::new(1, 28), "0.0000000000000000000000000001"),
    ] {
        let m = Money {
            value: d,
            other: None,
        };
        let json = serde_json::to_string(&m).unwrap();
        if d.mantissa().unsigned_abs() < 1_000_000_000_000_000 {
            let back: Money = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(back.value, d, "{json}");
        }
        assert_eq!(
            json.replace("1e-28", "0.0000000000000000000000000001"),
            format!("{{\"value\":{text}}}")
        );
        let back: Money = serde_json::from_str(&format!("{{\"value\":\"{text}\"}}")).unwrap();
        assert_eq!(back.value, d);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5_000))]

    /// A number sent for a string field keeps the text `Display` gives it.
    #[test]
    fn a_number_for_a_string_keeps_its_display_text(
        f in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
        small in -1_000_000i64..1_000_000,
        i in proptest::num::i64::ANY,
        u in proptest::num::u64::ANY,
    ) {
        use autoclient_common::wire::LooseString;
        for (json, want) in [
            (serde_json::to_string(&f).unwrap(), f.to_string()),
            (format!("{small}.0"), (small as f64).to_string()),
            (format!("{}", small as f64 / 100.0), (small as f64 / 100.0).to_string()),
            (i.to_string(), i.to_string()),
            (u.to_string(), u.to_string()),
        ] {
            let got: LooseString = serde_json::from_str(&json).unwrap();
            // A float as serde_json reads it (its parse of a long exponent
            // form may land one step away from `f`).
            let want = match serde_json::from_str::<serde_json::Value>(&json).unwrap() {
                serde_json::Value::Number(n) if n.is_f64() => n.as_f64().unwrap().to_string(),
                _ => want,
            };
            proptest::prop_assert_eq!(got.as_str(), want.as_str(), "{}", json);
        }
    }
}
