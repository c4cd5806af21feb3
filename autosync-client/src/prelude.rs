//! What a first program needs, in one import: `use autosync_client::prelude::*;`.
//!
//! The client and its errors, the ids, the request and model types of the
//! main resources, the money and date types, and the stream extension
//! traits (for `try_collect`, `try_next`, …) that the `stream_…` calls need.

pub use crate::{
    Client, ClientBuilder, Customer, CustomerId, CustomerQuery, CustomerUpdate, DateTime, Decimal,
    Employee, EmployeeId, EmployeeQuery, Environment, Error, ErrorKind, Job, JobId, LineItem, List,
    NaiveDate, NewAppointment, NewCustomer, NewJob, NewVehicle, NewWorkOrder, Part, PartId,
    Payment, PaymentId, Shop, ShopId, StockUpdate, StreamExt, TryStreamExt, Utc, Vehicle,
    VehicleId, VehicleQuery, WorkOrder, WorkOrderId, WorkOrderQuery, WorkOrderStatus,
    WorkOrderUpdate,
};
