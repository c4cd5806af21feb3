//! The documentation's examples as contract tests, against a plain wiremock
//! server (no mock logic): the exact request of the curl example, its exact
//! response, and each documented error status.

use auterio_client::{
    Client, ErrorKind, FuelType, Gearbox, IngestResponse, Vehicle, VehicleStatus,
};
use autoclient_common::contract::assert_contract_eq;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use testkit::mount_catch_all;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn doc_request() -> Value {
    json!({
        "vehicles": [
            {
                "vin": "WVWZZZE1ZNP123456",
                "brand": "Volkswagen",
                "model": "Golf",
                "version": "GTI 2.0 TSI",
                "year": 2024,
                "color_ext": "Negro",
                "fuel_type": "gasolina",
                "gearbox": "automático",
                "mileage": 15000,
                "power_hp": 245,
                "cost_price": 28000,
                "sale_price": 34500,
                "status": "disponible"
            },
            {
                "vin": "WBA11AA00PCJ12345",
                "brand": "BMW",
                "model": "320d",
                "year": 2023,
                "mileage": 42000,
                "cost_price": 22000,
                "sale_price": 28900
            }
        ]
    })
}

fn doc_response() -> Value {
    json!({"success": true, "imported": 2, "skipped": 0, "source": "DMS Cliente XYZ"})
}

fn doc_vehicles() -> Vec<Vehicle> {
    vec![
        Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf")
            .version("GTI 2.0 TSI")
            .year(2024)
            .color_ext("Negro")
            .fuel_type(FuelType::GASOLINA)
            .gearbox(Gearbox::AUTOMATICO)
            .mileage(15000)
            .power_hp(245)
            .cost_price(Decimal::from(28000))
            .sale_price(Decimal::from(34500))
            .status(VehicleStatus::Disponible),
        Vehicle::new("WBA11AA00PCJ12345", "BMW", "320d")
            .year(2023)
            .mileage(42000)
            .cost_price(Decimal::from(22000))
            .sale_price(Decimal::from(28900)),
    ]
}

async fn server_answering(status: u16, body: Value) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/vehicles/ingest"))
        .and(header("authorization", "Bearer YOUR_API_KEY"))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    s
}

fn client(s: &MockServer) -> Client {
    Client::builder("YOUR_API_KEY")
        .base_url(s.uri())
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_curl_example_is_sent_exactly_and_its_response_decodes() {
    let s = server_answering(200, doc_response()).await;
    let resp = client(&s).ingest(&doc_vehicles()).await.unwrap();
    assert_eq!(resp, {
        let mut expected = IngestResponse::new(true, 2, 0);
        expected.source = Some("DMS Cliente XYZ".into());
        expected
    });
    let reqs = s.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1);
    let sent: Value = serde_json::from_slice(&reqs[0].body).unwrap();
    assert_contract_eq(&doc_request(), &sent);
    assert_eq!(reqs[0].method.as_str(), "POST");
    assert_eq!(reqs[0].url.path(), "/api/vehicles/ingest");
    assert_eq!(reqs[0].url.query(), None);
}

#[test]
fn the_documented_bodies_decode_and_encode_back_equal() {
    let req: auterio_client::models::IngestRequest<'static> =
        serde_json::from_value(doc_request()).unwrap();
    assert_eq!(req.vehicles.as_ref(), doc_vehicles().as_slice());
    assert_contract_eq(&doc_request(), &serde_json::to_value(&req).unwrap());
    let resp: IngestResponse = serde_json::from_value(doc_response()).unwrap();
    assert_contract_eq(&doc_response(), &serde_json::to_value(&resp).unwrap());
}

#[tokio::test]
async fn each_documented_error_status_has_its_kind_and_message() {
    for (status, message, kind) in [
        (
            401,
            "Missing or invalid Authorization header",
            ErrorKind::Unauthorized,
        ),
        (403, "API key is invalid or inactive", ErrorKind::Forbidden),
        (
            400,
            "Invalid payload or no valid vehicles",
            ErrorKind::Validation,
        ),
    ] {
        let s = server_answering(status, json!({"error": message})).await;
        let e = client(&s).ingest(&doc_vehicles()).await.unwrap_err();
        assert_eq!(e.kind(), kind);
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status));
        assert!(e.to_string().contains(message), "{e}");
        assert_eq!(
            s.received_requests().await.unwrap().len(),
            1,
            "{status} is not retried"
        );
    }
}

