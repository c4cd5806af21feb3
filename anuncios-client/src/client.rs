//! The client and its builder.

use std::fmt;

use autoclient_common::{Auth, ClientConfig, ConfigError, HttpClient, RetryPolicy, SharedLimit};

/// The `User-Agent` sent by default.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// The environment variable holding the base URL for [`Client::from_env`].
pub const ENV_BASE_URL: &str = "ANUNCIOS_BASE_URL";

/// The environment variable holding the JWT access token for [`Client::from_env`].
pub const ENV_TOKEN: &str = "ANUNCIOS_TOKEN";

/// A Loja Conectada client: cheap to clone, safe to share between tasks.
///
/// The API's host is not documented, so the base URL is required: give the
/// API root **without** `/v3` (`https://api.example.com`) to
/// [`ClientBuilder::base_url`]; the client adds `/v3/...` to every path. A
/// path prefix before it (a gateway) is kept.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use anuncios_client::{Auth, Client, DealerId, InventoryQuery};
/// let client = Client::builder(Auth::bearer("JWT"))
///     .base_url("https://api.example.com")
///     .build()?;
/// let page = client.list_inventory(DealerId(10), &InventoryQuery::new()).await?;
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
    /// A builder authenticated with `auth`: a JWT access token
    /// ([`Auth::bearer`]) or a refreshable source of them
    /// ([`Auth::token_source`]; on a 401 the token is refreshed once and the
    /// request sent again). How tokens are obtained is not part of this
    /// API's documentation.
    ///
    /// The documentation names no production host, so
    /// [`base_url`](ClientBuilder::base_url) is required:
    /// [`build`](ClientBuilder::build) without it is a [`ConfigError`].
    pub fn builder(auth: Auth) -> ClientBuilder {
        ClientBuilder {
            base_url: None,
            auth,
            config: ClientConfig::default(),
            shared: None,
        }
    }

    /// A client from the environment: [`ENV_BASE_URL`] (`ANUNCIOS_BASE_URL`)
    /// and [`ENV_TOKEN`] (`ANUNCIOS_TOKEN`), both required (the API has no
    /// documented production URL to default to).
    ///
    /// A variable that is unset, set but empty (or only whitespace), or not
    /// Unicode is a [`ConfigError`] naming it.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::builder_from_env()?.build()
    }

    /// A builder from the environment (as [`Client::from_env`]), to adjust
    /// before building.
    pub fn builder_from_env() -> Result<ClientBuilder, ConfigError> {
        builder_from_vars(|name| std::env::var_os(name))
    }

    /// The shared HTTP core (for requests this crate does not wrap).
    pub fn http(&self) -> &HttpClient {
        &self.http
    }
}

/// [`Client::builder_from_env`] over any source of variables.
fn builder_from_vars(
    get: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<ClientBuilder, ConfigError> {
    let var = |name: &'static str| -> Result<String, ConfigError> {
        let raw = get(name).ok_or(ConfigError::MissingEnv(name))?;
        let Some(text) = raw.to_str() else {
            return Err(ConfigError::Invalid(format!(
                "environment variable {name} is not valid Unicode"
            )));
        };
        let text = text.trim();
        if text.is_empty() {
            return Err(ConfigError::Invalid(format!(
                "environment variable {name} is set but empty: set it to a value, or unset it"
            )));
        }
        Ok(text.to_owned())
    };
    let base = var(ENV_BASE_URL)?;
    let token = var(ENV_TOKEN)?;
    Ok(Client::builder(Auth::bearer(token)).base_url(base))
}

/// Configures a [`Client`]: from [`Client::builder`], then
/// [`base_url`](ClientBuilder::base_url) (required) and
/// [`build`](ClientBuilder::build).
#[must_use = "call .build() to get a Client"]
pub struct ClientBuilder {
    base_url: Option<String>,
    auth: Auth,
    config: ClientConfig,
    shared: Option<SharedLimit>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As parsed, or as the refusal shows it: never the credentials,
        // query or fragment a mistyped URL may carry.
        let base_url = self
            .base_url
            .as_deref()
            .map(|raw| match autoclient_common::parse_base_url(raw) {
                Ok(url) => url.to_string(),
                Err(ConfigError::BaseUrl { url, .. }) => url,
                Err(_) => "[REDACTED]".to_owned(),
            });
        f.debug_struct("ClientBuilder")
            .field("base_url", &base_url)
            .field("auth", &self.auth)
            .field("config", &self.config)
            .field("shared_rate_limit", &self.shared)
            .finish()
    }
}

