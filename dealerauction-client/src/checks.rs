//! The documented rules, checked before sending. [`Client::create_stock`] and
//! [`Client::update_stock`] run them; the `_unchecked` variants skip them.
//!
//! [`Client::create_stock`]: crate::Client::create_stock
//! [`Client::update_stock`]: crate::Client::update_stock

use autoclient_common::reexports::url::Url;
use autoclient_common::{Patch, Violation};
use chrono::{DateTime, SecondsFormat, Utc};
use rust_decimal::Decimal;

use crate::models::{AuctionType, NewStockItem, Price, StockPatch, normalize_vrm};

/// Longest `conditionReportUrl`, in characters.
pub const MAX_CONDITION_REPORT_URL: usize = 500;
/// Longest `advert.attentionGrabber`, in characters.
pub const MAX_ATTENTION_GRABBER: usize = 100;
/// Longest `advert.description`, in characters.
pub const MAX_DESCRIPTION: usize = 2000;
/// A reserve price must be above this (GBP) for a BID or SEALED_BID auction.
pub const MIN_RESERVE_EXCLUSIVE: Decimal = Decimal::from_parts(50, 0, 0, false, 0);

/// Whether `url` is a YouTube URL (`youtube.com` and its subdomains,
/// `youtu.be`, `youtube-nocookie.com`; http or https), the only video host the
/// API supports.
///
/// ```
/// use dealerauction_client::is_youtube_url;
/// assert!(is_youtube_url("https://www.youtube.com/watch?v=yIQd2Ya0Ziw&ab_channel=Calm"));
/// assert!(is_youtube_url("https://youtu.be/yIQd2Ya0Ziw"));
/// assert!(!is_youtube_url("https://vimeo.com/1"));
/// assert!(!is_youtube_url("https://youtube.com.evil.example/x"));
/// ```
#[must_use = "this only computes a value: use it"]
pub fn is_youtube_url(url: &str) -> bool {
    let Ok(u) = Url::parse(url.trim()) else {
        return false;
    };
    if u.scheme() != "https" && u.scheme() != "http" {
        return false;
    }
    let Some(host) = u.host_str() else {
        return false;
    };
    let host = host.to_ascii_lowercase();
    host == "youtube.com"
        || host.ends_with(".youtube.com")
        || host == "youtu.be"
        || host == "youtube-nocookie.com"
        || host.ends_with(".youtube-nocookie.com")
}

fn max_len(out: &mut Vec<Violation>, field: &str, value: &str, max: usize) {
    let n = value.chars().count();
    if n > max {
        out.push(Violation::new(
            field,
            format!("at most {max} characters, not {n}"),
        ));
    }
}

fn video(out: &mut Vec<Violation>, value: &str) {
    // A blank is the documented way to clear a text field.
    if !value.is_empty() && !is_youtube_url(value) {
        out.push(Violation::new(
            "videoUrl",
            "only YouTube videos are supported",
        ));
    }
}

fn vrm(out: &mut Vec<Violation>, value: &str) {
    if normalize_vrm(value) != value {
        out.push(Violation::new(
            "vehicle.vrm",
            format!(
                "must be upper case without spaces (`{}`)",
                normalize_vrm(value)
            ),
        ));
    }
}

fn needs_reserve(t: &AuctionType) -> bool {
    matches!(t, AuctionType::Bid | AuctionType::SealedBid)
}

fn reserve(out: &mut Vec<Violation>, t: &AuctionType, price: Option<&Price>) {
    if !needs_reserve(t) {
        return;
    }
    match price {
        None => out.push(Violation::new(
            "advert.auction.reservePrice",
            format!("a {t} auction needs a reserve price above £50"),
        )),
        Some(p) if p.value <= MIN_RESERVE_EXCLUSIVE => out.push(Violation::new(
            "advert.auction.reservePrice",
            format!("must be above £50 for a {t} auction, not {}", p.value),
        )),
        Some(_) => {}
    }
}

