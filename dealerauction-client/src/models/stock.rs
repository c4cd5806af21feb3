//! The stock document as the API returns it (`GET`, `POST` and `PATCH` on
//! `/v1/stock`), with every documented field and nested object.
//!
//! Every object keeps the fields this version does not know in `extra`, and
//! every value set keeps unknown values, so a newer server never breaks
//! decoding. The read-only fields (`id`, `listingId`, `createdDate`,
//! `updatedDate`, `publicReference`, `vehicle.derivativeId`,
//! `advert.createdDate` / `updatedDate`, `images[].platformUrl` /
//! `uploaded`, and the objects the create body does not list:
//! `lifecycleState`, `capTaxonomy`, `advertiser`) exist only here: the
//! request types ([`NewStockItem`](super::NewStockItem),
//! [`StockPatch`](super::StockPatch)) cannot carry them.

use autoclient_common::deserialize_keeping_unknown;
use autoclient_common::wire::LooseString;
use autoclient_common::wire::{ExactDecimal, IsoDate, Rfc3339Utc};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{CustomerId, ListingId, StockId};

use super::{
    AdditionalDataFields, AdvertState, AuctionType, ConditionGrade, DamageType, DamageZone,
    EngineSizeUnit, ImageTag, LifecycleState, OwnershipCondition, Price, ServiceHistory,
    SurecheckGrade, TradeVatStatus, VehicleCategory, WriteoffCategory,
};

/// A stock item: one vehicle of a customer account, with its advert.
///
/// Decode it from a response; turn it into a full-document patch with
/// [`StockItem::to_full_patch`].
///
/// ```
/// use dealerauction_client::serde_json;
/// use dealerauction_client::models::StockItem;
/// let item: StockItem = serde_json::from_str(r#"{
///   "id": "a10ab562", "publicReference": 202304198054016, "customerId": 123456,
///   "metadata": {}, "features": [], "images": [],
///   "vehicle": {"category": "Car", "ownershipCondition": "USED", "make": "Citroen",
///               "model": "Saxo", "stolen": false, "imported": false,
///               "exported": false, "scrapped": false}
/// }"#).unwrap();
/// // Numbers sent where the schema says string keep their exact text.
/// assert_eq!(item.public_reference.unwrap().as_str(), "202304198054016");
/// assert_eq!(item.customer_id.as_str(), "123456");
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StockItem {
    /// The stock id (read-only). Not marked required by the schema, but every
    /// stock response carries it: **assumed** always present.
    pub id: StockId,
    /// The listing id (read-only): use it with the Listings resource.
    pub listing_id: Option<ListingId>,
    /// When the item was created (read-only).
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub created_date: Option<DateTime<Utc>>,
    /// When the item was last updated (read-only).
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub updated_date: Option<DateTime<Utc>>,
    /// Part of the public URL of the listing (read-only). A string that the
    /// documentation's examples send as a number; its text is kept exactly.
    pub public_reference: Option<LooseString>,
    /// Your identifiers of the vehicle and seller.
    pub metadata: Metadata,
    /// The status of the vehicle (server-managed).
    pub lifecycle_state: Option<LifecycleState>,
    /// The customer account the item belongs to (a string, sent as a number in
    /// the examples; kept exactly).
    pub customer_id: CustomerId,
    /// The vehicle.
    pub vehicle: Vehicle,
    /// The advert, when the item is (or was) advertised.
    pub advert: Option<Advert>,
    /// The features (an empty list when there are none).
    #[serde(default)]
    pub features: Vec<Feature>,
    /// An externally hosted PDF condition report.
    pub condition_report_url: Option<String>,
    /// The grading and damage items.
    pub condition: Option<Condition>,
    /// An embedded YouTube video.
    pub video_url: Option<String>,
    /// The images, in display order.
    #[serde(default)]
    pub images: Vec<Image>,
    /// The CAP taxonomy of the vehicle (server-managed).
    pub cap_taxonomy: Option<CapTaxonomy>,
    /// The vehicle is not sold past this instant.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub available_until: Option<DateTime<Utc>>,
    /// The network the vehicle was requested into.
    pub requested_network: Option<String>,
    /// The advertiser's address and contact (server-managed).
    pub advertiser: Option<Advertiser>,
    /// Consumer Direct questions and answers.
    pub additional_data: Option<AdditionalData>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    StockItem, "a stock item object",
    required { id: "id", metadata: "metadata", customer_id: "customerId", vehicle: "vehicle" },
    optional {
        listing_id: "listingId",
        created_date: "createdDate" as Rfc3339Utc,
        updated_date: "updatedDate" as Rfc3339Utc,
        public_reference: "publicReference",
        lifecycle_state: "lifecycleState",
        advert: "advert",
        condition_report_url: "conditionReportUrl",
        condition: "condition",
        video_url: "videoUrl",
        cap_taxonomy: "capTaxonomy",
        available_until: "availableUntil" as Rfc3339Utc,
        requested_network: "requestedNetwork",
        advertiser: "advertiser",
        additional_data: "additionalData",
    },
    default { features: "features", images: "images" },
}

