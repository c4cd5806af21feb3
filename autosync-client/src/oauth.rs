//! OAuth 2.0 authorization code flow, for platform integrations acting on
//! behalf of several shops.
//!
//! 1. [`OAuthApp::authorize`] builds the URL to send the shop owner to, with a
//!    fresh random `state`.
//! 2. On your callback, [`OAuthState::verify_callback`] checks the `state` and
//!    takes the `code`.
//! 3. [`OAuthApp::exchange_code`] exchanges it at `POST /v1/oauth/token`.
//! 4. [`OAuthApp::client_builder`] makes a [`Client`](crate::Client) acting
//!    for that shop with the token.
//!
//! The documentation shows neither the token response nor a refresh grant:
//! every field of the response is kept ([`TokenResponse`]) and tokens that
//! expire are handled through a [`TokenSource`](crate::TokenSource) of your
//! own ([`Client::builder_with_token_source`](crate::Client::builder_with_token_source)).

use std::fmt;
use std::future::Future;

use autoclient_common::reexports::secrecy::{ExposeSecret, SecretString};
use autoclient_common::{Auth, ClientConfig, ConfigError, HttpClient, Request, Response};
use base64::Engine as _;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::USER_AGENT;
use crate::{ApiError, ClientBuilder, Environment, Error};
use futures_util::TryFutureExt;

/// The documented authorization endpoint.
pub const AUTHORIZE_URL: &str = "https://autosyncshopmanager.com/oauth/authorize";

autoclient_common::open_string! {
    /// An OAuth scope, e.g. `shops:read`. The documentation shows three; any
    /// other is sent verbatim.
    pub struct Scope {
        /// `shops:read`.
        SHOPS_READ = "shops:read",
        /// `workorders:write`.
        WORKORDERS_WRITE = "workorders:write",
        /// `customers:read`.
        CUSTOMERS_READ = "customers:read",
    }
}

/// Why an authorization step failed on our side.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OAuthError {
    /// The operating system's random number generator failed (no `state`
    /// could be made).
    #[error("the system random number generator failed: {0}")]
    Random(String),
    /// The callback carries no `state`.
    #[error("the OAuth callback carries no state")]
    MissingState,
    /// The callback's `state` is not the one sent: the callback may be forged.
    #[error("the OAuth callback's state does not match the one sent (possible forgery)")]
    StateMismatch,
    /// The callback carries no `code`.
    #[error("the OAuth callback carries no code")]
    MissingCode,
    /// The shop owner (or the server) refused: the callback's `error`.
    #[error("the authorization was refused: {error}")]
    Denied {
        /// `error`.
        error: String,
        /// `error_description`, when sent.
        description: Option<String>,
    },
}

/// The random `state` of one authorization request. Keep it (in the user's
/// session) and check the callback with [`verify_callback`](OAuthState::verify_callback).
#[derive(Clone, PartialEq, Eq)]
pub struct OAuthState(String);

impl fmt::Debug for OAuthState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OAuthState([REDACTED])")
    }
}

