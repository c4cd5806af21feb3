//! Helpers for tests that stand up a wiremock server of their own: a loud
//! catch-all, a server that answers every request alike, and request and
//! response shorthands.

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Mounts, at the lowest priority, a responder that answers any request no
/// other mock matched with a 599 naming it, and that must never be hit: the
/// server's verification fails loudly when it is dropped.
pub async fn mount_catch_all(server: &MockServer) {
    Mock::given(any())
        .respond_with(|req: &Request| {
            ResponseTemplate::new(599).set_body_string(format!(
                "unexpected request to the mock: {} {}",
                req.method,
                req.url.path()
            ))
        })
        .with_priority(u8::MAX)
        .expect(0)
        .named("catch-all: unexpected request")
        .mount(server)
        .await;
}

/// Starts a mock server that answers every request with `responder` (a
/// server that pages forever, say).
pub async fn serve_every_request(responder: impl wiremock::Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(responder)
        .mount(&server)
        .await;
    server
}

/// The page a request asks for: its query parameter `key` as a number, 1
/// when it is absent or not a number (for mock servers that page).
pub fn page_asked(req: &Request, key: &str) -> u64 {
    req.url
        .query_pairs()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(1)
}

/// A JSON response with `status`.
pub fn json_response(status: u16, body: &impl serde::Serialize) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}
