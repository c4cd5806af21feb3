use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::PaymentId;

/// A payment.
///
/// The documentation names no field of a payment. **Assumption:** it has an
/// integer `id`, like every other resource; every other field (amount,
/// method, date…) is kept, as sent, in `fields`.
///
/// ```
/// use autosync_client::{Payment, PaymentId};
/// use autosync_client::serde_json;
/// let p: Payment = serde_json::from_str(r#"{"id":9,"amount":1166.40}"#).unwrap();
/// assert_eq!(p.id, PaymentId(9));
/// assert!(p.fields.contains_key("amount"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payment {
    /// The payment's id.
    pub id: PaymentId,
    /// Every other field the server sends.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}
