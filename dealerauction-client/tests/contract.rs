//! The documentation's examples as contract tests, against a plain wiremock
//! server (no mock logic): the exact requests, the documented responses, and
//! each documented error shape.

use crate::support;

use autoclient_common::contract::assert_contract_eq;
use dealerauction_client::models::*;
use dealerauction_client::{
    Client, ErrorCode, ErrorExt, ErrorKind, Patch, RetryPolicy, check_new_stock,
};
use dealerauction_client::{ListingId, StockId};
use futures_util::TryStreamExt;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use support::new_item;
use testkit::mount_catch_all;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const STOCK_ID: &str = "a10ab562-c0cd-4072-88eb-4115811f5aa1";
const LISTING_ID: &str = "cf17d47a-3ba5-452d-a18f-f03225aa6c27";
/// base64("username:password"), the documentation's curl `--user`.
const BASIC: &str = "Basic dXNlcm5hbWU6cGFzc3dvcmQ=";

fn doc(name: &str) -> Value {
    let text = match name {
        "stock" => include_str!("data/stock-200.json"),
        "search" => include_str!("data/search-200.json"),
        "listing" => include_str!("data/listing-200.json"),
        "sold" => include_str!("data/mark-as-sold-200.json"),
        "end" => include_str!("data/end-listing-early-request.json"),
        "started" => include_str!("data/webhook-listing-started.json"),
        "provisional" => include_str!("data/webhook-listing-provisional.json"),
        "vehicle-sold" => include_str!("data/webhook-vehicle-sold.json"),
        _ => unreachable!(),
    };
    serde_json::from_str(text).unwrap()
}

/// The example with the numbers the schema calls strings turned into strings
/// (what our types send back, as the schema says).
fn as_strings(mut v: Value, pointers: &[&str]) -> Value {
    for p in pointers {
        let slot = v.pointer_mut(p).unwrap();
        *slot = Value::String(match slot {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            other => panic!("{p} is {other}"),
        });
    }
    v
}

const STOCK_STRINGS: &[&str] = &[
    "/publicReference",
    "/customerId",
    "/vehicle/derivative",
    "/vehicle/insuranceGroup",
    "/vehicle/plate",
    "/advert/auction/lotId",
];

