//! The API's error body.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What Auterio sends with an error status.
///
/// The documentation gives only the messages of its three errors (401
/// "Missing or invalid Authorization header", 403 "API key is invalid or
/// inactive", 400 "Invalid payload or no valid vehicles"), not the body's
/// shape. **Assumption:** a JSON object whose message is in `error` or
/// `message`; everything is kept, and a body that is not JSON is still
/// available as raw text on [`Error::body_text`](crate::Error::body_text).
///
/// Every field is optional: `ApiError::default()` and field assignment make
/// one (for a test of your own error handling).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiError {
    /// `success`, when sent (false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// `error`, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
    /// `message`, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl autoclient_common::ApiErrorBody for ApiError {
    fn message(&self) -> Option<String> {
        self.message
            .clone()
            .or_else(|| {
                self.error
                    .as_ref()
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .or_else(|| {
                self.error
                    .as_ref()
                    .and_then(|e| e.get("message"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
    }
}
