//! The response envelope, one page of a list, and the walk over every page.

use std::future::Future;

use autoclient_common::{Page, Request, Response, paginate};
use futures_util::Stream;
use futures_util::future::{self, TryFutureExt};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{ApiError, Client, Error};

/// The `pagination` object of a list response: `{page, per_page, total}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Pagination {
    /// The page number (1-based).
    pub page: u32,
    /// Items per page.
    pub per_page: u32,
    /// Items across all pages.
    pub total: u64,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

autoclient_common::deserialize_keeping_unknown! {
    Pagination, "a pagination object",
    required { page: "page", per_page: "per_page", total: "total" },
    optional {},
}

impl Pagination {
    /// Page `page` of `per_page` items, `total` across all pages.
    pub fn new(page: u32, per_page: u32, total: u64) -> Self {
        Self {
            page,
            per_page,
            total,
            extra: Map::new(),
        }
    }

    /// The next page's number, when `page * per_page < total`.
    ///
    /// ```
    /// use autosync_client::Pagination;
    /// let p = Pagination::new(1, 25, 26);
    /// assert_eq!(p.next_page(), Some(2));
    /// let last = Pagination::new(2, 25, 26);
    /// assert_eq!(last.next_page(), None);
    /// ```
    #[must_use]
    pub fn next_page(&self) -> Option<u32> {
        let seen = u64::from(self.page).saturating_mul(u64::from(self.per_page));
        (self.per_page > 0 && seen < self.total).then(|| self.page.saturating_add(1))
    }
}

/// One page of a list: the items and, when the server sent it, the
/// pagination.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct List<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// `pagination`, when sent (some documented list responses omit it).
    pub pagination: Option<Pagination>,
}

impl<T> List<T> {
    /// A page of `items`, with the server's `pagination` if any (for fakes
    /// and tests of your own; calls return pages).
    pub fn new(items: Vec<T>, pagination: Option<Pagination>) -> Self {
        Self { items, pagination }
    }
    /// The total across all pages, when the server reports it.
    pub fn total(&self) -> Option<u64> {
        self.pagination.as_ref().map(|p| p.total)
    }
    /// The next page's number, when there is one.
    pub fn next_page(&self) -> Option<u32> {
        self.pagination.as_ref().and_then(Pagination::next_page)
    }
}

/// The paging parameters of a list request.
///
/// **Assumption:** the documentation does not name the request's paging
/// parameters; `page` and `per_page` (the names of the response's
/// `pagination` fields) are sent. Unset, neither is sent and the server's
/// defaults apply (page 1, 25 per page in the documented example).
///
/// ```
/// use autosync_client::Paging;
/// assert_eq!(Paging::default().page(2).per_page(50), Paging::new(2, 50));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[must_use = "a query does nothing until you pass it to a list_… or stream_… call"]
pub struct Paging {
    /// `page` (1-based).
    pub page: Option<u32>,
    /// `per_page`.
    pub per_page: Option<u32>,
}

impl Paging {
    /// Page `page` of `per_page` items.
    pub fn new(page: u32, per_page: u32) -> Self {
        Self {
            page: Some(page),
            per_page: Some(per_page),
        }
    }

    /// Sets `page` (1-based).
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// Sets `per_page`.
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.per_page = Some(per_page);
        self
    }

    pub(crate) fn apply(&self, req: Request) -> Request {
        req.query_opt("page", self.page)
            .query_opt("per_page", self.per_page)
    }
}

/// `{success, data, pagination}`.
#[derive(Debug, Deserialize)]
pub(crate) struct Envelope<T> {
    pub(crate) data: T,
    #[serde(default)]
    pub(crate) pagination: Option<Pagination>,
}

impl Client {
    /// Sends `req` and unwraps the envelope's `data`.
    pub(crate) fn call<T>(
        &self,
        req: Result<Request, Error>,
    ) -> impl Future<Output = Result<Response<T>, Error>> + Send + 'static + use<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let sent = req.map(|req| self.http.send_json::<Envelope<T>, ApiError>(req));
        future::ready(sent)
            .try_flatten()
            .map_ok(|resp| resp.map(|e| e.data))
    }

    /// Sends a list request and returns one page.
    pub(crate) fn call_list<T>(
        &self,
        req: Result<Request, Error>,
    ) -> impl Future<Output = Result<Response<List<T>>, Error>> + Send + 'static + use<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let sent = req.map(|req| self.http.send_json::<Envelope<Vec<T>>, ApiError>(req));
        future::ready(sent).try_flatten().map_ok(|resp| {
            resp.map(|e| List {
                items: e.data,
                pagination: e.pagination,
            })
        })
    }

    /// Walks every page from `paging.page` (default 1) on, keeping
    /// `paging.per_page`. `build` makes the request for one page.
    pub(crate) fn walk<T, F>(
        &self,
        paging: Paging,
        build: F,
    ) -> impl Stream<Item = Result<T, Error>> + Send + 'static + use<T, F>
    where
        T: DeserializeOwned + Serialize + Send + 'static,
        F: Fn(Paging) -> Result<Request, Error> + Send + Sync + 'static,
    {
        let client = self.clone();
        let first = paging.page.unwrap_or(1);
        let limits = self.http.config().walk_limits();
        paginate(first, limits, move |page: u32| {
            // Every page (its body, and its items) is fingerprinted, so that
            // a repeated page ends the stream.
            let req = build(Paging {
                page: Some(page),
                per_page: paging.per_page,
            })
            .map(|req| req.fingerprint(true));
            let fut = client.call_list::<T>(req);
            async move {
                Ok(fut.await?.into_page(|list| {
                    let next = list.next_page();
                    let total = list.total();
                    Page::new(list.items)
                        .with_next(next)
                        .with_total(total)
                        .with_items_fingerprint()
                }))
            }
        })
    }
}
