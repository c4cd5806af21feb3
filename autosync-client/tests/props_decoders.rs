//! Bad input never panics.
//!
//! * Every response decoder (the `{success, data, pagination}` envelope of
//!   each resource, single and list, the error envelope, the OAuth token
//!   response and the webhook events) is fed arbitrary bytes, arbitrary JSON
//!   and mutations of the documented examples, through `decode_json` as the
//!   client decodes, and through the client itself against a local server:
//!   never a panic; a `Decode` error with a JSON path whenever the body was
//!   JSON; unknown members and unknown enum values never make it fail.
//! * Webhooks get arbitrary bodies, signatures, headers and timestamps.
//! * Every check of user input (key and environment, VIN, stock update,
//!   OAuth callback) is fed arbitrary input: never a panic, every broken
//!   rule named.

use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, SystemTime};

use autoclient_common::decode_json;
use autoclient_common::reexports::bytes::Bytes;
use autoclient_common::reexports::reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use autoclient_common::reexports::secrecy::ExposeSecret;
use autosync_client::oauth::{OAuthError, OAuthState, TokenResponse};
use autosync_client::webhooks::{self, WebhookError, WebhookEvent, WebhookVerifier};
use autosync_client::*;
use proptest::prelude::*;
use proptest::sample::Index;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
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

/// The client's `{success, data, pagination}` envelope, as it decodes it
/// (crate-private there): `data` and `pagination`, other members ignored.
#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    data: T,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pagination: Option<Pagination>,
}

fn ok(data: Value) -> Value {
    json!({"success": true, "data": data})
}

fn page(data: Value) -> Value {
    json!({"success": true, "data": data, "pagination": {"page": 1, "per_page": 25, "total": 1}})
}

fn shop() -> Value {
    json!({
        "id": 1, "name": "Johnson's Auto Care", "slug": "johnsons-auto-care",
        "status": "active", "location_count": 2, "created_at": "2024-01-15T10:30:00Z"
    })
}

fn customer() -> Value {
    json!({
        "id": 42, "first_name": "Sarah", "last_name": "Thompson",
        "email": "sarah@example.com", "phone": "555-0142", "is_business": false,
        "address": {"street": "12 Oak St", "city": "Springfield", "state": "IL", "zip": "62701"}
    })
}

fn vehicle() -> Value {
    json!({
        "id": 78, "customer_id": 42, "year": 2021, "make": "Ford", "model": "F-150",
        "vin": "1FTFW1E50MFA12345", "license_plate": "ABC1234", "mileage": 32000
    })
}

fn work_order() -> Value {
    json!({
        "id": 1043,
        "work_order_number": "1043",
        "status": "in_progress",
        "customer": {"id": 42, "name": "Sarah Thompson"},
        "vehicle": {"id": 78, "year": 2021, "make": "Ford", "model": "F-150"},
        "subtotal": 1080.00,
        "tax": 86.40,
        "total": 1166.40,
        "technician": {"id": 5, "name": "Dave M."},
        "created_at": "2024-03-14T09:15:00Z"
    })
}

fn full_work_order() -> Value {
    let mut wo = work_order();
    wo["jobs"] = json!([{"id": 9, "name": "Oil Change", "line_items": [{"description": "5W-30", "quantity": 5}]}]);
    wo["payments"] = json!([{"id": 77, "amount": 1166.40, "method": "card"}]);
    wo["inspection_url"] = json!("https://example.com/dvi/1043");
    wo
}

fn event(name: &str, data: Value) -> Value {
    json!({"event": name, "shop_id": 1, "timestamp": "2024-03-14T15:30:00Z", "data": data})
}

fn below_root(p: &str) -> bool {
    !p.is_empty()
}

fn encode_token(t: &TokenResponse) -> Result<Value, String> {
    let mut m = serde_json::Map::new();
    for name in t.field_names() {
        m.insert(
            name.to_owned(),
            t.field(name).cloned().unwrap_or(Value::Null),
        );
    }
    m.insert(
        "access_token".to_owned(),
        Value::String(t.access_token().expose_secret().to_owned()),
    );
    Ok(Value::Object(m))
}

fn check_token(body: &[u8]) -> Decoded {
    check_decode_with::<TokenResponse>(body, encode_token)
}

