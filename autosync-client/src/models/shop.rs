use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ShopId;

autoclient_common::open_enum! {
    /// A shop's status. The documentation shows only `active`; any other
    /// value is kept.
    pub enum ShopStatus {
        /// `active`.
        Active = "active",
    }
}

/// A shop, as listed by `GET /v1/shops`.
///
/// ```
/// use autosync_client::{Shop, ShopStatus};
/// use autosync_client::serde_json;
/// let shop: Shop = serde_json::from_str(r#"{"id":1,"name":"Johnson's Auto Care","slug":"johnsons-auto-care","status":"active","location_count":2,"created_at":"2024-01-15T10:30:00Z"}"#).unwrap();
/// assert_eq!(shop.status, Some(ShopStatus::Active));
/// assert_eq!(shop.location_count, Some(2));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Shop {
    /// The shop's id.
    pub id: ShopId,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its URL slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Its status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ShopStatus>,
    /// How many locations it has (sent by the list endpoint of the reference,
    /// not by its quick-start example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_count: Option<u32>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub created_at: Option<DateTime<Utc>>,
    /// Every other field the server sends.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
