use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{paging_setters, setters};
use crate::{CustomerId, EmployeeId, JobId, Paging, Payment, VehicleId, WorkOrderId};
use autoclient_common::wire::LooseString;

autoclient_common::open_enum! {
    /// A work order's status (the documented filter values); any other value
    /// is kept.
    pub enum WorkOrderStatus {
        /// `draft`.
        Draft = "draft",
        /// `in_progress`.
        InProgress = "in_progress",
        /// `waiting_parts`.
        WaitingParts = "waiting_parts",
        /// `completed`.
        Completed = "completed",
        /// `invoiced`.
        Invoiced = "invoiced",
    }
}

/// The customer embedded in a work order: `{id, name}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomerRef {
    /// The customer's id.
    pub id: CustomerId,
    /// The customer's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Every other field the server sends.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The vehicle embedded in a work order: `{id, year, make, model}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VehicleRef {
    /// The vehicle's id.
    pub id: VehicleId,
    /// Model year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Make.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    /// Model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Every other field the server sends.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The technician embedded in a work order: `{id, name}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TechnicianRef {
    /// The technician's employee id.
    pub id: EmployeeId,
    /// The technician's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Every other field the server sends.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A work order, as listed (documented fields) or fetched in full.
///
/// ```
/// use autosync_client::{WorkOrder, WorkOrderStatus};
/// use autosync_client::Decimal;
/// use autosync_client::serde_json;
/// let wo: WorkOrder = serde_json::from_str(r#"{"id":1043,"work_order_number":"1043","status":"in_progress","total":1166.40}"#).unwrap();
/// assert_eq!(wo.status, Some(WorkOrderStatus::InProgress));
/// assert_eq!(wo.total, Some(Decimal::new(116640, 2)));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WorkOrder {
    /// The work order's id.
    pub id: WorkOrderId,
    /// Its number, as text (e.g. `"1043"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_order_number: Option<LooseString>,
    /// Its status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<WorkOrderStatus>,
    /// The customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerRef>,
    /// The vehicle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle: Option<VehicleRef>,
    /// Subtotal, exact.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "autoclient_common::wire::decimal_opt"
    )]
    pub subtotal: Option<Decimal>,
    /// Tax, exact.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "autoclient_common::wire::decimal_opt"
    )]
    pub tax: Option<Decimal>,
    /// Total, exact.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "autoclient_common::wire::decimal_opt"
    )]
    pub total: Option<Decimal>,
    /// The assigned technician.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technician: Option<TechnicianRef>,
    /// Internal notes (a field of the create body; assumed returned as sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub created_at: Option<DateTime<Utc>>,
    /// Its jobs with their line items, when the server includes them (the
    /// full work order of `GET .../workorders/{id}`; **assumed** key `jobs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jobs: Option<Vec<Job>>,
    /// Its payment history, when the server includes it (**assumed** key
    /// `payments`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payments: Option<Vec<Payment>>,
    /// Every other field the server sends.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One line item of a job.
///
/// The documentation says only "array of line item objects" and names none of
/// their fields, so a line item is an open JSON object: set the fields your
/// AutoSync account expects, read the ones the server sends.
///
/// ```
/// use autosync_client::LineItem;
/// use autosync_client::serde_json;
/// let item = LineItem::new().set("description", "5W-30 oil").set("quantity", 5);
/// assert_eq!(item.get("quantity"), Some(&serde_json::json!(5)));
/// assert_eq!(serde_json::to_string(&item).unwrap(), r#"{"description":"5W-30 oil","quantity":5}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
#[non_exhaustive]
#[must_use = "a line item does nothing until you add it to a NewJob"]
pub struct LineItem {
    /// The line item's fields.
    pub fields: Map<String, Value>,
}

impl LineItem {
    /// An empty line item.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets a field.
    pub fn set(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.fields.insert(key.into(), value.into());
        self
    }
    /// A field's value.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.get(key)
    }
}

impl From<Map<String, Value>> for LineItem {
    fn from(fields: Map<String, Value>) -> Self {
        Self { fields }
    }
}

