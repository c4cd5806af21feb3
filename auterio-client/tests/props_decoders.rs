//! Bad input never panics.
//!
//! * Every response decoder (and every type read from a file) is fed
//!   arbitrary bytes, arbitrary JSON and mutations of the documented
//!   examples, through `decode_json` as the client decodes: never a panic; a
//!   `Decode` error with a JSON path whenever the body was JSON; unknown
//!   members and unknown enum values never make an open type fail.
//! * Every check of user input (VIN, vehicle, batch size) is fed arbitrary
//!   input: never a panic, and every broken rule is named.

use std::sync::LazyLock;

use auterio_client::*;
use autoclient_common::decode_json;
use proptest::prelude::*;
use proptest::sample::Index;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

type ApiErr = ApiError;

// ---------------------------------------------------------------------------
// Harness (the same in each crate's `props_decoders.rs`): strategies for
// arbitrary JSON, byte soup, mutations of a valid documented example, and
// the decode property itself.
// ---------------------------------------------------------------------------

/// Modest case counts, so the whole workspace test run stays fast, and a
/// fixed seed, so a run is deterministic (`PROPTEST_RNG_SEED=<n>` explores
/// other cases).
fn cfg(cases: u32) -> ProptestConfig {
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_d0c5);
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        ..ProptestConfig::default()
    }
}

/// Strings that have broken parsers before: numbers out of range, dates at
/// the edges of chrono's range, control and multi-byte characters.
const TRICKY: &[&str] = &[
    "",
    " ",
    "0",
    "-0",
    "-1",
    "1.5",
    "1e400",
    "-1e400",
    "1E-400",
    "9e99999999999999999999",
    "1e-99999999999999999999",
    "79228162514264337593543950336",
    "-79228162514264337593543950336",
    "0.00000000000000000000000000001",
    "340282366920938463463374607431768211456",
    "NaN",
    "inf",
    "2024-03-14T15:30:00Z",
    "2024-02-30T00:00:00Z",
    "+262143-12-31T23:59:59Z",
    "-262144-01-01T00:00:00Z",
    "9999-12-31T23:59:60Z",
    "2024-01-15",
    "0000-00-00",
    "2020-06-04T11:55:04+25:00",
    "\u{0}",
    "a\nb",
    "\u{FEFF}",
    "é",
    "ǅ",
    "ß",
    "ﬀ",
    "İ",
    "ΐ",
    "null",
    "true",
    "ZZ_UNKNOWN",
];

/// JSON tokens, glued at random: mostly invalid JSON that looks like JSON.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\"id\"",
    "\"data\"",
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1",
    "-1",
    "1e400",
    "-1e400",
    "1e-400",
    "0.1",
    "18446744073709551616",
    "-9223372036854775809",
    "123456789012345678901234567890",
    "\"x\"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\uDFFF\\uD800\"",
    "\"é\"",
    " ",
    "\n",
    "\u{FEFF}",
    "\u{0}",
];

fn arb_leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-3i64..3).prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        "\\PC{0,12}".prop_map(Value::String),
        prop::sample::select(TRICKY).prop_map(|s| Value::String(s.to_owned())),
    ]
    .boxed()
}

fn arb_key(keys: Vec<String>) -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(keys),
        1 => "[a-zA-Z_]{0,8}",
        1 => "\\PC{0,6}",
    ]
    .boxed()
}

/// Arbitrary JSON of bounded depth and size, its object keys mostly the
/// field names of the crate's types so values land in real fields.
fn arb_json(keys: Vec<String>) -> BoxedStrategy<Value> {
    let key = arb_key(keys);
    arb_leaf()
        .prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..7)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

/// Arbitrary bytes: raw, text, and JSON-looking token soup.
fn arb_bytes() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..160),
        "\\PC{0,80}".prop_map(String::into_bytes),
        prop::collection::vec(prop::sample::select(TOKENS), 0..32)
            .prop_map(|t| t.concat().into_bytes()),
    ]
    .boxed()
}

/// One change to a valid example.
#[derive(Debug, Clone)]
enum Mutation {
    /// Remove a member of an object.
    Drop(Index, Index),
    /// Replace a node with a value of another JSON type.
    Retype(Index, Value),
    /// Set a member (known name or not) of an object to any value.
    Set(Index, String, Value),
}

