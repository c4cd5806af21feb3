//! Contract tests against a plain wiremock server (no mock logic): each
//! endpoint's exact request (method, path, query, headers, body) and the
//! documentation's examples, sent and decoded.

use crate::support;

use anuncios_client::*;
use autoclient_common::contract::assert_contract_eq;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use support::*;
use testkit::mount_catch_all;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "header.payload.signature";

async fn server() -> MockServer {
    let s = MockServer::start().await;
    mount_catch_all(&s).await;
    s
}

fn client(s: &MockServer) -> Client {
    Client::builder(Auth::bearer(TOKEN))
        .base_url(s.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn mount(s: &MockServer, m: &str, p: &str, status: u16, body: Value) {
    Mock::given(method(m))
        .and(path(p))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(s)
        .await;
}

async fn sent_body(s: &MockServer) -> Value {
    let reqs = s.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        reqs[0].headers.get("content-type").unwrap(),
        "application/json"
    );
    serde_json::from_slice(&reqs[0].body).unwrap()
}

// ---- create ----------------------------------------------------------------

async fn create_sends(listing: NewListing, example: Value) {
    let s = server().await;
    mount(&s, "POST", "/v3/inventory/10", 201, listing_item_example()).await;
    let created = client(&s)
        .create_listing(DealerId(10), &listing)
        .await
        .unwrap();
    assert_eq!(created.id, ListingId(12345));
    assert_contract_eq(&example, &sent_body(&s).await);
    assert_contract_eq(&example, &listing.to_json());
}

#[tokio::test]
async fn create_car_example() {
    create_sends(car_listing(), car_example()).await;
}

#[tokio::test]
async fn create_new_car_example() {
    create_sends(new_car_listing(), new_car_example()).await;
}

#[tokio::test]
async fn create_motorcycle_example() {
    create_sends(motorcycle_listing(), motorcycle_example()).await;
}

#[tokio::test]
async fn create_truck_example() {
    create_sends(truck_listing(), truck_example()).await;
}

#[tokio::test]
async fn create_implement_example() {
    create_sends(implement_listing(), implement_example()).await;
}

#[tokio::test]
async fn created_listing_keeps_every_member() {
    let s = server().await;
    let mut body = listing_item_example();
    body["description"] = json!("Veículo em excelente estado");
    body["brand_new_member"] = json!({"x": [1, 2]});
    mount(&s, "POST", "/v3/inventory/10", 201, body.clone()).await;
    let resp = client(&s)
        .create_listing_with_response(DealerId(10), &car_listing())
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 201);
    let created = resp.into_body();
    assert_eq!(created.extra["brand_new_member"], json!({"x": [1, 2]}));
    assert_contract_eq(&body, &serde_json::to_value(&created).unwrap());
}

#[tokio::test]
async fn create_400_field_errors_are_typed() {
    for (example, field) in [
        (
            json!({"license_plate": ["License plate cannot be blank for used vehicles"]}),
            "license_plate",
        ),
        (json!({"price": ["Preço deve ser maior que 0"]}), "price"),
    ] {
        let s = server().await;
        mount(&s, "POST", "/v3/inventory/10", 400, example.clone()).await;
        let err = client(&s)
            .create_listing(DealerId(10), &car_listing())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation);
        let api = err.api_error().unwrap();
        assert_eq!(api.messages_for(field).len(), 1);
        assert_eq!(err.field_errors()[0].field, field);
        assert_contract_eq(&example, &serde_json::to_value(api).unwrap());
        assert!(!err.to_string().contains('\n'));
        assert!(err.to_string().contains(field), "{err}");
        // A create is sent once.
        assert_eq!(s.received_requests().await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn documented_detail_errors() {
    for (status, msg, kind) in [
        (
            401,
            "As credenciais de autenticação não foram fornecidas.",
            ErrorKind::Unauthorized,
        ),
        (401, "Token inválido ou expirado.", ErrorKind::Unauthorized),
        (
            403,
            "Você não tem permissão para executar essa ação.",
            ErrorKind::Forbidden,
        ),
        (404, "Não encontrado.", ErrorKind::NotFound),
    ] {
        let s = server().await;
        mount(
            &s,
            "POST",
            "/v3/inventory/10",
            status,
            json!({"detail": msg}),
        )
        .await;
        let err = client(&s)
            .create_listing(DealerId(10), &car_listing())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kind);
        assert_eq!(err.detail(), Some(msg));
        assert!(err.to_string().contains(msg), "{err}");
    }
}

#[tokio::test]
async fn catalog_405_detail() {
    let s = server().await;
    mount(
        &s,
        "GET",
        "/v3/catalog/color",
        405,
        json!({"detail": "Método \"DELETE\" não é permitido."}),
    )
    .await;
    let err = client(&s).colors().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Http);
    assert_eq!(err.detail(), Some("Método \"DELETE\" não é permitido."));
}

