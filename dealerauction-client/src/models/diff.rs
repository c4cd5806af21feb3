//! The smallest patch between two states of a stock item
//! ([`StockPatch::diff`]), and the write shape of a fetched item
//! ([`StockItem::to_new_stock_item`]).

use autoclient_common::Patch;
use autoclient_common::wire::LooseString;
use serde_json::Value;

use super::{
    AdditionalDataPatch, Advert, AdvertPatch, AdvertState, Auction, AuctionPatch, Condition,
    ConditionPatch, DamageItem, EngineSize, Feature, Image, MetadataPatch, NewAdvert, NewImage,
    NewStockItem, NewVehicle, Price, StockItem, StockPatch, Vehicle, VehiclePatch,
};

/// A required field: sent when it differs.
fn req<T: PartialEq + Clone>(before: &T, after: &T) -> Patch<T> {
    if before == after {
        Patch::Absent
    } else {
        Patch::Value(after.clone())
    }
}

/// An optional field: absent when equal, `null` when removed, else the value.
fn opt<T: PartialEq + Clone>(before: Option<&T>, after: Option<&T>) -> Patch<T> {
    opt_by(before, after, |a, b| a == b)
}

fn opt_by<T: Clone>(
    before: Option<&T>,
    after: Option<&T>,
    eq: impl Fn(&T, &T) -> bool,
) -> Patch<T> {
    match (before, after) {
        (None, None) => Patch::Absent,
        (Some(b), Some(a)) if eq(b, a) => Patch::Absent,
        (_, None) => Patch::Null,
        (_, Some(a)) => Patch::Value(a.clone()),
    }
}

/// A text field the server may send as a number ([`LooseString`]).
fn loose(before: Option<&LooseString>, after: Option<&String>) -> Patch<String> {
    opt(before.map(|s| &s.0), after)
}

fn price_eq(a: &Price, b: &Price) -> bool {
    a.value == b.value && a.currency == b.currency
}

fn price(before: Option<&Price>, after: Option<&Price>) -> Patch<Price> {
    opt_by(before, after, price_eq).map(|mut p| {
        p.extra.clear();
        p
    })
}

fn engine_eq(a: &EngineSize, b: &EngineSize) -> bool {
    a.unit == b.unit && a.value == b.value
}

fn feature_eq(a: &Feature, b: &Feature) -> bool {
    a.description == b.description && a.standard == b.standard && a.category == b.category
}

fn damage_eq(a: &DamageItem, b: &DamageItem) -> bool {
    a.zone == b.zone && a.damage_type == b.damage_type
}

fn list_eq<T>(a: &[T], b: &[T], eq: impl Fn(&T, &T) -> bool) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| eq(x, y))
}

/// A nested patch: absent when it changes nothing.
fn nested<T>(p: T, is_empty: impl Fn(&T) -> bool) -> Patch<T> {
    if is_empty(&p) {
        Patch::Absent
    } else {
        Patch::Value(p)
    }
}

/// The images as the server holds them, in the write shape: those without a
/// `url` (which a client never sends) are left out, as in
/// [`StockItem::to_full_patch`].
fn new_images(images: &[Image]) -> Vec<NewImage> {
    images
        .iter()
        .filter_map(|i| {
            Some(NewImage {
                url: i.url.clone()?,
                tags: i.tags.clone().unwrap_or_default(),
            })
        })
        .collect()
}

