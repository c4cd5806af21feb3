//! An in-process, stateful fake of the AutoSync API (feature `mock`), for our
//! tests, the examples, and your own integration tests.
//!
//! It runs on a local port (on wiremock) under `/v1` and behaves as
//! documented: the `{success, data, pagination}` envelope with `page`,
//! `per_page` (default 25, at most 100) and `total`; the error envelope; 401
//! for a missing or unknown key; 404 for unknown ids; 422 when a required
//! field is missing; `X-RateLimit-Limit` / `-Remaining` / `-Reset` on every
//! response and 429 past the limit (300 per minute by default, like the
//! sandbox; the window is configurable so that tests run fast). It seeds one
//! shop ([`MOCK_SHOP_ID`]) with three employees and two parts, accepts OAuth
//! code exchanges for [`MOCK_CLIENT_ID`], can inject faults, and exposes what
//! it stored. [`signed_webhook`] signs webhook payloads for your own tests.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use autosync_client::NewCustomer;
//! use autosync_client::mock::{MOCK_SHOP_ID, MockAutoSync};
//! let mock = MockAutoSync::start().await;
//! let client = mock.client();
//! let mike = client.create_customer(MOCK_SHOP_ID, &NewCustomer::new("Mike", "Rodriguez")).await.unwrap();
//! assert_eq!(mock.customer(MOCK_SHOP_ID, mike.id).unwrap()["last_name"], "Rodriguez");
//! # });
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use autoclient_common::mock::bearer_token;
pub use autoclient_common::mock::{Fault, FaultQueue};
use autoclient_common::{ClientConfig, RateLimit, RetryPolicy};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{Map, Value, json};
/// A request the mock received ([`MockAutoSync::received_requests`]).
#[doc(no_inline)]
pub use wiremock::Request;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use crate::oauth::OAuthAppBuilder;
use crate::{
    Client, ClientBuilder, CustomerId, OAuthApp, PartId, PaymentId, ShopId, VehicleId, WorkOrderId,
};

/// The API key the mock accepts by default.
pub const MOCK_API_KEY: &str = "sk_sandbox_mock_key";
/// The shop the mock seeds.
pub const MOCK_SHOP_ID: ShopId = ShopId(1);
/// The OAuth client id the mock accepts.
pub const MOCK_CLIENT_ID: &str = "mock-client-id";
/// The OAuth client secret the mock accepts.
pub const MOCK_CLIENT_SECRET: &str = "mock-client-secret";
/// The redirect URI used with the mock's OAuth app.
pub const MOCK_REDIRECT_URI: &str = "https://yourapp.example/callback";
/// A webhook secret for tests.
pub const MOCK_WEBHOOK_SECRET: &str = "whsec_mock_secret";

/// A webhook body and its `X-AutoSync-Signature` value.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SignedWebhook {
    /// The raw body.
    pub body: Vec<u8>,
    /// The signature header's value (lowercase hex HMAC-SHA256).
    pub signature: String,
}

/// Builds and signs a webhook payload `{event, shop_id, timestamp, data}`
/// under `secret`, as AutoSync would send it.
///
/// ```
/// use autosync_client::mock::{MOCK_SHOP_ID, MOCK_WEBHOOK_SECRET, signed_webhook};
/// use autosync_client::webhooks;
/// use autosync_client::{Utc, serde_json};
/// let hook = signed_webhook("customer.created", MOCK_SHOP_ID, Utc::now(), serde_json::json!({"id": 7}), MOCK_WEBHOOK_SECRET);
/// let event = webhooks::verify_and_parse(&hook.body, Some(&hook.signature), MOCK_WEBHOOK_SECRET).unwrap();
/// assert_eq!(event.shop_id, MOCK_SHOP_ID);
/// ```
#[must_use]
pub fn signed_webhook(
    event: &str,
    shop: ShopId,
    timestamp: DateTime<Utc>,
    data: Value,
    secret: impl AsRef<[u8]>,
) -> SignedWebhook {
    let body = json!({
        "event": event,
        "shop_id": shop.0,
        "timestamp": timestamp.to_rfc3339_opts(SecondsFormat::Secs, true),
        "data": data,
    });
    let body = serde_json::to_vec(&body).unwrap_or_default();
    let signature = crate::webhooks::sign(secret, &body);
    SignedWebhook { body, signature }
}

