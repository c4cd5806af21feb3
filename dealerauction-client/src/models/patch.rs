//! The body of `PATCH /v1/stock/{stockId}`, exactly as documented: every
//! field, at every nesting level, is not sent (unchanged), `null` (cleared)
//! or a value; a text field can also be set to a blank `""` ([`blank`]; which
//! fields, and why only those: [`BLANKABLE_FIELDS`]).
//!
//! Objects (`metadata`, `vehicle`, `advert`, `advert.auction`, `condition`,
//! `additionalData`) are patched field by field: a nested patch sends only
//! what it sets. Arrays (`features`, `images`, `condition.damageItems`,
//! image tags) and the small all-required objects (a price, `engineSize`)
//! are replaced whole. Read-only fields cannot be expressed. A field the
//! schema marks Required cannot be set to null ([`crate::check_patch`]).

use autoclient_common::Patch;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::CustomerId;

use super::{
    AdditionalDataPatch, AdvertState, AuctionType, ConditionGrade, DamageItem, EngineSize, Feature,
    NewImage, OwnershipCondition, Price, ServiceHistory, StockItem, SurecheckGrade, TradeVatStatus,
    VehicleCategory, WriteoffCategory, normalize_vrm,
};

/// A blank string patch (`""`): the documented way to set a text field to blank,
/// as opposed to [`Patch::Null`], which sets it to null. It fits only the
/// free-text fields (each a `Patch<String>`), listed in [`BLANKABLE_FIELDS`]
/// with the reason the others have no blank.
///
/// ```
/// use dealerauction_client::serde_json;
/// use dealerauction_client::models::{AdvertPatch, blank};
/// let mut a = AdvertPatch::default();
/// a.attention_grabber = blank();
/// assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"attentionGrabber":""}"#);
/// ```
#[must_use = "this only computes a value: use it"]
pub fn blank() -> Patch<String> {
    Patch::Value(String::new())
}

/// The fields a patch can set to blank ([`blank`]), by wire path: the
/// free-text fields, each a `Patch<String>`.
///
/// The documentation: "Using a blank string or a null value will try and set
/// the field value to blank or null respectively." A blank is a string, so it
/// is a value only of a field that holds free text. Every other field has no
/// blank, and null ([`Patch::Null`]) is how it is cleared:
///
/// * numbers (`vehicle.mileage`, `doors`, …), booleans (`vehicle.exDemo`,
///   the `additionalData` answers, …), objects (a price, `engineSize`,
///   `condition`, …) and arrays (`features`, `images`, …): a string is not of
///   their type;
/// * dates and instants (`vehicle.dateOfRegistration`, `motExpiry`,
///   `availableUntil`, `advert.auction.endDate`, …): `""` is not a date;
/// * value sets (`vehicle.category`, `serviceHistory`, `advert.state`,
///   `advert.auction.type`, …): `""` is none of the documented values (an
///   `Unknown(String::new())` would send it, but `Unknown` is there to send
///   back what the server sent, not to blank a field);
/// * `customerId` is an account id: send another account, not a blank.
///
/// So every blank the documentation can mean is expressible, and no raw JSON
/// is needed for the rest. A blank is never refused before sending, not even
/// on a Required text field (`vehicle.make`, `vehicle.model`): the server
/// "will try", and judges the result.
///
/// ```
/// use dealerauction_client::serde_json;
/// use dealerauction_client::Patch;
/// use dealerauction_client::models::{BLANKABLE_FIELDS, StockPatch, blank};
/// assert!(BLANKABLE_FIELDS.contains(&"vehicle.colour"));
/// assert!(!BLANKABLE_FIELDS.contains(&"vehicle.mileage"));
/// let mut p = StockPatch::new();
/// p.vehicle_mut().colour = blank();
/// p.vehicle_mut().mileage = Patch::Null;
/// assert_eq!(
///     serde_json::to_string(&p).unwrap(),
///     r#"{"vehicle":{"mileage":null,"colour":""}}"#
/// );
/// ```
pub const BLANKABLE_FIELDS: &[&str] = &[
    "metadata.externalStockId",
    "metadata.externalVendorId",
    "vehicle.vrm",
    "vehicle.vin",
    "vehicle.make",
    "vehicle.model",
    "vehicle.derivative",
    "vehicle.trim",
    "vehicle.bodyType",
    "vehicle.fuelType",
    "vehicle.transmissionType",
    "vehicle.driveTrain",
    "vehicle.insuranceGroup",
    "vehicle.insuranceSecurityCode",
    "vehicle.colour",
    "vehicle.engineNumber",
    "vehicle.plate",
    "advert.attentionGrabber",
    "advert.description",
    "advert.externalUrl",
    "advert.auction.lotId",
    "conditionReportUrl",
    "videoUrl",
    "requestedNetwork",
    "additionalData.mechanical_note",
    "additionalData.electrical_note",
    "additionalData.odour_note",
    "additionalData.bodywork_repairs_note",
    "additionalData.bodywork_issues_note",
    "additionalData.vehicle_modifications_note",
    "additionalData.test_name",
    "additionalData.test_group",
];

