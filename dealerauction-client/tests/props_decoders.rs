//! Bad input never panics.
//!
//! * Every response decoder (the stock document, the search page, the
//!   listing, the error bodies and the webhook events) is fed arbitrary
//!   bytes, arbitrary JSON and mutations of the documented examples, through
//!   `decode_json` as the client decodes: never a panic; a `Decode` error
//!   with a JSON path whenever the body was JSON; unknown members and unknown
//!   enum values never make it fail. Webhook payloads also go through
//!   `WebhookEvent::from_slice` (no headers: none are documented).
//! * Every decoder also gets JSON nested 5 to 300 deep (on its own and in
//!   place of a field of an example), and once 100,000 deep, on a thread
//!   with the default stack: a `Decode` error (serde_json's recursion limit)
//!   or, for a member the type does not read, the example as it is; never a
//!   panic or a stack overflow.
//! * Every check of user input (VRM normalisation, length limits, the
//!   reserve-price rule, the video URL, the image count, search filters,
//!   ids, the sale price) is fed arbitrary input: never a panic, and exactly
//!   the broken rules are named.

use std::sync::LazyLock;

use autoclient_common::decode_json;
use dealerauction_client::models::*;
use dealerauction_client::*;
use proptest::prelude::*;
use proptest::sample::Index;
use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

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

fn doc(raw: &str) -> Value {
    serde_json::from_str(raw).unwrap()
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
            "stock document",
            StockItem,
            doc(include_str!("data/stock-200.json")),
            &[
                "/lifecycleState",
                "/vehicle/category",
                "/vehicle/ownershipCondition",
                "/vehicle/engineSize/unit",
                "/vehicle/serviceHistory",
                "/vehicle/writeoffCategory",
                "/advert/state",
                "/advert/auction/type",
                "/advert/auction/reservePrice/currency",
                "/advert/tradeVatStatus",
                "/condition/externalConditionGrade",
                "/condition/surecheckGrade",
                "/condition/damageItems/0/zone",
                "/condition/damageItems/0/damageType",
                "/images/0/tags/0",
            ]
        ),
        case!(
            "search page",
            StockSearchPage,
            doc(include_str!("data/search-200.json")),
            &[
                "/stockItems/0/lifecycleState",
                "/stockItems/0/advert/state",
                "/stockItems/0/advert/auction/type",
            ]
        ),
        case!(
            "listing",
            Listing,
            doc(include_str!("data/listing-200.json")),
            &["/status", "/auction/type", "/sale/buyer/contacts/0/type",]
        ),
        case!(
            "mark as sold",
            Listing,
            doc(include_str!("data/mark-as-sold-200.json")),
            &["/status"]
        ),
        case!(
            "400 INVALID_STOCK_ITEM",
            ApiError,
            json!({
                "errorCode": "INVALID_STOCK_ITEM",
                "errorMessage": "An error message",
                "errors": [{"message": "An error has occurred", "key": "string"}]
            }),
            &["/errorCode"]
        ),
        case!(
            "SERVER_ERROR",
            ApiError,
            json!({"errorCode": "SERVER_ERROR", "errorMessage": "An unexpected error has occurred"}),
            &["/errorCode"]
        ),
        case!(
            "409 STOCK_ALREADY_EXISTS",
            ApiError,
            json!({"errorCode": "STOCK_ALREADY_EXISTS", "vrm": "AB17ABC"}),
            &["/errorCode"]
        ),
        case!(
            "listing.started",
            WebhookEvent,
            doc(include_str!("data/webhook-listing-started.json")),
            &["/auction/type"]
        ),
        case!(
            "listing.provisional",
            WebhookEvent,
            doc(include_str!("data/webhook-listing-provisional.json")),
            &["/type"]
        ),
        case!(
            "vehicle.sold",
            WebhookEvent,
            doc(include_str!("data/webhook-vehicle-sold.json")),
            &["/salePrice/currency"]
        ),
    ]
});

decoder_properties!(CASES);

