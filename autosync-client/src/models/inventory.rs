use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::PartId;

/// An inventory part.
///
/// The documentation shows no part response; this is the update body's fields
/// plus `id` (an assumption); every other field (name, part number…) is kept
/// in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Part {
    /// The part's id.
    pub id: PartId,
    /// Stock quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<i64>,
    /// Unit cost, exact.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "autoclient_common::wire::decimal_opt"
    )]
    pub cost: Option<Decimal>,
    /// Retail price, exact.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "autoclient_common::wire::decimal_opt"
    )]
    pub price: Option<Decimal>,
    /// Every other field the server sends.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The body of `PATCH /v1/shops/{shop_id}/inventory/{part_id}`: set the stock
/// quantity, the unit cost, the retail price, or any of them. Unset fields
/// are not sent. Money is written as exact JSON numbers (the documentation
/// says "float"; no binary float is involved).
///
/// ```
/// use autosync_client::StockUpdate;
/// use autosync_client::Decimal;
/// use autosync_client::serde_json;
/// let u = StockUpdate::new().quantity(12).price(Decimal::new(1899, 2));
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"quantity":12,"price":18.99}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
#[must_use = "a request body does nothing until you pass it to a Client call"]
pub struct StockUpdate {
    /// Stock quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<i64>,
    /// Unit cost.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "autoclient_common::wire::decimal_opt"
    )]
    pub cost: Option<Decimal>,
    /// Retail price.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "autoclient_common::wire::decimal_opt"
    )]
    pub price: Option<Decimal>,
}

impl StockUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the stock quantity.
    pub fn quantity(mut self, quantity: i64) -> Self {
        self.quantity = Some(quantity);
        self
    }
    /// Sets the unit cost.
    pub fn cost(mut self, cost: Decimal) -> Self {
        self.cost = Some(cost);
        self
    }
    /// Sets the retail price.
    pub fn price(mut self, price: Decimal) -> Self {
        self.price = Some(price);
        self
    }
    /// Whether nothing would be changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.quantity.is_none() && self.cost.is_none() && self.price.is_none()
    }
}
