use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

autoclient_common::open_enum! {
    /// A vehicle's stock status. The server defaults to `disponible` when none is sent.
    pub enum VehicleStatus {
        /// Available (`disponible`).
        Disponible = "disponible",
        /// Reserved (`reservado`).
        Reservado = "reservado",
        /// Sold (`vendido`).
        Vendido = "vendido",
        /// In transit (`transito`).
        Transito = "transito",
        /// Withdrawn from stock (`baja`).
        Baja = "baja",
    }
}

autoclient_common::open_string! {
    /// A fuel type, sent verbatim.
    ///
    /// The documentation contradicts itself: its field table lists English
    /// values, its request example sends Spanish `gasolina`. Both sets are
    /// named here and neither is translated into the other: send what your
    /// Auterio account expects.
    pub struct FuelType {
        /// `gasoline` (field table).
        GASOLINE = "gasoline",
        /// `diesel` (field table).
        DIESEL = "diesel",
        /// `electric` (field table).
        ELECTRIC = "electric",
        /// `hybrid` (field table).
        HYBRID = "hybrid",
        /// `gasolina` (request example).
        GASOLINA = "gasolina",
    }
}

autoclient_common::open_string! {
    /// A transmission type, sent verbatim.
    ///
    /// The field table lists `manual` and `automatic`; the request example
    /// sends Spanish `automático`. Both are named; neither is translated.
    pub struct Gearbox {
        /// `manual` (field table).
        MANUAL = "manual",
        /// `automatic` (field table).
        AUTOMATIC = "automatic",
        /// `automático` (request example).
        AUTOMATICO = "automático",
    }
}

/// One vehicle of an ingest, with every documented field.
///
/// `vin`, `brand` and `model` are required by construction ([`Vehicle::new`]);
/// every other field is optional and left out of the JSON when unset.
/// Decoding (from a file, for instance) ignores fields it does not know.
///
/// ```
/// use auterio_client::{Decimal, FuelType, Gearbox, Vehicle, VehicleStatus};
///
/// let golf = Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf")
///     .version("GTI 2.0 TSI")
///     .year(2024)
///     .fuel_type(FuelType::GASOLINA)
///     .gearbox(Gearbox::AUTOMATICO)
///     .mileage(15_000)
///     .sale_price(Decimal::new(34_500, 0))
///     .status(VehicleStatus::Disponible);
/// assert_eq!(golf.vin, "WVWZZZE1ZNP123456");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Vehicle {
    /// Vehicle Identification Number (required; the upsert key).
    pub vin: String,
    /// Brand, e.g. Volkswagen (required).
    pub brand: String,
    /// Model, e.g. Golf (required).
    pub model: String,
    /// License plate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matricula: Option<String>,
    /// Trim / version, e.g. GTI 2.0 TSI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Registration year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Exterior colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_ext: Option<String>,
    /// Interior colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_int: Option<String>,
    /// Fuel type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuel_type: Option<FuelType>,
    /// Transmission type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gearbox: Option<Gearbox>,
    /// Mileage in km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mileage: Option<u32>,
    /// Engine displacement in cc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_cc: Option<u32>,
    /// Power in HP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_hp: Option<u32>,
    /// Number of doors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doors: Option<u8>,
    /// Number of seats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<u8>,
    /// Cost price (excl. VAT), exact.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "autoclient_common::wire::decimal_opt"
    )]
    pub cost_price: Option<Decimal>,
    /// Sale price (retail), exact.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "autoclient_common::wire::decimal_opt"
    )]
    pub sale_price: Option<Decimal>,
    /// Stock status (the server defaults to `disponible`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<VehicleStatus>,
    /// Vehicle location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Supplier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    /// First registration date, sent as YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::iso_date_opt::serialize")]
    pub fecha_matricula: Option<NaiveDate>,
    /// Owning company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub propiedad: Option<String>,
    /// Vehicle category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categoria: Option<String>,
    /// Additional notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

macro_rules! setters {
    ($( $(#[$m:meta])* $name:ident : $ty:ty ),* $(,)?) => {
        $(
            $(#[$m])*
            #[must_use = "a setter returns the changed vehicle; it does not change it in place"]
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.$name = Some(value.into());
                self
            }
        )*
    };
}

macro_rules! number_setters {
    ($( $(#[$m:meta])* $name:ident : $ty:ty ),* $(,)?) => {
        $(
            $(#[$m])*
            #[must_use = "a setter returns the changed vehicle; it does not change it in place"]
            pub fn $name(mut self, value: $ty) -> Self {
                self.$name = Some(value);
                self
            }
        )*
    };
}

impl Vehicle {
    /// A vehicle with its three required fields.
    #[must_use]
    pub fn new(vin: impl Into<String>, brand: impl Into<String>, model: impl Into<String>) -> Self {
        Self {
            vin: vin.into(),
            brand: brand.into(),
            model: model.into(),
            matricula: None,
            version: None,
            year: None,
            color_ext: None,
            color_int: None,
            fuel_type: None,
            gearbox: None,
            mileage: None,
            engine_cc: None,
            power_hp: None,
            doors: None,
            seats: None,
            cost_price: None,
            sale_price: None,
            status: None,
            location: None,
            supplier: None,
            fecha_matricula: None,
            propiedad: None,
            categoria: None,
            notes: None,
        }
    }

    setters! {
        /// Sets the license plate.
        matricula: String,
        /// Sets the trim / version.
        version: String,
        /// Sets the exterior colour.
        color_ext: String,
        /// Sets the interior colour.
        color_int: String,
        /// Sets the fuel type.
        fuel_type: FuelType,
        /// Sets the transmission type.
        gearbox: Gearbox,
        /// Sets the cost price (excl. VAT).
        cost_price: Decimal,
        /// Sets the sale price.
        sale_price: Decimal,
        /// Sets the stock status.
        status: VehicleStatus,
        /// Sets the location.
        location: String,
        /// Sets the supplier.
        supplier: String,
        /// Sets the first registration date.
        fecha_matricula: NaiveDate,
        /// Sets the owning company.
        propiedad: String,
        /// Sets the category.
        categoria: String,
        /// Sets the notes.
        notes: String,
    }

    number_setters! {
        /// Sets the registration year.
        year: u16,
        /// Sets the mileage in km.
        mileage: u32,
        /// Sets the engine displacement in cc.
        engine_cc: u32,
        /// Sets the power in HP.
        power_hp: u32,
        /// Sets the number of doors.
        doors: u8,
        /// Sets the number of seats.
        seats: u8,
    }

    /// Runs the client-side checks (see [`crate::check_vehicle`]).
    #[must_use = "check only reports the rules broken; it changes nothing"]
    pub fn check(&self) -> Vec<autoclient_common::Violation> {
        crate::checks::check_vehicle(self, "")
    }
}
