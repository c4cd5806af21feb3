//! The body of a create (`POST /v1/stock`): only the fields a client may set.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::CustomerId;

use super::{
    AdditionalDataFields, AdvertState, Auction, Condition, EngineSize, Feature, ImageTag, Metadata,
    OwnershipCondition, ServiceHistory, TradeVatStatus, VehicleCategory, WriteoffCategory,
};

/// Normalizes a VRM the way the API stores it: upper case, without spaces.
///
/// ```
/// assert_eq!(dealerauction_client::normalize_vrm(" ab17 abc "), "AB17ABC");
/// ```
#[must_use = "this only computes a value: use it"]
pub fn normalize_vrm(vrm: &str) -> String {
    vrm.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A stock item to create. `customerId`, `metadata` and `vehicle` are required
/// by construction; `features` and `images` are always sent (the API requires
/// both; send at least one image).
///
/// ```
/// use dealerauction_client::models::*;
/// use dealerauction_client::Decimal;
///
/// let vehicle = NewVehicle::new(
///     VehicleCategory::Car, OwnershipCondition::Used, "Citroen", "Saxo", VehicleHistory::clean(),
/// )
/// .vrm("ab17 abc")
/// .mileage(51_234);
/// let item = NewStockItem::new("123456", vehicle)
///     .metadata(Metadata::new().external_stock_id("STK-1"))
///     .image(NewImage::new("https://example.com/front.jpg").tag(ImageTag::FrontNearside))
///     .advert(
///         NewAdvert::new()
///             .state(AdvertState::Inactive)
///             .auction(Auction::new(AuctionType::Bid).reserve_price(Price::gbp(Decimal::from(1_500)))),
///     );
/// assert_eq!(item.vehicle.vrm.as_deref(), Some("AB17ABC"));
/// assert!(item.check().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[must_use = "pass it to a call (or to the builder it belongs to): building it sends nothing"]
pub struct NewStockItem {
    /// Your identifiers (the object is required; its fields are optional).
    #[serde(default)]
    pub metadata: Metadata,
    /// Your customer account id.
    pub customer_id: CustomerId,
    /// The vehicle.
    pub vehicle: NewVehicle,
    /// The advert. Without one the vehicle is not advertised; once added it can
    /// never be removed (deactivate it with `advert.state`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advert: Option<NewAdvert>,
    /// The features (sent as `[]` when there are none).
    #[serde(default)]
    pub features: Vec<Feature>,
    /// An externally hosted PDF condition report (at most 500 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition_report_url: Option<String>,
    /// Grading and damage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// A YouTube video URL (the only supported host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_url: Option<String>,
    /// Publicly accessible image URLs, in display order (at least one).
    #[serde(default)]
    pub images: Vec<NewImage>,
    /// The vehicle is not sold past this instant; an auction must end before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub available_until: Option<DateTime<Utc>>,
    /// The network to place the vehicle into (the server chooses when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_network: Option<String>,
    /// Consumer Direct questions and answers (documented keys only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_data: Option<AdditionalDataFields>,
}

impl NewStockItem {
    /// A stock item for `customer_id` with `vehicle`, empty metadata, no
    /// features and no images yet.
    pub fn new(customer_id: impl Into<CustomerId>, vehicle: NewVehicle) -> Self {
        Self {
            metadata: Metadata::default(),
            customer_id: customer_id.into(),
            vehicle,
            advert: None,
            features: Vec::new(),
            condition_report_url: None,
            condition: None,
            video_url: None,
            images: Vec::new(),
            available_until: None,
            requested_network: None,
            additional_data: None,
        }
    }
    /// Sets the metadata.
    pub fn metadata(mut self, m: Metadata) -> Self {
        self.metadata = m;
        self
    }
    /// Sets the advert.
    pub fn advert(mut self, a: NewAdvert) -> Self {
        self.advert = Some(a);
        self
    }
    /// Adds a feature.
    pub fn feature(mut self, f: Feature) -> Self {
        self.features.push(f);
        self
    }
    /// Sets the condition report URL.
    pub fn condition_report_url(mut self, url: impl Into<String>) -> Self {
        self.condition_report_url = Some(url.into());
        self
    }
    /// Sets the condition.
    pub fn condition(mut self, c: Condition) -> Self {
        self.condition = Some(c);
        self
    }
    /// Sets the video URL.
    pub fn video_url(mut self, url: impl Into<String>) -> Self {
        self.video_url = Some(url.into());
        self
    }
    /// Adds an image (displayed in the order added).
    pub fn image(mut self, i: NewImage) -> Self {
        self.images.push(i);
        self
    }
    /// Sets `availableUntil`.
    pub fn available_until(mut self, t: DateTime<Utc>) -> Self {
        self.available_until = Some(t);
        self
    }
    /// Sets the requested network.
    pub fn requested_network(mut self, n: impl Into<String>) -> Self {
        self.requested_network = Some(n.into());
        self
    }
    /// Sets the Consumer Direct answers.
    pub fn additional_data(mut self, a: AdditionalDataFields) -> Self {
        self.additional_data = Some(a);
        self
    }
    /// Every documented rule this item breaks (see [`crate::check_new_stock`]).
    #[must_use = "this only computes a value: use it"]
    pub fn check(&self) -> Vec<autoclient_common::Violation> {
        crate::checks::check_new_stock(self)
    }
}

/// The four declarations the API requires about a vehicle's history.
///
/// There is no default: say what is true ([`VehicleHistory::clean`] when none
/// applies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[must_use = "pass it to a call (or to the builder it belongs to): building it sends nothing"]
pub struct VehicleHistory {
    /// Reported stolen.
    pub stolen: bool,
    /// Imported.
    pub imported: bool,
    /// Exported.
    pub exported: bool,
    /// Scrapped.
    pub scrapped: bool,
}

impl VehicleHistory {
    /// Not stolen, imported, exported or scrapped.
    pub fn clean() -> Self {
        Self {
            stolen: false,
            imported: false,
            exported: false,
            scrapped: false,
        }
    }
}

/// The vehicle of a stock item to create. `derivativeId` is resolved by the
/// server and cannot be sent. The VRM setter normalizes it (upper case, no spaces).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[must_use = "pass it to a call (or to the builder it belongs to): building it sends nothing"]
pub struct NewVehicle {
    /// The registration (upper case, no spaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vrm: Option<String>,
    /// Car, Bike or Van.
    pub category: VehicleCategory,
    /// The mileage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mileage: Option<u32>,
    /// The year of manufacture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_of_manufacture: Option<u16>,
    /// The date of first registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::iso_date_opt::serialize")]
    pub date_of_registration: Option<NaiveDate>,
    /// New or used.
    pub ownership_condition: OwnershipCondition,
    /// The VIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vin: Option<String>,
    /// The make.
    pub make: String,
    /// The model.
    pub model: String,
    /// The derivative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derivative: Option<String>,
    /// The trim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trim: Option<String>,
    /// The body type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_type: Option<String>,
    /// The fuel type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuel_type: Option<String>,
    /// The transmission type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transmission_type: Option<String>,
    /// The drive train.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drive_train: Option<String>,
    /// The number of doors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doors: Option<u32>,
    /// The number of keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<u32>,
    /// The industry-standard insurance group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurance_group: Option<String>,
    /// The industry-standard insurance security code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurance_security_code: Option<String>,
    /// Whether the V5 certificate is supplied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v5_certification_supplied: Option<bool>,
    /// The colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// The engine number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_number: Option<String>,
    /// The number of cylinders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cylinders: Option<u32>,
    /// The engine size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_size: Option<EngineSize>,
    /// The MOT expiry date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::iso_date_opt::serialize")]
    pub mot_expiry: Option<NaiveDate>,
    /// The service history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_history: Option<ServiceHistory>,
    /// The numerical part of the VRM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
    /// Previous owners, not counting the current seller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_owners: Option<u32>,
    /// Whether it is an ex-demonstrator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ex_demo: Option<bool>,
    /// Reported stolen.
    pub stolen: bool,
    /// Imported.
    pub imported: bool,
    /// Exported.
    pub exported: bool,
    /// Scrapped.
    pub scrapped: bool,
    /// The insurance write-off category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub writeoff_category: Option<WriteoffCategory>,
}

macro_rules! number_setters {
    ($( $(#[$m:meta])* $name:ident : $ty:ty ),* $(,)?) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, value: $ty) -> Self {
                self.$name = Some(value);
                self
            }
        )*
    };
}

macro_rules! setters {
    ($( $(#[$m:meta])* $name:ident : $ty:ty ),* $(,)?) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.$name = Some(value.into());
                self
            }
        )*
    };
}

impl NewVehicle {
    /// A vehicle with its required fields.
    pub fn new(
        category: VehicleCategory,
        ownership_condition: OwnershipCondition,
        make: impl Into<String>,
        model: impl Into<String>,
        history: VehicleHistory,
    ) -> Self {
        Self {
            vrm: None,
            category,
            mileage: None,
            year_of_manufacture: None,
            date_of_registration: None,
            ownership_condition,
            vin: None,
            make: make.into(),
            model: model.into(),
            derivative: None,
            trim: None,
            body_type: None,
            fuel_type: None,
            transmission_type: None,
            drive_train: None,
            doors: None,
            keys: None,
            insurance_group: None,
            insurance_security_code: None,
            v5_certification_supplied: None,
            colour: None,
            engine_number: None,
            cylinders: None,
            engine_size: None,
            mot_expiry: None,
            service_history: None,
            plate: None,
            previous_owners: None,
            ex_demo: None,
            stolen: history.stolen,
            imported: history.imported,
            exported: history.exported,
            scrapped: history.scrapped,
            writeoff_category: None,
        }
    }

    /// Sets the VRM, normalized (upper case, no spaces).
    pub fn vrm(mut self, vrm: &str) -> Self {
        self.vrm = Some(normalize_vrm(vrm));
        self
    }

    number_setters! {
        /// Sets the mileage.
        mileage: u32,
        /// Sets the year of manufacture.
        year_of_manufacture: u16,
        /// Sets the number of doors.
        doors: u32,
        /// Sets the number of keys.
        keys: u32,
        /// Sets the number of cylinders.
        cylinders: u32,
        /// Sets the number of previous owners.
        previous_owners: u32,
    }

    setters! {
        /// Sets the date of first registration.
        date_of_registration: NaiveDate,
        /// Sets the VIN.
        vin: String,
        /// Sets the derivative.
        derivative: String,
        /// Sets the trim.
        trim: String,
        /// Sets the body type.
        body_type: String,
        /// Sets the fuel type.
        fuel_type: String,
        /// Sets the transmission type.
        transmission_type: String,
        /// Sets the drive train.
        drive_train: String,
        /// Sets the insurance group.
        insurance_group: String,
        /// Sets the insurance security code.
        insurance_security_code: String,
        /// Sets whether the V5 certificate is supplied.
        v5_certification_supplied: bool,
        /// Sets the colour.
        colour: String,
        /// Sets the engine number.
        engine_number: String,
        /// Sets the engine size.
        engine_size: EngineSize,
        /// Sets the MOT expiry date.
        mot_expiry: NaiveDate,
        /// Sets the service history.
        service_history: ServiceHistory,
        /// Sets the numerical part of the VRM.
        plate: String,
        /// Sets whether it is an ex-demonstrator.
        ex_demo: bool,
        /// Sets the write-off category.
        writeoff_category: WriteoffCategory,
    }
}

/// The advert of a stock item to create (its dates are server-managed).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[must_use = "pass it to a call (or to the builder it belongs to): building it sends nothing"]
pub struct NewAdvert {
    /// ACTIVE or INACTIVE: the recommended way to control whether it is live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<AdvertState>,
    /// The auction settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auction: Option<Auction>,
    /// Deprecated by the API: use `state`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub start_date: Option<DateTime<Utc>>,
    /// Deprecated by the API: use `state`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub end_date: Option<DateTime<Utc>>,
    /// A short text shown in search results (at most 100 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attention_grabber: Option<String>,
    /// The advert text (at most 2,000 characters). The server strips HTML
    /// tags: send plain text, with `\n` for line breaks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The VAT status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_vat_status: Option<TradeVatStatus>,
    /// A link to a page with more information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_url: Option<String>,
}

impl NewAdvert {
    /// An empty advert.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the state.
    pub fn state(mut self, s: AdvertState) -> Self {
        self.state = Some(s);
        self
    }
    /// Sets the auction.
    pub fn auction(mut self, a: Auction) -> Self {
        self.auction = Some(a);
        self
    }
    /// Sets the attention grabber.
    pub fn attention_grabber(mut self, s: impl Into<String>) -> Self {
        self.attention_grabber = Some(s.into());
        self
    }
    /// Sets the description.
    pub fn description(mut self, s: impl Into<String>) -> Self {
        self.description = Some(s.into());
        self
    }
    /// Sets the VAT status.
    pub fn trade_vat_status(mut self, s: TradeVatStatus) -> Self {
        self.trade_vat_status = Some(s);
        self
    }
    /// Sets the external URL.
    pub fn external_url(mut self, s: impl Into<String>) -> Self {
        self.external_url = Some(s.into());
        self
    }
}

/// An image to send: a publicly accessible URL and its tags. The server's
/// `platformUrl` and `uploaded` are read-only and not part of it.
///
/// ```
/// use dealerauction_client::serde_json;
/// use dealerauction_client::models::{ImageTag, NewImage};
/// let i = NewImage::new("https://example.com/1.jpg").tag(ImageTag::FrontNearside);
/// assert_eq!(
///     serde_json::to_string(&i).unwrap(),
///     r#"{"url":"https://example.com/1.jpg","tags":["front_nearside"]}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
#[must_use = "pass it to a call (or to the builder it belongs to): building it sends nothing"]
pub struct NewImage {
    /// The URL the server downloads the image from.
    pub url: String,
    /// The classification tags (left out when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<ImageTag>,
}

impl NewImage {
    /// An image at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            tags: Vec::new(),
        }
    }
    /// Adds a tag.
    pub fn tag(mut self, t: ImageTag) -> Self {
        self.tags.push(t);
        self
    }
}
