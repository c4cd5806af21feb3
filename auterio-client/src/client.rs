//! The client and its builder.

use std::fmt;

use autoclient_common::{Auth, ClientConfig, ConfigError, HttpClient, RetryPolicy};

/// The production base URL.
pub const DEFAULT_BASE_URL: &str = "https://auterio.net";

/// The `User-Agent` sent by default.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// An Auterio client: cheap to clone, safe to share between tasks.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use auterio_client::{Client, Vehicle};
/// let client = Client::builder("YOUR_API_KEY").build()?;
/// let resp = client
///     .ingest(&[Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf")])
///     .await?;
/// println!("imported {}", resp.imported);
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
    /// A builder with the API key (sent as `Authorization: Bearer <key>`).
    pub fn builder(api_key: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            api_key: api_key.into(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            config: ClientConfig::default(),
        }
    }

    /// A client from the environment: `AUTERIO_API_KEY` (required) and
    /// `AUTERIO_BASE_URL` (optional; default [`DEFAULT_BASE_URL`]).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::builder_from_env()?.build()
    }

    /// A builder from the environment, to adjust before building.
    pub fn builder_from_env() -> Result<ClientBuilder, ConfigError> {
        let key = std::env::var("AUTERIO_API_KEY")
            .ok()
            .filter(|k| !k.trim().is_empty())
            .ok_or(ConfigError::MissingEnv("AUTERIO_API_KEY"))?;
        let mut b = Self::builder(key);
        if let Some(url) = std::env::var("AUTERIO_BASE_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())
        {
            b = b.base_url(url.trim());
        }
        Ok(b)
    }

    /// The shared HTTP core (for requests this crate does not wrap).
    pub fn http(&self) -> &HttpClient {
        &self.http
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    api_key: String,
    base_url: String,
    config: ClientConfig,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &"[REDACTED]")
            .field("base_url", &self.base_url)
            .field("config", &self.config)
            .finish()
    }
}

impl ClientBuilder {
    /// Sets the base URL (default [`DEFAULT_BASE_URL`]); a path in it is kept.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
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
    /// Builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let base = autoclient_common::parse_base_url(&self.base_url)?;
        let http = HttpClient::new(base, Auth::bearer(self.api_key), USER_AGENT, self.config)?;
        Ok(Client { http })
    }
}
