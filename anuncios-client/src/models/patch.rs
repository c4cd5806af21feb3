//! A partial update (`PATCH /v3/inventory/item/{ad_id}`).

use autoclient_common::Violation;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::ids::{AddressId, ColorId, FeatureId, Reais, VersionDetailId};
use crate::models::listing::check_years;
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
    /// greater than 0, and a valid plate.
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
        if let Some(p) = self.members.get("license_plate") {
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
