//! The documentation's examples as contract tests, against a plain wiremock
//! server (no mock logic): for every endpoint, the exact method, path, query,
//! JSON body and `Authorization` header, and the documented responses decoded
//! and re-encoded equal.

use autoclient_common::contract::assert_contract_eq;
use autosync_client::oauth::{AuthorizationCode, OAuthApp, OAuthState, Scope};
use autosync_client::{
    Address, Client, CustomerId, CustomerQuery, CustomerUpdate, EmployeeId, EmployeeQuery,
    EmployeeRole, EmployeeStatus, ErrorKind, LineItem, NewAppointment, NewCustomer, NewJob,
    NewVehicle, NewWorkOrder, PartId, PaymentId, Shop, ShopId, StockUpdate, VehicleId,
    VehicleQuery, WorkOrder, WorkOrderId, WorkOrderQuery, WorkOrderStatus, WorkOrderUpdate,
};
use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use testkit::mount_catch_all;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "YOUR_API_KEY";

/// A server answering `verb path` (with the bearer key) with `status` and `body`.
async fn server(verb: &str, p: &str, status: u16, body: Value) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(p))
        .and(header("authorization", "Bearer YOUR_API_KEY"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .expect(1)
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    s
}

fn client(s: &MockServer) -> Client {
    Client::builder(KEY)
        .base_url(format!("{}/v1", s.uri()))
        .without_rate_limit()
        .build()
        .unwrap()
}

/// The one request the server received: its query pairs and JSON body.
async fn sent(s: &MockServer) -> (Vec<(String, String)>, Option<Value>) {
    let reqs = s.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1, "exactly one request");
    let r = &reqs[0];
    let query = r
        .url
        .query_pairs()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    let body = (!r.body.is_empty()).then(|| serde_json::from_slice(&r.body).unwrap());
    if body.is_some() {
        assert_eq!(
            r.headers.get("content-type").unwrap().to_str().unwrap(),
            "application/json"
        );
    }
    (query, body)
}

fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect()
}

fn ok(data: Value) -> Value {
    json!({"success": true, "data": data})
}

fn quick_start_response() -> Value {
    json!({
        "success": true,
        "data": [{
            "id": 1,
            "name": "Johnson's Auto Care",
            "slug": "johnsons-auto-care",
            "status": "active",
            "created_at": "2024-01-15T10:30:00Z"
        }],
        "pagination": { "page": 1, "per_page": 25, "total": 1 }
    })
}

fn list_shops_response() -> Value {
    json!({
        "success": true,
        "data": [{
            "id": 1,
            "name": "Johnson's Auto Care",
            "slug": "johnsons-auto-care",
            "status": "active",
            "location_count": 2,
            "created_at": "2024-01-15T10:30:00Z"
        }]
    })
}

fn work_orders_response() -> Value {
    json!({
        "data": [{
            "id": 1043,
            "work_order_number": "1043",
            "status": "in_progress",
            "customer": { "id": 42, "name": "Sarah Thompson" },
            "vehicle": { "id": 78, "year": 2021, "make": "Ford", "model": "F-150" },
            "subtotal": 1080.00,
            "tax": 86.40,
            "total": 1166.40,
            "technician": { "id": 5, "name": "Dave M." },
            "created_at": "2024-03-14T09:15:00Z"
        }]
    })
}

fn create_customer_request() -> Value {
    json!({
        "first_name": "Mike",
        "last_name": "Rodriguez",
        "email": "mike@example.com",
        "phone": "(555) 123-4567",
        "address": {
            "street": "123 Main St",
            "city": "North Canton",
            "state": "OH",
            "zip": "44720"
        }
    })
}

fn mike() -> NewCustomer {
    NewCustomer::new("Mike", "Rodriguez")
        .email("mike@example.com")
        .phone("(555) 123-4567")
        .address(
            Address::new()
                .street("123 Main St")
                .city("North Canton")
                .state("OH")
                .zip("44720"),
        )
}