macro_rules! patch_struct {
    (
        $(#[$m:meta])*
        pub struct $name:ident {
            $( $(#[$fm:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        #[must_use = "pass the patch to client.update_stock(..) (or to the patch it belongs to): building it sends nothing"]
        pub struct $name {
            $(
                $(#[$fm])*
                #[serde(default, skip_serializing_if = "Patch::is_absent")]
                pub $field: Patch<$ty>,
            )*
        }

        impl $name {
            /// Whether nothing is set (the patch sends `{}`).
            #[must_use = "this only computes a value: use it"]
            pub fn is_empty(&self) -> bool {
                true $( && self.$field.is_absent() )*
            }
        }
    };
}

patch_struct! {
    /// A patch of a stock item. Build it field by field, with the one-line
    /// edits below, or whole from a fetched item ([`StockItem::to_full_patch`]).
    ///
    /// Each field is [`Patch::Absent`] (not sent: unchanged), [`Patch::Null`]
    /// (cleared) or a value. A text field can also be blanked ([`blank`]);
    /// the other fields have no blank ([`BLANKABLE_FIELDS`] says which and
    /// why). The fields the schema marks Required (`metadata`, `customerId`,
    /// `vehicle`, `features`, `images`, the vehicle's `category`,
    /// `ownershipCondition`, `make`, `model`, `stolen`, `imported`,
    /// `exported`, `scrapped`, and `advert.auction.type`) cannot be set to
    /// null: [`check`](StockPatch::check) names them and
    /// [`Client::update_stock`](crate::Client::update_stock) refuses them
    /// before sending.
    ///
    /// ```
    /// use dealerauction_client::serde_json;
    /// use dealerauction_client::models::{NewImage, StockPatch};
    /// use dealerauction_client::Decimal;
    /// let p = StockPatch::new()
    ///     .asking_price(Decimal::from(4_995))
    ///     .clear_attention_grabber()
    ///     .replace_images(vec![NewImage::new("https://example.com/a.jpg")]);
    /// assert_eq!(
    ///     serde_json::to_string(&p).unwrap(),
    ///     concat!(
    ///         r#"{"advert":{"auction":{"askingPrice":{"value":4995,"currency":"GBP"}},"#,
    ///         r#""attentionGrabber":null},"images":[{"url":"https://example.com/a.jpg"}]}"#
    ///     )
    /// );
    /// ```
    pub struct StockPatch {
        /// Your identifiers.
        metadata: MetadataPatch,
        /// The customer account.
        customer_id: CustomerId,
        /// The vehicle.
        vehicle: VehiclePatch,
        /// The advert (it can be deactivated, not removed).
        advert: AdvertPatch,
        /// The features (replaced whole).
        features: Vec<Feature>,
        /// The PDF condition report URL (at most 500 characters).
        condition_report_url: String,
        /// Grading and damage.
        condition: ConditionPatch,
        /// The YouTube video URL.
        video_url: String,
        /// The images (replaced whole, in display order; at least one).
        images: Vec<NewImage>,
        /// The vehicle is not sold past this instant.
        available_until: DateTime<Utc>,
        /// The requested network.
        requested_network: String,
        /// Consumer Direct answers (documented keys only).
        additional_data: AdditionalDataPatch,
    }
}

patch_struct! {
    /// A patch of `metadata`.
    pub struct MetadataPatch {
        /// `externalStockId`.
        external_stock_id: String,
        /// `externalVendorId`.
        external_vendor_id: String,
    }
}

patch_struct! {
    /// A patch of `vehicle` (`derivativeId` is read-only and absent).
    ///
    /// ```
    /// use dealerauction_client::serde_json;
    /// use dealerauction_client::Patch;
    /// use dealerauction_client::models::VehiclePatch;
    /// let mut v = VehiclePatch::default();
    /// v.mileage = Patch::Value(52_000);
    /// v.colour = Patch::Null;
    /// assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"mileage":52000,"colour":null}"#);
    /// ```
    pub struct VehiclePatch {
        /// `vrm` (upper case, no spaces).
        vrm: String,
        /// `category`.
        category: VehicleCategory,
        /// `mileage`.
        mileage: u32,
        /// `yearOfManufacture`.
        year_of_manufacture: u16,
        /// `dateOfRegistration`.
        date_of_registration: NaiveDate,
        /// `ownershipCondition`.
        ownership_condition: OwnershipCondition,
        /// `vin`.
        vin: String,
        /// `make`.
        make: String,
        /// `model`.
        model: String,
        /// `derivative`.
        derivative: String,
        /// `trim`.
        trim: String,
        /// `bodyType`.
        body_type: String,
        /// `fuelType`.
        fuel_type: String,
        /// `transmissionType`.
        transmission_type: String,
        /// `driveTrain`.
        drive_train: String,
        /// `doors`.
        doors: u32,
        /// `keys`.
        keys: u32,
        /// `insuranceGroup`.
        insurance_group: String,
        /// `insuranceSecurityCode`.
        insurance_security_code: String,
        /// `v5CertificationSupplied`.
        v5_certification_supplied: bool,
        /// `colour`.
        colour: String,
        /// `engineNumber`.
        engine_number: String,
        /// `cylinders`.
        cylinders: u32,
        /// `engineSize` (replaced whole).
        engine_size: EngineSize,
        /// `motExpiry`.
        mot_expiry: NaiveDate,
        /// `serviceHistory`.
        service_history: ServiceHistory,
        /// `plate`.
        plate: String,
        /// `previousOwners`.
        previous_owners: u32,
        /// `exDemo`.
        ex_demo: bool,
        /// `stolen`.
        stolen: bool,
        /// `imported`.
        imported: bool,
        /// `exported`.
        exported: bool,
        /// `scrapped`.
        scrapped: bool,
        /// `writeoffCategory`.
        writeoff_category: WriteoffCategory,
    }
}

patch_struct! {
    /// A patch of `advert` (its `createdDate` and `updatedDate` are read-only).
    pub struct AdvertPatch {
        /// `state`: ACTIVE or INACTIVE.
        state: AdvertState,
        /// `auction` (a running auction cannot be modified: deactivate first).
        auction: AuctionPatch,
        /// `startDate` (deprecated by the API: use `state`).
        start_date: DateTime<Utc>,
        /// `endDate` (deprecated by the API: use `state`).
        end_date: DateTime<Utc>,
        /// `attentionGrabber` (at most 100 characters).
        attention_grabber: String,
        /// `description` (at most 2,000 characters; the server strips HTML).
        description: String,
        /// `tradeVatStatus`.
        trade_vat_status: TradeVatStatus,
        /// `externalUrl`.
        external_url: String,
    }
}

patch_struct! {
    /// A patch of `advert.auction` (prices are replaced whole).
    pub struct AuctionPatch {
        /// `type`.
        #[serde(rename = "type")]
        auction_type: AuctionType,
        /// `lotId`.
        lot_id: String,
        /// `startingPrice`.
        starting_price: Price,
        /// `reservePrice`.
        reserve_price: Price,
        /// `askingPrice`.
        asking_price: Price,
        /// `buyNowPrice`.
        buy_now_price: Price,
        /// `startDate`.
        start_date: DateTime<Utc>,
        /// `endDate`.
        end_date: DateTime<Utc>,
    }
}

patch_struct! {
    /// A patch of `condition`.
    pub struct ConditionPatch {
        /// `externalConditionGrade`.
        external_condition_grade: ConditionGrade,
        /// `surecheckGrade`.
        surecheck_grade: SurecheckGrade,
        /// `damageItems` (replaced whole).
        damage_items: Vec<DamageItem>,
    }
}

/// The nested patch in `slot`, created (empty) when the slot is absent or null.
fn nested<T: Default>(slot: &mut Patch<T>) -> &mut T {
    if !matches!(slot, Patch::Value(_)) {
        *slot = Patch::Value(T::default());
    }
    match slot {
        Patch::Value(v) => v,
        // Just set above.
        _ => unreachable!("the slot holds a value"),
    }
}

impl StockPatch {
    /// An empty patch (`{}`: changes nothing).
    pub fn new() -> Self {
        Self::default()
    }

    /// The metadata patch, created empty when not set yet.
    pub fn metadata_mut(&mut self) -> &mut MetadataPatch {
        nested(&mut self.metadata)
    }
    /// The vehicle patch, created empty when not set yet.
    pub fn vehicle_mut(&mut self) -> &mut VehiclePatch {
        nested(&mut self.vehicle)
    }
    /// The advert patch, created empty when not set yet.
    pub fn advert_mut(&mut self) -> &mut AdvertPatch {
        nested(&mut self.advert)
    }
    /// The `advert.auction` patch, created empty when not set yet.
    pub fn auction_mut(&mut self) -> &mut AuctionPatch {
        nested(&mut self.advert_mut().auction)
    }
    /// The condition patch, created empty when not set yet.
    pub fn condition_mut(&mut self) -> &mut ConditionPatch {
        nested(&mut self.condition)
    }
    /// The `additionalData` patch, created empty when not set yet.
    pub fn additional_data_mut(&mut self) -> &mut AdditionalDataPatch {
        nested(&mut self.additional_data)
    }

    /// Sets `advert.auction.askingPrice` (GBP).
    pub fn asking_price(mut self, value: impl Into<Decimal>) -> Self {
        self.auction_mut().asking_price = Patch::Value(Price::gbp(value));
        self
    }
    /// Sets `advert.auction.reservePrice` (GBP).
    pub fn reserve_price(mut self, value: impl Into<Decimal>) -> Self {
        self.auction_mut().reserve_price = Patch::Value(Price::gbp(value));
        self
    }
    /// Sets `advert.auction.startingPrice` (GBP).
    pub fn starting_price(mut self, value: impl Into<Decimal>) -> Self {
        self.auction_mut().starting_price = Patch::Value(Price::gbp(value));
        self
    }
    /// Sets `advert.auction.buyNowPrice` (GBP).
    pub fn buy_now_price(mut self, value: impl Into<Decimal>) -> Self {
        self.auction_mut().buy_now_price = Patch::Value(Price::gbp(value));
        self
    }
    /// Sets `advert.state` to ACTIVE (the listing goes live).
    pub fn activate_advert(mut self) -> Self {
        self.advert_mut().state = Patch::Value(AdvertState::Active);
        self
    }
    /// Sets `advert.state` to INACTIVE (the recommended way to take an advert
    /// down; an advert cannot be removed).
    pub fn deactivate_advert(mut self) -> Self {
        self.advert_mut().state = Patch::Value(AdvertState::Inactive);
        self
    }
    /// Sets `advert.attentionGrabber`.
    pub fn attention_grabber(mut self, text: impl Into<String>) -> Self {
        self.advert_mut().attention_grabber = Patch::Value(text.into());
        self
    }
    /// Clears `advert.attentionGrabber` (sends `null`).
    pub fn clear_attention_grabber(mut self) -> Self {
        self.advert_mut().attention_grabber = Patch::Null;
        self
    }
    /// Sets `advert.attentionGrabber` to blank (sends `""`).
    pub fn blank_attention_grabber(mut self) -> Self {
        self.advert_mut().attention_grabber = blank();
        self
    }
    /// Sets `advert.description` (plain text; the server strips HTML tags).
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.advert_mut().description = Patch::Value(text.into());
        self
    }
    /// Sets `vehicle.mileage`.
    pub fn mileage(mut self, miles: u32) -> Self {
        self.vehicle_mut().mileage = Patch::Value(miles);
        self
    }
    /// Sets `vehicle.vrm`, normalized (upper case, no spaces).
    pub fn vrm(mut self, vrm: &str) -> Self {
        self.vehicle_mut().vrm = Patch::Value(normalize_vrm(vrm));
        self
    }
    /// Replaces the images (in display order; resubmit to reorder).
    pub fn replace_images(mut self, images: Vec<NewImage>) -> Self {
        self.images = Patch::Value(images);
        self
    }
    /// Replaces the features.
    pub fn replace_features(mut self, features: Vec<Feature>) -> Self {
        self.features = Patch::Value(features);
        self
    }
    /// Sets `availableUntil`.
    pub fn available_until(mut self, t: DateTime<Utc>) -> Self {
        self.available_until = Patch::Value(t);
        self
    }
    /// Whether sending this patch twice has the same effect and the same
    /// outcome as sending it once, so that it may be retried after it may
    /// have reached the server.
    ///
    /// True for every patch except one that both activates the advert and
    /// changes `advert.auction`: once the first attempt has started the
    /// auction, a second would be rejected (a running auction cannot be
    /// modified), reporting an error for a change that was made.
    ///
    /// ```
    /// use dealerauction_client::models::StockPatch;
    /// assert!(StockPatch::new().asking_price(3_000).is_retry_safe());
    /// assert!(StockPatch::new().activate_advert().is_retry_safe());
    /// assert!(!StockPatch::new().reserve_price(2_000).activate_advert().is_retry_safe());
    /// ```
    #[must_use = "this only computes a value: use it"]
    pub fn is_retry_safe(&self) -> bool {
        match &self.advert {
            Patch::Value(a) => {
                !matches!(a.state, Patch::Value(AdvertState::Active)) || a.auction.is_absent()
            }
            _ => true,
        }
    }

    /// Every documented rule this patch breaks (see [`crate::check_patch`]).
    #[must_use = "this only computes a value: use it"]
    pub fn check(&self) -> Vec<autoclient_common::Violation> {
        crate::checks::check_patch(self)
    }
}

fn set<T>(v: Option<T>) -> Patch<T> {
    match v {
        Some(v) => Patch::Value(v),
        None => Patch::Absent,
    }
}

fn text(v: &Option<autoclient_common::wire::LooseString>) -> Patch<String> {
    set(v.as_ref().map(|s| s.0.clone()))
}

impl StockItem {
    /// The whole document as a patch: every writable field that is present is
    /// sent with its value; read-only fields (`id`, `listingId`, dates,
    /// `publicReference`, `lifecycleState`, `derivativeId`, `capTaxonomy`,
    /// `advertiser`, image `platformUrl` / `uploaded`), fields this SDK does
    /// not know (`extra`), images without a `url` and undocumented
    /// `additionalData` keys are dropped. Fields absent from the item stay
    /// absent (unchanged). Edit the result, then send it.
    ///
    /// ```
    /// # fn f(item: dealerauction_client::models::StockItem) {
    /// let mut patch = item.to_full_patch();
    /// patch.vehicle_mut().mileage = dealerauction_client::Patch::Value(60_000);
    /// # }
    /// ```
    #[must_use = "this only computes a value: use it"]
    pub fn to_full_patch(&self) -> StockPatch {
        let m = &self.metadata;
        let v = &self.vehicle;
        StockPatch {
            metadata: Patch::Value(MetadataPatch {
                external_stock_id: set(m.external_stock_id.clone()),
                external_vendor_id: set(m.external_vendor_id.clone()),
            }),
            customer_id: Patch::Value(self.customer_id.clone()),
            vehicle: Patch::Value(VehiclePatch {
                vrm: set(v.vrm.clone()),
                category: Patch::Value(v.category.clone()),
                mileage: set(v.mileage),
                year_of_manufacture: set(v.year_of_manufacture),
                date_of_registration: set(v.date_of_registration),
                ownership_condition: Patch::Value(v.ownership_condition.clone()),
                vin: set(v.vin.clone()),
                make: Patch::Value(v.make.clone()),
                model: Patch::Value(v.model.clone()),
                derivative: text(&v.derivative),
                trim: set(v.trim.clone()),
                body_type: set(v.body_type.clone()),
                fuel_type: set(v.fuel_type.clone()),
                transmission_type: set(v.transmission_type.clone()),
                drive_train: set(v.drive_train.clone()),
                doors: set(v.doors),
                keys: set(v.keys),
                insurance_group: text(&v.insurance_group),
                insurance_security_code: set(v.insurance_security_code.clone()),
                v5_certification_supplied: set(v.v5_certification_supplied),
                colour: set(v.colour.clone()),
                engine_number: set(v.engine_number.clone()),
                cylinders: set(v.cylinders),
                engine_size: set(v.engine_size.clone().map(|mut e| {
                    e.extra.clear();
                    e
                })),
                mot_expiry: set(v.mot_expiry),
                service_history: set(v.service_history.clone()),
                plate: text(&v.plate),
                previous_owners: set(v.previous_owners),
                ex_demo: set(v.ex_demo),
                stolen: Patch::Value(v.stolen),
                imported: Patch::Value(v.imported),
                exported: Patch::Value(v.exported),
                scrapped: Patch::Value(v.scrapped),
                writeoff_category: set(v.writeoff_category.clone()),
            }),
            advert: set(self.advert.as_ref().map(|a| AdvertPatch {
                state: set(a.state.clone()),
                auction: set(a.auction.as_ref().map(|x| AuctionPatch {
                    auction_type: Patch::Value(x.auction_type.clone()),
                    lot_id: text(&x.lot_id),
                    starting_price: set(x.starting_price.clone().map(plain_price)),
                    reserve_price: set(x.reserve_price.clone().map(plain_price)),
                    asking_price: set(x.asking_price.clone().map(plain_price)),
                    buy_now_price: set(x.buy_now_price.clone().map(plain_price)),
                    start_date: set(x.start_date),
                    end_date: set(x.end_date),
                })),
                start_date: set(a.start_date),
                end_date: set(a.end_date),
                attention_grabber: set(a.attention_grabber.clone()),
                description: set(a.description.clone()),
                trade_vat_status: set(a.trade_vat_status.clone()),
                external_url: set(a.external_url.clone()),
            })),
            features: Patch::Value(
                self.features
                    .iter()
                    .map(|f| {
                        let mut f = f.clone();
                        f.extra.clear();
                        f
                    })
                    .collect(),
            ),
            condition_report_url: set(self.condition_report_url.clone()),
            condition: set(self.condition.as_ref().map(|c| ConditionPatch {
                external_condition_grade: set(c.external_condition_grade.clone()),
                surecheck_grade: set(c.surecheck_grade.clone()),
                damage_items: set(c.damage_items.as_ref().map(|items| {
                    items
                        .iter()
                        .map(|d| DamageItem::new(d.zone.clone(), d.damage_type.clone()))
                        .collect()
                })),
            })),
            video_url: set(self.video_url.clone()),
            images: Patch::Value(
                self.images
                    .iter()
                    .filter_map(|i| {
                        Some(NewImage {
                            url: i.url.clone()?,
                            tags: i.tags.clone().unwrap_or_default(),
                        })
                    })
                    .collect(),
            ),
            available_until: set(self.available_until),
            requested_network: set(self.requested_network.clone()),
            additional_data: set(self
                .additional_data
                .as_ref()
                .map(|a| AdditionalDataPatch::from(&a.fields))),
        }
    }
}

fn plain_price(mut p: Price) -> Price {
    p.extra.clear();
    p
}

impl From<&StockItem> for StockPatch {
    fn from(item: &StockItem) -> Self {
        item.to_full_patch()
    }
}