impl OAuthState {
    /// 32 bytes from the operating system's CSPRNG, base64url without padding.
    pub fn random() -> Result<Self, OAuthError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| OAuthError::Random(e.to_string()))?;
        Ok(Self(
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
        ))
    }

    /// A state you stored earlier (from [`as_str`](OAuthState::as_str)).
    pub fn from_stored(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value (to store in the user's session).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `returned` equals this state (compared in constant time).
    #[must_use]
    pub fn matches(&self, returned: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), returned.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// Checks a callback (the full callback URL, or its query string) and
    /// returns the authorization code.
    ///
    /// The callback's parameter names are the OAuth 2.0 standard ones
    /// (`code`, `state`, `error`, `error_description`; RFC 6749 §4.1.2): the
    /// AutoSync documentation does not show the callback.
    ///
    /// ```
    /// use autosync_client::oauth::{OAuthError, OAuthState};
    /// let state = OAuthState::from_stored("xyz");
    /// let code = state.verify_callback("https://yourapp.com/callback?code=abc&state=xyz").unwrap();
    /// assert_eq!(code.expose(), "abc");
    /// assert!(matches!(state.verify_callback("code=abc&state=evil"), Err(OAuthError::StateMismatch)));
    /// ```
    pub fn verify_callback(&self, callback: &str) -> Result<AuthorizationCode, OAuthError> {
        let query = match url::Url::parse(callback) {
            Ok(u) => u.query().unwrap_or_default().to_owned(),
            Err(_) => callback.trim_start_matches('?').to_owned(),
        };
        let mut code = None;
        let mut state = None;
        let mut error = None;
        let mut description = None;
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            match k.as_ref() {
                "code" => code = Some(v.into_owned()),
                "state" => state = Some(v.into_owned()),
                "error" => error = Some(v.into_owned()),
                "error_description" => description = Some(v.into_owned()),
                _ => {}
            }
        }
        let state = state.ok_or(OAuthError::MissingState)?;
        if !self.matches(&state) {
            return Err(OAuthError::StateMismatch);
        }
        if let Some(error) = error {
            return Err(OAuthError::Denied { error, description });
        }
        code.map(|c| AuthorizationCode(SecretString::from(c)))
            .ok_or(OAuthError::MissingCode)
    }
}

/// An authorization code from the callback (one use; redacted in `Debug`).
#[derive(Clone)]
pub struct AuthorizationCode(SecretString);

impl fmt::Debug for AuthorizationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthorizationCode([REDACTED])")
    }
}

impl AuthorizationCode {
    /// A code you received otherwise.
    pub fn new(code: impl Into<String>) -> Self {
        Self(SecretString::from(code.into()))
    }
    /// The code.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

/// An authorization request: the URL to redirect the shop owner to, and the
/// state to check on the callback.
///
/// `Debug` shows the URL with its `state` parameter redacted, so logging the
/// request does not leak the value that protects the callback (the `url`
/// field itself, printed on its own, still carries it).
///
/// ```
/// use autosync_client::oauth::{OAuthApp, OAuthState};
/// let app = OAuthApp::builder("app", "app-secret", "https://yourapp.com/callback").build().unwrap();
/// let req = app.authorize_with_state(&[], OAuthState::from_stored("s3cr3t-state"));
/// assert!(req.url.as_str().ends_with("&state=s3cr3t-state"));
/// let shown = format!("{req:?}");
/// assert!(!shown.contains("s3cr3t-state"));
/// assert!(shown.contains("&state=REDACTED"));
/// ```
#[derive(Clone)]
#[non_exhaustive]
#[must_use = "send the shop owner to .url, and keep .state to check the callback"]
pub struct AuthorizeRequest {
    /// `…/oauth/authorize?client_id=…&redirect_uri=…&response_type=code&scope=…&state=…`.
    pub url: crate::Url,
    /// The random state sent.
    pub state: OAuthState,
}

impl fmt::Debug for AuthorizeRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.url.clone();
        if self.url.query().is_some() {
            let pairs: Vec<(String, String)> = self
                .url
                .query_pairs()
                .map(|(k, v)| {
                    let v = if k == "state" {
                        "REDACTED".to_owned()
                    } else {
                        v.into_owned()
                    };
                    (k.into_owned(), v)
                })
                .collect();
            shown.set_query(None);
            shown.query_pairs_mut().extend_pairs(pairs);
        }
        f.debug_struct("AuthorizeRequest")
            .field("url", &shown.as_str())
            .field("state", &self.state)
            .finish()
    }
}

