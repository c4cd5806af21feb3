use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Vehicle;

/// The body of `POST /api/vehicles/ingest`: `{"vehicles": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IngestRequest<'a> {
    /// The vehicles, at most 1,000.
    pub vehicles: std::borrow::Cow<'a, [Vehicle]>,
}

impl<'a> IngestRequest<'a> {
    /// The body for `vehicles`, borrowed (`&[Vehicle]`) or owned (`Vec<Vehicle>`).
    ///
    /// ```
    /// use auterio_client::{IngestRequest, Vehicle, serde_json};
    /// let golf = [Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf")];
    /// let body = serde_json::to_string(&IngestRequest::new(&golf[..])).unwrap();
    /// assert!(body.starts_with(r#"{"vehicles":[{"vin":"WVWZZZE1ZNP123456""#));
    /// ```
    #[must_use]
    pub fn new(vehicles: impl Into<std::borrow::Cow<'a, [Vehicle]>>) -> Self {
        Self {
            vehicles: vehicles.into(),
        }
    }
}

/// The response of an ingest.
///
/// The documentation shows `success`, `imported`, `skipped` and `source`, and
/// says that the errors of skipped vehicles "are returned in the response"
/// without naming the field or its shape. **Assumption:** they come as an
/// array named `errors`; each is kept whole ([`VehicleError`]). Every other
/// field the server sends is kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IngestResponse {
    /// Whether the ingest succeeded.
    pub success: bool,
    /// Vehicles created or updated.
    #[serde(default)]
    pub imported: u64,
    /// Vehicles skipped as invalid.
    #[serde(default)]
    pub skipped: u64,
    /// The name of the source (the DMS) the API key belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Per-vehicle errors of skipped vehicles (see the assumption above).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<VehicleError>,
    /// Any other field the server sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl IngestResponse {
    /// A response with its counts (no source, errors or other fields), for
    /// a test of your own code that reads one.
    #[must_use]
    pub fn new(success: bool, imported: u64, skipped: u64) -> Self {
        Self {
            success,
            imported,
            skipped,
            source: None,
            errors: Vec::new(),
            extra: Map::new(),
        }
    }
}

/// One per-vehicle error of an ingest response, kept whole: its shape is not
/// documented. `vin()` and `message()` read the likely fields when present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
#[non_exhaustive]
pub struct VehicleError(pub Value);

impl From<Value> for VehicleError {
    fn from(value: Value) -> Self {
        Self(value)
    }
}

impl VehicleError {
    /// The error as the server sent it.
    #[must_use]
    pub fn new(value: Value) -> Self {
        Self(value)
    }
    /// The VIN the error is about, when the server names it (`vin`).
    #[must_use]
    pub fn vin(&self) -> Option<&str> {
        self.0.get("vin").and_then(Value::as_str)
    }
    /// The message, when the server sends one (`error`, `message` or a bare string).
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        self.0
            .as_str()
            .or_else(|| self.0.get("error").and_then(Value::as_str))
            .or_else(|| self.0.get("message").and_then(Value::as_str))
    }
}
