//! The honest baseline of the per-call and codec benchmarks: hand-written
//! `#[derive(Deserialize)]` (and, for the codec benchmarks' encoding,
//! `Serialize`) structs with the same fields as the documents the
//! benchmarks decode and encode, in plain types (`String`, `f64`, `i64`, `bool`,
//! `Option`, `Vec`), with no catch-all maps, no exact decimals, no typed
//! dates and no numbers-as-strings. What a caller writing their own client
//! would decode into; the SDK's models promise more (unknown fields kept,
//! exact decimals, typed dates), and the ratio against these structs is the
//! price of those promises and of the SDK's machinery together.
//!
//! The documents themselves are here too, so that every benchmark (and the
//! callgrind measurement of `.ci/callgrind-calls`) decodes the same bytes.
//!
//! ```
//! use testkit::plain_models::{PlainCustomer, PlainEnvelope, PlainStockItem};
//! use testkit::plain_models::{AUTOSYNC_CUSTOMER_PAGE_SIZE, autosync_customer_doc, autosync_customer_page, DEALERAUCTION_FULL_STOCK};
//! let stock: PlainStockItem = serde_json::from_str(DEALERAUCTION_FULL_STOCK).unwrap();
//! assert_eq!(stock.vehicle.make, "Citroen");
//! let page: PlainEnvelope<Vec<PlainCustomer>> = serde_json::from_slice(&autosync_customer_page()).unwrap();
//! assert_eq!(page.data.len(), AUTOSYNC_CUSTOMER_PAGE_SIZE);
//! let one: PlainEnvelope<PlainCustomer> = serde_json::from_slice(&autosync_customer_doc(1043)).unwrap();
//! assert_eq!(one.data.id, 1043);
//! ```

#![allow(missing_docs)]

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The Dealer Auction documentation's full stock document (the
/// `GET /v1/stock/{id}` 200 example, 4.9 KB).
pub const DEALERAUCTION_FULL_STOCK: &str =
    include_str!("../../dealerauction-client/tests/data/stock-200.json");

/// The stock id of [`DEALERAUCTION_FULL_STOCK`].
pub const DEALERAUCTION_STOCK_ID: &str = "a10ab562-c0cd-4072-88eb-4115811f5aa1";

/// Customers on the AutoSync page of [`autosync_customer_page`].
pub const AUTOSYNC_CUSTOMER_PAGE_SIZE: usize = 25;

fn customer(id: u64) -> Value {
    json!({
        "id": id,
        "first_name": "Sarah",
        "last_name": "Thompson",
        "email": format!("sarah.thompson{id}@example.com"),
        "phone": "(555) 123-4567",
        "is_business": false,
        "address": {"street": "123 Main St", "city": "North Canton", "state": "OH", "zip": "44720"},
        "created_at": "2024-01-15T10:30:00Z"
    })
}

/// An AutoSync list response: `{"success": true, "data": [..25 customers],
/// "pagination": {..}}` (8.6 KB).
pub fn autosync_customer_page() -> Vec<u8> {
    let n = AUTOSYNC_CUSTOMER_PAGE_SIZE as u64;
    serde_json::to_vec(&json!({
        "success": true,
        "data": (1..=n).map(customer).collect::<Vec<_>>(),
        "pagination": {"page": 1, "per_page": n, "total": n},
    }))
    .unwrap_or_default()
}

/// An AutoSync single-customer response: `{"success": true, "data": {..}}`.
pub fn autosync_customer_doc(id: u64) -> Vec<u8> {
    serde_json::to_vec(&json!({"success": true, "data": customer(id)})).unwrap_or_default()
}

/// AutoSync's response envelope.
#[derive(Debug, Deserialize)]
pub struct PlainEnvelope<T> {
    pub success: bool,
    pub data: T,
    #[serde(default)]
    pub pagination: Option<PlainPagination>,
}

