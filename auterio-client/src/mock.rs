//! An in-process, stateful fake of the Auterio ingest API (feature `mock`),
//! for our tests, the examples, and your own integration tests.
//!
//! It runs on a local port (on wiremock) and behaves as documented: it checks
//! the bearer key (401 when the header is missing or malformed, 403 when the
//! key is unknown or inactive), refuses more than 1,000 vehicles (400),
//! upserts by VIN, skips invalid vehicles (missing or blank `vin`, `brand` or
//! `model`; a VIN that is not 17 characters) and lists them under `errors`
//! (the field name is this SDK's assumption), and answers 400 when no vehicle
//! is valid. It can be told to inject faults (429 with `Retry-After`, 5xx,
//! slow responses) and exposes what it stored.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use auterio_client::{Vehicle, mock::MockAuterio};
//! let mock = MockAuterio::start().await;
//! let client = mock.client();
//! client.ingest(&[Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf")]).await.unwrap();
//! assert_eq!(mock.vehicle("WVWZZZE1ZNP123456").unwrap()["brand"], "Volkswagen");
//! # });
//! ```

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use autoclient_common::mock::bearer_token;
pub use autoclient_common::mock::{Fault, FaultQueue};
use autoclient_common::{ClientConfig, RetryPolicy};
use serde_json::{Value, json};
/// A request the mock received ([`MockAuterio::received_requests`]): its
/// `method`, `url`, `headers` and `body`.
#[doc(no_inline)]
pub use wiremock::Request;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use crate::Client;

/// The key [`MockAuterio::start`] accepts.
pub const MOCK_API_KEY: &str = "mock-auterio-key";

/// The source name the mock reports.
pub const MOCK_SOURCE: &str = "Mock DMS";

#[derive(Debug, Default)]
struct State {
    vehicles: BTreeMap<String, Value>,
    ingests: usize,
}

/// A running fake Auterio. Dropping it stops the server.
#[derive(Debug)]
pub struct MockAuterio {
    server: MockServer,
    state: Arc<Mutex<State>>,
    faults: FaultQueue,
    keys: Arc<Mutex<Keys>>,
}

#[derive(Debug, Default)]
struct Keys {
    active: HashSet<String>,
    inactive: HashSet<String>,
}

struct Ingest {
    state: Arc<Mutex<State>>,
    faults: FaultQueue,
    keys: Arc<Mutex<Keys>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn error(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"success": false, "error": message}))
}

fn non_blank(v: &Value, field: &str) -> bool {
    v.get(field)
        .and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty())
}

impl Respond for Ingest {
    fn respond(&self, req: &wiremock::Request) -> ResponseTemplate {
        self.faults.respond_with(|| self.handle(req))
    }
}

