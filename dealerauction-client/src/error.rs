//! The API's error bodies, and typed access to them from an [`Error`](crate::Error).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

autoclient_common::open_enum! {
    /// The `errorCode` of an error body. These are the only codes the
    /// documentation shows; others are kept.
    pub enum ErrorCode {
        /// `INVALID_STOCK_ITEM` (400, with field `errors`).
        InvalidStockItem = "INVALID_STOCK_ITEM",
        /// `SERVER_ERROR`.
        ServerError = "SERVER_ERROR",
        /// `STOCK_ALREADY_EXISTS` (409: the VRM is already stocked for that customer).
        StockAlreadyExists = "STOCK_ALREADY_EXISTS",
    }
}

/// What the API sends with an error status. Three documented shapes share it:
///
/// * 400 `{errorCode, errorMessage, errors: [{message, key}]}`,
/// * 409 `{errorCode: "STOCK_ALREADY_EXISTS", vrm}`,
/// * 403, 404, 429, 500, 502 `{errorCode, errorMessage}`.
///
/// Everything else the body carries is kept in `extra`; a body that is not
/// JSON is still available on [`Error::body_text`](crate::Error::body_text).
///
/// ```
/// use dealerauction_client::serde_json;
/// use dealerauction_client::{ApiError, ErrorCode};
/// let e: ApiError = serde_json::from_str(r#"{"errorCode":"STOCK_ALREADY_EXISTS","vrm":"AB17ABC"}"#).unwrap();
/// assert_eq!(e.error_code, ErrorCode::StockAlreadyExists);
/// assert_eq!(e.vrm.as_deref(), Some("AB17ABC"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiError {
    /// The error code (required).
    pub error_code: ErrorCode,
    /// The message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// The field errors of a 400 `INVALID_STOCK_ITEM`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The VRM of a 409 `STOCK_ALREADY_EXISTS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vrm: Option<String>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One field error of a 400 `INVALID_STOCK_ITEM`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FieldError {
    /// What is wrong (required).
    pub message: String,
    /// The field it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.key {
            Some(k) => write!(f, "{k}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl autoclient_common::ApiErrorBody for ApiError {
    fn message(&self) -> Option<String> {
        let mut msg = match (&self.error_message, &self.vrm) {
            (Some(m), _) => format!("{}: {m}", self.error_code),
            (None, Some(vrm)) => format!("{} (vrm {vrm})", self.error_code),
            (None, None) => self.error_code.to_string(),
        };
        if !self.errors.is_empty() {
            let list: Vec<String> = self.errors.iter().map(ToString::to_string).collect();
            msg.push_str(&format!(" ({})", list.join("; ")));
        }
        Some(msg)
    }
}

/// A create refused because the VRM is already stocked for that customer
/// account (409 `STOCK_ALREADY_EXISTS`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StockAlreadyExists {
    /// The VRM the server named, when it did.
    pub vrm: Option<String>,
}

/// Typed access to this API's error body from an [`Error`](crate::Error).
///
/// ```
/// use dealerauction_client::{Error, ErrorExt};
/// fn explain(e: &Error) {
///     if let Some(conflict) = e.stock_already_exists() {
///         println!("already stocked: {:?}", conflict.vrm);
///     }
///     for f in e.field_errors() {
///         println!("{f}");
///     }
/// }
/// ```
pub trait ErrorExt {
    /// The API's `errorCode`, when the response carried one.
    fn error_code(&self) -> Option<&ErrorCode>;
    /// The conflict, when this is a 409 `STOCK_ALREADY_EXISTS`.
    fn stock_already_exists(&self) -> Option<StockAlreadyExists>;
    /// The field errors of a 400 `INVALID_STOCK_ITEM` (empty otherwise).
    fn field_errors(&self) -> &[FieldError];
}

impl ErrorExt for crate::Error {
    fn error_code(&self) -> Option<&ErrorCode> {
        self.api_error().map(|a| &a.error_code)
    }
    fn stock_already_exists(&self) -> Option<StockAlreadyExists> {
        let api = self.api_error()?;
        (api.error_code == ErrorCode::StockAlreadyExists).then(|| StockAlreadyExists {
            vrm: api.vrm.clone(),
        })
    }
    fn field_errors(&self) -> &[FieldError] {
        self.api_error().map(|a| a.errors.as_slice()).unwrap_or(&[])
    }
}
