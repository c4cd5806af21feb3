//! Fixtures shared by the tests and the benchmarks (`#[path]`-included by
//! the benchmarks, a module of `tests/main.rs` for the tests).

use dealerauction_client::models::*;
use dealerauction_client::{Client, RetryPolicy};
use rust_decimal::Decimal;
use wiremock::MockServer;

/// The documentation's create example (`POST /v1/stock`).
pub fn new_item() -> NewStockItem {
    let vehicle = NewVehicle::new(
        VehicleCategory::Car,
        OwnershipCondition::New,
        "Citroen",
        "Saxo",
        VehicleHistory::clean(),
    )
    .vrm("ab17 abc")
    .mileage(51_234)
    .year_of_manufacture(2018)
    .date_of_registration(chrono::NaiveDate::from_ymd_opt(2018, 6, 1).expect("date"))
    .derivative("1.5")
    .insurance_group("10")
    .plate("17")
    .engine_size(EngineSize::new(EngineSizeUnit::Litre, Decimal::new(12, 1)))
    .service_history(ServiceHistory::FullServiceHistory)
    .writeoff_category(WriteoffCategory::C);
    NewStockItem::new("123456", vehicle)
        .metadata(
            Metadata::new()
                .external_stock_id("string")
                .external_vendor_id("string"),
        )
        .advert(
            NewAdvert::new()
                .state(AdvertState::Inactive)
                .auction(
                    Auction::new(AuctionType::Bid)
                        .lot_id("12")
                        .starting_price(Price::gbp(1500))
                        .reserve_price(Price::gbp(1500)),
                )
                .attention_grabber("This is a really great car")
                .trade_vat_status(TradeVatStatus::Marginal),
        )
        .feature(Feature::new("DAB Radio").standard(false))
        .condition(
            Condition::new()
                .grade(ConditionGrade::One)
                .damage(DamageItem::new(DamageZone::Windscreen, DamageType::Broken)),
        )
        .video_url("https://www.youtube.com/watch?v=yIQd2Ya0Ziw&ab_channel=Calm")
        .image(NewImage::new("https://example.com/1.jpg").tag(ImageTag::FrontNearside))
        .additional_data({
            let mut answers = AdditionalDataFields::default();
            answers.taxi = Some(true);
            answers
        })
}

/// A client of the wiremock server `s` that never retries, so that every
/// request a test expects is sent exactly once.
#[allow(
    dead_code,
    reason = "the benchmarks include this file and use no wiremock server"
)]
pub fn client_without_retries(s: &MockServer) -> Client {
    Client::builder("username", "password")
        .base_url(s.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}
