//! Wire types: what is sent ([`NewListing`], [`ListingPatch`]) and what is
//! read ([`Listing`], [`SoldListing`], catalog entries, [`Paginated`] pages).
//!
//! Every type that is read keeps the members it does not name in an `extra`
//! map, so nothing the server sends is lost.

mod catalog;
mod listing;
mod patch;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use catalog::{CatalogEntry, Color, Feature, Model, Version, VersionYears};
pub use listing::{
    ArmoredLevel, CarFields, CategoryFields, ImplementFields, ListingBasics, MotorcycleFields,
    NewListing, NewListingBuilder, TruckFields, check_years,
};
pub use patch::{DIFFED_MEMBERS, ListingPatch};

use crate::ids::{ListingId, Reais, VersionDetailId};

autoclient_common::open_int_enum! {
    /// A vehicle category (`category`): 1 Automóvel, 2 Motocicleta,
    /// 3 Caminhão, 4 Implemento. Unknown values are kept.
    pub enum Category {
        /// `1`: Automóvel (car).
        Automovel = 1,
        /// `2`: Motocicleta (motorcycle).
        Motocicleta = 2,
        /// `3`: Caminhão (truck).
        Caminhao = 3,
        /// `4`: Implemento (implement, trailer).
        Implemento = 4,
    }
}

/// A `{"id", "name"}` reference (make, model, fuel, colour, status…), with
/// any other member kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NamedRef {
    /// `id`.
    pub id: i64,
    /// `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A reference the server may write in either of its two shapes: the object
/// of the read shape (`"color": {"id": 5, "name": "Branco"}`) or the bare id
/// of the write shape (`"color": 5`, as sent on create).
///
/// The documentation shows `color`, `make`, `model` and `fuel` as objects
/// when a listing is read, while a listing is written with `color` as an
/// integer id; the 201 of a create is not shown. A server that echoes the
/// write shape must not turn a listing that was created into a decode
/// error, so these members accept both and re-encode as they were read.
///
/// ```
/// use anuncios_client::models::IdOrRef;
/// use anuncios_client::serde_json;
/// let read: IdOrRef = serde_json::from_str(r#"{"id": 5, "name": "Branco"}"#).unwrap();
/// let echoed: IdOrRef = serde_json::from_str("5").unwrap();
/// assert_eq!((read.id(), read.name()), (5, Some("Branco")));
/// assert_eq!((echoed.id(), echoed.name()), (5, None));
/// assert_eq!(serde_json::to_string(&echoed).unwrap(), "5");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum IdOrRef {
    /// A bare id (the write shape).
    Id(i64),
    /// An `{"id", "name"}` object (the read shape).
    Ref(NamedRef),
}

impl IdOrRef {
    /// The id, whichever the shape.
    pub fn id(&self) -> i64 {
        match self {
            IdOrRef::Id(id) => *id,
            IdOrRef::Ref(r) => r.id,
        }
    }

    /// The name, when the server sent the object shape with one.
    pub fn name(&self) -> Option<&str> {
        match self {
            IdOrRef::Id(_) => None,
            IdOrRef::Ref(r) => r.name.as_deref(),
        }
    }

    /// The object, when the server sent that shape.
    pub fn as_named(&self) -> Option<&NamedRef> {
        match self {
            IdOrRef::Id(_) => None,
            IdOrRef::Ref(r) => Some(r),
        }
    }
}

