//! The paginator's stop rules.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use autoclient_common::{ErrorKind, Page, WalkLimits, paginate};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::Value;

type Error = autoclient_common::Error<Value>;

/// A fake server holding `n` items that serves pages of at most `cap` items
/// (whatever page size is asked), numbered from 1.
fn pages(n: usize, cap: usize) -> impl Fn(usize) -> Vec<usize> + Clone {
    move |page: usize| {
        let start = (page - 1) * cap;
        (start..(start + cap).min(n)).collect()
    }
}

#[tokio::test]
async fn stops_when_the_server_reports_no_next_page() {
    let serve = pages(25, 10);
    let fetches = Arc::new(AtomicUsize::new(0));
    let f = fetches.clone();
    let items: Vec<usize> = paginate(1usize, WalkLimits::default(), move |p| {
        f.fetch_add(1, Ordering::SeqCst);
        let items = serve(p);
        let next = (p < 3).then_some(p + 1);
        async move { Ok::<_, Error>(Page::new(items).with_next(next)) }
    })
    .try_collect()
    .await
    .unwrap();
    assert_eq!(items, (0..25).collect::<Vec<_>>());
    assert_eq!(fetches.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_page_shorter_than_asked_does_not_stop_the_walk() {
    // The caller asks for 100 per page; the server caps pages at 10 and
    // reports a total of 35.
    let serve = pages(35, 10);
    let items: Vec<usize> = paginate(1usize, WalkLimits::default(), move |p| {
        let items = serve(p);
        async move { Ok::<_, Error>(Page::new(items).with_next(Some(p + 1)).with_total(Some(35))) }
    })
    .try_collect()
    .await
    .unwrap();
    assert_eq!(items.len(), 35);
}

#[tokio::test]
async fn stops_when_the_total_is_reached_without_fetching_more() {
    let serve = pages(20, 10);
    let fetches = Arc::new(AtomicUsize::new(0));
    let f = fetches.clone();
    let items: Vec<usize> = paginate(1usize, WalkLimits::default(), move |p| {
        f.fetch_add(1, Ordering::SeqCst);
        let items = serve(p);
        async move { Ok::<_, Error>(Page::new(items).with_next(Some(p + 1)).with_total(Some(20))) }
    })
    .try_collect()
    .await
    .unwrap();
    assert_eq!(items.len(), 20);
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn stops_on_an_empty_page() {
    let serve = pages(30, 10);
    let items: Vec<usize> = paginate(1usize, WalkLimits::default(), move |p| {
        let items = serve(p);
        async move { Ok::<_, Error>(Page::new(items).with_next(Some(p + 1))) }
    })
    .try_collect()
    .await
    .unwrap();
    assert_eq!(items.len(), 30);
}

#[tokio::test]
async fn the_item_bound_ends_a_collected_walk_with_an_error() {
    let fetches = Arc::new(AtomicUsize::new(0));
    let f = fetches.clone();
    let limits = WalkLimits::default().with_max_items(Some(15));
    let err = paginate(1usize, limits, move |p| {
        f.fetch_add(1, Ordering::SeqCst);
        let items: Vec<usize> = ((p - 1) * 10..p * 10).collect();
        async move { Ok::<_, Error>(Page::new(items).with_next(Some(p + 1))) }
    })
    .try_collect::<Vec<usize>>()
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WalkLimit);
    assert!(
        err.to_string().contains("with_max_collected_items is 15"),
        "{err}"
    );
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_server_that_invents_pages_forever_is_stopped_at_the_page_bound() {
    let fetches = Arc::new(AtomicUsize::new(0));
    let f = fetches.clone();
    // Every page new, each with a next page: only the bound ends it.
    let results: Vec<Result<usize, Error>> =
        paginate(1usize, WalkLimits::default().with_max_pages(25), move |p| {
            f.fetch_add(1, Ordering::SeqCst);
            async move {
                Ok::<_, Error>(
                    Page::new(vec![p])
                        .with_next(Some(p + 1))
                        .with_fingerprint(p as u64),
                )
            }
        })
        .collect()
        .await;
    assert_eq!(fetches.load(Ordering::SeqCst), 25);
    assert_eq!(results.len(), 26);
    let err = results[25].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WalkLimit);
    let line = err.to_string();
    assert!(
        line.contains("after 25 pages") && line.contains("with_max_pages"),
        "{line}"
    );
}

#[tokio::test]
async fn the_default_page_bound_is_ten_thousand_pages() {
    assert_eq!(WalkLimits::default().max_pages(), 10_000);
    let fetches = Arc::new(AtomicUsize::new(0));
    let f = fetches.clone();
    let results: Vec<Result<usize, Error>> = paginate(1usize, WalkLimits::default(), move |p| {
        f.fetch_add(1, Ordering::SeqCst);
        async move { Ok::<_, Error>(Page::new(vec![p]).with_next(Some(p + 1))) }
    })
    .collect()
    .await;
    assert_eq!(fetches.load(Ordering::SeqCst), 10_000);
    assert_eq!(
        results.last().unwrap().as_ref().unwrap_err().kind(),
        ErrorKind::WalkLimit
    );
}

#[tokio::test]
async fn a_walk_that_ends_at_its_page_bound_is_complete() {
    let serve = pages(30, 10);
    let items: Vec<usize> = paginate(1usize, WalkLimits::default().with_max_pages(3), move |p| {
        let items = serve(p);
        let next = (p < 3).then_some(p + 1);
        async move { Ok::<_, Error>(Page::new(items).with_next(next)) }
    })
    .try_collect()
    .await
    .unwrap();
    assert_eq!(items.len(), 30);
}

#[tokio::test]
async fn a_server_that_returns_an_earlier_page_again_ends_the_stream_with_an_error() {
    // Pages 1, 2, 1, 2, ...: never the same page twice in a row.
    let results: Vec<Result<usize, Error>> = paginate(1usize, WalkLimits::default(), move |p| {
        let fp = (p % 2) as u64;
        async move {
            Ok::<_, Error>(
                Page::new(vec![p])
                    .with_next(Some(p + 1))
                    .with_fingerprint(fp),
            )
        }
    })
    .collect()
    .await;
    assert_eq!(results.len(), 3);
    let err = results[2].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.to_string().contains("already returned"), "{err}");
}

#[tokio::test]
async fn a_server_that_repeats_a_page_ends_the_stream_with_an_error() {
    // The server ignores the page parameter and always sends page 1.
    let results: Vec<Result<u32, Error>> =
        paginate(1usize, WalkLimits::default(), move |p| async move {
            Ok::<_, Error>(
                Page::new(vec![1, 2, 3])
                    .with_next(Some(p + 1))
                    .with_fingerprint(42),
            )
        })
        .collect()
        .await;
    assert_eq!(results.len(), 4);
    let err = results[3].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.to_string().contains("a page it had already returned"));
}