/// The enveloped token is unwrapped: what is kept moves up a level.
fn keeps_none(_: &str) -> bool {
    false
}

macro_rules! case {
    ($name:expr, $ty:ty, $example:expr, $enums:expr, $keeps:expr) => {
        Case {
            name: $name,
            example: $example,
            decode: check_decode::<$ty>,
            enums: $enums,
            keeps_unknown: $keeps,
        }
    };
}

static CASES: LazyLock<Vec<Case>> = LazyLock::new(|| {
    vec![
        case!(
            "list shops",
            Envelope<Vec<Shop>>,
            page(json!([shop()])),
            &["/data/0/status"],
            below_root
        ),
        case!(
            "get shop",
            Envelope<Shop>,
            ok(shop()),
            &["/data/status"],
            below_root
        ),
        case!(
            "list customers",
            Envelope<Vec<Customer>>,
            page(json!([customer()])),
            &[],
            below_root
        ),
        case!(
            "get customer",
            Envelope<Customer>,
            ok(customer()),
            &[],
            below_root
        ),
        case!(
            "list vehicles",
            Envelope<Vec<autosync_client::Vehicle>>,
            page(json!([vehicle()])),
            &[],
            below_root
        ),
        case!(
            "get vehicle",
            Envelope<autosync_client::Vehicle>,
            ok(vehicle()),
            &[],
            below_root
        ),
        case!(
            "list work orders",
            Envelope<Vec<WorkOrder>>,
            page(json!([work_order()])),
            &["/data/0/status"],
            below_root
        ),
        case!(
            "get work order",
            Envelope<WorkOrder>,
            ok(full_work_order()),
            &["/data/status"],
            below_root
        ),
        case!(
            "list jobs",
            Envelope<Vec<Job>>,
            page(
                json!([{"id": 9, "name": "Oil Change", "line_items": [{"description": "5W-30", "quantity": 5}]}])
            ),
            &[],
            below_root
        ),
        case!(
            "create job",
            Envelope<Job>,
            ok(json!({"id": 9, "name": "Oil Change"})),
            &[],
            below_root
        ),
        case!(
            "list appointments",
            Envelope<Vec<Appointment>>,
            page(
                json!([{"id": 3, "customer_id": 42, "vehicle_id": 78, "start_time": "2024-03-18T09:00:00Z", "end_time": "2024-03-18T10:00:00Z", "notes": "Brakes"}])
            ),
            &[],
            below_root
        ),
        case!(
            "create appointment",
            Envelope<Appointment>,
            ok(json!({"id": 3})),
            &[],
            below_root
        ),
        case!(
            "list payments",
            Envelope<Vec<Payment>>,
            page(json!([{"id": 77, "amount": 1166.40, "method": "card"}])),
            &[],
            below_root
        ),
        case!(
            "get payment",
            Envelope<Payment>,
            ok(json!({"id": 77, "amount": 1166.40})),
            &[],
            below_root
        ),
        case!(
            "list parts",
            Envelope<Vec<Part>>,
            page(json!([{"id": 311, "quantity": 12, "cost": 4.12, "price": 9.99}])),
            &[],
            below_root
        ),
        case!(
            "update stock",
            Envelope<Part>,
            ok(json!({"id": 311, "quantity": 24, "cost": 4.25, "price": 10.49})),
            &[],
            below_root
        ),
        case!(
            "list employees",
            Envelope<Vec<Employee>>,
            page(json!([{"id": 5, "name": "Dave M.", "role": "technician", "status": "active"}])),
            &["/data/0/role", "/data/0/status"],
            below_root
        ),
        case!(
            "error envelope",
            ApiError,
            json!({"success": false, "error": {"code": "invalid_parameter", "message": "The 'email' field is required.", "status": 422}}),
            &[],
            keeps_all
        ),
        Case {
            name: "token response",
            example: json!({"access_token": "at_123", "token_type": "Bearer", "expires_in": 3600, "refresh_token": "rt_456", "scope": "shops:read workorders:write"}),
            decode: check_token,
            enums: &[],
            keeps_unknown: keeps_all,
        },
        Case {
            name: "token response in the envelope",
            example: ok(
                json!({"access_token": "at_123", "token_type": "Bearer", "expires_in": 3600}),
            ),
            decode: check_token,
            enums: &[],
            keeps_unknown: keeps_none,
        },
        case!(
            "workorder.completed",
            WebhookEvent,
            event(
                "workorder.completed",
                json!({"id": 1043, "work_order_number": "1043", "status": "completed", "total": 1166.40, "customer": {"id": 42, "name": "Sarah Thompson"}})
            ),
            &["/event", "/data/status"],
            keeps_all
        ),
        case!(
            "payment.received",
            WebhookEvent,
            event(
                "payment.received",
                json!({"id": 9, "amount": 120.00, "method": "card"})
            ),
            &[],
            keeps_all
        ),
        case!(
            "customer.created",
            WebhookEvent,
            event("customer.created", customer()),
            &[],
            keeps_all
        ),
        case!(
            "appointment.created",
            WebhookEvent,
            event(
                "appointment.created",
                json!({"id": 3, "customer_id": 42, "start_time": "2024-03-18T09:00:00Z"})
            ),
            &[],
            keeps_all
        ),
        case!(
            "inspection.completed",
            WebhookEvent,
            event(
                "inspection.completed",
                json!({"id": 55, "work_order_id": 1, "items": []})
            ),
            &[],
            keeps_all
        ),
        case!(
            "inventory.low_stock",
            WebhookEvent,
            event(
                "inventory.low_stock",
                json!({"id": 311, "quantity": 1, "reorder_point": 4})
            ),
            &["/event"],
            keeps_all
        ),
    ]
});