impl Serialize for IdOrRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            IdOrRef::Id(id) => serializer.serialize_i64(*id),
            IdOrRef::Ref(r) => r.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for IdOrRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};

        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IdOrRef;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an integer id or an {\"id\", \"name\"} object")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IdOrRef, E> {
                Ok(IdOrRef::Id(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IdOrRef, E> {
                i64::try_from(v)
                    .map(IdOrRef::Id)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<IdOrRef, A::Error> {
                NamedRef::deserialize(de::value::MapAccessDeserializer::new(map)).map(IdOrRef::Ref)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A paginated list (`count`, `next`, `previous`, `results`).
///
/// `next` and `previous` are absolute URLs as the server writes them (they may
/// name another host: the client follows them on its configured origin only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Paginated<T> {
    /// `count`: the total number of items.
    pub count: u64,
    /// `next`: the next page's URL.
    pub next: Option<String>,
    /// `previous`: the previous page's URL.
    pub previous: Option<String>,
    /// `results`.
    pub results: Vec<T>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `year` of a listing as read: `{"make", "model"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListingYear {
    /// Year of manufacture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make: Option<u16>,
    /// Model year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<u16>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A portal of an [`Integration`]: `{"id", "name", "logo"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Portal {
    /// `id`.
    pub id: i64,
    /// `name` (e.g. Webmotors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `logo` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One publication of a listing on a portal (`integration[]`). The
/// documentation's example is cut off inside this object: every member is
/// optional and the rest is kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Integration {
    /// `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// `portal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal: Option<Portal>,
    /// `status` (e.g. `{1, "Ativo"}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<NamedRef>,
    /// `listing_type` (the portal plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listing_type: Option<NamedRef>,
    /// `ad_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ad_url: Option<String>,
    /// `ad_title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ad_title: Option<String>,
    /// `created_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub created_at: Option<DateTime<Utc>>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A listing as the server returns it (inventory list, single listing, and
/// the 201 of a create): every documented member is optional except `id`,
/// and every other member (`description`, `photos`… whether they are
/// returned is not documented) is kept in `extra`. The members whose read
/// and write shapes differ (`color`, `make`, `model`, `fuel`) accept both
/// ([`IdOrRef`]), so a 201 that echoes the listing as it was sent decodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Listing {
    /// `id`: the listing id.
    pub id: ListingId,
    /// `status`: status id (the active list shows `1`; sold listings are
    /// "usually `2`"; no full table is documented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    /// `category`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// `year`: `{make, model}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<ListingYear>,
    /// `price` in whole reais.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Reais>,
    /// `km`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub km: Option<u64>,
    /// `license_plate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_plate: Option<String>,
    /// `make`: `{id, name}` as documented, or a bare id (see [`IdOrRef`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make: Option<IdOrRef>,
    /// `model`: `{id, name}` as documented, or a bare id (see [`IdOrRef`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<IdOrRef>,
    /// `fuel`: `{id, name}` as documented, or a bare id (see [`IdOrRef`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuel: Option<IdOrRef>,
    /// `status_ad_site`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_ad_site: Option<bool>,
    /// `version_site`: the version name shown on the site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_site: Option<String>,
    /// `youtube_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub youtube_url: Option<String>,
    /// `accept_exchange`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept_exchange: Option<bool>,
    /// `alienated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alienated: Option<bool>,
    /// `extended_warranty`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_warranty: Option<bool>,
    /// `factory_warranty`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factory_warranty: Option<bool>,
    /// `inspection`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection: Option<bool>,
    /// `is_imported`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_imported: Option<bool>,
    /// `is_new`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_new: Option<bool>,
    /// `licensed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licensed: Option<bool>,
    /// `only_owner`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_owner: Option<bool>,
    /// `pwd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pwd: Option<bool>,
    /// `reviews_at_the_dealership`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviews_at_the_dealership: Option<bool>,
    /// `tax_payed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_payed: Option<bool>,
    /// `text_price_site`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_price_site: Option<String>,
    /// `show_price_site`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_price_site: Option<bool>,
    /// `created_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub created_at: Option<DateTime<Utc>>,
    /// `updated_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub updated_at: Option<DateTime<Utc>>,
    /// `created_by`: a display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// `updated_by`: a display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<String>,
    /// `first_photo`: URL of the first photo's thumbnail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_photo: Option<String>,
    /// `total_photo`: number of photos.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_photo: Option<u32>,
    /// `version_detail_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_detail_id: Option<VersionDetailId>,
    /// `color`: `{id, name}` as documented, or the bare colour id of the
    /// write shape (`"color": 5`), which a create's 201 may echo (see
    /// [`IdOrRef`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<IdOrRef>,
    /// `integration`: the portals the listing is published on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration: Option<Vec<Integration>>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A sold listing (`GET /v3/inventory/sold/{dealer_id}`): here `make`,
/// `model` and `version` are names (strings), unlike the active list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SoldListing {
    /// `id`.
    pub id: ListingId,
    /// `status` (usually `2`, Vendido).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    /// `category`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// `make`: make name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    /// `model`: model name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// `version`: version name (may be empty for motorcycles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `year`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<ListingYear>,
    /// `license_plate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_plate: Option<String>,
    /// `created_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub created_at: Option<DateTime<Utc>>,
    /// `updated_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub updated_at: Option<DateTime<Utc>>,
    /// `created_by`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// `updated_by`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<String>,
    /// `first_photo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_photo: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