fn vehicle(b: &Vehicle, a: &NewVehicle) -> Patch<VehiclePatch> {
    let p = VehiclePatch {
        vrm: opt(b.vrm.as_ref(), a.vrm.as_ref()),
        category: req(&b.category, &a.category),
        mileage: opt(b.mileage.as_ref(), a.mileage.as_ref()),
        year_of_manufacture: opt(
            b.year_of_manufacture.as_ref(),
            a.year_of_manufacture.as_ref(),
        ),
        date_of_registration: opt(
            b.date_of_registration.as_ref(),
            a.date_of_registration.as_ref(),
        ),
        ownership_condition: req(&b.ownership_condition, &a.ownership_condition),
        vin: opt(b.vin.as_ref(), a.vin.as_ref()),
        make: req(&b.make, &a.make),
        model: req(&b.model, &a.model),
        derivative: loose(b.derivative.as_ref(), a.derivative.as_ref()),
        trim: opt(b.trim.as_ref(), a.trim.as_ref()),
        body_type: opt(b.body_type.as_ref(), a.body_type.as_ref()),
        fuel_type: opt(b.fuel_type.as_ref(), a.fuel_type.as_ref()),
        transmission_type: opt(b.transmission_type.as_ref(), a.transmission_type.as_ref()),
        drive_train: opt(b.drive_train.as_ref(), a.drive_train.as_ref()),
        doors: opt(b.doors.as_ref(), a.doors.as_ref()),
        keys: opt(b.keys.as_ref(), a.keys.as_ref()),
        insurance_group: loose(b.insurance_group.as_ref(), a.insurance_group.as_ref()),
        insurance_security_code: opt(
            b.insurance_security_code.as_ref(),
            a.insurance_security_code.as_ref(),
        ),
        v5_certification_supplied: opt(
            b.v5_certification_supplied.as_ref(),
            a.v5_certification_supplied.as_ref(),
        ),
        colour: opt(b.colour.as_ref(), a.colour.as_ref()),
        engine_number: opt(b.engine_number.as_ref(), a.engine_number.as_ref()),
        cylinders: opt(b.cylinders.as_ref(), a.cylinders.as_ref()),
        engine_size: opt_by(b.engine_size.as_ref(), a.engine_size.as_ref(), engine_eq).map(
            |mut e| {
                e.extra.clear();
                e
            },
        ),
        mot_expiry: opt(b.mot_expiry.as_ref(), a.mot_expiry.as_ref()),
        service_history: opt(b.service_history.as_ref(), a.service_history.as_ref()),
        plate: loose(b.plate.as_ref(), a.plate.as_ref()),
        previous_owners: opt(b.previous_owners.as_ref(), a.previous_owners.as_ref()),
        ex_demo: opt(b.ex_demo.as_ref(), a.ex_demo.as_ref()),
        stolen: req(&b.stolen, &a.stolen),
        imported: req(&b.imported, &a.imported),
        exported: req(&b.exported, &a.exported),
        scrapped: req(&b.scrapped, &a.scrapped),
        writeoff_category: opt(b.writeoff_category.as_ref(), a.writeoff_category.as_ref()),
    };
    nested(p, VehiclePatch::is_empty)
}

fn auction(b: Option<&Auction>, a: Option<&Auction>) -> Patch<AuctionPatch> {
    let Some(a) = a else {
        return if b.is_some() {
            Patch::Null
        } else {
            Patch::Absent
        };
    };
    let p = AuctionPatch {
        // Required: sent whenever the auction is new, so that the stored
        // auction always has its type.
        auction_type: match b {
            Some(b) => req(&b.auction_type, &a.auction_type),
            None => Patch::Value(a.auction_type.clone()),
        },
        lot_id: loose(
            b.and_then(|b| b.lot_id.as_ref()),
            a.lot_id.as_ref().map(|s| &s.0),
        ),
        starting_price: price(
            b.and_then(|b| b.starting_price.as_ref()),
            a.starting_price.as_ref(),
        ),
        reserve_price: price(
            b.and_then(|b| b.reserve_price.as_ref()),
            a.reserve_price.as_ref(),
        ),
        asking_price: price(
            b.and_then(|b| b.asking_price.as_ref()),
            a.asking_price.as_ref(),
        ),
        buy_now_price: price(
            b.and_then(|b| b.buy_now_price.as_ref()),
            a.buy_now_price.as_ref(),
        ),
        start_date: opt(b.and_then(|b| b.start_date.as_ref()), a.start_date.as_ref()),
        end_date: opt(b.and_then(|b| b.end_date.as_ref()), a.end_date.as_ref()),
    };
    nested(p, AuctionPatch::is_empty)
}

fn advert(b: Option<&Advert>, a: Option<&NewAdvert>) -> Patch<AdvertPatch> {
    let Some(a) = a else {
        // An advert cannot be removed once added: "no advert" is reached as
        // near as the API allows, by deactivating it.
        return match b {
            Some(b) if b.state.as_ref() != Some(&AdvertState::Inactive) => {
                Patch::Value(AdvertPatch {
                    state: Patch::Value(AdvertState::Inactive),
                    ..AdvertPatch::default()
                })
            }
            _ => Patch::Absent,
        };
    };
    let p = AdvertPatch {
        state: opt(b.and_then(|b| b.state.as_ref()), a.state.as_ref()),
        auction: auction(b.and_then(|b| b.auction.as_ref()), a.auction.as_ref()),
        start_date: opt(b.and_then(|b| b.start_date.as_ref()), a.start_date.as_ref()),
        end_date: opt(b.and_then(|b| b.end_date.as_ref()), a.end_date.as_ref()),
        attention_grabber: opt(
            b.and_then(|b| b.attention_grabber.as_ref()),
            a.attention_grabber.as_ref(),
        ),
        description: opt(
            b.and_then(|b| b.description.as_ref()),
            a.description.as_ref(),
        ),
        trade_vat_status: opt(
            b.and_then(|b| b.trade_vat_status.as_ref()),
            a.trade_vat_status.as_ref(),
        ),
        external_url: opt(
            b.and_then(|b| b.external_url.as_ref()),
            a.external_url.as_ref(),
        ),
    };
    match b {
        // A new advert is sent even when empty: it exists from then on.
        None => Patch::Value(p),
        Some(_) => nested(p, AdvertPatch::is_empty),
    }
}

