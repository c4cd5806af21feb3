//! The inventory: create a listing, list (active and sold), get, update,
//! partially update, delete.

use std::fmt;
use std::future::Future;

use autoclient_common::{Request, Response};
use futures_util::Stream;
use serde_json::{Map, Value};

use crate::ids::{DealerId, ListingId};
use crate::models::{Listing, ListingPatch, NewListing, Paginated, SoldListing};
use crate::pages::stream_pages;
use crate::{ApiError, Client, Error};
use futures_util::future::{self, TryFutureExt};

/// Query parameters of an inventory list, sent as given.
///
/// The filters and paging parameter names of `GET /inventory/{dealer_id}` are
/// not documented (the page is cut off), so none is invented: add the ones
/// your account uses with [`param`](InventoryQuery::param). Next pages are
/// reached through the server's `next` links, whatever their names.
///
/// ```
/// use anuncios_client::InventoryQuery;
/// let q = InventoryQuery::new().param("page", 2);
/// assert_eq!(q.params(), [("page".to_owned(), "2".to_owned())]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use = "a query does nothing by itself: pass it to Client::list_inventory or Client::inventory_stream"]
pub struct InventoryQuery {
    params: Vec<(String, String)>,
}

impl InventoryQuery {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a query parameter (repeat for repeated keys).
    pub fn param(mut self, key: impl Into<String>, value: impl fmt::Display) -> Self {
        self.params.push((key.into(), value.to_string()));
        self
    }
    /// The parameters.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }
    fn apply(&self, mut req: Request) -> Request {
        for (k, v) in &self.params {
            req = req.query(k.clone(), v);
        }
        req
    }
}

/// How a delete identifies its target or chooses between "sold" and
/// "removed": query parameters and an optional JSON body, sent as given.
///
/// The documentation says `DELETE /inventory/item/{ad_id}` "marks the ad as
/// sold or removes it completely" and that `DELETE /inventory/{dealer_id}`
/// "removes a specific ad", but how the choice is made and how the ad is
/// identified are cut off. None is invented: pass what your account needs.
///
/// ```
/// use anuncios_client::DeleteOptions;
/// let opts = DeleteOptions::new().param("motivo", "vendido");
/// assert_eq!(opts.params().len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use = "delete options do nothing by themselves: pass them to Client::delete_listing or Client::delete_from_inventory"]
pub struct DeleteOptions {
    params: Vec<(String, String)>,
    body: Option<Value>,
}

impl DeleteOptions {
    /// Nothing extra: a bare `DELETE`.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a query parameter.
    pub fn param(mut self, key: impl Into<String>, value: impl fmt::Display) -> Self {
        self.params.push((key.into(), value.to_string()));
        self
    }
    /// Sends a JSON body with the `DELETE`.
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
    /// The query parameters.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }
    fn apply(&self, mut req: Request) -> Request {
        for (k, v) in &self.params {
            req = req.query(k.clone(), v);
        }
        if let Some(b) = &self.body {
            req = req.json(b);
        }
        req
    }
}

fn inventory(dealer: DealerId) -> Request {
    Request::get("v3/inventory").segment("dealer", dealer)
}

fn item(id: ListingId) -> String {
    format!("v3/inventory/item/{id}")
}

