//! Paginated lists as streams: next links followed on the configured origin only.

use autoclient_common::{ErrorKind, HttpClient, Page, Request, paginate};
use futures_util::{Stream, TryStreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::models::Paginated;
use crate::{ApiError, Error};

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
        // the client's configured origin with the link's path and query.
        Cursor::Link(link) => Request::get_link(&link).map_err(Error::invalid_request),
    }
}

/// Every item of a DRF-paginated list (`count`/`next`/`previous`/`results`).
pub(crate) fn stream_pages<T>(
    http: HttpClient,
    first: Request,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static
where
    T: DeserializeOwned + Send + 'static,
{
    paginate(Cursor::First, None, move |cursor| {
        let http = http.clone();
        let req = request_for(&first, cursor);
        async move {
            let resp = http.send_json::<Paginated<T>, ApiError>(req?).await?;
            let fp = resp.fingerprint();
            let page = resp.into_body();
            Ok(Page::new(page.results)
                .with_next(page.next.filter(|n| !n.is_empty()).map(Cursor::Link))
                .with_total(Some(page.count))
                .with_fingerprint(fp))
        }
    })
}

fn decode_value<T: DeserializeOwned>(v: Value) -> Result<T, Error> {
    serde_json::from_value(v).map_err(|e| {
        Error::other(
            ErrorKind::Decode,
            format!("the catalog response did not decode: {e}"),
        )
    })
}

/// A list whose shape is not documented: a plain array, or a DRF page whose
/// next links are followed; every item is read.
pub(crate) async fn loose_list<T>(http: HttpClient, first: Request) -> Result<Vec<T>, Error>
where
    T: DeserializeOwned + Send + 'static,
{
    paginate(Cursor::First, None, move |cursor| {
        let http = http.clone();
        let req = request_for(&first, cursor);
        async move {
            let resp = http.send_json::<Value, ApiError>(req?).await?;
            let fp = resp.fingerprint();
            match resp.into_body() {
                v @ Value::Array(_) => Ok(Page::new(decode_value::<Vec<T>>(v)?)),
                Value::Object(mut map) if map.contains_key("results") => {
                    let items = decode_value::<Vec<T>>(map.remove("results").unwrap_or_default())?;
                    let next = map
                        .get("next")
                        .and_then(Value::as_str)
                        .filter(|n| !n.is_empty())
                        .map(|n| Cursor::Link(n.to_owned()));
                    let total = map.get("count").and_then(Value::as_u64);
                    Ok(Page::new(items)
                        .with_next(next)
                        .with_total(total)
                        .with_fingerprint(fp))
                }
                other => Err(Error::other(
                    ErrorKind::Decode,
                    format!(
                        "expected a list or a page of results, got {}",
                        match other {
                            Value::Object(_) => "an object without `results`",
                            Value::Null => "null",
                            Value::String(_) => "a string",
                            Value::Number(_) => "a number",
                            Value::Bool(_) => "a boolean",
                            Value::Array(_) => "an array",
                        }
                    ),
                )),
            }
        }
    })
    .try_collect()
    .await
}
