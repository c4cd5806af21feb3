//! The client and its builder.

use std::fmt;

use autoclient_common::{Auth, ClientConfig, ConfigError, HttpClient, RetryPolicy};

/// The production base URL (`Stock API`).
pub const DEFAULT_BASE_URL: &str = "https://api.dealerauction.co.uk";

/// The `User-Agent` sent by default.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A Dealer Auction client: cheap to clone, safe to share between tasks.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use dealerauction_client::Client;
/// let client = Client::builder("username", "password").build()?;
/// let item = client.get_stock("a10ab562-c0cd-4072-88eb-4115811f5aa1").await?;
/// println!("{} {}", item.vehicle.make, item.vehicle.model);
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
    /// A builder with HTTP Basic credentials.
    pub fn builder(username: impl Into<String>, password: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            auth: Auth::basic(username, password),
            base_url: DEFAULT_BASE_URL.to_owned(),
            config: ClientConfig::default(),
        }
    }

    /// A client from the environment: `DEALERAUCTION_USERNAME` and
    /// `DEALERAUCTION_PASSWORD` (required), `DEALERAUCTION_BASE_URL`
    /// (optional; default [`DEFAULT_BASE_URL`]).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::builder_from_env()?.build()
    }

    /// A builder from the environment, to adjust before building.
    pub fn builder_from_env() -> Result<ClientBuilder, ConfigError> {
        let var = |name: &'static str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .ok_or(ConfigError::MissingEnv(name))
        };
        let mut b = Self::builder(
            var("DEALERAUCTION_USERNAME")?,
            var("DEALERAUCTION_PASSWORD")?,
        );
        if let Ok(url) = var("DEALERAUCTION_BASE_URL") {
            b = b.base_url(url.trim());
        }
        Ok(b)
    }

    /// The shared HTTP core (for requests this crate does not wrap).
    pub fn http(&self) -> &HttpClient {
        &self.http
    }
}

/// Configures a [`Client`]. Its `Debug` output never shows the password.
///
/// ```
/// use dealerauction_client::{Client, RetryPolicy};
/// let client = Client::builder("username", "s3cret")
///     .base_url("https://api.dealerauction.co.uk")
///     .retry(RetryPolicy::default().with_max_retries(4))
///     .build()
///     .unwrap();
/// assert!(!format!("{client:?}").contains("s3cret"));
/// ```
pub struct ClientBuilder {
    auth: Auth,
    base_url: String,
    config: ClientConfig,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("auth", &self.auth)
            .field("base_url", &self.base_url)
            .field("config", &self.config)
            .finish()
    }
}

impl ClientBuilder {
    /// Sets the base URL (default [`DEFAULT_BASE_URL`]; for the test
    /// environment, use the URL Dealer Auction gave you). A path in it is kept.
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
        let http = HttpClient::new(base, self.auth, USER_AGENT, self.config)?;
        Ok(Client { http })
    }
}