/// Your identifiers of a stock item (`metadata`: the object is required, its
/// fields are optional; other properties are allowed).
///
/// ```
/// use dealerauction_client::serde_json;
/// use dealerauction_client::models::Metadata;
/// let m = Metadata::new().external_stock_id("STK-1").external_vendor_id("DEALER-9");
/// assert_eq!(
///     serde_json::to_string(&m).unwrap(),
///     r#"{"externalStockId":"STK-1","externalVendorId":"DEALER-9"}"#
/// );
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[must_use = "pass it to a call (or to the builder it belongs to): building it sends nothing"]
pub struct Metadata {
    /// A vehicle identifier in your system.
    pub external_stock_id: Option<String>,
    /// A seller identifier in your system.
    pub external_vendor_id: Option<String>,
    /// Other properties (the documentation allows them here).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    Metadata, "a metadata object",
    required {},
    optional { external_stock_id: "externalStockId", external_vendor_id: "externalVendorId" },
}

impl Metadata {
    /// Empty metadata (`{}`).
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets `externalStockId`.
    pub fn external_stock_id(mut self, id: impl Into<String>) -> Self {
        self.external_stock_id = Some(id.into());
        self
    }
    /// Sets `externalVendorId`.
    pub fn external_vendor_id(mut self, id: impl Into<String>) -> Self {
        self.external_vendor_id = Some(id.into());
        self
    }
}

/// The vehicle of a stock item, as returned.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Vehicle {
    /// The registration (VRM).
    pub vrm: Option<String>,
    /// Car, Bike or Van.
    pub category: VehicleCategory,
    /// The mileage.
    pub mileage: Option<u32>,
    /// The year of manufacture.
    pub year_of_manufacture: Option<u16>,
    /// The date of first registration.
    #[serde(serialize_with = "autoclient_common::wire::iso_date_opt::serialize")]
    pub date_of_registration: Option<NaiveDate>,
    /// New or used.
    pub ownership_condition: OwnershipCondition,
    /// The VIN.
    pub vin: Option<String>,
    /// The make.
    pub make: String,
    /// The model.
    pub model: String,
    /// The derivative (a string, sent as a number in the examples).
    pub derivative: Option<LooseString>,
    /// The AutoTrader derivative id, resolved by the server (read-only).
    pub derivative_id: Option<String>,
    /// The trim.
    pub trim: Option<String>,
    /// The body type.
    pub body_type: Option<String>,
    /// The fuel type.
    pub fuel_type: Option<String>,
    /// The transmission type.
    pub transmission_type: Option<String>,
    /// The drive train.
    pub drive_train: Option<String>,
    /// The number of doors.
    pub doors: Option<u32>,
    /// The number of keys.
    pub keys: Option<u32>,
    /// The insurance group (a string, sent as a number in the examples).
    pub insurance_group: Option<LooseString>,
    /// The insurance security code.
    pub insurance_security_code: Option<String>,
    /// Whether the V5 certificate is supplied.
    pub v5_certification_supplied: Option<bool>,
    /// The colour.
    pub colour: Option<String>,
    /// The engine number.
    pub engine_number: Option<String>,
    /// The number of cylinders.
    pub cylinders: Option<u32>,
    /// The engine size.
    pub engine_size: Option<EngineSize>,
    /// The MOT expiry date.
    #[serde(serialize_with = "autoclient_common::wire::iso_date_opt::serialize")]
    pub mot_expiry: Option<NaiveDate>,
    /// The service history.
    pub service_history: Option<ServiceHistory>,
    /// The numerical part of the VRM (a string, sent as a number in the examples).
    pub plate: Option<LooseString>,
    /// Previous owners, not counting the current seller.
    pub previous_owners: Option<u32>,
    /// Whether it is an ex-demonstrator.
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
    pub writeoff_category: Option<WriteoffCategory>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    Vehicle, "a vehicle object",
    required {
        category: "category",
        ownership_condition: "ownershipCondition",
        make: "make",
        model: "model",
        stolen: "stolen",
        imported: "imported",
        exported: "exported",
        scrapped: "scrapped",
    },
    optional {
        vrm: "vrm",
        mileage: "mileage",
        year_of_manufacture: "yearOfManufacture",
        date_of_registration: "dateOfRegistration" as IsoDate,
        vin: "vin",
        derivative: "derivative",
        derivative_id: "derivativeId",
        trim: "trim",
        body_type: "bodyType",
        fuel_type: "fuelType",
        transmission_type: "transmissionType",
        drive_train: "driveTrain",
        doors: "doors",
        keys: "keys",
        insurance_group: "insuranceGroup",
        insurance_security_code: "insuranceSecurityCode",
        v5_certification_supplied: "v5CertificationSupplied",
        colour: "colour",
        engine_number: "engineNumber",
        cylinders: "cylinders",
        engine_size: "engineSize",
        mot_expiry: "motExpiry" as IsoDate,
        service_history: "serviceHistory",
        plate: "plate",
        previous_owners: "previousOwners",
        ex_demo: "exDemo",
        writeoff_category: "writeoffCategory",
    },
}

