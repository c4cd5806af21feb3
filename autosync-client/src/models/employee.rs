use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{paging_setters, setters};
use crate::{EmployeeId, Paging};

autoclient_common::open_enum! {
    /// An employee's role (the documented filter values); any other value is kept.
    pub enum EmployeeRole {
        /// `technician`.
        Technician = "technician",
        /// `service_writer`.
        ServiceWriter = "service_writer",
        /// `manager`.
        Manager = "manager",
    }
}

autoclient_common::open_enum! {
    /// An employee's status (the documented filter values); any other value is kept.
    pub enum EmployeeStatus {
        /// `active`.
        Active = "active",
        /// `inactive`.
        Inactive = "inactive",
    }
}

/// An employee.
///
/// The documentation shows no employee response. **Assumption:** `id`,
/// `name` (as in the `technician` object of a work order), and `role` and
/// `status` (the list's filters); every other field is kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Employee {
    /// The employee's id.
    pub id: EmployeeId,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<EmployeeRole>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<EmployeeStatus>,
    /// Every other field the server sends.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The query of `GET /v1/shops/{shop_id}/employees`.
///
/// ```
/// use autosync_client::{EmployeeQuery, EmployeeRole, EmployeeStatus};
/// let q = EmployeeQuery::new().role(EmployeeRole::Technician).status(EmployeeStatus::Active);
/// assert_eq!(q.role, Some(EmployeeRole::Technician));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
#[must_use = "a query does nothing until you pass it to a list_… or stream_… call"]
pub struct EmployeeQuery {
    /// `role`.
    pub role: Option<EmployeeRole>,
    /// `status`.
    pub status: Option<EmployeeStatus>,
    /// `page` and `per_page`.
    pub paging: Paging,
}

impl EmployeeQuery {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }
    setters! {
        /// Sets `role`.
        role: EmployeeRole,
        /// Sets `status`.
        status: EmployeeStatus,
    }
    paging_setters!();
}