decoder_properties!(CASES);

// ---------------------------------------------------------------------------
// The same bodies through the client, against a local server.
// ---------------------------------------------------------------------------

struct Live {
    rt: tokio::runtime::Runtime,
    body: Arc<Mutex<Bytes>>,
    client: Client,
}

static LIVE: LazyLock<Live> = LazyLock::new(|| {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let body = Arc::new(Mutex::new(Bytes::new()));
    let served = body.clone();
    let server = rt
        .block_on(autoclient_common::mock::CannedServer::start_with(
            move |_, _| (200, served.lock().unwrap().clone()),
        ))
        .unwrap();
    let client = Client::builder("sk_test_key")
        .base_url(server.url())
        .without_rate_limit()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    Live { rt, body, client }
});

fn arb_body() -> BoxedStrategy<Vec<u8>> {
    let keys = keys_of(&CASES);
    prop_oneof![
        arb_bytes(),
        arb_json(keys.clone()).prop_map(|v| serde_json::to_vec(&v).unwrap()),
        (
            any::<Index>(),
            prop::collection::vec(arb_mutation(keys), 1..4)
        )
            .prop_map(|(i, muts)| {
                let mut v = CASES[i.index(CASES.len())].example.clone();
                muts.iter().for_each(|m| apply_mutation(&mut v, m));
                serde_json::to_vec(&v).unwrap()
            }),
    ]
    .boxed()
}

fn client_outcome<T>(r: Result<T, Error>, body: &[u8]) -> Result<(), TestCaseError> {
    if let Err(e) = r {
        prop_assert_eq!(e.kind(), ErrorKind::Decode, "{}", e);
        prop_assert_eq!(e.status().map(|s| s.as_u16()), Some(200));
        if serde_json::from_slice::<Value>(body).is_ok() {
            prop_assert!(e.decode_path().is_some(), "{}", e);
        }
        prop_assert!(!e.to_string().contains('\n'), "{}", e);
    }
    Ok(())
}

proptest! {
    #![proptest_config(cfg(96))]

    #[test]
    fn the_client_decodes_any_body_or_fails_with_a_path(body in arb_body()) {
        let live = &*LIVE;
        *live.body.lock().unwrap() = Bytes::from(body.clone());
        let c = &live.client;
        client_outcome(live.rt.block_on(c.list_shops()), &body)?;
        client_outcome(live.rt.block_on(c.list_customers(ShopId(1), &CustomerQuery::new())), &body)?;
        client_outcome(live.rt.block_on(c.get_work_order(ShopId(1), WorkOrderId(1043))), &body)?;
        client_outcome(live.rt.block_on(c.list_employees(ShopId(1), &EmployeeQuery::new())), &body)?;
    }
}

