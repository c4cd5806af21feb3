//! `ClientBuilder::shared_rate_limit`: every request takes its slot from the
//! shared limiter, at the rate the client paces at (the one given in the config: the API documents none).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use auterio_client::{Client, ClientConfig, RateLimit, SharedLimit};
use autoclient_common::{Admission, BoxError, SharedLimiter, SharedRate};
use futures_util::future::BoxFuture;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A shared limiter that grants every slot at once and keeps the rates it
/// was asked at.
#[derive(Debug, Clone, Default)]
struct Granting(Arc<Mutex<Vec<SharedRate>>>);

impl SharedLimiter for Granting {
    fn acquire<'a>(
        &'a self,
        _key: &'a str,
        rate: SharedRate,
        _max_wait: Duration,
    ) -> BoxFuture<'a, Result<Admission, BoxError>> {
        self.0.lock().unwrap().push(rate);
        Box::pin(async {
            Ok(Admission::Granted {
                wait: Duration::ZERO,
            })
        })
    }

    fn hold<'a>(
        &'a self,
        _key: &'a str,
        _wait: Duration,
        _rate: SharedRate,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async { Ok(()) })
    }
}

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    server
}

async fn one_call(client: &Client) {
    client
        .http()
        .send_json::<serde_json::Value, serde_json::Value>(autoclient_common::Request::get("ping"))
        .await
        .unwrap();
}

#[tokio::test]
async fn every_request_takes_its_slot_from_the_shared_limiter() {
    let server = ok_server().await;
    let limiter = Granting::default();
    let client = Client::builder("key")
        .base_url(server.uri())
        .config(ClientConfig::default().with_rate_limit(RateLimit::per_minute(60)))
        .shared_rate_limit(SharedLimit::new(limiter.clone()).with_workers(4))
        .build()
        .unwrap();
    one_call(&client).await;
    one_call(&client).await;
    let rates = limiter.0.lock().unwrap().clone();
    assert_eq!(rates.len(), 2, "{rates:?}");
    // The 60 a minute given, paced at 58 a minute.
    assert_eq!(rates[0].interval, Duration::from_secs(60) / 58);
}

#[test]
fn a_shared_limit_without_a_rate_is_refused() {
    let err = Client::builder("key")
        .shared_rate_limit(SharedLimit::new(Granting::default()))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("rate limit"), "{err}");
}
