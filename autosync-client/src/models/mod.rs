//! The API's wire types: what is sent and what comes back.
//!
//! Response types carry every documented field and keep any other field the
//! server sends in `extra`, so nothing is lost. Request types have their
//! required fields as constructor arguments and are written exactly as
//! documented (unset optional fields are left out).

mod appointment;
mod customer;
mod employee;
mod inventory;
mod payment;
mod shop;
mod vehicle;
mod workorder;

pub use appointment::{Appointment, NewAppointment};
pub use customer::{Address, Customer, CustomerQuery, CustomerUpdate, NewCustomer};
pub use employee::{Employee, EmployeeQuery, EmployeeRole, EmployeeStatus};
pub use inventory::{Part, StockUpdate};
pub use payment::Payment;
pub use shop::{Shop, ShopStatus};
pub use vehicle::{NewVehicle, Vehicle, VehicleQuery};
pub use workorder::{
    CustomerRef, Job, LineItem, NewJob, NewWorkOrder, TechnicianRef, VehicleRef, WorkOrder,
    WorkOrderQuery, WorkOrderStatus, WorkOrderUpdate,
};

macro_rules! setters {
    ($( $(#[$m:meta])* $name:ident : $ty:ty ),* $(,)?) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.$name = Some(value.into());
                self
            }
        )*
    };
}
pub(crate) use setters;

macro_rules! paging_setters {
    () => {
        /// Sets `page` (1-based; see [`Paging`](crate::Paging) for the assumption).
        pub fn page(mut self, page: u32) -> Self {
            self.paging.page = Some(page);
            self
        }
        /// Sets `per_page` (see [`Paging`](crate::Paging) for the assumption).
        pub fn per_page(mut self, per_page: u32) -> Self {
            self.paging.per_page = Some(per_page);
            self
        }
    };
}
pub(crate) use paging_setters;

/// Formats a date as the documented ISO 8601 date string (`YYYY-MM-DD`).
pub(crate) fn iso_date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
