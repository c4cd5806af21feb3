//! A request description: method, path, query, JSON body, and per-request
//! retry settings. Built by the API crates; sent by [`HttpClient`](crate::HttpClient).

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

#[derive(Debug, Clone)]
pub(crate) enum PathSpec {
    /// Unencoded segments, each percent-encoded when joined to the base URL.
    Segments {
        segments: Vec<String>,
        trailing_slash: bool,
    },
    /// An already-encoded absolute path (and query) taken from a link.
    Raw {
        path: String,
        query: Option<String>,
        origin: Option<url::Origin>,
    },
}

/// One API request, before it is sent.
///
/// Literal path parts (`"v1/stock"`) come from the SDK; values from a caller go
/// through [`segment`](Request::segment), which percent-encodes them so that an
/// id can never change the path (a `/` in it is sent as `%2F`, a `%` as
/// `%25`), and refuses the values that no encoding can keep in their place:
/// an empty value, `.` and `..` (which URL normalisation removes, addressing
/// the parent path), and values holding a control character (CR, LF and TAB
/// are silently stripped from URLs). Such a request is never sent: sending
/// it fails with [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest)
/// naming the parameter.
///
/// ```
/// use autoclient_common::Request;
/// let req = Request::get("v1/customers")
///     .segment("customer_id", "cus 42/x")
///     .query("include", "vehicles");
/// assert_eq!(req.method().as_str(), "GET");
/// assert!(req.is_idempotent());
/// assert!(req.invalid_reason().is_none());
///
/// let bad = Request::get("v1/stock").segment("stock_id", "..");
/// assert_eq!(
///     bad.invalid_reason().as_deref(),
///     Some("the path parameter `stock_id` is `.` or `..`, which would address another path"),
/// );
/// ```
#[derive(Clone)]
#[must_use = "a Request does nothing until it is sent with HttpClient::send_json, send_bytes or send_empty"]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: PathSpec,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
    pub(crate) body_error: Option<String>,
    /// The first path parameter that was refused, and why.
    pub(crate) path_error: Option<(&'static str, &'static str)>,
    pub(crate) idempotent: bool,
    pub(crate) max_retries: Option<u32>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) secret_response: bool,
    pub(crate) fingerprint: bool,
}