fn condition(b: Option<&Condition>, a: Option<&Condition>) -> Patch<ConditionPatch> {
    let Some(a) = a else {
        return if b.is_some() {
            Patch::Null
        } else {
            Patch::Absent
        };
    };
    let p = ConditionPatch {
        external_condition_grade: opt(
            b.and_then(|b| b.external_condition_grade.as_ref()),
            a.external_condition_grade.as_ref(),
        ),
        surecheck_grade: opt(
            b.and_then(|b| b.surecheck_grade.as_ref()),
            a.surecheck_grade.as_ref(),
        ),
        damage_items: opt_by(
            b.and_then(|b| b.damage_items.as_ref()),
            a.damage_items.as_ref(),
            |x, y| list_eq(x, y, damage_eq),
        ),
    };
    match b {
        // A new condition is sent even when empty ("no grading").
        None => Patch::Value(p),
        Some(_) => nested(p, ConditionPatch::is_empty),
    }
}

impl StockPatch {
    /// The smallest patch that turns the stored item `before` into the
    /// desired `after`, under the documented PATCH semantics: a field that
    /// is equal is not sent; a field `after` lacks is sent as `null`
    /// (cleared); a changed field is sent with its new value (a blank text
    /// `""` in `after` is sent as the blank it is). Nested objects
    /// (`metadata`, `vehicle`, `advert`, `advert.auction`, `condition`,
    /// `additionalData`) are compared field by field and sent only with what
    /// changed; arrays (`features`, `images`, `condition.damageItems`) and
    /// the small all-required objects (a price, `engineSize`) are sent whole
    /// when they differ. Read-only fields never appear: the patch type
    /// cannot carry them.
    ///
    /// What the comparison leaves out:
    ///
    /// * The fields this SDK does not know (each object's `extra`) and the
    ///   server's `platformUrl` / `uploaded` of an image; images without a
    ///   `url` are not compared (a client cannot send one).
    /// * `additionalData` keys the documentation does not list (a patch
    ///   cannot send them; clearing the whole object removes them).
    /// * The other properties of `metadata` (the patch carries only
    ///   `externalStockId` and `externalVendorId`).
    ///
    /// Two cases where the documented API cannot reach `after` exactly:
    ///
    /// * **An advert cannot be removed** once added: when `after` has no
    ///   advert and `before` has one, the patch deactivates it
    ///   (`advert.state` INACTIVE) and leaves the rest of it alone.
    /// * **A Required field is never set to null**: `after` is a
    ///   [`NewStockItem`], whose Required fields are required by
    ///   construction, so the patch always passes the null checks of
    ///   [`check_patch`](crate::check_patch). An `after` that breaks another
    ///   documented rule (no image, a reserve at £50) gives a patch that
    ///   breaks it too: [`Client::update_stock`](crate::Client::update_stock)
    ///   refuses it before sending with
    ///   [`ErrorKind::Validation`](crate::ErrorKind::Validation) naming the
    ///   field, as it does for any patch.
    ///
    /// ```
    /// use dealerauction_client::serde_json;
    /// use dealerauction_client::models::*;
    /// let item: StockItem = serde_json::from_value(serde_json::json!({
    ///     "id": "a10ab562", "customerId": "123456", "createdDate": "2023-04-19T11:07:18Z",
    ///     "metadata": {"externalStockId": "STK-1"}, "features": [],
    ///     "images": [{"url": "https://example.com/1.jpg", "platformUrl": "https://cdn/1.jpg"}],
    ///     "vehicle": {"category": "Car", "ownershipCondition": "USED", "make": "Ford",
    ///                 "model": "Fiesta", "mileage": 41000, "colour": "Blue", "stolen": false,
    ///                 "imported": false, "exported": false, "scrapped": false}
    /// })).unwrap();
    /// let mut desired = item.to_new_stock_item();
    /// assert!(StockPatch::diff(&item, &desired).is_empty());
    ///
    /// desired.vehicle.mileage = Some(42_500);
    /// desired.vehicle.colour = None;
    /// assert_eq!(
    ///     serde_json::to_string(&StockPatch::diff(&item, &desired)).unwrap(),
    ///     r#"{"vehicle":{"mileage":42500,"colour":null}}"#
    /// );
    /// ```
    #[must_use = "this only computes a value: use it"]
    pub fn diff(before: &StockItem, after: &NewStockItem) -> StockPatch {
        let metadata = MetadataPatch {
            external_stock_id: opt(
                before.metadata.external_stock_id.as_ref(),
                after.metadata.external_stock_id.as_ref(),
            ),
            external_vendor_id: opt(
                before.metadata.external_vendor_id.as_ref(),
                after.metadata.external_vendor_id.as_ref(),
            ),
        };
        let images = new_images(&before.images);
        let additional_data = match (&before.additional_data, &after.additional_data) {
            (None, None) => Patch::Absent,
            (Some(_), None) => Patch::Null,
            (None, Some(a)) => Patch::Value(AdditionalDataPatch::from(a)),
            (Some(b), Some(a)) => nested(
                AdditionalDataPatch::diff(&b.fields, a),
                AdditionalDataPatch::is_empty,
            ),
        };
        StockPatch {
            metadata: nested(metadata, MetadataPatch::is_empty),
            customer_id: req(&before.customer_id, &after.customer_id),
            vehicle: vehicle(&before.vehicle, &after.vehicle),
            advert: advert(before.advert.as_ref(), after.advert.as_ref()),
            features: if list_eq(&before.features, &after.features, feature_eq) {
                Patch::Absent
            } else {
                Patch::Value(after.features.clone())
            },
            condition_report_url: opt(
                before.condition_report_url.as_ref(),
                after.condition_report_url.as_ref(),
            ),
            condition: condition(before.condition.as_ref(), after.condition.as_ref()),
            video_url: opt(before.video_url.as_ref(), after.video_url.as_ref()),
            images: req(&images, &after.images),
            available_until: opt(
                before.available_until.as_ref(),
                after.available_until.as_ref(),
            ),
            requested_network: opt(
                before.requested_network.as_ref(),
                after.requested_network.as_ref(),
            ),
            additional_data,
        }
    }

