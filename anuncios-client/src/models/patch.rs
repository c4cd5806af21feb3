//! A partial update (`PATCH /v3/inventory/item/{ad_id}`).

use autoclient_common::Violation;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::ids::{AddressId, ColorId, FeatureId, Reais, VersionDetailId};
use crate::models::listing::check_years;
use crate::models::{CategoryFields, Listing, NewListing};
use crate::photo::Photo;
use crate::plate::{LicensePlate, normalize_plate};

/// The body of a partial update: only the members set are sent.
///
/// The documentation of `PATCH /inventory/item/{ad_id}` is cut off before its
/// body; **assumption:** it takes the create guide's field names. The typed
/// setters use those names and types; [`set`](ListingPatch::set) sends any
/// other member as given. Before sending, the rules that can be checked on
/// the members present are: `price > 0`, a valid plate, and the year rule
/// when both years are set.
///
/// ```
/// use anuncios_client::{ListingPatch, Reais};
/// let patch = ListingPatch::new().price(Reais(79_900)).description("Baixou!");
/// assert_eq!(patch.to_json()["price"], 79900);
/// assert!(patch.check().is_empty());
/// assert_eq!(ListingPatch::new().price(Reais(0)).check().len(), 1);
/// ```
///
/// A value given to [`set`](ListingPatch::set) that cannot be written as
/// JSON is not sent as anything (a `null` would clear the member): the patch
/// keeps the failure ([`serialize_error`](ListingPatch::serialize_error)),
/// does not serialize, and [`Client::patch_listing`](crate::Client::patch_listing)
/// refuses it with [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest)
/// before sending.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use = "a patch does nothing by itself: pass it to Client::patch_listing"]
pub struct ListingPatch {
    members: Map<String, Value>,
    /// The first `set` whose value did not serialize: key and message.
    failure: Option<(String, String)>,
}

