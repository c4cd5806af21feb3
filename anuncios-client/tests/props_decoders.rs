//! Bad input never panics.
//!
//! * Every response decoder (listings, inventory and sold pages, every
//!   catalog lookup, the error bodies; and, through the client against a
//!   local server, the loosely read catalogs and the optional answers of
//!   updates) is fed arbitrary bytes, arbitrary JSON and mutations of the
//!   documented examples: never a panic; a `Decode` error with a JSON path
//!   whenever the body was JSON; unknown members and unknown category values
//!   never make it fail.
//! * Every check of user input (plates, years, prices, km, photos, the
//!   listing builder, the patch, paging) is fed arbitrary input: never a
//!   panic, and exactly the broken rules are named. (`tests/props.rs` has
//!   the plate formats and the year rule on realistic years.)

#![recursion_limit = "256"]

mod support;

use std::sync::{Arc, LazyLock, Mutex};

use anuncios_client::*;
use autoclient_common::decode_json;
use autoclient_common::reexports::bytes::Bytes;
use base64::Engine as _;
use proptest::prelude::*;
use proptest::sample::Index;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use support::*;

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

fn page_of(results: Value) -> Value {
    json!({"count": 1, "next": null, "previous": null, "results": results})
}

fn created_echo() -> Value {
    // A 201 that echoes the write shape (`color` as a bare id).
    let mut v = listing_item_example();
    v["color"] = json!(5);
    v["make"] = json!(1);
    v
}

macro_rules! case {
    ($name:expr, $ty:ty, $example:expr, $enums:expr) => {
        Case {
            name: $name,
            example: $example,
            decode: check_decode::<$ty>,
            enums: $enums,
            keeps_unknown: keeps_all,
        }
    };
}

static CASES: LazyLock<Vec<Case>> = LazyLock::new(|| {
    vec![
        case!(
            "get listing",
            Listing,
            listing_item_example(),
            &["/category"]
        ),
        case!(
            "created listing (write shape)",
            Listing,
            created_echo(),
            &["/category"]
        ),
        case!(
            "inventory page",
            Paginated<Listing>,
            page_of(json!([listing_item_example()])),
            &["/results/0/category"]
        ),
        case!(
            "sold page",
            Paginated<SoldListing>,
            sold_example(),
            &["/results/0/category", "/results/1/category"]
        ),
        case!("models", Vec<Model>, models_example(), &[]),
        case!("model", Model, json!({"id": 1, "name": "Onix"}), &[]),
        case!("colors", Vec<Color>, colors_example(), &[]),
        case!("color", Color, json!({"id": 5, "name": "Azul"}), &[]),
        case!(
            "features",
            Vec<Feature>,
            features_example(),
            &["/0/category"]
        ),
        case!(
            "feature",
            Feature,
            json!({"id": 1, "name": "Ar Condicionado", "category": 1}),
            &["/category"]
        ),
        case!("versions page", Paginated<Version>, versions_example(), &[]),
        case!(
            "catalog list",
            Vec<CatalogEntry>,
            json!([{"id": 1, "name": "Disco", "sigla": "D"}, {"id": 2, "descricao": "Tambor"}]),
            &[]
        ),
        case!(
            "catalog page",
            Paginated<CatalogEntry>,
            page_of(json!([{"id": 3, "name": "Opaca"}])),
            &[]
        ),
        case!(
            "400 field errors",
            ApiError,
            json!({"license_plate": ["License plate cannot be blank for used vehicles"], "price": ["Preço deve ser maior que 0"]}),
            &[]
        ),
        case!(
            "detail error",
            ApiError,
            json!({"detail": "Authentication credentials were not provided."}),
            &[]
        ),
    ]
});

decoder_properties!(CASES);

// ---------------------------------------------------------------------------
// The same bodies through the client, against a local server: the loosely
// read catalogs (a list or a page) and the optional answers of updates.
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
    let client = Client::builder(server.url(), Auth::bearer("token"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    Live { rt, body, client }
});

