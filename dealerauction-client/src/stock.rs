//! The stock resource: search, create, get, update (`/v1/stock`).

use std::future::Future;

use autoclient_common::{Page, Request, Response, paginate};
use futures_util::Stream;

use crate::models::{
    NewStockItem, Paginator, StockItem, StockPatch, StockSearch, StockSearchPage, StockSummary,
};
use crate::{ApiError, Client, Error, StockId};
use futures_util::future::{self, TryFutureExt};

const STOCK: &str = "v1/stock";

/// Refuses an empty id before it can turn `/v1/stock/{id}` into another path.
pub(crate) fn require_id(what: &str, id: &str) -> Result<(), Error> {
    if id.trim().is_empty() {
        Err(Error::invalid_request(format!(
            "the path parameter `{what}` is blank"
        )))
    } else {
        Ok(())
    }
}

fn search_request(query: &StockSearch) -> Result<Request, Error> {
    if !query.has_filter() {
        return Err(Error::invalid_request(
            "a stock search needs at least one of customerId, stockId, vrm, externalStockId or externalVendorId (the API returns nothing without a filter)",
        ));
    }
    let mut req = Request::get(STOCK);
    for (k, v) in query.query_pairs() {
        req = req.query(k, v);
    }
    Ok(req)
}

/// The documented default `pageSize` of a search.
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// The page to ask for after `page`, which held `items` items, from what the
/// server said about it; `None` ends the search. `asked_size` is the page
/// size asked for ([`DEFAULT_PAGE_SIZE`] when none was).
///
/// Every paginator field is optional, so the last page is taken from
/// `lastPage`, else from ceil(`totalResults` / page size), the page size
/// being `resultsPerPage` or else the size asked; with no total either, the
/// next page is asked for when this one was full.
fn next_search_page(
    paginator: Option<&Paginator>,
    page: u32,
    asked_size: u32,
    items: usize,
) -> Option<u32> {
    if items == 0 {
        return None;
    }
    let current = paginator.and_then(|p| p.current_page).unwrap_or(page);
    let per_page = paginator
        .and_then(|p| p.results_per_page)
        .filter(|n| *n > 0)
        .unwrap_or(asked_size)
        .max(1);
    let last = paginator.and_then(|p| p.last_page).or_else(|| {
        let pages = paginator?.total_results?.div_ceil(u64::from(per_page));
        Some(u32::try_from(pages).unwrap_or(u32::MAX))
    });
    let more = match last {
        Some(last) => current < last,
        None => u32::try_from(items).map_or(true, |got| got >= per_page),
    };
    if more { current.checked_add(1) } else { None }
}

