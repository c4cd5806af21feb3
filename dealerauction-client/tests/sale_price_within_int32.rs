//! The sale price is a `Decimal` of whole pounds sent as an int32: zero,
//! negative, fractional and out-of-range values are refused before sending,
//! the largest int32 is sent, and a whole value with a scale is sent as an
//! integer.

use dealerauction_client::{Decimal, ErrorKind, ListingId};
use serde_json::json;
use testkit::mount_catch_all;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::client_without_retries as client;

const LISTING_ID: &str = "cf17d47a-3ba5-452d-a18f-f03225aa6c27";

#[tokio::test]
async fn a_sale_price_outside_int32_or_zero_is_refused_before_sending() {
    let s = MockServer::start().await;
    mount_catch_all(&s).await;
    let c = client(&s);
    for price in [
        Decimal::ZERO,
        Decimal::from(-5),
        Decimal::from(i32::MAX) + Decimal::ONE,
        Decimal::from(u32::MAX),
        Decimal::new(245_050, 2),
        Decimal::new(1, 3),
    ] {
        let err = c
            .mark_as_sold(&ListingId::new(LISTING_ID), price)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{price}");
        assert_eq!(err.violations()[0].field, "salePrice");
        assert_eq!(err.status(), None);
    }
    assert!(s.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_largest_int32_sale_price_is_sent() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/listings/{LISTING_ID}/mark-as-sold")))
        .and(wiremock::matchers::body_json(
            json!({"salePrice": 2_147_483_647}),
        ))
        .respond_with(ResponseTemplate::new(500))
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let err = client(&s)
        .mark_as_sold(&ListingId::new(LISTING_ID), Decimal::from(i32::MAX))
        .await
        .unwrap_err();
    // Sent (and the 500 after sending is an unknown outcome, as for any sale).
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(s.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_whole_sale_price_with_a_scale_is_sent_as_an_integer() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/listings/{LISTING_ID}/mark-as-sold")))
        .and(wiremock::matchers::body_string(r#"{"salePrice":2450}"#))
        .respond_with(ResponseTemplate::new(500))
        .mount(&s)
        .await;
    mount_catch_all(&s).await;
    let err = client(&s)
        .mark_as_sold(&ListingId::new(LISTING_ID), Decimal::new(245_000, 2))
        .await
        .unwrap_err();
    // Matched the exact body (a request reaching the catch-all fails the test).
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err}");
}