impl fmt::Debug for Request {
    /// Shows the method, path and settings; never the query values or the
    /// body, which may carry personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path_for_display())
            .field(
                "query_keys",
                &self
                    .query
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("body_bytes", &self.body.as_ref().map(Bytes::len))
            .field("idempotent", &self.idempotent)
            .field("max_retries", &self.max_retries)
            .field("deadline", &self.deadline)
            .field("secret_response", &self.secret_response)
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

/// What the URL standard percent-encodes in a path segment of an `http(s)`
/// URL (the url crate's set): controls, space, the quote, `#`, `<`, `>`,
/// `?`, the backtick, `{`, `}`, `/`, `%` and the backslash.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%')
    .add(b'\\');

/// Why a value cannot be a path segment, if it cannot.
fn segment_problem(value: &str) -> Option<&'static str> {
    if value.is_empty() {
        Some("is empty, which would address another path")
    } else if value == "." || value == ".." {
        Some("is `.` or `..`, which would address another path")
    } else if value.chars().any(char::is_control) {
        Some("holds a control character, which a URL cannot carry in its place")
    } else {
        None
    }
}

fn split_literal(path: &str) -> (Vec<String>, bool) {
    let trailing = path.ends_with('/') && !path.trim_matches('/').is_empty();
    let segs = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    (segs, trailing)
}

impl Request {
    /// A request with `method` to the literal `path` (relative to the base URL;
    /// split on `/`; a trailing `/` is kept). Idempotent when the method is
    /// GET, HEAD, PUT, DELETE or OPTIONS.
    pub fn new(method: Method, path: &str) -> Self {
        let (segments, trailing_slash) = split_literal(path);
        let idempotent = matches!(
            method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        Self {
            method,
            path: PathSpec::Segments {
                segments,
                trailing_slash,
            },
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            body_error: None,
            path_error: None,
            idempotent,
            max_retries: None,
            deadline: None,
            secret_response: false,
            fingerprint: false,
        }
    }

    /// A GET request.
    pub fn get(path: &str) -> Self {
        Self::new(Method::GET, path)
    }
    /// A POST request (not idempotent unless marked).
    pub fn post(path: &str) -> Self {
        Self::new(Method::POST, path)
    }
    /// A PUT request.
    pub fn put(path: &str) -> Self {
        Self::new(Method::PUT, path)
    }
    /// A PATCH request (not idempotent unless marked).
    pub fn patch(path: &str) -> Self {
        Self::new(Method::PATCH, path)
    }
    /// A DELETE request.
    pub fn delete(path: &str) -> Self {
        Self::new(Method::DELETE, path)
    }

    /// A GET of a link (a "next page" URL, absolute or root-relative) sent to
    /// the client's configured origin only: its path and query are kept, its
    /// scheme, host and port are not, so credentials never go to another host.
    /// A link on the configured origin is followed as it is. When the base
    /// URL has a path (`https://gw.example/lc`) and a link naming another host
    /// (or none) has a path that does not start with it, the link's path is
    /// taken relative to it (`/v3/x` becomes `/lc/v3/x`).
    pub fn get_link(link: &str) -> Result<Self, String> {
        let origin = url::Url::parse(link).ok().map(|u| u.origin());
        let base = url::Url::parse("http://link.invalid/").map_err(|e| e.to_string())?;
        let parsed = base.join(link).map_err(|e| format!("invalid link: {e}"))?;
        let mut req = Self::get("");
        req.path = PathSpec::Raw {
            path: parsed.path().to_owned(),
            query: parsed.query().map(str::to_owned),
            origin,
        };
        Ok(req)
    }

    /// Appends a path segment taken from data (an id, a plate), named `name`
    /// (the parameter, as the caller knows it: `stock_id`) for the error of a
    /// refused value: percent-encoded, or refused when it is empty, `.`, `..`,
    /// or holds a control character (see [`Request`]).
    pub fn segment(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        let value = value.to_string();
        if self.path_error.is_none()
            && let Some(why) = segment_problem(&value)
        {
            self.path_error = Some((name, why));
        }
        if let PathSpec::Segments {
            segments,
            trailing_slash,
        } = &mut self.path
        {
            segments.push(value.to_string());
            *trailing_slash = false;
        }
        self
    }

    /// Appends literal path parts (split on `/`; a trailing `/` is kept).
    pub fn path(mut self, literal: &str) -> Self {
        if let PathSpec::Segments {
            segments,
            trailing_slash,
        } = &mut self.path
        {
            let (more, trailing) = split_literal(literal);
            if !more.is_empty() {
                segments.extend(more);
                *trailing_slash = trailing;
            } else if literal.ends_with('/') {
                *trailing_slash = true;
            }
        }
        self
    }

    /// Adds a query parameter (repeat the call for repeated keys).
    pub fn query(mut self, key: impl Into<String>, value: impl fmt::Display) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// Adds a query parameter when `value` is `Some`.
    pub fn query_opt<V: fmt::Display>(self, key: impl Into<String>, value: Option<V>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Sets a JSON body (serialized now; a serialization failure is reported
    /// as [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest) when sent).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some(Bytes::from(bytes));
                self.body_error = None;
            }
            Err(e) => self.body_error = Some(e.to_string()),
        }
        self
    }

    /// Sets an already-encoded JSON body.
    pub fn json_bytes(mut self, body: impl Into<Bytes>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Adds a request header.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Declares whether sending the request twice has the same effect as once
    /// (an upsert, for instance), which allows retrying it after it may have
    /// reached the server.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// Overrides the client's retry count for this request.
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = Some(n);
        self
    }

    /// Sets an overall deadline for this call (all attempts and waits; see
    /// [`ClientConfig::with_deadline`](crate::ClientConfig::with_deadline)).
    pub fn deadline(mut self, d: Duration) -> Self {
        self.deadline = Some(d);
        self
    }