/// "If an availableUntil is specified, auction time must end before or at
/// this point": an auction end after `availableUntil` is reported on
/// `advert.auction.endDate`, the message naming `availableUntil` and both
/// instants.
fn auction_end(out: &mut Vec<Violation>, end: &DateTime<Utc>, until: &DateTime<Utc>) {
    if end > until {
        let fmt = |t: &DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        out.push(Violation::new(
            "advert.auction.endDate",
            format!(
                "the auction must end at or before `availableUntil` ({}), not after it ({})",
                fmt(until),
                fmt(end)
            ),
        ));
    }
}

fn not_null<T>(out: &mut Vec<Violation>, field: &str, value: &Patch<T>) {
    if value.is_null() {
        out.push(Violation::new(
            field,
            "is required by the schema and cannot be set to null",
        ));
    }
}

/// Every documented rule a stock item to create breaks (empty when it
/// passes): at least one image; a reserve price above £50 for a BID or
/// SEALED_BID auction; `conditionReportUrl` at most 500 characters,
/// `advert.attentionGrabber` at most 100, `advert.description` at most 2,000;
/// `videoUrl` on YouTube; the VRM upper case without spaces; and, when both
/// are set, `advert.auction.endDate` at or before `availableUntil`.
///
/// The buy-now rule is cut off in the documentation and not checked.
///
/// ```
/// use dealerauction_client::check_new_stock;
/// use dealerauction_client::models::*;
/// let vehicle = NewVehicle::new(
///     VehicleCategory::Van, OwnershipCondition::Used, "Ford", "Transit", VehicleHistory::clean(),
/// );
/// let item = NewStockItem::new("123456", vehicle).advert(
///     NewAdvert::new().auction(Auction::new(AuctionType::Bid).reserve_price(Price::gbp(50))),
/// );
/// let fields: Vec<String> = check_new_stock(&item).into_iter().map(|v| v.field).collect();
/// assert_eq!(fields, ["images", "advert.auction.reservePrice"]);
/// ```
#[must_use = "this only computes a value: use it"]
pub fn check_new_stock(item: &NewStockItem) -> Vec<Violation> {
    let mut out = Vec::new();
    if item.images.is_empty() {
        out.push(Violation::new("images", "at least one image is required"));
    }
    if let Some(v) = &item.vehicle.vrm {
        vrm(&mut out, v);
    }
    if let Some(u) = &item.condition_report_url {
        max_len(&mut out, "conditionReportUrl", u, MAX_CONDITION_REPORT_URL);
    }
    if let Some(u) = &item.video_url {
        video(&mut out, u);
    }
    if let Some(a) = &item.advert {
        if let Some(t) = &a.attention_grabber {
            max_len(
                &mut out,
                "advert.attentionGrabber",
                t,
                MAX_ATTENTION_GRABBER,
            );
        }
        if let Some(t) = &a.description {
            max_len(&mut out, "advert.description", t, MAX_DESCRIPTION);
        }
        if let Some(auction) = &a.auction {
            reserve(
                &mut out,
                &auction.auction_type,
                auction.reserve_price.as_ref(),
            );
            if let (Some(end), Some(until)) = (&auction.end_date, &item.available_until) {
                auction_end(&mut out, end, until);
            }
        }
    }
    out
}

