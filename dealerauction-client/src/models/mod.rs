//! Wire types of the Dealer Auction stock and listings API.

mod additional_data;
mod diff;
mod enums;
mod listing;
mod new_stock;
mod patch;
mod price;
mod search;
mod stock;
mod webhook;

pub use additional_data::{AdditionalDataFields, AdditionalDataPatch};
pub use enums::*;
pub use listing::{
    Bid, Buyer, BuyerAddress, BuyerContact, EndListingEarly, Listing, ListingAuction, MarkAsSold,
    Negotiation, Sale,
};
pub use new_stock::{NewAdvert, NewImage, NewStockItem, NewVehicle, VehicleHistory, normalize_vrm};
pub use patch::{
    AdvertPatch, AuctionPatch, BLANKABLE_FIELDS, ConditionPatch, MetadataPatch, StockPatch,
    VehiclePatch, blank,
};
pub use price::Price;
pub use search::{
    Paginator, StockSearch, StockSearchPage, StockSummary, SummaryAdvert, SummaryAuction,
};
pub use stock::{
    AdditionalData, Advert, Advertiser, AdvertiserAddress, AdvertiserContact, Auction, CapTaxonomy,
    Condition, DamageItem, EngineSize, Feature, Image, LatLong, Metadata, StockItem, Vehicle,
};
pub use webhook::{
    DEFAULT_MAX_WEBHOOK_BODY, EventEnvelope, ListingProvisional, ListingStarted, StartedAuction,
    StartedNegotiation, VehicleSold, WebhookEvent,
};
