//! Paginated lists as streams: next links followed on the configured origin only.

use std::fmt;
use std::marker::PhantomData;

use autoclient_common::{HttpClient, Page, Request, paginate};
use futures_util::{Stream, TryStreamExt};
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::models::Paginated;
use crate::{ApiError, Error, ErrorKind};

/// Where the next page is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Cursor {
    First,
    Link(String),
}

fn request_for(first: &Request, cursor: Cursor) -> Result<Request, Error> {
    match cursor {
        Cursor::First => Ok(first.clone()),
        // The link's scheme, host and port are dropped: the request goes to
        // the client's configured origin with the link's path and query
        // (put behind the base path unless it already starts with it).
        // A link that cannot be followed is the server's bad data, not the
        // caller's request: a decode error naming the field.
        Cursor::Link(link) => Request::get_link(&link).map_err(|e| {
            Error::other(
                ErrorKind::Decode,
                format!("the page's `next` link cannot be followed: {e}"),
            )
        }),
    }
    // Every page (its body, and its items) is fingerprinted, so that a
    // repeated page ends the stream.
    .map(|req| req.fingerprint(true))
}

/// Every item of a DRF-paginated list (`count`/`next`/`previous`/`results`).
pub(crate) fn stream_pages<T>(
    http: HttpClient,
    first: Request,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static
where
    T: DeserializeOwned + Serialize + Send + 'static,
{
    let limits = http.config().walk_limits();
    paginate(Cursor::First, limits, move |cursor| {
        let req = request_for(&first, cursor);
        let sent = req.map(|req| http.send_json::<Paginated<T>, ApiError>(req));
        async move {
            Ok(sent?.await?.into_page(|page| {
                Page::new(page.results)
                    .with_next(page.next.filter(|n| !n.is_empty()).map(Cursor::Link))
                    .with_total(Some(page.count))
                    .with_items_fingerprint()
            }))
        }
    })
}

/// A list whose shape is not documented: a plain array, or a page with
/// `results` (and `next`, `count` when present). Decoded in one pass, so a
/// failure keeps its JSON path (`[3].name`, `results[0].id`).
enum LooseList<T> {
    List(Vec<T>),
    Page(LoosePage<T>),
}

#[derive(Deserialize)]
struct LoosePage<T> {
    results: Vec<T>,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    count: Option<u64>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LooseList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = LooseList<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list, or a page of results (`count`/`next`/`results`)")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::<T>::deserialize(SeqAccessDeserializer::new(seq)).map(LooseList::List)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                LoosePage::<T>::deserialize(MapAccessDeserializer::new(map)).map(LooseList::Page)
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// A list whose shape is not documented: a plain array, or a DRF page whose
/// next links are followed; every item is read, within the client's page
/// and collected-item bounds ([`ErrorKind::WalkLimit`] past them). A body of another shape is
/// common's [`ErrorKind::Decode`](autoclient_common::ErrorKind::Decode) with
/// the status, headers, body and JSON path.
pub(crate) async fn loose_list<T>(http: HttpClient, first: Request) -> Result<Vec<T>, Error>
where
    T: DeserializeOwned + Serialize + Send + 'static,
{
    let limits = http.config().collect_limits();
    paginate(Cursor::First, limits, move |cursor| {
        let req = request_for(&first, cursor);
        let sent = req.map(|req| http.send_json::<LooseList<T>, ApiError>(req));
        async move {
            Ok(sent?.await?.into_page(|body| match body {
                LooseList::List(items) => Page::new(items),
                LooseList::Page(page) => Page::new(page.results)
                    .with_next(page.next.filter(|n| !n.is_empty()).map(Cursor::Link))
                    .with_total(page.count)
                    .with_items_fingerprint(),
            }))
        }
    })
    .try_collect()
    .await
}
