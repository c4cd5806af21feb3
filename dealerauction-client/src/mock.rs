//! An in-process, stateful fake of the Dealer Auction stock and listings API
//! (feature `mock`), for our tests, the examples, and your own integration
//! tests.
//!
//! It runs on a local port (on wiremock) and behaves as documented:
//!
//! * HTTP Basic credentials are checked on every request.
//! * `POST /v1/stock` validates the required fields and the documented rules
//!   (400 `INVALID_STOCK_ITEM` with `errors`), refuses a customer account that
//!   is not yours (403), and a second stock item with the same VRM for a
//!   customer (409 `STOCK_ALREADY_EXISTS` with the `vrm`). It fills in the
//!   read-only fields (`id`, dates, `publicReference`, `lifecycleState`,
//!   image `platformUrl` / `uploaded`).
//! * `PATCH /v1/stock/{id}` applies each field as sent: absent is unchanged,
//!   `null` clears, `""` blanks, a value replaces; nested objects are merged,
//!   arrays replaced; read-only fields are ignored. A patch touching
//!   `advert.auction` while the listing is running is refused (400). The
//!   documented rules are checked on the document as patched, so an
//!   `availableUntil` before the stored auction end is refused even when the
//!   patch sets only one of the two.
//! * The Required fields of nested objects are checked on the document as
//!   created or patched: an `advert.auction` without its `type` (say, a
//!   patch that sets an asking price on an item without an auction), a
//!   price without `value` or `currency`, an `engineSize` without `unit` or
//!   `value`, a feature without `description`, a damage item without `zone`
//!   or `damageType` are refused (400 `INVALID_STOCK_ITEM`).
//! * `GET /v1/stock` filters (repeated keys; several values of one filter
//!   match any, different filters must all match), pages (`pageNumber`,
//!   `pageSize`), and returns nothing without a filter. Deleted items are
//!   included only with `deleted=true`.
//! * Listings: an advert going ACTIVE starts a listing (IN_PROGRESS), going
//!   INACTIVE cancels it. [`MockDealerAuction::place_bid`] bids on it;
//!   ending it (the test endpoint or [`MockDealerAuction::end_listing`]) makes
//!   it SOLD (reserve met), PROVISIONAL (bids below the reserve) or NOT_SOLD
//!   (no bid). Mark as sold needs a PROVISIONAL listing with a bid; mark as
//!   not sold a PROVISIONAL or SOLD one.
//!
//! Where the documentation says nothing, the mock chooses (these are the
//! mock's, not the API's): 401 `UNAUTHORIZED` for bad credentials, 404
//! `NOT_FOUND`, 403 `FORBIDDEN`, 400 `INVALID_LISTING_STATE` for a listing
//! action in the wrong state, 200 for a create.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use dealerauction_client::mock::{MockDealerAuction, MOCK_CUSTOMER_ID};
//! use dealerauction_client::models::*;
//! let mock = MockDealerAuction::start().await;
//! let client = mock.client();
//! let vehicle = NewVehicle::new(
//!     VehicleCategory::Car, OwnershipCondition::Used, "Ford", "Fiesta", VehicleHistory::clean(),
//! ).vrm("AB17ABC");
//! let item = NewStockItem::new(MOCK_CUSTOMER_ID, vehicle).image(NewImage::new("https://example.com/1.jpg"));
//! let created = client.create_stock(&item).await.unwrap();
//! assert_eq!(mock.stock_item(&created.id).unwrap()["vehicle"]["make"], "Ford");
//! # });
//! ```

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use autoclient_common::mock::basic_credentials;
pub use autoclient_common::mock::{Fault, FaultQueue};
use autoclient_common::{ClientConfig, RetryPolicy};
use chrono::{DateTime, SecondsFormat, Utc};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
/// A request the mock received (method, URL, headers, body), as
/// [`MockDealerAuction::received_requests`] returns it.
#[doc(no_inline)]
pub use wiremock::Request as ReceivedRequest;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use crate::{Client, ListingId, StockId};

