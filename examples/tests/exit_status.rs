//! Each example run end to end, as a user would: against its built-in mock
//! it exits 0 and ends with its summary line; against a server that
//! misbehaves (a loopback server, or the mock with one fault) it exits 1 with
//! one `error:` line on stderr that never shows the credentials.

use crate::support;

use std::time::Duration;

use support::{Run, run, run_async};
use testkit::{RawFault, RawServer};

const INGEST: &str = env!("CARGO_BIN_EXE_auterio-ingest");
const TOUR: &str = env!("CARGO_BIN_EXE_autosync-tour");
const PUBLISH: &str = env!("CARGO_BIN_EXE_anuncios-publish");
const STOCK: &str = env!("CARGO_BIN_EXE_dealerauction-stock");
const SYNC: &str = env!("CARGO_BIN_EXE_dealerauction-sync");

/// A loopback server answering every request with `status`, `content_type`
/// and `body`.
async fn answering(status: u16, content_type: &'static str, body: &str) -> RawServer {
    RawServer::start(RawFault::Respond {
        status,
        content_type,
        body: body.as_bytes().to_vec(),
    })
    .await
    .expect("server")
}

const HTML_500: &str = "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>\n<body><h1>Internal Server Error</h1>\n<p>Something went wrong.</p></body></html>\n";

fn assert_ok(run: &Run, summary: &str) {
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert!(
        run.last_line().starts_with(summary),
        "the last line is not the summary `{summary}`: {run:#?}"
    );
}

// Against the built-in mocks.

#[test]
fn auterio_ingest_exits_0_against_the_mock() {
    assert_ok(&run(INGEST, &[], &[]), "OK: every vehicle was imported.");
}

#[test]
fn autosync_tour_exits_0_against_the_mock() {
    assert_ok(&run(TOUR, &["--seed", "30"], &[]), "Tour complete.");
}

#[test]
fn anuncios_publish_exits_0_against_the_mock() {
    assert_ok(
        &run(PUBLISH, &[], &[]),
        "Done: 4 listings published, 2 invalid listings refused as expected, 4 active listings.",
    );
}

#[test]
fn dealerauction_stock_exits_0_against_the_mock() {
    assert_ok(&run(STOCK, &[], &[]), "Done: listing ");
}

