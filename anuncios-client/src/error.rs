//! The API's error bodies: `{"detail": ...}` and the field → `[messages]` map.

use std::collections::BTreeMap;

use autoclient_common::Violation;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// What Loja Conectada sends with an error status.
///
/// Two documented shapes, both read into this one type:
///
/// * 401, 403, 404, 405: `{"detail": "Token inválido ou expirado."}` →
///   [`detail`](ApiError::detail).
/// * 400: a map of field → list of messages,
///   `{"license_plate": ["License plate cannot be blank for used vehicles"]}` →
///   [`fields`](ApiError::fields). Messages may be English or Portuguese.
///
/// Any other member (a nested error object, a non-list value) is kept in
/// [`extra`](ApiError::extra); the raw body is always on
/// [`Error::body_text`](crate::Error::body_text).
///
/// ```
/// use anuncios_client::{ApiError, serde_json};
/// let e: ApiError = serde_json::from_str(r#"{"price": ["Preço deve ser maior que 0"]}"#).unwrap();
/// assert_eq!(e.messages_for("price"), ["Preço deve ser maior que 0"]);
/// let d: ApiError = serde_json::from_str(r#"{"detail": "Não encontrado."}"#).unwrap();
/// assert_eq!(d.detail.as_deref(), Some("Não encontrado."));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ApiError {
    /// `detail`, when sent (401, 403, 404, 405).
    pub detail: Option<String>,
    /// Field → messages (400), in field-name order.
    pub fields: BTreeMap<String, Vec<String>>,
    /// Every other member.
    pub extra: Map<String, Value>,
}

impl ApiError {
    /// The messages for `field` (empty when it has none).
    #[must_use]
    pub fn messages_for(&self, field: &str) -> &[String] {
        self.fields.get(field).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every field message as a [`Violation`] (one per message).
    #[must_use]
    pub fn violations(&self) -> Vec<Violation> {
        self.fields
            .iter()
            .flat_map(|(f, msgs)| {
                msgs.iter()
                    .map(move |m| Violation::new(f.clone(), m.clone()))
            })
            .collect()
    }
}

impl<'de> Deserialize<'de> for ApiError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = Map::<String, Value>::deserialize(deserializer)?;
        let mut out = ApiError::default();
        for (k, v) in map {
            match (k.as_str(), v) {
                ("detail", Value::String(s)) => out.detail = Some(s),
                (_, Value::Array(items)) if items.iter().all(Value::is_string) => {
                    let msgs = items
                        .into_iter()
                        .filter_map(|i| match i {
                            Value::String(s) => Some(s),
                            _ => None,
                        })
                        .collect();
                    out.fields.insert(k, msgs);
                }
                (_, v) => {
                    out.extra.insert(k, v);
                }
            }
        }
        Ok(out)
    }
}

impl Serialize for ApiError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = self.extra.clone();
        for (k, msgs) in &self.fields {
            map.insert(
                k.clone(),
                Value::Array(msgs.iter().cloned().map(Value::String).collect()),
            );
        }
        if let Some(d) = &self.detail {
            map.insert("detail".to_owned(), Value::String(d.clone()));
        }
        map.serialize(serializer)
    }
}

impl autoclient_common::ApiErrorBody for ApiError {
    fn message(&self) -> Option<String> {
        if let Some(d) = &self.detail {
            return Some(d.clone());
        }
        if self.fields.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .fields
            .iter()
            .map(|(f, msgs)| format!("{f}: {}", msgs.join(" / ")))
            .collect();
        Some(parts.join("; "))
    }
}

/// Reading this API's errors: field errors and `detail`, whichever side
/// found them.
///
/// ```
/// use anuncios_client::{Error, ErrorExt, Violation};
/// let err = Error::validation(vec![Violation::new("price", "must be greater than 0")]);
/// assert_eq!(err.field_errors()[0].field, "price");
/// ```
pub trait ErrorExt {
    /// The field errors: the server's 400 field → `[messages]` map (one
    /// [`Violation`] per message), or, for a request refused before sending,
    /// the client-side violations.
    fn field_errors(&self) -> Vec<Violation>;
    /// The server's `detail` message (401, 403, 404, 405).
    fn detail(&self) -> Option<&str>;
}

impl ErrorExt for crate::Error {
    fn field_errors(&self) -> Vec<Violation> {
        if !self.violations().is_empty() {
            return self.violations().to_vec();
        }
        self.api_error()
            .map(ApiError::violations)
            .unwrap_or_default()
    }

    fn detail(&self) -> Option<&str> {
        self.api_error().and_then(|a| a.detail.as_deref())
    }
}
