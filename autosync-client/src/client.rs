//! The client, its builder, and the two documented environments.

use std::fmt;

use autoclient_common::{
    Auth, ClientConfig, ConfigError, HttpClient, RateLimit, RetryPolicy, SharedLimit, TokenSource,
};

/// The live base URL.
pub const LIVE_BASE_URL: &str = "https://api.autosyncshopmanager.com/v1";

/// The sandbox base URL.
pub const SANDBOX_BASE_URL: &str = "https://sandbox.api.autosyncshopmanager.com/v1";

/// The documented rate limit on live: 100 requests per minute per key.
pub const LIVE_REQUESTS_PER_MINUTE: u32 = 100;

/// The documented rate limit on the sandbox: 300 requests per minute per key.
pub const SANDBOX_REQUESTS_PER_MINUTE: u32 = 300;

/// The `User-Agent` sent by default.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Where requests go.
///
/// ```
/// use autosync_client::Environment;
/// assert_eq!(Environment::Sandbox.base_url(), "https://sandbox.api.autosyncshopmanager.com/v1");
/// assert_eq!(
///     Environment::from_base_url("https://api.autosyncshopmanager.com/v1/"),
///     Environment::Live
/// );
/// assert!(matches!(Environment::from_base_url("http://127.0.0.1:8080/v1"), Environment::Custom(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Environment {
    /// `https://api.autosyncshopmanager.com/v1`, 100 requests per minute.
    #[default]
    Live,
    /// `https://sandbox.api.autosyncshopmanager.com/v1`, 300 requests per minute.
    Sandbox,
    /// Any other base URL (a proxy, a mock server); its path is kept, so it
    /// should end in `/v1` like the documented ones. Paced at the live rate
    /// unless configured otherwise; API keys are not checked against it.
    Custom(String),
}

impl Environment {
    /// The environment a base URL points at (the two documented URLs, with
    /// or without a trailing slash, are recognised).
    #[must_use]
    pub fn from_base_url(url: &str) -> Self {
        let trimmed = url.trim().trim_end_matches('/');
        if trimmed.eq_ignore_ascii_case(LIVE_BASE_URL) {
            Environment::Live
        } else if trimmed.eq_ignore_ascii_case(SANDBOX_BASE_URL) {
            Environment::Sandbox
        } else {
            Environment::Custom(url.trim().to_owned())
        }
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Live => LIVE_BASE_URL,
            Environment::Sandbox => SANDBOX_BASE_URL,
            Environment::Custom(u) => u,
        }
    }

    /// The documented rate limit: 100 requests/minute on live (and on custom
    /// URLs, to be safe), 300 on the sandbox.
    pub fn documented_rate_limit(&self) -> RateLimit {
        match self {
            Environment::Sandbox => RateLimit::per_minute(SANDBOX_REQUESTS_PER_MINUTE),
            _ => RateLimit::per_minute(LIVE_REQUESTS_PER_MINUTE),
        }
    }
}

/// The variable [`Client::from_env`] reads the API key from.
pub const ENV_API_KEY: &str = "AUTOSYNC_API_KEY";

/// The variable [`Client::from_env`] reads the base URL from (unset: live).
pub const ENV_BASE_URL: &str = "AUTOSYNC_BASE_URL";

/// The trimmed value of `name`: `None` when unset, an error naming it when
/// set but empty (or only whitespace) or not Unicode.
fn env_var(
    var: impl Fn(&str) -> Result<String, std::env::VarError>,
    name: &'static str,
) -> Result<Option<String>, ConfigError> {
    match var(name) {
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(ConfigError::Invalid(format!(
            "environment variable {name} is not valid Unicode"
        ))),
        Ok(v) if v.trim().is_empty() => Err(ConfigError::Invalid(format!(
            "environment variable {name} is set but empty; unset it or give it a value"
        ))),
        Ok(v) => Ok(Some(v.trim().to_owned())),
    }
}

/// Which environment an API key belongs to, from its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    Live,
    Sandbox,
    /// Another format, an OAuth token, or a token source: not checked.
    Unchecked,
}

impl KeyKind {
    fn of(key: &str) -> Self {
        if key.starts_with("sk_live_") {
            KeyKind::Live
        } else if key.starts_with("sk_sandbox_") {
            KeyKind::Sandbox
        } else {
            KeyKind::Unchecked
        }
    }
}

/// An AutoSync client: cheap to clone, safe to share between tasks.
///
/// Requests are paced at the documented rate limit by default (100 per
/// minute on live, 300 on the sandbox), so a long walk over a list does not
/// run into 429s.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use autosync_client::{Client, CustomerQuery, ShopId};
/// use autosync_client::TryStreamExt;
///
/// let client = Client::builder("sk_live_...").build()?;
/// for shop in client.list_shops().await?.items {
///     println!("{} {:?}", shop.id, shop.name);
/// }
/// let everyone: Vec<_> = client
///     .stream_customers(ShopId(1), CustomerQuery::new().per_page(100))
///     .try_collect()
///     .await?;
/// println!("{} customers", everyone.len());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) http: HttpClient,
    environment: Environment,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("environment", &self.environment)
            .field("http", &self.http)
            .finish()
    }
}

