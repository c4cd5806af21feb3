//! Misuse of autosync-client that compiles but does nothing warns: each
//! line below must trigger `unused_must_use`, or its `#[expect]` is
//! unfulfilled and this file does not build.

#![deny(unfulfilled_lint_expectations)]

use std::time::Duration;

use autosync_client::mock::{MOCK_SHOP_ID, MockAutoSync, signed_webhook};
use autosync_client::oauth::{OAuthApp, OAuthState};
use autosync_client::prelude::*;
use autosync_client::webhook_receiver::WebhookReceiver;
use autosync_client::webhooks::{self, WebhookEvent, WebhookVerifier};
use autosync_client::{Address, Pagination, Paging, StatusCode, serde_json};

#[allow(dead_code)]
async fn misuse(client: Client, mock: MockAutoSync) {
    let shop = MOCK_SHOP_ID;
    let (customer, vehicle, order) = (CustomerId(1), VehicleId(2), WorkOrderId(3));

    // Builders without their final call.
    #[expect(unused_must_use, reason = "a builder without .build()")]
    Client::builder("k").base_url("http://127.0.0.1:1");
    #[expect(unused_must_use, reason = "a builder without .build()")]
    Client::builder_with_oauth_token("t").sandbox();
    #[expect(unused_must_use, reason = "a builder without .build()")]
    OAuthApp::builder("id", "secret", "https://yourapp.example/callback")
        .base_url("http://127.0.0.1:1");
    #[expect(unused_must_use, reason = "a builder without .start()")]
    MockAutoSync::builder().key("k");
    #[expect(unused_must_use, reason = "a builder without .build()")]
    mock.client_builder("k");
    #[expect(unused_must_use, reason = "a verifier that verifies nothing")]
    WebhookVerifier::new("s").with_tolerance(Duration::from_secs(60));
    #[expect(unused_must_use, reason = "a receiver never mounted")]
    WebhookReceiver::new(WebhookVerifier::new("s")).with_dedupe();
    #[expect(unused_must_use, reason = "a route never mounted")]
    WebhookReceiver::new(WebhookVerifier::new("s"))
        .post::<(), _, _, _>(|_event: WebhookEvent| async { StatusCode::OK });

    // Requests without .await.
    #[expect(unused_must_use, reason = "a request without .await")]
    client.list_shops();
    #[expect(unused_must_use, reason = "a request without .await")]
    client.create_customer(shop, &NewCustomer::new("Mike", "Rodriguez"));
    #[expect(unused_must_use, reason = "a request without .await")]
    client.create_work_order(shop, &NewWorkOrder::new(customer, vehicle));
    #[expect(unused_must_use, reason = "a stream never polled")]
    client.stream_customers(shop, CustomerQuery::new());

    // Request bodies and queries built and dropped.
    #[expect(unused_must_use, reason = "a body never sent")]
    NewCustomer::new("Mike", "Rodriguez").email("mike@example.com");
    #[expect(unused_must_use, reason = "a body never sent")]
    CustomerUpdate::new().phone("(555) 987-6543");
    #[expect(unused_must_use, reason = "an address never used")]
    Address::new().city("North Canton");
    #[expect(unused_must_use, reason = "a body never sent")]
    NewVehicle::new(customer, 2021, "Ford", "F-150").mileage(32_000);
    #[expect(unused_must_use, reason = "a body never sent")]
    NewWorkOrder::new(customer, vehicle).notes("squeal");
    #[expect(unused_must_use, reason = "a body never sent")]
    WorkOrderUpdate::new().notes("done");
    #[expect(unused_must_use, reason = "a body never sent")]
    NewJob::new("Oil Change").line_item(LineItem::new());
    #[expect(unused_must_use, reason = "a line item never added")]
    LineItem::new().set("description", "Oil filter");
    #[expect(unused_must_use, reason = "a body never sent")]
    NewAppointment::new(customer, Utc::now()).notes("8 am");
    #[expect(unused_must_use, reason = "a body never sent")]
    StockUpdate::new().quantity(12);
    #[expect(unused_must_use, reason = "a query never sent")]
    CustomerQuery::new().per_page(100);
    #[expect(unused_must_use, reason = "a query never sent")]
    VehicleQuery::new().vin("1FTFW1E50MFA00001");
    #[expect(unused_must_use, reason = "a query never sent")]
    WorkOrderQuery::new().status(WorkOrderStatus::Draft);
    #[expect(unused_must_use, reason = "a query never sent")]
    EmployeeQuery::new().page(2);
    #[expect(unused_must_use, reason = "paging never sent")]
    Paging::new(1, 25).per_page(50);

    // Values computed and dropped.
    #[expect(unused_must_use, reason = "a signature computed and dropped")]
    webhooks::sign("whsec", b"{}");
    #[expect(unused_must_use, reason = "a webhook signed and dropped")]
    signed_webhook(
        "customer.created",
        shop,
        Utc::now(),
        serde_json::json!({}),
        "s",
    );
    #[expect(unused_must_use, reason = "a check whose answer is dropped")]
    OAuthState::from_stored("s").matches("s");
    #[expect(unused_must_use, reason = "a computed value dropped")]
    Environment::from_base_url("http://127.0.0.1:1/v1");
    #[expect(unused_must_use, reason = "a computed value dropped")]
    Pagination::new(1, 25, 26).next_page();
    let _ = order;
}

#[test]
fn the_misuse_above_warns() {
    // The check is the build: an unfulfilled expectation fails it.
}