fn arb_mutation(keys: Vec<String>) -> BoxedStrategy<Mutation> {
    let json = arb_json(keys.clone());
    prop_oneof![
        (any::<Index>(), any::<Index>()).prop_map(|(o, k)| Mutation::Drop(o, k)),
        (any::<Index>(), json.clone()).prop_map(|(n, v)| Mutation::Retype(n, v)),
        (any::<Index>(), arb_key(keys), json).prop_map(|(o, k, v)| Mutation::Set(o, k, v)),
    ]
    .boxed()
}

/// A byte-level edit of an encoded example.
#[derive(Debug, Clone)]
enum Edit {
    Replace(Index, u8),
    Insert(Index, u8),
    Delete(Index),
    Truncate(Index),
}

fn arb_edit() -> BoxedStrategy<Edit> {
    prop_oneof![
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (
            any::<Index>(),
            prop::sample::select(b"{}[]\",:0-e. \\".to_vec())
        )
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<Index>().prop_map(Edit::Delete),
        any::<Index>().prop_map(Edit::Truncate),
    ]
    .boxed()
}

fn apply_edit(bytes: &mut Vec<u8>, e: &Edit) {
    if bytes.is_empty() {
        return;
    }
    match e {
        Edit::Replace(i, b) => {
            let i = i.index(bytes.len());
            bytes[i] = *b;
        }
        Edit::Insert(i, b) => bytes.insert(i.index(bytes.len() + 1), *b),
        Edit::Delete(i) => {
            bytes.remove(i.index(bytes.len()));
        }
        Edit::Truncate(i) => bytes.truncate(i.index(bytes.len())),
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// JSON pointers of every node (objects only with `objects_only`).
fn pointers(v: &Value, objects_only: bool) -> Vec<String> {
    fn walk(v: &Value, at: String, objects_only: bool, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                out.push(at.clone());
                for (k, c) in m {
                    walk(c, format!("{at}/{}", escape(k)), objects_only, out);
                }
            }
            Value::Array(a) => {
                if !objects_only {
                    out.push(at.clone());
                }
                for (i, c) in a.iter().enumerate() {
                    walk(c, format!("{at}/{i}"), objects_only, out);
                }
            }
            _ => {
                if !objects_only {
                    out.push(at);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), objects_only, &mut out);
    out
}

fn same_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn apply_mutation(v: &mut Value, m: &Mutation) {
    match m {
        Mutation::Drop(o, k) => {
            let objs = pointers(v, true);
            if objs.is_empty() {
                return;
            }
            let at = objs[o.index(objs.len())].clone();
            if let Some(Value::Object(map)) = v.pointer_mut(&at)
                && !map.is_empty()
            {
                let key = map.keys().nth(k.index(map.len())).cloned();
                if let Some(key) = key {
                    map.remove(&key);
                }
            }
        }
        Mutation::Retype(n, new) => {
            let nodes = pointers(v, false);
            let at = nodes[n.index(nodes.len())].clone();
            if let Some(node) = v.pointer_mut(&at) {
                let mut new = new.clone();
                if same_kind(node, &new) {
                    new = if node.is_array() {
                        Value::Bool(true)
                    } else {
                        Value::Array(vec![new])
                    };
                }
                *node = new;
            }
        }
        Mutation::Set(o, k, new) => {
            let objs = pointers(v, true);
            if objs.is_empty() {
                return;
            }
            let at = objs[o.index(objs.len())].clone();
            if let Some(Value::Object(map)) = v.pointer_mut(&at) {
                map.insert(k.clone(), new.clone());
            }
        }
    }
}

/// Every object key of the examples: the field names the strategies favour.
fn keys_of(cases: &[Case]) -> Vec<String> {
    fn walk(v: &Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    out.insert(k.clone());
                    walk(c, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|c| walk(c, out)),
            _ => {}
        }
    }
    let mut set = std::collections::BTreeSet::new();
    cases.iter().for_each(|c| walk(&c.example, &mut set));
    set.insert("id".to_owned());
    set.into_iter().collect()
}

/// What one decoder produced: the value re-encoded, or a well-formed error.
type Decoded = Result<Option<Value>, TestCaseError>;

/// The decode property, through the client's own path: never a panic; on
/// failure `ErrorKind::Decode`, a JSON path whenever the body was JSON, and a
/// one-line message; on success, the value encodes again.
fn check_decode<T: DeserializeOwned + Serialize>(body: &[u8]) -> Decoded {
    check_decode_with::<T>(body, |t| serde_json::to_value(t).map_err(|e| e.to_string()))
}

/// [`check_decode`] for a type encoded by `encode`.
fn check_decode_with<T: DeserializeOwned>(
    body: &[u8],
    encode: impl Fn(&T) -> Result<Value, String>,
) -> Decoded {
    let is_json = serde_json::from_slice::<Value>(body).is_ok();
    match decode_json::<T, ApiErr>(body) {
        Ok(t) => match encode(&t) {
            Ok(v) => Ok(Some(v)),
            Err(e) => Err(TestCaseError::fail(format!(
                "decoded but does not encode: {e}"
            ))),
        },
        Err(e) => {
            prop_assert_eq!(e.kind(), ErrorKind::Decode, "{}", e);
            if is_json {
                prop_assert!(
                    e.decode_path().is_some(),
                    "valid JSON of the wrong shape without a path: {}",
                    e
                );
            }
            let shown = e.to_string();
            prop_assert!(!shown.contains('\n'), "multi-line error: {:?}", shown);
            let _ = format!("{e:?}");
            Ok(None)
        }
    }
}

/// A documented example and the decoder it belongs to.
struct Case {
    name: &'static str,
    example: Value,
    decode: fn(&[u8]) -> Decoded,
    /// Pointers to the open enum values of the example.
    enums: &'static [&'static str],
    /// Whether the object at this pointer keeps members it does not know
    /// (false where the type is documented to ignore them).
    keeps_unknown: fn(&str) -> bool,
}