    /// [`diff`](StockPatch::diff) between two fetched items: the patch that
    /// turns `before` into `after`'s writable content
    /// ([`StockItem::to_new_stock_item`]); `after`'s read-only fields are
    /// ignored.
    ///
    /// ```
    /// # fn f(stored: dealerauction_client::models::StockItem) {
    /// use dealerauction_client::models::StockPatch;
    /// let mut edited = stored.clone();
    /// edited.vehicle.mileage = Some(60_000);
    /// let patch = StockPatch::diff_items(&stored, &edited);
    /// # let _ = patch;
    /// # }
    /// ```
    #[must_use = "this only computes a value: use it"]
    pub fn diff_items(before: &StockItem, after: &StockItem) -> StockPatch {
        Self::diff(before, &after.to_new_stock_item())
    }

    /// The wire paths this patch sends (`vehicle.mileage`, `images`,
    /// `advert.auction.reservePrice`, …), sorted: each
    /// field of a nested object by its own path, a replaced value (an
    /// array, a price) by its path. For a report of what changed.
    ///
    /// ```
    /// use dealerauction_client::models::StockPatch;
    /// let p = StockPatch::new().mileage(42_000).reserve_price(2_000);
    /// assert_eq!(p.paths(), ["advert.auction.reservePrice", "vehicle.mileage"]);
    /// ```
    #[must_use = "this only computes a value: use it"]
    pub fn paths(&self) -> Vec<String> {
        fn walk(prefix: &str, v: &Value, out: &mut Vec<String>) {
            const NESTED: &[&str] = &[
                "metadata",
                "vehicle",
                "advert",
                "advert.auction",
                "condition",
                "additionalData",
            ];
            if let Value::Object(m) = v {
                for (k, v) in m {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    if v.is_object() && NESTED.contains(&path.as_str()) {
                        walk(&path, v, out);
                    } else {
                        out.push(path);
                    }
                }
            }
        }
        let mut out = Vec::new();
        if let Ok(v) = serde_json::to_value(self) {
            walk("", &v, &mut out);
        }
        out.sort();
        out
    }
}