// ---------------------------------------------------------------------------
// Webhooks: arbitrary bodies, signatures, headers and timestamps.
// ---------------------------------------------------------------------------

const SECRET: &[u8] = b"whsec_test";

fn arb_event_body() -> BoxedStrategy<Vec<u8>> {
    let events: Vec<Value> = CASES
        .iter()
        .filter(|c| c.example.get("event").is_some())
        .map(|c| c.example.clone())
        .collect();
    let keys = keys_of(&CASES);
    prop_oneof![
        arb_body(),
        (
            prop::sample::select(events),
            prop::collection::vec(arb_mutation(keys), 0..3)
        )
            .prop_map(|(mut v, muts)| {
                muts.iter().for_each(|m| apply_mutation(&mut v, m));
                serde_json::to_vec(&v).unwrap()
            }),
    ]
    .boxed()
}

fn not_an_event(r: &Result<WebhookEvent, WebhookError>, body: &[u8]) -> Result<(), TestCaseError> {
    let decodes = serde_json::from_slice::<WebhookEvent>(body).is_ok();
    match r {
        Ok(_) => prop_assert!(decodes),
        Err(WebhookError::NotAnEvent { path, .. }) => {
            prop_assert!(!decodes);
            prop_assert!(!path.is_empty());
        }
        Err(e) => return Err(TestCaseError::fail(format!("signed body refused: {e}"))),
    }
    if let Err(e) = r {
        prop_assert!(!e.to_string().contains('\n'), "{}", e);
    }
    Ok(())
}

fn base64_of(sig_hex: &str, url_safe: bool, pad: bool) -> String {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let raw = hex::decode(sig_hex).unwrap();
    match (url_safe, pad) {
        (false, true) => STANDARD.encode(raw),
        (false, false) => STANDARD_NO_PAD.encode(raw),
        (true, true) => URL_SAFE.encode(raw),
        (true, false) => URL_SAFE_NO_PAD.encode(raw),
    }
}