#[derive(Debug, Default)]
struct ShopData {
    shop: Value,
    customers: BTreeMap<u64, Value>,
    vehicles: BTreeMap<u64, Value>,
    work_orders: BTreeMap<u64, Value>,
    jobs: BTreeMap<u64, (u64, Value)>,
    appointments: BTreeMap<u64, Value>,
    payments: BTreeMap<u64, (Option<u64>, Value)>,
    parts: BTreeMap<u64, Value>,
    employees: BTreeMap<u64, Value>,
}

#[derive(Debug)]
struct Window {
    start: Instant,
    count: u32,
}

#[derive(Debug)]
struct State {
    shops: BTreeMap<u64, ShopData>,
    next_id: u64,
    keys: HashSet<String>,
    codes: HashSet<String>,
    windows: HashMap<String, Window>,
    rate_limited: usize,
}

impl State {
    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An error answer, in the documented error envelope.
#[derive(Debug)]
struct Reject {
    status: u16,
    code: &'static str,
    message: String,
}

impl Reject {
    fn template(self) -> ResponseTemplate {
        ResponseTemplate::new(self.status).set_body_json(json!({
            "success": false,
            "error": {"code": self.code, "message": self.message, "status": self.status},
        }))
    }
}

fn error(status: u16, code: &'static str, message: &str) -> Reject {
    Reject {
        status,
        code,
        message: message.to_owned(),
    }
}

fn not_found(what: &str) -> Reject {
    error(404, "not_found", &format!("{what} not found."))
}

fn required(field: &str) -> Reject {
    error(
        422,
        "invalid_parameter",
        &format!("The '{field}' field is required."),
    )
}

fn invalid(field: &str) -> Reject {
    error(
        422,
        "invalid_parameter",
        &format!("The '{field}' field is invalid."),
    )
}

fn data(status: u16, value: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"success": true, "data": value}))
}

/// Checks that `body[field]` is present and not blank.
fn present(body: &Map<String, Value>, field: &str) -> bool {
    match body.get(field) {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(_) => true,
    }
}

fn id_of(body: &Map<String, Value>, field: &str) -> Option<u64> {
    body.get(field).and_then(Value::as_u64)
}

struct Query(HashMap<String, String>);

impl Query {
    fn get(&self, k: &str) -> Option<&str> {
        self.0.get(k).map(String::as_str)
    }
    fn id(&self, k: &str) -> Result<Option<u64>, Reject> {
        self.get(k)
            .map(|v| v.parse::<u64>().map_err(|_| invalid(k)))
            .transpose()
    }
    fn date(&self, k: &str) -> Result<Option<NaiveDate>, Reject> {
        self.get(k)
            .map(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| invalid(k)))
            .transpose()
    }
}

fn created_after(v: &Value, date: Option<NaiveDate>) -> bool {
    let Some(date) = date else { return true };
    v.get("created_at")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .is_some_and(|t| t.date_naive() >= date)
}

fn field_is(v: &Value, path: &[&str], want: Option<&str>) -> bool {
    let Some(want) = want else { return true };
    let mut cur = v;
    for p in path {
        match cur.get(*p) {
            Some(n) => cur = n,
            None => return false,
        }
    }
    match cur {
        Value::String(s) => s == want,
        Value::Number(n) => n.to_string() == want,
        Value::Bool(b) => b.to_string() == want,
        _ => false,
    }
}

struct Handler {
    state: Arc<Mutex<State>>,
    faults: FaultQueue,
    limit: u32,
    window: Duration,
}

impl Respond for Handler {
    fn respond(&self, req: &wiremock::Request) -> ResponseTemplate {
        self.faults.respond_with(|| self.handle(req))
    }
}

