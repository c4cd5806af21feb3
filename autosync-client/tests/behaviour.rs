//! Behaviour against the stateful mock: pagination, pacing, errors, the
//! key/environment check, OAuth end to end, and a whole shop workflow.

use std::time::{Duration, Instant};

use autosync_client::mock::{Fault, MOCK_API_KEY, MOCK_SHOP_ID, MockAutoSync};
use autosync_client::oauth::Scope;
use autosync_client::{
    Client, ClientConfig, CustomerQuery, CustomerUpdate, EmployeeId, EmployeeQuery, EmployeeRole,
    Environment, ErrorKind, LineItem, NewAppointment, NewCustomer, NewJob, NewVehicle,
    NewWorkOrder, PartId, RateLimit, RetryPolicy, StockUpdate, WorkOrderQuery, WorkOrderStatus,
    WorkOrderUpdate,
};
use chrono::{TimeZone, Utc};
use futures_util::TryStreamExt;
use rust_decimal::Decimal;
use serde_json::json;

async fn customer_list_requests(mock: &MockAutoSync) -> usize {
    mock.received_requests()
        .await
        .iter()
        .filter(|r| r.method.as_str() == "GET" && r.url.path().ends_with("/customers"))
        .count()
}

#[tokio::test]
async fn pagination_stops_exactly_at_total() {
    for (seeded, per_page, pages) in [
        (53usize, 10u32, 6usize),
        (50, 10, 5),
        (0, 10, 1),
        (7, 100, 1),
    ] {
        let mock = MockAutoSync::start().await;
        mock.seed_customers(MOCK_SHOP_ID, seeded);
        let all: Vec<_> = fast(&mock)
            .stream_customers(MOCK_SHOP_ID, CustomerQuery::new().per_page(per_page))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(all.len(), seeded);
        let mut ids: Vec<_> = all.iter().map(|c| c.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), seeded, "no duplicates");
        assert_eq!(
            customer_list_requests(&mock).await,
            pages,
            "{seeded}/{per_page}"
        );
    }
}

fn fast(mock: &MockAutoSync) -> Client {
    mock.client_builder(MOCK_API_KEY)
        .without_rate_limit()
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_paced_walk_over_a_large_list_sees_no_429() {
    // The documented 100/minute, scaled down to 20 per second.
    let mock = MockAutoSync::builder()
        .rate_limit(20, Duration::from_secs(1))
        .start()
        .await;
    mock.seed_customers(MOCK_SHOP_ID, 450);
    let client = mock.client(); // paced at the mock's limit, like the default at the documented one
    let started = Instant::now();
    let all: Vec<_> = client
        .stream_customers(MOCK_SHOP_ID, CustomerQuery::new().per_page(10))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 450);
    assert_eq!(mock.rate_limited_count(), 0, "no request was refused");
    assert_eq!(customer_list_requests(&mock).await, 45);
    // 45 requests at ~19/s take at least two seconds.
    assert!(started.elapsed() >= Duration::from_secs(2));
}

#[tokio::test]
async fn a_paced_client_holds_when_something_else_spends_the_same_key() {
    let mock = MockAutoSync::builder()
        .rate_limit(20, Duration::from_secs(1))
        .start()
        .await;
    mock.seed_customers(MOCK_SHOP_ID, 100);
    // Another process on the same key spends 16 of the window's 20.
    let other = mock
        .client_builder(MOCK_API_KEY)
        .without_rate_limit()
        .build()
        .unwrap();
    for _ in 0..16 {
        other
            .list_customers(MOCK_SHOP_ID, &CustomerQuery::new())
            .await
            .unwrap();
    }
    // The paced client's own pace (19 a second) would send more than the 4
    // left before the window ends; the server counts more used than the
    // client sent, so it spreads the rest until the reset instead.
    let all: Vec<_> = mock
        .client()
        .stream_customers(MOCK_SHOP_ID, CustomerQuery::new().per_page(10))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 100);
    assert_eq!(mock.rate_limited_count(), 0, "no request was refused");
}