impl Client {
    /// A builder with an API key (sent as `Authorization: Bearer <key>`),
    /// for the live environment unless told otherwise.
    pub fn builder(api_key: impl Into<String>) -> ClientBuilder {
        let key = api_key.into();
        let kind = KeyKind::of(&key);
        ClientBuilder::new(Auth::bearer(key), kind)
    }

    /// A builder with an OAuth access token obtained for a shop (see
    /// [`OAuthApp`](crate::OAuthApp)). Tokens are not checked against the
    /// environment.
    pub fn builder_with_oauth_token(access_token: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(Auth::bearer(access_token), KeyKind::Unchecked)
    }

    /// A builder with a [`TokenSource`]: the hook for tokens that expire. It
    /// is asked for a token before each request, and for a new one once when
    /// the server answers 401. (The documentation describes no refresh grant,
    /// so this SDK does not invent one: obtain new tokens as your AutoSync
    /// agreement says.)
    pub fn builder_with_token_source(source: impl TokenSource) -> ClientBuilder {
        ClientBuilder::new(Auth::token_source(source), KeyKind::Unchecked)
    }

    /// A client from the environment: `AUTOSYNC_API_KEY` (required) and
    /// `AUTOSYNC_BASE_URL` (optional; default [`LIVE_BASE_URL`]; the sandbox
    /// URL selects the sandbox).
    ///
    /// A variable that is set but empty (or only whitespace) is a
    /// [`ConfigError`] that names it: an empty `AUTOSYNC_BASE_URL` never
    /// means the live API. Only an unset `AUTOSYNC_BASE_URL` does.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::builder_from_env()?.build()
    }

    /// A builder from the environment, to adjust before building (the same
    /// rules as [`from_env`](Client::from_env)).
    pub fn builder_from_env() -> Result<ClientBuilder, ConfigError> {
        Self::builder_from_vars(|name| std::env::var(name))
    }

    /// [`builder_from_env`](Client::builder_from_env) reading variables
    /// through `var`.
    fn builder_from_vars(
        var: impl Fn(&str) -> Result<String, std::env::VarError>,
    ) -> Result<ClientBuilder, ConfigError> {
        let key = env_var(&var, ENV_API_KEY)?.ok_or(ConfigError::MissingEnv(ENV_API_KEY))?;
        let mut b = Self::builder(key);
        if let Some(url) = env_var(&var, ENV_BASE_URL)? {
            b = b.base_url(url);
        }
        Ok(b)
    }

    /// The environment this client talks to.
    pub fn environment(&self) -> &Environment {
        &self.environment
    }

    /// The shared HTTP core (for requests this crate does not wrap).
    pub fn http(&self) -> &HttpClient {
        &self.http
    }
}

/// Configures a [`Client`].
///
/// ```
/// use autosync_client::{Client, Environment, RateLimit};
/// // A live key against the sandbox is refused before anything is sent.
/// let err = Client::builder("sk_live_abc").environment(Environment::Sandbox).build().unwrap_err();
/// assert!(err.to_string().contains("sandbox"));
/// assert!(!err.to_string().contains("sk_live_abc"));
/// // Pacing is on at the documented rate; it can be changed.
/// let client = Client::builder("sk_sandbox_abc")
///     .environment(Environment::Sandbox)
///     .build()
///     .unwrap();
/// assert_eq!(client.http().config().rate_limit(), Some(&RateLimit::per_minute(300)));
/// ```
#[must_use = "call .build() to get a Client"]
pub struct ClientBuilder {
    auth: Auth,
    key_kind: KeyKind,
    environment: Environment,
    config: ClientConfig,
    shared: Option<SharedLimit>,
    pacing: Pacing,
    check_key: bool,
}

enum Pacing {
    Documented,
    Custom(RateLimit),
    Off,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("auth", &self.auth)
            .field("environment", &self.environment)
            .field("config", &self.config)
            .field("shared_rate_limit", &self.shared)
            .field("check_key_environment", &self.check_key)
            .finish()
    }
}

impl ClientBuilder {
    fn new(auth: Auth, key_kind: KeyKind) -> Self {
        Self {
            auth,
            key_kind,
            environment: Environment::Live,
            config: ClientConfig::default(),
            shared: None,
            pacing: Pacing::Documented,
            check_key: true,
        }
    }

    /// Sets the environment (default [`Environment::Live`]).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Shorthand for `environment(Environment::Sandbox)`.
    pub fn sandbox(self) -> Self {
        self.environment(Environment::Sandbox)
    }