impl Handler {
    fn handle(&self, req: &wiremock::Request) -> ResponseTemplate {
        let segs: Vec<String> = req
            .url
            .path_segments()
            .map(|s| s.filter(|p| !p.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default();
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let Some(("v1", rest)) = segs.split_first().map(|(a, b)| (*a, b)) else {
            return not_found("Route").template();
        };
        let method = req.method.as_str();
        if rest == ["oauth", "token"] && method == "POST" {
            return self.token(req);
        }
        let mut st = lock(&self.state);
        let Some(key) = bearer_token(req).filter(|k| st.keys.contains(k)) else {
            return error(401, "unauthorized", "Invalid or missing API key.").template();
        };
        // The rate limit, per key, in fixed windows.
        let now = Instant::now();
        let w = st.windows.entry(key).or_insert(Window {
            start: now,
            count: 0,
        });
        if now.duration_since(w.start) >= self.window {
            w.start = now;
            w.count = 0;
        }
        w.count += 1;
        let count = w.count;
        let reset_at = SystemTime::now() + (w.start + self.window).saturating_duration_since(now);
        let reset = reset_at
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() + u64::from(d.subsec_nanos() > 0))
            .unwrap_or_default();
        let remaining = self.limit.saturating_sub(count);
        let resp = if count > self.limit {
            st.rate_limited += 1;
            error(429, "rate_limited", "Too many requests.").template()
        } else {
            let query = Query(
                req.url
                    .query_pairs()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect(),
            );
            let body = serde_json::from_slice::<Value>(&req.body)
                .ok()
                .and_then(|v| v.as_object().cloned());
            route(&mut st, method, rest, &query, body).unwrap_or_else(Reject::template)
        };
        resp.insert_header("X-RateLimit-Limit", self.limit.to_string())
            .insert_header("X-RateLimit-Remaining", remaining.to_string())
            .insert_header("X-RateLimit-Reset", reset.to_string())
    }

    fn token(&self, req: &wiremock::Request) -> ResponseTemplate {
        let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
            return error(400, "invalid_request", "The body is not JSON.").template();
        };
        let field = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default();
        if field("grant_type") != "authorization_code" {
            return error(400, "unsupported_grant_type", "Unsupported grant_type.").template();
        }
        if field("client_id") != MOCK_CLIENT_ID || field("client_secret") != MOCK_CLIENT_SECRET {
            return error(401, "invalid_client", "Invalid client credentials.").template();
        }
        let mut st = lock(&self.state);
        if !st.codes.remove(field("code")) {
            return error(400, "invalid_grant", "Invalid or used authorization code.").template();
        }
        let n = st.id();
        let token = format!("oat_mock_{n:08}");
        st.keys.insert(token.clone());
        ResponseTemplate::new(200).set_body_json(json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": 3600,
            "refresh_token": format!("ort_mock_{n:08}"),
            "scope": "shops:read workorders:write customers:read",
        }))
    }
}

type Routed = Result<ResponseTemplate, Reject>;

/// One page of `items` (counted whole; only the page's own items are copied).
fn page<'a>(items: impl IntoIterator<Item = &'a Value>, q: &Query) -> Routed {
    let page = q.id("page")?.unwrap_or(1).max(1);
    let per_page = q.id("per_page")?.unwrap_or(25).clamp(1, 100);
    let skip = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    let take = usize::try_from(per_page).unwrap_or(usize::MAX);
    let mut total = 0u64;
    let mut data = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if i >= skip && data.len() < take {
            data.push(item.clone());
        }
        total += 1;
    }
    Ok(ResponseTemplate::new(200).set_body_json(json!({
        "success": true,
        "data": data,
        "pagination": {"page": page, "per_page": per_page, "total": total},
    })))
}

fn body_or_422(body: Option<Map<String, Value>>) -> Result<Map<String, Value>, Reject> {
    body.ok_or_else(|| error(400, "invalid_request", "The body is not a JSON object."))
}

