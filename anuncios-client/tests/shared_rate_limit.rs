//! `ClientBuilder::shared_rate_limit`: every request takes its slot from the
//! shared limiter, at the rate the client paces at (the one given in the config: the API documents none).

use std::time::Duration;

use testkit::{GrantingLimiter, json_response, serve_every_request};

use anuncios_client::{Auth, Client, ClientConfig, RateLimit, SharedLimit};

async fn one_call(client: &Client) {
    client
        .http()
        .send_json::<serde_json::Value, serde_json::Value>(autoclient_common::Request::get("ping"))
        .await
        .unwrap();
}

#[tokio::test]
async fn every_request_takes_its_slot_from_the_shared_limiter() {
    let server = serve_every_request(json_response(200, &serde_json::json!({}))).await;
    let limiter = GrantingLimiter::default();
    let client = Client::builder(Auth::bearer("token"))
        .base_url(server.uri())
        .config(ClientConfig::default().with_rate_limit(RateLimit::per_minute(60)))
        .shared_rate_limit(SharedLimit::new(limiter.clone()).with_workers(4))
        .build()
        .unwrap();
    one_call(&client).await;
    one_call(&client).await;
    let rates = limiter.rates();
    assert_eq!(rates.len(), 2, "{rates:?}");
    // The 60 a minute given, paced at 58 a minute.
    assert_eq!(rates[0].interval, Duration::from_secs(60) / 58);
}

#[test]
fn a_shared_limit_without_a_rate_is_refused() {
    let err = Client::builder(Auth::bearer("token"))
        .base_url("https://api.example.com")
        .shared_rate_limit(SharedLimit::new(GrantingLimiter::default()))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("rate limit"), "{err}");
}
