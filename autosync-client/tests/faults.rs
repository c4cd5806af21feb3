//! Faults no mock server shows, from a loopback TCP server that misbehaves on
//! purpose ([`run_fault_suite`]), against a read (`get_customer`) and a
//! create (`create_customer`): each ends in a typed error of the right kind
//! within its deadline, never a panic or a hang; the read is retried, the
//! create is not (its outcome is unknown once it may have reached the server).

use autosync_client::{Client, ClientConfig, CustomerId, NewCustomer, ShopId};
use testkit::{FaultCall, run_fault_suite};

const KEY: &str = "sk_live_faults_secret_0123456789";

fn client(url: &str, config: ClientConfig) -> Client {
    Client::builder(KEY)
        .base_url(format!("{url}/v1"))
        .config(config)
        .without_rate_limit()
        .build()
        .unwrap()
}

#[tokio::test]
async fn get_customer_is_retried_through_every_fault() {
    let call = FaultCall::new(
        "get_customer",
        "GET",
        "/v1/shops/1/customers/7",
        true,
        |url: String, config| client(&url, config).get_customer(ShopId(1), CustomerId(7)),
    )
    .authorization(format!("Bearer {KEY}"))
    .wrong_shape(
        br#"{"success": true, "data": {"id": "seven"}}"#.to_vec(),
        "data",
    );
    let failed = run_fault_suite(&call).await;
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[tokio::test]
async fn create_customer_is_sent_once_through_every_fault() {
    let new = NewCustomer::new("Mike", "Rodriguez");
    let call = FaultCall::new(
        "create_customer",
        "POST",
        "/v1/shops/1/customers",
        false,
        |url: String, config| client(&url, config).create_customer(ShopId(1), &new),
    )
    .authorization(format!("Bearer {KEY}"))
    .wrong_shape(br#"{"success": true, "data": [1, 2]}"#.to_vec(), "data");
    let failed = run_fault_suite(&call).await;
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
