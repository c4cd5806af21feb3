//! The documentation's JSON examples, and a wiremock server with a client
//! that retries, shared by the test files.
#![allow(dead_code)]

use std::time::Duration;

use anuncios_client::*;
use serde_json::{Value, json};
use testkit::mount_catch_all;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub fn car_example() -> Value {
    json!({
        "category": 1,
        "version_detail_id": 1234,
        "color": 5,
        "make_year": 2023,
        "model_year": 2024,
        "km": 15000,
        "price": 85000,
        "description": "Veículo em excelente estado, único dono, revisões em dia.",
        "license_plate": "ABC1234",
        "is_new": false,
        "only_owner": true,
        "tax_payed": true,
        "accept_exchange": true,
        "factory_warranty": true,
        "is_armored": false,
        "photos": [
            {"order": 1, "photo_name": "foto1.jpg", "base64": "..."},
            {"order": 2, "photo_name": "foto2.jpg", "base64": "..."}
        ],
        "features": [1, 5, 12, 25]
    })
}

pub fn car_listing() -> NewListing {
    NewListing::used(
        "ABC1234",
        ListingBasics::new(
            VersionDetailId(1234),
            ColorId(5),
            2023,
            2024,
            15000,
            Reais(85000),
            "Veículo em excelente estado, único dono, revisões em dia.",
        ),
        CarFields::not_armored(),
    )
    .only_owner(true)
    .tax_payed(true)
    .accept_exchange(true)
    .factory_warranty(true)
    .photo(
        Photo::from_base64_unchecked("...")
            .order(1)
            .name("foto1.jpg"),
    )
    .photo(
        Photo::from_base64_unchecked("...")
            .order(2)
            .name("foto2.jpg"),
    )
    .features([1, 5, 12, 25].map(FeatureId))
    .build()
    .unwrap()
}

pub fn new_car_example() -> Value {
    json!({
        "category": 1,
        "version_detail_id": 1234,
        "color": 5,
        "make_year": 2024,
        "model_year": 2024,
        "km": 0,
        "price": 95000,
        "description": "Veículo zero km, lacrado de fábrica.",
        "is_new": true,
        "factory_warranty": true,
        "photos": [{"order": 1, "photo_name": "foto1.jpg", "base64": "..."}],
        "features": [1, 5, 12, 25, 30]
    })
}

pub fn new_car_listing() -> NewListing {
    NewListing::zero_km(
        ListingBasics::new(
            VersionDetailId(1234),
            ColorId(5),
            2024,
            2024,
            0,
            Reais(95000),
            "Veículo zero km, lacrado de fábrica.",
        ),
        CarFields::new(),
    )
    .factory_warranty(true)
    .photo(
        Photo::from_base64_unchecked("...")
            .order(1)
            .name("foto1.jpg"),
    )
    .features([1, 5, 12, 25, 30].map(FeatureId))
    .build()
    .unwrap()
}

pub fn motorcycle_example() -> Value {
    json!({
        "category": 2,
        "version_detail_id": 5678,
        "color": 3,
        "make_year": 2023,
        "model_year": 2023,
        "km": 5000,
        "price": 25000,
        "description": "Moto em perfeito estado, revisada.",
        "license_plate": "XYZ9876",
        "is_new": false,
        "breaks": 1,
        "engine": 2,
        "engine_capacity": 300,
        "gear": 1,
        "power_supply": 1,
        "refrigeration": 1,
        "start": 1,
        "photos": [{"order": 1, "photo_name": "moto1.jpg", "base64": "..."}],
        "features": [10, 15]
    })
}

pub fn motorcycle_listing() -> NewListing {
    NewListing::used(
        "XYZ9876",
        ListingBasics::new(
            VersionDetailId(5678),
            ColorId(3),
            2023,
            2023,
            5000,
            Reais(25000),
            "Moto em perfeito estado, revisada.",
        ),
        MotorcycleFields::new()
            .breaks(CatalogId(1))
            .engine(CatalogId(2))
            .engine_capacity(300)
            .gear(CatalogId(1))
            .power_supply(CatalogId(1))
            .refrigeration(CatalogId(1))
            .start(CatalogId(1)),
    )
    .photo(
        Photo::from_base64_unchecked("...")
            .order(1)
            .name("moto1.jpg"),
    )
    .features([10, 15].map(FeatureId))
    .build()
    .unwrap()
}