#[tokio::test]
async fn quick_start_list_shops() {
    let s = server("GET", "/v1/shops", 200, quick_start_response()).await;
    let resp = client(&s)
        .list_shops_with_response(Default::default())
        .await
        .unwrap();
    let (query, body) = sent(&s).await;
    assert!(query.is_empty());
    assert!(body.is_none());
    let list = resp.body();
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.total(), Some(1));
    assert_eq!(list.next_page(), None);
    assert_contract_eq(
        &quick_start_response()["data"][0],
        &serde_json::to_value(&list.items[0]).unwrap(),
    );
    let p = list.pagination.as_ref().unwrap();
    assert_eq!((p.page, p.per_page, p.total), (1, 25, 1));
}

#[tokio::test]
async fn list_shops_example_decodes_and_reencodes() {
    let s = server("GET", "/v1/shops", 200, list_shops_response()).await;
    let list = client(&s).list_shops().await.unwrap();
    assert_eq!(list.pagination, None);
    assert_eq!(list.items[0].location_count, Some(2));
    assert_contract_eq(
        &list_shops_response()["data"][0],
        &serde_json::to_value(&list.items[0]).unwrap(),
    );
    let shop: Shop = serde_json::from_value(list_shops_response()["data"][0].clone()).unwrap();
    assert_eq!(shop, list.items[0]);
}

#[tokio::test]
async fn get_shop() {
    let s = server(
        "GET",
        "/v1/shops/1",
        200,
        ok(list_shops_response()["data"][0].clone()),
    )
    .await;
    let shop = client(&s).get_shop(ShopId(1)).await.unwrap();
    assert_eq!(shop.name.as_deref(), Some("Johnson's Auto Care"));
}

#[tokio::test]
async fn list_customers_sends_every_filter() {
    let s = server(
        "GET",
        "/v1/shops/1/customers",
        200,
        json!({"success": true, "data": []}),
    )
    .await;
    let query = CustomerQuery::new()
        .search("Sarah T")
        .is_business(true)
        .created_after(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap())
        .page(2)
        .per_page(50);
    client(&s).list_customers(ShopId(1), &query).await.unwrap();
    let (query, _) = sent(&s).await;
    assert_eq!(
        query,
        q(&[
            ("search", "Sarah T"),
            ("is_business", "true"),
            ("created_after", "2024-03-01"),
            ("page", "2"),
            ("per_page", "50"),
        ])
    );
}

#[tokio::test]
async fn get_customer() {
    let s = server("GET", "/v1/shops/1/customers/42", 200, ok(json!({"id": 42, "first_name": "Sarah", "last_name": "Thompson", "loyalty_tier": "gold"}))).await;
    let c = client(&s)
        .get_customer(ShopId(1), CustomerId(42))
        .await
        .unwrap();
    assert_eq!(c.id, CustomerId(42));
    assert_eq!(c.extra["loyalty_tier"], "gold");
}

#[tokio::test]
async fn create_customer_sends_the_documented_body() {
    let mut created = create_customer_request();
    created["id"] = json!(1201);
    let s = server("POST", "/v1/shops/1/customers", 201, ok(created.clone())).await;
    let c = client(&s)
        .create_customer(ShopId(1), &mike())
        .await
        .unwrap();
    let (query, body) = sent(&s).await;
    assert!(query.is_empty());
    assert_contract_eq(&create_customer_request(), &body.unwrap());
    assert_eq!(c.id, CustomerId(1201));
    assert_contract_eq(&created, &serde_json::to_value(&c).unwrap());
    // The documented body decodes into the request type and back.
    let back: NewCustomer = serde_json::from_value(create_customer_request()).unwrap();
    assert_eq!(back, mike());
}

#[tokio::test]
async fn update_customer_sends_only_what_changes() {
    let s = server(
        "PUT",
        "/v1/shops/1/customers/42",
        200,
        ok(json!({"id": 42, "email": "sarah@example.com"})),
    )
    .await;
    client(&s)
        .update_customer(
            ShopId(1),
            CustomerId(42),
            &CustomerUpdate::new().email("sarah@example.com"),
        )
        .await
        .unwrap();
    let (_, body) = sent(&s).await;
    assert_contract_eq(&json!({"email": "sarah@example.com"}), &body.unwrap());
}