fn keeps_all(_: &str) -> bool {
    true
}

fn decode_all(cases: &[Case], body: &[u8]) -> Result<(), TestCaseError> {
    for c in cases {
        (c.decode)(body).map_err(|e| TestCaseError::fail(format!("{}: {e}", c.name)))?;
    }
    Ok(())
}

fn mutated_example(cases: &[Case], which: Index, muts: &[Mutation]) -> Result<(), TestCaseError> {
    let c = &cases[which.index(cases.len())];
    let mut v = c.example.clone();
    for m in muts {
        apply_mutation(&mut v, m);
    }
    let body = serde_json::to_vec(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
    (c.decode)(&body).map_err(|e| TestCaseError::fail(format!("{}: {e}", c.name)))?;
    Ok(())
}

fn edited_example(cases: &[Case], which: Index, edits: &[Edit]) -> Result<(), TestCaseError> {
    let c = &cases[which.index(cases.len())];
    let mut body =
        serde_json::to_vec_pretty(&c.example).map_err(|e| TestCaseError::fail(e.to_string()))?;
    for e in edits {
        apply_edit(&mut body, e);
    }
    (c.decode)(&body).map_err(|e| TestCaseError::fail(format!("{}: {e}", c.name)))?;
    Ok(())
}

/// Unknown members anywhere and unknown values of every open enum: the
/// example still decodes, and (where the type keeps them) encodes them back.
fn open_example(
    cases: &[Case],
    which: Index,
    extra: &[(Index, String, Value)],
    unknown: &str,
) -> Result<(), TestCaseError> {
    let c = &cases[which.index(cases.len())];
    let mut v = c.example.clone();
    let mut expect = Vec::new();
    for p in c.enums {
        let node = v
            .pointer_mut(p)
            .ok_or_else(|| TestCaseError::fail(format!("{}: no {p}", c.name)))?;
        let new = if node.is_number() {
            Value::from(900_000 + unknown.len() as i64)
        } else {
            Value::String(format!("ZZ_{unknown}"))
        };
        *node = new.clone();
        expect.push(((*p).to_owned(), new));
    }
    let mut dropped: Vec<String> = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    for (i, (o, k, val)) in extra.iter().enumerate() {
        let objs = pointers(&v, true);
        if objs.is_empty() {
            break;
        }
        let at = objs[o.index(objs.len())].clone();
        let key = format!("zz_unknown_{i}_{k}");
        if let Some(Value::Object(map)) = v.pointer_mut(&at) {
            map.insert(key.clone(), val.clone());
        }
        let member = format!("{at}/{}", escape(&key));
        let inside_dropped = dropped
            .iter()
            .any(|d| at == *d || at.starts_with(&format!("{d}/")));
        if (c.keeps_unknown)(&at) && !inside_dropped {
            kept.push(member);
        } else {
            dropped.push(member);
        }
    }
    // Later members may have gone inside earlier ones: expect what is there.
    for member in kept {
        if let Some(want) = v.pointer(&member) {
            // What serde_json reads back (its float parsing is not exact).
            expect.push((member.clone(), reparse(want)));
        }
    }
    let body = serde_json::to_vec(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let again = (c.decode)(&body)
        .map_err(|e| TestCaseError::fail(format!("{}: {e}", c.name)))?
        .ok_or_else(|| {
            TestCaseError::fail(format!(
                "{}: unknown members or values made it fail: {}",
                c.name,
                String::from_utf8_lossy(&body)
            ))
        })?;
    for (p, want) in expect {
        let got = again.pointer(&p);
        prop_assert_eq!(got, Some(&want), "{}: {} not kept", c.name, p);
    }
    Ok(())
}

fn reparse(v: &Value) -> Value {
    serde_json::to_vec(v)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null)
}

/// Each example decodes as it is, and each enum pointer names a value.
fn examples_are_valid(cases: &[Case]) {
    for c in cases {
        let body = serde_json::to_vec(&c.example).unwrap();
        let out = (c.decode)(&body).unwrap();
        assert!(out.is_some(), "{} does not decode", c.name);
        for p in c.enums {
            assert!(c.example.pointer(p).is_some(), "{}: no {p}", c.name);
        }
    }
}

fn arb_extra(keys: Vec<String>) -> BoxedStrategy<Vec<(Index, String, Value)>> {
    prop::collection::vec((any::<Index>(), "[a-z0-9_]{1,6}", arb_json(keys)), 0..4).boxed()
}

macro_rules! decoder_properties {
    ($cases:expr) => {
        #[test]
        fn every_example_decodes_and_names_its_enums() {
            examples_are_valid(&$cases);
        }

        proptest! {
            #![proptest_config(cfg(256))]

            #[test]
            fn arbitrary_bytes_never_panic(body in arb_bytes()) {
                decode_all(&$cases, &body)?;
            }

            #[test]
            fn arbitrary_json_fails_with_a_path(v in arb_json(keys_of(&$cases))) {
                decode_all(&$cases, &serde_json::to_vec(&v).unwrap())?;
            }

            #[test]
            fn mutated_examples_fail_with_a_path(
                which in any::<Index>(),
                muts in prop::collection::vec(arb_mutation(keys_of(&$cases)), 1..4),
            ) {
                mutated_example(&$cases, which, &muts)?;
            }

            #[test]
            fn byte_edited_examples_never_panic(which in any::<Index>(), edits in prop::collection::vec(arb_edit(), 1..6)) {
                edited_example(&$cases, which, &edits)?;
            }

            #[test]
            fn unknown_members_and_values_are_kept(
                which in any::<Index>(),
                extra in arb_extra(keys_of(&$cases)),
                unknown in "[A-Z_]{1,10}",
            ) {
                open_example(&$cases, which, &extra, &unknown)?;
            }
        }
    };
}

// ---------------------------------------------------------------------------
// The decoders of this crate.
// ---------------------------------------------------------------------------

fn doc_vehicle() -> Value {
    json!({
        "vin": "WVWZZZE1ZNP123456",
        "brand": "Volkswagen",
        "model": "Golf",
        "version": "GTI 2.0 TSI",
        "year": 2024,
        "color_ext": "Negro",
        "fuel_type": "gasolina",
        "gearbox": "automático",
        "mileage": 15000,
        "power_hp": 245,
        "cost_price": 28000,
        "sale_price": 34500,
        "status": "disponible",
        "fecha_matricula": "2024-01-15"
    })
}

/// `Vehicle` ignores members it does not know (it is read from files).
fn keeps_below_root(p: &str) -> bool {
    !p.is_empty()
}

fn keeps_none(_: &str) -> bool {
    false
}

static CASES: LazyLock<Vec<Case>> = LazyLock::new(|| {
    vec![
        Case {
            name: "IngestResponse",
            example: json!({"success": true, "imported": 2, "skipped": 0, "source": "DMS Cliente XYZ"}),
            decode: check_decode::<IngestResponse>,
            enums: &[],
            keeps_unknown: keeps_all,
        },
        Case {
            name: "IngestResponse with errors",
            example: json!({
                "success": true, "imported": 1, "skipped": 2, "source": "DMS Cliente XYZ",
                "errors": [{"vin": "WBA11AA00PCJ12345", "error": "invalid year"}, "bare message"]
            }),
            decode: check_decode::<IngestResponse>,
            enums: &[],
            keeps_unknown: keeps_all,
        },
        Case {
            name: "ApiError (error)",
            example: json!({"success": false, "error": "Missing or invalid Authorization header"}),
            decode: check_decode::<ApiError>,
            enums: &[],
            keeps_unknown: keeps_all,
        },
        Case {
            name: "ApiError (message)",
            example: json!({"message": "API key is invalid or inactive"}),
            decode: check_decode::<ApiError>,
            enums: &[],
            keeps_unknown: keeps_all,
        },
        Case {
            name: "Vehicle (from a file)",
            example: doc_vehicle(),
            decode: check_decode::<Vehicle>,
            enums: &["/status", "/fuel_type", "/gearbox"],
            keeps_unknown: keeps_below_root,
        },
        Case {
            name: "IngestRequest (from a file)",
            example: json!({"vehicles": [doc_vehicle(), {"vin": "WBA11AA00PCJ12345", "brand": "BMW", "model": "320d"}]}),
            decode: check_decode::<IngestRequest<'static>>,
            enums: &["/vehicles/0/status"],
            keeps_unknown: keeps_none,
        },
    ]
});

decoder_properties!(CASES);

// ---------------------------------------------------------------------------
// User-input checks.
// ---------------------------------------------------------------------------

fn vin_char_ok(c: char) -> bool {
    c.is_ascii_digit() || (c.is_ascii_uppercase() && !matches!(c, 'I' | 'O' | 'Q'))
}

/// Valid VINs, VINs one character or one length off, and anything at all.
fn arb_vin() -> BoxedStrategy<String> {
    prop_oneof![
        "[0-9A-HJ-NPR-Z]{17}",
        "[0-9A-HJ-NPR-Z]{0,16}",
        "[0-9A-HJ-NPR-Z]{18,24}",
        ("[0-9A-HJ-NPR-Z]{17}", any::<Index>(), "[^0-9A-HJ-NPR-Z]").prop_map(|(v, i, c)| {
            let mut chars: Vec<char> = v.chars().collect();
            let i = i.index(chars.len());
            chars.splice(i..=i, c.chars());
            chars.into_iter().collect()
        }),
        "\\PC{0,20}",
        "[a-zIOQ0-9]{17}",
    ]
    .boxed()
}

fn blank() -> BoxedStrategy<String> {
    prop_oneof![Just(String::new()), "[ \t\n\u{a0}\u{3000}]{1,3}"].boxed()
}

fn vehicle(vin: &str, brand: &str, model: &str) -> Vehicle {
    Vehicle::new(vin, brand, model)
}

/// A loopback port nothing listens on: a call that gets past its checks
/// fails fast to connect, without retries.
fn closed_port_client() -> Client {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    Client::builder("key")
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(cfg(256))]

    #[test]
    fn check_vin_agrees_with_the_documented_format(vin in arb_vin()) {
        let n = vin.chars().count();
        let valid = n == 17 && vin.chars().all(vin_char_ok);
        match check_vin(&vin) {
            Ok(()) => prop_assert!(valid),
            Err(VinProblem::Length(got)) => {
                prop_assert_eq!(got, n);
                prop_assert_ne!(n, 17);
            }
            Err(VinProblem::Character(i, c)) => {
                prop_assert_eq!(n, 17);
                prop_assert_eq!(vin.chars().nth(i), Some(c));
                prop_assert!(!vin_char_ok(c));
                prop_assert!(vin.chars().take(i).all(vin_char_ok));
            }
        }
        if let Err(p) = check_vin(&vin) {
            prop_assert!(!p.to_string().contains('\n'), "{}", p);
        }
        // The opt-in check digit never passes a malformed VIN.
        prop_assert!(!vin_check_digit_ok(&vin) || valid);
    }

    #[test]
    fn check_vehicle_names_exactly_the_broken_fields(
        bad_vin in any::<bool>(),
        bad_brand in any::<bool>(),
        bad_model in any::<bool>(),
        good_vin in "[0-9A-HJ-NPR-Z]{17}",
        broken_vin in arb_vin().prop_filter("malformed", |v| check_vin(v).is_err()),
        good_text in "[ ]{0,2}[A-Za-z0-9é][A-Za-z0-9 é-]{0,10}",
        blank_text in blank(),
        prefix in prop_oneof![Just(String::new()), "vehicles\\[[0-9]{1,3}\\]\\."],
    ) {
        let v = vehicle(
            if bad_vin { &broken_vin } else { &good_vin },
            if bad_brand { &blank_text } else { &good_text },
            if bad_model { &blank_text } else { &good_text },
        );
        let got: Vec<String> = check_vehicle(&v, &prefix).into_iter().map(|v| v.field).collect();
        let mut want = Vec::new();
        for (bad, field) in [(bad_vin, "vin"), (bad_brand, "brand"), (bad_model, "model")] {
            if bad {
                want.push(format!("{prefix}{field}"));
            }
        }
        prop_assert_eq!(&got, &want);
        let unprefixed: Vec<String> = v.check().into_iter().map(|v| v.field).collect();
        prop_assert_eq!(unprefixed.len(), want.len());
    }
}

