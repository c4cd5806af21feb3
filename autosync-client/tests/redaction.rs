//! Secrets never reach Debug, Display or tracing output: the API key, OAuth
//! client secrets, authorization codes, access and refresh tokens, webhook
//! secrets. Checked on the client, its builder and configuration, the OAuth
//! app, the webhook verifier, an error of every kind, and everything recorded
//! at TRACE during real calls (successful and failing) against the mock.
//! (Its own test binary: a scoped tracing subscriber must not race other tests.)

use std::sync::{Arc, Mutex};
use std::time::Duration;

use autoclient_common::reexports::secrecy::ExposeSecret;
use autosync_client::mock::{
    Fault, MOCK_CLIENT_ID, MOCK_CLIENT_SECRET, MOCK_REDIRECT_URI, MOCK_SHOP_ID,
    MOCK_WEBHOOK_SECRET, MockAutoSync, signed_webhook,
};
use autosync_client::oauth::{AuthorizationCode, OAuthApp, OAuthState, Scope};
use autosync_client::webhooks::{self, WebhookVerifier};
use autosync_client::{
    Client, ClientConfig, CustomerId, CustomerQuery, Error, ErrorKind, NewCustomer, NewVehicle,
    RetryPolicy, StockUpdate,
};
use futures_util::TryStreamExt;
use serde_json::json;
use testkit::{RawFault, RawServer};

const KEY: &str = "sk_sandbox_redaction_0f1e2d3c4b5a";
const WRONG_KEY: &str = "sk_sandbox_wrong_9a8b7c6d5e4f";
const WRONG_CLIENT_SECRET: &str = "wrong-client-secret-77aa88bb";
const OLD_WEBHOOK_SECRET: &str = "whsec_old_rotated_secret_5566";
const LEAKY_REFRESH: &str = "ort_shape_refresh_secret_4411";
const LEAKY_ACCESS: &str = "oat_shape_access_secret_2233";

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

fn fast() -> ClientConfig {
    ClientConfig::default()
        .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(2)))
        .with_attempt_timeout(Duration::from_millis(300))
}

