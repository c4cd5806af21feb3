//! `ListingPatch::diff(before, after)`: applying the patch to `before` with a
//! model of the assumed PATCH semantics (each member sent replaces the
//! stored one; `null`, `false`, `""` and `[]` clear) gives `after`; the diff
//! of a listing with itself, read back, is empty; read-only members and
//! photos are never sent.

use std::collections::BTreeMap;

use anuncios_client::models::DIFFED_MEMBERS;
use anuncios_client::prelude::*;
use anuncios_client::{ArmoredLevel, CatalogId};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

const FLAGS: &[&str] = &[
    "alienated",
    "licensed",
    "only_owner",
    "tax_payed",
    "accept_exchange",
    "factory_warranty",
    "extended_warranty",
    "inspection",
    "pwd",
    "reviews_at_the_dealership",
    "is_armored",
];
const TEXTS: &[&str] = &["note", "youtube_url", "chassi", "license_plate"];
/// Members the documented read example does not show.
const UNDOCUMENTED: &[&str] = &[
    "description",
    "note",
    "chassi",
    "features",
    "address_id",
    "is_armored",
    "armored_level",
    "armored",
    "engine_capacity",
    "gear",
    "power",
    "load_capacity",
    "type",
    "number_of_axles",
];

fn common() -> Vec<&'static str> {
    DIFFED_MEMBERS
        .iter()
        .copied()
        .take_while(|m| *m != "is_armored")
        .collect()
}

/// The write members of `after`'s category, written out from the create
/// guide (not taken from the crate).
fn relevant(after: &NewListing) -> Vec<&'static str> {
    let mut v = common();
    v.extend(match after.category() {
        Category::Automovel => vec!["is_armored", "armored_level", "armored"],
        Category::Motocicleta => vec![
            "breaks",
            "engine",
            "engine_capacity",
            "gear",
            "power_supply",
            "refrigeration",
            "start",
        ],
        Category::Caminhao => vec![
            "is_armored",
            "armored_level",
            "armored",
            "power",
            "load_capacity",
            "pulling_capacity",
            "implement",
            "type",
            "cabin",
            "traction",
            "breaks",
            "suspension",
        ],
        _ => vec!["number_of_axles"],
    });
    v
}

/// What the comparison sees: empty values are `None`.
fn norm(name: &str, v: Option<&Value>) -> Option<Value> {
    let v = v?;
    match v {
        Value::Null => None,
        Value::Bool(false) if FLAGS.contains(&name) => None,
        Value::String(s) if s.is_empty() && TEXTS.contains(&name) => None,
        Value::String(s) if name == "license_plate" => {
            Some(Value::String(s.replace('-', "").to_uppercase()))
        }
        Value::Array(a) if name == "features" => {
            let mut ids: Vec<u64> = a.iter().filter_map(Value::as_u64).collect();
            ids.sort_unstable();
            ids.dedup();
            (!ids.is_empty()).then(|| json!(ids))
        }
        v => Some(v.clone()),
    }
}

/// The server's stored write members as a listing read shows them (absent:
/// not shown).
fn state(before: &Listing) -> BTreeMap<String, Value> {
    let Value::Object(mut read) = serde_json::to_value(before).unwrap() else {
        unreachable!()
    };
    let mut out = BTreeMap::new();
    if let Some(y) = read.remove("year") {
        if let Some(m) = y.get("make") {
            out.insert("make_year".to_owned(), m.clone());
        }
        if let Some(m) = y.get("model") {
            out.insert("model_year".to_owned(), m.clone());
        }
    }
    if let Some(c) = read.remove("color") {
        out.insert("color".to_owned(), c.get("id").cloned().unwrap_or(c));
    }
    for (k, v) in read {
        if DIFFED_MEMBERS.contains(&k.as_str()) && !out.contains_key(&k) {
            out.insert(k, v);
        }
    }
    out
}

