//! A patch value that does not serialize is refused before sending, not
//! sent as `null`.

use std::collections::BTreeMap;

use anuncios_client::*;

use crate::support::*;

#[tokio::test]
async fn a_patch_value_that_does_not_serialize_is_refused_not_sent_as_null() {
    let s = server().await;
    let bad = BTreeMap::from([((1, 2), "a tuple is no JSON object key")]);
    let patch = ListingPatch::new().price(Reais(80_000)).set("extra", bad);
    assert!(!patch.members().contains_key("extra"));
    assert!(patch.serialize_error().unwrap().contains("extra"));
    assert!(serde_json::to_value(&patch).is_err());

    let err = retrying_client(&s.uri())
        .patch_listing(ListingId(12345), &patch)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(err.to_string().contains("extra"), "{err}");
    assert!(s.received_requests().await.unwrap().is_empty());
}