macro_rules! patch_setters {
    ($( $(#[$m:meta])* $field:ident : $t:ty ),* $(,)?) => {
        $(
            $(#[$m])*
            pub fn $field(self, value: $t) -> Self {
                self.set(stringify!($field), value)
            }
        )*
    };
}

impl ListingPatch {
    /// An empty patch.
    pub fn new() -> Self {
        Self::default()
    }

    /// A patch from a raw map, sent as given (still checked by [`check`](ListingPatch::check)).
    pub fn from_map(members: Map<String, Value>) -> Self {
        Self {
            members,
            failure: None,
        }
    }

    /// Sets any member, sent as given.
    ///
    /// A value that does not serialize to JSON (a map with non-string keys,
    /// a type whose `Serialize` fails) is not set; the failure is kept and
    /// the patch cannot be sent (see [`serialize_error`](ListingPatch::serialize_error)).
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use anuncios_client::{ListingPatch, serde_json};
    /// let bad = BTreeMap::from([((1, 2), "not a JSON object key")]);
    /// let patch = ListingPatch::new().description("ok").set("extra", bad);
    /// assert!(patch.serialize_error().unwrap().starts_with("`extra`"));
    /// assert!(serde_json::to_value(&patch).is_err());
    /// ```
    pub fn set(mut self, key: impl Into<String>, value: impl Serialize) -> Self {
        let key = key.into();
        match serde_json::to_value(value) {
            Ok(v) => {
                self.members.insert(key, v);
            }
            Err(e) => {
                if self.failure.is_none() {
                    self.failure = Some((key, e.to_string()));
                }
            }
        }
        self
    }

    /// Why the patch cannot be sent: the first member given to
    /// [`set`](ListingPatch::set) whose value did not serialize, or `None`.
    #[must_use]
    pub fn serialize_error(&self) -> Option<String> {
        self.failure
            .as_ref()
            .map(|(k, e)| format!("`{k}` could not be written as JSON: {e}"))
    }

    patch_setters! {
        /// `version_detail_id`.
        version_detail_id: VersionDetailId,
        /// `color`.
        color: ColorId,
        /// `make_year`.
        make_year: u16,
        /// `model_year`.
        model_year: u16,
        /// `km`.
        km: u32,
        /// `price` in whole reais.
        price: Reais,
        /// `description`.
        description: &str,
        /// `note`.
        note: &str,
        /// `youtube_url`.
        youtube_url: &str,
        /// `chassi`.
        chassi: &str,
        /// `alienated`.
        alienated: bool,
        /// `licensed`.
        licensed: bool,
        /// `only_owner`.
        only_owner: bool,
        /// `tax_payed`.
        tax_payed: bool,
        /// `accept_exchange`.
        accept_exchange: bool,
        /// `factory_warranty`.
        factory_warranty: bool,
        /// `extended_warranty`.
        extended_warranty: bool,
        /// `inspection`.
        inspection: bool,
        /// `pwd`.
        pwd: bool,
        /// `reviews_at_the_dealership`.
        reviews_at_the_dealership: bool,
        /// `address_id`.
        address_id: AddressId,
        /// `features` (replaces the list).
        features: &[FeatureId],
        /// `photos`.
        photos: &[Photo],
    }

    /// `license_plate`, normalised (upper case, no hyphen or spaces) and
    /// checked by [`check`](ListingPatch::check).
    pub fn license_plate(self, plate: &str) -> Self {
        let normalized = normalize_plate(plate);
        self.set("license_plate", normalized)
    }

    /// The members that will be sent.
    pub fn members(&self) -> &Map<String, Value> {
        &self.members
    }

    /// The body as JSON (the members that serialized; see
    /// [`serialize_error`](ListingPatch::serialize_error)).
    #[must_use]
    pub fn to_json(&self) -> Value {
        Value::Object(self.members.clone())
    }

    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The rules broken by the members present (empty when none): the year
    /// rule when both years are set, a price that is a whole number of reais
    /// greater than 0, and a valid plate (or `""`, which clears the plate of
    /// a zero-km vehicle, unless the patch also sends `is_new: false`).
    #[must_use]
    pub fn check(&self) -> Vec<Violation> {
        let mut v = Vec::new();
        let year = |k: &str| {
            self.members
                .get(k)
                .and_then(Value::as_u64)
                .and_then(|y| u16::try_from(y).ok())
        };
        if let (Some(make), Some(model)) = (year("make_year"), year("model_year")) {
            v.extend(check_years(make, model));
        }
        // Whole reais, greater than 0: a raw member may hold anything
        // (`0.0`, `-5.5`, `"85000"`), and only a positive integer passes.
        if let Some(p) = self.members.get("price")
            && p.as_u64().is_none_or(|n| n == 0)
        {
            v.push(Violation::new(
                "price",
                "price must be a whole number of reais greater than 0",
            ));
        }
        // `""` clears the plate (of a zero-km vehicle; see `diff`): refused
        // only when the patch itself makes the vehicle used.
        let clears_plate = self.members.get("license_plate") == Some(&Value::String(String::new()));
        if clears_plate && self.members.get("is_new") == Some(&Value::Bool(false)) {
            v.push(Violation::new(
                "license_plate",
                "a used vehicle needs its licence plate",
            ));
        } else if let Some(p) = self.members.get("license_plate").filter(|_| !clears_plate) {
            match p.as_str().map(LicensePlate::parse) {
                Some(Ok(_)) => {}
                Some(Err(e)) => v.push(Violation::new("license_plate", e.to_string())),
                None => v.push(Violation::new("license_plate", "must be a string")),
            }
        }
        v
    }
}

impl Serialize for ListingPatch {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(msg) = self.serialize_error() {
            return Err(serde::ser::Error::custom(msg));
        }
        self.members.serialize(serializer)
    }
}

// ---- the diff -------------------------------------------------------------

/// How a write member of the create guide is compared and cleared by
/// [`ListingPatch::diff`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Required on create: always has a value, never cleared.
    Required,
    /// A boolean flag: unset means `false`, cleared by sending `false`.
    Flag,
    /// Text: unset means empty, cleared by sending `""`.
    Text,
    /// The licence plate: text, compared normalised, cleared by sending `""`.
    Plate,
    /// A number or id: cleared by sending `null`.
    Nullable,
    /// A member that is only ever set, never cleared (`address_id`: unset
    /// means "the first address", which no value names).
    SetOnly,
    /// A list of ids compared as a set, sent whole; unset means empty.
    IdSet,
}

/// The write members common to every category, in the guide's order.
/// `photos` is not here: it is write-only (see [`ListingPatch::diff`]).
const COMMON: &[(&str, Kind)] = &[
    ("category", Kind::Required),
    ("version_detail_id", Kind::Required),
    ("color", Kind::Required),
    ("make_year", Kind::Required),
    ("model_year", Kind::Required),
    ("km", Kind::Required),
    ("price", Kind::Required),
    ("description", Kind::Required),
    ("license_plate", Kind::Plate),
    ("is_new", Kind::Required),
    ("note", Kind::Text),
    ("youtube_url", Kind::Text),
    ("chassi", Kind::Text),
    ("alienated", Kind::Flag),
    ("licensed", Kind::Flag),
    ("only_owner", Kind::Flag),
    ("tax_payed", Kind::Flag),
    ("accept_exchange", Kind::Flag),
    ("factory_warranty", Kind::Flag),
    ("extended_warranty", Kind::Flag),
    ("inspection", Kind::Flag),
    ("pwd", Kind::Flag),
    ("reviews_at_the_dealership", Kind::Flag),
    ("address_id", Kind::SetOnly),
    ("features", Kind::IdSet),
];

const ARMOUR: &[(&str, Kind)] = &[
    ("is_armored", Kind::Flag),
    ("armored_level", Kind::Nullable),
    ("armored", Kind::Nullable),
];

const MOTORCYCLE: &[(&str, Kind)] = &[
    ("breaks", Kind::Nullable),
    ("engine", Kind::Nullable),
    ("engine_capacity", Kind::Nullable),
    ("gear", Kind::Nullable),
    ("power_supply", Kind::Nullable),
    ("refrigeration", Kind::Nullable),
    ("start", Kind::Nullable),
];

const TRUCK: &[(&str, Kind)] = &[
    ("power", Kind::Nullable),
    ("load_capacity", Kind::Nullable),
    ("pulling_capacity", Kind::Nullable),
    ("implement", Kind::Nullable),
    ("type", Kind::Nullable),
    ("cabin", Kind::Nullable),
    ("traction", Kind::Nullable),
    ("breaks", Kind::Nullable),
    ("suspension", Kind::Nullable),
];

const IMPLEMENT: &[(&str, Kind)] = &[("number_of_axles", Kind::Nullable)];

/// The write members of a category's own fields.
fn category_members(fields: &CategoryFields) -> Vec<(&'static str, Kind)> {
    match fields {
        CategoryFields::Car(_) => ARMOUR.to_vec(),
        CategoryFields::Motorcycle(_) => MOTORCYCLE.to_vec(),
        CategoryFields::Truck(_) => ARMOUR.iter().chain(TRUCK).copied().collect(),
        CategoryFields::Implement(_) => IMPLEMENT.to_vec(),
    }
}

/// The names of every member [`ListingPatch::diff`] may send: the create
/// guide's write members, less `photos`.
///
/// ```
/// use anuncios_client::models::DIFFED_MEMBERS;
/// assert!(DIFFED_MEMBERS.contains(&"price"));
/// assert!(!DIFFED_MEMBERS.contains(&"photos"));
/// assert!(!DIFFED_MEMBERS.contains(&"updated_at"));
/// ```
pub const DIFFED_MEMBERS: &[&str] = &[
    "category",
    "version_detail_id",
    "color",
    "make_year",
    "model_year",
    "km",
    "price",
    "description",
    "license_plate",
    "is_new",
    "note",
    "youtube_url",
    "chassi",
    "alienated",
    "licensed",
    "only_owner",
    "tax_payed",
    "accept_exchange",
    "factory_warranty",
    "extended_warranty",
    "inspection",
    "pwd",
    "reviews_at_the_dealership",
    "address_id",
    "features",
    "is_armored",
    "armored_level",
    "armored",
    "breaks",
    "engine",
    "engine_capacity",
    "gear",
    "power_supply",
    "refrigeration",
    "start",
    "power",
    "load_capacity",
    "pulling_capacity",
    "implement",
    "type",
    "cabin",
    "traction",
    "suspension",
    "number_of_axles",
];

/// A member's value as the listing was read: `None` when the read shape
/// does not show it (unknown), `Some(Value::Null)` when it shows it empty.
fn current(before: &Listing, name: &str) -> Option<Value> {
    match name {
        "category" => before.category.map(|c| Value::from(c.value())),
        "version_detail_id" => before.version_detail_id.map(|v| Value::from(v.0)),
        "color" => before.color.as_ref().map(|c| Value::from(c.id())),
        "make_year" => before.year.as_ref().and_then(|y| y.make).map(Value::from),
        "model_year" => before.year.as_ref().and_then(|y| y.model).map(Value::from),
        "km" => before.km.map(Value::from),
        "price" => before.price.map(|p| Value::from(p.0)),
        "license_plate" => before.license_plate.clone().map(Value::from),
        "is_new" => before.is_new.map(Value::from),
        "youtube_url" => before.youtube_url.clone().map(Value::from),
        "accept_exchange" => before.accept_exchange.map(Value::from),
        "alienated" => before.alienated.map(Value::from),
        "extended_warranty" => before.extended_warranty.map(Value::from),
        "factory_warranty" => before.factory_warranty.map(Value::from),
        "inspection" => before.inspection.map(Value::from),
        "licensed" => before.licensed.map(Value::from),
        "only_owner" => before.only_owner.map(Value::from),
        "pwd" => before.pwd.map(Value::from),
        "reviews_at_the_dealership" => before.reviews_at_the_dealership.map(Value::from),
        "tax_payed" => before.tax_payed.map(Value::from),
        // Not in the documented read shape: read from `extra` under the
        // write name, when the server returns it.
        other => before.extra.get(other).cloned(),
    }
}

/// The value a member is sent with to clear it.
fn cleared(kind: Kind) -> Value {
    match kind {
        Kind::Flag => Value::Bool(false),
        Kind::Text | Kind::Plate => Value::String(String::new()),
        Kind::IdSet => Value::Array(Vec::new()),
        Kind::Required | Kind::Nullable | Kind::SetOnly => Value::Null,
    }
}

/// A value reduced to what the comparison looks at: `None` for "empty"
/// (null, `false` for a flag, `""` for text, `[]` for a set), plates
/// normalised, sets sorted and deduplicated.
fn normal(kind: Kind, v: Option<&Value>) -> Option<Value> {
    let v = v?;
    match (kind, v) {
        (_, Value::Null) => None,
        (Kind::Flag, Value::Bool(false)) => None,
        (Kind::Text, Value::String(s)) if s.is_empty() => None,
        (Kind::Plate, Value::String(s)) => {
            let n = normalize_plate(s);
            (!n.is_empty()).then_some(Value::String(n))
        }
        (Kind::IdSet, Value::Array(items)) => {
            let mut items = items.clone();
            items.sort_by_key(Value::to_string);
            items.dedup();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        (_, v) => Some(v.clone()),
    }
}

impl ListingPatch {
    /// The smallest `PATCH` that turns `before` (a listing as read, from
    /// [`Client::get_listing`](crate::Client::get_listing) or the
    /// inventory) into `after` (the listing as it should be, in the write
    /// shape), under the semantics this crate assumes for the `PATCH`
    /// body (its documentation is cut off; see the crate docs,
    /// "Where the documentation is silent"):
    ///
    /// * only the create guide's write members are compared and sent
    ///   ([`DIFFED_MEMBERS`]): the common ones and those of `after`'s
    ///   category; read-only members (`id`, `status`, `year`, `make`,
    ///   `model`, `fuel`, `created_at`, `updated_at`, `first_photo`,
    ///   `total_photo`, `integration`, …) are never sent, and members of
    ///   another category are left alone;
    /// * a member equal on both sides is left out; the read shape's
    ///   `year: {make, model}` and `color: {id, name}` are compared with
    ///   `make_year`, `model_year` and the colour id; plates are compared
    ///   normalised; `features` are compared as a set and sent whole;
    /// * a value `after` does not set is cleared: a flag with `false` (an
    ///   unset flag is `false`, as `is_new`'s documented default), a text
    ///   (`note`, `youtube_url`, `chassi`, `license_plate`) with `""`,
    ///   `features` with `[]`, a number or id with `null`; `address_id` is
    ///   never cleared (unset means "the first address", which no value
    ///   names);
    /// * a member the listing as read does not show at all (the documented
    ///   read example lacks `description`, `note`, `chassi`, `features`,
    ///   `address_id` and the category fields; they are read from
    ///   [`Listing::extra`] under their write names when the server returns
    ///   them) is sent when `after` sets it and not cleared when `after`
    ///   leaves it unset, since there is nothing known to clear;
    /// * `photos` are never sent: the read shape shows only `first_photo`
    ///   and `total_photo`, so whether they differ cannot be told, and
    ///   resending Base64 may add them again. Send them explicitly with
    ///   [`ListingPatch::photos`].
    ///
    /// The diff of a listing with itself (read back as `after` was
    /// written) is empty.
    ///
    /// ```
    /// use anuncios_client::prelude::*;
    /// use anuncios_client::serde_json::{self, json};
    /// let before: Listing = serde_json::from_value(json!({
    ///     "id": 12345, "category": 1, "year": {"make": 2023, "model": 2024},
    ///     "price": 85000, "km": 15000, "license_plate": "ABC1234",
    ///     "version_detail_id": 1001, "color": {"id": 1, "name": "Branco"},
    ///     "is_new": false, "only_owner": true, "tax_payed": true,
    ///     "description": "Único dono.", "updated_at": "2024-01-20T14:45:00Z",
    /// }))?;
    /// let after = NewListing::used(
    ///     "ABC-1234",
    ///     ListingBasics::new(VersionDetailId(1001), ColorId(1), 2023, 2024, 15_000, Reais(79_900), "Único dono."),
    ///     CarFields::new(),
    /// )
    /// .only_owner(true)
    /// .build()?;
    /// let patch = ListingPatch::diff(&before, &after);
    /// // The price went down and `tax_payed` is no longer set: nothing else is sent.
    /// assert_eq!(patch.to_json(), json!({"price": 79900, "tax_payed": false}));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn diff(before: &Listing, after: &NewListing) -> ListingPatch {
        let wire = match after.to_json() {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let members = COMMON
            .iter()
            .copied()
            .chain(category_members(after.category_fields()));
        let mut patch = Map::new();
        for (name, kind) in members {
            let want = normal(kind, wire.get(name));
            let known = current(before, name);
            let have = normal(kind, known.as_ref());
            if want == have {
                continue;
            }
            match (want, known) {
                // Unknown on the read side and unset on the write side:
                // nothing known to clear.
                (None, None) => {}
                // `address_id` unset means "the first", which no value names.
                (None, Some(_)) if kind == Kind::SetOnly => {}
                (None, Some(_)) => {
                    patch.insert(name.to_owned(), cleared(kind));
                }
                (Some(_), _) => {
                    if let Some(v) = wire.get(name) {
                        patch.insert(name.to_owned(), v.clone());
                    }
                }
            }
        }
        ListingPatch::from_map(patch)
    }

    /// The names of the members set, in order (for a report or a log).
    #[must_use]
    pub fn member_names(&self) -> Vec<String> {
        self.members.keys().cloned().collect()
    }
}