#[test]
fn dealerauction_sync_exits_0_against_the_mock() {
    assert_ok(
        &run(SYNC, &[], &[]),
        "Done: 3 changes on the first run, none on the second",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn dealerauction_sync_exits_1_when_the_server_refuses_the_credentials() {
    let server = answering(401, "application/json", r#"{"errorCode": "UNAUTHORIZED"}"#).await;
    let url = server.url();
    let run = run_async(
        SYNC,
        &[],
        &[
            ("DEALERAUCTION_BASE_URL", &url),
            ("DEALERAUCTION_USERNAME", "dealer"),
            ("DEALERAUCTION_PASSWORD", DA_PASSWORD),
            ("DEALERAUCTION_CUSTOMER_ID", "123456"),
        ],
    )
    .await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert!(
        line.starts_with("error: the first run did not reconcile every item")
            && line.contains("3 not attempted"),
        "{line}"
    );
    run.assert_never_shows(DA_PASSWORD);
}

// auterio-ingest against servers that do not account for what was sent.

const AUTERIO_KEY: &str = "auterio-key-never-printed-4711";

async fn ingest_against(server: &RawServer, args: &[&str]) -> Run {
    let url = server.url();
    run_async(
        INGEST,
        args,
        &[("AUTERIO_BASE_URL", &url), ("AUTERIO_API_KEY", AUTERIO_KEY)],
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn auterio_ingest_exits_1_when_the_server_answers_success_false() {
    let server = answering(
        200,
        "application/json",
        r#"{"success": false, "imported": 0, "skipped": 0}"#,
    )
    .await;
    let run = ingest_against(&server, &[]).await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert!(
        line.contains("3000 sent but not accounted for by the server")
            && line.contains("success: false"),
        "{line}"
    );
    assert!(
        !run.stdout.contains("OK") && !run.stdout.contains("Done"),
        "{run:#?}"
    );
    assert!(run.stdout.contains("3000 not accounted for"), "{run:#?}");
    run.assert_never_shows(AUTERIO_KEY);
}

#[tokio::test(flavor = "multi_thread")]
async fn auterio_ingest_exits_1_when_the_counts_do_not_add_up() {
    // Each chunk of 1,000 is answered "999 imported": 3 vehicles unaccounted for.
    let server = answering(
        200,
        "application/json",
        r#"{"success": true, "imported": 999, "skipped": 0}"#,
    )
    .await;
    let run = ingest_against(&server, &[]).await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert!(
        line.contains("3 sent but not accounted for by the server")
            && line.contains("counted 999 imported + 0 skipped of 1000 sent"),
        "{line}"
    );
    run.assert_never_shows(AUTERIO_KEY);
}

#[tokio::test(flavor = "multi_thread")]
async fn auterio_ingest_exits_1_when_the_server_answers_500_with_a_page() {
    let server = answering(500, "text/html", HTML_500).await;
    // Every chunk in flight at once: their retries overlap.
    let run = ingest_against(&server, &["--concurrency", "3"]).await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert!(
        line.contains("3000 in failed chunks") && line.contains("POST /api/vehicles/ingest"),
        "{line}"
    );
    assert!(!line.contains("<html"), "{line}");
    run.assert_never_shows(AUTERIO_KEY);
}

#[tokio::test(flavor = "multi_thread")]
async fn auterio_ingest_exits_1_when_the_key_is_refused() {
    let server = answering(
        401,
        "application/json",
        r#"{"success": false, "error": "Missing or invalid Authorization header"}"#,
    )
    .await;
    let run = ingest_against(&server, &[]).await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert!(line.contains("never sent"), "{line}");
    run.assert_never_shows(AUTERIO_KEY);
}

// autosync-tour.

const AUTOSYNC_KEY: &str = "sk_live_never_printed_4711";

#[tokio::test(flavor = "multi_thread")]
async fn autosync_tour_exits_1_when_the_server_answers_500_with_a_page() {
    let server = answering(500, "text/html", HTML_500).await;
    let url = server.url();
    let run = run_async(
        TOUR,
        &[],
        &[
            ("AUTOSYNC_BASE_URL", &url),
            ("AUTOSYNC_API_KEY", AUTOSYNC_KEY),
            ("AUTOSYNC_SHOP_ID", "1"),
        ],
    )
    .await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert!(line.starts_with("error: listing shops: "), "{line}");
    assert!(!line.contains("<html"), "{line}");
    assert!(!run.stdout.contains("Tour complete"), "{run:#?}");
    run.assert_never_shows(AUTOSYNC_KEY);
}

// anuncios-publish.

const ANUNCIOS_TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.never-printed.4711";

#[tokio::test(flavor = "multi_thread")]
async fn anuncios_publish_exits_1_when_the_token_is_refused() {
    let server = answering(
        401,
        "application/json",
        r#"{"detail": "Given token not valid for any token type"}"#,
    )
    .await;
    let url = server.url();
    let run = run_async(
        PUBLISH,
        &[],
        &[
            ("ANUNCIOS_BASE_URL", &url),
            ("ANUNCIOS_TOKEN", ANUNCIOS_TOKEN),
            ("ANUNCIOS_DEALER_ID", "10"),
        ],
    )
    .await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert!(line.starts_with("error: categories: "), "{line}");
    run.assert_never_shows(ANUNCIOS_TOKEN);
}

/// The index, among the requests of a run of the example against a fresh
/// mock, of the first one `is_target` picks.
fn index_of(
    requests: &[wiremock::Request],
    is_target: impl Fn(&wiremock::Request) -> bool,
) -> usize {
    requests
        .iter()
        .position(is_target)
        .expect("the example makes that request")
}

/// Runs anuncios-publish against a fresh mock to find the first request
/// `is_target` picks, then again against a mock that answers that request
/// with `fault` (and every other one as usual).
async fn publish_with_fault_at(
    is_target: impl Fn(&wiremock::Request) -> bool,
    fault: anuncios_client::mock::Fault,
) -> Run {
    use anuncios_client::mock::{Fault, MOCK_TOKEN, MockAnuncios};
    async fn against(mock: &MockAnuncios) -> Run {
        let url = mock.base_url();
        run_async(
            PUBLISH,
            &[],
            &[
                ("ANUNCIOS_BASE_URL", &url),
                ("ANUNCIOS_TOKEN", MOCK_TOKEN),
                ("ANUNCIOS_DEALER_ID", "10"),
            ],
        )
        .await
    }
    let probe = MockAnuncios::start().await;
    let first = against(&probe).await;
    assert_eq!(first.code, Some(0), "{first:#?}");
    let at = index_of(&probe.received_requests().await, &is_target);
    let mock = MockAnuncios::start().await;
    mock.faults().push_n(Fault::slow(Duration::ZERO), at);
    mock.faults().push(fault);
    let run = against(&mock).await;
    assert!(
        is_target(&mock.received_requests().await[at]),
        "the fault met another request"
    );
    run.assert_never_shows(MOCK_TOKEN);
    run
}

#[tokio::test(flavor = "multi_thread")]
async fn anuncios_publish_exits_1_when_the_listing_it_expects_refused_meets_a_5xx() {
    use anuncios_client::mock::Fault;
    let is_unknown_version = |r: &wiremock::Request| {
        r.method.as_str() == "POST" && String::from_utf8_lossy(&r.body).contains("999999999")
    };
    let run = publish_with_fault_at(is_unknown_version, Fault::status(503)).await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert!(line.contains("server-side checks"), "{line}");
    assert!(!run.stdout.contains("Done"), "{run:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn anuncios_publish_puts_a_refused_listings_field_errors_on_its_error_line() {
    use anuncios_client::mock::Fault;
    let is_create = |r: &wiremock::Request| r.method.as_str() == "POST";
    let fields = r#"{"license_plate": ["Placa inválida."], "price": ["Preço muito baixo."]}"#;
    let fault = Fault::status(400)
        .header("content-type", "application/json")
        .body(fields);
    let run = publish_with_fault_at(is_create, fault).await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert!(
        line.starts_with("error: publishing category 1: ")
            && line.contains("license_plate: Placa inválida.")
            && line.contains("price: Preço muito baixo."),
        "{line}"
    );
}

// dealerauction-stock.

const DA_PASSWORD: &str = "da-password-never-printed-4711";

#[tokio::test(flavor = "multi_thread")]
async fn dealerauction_stock_exits_1_when_the_credentials_are_refused() {
    let server = answering(
        401,
        "application/json",
        r#"{"errorCode": "UNAUTHORIZED", "message": "Bad credentials"}"#,
    )
    .await;
    let url = server.url();
    let run = run_async(
        STOCK,
        &[],
        &[
            ("DEALERAUCTION_BASE_URL", &url),
            ("DEALERAUCTION_USERNAME", "dealer"),
            ("DEALERAUCTION_PASSWORD", DA_PASSWORD),
            ("DEALERAUCTION_CUSTOMER_ID", "123456"),
        ],
    )
    .await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert!(line.starts_with("error: create: "), "{line}");
    run.assert_never_shows(DA_PASSWORD);
}

/// Runs dealerauction-stock against a fresh mock to find the first request
/// `is_target` picks, then again against a mock that answers that request
/// 200 with the probe's stock item as `edit` leaves it (and every other
/// request as usual).
async fn stock_answered_at(
    is_target: impl Fn(&wiremock::Request) -> bool,
    edit: impl FnOnce(&mut serde_json::Value),
) -> Run {
    use dealerauction_client::mock::{Fault, MOCK_PASSWORD, MOCK_USERNAME, MockDealerAuction};
    async fn against(mock: &MockDealerAuction) -> Run {
        let url = mock.base_url();
        run_async(
            STOCK,
            &[],
            &[
                ("DEALERAUCTION_BASE_URL", &url),
                ("DEALERAUCTION_USERNAME", MOCK_USERNAME),
                ("DEALERAUCTION_PASSWORD", MOCK_PASSWORD),
                ("DEALERAUCTION_CUSTOMER_ID", "123456"),
            ],
        )
        .await
    }
    let probe = MockDealerAuction::start().await;
    let first = against(&probe).await;
    assert_eq!(first.code, Some(0), "{first:#?}");
    let at = index_of(&probe.received_requests().await, &is_target);
    let mut item = probe.stock_items().pop().expect("the stock item");
    edit(&mut item);
    let mock = MockDealerAuction::start().await;
    mock.faults().push_n(Fault::slow(Duration::ZERO), at);
    mock.faults().push(
        Fault::status(200)
            .header("content-type", "application/json")
            .body(item.to_string()),
    );
    let run = against(&mock).await;
    assert!(
        is_target(&mock.received_requests().await[at]),
        "the fault met another request"
    );
    run.assert_never_shows(MOCK_PASSWORD);
    run
}

fn is_patch_with(text: &'static str) -> impl Fn(&wiremock::Request) -> bool {
    move |r| r.method.as_str() == "PATCH" && String::from_utf8_lossy(&r.body).contains(text)
}

#[tokio::test(flavor = "multi_thread")]
async fn dealerauction_stock_exits_1_when_the_patch_does_not_show_in_the_stock_item() {
    let run = stock_answered_at(is_patch_with("askingPrice"), |item| {
        item["advert"]["state"] = "INACTIVE".into();
        item["advert"]["auction"]["askingPrice"]["value"] = 3000.into();
    })
    .await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert!(line.starts_with("error: patch: "), "{line}");
}

#[tokio::test(flavor = "multi_thread")]
async fn dealerauction_stock_exits_1_when_the_advert_is_not_active_after_activating_it() {
    let run = stock_answered_at(is_patch_with("ACTIVE"), |item| {
        item["advert"]["state"] = "INACTIVE".into();
    })
    .await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert_eq!(
        line,
        "error: activate: the advert is INACTIVE after activating it"
    );
}