#[tokio::test]
async fn list_vehicles_sends_every_filter() {
    let s = server("GET", "/v1/shops/1/vehicles", 200, json!({"success": true, "data": [{"id": 78, "year": 2021, "make": "Ford", "model": "F-150"}]})).await;
    let query = VehicleQuery::new()
        .customer_id(CustomerId(42))
        .vin("1FTFW1E50MFA00001")
        .license_plate("ABC 1234");
    let list = client(&s).list_vehicles(ShopId(1), &query).await.unwrap();
    assert_eq!(list.items[0].id, VehicleId(78));
    let (query, _) = sent(&s).await;
    assert_eq!(
        query,
        q(&[
            ("customer_id", "42"),
            ("vin", "1FTFW1E50MFA00001"),
            ("license_plate", "ABC 1234"),
        ])
    );
}

#[tokio::test]
async fn get_vehicle() {
    let s = server(
        "GET",
        "/v1/shops/1/vehicles/78",
        200,
        ok(json!({"id": 78, "customer_id": 42, "mileage": 32000})),
    )
    .await;
    let v = client(&s)
        .get_vehicle(ShopId(1), VehicleId(78))
        .await
        .unwrap();
    assert_eq!(v.customer_id, Some(CustomerId(42)));
    assert_eq!(v.mileage, Some(32000));
}

#[tokio::test]
async fn create_vehicle_sends_every_field() {
    let expected = json!({
        "customer_id": 42, "year": 2021, "make": "Ford", "model": "F-150",
        "vin": "1FTFW1E50MFA00001", "license_plate": "ABC1234", "mileage": 32000
    });
    let mut created = expected.clone();
    created["id"] = json!(78);
    let s = server("POST", "/v1/shops/1/vehicles", 201, ok(created)).await;
    let v = NewVehicle::new(CustomerId(42), 2021, "Ford", "F-150")
        .vin("1FTFW1E50MFA00001")
        .license_plate("ABC1234")
        .mileage(32000);
    let created = client(&s).create_vehicle(ShopId(1), &v).await.unwrap();
    assert_eq!(created.id, VehicleId(78));
    let (_, body) = sent(&s).await;
    assert_contract_eq(&expected, &body.unwrap());
}

