//! The client and its builder.

use std::env::VarError;
use std::fmt;

use autoclient_common::{Auth, ClientConfig, ConfigError, HttpClient, RetryPolicy, SharedLimit};

/// The production base URL.
pub const DEFAULT_BASE_URL: &str = "https://auterio.net";

/// The variable [`Client::from_env`] reads the API key from.
const ENV_API_KEY: &str = "AUTERIO_API_KEY";

/// The variable [`Client::from_env`] reads the base URL from.
const ENV_BASE_URL: &str = "AUTERIO_BASE_URL";

/// The value of the variable `name`, trimmed: `None` when it is unset; an
/// error naming it when it is set but blank or not Unicode.
fn env_value(
    var: &impl Fn(&str) -> Result<String, VarError>,
    name: &'static str,
) -> Result<Option<String>, ConfigError> {
    match var(name) {
        Err(VarError::NotPresent) => Ok(None),
        Err(VarError::NotUnicode(_)) => Err(ConfigError::Invalid(format!(
            "environment variable {name} is not valid Unicode"
        ))),
        Ok(value) if value.trim().is_empty() => Err(ConfigError::Invalid(format!(
            "environment variable {name} is set but empty"
        ))),
        Ok(value) => Ok(Some(value.trim().to_owned())),
    }
}

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
            shared: None,
        }
    }

    /// A client from the environment: `AUTERIO_API_KEY` (required) and
    /// `AUTERIO_BASE_URL` (optional; default [`DEFAULT_BASE_URL`]).
    ///
    /// Only an unset `AUTERIO_BASE_URL` takes the default: a variable that
    /// is set but empty (or only whitespace, or not Unicode) is a
    /// [`ConfigError`] that names it, never a silent switch to the live API.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::builder_from_env()?.build()
    }

    /// A builder from the environment, to adjust before building (the
    /// variables as in [`from_env`](Client::from_env)).
    pub fn builder_from_env() -> Result<ClientBuilder, ConfigError> {
        Self::builder_from_vars(|name| std::env::var(name))
    }

    /// [`builder_from_env`](Client::builder_from_env) with the variables
    /// read through `var`.
    fn builder_from_vars(
        var: impl Fn(&str) -> Result<String, VarError>,
    ) -> Result<ClientBuilder, ConfigError> {
        // The base URL first: an empty one is named even when the key is
        // missing too, since it is the one that would pick the live API.
        let url = env_value(&var, ENV_BASE_URL)?;
        let key = env_value(&var, ENV_API_KEY)?.ok_or(ConfigError::MissingEnv(ENV_API_KEY))?;
        let mut b = Self::builder(key);
        if let Some(url) = url {
            b = b.base_url(url);
        }
        Ok(b)
    }

    /// The shared HTTP core (for requests this crate does not wrap).
    pub fn http(&self) -> &HttpClient {
        &self.http
    }
}

/// Configures a [`Client`].
#[must_use = "a ClientBuilder does nothing until you call .build() to get a Client"]
pub struct ClientBuilder {
    api_key: String,
    base_url: String,
    config: ClientConfig,
    shared: Option<SharedLimit>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &"[REDACTED]")
            .field("base_url", &self.base_url)
            .field("config", &self.config)
            .field("shared_rate_limit", &self.shared)
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
    /// Shares this client's rate limit with every process that uses the
    /// same credentials, through `limit` (a `RedisLimiter` with the `redis`
    /// feature, or a [`SharedLimit`] around one). Auterio documents no rate
    /// limit: give the rate your credentials have in
    /// [`config`](Self::config) (`ClientConfig::default().with_rate_limit(..)`),
    /// or `build()` fails. See the crate docs, "Many processes, one key".
    pub fn shared_rate_limit(mut self, limit: impl Into<SharedLimit>) -> Self {
        self.shared = Some(limit.into());
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
        let config = match self.shared {
            Some(shared) => self.config.with_shared_limiter(shared),
            None => self.config,
        };
        let http = HttpClient::new(base, Auth::bearer(self.api_key), USER_AGENT, config)?;
        Ok(Client { http })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a client from the variables `set` (name, value; every other
    /// variable unset).
    fn from_vars(set: &[(&str, &str)]) -> Result<Client, ConfigError> {
        Client::builder_from_vars(|name| {
            set.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
                .ok_or(VarError::NotPresent)
        })?
        .build()
    }

    #[test]
    fn an_unset_base_url_takes_the_production_default() {
        let client = from_vars(&[(ENV_API_KEY, "k")]).unwrap();
        assert_eq!(client.http().base_url().as_str(), "https://auterio.net/");
    }

    #[test]
    fn a_base_url_is_trimmed_and_used() {
        let client = from_vars(&[
            (ENV_API_KEY, "k"),
            (ENV_BASE_URL, " http://127.0.0.1:9/auterio \n"),
        ])
        .unwrap();
        assert_eq!(
            client.http().base_url().as_str(),
            "http://127.0.0.1:9/auterio"
        );
    }

    #[test]
    fn a_set_but_empty_base_url_is_an_error_naming_it() {
        for empty in ["", "   ", "\n"] {
            let err = from_vars(&[(ENV_API_KEY, "k"), (ENV_BASE_URL, empty)]).unwrap_err();
            assert!(matches!(err, ConfigError::Invalid(_)), "{err:?}");
            let shown = err.to_string();
            assert!(
                shown.contains("AUTERIO_BASE_URL") && shown.contains("empty"),
                "{shown}"
            );
        }
    }

    #[test]
    fn an_empty_base_url_is_named_even_without_a_key() {
        let err = from_vars(&[(ENV_BASE_URL, "")]).unwrap_err();
        assert!(err.to_string().contains("AUTERIO_BASE_URL"), "{err}");
    }

    #[test]
    fn a_base_url_that_is_not_unicode_is_an_error_naming_it() {
        let err = Client::builder_from_vars(|name| match name {
            ENV_API_KEY => Ok("k".to_owned()),
            _ => Err(VarError::NotUnicode(std::ffi::OsString::from("x"))),
        })
        .unwrap_err();
        assert!(err.to_string().contains("AUTERIO_BASE_URL"), "{err}");
    }

    #[test]
    fn the_api_key_is_required_and_may_not_be_empty() {
        let err = from_vars(&[]).unwrap_err();
        assert!(
            matches!(err, ConfigError::MissingEnv("AUTERIO_API_KEY")),
            "{err:?}"
        );
        let err = from_vars(&[(ENV_API_KEY, " ")]).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("AUTERIO_API_KEY") && shown.contains("empty"),
            "{shown}"
        );
    }
}