impl Client {
    /// Creates a listing (`POST /v3/inventory/{dealer_id}`) and returns it
    /// as the server stored it (201), with every member it sent.
    ///
    /// The listing was checked when it was built. A create is not
    /// idempotent: it is retried only when the server cannot have processed
    /// it (429, refused connection); otherwise a failure after sending is
    /// [`ErrorKind::OutcomeUnknown`](crate::ErrorKind::OutcomeUnknown):
    /// look at the inventory before sending it again.
    ///
    /// The 201's body is not documented beyond "the full listing"; members
    /// whose read and write shapes differ accept both (`"color": 5` as well
    /// as `{"id": 5, "name": …}`, see [`Listing`]). Should a 201 still not
    /// decode, the error is [`ErrorKind::Decode`](crate::ErrorKind::Decode)
    /// with [`Error::status`] `201` and the body: the listing **was**
    /// created; do not send it again.
    ///
    /// Errors: 400 [`ErrorKind::Validation`](crate::ErrorKind::Validation)
    /// with the field → messages map (see [`ErrorExt::field_errors`](crate::ErrorExt::field_errors)),
    /// 401 [`ErrorKind::Unauthorized`](crate::ErrorKind::Unauthorized), 403
    /// [`ErrorKind::Forbidden`](crate::ErrorKind::Forbidden) (no permission
    /// on this dealer), 404 [`ErrorKind::NotFound`](crate::ErrorKind::NotFound)
    /// (unknown dealer), each with the server's `detail`.
    ///
    /// ```no_run
    /// # async fn run(client: anuncios_client::Client, listing: anuncios_client::NewListing) -> anuncios_client::Result<()> {
    /// use anuncios_client::DealerId;
    /// let created = client.create_listing(DealerId(10), &listing).await?;
    /// println!("listing {} created", created.id);
    /// # Ok(()) }
    /// ```
    pub fn create_listing(
        &self,
        dealer: DealerId,
        listing: &NewListing,
    ) -> impl Future<Output = Result<Listing, Error>> + Send + 'static + use<> {
        let fut = self.create_listing_with_response(dealer, listing);
        fut.map_ok(Response::into_body)
    }

    /// Like [`create_listing`](Client::create_listing), with the response's
    /// status, headers and request id.
    pub fn create_listing_with_response(
        &self,
        dealer: DealerId,
        listing: &NewListing,
    ) -> impl Future<Output = Result<Response<Listing>, Error>> + Send + 'static + use<> {
        let req = Request::post("v3/inventory")
            .segment("dealer", dealer)
            .json(listing);
        self.http.send_json::<Listing, ApiError>(req)
    }

    /// One page of the dealer's active listings (`GET /v3/inventory/{dealer_id}`).
    pub fn list_inventory(
        &self,
        dealer: DealerId,
        query: &InventoryQuery,
    ) -> impl Future<Output = Result<Paginated<Listing>, Error>> + Send + 'static + use<> {
        let req = query.apply(inventory(dealer));
        let sent = self.http.send_json::<Paginated<Listing>, ApiError>(req);
        sent.map_ok(Response::into_body)
    }

    /// The page at a `next` or `previous` link of an inventory list. The
    /// link's host is ignored: the request goes to the configured origin
    /// with the link's path and query, so the token never leaves it (behind
    /// a base path, see the crate docs on next links).
    pub fn inventory_page(
        &self,
        link: &str,
    ) -> impl Future<Output = Result<Paginated<Listing>, Error>> + Send + 'static + use<> {
        let req = Request::get_link(link).map_err(Error::invalid_request);
        let sent = req.map(|req| self.http.send_json::<Paginated<Listing>, ApiError>(req));
        future::ready(sent)
            .try_flatten()
            .map_ok(Response::into_body)
    }

    /// Every active listing of the dealer, page after page, following the
    /// `next` links on the configured origin only.
    ///
    /// ```no_run
    /// # async fn run(client: anuncios_client::Client) -> anuncios_client::Result<()> {
    /// use anuncios_client::{DealerId, InventoryQuery};
    /// use anuncios_client::TryStreamExt;
    /// let all: Vec<_> = client
    ///     .inventory_stream(DealerId(10), &InventoryQuery::new())
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn inventory_stream(
        &self,
        dealer: DealerId,
        query: &InventoryQuery,
    ) -> impl Stream<Item = Result<Listing, Error>> + Send + 'static + use<> {
        stream_pages(self.http.clone(), query.apply(inventory(dealer)))
    }

    /// One page of the dealer's sold listings (`GET /v3/inventory/sold/{dealer_id}`).
    pub fn list_sold(
        &self,
        dealer: DealerId,
        query: &InventoryQuery,
    ) -> impl Future<Output = Result<Paginated<SoldListing>, Error>> + Send + 'static + use<> {
        let req = query.apply(Request::get("v3/inventory/sold").segment("dealer", dealer));
        let sent = self.http.send_json::<Paginated<SoldListing>, ApiError>(req);
        sent.map_ok(Response::into_body)
    }

    /// Every sold listing of the dealer, following the `next` links.
    pub fn sold_stream(
        &self,
        dealer: DealerId,
        query: &InventoryQuery,
    ) -> impl Stream<Item = Result<SoldListing, Error>> + Send + 'static + use<> {
        stream_pages(
            self.http.clone(),
            query.apply(Request::get("v3/inventory/sold").segment("dealer", dealer)),
        )
    }

    /// One listing (`GET /v3/inventory/item/{ad_id}`).
    pub fn get_listing(
        &self,
        id: ListingId,
    ) -> impl Future<Output = Result<Listing, Error>> + Send + 'static + use<> {
        let req = Request::get(&item(id));
        let sent = self.http.send_json::<Listing, ApiError>(req);
        sent.map_ok(Response::into_body)
    }

    /// Replaces a listing (`PUT /v3/inventory/item/{ad_id}`) with a full,
    /// checked [`NewListing`].
    ///
    /// **Assumptions** (the page is cut off): the body has the create
    /// guide's shape, and the answer is the listing (`None` when the body is
    /// empty).
    ///
    /// **Retries:** a `PUT` without photos replaces the listing with the same
    /// values however often it arrives, so it is retried on 5xx and timeouts.
    /// Photos are sent as Base64 content, which the server stores as new
    /// photos; whether a repeated `PUT` replaces them or adds them again is
    /// not documented. So a `PUT` carrying photos is not idempotent: it is
    /// retried only when the server cannot have processed it (429, refused
    /// connection), and a failure after sending is
    /// [`ErrorKind::OutcomeUnknown`](crate::ErrorKind::OutcomeUnknown):
    /// read the listing before sending it again.
    pub fn update_listing(
        &self,
        id: ListingId,
        listing: &NewListing,
    ) -> impl Future<Output = Result<Option<Listing>, Error>> + Send + 'static + use<> {
        let req = Request::put(&item(id))
            .json(listing)
            .idempotent(listing.photos().is_empty());
        self.send_optional(req)
    }

    /// Replaces a listing with a raw body, sent as given (no checks). As
    /// for [`update_listing`](Client::update_listing), a body with a
    /// non-empty `photos` member is not retried once it may have reached the
    /// server.
    pub fn update_listing_raw(
        &self,
        id: ListingId,
        body: &Map<String, Value>,
    ) -> impl Future<Output = Result<Option<Listing>, Error>> + Send + 'static + use<> {
        let carries_photos = match body.get("photos") {
            None | Some(Value::Null) => false,
            Some(Value::Array(a)) => !a.is_empty(),
            Some(_) => true,
        };
        let req = Request::put(&item(id))
            .json(body)
            .idempotent(!carries_photos);
        self.send_optional(req)
    }

    /// Partially updates a listing (`PATCH /v3/inventory/item/{ad_id}`):
    /// only the members set in `patch` are sent, after
    /// [`ListingPatch::check`] (violations refuse the call; nothing is sent).
    ///
    /// **Assumptions** as for [`update_listing`](Client::update_listing).
    /// A `PATCH` is not retried once it may have reached the server.
    ///
    /// A patch holding a value that did not serialize
    /// ([`ListingPatch::serialize_error`]) is refused with
    /// [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest);
    /// nothing is sent.
    ///
    /// ```no_run
    /// # async fn run(client: anuncios_client::Client) -> anuncios_client::Result<()> {
    /// use anuncios_client::{ListingId, ListingPatch, Reais};
    /// client.patch_listing(ListingId(12345), &ListingPatch::new().price(Reais(82_000))).await?;
    /// # Ok(()) }
    /// ```
    pub fn patch_listing(
        &self,
        id: ListingId,
        patch: &ListingPatch,
    ) -> impl Future<Output = Result<Option<Listing>, Error>> + Send + 'static + use<> {
        let violations = patch.check();
        let refused = if let Some(msg) = patch.serialize_error() {
            Some(Error::invalid_request(msg))
        } else if violations.is_empty() {
            None
        } else {
            Some(Error::validation(violations))
        };
        let sent = match refused {
            Some(e) => Err(e),
            None => Ok(self.send_optional(Request::patch(&item(id)).json(patch))),
        };
        future::ready(sent).try_flatten()
    }

    /// Deletes a listing (`DELETE /v3/inventory/item/{ad_id}`): the server
    /// marks it sold or removes it; how to choose is not documented (see
    /// [`DeleteOptions`]). Returns the response with its JSON body, if any.
    ///
    /// **Not retried once it may have reached the server**, although it is a
    /// `DELETE`: the documentation says the call "marks the ad as sold or
    /// removes it completely" by a rule it does not give, so a second
    /// attempt may not find the same state as the first (a listing marked
    /// sold by the first may be removed by the second, or the second may
    /// fail on a listing the first removed). A 5xx or a timeout after
    /// sending is [`ErrorKind::OutcomeUnknown`](crate::ErrorKind::OutcomeUnknown):
    /// read the listing (or the sold list) before deleting again. A 429 or a
    /// refused connection is still retried.
    pub fn delete_listing(
        &self,
        id: ListingId,
        options: &DeleteOptions,
    ) -> impl Future<Output = Result<Response<Option<Value>>, Error>> + Send + 'static + use<> {
        let req = options.apply(Request::delete(&item(id)).idempotent(false));
        self.send_delete(req)
    }

    /// `DELETE /v3/inventory/{dealer_id}`: "removes a specific ad"; how the
    /// ad is identified is not documented, so `options` must carry it (a
    /// query parameter or a body, as your account expects).
    ///
    /// Not retried once it may have reached the server, for the reasons
    /// given at [`delete_listing`](Client::delete_listing): a failure after
    /// sending is [`ErrorKind::OutcomeUnknown`](crate::ErrorKind::OutcomeUnknown).
    pub fn delete_from_inventory(
        &self,
        dealer: DealerId,
        options: &DeleteOptions,
    ) -> impl Future<Output = Result<Response<Option<Value>>, Error>> + Send + 'static + use<> {
        let req = options.apply(
            Request::delete("v3/inventory")
                .segment("dealer", dealer)
                .idempotent(false),
        );
        self.send_delete(req)
    }

    fn send_delete(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<Response<Option<Value>>, Error>> + Send + 'static + use<> {
        let sent = self.http.send_bytes::<ApiError>(req);
        async move {
            let resp = sent.await?;
            // The answer of a delete is not documented: an empty body is
            // `None`, JSON is kept as such, and any other text is kept as a
            // string rather than turning a delete that succeeded into an error.
            Ok(resp.map(|bytes| {
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    None
                } else {
                    Some(serde_json::from_slice::<Value>(&bytes).unwrap_or_else(|_| {
                        Value::String(String::from_utf8_lossy(&bytes).into_owned())
                    }))
                }
            }))
        }
    }

    fn send_optional(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<Option<Listing>, Error>> + Send + 'static + use<> {
        let sent = self.http.send_bytes::<ApiError>(req);
        async move {
            // `json_opt` keeps the status, headers, body and JSON path of a
            // body that does not decode.
            let resp = sent.await?;
            Ok(resp.json_opt::<Listing, ApiError>()?.into_body())
        }
    }
}
