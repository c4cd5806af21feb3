//! The client and its builder.

use std::ffi::OsString;
use std::fmt;

use autoclient_common::{Auth, ClientConfig, ConfigError, HttpClient, RetryPolicy, SharedLimit};

/// The production base URL (`Stock API`).
pub const DEFAULT_BASE_URL: &str = "https://api.dealerauction.co.uk";

/// The `User-Agent` sent by default.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A Dealer Auction client: cheap to clone, safe to share between tasks.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use dealerauction_client::{Client, StockId};
/// let client = Client::builder("username", "password").build()?;
/// let item = client.get_stock(&StockId::new("a10ab562-c0cd-4072-88eb-4115811f5aa1")).await?;
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
            shared: None,
        }
    }

    /// A client from the environment: `DEALERAUCTION_USERNAME` and
    /// `DEALERAUCTION_PASSWORD` (required), `DEALERAUCTION_BASE_URL`
    /// (optional; default [`DEFAULT_BASE_URL`], the live API).
    ///
    /// A variable that is set but empty (or only whitespace) is a
    /// [`ConfigError`] naming it, never a silent default: only an unset
    /// `DEALERAUCTION_BASE_URL` means the live API.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::builder_from_env()?.build()
    }

    /// A builder from the environment, to adjust before building (the
    /// variables and rules of [`from_env`](Client::from_env)).
    pub fn builder_from_env() -> Result<ClientBuilder, ConfigError> {
        builder_from(|name| std::env::var_os(name))
    }

    /// The shared HTTP core (for requests this crate does not wrap).
    pub fn http(&self) -> &HttpClient {
        &self.http
    }
}

/// The variable `name` from `lookup`: `None` when unset, an error naming it
/// when it is set but empty (or only whitespace) or not Unicode.
fn read_var(
    lookup: &impl Fn(&str) -> Option<OsString>,
    name: &'static str,
) -> Result<Option<String>, ConfigError> {
    let Some(raw) = lookup(name) else {
        return Ok(None);
    };
    let Ok(value) = raw.into_string() else {
        return Err(ConfigError::Invalid(format!(
            "environment variable {name} is not valid Unicode"
        )));
    };
    if value.trim().is_empty() {
        return Err(ConfigError::Invalid(format!(
            "environment variable {name} is set but empty: give it a value, or unset it{}",
            if name == BASE_URL_VAR {
                " to use the live API"
            } else {
                ""
            }
        )));
    }
    Ok(Some(value))
}

const USERNAME_VAR: &str = "DEALERAUCTION_USERNAME";
const PASSWORD_VAR: &str = "DEALERAUCTION_PASSWORD";
const BASE_URL_VAR: &str = "DEALERAUCTION_BASE_URL";

/// [`Client::builder_from_env`] over any source of variables.
fn builder_from(lookup: impl Fn(&str) -> Option<OsString>) -> Result<ClientBuilder, ConfigError> {
    // The base URL first: an empty or unusable one is the mistake to
    // report, whatever else is missing.
    let base_url = read_var(&lookup, BASE_URL_VAR)?;
    if let Some(url) = &base_url {
        autoclient_common::parse_base_url(url.trim())?;
    }
    let username = read_var(&lookup, USERNAME_VAR)?.ok_or(ConfigError::MissingEnv(USERNAME_VAR))?;
    let password = read_var(&lookup, PASSWORD_VAR)?.ok_or(ConfigError::MissingEnv(PASSWORD_VAR))?;
    let mut b = Client::builder(username, password);
    if let Some(url) = base_url {
        b = b.base_url(url.trim());
    }
    Ok(b)
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
#[must_use = "call .build() to get a Client"]
pub struct ClientBuilder {
    auth: Auth,
    base_url: String,
    config: ClientConfig,
    shared: Option<SharedLimit>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("auth", &self.auth)
            .field("base_url", &self.base_url)
            .field("config", &self.config)
            .field("shared_rate_limit", &self.shared)
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
    /// Shares this client's rate limit with every process that uses the
    /// same credentials, through `limit` (a `RedisLimiter` with the `redis`
    /// feature, or a [`SharedLimit`] around one). Dealer Auction documents no rate
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
        let http = HttpClient::new(base, self.auth, USER_AGENT, config)?;
        Ok(Client { http })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| {
            vars.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    const CREDS: [(&str, &str); 2] = [(USERNAME_VAR, "u"), (PASSWORD_VAR, "p")];

    #[test]
    fn an_unset_base_url_is_the_live_api() {
        let b = builder_from(env(&CREDS)).unwrap();
        assert_eq!(b.base_url, DEFAULT_BASE_URL);
    }

    #[test]
    fn a_set_base_url_is_used_trimmed() {
        let b = builder_from(env(&[
            CREDS[0],
            CREDS[1],
            (BASE_URL_VAR, " http://127.0.0.1:9/ "),
        ]))
        .unwrap();
        assert_eq!(b.base_url, "http://127.0.0.1:9/");
    }

    #[test]
    fn an_empty_or_blank_variable_is_an_error_naming_it() {
        for blank in ["", "  ", "\t"] {
            for name in [BASE_URL_VAR, USERNAME_VAR, PASSWORD_VAR] {
                let mut vars = vec![CREDS[0], CREDS[1], (BASE_URL_VAR, "http://127.0.0.1:9")];
                vars.retain(|(k, _)| *k != name);
                vars.push((name, blank));
                let e = builder_from(env(&vars)).unwrap_err();
                let msg = e.to_string();
                assert!(matches!(e, ConfigError::Invalid(_)), "{msg}");
                assert!(msg.contains(name) && msg.contains("empty"), "{msg}");
            }
        }
    }

    #[test]
    fn an_empty_base_url_is_reported_before_missing_credentials() {
        let e = builder_from(env(&[(BASE_URL_VAR, "")])).unwrap_err();
        assert!(e.to_string().contains(BASE_URL_VAR), "{e}");
    }

    #[test]
    fn an_unusable_base_url_is_reported_before_missing_credentials() {
        let e = builder_from(env(&[(BASE_URL_VAR, "api.dealerauction.co.uk")])).unwrap_err();
        assert!(matches!(e, ConfigError::BaseUrl { .. }), "{e}");
    }

    #[test]
    fn unset_credentials_are_missing() {
        let e = builder_from(env(&[CREDS[0]])).unwrap_err();
        assert!(matches!(e, ConfigError::MissingEnv(PASSWORD_VAR)), "{e}");
    }
}