#[tokio::test]
async fn without_pacing_the_same_walk_runs_into_the_limit() {
    let mock = MockAutoSync::builder()
        .rate_limit(5, Duration::from_secs(1))
        .start()
        .await;
    mock.seed_customers(MOCK_SHOP_ID, 60);
    let client = mock
        .client_builder(MOCK_API_KEY)
        .without_rate_limit()
        .retry(
            RetryPolicy::default()
                .with_max_retries(5)
                .with_base_delay(Duration::from_millis(10)),
        )
        .build()
        .unwrap();
    let all: Vec<_> = client
        .stream_customers(MOCK_SHOP_ID, CustomerQuery::new().per_page(10))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 60, "429s are retried after the reset");
    assert!(mock.rate_limited_count() > 0);
}

#[tokio::test]
async fn past_the_limit_a_429_carries_the_wait() {
    let mock = MockAutoSync::builder()
        .rate_limit(2, Duration::from_secs(60))
        .start()
        .await;
    let client = mock
        .client_builder(MOCK_API_KEY)
        .without_rate_limit()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let first = client
        .list_shops_with_response(Default::default())
        .await
        .unwrap();
    assert_eq!(first.rate_limit().limit, Some(2));
    assert_eq!(first.rate_limit().remaining, Some(1));
    assert!(first.rate_limit().reset_in.is_some());
    client.list_shops().await.unwrap();
    let err = client.list_shops().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert!(err.retry_after().is_some());
    assert_eq!(err.api_error().unwrap().code(), Some("rate_limited"));
}

