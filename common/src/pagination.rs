//! Turns "fetch one page" into a `Stream` of items.
//!
//! Stop rules, in order: the server reports the end (no next page or link), a
//! page comes back empty, the reported total has been reached, or the caller's
//! `max_items` bound is reached. A page shorter than asked does **not** stop the
//! walk (servers may cap the page size). A server that hands out a page cursor
//! it already gave, or returns the same page body twice in a row, ends the
//! stream with an [`ErrorKind::Decode`] error instead of looping forever.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::hash::Hash;

use futures_util::Stream;
use futures_util::stream;

use crate::error::{Error, ErrorKind};

/// One page as the API crate read it.
#[derive(Debug, Clone)]
pub struct Page<T, C> {
    items: Vec<T>,
    next: Option<C>,
    total: Option<u64>,
    fingerprint: Option<u64>,
}

impl<T, C> Page<T, C> {
    /// A page of `items` with no next page.
    pub fn new(items: Vec<T>) -> Self {
        Self {
            items,
            next: None,
            total: None,
            fingerprint: None,
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
    /// a page whose body equals the previous one's ends the stream with an error.
    pub fn with_fingerprint(mut self, fp: impl Into<Option<u64>>) -> Self {
        self.fingerprint = fp.into();
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

struct State<T, C, F> {
    fetch: F,
    cursor: Option<C>,
    buffer: VecDeque<T>,
    seen: HashSet<C>,
    last_fingerprint: Option<u64>,
    fetched: u64,
    yielded: u64,
    max_items: Option<u64>,
    total: Option<u64>,
    done: bool,
}

/// Streams every item, fetching pages with `fetch(cursor)` from `first` on.
///
/// ```
/// use autoclient_common::{paginate, Page, Error};
/// use futures_util::TryStreamExt;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let pages = vec![vec![1, 2], vec![3], vec![]];
/// let items: Vec<u32> = paginate(0usize, None, move |n: usize| {
///     let page = pages.get(n).cloned().unwrap_or_default();
///     async move { Ok::<_, Error<serde_json::Value>>(Page::new(page).with_next(Some(n + 1))) }
/// })
/// .try_collect()
/// .await
/// .unwrap();
/// assert_eq!(items, vec![1, 2, 3]);
/// # });
/// ```
pub fn paginate<T, C, E, F, Fut>(
    first: C,
    max_items: Option<u64>,
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
        last_fingerprint: None,
        fetched: 0,
        yielded: 0,
        max_items,
        total: None,
        done: false,
    };
    stream::unfold(state, |mut st| async move {
        loop {
            if st.max_items.is_some_and(|m| st.yielded >= m) {
                return None;
            }
            if let Some(item) = st.buffer.pop_front() {
                st.yielded += 1;
                return Some((Ok(item), st));
            }
            if st.done {
                return None;
            }
            if st.total.is_some_and(|t| st.fetched >= t) {
                return None;
            }
            let cursor = st.cursor.take()?;
            if !st.seen.insert(cursor.clone()) {
                st.done = true;
                let e = Error::other(
                    ErrorKind::Decode,
                    "the server returned a page cursor it had already returned; stopping to avoid a loop",
                );
                return Some((Err(e), st));
            }
            match (st.fetch)(cursor).await {
                Err(e) => {
                    st.done = true;
                    return Some((Err(e), st));
                }
                Ok(page) => {
                    if page.items.is_empty() {
                        return None;
                    }
                    if let Some(fp) = page.fingerprint {
                        if st.last_fingerprint == Some(fp) {
                            st.done = true;
                            let e = Error::other(
                                ErrorKind::Decode,
                                "the server returned the same page twice; stopping to avoid a loop",
                            );
                            return Some((Err(e), st));
                        }
                        st.last_fingerprint = Some(fp);
                    }
                    if page.total.is_some() {
                        st.total = page.total;
                    }
                    st.fetched += page.items.len() as u64;
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