impl Client {
    /// One page of a stock search (`GET /v1/stock`).
    ///
    /// Each filter value is sent as a repeated query key (`vrm=A&vrm=B`). A
    /// search without any id filter is refused before sending
    /// ([`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest)),
    /// since the API returns nothing for it.
    ///
    /// ```no_run
    /// # async fn run(client: dealerauction_client::Client) -> dealerauction_client::Result<()> {
    /// use dealerauction_client::models::StockSearch;
    /// let page = client.search_stock(&StockSearch::new().vrm("AB17ABC")).await?;
    /// for item in &page.stock_items {
    ///     println!("{} {:?}", item.id, item.lifecycle_state);
    /// }
    /// # Ok(()) }
    /// ```
    #[must_use = "a request does nothing until you .await it"]
    pub fn search_stock(
        &self,
        query: &StockSearch,
    ) -> impl Future<Output = Result<StockSearchPage, Error>> + Send + 'static + use<> {
        let fut = self.search_stock_with_response(query);
        fut.map_ok(Response::into_body)
    }

    /// Like [`search_stock`](Client::search_stock), with the response metadata.
    #[must_use = "a request does nothing until you .await it"]
    pub fn search_stock_with_response(
        &self,
        query: &StockSearch,
    ) -> impl Future<Output = Result<Response<StockSearchPage>, Error>> + Send + 'static + use<>
    {
        let req = search_request(query);
        let sent = req.map(|req| self.http.send_json::<StockSearchPage, ApiError>(req));
        future::ready(sent).try_flatten()
    }

    /// Every result of a search, page after page, as a `Stream`, from the
    /// query's page number (default 1) to the last page.
    ///
    /// Every field of the response's `paginator` is optional, so the last
    /// page is found from `lastPage`; without it, from ceil(`totalResults` /
    /// `resultsPerPage`), the page size asked (or the documented default,
    /// [`DEFAULT_PAGE_SIZE`](crate::DEFAULT_PAGE_SIZE)) standing in for a
    /// missing `resultsPerPage`; without a total either, the next page is
    /// asked for while a page is full (as many items as that page size). An
    /// empty page ends the stream; a page the server repeats is an error,
    /// not a loop.
    ///
    /// ```no_run
    /// # async fn run(client: dealerauction_client::Client) -> dealerauction_client::Result<()> {
    /// use dealerauction_client::models::StockSearch;
    /// use dealerauction_client::TryStreamExt;
    /// let all: Vec<_> = client
    ///     .search_stock_stream(StockSearch::new().customer_id("123456").page_size(100))
    ///     .try_collect()
    ///     .await?;
    /// println!("{} items", all.len());
    /// # Ok(()) }
    /// ```
    #[must_use = "a stream does nothing until polled: .try_collect().await it or iterate it with .try_next().await"]
    pub fn search_stock_stream(
        &self,
        query: StockSearch,
    ) -> impl Stream<Item = Result<StockSummary, Error>> + Send + 'static + use<> {
        let client = self.clone();
        let first = query.get_page_number().unwrap_or(1);
        let asked_size = query.get_page_size().unwrap_or(DEFAULT_PAGE_SIZE);
        let limits = client.http.config().walk_limits();
        paginate(first, limits, move |page: u32| {
            // Every page (its body, and its items) is fingerprinted, so that
            // a repeated page ends the stream.
            let req = search_request(&query.clone().page_number(page)).map(|r| r.fingerprint(true));
            let sent = req.map(|req| client.http.send_json::<StockSearchPage, ApiError>(req));
            async move {
                Ok(sent?.await?.into_page(|body| {
                    let next = next_search_page(
                        body.paginator.as_ref(),
                        page,
                        asked_size,
                        body.stock_items.len(),
                    );
                    let total = body.paginator.as_ref().and_then(|p| p.total_results);
                    Page::new(body.stock_items)
                        .with_next(next)
                        .with_total(total)
                        .with_items_fingerprint()
                }))
            }
        })
    }

    /// Creates a stock item (`POST /v1/stock`) after checking the documented
    /// rules (see [`check_new_stock`](crate::check_new_stock)); a request that
    /// breaks them is refused before sending with
    /// [`ErrorKind::Validation`](crate::ErrorKind::Validation) and the list of
    /// violations.
    ///
    /// A VRM can be stocked once per customer account: a second create is a
    /// 409, readable with [`ErrorExt::stock_already_exists`](crate::ErrorExt::stock_already_exists).
    /// A create is not idempotent: after a timeout or a 5xx it fails with
    /// [`ErrorKind::OutcomeUnknown`](crate::ErrorKind::OutcomeUnknown); search
    /// by VRM before creating again.
    #[must_use = "a request does nothing until you .await it"]
    pub fn create_stock(
        &self,
        item: &NewStockItem,
    ) -> impl Future<Output = Result<StockItem, Error>> + Send + 'static + use<> {
        self.stock_body(create_request(item, true))
    }

    /// Like [`create_stock`](Client::create_stock) without the client-side checks.
    #[must_use = "a request does nothing until you .await it"]
    pub fn create_stock_unchecked(
        &self,
        item: &NewStockItem,
    ) -> impl Future<Output = Result<StockItem, Error>> + Send + 'static + use<> {
        self.stock_body(create_request(item, false))
    }

    /// Like [`create_stock`](Client::create_stock) (`check`: whether to run
    /// the client-side checks), with the response metadata.
    #[must_use = "a request does nothing until you .await it"]
    pub fn create_stock_with_response(
        &self,
        item: &NewStockItem,
        check: bool,
    ) -> impl Future<Output = Result<Response<StockItem>, Error>> + Send + 'static + use<> {
        self.stock_response(create_request(item, check))
    }

    /// Fetches a stock item (`GET /v1/stock/{stockId}`).
    #[must_use = "a request does nothing until you .await it"]
    pub fn get_stock(
        &self,
        stock_id: &StockId,
    ) -> impl Future<Output = Result<StockItem, Error>> + Send + 'static + use<> {
        self.stock_body(get_request(stock_id))
    }

    /// Like [`get_stock`](Client::get_stock), with the response metadata.
    #[must_use = "a request does nothing until you .await it"]
    pub fn get_stock_with_response(
        &self,
        stock_id: &StockId,
    ) -> impl Future<Output = Result<Response<StockItem>, Error>> + Send + 'static + use<> {
        self.stock_response(get_request(stock_id))
    }

    /// Updates a stock item (`PATCH /v1/stock/{stockId}`) after checking the
    /// documented rules (see [`check_patch`](crate::check_patch)), and returns
    /// the updated document.
    ///
    /// Only what the patch sets is sent: absent fields are left unchanged,
    /// `null` clears, `""` blanks (see [`StockPatch`]). A running auction
    /// cannot be modified: deactivate the advert first.
    ///
    /// **Retries:** every documented PATCH operation sets a field to a given
    /// value (arrays are replaced whole, nothing is incremented or appended),
    /// so sending the same patch twice has the same effect as once. The
    /// update is therefore marked idempotent and retried on 5xx, timeouts and
    /// resets like a GET — except a patch that both activates the advert and
    /// changes its auction ([`StockPatch::is_retry_safe`]): a second attempt
    /// would hit the running auction and be rejected, so that one fails with
    /// [`ErrorKind::OutcomeUnknown`](crate::ErrorKind::OutcomeUnknown)
    /// instead; read the item before trying again. If another writer may
    /// change the same fields in between, disable retries for the client.
    ///
    /// ```no_run
    /// # async fn run(client: dealerauction_client::Client) -> dealerauction_client::Result<()> {
    /// use dealerauction_client::models::StockPatch;
    /// use dealerauction_client::{Decimal, StockId};
    /// let stock_id = StockId::new("a10ab562-c0cd-4072-88eb-4115811f5aa1");
    /// let patch = StockPatch::new().asking_price(Decimal::from(4_995)).clear_attention_grabber();
    /// let item = client.update_stock(&stock_id, &patch).await?;
    /// # Ok(()) }
    /// ```
    #[must_use = "a request does nothing until you .await it"]
    pub fn update_stock(
        &self,
        stock_id: &StockId,
        patch: &StockPatch,
    ) -> impl Future<Output = Result<StockItem, Error>> + Send + 'static + use<> {
        self.stock_body(update_request(stock_id, patch, true))
    }

    /// Like [`update_stock`](Client::update_stock) without the client-side checks.
    #[must_use = "a request does nothing until you .await it"]
    pub fn update_stock_unchecked(
        &self,
        stock_id: &StockId,
        patch: &StockPatch,
    ) -> impl Future<Output = Result<StockItem, Error>> + Send + 'static + use<> {
        self.stock_body(update_request(stock_id, patch, false))
    }

    /// Like [`update_stock`](Client::update_stock) (`check`: whether to run
    /// the client-side checks), with the response metadata.
    #[must_use = "a request does nothing until you .await it"]
    pub fn update_stock_with_response(
        &self,
        stock_id: &StockId,
        patch: &StockPatch,
        check: bool,
    ) -> impl Future<Output = Result<Response<StockItem>, Error>> + Send + 'static + use<> {
        self.stock_response(update_request(stock_id, patch, check))
    }

    /// Sends a request answered by a stock document, returning the document.
    /// Through `send_json_body`, not `stock_response(..).map_ok(into_body)`:
    /// the document (some 2.5 KB) is then moved through two futures fewer,
    /// which on a fast network is a measurable part of a call.
    fn stock_body(
        &self,
        req: Result<Request, Error>,
    ) -> impl Future<Output = Result<StockItem, Error>> + Send + 'static + use<> {
        let sent = req.map(|req| self.http.send_json_body::<StockItem, ApiError>(req));
        future::ready(sent).try_flatten()
    }

    /// Sends a request answered by a stock document, with the response.
    fn stock_response(
        &self,
        req: Result<Request, Error>,
    ) -> impl Future<Output = Result<Response<StockItem>, Error>> + Send + 'static + use<> {
        let sent = req.map(|req| self.http.send_json::<StockItem, ApiError>(req));
        future::ready(sent).try_flatten()
    }
}

fn get_request(stock_id: &StockId) -> Result<Request, Error> {
    require_id("stock_id", stock_id.as_str())?;
    Ok(Request::get(STOCK).segment("stock_id", stock_id))
}

fn create_request(item: &NewStockItem, check: bool) -> Result<Request, Error> {
    if check {
        let v = item.check();
        if !v.is_empty() {
            return Err(Error::validation(v));
        }
    }
    Ok(Request::post(STOCK).json(item))
}

fn update_request(stock_id: &StockId, patch: &StockPatch, check: bool) -> Result<Request, Error> {
    require_id("stock_id", stock_id.as_str())?;
    if check {
        let v = patch.check();
        if !v.is_empty() {
            return Err(Error::validation(v));
        }
    }
    Ok(Request::patch(STOCK)
        .segment("stock_id", stock_id)
        .json(patch)
        .idempotent(patch.is_retry_safe()))
}
