//! `Display` of a failed call names its root cause in plain words, on one
//! line, with the method and path but never the query, and, after retries,
//! the attempts and the time they took: against a closed port, a host that
//! does not resolve, a server that does not speak TLS, a server that resets
//! the connection, one that never answers, and under a deadline. `Debug`
//! keeps the whole chain.

use std::net::SocketAddr;
use std::time::Duration;

use autoclient_common::reexports::reqwest;
use autoclient_common::{
    Auth, ClientConfig, Error, ErrorKind, HttpClient, Request, RetryPolicy, parse_base_url,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

type Err = Error<serde_json::Value>;

fn config() -> ClientConfig {
    ClientConfig::default()
        .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5)))
}

fn client(base: &str, config: ClientConfig) -> HttpClient {
    HttpClient::new(
        parse_base_url(base).unwrap(),
        Auth::bearer("t0ken"),
        "test/1",
        config,
    )
    .unwrap()
}

/// The query holds a value that must never show.
fn ingest() -> Request {
    Request::post("api/vehicles/ingest")
        .query("dealer", "secret-dealer")
        .json(&serde_json::json!({"vin": "X"}))
}

async fn fail(client: &HttpClient, req: Request) -> Err {
    client
        .send_json::<serde_json::Value, serde_json::Value>(req)
        .await
        .unwrap_err()
}

/// Checks what every such line must hold, and returns it.
fn line(e: &Err) -> String {
    let line = e.to_string();
    assert!(!line.contains('\n'), "{line}");
    assert!(
        !line.contains("secret-dealer") && !line.contains('?'),
        "{line}"
    );
    assert!(!line.contains("error sending request"), "{line}");
    assert!(!line.contains("for url"), "{line}");
    line
}

/// `text` ends with ` (N attempts over T)`, T rounded (`612 ms`, `1.1 s`).
fn strip_attempts(text: &str, attempts: u32) -> &str {
    let open = format!(" ({attempts} attempts over ");
    let at = text
        .rfind(&open)
        .unwrap_or_else(|| panic!("no `{open}` in {text}"));
    let time = text[at + open.len()..].strip_suffix(')').unwrap();
    assert!(is_rounded_time(time), "{time} in {text}");
    &text[..at]
}

fn is_rounded_time(t: &str) -> bool {
    if let Some(ms) = t.strip_suffix(" ms") {
        return ms.parse::<u64>().is_ok_and(|ms| ms < 1000);
    }
    let Some(s) = t.strip_suffix(" s") else {
        return false;
    };
    match s.split_once('.') {
        Some((whole, tenth)) => whole.parse::<u64>().is_ok() && tenth.len() == 1,
        None => s.parse::<u64>().is_ok(),
    }
}

fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A loopback server that hands each connection to `serve`.
async fn server<F, Fut>(serve: F) -> SocketAddr
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            tokio::spawn(serve(sock));
        }
    });
    addr
}

/// Accepts, reads, and never answers (the connection stays open).
async fn silent() -> SocketAddr {
    server(|mut sock| async move {
        let mut buf = [0u8; 1024];
        while sock.read(&mut buf).await.is_ok_and(|n| n > 0) {}
    })
    .await
}

#[tokio::test]
async fn a_closed_port_is_connection_refused_after_three_attempts() {
    let base = format!("http://127.0.0.1:{}", closed_port());
    let e = fail(&client(&base, config()), ingest()).await;
    assert_eq!(e.kind(), ErrorKind::Connection);
    assert_eq!(e.attempts(), 3);
    let line = line(&e);
    assert_eq!(
        strip_attempts(&line, 3),
        "POST /api/vehicles/ingest: connection refused"
    );
    assert!(e.elapsed().is_some());
    // Debug keeps the whole chain.
    let debug = format!("{e:?}");
    assert!(debug.contains("ConnectionRefused"), "{debug}");
    assert!(std::error::Error::source(&e).is_some());
}

/// A resolver that finds nothing, for any name: no DNS query leaves the
/// machine, and the failure is the one a name that does not resolve gives.
struct NoSuchHost;

impl reqwest::dns::Resolve for NoSuchHost {
    fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async {
            Err::<reqwest::dns::Addrs, _>(Box::new(std::io::Error::other(
                "failed to lookup address information: Name or service not known",
            ))
                as Box<dyn std::error::Error + Send + Sync>)
        })
    }
}