/// A job (a group of line items) of a work order.
///
/// The documentation shows no job response; this is the create body's fields
/// plus `id` (an assumption); every other field is kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Job {
    /// The job's id.
    pub id: JobId,
    /// Its name, e.g. "Oil Change".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its line items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_items: Option<Vec<LineItem>>,
    /// Every other field the server sends.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The body of `POST /v1/shops/{shop_id}/workorders/{wo_id}/jobs`.
///
/// ```
/// use autosync_client::{LineItem, NewJob};
/// use autosync_client::serde_json;
/// let job = NewJob::new("Oil Change").line_item(LineItem::new().set("description", "Oil filter"));
/// assert_eq!(serde_json::to_value(&job).unwrap()["name"], "Oil Change");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
#[must_use = "a request body does nothing until you pass it to a Client call"]
pub struct NewJob {
    /// Job name (required).
    pub name: String,
    /// Line items (left out when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub line_items: Vec<LineItem>,
}

impl NewJob {
    /// A job with its required name.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            line_items: Vec::new(),
        }
    }
    /// Adds a line item.
    pub fn line_item(mut self, item: LineItem) -> Self {
        self.line_items.push(item);
        self
    }
}

/// The body of `POST /v1/shops/{shop_id}/workorders`.
///
/// ```
/// use autosync_client::{CustomerId, EmployeeId, NewWorkOrder, VehicleId};
/// use autosync_client::serde_json;
/// let wo = NewWorkOrder::new(CustomerId(42), VehicleId(78))
///     .technician_id(EmployeeId(5))
///     .notes("Customer reports a squeal when braking");
/// assert_eq!(serde_json::to_value(&wo).unwrap()["technician_id"], 5);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
#[must_use = "a request body does nothing until you pass it to a Client call"]
pub struct NewWorkOrder {
    /// Customer id (required).
    pub customer_id: CustomerId,
    /// Vehicle id (required).
    pub vehicle_id: VehicleId,
    /// Assigned technician.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technician_id: Option<EmployeeId>,
    /// Internal notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl NewWorkOrder {
    /// A work order with its two required fields.
    pub fn new(customer_id: CustomerId, vehicle_id: VehicleId) -> Self {
        Self {
            customer_id,
            vehicle_id,
            technician_id: None,
            notes: None,
        }
    }
    setters! {
        /// Sets `technician_id`.
        technician_id: EmployeeId,
        /// Sets `notes`.
        notes: String,
    }
}

/// The body of `PUT /v1/shops/{shop_id}/workorders/{workorder_id}`.
///
/// The documentation shows no update body. **Assumption:** the create body's
/// fields, each optional, unset ones not sent. Fields the documentation does
/// not name for this call (a `status`, for instance) can be sent with
/// [`other`](WorkOrderUpdate::other), at your own risk.
///
/// Each member is sent at most once: [`other`](WorkOrderUpdate::other) with
/// a typed member's name (`customer_id`, `vehicle_id`, `technician_id`,
/// `notes`) sets that member, and the last call for a name wins. Should the
/// public [`other`](WorkOrderUpdate::other) map be filled directly with such
/// a name, a typed member that is set is sent instead of it.
///
/// ```
/// use autosync_client::{EmployeeId, WorkOrderStatus, WorkOrderUpdate};
/// use autosync_client::serde_json;
/// let u = WorkOrderUpdate::new()
///     .technician_id(EmployeeId(7))
///     .other("status", WorkOrderStatus::Completed.as_str());
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"technician_id":7,"status":"completed"}"#);
/// let u = WorkOrderUpdate::new().notes("a").other("notes", "b");
/// assert_eq!(u.notes.as_deref(), Some("b"));
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"notes":"b"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[non_exhaustive]
#[must_use = "a request body does nothing until you pass it to a Client call"]
pub struct WorkOrderUpdate {
    /// Customer id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<CustomerId>,
    /// Vehicle id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle_id: Option<VehicleId>,
    /// Assigned technician.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technician_id: Option<EmployeeId>,
    /// Internal notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Fields the documentation does not name for this call, sent verbatim.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl WorkOrderUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets `customer_id`.
    pub fn customer_id(mut self, value: impl Into<CustomerId>) -> Self {
        self.other.remove("customer_id");
        self.customer_id = Some(value.into());
        self
    }
    /// Sets `vehicle_id`.
    pub fn vehicle_id(mut self, value: impl Into<VehicleId>) -> Self {
        self.other.remove("vehicle_id");
        self.vehicle_id = Some(value.into());
        self
    }
    /// Sets `technician_id`.
    pub fn technician_id(mut self, value: impl Into<EmployeeId>) -> Self {
        self.other.remove("technician_id");
        self.technician_id = Some(value.into());
        self
    }
    /// Sets `notes`.
    pub fn notes(mut self, value: impl Into<String>) -> Self {
        self.other.remove("notes");
        self.notes = Some(value.into());
        self
    }