/// The username [`MockDealerAuction::start`] accepts.
pub const MOCK_USERNAME: &str = "mock-dealer";
/// The password [`MockDealerAuction::start`] accepts.
pub const MOCK_PASSWORD: &str = "mock-password";
/// The customer account id the mock's credentials own.
pub const MOCK_CUSTOMER_ID: &str = "123456";

const READ_ONLY_TOP: &[&str] = &[
    "id",
    "listingId",
    "createdDate",
    "updatedDate",
    "publicReference",
    "lifecycleState",
    "capTaxonomy",
    "advertiser",
];

#[derive(Debug, Default)]
struct State {
    stock: BTreeMap<String, Value>,
    order: Vec<String>,
    listings: BTreeMap<String, Value>,
    next: u64,
}

impl State {
    fn id(&mut self) -> String {
        self.next += 1;
        format!("00000000-0000-4000-8000-{:012x}", self.next)
    }
}

/// A running fake Dealer Auction. Dropping it stops the server.
#[derive(Debug)]
pub struct MockDealerAuction {
    server: MockServer,
    state: Arc<Mutex<State>>,
    faults: FaultQueue,
}

struct Handler {
    state: Arc<Mutex<State>>,
    faults: FaultQueue,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn error(status: u16, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"errorCode": code, "errorMessage": message}))
}

fn invalid(errors: Vec<(String, String)>) -> ResponseTemplate {
    let list: Vec<Value> = errors
        .into_iter()
        .map(|(key, message)| json!({"message": message, "key": key}))
        .collect();
    ResponseTemplate::new(400).set_body_json(json!({
        "errorCode": "INVALID_STOCK_ITEM",
        "errorMessage": "The stock item is not valid",
        "errors": list,
    }))
}

