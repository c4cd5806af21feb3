//! The API's error body.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What AutoSync sends with an error status:
/// `{"success": false, "error": {"code", "message", "status"}}`.
///
/// Every field is kept; a body that is not this shape (an HTML page from a
/// proxy) is still available as raw text on
/// [`Error::body_text`](crate::Error::body_text).
///
/// ```
/// use autosync_client::ApiError;
/// use autosync_client::serde_json;
/// let body: ApiError = serde_json::from_str(
///     r#"{"success":false,"error":{"code":"invalid_parameter","message":"The 'email' field is required.","status":422}}"#,
/// ).unwrap();
/// assert_eq!(body.code(), Some("invalid_parameter"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiError {
    /// `success` (false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// `error`, when it is the documented object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiErrorDetail>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `error` object of an error body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiErrorDetail {
    /// A machine-readable code, e.g. `invalid_parameter`. The documentation
    /// shows only this one value, so it is kept as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A human-readable message, e.g. `The 'email' field is required.`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The HTTP status repeated in the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ApiError {
    /// The error code, when sent.
    pub fn code(&self) -> Option<&str> {
        self.error.as_ref()?.code.as_deref()
    }
}

impl autoclient_common::ApiErrorBody for ApiError {
    fn message(&self) -> Option<String> {
        let detail = self.error.as_ref()?;
        match (&detail.code, &detail.message) {
            (Some(c), Some(m)) => Some(format!("{m} ({c})")),
            (None, Some(m)) => Some(m.clone()),
            (Some(c), None) => Some(c.clone()),
            (None, None) => None,
        }
    }
}