/// An engine size: unit and value, both required.
///
/// The value is kept as an exact decimal. The documentation's own example
/// pairs `LITRE` with `1200`; nothing is converted or checked.
///
/// ```
/// use dealerauction_client::serde_json;
/// use dealerauction_client::models::{EngineSize, EngineSizeUnit};
/// use dealerauction_client::Decimal;
/// let e = EngineSize::new(EngineSizeUnit::Litre, Decimal::new(12, 1));
/// assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"unit":"LITRE","value":1.2}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[must_use = "pass it to a call (or to the builder it belongs to): building it sends nothing"]
pub struct EngineSize {
    /// LITRE or CUBIC_CENTIMETRE.
    pub unit: EngineSizeUnit,
    /// The size in that unit.
    #[serde(with = "autoclient_common::wire::decimal")]
    pub value: Decimal,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    EngineSize, "an engine size object",
    required { unit: "unit", value: "value" as ExactDecimal },
    optional {},
}

impl EngineSize {
    /// An engine size.
    pub fn new(unit: EngineSizeUnit, value: impl Into<Decimal>) -> Self {
        Self {
            unit,
            value: value.into(),
            extra: Map::new(),
        }
    }
}

/// The advert of a stock item, as returned.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Advert {
    /// Whether the listing is live.
    pub state: Option<AdvertState>,
    /// When the advert was created (read-only).
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub created_date: Option<DateTime<Utc>>,
    /// When the advert was last updated (read-only).
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub updated_date: Option<DateTime<Utc>>,
    /// The auction settings.
    pub auction: Option<Auction>,
    /// Deprecated by the API: use `state`.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub start_date: Option<DateTime<Utc>>,
    /// Deprecated by the API: use `state`.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub end_date: Option<DateTime<Utc>>,
    /// A short text shown in search results (at most 100 characters).
    pub attention_grabber: Option<String>,
    /// The advert text (at most 2,000 characters; plain text, `\n` for line breaks).
    pub description: Option<String>,
    /// The VAT status.
    pub trade_vat_status: Option<TradeVatStatus>,
    /// A link to a page with more information.
    pub external_url: Option<String>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    Advert, "an advert object",
    required {},
    optional {
        state: "state",
        created_date: "createdDate" as Rfc3339Utc,
        updated_date: "updatedDate" as Rfc3339Utc,
        auction: "auction",
        start_date: "startDate" as Rfc3339Utc,
        end_date: "endDate" as Rfc3339Utc,
        attention_grabber: "attentionGrabber",
        description: "description",
        trade_vat_status: "tradeVatStatus",
        external_url: "externalUrl",
    },
}

/// The auction settings of an advert (request and response).
///
/// ```
/// use dealerauction_client::models::{Auction, AuctionType, Price};
/// use dealerauction_client::Decimal;
/// let a = Auction::new(AuctionType::Bid)
///     .starting_price(Price::gbp(Decimal::from(1_000)))
///     .reserve_price(Price::gbp(Decimal::from(1_500)));
/// assert_eq!(a.auction_type, AuctionType::Bid);
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[must_use = "pass it to a call (or to the builder it belongs to): building it sends nothing"]
pub struct Auction {
    /// BID, BUY_NOW, SEALED_BID or PHYSICAL (`type`, required).
    #[serde(rename = "type")]
    pub auction_type: AuctionType,
    /// The lot, for physical auctions (a string, sent as a number in the examples).
    pub lot_id: Option<LooseString>,
    /// The starting price.
    pub starting_price: Option<Price>,
    /// The reserve price (above £50 for an online or sealed-bid auction).
    pub reserve_price: Option<Price>,
    /// The asking price.
    pub asking_price: Option<Price>,
    /// The buy-now price.
    pub buy_now_price: Option<Price>,
    /// When you would like the auction to start.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub start_date: Option<DateTime<Utc>>,
    /// When you would like the auction to end.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub end_date: Option<DateTime<Utc>>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    Auction, "an auction object",
    required { auction_type: "type" },
    optional {
        lot_id: "lotId",
        starting_price: "startingPrice",
        reserve_price: "reservePrice",
        asking_price: "askingPrice",
        buy_now_price: "buyNowPrice",
        start_date: "startDate" as Rfc3339Utc,
        end_date: "endDate" as Rfc3339Utc,
    },
}

