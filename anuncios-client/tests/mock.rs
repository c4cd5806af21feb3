//! Behaviour tests against the stateful mock.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anuncios_client::mock::{Fault, MOCK_DEALER_ID, MOCK_TOKEN, MockAnuncios};
use anuncios_client::*;
use autoclient_common::BoxError;
use autoclient_common::reexports::secrecy::SecretString;
use futures_util::TryStreamExt;
use futures_util::future::BoxFuture;

fn basics(version: u64, km: u32) -> ListingBasics {
    ListingBasics::new(
        VersionDetailId(version),
        ColorId(1),
        2023,
        2024,
        km,
        Reais(85_000),
        "Teste",
    )
}

fn car(version: u64) -> NewListing {
    NewListing::used(
        "ABC-1234",
        basics(version, 15_000),
        CarFields::not_armored(),
    )
    .photo(
        Photo::from_bytes(b"\xFF\xD8\xFF\xE0")
            .order(1)
            .name("a.jpg"),
    )
    .build()
    .unwrap()
}

#[tokio::test]
async fn one_listing_of_each_category_is_stored_and_listed() {
    let mock = MockAnuncios::start().await;
    mock.set_page_size(2);
    mock.set_link_origin("http://api.example.com");
    let c = mock.client();
    let listings = [
        car(1001),
        NewListing::used(
            "XYZ9I76",
            basics(2001, 5000),
            MotorcycleFields::new().engine_capacity(600),
        )
        .build()
        .unwrap(),
        NewListing::used(
            "DEF5678",
            basics(3001, 50_000),
            TruckFields::new().power(540),
        )
        .build()
        .unwrap(),
        NewListing::zero_km(basics(4001, 0), ImplementFields::axles(3))
            .build()
            .unwrap(),
    ];
    for l in &listings {
        let created = c.create_listing(MOCK_DEALER_ID, l).await.unwrap();
        assert_eq!(created.category, Some(l.category()));
    }
    let all: Vec<Listing> = c
        .inventory_stream(MOCK_DEALER_ID, &InventoryQuery::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].total_photo, Some(1));
    assert_eq!(all[3].is_new, Some(true));
    assert_eq!(all[3].license_plate, None);
    assert_eq!(mock.listings(MOCK_DEALER_ID).len(), 4);
    let first = c
        .list_inventory(MOCK_DEALER_ID, &InventoryQuery::new())
        .await
        .unwrap();
    assert!(
        first
            .next
            .unwrap()
            .starts_with("http://api.example.com/v3/inventory/10?")
    );
}

#[tokio::test]
async fn missing_and_wrong_tokens_get_the_documented_401() {
    let mock = MockAnuncios::start().await;
    let err = mock
        .client_with_auth(Auth::bearer("expired"))
        .colors()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    assert_eq!(err.detail(), Some("Token inválido ou expirado."));

    let raw = reqwest_free_get(&mock.base_url()).await;
    assert!(raw.contains("As credenciais de autenticação não foram fornecidas."));
}

/// A GET without any Authorization header, through the shared HTTP core.
async fn reqwest_free_get(base: &str) -> String {
    let http = autoclient_common::HttpClient::new(
        autoclient_common::parse_base_url(base).unwrap(),
        Auth::None,
        "t",
        ClientConfig::default(),
    )
    .unwrap();
    let err = http
        .send_json::<serde_json::Value, ApiError>(autoclient_common::Request::get(
            "v3/catalog/color",
        ))
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 401);
    err.body_text().unwrap().into_owned()
}

#[derive(Debug, Default)]
struct Rotating {
    calls: AtomicUsize,
    refreshes: AtomicUsize,
}

#[derive(Debug, Clone, Default)]
struct Source(Arc<Rotating>);

impl TokenSource for Source {
    fn token(&self, refresh: bool) -> BoxFuture<'_, Result<SecretString, BoxError>> {
        self.0.calls.fetch_add(1, Ordering::SeqCst);
        if refresh {
            self.0.refreshes.fetch_add(1, Ordering::SeqCst);
        }
        let t = if self.0.refreshes.load(Ordering::SeqCst) > 0 {
            MOCK_TOKEN
        } else {
            "stale"
        };
        Box::pin(async move { Ok(SecretString::from(t)) })
    }
}

#[tokio::test]
async fn a_token_source_is_refreshed_once_on_401() {
    let mock = MockAnuncios::start().await;
    let src = Source::default();
    let c = mock.client_with_auth(Auth::token_source(src.clone()));
    c.create_listing(MOCK_DEALER_ID, &car(1001)).await.unwrap();
    assert_eq!(src.0.refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(mock.listings(MOCK_DEALER_ID).len(), 1);
}

#[tokio::test]
async fn server_side_validation_answers_field_errors() {
    let mock = MockAnuncios::start().await;
    let err = mock
        .client()
        .create_listing(MOCK_DEALER_ID, &car(999_999))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    let fe = err.field_errors();
    assert_eq!(fe.len(), 1);
    assert_eq!(fe[0].field, "version_detail_id");
    assert!(mock.listings(MOCK_DEALER_ID).is_empty());
}

#[tokio::test]
async fn raw_bodies_meet_the_documented_validations() {
    let mock = MockAnuncios::start().await;
    let c = mock.client();
    let created = c.create_listing(MOCK_DEALER_ID, &car(1001)).await.unwrap();
    let raw = serde_json::json!({
        "category": 1, "version_detail_id": 1001, "color": 1, "make_year": 2024,
        "model_year": 2022, "km": 0, "price": 0, "description": "x", "is_new": false
    });
    let err = c
        .update_listing_raw(created.id, raw.as_object().unwrap())
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(
        api.messages_for("license_plate"),
        ["License plate cannot be blank for used vehicles"]
    );
    assert_eq!(api.messages_for("price"), ["Preço deve ser maior que 0"]);
    assert!(!api.messages_for("make_year").is_empty());
    assert!(!api.messages_for("km").is_empty());
}

#[tokio::test]
async fn unknown_and_forbidden_dealers() {
    let mock = MockAnuncios::start().await;
    mock.forbid_dealer(DealerId(11));
    let c = mock.client();
    let err = c
        .create_listing(DealerId(99), &car(1001))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.detail(), Some("Não encontrado."));
    let err = c
        .list_inventory(DealerId(11), &InventoryQuery::new())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
}

