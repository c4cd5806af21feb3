//! Wire types of the Auterio ingest API.

mod ingest;
mod vehicle;

pub use ingest::{IngestRequest, IngestResponse, VehicleError};
pub use vehicle::{FuelType, Gearbox, Vehicle, VehicleStatus};
