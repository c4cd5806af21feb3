//! `Customer`, `Address` and `Pagination` decode with a visitor of their own
//! that routes unknown fields into `extra` as it goes (no
//! `#[serde(flatten)]` buffering): each checked here against a reference
//! decoded the way serde's derive with `flatten` decodes, on the same
//! documents, including the edge cases (escaped keys, `null`, duplicates,
//! missing required fields, wrong JSON types).

use autosync_client::{Address, Customer, Pagination};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// The derive-and-flatten reference of `Address`.
#[derive(Debug, Serialize, Deserialize)]
struct RefAddress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    zip: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// The derive-and-flatten reference of `Customer`.
#[derive(Debug, Serialize, Deserialize)]
struct RefCustomer {
    id: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    is_business: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    address: Option<RefAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// The derive-and-flatten reference of `Pagination`.
#[derive(Debug, Serialize, Deserialize)]
struct RefPagination {
    page: u32,
    per_page: u32,
    total: u64,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// Decodes `doc` both ways, from text and from a `Value`; both succeed and
/// re-encode equal, or both fail. The result is ours from the text.
fn same_as_reference<T, R>(doc: &str) -> Result<Value, String>
where
    T: for<'de> Deserialize<'de> + Serialize,
    R: for<'de> Deserialize<'de> + Serialize,
{
    let ours = serde_json::from_str::<T>(doc).map(|v| serde_json::to_value(v).unwrap());
    let reference = serde_json::from_str::<R>(doc).map(|v| serde_json::to_value(v).unwrap());
    match (&ours, &reference) {
        (Ok(o), Ok(r)) => assert_eq!(o, r, "{doc}"),
        (Err(_), Err(_)) => {}
        _ => panic!("{doc}: ours {ours:?}, reference {reference:?}"),
    }
    // From a `Value` (which has already dropped a duplicate key): the same
    // outcome as the reference from the same `Value`.
    if let Ok(value) = serde_json::from_str::<Value>(doc) {
        let ours_v = serde_json::from_value::<T>(value.clone())
            .map(|v| serde_json::to_value(v).unwrap())
            .map_err(|e| e.to_string());
        let reference_v = serde_json::from_value::<R>(value)
            .map(|v| serde_json::to_value(v).unwrap())
            .map_err(|e| e.to_string());
        assert_eq!(
            ours_v.is_ok(),
            reference_v.is_ok(),
            "{doc}: from a Value {ours_v:?}"
        );
        if let (Ok(a), Ok(b)) = (&ours_v, &reference_v) {
            assert_eq!(a, b, "{doc}");
        }
    }
    ours.map_err(|e| e.to_string())
}

#[test]
fn a_customer_keeps_its_unknown_fields_and_reencodes_like_the_reference() {
    let doc = json!({
        "id": 1043,
        "first_name": "Sarah",
        "last_name": "Thompson",
        "email": "sarah@example.com",
        "phone": "(555) 123-4567",
        "is_business": false,
        "address": {"street": "123 Main St", "city": "North Canton", "state": "OH", "zip": "44720", "country": "US"},
        "created_at": "2024-01-15T10:30:00Z",
        "tags": ["vip", {"nested": [1, 2.5, null]}]
    })
    .to_string();
    let encoded = same_as_reference::<Customer, RefCustomer>(&doc).unwrap();
    assert_eq!(encoded, serde_json::from_str::<Value>(&doc).unwrap());
    let c: Customer = serde_json::from_str(&doc).unwrap();
    assert_eq!(c.id.0, 1043);
    assert_eq!(c.first_name.as_deref(), Some("Sarah"));
    assert_eq!(
        c.created_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-01-15T10:30:00+00:00")
    );
    assert_eq!(c.extra.len(), 1);
    assert!(c.extra.contains_key("tags"));
    let a = c.address.unwrap();
    assert_eq!(a.zip.as_deref(), Some("44720"));
    assert_eq!(a.extra["country"], "US");
}

#[test]
fn escaped_keys_null_fields_and_the_minimal_customer_decode_like_the_reference() {
    for doc in [
        r#"{"id": 1}"#,
        r#"{"\u0069d": 7, "first_\u006eame": "Esc", "unknown\nkey": 1}"#,
        r#"{"id": 2, "email": null, "address": null, "is_business": null}"#,
        r#"{"id": 3, "address": {}}"#,
        r#"{"id": 4, "address": {"zip": null, "x": null}}"#,
        r#"{"id": 5, "extra": {"a": 1}}"#,
        r#"{"id": 6, "dup": 1, "dup": 2}"#,
        r#"{"id": 8, "created_at": "2024-01-15 11:30:00+01:00"}"#,
        r#"{"id": 9, "created_at": null}"#,
    ] {
        same_as_reference::<Customer, RefCustomer>(doc).unwrap();
    }
}

#[test]
fn what_the_reference_refuses_is_refused() {
    for doc in [
        r#"{}"#,
        r#"{"first_name": "No id"}"#,
        r#"{"id": 1, "id": 2}"#,
        r#"{"id": 1, "email": "a", "email": "b"}"#,
        r#"{"id": "1"}"#,
        r#"{"id": 1, "created_at": "yesterday"}"#,
        r#"{"id": -1}"#,
        r#"{"id": 1, "is_business": "yes"}"#,
        r#"{"id": 1, "address": "123 Main St"}"#,
        r#"{"id": 1, "address": {"zip": 44720}}"#,
        r#"[1, "Sarah"]"#,
        r#""a customer""#,
        r#"{"id": 1"#,
    ] {
        let err = same_as_reference::<Customer, RefCustomer>(doc).unwrap_err();
        assert!(!err.is_empty(), "{doc}");
    }
    let err = serde_json::from_str::<Customer>(r#"{"first_name": "No id"}"#).unwrap_err();
    assert!(err.to_string().contains("missing field `id`"), "{err}");
    let err = serde_json::from_str::<Customer>(r#"{"id": 1, "id": 2}"#).unwrap_err();
    assert!(err.to_string().contains("duplicate field `id`"), "{err}");
}

#[test]
fn an_address_and_a_pagination_decode_like_the_reference() {
    for doc in [
        r#"{"street": "1 A St", "unit": "4B"}"#,
        r#"{}"#,
        r#"{"city": 1}"#,
        r#"{"city": "x", "city": "y"}"#,
    ] {
        let _ = same_as_reference::<Address, RefAddress>(doc);
    }
    let p = same_as_reference::<Pagination, RefPagination>(
        r#"{"page": 2, "per_page": 25, "total": 26, "pages": 2}"#,
    )
    .unwrap();
    assert_eq!(p["pages"], 2);
    for doc in [
        r#"{"page": 1, "per_page": 25}"#,
        r#"{"page": -1, "per_page": 25, "total": 1}"#,
        r#"{"page": 1, "page": 1, "per_page": 25, "total": 1}"#,
    ] {
        same_as_reference::<Pagination, RefPagination>(doc).unwrap_err();
    }
}
