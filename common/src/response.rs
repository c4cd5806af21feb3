//! A typed body together with the response's status, headers, request id and
//! rate-limit information.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName};

/// A decoded response body with the metadata of the response that carried it.
///
/// ```
/// # use autoclient_common::Response;
/// # fn show(resp: Response<Vec<u32>>) {
/// println!("{} items, request id {:?}", resp.body().len(), resp.request_id());
/// let items: Vec<u32> = resp.into_body();
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Response<T> {
    pub(crate) method: reqwest::Method,
    pub(crate) path: String,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) rate_limit: RateLimitInfo,
    pub(crate) attempts: u32,
    pub(crate) fingerprint: Option<u64>,
    pub(crate) body: T,
}

impl<T> Response<T> {
    /// The request's method.
    pub fn method(&self) -> &reqwest::Method {
        &self.method
    }
    /// The request's URL path (never its query).
    pub fn path(&self) -> &str {
        &self.path
    }
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }
    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    /// The server's request id (`x-request-id`, `request-id` or `x-correlation-id`).
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }
    /// The rate-limit headers of the response.
    pub fn rate_limit(&self) -> &RateLimitInfo {
        &self.rate_limit
    }
    /// How many attempts the call took.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
    /// A hash of the raw body bytes (used to detect a server repeating a
    /// page); `None` unless the request asked for it with
    /// [`Request::fingerprint`](crate::Request::fingerprint).
    pub fn fingerprint(&self) -> Option<u64> {
        self.fingerprint
    }
    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }
    /// Takes the decoded body.
    #[must_use]
    pub fn into_body(self) -> T {
        self.body
    }
    /// The page of a walk, built by `page` from the body: it carries this
    /// response's body fingerprint (when the request asked for one) and
    /// names its request (method and path), for the errors that end a walk.
    pub fn into_page<I, C>(self, page: impl FnOnce(T) -> crate::Page<I, C>) -> crate::Page<I, C> {
        let fingerprint = self.fingerprint;
        let (method, path) = (self.method, self.path);
        page(self.body)
            .with_fingerprint(fingerprint)
            .with_request(method, path)
    }
    /// Transforms the body, keeping the metadata.
    #[must_use]
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            method: self.method,
            path: self.path,
            status: self.status,
            headers: self.headers,
            rate_limit: self.rate_limit,
            attempts: self.attempts,
            fingerprint: self.fingerprint,
            body: f(self.body),
        }
    }
}

impl Response<bytes::Bytes> {
    /// Decodes the raw body as JSON (see [`decode_json`](crate::decode_json));
    /// a failure keeps the status, headers, body and JSON path.
    pub fn json<T: serde::de::DeserializeOwned, E>(self) -> Result<Response<T>, crate::Error<E>> {
        match crate::decode_json::<T, E>(&self.body) {
            Ok(v) => Ok(self.map(|_| v)),
            Err(e) => Err(e
                .with_request(&self.method, &self.path)
                .with_response(self.status, self.headers, self.body, false)
                .with_attempts(self.attempts)),
        }
    }

    /// Like [`json`](Response::json), but an empty body (204, or 200 with
    /// nothing) is `None`.
    pub fn json_opt<T: serde::de::DeserializeOwned, E>(
        self,
    ) -> Result<Response<Option<T>>, crate::Error<E>> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(self.map(|_| None));
        }
        self.json::<T, E>().map(|r| r.map(Some))
    }
}

/// The `X-RateLimit-*` headers of a response, as far as it sent them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitInfo {
    /// `X-RateLimit-Limit`.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Reset`, as a wait from when the response was received.
    pub reset_in: Option<Duration>,
}

impl RateLimitInfo {
    pub(crate) fn from_headers(headers: &HeaderMap, now_utc: SystemTime) -> Self {
        let num = |name: &HeaderName| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        Self {
            limit: num(&crate::retry::X_RATELIMIT_LIMIT),
            remaining: num(&crate::retry::X_RATELIMIT_REMAINING),
            reset_in: crate::retry::rate_limit_reset(headers, now_utc),
        }
    }
}

pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    const NAMES: [HeaderName; 3] = [
        HeaderName::from_static("x-request-id"),
        HeaderName::from_static("request-id"),
        HeaderName::from_static("x-correlation-id"),
    ];
    NAMES
        .iter()
        .find_map(|h| headers.get(h).and_then(|v| v.to_str().ok()))
}
