//! `ClientBuilder::shared_rate_limit`: every request takes its slot from the
//! shared limiter, at the rate the client paces at (the documented one by default).

use std::time::Duration;

use testkit::{GrantingLimiter, json_response, serve_every_request};

use autosync_client::{Client, SharedLimit};

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
    let client = Client::builder("sk_live_shared")
        .base_url(server.uri())
        .shared_rate_limit(SharedLimit::new(limiter.clone()).with_workers(4))
        .build()
        .unwrap();
    one_call(&client).await;
    one_call(&client).await;
    let rates = limiter.rates();
    assert_eq!(rates.len(), 2, "{rates:?}");
    // The documented 100 a minute, paced at 97 a minute.
    assert_eq!(rates[0].interval, Duration::from_secs(60) / 97);
}

#[test]
fn a_shared_limit_without_pacing_is_refused() {
    let err = Client::builder("sk_live_shared")
        .without_rate_limit()
        .shared_rate_limit(SharedLimit::new(GrantingLimiter::default()))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("rate limit"), "{err}");
}