#[test]
fn invalid_listing_reports_every_violation_at_once() {
    let err = NewListing::used(
        "AB-12",
        ListingBasics::new(VersionDetailId(1), ColorId(1), 2024, 2023, 0, Reais(0), "x"),
        CarFields::new(),
    )
    .photo(Photo::from_base64_unchecked(""))
    .build()
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    let fields: Vec<_> = err.field_errors().into_iter().map(|v| v.field).collect();
    assert_eq!(
        fields,
        [
            "make_year",
            "km",
            "license_plate",
            "price",
            "photos[0].base64"
        ]
    );
    assert_eq!(err.attempts(), 0);
}

#[test]
fn plates_are_normalised_on_the_wire() {
    let mut l = car_example();
    let listing = NewListing::used(
        " abc-1234 ",
        ListingBasics::new(
            VersionDetailId(1234),
            ColorId(5),
            2023,
            2024,
            15000,
            Reais(85000),
            "d",
        ),
        CarFields::armored(ArmoredLevel::IIIA, Some(CatalogId(2))),
    )
    .build()
    .unwrap();
    let v = listing.to_json();
    l["license_plate"] = json!("ABC1234");
    assert_eq!(v["license_plate"], l["license_plate"]);
    assert_eq!(v["armored_level"], "IIIA");
    assert_eq!(v["armored"], 2);
    assert_eq!(v["is_armored"], true);
    assert!(v.get("photos").is_none() && v.get("features").is_none());
}

// ---- inventory -------------------------------------------------------------

#[tokio::test]
async fn list_inventory_example_decodes_and_reencodes() {
    let s = server().await;
    let page =
        json!({"count": 1, "next": null, "previous": null, "results": [listing_item_example()]});
    mount(&s, "GET", "/v3/inventory/10", 200, page.clone()).await;
    let got = client(&s)
        .list_inventory(DealerId(10), &InventoryQuery::new())
        .await
        .unwrap();
    assert_eq!(got.count, 1);
    let item = &got.results[0];
    assert_eq!(item.category, Some(Category::Automovel));
    assert_eq!(item.color.as_ref().unwrap().name(), Some("Branco"));
    assert_eq!(
        item.integration.as_ref().unwrap()[0]
            .portal
            .as_ref()
            .unwrap()
            .name
            .as_deref(),
        Some("Webmotors")
    );
    assert_contract_eq(&page, &serde_json::to_value(&got).unwrap());
    let reqs = s.received_requests().await.unwrap();
    assert_eq!(reqs[0].url.query(), None);
}

#[tokio::test]
async fn inventory_query_params_are_sent_as_given() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/v3/inventory/10"))
        .and(query_param("page", "3"))
        .and(query_param("ordering", "-price"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"count": 0, "next": null, "previous": null, "results": []})),
        )
        .mount(&s)
        .await;
    let got = client(&s)
        .list_inventory(
            DealerId(10),
            &InventoryQuery::new()
                .param("page", 3)
                .param("ordering", "-price"),
        )
        .await
        .unwrap();
    assert!(got.results.is_empty());
}