#[tokio::test]
async fn a_missing_required_field_is_a_422_with_its_message() {
    let mock = MockAutoSync::start().await;
    let err = fast(&mock)
        .create_customer(MOCK_SHOP_ID, &NewCustomer::new("", "Rodriguez"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.status().unwrap().as_u16(), 422);
    assert!(
        err.to_string()
            .contains("The 'first_name' field is required."),
        "{err}"
    );
    assert!(mock.customers(MOCK_SHOP_ID).is_empty());
}

#[tokio::test]
async fn a_bad_key_is_a_401() {
    let mock = MockAutoSync::start().await;
    let client = mock
        .client_builder("sk_sandbox_unknown")
        .without_rate_limit()
        .build()
        .unwrap();
    let err = client.list_shops().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    assert!(!format!("{err:?} {client:?}").contains("sk_sandbox_unknown"));
}

#[test]
fn a_key_for_the_other_environment_is_refused_before_sending() {
    let live_on_sandbox = Client::builder("sk_live_abc")
        .sandbox()
        .build()
        .unwrap_err();
    assert!(live_on_sandbox.to_string().contains("sk_live_"));
    assert!(!live_on_sandbox.to_string().contains("abc"));
    assert!(
        Client::builder("sk_sandbox_abc").build().is_err(),
        "live is the default"
    );
    assert!(Client::builder("sk_sandbox_abc").sandbox().build().is_ok());
    assert!(Client::builder("sk_live_abc").build().is_ok());
    assert!(
        Client::builder("sk_live_abc")
            .base_url("https://sandbox.api.autosyncshopmanager.com/v1/")
            .build()
            .is_err(),
        "the sandbox URL selects the sandbox"
    );
    assert!(
        Client::builder("sk_live_abc")
            .sandbox()
            .allow_key_environment_mismatch(true)
            .build()
            .is_ok()
    );
    // Not checked: OAuth tokens, other key formats, custom URLs.
    assert!(
        Client::builder_with_oauth_token("sk_live_lookalike")
            .sandbox()
            .build()
            .is_ok()
    );
    assert!(Client::builder("legacy-key").sandbox().build().is_ok());
    assert!(
        Client::builder("sk_live_abc")
            .base_url("http://127.0.0.1:9/v1")
            .build()
            .is_ok()
    );
}

#[test]
fn pacing_is_on_by_default_at_the_documented_rate() {
    let live = Client::builder("sk_live_abc").build().unwrap();
    assert_eq!(live.environment(), &Environment::Live);
    assert_eq!(
        live.http().config().rate_limit(),
        Some(&RateLimit::per_minute(100))
    );
    let sandbox = Client::builder("sk_sandbox_abc").sandbox().build().unwrap();
    assert_eq!(
        sandbox.http().config().rate_limit(),
        Some(&RateLimit::per_minute(300))
    );
    let custom = Client::builder("k")
        .base_url("http://127.0.0.1:9/v1")
        .build()
        .unwrap();
    assert_eq!(
        custom.http().config().rate_limit(),
        Some(&RateLimit::per_minute(100))
    );
    let own = Client::builder("sk_live_abc")
        .rate_limit(RateLimit::per_minute(50))
        .build()
        .unwrap();
    assert_eq!(
        own.http().config().rate_limit(),
        Some(&RateLimit::per_minute(50))
    );
    let in_config = Client::builder("sk_live_abc")
        .config(ClientConfig::default().with_rate_limit(RateLimit::per_minute(10)))
        .build()
        .unwrap();
    assert_eq!(
        in_config.http().config().rate_limit(),
        Some(&RateLimit::per_minute(10))
    );
    let off = Client::builder("sk_live_abc")
        .without_rate_limit()
        .build()
        .unwrap();
    assert_eq!(off.http().config().rate_limit(), None);
}

#[tokio::test]
async fn oauth_end_to_end_against_the_mock() {
    let mock = MockAutoSync::start().await;
    let app = mock.oauth_app().build().unwrap();
    let req = app
        .authorize(&[Scope::SHOPS_READ, Scope::CUSTOMERS_READ])
        .unwrap();
    let callback = mock.approve(&req.url);
    let code = req.state.verify_callback(&callback).unwrap();
    let token = app.exchange_code(&code).await.unwrap();
    assert_eq!(token.token_type(), Some("Bearer"));
    assert!(token.refresh_token().is_some());
    let client = app.client_builder(&token).build().unwrap();
    let shops = client.list_shops().await.unwrap();
    assert_eq!(shops.items[0].id, MOCK_SHOP_ID);
    // The code is single-use.
    let again = app.exchange_code(&code).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Validation);
    // A forged callback is refused.
    let other = app.authorize(&[Scope::SHOPS_READ]).unwrap();
    assert!(other.state.verify_callback(&callback).is_err());
    let shown = format!("{token:?} {client:?} {app:?}");
    assert!(
        !shown.contains("oat_mock")
            && !shown.contains("ort_mock")
            && !shown.contains("mock-client-secret"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_whole_shop_workflow() {
    let mock = MockAutoSync::start().await;
    let client = fast(&mock);
    let shop = MOCK_SHOP_ID;

    let got = client.get_shop(shop).await.unwrap();
    assert_eq!(got.slug.as_deref(), Some("johnsons-auto-care"));

    let sarah = client
        .create_customer(
            shop,
            &NewCustomer::new("Sarah", "Thompson").email("sarah@example.com"),
        )
        .await
        .unwrap();
    let updated = client
        .update_customer(
            shop,
            sarah.id,
            &CustomerUpdate::new().phone("(555) 222-3333"),
        )
        .await
        .unwrap();
    assert_eq!(updated.phone.as_deref(), Some("(555) 222-3333"));
    assert_eq!(updated.email.as_deref(), Some("sarah@example.com"));
    let found = client
        .list_customers(shop, &CustomerQuery::new().search("THOMPSON"))
        .await
        .unwrap();
    assert_eq!(found.items.len(), 1);
    assert_eq!(
        client.get_customer(shop, sarah.id).await.unwrap().id,
        sarah.id
    );

    let truck = client
        .create_vehicle(
            shop,
            &NewVehicle::new(sarah.id, 2021, "Ford", "F-150").vin("1FTFW1E50MFA00001"),
        )
        .await
        .unwrap();
    assert_eq!(
        client
            .get_vehicle(shop, truck.id)
            .await
            .unwrap()
            .make
            .as_deref(),
        Some("Ford")
    );
    let by_owner = client
        .list_vehicles(
            shop,
            &autosync_client::VehicleQuery::new().customer_id(sarah.id),
        )
        .await
        .unwrap();
    assert_eq!(by_owner.items.len(), 1);

    let wo = client
        .create_work_order(
            shop,
            &NewWorkOrder::new(sarah.id, truck.id).technician_id(EmployeeId(5)),
        )
        .await
        .unwrap();
    assert_eq!(wo.status, Some(WorkOrderStatus::Draft));
    assert_eq!(
        wo.technician.as_ref().unwrap().name.as_deref(),
        Some("Dave M.")
    );
    let job = client
        .create_job(
            shop,
            wo.id,
            &NewJob::new("Oil Change").line_item(LineItem::new().set("description", "5W-30")),
        )
        .await
        .unwrap();
    assert_eq!(
        client.list_jobs(shop, wo.id).await.unwrap().items[0].id,
        job.id
    );
    mock.add_payment(
        shop,
        Some(wo.id),
        json!({"amount": 89.99, "method": "card"}),
    );
    let full = client.get_work_order(shop, wo.id).await.unwrap();
    assert_eq!(full.jobs.as_ref().unwrap().len(), 1);
    assert_eq!(full.payments.as_ref().unwrap().len(), 1);
    let payment_id = full.payments.as_ref().unwrap()[0].id;
    assert_eq!(
        client.get_payment(shop, payment_id).await.unwrap().fields["method"],
        "card"
    );
    assert_eq!(client.list_payments(shop).await.unwrap().items.len(), 1);

    client
        .update_work_order(
            shop,
            wo.id,
            &WorkOrderUpdate::new().other("status", "in_progress"),
        )
        .await
        .unwrap();
    let in_progress = client
        .list_work_orders(
            shop,
            &WorkOrderQuery::new().status(WorkOrderStatus::InProgress),
        )
        .await
        .unwrap();
    assert_eq!(in_progress.items.len(), 1);
    let drafts = client
        .list_work_orders(shop, &WorkOrderQuery::new().status(WorkOrderStatus::Draft))
        .await
        .unwrap();
    assert!(drafts.items.is_empty());

    let start = Utc.with_ymd_and_hms(2030, 3, 18, 9, 0, 0).unwrap();
    client
        .create_appointment(
            shop,
            &NewAppointment::new(sarah.id, start).vehicle_id(truck.id),
        )
        .await
        .unwrap();
    assert_eq!(
        client.list_appointments(shop).await.unwrap().items[0].start_time,
        Some(start)
    );

    let part = client
        .update_stock(
            shop,
            PartId(311),
            &StockUpdate::new().quantity(30).price(Decimal::new(1049, 2)),
        )
        .await
        .unwrap();
    assert_eq!(part.quantity, Some(30));
    assert_eq!(part.price, Some(Decimal::new(1049, 2)));
    assert_eq!(mock.part(shop, PartId(311)).unwrap()["price"], json!(10.49));
    assert_eq!(client.list_parts(shop).await.unwrap().items.len(), 2);

    let techs = client
        .list_employees(shop, &EmployeeQuery::new().role(EmployeeRole::Technician))
        .await
        .unwrap();
    assert_eq!(techs.items.len(), 1);
    assert_eq!(techs.items[0].name.as_deref(), Some("Dave M."));

    let missing = client
        .get_customer(shop, autosync_client::CustomerId(999_999))
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn a_create_that_fails_after_sending_is_outcome_unknown() {
    let mock = MockAutoSync::start().await;
    mock.faults().push(Fault::status(502));
    let err = fast(&mock)
        .create_customer(MOCK_SHOP_ID, &NewCustomer::new("A", "B"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(err.attempts(), 1);
    // A GET is retried.
    mock.faults().push(Fault::status(502));
    assert!(fast(&mock).list_shops().await.is_ok());
    // The stock update sets absolute values: retried too.
    mock.faults().push(Fault::status(502));
    assert!(
        fast(&mock)
            .update_stock(MOCK_SHOP_ID, PartId(312), &StockUpdate::new().quantity(1))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn an_empty_stock_update_is_refused_before_sending() {
    let mock = MockAutoSync::start().await;
    let err = fast(&mock)
        .update_stock(MOCK_SHOP_ID, PartId(311), &StockUpdate::new())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(mock.received_requests().await.is_empty());
}