/// The listing as a server would show it after storing `listing`, with the
/// undocumented members left out when `hide` says so and the flags left out
/// when `hide_flags` says so.
fn read_of(listing: &NewListing, hide: bool, hide_flags: bool) -> Listing {
    let Value::Object(mut w) = listing.to_json() else {
        unreachable!()
    };
    w.remove("photos");
    let make = w.remove("make_year");
    let model = w.remove("model_year");
    let color = w.remove("color");
    let mut r = Map::new();
    r.insert("id".into(), json!(12345));
    r.insert("status".into(), json!(1));
    r.insert("year".into(), json!({"make": make, "model": model}));
    r.insert("color".into(), json!({"id": color, "name": "Branco"}));
    r.insert("updated_at".into(), json!("2024-01-20T14:45:00Z"));
    r.insert("total_photo".into(), json!(listing.photos().len()));
    for (k, v) in w {
        if hide && UNDOCUMENTED.contains(&k.as_str()) {
            continue;
        }
        if hide_flags && FLAGS.contains(&k.as_str()) {
            continue;
        }
        r.insert(k, v);
    }
    if !hide_flags {
        for f in FLAGS {
            if *f != "is_armored" {
                r.entry(*f).or_insert(json!(false));
            }
        }
    }
    serde_json::from_value(Value::Object(r)).unwrap()
}

fn plate() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("ABC1234".to_owned()),
        Just("abc-1234".to_owned()),
        Just("DEF5G67".to_owned()),
        Just("XYZ9876".to_owned()),
    ]
}

fn text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("a".to_owned())),
        Just(Some("b".to_owned()))
    ]
}

fn flag() -> impl Strategy<Value = Option<bool>> {
    prop_oneof![Just(None), Just(Some(false)), Just(Some(true))]
}

fn fields() -> impl Strategy<Value = CategoryFields> {
    let id = || prop::option::of((1u64..4).prop_map(CatalogId));
    prop_oneof![
        (flag(), prop::option::of(Just(ArmoredLevel::IIIA)), id()).prop_map(|(a, l, t)| {
            let mut c = CarFields::new();
            c.is_armored = a;
            c.armored_level = l;
            c.armored = t;
            CategoryFields::Car(c)
        }),
        (prop::option::of(100u32..1000), id()).prop_map(|(cc, g)| {
            let mut m = MotorcycleFields::new();
            m.engine_capacity = cc;
            m.gear = g;
            CategoryFields::Motorcycle(m)
        }),
        (prop::option::of(100u32..500), id(), flag()).prop_map(|(p, t, a)| {
            let mut t2 = TruckFields::new();
            t2.power = p;
            t2.truck_type = t;
            t2.is_armored = a;
            CategoryFields::Truck(t2)
        }),
        prop::option::of(2u32..5).prop_map(|n| {
            let mut i = ImplementFields::new();
            i.number_of_axles = n;
            CategoryFields::Implement(i)
        }),
    ]
}