#[tokio::test]
async fn get_patch_put_delete_and_sold() {
    let mock = MockAnuncios::start().await;
    let c = mock.client();
    let id = c
        .create_listing(MOCK_DEALER_ID, &car(1001))
        .await
        .unwrap()
        .id;
    let patched = c
        .patch_listing(id, &ListingPatch::new().price(Reais(80_000)))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(patched.price, Some(Reais(80_000)));
    let put = c.update_listing(id, &car(1002)).await.unwrap().unwrap();
    assert_eq!(put.version_detail_id, Some(VersionDetailId(1002)));
    assert_eq!(c.get_listing(id).await.unwrap().price, Some(Reais(85_000)));
    let del = c.delete_listing(id, &DeleteOptions::new()).await.unwrap();
    assert_eq!(del.status().as_u16(), 204);
    assert!(mock.listings(MOCK_DEALER_ID).is_empty());
    let sold = c
        .list_sold(MOCK_DEALER_ID, &InventoryQuery::new())
        .await
        .unwrap();
    assert_eq!(sold.results[0].id, id);
    assert_eq!(sold.results[0].make.as_deref(), Some("Chevrolet"));
    let err = c.get_listing(ListingId(1)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn catalog_lookups() {
    let mock = MockAnuncios::start().await;
    mock.set_page_size(2);
    let c = mock.client();
    assert_eq!(c.categories().await.unwrap().len(), 4);
    let onix = c
        .models(&ModelQuery::new().brand(BrandId(2)))
        .await
        .unwrap();
    assert_eq!(onix[0].name, "Onix");
    let versions: Vec<Version> = c
        .versions_stream(onix[0].id, &VersionQuery::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(versions.len(), 3);
    let found = c
        .versions(onix[0].id, &VersionQuery::new().search("1.4"))
        .await
        .unwrap();
    assert_eq!(found.count, 1);
    assert_eq!(
        c.features(Some(Category::Motocicleta)).await.unwrap().len(),
        2
    );
    assert_eq!(c.color(ColorId(5)).await.unwrap().name, "Azul");
    assert!(!c.armor_types().await.unwrap().is_empty());
    for m in MotorcycleCatalog::ALL {
        assert!(!c.motorcycle_catalog(m).await.unwrap().is_empty());
    }
    for t in TruckCatalog::ALL {
        assert!(!c.truck_catalog(t).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn faults_reads_are_retried_creates_are_not() {
    let mock = MockAnuncios::start().await;
    let c = mock.client();
    mock.faults().push(Fault::status(503));
    assert_eq!(c.colors().await.unwrap().len(), 5);
    mock.faults().push(Fault::status(500));
    let err = c
        .create_listing(MOCK_DEALER_ID, &car(1001))
        .await
        .unwrap_err();
    assert!(err.is_outcome_unknown());
    assert_eq!(err.attempts(), 1);
    mock.faults().push(Fault::rate_limited(0));
    c.create_listing(MOCK_DEALER_ID, &car(1001)).await.unwrap();
    assert_eq!(mock.listings(MOCK_DEALER_ID).len(), 1);
}

#[tokio::test]
async fn photos_from_a_file_reach_the_server() {
    let dir = std::env::temp_dir().join(format!("anuncios-test-{}", std::process::id()));
    tokio::fs::create_dir_all(&dir).await.unwrap();
    let file = dir.join("frente.jpg");
    tokio::fs::write(&file, b"\xFF\xD8\xFF\xE0fake")
        .await
        .unwrap();
    let photo = Photo::from_file(&file).await.unwrap().order(1);
    assert_eq!(photo.photo_name(), Some("frente.jpg"));
    let mock = MockAnuncios::start().await;
    let listing = NewListing::used("ABC1234", basics(1001, 10), CarFields::new())
        .photo(photo)
        .build()
        .unwrap();
    let id = mock
        .client()
        .create_listing(MOCK_DEALER_ID, &listing)
        .await
        .unwrap()
        .id;
    let sent = mock.received_listing(id).unwrap();
    assert_eq!(sent["photos"][0]["base64"], "/9j/4GZha2U=");
    assert_eq!(sent["photos"][0]["photo_name"], "frente.jpg");
    let missing = Photo::from_file(dir.join("none.jpg")).await.unwrap_err();
    assert!(missing.to_string().contains("none.jpg"));
    tokio::fs::remove_dir_all(&dir).await.unwrap();
}