/// The answer of `POST /v1/oauth/token`.
///
/// The documentation does not show it. `access_token` is required; every
/// other field is kept as sent, with accessors for the OAuth 2.0 standard
/// ones. `Debug` shows the other fields' names only, never their values
/// (they may hold a refresh token).
#[derive(Clone)]
pub struct TokenResponse {
    access_token: SecretString,
    fields: Map<String, Value>,
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"[REDACTED]")
            .field("other_fields", &self.fields.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl<'de> Deserialize<'de> for TokenResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut map = Map::<String, Value>::deserialize(deserializer)?;
        // Accept the token at the top level (OAuth 2.0) or inside the API's
        // `{success, data}` envelope.
        if !map.contains_key("access_token")
            && let Some(Value::Object(inner)) = map.get("data")
            && inner.contains_key("access_token")
        {
            let Some(Value::Object(inner)) = map.remove("data") else {
                return Err(de::Error::custom("unreachable: data was an object"));
            };
            map = inner;
        }
        match map.remove("access_token") {
            Some(Value::String(t)) => Ok(Self {
                access_token: SecretString::from(t),
                fields: map,
            }),
            Some(_) => Err(de::Error::custom("access_token is not a string")),
            None => Err(de::Error::missing_field("access_token")),
        }
    }
}

impl TokenResponse {
    /// The access token (send it as a bearer token).
    pub fn access_token(&self) -> &SecretString {
        &self.access_token
    }
    /// `token_type`, when sent.
    pub fn token_type(&self) -> Option<&str> {
        self.fields.get("token_type").and_then(Value::as_str)
    }
    /// `expires_in` (seconds), when sent as a number or numeric string.
    pub fn expires_in(&self) -> Option<u64> {
        match self.fields.get("expires_in")? {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
    /// `refresh_token`, when sent.
    pub fn refresh_token(&self) -> Option<SecretString> {
        self.fields
            .get("refresh_token")
            .and_then(Value::as_str)
            .map(|s| SecretString::from(s.to_owned()))
    }
    /// `scope`, when sent.
    pub fn scope(&self) -> Option<&str> {
        self.fields.get("scope").and_then(Value::as_str)
    }
    /// Any other field, as sent (may hold secrets: handle with care).
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields.get(name)
    }
    /// The names of every field other than `access_token`.
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.keys().map(String::as_str)
    }
}

#[derive(Serialize)]
struct TokenRequest<'a> {
    grant_type: &'static str,
    code: &'a str,
    client_id: &'a str,
    client_secret: &'a str,
}

/// A platform integration's OAuth credentials and endpoints.
///
/// ```
/// use autosync_client::oauth::{OAuthApp, Scope};
/// let app = OAuthApp::builder("YOUR_CLIENT_ID", "YOUR_CLIENT_SECRET", "https://yourapp.com/callback")
///     .build()
///     .unwrap();
/// let req = app.authorize(&[Scope::SHOPS_READ, Scope::WORKORDERS_WRITE]).unwrap();
/// assert!(req.url.as_str().starts_with("https://autosyncshopmanager.com/oauth/authorize?client_id=YOUR_CLIENT_ID"));
/// assert!(!format!("{app:?}").contains("YOUR_CLIENT_SECRET"));
/// ```
#[derive(Clone)]
pub struct OAuthApp {
    client_id: String,
    client_secret: SecretString,
    redirect_uri: String,
    authorize_url: url::Url,
    environment: Environment,
    http: HttpClient,
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .field("redirect_uri", &self.redirect_uri)
            .field("authorize_url", &self.authorize_url.as_str())
            .field("environment", &self.environment)
            .finish()
    }
}

/// Configures an [`OAuthApp`].
#[must_use = "call .build() to get an OAuthApp"]
pub struct OAuthAppBuilder {
    client_id: String,
    client_secret: SecretString,
    redirect_uri: String,
    authorize_url: String,
    environment: Environment,
    config: ClientConfig,
}

impl fmt::Debug for OAuthAppBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthAppBuilder")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .field("redirect_uri", &self.redirect_uri)
            .field("environment", &self.environment)
            .finish()
    }
}