#[tokio::test]
async fn a_host_that_does_not_resolve_is_a_dns_failure_naming_the_host() {
    let http = reqwest::Client::builder()
        .dns_resolver(NoSuchHost)
        .build()
        .unwrap();
    let c = client(
        "http://api.example.invalid/v1",
        config().with_http_client(http),
    );
    let e = fail(&c, Request::get("stock").query("plate", "secret-dealer")).await;
    assert_eq!(e.kind(), ErrorKind::Connection);
    let line = line(&e);
    assert_eq!(
        strip_attempts(&line, 3),
        "GET /stock: DNS lookup failed for api.example.invalid"
    );
}

#[tokio::test]
async fn a_server_that_does_not_speak_tls_is_a_tls_failure() {
    let addr = server(|mut sock| async move {
        let _ = sock.write_all(b"HTTP/1.1 200 OK\r\nnot tls\r\n\r\n").await;
        let mut buf = [0u8; 1024];
        while sock.read(&mut buf).await.is_ok_and(|n| n > 0) {}
    })
    .await;
    let e = fail(&client(&format!("https://{addr}"), config()), ingest()).await;
    assert_eq!(e.kind(), ErrorKind::Connection);
    let line = line(&e);
    let head = strip_attempts(&line, 3);
    let reason = head
        .strip_prefix("POST /api/vehicles/ingest: TLS handshake failed: ")
        .unwrap_or_else(|| panic!("{line}"));
    assert!(!reason.is_empty() && reason.len() < 200, "{line}");
}

#[tokio::test]
async fn a_reset_connection_is_connection_reset() {
    let addr = server(|mut sock| async move {
        let mut buf = [0u8; 1024];
        let _ = sock.read(&mut buf).await;
        // Closing with a zero linger sends RST rather than FIN.
        #[allow(deprecated)]
        let _ = sock.set_linger(Some(Duration::ZERO));
        drop(sock);
    })
    .await;
    let c = client(&format!("http://{addr}"), config());
    let e = fail(&c, Request::get("x")).await;
    assert_eq!(e.kind(), ErrorKind::Connection);
    assert_eq!(strip_attempts(&line(&e), 3), "GET /x: connection reset");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_after_the_attempts() {
    let addr = silent().await;
    let config = config().with_attempt_timeout(Duration::from_millis(150));
    let c = client(&format!("http://{addr}"), config);
    let e = fail(&c, Request::get("x").query("q", "secret-dealer")).await;
    assert_eq!(e.kind(), ErrorKind::Timeout);
    let line = line(&e);
    let time = line
        .strip_prefix("GET /x: timed out after 3 attempts over ")
        .unwrap_or_else(|| panic!("{line}"));
    assert!(is_rounded_time(time), "{line}");
    assert!(e.elapsed().unwrap() >= Duration::from_millis(450));
}

#[tokio::test]
async fn a_request_that_may_have_arrived_says_the_outcome_is_unknown_and_why() {
    let addr = silent().await;
    let config = config().with_attempt_timeout(Duration::from_millis(150));
    let e = fail(&client(&format!("http://{addr}"), config), ingest()).await;
    assert_eq!(e.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(e.attempts(), 1);
    let line = line(&e);
    let time = line
        .strip_prefix(
            "POST /api/vehicles/ingest: outcome unknown (the request may have taken effect; \
             look it up before retrying): timed out after ",
        )
        .unwrap_or_else(|| panic!("{line}"));
    assert!(is_rounded_time(time), "{line}");
}

#[tokio::test]
async fn a_call_ended_by_its_deadline_says_so() {
    let addr = silent().await;
    let config = config()
        .with_attempt_timeout(Duration::from_secs(10))
        .with_deadline(Duration::from_millis(300));
    let e = fail(
        &client(&format!("http://{addr}"), config),
        Request::get("x"),
    )
    .await;
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert_eq!(line(&e), "GET /x: deadline of 300 ms passed");
}

#[tokio::test]
async fn a_deadline_that_passes_between_attempts_names_the_attempts() {
    let addr = silent().await;
    let config = config()
        .with_attempt_timeout(Duration::from_millis(200))
        .with_deadline(Duration::from_millis(550));
    let e = fail(
        &client(&format!("http://{addr}"), config),
        Request::get("x"),
    )
    .await;
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert_eq!(e.attempts(), 3);
    assert_eq!(
        strip_attempts(&line(&e), 3),
        "GET /x: deadline of 550 ms passed"
    );
}