/// Every documented rule a patch breaks, as far as the patch alone shows it
/// (empty when it passes):
///
/// * no field the schema marks Required is set to null: `metadata`,
///   `customerId`, `vehicle`, `vehicle.category`, `ownershipCondition`,
///   `make`, `model`, `stolen`, `imported`, `exported`, `scrapped`,
///   `advert.auction.type`, `features` and `images` (an empty `features`
///   list is fine: "If you don't have any, just provide an empty list");
/// * the images, when sent, are not empty;
/// * the length limits and the YouTube rule on the values sent; the VRM,
///   when sent, upper case without spaces;
/// * when the patch sets the auction type to BID or SEALED_BID, a reserve
///   price it sends or clears must be above £50;
/// * when the patch sets both `advert.auction.endDate` and `availableUntil`,
///   the auction ends at or before `availableUntil`.
///
/// What is already stored on the server (a reserve, an auction end) is not
/// known here. [`Client::update_stock_unchecked`](crate::Client::update_stock_unchecked)
/// sends a patch without these checks, for the server to judge.
///
/// ```
/// use dealerauction_client::check_patch;
/// use dealerauction_client::models::StockPatch;
/// use dealerauction_client::Patch;
/// assert!(check_patch(&StockPatch::new().description("Plain text")).is_empty());
/// assert_eq!(check_patch(&StockPatch::new().replace_images(vec![])).len(), 1);
/// let mut p = StockPatch::new();
/// p.features = Patch::Null;
/// assert_eq!(check_patch(&p)[0].field, "features");
/// ```
#[must_use = "this only computes a value: use it"]
pub fn check_patch(patch: &StockPatch) -> Vec<Violation> {
    let mut out = Vec::new();
    // The Required fields, in schema order.
    not_null(&mut out, "metadata", &patch.metadata);
    not_null(&mut out, "customerId", &patch.customer_id);
    not_null(&mut out, "vehicle", &patch.vehicle);
    if let Patch::Value(v) = &patch.vehicle {
        not_null(&mut out, "vehicle.category", &v.category);
        not_null(
            &mut out,
            "vehicle.ownershipCondition",
            &v.ownership_condition,
        );
        not_null(&mut out, "vehicle.make", &v.make);
        not_null(&mut out, "vehicle.model", &v.model);
        not_null(&mut out, "vehicle.stolen", &v.stolen);
        not_null(&mut out, "vehicle.imported", &v.imported);
        not_null(&mut out, "vehicle.exported", &v.exported);
        not_null(&mut out, "vehicle.scrapped", &v.scrapped);
    }
    if let Patch::Value(a) = &patch.advert
        && let Patch::Value(auction) = &a.auction
    {
        not_null(&mut out, "advert.auction.type", &auction.auction_type);
    }
    not_null(&mut out, "features", &patch.features);
    match &patch.images {
        Patch::Null => out.push(Violation::new(
            "images",
            "is required by the schema and cannot be set to null (at least one image is required)",
        )),
        Patch::Value(v) if v.is_empty() => {
            out.push(Violation::new("images", "at least one image is required"))
        }
        _ => {}
    }
    if let Some(v) = patch.vehicle.as_value().and_then(|v| v.vrm.as_value()) {
        vrm(&mut out, v);
    }
    if let Patch::Value(u) = &patch.condition_report_url {
        max_len(&mut out, "conditionReportUrl", u, MAX_CONDITION_REPORT_URL);
    }
    if let Patch::Value(u) = &patch.video_url {
        video(&mut out, u);
    }
    if let Patch::Value(a) = &patch.advert {
        if let Patch::Value(t) = &a.attention_grabber {
            max_len(
                &mut out,
                "advert.attentionGrabber",
                t,
                MAX_ATTENTION_GRABBER,
            );
        }
        if let Patch::Value(t) = &a.description {
            max_len(&mut out, "advert.description", t, MAX_DESCRIPTION);
        }
        if let Patch::Value(auction) = &a.auction
            && let Patch::Value(t) = &auction.auction_type
        {
            match &auction.reserve_price {
                Patch::Absent => {}
                Patch::Null => reserve(&mut out, t, None),
                Patch::Value(p) => reserve(&mut out, t, Some(p)),
            }
        }
        if let Patch::Value(auction) = &a.auction
            && let (Patch::Value(end), Patch::Value(until)) =
                (&auction.end_date, &patch.available_until)
        {
            auction_end(&mut out, end, until);
        }
    }
    out
}
