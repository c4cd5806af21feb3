use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{paging_setters, setters};
use crate::{CustomerId, Paging, VehicleId};

/// A vehicle.
///
/// The documentation shows no vehicle response; this is the create body's
/// fields plus `id` (an assumption); every other field the server sends is
/// kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Vehicle {
    /// The vehicle's id.
    pub id: VehicleId,
    /// The owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<CustomerId>,
    /// Model year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Make, e.g. Ford.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    /// Model, e.g. F-150.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// VIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vin: Option<String>,
    /// License plate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_plate: Option<String>,
    /// Current mileage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mileage: Option<u32>,
    /// Every other field the server sends.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The body of `POST /v1/shops/{shop_id}/vehicles`.
///
/// A VIN that is not 17 characters is refused before sending (the
/// documentation says "17-character VIN").
///
/// ```
/// use autosync_client::{CustomerId, NewVehicle};
/// use autosync_client::serde_json;
/// let truck = NewVehicle::new(CustomerId(42), 2021, "Ford", "F-150")
///     .vin("1FTFW1E50MFA00001")
///     .mileage(32_000);
/// assert_eq!(serde_json::to_value(&truck).unwrap()["customer_id"], 42);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
#[must_use = "a request body does nothing until you pass it to a Client call"]
pub struct NewVehicle {
    /// Owner customer id (required).
    pub customer_id: CustomerId,
    /// Vehicle year (required).
    pub year: u16,
    /// Make (required).
    pub make: String,
    /// Model (required).
    pub model: String,
    /// 17-character VIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vin: Option<String>,
    /// License plate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_plate: Option<String>,
    /// Current mileage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mileage: Option<u32>,
}

impl NewVehicle {
    /// A vehicle with its four required fields.
    pub fn new(
        customer_id: CustomerId,
        year: u16,
        make: impl Into<String>,
        model: impl Into<String>,
    ) -> Self {
        Self {
            customer_id,
            year,
            make: make.into(),
            model: model.into(),
            vin: None,
            license_plate: None,
            mileage: None,
        }
    }
    setters! {
        /// Sets `vin` (17 characters).
        vin: String,
        /// Sets `license_plate`.
        license_plate: String,
    }
    /// Sets `mileage`.
    pub fn mileage(mut self, mileage: u32) -> Self {
        self.mileage = Some(mileage);
        self
    }
}

/// The query of `GET /v1/shops/{shop_id}/vehicles`.
///
/// ```
/// use autosync_client::{CustomerId, VehicleQuery};
/// let q = VehicleQuery::new().customer_id(CustomerId(42)).license_plate("ABC1234");
/// assert_eq!(q.customer_id, Some(CustomerId(42)));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
#[must_use = "a query does nothing until you pass it to a list_… or stream_… call"]
pub struct VehicleQuery {
    /// `customer_id`.
    pub customer_id: Option<CustomerId>,
    /// `vin`.
    pub vin: Option<String>,
    /// `license_plate`.
    pub license_plate: Option<String>,
    /// `page` and `per_page`.
    pub paging: Paging,
}

impl VehicleQuery {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }
    setters! {
        /// Sets `customer_id`.
        customer_id: CustomerId,
        /// Sets `vin`.
        vin: String,
        /// Sets `license_plate`.
        license_plate: String,
    }
    paging_setters!();
}