pub fn truck_example() -> Value {
    json!({
        "category": 3,
        "version_detail_id": 9012,
        "color": 2,
        "make_year": 2022,
        "model_year": 2023,
        "km": 50000,
        "price": 350000,
        "description": "Caminhão em excelente estado de conservação.",
        "license_plate": "DEF5678",
        "is_new": false,
        "power": 400,
        "load_capacity": 15000,
        "pulling_capacity": 20000,
        "implement": 1,
        "type": 2,
        "cabin": 1,
        "traction": 1,
        "breaks": 1,
        "suspension": 1,
        "photos": [{"order": 1, "photo_name": "caminhao1.jpg", "base64": "..."}],
        "features": [20, 25, 30]
    })
}

pub fn truck_listing() -> NewListing {
    NewListing::used(
        "DEF5678",
        ListingBasics::new(
            VersionDetailId(9012),
            ColorId(2),
            2022,
            2023,
            50000,
            Reais(350000),
            "Caminhão em excelente estado de conservação.",
        ),
        TruckFields::new()
            .power(400)
            .load_capacity(15000)
            .pulling_capacity(20000)
            .implement(CatalogId(1))
            .truck_type(CatalogId(2))
            .cabin(CatalogId(1))
            .traction(CatalogId(1))
            .breaks(CatalogId(1))
            .suspension(CatalogId(1)),
    )
    .photo(
        Photo::from_base64_unchecked("...")
            .order(1)
            .name("caminhao1.jpg"),
    )
    .features([20, 25, 30].map(FeatureId))
    .build()
    .unwrap()
}

pub fn implement_example() -> Value {
    json!({
        "category": 4,
        "version_detail_id": 3456,
        "color": 1,
        "make_year": 2023,
        "model_year": 2023,
        "km": 0,
        "price": 120000,
        "description": "Implemento novo, nunca usado.",
        "is_new": true,
        "number_of_axles": 3,
        "photos": [{"order": 1, "photo_name": "implemento1.jpg", "base64": "..."}],
        "features": [5, 10]
    })
}

pub fn implement_listing() -> NewListing {
    NewListing::zero_km(
        ListingBasics::new(
            VersionDetailId(3456),
            ColorId(1),
            2023,
            2023,
            0,
            Reais(120000),
            "Implemento novo, nunca usado.",
        ),
        ImplementFields::axles(3),
    )
    .photo(
        Photo::from_base64_unchecked("...")
            .order(1)
            .name("implemento1.jpg"),
    )
    .features([5, 10].map(FeatureId))
    .build()
    .unwrap()
}

/// One item of the inventory list example. The documentation's example is cut
/// off inside `integration[0]` (after `ad_title`, inside `created_at`); it is
/// closed here right before the cut.
pub fn listing_item_example() -> Value {
    json!({
        "id": 12345,
        "status": 1,
        "category": 1,
        "year": {"make": 2023, "model": 2024},
        "price": 85000,
        "km": 15000,
        "license_plate": "ABC1234",
        "make": {"id": 1, "name": "Toyota"},
        "model": {"id": 10, "name": "Corolla"},
        "fuel": {"id": 1, "name": "Flex"},
        "status_ad_site": true,
        "version_site": "XEi 2.0",
        "youtube_url": "https://www.youtube.com/watch?v=example",
        "accept_exchange": true,
        "alienated": false,
        "extended_warranty": false,
        "factory_warranty": true,
        "inspection": false,
        "is_imported": false,
        "is_new": false,
        "licensed": true,
        "only_owner": true,
        "pwd": false,
        "reviews_at_the_dealership": false,
        "tax_payed": true,
        "text_price_site": "Preço",
        "show_price_site": true,
        "created_at": "2024-01-15T10:30:00Z",
        "updated_at": "2024-01-20T14:45:00Z",
        "created_by": "João Silva",
        "updated_by": "Maria Santos",
        "first_photo": "https://media.integradordeanuncios.com.br/thumb/10/foto1.jpg",
        "total_photo": 5,
        "version_detail_id": 100,
        "color": {"id": 5, "name": "Branco"},
        "integration": [
            {
                "id": 1,
                "portal": {
                    "id": 5,
                    "name": "Webmotors",
                    "logo": "https://media.integradordeanuncios.com.br/media/logo/webmotors.webp"
                },
                "status": {"id": 1, "name": "Ativo"},
                "listing_type": {"id": 1, "name": "Plano Básico"},
                "ad_url": "https://www.webmotors.com.br/anuncio/12345",
                "ad_title": "Toyota Corolla XEi 2.0 2024"
            }
        ]
    })
}