/// AutoSync's `pagination`.
#[derive(Debug, Deserialize)]
pub struct PlainPagination {
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

/// An AutoSync customer, every field of the documents above.
#[derive(Debug, Deserialize)]
pub struct PlainCustomer {
    pub id: i64,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub is_business: Option<bool>,
    pub address: Option<PlainAddress>,
    pub created_at: Option<String>,
}

/// An AutoSync address.
#[derive(Debug, Deserialize)]
pub struct PlainAddress {
    pub street: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub zip: Option<String>,
}

/// A Dealer Auction stock item, every field of the full stock document.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainStockItem {
    pub id: String,
    pub listing_id: Option<String>,
    pub created_date: Option<String>,
    pub updated_date: Option<String>,
    pub public_reference: Option<i64>,
    pub metadata: PlainMetadata,
    pub lifecycle_state: Option<String>,
    pub customer_id: i64,
    pub vehicle: PlainVehicle,
    pub advert: Option<PlainAdvert>,
    #[serde(default)]
    pub features: Vec<PlainFeature>,
    pub condition_report_url: Option<String>,
    pub condition: Option<PlainCondition>,
    pub video_url: Option<String>,
    #[serde(default)]
    pub images: Vec<PlainImage>,
    pub cap_taxonomy: Option<PlainCapTaxonomy>,
    pub available_until: Option<String>,
    pub requested_network: Option<String>,
    pub advertiser: Option<PlainAdvertiser>,
    pub additional_data: Option<PlainAdditionalData>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainMetadata {
    pub external_stock_id: Option<String>,
    pub external_vendor_id: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainVehicle {
    pub vrm: Option<String>,
    pub category: String,
    pub mileage: Option<i64>,
    pub year_of_manufacture: Option<i64>,
    pub date_of_registration: Option<String>,
    pub ownership_condition: String,
    pub vin: Option<String>,
    pub make: String,
    pub model: String,
    pub derivative: Option<f64>,
    pub derivative_id: Option<String>,
    pub trim: Option<String>,
    pub body_type: Option<String>,
    pub fuel_type: Option<String>,
    pub transmission_type: Option<String>,
    pub drive_train: Option<String>,
    pub doors: Option<i64>,
    pub keys: Option<i64>,
    pub insurance_group: Option<i64>,
    pub insurance_security_code: Option<String>,
    #[serde(rename = "v5CertificationSupplied")]
    pub v5_certification_supplied: Option<bool>,
    pub colour: Option<String>,
    pub engine_number: Option<String>,
    pub cylinders: Option<i64>,
    pub engine_size: Option<PlainEngineSize>,
    pub mot_expiry: Option<String>,
    pub service_history: Option<String>,
    pub plate: Option<i64>,
    pub previous_owners: Option<i64>,
    pub ex_demo: Option<bool>,
    pub stolen: bool,
    pub imported: bool,
    pub exported: bool,
    pub scrapped: bool,
    pub writeoff_category: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PlainEngineSize {
    pub unit: String,
    pub value: f64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainAdvert {
    pub state: Option<String>,
    pub created_date: Option<String>,
    pub updated_date: Option<String>,
    pub auction: Option<PlainAuction>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub attention_grabber: Option<String>,
    pub description: Option<String>,
    pub trade_vat_status: Option<String>,
    pub external_url: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainAuction {
    #[serde(rename = "type")]
    pub auction_type: String,
    pub lot_id: Option<i64>,
    pub starting_price: Option<PlainPrice>,
    pub reserve_price: Option<PlainPrice>,
    pub asking_price: Option<PlainPrice>,
    pub buy_now_price: Option<PlainPrice>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PlainPrice {
    pub value: f64,
    pub currency: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PlainFeature {
    pub description: String,
    pub standard: Option<bool>,
    pub category: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainCondition {
    pub external_condition_grade: Option<String>,
    pub surecheck_grade: Option<String>,
    pub damage_items: Option<Vec<PlainDamageItem>>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainDamageItem {
    pub zone: String,
    pub damage_type: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainImage {
    pub url: Option<String>,
    pub platform_url: Option<String>,
    pub uploaded: Option<bool>,
    pub tags: Option<Vec<String>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PlainCapTaxonomy {
    pub id: Option<String>,
    pub code: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub variant: Option<String>,
    pub derivative: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PlainAdvertiser {
    pub address: Option<PlainAdvertiserAddress>,
    pub contact: Option<PlainAdvertiserContact>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainAdvertiserAddress {
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub town: Option<String>,
    pub county: Option<String>,
    pub postcode: Option<String>,
    pub country: Option<String>,
    pub lat_long: Option<PlainLatLong>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PlainLatLong {
    pub latitude: f64,
    pub longitude: f64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainAdvertiserContact {
    pub email: Option<String>,
    pub title: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub mobile_number: Option<String>,
    pub landline_number: Option<String>,
}

/// `additionalData`, its 30 documented keys (snake_case on the wire).
#[derive(Debug, Serialize, Deserialize)]
pub struct PlainAdditionalData {
    pub mechanical_fails_start: Option<bool>,
    pub mechanical_bad_gearbox: Option<bool>,
    pub mechanical_unusual_noise: Option<bool>,
    pub mechanical_veers: Option<bool>,
    pub mechanical_warning_light: Option<bool>,
    pub mechanical_exhaust_smoke: Option<bool>,
    pub mechanical_leaks: Option<bool>,
    pub mechanical_note: Option<String>,
    pub electrical_aircon_not_cold: Option<bool>,
    pub electrical_dashboard_not_working: Option<bool>,
    pub electrical_speakers_not_working: Option<bool>,
    pub electrical_satnav_not_working: Option<bool>,
    pub electrical_note: Option<String>,
    pub odour_smoke: Option<bool>,
    pub odour_pet: Option<bool>,
    pub odour_damp: Option<bool>,
    pub odour_note: Option<String>,
    pub bodywork_repairs: Option<bool>,
    pub bodywork_repairs_note: Option<String>,
    pub bodywork_issues: Option<bool>,
    pub bodywork_issues_note: Option<String>,
    pub vehicle_modifications: Option<bool>,
    pub vehicle_modifications_note: Option<String>,
    pub c2b_top_nav_journey: Option<bool>,
    pub v5c_in_different_name: Option<bool>,
    pub test_name: Option<String>,
    pub test_group: Option<String>,
    pub c2b_valuation_range_lower: Option<i64>,
    pub c2b_valuation_range_upper: Option<i64>,
    pub taxi: Option<bool>,
}

/// An Auterio ingest body, `{"vehicles": [..]}`, as a caller writing their
/// own client would: the same keys as the SDK's `Vehicle`, prices as `f64`,
/// the date and the enums as `String`, and unset fields left out.
#[derive(Debug, Serialize, Deserialize)]
pub struct PlainIngestBatch {
    pub vehicles: Vec<PlainIngestVehicle>,
}

/// One vehicle of [`PlainIngestBatch`].
#[derive(Debug, Serialize, Deserialize)]
pub struct PlainIngestVehicle {
    pub vin: String,
    pub brand: String,
    pub model: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matricula: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_ext: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_int: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuel_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gearbox: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mileage: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_cc: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_hp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doors: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_price: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_price: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fecha_matricula: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub propiedad: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categoria: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}