proptest! {
    #![proptest_config(cfg(256))]

    /// `from_slice` (for a webhook body you received) agrees with the
    /// client's decoder, and its error is one line naming where it failed.
    #[test]
    fn webhook_from_slice_never_panics(body in prop_oneof![
        arb_bytes(),
        arb_json(keys_of(&CASES)).prop_map(|v| serde_json::to_vec(&v).unwrap()),
        (any::<Index>(), prop::collection::vec(arb_mutation(keys_of(&CASES)), 0..4)).prop_map(|(i, muts)| {
            let hooks: Vec<&Case> = CASES.iter().filter(|c| c.example.get("type").is_some()).collect();
            let mut v = hooks[i.index(hooks.len())].example.clone();
            muts.iter().for_each(|m| apply_mutation(&mut v, m));
            serde_json::to_vec(&v).unwrap()
        }),
    ]) {
        let direct = WebhookEvent::from_slice(&body);
        let client = decode_json::<WebhookEvent, ApiError>(&body);
        prop_assert_eq!(direct.is_ok(), client.is_ok());
        match direct {
            Ok(e) => {
                let _ = (e.event_type(), e.envelope());
                prop_assert!(serde_json::to_value(&e).is_ok());
            }
            Err(e) => prop_assert!(!e.to_string().contains('\n'), "{}", e),
        }
    }
}

// ---------------------------------------------------------------------------
// User-input checks.
// ---------------------------------------------------------------------------

fn new_item() -> NewStockItem {
    let vehicle = NewVehicle::new(
        VehicleCategory::Car,
        OwnershipCondition::Used,
        "Citroen",
        "Saxo",
        VehicleHistory::clean(),
    )
    .vrm("AB17 ABC");
    NewStockItem::new("123456", vehicle).image(NewImage::new("https://example.com/front.jpg"))
}

/// Text of exactly `n` characters, some of them multi-byte.
fn text(n: usize, wide: bool) -> String {
    let c = if wide { 'é' } else { 'a' };
    std::iter::repeat_n(c, n).collect()
}

#[derive(Debug, Clone)]
struct Broken {
    images: bool,
    vrm: bool,
    report: bool,
    video: bool,
    grabber: bool,
    description: bool,
    reserve: Option<bool>, // Some(true): none; Some(false): at or under £50
}

fn arb_broken() -> impl Strategy<Value = Broken> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(any::<bool>()),
    )
        .prop_map(
            |(images, vrm, report, video, grabber, description, reserve)| Broken {
                images,
                vrm,
                report,
                video,
                grabber,
                description,
                reserve,
            },
        )
}

fn arb_bad_video() -> BoxedStrategy<String> {
    prop_oneof![
        Just("https://vimeo.com/123".to_owned()),
        Just("https://youtube.com.evil.example/watch?v=x".to_owned()),
        Just("ftp://youtube.com/x".to_owned()),
        Just("youtube.com/watch?v=x".to_owned()),
        Just("https://notyoutube.com/x".to_owned()),
        "[a-z ]{1,12}",
    ]
    .boxed()
}

fn arb_good_video() -> BoxedStrategy<String> {
    prop_oneof![
        Just(String::new()),
        "https://(www\\.|m\\.)?youtube\\.com/watch\\?v=[A-Za-z0-9_-]{11}",
        "http://youtu\\.be/[A-Za-z0-9_-]{11}",
        " https://WWW\\.YouTube\\.com/embed/[a-z]{3} ",
        "https://www\\.youtube-nocookie\\.com/embed/[a-z]{3}",
    ]
    .boxed()
}

fn arb_reserve_type() -> BoxedStrategy<AuctionType> {
    prop_oneof![Just(AuctionType::Bid), Just(AuctionType::SealedBid)].boxed()
}

fn arb_other_type() -> BoxedStrategy<AuctionType> {
    prop_oneof![
        Just(AuctionType::BuyNow),
        Just(AuctionType::Physical),
        "[A-Z_]{1,10}".prop_filter_map("unknown", |s| {
            let t = AuctionType::from(s.as_str());
            t.is_unknown().then_some(t)
        }),
    ]
    .boxed()
}