pub fn sold_example() -> Value {
    json!({
        "count": 2,
        "next": null,
        "previous": null,
        "results": [
            {
                "id": 12345, "status": 2, "category": 1,
                "make": "Toyota", "model": "Corolla", "version": "XEi 2.0",
                "year": {"make": 2023, "model": 2024},
                "license_plate": "ABC1234",
                "created_at": "2024-01-15T10:30:00Z", "updated_at": "2024-02-20T14:45:00Z",
                "created_by": "João Silva", "updated_by": "Maria Santos",
                "first_photo": "https://media.integradordeanuncios.com.br/thumb/10/foto1.jpg"
            },
            {
                "id": 12346, "status": 2, "category": 2,
                "make": "Honda", "model": "CB 600F", "version": "",
                "year": {"make": 2022, "model": 2023},
                "license_plate": "XYZ5678",
                "created_at": "2024-01-10T08:20:00Z", "updated_at": "2024-02-15T16:30:00Z",
                "created_by": "Pedro Costa", "updated_by": "Ana Lima",
                "first_photo": "https://media.integradordeanuncios.com.br/thumb/10/foto2.jpg"
            }
        ]
    })
}

pub fn versions_example() -> Value {
    json!({
        "count": 15,
        "next": "http://api.example.com/v3/catalog/versions/123?page=2",
        "previous": null,
        "results": [
            {
                "id": 1001, "name": "Onix 1.0 MT",
                "model": {"id": 123, "name": "Onix"},
                "fuel": {"id": 1, "name": "Flex"},
                "door": {"id": 1, "name": "4 portas"},
                "transmission": {"id": 1, "name": "Manual"},
                "body": {"id": 1, "name": "Hatchback"},
                "motorcycle_style": null,
                "is_still_production": true,
                "start_year": 2020, "end_year": null,
                "body_id": 1, "motorcycle_style_id": null
            },
            {
                "id": 1002, "name": "Onix 1.4 AT",
                "model": {"id": 123, "name": "Onix"},
                "year": {"start": 2021, "end": 2025},
                "fuel": {"id": 1, "name": "Flex"},
                "door": {"id": 1, "name": "4 portas"},
                "transmission": {"id": 2, "name": "Automático"},
                "body": {"id": 1, "name": "Hatchback"},
                "motorcycle_style": null,
                "is_still_production": true,
                "start_year": 2021, "end_year": null,
                "body_id": 1, "motorcycle_style_id": null
            }
        ]
    })
}

pub fn models_example() -> Value {
    json!([
        {"id": 1, "name": "Onix"},
        {"id": 2, "name": "Cruze"},
        {"id": 3, "name": "Tracker"},
        {"id": 4, "name": "Spin"}
    ])
}

pub fn colors_example() -> Value {
    json!([
        {"id": 1, "name": "Branco"},
        {"id": 2, "name": "Preto"},
        {"id": 3, "name": "Prata"},
        {"id": 4, "name": "Vermelho"},
        {"id": 5, "name": "Azul"}
    ])
}

pub fn features_example() -> Value {
    json!([
        {"id": 1, "name": "Ar Condicionado", "category": 1},
        {"id": 2, "name": "Direção Hidráulica", "category": 1},
        {"id": 3, "name": "Vidros Elétricos", "category": 1},
        {"id": 4, "name": "Airbag", "category": 1},
        {"id": 5, "name": "ABS", "category": 1}
    ])
}

// ---- a wiremock server and a client that retries ----------------------------

pub const TOKEN: &str = "header.payload.signature";

pub async fn server() -> MockServer {
    let s = MockServer::start().await;
    mount_catch_all(&s).await;
    s
}

/// Retries allowed (with tiny waits), so a request that is not retried shows.
pub fn retrying_client(base: &str) -> Client {
    Client::builder(Auth::bearer(TOKEN))
        .base_url(base)
        .retry(
            RetryPolicy::default()
                .with_max_retries(2)
                .with_base_delay(Duration::from_millis(1)),
        )
        .build()
        .unwrap()
}

pub async fn respond(s: &MockServer, m: &str, p: &str, resp: ResponseTemplate) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(resp)
        .mount(s)
        .await;
}

pub async fn requests_to(s: &MockServer, p: &str) -> usize {
    s.received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == p)
        .count()
}