#[tokio::test]
async fn a_server_that_repeats_a_cursor_ends_the_stream_with_an_error() {
    let results: Vec<Result<u32, Error>> = paginate(
        "a".to_string(),
        WalkLimits::default(),
        move |c: String| async move {
            let next = if c == "a" { "b" } else { "a" };
            Ok::<_, Error>(Page::new(vec![1]).with_next(Some(next.to_string())))
        },
    )
    .collect()
    .await;
    assert_eq!(results.len(), 3);
    assert!(results[2].is_err());
}

#[tokio::test]
async fn a_fetch_error_ends_the_stream() {
    let results: Vec<Result<u32, Error>> =
        paginate(1usize, WalkLimits::default(), move |p| async move {
            if p == 2 {
                Err(Error::other(ErrorKind::Server, "down"))
            } else {
                Ok(Page::new(vec![7]).with_next(Some(p + 1)))
            }
        })
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[1].as_ref().unwrap_err().kind(), ErrorKind::Server);
}

#[tokio::test]
async fn a_page_that_adds_no_new_items_under_a_new_cursor_ends_the_stream_with_an_error() {
    // The server ignores the page asked for and answers page 1's items
    // under the number asked: every body differs, the items do not.
    let fetches = Arc::new(AtomicUsize::new(0));
    let f = fetches.clone();
    let results: Vec<Result<u32, Error>> = paginate(1usize, WalkLimits::default(), move |p| {
        f.fetch_add(1, Ordering::SeqCst);
        async move {
            Ok::<_, Error>(
                Page::new(vec![1, 2, 3])
                    .with_next(Some(p + 1))
                    .with_fingerprint(p as u64)
                    .with_items_fingerprint()
                    .with_request(reqwest::Method::GET, "/v1/items"),
            )
        }
    })
    .collect()
    .await;
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    assert_eq!(results.len(), 4);
    let err = results[3].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.to_string().starts_with("GET /v1/items: "), "{err}");
    assert!(
        err.to_string().contains("items it had already returned"),
        "{err}"
    );
}

#[tokio::test]
async fn a_walk_limit_error_names_the_request_of_the_last_page() {
    let err = paginate(
        1usize,
        WalkLimits::default().with_max_pages(2),
        move |p| async move {
            Ok::<_, Error>(
                Page::new(vec![p])
                    .with_next(Some(p + 1))
                    .with_request(reqwest::Method::GET, "/v1/stock"),
            )
        },
    )
    .try_collect::<Vec<usize>>()
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WalkLimit);
    assert_eq!(err.path(), Some("/v1/stock"));
    assert!(
        err.to_string()
            .starts_with("GET /v1/stock: walk limit reached: "),
        "{err}"
    );
}
