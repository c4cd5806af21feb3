//! A reconcile run again on the same inventory sends nothing that changes
//! anything: zero POST or PATCH requests.

use crate::sync_support;

use dealerauction_client::mock::{MOCK_CUSTOMER_ID, MockDealerAuction};
use sync_support::*;

#[tokio::test]
async fn the_second_run_sends_no_create_and_no_patch() {
    let mock = MockDealerAuction::start().await;
    let client = mock.client();
    let want = inventory();
    let first = client
        .reconcile(MOCK_CUSTOMER_ID, want.clone())
        .deactivate_missing(true)
        .concurrency(3)
        .await;
    assert!(first.is_complete(), "{first}");
    assert_eq!(first.created(), want.len());
    let after_first = mutating_requests(&mock).await;
    assert_eq!(after_first, want.len());

    let second = client
        .reconcile(MOCK_CUSTOMER_ID, want.clone())
        .deactivate_missing(true)
        .concurrency(3)
        .await;
    assert!(second.is_complete(), "{second}");
    assert_eq!(second.unchanged(), want.len(), "{second}");
    assert_eq!(second.changes(), 0);
    assert_eq!(
        mutating_requests(&mock).await,
        after_first,
        "the second run changed something"
    );
    assert_converged(&mock, &want);
}
