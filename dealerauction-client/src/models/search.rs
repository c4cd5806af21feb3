//! `GET /v1/stock`: the search filters and the summary shape of its results.

use autoclient_common::wire::LooseString;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{CustomerId, StockId};

use super::{AdvertState, AuctionType, LifecycleState};

/// The filters of a stock search. Each filter takes several values; at least
/// one of `customerId`, `stockId`, `vrm`, `externalStockId` or
/// `externalVendorId` must be given (the API returns nothing without a filter,
/// so such a search is refused before sending).
///
/// ```
/// use dealerauction_client::models::StockSearch;
/// let q = StockSearch::new().vrm("ab17 abc").customer_id("123456").page_size(50);
/// assert!(q.has_filter());
/// assert_eq!(q.vrms(), ["AB17ABC"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[must_use = "pass it to client.search_stock(..) or client.search_stock_stream(..): building it sends nothing"]
pub struct StockSearch {
    customer_ids: Vec<CustomerId>,
    stock_ids: Vec<StockId>,
    vrms: Vec<String>,
    external_stock_ids: Vec<String>,
    external_vendor_ids: Vec<String>,
    deleted: Option<bool>,
    page_number: Option<u32>,
    page_size: Option<u32>,
}

impl StockSearch {
    /// A search with no filter yet.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a customer id (only your own can be used).
    pub fn customer_id(mut self, id: impl Into<CustomerId>) -> Self {
        self.customer_ids.push(id.into());
        self
    }
    /// Adds a stock id.
    pub fn stock_id(mut self, id: impl Into<StockId>) -> Self {
        self.stock_ids.push(id.into());
        self
    }
    /// Adds a VRM (normalized: upper case, no spaces).
    pub fn vrm(mut self, vrm: &str) -> Self {
        self.vrms.push(super::normalize_vrm(vrm));
        self
    }
    /// Adds an external stock id.
    pub fn external_stock_id(mut self, id: impl Into<String>) -> Self {
        self.external_stock_ids.push(id.into());
        self
    }
    /// Adds an external vendor id.
    pub fn external_vendor_id(mut self, id: impl Into<String>) -> Self {
        self.external_vendor_ids.push(id.into());
        self
    }
    /// Sets the `deleted` flag.
    pub fn deleted(mut self, deleted: bool) -> Self {
        self.deleted = Some(deleted);
        self
    }
    /// Sets the page number (1-based; the server's default is 1).
    pub fn page_number(mut self, n: u32) -> Self {
        self.page_number = Some(n);
        self
    }
    /// Sets the page size (the server's default is [`DEFAULT_PAGE_SIZE`](crate::DEFAULT_PAGE_SIZE);
    /// its maximum is not documented).
    pub fn page_size(mut self, n: u32) -> Self {
        self.page_size = Some(n);
        self
    }
    /// The customer ids.
    #[must_use = "this only computes a value: use it"]
    pub fn customer_ids(&self) -> &[CustomerId] {
        &self.customer_ids
    }
    /// The stock ids.
    #[must_use = "this only computes a value: use it"]
    pub fn stock_ids(&self) -> &[StockId] {
        &self.stock_ids
    }
    /// The VRMs.
    #[must_use = "this only computes a value: use it"]
    pub fn vrms(&self) -> &[String] {
        &self.vrms
    }
    /// The external stock ids.
    #[must_use = "this only computes a value: use it"]
    pub fn external_stock_ids(&self) -> &[String] {
        &self.external_stock_ids
    }
    /// The external vendor ids.
    #[must_use = "this only computes a value: use it"]
    pub fn external_vendor_ids(&self) -> &[String] {
        &self.external_vendor_ids
    }
    /// The page number, if set.
    #[must_use = "this only computes a value: use it"]
    pub fn get_page_number(&self) -> Option<u32> {
        self.page_number
    }
    /// The page size, if set.
    #[must_use = "this only computes a value: use it"]
    pub fn get_page_size(&self) -> Option<u32> {
        self.page_size
    }
    /// Whether at least one id filter is set.
    #[must_use = "this only computes a value: use it"]
    pub fn has_filter(&self) -> bool {
        !(self.customer_ids.is_empty()
            && self.stock_ids.is_empty()
            && self.vrms.is_empty()
            && self.external_stock_ids.is_empty()
            && self.external_vendor_ids.is_empty())
    }
    /// The query parameters, in order: each value of a filter as a repeated key
    /// (`vrm=A&vrm=B`), then `deleted`, `pageNumber`, `pageSize`.
    #[must_use = "this only computes a value: use it"]
    pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        q.extend(
            self.customer_ids
                .iter()
                .map(|v| ("customerId", v.as_str().to_owned())),
        );
        q.extend(
            self.stock_ids
                .iter()
                .map(|v| ("stockId", v.as_str().to_owned())),
        );
        for (key, values) in [
            ("vrm", &self.vrms),
            ("externalStockId", &self.external_stock_ids),
            ("externalVendorId", &self.external_vendor_ids),
        ] {
            q.extend(values.iter().map(|v| (key, v.clone())));
        }
        if let Some(d) = self.deleted {
            q.push(("deleted", d.to_string()));
        }
        if let Some(n) = self.page_number {
            q.push(("pageNumber", n.to_string()));
        }
        if let Some(n) = self.page_size {
            q.push(("pageSize", n.to_string()));
        }
        q
    }
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StockSearchPage {
    /// The items of this page (a summary, not the whole stock document).
    #[serde(default)]
    pub stock_items: Vec<StockSummary>,
    /// Where this page is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paginator: Option<Paginator>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The paging information of a search page.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Paginator {
    /// The page number (1-based).
    pub current_page: Option<u32>,
    /// The page size.
    pub results_per_page: Option<u32>,
    /// The number of results over all pages.
    pub total_results: Option<u64>,
    /// The number of the last page.
    pub last_page: Option<u32>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A stock item as a search returns it: a flat summary (the VRM and VIN at the
/// top level, `createDate` rather than `createdDate`). Fetch the whole item
/// with [`Client::get_stock`](crate::Client::get_stock).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StockSummary {
    /// The stock id.
    pub id: StockId,
    /// Part of the advert URL (a string, sent as a number in the examples).
    pub public_reference: Option<LooseString>,
    /// The customer account (a string, sent as a number in the examples).
    pub customer_id: Option<CustomerId>,
    /// The status of the vehicle.
    pub lifecycle_state: Option<LifecycleState>,
    /// Your vehicle identifier.
    pub external_stock_id: Option<String>,
    /// Your seller identifier.
    pub external_vendor_id: Option<String>,
    /// The registration.
    pub vrm: Option<String>,
    /// The VIN.
    pub vin: Option<String>,
    /// When the item was created (`createDate` in this shape).
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub create_date: Option<DateTime<Utc>>,
    /// The vehicle is not sold past this instant.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub available_until: Option<DateTime<Utc>>,
    /// The advert summary.
    pub advert: Option<SummaryAdvert>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The advert of a search result.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SummaryAdvert {
    /// Whether the listing is live.
    pub state: Option<AdvertState>,
    /// The auction summary.
    pub auction: Option<SummaryAuction>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The auction of a search result.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SummaryAuction {
    /// The auction type.
    #[serde(rename = "type")]
    pub auction_type: Option<AuctionType>,
    /// The start.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub start_date: Option<DateTime<Utc>>,
    /// The end.
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub end_date: Option<DateTime<Utc>>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
