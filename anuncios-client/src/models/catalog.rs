//! Catalog entries.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids::{CatalogId, FeatureId, ModelId, VersionDetailId};
use crate::models::{Category, NamedRef};

/// An entry of a catalog whose response shape is **not documented**
/// (categories, armour types, the motorcycle and truck sub-catalogs): read
/// loosely as `id`, an optional `name`, and every other member in `extra`.
///
/// ```
/// use anuncios_client::serde_json;
/// let e: anuncios_client::CatalogEntry =
///     serde_json::from_str(r#"{"id": 1, "name": "Disco", "sigla": "D"}"#).unwrap();
/// assert_eq!(e.name.as_deref(), Some("Disco"));
/// assert_eq!(e.extra["sigla"], "D");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CatalogEntry {
    /// `id`.
    pub id: CatalogId,
    /// `name`, when the entry has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A model (`/catalog/model`): `{"id", "name"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Model {
    /// `id`.
    pub id: ModelId,
    /// `name`, e.g. Onix.
    pub name: String,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A colour (`/catalog/color`): `{"id", "name"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Color {
    /// `id`.
    pub id: crate::ids::ColorId,
    /// `name`, e.g. Branco.
    pub name: String,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An optional-equipment item (`/catalog/feature`): `{"id", "name", "category"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Feature {
    /// `id`.
    pub id: FeatureId,
    /// `name`, e.g. Ar Condicionado.
    pub name: String,
    /// `category`: the vehicle category the feature belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `year` of a version: `{"start", "end"}` (present on some versions only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VersionYears {
    /// `start`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u16>,
    /// `end`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<u16>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A version of a model (`/catalog/versions/{model_id}`). Its `id` is used as
/// `version_detail_id` when creating a listing (the create guide says so;
/// that each entry is a *Versão Detalhe* is inferred from its fields).
///
/// The item field table is not documented; the members are those of the
/// documented example. `motorcycle_style`, `end_year` and
/// `motorcycle_style_id` are nullable and written back as `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Version {
    /// `id`: the version-detail id.
    pub id: VersionDetailId,
    /// `name`, e.g. Onix 1.0 MT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `model`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<NamedRef>,
    /// `year`: `{start, end}`, on some versions only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<VersionYears>,
    /// `fuel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuel: Option<NamedRef>,
    /// `door`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub door: Option<NamedRef>,
    /// `transmission`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transmission: Option<NamedRef>,
    /// `body`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<NamedRef>,
    /// `motorcycle_style` (null for cars).
    #[serde(default)]
    pub motorcycle_style: Option<NamedRef>,
    /// `is_still_production`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_still_production: Option<bool>,
    /// `start_year`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_year: Option<u16>,
    /// `end_year` (null while in production).
    #[serde(default)]
    pub end_year: Option<u16>,
    /// `body_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_id: Option<i64>,
    /// `motorcycle_style_id` (null for cars).
    #[serde(default)]
    pub motorcycle_style_id: Option<i64>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
