//! The PATCH tri-state: a field is absent (unchanged), null (cleared) or a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field of a PATCH body: not sent, sent as `null`, or sent with a value.
///
/// Use it with `#[serde(default, skip_serializing_if = "Patch::is_absent")]` so
/// that an absent field is left out of the JSON:
///
/// ```
/// use autoclient_common::Patch;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize, Default)]
/// struct PartUpdate {
///     #[serde(default, skip_serializing_if = "Patch::is_absent")]
///     price: Patch<u32>,
///     #[serde(default, skip_serializing_if = "Patch::is_absent")]
///     note: Patch<String>,
///     #[serde(default, skip_serializing_if = "Patch::is_absent")]
///     bin: Patch<String>,
/// }
///
/// let body = PartUpdate { price: Patch::Value(12), note: Patch::Null, ..Default::default() };
/// assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"price":12,"note":null}"#);
///
/// let back: PartUpdate = serde_json::from_str(r#"{"note":null}"#).unwrap();
/// assert!(back.price.is_absent() && back.note.is_null());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Patch<T> {
    /// Not sent: the server leaves the field unchanged.
    #[default]
    Absent,
    /// Sent as `null`: the server clears the field.
    Null,
    /// Sent with this value.
    Value(T),
}

impl<T> Patch<T> {
    /// Whether the field is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }
    /// Whether the field is sent as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Patch::Null)
    }
    /// The value, when there is one.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Patch::Value(v) => Some(v),
            _ => None,
        }
    }
    /// Maps the value.
    #[must_use]
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Patch<U> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Null => Patch::Null,
            Patch::Value(v) => Patch::Value(f(v)),
        }
    }
    /// Applies this patch to a stored optional value (absent keeps it, null
    /// clears it, a value replaces it).
    pub fn apply_to(self, target: &mut Option<T>) {
        match self {
            Patch::Absent => {}
            Patch::Null => *target = None,
            Patch::Value(v) => *target = Some(v),
        }
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some(v)` sets the value, `None` clears the field.
    fn from(v: Option<T>) -> Self {
        match v {
            Some(v) => Patch::Value(v),
            None => Patch::Null,
        }
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Value(v) => v.serialize(serializer),
            // `Absent` is skipped by `skip_serializing_if`; if it is not, null
            // is the closest truthful encoding.
            Patch::Absent | Patch::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}