prop_compose! {
    fn listing()(
        used in any::<bool>(),
        plate in plate(),
        zero_km_plate in any::<bool>(),
        price in 1u64..3,
        make_year in 2022u16..2024,
        next_year in any::<bool>(),
        description in prop_oneof![Just("x"), Just("y")],
        color in 1u64..3,
        fields in fields(),
        note in text(),
        youtube in text(),
        chassi in text(),
        flags in prop::collection::vec(flag(), 4),
        address in prop::option::of(1u64..3),
        features in prop::option::of(prop::collection::vec(1u64..6, 0..4)),
        photo in any::<bool>(),
    ) -> NewListing {
        let km = if used { 1000 } else { 0 };
        let basics = ListingBasics::new(
            VersionDetailId(1001), ColorId(color), make_year, make_year + u16::from(next_year),
            km, Reais(price * 1000), description,
        );
        let mut b = if used {
            NewListing::used(plate, basics, fields)
        } else if zero_km_plate {
            NewListing::zero_km(basics, fields).license_plate(plate)
        } else {
            NewListing::zero_km(basics, fields)
        };
        if let Some(n) = note { b = b.note(n); }
        if let Some(y) = youtube { b = b.youtube_url(y); }
        if let Some(c) = chassi { b = b.chassi(c); }
        if let Some(v) = flags[0] { b = b.only_owner(v); }
        if let Some(v) = flags[1] { b = b.tax_payed(v); }
        if let Some(v) = flags[2] { b = b.licensed(v); }
        if let Some(v) = flags[3] { b = b.pwd(v); }
        if let Some(a) = address { b = b.address_id(anuncios_client::AddressId(a)); }
        if let Some(f) = features { b = b.features(f.into_iter().map(FeatureId)); }
        if photo { b = b.photo(Photo::from_bytes(b"\xFF\xD8\xFF")); }
        b.build().unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn applying_the_diff_to_before_gives_after(
        b in listing(),
        after in listing(),
        hide in any::<bool>(),
        hide_flags in any::<bool>(),
    ) {
        let before = read_of(&b, hide, hide_flags);
        let patch = ListingPatch::diff(&before, &after);

        for k in patch.members().keys() {
            prop_assert!(DIFFED_MEMBERS.contains(&k.as_str()), "sent {k}");
            prop_assert!(k != "photos");
        }
        prop_assert!(patch.check().is_empty(), "{:?}", patch.check());

        // The model: each member sent replaces the stored one.
        let mut applied = state(&before);
        for (k, v) in patch.members() {
            applied.insert(k.clone(), v.clone());
        }
        let Value::Object(want) = after.to_json() else { unreachable!() };
        for m in relevant(&after) {
            let got = norm(m, applied.get(m));
            let wanted = norm(m, want.get(m));
            // `address_id` unset means "the first address": never cleared.
            let unknown_ok = !applied.contains_key(m) && wanted.is_none();
            let keep_ok = m == "address_id" && wanted.is_none();
            prop_assert!(
                got == wanted || unknown_ok || keep_ok,
                "{m}: after the patch {got:?}, wanted {wanted:?}; patch {}",
                patch.to_json()
            );
        }

        // Smallest: every member sent changes something.
        let stored = state(&before);
        for (k, v) in patch.members() {
            prop_assert!(
                norm(k, stored.get(k)) != norm(k, Some(v)) || !stored.contains_key(k),
                "{k} sent unchanged"
            );
        }
    }

    #[test]
    fn the_diff_of_a_listing_with_itself_is_empty(after in listing()) {
        let patch = ListingPatch::diff(&read_of(&after, false, false), &after);
        prop_assert!(patch.is_empty(), "{}", patch.to_json());
    }

    #[test]
    fn unshown_members_are_sent_only_when_set(after in listing()) {
        let patch = ListingPatch::diff(&read_of(&after, true, false), &after);
        let Value::Object(want) = after.to_json() else { unreachable!() };
        for (k, v) in patch.members() {
            prop_assert!(UNDOCUMENTED.contains(&k.as_str()), "{k} sent");
            prop_assert!(norm(k, Some(v)).is_some(), "{k} cleared though not shown");
            prop_assert_eq!(Some(v), want.get(k));
        }
    }
}

#[test]
fn a_price_change_is_the_only_member_sent() {
    let basics = |price| {
        ListingBasics::new(
            VersionDetailId(1001),
            ColorId(1),
            2023,
            2024,
            15_000,
            Reais(price),
            "d",
        )
    };
    let old = NewListing::used("ABC1234", basics(85_000), CarFields::not_armored())
        .build()
        .unwrap();
    let new = NewListing::used("ABC1234", basics(79_900), CarFields::not_armored())
        .build()
        .unwrap();
    let patch = ListingPatch::diff(&read_of(&old, false, false), &new);
    assert_eq!(patch.to_json(), json!({"price": 79_900}));
}

#[test]
fn removed_values_are_cleared_as_assumed() {
    let basics = ListingBasics::new(
        VersionDetailId(3001),
        ColorId(1),
        2023,
        2024,
        15_000,
        Reais(1),
        "d",
    );
    let full = NewListing::used(
        "ABC1234",
        basics.clone(),
        TruckFields::new().power(400).is_armored(true),
    )
    .note("n")
    .only_owner(true)
    .features([FeatureId(1)])
    .address_id(anuncios_client::AddressId(2))
    .build()
    .unwrap();
    let bare = NewListing::used("ABC1234", basics, TruckFields::new())
        .build()
        .unwrap();
    let patch = ListingPatch::diff(&read_of(&full, false, false), &bare);
    assert_eq!(
        patch.to_json(),
        json!({"note": "", "only_owner": false, "features": [], "power": null, "is_armored": false})
    );
}