#[tokio::test]
async fn secrets_never_appear_in_debug_display_or_tracing() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mock = MockAutoSync::builder().key(KEY).start().await;
    let builder = mock.client_builder(KEY).config(fast()).without_rate_limit();
    let mut printed = format!("{builder:?}\n{:?}\n", fast());
    let client = builder.build().unwrap();
    printed.push_str(&format!("{client:?}\n{:?}\n", client.http().config()));
    let paced = mock.client_builder(KEY);
    printed.push_str(&format!("{paced:?}\n"));
    printed.push_str(&format!("{:?}\n", paced.build().unwrap()));

    // Successful calls.
    let shop = MOCK_SHOP_ID;
    mock.seed_customers(shop, 3);
    let created = client
        .create_customer_with_response(shop, &NewCustomer::new("Mike", "Rodriguez"))
        .await
        .unwrap();
    printed.push_str(&format!("{created:?}\n"));
    let got = client.get_customer(shop, created.body().id).await.unwrap();
    printed.push_str(&format!("{got:?}\n"));
    let all: Vec<_> = client
        .stream_customers(shop, CustomerQuery::new().per_page(2))
        .try_collect()
        .await
        .unwrap();
    printed.push_str(&format!("{} customers\n", all.len()));

    // An error of every kind the crate can produce.
    let mut errors: Vec<Error> = Vec::new();
    let f = mock.faults();
    for fault in [
        Fault::status(401).body(r#"{"success":false,"error":{"code":"unauthorized","message":"Invalid or missing API key."}}"#),
        Fault::status(403),
        Fault::status(404).body(r#"{"success":false,"error":{"code":"not_found","message":"Customer not found."}}"#),
        Fault::status(409).body("conflict"),
        Fault::status(422).body(r#"{"success":false,"error":{"code":"validation_error","message":"Invalid.","details":[{"field":"email","message":"is invalid"}]}}"#),
        Fault::rate_limited(3600),
        Fault::status(418).body("<html><title>teapot</title></html>"),
        Fault::status(200).body(r#"{"success":true,"data":{"id":"seven"}}"#),
    ] {
        f.push(fault);
        errors.push(client.get_customer(shop, CustomerId(1)).await.unwrap_err());
    }
    f.push_n(Fault::status(502).body(r#"{"message":"bad gateway"}"#), 3);
    errors.push(client.get_customer(shop, CustomerId(1)).await.unwrap_err());
    f.push_n(Fault::slow(Duration::from_secs(2)), 3);
    errors.push(client.get_customer(shop, CustomerId(1)).await.unwrap_err());
    f.push(Fault::status(500));
    errors.push(
        client
            .create_customer(shop, &NewCustomer::new("Ann", "Lee"))
            .await
            .unwrap_err(),
    );
    errors.push(
        client
            .create_vehicle(
                shop,
                &NewVehicle::new(CustomerId(1), 2020, "Ford", "F-150").vin("SHORT"),
            )
            .await
            .unwrap_err(),
    );
    errors.push(
        client
            .update_stock(shop, autosync_client::PartId(311), &StockUpdate::new())
            .await
            .unwrap_err(),
    );
    let wrong = mock
        .client_builder(WRONG_KEY)
        .config(fast())
        .without_rate_limit()
        .build()
        .unwrap();
    printed.push_str(&format!("{wrong:?}\n"));
    errors.push(wrong.list_shops().await.unwrap_err());
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/v1", l.local_addr().unwrap())
    };
    let nowhere = Client::builder(KEY)
        .base_url(closed)
        .config(fast())
        .without_rate_limit()
        .build()
        .unwrap();
    errors.push(nowhere.list_shops().await.unwrap_err());
    // A walk stopped at its page bound.
    let bounded = mock
        .client_builder(KEY)
        .config(fast().with_max_pages(1))
        .without_rate_limit()
        .build()
        .unwrap();
    errors.push(
        bounded
            .stream_customers(shop, CustomerQuery::new().per_page(1))
            .try_collect::<Vec<_>>()
            .await
            .unwrap_err(),
    );

    // OAuth: the whole flow, then its failures.
    let app_builder = mock.oauth_app().config(fast());
    printed.push_str(&format!("{app_builder:?}\n"));
    let app = app_builder.build().unwrap();
    let authorize = app.authorize(&[Scope::SHOPS_READ]).unwrap();
    printed.push_str(&format!("{authorize:?}\n"));
    let callback = mock.approve(&authorize.url);
    let code = authorize.state.verify_callback(&callback).unwrap();
    let code_text = code.expose().to_owned();
    let token = app.exchange_code(&code).await.unwrap();
    let access = token.access_token().expose_secret().to_owned();
    let refresh = token.refresh_token().unwrap().expose_secret().to_owned();
    let oauth_builder = app.client_builder(&token);
    printed.push_str(&format!(
        "{app:?}\n{code:?}\n{token:?}\n{oauth_builder:?}\n"
    ));
    let oauth_client = oauth_builder
        .config(fast())
        .without_rate_limit()
        .build()
        .unwrap();
    printed.push_str(&format!("{oauth_client:?}\n"));
    oauth_client.list_shops().await.unwrap();
    errors.push(app.exchange_code(&code).await.unwrap_err());
    let bad_app = OAuthApp::builder(MOCK_CLIENT_ID, WRONG_CLIENT_SECRET, MOCK_REDIRECT_URI)
        .base_url(mock.base_url())
        .config(fast())
        .build()
        .unwrap();
    printed.push_str(&format!("{bad_app:?}\n"));
    errors.push(
        bad_app
            .exchange_code(&AuthorizationCode::new("code_never_issued"))
            .await
            .unwrap_err(),
    );
    // A token endpoint answering a shape this SDK does not expect: its
    // tokens must not surface through the decode error.
    for body in [
        json!({"token_type": "Bearer", "refresh_token": LEAKY_REFRESH, "token": LEAKY_ACCESS}),
        json!({"access_token": 42, "refresh_token": LEAKY_REFRESH}),
        json!({"success": true, "data": {"access_token": [LEAKY_ACCESS], "refresh_token": LEAKY_REFRESH}}),
    ] {
        let raw = RawServer::start(RawFault::Respond {
            status: 200,
            content_type: "application/json",
            body: serde_json::to_vec(&body).unwrap(),
        })
        .await
        .unwrap();
        let odd = OAuthApp::builder(MOCK_CLIENT_ID, MOCK_CLIENT_SECRET, MOCK_REDIRECT_URI)
            .base_url(format!("{}/v1", raw.url()))
            .config(fast())
            .build()
            .unwrap();
        let e = odd
            .exchange_code(&AuthorizationCode::new("code_odd"))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
        errors.push(e);
    }
    // A token endpoint whose error statuses echo the request (the client
    // secret and the code) and a token: none of it is kept.
    for status in [400, 401, 500] {
        let echo = format!(
            r#"{{"error":"invalid_grant","request":"grant_type=authorization_code&code=code_echoed&client_secret={MOCK_CLIENT_SECRET}","access_token":"{LEAKY_ACCESS}"}}"#
        );
        let raw = RawServer::start(RawFault::Respond {
            status,
            content_type: "application/json",
            body: echo.into_bytes(),
        })
        .await
        .unwrap();
        let echoing = OAuthApp::builder(MOCK_CLIENT_ID, MOCK_CLIENT_SECRET, MOCK_REDIRECT_URI)
            .base_url(format!("{}/v1", raw.url()))
            .config(fast())
            .build()
            .unwrap();
        let e = echoing
            .exchange_code(&AuthorizationCode::new("code_echoed"))
            .await
            .unwrap_err();
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{e}");
        assert!(e.body().is_none_or(<[u8]>::is_empty), "{e:?}");
        errors.push(e);
    }
    for bad in [
        "https://yourapp.example/callback?code=abc".to_owned(),
        "https://yourapp.example/callback?code=abc&state=forged".to_owned(),
        format!(
            "https://yourapp.example/callback?state={}",
            authorize.state.as_str()
        ),
        format!(
            "https://yourapp.example/callback?error=access_denied&state={}",
            authorize.state.as_str()
        ),
    ] {
        let e = authorize.state.verify_callback(&bad).unwrap_err();
        printed.push_str(&format!("{e:?}\n{e}\n"));
    }
    printed.push_str(&format!("{:?}\n", OAuthState::from_stored("stored-state")));

    // Webhooks: a verifier in a rotation, and every rejection.
    let verifier = WebhookVerifier::new(MOCK_WEBHOOK_SECRET)
        .with_secret(OLD_WEBHOOK_SECRET)
        .with_tolerance(Duration::from_secs(300));
    printed.push_str(&format!("{verifier:?}\n"));
    let hook = signed_webhook(
        "customer.created",
        shop,
        chrono::Utc::now(),
        json!({"id": 7}),
        OLD_WEBHOOK_SECRET,
    );
    let event = verifier
        .verify_and_parse(&hook.body, Some(&hook.signature))
        .unwrap();
    printed.push_str(&format!("{event:?}\n"));
    let stale = signed_webhook(
        "customer.created",
        shop,
        chrono::Utc::now() - chrono::Duration::hours(2),
        json!({"id": 7}),
        MOCK_WEBHOOK_SECRET,
    );
    let not_event = br#"{"hello": "world"}"#;
    for e in [
        verifier.verify(&hook.body, None).unwrap_err(),
        verifier
            .verify(&hook.body, Some("zz-not-a-signature"))
            .unwrap_err(),
        verifier
            .verify(
                &hook.body,
                Some(&webhooks::sign(b"some-other-secret", &hook.body)),
            )
            .unwrap_err(),
        WebhookVerifier::new("")
            .verify(&hook.body, Some(&hook.signature))
            .unwrap_err(),
        verifier
            .verify_and_parse(
                not_event,
                Some(&webhooks::sign(MOCK_WEBHOOK_SECRET, not_event)),
            )
            .unwrap_err(),
        verifier
            .verify_and_parse(&stale.body, Some(&stale.signature))
            .unwrap_err(),
    ] {
        printed.push_str(&format!("{e:?}\n{e}\n"));
    }

    // The shared rate limiter down, and the limit set to fail fast.
    let shared_down = autosync_client::Client::builder(KEY)
        .base_url(mock.base_url())
        .config(fast())
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
        printed.push_str(&format!("{e:?}\n{e}\n"));
    }

    printed.push_str(&String::from_utf8_lossy(&capture.0.lock().unwrap()));
    assert!(
        printed.contains("http.attempt"),
        "tracing captured nothing:\n{printed}"
    );
    assert!(printed.contains("[REDACTED]"));
    for secret in [
        KEY,
        WRONG_KEY,
        MOCK_CLIENT_SECRET,
        WRONG_CLIENT_SECRET,
        MOCK_WEBHOOK_SECRET,
        OLD_WEBHOOK_SECRET,
        LEAKY_ACCESS,
        LEAKY_REFRESH,
        "code_echoed",
        code_text.as_str(),
        access.as_str(),
        refresh.as_str(),
    ] {
        assert!(
            !printed.contains(secret),
            "`{secret}` was printed:\n{printed}"
        );
    }
    // The requests did carry the credentials.
    let reqs = mock.received_requests().await;
    let bearer = |k: &str| {
        reqs.iter().any(|r| {
            r.headers
                .get("authorization")
                .is_some_and(|v| v.to_str().unwrap() == format!("Bearer {k}"))
        })
    };
    assert!(bearer(KEY) && bearer(&access));
}