fn ok(body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn decimal(v: &Value) -> Option<Decimal> {
    text(v).and_then(|s| autoclient_common::wire::parse_decimal(&s).ok())
}

fn number(d: Decimal) -> Value {
    serde_json::from_str(&d.normalize().to_string()).unwrap_or(Value::Null)
}

/// The documented rules on a whole (created or patched) stock document.
fn validate(doc: &Value) -> Vec<(String, String)> {
    let mut e = Vec::new();
    let mut need = |ok: bool, key: &str, msg: &str| {
        if !ok {
            e.push((key.to_owned(), msg.to_owned()));
        }
    };
    need(doc["metadata"].is_object(), "metadata", "is required");
    need(
        text(&doc["customerId"]).is_some(),
        "customerId",
        "is required",
    );
    let v = &doc["vehicle"];
    need(v.is_object(), "vehicle", "is required");
    for k in ["category", "ownershipCondition", "make", "model"] {
        need(
            v[k].as_str().is_some_and(|s| !s.trim().is_empty()),
            &format!("vehicle.{k}"),
            "is required",
        );
    }
    for k in ["stolen", "imported", "exported", "scrapped"] {
        need(v[k].is_boolean(), &format!("vehicle.{k}"), "is required");
    }
    need(doc["features"].is_array(), "features", "is required");
    need(
        doc["images"].as_array().is_some_and(|a| !a.is_empty()),
        "images",
        "at least one image is required",
    );
    let len = |x: &Value| x.as_str().map_or(0, |s| s.chars().count());
    need(
        len(&doc["conditionReportUrl"]) <= 500,
        "conditionReportUrl",
        "maximum length is 500",
    );
    need(
        len(&doc["advert"]["attentionGrabber"]) <= 100,
        "advert.attentionGrabber",
        "maximum length is 100",
    );
    need(
        len(&doc["advert"]["description"]) <= 2000,
        "advert.description",
        "maximum length is 2000",
    );
    if let Some(url) = doc["videoUrl"].as_str()
        && !url.is_empty()
    {
        need(
            crate::is_youtube_url(url),
            "videoUrl",
            "only YouTube is supported",
        );
    }
    // The Required fields of nested objects and array items: a patch that
    // creates `advert.auction` without its `type` (say, an asking price on
    // an item without an auction) is refused, as the schema requires.
    let auction = &doc["advert"]["auction"];
    if auction.is_object() {
        need(
            auction["type"].as_str().is_some_and(|s| !s.is_empty()),
            "advert.auction.type",
            "is required",
        );
        for k in [
            "startingPrice",
            "reservePrice",
            "askingPrice",
            "buyNowPrice",
        ] {
            let p = &auction[k];
            if !p.is_null() {
                need(
                    decimal(&p["value"]).is_some() && p["currency"].is_string(),
                    &format!("advert.auction.{k}"),
                    "value and currency are required",
                );
            }
        }
    }
    let engine = &doc["vehicle"]["engineSize"];
    if !engine.is_null() {
        need(
            engine["unit"].is_string() && decimal(&engine["value"]).is_some(),
            "vehicle.engineSize",
            "unit and value are required",
        );
    }
    if let Some(features) = doc["features"].as_array() {
        need(
            features.iter().all(|f| f["description"].is_string()),
            "features.description",
            "is required",
        );
    }
    if let Some(items) = doc["condition"]["damageItems"].as_array() {
        need(
            items
                .iter()
                .all(|d| d["zone"].is_string() && d["damageType"].is_string()),
            "condition.damageItems",
            "zone and damageType are required",
        );
    }
    if matches!(auction["type"].as_str(), Some("BID" | "SEALED_BID")) {
        let reserve = decimal(&auction["reservePrice"]["value"]);
        need(
            reserve.is_some_and(|r| r > Decimal::from(50)),
            "advert.auction.reservePrice",
            "For an auction to be considered valid, you must supply a reserve price greater than £50",
        );
    }
    let instant = |x: &Value| x.as_str().and_then(|s| s.parse::<DateTime<Utc>>().ok());
    if let (Some(end), Some(until)) = (
        instant(&auction["endDate"]),
        instant(&doc["availableUntil"]),
    ) {
        need(
            end <= until,
            "advert.auction.endDate",
            "If an availableUntil is specified, auction time must end before or at this point",
        );
    }
    e
}

/// Applies a patch: absent unchanged, null removed, objects merged, anything
/// else replaced.
fn merge(target: &mut Map<String, Value>, patch: &Map<String, Value>, skip: &[&str]) {
    for (k, v) in patch {
        if skip.contains(&k.as_str()) {
            continue;
        }
        match v {
            Value::Null => {
                target.remove(k);
            }
            Value::Object(p) => {
                let slot = target
                    .entry(k.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if !slot.is_object() {
                    *slot = Value::Object(Map::new());
                }
                if let Value::Object(t) = slot {
                    let nested_skip: &[&str] = match k.as_str() {
                        "vehicle" => &["derivativeId"],
                        "advert" => &["createdDate", "updatedDate"],
                        _ => &[],
                    };
                    merge(t, p, nested_skip);
                }
            }
            other => {
                target.insert(k.clone(), other.clone());
            }
        }
    }
}

fn host_images(doc: &mut Value) {
    if let Some(images) = doc["images"].as_array_mut() {
        for (i, img) in images.iter_mut().enumerate() {
            if let Some(o) = img.as_object_mut() {
                o.remove("platformUrl");
                o.remove("uploaded");
                o.insert(
                    "platformUrl".into(),
                    json!(format!("https://cdn.mock.invalid/images/{i}.jpg")),
                );
                o.insert("uploaded".into(), json!(true));
            }
        }
    }
}

fn summary(doc: &Value) -> Value {
    let mut s = Map::new();
    let mut put = |k: &str, v: &Value| {
        if !v.is_null() {
            s.insert(k.to_owned(), v.clone());
        }
    };
    put("id", &doc["id"]);
    put("publicReference", &doc["publicReference"]);
    put("customerId", &doc["customerId"]);
    put("lifecycleState", &doc["lifecycleState"]);
    put("externalStockId", &doc["metadata"]["externalStockId"]);
    put("externalVendorId", &doc["metadata"]["externalVendorId"]);
    put("vrm", &doc["vehicle"]["vrm"]);
    put("vin", &doc["vehicle"]["vin"]);
    put("createDate", &doc["createdDate"]);
    put("availableUntil", &doc["availableUntil"]);
    if doc["advert"].is_object() {
        let a = &doc["advert"];
        let mut advert = json!({"state": a["state"]});
        if a["auction"].is_object() {
            let mut auction = Map::new();
            for k in ["type", "startDate", "endDate"] {
                if !a["auction"][k].is_null() {
                    auction.insert(k.to_owned(), a["auction"][k].clone());
                }
            }
            advert["auction"] = Value::Object(auction);
        }
        s.insert("advert".into(), advert);
    }
    Value::Object(s)
}

fn buyer() -> Value {
    json!({
        "tradingName": "Mock Trade Buyer Ltd",
        "contacts": [{
            "type": "USER", "title": "Ms", "firstName": "Mock", "lastName": "Buyer",
            "email": "buyer@example.com", "mobileNumber": "07700900000"
        }],
        "address": {"line1": "1 Test Street", "town": "Manchester", "postcode": "M1 1AA"}
    })
}

impl State {
    fn start_listing(&mut self, stock_id: &str) {
        let id = self.id();
        let Some(doc) = self.stock.get_mut(stock_id) else {
            return;
        };
        let a = &doc["advert"]["auction"];
        let t = now();
        let mut auction = json!({
            "created": t, "startTime": a["startDate"].as_str().unwrap_or(&t),
            "bids": [], "reserveMet": false,
            "type": a["type"].as_str().unwrap_or("BUY_NOW"),
        });
        if let Some(end) = a["endDate"].as_str() {
            auction["endTime"] = json!(end);
        }
        for (from, to) in [
            ("reservePrice", "reservePrice"),
            ("buyNowPrice", "buyNowPrice"),
            ("startingPrice", "currentPrice"),
        ] {
            if let Some(v) = decimal(&a[from]["value"]) {
                auction[to] = number(v);
            }
        }
        let mut negotiation = json!({});
        if let Some(v) = decimal(&a["askingPrice"]["value"]) {
            negotiation["askingPrice"] = number(v);
        }
        let listing = json!({
            "id": id, "stockId": stock_id, "status": "IN_PROGRESS",
            "auction": auction, "negotiation": negotiation,
        });
        doc["listingId"] = json!(id);
        doc["lifecycleState"] = json!("SALE_IN_PROGRESS");
        self.listings.insert(id, listing);
    }

    fn running_listing(&self, doc: &Value) -> Option<String> {
        let id = doc["listingId"].as_str()?;
        (self.listings.get(id)?["status"] == "IN_PROGRESS").then(|| id.to_owned())
    }

    fn set_lifecycle(&mut self, stock_id: &Value, state: &str) {
        if let Some(doc) = stock_id.as_str().and_then(|id| self.stock.get_mut(id)) {
            doc["lifecycleState"] = json!(state);
        }
    }

    fn end_listing(&mut self, listing_id: &str, end: Option<&str>) -> Result<Value, String> {
        let listing = self
            .listings
            .get_mut(listing_id)
            .ok_or_else(|| format!("listing {listing_id} not found"))?;
        if listing["status"] != "IN_PROGRESS" {
            return Err(format!("listing {listing_id} is not in progress"));
        }
        listing["auction"]["endTime"] = json!(end.map_or_else(now, str::to_owned));
        let bids = listing["auction"]["bids"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let best = bids.iter().filter_map(|b| decimal(&b["value"])).max();
        let status = match best {
            None => "NOT_SOLD",
            Some(_) if listing["auction"]["reserveMet"] == true => "SOLD",
            Some(_) => "PROVISIONAL",
        };
        listing["status"] = json!(status);
        if status == "SOLD"
            && let Some(price) = best
        {
            listing["sale"] = json!({"buyer": buyer(), "price": number(price)});
        }
        let listing = listing.clone();
        let lifecycle = if status == "SOLD" {
            "SOLD"
        } else {
            "FORECOURT"
        };
        self.set_lifecycle(&listing["stockId"], lifecycle);
        Ok(listing)
    }

    fn bid(&mut self, listing_id: &str, value: Decimal) -> Result<(), String> {
        let listing = self
            .listings
            .get_mut(listing_id)
            .ok_or_else(|| format!("listing {listing_id} not found"))?;
        if listing["status"] != "IN_PROGRESS" {
            return Err(format!("listing {listing_id} is not in progress"));
        }
        let a = &mut listing["auction"];
        if let Some(bids) = a["bids"].as_array_mut() {
            bids.push(json!({"value": number(value), "time": now()}));
        }
        a["currentPrice"] = number(value);
        if decimal(&a["reservePrice"]).is_none_or(|r| value >= r) {
            a["reserveMet"] = json!(true);
        }
        Ok(())
    }
}

impl Respond for Handler {
    fn respond(&self, req: &wiremock::Request) -> ResponseTemplate {
        self.faults.respond_with(|| self.handle(req))
    }
}

impl Handler {
    fn handle(&self, req: &wiremock::Request) -> ResponseTemplate {
        match basic_credentials(req) {
            Some((u, p)) if u == MOCK_USERNAME && p == MOCK_PASSWORD => {}
            _ => {
                return error(401, "UNAUTHORIZED", "Invalid credentials")
                    .insert_header("WWW-Authenticate", "Basic realm=\"mock\"");
            }
        }
        let segments: Vec<&str> = req
            .url
            .path_segments()
            .map(|s| s.collect())
            .unwrap_or_default();
        let body = || serde_json::from_slice::<Value>(&req.body).ok();
        match (req.method.as_str(), segments.as_slice()) {
            ("GET", ["v1", "stock"]) => self.search(req),
            ("POST", ["v1", "stock"]) => self.create(body()),
            ("GET", ["v1", "stock", id]) => match lock(&self.state).stock.get(*id) {
                Some(doc) => ok(doc),
                None => error(404, "NOT_FOUND", "Stock item not found"),
            },
            ("PATCH", ["v1", "stock", id]) => self.patch(id, body()),
            ("GET", ["v1", "listings", id]) => match lock(&self.state).listings.get(*id) {
                Some(l) => ok(l),
                None => error(404, "NOT_FOUND", "Listing not found"),
            },
            ("POST", ["v1", "listings", id, "mark-as-sold"]) => self.mark_sold(id, body()),
            ("POST", ["v1", "listings", id, "mark-as-not-sold"]) => self.mark_not_sold(id),
            ("POST", ["v1", "testing", "set-auction-end-time"]) => self.end(body()),
            _ => error(404, "NOT_FOUND", "No such resource"),
        }
    }

    fn search(&self, req: &wiremock::Request) -> ResponseTemplate {
        let mut filters: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut deleted = false;
        let mut page = 1usize;
        let mut size = 100usize;
        for (k, v) in req.url.query_pairs() {
            match k.as_ref() {
                "customerId" | "stockId" | "vrm" | "externalStockId" | "externalVendorId" => {
                    filters
                        .entry(k.into_owned())
                        .or_default()
                        .push(v.into_owned());
                }
                "deleted" => deleted = v == "true",
                "pageNumber" => page = v.parse().unwrap_or(1).max(1),
                "pageSize" => size = v.parse().unwrap_or(100).max(1),
                _ => {}
            }
        }
        let st = lock(&self.state);
        let matches = |doc: &Value| {
            if !deleted && doc["lifecycleState"] == "DELETED" {
                return false;
            }
            filters.iter().all(|(k, values)| {
                let field = match k.as_str() {
                    "customerId" => text(&doc["customerId"]),
                    "stockId" => text(&doc["id"]),
                    "vrm" => text(&doc["vehicle"]["vrm"]),
                    "externalStockId" => text(&doc["metadata"]["externalStockId"]),
                    _ => text(&doc["metadata"]["externalVendorId"]),
                };
                field.is_some_and(|f| values.contains(&f))
            })
        };
        let all: Vec<Value> = if filters.is_empty() {
            Vec::new()
        } else {
            st.order
                .iter()
                .filter_map(|id| st.stock.get(id))
                .filter(|d| matches(d))
                .map(summary)
                .collect()
        };
        let total = all.len();
        let items: Vec<Value> = all.into_iter().skip((page - 1) * size).take(size).collect();
        ok(&json!({
            "stockItems": items,
            "paginator": {
                "currentPage": page,
                "resultsPerPage": size,
                "totalResults": total,
                "lastPage": total.div_ceil(size).max(1),
            }
        }))
    }

    fn create(&self, body: Option<Value>) -> ResponseTemplate {
        let Some(Value::Object(mut doc)) = body else {
            return invalid(vec![("".into(), "the body must be a JSON object".into())]);
        };
        for k in READ_ONLY_TOP {
            doc.remove(*k);
        }
        let mut doc = Value::Object(doc);
        if let Some(v) = doc["vehicle"].as_object_mut() {
            v.remove("derivativeId");
        }
        let errors = validate(&doc);
        if !errors.is_empty() {
            return invalid(errors);
        }
        let customer = text(&doc["customerId"]).unwrap_or_default();
        if customer != MOCK_CUSTOMER_ID {
            return error(403, "FORBIDDEN", "Not your customer account");
        }
        let mut st = lock(&self.state);
        if let Some(vrm) = doc["vehicle"]["vrm"].as_str() {
            let taken = st.stock.values().any(|d| {
                d["vehicle"]["vrm"] == vrm
                    && text(&d["customerId"]).as_deref() == Some(customer.as_str())
                    && d["lifecycleState"] != "DELETED"
            });
            if taken {
                return ResponseTemplate::new(409)
                    .set_body_json(json!({"errorCode": "STOCK_ALREADY_EXISTS", "vrm": vrm}));
            }
        }
        let id = st.id();
        let t = now();
        doc["id"] = json!(id);
        doc["createdDate"] = json!(t);
        doc["updatedDate"] = json!(t);
        doc["publicReference"] = json!(format!("2023{:011}", st.next));
        doc["lifecycleState"] = json!("FORECOURT");
        if let Some(a) = doc["advert"].as_object_mut() {
            a.insert("createdDate".into(), json!(t));
            a.insert("updatedDate".into(), json!(t));
        }
        host_images(&mut doc);
        let active = doc["advert"]["state"] == "ACTIVE";
        st.stock.insert(id.clone(), doc);
        st.order.push(id.clone());
        if active {
            st.start_listing(&id);
        }
        match st.stock.get(&id) {
            Some(doc) => ok(doc),
            None => error(500, "SERVER_ERROR", "An unexpected error has occurred"),
        }
    }

    fn patch(&self, id: &str, body: Option<Value>) -> ResponseTemplate {
        let Some(Value::Object(patch)) = body else {
            return invalid(vec![("".into(), "the body must be a JSON object".into())]);
        };
        let mut st = lock(&self.state);
        let Some(current) = st.stock.get(id).cloned() else {
            return error(404, "NOT_FOUND", "Stock item not found");
        };
        let running = st.running_listing(&current);
        let touches_auction = patch
            .get("advert")
            .and_then(Value::as_object)
            .is_some_and(|a| a.contains_key("auction"));
        if running.is_some() && touches_auction {
            return invalid(vec![(
                "advert.auction".into(),
                "A running auction cannot be modified: deactivate the advert first".into(),
            )]);
        }
        if patch.get("advert").is_some_and(Value::is_null) && current["advert"].is_object() {
            return invalid(vec![(
                "advert".into(),
                "An advert cannot be removed: set advert.state to INACTIVE".into(),
            )]);
        }
        let mut doc = current.clone();
        if let Value::Object(d) = &mut doc {
            merge(d, &patch, READ_ONLY_TOP);
        }
        let errors = validate(&doc);
        if !errors.is_empty() {
            return invalid(errors);
        }
        if let Some(vrm) = doc["vehicle"]["vrm"].as_str()
            && current["vehicle"]["vrm"] != vrm
        {
            let taken = st.stock.values().any(|d| {
                d["id"] != id
                    && d["vehicle"]["vrm"] == vrm
                    && d["customerId"] == doc["customerId"]
                    && d["lifecycleState"] != "DELETED"
            });
            if taken {
                return ResponseTemplate::new(409)
                    .set_body_json(json!({"errorCode": "STOCK_ALREADY_EXISTS", "vrm": vrm}));
            }
        }
        let t = now();
        doc["updatedDate"] = json!(t);
        if patch.contains_key("advert")
            && let Some(a) = doc["advert"].as_object_mut()
        {
            a.entry("createdDate").or_insert_with(|| json!(t));
            a.insert("updatedDate".into(), json!(t));
        }
        if patch.contains_key("images") {
            host_images(&mut doc);
        }
        let was_active = current["advert"]["state"] == "ACTIVE";
        let is_active = doc["advert"]["state"] == "ACTIVE";
        st.stock.insert(id.to_owned(), doc);
        if !was_active && is_active {
            st.start_listing(id);
        } else if was_active && !is_active {
            if let Some(lid) = running
                && let Some(l) = st.listings.get_mut(&lid)
            {
                l["status"] = json!("CANCELLED");
                l["auction"]["cancelTime"] = json!(t);
            }
            st.set_lifecycle(&json!(id), "FORECOURT");
        }
        match st.stock.get(id) {
            Some(doc) => ok(doc),
            None => error(500, "SERVER_ERROR", "An unexpected error has occurred"),
        }
    }

    fn mark_sold(&self, id: &str, body: Option<Value>) -> ResponseTemplate {
        let Some(price) = body
            .as_ref()
            .and_then(|b| b["salePrice"].as_i64())
            .filter(|p| *p > 0)
        else {
            return invalid(vec![(
                "salePrice".into(),
                "salePrice is required (a positive integer)".into(),
            )]);
        };
        let mut st = lock(&self.state);
        let Some(listing) = st.listings.get_mut(id) else {
            return error(404, "NOT_FOUND", "Listing not found");
        };
        let has_bid = listing["auction"]["bids"]
            .as_array()
            .is_some_and(|b| !b.is_empty());
        if listing["status"] != "PROVISIONAL" || !has_bid {
            return error(
                400,
                "INVALID_LISTING_STATE",
                "Only a provisional listing with at least one bid can be marked as sold",
            );
        }
        listing["status"] = json!("SOLD");
        listing["sale"] = json!({"buyer": buyer(), "price": price});
        let listing = listing.clone();
        st.set_lifecycle(&listing["stockId"], "SOLD");
        ok(&listing)
    }

    fn mark_not_sold(&self, id: &str) -> ResponseTemplate {
        let mut st = lock(&self.state);
        let Some(listing) = st.listings.get_mut(id) else {
            return error(404, "NOT_FOUND", "Listing not found");
        };
        if listing["status"] != "PROVISIONAL" && listing["status"] != "SOLD" {
            return error(
                400,
                "INVALID_LISTING_STATE",
                "Only a provisional or sold listing can be marked as not sold",
            );
        }
        listing["status"] = json!("NOT_SOLD");
        let listing = listing.clone();
        st.set_lifecycle(&listing["stockId"], "FORECOURT");
        ok(&listing)
    }

    fn end(&self, body: Option<Value>) -> ResponseTemplate {
        let body = body.unwrap_or(Value::Null);
        let mut st = lock(&self.state);
        let listing_id = match (body["listingId"].as_str(), body["stockId"].as_str()) {
            (Some(l), _) => Some(l.to_owned()),
            (None, Some(s)) => st
                .stock
                .get(s)
                .and_then(|d| d["listingId"].as_str())
                .map(str::to_owned),
            (None, None) => None,
        };
        let Some(listing_id) = listing_id else {
            return error(404, "NOT_FOUND", "Listing not found");
        };
        match st.end_listing(&listing_id, body["endTime"].as_str()) {
            Ok(_) => ResponseTemplate::new(200),
            Err(e) if e.ends_with("not found") => error(404, "NOT_FOUND", &e),
            Err(e) => error(400, "INVALID_LISTING_STATE", &e),
        }
    }
}

impl MockDealerAuction {
    /// Starts a mock that accepts [`MOCK_USERNAME`] / [`MOCK_PASSWORD`] and
    /// owns the customer account [`MOCK_CUSTOMER_ID`].
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State::default()));
        let faults = FaultQueue::default();
        Mock::given(wiremock::matchers::any())
            .respond_with(Handler {
                state: state.clone(),
                faults: faults.clone(),
            })
            .named("dealer auction")
            .mount(&server)
            .await;
        Self {
            server,
            state,
            faults,
        }
    }

    /// The mock's base URL (e.g. `http://127.0.0.1:40123`).
    pub fn base_url(&self) -> String {
        self.server.uri()
    }

    /// A client for this mock with its credentials and fast retries (backoff
    /// base 10 ms).
    pub fn client(&self) -> Client {
        self.client_with_credentials(MOCK_USERNAME, MOCK_PASSWORD)
    }

    /// A client for this mock with other credentials.
    pub fn client_with_credentials(&self, username: &str, password: &str) -> Client {
        self.client_builder(username, password)
            .build()
            .unwrap_or_else(|e| unreachable!("the mock's own URL is valid: {e}"))
    }

    /// A client builder for this mock (to adjust the configuration).
    pub fn client_builder(&self, username: &str, password: &str) -> crate::ClientBuilder {
        Client::builder(username, password)
            .base_url(self.base_url())
            .config(ClientConfig::default().with_retry(
                RetryPolicy::default().with_base_delay(std::time::Duration::from_millis(10)),
            ))
    }

    /// The fault queue: each request takes the next fault, if any.
    pub fn faults(&self) -> &FaultQueue {
        &self.faults
    }

    /// One stored stock document, as the API would return it.
    pub fn stock_item(&self, stock_id: &StockId) -> Option<Value> {
        lock(&self.state).stock.get(stock_id.as_str()).cloned()
    }

    /// Every stored stock document, in creation order.
    pub fn stock_items(&self) -> Vec<Value> {
        let st = lock(&self.state);
        st.order
            .iter()
            .filter_map(|id| st.stock.get(id).cloned())
            .collect()
    }

    /// One listing, as the API would return it.
    pub fn listing(&self, listing_id: &ListingId) -> Option<Value> {
        lock(&self.state).listings.get(listing_id.as_str()).cloned()
    }

    /// Places a bid on a running listing (as a trade buyer would). A bid at or
    /// above the reserve meets it.
    pub fn place_bid(&self, listing_id: &ListingId, value: Decimal) -> Result<(), String> {
        lock(&self.state).bid(listing_id.as_str(), value)
    }

    /// Ends a running listing now, as the test endpoint does: SOLD when the
    /// reserve is met, PROVISIONAL with bids below it, NOT_SOLD without bids.
    pub fn end_listing(&self, listing_id: &ListingId) -> Result<Value, String> {
        lock(&self.state).end_listing(listing_id.as_str(), None)
    }

    /// Marks a stored stock item as deleted (to exercise the `deleted` filter).
    pub fn delete_stock(&self, stock_id: &StockId) -> bool {
        let mut st = lock(&self.state);
        match st.stock.get_mut(stock_id.as_str()) {
            Some(doc) => {
                doc["lifecycleState"] = json!("DELETED");
                true
            }
            None => false,
        }
    }

    /// Every request the server received (method, path, headers, body).
    pub async fn received_requests(&self) -> Vec<ReceivedRequest> {
        self.server.received_requests().await.unwrap_or_default()
    }
}
