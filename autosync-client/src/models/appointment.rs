use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::setters;
use crate::{AppointmentId, CustomerId, VehicleId};

/// An appointment.
///
/// The documentation shows no appointment response; this is the create body's
/// fields plus `id` (an assumption); every other field is kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Appointment {
    /// The appointment's id.
    pub id: AppointmentId,
    /// The customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<CustomerId>,
    /// The vehicle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle_id: Option<VehicleId>,
    /// Start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub start_time: Option<DateTime<Utc>>,
    /// End.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub end_time: Option<DateTime<Utc>>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Every other field the server sends.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The body of `POST /v1/shops/{shop_id}/appointments`.
///
/// ```
/// use autosync_client::{CustomerId, DateTime, NewAppointment, Utc, VehicleId, serde_json};
/// let start: DateTime<Utc> = "2024-03-18T09:00:00Z".parse().unwrap();
/// let appt = NewAppointment::new(CustomerId(42), start).vehicle_id(VehicleId(78));
/// assert_eq!(serde_json::to_value(&appt).unwrap()["start_time"], "2024-03-18T09:00:00Z");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
#[must_use = "a request body does nothing until you pass it to a Client call"]
pub struct NewAppointment {
    /// Customer id (required).
    pub customer_id: CustomerId,
    /// Vehicle id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle_id: Option<VehicleId>,
    /// Start, ISO 8601 (required).
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc::serialize")]
    pub start_time: DateTime<Utc>,
    /// End, ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "autoclient_common::wire::rfc3339_utc_opt::serialize")]
    pub end_time: Option<DateTime<Utc>>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl NewAppointment {
    /// An appointment with its two required fields.
    pub fn new(customer_id: CustomerId, start_time: DateTime<Utc>) -> Self {
        Self {
            customer_id,
            vehicle_id: None,
            start_time,
            end_time: None,
            notes: None,
        }
    }
    setters! {
        /// Sets `vehicle_id`.
        vehicle_id: VehicleId,
        /// Sets `end_time`.
        end_time: DateTime<Utc>,
        /// Sets `notes`.
        notes: String,
    }
}