    /// Declares that the responses carry secrets (a token endpoint's answer,
    /// or its error echoing the request): the error of a success that does
    /// not decode, or of an error status, keeps the status and headers but
    /// neither the body nor an API error parsed from it, so that `Debug`,
    /// `Display` and logs cannot show them.
    ///
    /// ```
    /// use autoclient_common::Request;
    /// let req = Request::post("oauth/token").secret_response(true);
    /// assert!(format!("{req:?}").contains("secret_response: true"));
    /// ```
    pub fn secret_response(mut self, secret: bool) -> Self {
        self.secret_response = secret;
        self
    }

    /// Asks for a fingerprint of the response body
    /// ([`Response::fingerprint`](crate::Response::fingerprint)): a hash of its
    /// raw bytes, with which a paginator notices a server that repeats a page.
    /// Off by default, so that other calls do not pay for hashing the body.
    ///
    /// ```
    /// use autoclient_common::Request;
    /// let req = Request::get("customers").fingerprint(true);
    /// assert!(format!("{req:?}").contains("fingerprint: true"));
    /// ```
    pub fn fingerprint(mut self, yes: bool) -> Self {
        self.fingerprint = yes;
        self
    }

    /// Why this request cannot be sent, when it cannot (a refused path
    /// parameter, a body that did not encode): what sending it reports as
    /// [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest).
    #[must_use]
    pub fn invalid_reason(&self) -> Option<String> {
        if let Some((name, why)) = self.path_error {
            return Some(format!("the path parameter `{name}` {why}"));
        }
        self.body_error
            .as_ref()
            .map(|msg| format!("the request body could not be encoded: {msg}"))
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Whether the request may be retried after it may have reached the server.
    pub fn is_idempotent(&self) -> bool {
        self.idempotent
    }

    /// The encoded JSON body, if any.
    pub fn body_bytes(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The query parameters.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    pub(crate) fn path_for_display(&self) -> String {
        match &self.path {
            PathSpec::Segments {
                segments,
                trailing_slash,
            } => {
                let mut s = String::new();
                for seg in segments {
                    s.push('/');
                    // Encoded as the URL carries it: the path shown in an
                    // error is the one sent, and stays on one line.
                    s.extend(percent_encoding::utf8_percent_encode(seg, SEGMENT));
                }
                if *trailing_slash || s.is_empty() {
                    s.push('/');
                }
                s
            }
            PathSpec::Raw { path, .. } => path.clone(),
        }
    }

    /// The full URL of this request against `base`.
    pub fn url(&self, base: &url::Url) -> Result<url::Url, String> {
        let mut url = base.clone();
        url.set_query(None);
        url.set_fragment(None);
        match &self.path {
            PathSpec::Segments {
                segments,
                trailing_slash,
            } => {
                {
                    let mut p = url
                        .path_segments_mut()
                        .map_err(|()| "the base URL cannot have a path".to_owned())?;
                    p.pop_if_empty();
                    for s in segments {
                        p.push(s);
                    }
                    if *trailing_slash {
                        p.push("");
                    }
                }
                if !self.query.is_empty() {
                    url.query_pairs_mut()
                        .extend_pairs(self.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                }
            }
            PathSpec::Raw {
                path,
                query,
                origin,
            } => {
                // A link on the configured origin is taken as it is. One that
                // names another host (the API's public name behind a gateway
                // configured as the base URL, say) or no host is taken
                // relative to the base path, unless it already starts with it.
                let prefix = base.path().trim_end_matches('/');
                let same_origin = origin.as_ref() == Some(&base.origin());
                if same_origin
                    || prefix.is_empty()
                    || path.starts_with(&format!("{prefix}/"))
                    || path == prefix
                {
                    url.set_path(path);
                } else {
                    url.set_path(&format!("{prefix}{path}"));
                }
                url.set_query(query.as_deref());
                if !self.query.is_empty() {
                    url.query_pairs_mut()
                        .extend_pairs(self.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                }
            }
        }
        Ok(url)
    }
}