fn arb_body() -> BoxedStrategy<Vec<u8>> {
    let keys = keys_of(&CASES);
    prop_oneof![
        arb_bytes(),
        Just(Vec::new()),
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

/// A call's outcome on `body`: success, or `Decode`, with a JSON path (and
/// the status) whenever the body was JSON that did not have the shape
/// (`shaped`: whether it has); a one-line message.
fn client_outcome<T>(r: Result<T, Error>, body: &[u8], shaped: bool) -> Result<(), TestCaseError> {
    if let Err(e) = r {
        prop_assert_eq!(e.kind(), ErrorKind::Decode, "{}", e);
        if serde_json::from_slice::<Value>(body).is_ok() && !shaped {
            prop_assert!(e.decode_path().is_some(), "{}", e);
        }
        if e.decode_path().is_some() {
            prop_assert_eq!(e.status().map(|s| s.as_u16()), Some(200), "{}", e);
        }
        prop_assert!(!e.to_string().contains('\n'), "{}", e);
    }
    Ok(())
}

fn shaped<T: DeserializeOwned>(body: &[u8]) -> bool {
    serde_json::from_slice::<T>(body).is_ok()
}

/// A catalog read loosely: a list, or a page of `results`.
#[derive(serde::Deserialize)]
struct Results {
    #[allow(dead_code)]
    results: Vec<CatalogEntry>,
}

proptest! {
    #![proptest_config(cfg(96))]

    #[test]
    fn the_client_decodes_any_body_or_fails_with_a_path(body in arb_body()) {
        let live = &*LIVE;
        *live.body.lock().unwrap() = Bytes::from(body.clone());
        let c = &live.client;
        let loose = shaped::<Vec<CatalogEntry>>(&body) || shaped::<Results>(&body);
        client_outcome(live.rt.block_on(c.categories()), &body, loose)?;
        client_outcome(live.rt.block_on(c.models(&ModelQuery::new())), &body, shaped::<Vec<Model>>(&body))?;
        client_outcome(live.rt.block_on(c.get_listing(ListingId(12345))), &body, shaped::<Listing>(&body))?;
        let answer = live.rt.block_on(c.update_listing_raw(ListingId(12345), &Map::new()));
        if body.iter().all(u8::is_ascii_whitespace) {
            prop_assert!(matches!(answer, Ok(None)));
        }
        client_outcome(answer, &body, shaped::<Listing>(&body))?;
    }
}

/// A catalog page whose `next` link is garbage: the walk stops with an
/// error, never a panic or a loop.
#[test]
fn a_catalog_page_with_a_garbage_next_link_ends() {
    let live = &*LIVE;
    for next in [
        "::not a url::",
        "http://[::1",
        "ftp://elsewhere/x",
        "/v3/catalog/category?page=2",
    ] {
        *live.body.lock().unwrap() =
            Bytes::from(json!({"count": 9, "next": next, "results": [{"id": 1}]}).to_string());
        let r = live.rt.block_on(live.client.categories());
        if let Err(e) = r {
            assert!(!e.to_string().contains('\n'), "{e}");
        }
    }
}

// ---------------------------------------------------------------------------
// User-input checks.
// ---------------------------------------------------------------------------

fn basics(make_year: u16, model_year: u16, km: u32, price: u64) -> ListingBasics {
    ListingBasics {
        version_detail_id: VersionDetailId(1),
        color: ColorId(1),
        make_year,
        model_year,
        km,
        price: Reais(price),
        description: "d".into(),
    }
}

fn plate_shape_ok(n: &str) -> bool {
    let b = n.as_bytes();
    n.is_ascii()
        && b.len() == 7
        && b[..3].iter().all(u8::is_ascii_uppercase)
        && b[3].is_ascii_digit()
        && (b[4].is_ascii_digit() || b[4].is_ascii_uppercase())
        && b[5..].iter().all(u8::is_ascii_digit)
}

/// Which rules a generated listing breaks.
#[derive(Debug, Clone)]
struct Broken {
    years: Option<bool>, // Some(true): make > model; Some(false): model > make + 1
    km: bool,
    plate: Option<bool>, // Some(true): blank; Some(false): malformed
    price: bool,
    empty_photos: Vec<bool>,
}

fn arb_broken() -> impl Strategy<Value = Broken> {
    (
        prop::option::of(any::<bool>()),
        any::<bool>(),
        prop::option::of(any::<bool>()),
        any::<bool>(),
        prop::collection::vec(any::<bool>(), 0..4),
    )
        .prop_map(|(years, km, plate, price, empty_photos)| Broken {
            years,
            km,
            plate,
            price,
            empty_photos,
        })
}

proptest! {
    #![proptest_config(cfg(256))]

    #[test]
    fn plates_of_any_text_parse_exactly_when_normalized_they_fit(raw in prop_oneof![
        "\\PC{0,12}",
        "[a-zA-Z]{3}[ \u{a0}\u{3000}\t-]{0,2}[0-9][a-zA-Z0-9][0-9]{2}",
        "[a-zA-Z0-9ÁÉçß -]{5,9}",
    ]) {
        let normalized: String = raw
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        match LicensePlate::parse(&raw) {
            Ok(p) => {
                prop_assert!(plate_shape_ok(&normalized));
                prop_assert_eq!(p.as_str(), normalized.as_str());
                let m = p.to_mercosul();
                prop_assert!(m.is_mercosul());
                prop_assert_eq!(LicensePlate::parse(m.as_str()).ok(), Some(m.clone()));
            }
            Err(e) => {
                prop_assert!(!plate_shape_ok(&normalized));
                prop_assert_eq!(e.normalized(), normalized.as_str());
                let _ = e.to_string();
            }
        }
    }

    #[test]
    fn the_year_rule_holds_over_every_u16(make in any::<u16>(), model in any::<u16>()) {
        let v = check_years(make, model);
        let fields: Vec<&str> = v.iter().map(|v| v.field.as_str()).collect();
        if make > model {
            prop_assert_eq!(fields, vec!["make_year"]);
        } else if u32::from(model) > u32::from(make) + 1 {
            prop_assert_eq!(fields, vec!["model_year"]);
        } else {
            prop_assert!(fields.is_empty());
        }
    }

    #[test]
    fn build_names_exactly_the_broken_rules(
        b in arb_broken(),
        year in 1950u16..2030,
        used in any::<bool>(),
        good_plate in "[A-Z]{3}[0-9][A-Z0-9][0-9]{2}",
        bad_plate in "[A-Z0-9]{1,6}|[0-9]{3}[A-Z]{4}|[A-Z]{3}[0-9]{5}",
        blank_plate in "[ \t-]{0,3}",
        km in 1u32..500_000,
        price in 1u64..10_000_000,
        photo in prop::collection::vec(any::<u8>(), 1..16),
    ) {
        let (make, model) = match b.years {
            None => (year, year + 1),
            Some(true) => (year + 1, year),
            Some(false) => (year, year + 2),
        };
        let km = if b.km { 0 } else { km };
        let price = if b.price { 0 } else { price };
        let plate = match b.plate {
            None => good_plate,
            Some(true) => blank_plate,
            Some(false) => bad_plate,
        };
        let basics = basics(make, model, km, price);
        let mut builder = if used {
            NewListing::used(plate, basics, CarFields::new())
        } else {
            NewListing::zero_km(basics, CarFields::new())
        };
        for empty in &b.empty_photos {
            builder = builder.photo(if *empty {
                Photo::from_base64_unchecked(" ")
            } else {
                Photo::from_bytes(&photo)
            });
        }
        let mut want: Vec<String> = Vec::new();
        match b.years {
            Some(true) => want.push("make_year".into()),
            Some(false) => want.push("model_year".into()),
            None => {}
        }
        if used && b.km {
            want.push("km".into());
        }
        if used && b.plate.is_some() {
            want.push("license_plate".into());
        }
        if b.price {
            want.push("price".into());
        }
        for (i, empty) in b.empty_photos.iter().enumerate() {
            if *empty {
                want.push(format!("photos[{i}].base64"));
            }
        }
        match builder.build() {
            Ok(l) => {
                prop_assert!(want.is_empty(), "built despite {:?}", want);
                prop_assert_eq!(l.is_new(), !used);
            }
            Err(e) => {
                prop_assert_eq!(e.kind(), ErrorKind::Validation);
                let got: Vec<String> = e.violations().iter().map(|v| v.field.clone()).collect();
                prop_assert_eq!(got, want);
                prop_assert!(!e.to_string().contains('\n'), "{}", e);
            }
        }
    }

    #[test]
    fn photos_from_base64_accept_exactly_base64(
        text in prop_oneof![
            "\\PC{0,40}",
            prop::collection::vec(any::<u8>(), 0..24).prop_map(|b| base64::engine::general_purpose::STANDARD.encode(b)),
            (
                "(image/(png|jpeg|webp)|text/plain|image/|)",
                prop_oneof![Just(";base64,"), Just(","), Just(";base64")],
                prop::collection::vec(any::<u8>(), 0..24),
            )
                .prop_map(|(mime, sep, b)| format!("data:{mime}{sep}{}", base64::engine::general_purpose::STANDARD.encode(b))),
        ],
    ) {
        let payload = match text.strip_prefix("data:") {
            None => Some(text.as_str()),
            Some(rest) => rest.split_once(',').and_then(|(media, payload)| {
                let mime = media.strip_suffix(";base64")?;
                (mime.starts_with("image/") && mime.len() > "image/".len()).then_some(payload)
            }),
        };
        let ok = payload.is_some_and(|p| {
            !p.trim().is_empty() && base64::engine::general_purpose::STANDARD.decode(p).is_ok()
        });
        match Photo::from_base64(text.clone()) {
            Ok(p) => {
                prop_assert!(ok);
                prop_assert_eq!(p.base64(), text.as_str());
            }
            Err(e) => {
                prop_assert!(!ok, "{}", e);
                let _ = e.to_string();
            }
        }
    }

    #[test]
    fn a_patch_names_its_broken_rules(
        make in prop_oneof![any::<u16>().prop_map(Value::from), arb_leaf()],
        model in prop_oneof![any::<u16>().prop_map(Value::from), arb_leaf()],
        price in prop_oneof![(-3i64..3).prop_map(Value::from), any::<u64>().prop_map(Value::from), arb_leaf()],
        plate in prop_oneof!["[A-Z]{3}[0-9][A-Z0-9][0-9]{2}".prop_map(Value::from), arb_leaf()],
        present in (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
    ) {
        let mut m = Map::new();
        if present.0 { m.insert("make_year".into(), make.clone()); }
        if present.1 { m.insert("model_year".into(), model.clone()); }
        if present.2 { m.insert("price".into(), price.clone()); }
        if present.3 { m.insert("license_plate".into(), plate.clone()); }
        let year = |v: &Value| v.as_u64().and_then(|y| u16::try_from(y).ok());
        let mut want: Vec<String> = Vec::new();
        if present.0 && present.1
            && let (Some(a), Some(b)) = (year(&make), year(&model))
        {
            want.extend(check_years(a, b).into_iter().map(|v| v.field));
        }
        if present.2 && price.as_u64().is_none_or(|p| p == 0) {
            want.push("price".into());
        }
        if present.3 && plate.as_str().is_none_or(|p| LicensePlate::parse(p).is_err()) {
            want.push("license_plate".into());
        }
        let got: Vec<String> = ListingPatch::from_map(m).check().into_iter().map(|v| v.field).collect();
        prop_assert_eq!(got, want);
    }
}

fn offline_client() -> (tokio::runtime::Runtime, Client) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::builder(format!("http://127.0.0.1:{port}"), Auth::bearer("token"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    (rt, client)
}

static OFFLINE: LazyLock<(tokio::runtime::Runtime, Client)> = LazyLock::new(offline_client);

proptest! {
    #![proptest_config(cfg(128))]

    #[test]
    fn version_paging_names_exactly_the_broken_parameters(
        page in prop::option::of(prop_oneof![Just(0u32), any::<u32>()]),
        size in prop::option::of(prop_oneof![Just(0u32), 1u32..=100, 101u32..200, any::<u32>()]),
    ) {
        let mut q = VersionQuery::new();
        if let Some(p) = page { q = q.page(p); }
        if let Some(s) = size { q = q.page_size(s); }
        let mut want = Vec::new();
        if size.is_some_and(|s| !(1..=MAX_PAGE_SIZE).contains(&s)) {
            want.push("pageSize");
        }
        if page == Some(0) {
            want.push("page");
        }
        let (rt, c) = &*OFFLINE;
        let err = rt.block_on(c.versions(ModelId(1), &q)).unwrap_err();
        if want.is_empty() {
            prop_assert_ne!(err.kind(), ErrorKind::Validation, "{}", err);
        } else {
            prop_assert_eq!(err.kind(), ErrorKind::Validation, "{}", err);
            let got: Vec<&str> = err.violations().iter().map(|v| v.field.as_str()).collect();
            prop_assert_eq!(got, want);
        }
    }
}

/// Regression: a raw patch's price that is not a positive integer (a float
/// zero, a negative fraction, a string, null) passed the check.
#[test]
fn a_raw_patch_price_must_be_whole_reais_above_zero() {
    for bad in [
        json!(0),
        json!(0.0),
        json!(-5.5),
        json!(85000.5),
        json!("85000"),
        Value::Null,
        json!(-1),
    ] {
        let mut m = Map::new();
        m.insert("price".into(), bad.clone());
        let fields: Vec<String> = ListingPatch::from_map(m)
            .check()
            .into_iter()
            .map(|v| v.field)
            .collect();
        assert_eq!(fields, ["price"], "{bad}");
    }
    assert!(ListingPatch::new().price(Reais(82_000)).check().is_empty());
}

/// Regression: a member name holding a newline (the server's keys are any
/// JSON string) made the decode error's message two lines.
#[test]
fn a_decode_error_is_one_line_whatever_the_keys_hold() {
    let body = br#"{"lice\nse_plate": ["x"], "results": [{"id": "1\n2"}], "count": "a\nb"}"#;
    let e = decode_json::<Paginated<CatalogEntry>, ApiError>(body).unwrap_err();
    assert!(!e.to_string().contains('\n'), "{e}");
    let e = decode_json::<Listing, ApiError>(br#"{"id": 1, "year": {"lice\nse": 1, "make": "x"}}"#)
        .unwrap_err();
    assert!(!e.to_string().contains('\n'), "{e}");
    assert!(e.decode_path().unwrap().contains("year"), "{e}");
}