fn client(s: &MockServer) -> Client {
    Client::builder("username", "password")
        .base_url(s.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn server(m: &str, p: &str, status: u16, body: Option<Value>) -> MockServer {
    let s = MockServer::start().await;
    let mut t = ResponseTemplate::new(status);
    if let Some(b) = body {
        t = t.set_body_json(b);
    }
    Mock::given(method(m))
        .and(path(p))
        .and(header("authorization", BASIC))
        .respond_with(t)
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    s
}

async fn sent_body(s: &MockServer) -> Value {
    let reqs = s.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1);
    serde_json::from_slice(&reqs[0].body).unwrap()
}

// ---------------------------------------------------------------- the model

#[test]
fn the_full_stock_example_decodes_and_encodes_back_equal() {
    let raw = include_str!("data/stock-200.json");
    let item: StockItem = serde_json::from_str(raw).unwrap();
    // Numbers sent as strings keep their exact text (never through a float).
    assert_eq!(
        item.public_reference.as_ref().unwrap().as_str(),
        "202304198054016"
    );
    assert_eq!(item.customer_id.as_str(), "123456");
    assert_eq!(item.vehicle.derivative.as_ref().unwrap().as_str(), "1.5");
    assert_eq!(
        item.vehicle.insurance_group.as_ref().unwrap().as_str(),
        "10"
    );
    assert_eq!(item.vehicle.plate.as_ref().unwrap().as_str(), "17");
    let auction = item.advert.as_ref().unwrap().auction.as_ref().unwrap();
    assert_eq!(auction.lot_id.as_ref().unwrap().as_str(), "12");
    assert_eq!(auction.auction_type, AuctionType::Bid);
    assert_eq!(
        auction.reserve_price.as_ref().unwrap().value,
        Decimal::from(1500)
    );
    assert_eq!(item.lifecycle_state, Some(LifecycleState::Forecourt));
    assert_eq!(
        item.condition
            .as_ref()
            .unwrap()
            .damage_items
            .as_ref()
            .unwrap()[0]
            .zone,
        DamageZone::Windscreen
    );
    assert_eq!(
        item.images[0].tags.as_deref(),
        Some(&[ImageTag::FrontNearside][..])
    );
    assert_eq!(
        item.additional_data
            .as_ref()
            .unwrap()
            .fields
            .c2b_valuation_range_lower,
        Some(42)
    );
    assert!(item.extra.is_empty() && item.vehicle.extra.is_empty());
    let back = serde_json::to_value(&item).unwrap();
    assert_contract_eq(&as_strings(doc("stock"), STOCK_STRINGS), &back);
}

#[test]
fn unknown_fields_and_values_are_kept_on_the_way_in() {
    let mut v = doc("stock");
    v["futureField"] = json!({"a": 1});
    v["vehicle"]["category"] = json!("Truck");
    v["vehicle"]["newThing"] = json!(true);
    v["condition"]["damageItems"][0]["zone"] = json!("SUNROOF");
    v["images"][0]["tags"] = json!(["drone_shot"]);
    v["additionalData"]["undocumented_key"] = json!("kept");
    v["advert"]["auction"]["startingPrice"]["note"] = json!("x");
    let item: StockItem = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(
        item.vehicle.category,
        VehicleCategory::Unknown("Truck".into())
    );
    assert_eq!(
        item.additional_data.as_ref().unwrap().extra["undocumented_key"],
        "kept"
    );
    assert_contract_eq(
        &as_strings(v, STOCK_STRINGS),
        &serde_json::to_value(&item).unwrap(),
    );
}

#[test]
fn every_value_set_has_its_documented_size() {
    assert_eq!(DamageZone::KNOWN.len(), 33);
    assert_eq!(DamageType::KNOWN.len(), 22);
    assert_eq!(ImageTag::KNOWN.len(), 37);
    assert_eq!(ConditionGrade::KNOWN.len(), 6);
    assert_eq!(ListingStatus::KNOWN.len(), 5);
    assert_eq!(LifecycleState::KNOWN.len(), 5);
    assert_eq!(AuctionType::KNOWN.len(), 4);
    assert_eq!(ConditionGrade::from("U"), ConditionGrade::U);
    assert_eq!(ImageTag::BackSeatRow1.as_str(), "back_seat_row_1");
}

// ---------------------------------------------------------------- get

#[tokio::test]
async fn get_stock_sends_basic_auth_and_decodes_the_example() {
    let s = server(
        "GET",
        &format!("/v1/stock/{STOCK_ID}"),
        200,
        Some(doc("stock")),
    )
    .await;
    let item = client(&s).get_stock(&StockId::new(STOCK_ID)).await.unwrap();
    assert_eq!(item.id, STOCK_ID);
    assert_eq!(item.listing_id.as_deref(), Some(LISTING_ID));
    let e = client(&s).get_stock(&StockId::new(" ")).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    assert_eq!(s.received_requests().await.unwrap().len(), 1);
}

// ---------------------------------------------------------------- PATCH

async fn patched(patch: &StockPatch) -> Value {
    let s = server(
        "PATCH",
        &format!("/v1/stock/{STOCK_ID}"),
        200,
        Some(doc("stock")),
    )
    .await;
    client(&s)
        .update_stock(&StockId::new(STOCK_ID), patch)
        .await
        .unwrap();
    let reqs = s.received_requests().await.unwrap();
    assert_eq!(
        reqs[0].headers.get("content-type").unwrap(),
        "application/json"
    );
    sent_body(&s).await
}

#[tokio::test]
async fn patch_sends_exactly_what_is_set_at_every_level() {
    let cases: Vec<(StockPatch, Value)> = vec![
        (StockPatch::new(), json!({})),
        (
            StockPatch::new().asking_price(Decimal::new(149_950, 2)),
            json!({"advert": {"auction": {"askingPrice": {"value": 1499.50, "currency": "GBP"}}}}),
        ),
        (
            StockPatch::new().deactivate_advert(),
            json!({"advert": {"state": "INACTIVE"}}),
        ),
        (
            StockPatch::new().activate_advert(),
            json!({"advert": {"state": "ACTIVE"}}),
        ),
        (
            StockPatch::new().clear_attention_grabber(),
            json!({"advert": {"attentionGrabber": null}}),
        ),
        (
            StockPatch::new().blank_attention_grabber(),
            json!({"advert": {"attentionGrabber": ""}}),
        ),
        (
            StockPatch::new().replace_images(vec![
                NewImage::new("https://example.com/2.jpg").tag(ImageTag::Interior),
                NewImage::new("https://example.com/1.jpg"),
            ]),
            json!({"images": [
                {"url": "https://example.com/2.jpg", "tags": ["interior"]},
                {"url": "https://example.com/1.jpg"}
            ]}),
        ),
        (
            {
                let mut p = StockPatch::new().mileage(52_000).reserve_price(2_000);
                p.metadata_mut().external_stock_id = Patch::Value("STK-9".into());
                p.vehicle_mut().colour = Patch::Null;
                p.vehicle_mut().trim = dealerauction_client::models::blank();
                p.condition_mut().external_condition_grade = Patch::Value(ConditionGrade::U);
                p.condition_mut().damage_items = Patch::Null;
                p.additional_data_mut().taxi = Patch::Value(false);
                p.additional_data_mut().odour_note = Patch::Null;
                p.auction_mut().buy_now_price = Patch::Null;
                p.video_url = Patch::Null;
                p
            },
            json!({
                "metadata": {"externalStockId": "STK-9"},
                "vehicle": {"mileage": 52000, "colour": null, "trim": ""},
                "advert": {"auction": {"reservePrice": {"value": 2000, "currency": "GBP"}, "buyNowPrice": null}},
                "condition": {"externalConditionGrade": "U", "damageItems": null},
                "videoUrl": null,
                "additionalData": {"taxi": false, "odour_note": null}
            }),
        ),
    ];
    for (patch, expected) in cases {
        let sent = patched(&patch).await;
        assert_contract_eq(&expected, &sent);
        // The patch reads back from its JSON with the same absent / null / value.
        let back: StockPatch = serde_json::from_value(expected.clone()).unwrap();
        assert_eq!(back, patch);
        // Exact text, not only contract equality.
        assert_eq!(sent, expected);
    }
}

#[tokio::test]
async fn the_full_document_patch_drops_exactly_the_read_only_fields() {
    let item: StockItem = serde_json::from_value(doc("stock")).unwrap();
    let sent = patched(&item.to_full_patch()).await;
    let mut expected = as_strings(doc("stock"), STOCK_STRINGS);
    let o = expected.as_object_mut().unwrap();
    for k in [
        "id",
        "listingId",
        "createdDate",
        "updatedDate",
        "publicReference",
        "lifecycleState",
        "capTaxonomy",
        "advertiser",
    ] {
        o.remove(k);
    }
    expected["vehicle"]
        .as_object_mut()
        .unwrap()
        .remove("derivativeId");
    for k in ["createdDate", "updatedDate"] {
        expected["advert"].as_object_mut().unwrap().remove(k);
    }
    for k in ["platformUrl", "uploaded"] {
        expected["images"][0].as_object_mut().unwrap().remove(k);
    }
    assert_contract_eq(&expected, &sent);
}

#[tokio::test]
async fn a_patch_is_retried_on_502_but_a_create_is_not() {
    let s = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(502).set_body_json(
            json!({"errorCode": "SERVER_ERROR", "errorMessage": "An unexpected error has occurred"}),
        ))
        .up_to_n_times(1)
        .mount(&s)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(doc("stock")))
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_json(
            json!({"errorCode": "SERVER_ERROR", "errorMessage": "An unexpected error has occurred"}),
        ))
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let c = Client::builder("username", "password")
        .base_url(s.uri())
        .retry(RetryPolicy::default().with_base_delay(std::time::Duration::from_millis(1)))
        .build()
        .unwrap();
    let item = c
        .update_stock(&StockId::new(STOCK_ID), &StockPatch::new().mileage(1))
        .await
        .unwrap();
    assert_eq!(item.id, STOCK_ID);
    let e = c.create_stock(&new_item()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutcomeUnknown);
    // Activating and changing the auction at once is not repeated: a second
    // attempt would meet the running auction.
    Mock::given(method("PATCH"))
        .and(path("/v1/stock/started"))
        .respond_with(ResponseTemplate::new(502))
        .with_priority(1)
        .mount(&s)
        .await;
    let e = c
        .update_stock(
            &StockId::new("started"),
            &StockPatch::new().reserve_price(2_000).activate_advert(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(e.attempts(), 1);
    let posts = s
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(posts, 1);
}

// ---------------------------------------------------------------- create

fn new_item_json() -> Value {
    json!({
        "metadata": {"externalStockId": "string", "externalVendorId": "string"},
        "customerId": "123456",
        "vehicle": {
            "vrm": "AB17ABC", "category": "Car", "mileage": 51234, "yearOfManufacture": 2018,
            "dateOfRegistration": "2018-06-01", "ownershipCondition": "NEW", "make": "Citroen",
            "model": "Saxo", "derivative": "1.5", "insuranceGroup": "10",
            "engineSize": {"unit": "LITRE", "value": 1.2},
            "serviceHistory": "FULL_SERVICE_HISTORY", "plate": "17",
            "stolen": false, "imported": false, "exported": false, "scrapped": false,
            "writeoffCategory": "C"
        },
        "advert": {
            "state": "INACTIVE",
            "auction": {
                "type": "BID", "lotId": "12",
                "startingPrice": {"value": 1500, "currency": "GBP"},
                "reservePrice": {"value": 1500, "currency": "GBP"}
            },
            "attentionGrabber": "This is a really great car",
            "tradeVatStatus": "MARGINAL"
        },
        "features": [{"description": "DAB Radio", "standard": false}],
        "condition": {"externalConditionGrade": "1", "damageItems": [{"zone": "WINDSCREEN", "damageType": "BROKEN"}]},
        "videoUrl": "https://www.youtube.com/watch?v=yIQd2Ya0Ziw&ab_channel=Calm",
        "images": [{"url": "https://example.com/1.jpg", "tags": ["front_nearside"]}],
        "additionalData": {"taxi": true}
    })
}

#[tokio::test]
async fn create_sends_the_documented_shape_and_decodes_the_stock_document() {
    let s = server("POST", "/v1/stock", 200, Some(doc("stock"))).await;
    let created = client(&s).create_stock(&new_item()).await.unwrap();
    assert_eq!(created.id, STOCK_ID);
    assert_eq!(sent_body(&s).await, new_item_json());
    // A create body reads back into the same value.
    let back: NewStockItem = serde_json::from_value(new_item_json()).unwrap();
    assert_eq!(back, new_item());
}

#[tokio::test]
async fn a_201_create_is_accepted_too() {
    let s = server("POST", "/v1/stock", 201, Some(doc("stock"))).await;
    assert!(client(&s).create_stock(&new_item()).await.is_ok());
}

#[tokio::test]
async fn a_409_is_a_typed_conflict_carrying_the_vrm() {
    let s = server(
        "POST",
        "/v1/stock",
        409,
        Some(json!({"errorCode": "STOCK_ALREADY_EXISTS", "vrm": "AB17ABC"})),
    )
    .await;
    let e = client(&s).create_stock(&new_item()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    assert_eq!(
        e.stock_already_exists().unwrap().vrm.as_deref(),
        Some("AB17ABC")
    );
    assert_eq!(e.error_code(), Some(&ErrorCode::StockAlreadyExists));
    assert!(e.to_string().contains("STOCK_ALREADY_EXISTS"), "{e}");
    assert!(e.to_string().contains("AB17ABC"), "{e}");
}

#[tokio::test]
async fn checks_refuse_before_sending_and_can_be_skipped() {
    let s = server("POST", "/v1/stock", 200, Some(doc("stock"))).await;
    let mut bad = new_item();
    bad.images.clear();
    bad.vehicle.vrm = Some("ab17 abc".into());
    bad.condition_report_url = Some(format!("https://x.example/{}", "a".repeat(500)));
    bad.video_url = Some("https://vimeo.com/1".into());
    let advert = bad.advert.as_mut().unwrap();
    advert.attention_grabber = Some("x".repeat(101));
    advert.description = Some("x".repeat(2001));
    advert.auction.as_mut().unwrap().reserve_price = Some(Price::gbp(50));
    let e = client(&s).create_stock(&bad).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(e.attempts(), 0);
    let fields: Vec<&str> = e.violations().iter().map(|v| v.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "images",
            "vehicle.vrm",
            "conditionReportUrl",
            "videoUrl",
            "advert.attentionGrabber",
            "advert.description",
            "advert.auction.reservePrice"
        ]
    );
    assert!(s.received_requests().await.unwrap().is_empty());
    client(&s).create_stock_unchecked(&bad).await.unwrap();
    assert_eq!(s.received_requests().await.unwrap().len(), 1);

    // Limits are inclusive; the reserve must be strictly above £50; a
    // sealed bid needs one, a buy-now does not.
    let mut edge = new_item();
    edge.condition_report_url = Some("a".repeat(500));
    let advert = edge.advert.as_mut().unwrap();
    advert.attention_grabber = Some("é".repeat(100));
    advert.description = Some("x".repeat(2000));
    advert.auction.as_mut().unwrap().reserve_price = Some(Price::gbp(Decimal::new(5001, 2)));
    assert!(check_new_stock(&edge).is_empty());
    let mut sealed = new_item();
    sealed.advert.as_mut().unwrap().auction = Some(Auction::new(AuctionType::SealedBid));
    assert_eq!(check_new_stock(&sealed).len(), 1);
    let mut buy_now = new_item();
    buy_now.advert.as_mut().unwrap().auction =
        Some(Auction::new(AuctionType::BuyNow).buy_now_price(Price::gbp(10)));
    assert!(check_new_stock(&buy_now).is_empty());
}

#[tokio::test]
async fn patch_checks_refuse_before_sending() {
    let s = server(
        "PATCH",
        &format!("/v1/stock/{STOCK_ID}"),
        200,
        Some(doc("stock")),
    )
    .await;
    let mut p = StockPatch::new()
        .replace_images(vec![])
        .description("x".repeat(2001));
    p.auction_mut().auction_type = Patch::Value(AuctionType::Bid);
    p.auction_mut().reserve_price = Patch::Null;
    let e = client(&s)
        .update_stock(&StockId::new(STOCK_ID), &p)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(e.violations().len(), 3, "{e}");
    let mut no_images = StockPatch::default();
    no_images.images = Patch::Null;
    assert_eq!(no_images.check().len(), 1);
    // A blank video URL is the documented way to blank it.
    let mut blank_video = StockPatch::default();
    blank_video.video_url = dealerauction_client::models::blank();
    assert!(blank_video.check().is_empty());
    assert!(s.received_requests().await.unwrap().is_empty());
    client(&s)
        .update_stock_unchecked(&StockId::new(STOCK_ID), &p)
        .await
        .unwrap();
}

// ---------------------------------------------------------------- search

#[tokio::test]
async fn search_sends_repeated_keys_and_decodes_the_example() {
    let s = server("GET", "/v1/stock", 200, Some(doc("search"))).await;
    let q = StockSearch::new()
        .customer_id("123456")
        .vrm("AB17ABC")
        .vrm("cd18 def")
        .external_stock_id("E1")
        .deleted(false)
        .page_number(2)
        .page_size(10);
    let page = client(&s).search_stock(&q).await.unwrap();
    let reqs = s.received_requests().await.unwrap();
    assert_eq!(
        reqs[0].url.query(),
        Some(
            "customerId=123456&vrm=AB17ABC&vrm=CD18DEF&externalStockId=E1&deleted=false&pageNumber=2&pageSize=10"
        )
    );
    let item = &page.stock_items[0];
    assert_eq!(
        item.public_reference.as_ref().unwrap().as_str(),
        "202304198054016"
    );
    assert_eq!(item.vrm.as_deref(), Some("AB17ABC"));
    assert!(item.create_date.is_some());
    assert_eq!(page.paginator.as_ref().unwrap().last_page, Some(3));
    let back = serde_json::to_value(&page).unwrap();
    assert_contract_eq(
        &as_strings(
            doc("search"),
            &["/stockItems/0/publicReference", "/stockItems/0/customerId"],
        ),
        &back,
    );
}

#[tokio::test]
async fn a_search_without_a_filter_is_refused_before_sending() {
    let s = MockServer::start().await;
    mount_catch_all(&s).await;
    let q = StockSearch::new().deleted(true).page_size(10);
    let e = client(&s).search_stock(&q).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    let items: Result<Vec<_>, _> = client(&s).search_stock_stream(q).try_collect().await;
    assert_eq!(items.unwrap_err().kind(), ErrorKind::InvalidRequest);
}

#[tokio::test]
async fn the_search_stream_walks_every_page() {
    let s = MockServer::start().await;
    for page in 1..=3u32 {
        let mut body = doc("search");
        body["stockItems"][0]["id"] = json!(format!("item-{page}"));
        body["paginator"]["currentPage"] = json!(page);
        Mock::given(method("GET"))
            .and(path("/v1/stock"))
            .and(query_param("pageNumber", page.to_string()))
            .and(query_param("vrm", "AB17ABC"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&s)
            .await;
    }
    mount_catch_all(&s).await;
    let ids: Vec<StockId> = client(&s)
        .search_stock_stream(StockSearch::new().vrm("AB17ABC"))
        .map_ok(|i| i.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["item-1", "item-2", "item-3"]);
}

// ---------------------------------------------------------------- listings

#[tokio::test]
async fn get_listing_decodes_the_example() {
    let s = server(
        "GET",
        &format!("/v1/listings/{LISTING_ID}"),
        200,
        Some(doc("listing")),
    )
    .await;
    let l = client(&s)
        .get_listing(&ListingId::new(LISTING_ID))
        .await
        .unwrap();
    assert_eq!(l.status, ListingStatus::InProgress);
    assert_eq!(l.auction.bids[0].value, Decimal::from(6000));
    assert_eq!(l.negotiation.asking_price, Some(Decimal::from(5000)));
    assert_eq!(
        l.sale.as_ref().unwrap().buyer.as_ref().unwrap().contacts[0].contact_type,
        Some(ContactType::User)
    );
    assert_contract_eq(&doc("listing"), &serde_json::to_value(&l).unwrap());
}

#[tokio::test]
async fn mark_as_sold_sends_the_sale_price_and_decodes_the_example() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/listings/{LISTING_ID}/mark-as-sold")))
        .and(header("authorization", BASIC))
        .and(body_json(json!({"salePrice": 5000})))
        .respond_with(ResponseTemplate::new(200).set_body_json(doc("sold")))
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let l = client(&s)
        .mark_as_sold(&ListingId::new(LISTING_ID), Decimal::from(5000))
        .await
        .unwrap();
    let buyer = l.negotiation.buyer.as_ref().unwrap();
    assert_eq!(
        buyer.external_account_ids.as_ref().unwrap()["providerName"],
        "exampleID"
    );
    assert_contract_eq(&doc("sold"), &serde_json::to_value(&l).unwrap());
}

#[tokio::test]
async fn mark_as_not_sold_sends_no_body() {
    let s = server(
        "POST",
        &format!("/v1/listings/{LISTING_ID}/mark-as-not-sold"),
        200,
        Some(doc("listing")),
    )
    .await;
    client(&s)
        .mark_as_not_sold(&ListingId::new(LISTING_ID))
        .await
        .unwrap();
    let reqs = s.received_requests().await.unwrap();
    assert!(reqs[0].body.is_empty());
    assert!(reqs[0].headers.get("content-type").is_none());
}

#[tokio::test]
async fn end_listing_early_sends_the_documented_body_and_accepts_an_empty_200() {
    let s = server("POST", "/v1/testing/set-auction-end-time", 200, None).await;
    let mut body =
        EndListingEarly::listing("string").end_time("2025-05-04T09:42:00Z".parse().unwrap());
    body.stock_id = Some(StockId::new("string"));
    client(&s).end_listing_early(&body).await.unwrap();
    assert_contract_eq(&doc("end"), &sent_body(&s).await);
    let e = client(&s)
        .end_listing_early(&EndListingEarly::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
}

// ---------------------------------------------------------------- errors

#[tokio::test]
async fn each_documented_error_shape_is_typed() {
    let invalid = json!({
        "errorCode": "INVALID_STOCK_ITEM",
        "errorMessage": "An error message",
        "errors": [{"message": "An error has occurred", "key": "string"}]
    });
    let server_error =
        json!({"errorCode": "SERVER_ERROR", "errorMessage": "An unexpected error has occurred"});
    let cases = [
        (400, invalid.clone(), ErrorKind::Validation),
        (400, server_error.clone(), ErrorKind::Validation),
        (403, server_error.clone(), ErrorKind::Forbidden),
        (404, server_error.clone(), ErrorKind::NotFound),
        (429, server_error.clone(), ErrorKind::RateLimited),
        (500, server_error.clone(), ErrorKind::Server),
        (502, server_error.clone(), ErrorKind::Server),
    ];
    for (status, body, kind) in cases {
        let s = server(
            "GET",
            &format!("/v1/listings/{LISTING_ID}"),
            status,
            Some(body.clone()),
        )
        .await;
        let e = client(&s)
            .get_listing(&ListingId::new(LISTING_ID))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), kind, "{status}");
        assert_eq!(e.status().unwrap().as_u16(), status);
        let api = e.api_error().unwrap();
        assert_contract_eq(&body, &serde_json::to_value(api).unwrap());
        let shown = e.to_string();
        assert!(!shown.contains('\n'));
        if body == invalid {
            assert_eq!(e.error_code(), Some(&ErrorCode::InvalidStockItem));
            assert_eq!(e.field_errors()[0].key.as_deref(), Some("string"));
            assert!(shown.contains("string: An error has occurred"), "{shown}");
        } else {
            assert_eq!(e.error_code(), Some(&ErrorCode::ServerError));
            assert!(e.field_errors().is_empty());
            assert!(
                shown.contains("An unexpected error has occurred"),
                "{shown}"
            );
        }
        assert!(e.stock_already_exists().is_none());
    }
}

