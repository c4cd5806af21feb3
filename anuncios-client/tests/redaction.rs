//! Tokens never reach Debug, Display or tracing output: not from the client,
//! its builder or configuration, nor from an error of any kind, nor from the
//! spans and events recorded at TRACE during real calls against the mock.
//! (Its own test binary: a scoped tracing subscriber must not race other tests.)

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anuncios_client::mock::{Fault, MOCK_DEALER_ID, MOCK_TOKEN, MockAnuncios};
use anuncios_client::{
    CarFields, Client, ClientConfig, ColorId, Error, ErrorExt, ErrorKind, InventoryQuery,
    LicensePlate, ListingBasics, ListingId, NewListing, Photo, Reais, RetryPolicy, VersionDetailId,
};
use autoclient_common::reexports::secrecy::SecretString;
use autoclient_common::{Auth, BoxError, TokenSource};
use futures_util::future::BoxFuture;

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.redaction-secret-jwt.c2lnbmF0dXJl";
const SOURCE_TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.source-secret-jwt.c2lnbmF0dXJl";
const WRONG_TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.wrong-secret-jwt.c2lnbmF0dXJl";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A token source: hands out `SOURCE_TOKEN`, or fails when `broken`.
#[derive(Debug)]
struct Source {
    broken: bool,
}

impl TokenSource for Source {
    fn token(&self, _refresh: bool) -> BoxFuture<'_, Result<SecretString, BoxError>> {
        let broken = self.broken;
        Box::pin(async move {
            if broken {
                Err("the identity provider is down".into())
            } else {
                Ok(SecretString::from(SOURCE_TOKEN))
            }
        })
    }
}

fn fast() -> ClientConfig {
    ClientConfig::default()
        .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(2)))
        .with_attempt_timeout(Duration::from_millis(300))
}

fn listing(plate: &str) -> anuncios_client::Result<NewListing> {
    NewListing::used(
        plate,
        ListingBasics::new(
            VersionDetailId(1001),
            ColorId(1),
            2023,
            2024,
            15_000,
            Reais(85_000),
            "Teste",
        ),
        CarFields::not_armored(),
    )
    .photo(
        Photo::from_bytes(b"\xFF\xD8\xFF\xE0")
            .order(1)
            .name("a.jpg"),
    )
    .build()
}