    /// Sends a field the documentation does not name for this call.
    ///
    /// A typed member's name (`customer_id`, `vehicle_id`, `technician_id`,
    /// `notes`) sets that member instead, so it is never sent twice. A value
    /// that does not fit the member's type (a `null`, a string id) is sent
    /// as given, once, in place of the member.
    pub fn other(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        fn route<T: serde::de::DeserializeOwned>(
            slot: &mut Option<T>,
            other: &mut Map<String, Value>,
            key: String,
            value: Value,
        ) {
            match serde_json::from_value::<T>(value.clone()) {
                Ok(v) if !value.is_null() => {
                    other.remove(&key);
                    *slot = Some(v);
                }
                _ => {
                    *slot = None;
                    other.insert(key, value);
                }
            }
        }
        let key = key.into();
        let value = value.into();
        match key.as_str() {
            "customer_id" => route(&mut self.customer_id, &mut self.other, key, value),
            "vehicle_id" => route(&mut self.vehicle_id, &mut self.other, key, value),
            "technician_id" => route(&mut self.technician_id, &mut self.other, key, value),
            "notes" => route(&mut self.notes, &mut self.other, key, value),
            _ => {
                self.other.insert(key, value);
            }
        }
        self
    }
}

impl Serialize for WorkOrderUpdate {
    /// The typed members that are set, then the other members whose names
    /// are not those of a typed member that is set: no name twice.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        if let Some(v) = &self.customer_id {
            map.serialize_entry("customer_id", v)?;
        }
        if let Some(v) = &self.vehicle_id {
            map.serialize_entry("vehicle_id", v)?;
        }
        if let Some(v) = &self.technician_id {
            map.serialize_entry("technician_id", v)?;
        }
        if let Some(v) = &self.notes {
            map.serialize_entry("notes", v)?;
        }
        for (k, v) in &self.other {
            let shadowed = match k.as_str() {
                "customer_id" => self.customer_id.is_some(),
                "vehicle_id" => self.vehicle_id.is_some(),
                "technician_id" => self.technician_id.is_some(),
                "notes" => self.notes.is_some(),
                _ => false,
            };
            if !shadowed {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

/// The query of `GET /v1/shops/{shop_id}/workorders`.
///
/// ```
/// use autosync_client::{WorkOrderQuery, WorkOrderStatus};
/// let q = WorkOrderQuery::new().status(WorkOrderStatus::InProgress).per_page(50);
/// assert_eq!(q.status, Some(WorkOrderStatus::InProgress));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
#[must_use = "a query does nothing until you pass it to a list_… or stream_… call"]
pub struct WorkOrderQuery {
    /// `status`.
    pub status: Option<WorkOrderStatus>,
    /// `customer_id`.
    pub customer_id: Option<CustomerId>,
    /// `vehicle_id`.
    pub vehicle_id: Option<VehicleId>,
    /// `technician_id`.
    pub technician_id: Option<EmployeeId>,
    /// `created_after`, sent as `YYYY-MM-DD`.
    pub created_after: Option<NaiveDate>,
    /// `page` and `per_page`.
    pub paging: Paging,
}

impl WorkOrderQuery {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }
    setters! {
        /// Sets `status`.
        status: WorkOrderStatus,
        /// Sets `customer_id`.
        customer_id: CustomerId,
        /// Sets `vehicle_id`.
        vehicle_id: VehicleId,
        /// Sets `technician_id`.
        technician_id: EmployeeId,
        /// Sets `created_after`.
        created_after: NaiveDate,
    }
    paging_setters!();
}
