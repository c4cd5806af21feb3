//! Faults no mock server shows, from a loopback TCP server that misbehaves on
//! purpose ([`run_fault_suite`]): each returns a typed error of the right kind
//! within its deadline; idempotent calls are retried and non-idempotent ones
//! are not. The API crates put their own calls through the same suite.

use autoclient_common::{Auth, ClientConfig, HttpClient, Request};
use serde_json::{Value, json};
use testkit::{FaultCall, RawFault, RawServer, run_fault_suite};

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Shop {
    id: u64,
}

fn client(url: &str, config: ClientConfig) -> HttpClient {
    HttpClient::new(
        autoclient_common::parse_base_url(url).unwrap(),
        Auth::bearer("secret-token"),
        "faults/0",
        config,
    )
    .unwrap()
}

#[tokio::test]
async fn a_get_is_retried_through_every_fault() {
    let call = FaultCall::new("GET", "GET", "/shops/7", true, |url: String, config| {
        client(&url, config).send_json::<Shop, Value>(Request::get("shops").segment("shop", 7))
    })
    .authorization("Bearer secret-token")
    .wrong_shape(br#"{"id": "seven"}"#.to_vec(), "id");
    let failed = run_fault_suite(&call).await;
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[tokio::test]
async fn a_post_is_sent_once_through_every_fault() {
    let call = FaultCall::new("POST", "POST", "/shops", false, |url: String, config| {
        client(&url, config).send_json::<Shop, Value>(Request::post("shops").json(&json!({"a": 1})))
    })
    .authorization("Bearer secret-token")
    .wrong_shape(br#"{"id": -1}"#.to_vec(), "id");
    let failed = run_fault_suite(&call).await;
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[tokio::test]
async fn the_suite_names_what_a_call_got_wrong() {
    // A call declared idempotent that is not retried, with the wrong
    // credentials and path: the suite reports each scenario's failures
    // instead of passing.
    let call = FaultCall::new("wrong", "GET", "/other", true, |url: String, config| {
        client(&url, config).send_json::<Shop, Value>(Request::get("shops").max_retries(0))
    })
    .authorization("Bearer another-token");
    let failed = run_fault_suite(&call).await;
    let all = failed.join("\n");
    assert!(
        all.contains(
            "wrong: connection closed after the status line: 1 requests and 1 attempts, expected 3"
        ),
        "{all}"
    );
    assert!(
        all.contains("sent `GET /shops`, expected `GET /other`"),
        "{all}"
    );
    assert!(!all.contains("a hang"), "{all}");
}

#[tokio::test]
async fn a_caller_supplied_client_follows_a_redirect_without_the_credentials() {
    // Our own client never follows a redirect to another host (the suite
    // checks it); a caller-supplied client with reqwest's default policy
    // does, and reqwest strips the credentials on the way.
    let elsewhere = RawServer::start(RawFault::Respond {
        status: 200,
        content_type: "application/json",
        body: b"{}".to_vec(),
    })
    .await
    .unwrap();
    let s = RawServer::start(RawFault::RedirectTo(format!("{}/steal", elsewhere.url())))
        .await
        .unwrap();
    let custom = client(
        &s.url(),
        ClientConfig::default().with_http_client(reqwest::Client::new()),
    );
    custom
        .send_json::<Value, Value>(Request::get("x"))
        .await
        .unwrap();
    assert_eq!(
        s.requests()[0].header("authorization"),
        Some("Bearer secret-token")
    );
    assert_eq!(elsewhere.hits(), 1);
    assert!(elsewhere.requests()[0].header("authorization").is_none());
}
