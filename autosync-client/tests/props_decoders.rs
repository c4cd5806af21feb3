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
//! * Every decoder also gets JSON nested 5 to 300 deep (on its own and in
//!   place of a field of an example), and once 100,000 deep, on a thread
//!   with the default stack: a `Decode` error (serde_json's recursion limit)
//!   or, for a member the type does not read, the example as it is; never a
//!   panic or a stack overflow.
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
        .block_on(testkit::CannedServer::start_with(move |_, _| {
            (200, served.lock().unwrap().clone())
        }))
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
        // The sample events are from 2024: parsed with the tolerance off.
        let r = WebhookVerifier::new(SECRET).without_tolerance().verify_and_parse(&body, Some(&sig));
        not_an_event(&r, &body)?;
        // Rotation: the right secret among others.
        let v = WebhookVerifier::new(b"old").with_secret(b"").with_secret(SECRET).without_tolerance();
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
        let r = WebhookVerifier::new(SECRET).without_tolerance().verify_headers(&body, &headers);
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