#[tokio::test]
async fn a_vin_that_is_not_17_characters_is_refused_before_sending() {
    let s = MockServer::start().await;
    mount_catch_all(&s).await;
    let v = NewVehicle::new(CustomerId(42), 2021, "Ford", "F-150").vin("1FTFW1E50");
    let err = client(&s).create_vehicle(ShopId(1), &v).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.violations()[0].field, "vin");
    assert_eq!(err.attempts(), 0);
    assert!(s.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn list_work_orders_sends_every_filter_and_decodes_the_example() {
    let s = server("GET", "/v1/shops/1/workorders", 200, work_orders_response()).await;
    let query = WorkOrderQuery::new()
        .status(WorkOrderStatus::WaitingParts)
        .customer_id(CustomerId(42))
        .vehicle_id(VehicleId(78))
        .technician_id(EmployeeId(5))
        .created_after(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
    let list = client(&s)
        .list_work_orders(ShopId(1), &query)
        .await
        .unwrap();
    let (query, _) = sent(&s).await;
    assert_eq!(
        query,
        q(&[
            ("status", "waiting_parts"),
            ("customer_id", "42"),
            ("vehicle_id", "78"),
            ("technician_id", "5"),
            ("created_after", "2024-03-01"),
        ])
    );
    let wo = &list.items[0];
    assert_eq!(wo.id, WorkOrderId(1043));
    assert_eq!(wo.status, Some(WorkOrderStatus::InProgress));
    assert_eq!(wo.subtotal, Some(Decimal::new(108000, 2)));
    assert_eq!(wo.tax, Some(Decimal::new(8640, 2)));
    assert_eq!(wo.total, Some(Decimal::new(116640, 2)));
    assert_eq!(wo.technician.as_ref().unwrap().id, EmployeeId(5));
    assert_eq!(
        wo.created_at,
        Some(Utc.with_ymd_and_hms(2024, 3, 14, 9, 15, 0).unwrap())
    );
    assert_contract_eq(
        &work_orders_response()["data"][0],
        &serde_json::to_value(wo).unwrap(),
    );
}

#[tokio::test]
async fn get_work_order_with_jobs_and_payments() {
    let mut full = work_orders_response()["data"][0].clone();
    full["jobs"] = json!([{"id": 9, "name": "Oil Change", "line_items": [{"description": "5W-30", "quantity": 5}]}]);
    full["payments"] = json!([{"id": 77, "amount": 1166.40, "method": "card"}]);
    full["inspection_url"] = json!("https://example.com/dvi/1043");
    let s = server("GET", "/v1/shops/1/workorders/1043", 200, ok(full.clone())).await;
    let wo: WorkOrder = client(&s)
        .get_work_order(ShopId(1), WorkOrderId(1043))
        .await
        .unwrap();
    let jobs = wo.jobs.as_ref().unwrap();
    assert_eq!(jobs[0].name.as_deref(), Some("Oil Change"));
    assert_eq!(
        jobs[0].line_items.as_ref().unwrap()[0].get("quantity"),
        Some(&json!(5))
    );
    assert_eq!(wo.payments.as_ref().unwrap()[0].id, PaymentId(77));
    assert_contract_eq(&full, &serde_json::to_value(&wo).unwrap());
}

#[tokio::test]
async fn create_work_order() {
    let s = server(
        "POST",
        "/v1/shops/1/workorders",
        201,
        ok(work_orders_response()["data"][0].clone()),
    )
    .await;
    let body = NewWorkOrder::new(CustomerId(42), VehicleId(78))
        .technician_id(EmployeeId(5))
        .notes("Squeal when braking");
    client(&s)
        .create_work_order(ShopId(1), &body)
        .await
        .unwrap();
    let (_, sent_body) = sent(&s).await;
    assert_contract_eq(
        &json!({"customer_id": 42, "vehicle_id": 78, "technician_id": 5, "notes": "Squeal when braking"}),
        &sent_body.unwrap(),
    );
}

#[tokio::test]
async fn update_work_order() {
    let s = server(
        "PUT",
        "/v1/shops/1/workorders/1043",
        200,
        ok(work_orders_response()["data"][0].clone()),
    )
    .await;
    let u = WorkOrderUpdate::new()
        .notes("Parts ordered")
        .other("status", "waiting_parts");
    client(&s)
        .update_work_order(ShopId(1), WorkOrderId(1043), &u)
        .await
        .unwrap();
    let (_, body) = sent(&s).await;
    assert_contract_eq(
        &json!({"notes": "Parts ordered", "status": "waiting_parts"}),
        &body.unwrap(),
    );
}

#[tokio::test]
async fn list_jobs() {
    let s = server(
        "GET",
        "/v1/shops/1/workorders/1043/jobs",
        200,
        json!({"success": true, "data": [{"id": 9, "name": "Oil Change"}]}),
    )
    .await;
    let jobs = client(&s)
        .list_jobs(ShopId(1), WorkOrderId(1043))
        .await
        .unwrap();
    assert_eq!(jobs.items[0].name.as_deref(), Some("Oil Change"));
}

#[tokio::test]
async fn create_job_with_line_items() {
    let s = server(
        "POST",
        "/v1/shops/1/workorders/1043/jobs",
        201,
        ok(json!({"id": 9, "name": "Oil Change"})),
    )
    .await;
    let job = NewJob::new("Oil Change").line_item(
        LineItem::new()
            .set("description", "5W-30 synthetic")
            .set("quantity", 5),
    );
    client(&s)
        .create_job(ShopId(1), WorkOrderId(1043), &job)
        .await
        .unwrap();
    let (_, body) = sent(&s).await;
    assert_contract_eq(
        &json!({"name": "Oil Change", "line_items": [{"description": "5W-30 synthetic", "quantity": 5}]}),
        &body.unwrap(),
    );
}

#[tokio::test]
async fn appointments() {
    let s = server("GET", "/v1/shops/1/appointments", 200, json!({"success": true, "data": [{"id": 3, "customer_id": 42, "start_time": "2024-03-18T09:00:00Z"}]})).await;
    let list = client(&s).list_appointments(ShopId(1)).await.unwrap();
    assert_eq!(
        list.items[0].start_time,
        Some(Utc.with_ymd_and_hms(2024, 3, 18, 9, 0, 0).unwrap())
    );

    let s = server(
        "POST",
        "/v1/shops/1/appointments",
        201,
        ok(json!({"id": 3})),
    )
    .await;
    let appt = NewAppointment::new(
        CustomerId(42),
        Utc.with_ymd_and_hms(2024, 3, 18, 9, 0, 0).unwrap(),
    )
    .vehicle_id(VehicleId(78))
    .end_time(Utc.with_ymd_and_hms(2024, 3, 18, 10, 30, 0).unwrap())
    .notes("Brake inspection");
    client(&s)
        .create_appointment(ShopId(1), &appt)
        .await
        .unwrap();
    let (_, body) = sent(&s).await;
    assert_contract_eq(
        &json!({
            "customer_id": 42, "vehicle_id": 78,
            "start_time": "2024-03-18T09:00:00Z", "end_time": "2024-03-18T10:30:00Z",
            "notes": "Brake inspection"
        }),
        &body.unwrap(),
    );
}

#[tokio::test]
async fn payments() {
    let s = server(
        "GET",
        "/v1/shops/1/payments",
        200,
        json!({"success": true, "data": [{"id": 77, "amount": 1166.40}]}),
    )
    .await;
    let list = client(&s).list_payments(ShopId(1)).await.unwrap();
    assert_eq!(list.items[0].id, PaymentId(77));

    let s = server(
        "GET",
        "/v1/shops/1/payments/77",
        200,
        ok(json!({"id": 77, "amount": 1166.40})),
    )
    .await;
    let p = client(&s)
        .get_payment(ShopId(1), PaymentId(77))
        .await
        .unwrap();
    assert_contract_eq(
        &json!({"id": 77, "amount": 1166.40}),
        &serde_json::to_value(&p).unwrap(),
    );
}

#[tokio::test]
async fn inventory() {
    let s = server("GET", "/v1/shops/1/inventory", 200, json!({"success": true, "data": [{"id": 311, "quantity": 12, "cost": 4.12, "price": 9.99}]})).await;
    let list = client(&s).list_parts(ShopId(1)).await.unwrap();
    assert_eq!(list.items[0].cost, Some(Decimal::new(412, 2)));

    let s = server(
        "PATCH",
        "/v1/shops/1/inventory/311",
        200,
        ok(json!({"id": 311, "quantity": 24, "cost": 4.25, "price": 10.49})),
    )
    .await;
    let u = StockUpdate::new()
        .quantity(24)
        .cost(Decimal::new(425, 2))
        .price(Decimal::new(1049, 2));
    let part = client(&s)
        .update_stock(ShopId(1), PartId(311), &u)
        .await
        .unwrap();
    assert_eq!(part.price, Some(Decimal::new(1049, 2)));
    let (_, body) = sent(&s).await;
    assert_contract_eq(
        &json!({"quantity": 24, "cost": 4.25, "price": 10.49}),
        &body.unwrap(),
    );
    let raw = String::from_utf8(s.received_requests().await.unwrap()[0].body.clone()).unwrap();
    assert_eq!(
        raw, r#"{"quantity":24,"cost":4.25,"price":10.49}"#,
        "exact decimals on the wire"
    );
}

#[tokio::test]
async fn list_employees_sends_role_and_status() {
    let s = server("GET", "/v1/shops/1/employees", 200, json!({"success": true, "data": [{"id": 5, "name": "Dave M.", "role": "technician", "status": "active"}]})).await;
    let q2 = EmployeeQuery::new()
        .role(EmployeeRole::ServiceWriter)
        .status(EmployeeStatus::Inactive);
    let list = client(&s).list_employees(ShopId(1), &q2).await.unwrap();
    assert_eq!(list.items[0].role, Some(EmployeeRole::Technician));
    let (query, _) = sent(&s).await;
    assert_eq!(
        query,
        q(&[("role", "service_writer"), ("status", "inactive")])
    );
}

#[tokio::test]
async fn the_error_envelope_is_the_typed_error_body() {
    let body = json!({
        "success": false,
        "error": {"code": "invalid_parameter", "message": "The 'email' field is required.", "status": 422}
    });
    let s = server("POST", "/v1/shops/1/customers", 422, body).await;
    let err = client(&s)
        .create_customer(ShopId(1), &mike())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(422));
    let api = err.api_error().unwrap();
    assert_eq!(api.code(), Some("invalid_parameter"));
    assert_eq!(api.error.as_ref().unwrap().status, Some(422));
    let text = err.to_string();
    assert!(text.contains("The 'email' field is required."), "{text}");
    assert!(!text.contains('\n'));
}

#[tokio::test]
async fn the_documented_statuses_map_to_kinds() {
    for (status, kind) in [
        (400, ErrorKind::Validation),
        (401, ErrorKind::Unauthorized),
        (403, ErrorKind::Forbidden),
        (404, ErrorKind::NotFound),
    ] {
        let body =
            json!({"success": false, "error": {"code": "x", "message": "m", "status": status}});
        let s = server("GET", "/v1/shops/1", status, body).await;
        let err = client(&s).get_shop(ShopId(1)).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{status}");
    }
}

#[tokio::test]
async fn rate_limit_headers_are_readable() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/shops"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(quick_start_response())
                .insert_header("X-RateLimit-Limit", "100")
                .insert_header("X-RateLimit-Remaining", "87")
                .insert_header("X-RateLimit-Reset", "1710432000"),
        )
        .mount(&s)
        .await;
    let resp = client(&s)
        .list_shops_with_response(Default::default())
        .await
        .unwrap();
    assert_eq!(resp.rate_limit().limit, Some(100));
    assert_eq!(resp.rate_limit().remaining, Some(87));
    assert_eq!(resp.headers()["x-ratelimit-reset"], "1710432000");
}