impl StockItem {
    /// The item's writable content, in the write shape of a create: what
    /// [`StockPatch::diff`] compares. Read-only fields (`id`, dates,
    /// `publicReference`, `lifecycleState`, `derivativeId`, `capTaxonomy`,
    /// `advertiser`, image `platformUrl` / `uploaded`), fields this SDK does
    /// not know, images without a `url` and undocumented `additionalData`
    /// keys are left out.
    ///
    /// ```
    /// # fn f(item: dealerauction_client::models::StockItem) {
    /// let mut desired = item.to_new_stock_item();
    /// desired.vehicle.mileage = Some(60_000);
    /// # }
    /// ```
    #[must_use = "this only computes a value: use it"]
    pub fn to_new_stock_item(&self) -> NewStockItem {
        let v = &self.vehicle;
        let text = |s: &Option<LooseString>| s.as_ref().map(|s| s.0.clone());
        let mut metadata = self.metadata.clone();
        metadata.extra.clear();
        let mut vehicle = NewVehicle::new(
            v.category.clone(),
            v.ownership_condition.clone(),
            v.make.clone(),
            v.model.clone(),
            super::VehicleHistory {
                stolen: v.stolen,
                imported: v.imported,
                exported: v.exported,
                scrapped: v.scrapped,
            },
        );
        vehicle.vrm = v.vrm.clone();
        vehicle.mileage = v.mileage;
        vehicle.year_of_manufacture = v.year_of_manufacture;
        vehicle.date_of_registration = v.date_of_registration;
        vehicle.vin = v.vin.clone();
        vehicle.derivative = text(&v.derivative);
        vehicle.trim = v.trim.clone();
        vehicle.body_type = v.body_type.clone();
        vehicle.fuel_type = v.fuel_type.clone();
        vehicle.transmission_type = v.transmission_type.clone();
        vehicle.drive_train = v.drive_train.clone();
        vehicle.doors = v.doors;
        vehicle.keys = v.keys;
        vehicle.insurance_group = text(&v.insurance_group);
        vehicle.insurance_security_code = v.insurance_security_code.clone();
        vehicle.v5_certification_supplied = v.v5_certification_supplied;
        vehicle.colour = v.colour.clone();
        vehicle.engine_number = v.engine_number.clone();
        vehicle.cylinders = v.cylinders;
        vehicle.engine_size = v.engine_size.clone().map(|mut e| {
            e.extra.clear();
            e
        });
        vehicle.mot_expiry = v.mot_expiry;
        vehicle.service_history = v.service_history.clone();
        vehicle.plate = text(&v.plate);
        vehicle.previous_owners = v.previous_owners;
        vehicle.ex_demo = v.ex_demo;
        vehicle.writeoff_category = v.writeoff_category.clone();
        let clean_price = |p: &Option<Price>| {
            p.clone().map(|mut p| {
                p.extra.clear();
                p
            })
        };
        let advert = self.advert.as_ref().map(|a| NewAdvert {
            state: a.state.clone(),
            auction: a.auction.as_ref().map(|x| {
                let mut x = x.clone();
                x.extra.clear();
                x.starting_price = clean_price(&x.starting_price);
                x.reserve_price = clean_price(&x.reserve_price);
                x.asking_price = clean_price(&x.asking_price);
                x.buy_now_price = clean_price(&x.buy_now_price);
                x
            }),
            start_date: a.start_date,
            end_date: a.end_date,
            attention_grabber: a.attention_grabber.clone(),
            description: a.description.clone(),
            trade_vat_status: a.trade_vat_status.clone(),
            external_url: a.external_url.clone(),
        });
        let condition = self.condition.as_ref().map(|c| Condition {
            external_condition_grade: c.external_condition_grade.clone(),
            surecheck_grade: c.surecheck_grade.clone(),
            damage_items: c.damage_items.as_ref().map(|items| {
                items
                    .iter()
                    .map(|d| DamageItem::new(d.zone.clone(), d.damage_type.clone()))
                    .collect()
            }),
            extra: serde_json::Map::new(),
        });
        NewStockItem {
            metadata,
            customer_id: self.customer_id.clone(),
            vehicle,
            advert,
            features: self
                .features
                .iter()
                .map(|f| {
                    let mut f = f.clone();
                    f.extra.clear();
                    f
                })
                .collect(),
            condition_report_url: self.condition_report_url.clone(),
            condition,
            video_url: self.video_url.clone(),
            images: new_images(&self.images),
            available_until: self.available_until,
            requested_network: self.requested_network.clone(),
            additional_data: self.additional_data.as_ref().map(|a| a.fields.clone()),
        }
    }
}