/// A price at or under £50, or above it, with up to 4 decimals.
fn arb_price(above: bool) -> BoxedStrategy<Decimal> {
    if above {
        prop_oneof![
            (5001i64..100_000_000).prop_map(|c| Decimal::new(c, 2)),
            (500_001i64..10_000_000).prop_map(|c| Decimal::new(c, 4)),
            Just(Decimal::MAX),
        ]
        .boxed()
    } else {
        prop_oneof![
            (-100_000i64..=5000).prop_map(|c| Decimal::new(c, 2)),
            Just(Decimal::new(50, 0)),
            Just(Decimal::new(500_000, 4)),
            Just(Decimal::MIN),
        ]
        .boxed()
    }
}

proptest! {
    #![proptest_config(cfg(256))]

    #[test]
    fn normalize_vrm_is_idempotent_and_what_it_gives_passes(raw in prop_oneof!["\\PC{0,16}", "[a-zA-Z0-9 \t\u{a0}ßǅﬀİ]{0,12}"]) {
        let n = normalize_vrm(&raw);
        prop_assert_eq!(normalize_vrm(&n), n.clone(), "not idempotent on {:?}", raw);
        prop_assert!(!n.chars().any(char::is_whitespace));
        let mut item = new_item();
        item.vehicle = item.vehicle.clone().vrm(&raw);
        prop_assert!(!item.check().iter().any(|v| v.field == "vehicle.vrm"), "{:?}", item.check());
        // Set raw, it is reported exactly when it is not normalized.
        item.vehicle.vrm = Some(raw.clone());
        let reported = item.check().iter().any(|v| v.field == "vehicle.vrm");
        prop_assert_eq!(reported, n != raw);
    }

    #[test]
    fn is_youtube_url_never_panics(url in prop_oneof!["\\PC{0,40}", arb_good_video(), arb_bad_video()]) {
        let _ = is_youtube_url(&url);
    }

    #[test]
    fn check_new_stock_names_exactly_the_broken_rules(
        b in arb_broken(),
        wide in any::<bool>(),
        over in 1usize..40,
        under in 0usize..40,
        lower_vrm in "[a-z]{2}[0-9]{2} ?[a-z]{3}",
        bad_video in arb_bad_video(),
        good_video in arb_good_video(),
        reserve_type in arb_reserve_type(),
        other_type in arb_other_type(),
        low in arb_price(false),
        high in arb_price(true),
        other_reserve in prop::option::of(arb_price(false)),
        reserve_above in any::<bool>(),
    ) {
        let mut item = new_item();
        if b.images {
            item.images.clear();
        }
        if b.vrm {
            item.vehicle.vrm = Some(lower_vrm);
        }
        let len = |max: usize, bad: bool| if bad { max + over } else { max.saturating_sub(under) };
        item.condition_report_url = Some(text(len(MAX_CONDITION_REPORT_URL, b.report), wide));
        item.video_url = Some(if b.video { bad_video } else { good_video });
        let auction = match b.reserve {
            // No reserve rule broken: a type that needs none, with any (or
            // no) reserve, or a BID / SEALED_BID with a reserve above £50.
            None if reserve_above => Auction::new(reserve_type).reserve_price(Price::gbp(high)),
            None => {
                let mut a = Auction::new(other_type);
                a.reserve_price = other_reserve.map(Price::gbp);
                a
            }
            Some(true) => Auction::new(reserve_type),
            Some(false) => Auction::new(reserve_type).reserve_price(Price::gbp(low)),
        };
        item.advert = Some(
            NewAdvert::new()
                .attention_grabber(text(len(MAX_ATTENTION_GRABBER, b.grabber), wide))
                .description(text(len(MAX_DESCRIPTION, b.description), wide))
                .auction(auction),
        );
        let mut want = Vec::new();
        for (bad, field) in [
            (b.images, "images"),
            (b.vrm, "vehicle.vrm"),
            (b.report, "conditionReportUrl"),
            (b.video, "videoUrl"),
            (b.grabber, "advert.attentionGrabber"),
            (b.description, "advert.description"),
            (b.reserve.is_some(), "advert.auction.reservePrice"),
        ] {
            if bad {
                want.push(field);
            }
        }
        let got: Vec<String> = check_new_stock(&item).into_iter().map(|v| v.field).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn a_reserve_above_50_passes_for_every_auction_type(
        t in prop_oneof![arb_reserve_type(), arb_other_type()],
        price in arb_price(true),
    ) {
        let mut item = new_item();
        item.advert = Some(NewAdvert::new().auction(Auction::new(t).reserve_price(Price::gbp(price))));
        prop_assert!(check_new_stock(&item).is_empty(), "{:?}", check_new_stock(&item));
    }

    #[test]
    fn check_patch_names_exactly_the_broken_rules(
        images in 0u8..3, // 0: untouched, 1: null, 2: empty
        vrm in prop::option::of(("[A-Z0-9]{2,7}", any::<bool>())),
        grabber in prop::option::of(0usize..(MAX_ATTENTION_GRABBER + 20)),
        description in prop::option::of(0usize..(MAX_DESCRIPTION + 20)),
        report in prop::option::of(0usize..(MAX_CONDITION_REPORT_URL + 20)),
        video in prop::option::of(prop_oneof![arb_good_video(), arb_bad_video()]),
        reserve in prop::option::of((arb_reserve_type(), prop::option::of(prop_oneof![arb_price(false), arb_price(true)]))),
        wide in any::<bool>(),
    ) {
        let mut p = StockPatch::new();
        match images {
            1 => p.images = Patch::Null,
            2 => p.images = Patch::Value(Vec::new()),
            _ => {}
        }
        if let Some((v, lower)) = &vrm {
            p.vehicle_mut().vrm = Patch::Value(if *lower { v.to_lowercase() } else { v.clone() });
        }
        if let Some(n) = report {
            p.condition_report_url = Patch::Value(text(n, wide));
        }
        if let Some(v) = &video {
            p.video_url = Patch::Value(v.clone());
        }
        if let Some(n) = grabber {
            p.advert_mut().attention_grabber = Patch::Value(text(n, wide));
        }
        if let Some(n) = description {
            p.advert_mut().description = Patch::Value(text(n, wide));
        }
        if let Some((t, price)) = &reserve {
            let a = p.auction_mut();
            a.auction_type = Patch::Value(t.clone());
            a.reserve_price = match price {
                None => Patch::Null,
                Some(v) => Patch::Value(Price::gbp(*v)),
            };
        }
        let mut want = Vec::new();
        if images != 0 {
            want.push("images");
        }
        if vrm.as_ref().is_some_and(|(v, lower)| *lower && v.to_lowercase() != *v) {
            want.push("vehicle.vrm");
        }
        if report.is_some_and(|n| n > MAX_CONDITION_REPORT_URL) {
            want.push("conditionReportUrl");
        }
        if video.as_ref().is_some_and(|v| !v.is_empty() && !is_youtube_url(v)) {
            want.push("videoUrl");
        }
        if grabber.is_some_and(|n| n > MAX_ATTENTION_GRABBER) {
            want.push("advert.attentionGrabber");
        }
        if description.is_some_and(|n| n > MAX_DESCRIPTION) {
            want.push("advert.description");
        }
        if reserve.as_ref().is_some_and(|(_, p)| p.is_none_or(|v| v <= MIN_RESERVE_EXCLUSIVE)) {
            want.push("advert.auction.reservePrice");
        }
        let got: Vec<String> = check_patch(&p).into_iter().map(|v| v.field).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn the_sale_price_is_whole_pounds_in_an_int32_above_zero(
        pounds in prop_oneof![Just(0i64), -1_000i64..0, 1i64..=2_147_483_647, 2_147_483_648i64..=i64::from(u32::MAX)],
        pence in prop_oneof![Just(0u32), 1u32..100],
    ) {
        let price = Decimal::from(pounds) + Decimal::new(i64::from(pence), 2);
        let got: Vec<String> = MarkAsSold::new(price).check().into_iter().map(|v| v.field).collect();
        let ok = price > Decimal::ZERO && pence == 0 && i32::try_from(pounds).is_ok();
        prop_assert_eq!(got.is_empty(), ok);
        if !ok {
            prop_assert_eq!(got, vec!["salePrice".to_owned()]);
        }
    }
}

/// A client of a loopback port nothing listens on: a call that gets past
/// its checks fails fast to connect, without retries.
static OFFLINE: LazyLock<(tokio::runtime::Runtime, Client)> = LazyLock::new(|| {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::builder("user", "password")
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    (rt, client)
});

fn refused_before_sending(kind: ErrorKind, e: &Error) -> Result<(), TestCaseError> {
    prop_assert_eq!(e.kind(), kind, "{}", e);
    prop_assert!(e.status().is_none());
    prop_assert!(!e.to_string().contains('\n'), "{}", e);
    Ok(())
}

proptest! {
    #![proptest_config(cfg(96))]

    #[test]
    fn requests_without_what_they_need_are_refused_before_sending(
        id in prop_oneof![Just(String::new()), "[ \t\n]{1,3}", "[a-z0-9-]{1,12}"],
        filters in prop::collection::vec((0usize..5, "[A-Za-z0-9 ]{0,8}"), 0..3),
        deleted in prop::option::of(any::<bool>()),
        ids in (prop::option::of("[ a-z0-9]{0,6}"), prop::option::of("[ a-z0-9]{0,6}")),
        sale_price in prop_oneof![Just(0u32), 1u32..1000, Just(u32::MAX)],
    ) {
        let (rt, c) = &*OFFLINE;
        let blank = id.trim().is_empty();
        let r = rt.block_on(c.get_stock(&StockId::new(id.clone())));
        if blank {
            refused_before_sending(ErrorKind::InvalidRequest, r.as_ref().unwrap_err())?;
        } else {
            prop_assert_ne!(r.unwrap_err().kind(), ErrorKind::InvalidRequest);
        }
        let mut q = StockSearch::new();
        for (k, v) in &filters {
            q = match k {
                0 => q.customer_id(v.clone()),
                1 => q.stock_id(v.clone()),
                2 => q.vrm(v),
                3 => q.external_stock_id(v.clone()),
                _ => q.external_vendor_id(v.clone()),
            };
        }
        if let Some(d) = deleted {
            q = q.deleted(d);
        }
        let r = rt.block_on(c.search_stock(&q));
        if filters.is_empty() {
            refused_before_sending(ErrorKind::InvalidRequest, r.as_ref().unwrap_err())?;
        } else {
            prop_assert_ne!(r.unwrap_err().kind(), ErrorKind::InvalidRequest);
        }
        let mut body = EndListingEarly::default();
        body.listing_id = ids.0.clone().map(ListingId::new);
        body.stock_id = ids.1.clone().map(StockId::new);
        let named = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
        let r = rt.block_on(c.end_listing_early(&body));
        if named(&ids.0) || named(&ids.1) {
            prop_assert_ne!(r.unwrap_err().kind(), ErrorKind::InvalidRequest);
        } else {
            refused_before_sending(ErrorKind::InvalidRequest, r.as_ref().unwrap_err())?;
        }
        let listing = ListingId::new(if blank { "l-1" } else { &id });
        let r = rt.block_on(c.mark_as_sold(&listing, Decimal::from(sale_price)));
        if sale_price == 0 || i32::try_from(sale_price).is_err() {
            let e = r.unwrap_err();
            refused_before_sending(ErrorKind::Validation, &e)?;
            prop_assert_eq!(e.violations()[0].field.as_str(), "salePrice");
        } else {
            prop_assert_ne!(r.unwrap_err().kind(), ErrorKind::Validation);
        }
    }
}