impl Ingest {
    fn handle(&self, req: &wiremock::Request) -> ResponseTemplate {
        let Some(key) = bearer_token(req) else {
            return error(401, "Missing or invalid Authorization header");
        };
        {
            let keys = lock(&self.keys);
            if !keys.active.contains(&key) || keys.inactive.contains(&key) {
                return error(403, "API key is invalid or inactive");
            }
        }
        let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
            return error(400, "Invalid payload or no valid vehicles");
        };
        let Some(vehicles) = body.get("vehicles").and_then(Value::as_array) else {
            return error(400, "Invalid payload or no valid vehicles");
        };
        if vehicles.len() > 1000 {
            return error(400, "Invalid payload or no valid vehicles");
        }
        let mut valid = Vec::new();
        let mut errors = Vec::new();
        for v in vehicles {
            let vin = v.get("vin").and_then(Value::as_str).unwrap_or_default();
            let problem = if !v.is_object() {
                Some("vehicle is not an object")
            } else if !non_blank(v, "vin") {
                Some("vin is required")
            } else if vin.chars().count() != 17 {
                Some("vin must be 17 characters")
            } else if !non_blank(v, "brand") {
                Some("brand is required")
            } else if !non_blank(v, "model") {
                Some("model is required")
            } else {
                None
            };
            match problem {
                Some(p) => errors.push(json!({"vin": vin, "error": p})),
                None => valid.push(v.clone()),
            }
        }
        if valid.is_empty() {
            return error(400, "Invalid payload or no valid vehicles");
        }
        let mut st = lock(&self.state);
        st.ingests += 1;
        let imported = valid.len();
        for mut v in valid {
            if let Some(obj) = v.as_object_mut() {
                obj.entry("status").or_insert_with(|| json!("disponible"));
            }
            let vin = v["vin"].as_str().unwrap_or_default().to_owned();
            st.vehicles.insert(vin, v);
        }
        let mut body = json!({
            "success": true,
            "imported": imported,
            "skipped": errors.len(),
            "source": MOCK_SOURCE,
        });
        if !errors.is_empty() {
            body["errors"] = Value::Array(errors);
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

impl MockAuterio {
    /// Starts a mock that accepts [`MOCK_API_KEY`].
    pub async fn start() -> Self {
        Self::start_with_keys(&[MOCK_API_KEY], &[]).await
    }

    /// Starts a mock that accepts `active` keys and answers 403 for `inactive` ones.
    pub async fn start_with_keys(active: &[&str], inactive: &[&str]) -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State::default()));
        let faults = FaultQueue::default();
        let keys = Arc::new(Mutex::new(Keys {
            active: active.iter().map(|s| (*s).to_owned()).collect(),
            inactive: inactive.iter().map(|s| (*s).to_owned()).collect(),
        }));
        Mock::given(method("POST"))
            .and(path("/api/vehicles/ingest"))
            .respond_with(Ingest {
                state: state.clone(),
                faults: faults.clone(),
                keys: keys.clone(),
            })
            .named("auterio ingest")
            .mount(&server)
            .await;
        Mock::given(wiremock::matchers::any())
            .respond_with(
                ResponseTemplate::new(404)
                    .set_body_json(json!({"success": false, "error": "Not found"})),
            )
            .with_priority(u8::MAX)
            .named("auterio: unknown path")
            .mount(&server)
            .await;
        Self {
            server,
            state,
            faults,
            keys,
        }
    }

    /// The mock's base URL (e.g. `http://127.0.0.1:40123`).
    #[must_use]
    pub fn base_url(&self) -> String {
        self.server.uri()
    }

    /// A client for this mock with [`MOCK_API_KEY`] and fast retries
    /// (backoff base 10 ms).
    #[must_use]
    pub fn client(&self) -> Client {
        self.client_with_key(MOCK_API_KEY)
    }

    /// A client for this mock with another key.
    #[must_use]
    pub fn client_with_key(&self, key: &str) -> Client {
        self.client_builder(key)
            .build()
            .unwrap_or_else(|e| unreachable!("the mock's own URL is valid: {e}"))
    }

    /// A client builder for this mock (to adjust the configuration).
    pub fn client_builder(&self, key: &str) -> crate::ClientBuilder {
        Client::builder(key)
            .base_url(self.base_url())
            .config(ClientConfig::default().with_retry(
                RetryPolicy::default().with_base_delay(std::time::Duration::from_millis(10)),
            ))
    }

    /// The fault queue: each request takes the next fault, if any.
    pub fn faults(&self) -> &FaultQueue {
        &self.faults
    }

    /// Deactivates a key (it then gets 403).
    pub fn deactivate_key(&self, key: &str) {
        lock(&self.keys).inactive.insert(key.to_owned());
    }

    /// Every stored vehicle, by VIN, as the JSON the mock received.
    #[must_use]
    pub fn vehicles(&self) -> BTreeMap<String, Value> {
        lock(&self.state).vehicles.clone()
    }

    /// One stored vehicle.
    #[must_use]
    pub fn vehicle(&self, vin: &str) -> Option<Value> {
        lock(&self.state).vehicles.get(vin).cloned()
    }

    /// How many ingests the mock accepted.
    #[must_use]
    pub fn accepted_ingests(&self) -> usize {
        lock(&self.state).ingests
    }

    /// Every request the server received (method, path, headers, body).
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}