#[tokio::test]
async fn an_error_body_that_is_not_json_is_kept_as_text() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(502).set_body_string("<html><title>Bad Gateway</title></html>"),
        )
        .mount(&s)
        .await;
    let e = client(&s)
        .get_stock(&StockId::new(STOCK_ID))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
    assert!(e.api_error().is_none());
    assert!(e.to_string().ends_with("Bad Gateway"), "{e}");
}

#[test]
fn the_password_never_prints() {
    let b = Client::builder("dealer", "s3cret-pass");
    assert!(!format!("{b:?}").contains("s3cret-pass"));
    let c = b.build().unwrap();
    assert!(!format!("{c:?}").contains("s3cret-pass"));
    assert!(format!("{c:?}").contains("dealer"));
}

// ---------------------------------------------------------------- webhooks

#[test]
fn the_three_webhook_examples_decode_and_encode_back_equal() {
    for name in ["started", "provisional", "vehicle-sold"] {
        let v = doc(name);
        let e: WebhookEvent = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(e.event_type(), v["type"]);
        assert_eq!(
            e.envelope().unwrap().listing_id,
            "000004ca-e5b9-428e-bea7-ed7ea827ffbb"
        );
        let back = serde_json::to_value(&e).unwrap();
        assert_contract_eq(&v, &back);
        // The offset is kept as sent.
        assert!(back["eventDate"].as_str().unwrap().ends_with("+01:00"));
    }
    let sold = WebhookEvent::from_slice(include_bytes!("data/webhook-vehicle-sold.json")).unwrap();
    let WebhookEvent::VehicleSold(sold) = sold else {
        panic!("not vehicle.sold")
    };
    assert_eq!(sold.sale_price, Price::gbp(1500));
    assert_eq!(sold.buyer_id, "1000");
    let started =
        WebhookEvent::from_slice(include_bytes!("data/webhook-listing-started.json")).unwrap();
    let WebhookEvent::ListingStarted(started) = started else {
        panic!("not listing.started")
    };
    assert_eq!(started.auction.auction_type, AuctionType::SealedBid);
    assert_eq!(started.auction.reserve_price, Some(Decimal::from(1000)));
}

