//! Turns "fetch one page" into a `Stream` of items.
//!
//! Stop rules, in order: the server reports the end (no next page or link), a
//! page comes back empty, or the reported total has been reached. A page
//! shorter than asked does **not** stop the walk (servers may cap the page
//! size). A server that hands out a page cursor it already gave, returns a
//! page body it already returned, or (with
//! [`Page::with_items_fingerprint`]) a page that adds no new items, ends the
//! stream with an [`ErrorKind::Decode`] error instead of looping forever.
//!
//! Every walk is bounded ([`WalkLimits`]): after
//! [`WalkLimits::DEFAULT_MAX_PAGES`] pages (10,000) a server that still
//! reports a next page ends the stream with an [`ErrorKind::WalkLimit`]
//! error naming the bound, and a walk collected into memory also stops at an
//! item bound. The client's [`ClientConfig`](crate::ClientConfig) sets both
//! for every walk of an API crate.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::hash::{Hash, Hasher};

use reqwest::Method;
use serde::Serialize;

use futures_util::Stream;
use futures_util::stream;

use crate::error::{Error, ErrorKind};

/// One page as the API crate read it.
#[derive(Debug, Clone)]
#[must_use = "a Page does nothing until it is returned to the walk (paginate's fetch)"]
pub struct Page<T, C> {
    items: Vec<T>,
    next: Option<C>,
    total: Option<u64>,
    fingerprint: Option<u64>,
    items_fingerprint: Option<u64>,
    request: Option<(Method, String)>,
}

impl<T, C> Page<T, C> {
    /// A page of `items` with no next page.
    pub fn new(items: Vec<T>) -> Self {
        Self {
            items,
            next: None,
            total: None,
            fingerprint: None,
            items_fingerprint: None,
            request: None,
        }
    }
    /// Where the next page is (a page number, cursor or link), as the server reports it.
    pub fn with_next(mut self, next: Option<C>) -> Self {
        self.next = next;
        self
    }
    /// The total number of items the server reports.
    pub fn with_total(mut self, total: Option<u64>) -> Self {
        self.total = total;
        self
    }
    /// A hash of the page's raw body (see [`Response::fingerprint`](crate::Response::fingerprint)):
    /// a page whose body equals one the walk already had ends the stream
    /// with an error.
    pub fn with_fingerprint(mut self, fp: impl Into<Option<u64>>) -> Self {
        self.fingerprint = fp.into();
        self
    }
    /// Fingerprints the page's items (a hash of their JSON encoding), so
    /// that a page whose items the walk already had, under a cursor it had
    /// not (a server that ignores the page it is asked for but numbers its
    /// answer), ends the stream with an error: such a page adds no new
    /// items.
    pub fn with_items_fingerprint(mut self) -> Self
    where
        T: Serialize,
    {
        self.items_fingerprint = serde_json::to_vec(&self.items).ok().map(|bytes| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            h.finish()
        });
        self
    }
    /// The request the page answered (its method and URL path, never its
    /// query), named by the errors that end the walk after it.
    pub fn with_request(mut self, method: Method, path: impl Into<String>) -> Self {
        self.request = Some((method, path.into()));
        self
    }
    /// The items.
    pub fn items(&self) -> &[T] {
        &self.items
    }
    /// The next cursor.
    pub fn next(&self) -> Option<&C> {
        self.next.as_ref()
    }
    /// The reported total.
    pub fn total(&self) -> Option<u64> {
        self.total
    }
}

/// The bounds of one walk over pages: how many pages it may fetch, and (for
/// a walk collected into memory) how many items it may hold. Reaching either
/// while the server still reports more ends the walk with an
/// [`ErrorKind::WalkLimit`] error that names the bound, so that a server
/// that invents pages forever cannot keep a caller fetching (or filling
/// memory) without end.
///
/// ```
/// use autoclient_common::WalkLimits;
/// let limits = WalkLimits::default();
/// assert_eq!(limits.max_pages(), 10_000);
/// assert_eq!(limits.max_items(), None);
/// let limits = limits.with_max_pages(50).with_max_items(Some(5_000));
/// assert_eq!((limits.max_pages(), limits.max_items()), (50, Some(5_000)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "WalkLimits do nothing until they are given to paginate"]
pub struct WalkLimits {
    max_pages: u64,
    max_items: Option<u64>,
}

impl Default for WalkLimits {
    fn default() -> Self {
        Self {
            max_pages: Self::DEFAULT_MAX_PAGES,
            max_items: None,
        }
    }
}

impl WalkLimits {
    /// The default page bound: 10,000 pages.
    pub const DEFAULT_MAX_PAGES: u64 = 10_000;
    /// The default item bound of a walk collected into memory: 100,000 items.
    pub const DEFAULT_MAX_COLLECTED_ITEMS: u64 = 100_000;

    /// At most `pages` pages (at least 1).
    pub fn with_max_pages(mut self, pages: u64) -> Self {
        self.max_pages = pages.max(1);
        self
    }
    /// At most `items` items (`None`: no item bound, as for a stream the
    /// caller consumes as it goes).
    pub fn with_max_items(mut self, items: Option<u64>) -> Self {
        self.max_items = items;
        self
    }
    /// The page bound.
    pub fn max_pages(&self) -> u64 {
        self.max_pages
    }
    /// The item bound, if any.
    pub fn max_items(&self) -> Option<u64> {
        self.max_items
    }
}