fn customer_name(c: &Value) -> String {
    let part = |k: &str| {
        c.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    format!("{} {}", part("first_name"), part("last_name"))
        .trim()
        .to_owned()
}

fn route(
    st: &mut State,
    method: &str,
    rest: &[&str],
    q: &Query,
    body: Option<Map<String, Value>>,
) -> Routed {
    let (first, tail) = match rest {
        ["shops"] if method == "GET" => {
            return page(st.shops.values().map(|s| &s.shop), q);
        }
        ["shops", shop, tail @ ..] => (*shop, tail),
        _ => return Err(not_found("Route")),
    };
    let shop_id: u64 = first.parse().map_err(|_| not_found("Shop"))?;
    let next_id = st.id();
    let shop = st
        .shops
        .get_mut(&shop_id)
        .ok_or_else(|| not_found("Shop"))?;
    let parse_id = |s: &str, what: &str| s.parse::<u64>().map_err(|_| not_found(what));
    match (method, tail) {
        ("GET", []) => Ok(data(200, shop.shop.clone())),
        ("GET", ["customers"]) => {
            let search = q.get("search").map(str::to_lowercase);
            let is_business = q.get("is_business");
            let after = q.date("created_after")?;
            let items = shop
                .customers
                .values()
                .filter(|c| {
                    search.as_ref().is_none_or(|s| {
                        [
                            customer_name(c),
                            c.get("email")
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_owned(),
                            c.get("phone")
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_owned(),
                        ]
                        .iter()
                        .any(|f| f.to_lowercase().contains(s.as_str()))
                    })
                })
                .filter(|c| match is_business {
                    None => true,
                    Some(want) => {
                        c.get("is_business")
                            .and_then(Value::as_bool)
                            .unwrap_or(false)
                            .to_string()
                            == want
                    }
                })
                .filter(|c| created_after(c, after));
            page(items, q)
        }
        ("POST", ["customers"]) => {
            let mut b = body_or_422(body)?;
            for f in ["first_name", "last_name"] {
                if !present(&b, f) {
                    return Err(required(f));
                }
            }
            b.insert("id".into(), json!(next_id));
            b.insert("created_at".into(), json!(now_text()));
            let v = Value::Object(b);
            shop.customers.insert(next_id, v.clone());
            Ok(data(201, v))
        }
        ("GET", ["customers", id]) => {
            let c = shop.customers.get(&parse_id(id, "Customer")?);
            c.map(|c| data(200, c.clone()))
                .ok_or_else(|| not_found("Customer"))
        }
        ("PUT", ["customers", id]) => {
            let b = body_or_422(body)?;
            let c = shop
                .customers
                .get_mut(&parse_id(id, "Customer")?)
                .and_then(Value::as_object_mut)
                .ok_or_else(|| not_found("Customer"))?;
            for (k, v) in b {
                if k != "id" {
                    c.insert(k, v);
                }
            }
            Ok(data(200, Value::Object(c.clone())))
        }
        ("GET", ["vehicles"]) => {
            let customer = q.id("customer_id")?;
            let items = shop
                .vehicles
                .values()
                .filter(|v| customer.is_none_or(|c| id_of_value(v, "customer_id") == Some(c)))
                .filter(|v| field_is(v, &["vin"], q.get("vin")))
                .filter(|v| field_is(v, &["license_plate"], q.get("license_plate")));
            page(items, q)
        }
        ("POST", ["vehicles"]) => {
            let mut b = body_or_422(body)?;
            for f in ["customer_id", "year", "make", "model"] {
                if !present(&b, f) {
                    return Err(required(f));
                }
            }
            let customer = id_of(&b, "customer_id").ok_or_else(|| invalid("customer_id"))?;
            if !shop.customers.contains_key(&customer) {
                return Err(invalid("customer_id"));
            }
            if b.get("vin")
                .and_then(Value::as_str)
                .is_some_and(|v| v.chars().count() != 17)
            {
                return Err(invalid("vin"));
            }
            b.insert("id".into(), json!(next_id));
            b.insert("created_at".into(), json!(now_text()));
            let v = Value::Object(b);
            shop.vehicles.insert(next_id, v.clone());
            Ok(data(201, v))
        }
        ("GET", ["vehicles", id]) => shop
            .vehicles
            .get(&parse_id(id, "Vehicle")?)
            .map(|v| data(200, v.clone()))
            .ok_or_else(|| not_found("Vehicle")),
        ("GET", ["workorders"]) => {
            let after = q.date("created_after")?;
            let items = shop
                .work_orders
                .values()
                .filter(|w| field_is(w, &["status"], q.get("status")))
                .filter(|w| field_is(w, &["customer", "id"], q.get("customer_id")))
                .filter(|w| field_is(w, &["vehicle", "id"], q.get("vehicle_id")))
                .filter(|w| field_is(w, &["technician", "id"], q.get("technician_id")))
                .filter(|w| created_after(w, after));
            page(items, q)
        }
        ("POST", ["workorders"]) => {
            let b = body_or_422(body)?;
            for f in ["customer_id", "vehicle_id"] {
                if !present(&b, f) {
                    return Err(required(f));
                }
            }
            let wo = build_work_order(shop, next_id, &b)?;
            shop.work_orders.insert(next_id, wo.clone());
            Ok(data(201, wo))
        }
        ("GET", ["workorders", id]) => {
            let wo_id = parse_id(id, "Work order")?;
            let mut wo = shop
                .work_orders
                .get(&wo_id)
                .cloned()
                .ok_or_else(|| not_found("Work order"))?;
            let jobs: Vec<Value> = shop
                .jobs
                .values()
                .filter(|(w, _)| *w == wo_id)
                .map(|(_, j)| j.clone())
                .collect();
            let payments: Vec<Value> = shop
                .payments
                .values()
                .filter(|(w, _)| *w == Some(wo_id))
                .map(|(_, p)| p.clone())
                .collect();
            wo["jobs"] = Value::Array(jobs);
            wo["payments"] = Value::Array(payments);
            Ok(data(200, wo))
        }
        ("PUT", ["workorders", id]) => {
            let wo_id = parse_id(id, "Work order")?;
            let b = body_or_422(body)?;
            let current = shop
                .work_orders
                .get(&wo_id)
                .cloned()
                .ok_or_else(|| not_found("Work order"))?;
            let mut merged = Map::new();
            if let Some(c) = current.pointer("/customer/id") {
                merged.insert("customer_id".into(), c.clone());
            }
            if let Some(v) = current.pointer("/vehicle/id") {
                merged.insert("vehicle_id".into(), v.clone());
            }
            if let Some(t) = current.pointer("/technician/id") {
                merged.insert("technician_id".into(), t.clone());
            }
            for (k, v) in &b {
                merged.insert(k.clone(), v.clone());
            }
            let mut wo = build_work_order(shop, wo_id, &merged)?;
            for k in ["created_at", "notes", "status", "subtotal", "tax", "total"] {
                if !b.contains_key(k)
                    && let Some(v) = current.get(k)
                {
                    wo[k] = v.clone();
                }
            }
            if let Some(s) = b.get("status") {
                wo["status"] = s.clone();
            }
            shop.work_orders.insert(wo_id, wo.clone());
            Ok(data(200, wo))
        }
        ("GET", ["workorders", id, "jobs"]) => {
            let wo_id = parse_id(id, "Work order")?;
            if !shop.work_orders.contains_key(&wo_id) {
                return Err(not_found("Work order"));
            }
            let items = shop
                .jobs
                .values()
                .filter(|(w, _)| *w == wo_id)
                .map(|(_, j)| j);
            page(items, q)
        }
        ("POST", ["workorders", id, "jobs"]) => {
            let wo_id = parse_id(id, "Work order")?;
            if !shop.work_orders.contains_key(&wo_id) {
                return Err(not_found("Work order"));
            }
            let mut b = body_or_422(body)?;
            if !present(&b, "name") {
                return Err(required("name"));
            }
            if b.get("line_items").is_some_and(|l| !l.is_array()) {
                return Err(invalid("line_items"));
            }
            b.insert("id".into(), json!(next_id));
            let v = Value::Object(b);
            shop.jobs.insert(next_id, (wo_id, v.clone()));
            Ok(data(201, v))
        }
        ("GET", ["appointments"]) => page(shop.appointments.values(), q),
        ("POST", ["appointments"]) => {
            let mut b = body_or_422(body)?;
            for f in ["customer_id", "start_time"] {
                if !present(&b, f) {
                    return Err(required(f));
                }
            }
            for f in ["start_time", "end_time"] {
                if let Some(t) = b.get(f).filter(|t| !t.is_null())
                    && t.as_str()
                        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                        .is_none()
                {
                    return Err(invalid(f));
                }
            }
            b.insert("id".into(), json!(next_id));
            let v = Value::Object(b);
            shop.appointments.insert(next_id, v.clone());
            Ok(data(201, v))
        }
        ("GET", ["payments"]) => page(shop.payments.values().map(|(_, p)| p), q),
        ("GET", ["payments", id]) => shop
            .payments
            .get(&parse_id(id, "Payment")?)
            .map(|(_, p)| data(200, p.clone()))
            .ok_or_else(|| not_found("Payment")),
        ("GET", ["inventory"]) => page(shop.parts.values(), q),
        ("PATCH", ["inventory", id]) => {
            let b = body_or_422(body)?;
            let part = shop
                .parts
                .get_mut(&parse_id(id, "Part")?)
                .and_then(Value::as_object_mut)
                .ok_or_else(|| not_found("Part"))?;
            for k in ["quantity", "cost", "price"] {
                if let Some(v) = b.get(k) {
                    if !v.is_number() {
                        return Err(invalid(k));
                    }
                    part.insert(k.into(), v.clone());
                }
            }
            Ok(data(200, Value::Object(part.clone())))
        }
        ("GET", ["employees"]) => {
            let items = shop
                .employees
                .values()
                .filter(|e| field_is(e, &["role"], q.get("role")))
                .filter(|e| field_is(e, &["status"], q.get("status")));
            page(items, q)
        }
        _ => Err(not_found("Route")),
    }
}

fn id_of_value(v: &Value, field: &str) -> Option<u64> {
    v.get(field).and_then(Value::as_u64)
}

/// A work order as the list documents it, from a create body.
fn build_work_order(shop: &ShopData, id: u64, b: &Map<String, Value>) -> Result<Value, Reject> {
    let customer_id = id_of(b, "customer_id").ok_or_else(|| invalid("customer_id"))?;
    let vehicle_id = id_of(b, "vehicle_id").ok_or_else(|| invalid("vehicle_id"))?;
    let customer = shop
        .customers
        .get(&customer_id)
        .ok_or_else(|| invalid("customer_id"))?;
    let vehicle = shop
        .vehicles
        .get(&vehicle_id)
        .ok_or_else(|| invalid("vehicle_id"))?;
    let mut wo = json!({
        "id": id,
        "work_order_number": id.to_string(),
        "status": "draft",
        "customer": {"id": customer_id, "name": customer_name(customer)},
        "vehicle": {
            "id": vehicle_id,
            "year": vehicle.get("year").cloned().unwrap_or(Value::Null),
            "make": vehicle.get("make").cloned().unwrap_or(Value::Null),
            "model": vehicle.get("model").cloned().unwrap_or(Value::Null),
        },
        "subtotal": 0.00,
        "tax": 0.00,
        "total": 0.00,
        "created_at": now_text(),
    });
    match b.get("technician_id") {
        None | Some(Value::Null) => {}
        Some(t) => {
            let tech_id = t.as_u64().ok_or_else(|| invalid("technician_id"))?;
            let tech = shop
                .employees
                .get(&tech_id)
                .ok_or_else(|| invalid("technician_id"))?;
            wo["technician"] =
                json!({"id": tech_id, "name": tech.get("name").cloned().unwrap_or(Value::Null)});
        }
    }
    if let Some(n) = b.get("notes") {
        wo["notes"] = n.clone();
    }
    Ok(wo)
}

/// Configures a [`MockAutoSync`].
#[derive(Debug, Clone)]
#[must_use = "call .start().await to run the mock"]
pub struct MockAutoSyncBuilder {
    keys: Vec<String>,
    limit: u32,
    window: Duration,
}

impl MockAutoSyncBuilder {
    /// Accepts `key` as well.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.keys.push(key.into());
        self
    }

    /// Allows `requests` per `window` per key (default 300 per minute, the
    /// sandbox's limit; the window is kept between 1 ms and a year). Clients
    /// from [`MockAutoSync::client`] are paced to match.
    pub fn rate_limit(mut self, requests: u32, window: Duration) -> Self {
        self.limit = requests.max(1);
        self.window = window.clamp(
            Duration::from_millis(1),
            Duration::from_secs(365 * 24 * 60 * 60),
        );
        self
    }

    /// Starts the server.
    pub async fn start(self) -> MockAutoSync {
        let server = MockServer::start().await;
        let mut state = State {
            shops: BTreeMap::new(),
            next_id: 1000,
            keys: self.keys.into_iter().collect(),
            codes: HashSet::new(),
            windows: HashMap::new(),
            rate_limited: 0,
        };
        let mut shop = ShopData {
            shop: json!({
                "id": MOCK_SHOP_ID.0,
                "name": "Johnson's Auto Care",
                "slug": "johnsons-auto-care",
                "status": "active",
                "location_count": 2,
                "created_at": "2024-01-15T10:30:00Z",
            }),
            ..ShopData::default()
        };
        for (id, name, role, status) in [
            (5, "Dave M.", "technician", "active"),
            (6, "Alice R.", "service_writer", "active"),
            (7, "Tom K.", "manager", "inactive"),
        ] {
            shop.employees.insert(
                id,
                json!({"id": id, "name": name, "role": role, "status": status}),
            );
        }
        shop.parts.insert(
            311,
            json!({"id": 311, "name": "Oil filter", "quantity": 12, "cost": 4.12, "price": 9.99}),
        );
        shop.parts.insert(
            312,
            json!({"id": 312, "name": "Brake pads (front)", "quantity": 3, "cost": 38.50, "price": 89.00}),
        );
        state.shops.insert(MOCK_SHOP_ID.0, shop);
        let state = Arc::new(Mutex::new(state));
        let faults = FaultQueue::default();
        Mock::given(any())
            .respond_with(Handler {
                state: state.clone(),
                faults: faults.clone(),
                limit: self.limit,
                window: self.window,
            })
            .named("autosync mock")
            .mount(&server)
            .await;
        MockAutoSync {
            server,
            state,
            faults,
            limit: self.limit,
            window: self.window,
        }
    }
}

