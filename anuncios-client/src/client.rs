//! The client and its builder.

use std::fmt;

use autoclient_common::{Auth, ClientConfig, ConfigError, HttpClient, RetryPolicy};

/// The `User-Agent` sent by default.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// The environment variable holding the base URL for [`Client::from_env`].
pub const ENV_BASE_URL: &str = "ANUNCIOS_BASE_URL";

/// The environment variable holding the JWT access token for [`Client::from_env`].
pub const ENV_TOKEN: &str = "ANUNCIOS_TOKEN";

/// A Loja Conectada client: cheap to clone, safe to share between tasks.
///
/// The API's host is not documented, so the base URL is required: give the
/// API root **without** `/v3` (`https://api.example.com`); the client adds
/// `/v3/...` to every path. A path prefix before it (a gateway) is kept.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use anuncios_client::{Auth, Client, DealerId};
/// let client = Client::builder("https://api.example.com", Auth::bearer("JWT")).build()?;
/// let page = client.list_inventory(DealerId(10), &Default::default()).await?;
/// println!("{} active listings", page.count);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) http: HttpClient,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("http", &self.http).finish()
    }
}

impl Client {
    /// A builder for the API at `base_url`, authenticated with `auth`: a JWT
    /// access token ([`Auth::bearer`]) or a refreshable source of them
    /// ([`Auth::token_source`]; on a 401 the token is refreshed once and the
    /// request sent again). How tokens are obtained is not part of this
    /// API's documentation.
    pub fn builder(base_url: impl Into<String>, auth: Auth) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            auth,
            config: ClientConfig::default(),
        }
    }

    /// A client from the environment: `ANUNCIOS_BASE_URL` and
    /// `ANUNCIOS_TOKEN` (both required).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::builder_from_env()?.build()
    }

    /// A builder from the environment, to adjust before building.
    pub fn builder_from_env() -> Result<ClientBuilder, ConfigError> {
        let var = |name: &'static str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .ok_or(ConfigError::MissingEnv(name))
        };
        let base = var(ENV_BASE_URL)?;
        let token = var(ENV_TOKEN)?;
        Ok(Self::builder(base, Auth::bearer(token)))
    }

    /// The shared HTTP core (for requests this crate does not wrap).
    pub fn http(&self) -> &HttpClient {
        &self.http
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    base_url: String,
    auth: Auth,
    config: ClientConfig,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("config", &self.config)
            .finish()
    }
}

impl ClientBuilder {
    /// Replaces the whole shared configuration (timeouts, retries, pacing,
    /// in-flight limit, clock, your own `reqwest::Client`).
    pub fn config(mut self, config: ClientConfig) -> Self {
        self.config = config;
        self
    }

    /// Sets the retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.config = self.config.with_retry(retry);
        self
    }

    /// Builds the client. Fails when the base URL is not an `http`/`https`
    /// base, when it already ends in `/v3` (the client adds it), or when the
    /// auth is not a bearer token or token source.
    pub fn build(self) -> Result<Client, ConfigError> {
        let base = autoclient_common::parse_base_url(&self.base_url)?;
        if base
            .path_segments()
            .and_then(|mut s| s.rfind(|seg| !seg.is_empty()))
            .is_some_and(|last| last.eq_ignore_ascii_case("v3"))
        {
            return Err(ConfigError::BaseUrl {
                // As parsed: no credentials, query or control characters.
                url: base.as_str().to_owned(),
                reason: "give the API root without /v3: the client adds /v3 to every path",
            });
        }
        match &self.auth {
            Auth::Bearer(_) | Auth::TokenSource(_) => {}
            _ => {
                return Err(ConfigError::Invalid(
                    "Loja Conectada authenticates with a JWT bearer token: use Auth::bearer or Auth::token_source"
                        .to_owned(),
                ));
            }
        }
        let http = HttpClient::new(base, self.auth, USER_AGENT, self.config)?;
        Ok(Client { http })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert!(
            Client::builder("https://api.example.com", Auth::bearer("t"))
                .build()
                .is_ok()
        );
        assert!(
            Client::builder("https://gw.example.com/lc/", Auth::bearer("t"))
                .build()
                .is_ok()
        );
        assert!(
            Client::builder("https://api.example.com/v3/", Auth::bearer("t"))
                .build()
                .is_err()
        );
        assert!(
            Client::builder("https://api.example.com", Auth::basic("u", "p"))
                .build()
                .is_err()
        );
        assert!(
            Client::builder("https://api.example.com", Auth::None)
                .build()
                .is_err()
        );
        assert!(
            Client::builder("api.example.com", Auth::bearer("t"))
                .build()
                .is_err()
        );
        let dbg = format!(
            "{:?}",
            Client::builder("https://api.example.com", Auth::bearer("secret-jwt"))
        );
        assert!(!dbg.contains("secret-jwt"));
    }
}
