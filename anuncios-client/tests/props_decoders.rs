//! Bad input never panics.
//!
//! * Every response decoder (listings, inventory and sold pages, every
//!   catalog lookup, the error bodies; and, through the client against a
//!   local server, the loosely read catalogs and the optional answers of
//!   updates) is fed arbitrary bytes, arbitrary JSON and mutations of the
//!   documented examples: never a panic; a `Decode` error with a JSON path
//!   whenever the body was JSON; unknown members and unknown category values
//!   never make it fail.
//! * Every decoder also gets JSON nested 5 to 300 deep (on its own and in
//!   place of a field of an example), and once 100,000 deep, on a thread
//!   with the default stack: a `Decode` error (serde_json's recursion limit)
//!   or, for a member the type does not read, the example as it is; never a
//!   panic or a stack overflow.
//! * Every check of user input (plates, years, prices, km, photos, the
//!   listing builder, the patch, paging) is fed arbitrary input: never a
//!   panic, and exactly the broken rules are named. (`tests/props.rs` has
//!   the plate formats and the year rule on realistic years.)

use crate::support;

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

// The shared harness (testkit::props), bound to this crate's
// error body.

use testkit::decoder_properties;
use testkit::props::*;

fn check_decode<T: DeserializeOwned + Serialize>(body: &[u8]) -> Decoded {
    testkit::props::check_decode::<T, ApiErr>(body)
}

#[allow(dead_code)]
fn check_decode_with<T: DeserializeOwned>(
    body: &[u8],
    encode: impl Fn(&T) -> Result<Value, String>,
) -> Decoded {
    testkit::props::check_decode_with::<T, ApiErr>(body, encode)
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
        .block_on(testkit::CannedServer::start_with(move |_, _| {
            (200, served.lock().unwrap().clone())
        }))
        .unwrap();
    let client = Client::builder(Auth::bearer("token"))
        .base_url(server.url())
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
    ListingBasics::new(
        VersionDetailId(1),
        ColorId(1),
        make_year,
        model_year,
        km,
        Reais(price),
        "d",
    )
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
        // Used: km must be above 0; zero km: km must be 0.
        if (used && b.km) || (!used && km != 0) {
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
            prop::collection::vec(any::<u8>(), 0..24).prop_map(|b| base64::engine::general_purpose::STANDARD_NO_PAD.encode(b)),
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
        // Standard Base64, padded or not.
        let either = |p: &str| {
            use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
            STANDARD.decode(p).is_ok() || STANDARD_NO_PAD.decode(p).is_ok()
        };
        let ok = payload.is_some_and(|p| !p.trim().is_empty() && either(p));
        match Photo::from_base64(text.clone()) {
            Ok(p) => {
                prop_assert!(ok);
                prop_assert_eq!(p.base64(), text.as_str());
            }
            Err(e) => {
                prop_assert!(!ok, "{}", e);
                if let PhotoError::InvalidBase64 { position, character, .. } = &e {
                    // The position is that of the character named.
                    prop_assert_eq!(text.chars().nth(*position), Some(*character));
                }
                prop_assert!(!e.to_string().contains('\n'), "{}", e);
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
    let client = Client::builder(Auth::bearer("token"))
        .base_url(format!("http://127.0.0.1:{port}"))
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
