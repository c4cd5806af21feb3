//! What a first program needs, in one import: `use auterio_client::prelude::*;`.
//!
//! The client and its errors, the vehicle and its value sets, the ingest
//! report, the change-only ingest's stores and report, the money and date types, and the stream extension traits (for
//! [`Client::ingest_stream`](crate::Client::ingest_stream)).

pub use crate::{
    ChunkEvent, Client, ClientBuilder, Decimal, Error, ErrorKind, FileStore, FingerprintStore,
    FuelType, Gearbox, IngestChangedReport, IngestReport, IngestResponse, MemoryStore, NaiveDate,
    Stream, StreamExt, SyncOutcome, TryStreamExt, Vehicle, VehicleStatus,
};