struct State<T, C, F> {
    fetch: F,
    cursor: Option<C>,
    buffer: VecDeque<T>,
    seen: HashSet<C>,
    fingerprints: HashSet<u64>,
    items_fingerprints: HashSet<u64>,
    /// The request of the last page, for the errors that end the walk.
    last_request: Option<(Method, String)>,
    pages: u64,
    fetched: u64,
    limits: WalkLimits,
    total: Option<u64>,
    done: bool,
}

/// The error that ends a walk, naming the request of its last page.
#[cold]
#[inline(never)]
fn walk_error<E>(
    kind: ErrorKind,
    message: impl Into<String>,
    last: Option<&(Method, String)>,
) -> Error<E> {
    let e = Error::other(kind, message);
    match last {
        Some((method, path)) => e.with_request(method, path),
        None => e,
    }
}

/// Streams every item, fetching pages with `fetch(cursor)` from `first` on,
/// within `limits`.
///
/// ```
/// use autoclient_common::{paginate, Page, Error, ErrorKind, WalkLimits};
/// use futures_util::TryStreamExt;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let pages = vec![vec![1, 2], vec![3], vec![]];
/// let items: Vec<u32> = paginate(0usize, WalkLimits::default(), move |n: usize| {
///     let page = pages.get(n).cloned().unwrap_or_default();
///     async move { Ok::<_, Error<serde_json::Value>>(Page::new(page).with_next(Some(n + 1))) }
/// })
/// .try_collect()
/// .await
/// .unwrap();
/// assert_eq!(items, vec![1, 2, 3]);
///
/// // A server whose pages never end: the walk stops at its page bound.
/// let endless = paginate(0u64, WalkLimits::default().with_max_pages(3), |n: u64| async move {
///     Ok::<_, Error<serde_json::Value>>(Page::new(vec![n]).with_next(Some(n + 1)))
/// });
/// let err = endless.try_collect::<Vec<u64>>().await.unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::WalkLimit);
/// # });
/// ```
#[must_use = "a walk fetches nothing until its stream is polled (collect it, or loop on .try_next().await)"]
pub fn paginate<T, C, E, F, Fut>(
    first: C,
    limits: WalkLimits,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>> + Send + 'static + use<T, C, E, F, Fut>
where
    T: Send + 'static,
    C: Clone + Eq + Hash + Send + 'static,
    E: Send + 'static,
    F: FnMut(C) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T, C>, Error<E>>> + Send + 'static,
{
    let state = State {
        fetch,
        cursor: Some(first),
        buffer: VecDeque::new(),
        seen: HashSet::new(),
        fingerprints: HashSet::new(),
        items_fingerprints: HashSet::new(),
        last_request: None,
        pages: 0,
        fetched: 0,
        limits,
        total: None,
        done: false,
    };
    stream::unfold(state, |mut st| async move {
        loop {
            if let Some(item) = st.buffer.pop_front() {
                return Some((Ok(item), st));
            }
            if st.done {
                return None;
            }
            if st.total.is_some_and(|t| st.fetched >= t) {
                return None;
            }
            let cursor = st.cursor.take()?;
            if st.pages >= st.limits.max_pages {
                st.done = true;
                let e = walk_error(
                    ErrorKind::WalkLimit,
                    format!(
                        "stopped after {} pages with more to come: the walk's page limit \
                         (ClientConfig::with_max_pages)",
                        st.pages
                    ),
                    st.last_request.as_ref(),
                );
                return Some((Err(e), st));
            }
            if !st.seen.insert(cursor.clone()) {
                st.done = true;
                let e = walk_error(
                    ErrorKind::Decode,
                    "the server returned a page cursor it had already returned; stopping to avoid a loop",
                    st.last_request.as_ref(),
                );
                return Some((Err(e), st));
            }
            match (st.fetch)(cursor).await {
                Err(e) => {
                    st.done = true;
                    return Some((Err(e), st));
                }
                Ok(page) => {
                    st.pages += 1;
                    if page.request.is_some() {
                        st.last_request = page.request;
                    }
                    if page.items.is_empty() {
                        return None;
                    }
                    if let Some(fp) = page.fingerprint
                        && !st.fingerprints.insert(fp)
                    {
                        st.done = true;
                        let e = walk_error(
                            ErrorKind::Decode,
                            "the server returned a page it had already returned; stopping to avoid a loop",
                            st.last_request.as_ref(),
                        );
                        return Some((Err(e), st));
                    }
                    if let Some(fp) = page.items_fingerprint
                        && !st.items_fingerprints.insert(fp)
                    {
                        st.done = true;
                        let e = walk_error(
                            ErrorKind::Decode,
                            "the server returned a page of items it had already returned \
                             (under another page cursor); stopping to avoid a loop",
                            st.last_request.as_ref(),
                        );
                        return Some((Err(e), st));
                    }
                    if page.total.is_some() {
                        st.total = page.total;
                    }
                    st.fetched += page.items.len() as u64;
                    if let Some(max) = st.limits.max_items
                        && st.fetched > max
                    {
                        st.done = true;
                        let e = walk_error(
                            ErrorKind::WalkLimit,
                            format!(
                                "stopped at {} items: the limit of items a list collects into \
                                 memory (ClientConfig::with_max_collected_items is {max})",
                                st.fetched
                            ),
                            st.last_request.as_ref(),
                        );
                        return Some((Err(e), st));
                    }
                    st.buffer.extend(page.items);
                    st.cursor = page.next;
                    if st.cursor.is_none() {
                        st.done = true;
                    }
                }
            }
        }
    })
}
