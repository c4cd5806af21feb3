//! An authorization request's `Debug` hides its state.

use autosync_client::oauth::{AuthorizeRequest, OAuthApp, OAuthState, Scope};

#[test]
fn authorize_request_debug_redacts_the_state() {
    let app = OAuthApp::builder("client_123", "client_secret_xyz", "https://app.example/cb")
        .build()
        .unwrap();
    let state = OAuthState::from_stored("state-value-that-must-not-leak");
    let req: AuthorizeRequest = app.authorize_with_state(&[Scope::SHOPS_READ], state.clone());
    assert!(req.url.as_str().contains("state-value-that-must-not-leak"));

    let shown = format!("{req:?}");
    assert!(!shown.contains("state-value-that-must-not-leak"), "{shown}");
    assert!(!shown.contains("client_secret_xyz"), "{shown}");
    assert!(shown.contains("state=REDACTED"), "{shown}");
    assert!(shown.contains("client_id=client_123"), "{shown}");
    assert!(shown.contains("response_type=code"), "{shown}");
    let pretty = format!("{req:#?}");
    assert!(!pretty.contains("state-value-that-must-not-leak"));
    // The request itself is unchanged.
    assert_eq!(req.state, state);
    assert_eq!(
        req.url
            .query_pairs()
            .find(|(k, _)| k == "state")
            .map(|(_, v)| v.into_owned())
            .as_deref(),
        Some("state-value-that-must-not-leak")
    );
}