#[tokio::test]
async fn oauth_code_exchange_sends_the_documented_body_without_auth() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "oat_secret_value",
            "token_type": "Bearer",
            "expires_in": 3600,
            "refresh_token": "ort_secret_value",
            "shop_id": 1
        })))
        .expect(1)
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let app = OAuthApp::builder(
        "YOUR_CLIENT_ID",
        "YOUR_CLIENT_SECRET",
        "https://yourapp.com/callback",
    )
    .base_url(format!("{}/v1", s.uri()))
    .build()
    .unwrap();
    let token = app
        .exchange_code(&AuthorizationCode::new("AUTH_CODE_FROM_REDIRECT"))
        .await
        .unwrap();
    let reqs = s.received_requests().await.unwrap();
    assert!(reqs[0].headers.get("authorization").is_none());
    let body: Value = serde_json::from_slice(&reqs[0].body).unwrap();
    assert_contract_eq(
        &json!({
            "grant_type": "authorization_code",
            "code": "AUTH_CODE_FROM_REDIRECT",
            "client_id": "YOUR_CLIENT_ID",
            "client_secret": "YOUR_CLIENT_SECRET"
        }),
        &body,
    );
    use autoclient_common::reexports::secrecy::ExposeSecret;
    assert_eq!(token.access_token().expose_secret(), "oat_secret_value");
    assert_eq!(token.token_type(), Some("Bearer"));
    assert_eq!(token.expires_in(), Some(3600));
    assert_eq!(
        token.refresh_token().unwrap().expose_secret(),
        "ort_secret_value"
    );
    assert_eq!(token.field("shop_id"), Some(&json!(1)));
    let debug = format!("{token:?} {app:?}");
    assert!(
        !debug.contains("secret_value") && !debug.contains("YOUR_CLIENT_SECRET"),
        "{debug}"
    );
}

