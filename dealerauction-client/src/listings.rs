//! The listings resource (`/v1/listings/{listingId}`) and the test-only
//! end-listing-early operation.

use std::future::Future;

use autoclient_common::{Request, Response};

use crate::models::{EndListingEarly, Listing, MarkAsSold};
use crate::stock::require_id;
use crate::{ApiError, Client, Error, ListingId};
use futures_util::future::{self, TryFutureExt};
use rust_decimal::Decimal;

const LISTINGS: &str = "v1/listings";

impl Client {
    /// Fetches a listing (`GET /v1/listings/{listingId}`): its status, auction,
    /// bids, negotiation and, once sold, the sale.
    ///
    /// ```no_run
    /// # async fn run(client: dealerauction_client::Client) -> dealerauction_client::Result<()> {
    /// use dealerauction_client::ListingId;
    /// let listing_id = ListingId::new("cf17d47a-3ba5-452d-a18f-f03225aa6c27");
    /// let listing = client.get_listing(&listing_id).await?;
    /// println!("{} with {} bids", listing.status, listing.auction.bids.len());
    /// # Ok(()) }
    /// ```
    #[must_use = "a request does nothing until you .await it"]
    pub fn get_listing(
        &self,
        listing_id: &ListingId,
    ) -> impl Future<Output = Result<Listing, Error>> + Send + 'static + use<> {
        let fut = self.get_listing_with_response(listing_id);
        fut.map_ok(Response::into_body)
    }

    /// Like [`get_listing`](Client::get_listing), with the response metadata.
    #[must_use = "a request does nothing until you .await it"]
    pub fn get_listing_with_response(
        &self,
        listing_id: &ListingId,
    ) -> impl Future<Output = Result<Response<Listing>, Error>> + Send + 'static + use<> {
        let req = require_id("listing_id", listing_id.as_str())
            .map(|()| Request::get(LISTINGS).segment("listing_id", listing_id));
        let sent = req.map(|req| self.http.send_json::<Listing, ApiError>(req));
        future::ready(sent).try_flatten()
    }

    /// Sells a provisional vehicle to its highest bidder at `sale_price`
    /// pounds (`POST /v1/listings/{listingId}/mark-as-sold`). Needs at
    /// least one bidder; the buyer cannot be chosen and the sale cannot be
    /// undone. Not retried after it may have reached the server: on
    /// [`ErrorKind::OutcomeUnknown`](crate::ErrorKind::OutcomeUnknown), read
    /// the listing before trying again.
    ///
    /// The amount is a [`Decimal`](crate::Decimal), as every amount of this
    /// API; `salePrice` is documented as an int32 (whole pounds), so a price
    /// with pence, of 0 or less, or above 2,147,483,647 is refused before
    /// sending with [`ErrorKind::Validation`](crate::ErrorKind::Validation)
    /// and a [`Violation`](crate::Violation) on `salePrice` (see
    /// [`MarkAsSold::check`]).
    ///
    /// ```no_run
    /// # async fn run(client: dealerauction_client::Client) -> dealerauction_client::Result<()> {
    /// use dealerauction_client::{Decimal, ListingId};
    /// let listing_id = ListingId::new("cf17d47a-3ba5-452d-a18f-f03225aa6c27");
    /// let sold = client.mark_as_sold(&listing_id, Decimal::from(2_450)).await?;
    /// println!("{}", sold.status);
    /// # Ok(()) }
    /// ```
    #[must_use = "a request does nothing until you .await it"]
    pub fn mark_as_sold(
        &self,
        listing_id: &ListingId,
        sale_price: Decimal,
    ) -> impl Future<Output = Result<Listing, Error>> + Send + 'static + use<> {
        let body = MarkAsSold::new(sale_price);
        let req = require_id("listing_id", listing_id.as_str()).and_then(|()| {
            let violations = body.check();
            if !violations.is_empty() {
                return Err(Error::validation(violations));
            }
            Ok(Request::post(LISTINGS)
                .segment("listing_id", listing_id)
                .path("mark-as-sold")
                .json(&body))
        });
        let sent = req.map(|req| self.http.send_json::<Listing, ApiError>(req));
        future::ready(sent)
            .try_flatten()
            .map_ok(Response::into_body)
    }

    /// Moves a provisional or sold vehicle to "not sold", ending negotiations
    /// (`POST /v1/listings/{listingId}/mark-as-not-sold`, no body). Not
    /// retried after it may have reached the server.
    #[must_use = "a request does nothing until you .await it"]
    pub fn mark_as_not_sold(
        &self,
        listing_id: &ListingId,
    ) -> impl Future<Output = Result<Listing, Error>> + Send + 'static + use<> {
        let req = require_id("listing_id", listing_id.as_str()).map(|()| {
            Request::post(LISTINGS)
                .segment("listing_id", listing_id)
                .path("mark-as-not-sold")
        });
        let sent = req.map(|req| self.http.send_json::<Listing, ApiError>(req));
        future::ready(sent)
            .try_flatten()
            .map_ok(Response::into_body)
    }

    /// **Test environment only.** Ends a listing early, for end-to-end tests
    /// (`POST /v1/testing/set-auction-end-time`); the production API does not
    /// honour it. The 200 response has no body. A request naming neither a
    /// listing nor a stock item is refused before sending.
    ///
    /// ```no_run
    /// # async fn run(client: dealerauction_client::Client) -> dealerauction_client::Result<()> {
    /// use dealerauction_client::models::EndListingEarly;
    /// client.end_listing_early(&EndListingEarly::listing("cf17d47a")).await?;
    /// # Ok(()) }
    /// ```
    #[must_use = "a request does nothing until you .await it"]
    pub fn end_listing_early(
        &self,
        body: &EndListingEarly,
    ) -> impl Future<Output = Result<(), Error>> + Send + 'static + use<> {
        let named = |v: Option<&str>| v.is_some_and(|s| !s.trim().is_empty());
        let req = if named(body.listing_id.as_ref().map(ListingId::as_str))
            || named(body.stock_id.as_ref().map(crate::StockId::as_str))
        {
            Ok(Request::post("v1/testing/set-auction-end-time").json(body))
        } else {
            Err(Error::invalid_request(
                "end listing early needs a listingId or a stockId",
            ))
        };
        let sent = req.map(|req| self.http.send_empty::<ApiError>(req));
        future::ready(sent).try_flatten().map_ok(|_| ())
    }
}