impl Auction {
    /// Auction settings of this type, with no price set.
    pub fn new(auction_type: AuctionType) -> Self {
        Self {
            auction_type,
            lot_id: None,
            starting_price: None,
            reserve_price: None,
            asking_price: None,
            buy_now_price: None,
            start_date: None,
            end_date: None,
            extra: Map::new(),
        }
    }
    /// Sets the lot id (physical auctions).
    pub fn lot_id(mut self, id: impl Into<String>) -> Self {
        self.lot_id = Some(LooseString(id.into()));
        self
    }
    /// Sets the starting price.
    pub fn starting_price(mut self, p: Price) -> Self {
        self.starting_price = Some(p);
        self
    }
    /// Sets the reserve price.
    pub fn reserve_price(mut self, p: Price) -> Self {
        self.reserve_price = Some(p);
        self
    }
    /// Sets the asking price.
    pub fn asking_price(mut self, p: Price) -> Self {
        self.asking_price = Some(p);
        self
    }
    /// Sets the buy-now price.
    pub fn buy_now_price(mut self, p: Price) -> Self {
        self.buy_now_price = Some(p);
        self
    }
    /// Sets the requested start.
    pub fn start_date(mut self, t: DateTime<Utc>) -> Self {
        self.start_date = Some(t);
        self
    }
    /// Sets the requested end.
    pub fn end_date(mut self, t: DateTime<Utc>) -> Self {
        self.end_date = Some(t);
        self
    }
}

/// One feature of the vehicle (request and response).
///
/// ```
/// use dealerauction_client::serde_json;
/// use dealerauction_client::models::Feature;
/// let f = Feature::new("DAB Radio").standard(false);
/// assert_eq!(serde_json::to_string(&f).unwrap(), r#"{"description":"DAB Radio","standard":false}"#);
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[must_use = "pass it to a call (or to the builder it belongs to): building it sends nothing"]
pub struct Feature {
    /// The description (required).
    pub description: String,
    /// Whether it comes as standard.
    pub standard: Option<bool>,
    /// A category grouping (deprecated by the API).
    pub category: Option<String>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    Feature, "a feature object",
    required { description: "description" },
    optional { standard: "standard", category: "category" },
}

impl Feature {
    /// A feature with its description.
    pub fn new(description: impl Into<String>) -> Self {
        Self {
            description: description.into(),
            standard: None,
            category: None,
            extra: Map::new(),
        }
    }
    /// Sets whether it comes as standard.
    pub fn standard(mut self, standard: bool) -> Self {
        self.standard = Some(standard);
        self
    }
    /// Sets the (deprecated) category.
    pub fn category(mut self, category: impl Into<String>) -> Self {
        self.category = Some(category.into());
        self
    }
}

/// The grading and damage of the vehicle (request and response). Empty
/// values mean "no grading".
///
/// ```
/// use dealerauction_client::serde_json;
/// use dealerauction_client::models::{Condition, ConditionGrade, DamageItem, DamageType, DamageZone};
/// let c = Condition::new()
///     .grade(ConditionGrade::Two)
///     .damage(DamageItem::new(DamageZone::Bonnet, DamageType::Chip));
/// assert_eq!(
///     serde_json::to_string(&c).unwrap(),
///     r#"{"externalConditionGrade":"2","damageItems":[{"zone":"BONNET","damageType":"CHIP"}]}"#
/// );
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[must_use = "pass it to a call (or to the builder it belongs to): building it sends nothing"]
pub struct Condition {
    /// The NAMA grade: 1 to 5 or U.
    pub external_condition_grade: Option<ConditionGrade>,
    /// The Surecheck grade.
    pub surecheck_grade: Option<SurecheckGrade>,
    /// The damage items (rendered as a diagram on the listing).
    pub damage_items: Option<Vec<DamageItem>>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    Condition, "a condition object",
    required {},
    optional {
        external_condition_grade: "externalConditionGrade",
        surecheck_grade: "surecheckGrade",
        damage_items: "damageItems",
    },
}