    /// Sets the base URL; the two documented URLs select their environment,
    /// any other is [`Environment::Custom`] (a path in it is kept).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.environment = Environment::from_base_url(&url.into());
        self
    }

    /// Replaces the whole shared configuration (timeouts, retries, in-flight
    /// limit, clock, your own `reqwest::Client`). A rate limit set in it is
    /// kept; without one, the documented rate applies.
    pub fn config(mut self, config: ClientConfig) -> Self {
        self.config = config;
        self
    }

    /// Shares this client's rate limit with every process that uses the
    /// same key, through `limit` (a `RedisLimiter` with the `redis`
    /// feature, or a [`SharedLimit`] around one): AutoSync allows 100
    /// requests per minute per key (300 on the sandbox), and N workers that
    /// each pace themselves send N times that. The rate is the one this
    /// builder paces at (the documented one unless
    /// [`rate_limit`](Self::rate_limit) says otherwise; with
    /// [`without_rate_limit`](Self::without_rate_limit), `build()` fails).
    /// See the crate docs, "Many processes, one key".
    pub fn shared_rate_limit(mut self, limit: impl Into<SharedLimit>) -> Self {
        self.shared = Some(limit.into());
        self
    }

    /// Sets the retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.config = self.config.with_retry(retry);
        self
    }

    /// Paces requests under `limit` instead of the documented rate (for a key
    /// with a negotiated limit, or one shared between processes).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.pacing = Pacing::Custom(limit);
        self
    }

    /// Turns client-side pacing off (the server's 429s are still retried
    /// after the wait it asks for).
    pub fn without_rate_limit(mut self) -> Self {
        self.pacing = Pacing::Off;
        self
    }

    /// Allows an `sk_live_` key against the sandbox or an `sk_sandbox_` key
    /// against live (refused by default: the server would answer 401).
    pub fn allow_key_environment_mismatch(mut self, allow: bool) -> Self {
        self.check_key = !allow;
        self
    }

    /// Builds the client.
    ///
    /// Fails when the base URL is invalid, or when an `sk_live_` /
    /// `sk_sandbox_` key is used against the other documented environment
    /// (unless allowed); the key itself never appears in the error.
    pub fn build(self) -> Result<Client, ConfigError> {
        if self.check_key {
            let mismatch = match (&self.environment, self.key_kind) {
                (Environment::Live, KeyKind::Sandbox) => Some(("an sk_sandbox_", "live")),
                (Environment::Sandbox, KeyKind::Live) => Some(("an sk_live_", "sandbox")),
                _ => None,
            };
            if let Some((key, env)) = mismatch {
                return Err(ConfigError::Invalid(format!(
                    "{key} key cannot be used against the {env} environment (the server would answer 401); \
                     use the matching environment, or allow_key_environment_mismatch(true)"
                )));
            }
        }
        let base = autoclient_common::parse_base_url(self.environment.base_url())?;
        let config = match self.pacing {
            Pacing::Documented => self
                .config
                .with_default_rate_limit(self.environment.documented_rate_limit()),
            Pacing::Custom(limit) => self.config.with_rate_limit(limit),
            Pacing::Off => self.config.without_rate_limit(),
        };
        let config = match self.shared {
            Some(shared) => config.with_shared_limiter(shared),
            None => config,
        };
        let http = HttpClient::new(base, self.auth, USER_AGENT, config)?;
        Ok(Client {
            http,
            environment: self.environment,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::env::VarError;

    use super::*;

    /// `from_env` reading `vars` instead of the process environment.
    fn from_vars(vars: &[(&str, &str)]) -> Result<Client, ConfigError> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Client::builder_from_vars(move |name| {
            vars.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .ok_or(VarError::NotPresent)
        })?
        .build()
    }

    #[test]
    fn an_unset_base_url_means_live() {
        let client = from_vars(&[("AUTOSYNC_API_KEY", "sk_live_abc")]).unwrap();
        assert_eq!(client.environment(), &Environment::Live);
    }

    #[test]
    fn an_empty_base_url_is_an_error_naming_it() {
        for empty in ["", "  ", "\t"] {
            let err = from_vars(&[
                ("AUTOSYNC_API_KEY", "sk_live_abc"),
                ("AUTOSYNC_BASE_URL", empty),
            ])
            .unwrap_err();
            let shown = err.to_string();
            assert!(
                shown.contains("AUTOSYNC_BASE_URL") && shown.contains("empty"),
                "{shown}"
            );
            assert!(!shown.contains("sk_live_abc"), "{shown}");
        }
    }

    #[test]
    fn an_empty_api_key_is_an_error_naming_it() {
        let err = from_vars(&[("AUTOSYNC_API_KEY", " ")]).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("AUTOSYNC_API_KEY") && shown.contains("empty"),
            "{shown}"
        );
        let err = from_vars(&[]).unwrap_err();
        assert!(
            matches!(err, ConfigError::MissingEnv("AUTOSYNC_API_KEY")),
            "{err}"
        );
    }

    #[test]
    fn a_set_base_url_is_used_trimmed() {
        let client = from_vars(&[
            ("AUTOSYNC_API_KEY", "sk_sandbox_abc"),
            (
                "AUTOSYNC_BASE_URL",
                " https://sandbox.api.autosyncshopmanager.com/v1 ",
            ),
        ])
        .unwrap();
        assert_eq!(client.environment(), &Environment::Sandbox);
    }
}
