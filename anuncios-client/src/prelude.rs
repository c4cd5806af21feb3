//! What a first program needs, in one `use`:
//!
//! ```
//! use anuncios_client::prelude::*;
//! # let _ = (DealerId(10), InventoryQuery::new());
//! ```
//!
//! The client and its errors, the listing a dealer sends (with its category
//! fields, photo and plate), the typed ids and [`Reais`], the queries, the
//! listings as read, and the stream extension traits ([`StreamExt`],
//! [`TryStreamExt`]) that walk the paginated lists.

pub use crate::{
    Auth, CarFields, CatalogEntry, CatalogId, Category, CategoryFields, Client, ClientBuilder,
    ColorId, DealerId, DeleteOptions, Error, ErrorExt, ErrorKind, FeatureId, ImplementFields,
    InventoryQuery, LicensePlate, Listing, ListingBasics, ListingId, ListingPatch, ModelId,
    ModelQuery, MotorcycleFields, NewListing, Paginated, Photo, Reais, ReconcileOutcome,
    ReconcileReport, SoldListing, Stream, StreamExt, TruckFields, TryStreamExt, VersionDetailId,
    VersionQuery,
};
