//! Numbers where the schema says string (`LooseString`): integers are kept
//! exactly, fractions as their shortest `f64` text, and written back as
//! strings.

use autoclient_common::wire::LooseString;
use dealerauction_client::models::*;
use serde_json::json;

#[test]
fn integers_are_kept_exactly_and_fractions_as_their_shortest_f64_text() {
    let read = |json: &str| serde_json::from_str::<LooseString>(json).unwrap();
    assert_eq!(read("202304198054016").as_str(), "202304198054016");
    assert_eq!(
        read("18446744073709551615").as_str(),
        "18446744073709551615"
    );
    assert_eq!(
        read("-9223372036854775808").as_str(),
        "-9223372036854775808"
    );
    assert_eq!(read("\"2.0\"").as_str(), "2.0");
    // Documented behaviour: a fractional number passes through f64.
    assert_eq!(read("2.0").as_str(), "2");
    assert_eq!(read("1.50").as_str(), "1.5");
    assert_eq!(read("1e3").as_str(), "1000");
    // Beyond the 64-bit range an integer is an f64 too: digits are lost.
    let big = read("123456789012345678901234");
    assert_ne!(big.as_str(), "123456789012345678901234");
    assert!(big.as_str().starts_with("1234567890123456") && big.as_str().len() == 24);

    let summary: StockSummary = serde_json::from_value(
        json!({"id": "s1", "customerId": 2.0, "publicReference": 202304198054016_u64}),
    )
    .unwrap();
    assert_eq!(summary.customer_id.as_ref().unwrap().as_str(), "2");
    let back = serde_json::to_value(&summary).unwrap();
    assert_eq!(back["customerId"], "2");
    assert_eq!(back["publicReference"], "202304198054016");
}
