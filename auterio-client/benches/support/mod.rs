//! The benchmarks' shared inventory and client.

use auterio_client::{Client, FuelType, Gearbox, Vehicle, VehicleStatus};
use rust_decimal::Decimal;

/// `n` vehicles with the fields a dealer's feed typically fills, each with
/// its own VIN.
pub fn vehicles(n: usize) -> Vec<Vehicle> {
    (0..n)
        .map(|i| {
            Vehicle::new(format!("VSSZZZ6JZ{i:08}"), "SEAT", "Ibiza")
                .version("FR 1.0 TSI")
                .year(2021)
                .color_ext("Rojo")
                .fuel_type(FuelType::GASOLINE)
                .gearbox(Gearbox::MANUAL)
                .mileage(31_000)
                .power_hp(110)
                .cost_price(Decimal::new(1_120_050, 2))
                .sale_price(Decimal::from(13_990))
                .status(VehicleStatus::Disponible)
        })
        .collect()
}

/// A client of `base` (the benchmark's local server) with the benchmarks' key.
#[allow(dead_code, reason = "the codec benchmark sends nothing")]
pub fn client(base: &str) -> Client {
    Client::builder("bench-key")
        .base_url(base)
        .build()
        .expect("client")
}