/// A running fake AutoSync. Dropping it stops the server.
#[derive(Debug)]
pub struct MockAutoSync {
    server: MockServer,
    state: Arc<Mutex<State>>,
    faults: FaultQueue,
    limit: u32,
    window: Duration,
}

impl MockAutoSync {
    /// Starts a mock that accepts [`MOCK_API_KEY`], at 300 requests per minute.
    pub async fn start() -> Self {
        Self::builder().start().await
    }

    /// A builder (keys, rate limit).
    pub fn builder() -> MockAutoSyncBuilder {
        MockAutoSyncBuilder {
            keys: vec![MOCK_API_KEY.to_owned()],
            limit: crate::SANDBOX_REQUESTS_PER_MINUTE,
            window: Duration::from_secs(60),
        }
    }

    /// The mock's base URL, with its `/v1` (e.g. `http://127.0.0.1:40123/v1`).
    pub fn base_url(&self) -> String {
        format!("{}/v1", self.server.uri())
    }

    /// A client for this mock with [`MOCK_API_KEY`], fast retries (backoff
    /// base 10 ms), paced at the mock's rate limit.
    pub fn client(&self) -> Client {
        self.client_with_key(MOCK_API_KEY)
    }

    /// A client for this mock with another key.
    pub fn client_with_key(&self, key: &str) -> Client {
        self.client_builder(key)
            .build()
            .unwrap_or_else(|e| unreachable!("the mock's own URL is valid: {e}"))
    }