impl Condition {
    /// No grading.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the NAMA grade.
    pub fn grade(mut self, g: ConditionGrade) -> Self {
        self.external_condition_grade = Some(g);
        self
    }
    /// Sets the Surecheck grade.
    pub fn surecheck_grade(mut self, g: SurecheckGrade) -> Self {
        self.surecheck_grade = Some(g);
        self
    }
    /// Adds a damage item.
    pub fn damage(mut self, item: DamageItem) -> Self {
        self.damage_items.get_or_insert_with(Vec::new).push(item);
        self
    }
}

/// One damage item: where and what (both required).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[must_use = "pass it to a call (or to the builder it belongs to): building it sends nothing"]
pub struct DamageItem {
    /// Where the damage is.
    pub zone: DamageZone,
    /// What the damage is.
    pub damage_type: DamageType,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    DamageItem, "a damage item object",
    required { zone: "zone", damage_type: "damageType" },
    optional {},
}

impl DamageItem {
    /// A damage item.
    pub fn new(zone: DamageZone, damage_type: DamageType) -> Self {
        Self {
            zone,
            damage_type,
            extra: Map::new(),
        }
    }
}

/// One image, as returned.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Image {
    /// The URL the image was downloaded from.
    pub url: Option<String>,
    /// The server's copy on its CDN (read-only).
    pub platform_url: Option<String>,
    /// Whether the server has downloaded and uploaded it (read-only).
    pub uploaded: Option<bool>,
    /// The classification tags.
    pub tags: Option<Vec<ImageTag>>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    Image, "an image object",
    required {},
    optional { url: "url", platform_url: "platformUrl", uploaded: "uploaded", tags: "tags" },
}

/// The CAP taxonomy of the vehicle (server-managed).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CapTaxonomy {
    /// The CAP id.
    pub id: Option<String>,
    /// The CAP code.
    pub code: Option<String>,
    /// The make.
    pub make: Option<String>,
    /// The model.
    pub model: Option<String>,
    /// The variant.
    pub variant: Option<String>,
    /// The derivative.
    pub derivative: Option<String>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    CapTaxonomy, "a CAP taxonomy object",
    required {},
    optional {
        id: "id",
        code: "code",
        make: "make",
        model: "model",
        variant: "variant",
        derivative: "derivative",
    },
}

/// The advertiser of a stock item (server-managed).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Advertiser {
    /// The address.
    pub address: Option<AdvertiserAddress>,
    /// The contact.
    pub contact: Option<AdvertiserContact>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    Advertiser, "an advertiser object",
    required {},
    optional { address: "address", contact: "contact" },
}

/// The advertiser's address.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AdvertiserAddress {
    /// Line 1.
    pub address1: Option<String>,
    /// Line 2.
    pub address2: Option<String>,
    /// The town.
    pub town: Option<String>,
    /// The county.
    pub county: Option<String>,
    /// The postcode.
    pub postcode: Option<String>,
    /// The country.
    pub country: Option<String>,
    /// The coordinates.
    pub lat_long: Option<LatLong>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    AdvertiserAddress, "an address object",
    required {},
    optional {
        address1: "address1",
        address2: "address2",
        town: "town",
        county: "county",
        postcode: "postcode",
        country: "country",
        lat_long: "latLong",
    },
}

/// Coordinates (both required).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LatLong {
    /// Latitude in degrees.
    pub latitude: f64,
    /// Longitude in degrees.
    pub longitude: f64,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    LatLong, "a coordinates object",
    required { latitude: "latitude", longitude: "longitude" },
    optional {},
}

/// The advertiser's contact.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AdvertiserContact {
    /// E-mail address.
    pub email: Option<String>,
    /// Title (Mr, Ms…).
    pub title: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Mobile number.
    pub mobile_number: Option<String>,
    /// Landline number.
    pub landline_number: Option<String>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_unknown! {
    AdvertiserContact, "a contact object",
    required {},
    optional {
        email: "email",
        title: "title",
        first_name: "firstName",
        last_name: "lastName",
        mobile_number: "mobileNumber",
        landline_number: "landlineNumber",
    },
}

/// Consumer Direct questions and answers, as returned: the documented keys in
/// [`fields`](AdditionalData::fields), and any key the documentation does not
/// list kept in `extra` (the request side, [`AdditionalDataFields`], offers
/// only the documented keys, since the API allows no others).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct AdditionalData {
    /// The documented keys.
    #[serde(flatten)]
    pub fields: AdditionalDataFields,
    /// Keys this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
