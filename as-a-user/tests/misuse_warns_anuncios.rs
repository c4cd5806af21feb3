//! Misuse of anuncios-client that would silently do nothing warns: a client
//! builder never built, a listing builder never built, a request never
//! awaited, a stream never polled, a query or patch built and dropped, a
//! check whose answer is ignored. Each line below expects `unused_must_use`;
//! if the lint does not fire, the expectation is unfulfilled and, with
//! `unfulfilled_lint_expectations` denied, this file does not compile.

#![deny(unfulfilled_lint_expectations)]

use anuncios_client::mock::{MOCK_DEALER_ID, MockAnuncios};
use anuncios_client::prelude::*;
use anuncios_client::{BrandId, ClientConfig, check_years};

#[allow(dead_code)]
async fn misuse(client: Client, listing: NewListing, before: Listing, mock: MockAnuncios) {
    let basics = || {
        ListingBasics::new(
            VersionDetailId(1001),
            ColorId(1),
            2023,
            2024,
            15_000,
            Reais(85_000),
            "Único dono.",
        )
    };

    // Builders not built.
    #[expect(unused_must_use, reason = "a client builder without .build()")]
    Client::builder(Auth::bearer("k")).base_url("http://127.0.0.1:1");
    #[expect(unused_must_use, reason = "a client builder without .build()")]
    Client::builder(Auth::bearer("k"));
    #[expect(unused_must_use, reason = "a client builder without .build()")]
    Client::builder(Auth::bearer("k")).config(ClientConfig::default());
    #[expect(unused_must_use, reason = "the mock's client builder without .build()")]
    mock.client_builder(Auth::bearer("k"));
    #[expect(unused_must_use, reason = "a listing builder without .build()")]
    NewListing::used("ABC1234", basics(), CarFields::new());
    #[expect(unused_must_use, reason = "a listing builder without .build()")]
    NewListing::zero_km(basics(), ImplementFields::axles(3)).factory_warranty(true);
    #[expect(unused_must_use, reason = "a built listing whose Result is dropped")]
    NewListing::used("ABC1234", basics(), CarFields::new()).build();

    // Requests not awaited, streams not polled.
    #[expect(unused_must_use, reason = "a request without .await")]
    client.create_listing(MOCK_DEALER_ID, &listing);
    #[expect(unused_must_use, reason = "a request without .await")]
    client.list_inventory(MOCK_DEALER_ID, &InventoryQuery::new());
    #[expect(unused_must_use, reason = "a request without .await")]
    client.patch_listing(ListingId(1), &ListingPatch::new().price(Reais(1)));
    #[expect(unused_must_use, reason = "a request without .await")]
    client.delete_listing(ListingId(1), &DeleteOptions::new());
    #[expect(unused_must_use, reason = "a request without .await")]
    client.versions(ModelId(123), &VersionQuery::new());
    #[expect(unused_must_use, reason = "a stream never polled")]
    client.inventory_stream(MOCK_DEALER_ID, &InventoryQuery::new());
    #[expect(unused_must_use, reason = "a stream never polled")]
    client.versions_stream(ModelId(123), &VersionQuery::new());
    #[expect(unused_must_use, reason = "the mock's start without .await")]
    MockAnuncios::start();
    #[expect(unused_must_use, reason = "a reconcile without .await")]
    client.reconcile(MOCK_DEALER_ID, [listing.clone()]);
    #[expect(unused_must_use, reason = "a reconcile without .await")]
    client.reconcile(MOCK_DEALER_ID, Vec::new()).concurrency(4);
    #[expect(unused_must_use, reason = "a reconcile without .await")]
    client.reconcile(MOCK_DEALER_ID, Vec::new()).on_item(|_| {});
    #[expect(unused_must_use, reason = "the mock's request count without .await")]
    mock.mutating_requests();

    // Queries, patches, photos and category fields built and dropped.
    #[expect(unused_must_use, reason = "a query never passed to a call")]
    InventoryQuery::new().param("page", 2);
    #[expect(unused_must_use, reason = "a query never passed to a call")]
    VersionQuery::new().page_size(10);
    #[expect(unused_must_use, reason = "a query never passed to a call")]
    ModelQuery::new().brand(BrandId(1));
    #[expect(unused_must_use, reason = "delete options never passed to a call")]
    DeleteOptions::new().param("motivo", "vendido");
    #[expect(unused_must_use, reason = "a patch never sent")]
    ListingPatch::new().price(Reais(79_900));
    #[expect(unused_must_use, reason = "a diff never sent")]
    ListingPatch::diff(&before, &listing);
    #[expect(unused_must_use, reason = "a photo never added to a listing")]
    Photo::from_bytes(b"\xFF\xD8\xFF").order(1);
    #[expect(unused_must_use, reason = "category fields never given to a listing")]
    MotorcycleFields::new().engine_capacity(600);

    // Pure functions whose answer is ignored.
    #[expect(unused_must_use, reason = "the violations are the answer")]
    check_years(2024, 2023);
    #[expect(unused_must_use, reason = "the violations are the answer")]
    ListingPatch::new().price(Reais(0)).check();
    #[expect(unused_must_use, reason = "the JSON is the answer")]
    listing.to_json();
}

#[test]
fn misuse_of_the_crate_warns() {
    // The check is that this file compiles: see the lines above.
}