proptest! {
    #![proptest_config(cfg(256))]

    #[test]
    fn any_body_and_signature_is_refused_without_a_panic(
        body in arb_event_body(),
        sig in prop_oneof![Just(None), "\\PC{0,80}".prop_map(Some), "(sha256=)?[0-9a-fA-F]{64}".prop_map(Some), "[A-Za-z0-9+/_=-]{40,48}".prop_map(Some)],
        secret in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        let r = webhooks::verify_and_parse(&body, sig.as_deref(), &secret);
        match &r {
            Ok(_) => prop_assert!(!secret.is_empty()),
            Err(e) => prop_assert!(!e.to_string().contains('\n'), "{}", e),
        }
        if sig.as_deref().is_none_or(|s| s.trim().is_empty()) {
            prop_assert!(matches!(r, Err(WebhookError::MissingSignature)));
        }
    }

    #[test]
    fn a_signed_body_parses_or_names_where_it_is_not_an_event(
        body in arb_event_body(),
        form in 0usize..7,
    ) {
        let hex_sig = webhooks::sign(SECRET, &body);
        let sig = match form {
            0 => hex_sig.clone(),
            1 => hex_sig.to_uppercase(),
            2 => format!("sha256={hex_sig}"),
            3 => format!("  SHA256={}\t", base64_of(&hex_sig, false, true)),
            4 => base64_of(&hex_sig, false, false),
            5 => base64_of(&hex_sig, true, true),
            _ => base64_of(&hex_sig, true, false),
        };
        let r = webhooks::verify_and_parse(&body, Some(&sig), SECRET);
        not_an_event(&r, &body)?;
        // Rotation: the right secret among others.
        let v = WebhookVerifier::new(b"old").with_secret(b"").with_secret(SECRET);
        not_an_event(&v.verify_and_parse(&body, Some(&sig)), &body)?;
        // The wrong secret never parses.
        let wrong = webhooks::verify_and_parse(&body, Some(&sig), b"whsec_other");
        prop_assert!(matches!(wrong, Err(WebhookError::SignatureMismatch)), "{:?}", wrong);
        // An empty secret is ignored, so nothing can be verified.
        let none = webhooks::verify_and_parse(&body, Some(&sig), b"");
        prop_assert!(matches!(none, Err(WebhookError::NoSecret)), "{:?}", none);
    }

    #[test]
    fn arbitrary_headers_never_panic(
        body in arb_event_body(),
        value in prop::collection::vec(prop_oneof![0x20u8..0x7f, 0x80u8..=0xff, Just(b'\t')], 0..90),
        name in prop_oneof![Just("x-autosync-signature".to_owned()), "[a-z-]{1,20}"],
        signed in any::<bool>(),
        others in prop::collection::vec(("[a-z]{1,10}", "[ -~]{0,20}"), 0..4),
    ) {
        let mut headers = HeaderMap::new();
        for (k, v) in &others {
            headers.append(HeaderName::from_bytes(k.as_bytes()).unwrap(), HeaderValue::from_str(v).unwrap());
        }
        let value = if signed { webhooks::sign(SECRET, &body).into_bytes() } else { value };
        headers.insert(HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_bytes(&value).unwrap());
        let r = WebhookVerifier::new(SECRET).verify_headers(&body, &headers);
        if signed && name == "x-autosync-signature" {
            not_an_event(&r, &body)?;
        } else {
            prop_assert!(r.is_err());
        }
    }

    #[test]
    fn any_timestamp_is_checked_against_the_tolerance(
        ts in prop_oneof![-8_210_298_412_800i64..8_210_298_412_800, 1_700_000_000i64..1_720_000_000],
        now in 1_700_000_000u64..1_720_000_000,
        tolerance in 0u64..100_000_000,
    ) {
        let Some(t) = chrono::DateTime::from_timestamp(ts, 0) else { return Ok(()) };
        let mut v = event("customer.created", customer());
        v["timestamp"] = json!(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        let body = serde_json::to_vec(&v).unwrap();
        let clock = autoclient_common::ManualClock::starting_at(SystemTime::UNIX_EPOCH + Duration::from_secs(now));
        let r = WebhookVerifier::new(SECRET)
            .with_tolerance(Duration::from_secs(tolerance))
            .with_clock(clock)
            .verify_and_parse(&body, Some(&webhooks::sign(SECRET, &body)));
        let fresh = (i128::from(ts) - i128::from(now)).unsigned_abs() <= u128::from(tolerance);
        match r {
            Ok(_) => prop_assert!(fresh),
            Err(WebhookError::Stale { .. }) => prop_assert!(!fresh),
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
        }
    }
}

// ---------------------------------------------------------------------------
// User-input checks.
// ---------------------------------------------------------------------------

fn arb_api_key() -> BoxedStrategy<String> {
    prop_oneof![
        "sk_live_[a-z0-9]{0,10}",
        "sk_sandbox_[a-z0-9]{0,10}",
        "sk_(live|sandbox)",
        "\\PC{0,20}",
    ]
    .boxed()
}

#[derive(Debug, Clone)]
enum Env {
    Live,
    Sandbox,
    Url(String),
}

fn arb_env() -> BoxedStrategy<Env> {
    prop_oneof![
        Just(Env::Live),
        Just(Env::Sandbox),
        prop_oneof![
            Just(LIVE_BASE_URL.to_owned()),
            Just(format!(" {}/ ", SANDBOX_BASE_URL.to_uppercase())),
            "http://127\\.0\\.0\\.1:[0-9]{1,5}(/[a-z]{0,5})?",
            "\\PC{0,30}",
        ]
        .prop_map(Env::Url),
    ]
    .boxed()
}

fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A client of a loopback port nothing listens on: a call that gets past
/// its checks fails fast to connect, without retries.
static OFFLINE: LazyLock<(tokio::runtime::Runtime, Client)> = LazyLock::new(|| {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::builder("sk_test_key")
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .without_rate_limit()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    (rt, client)
});

fn offline<T>(f: impl FnOnce(&Client) -> T) -> T::Output
where
    T: std::future::Future,
{
    let (rt, client) = &*OFFLINE;
    rt.block_on(f(client))
}

proptest! {
    // Each case builds a client (TLS set-up included): few cases.
    #![proptest_config(cfg(32))]

    #[test]
    fn a_key_is_refused_exactly_against_the_other_environment(
        key in arb_api_key(),
        env in arb_env(),
        allow in any::<bool>(),
    ) {
        let b = Client::builder(key.clone()).allow_key_environment_mismatch(allow);
        let b = match &env {
            Env::Live => b.environment(Environment::Live),
            Env::Sandbox => b.sandbox(),
            Env::Url(u) => b.base_url(u.clone()),
        };
        let resolved = match &env {
            Env::Live => Environment::Live,
            Env::Sandbox => Environment::Sandbox,
            Env::Url(u) => Environment::from_base_url(u),
        };
        let mismatch = !allow
            && match resolved {
                Environment::Live => key.starts_with("sk_sandbox_"),
                Environment::Sandbox => key.starts_with("sk_live_"),
                _ => false,
            };
        match b.build() {
            Ok(_) => prop_assert!(!mismatch),
            Err(e) => {
                let shown = e.to_string();
                prop_assert!(!shown.contains('\n'), "{}", shown);
                if mismatch {
                    prop_assert!(shown.contains("environment"), "{}", shown);
                } else {
                    // Only a base URL that does not parse is refused otherwise.
                    prop_assert!(matches!(env, Env::Url(_)), "{}", shown);
                }
            }
        }
    }

}

proptest! {
    #![proptest_config(cfg(256))]

    #[test]
    fn oauth_callbacks_never_panic(
        callback in prop_oneof![
            "\\PC{0,60}",
            "(https://app\\.example\\.com/cb)?\\?(code=[a-z0-9%+]{0,8}&?)?(state=[a-zA-Z0-9_-]{0,12}&?)?(error=[a-z_]{0,12}&?)?",
        ],
        stored in "[a-zA-Z0-9_-]{0,12}",
    ) {
        let state = OAuthState::from_stored(stored.clone());
        match state.verify_callback(&callback) {
            Ok(_) => prop_assert!(callback.contains("code=")),
            Err(OAuthError::StateMismatch) => {}
            Err(e) => prop_assert!(!e.to_string().contains('\n'), "{}", e),
        }
    }
}

proptest! {
    #![proptest_config(cfg(128))]

    #[test]
    fn a_vin_of_another_length_than_17_is_refused_before_sending(vin in prop_oneof!["[A-Z0-9]{0,25}", "\\PC{0,25}", "[A-HJ-NPR-Z0-9]{17}"]) {
        let v = NewVehicle::new(CustomerId(42), 2021, "Ford", "F-150").vin(vin.clone());
        let err = offline(|c| c.create_vehicle(ShopId(1), &v)).unwrap_err();
        if vin.chars().count() == 17 {
            prop_assert_ne!(err.kind(), ErrorKind::Validation, "{}", err);
        } else {
            prop_assert_eq!(err.kind(), ErrorKind::Validation, "{}", err);
            let fields: Vec<&str> = err.violations().iter().map(|v| v.field.as_str()).collect();
            prop_assert_eq!(fields, vec!["vin"]);
            prop_assert!(err.status().is_none());
        }
    }

    #[test]
    fn a_stock_update_that_sets_nothing_is_refused_before_sending(
        quantity in prop::option::of(any::<i64>()),
        cost in prop::option::of(any::<i64>()),
        price in prop::option::of(any::<i64>()),
    ) {
        let mut u = StockUpdate::new();
        if let Some(q) = quantity { u = u.quantity(q); }
        if let Some(c) = cost { u = u.cost(rust_decimal::Decimal::new(c, 2)); }
        if let Some(p) = price { u = u.price(rust_decimal::Decimal::new(p, 2)); }
        let err = offline(|c| c.update_stock(ShopId(1), PartId(311), &u)).unwrap_err();
        let empty = quantity.is_none() && cost.is_none() && price.is_none();
        prop_assert_eq!(err.kind() == ErrorKind::InvalidRequest, empty, "{}", err);
    }
}

/// Regression: a value quoted in a decode error (here a decimal that is not
/// one) made the message two lines.
#[test]
fn a_decode_error_is_one_line_whatever_the_values_hold() {
    let body = br#"{"data": [{"id": 1, "total": "12\n34"}]}"#;
    let Err(e) = decode_json::<Envelope<Vec<WorkOrder>>, ApiError>(body) else {
        panic!("decoded");
    };
    assert!(!e.to_string().contains('\n'), "{e}");
    assert_eq!(e.decode_path(), Some("data[0].total"));
}
