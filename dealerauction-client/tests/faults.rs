//! Faults no mock server shows, from a loopback TCP server that misbehaves on
//! purpose ([`run_fault_suite`]), against a read (`get_stock`) and a create
//! (`create_stock`): each ends in a typed error of the right kind within its
//! deadline, never a panic or a hang; the read is retried, the create is not
//! (its outcome is unknown once it may have reached the server).

use dealerauction_client::StockId;
use dealerauction_client::models::*;
use dealerauction_client::{Client, ClientConfig};
use testkit::{FaultCall, run_fault_suite};

const USERNAME: &str = "faults-dealer";
const PASSWORD: &str = "faults-secret-password-31415";

fn client(url: &str, config: ClientConfig) -> Client {
    Client::builder(USERNAME, PASSWORD)
        .base_url(url)
        .config(config)
        .build()
        .unwrap()
}

fn item() -> NewStockItem {
    let vehicle = NewVehicle::new(
        VehicleCategory::Car,
        OwnershipCondition::Used,
        "Ford",
        "Fiesta",
        VehicleHistory::clean(),
    )
    .vrm("AB17ABC")
    .colour("Blue")
    .mileage(30_000);
    NewStockItem::new("123456", vehicle)
        .metadata(Metadata::new().external_stock_id("EXT-AB17ABC"))
        .image(NewImage::new("https://example.com/1.jpg"))
        .advert(
            NewAdvert::new().state(AdvertState::Inactive).auction(
                Auction::new(AuctionType::Bid)
                    .reserve_price(Price::gbp(3_000))
                    .asking_price(Price::gbp(3_500)),
            ),
        )
}

/// `Basic base64(user:password)`, written out so the test needs no encoder crate.
fn basic() -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let raw = format!("{USERNAME}:{PASSWORD}");
    let mut out = String::new();
    for chunk in raw.as_bytes().chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    format!("Basic {out}")
}

#[tokio::test]
async fn get_stock_is_retried_through_every_fault() {
    let call = FaultCall::new(
        "get_stock",
        "GET",
        "/v1/stock/stk-123",
        true,
        |url: String, config| client(&url, config).get_stock(&StockId::new("stk-123")),
    )
    .authorization(basic())
    .wrong_shape(br#"{"id": 7}"#.to_vec(), "");
    let failed = run_fault_suite(&call).await;
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[tokio::test]
async fn create_stock_is_sent_once_through_every_fault() {
    let new = item();
    let call = FaultCall::new(
        "create_stock",
        "POST",
        "/v1/stock",
        false,
        |url: String, config| client(&url, config).create_stock(&new),
    )
    .authorization(basic())
    .wrong_shape(br#"{"id": 7}"#.to_vec(), "");
    let failed = run_fault_suite(&call).await;
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
