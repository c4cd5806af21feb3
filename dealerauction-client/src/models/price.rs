//! Prices: `{ "value": number, "currency": "GBP" }`, with exact decimals.

use autoclient_common::wire::ExactDecimal;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};

use super::Currency;

/// A price as the API writes it: an exact decimal `value` and its `currency`
/// (both required; GBP is the only documented currency).
///
/// The value is written as a JSON number with its exact digits and never
/// passes through `f64`.
///
/// ```
/// use dealerauction_client::serde_json;
/// use dealerauction_client::models::Price;
/// use dealerauction_client::Decimal;
/// let p = Price::gbp(Decimal::new(1_500, 0));
/// assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"value":1500,"currency":"GBP"}"#);
/// let q: Price = serde_json::from_str(r#"{"value": 1499.99, "currency": "GBP"}"#).unwrap();
/// assert_eq!(q.value, Decimal::new(149_999, 2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[must_use = "pass it to a call (or to the builder it belongs to): building it sends nothing"]
pub struct Price {
    /// The amount, exact.
    #[serde(with = "autoclient_common::wire::decimal")]
    pub value: Decimal,
    /// The currency.
    pub currency: Currency,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

autoclient_common::deserialize_keeping_unknown! {
    Price, "a price object",
    required { value: "value" as ExactDecimal, currency: "currency" },
    optional {},
}

impl Price {
    /// A price in pounds sterling.
    pub fn gbp(value: impl Into<Decimal>) -> Self {
        Self {
            value: value.into(),
            currency: Currency::Gbp,
            extra: Map::new(),
        }
    }
}