impl ClientBuilder {
    /// Sets the base URL: the API root without `/v3`
    /// (`https://api.example.com`; a gateway's path prefix is kept). Required:
    /// the documentation names no production host.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
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
    /// feature, or a [`SharedLimit`] around one). The Anúncios API documents no rate
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

    /// Builds the client. Fails when no base URL was given (the
    /// documentation names no production host), when it is not an
    /// `http`/`https` base, when it already ends in `/v3` (the client adds
    /// it), or when the auth is not a bearer token or token source.
    pub fn build(self) -> Result<Client, ConfigError> {
        let Some(raw) = self.base_url else {
            return Err(ConfigError::Invalid(NO_BASE_URL.to_owned()));
        };
        let base = autoclient_common::parse_base_url(&raw)?;
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
        let config = match self.shared {
            Some(shared) => self.config.with_shared_limiter(shared),
            None => self.config,
        };
        let http = HttpClient::new(base, self.auth, USER_AGENT, config)?;
        Ok(Client { http })
    }
}

/// Why [`ClientBuilder::build`] refuses a builder without a base URL.
const NO_BASE_URL: &str = "no base URL: the Loja Conectada documentation names no production host, so call .base_url(..) with your API root (without /v3)";

#[cfg(test)]
mod tests {
    use super::*;

    fn build(base: &str, auth: Auth) -> Result<Client, ConfigError> {
        Client::builder(auth).base_url(base).build()
    }

    #[test]
    fn base_url_rules() {
        assert!(build("https://api.example.com", Auth::bearer("t")).is_ok());
        assert!(build("https://gw.example.com/lc/", Auth::bearer("t")).is_ok());
        assert!(build("https://api.example.com/v3/", Auth::bearer("t")).is_err());
        assert!(build("https://api.example.com", Auth::basic("u", "p")).is_err());
        assert!(build("https://api.example.com", Auth::None).is_err());
        assert!(build("api.example.com", Auth::bearer("t")).is_err());
        let dbg = format!(
            "{:?}",
            Client::builder(Auth::bearer("secret-jwt")).base_url("https://api.example.com")
        );
        assert!(!dbg.contains("secret-jwt"));
    }

    #[test]
    fn the_builders_debug_hides_what_a_mistyped_url_carries() {
        for raw in [
            "https://user:url-secret-4711@api.example.com",
            "https://api.example.com/?token=url-secret-4711",
            "https://api.example.com/#url-secret-4711",
        ] {
            let dbg = format!("{:?}", Client::builder(Auth::bearer("t")).base_url(raw));
            assert!(!dbg.contains("url-secret-4711"), "{dbg}");
            assert!(dbg.contains("api.example.com"), "{dbg}");
        }
    }

    #[test]
    fn building_without_a_base_url_says_none_is_documented() {
        let e = Client::builder(Auth::bearer("t")).build().unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("no base URL"), "{msg}");
        assert!(msg.contains("names no production host"), "{msg}");
        assert!(msg.contains(".base_url("), "{msg}");
    }

    fn from_vars(vars: &[(&str, &str)]) -> Result<ClientBuilder, ConfigError> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        builder_from_vars(move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.into()))
    }

    #[test]
    fn from_env_reads_both_variables() {
        let b = from_vars(&[
            (ENV_BASE_URL, " https://api.example.com "),
            (ENV_TOKEN, "jwt"),
        ])
        .unwrap();
        let client = b.build().unwrap();
        assert_eq!(
            client.http().base_url().as_str(),
            "https://api.example.com/"
        );
    }

    #[test]
    fn from_env_refuses_an_unset_variable_naming_it() {
        let e = from_vars(&[(ENV_TOKEN, "jwt")]).unwrap_err();
        assert!(matches!(e, ConfigError::MissingEnv(ENV_BASE_URL)), "{e:?}");
        let e = from_vars(&[(ENV_BASE_URL, "https://api.example.com")]).unwrap_err();
        assert!(matches!(e, ConfigError::MissingEnv(ENV_TOKEN)), "{e:?}");
    }

    #[test]
    fn from_env_refuses_an_empty_or_blank_variable_naming_it() {
        for empty in ["", "   ", "\t\n"] {
            let e = from_vars(&[(ENV_BASE_URL, empty), (ENV_TOKEN, "jwt")]).unwrap_err();
            let msg = e.to_string();
            assert!(msg.contains("ANUNCIOS_BASE_URL is set but empty"), "{msg}");
            let e = from_vars(&[
                (ENV_BASE_URL, "https://api.example.com"),
                (ENV_TOKEN, empty),
            ])
            .unwrap_err();
            let msg = e.to_string();
            assert!(msg.contains("ANUNCIOS_TOKEN is set but empty"), "{msg}");
        }
    }
}
