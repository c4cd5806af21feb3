use autoclient_common::wire::Rfc3339Utc;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use autoclient_common::deserialize_keeping_unknown;

use super::{paging_setters, setters};
use crate::{CustomerId, Paging};

/// A postal address: `street`, `city`, `state`, `zip`.
///
/// ```
/// use autosync_client::Address;
/// let a = Address::new().street("123 Main St").city("North Canton").state("OH").zip("44720");
/// assert_eq!(a.zip.as_deref(), Some("44720"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
#[must_use = "an address does nothing until you set it on a NewCustomer or CustomerUpdate"]
pub struct Address {
    /// Street and number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State (e.g. `OH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// ZIP code, as text (leading zeros matter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    /// Every other field the server sends.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    Address, "an address object",
    required {},
    optional { street: "street", city: "city", state: "state", zip: "zip" },
}

impl Address {
    /// An empty address.
    pub fn new() -> Self {
        Self::default()
    }
    setters! {
        /// Sets `street`.
        street: String,
        /// Sets `city`.
        city: String,
        /// Sets `state`.
        state: String,
        /// Sets `zip`.
        zip: String,
    }
}

/// A customer.
///
/// The documentation shows no customer response; this is the create body's
/// fields plus `id` and `created_at` (assumptions: `created_at` because the
/// list filters on `created_after`, and every documented resource response
/// carries one), and every other field the server sends is kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Customer {
    /// The customer's id.
    pub id: CustomerId,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number, as entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Whether this is a business account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_business: Option<bool>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// When the customer was created (**assumed**: see above).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub created_at: Option<DateTime<Utc>>,
    /// Every other field the server sends.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    Customer, "a customer object",
    required { id: "id" },
    optional {
        first_name: "first_name",
        last_name: "last_name",
        email: "email",
        phone: "phone",
        is_business: "is_business",
        address: "address",
        created_at: "created_at" as Rfc3339Utc,
    },
}

/// The body of `POST /v1/shops/{shop_id}/customers`.
///
/// ```
/// use autosync_client::{Address, NewCustomer};
/// use autosync_client::serde_json;
/// let mike = NewCustomer::new("Mike", "Rodriguez")
///     .email("mike@example.com")
///     .phone("(555) 123-4567")
///     .address(Address::new().street("123 Main St").city("North Canton").state("OH").zip("44720"));
/// assert_eq!(serde_json::to_value(&mike).unwrap()["address"]["state"], "OH");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
#[must_use = "a request body does nothing until you pass it to a Client call"]
pub struct NewCustomer {
    /// First name (required).
    pub first_name: String,
    /// Last name (required).
    pub last_name: String,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Business account flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_business: Option<bool>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
}

impl NewCustomer {
    /// A customer with the two required fields.
    pub fn new(first_name: impl Into<String>, last_name: impl Into<String>) -> Self {
        Self {
            first_name: first_name.into(),
            last_name: last_name.into(),
            email: None,
            phone: None,
            is_business: None,
            address: None,
        }
    }
    setters! {
        /// Sets `email`.
        email: String,
        /// Sets `phone`.
        phone: String,
        /// Sets `is_business`.
        is_business: bool,
        /// Sets `address`.
        address: Address,
    }
}

/// The body of `PUT /v1/shops/{shop_id}/customers/{customer_id}`: the create
/// body's fields, each optional ("only include fields you want to update").
/// Unset fields are not sent.
///
/// ```
/// use autosync_client::CustomerUpdate;
/// use autosync_client::serde_json;
/// let u = CustomerUpdate::new().phone("(555) 987-6543");
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"phone":"(555) 987-6543"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
#[must_use = "a request body does nothing until you pass it to a Client call"]
pub struct CustomerUpdate {
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Business account flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_business: Option<bool>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
}

impl CustomerUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }
    setters! {
        /// Sets `first_name`.
        first_name: String,
        /// Sets `last_name`.
        last_name: String,
        /// Sets `email`.
        email: String,
        /// Sets `phone`.
        phone: String,
        /// Sets `is_business`.
        is_business: bool,
        /// Sets `address`.
        address: Address,
    }
}

/// The query of `GET /v1/shops/{shop_id}/customers`.
///
/// ```
/// use autosync_client::CustomerQuery;
/// use autosync_client::NaiveDate;
/// let q = CustomerQuery::new()
///     .search("rodriguez")
///     .is_business(false)
///     .created_after(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap())
///     .per_page(100);
/// assert_eq!(q.paging.per_page, Some(100));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
#[must_use = "a query does nothing until you pass it to a list_… or stream_… call"]
pub struct CustomerQuery {
    /// `search`: by name, e-mail or phone.
    pub search: Option<String>,
    /// `is_business`.
    pub is_business: Option<bool>,
    /// `created_after`, sent as `YYYY-MM-DD`.
    pub created_after: Option<NaiveDate>,
    /// `page` and `per_page`.
    pub paging: Paging,
}

impl CustomerQuery {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }
    setters! {
        /// Sets `search`.
        search: String,
        /// Sets `is_business`.
        is_business: bool,
        /// Sets `created_after`.
        created_after: NaiveDate,
    }
    paging_setters!();
}