#[test]
fn unknown_webhook_events_are_kept_whole() {
    let v = json!({"type": "listing.cancelled", "eventId": "e1", "reason": "seller"});
    let e: WebhookEvent = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(e.event_type(), "listing.cancelled");
    assert!(e.envelope().is_none());
    assert_eq!(serde_json::to_value(&e).unwrap(), v);
    // A documented event missing a required field is an error, not "other".
    assert!(WebhookEvent::from_slice(br#"{"type":"vehicle.sold","eventId":"1"}"#).is_err());
}

#[test]
fn a_typed_webhook_event_that_does_not_decode_names_the_path_inside_it() {
    let mut v = doc("started");
    v["auction"]["reservePrice"] = json!("a thousand");
    let e = WebhookEvent::from_slice(v.to_string().as_bytes()).unwrap_err();
    assert!(e.to_string().starts_with("auction.reservePrice: "), "{e}");
    let mut v = doc("vehicle-sold");
    v["salePrice"] = json!({"value": "lots", "currency": "GBP"});
    let e = WebhookEvent::from_slice(v.to_string().as_bytes()).unwrap_err();
    assert!(e.to_string().starts_with("salePrice.value: "), "{e}");
    // The envelope's fields are flattened into each event (where serde
    // loses their place); their failures name their path too.
    let mut v = doc("vehicle-sold");
    v["eventDate"] = json!("yesterday");
    let e = WebhookEvent::from_slice(v.to_string().as_bytes()).unwrap_err();
    assert!(e.to_string().starts_with("eventDate: "), "{e}");
    assert!(e.to_string().contains("invalid characters"), "{e}");
    let mut v = doc("started");
    v["stockId"] = json!(7);
    let e = WebhookEvent::from_slice(v.to_string().as_bytes()).unwrap_err();
    assert!(e.to_string().starts_with("stockId: "), "{e}");
    // A missing field is missing from the event itself: no path to name.
    let mut v = doc("provisional");
    v.as_object_mut().unwrap().remove("listingId");
    let e = WebhookEvent::from_slice(v.to_string().as_bytes()).unwrap_err();
    assert!(
        e.to_string().starts_with("missing field `listingId`"),
        "{e}"
    );
}