#[tokio::test]
async fn an_error_body_that_is_not_json_is_kept_as_text() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_string("API key is invalid or inactive"))
        .mount(&s)
        .await;
    let e = client(&s).ingest(&doc_vehicles()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    assert!(e.api_error().is_none());
    assert_eq!(e.body_text().unwrap(), "API key is invalid or inactive");
    assert!(
        e.to_string()
            .ends_with("HTTP 403 Forbidden: API key is invalid or inactive"),
        "{e}"
    );
}

#[test]
fn every_field_round_trips_with_its_documented_name() {
    let v = Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf")
        .matricula("1234 LMN")
        .version("GTI")
        .year(2024)
        .color_ext("Negro")
        .color_int("Gris")
        .fuel_type(FuelType::DIESEL)
        .gearbox(Gearbox::MANUAL)
        .mileage(15000)
        .engine_cc(1984)
        .power_hp(245)
        .doors(5)
        .seats(5)
        .cost_price(Decimal::new(2800050, 2))
        .sale_price(Decimal::new(3450099, 2))
        .status(VehicleStatus::Reservado)
        .location("Madrid")
        .supplier("Proveedor SA")
        .fecha_matricula(chrono::NaiveDate::from_ymd_opt(2024, 3, 15).unwrap())
        .propiedad("Concesionario SL")
        .categoria("Turismo")
        .notes("Libro de mantenimiento");
    let json = serde_json::to_value(&v).unwrap();
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut expected = vec![
        "vin",
        "brand",
        "model",
        "matricula",
        "version",
        "year",
        "color_ext",
        "color_int",
        "fuel_type",
        "gearbox",
        "mileage",
        "engine_cc",
        "power_hp",
        "doors",
        "seats",
        "cost_price",
        "sale_price",
        "status",
        "location",
        "supplier",
        "fecha_matricula",
        "propiedad",
        "categoria",
        "notes",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(json["fecha_matricula"], "2024-03-15");
    assert_eq!(
        serde_json::to_string(&json["sale_price"]).unwrap(),
        "34500.99"
    );
    let back: Vehicle = serde_json::from_value(json).unwrap();
    assert_eq!(back, v);
    // Unknown values of open types are kept.
    let odd: Vehicle = serde_json::from_value(json!({
        "vin": "X", "brand": "B", "model": "M", "status": "subasta", "fuel_type": "hidrógeno", "future": 1
    }))
    .unwrap();
    assert_eq!(odd.status, Some(VehicleStatus::Unknown("subasta".into())));
    assert_eq!(
        odd.fuel_type.as_ref().map(FuelType::as_str),
        Some("hidrógeno")
    );
}

#[test]
fn vin_checks() {
    use auterio_client::{VinProblem, check_vin, vin_check_digit_ok};
    assert!(check_vin("WVWZZZE1ZNP123456").is_ok());
    assert!(check_vin("WBA11AA00PCJ12345").is_ok());
    assert_eq!(check_vin("WBA11AA00PCJ1234"), Err(VinProblem::Length(16)));
    assert_eq!(
        check_vin("WBA11AA00PCJ1234O"),
        Err(VinProblem::Character(16, 'O'))
    );
    assert_eq!(
        check_vin("wba11AA00PCJ12345"),
        Err(VinProblem::Character(0, 'w'))
    );
    assert!(!vin_check_digit_ok("WVWZZZE1ZNP123456"));
    assert!(!vin_check_digit_ok("WBA11AA00PCJ12345"));
    assert!(vin_check_digit_ok("1M8GDM9AXKP042788"));
    assert!(vin_check_digit_ok("11111111111111111"));
    let v = Vehicle::new("SHORT", " ", "");
    let violations = v.check();
    assert_eq!(violations.len(), 3);
}

#[test]
fn the_ingest_future_does_not_borrow_the_client_or_the_vehicles() {
    fn spawnable<F: std::future::Future + Send + 'static>(f: F) -> F {
        f
    }
    let fut = {
        let client = Client::builder("k")
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap();
        let vehicles = doc_vehicles();
        spawnable(client.ingest(&vehicles))
    };
    drop(fut);
}