#[tokio::test]
async fn a_next_link_that_cannot_be_followed_is_a_decode_error_after_the_page() {
    let s = server().await;
    mount(
        &s,
        "GET",
        "/v3/inventory/10",
        200,
        json!({
            "count": 2,
            "next": "http://[not-an-address/v3/inventory/10?page=2",
            "previous": null,
            "results": [listing_item_example()]
        }),
    )
    .await;
    let got: Vec<Result<Listing, Error>> = client(&s)
        .inventory_stream(DealerId(10), &InventoryQuery::new())
        .collect()
        .await;
    assert_eq!(got.len(), 2, "the page's item, then the error");
    assert_eq!(got[0].as_ref().map(|l| l.id).ok(), Some(ListingId(12345)));
    let e = got[1].as_ref().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
    assert!(e.to_string().contains("`next` link"), "{e}");
    assert_eq!(s.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn next_links_on_another_host_are_followed_on_the_configured_origin() {
    let s = server().await;
    let mut second = listing_item_example();
    second["id"] = json!(12346);
    Mock::given(method("GET"))
        .and(path("/v3/inventory/10"))
        .and(query_param("page", "2"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 2,
            "next": null,
            "previous": "http://api.example.com/v3/inventory/10",
            "results": [second]
        })))
        .with_priority(1)
        .mount(&s)
        .await;
    mount(
        &s,
        "GET",
        "/v3/inventory/10",
        200,
        json!({
            "count": 2,
            "next": "http://api.example.com/v3/inventory/10?page=2",
            "previous": null,
            "results": [listing_item_example()]
        }),
    )
    .await;
    let items: Vec<Listing> = client(&s)
        .inventory_stream(DealerId(10), &InventoryQuery::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        items.iter().map(|l| l.id).collect::<Vec<_>>(),
        [ListingId(12345), ListingId(12346)]
    );
    // Both requests reached this server (the link's host was not contacted).
    assert_eq!(s.received_requests().await.unwrap().len(), 2);

    let page = client(&s)
        .inventory_page("http://api.example.com/v3/inventory/10?page=2")
        .await
        .unwrap();
    assert_eq!(page.results[0].id, ListingId(12346));
}

