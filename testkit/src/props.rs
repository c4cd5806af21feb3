//! A property-test harness for response decoders, shared by
//! every API crate's `tests/props_decoders.rs`: strategies for arbitrary
//! JSON, byte soup, mutations of a valid documented example and nesting far
//! deeper than the arbitrary JSON's 8 levels (up to 300, and once 100,000
//! on a normal thread stack: [`very_deep_input_is_refused`]), and the
//! decode property itself (through [`decode_json`], the client's own path:
//! never a panic; on failure [`ErrorKind::Decode`], a JSON path whenever the
//! body was JSON, and a one-line message; on success, the value encodes
//! again).
//!
//! A test file lists its decoders as [`Case`]s and expands
//! [`decoder_properties!`](crate::decoder_properties) over them; it needs
//! `use testkit::props::*;`, `use proptest::prelude::*;` and
//! `use proptest::sample::Index;` in scope. It is test support: it asserts
//! and panics like any test helper.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use proptest::sample::Index;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use autoclient_common::{ApiErrorBody, ErrorKind, decode_json};

// ---------------------------------------------------------------------------

/// Modest case counts, so the whole workspace test run stays fast, and a
/// fixed seed, so a run is deterministic (`PROPTEST_RNG_SEED=<n>` explores
/// other cases).
pub fn cfg(cases: u32) -> ProptestConfig {
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
pub const TRICKY: &[&str] = &[
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
pub const TOKENS: &[&str] = &[
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

pub fn arb_leaf() -> BoxedStrategy<Value> {
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

pub fn arb_key(keys: Vec<String>) -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(keys),
        1 => "[a-zA-Z_]{0,8}",
        1 => "\\PC{0,6}",
    ]
    .boxed()
}

/// Arbitrary JSON of bounded depth (up to 8 levels) and size, its object
/// keys mostly the field names of the crate's types so values land in real
/// fields. [`arb_levels`] nests far deeper.
pub fn arb_json(keys: Vec<String>) -> BoxedStrategy<Value> {
    let key = arb_key(keys);
    arb_leaf()
        .prop_recursive(8, 48, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..7)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

/// One level of a deep nesting: an array, or an object of one member.
#[derive(Debug, Clone)]
pub enum Level {
    /// `[` ... `]`.
    Array,
    /// `{"key":` ... `}`.
    Object(String),
}

/// Nestings of 5 to 300 levels (past serde_json's recursion limit of 128),
/// their keys mostly the field names of the crate's types.
pub fn arb_levels(keys: Vec<String>) -> BoxedStrategy<Vec<Level>> {
    prop::collection::vec(
        prop_oneof![Just(Level::Array), arb_key(keys).prop_map(Level::Object)],
        5..300,
    )
    .boxed()
}

/// The JSON text `inner` nested in `levels`, outermost first. Built as text,
/// not as a [`Value`]: a `Value` nested 100,000 deep overflows the stack
/// when it is dropped.
pub fn nest(levels: &[Level], inner: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(inner.len() + levels.len() * 8);
    for l in levels {
        match l {
            Level::Array => out.push(b'['),
            Level::Object(k) => {
                out.push(b'{');
                out.extend_from_slice(&serde_json::to_vec(k).unwrap());
                out.push(b':');
            }
        }
    }
    out.extend_from_slice(inner);
    for l in levels.iter().rev() {
        out.push(match l {
            Level::Array => b']',
            Level::Object(_) => b'}',
        });
    }
    out
}

/// `depth` levels of `open`, then `inner`, then as many `close`.
pub fn repeat_around(open: &str, inner: &str, close: &str, depth: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity((open.len() + close.len()) * depth + inner.len());
    out.extend_from_slice(open.repeat(depth).as_bytes());
    out.extend_from_slice(inner.as_bytes());
    out.extend_from_slice(close.repeat(depth).as_bytes());
    out
}

/// Stands in for a spliced node while the example is encoded.
const SPLICE_MARK: &str = "\u{0}autoclient-splice\u{0}";

/// `example` encoded, with the node at `pointer` replaced by the JSON text
/// `json` (`None` when there is no such node).
pub fn splice(example: &Value, pointer: &str, json: &[u8]) -> Option<Vec<u8>> {
    let mut v = example.clone();
    *v.pointer_mut(pointer)? = Value::String(SPLICE_MARK.to_owned());
    let text = serde_json::to_vec(&v).unwrap();
    let mark = serde_json::to_vec(SPLICE_MARK).unwrap();
    let at = text
        .windows(mark.len())
        .position(|w| w == mark.as_slice())?;
    let mut out = Vec::with_capacity(text.len() + json.len());
    out.extend_from_slice(&text[..at]);
    out.extend_from_slice(json);
    out.extend_from_slice(&text[at + mark.len()..]);
    Some(out)
}

/// A deep nesting put in place of a node of an example: where a model
/// field is expected. The property of [`check_decode`] holds.
pub fn deep_in_example(
    cases: &[Case],
    which: Index,
    at: Index,
    levels: &[Level],
    inner: &Value,
) -> Result<(), TestCaseError> {
    let c = &cases[which.index(cases.len())];
    let nodes = pointers(&c.example, false);
    let p = &nodes[at.index(nodes.len())];
    let deep = nest(levels, &serde_json::to_vec(inner).unwrap());
    let body = splice(&c.example, p, &deep)
        .ok_or_else(|| TestCaseError::fail(format!("{}: no {p}", c.name)))?;
    (c.decode)(&body).map_err(|e| TestCaseError::fail(format!("{}: {e}", c.name)))?;
    Ok(())
}

/// How deep [`very_deep_input_is_refused`] nests.
pub const VERY_DEEP: usize = 100_000;

/// Input nested [`VERY_DEEP`] levels deep, on its own (arrays, and objects
/// of one member `a`) and in place of every field of every example (arrays,
/// and objects of one member named as the field they replace), decoded by every case on a thread
/// with the default stack of a spawned thread (2 MiB unless
/// `RUST_MIN_STACK` says otherwise; not enlarged): each one fails with a
/// well-formed `Decode` error (serde_json's recursion limit of 128), never
/// a panic or a stack overflow (which aborts the test process). The one
/// exception is a node the type does not read (an envelope's `success`,
/// say): it is skipped, and the example decodes as it is.
pub fn very_deep_input_is_refused(cases: &[Case]) {
    let failed = std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("very-deep-input".to_owned())
            .spawn_scoped(s, || very_deep_failures(cases))
            .expect("a thread")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

fn very_deep_failures(cases: &[Case]) -> Vec<String> {
    let arrays = repeat_around("[", "", "]", VERY_DEEP);
    let mut failed = Vec::new();
    for c in cases {
        let example = (c.decode)(&serde_json::to_vec(&c.example).unwrap());
        let mut check = |c: &Case, what: &str, body: &[u8]| match (c.decode)(body) {
            Ok(None) => {}
            // A member the type does not read is skipped (serde_json skips
            // without recursing, at any depth): the example decodes as it
            // is. Anything else that decodes is a defect.
            Ok(Some(v)) if matches!(&example, Ok(Some(e)) if *e == v) => {}
            Ok(Some(_)) => failed.push(format!("{}: {what}: decoded", c.name)),
            Err(e) => failed.push(format!("{}: {what}: {e}", c.name)),
        };
        check(c, "nested arrays", &arrays);
        check(
            c,
            "nested objects",
            &repeat_around(r#"{"a":"#, "null", "}", VERY_DEEP),
        );
        // Every field of the example (every member of an object).
        for p in pointers(&c.example, false) {
            let Some((parent, last)) = p.rsplit_once('/') else {
                continue;
            };
            if !c.example.pointer(parent).is_some_and(Value::is_object) {
                continue;
            }
            // Objects whose one member is named as the field they replace.
            let key = last.replace("~1", "/").replace("~0", "~");
            let key = String::from_utf8(serde_json::to_vec(&key).unwrap()).unwrap();
            let objects = repeat_around(&format!("{{{key}:"), "null", "}", VERY_DEEP);
            for (shape, deep) in [("arrays", &arrays), ("objects", &objects)] {
                let Some(body) = splice(&c.example, &p, deep) else {
                    continue;
                };
                check(c, &format!("nested {shape} in place of `{p}`"), &body);
            }
        }
    }
    failed
}

/// Arbitrary bytes: raw, text, and JSON-looking token soup.
pub fn arb_bytes() -> BoxedStrategy<Vec<u8>> {
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
pub enum Mutation {
    /// Remove a member of an object.
    Drop(Index, Index),
    /// Replace a node with a value of another JSON type.
    Retype(Index, Value),
    /// Set a member (known name or not) of an object to any value.
    Set(Index, String, Value),
}

pub fn arb_mutation(keys: Vec<String>) -> BoxedStrategy<Mutation> {
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
pub enum Edit {
    Replace(Index, u8),
    Insert(Index, u8),
    Delete(Index),
    Truncate(Index),
}

pub fn arb_edit() -> BoxedStrategy<Edit> {
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

pub fn apply_edit(bytes: &mut Vec<u8>, e: &Edit) {
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

pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// JSON pointers of every node (objects only with `objects_only`).
pub fn pointers(v: &Value, objects_only: bool) -> Vec<String> {
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

pub fn same_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

pub fn apply_mutation(v: &mut Value, m: &Mutation) {
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
pub fn keys_of(cases: &[Case]) -> Vec<String> {
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
pub type Decoded = Result<Option<Value>, TestCaseError>;

/// The decode property, through the client's own path: never a panic; on
/// failure `ErrorKind::Decode`, a JSON path whenever the body was JSON, and a
/// one-line message; on success, the value encodes again.
pub fn check_decode<T: DeserializeOwned + Serialize, E: ApiErrorBody>(body: &[u8]) -> Decoded {
    check_decode_with::<T, E>(body, |t| serde_json::to_value(t).map_err(|e| e.to_string()))
}

/// [`check_decode`] for a type encoded by `encode`.
pub fn check_decode_with<T: DeserializeOwned, E: ApiErrorBody>(
    body: &[u8],
    encode: impl Fn(&T) -> Result<Value, String>,
) -> Decoded {
    let is_json = serde_json::from_slice::<Value>(body).is_ok();
    match decode_json::<T, E>(body) {
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
pub struct Case {
    pub name: &'static str,
    pub example: Value,
    pub decode: fn(&[u8]) -> Decoded,
    /// Pointers to the open enum values of the example.
    pub enums: &'static [&'static str],
    /// Whether the object at this pointer keeps members it does not know
    /// (false where the type is documented to ignore them).
    pub keeps_unknown: fn(&str) -> bool,
}

pub fn keeps_all(_: &str) -> bool {
    true
}

pub fn decode_all(cases: &[Case], body: &[u8]) -> Result<(), TestCaseError> {
    for c in cases {
        (c.decode)(body).map_err(|e| TestCaseError::fail(format!("{}: {e}", c.name)))?;
    }
    Ok(())
}

pub fn mutated_example(
    cases: &[Case],
    which: Index,
    muts: &[Mutation],
) -> Result<(), TestCaseError> {
    let c = &cases[which.index(cases.len())];
    let mut v = c.example.clone();
    for m in muts {
        apply_mutation(&mut v, m);
    }
    let body = serde_json::to_vec(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
    (c.decode)(&body).map_err(|e| TestCaseError::fail(format!("{}: {e}", c.name)))?;
    Ok(())
}

pub fn edited_example(cases: &[Case], which: Index, edits: &[Edit]) -> Result<(), TestCaseError> {
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
pub fn open_example(
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

pub fn reparse(v: &Value) -> Value {
    serde_json::to_vec(v)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null)
}

/// Each example decodes as it is, and each enum pointer names a value.
pub fn examples_are_valid(cases: &[Case]) {
    for c in cases {
        let body = serde_json::to_vec(&c.example).unwrap();
        let out = (c.decode)(&body).unwrap();
        assert!(out.is_some(), "{} does not decode", c.name);
        for p in c.enums {
            assert!(c.example.pointer(p).is_some(), "{}: no {p}", c.name);
        }
    }
}

pub fn arb_extra(keys: Vec<String>) -> BoxedStrategy<Vec<(Index, String, Value)>> {
    prop::collection::vec((any::<Index>(), "[a-z0-9_]{1,6}", arb_json(keys)), 0..4).boxed()
}

#[macro_export]
macro_rules! decoder_properties {
    ($cases:expr) => {
        #[test]
        fn every_example_decodes_and_names_its_enums() {
            examples_are_valid(&$cases);
        }

        #[test]
        fn input_nested_100000_deep_is_refused_on_a_normal_stack() {
            very_deep_input_is_refused(&$cases);
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

        proptest! {
            #![proptest_config(cfg(64))]

            #[test]
            fn deeply_nested_json_never_panics(
                levels in arb_levels(keys_of(&$cases)),
                inner in arb_json(keys_of(&$cases)),
            ) {
                decode_all(&$cases, &nest(&levels, &serde_json::to_vec(&inner).unwrap()))?;
            }

            #[test]
            fn deeply_nested_json_in_examples_never_panics(
                which in any::<Index>(),
                at in any::<Index>(),
                levels in arb_levels(keys_of(&$cases)),
                inner in arb_json(keys_of(&$cases)),
            ) {
                deep_in_example(&$cases, which, at, &levels, &inner)?;
            }
        }
    };
}