#[tokio::test]
async fn tokens_never_appear_in_debug_display_or_tracing() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mock = MockAnuncios::start().await;
    mock.accept_token(TOKEN);
    mock.accept_token(SOURCE_TOKEN);
    let builder = mock.client_builder(Auth::bearer(TOKEN)).config(fast());
    let mut printed = format!("{builder:?}\n{:?}\n", fast());
    let client = builder.build().unwrap();
    printed.push_str(&format!("{client:?}\n{:?}\n", client.http().config()));
    let sourced = mock
        .client_builder(Auth::token_source(Source { broken: false }))
        .config(fast())
        .build()
        .unwrap();
    printed.push_str(&format!("{sourced:?}\n"));

    // Successful calls.
    let created = client
        .create_listing(MOCK_DEALER_ID, &listing("ABC-1234").unwrap())
        .await
        .unwrap();
    printed.push_str(&format!("{created:?}\n"));
    let got = sourced.get_listing(created.id).await.unwrap();
    printed.push_str(&format!("{got:?}\n"));
    let page = client
        .list_inventory(MOCK_DEALER_ID, &InventoryQuery::new())
        .await
        .unwrap();
    printed.push_str(&format!("{page:?}\n"));

    // An error of every kind the crate can produce.
    let mut errors: Vec<Error> = Vec::new();
    let f = mock.faults();
    for fault in [
        Fault::status(401).body(r#"{"detail":"Token inválido."}"#),
        Fault::status(403).body(r#"{"detail":"Sem permissão."}"#),
        Fault::status(404).body(r#"{"detail":"Não encontrado."}"#),
        Fault::status(409).body("conflict"),
        Fault::status(400).body(r#"{"license_plate":["Placa inválida."]}"#),
        Fault::rate_limited(3600),
        Fault::status(418).body("<html><title>teapot</title></html>"),
        Fault::status(200).body(r#"{"id":"seven"}"#),
    ] {
        f.push(fault);
        errors.push(client.get_listing(ListingId(12345)).await.unwrap_err());
    }
    f.push_n(Fault::status(502).body(r#"{"detail":"bad gateway"}"#), 3);
    errors.push(client.get_listing(ListingId(12345)).await.unwrap_err());
    f.push_n(Fault::slow(Duration::from_secs(2)), 3);
    errors.push(client.get_listing(ListingId(12345)).await.unwrap_err());
    f.push(Fault::status(500));
    errors.push(
        client
            .create_listing(MOCK_DEALER_ID, &listing("DEF-5678").unwrap())
            .await
            .unwrap_err(),
    );
    errors.push(listing("NOT A PLATE").unwrap_err());
    errors.push(
        client
            .inventory_page("http://[not-a-host/next")
            .await
            .unwrap_err(),
    );
    let wrong = mock
        .client_builder(Auth::bearer(WRONG_TOKEN))
        .config(fast())
        .build()
        .unwrap();
    printed.push_str(&format!("{wrong:?}\n"));
    errors.push(wrong.get_listing(created.id).await.unwrap_err());
    let broken = mock
        .client_builder(Auth::token_source(Source { broken: true }))
        .config(fast())
        .build()
        .unwrap();
    errors.push(broken.get_listing(created.id).await.unwrap_err());
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let nowhere = Client::builder(Auth::bearer(TOKEN))
        .base_url(closed)
        .config(fast())
        .build()
        .unwrap();
    errors.push(nowhere.get_listing(created.id).await.unwrap_err());
    // A list collected into memory stopped at its item bound.
    let bounded = mock
        .client_builder(Auth::bearer(TOKEN))
        .config(fast().with_max_collected_items(0))
        .build()
        .unwrap();
    errors.push(bounded.categories().await.unwrap_err());

    // The shared rate limiter down, and the limit set to fail fast.
    let shared_down = anuncios_client::Client::builder(Auth::bearer(TOKEN))
        .base_url("http://127.0.0.1:9")
        .config(fast().with_rate_limit(anuncios_client::RateLimit::per_minute(60)))
        .shared_rate_limit(testkit::failing_shared_limit())
        .build()
        .unwrap();
    errors.push(
        shared_down
            .http()
            .send_json::<serde_json::Value, _>(autoclient_common::Request::get("shared"))
            .await
            .unwrap_err(),
    );

    let kinds: Vec<ErrorKind> = errors.iter().map(Error::kind).collect();
    for k in ErrorKind::ALL {
        assert!(kinds.contains(&k), "no {k:?} error in {kinds:?}");
    }
    for e in &errors {
        printed.push_str(&format!(
            "{e:?}\n{e}\n{:?} {:?}\n",
            e.field_errors(),
            e.detail()
        ));
    }
    for e in [
        LicensePlate::parse("??").unwrap_err().to_string(),
        format!("{:?}", LicensePlate::parse("").unwrap_err()),
        Photo::from_base64("%%% not base64 %%%")
            .unwrap_err()
            .to_string(),
        format!("{:?}", Photo::from_base64("").unwrap_err()),
    ] {
        printed.push_str(&e);
        printed.push('\n');
    }

    printed.push_str(&String::from_utf8_lossy(&capture.0.lock().unwrap()));
    assert!(
        printed.contains("http.attempt"),
        "tracing captured nothing:\n{printed}"
    );
    assert!(printed.contains("[REDACTED]"));
    for secret in [TOKEN, SOURCE_TOKEN, WRONG_TOKEN, MOCK_TOKEN] {
        assert!(
            !printed.contains(secret),
            "`{secret}` was printed:\n{printed}"
        );
    }
    // The requests did carry the tokens.
    let reqs = mock.received_requests().await;
    let bearer = |t: &str| {
        reqs.iter().any(|r| {
            r.headers
                .get("authorization")
                .is_some_and(|v| v.to_str().unwrap() == format!("Bearer {t}"))
        })
    };
    assert!(bearer(TOKEN) && bearer(SOURCE_TOKEN));
}
