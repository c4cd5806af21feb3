//! Credentials: Bearer tokens, HTTP Basic, and refreshable token sources.
//!
//! Every secret is held in a [`secrecy::SecretString`]; the `Debug` output of
//! every type here shows it as `[REDACTED]`, and the `Authorization` header built
//! from it is marked sensitive so that HTTP-level logging does not print it.

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use futures_util::future::BoxFuture;
use reqwest::header::HeaderValue;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};

use crate::error::BoxError;

/// A source of bearer tokens that expire (OAuth access tokens, short-lived JWTs).
///
/// The client asks for a token before each attempt with `refresh == false` (the
/// source should return its cached token) and, when the server answers 401, once
/// more with `refresh == true` (the source should obtain a new token); the request
/// is then sent once more with the new token.
///
/// ```
/// use autoclient_common::{BoxError, TokenSource};
/// use futures_util::future::BoxFuture;
/// use secrecy::SecretString;
///
/// #[derive(Debug)]
/// struct Fixed;
/// impl TokenSource for Fixed {
///     fn token(&self, _refresh: bool) -> BoxFuture<'_, Result<SecretString, BoxError>> {
///         Box::pin(async { Ok(SecretString::from("token")) })
///     }
/// }
/// ```
pub trait TokenSource: Send + Sync + fmt::Debug + 'static {
    /// Returns a token; when `refresh` is true, the previous token was rejected
    /// and a new one must be obtained.
    fn token(&self, refresh: bool) -> BoxFuture<'_, Result<SecretString, BoxError>>;
}

/// How requests are authenticated.
///
/// ```
/// use autoclient_common::Auth;
/// let auth = Auth::bearer("sk_live_secret");
/// assert!(!format!("{auth:?}").contains("sk_live_secret"));
/// ```
#[derive(Clone, Default)]
#[non_exhaustive]
#[must_use = "an Auth does nothing until a client is built with it"]
pub enum Auth {
    /// No `Authorization` header.
    #[default]
    None,
    /// `Authorization: Bearer <token>` (API keys, JWTs, OAuth access tokens).
    Bearer(SecretString),
    /// `Authorization: Basic base64(username:password)`.
    Basic {
        /// The user name (not secret; shown in `Debug`).
        username: String,
        /// The password (secret).
        password: SecretString,
    },
    /// `Authorization: Bearer <token>` from a refreshable [`TokenSource`].
    TokenSource(Arc<dyn TokenSource>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Bearer(_) => f.write_str("Bearer([REDACTED])"),
            Auth::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &"[REDACTED]")
                .finish(),
            Auth::TokenSource(s) => f.debug_tuple("TokenSource").field(s).finish(),
        }
    }
}

impl Auth {
    /// Bearer authentication with a static token or API key.
    pub fn bearer(token: impl Into<String>) -> Self {
        Auth::Bearer(SecretString::from(token.into()))
    }

    /// HTTP Basic authentication.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Auth::Basic {
            username: username.into(),
            password: SecretString::from(password.into()),
        }
    }

    /// Bearer authentication from a refreshable token source.
    pub fn token_source(source: impl TokenSource) -> Self {
        Auth::TokenSource(Arc::new(source))
    }

    /// What identifies the credential to a shared rate limiter (which hashes
    /// it): the token, or the user name and password; nothing for a token
    /// source (its token changes) or no credential.
    pub(crate) fn key_material(&self) -> Zeroizing<Vec<u8>> {
        let mut m = Zeroizing::new(Vec::new());
        match self {
            Auth::Bearer(t) => m.extend_from_slice(t.expose_secret().as_bytes()),
            Auth::Basic { username, password } => {
                m.extend_from_slice(&(username.len() as u64).to_be_bytes());
                m.extend_from_slice(username.as_bytes());
                m.extend_from_slice(password.expose_secret().as_bytes());
            }
            Auth::None | Auth::TokenSource(_) => {}
        }
        m
    }

    /// Whether a 401 can be cured by refreshing the token.
    pub(crate) fn refreshable(&self) -> bool {
        matches!(self, Auth::TokenSource(_))
    }

    /// The `Authorization` header value of a credential that does not change
    /// (`None`, `Bearer`, `Basic`), built once per client; `Err` for a token
    /// source, whose header is built per attempt ([`header`](Self::header)).
    pub(crate) fn fixed_header(&self) -> Result<Option<HeaderValue>, AuthError> {
        let raw = match self {
            Auth::None => return Ok(None),
            Auth::Bearer(t) => Zeroizing::new(format!("Bearer {}", t.expose_secret())),
            Auth::Basic { username, password } => {
                let joined = Zeroizing::new(format!("{username}:{}", password.expose_secret()));
                Zeroizing::new(format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(joined.as_bytes())
                ))
            }
            Auth::TokenSource(_) => return Err(AuthError::NotFixed),
        };
        sensitive(&raw).map(Some)
    }

    /// The `Authorization` header value, marked sensitive.
    pub(crate) async fn header(&self, refresh: bool) -> Result<Option<HeaderValue>, AuthError> {
        match self {
            Auth::TokenSource(src) => {
                let token = src.token(refresh).await.map_err(AuthError::Source)?;
                let raw = Zeroizing::new(format!("Bearer {}", token.expose_secret()));
                sensitive(&raw).map(Some)
            }
            _ => self.fixed_header(),
        }
    }
}

/// A header value marked sensitive (left out of HTTP-level logs).
fn sensitive(raw: &str) -> Result<HeaderValue, AuthError> {
    let mut value = HeaderValue::from_str(raw).map_err(|_| AuthError::InvalidHeader)?;
    value.set_sensitive(true);
    Ok(value)
}

/// Why credentials could not be attached to a request.
#[derive(Debug, thiserror::Error)]
pub(crate) enum AuthError {
    #[error("the token source failed: {0}")]
    Source(#[source] BoxError),
    #[error("the credential contains characters not allowed in an HTTP header")]
    InvalidHeader,
    #[error("the credential is obtained per request")]
    NotFixed,
}