#[test]
fn the_authorize_url_is_the_documented_one() {
    let app = OAuthApp::builder(
        "YOUR_CLIENT_ID",
        "YOUR_CLIENT_SECRET",
        "https://yourapp.com/callback",
    )
    .build()
    .unwrap();
    let scopes = [
        Scope::SHOPS_READ,
        Scope::WORKORDERS_WRITE,
        Scope::CUSTOMERS_READ,
    ];
    let req = app.authorize_with_state(&scopes, OAuthState::from_stored("st4te"));
    assert_eq!(
        req.url.as_str(),
        "https://autosyncshopmanager.com/oauth/authorize?client_id=YOUR_CLIENT_ID\
         &redirect_uri=https%3A%2F%2Fyourapp.com%2Fcallback&response_type=code\
         &scope=shops%3Aread+workorders%3Awrite+customers%3Aread&state=st4te"
    );
    let pairs: Vec<(String, String)> = req
        .url
        .query_pairs()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    assert_eq!(
        pairs[3],
        (
            "scope".into(),
            "shops:read workorders:write customers:read".into()
        )
    );
    // A fresh random state each time: 32 bytes, base64url.
    let a = app.authorize(&scopes).unwrap().state;
    let b = app.authorize(&scopes).unwrap().state;
    assert_ne!(a, b);
    assert_eq!(a.as_str().len(), 43);
}