#[tokio::test]
async fn sold_example_decodes_and_reencodes() {
    let s = server().await;
    mount(&s, "GET", "/v3/inventory/sold/10", 200, sold_example()).await;
    let got = client(&s)
        .list_sold(DealerId(10), &InventoryQuery::new())
        .await
        .unwrap();
    assert_eq!(got.results[1].make.as_deref(), Some("Honda"));
    assert_eq!(got.results[1].version.as_deref(), Some(""));
    assert_contract_eq(&sold_example(), &serde_json::to_value(&got).unwrap());
    let all: Vec<SoldListing> = client(&s)
        .sold_stream(DealerId(10), &InventoryQuery::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn get_listing_example() {
    let s = server().await;
    mount(
        &s,
        "GET",
        "/v3/inventory/item/12345",
        200,
        listing_item_example(),
    )
    .await;
    let got = client(&s).get_listing(ListingId(12345)).await.unwrap();
    assert_eq!(got.version_detail_id, Some(VersionDetailId(100)));
    assert_contract_eq(
        &listing_item_example(),
        &serde_json::to_value(&got).unwrap(),
    );
}

#[tokio::test]
async fn put_sends_the_typed_listing() {
    let s = server().await;
    mount(
        &s,
        "PUT",
        "/v3/inventory/item/12345",
        200,
        listing_item_example(),
    )
    .await;
    let got = client(&s)
        .update_listing(ListingId(12345), &car_listing())
        .await
        .unwrap();
    assert_eq!(got.unwrap().id, ListingId(12345));
    assert_contract_eq(&car_example(), &sent_body(&s).await);
}

#[tokio::test]
async fn put_raw_and_empty_answer() {
    let s = server().await;
    Mock::given(method("PUT"))
        .and(path("/v3/inventory/item/7"))
        .and(body_json(json!({"price": 1, "custom": true})))
        .respond_with(ResponseTemplate::new(204))
        .mount(&s)
        .await;
    let raw = json!({"price": 1, "custom": true});
    let got = client(&s)
        .update_listing_raw(ListingId(7), raw.as_object().unwrap())
        .await
        .unwrap();
    assert!(got.is_none());
}

#[tokio::test]
async fn patch_sends_only_the_members_set() {
    let s = server().await;
    mount(
        &s,
        "PATCH",
        "/v3/inventory/item/12345",
        200,
        listing_item_example(),
    )
    .await;
    let patch = ListingPatch::new()
        .price(Reais(79900))
        .license_plate("abc-1d23")
        .set("custom_flag", true);
    client(&s)
        .patch_listing(ListingId(12345), &patch)
        .await
        .unwrap();
    assert_contract_eq(
        &json!({"price": 79900, "license_plate": "ABC1D23", "custom_flag": true}),
        &sent_body(&s).await,
    );
}

#[tokio::test]
async fn invalid_patch_is_refused_before_sending() {
    let s = server().await;
    let err = client(&s)
        .patch_listing(
            ListingId(1),
            &ListingPatch::new()
                .price(Reais(0))
                .make_year(2020)
                .model_year(2023)
                .license_plate("12"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.violations().len(), 3);
    assert!(s.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn delete_item_with_and_without_options() {
    let s = server().await;
    Mock::given(method("DELETE"))
        .and(path("/v3/inventory/item/12345"))
        .and(query_param("sold", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": 2})))
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v3/inventory/item/12345"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&s)
        .await;
    let c = client(&s);
    let plain = c
        .delete_listing(ListingId(12345), &DeleteOptions::new())
        .await
        .unwrap();
    assert_eq!(plain.status().as_u16(), 204);
    assert_eq!(plain.body(), &None);
    let with = c
        .delete_listing(ListingId(12345), &DeleteOptions::new().param("sold", true))
        .await
        .unwrap();
    assert_eq!(with.body(), &Some(json!({"status": 2})));
    let reqs = s.received_requests().await.unwrap();
    assert!(reqs[0].body.is_empty());
}

#[tokio::test]
async fn delete_from_inventory_sends_what_the_caller_gives() {
    let s = server().await;
    Mock::given(method("DELETE"))
        .and(path("/v3/inventory/10"))
        .and(body_json(json!({"id": 12345})))
        .respond_with(ResponseTemplate::new(204))
        .mount(&s)
        .await;
    let resp = client(&s)
        .delete_from_inventory(
            DealerId(10),
            &DeleteOptions::new().body(json!({"id": 12345})),
        )
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 204);
}

// ---- catalog ---------------------------------------------------------------

#[tokio::test]
async fn models_list_filters_and_detail() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/v3/catalog/model"))
        .and(query_param("brand", "1"))
        .and(query_param("in_production", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(models_example()))
        .mount(&s)
        .await;
    mount(
        &s,
        "GET",
        "/v3/catalog/model/1",
        200,
        json!({"id": 1, "name": "Onix"}),
    )
    .await;
    let c = client(&s);
    let models = c
        .models(&ModelQuery::new().brand(BrandId(1)).in_production(true))
        .await
        .unwrap();
    assert_eq!(models.len(), 4);
    assert_contract_eq(&models_example(), &serde_json::to_value(&models).unwrap());
    let one = c.model(ModelId(1)).await.unwrap();
    assert_eq!(one.name, "Onix");
}

#[tokio::test]
async fn versions_example_query_and_stream() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/v3/catalog/versions/123"))
        .and(query_param("q", "onix"))
        .and(query_param("page", "1"))
        .and(query_param("pageSize", "100"))
        .respond_with(ResponseTemplate::new(200).set_body_json(versions_example()))
        .mount(&s)
        .await;
    let c = client(&s);
    let page = c
        .versions(
            ModelId(123),
            &VersionQuery::new().search("onix").page(1).page_size(100),
        )
        .await
        .unwrap();
    assert_eq!(page.results[0].id, VersionDetailId(1001));
    assert_eq!(page.results[1].year.as_ref().unwrap().end, Some(2025));
    assert_contract_eq(&versions_example(), &serde_json::to_value(&page).unwrap());

    let err = c
        .versions(ModelId(123), &VersionQuery::new().page_size(101))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(s.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn versions_stream_follows_the_example_next_link_here() {
    let s = server().await;
    let mut last = versions_example();
    last["next"] = Value::Null;
    last["results"] = json!([{"id": 1003, "name": "Onix 1.0 Turbo", "motorcycle_style": null, "end_year": null, "motorcycle_style_id": null}]);
    Mock::given(method("GET"))
        .and(path("/v3/catalog/versions/123"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(last))
        .with_priority(1)
        .mount(&s)
        .await;
    mount(
        &s,
        "GET",
        "/v3/catalog/versions/123",
        200,
        versions_example(),
    )
    .await;
    let all: Vec<Version> = client(&s)
        .versions_stream(ModelId(123), &VersionQuery::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
}

#[tokio::test]
async fn colors_list_and_detail() {
    let s = server().await;
    mount(&s, "GET", "/v3/catalog/color", 200, colors_example()).await;
    mount(
        &s,
        "GET",
        "/v3/catalog/color/5",
        200,
        json!({"id": 5, "name": "Azul"}),
    )
    .await;
    let c = client(&s);
    let colors = c.colors().await.unwrap();
    assert_contract_eq(&colors_example(), &serde_json::to_value(&colors).unwrap());
    assert_eq!(c.color(ColorId(5)).await.unwrap().name, "Azul");
}

#[tokio::test]
async fn features_by_category_and_detail() {
    let s = server().await;
    Mock::given(method("GET"))
        .and(path("/v3/catalog/feature"))
        .and(query_param("category", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(features_example()))
        .mount(&s)
        .await;
    mount(
        &s,
        "GET",
        "/v3/catalog/feature/1",
        200,
        json!({"id": 1, "name": "Ar Condicionado", "category": 1}),
    )
    .await;
    let c = client(&s);
    let f = c.features(Some(Category::Automovel)).await.unwrap();
    assert_contract_eq(&features_example(), &serde_json::to_value(&f).unwrap());
    assert_eq!(
        c.feature(FeatureId(1)).await.unwrap().category,
        Some(Category::Automovel)
    );
}

#[tokio::test]
async fn undocumented_catalogs_are_read_loosely() {
    let s = server().await;
    let list = json!([{"id": 1, "name": "Disco", "sigla": "D"}, {"id": 2, "descricao": "Tambor"}]);
    mount(&s, "GET", "/v3/catalog/category", 200, list.clone()).await;
    mount(
        &s,
        "GET",
        "/v3/catalog/armor-type",
        200,
        json!({
            "count": 1, "next": null, "previous": null, "results": [{"id": 3, "name": "Opaca"}]
        }),
    )
    .await;
    for m in MotorcycleCatalog::ALL {
        mount(
            &s,
            "GET",
            &format!("/v3/catalog/motorcycle/{}", m.path()),
            200,
            list.clone(),
        )
        .await;
    }
    for t in TruckCatalog::ALL {
        mount(
            &s,
            "GET",
            &format!("/v3/catalog/truck/{}", t.path()),
            200,
            list.clone(),
        )
        .await;
    }
    let c = client(&s);
    let cats = c.categories().await.unwrap();
    assert_eq!(cats[1].name, None);
    assert_eq!(cats[1].extra["descricao"], "Tambor");
    assert_contract_eq(&list, &serde_json::to_value(&cats).unwrap());
    assert_eq!(c.armor_types().await.unwrap()[0].id, CatalogId(3));
    for m in MotorcycleCatalog::ALL {
        assert_eq!(c.motorcycle_catalog(m).await.unwrap().len(), 2);
    }
    for t in TruckCatalog::ALL {
        assert_eq!(c.truck_catalog(t).await.unwrap().len(), 2);
    }
    let paths: Vec<String> = s
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    for p in [
        "/v3/catalog/motorcycle/break",
        "/v3/catalog/motorcycle/engine-type",
        "/v3/catalog/motorcycle/gear",
        "/v3/catalog/motorcycle/power-supply",
        "/v3/catalog/motorcycle/cooling",
        "/v3/catalog/motorcycle/start-type",
        "/v3/catalog/truck/implement",
        "/v3/catalog/truck/type",
        "/v3/catalog/truck/cabin",
        "/v3/catalog/truck/traction",
        "/v3/catalog/truck/break",
        "/v3/catalog/truck/suspension",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} not requested");
    }
}

#[tokio::test]
async fn a_base_path_prefix_is_kept() {
    let s = server().await;
    mount(&s, "GET", "/gw/v3/catalog/color", 200, colors_example()).await;
    let c = Client::builder(Auth::bearer(TOKEN))
        .base_url(format!("{}/gw", s.uri()))
        .build()
        .unwrap();
    assert_eq!(c.colors().await.unwrap().len(), 5);
}

#[test]
fn futures_and_streams_borrow_neither_the_client_nor_the_arguments() {
    // Each future and stream can be spawned after the client and the
    // arguments it was made from are gone.
    fn spawnable<F: std::future::Future + Send + 'static>(f: F) -> F {
        f
    }
    fn spawnable_stream<S: futures_util::Stream + Send + 'static>(s: S) -> S {
        s
    }
    let (get, create, update, stream, colors) = {
        let client = Client::builder(Auth::bearer("t"))
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap();
        let car = car_listing();
        let query = InventoryQuery::default();
        (
            spawnable(client.get_listing(ListingId(1))),
            spawnable(client.create_listing(DealerId(10), &car)),
            spawnable(client.update_listing(ListingId(1), &car)),
            spawnable_stream(client.inventory_stream(DealerId(10), &query)),
            spawnable(client.colors()),
        )
    };
    drop((get, create, update, stream, colors));
}