proptest! {
    #![proptest_config(cfg(12))]

    #[test]
    fn a_batch_of_none_or_more_than_1000_is_refused_before_sending(
        n in prop_oneof![Just(0usize), 1001usize..1100],
    ) {
        let vehicles = vec![vehicle("WVWZZZE1ZNP123456", "Volkswagen", "Golf"); n];
        let err = runtime().block_on(closed_port_client().ingest(&vehicles)).unwrap_err();
        prop_assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{}", err);
        prop_assert!(err.status().is_none());
    }

    #[test]
    fn a_batch_of_1_to_1000_gets_past_the_checks(n in 1usize..=1000) {
        let vehicles = vec![vehicle("WVWZZZE1ZNP123456", "Volkswagen", "Golf"); n];
        let err = runtime().block_on(closed_port_client().ingest(&vehicles)).unwrap_err();
        prop_assert_ne!(err.kind(), ErrorKind::InvalidRequest, "{}", err);
    }
}

// ---------------------------------------------------------------------------
// Counts the server reports, whatever they are.
// ---------------------------------------------------------------------------

async fn ingest_all_against(body: Value, n: usize) -> IngestReport {
    let server = autoclient_common::mock::CannedServer::start(200, body.to_string())
        .await
        .unwrap();
    let client = Client::builder("key")
        .base_url(server.url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let vins = [
        "WVWZZZE1ZNP123456",
        "WBA11AA00PCJ12345",
        "VF1RFB00X12345678",
    ];
    let vehicles: Vec<Vehicle> = (0..n)
        .map(|i| vehicle(vins[i % vins.len()], "Volkswagen", "Golf"))
        .collect();
    client.ingest_all(vehicles).chunk_size(1).await
}

/// Regression: counts near `u64::MAX` overflowed the discrepancy check and
/// the report's totals (a panic in debug builds, a wrong total in release).
#[test]
fn counts_near_u64_max_do_not_overflow() {
    let report = runtime().block_on(ingest_all_against(
        json!({"success": true, "imported": u64::MAX, "skipped": 1}),
        2,
    ));
    assert_eq!(report.chunks.len(), 2);
    assert_eq!(report.discrepancies.len(), 2);
    assert_eq!(report.imported(), u64::MAX);
    assert_eq!(report.skipped(), 2);
    assert!(report.accounts_for_all());
    assert!(report.to_string().contains("18446744073709551615"));
}

proptest! {
    #![proptest_config(cfg(16))]

    #[test]
    fn any_counts_the_server_reports_are_accounted_for(
        imported in prop_oneof![0u64..3, Just(u64::MAX), any::<u64>()],
        skipped in prop_oneof![0u64..3, Just(u64::MAX), any::<u64>()],
        success in any::<bool>(),
    ) {
        let report = runtime().block_on(ingest_all_against(
            json!({"success": success, "imported": imported, "skipped": skipped}),
            2,
        ));
        let adds_up = success && u128::from(imported) + u128::from(skipped) == 1;
        prop_assert_eq!(report.discrepancies.len(), if adds_up { 0 } else { 2 });
        prop_assert_eq!(
            u128::from(report.imported()),
            (2 * u128::from(imported)).min(u128::from(u64::MAX))
        );
        prop_assert!(report.accounts_for_all());
        let _ = report.to_string();
    }
}