impl OAuthAppBuilder {
    /// The API environment whose `/oauth/token` is used (default live).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }
    /// The API base URL whose `/oauth/token` is used (a proxy, a mock).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.environment = Environment::from_base_url(&url.into());
        self
    }
    /// Replaces the authorization endpoint (default [`AUTHORIZE_URL`]; the
    /// documentation gives no other, not even for the sandbox).
    pub fn authorize_url(mut self, url: impl Into<String>) -> Self {
        self.authorize_url = url.into();
        self
    }
    /// The configuration of the token exchange's HTTP client.
    pub fn config(mut self, config: ClientConfig) -> Self {
        self.config = config;
        self
    }
    /// Builds the app.
    pub fn build(self) -> Result<OAuthApp, ConfigError> {
        let authorize_url = autoclient_common::parse_base_url(&self.authorize_url)?;
        let base = autoclient_common::parse_base_url(self.environment.base_url())?;
        let http = HttpClient::new(base, Auth::None, USER_AGENT, self.config)?;
        Ok(OAuthApp {
            client_id: self.client_id,
            client_secret: self.client_secret,
            redirect_uri: self.redirect_uri,
            authorize_url,
            environment: self.environment,
            http,
        })
    }
}

impl OAuthApp {
    /// A builder with the app's client id, client secret and redirect URI.
    pub fn builder(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> OAuthAppBuilder {
        OAuthAppBuilder {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
            redirect_uri: redirect_uri.into(),
            authorize_url: AUTHORIZE_URL.to_owned(),
            environment: Environment::Live,
            config: ClientConfig::default(),
        }
    }

    /// The URL to send the shop owner to, with a fresh CSPRNG `state`.
    ///
    /// Parameters: `client_id`, `redirect_uri`, `response_type=code`,
    /// `scope` (space-separated, form-encoded as `+`), `state`.
    pub fn authorize(&self, scopes: &[Scope]) -> Result<AuthorizeRequest, OAuthError> {
        let state = OAuthState::random()?;
        Ok(self.authorize_with_state(scopes, state))
    }

    /// Like [`authorize`](OAuthApp::authorize), with a state of your own.
    pub fn authorize_with_state(&self, scopes: &[Scope], state: OAuthState) -> AuthorizeRequest {
        let mut url = self.authorize_url.clone();
        let scope = scopes
            .iter()
            .map(Scope::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        url.query_pairs_mut()
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("response_type", "code")
            .append_pair("scope", &scope)
            .append_pair("state", state.as_str());
        AuthorizeRequest { url, state }
    }

    /// Exchanges an authorization code for a token (`POST /v1/oauth/token`
    /// with the documented body `{grant_type, code, client_id,
    /// client_secret}`). The code is single-use, so the call is not retried
    /// after it may have reached the server. Its errors keep the status and
    /// headers but never the body: not for an answer that does not decode
    /// ([`ErrorKind::Decode`](crate::ErrorKind::Decode); it may hold
    /// tokens), nor for an error status (the server may echo the request's
    /// client secret and code).
    pub fn exchange_code(
        &self,
        code: &AuthorizationCode,
    ) -> impl Future<Output = Result<TokenResponse, Error>> + Send + 'static + use<> {
        let fut = self.exchange_code_with_response(code);
        fut.map_ok(Response::into_body)
    }

    /// Like [`exchange_code`](OAuthApp::exchange_code), with the response's metadata.
    pub fn exchange_code_with_response(
        &self,
        code: &AuthorizationCode,
    ) -> impl Future<Output = Result<Response<TokenResponse>, Error>> + Send + 'static + use<> {
        let body = TokenRequest {
            grant_type: "authorization_code",
            code: code.expose(),
            client_id: &self.client_id,
            client_secret: self.client_secret.expose_secret(),
        };
        // The answer carries the tokens: an error never keeps its body.
        let req = Request::post("oauth/token")
            .json(&body)
            .secret_response(true);
        self.http.send_json::<TokenResponse, ApiError>(req)
    }

    /// A client builder acting with `token`, for this app's environment.
    pub fn client_builder(&self, token: &TokenResponse) -> ClientBuilder {
        crate::Client::builder_with_oauth_token(token.access_token().expose_secret())
            .environment(self.environment.clone())
    }
}