    /// A client builder for this mock (to adjust the configuration).
    pub fn client_builder(&self, key: &str) -> ClientBuilder {
        Client::builder(key)
            .base_url(self.base_url())
            .config(
                ClientConfig::default()
                    .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(10))),
            )
            .rate_limit(RateLimit::new(self.limit, self.window))
    }

    /// An OAuth app builder for this mock ([`MOCK_CLIENT_ID`],
    /// [`MOCK_CLIENT_SECRET`], [`MOCK_REDIRECT_URI`]).
    pub fn oauth_app(&self) -> OAuthAppBuilder {
        OAuthApp::builder(MOCK_CLIENT_ID, MOCK_CLIENT_SECRET, MOCK_REDIRECT_URI)
            .base_url(self.base_url())
    }

    /// Plays the shop owner approving an authorization request: reads the
    /// authorize URL's `redirect_uri` and `state`, issues a code, and returns
    /// the callback URL AutoSync would redirect to.
    pub fn approve(&self, authorize_url: &url::Url) -> String {
        let param = |k: &str| {
            authorize_url
                .query_pairs()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        let mut st = lock(&self.state);
        let code = format!("code_mock_{}", st.id());
        st.codes.insert(code.clone());
        let mut cb = url::Url::parse(&param("redirect_uri"))
            .or_else(|_| url::Url::parse(MOCK_REDIRECT_URI))
            .unwrap_or_else(|e| unreachable!("the mock's redirect URI is valid: {e}"));
        cb.query_pairs_mut()
            .append_pair("code", &code)
            .append_pair("state", &param("state"));
        cb.to_string()
    }

    /// The fault queue: each request takes the next fault, if any.
    pub fn faults(&self) -> &FaultQueue {
        &self.faults
    }

    /// Accepts another key (or OAuth token).
    pub fn add_key(&self, key: &str) {
        lock(&self.state).keys.insert(key.to_owned());
    }

    /// Adds `n` customers (`Customer 1` … `Customer n`) and returns their ids.
    pub fn seed_customers(&self, shop: ShopId, n: usize) -> Vec<CustomerId> {
        let mut st = lock(&self.state);
        let mut ids = Vec::with_capacity(n);
        for i in 1..=n {
            let id = st.id();
            if let Some(s) = st.shops.get_mut(&shop.0) {
                s.customers.insert(
                    id,
                    json!({
                        "id": id,
                        "first_name": "Customer",
                        "last_name": i.to_string(),
                        "email": format!("customer{i}@example.com"),
                        "is_business": i % 10 == 0,
                        "created_at": now_text(),
                    }),
                );
                ids.push(CustomerId(id));
            }
        }
        ids
    }

    /// Records a payment (optionally against a work order) and returns its id.
    pub fn add_payment(
        &self,
        shop: ShopId,
        work_order: Option<WorkOrderId>,
        payment: Value,
    ) -> PaymentId {
        let mut st = lock(&self.state);
        let id = st.id();
        let mut p = payment;
        if let Some(o) = p.as_object_mut() {
            o.insert("id".into(), json!(id));
        }
        if let Some(s) = st.shops.get_mut(&shop.0) {
            s.payments.insert(id, (work_order.map(|w| w.0), p));
        }
        PaymentId(id)
    }

    /// A stored customer, as the JSON the mock holds.
    pub fn customer(&self, shop: ShopId, id: CustomerId) -> Option<Value> {
        lock(&self.state)
            .shops
            .get(&shop.0)?
            .customers
            .get(&id.0)
            .cloned()
    }

    /// Every stored customer of a shop.
    pub fn customers(&self, shop: ShopId) -> Vec<Value> {
        lock(&self.state)
            .shops
            .get(&shop.0)
            .map(|s| s.customers.values().cloned().collect())
            .unwrap_or_default()
    }

    /// A stored vehicle.
    pub fn vehicle(&self, shop: ShopId, id: VehicleId) -> Option<Value> {
        lock(&self.state)
            .shops
            .get(&shop.0)?
            .vehicles
            .get(&id.0)
            .cloned()
    }

    /// A stored work order (without its jobs and payments).
    pub fn work_order(&self, shop: ShopId, id: WorkOrderId) -> Option<Value> {
        lock(&self.state)
            .shops
            .get(&shop.0)?
            .work_orders
            .get(&id.0)
            .cloned()
    }

    /// The stored jobs of a work order.
    pub fn jobs(&self, shop: ShopId, id: WorkOrderId) -> Vec<Value> {
        lock(&self.state)
            .shops
            .get(&shop.0)
            .map(|s| {
                s.jobs
                    .values()
                    .filter(|(w, _)| *w == id.0)
                    .map(|(_, j)| j.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every stored appointment of a shop.
    pub fn appointments(&self, shop: ShopId) -> Vec<Value> {
        lock(&self.state)
            .shops
            .get(&shop.0)
            .map(|s| s.appointments.values().cloned().collect())
            .unwrap_or_default()
    }

    /// A stored part.
    pub fn part(&self, shop: ShopId, id: PartId) -> Option<Value> {
        lock(&self.state)
            .shops
            .get(&shop.0)?
            .parts
            .get(&id.0)
            .cloned()
    }

    /// How many requests the mock answered with 429.
    pub fn rate_limited_count(&self) -> usize {
        lock(&self.state).rate_limited
    }

    /// Every request the server received (method, path, headers, body).
    pub async fn received_requests(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}
