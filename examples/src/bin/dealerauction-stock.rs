//! `dealerauction-stock`: puts a vehicle on Dealer Auction and follows it.
//!
//! Creates a stock item with an INACTIVE advert, tries to create it again and
//! shows the conflict, patches its asking price and clears its attention
//! grabber (a running auction cannot be modified, so this happens before the
//! advert goes live), activates the advert, searches by VRM and reads the
//! listing. Against the built-in mock only, a trade bid below the reserve is
//! placed through the mock, the listing is ended early (the test-environment
//! endpoint) and the provisional vehicle is marked sold.
//!
//! Without `DEALERAUCTION_BASE_URL` set, it starts the in-process mock server
//! and runs against it. With it set, it uses `DEALERAUCTION_BASE_URL`,
//! `DEALERAUCTION_USERNAME`, `DEALERAUCTION_PASSWORD`, and your customer id
//! (`--customer-id` or `DEALERAUCTION_CUSTOMER_ID`).
//!
//! Exit status: 0 when every step worked and its result was checked (the
//! patch and the activation show in the stock item returned; against the
//! mock, the listing ends provisional and is then sold), ending with a
//! `Done:` line; 1 when a call fails or a result is not what the step asked
//! for, with one `error:` line on stderr; 2 on a configuration error.
//!
//! `RUST_LOG` (e.g. `RUST_LOG=debug`) turns on the SDK's logging, on stderr:
//! at `debug`, each HTTP attempt is shown as an `http.attempt` span. Unset,
//! nothing extra is printed.

use std::process::ExitCode;

use clap::Parser;
use dealerauction_client::mock::{MOCK_CUSTOMER_ID, MockDealerAuction};
use dealerauction_client::models::{
    AdvertState, Auction, AuctionType, Condition, ConditionGrade, DamageItem, DamageType,
    DamageZone, EndListingEarly, Feature, ImageTag, Listing, ListingStatus, Metadata, NewAdvert,
    NewImage, NewStockItem, NewVehicle, OwnershipCondition, Price, ServiceHistory, StockItem,
    StockPatch, StockSearch, TradeVatStatus, VehicleCategory, VehicleHistory,
};
use dealerauction_client::{Client, Error, ErrorExt};
use rust_decimal::Decimal;

/// Put a vehicle on Dealer Auction and follow its listing.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Your customer account id (required against the real API).
    #[arg(long, env = "DEALERAUCTION_CUSTOMER_ID")]
    customer_id: Option<String>,
    /// The registration of the vehicle to list.
    #[arg(long, default_value = "DA17 MCK")]
    vrm: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    examples::logging::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    let mock;
    let (client, customer_id, mock) = if std::env::var_os("DEALERAUCTION_BASE_URL").is_some() {
        let client = match Client::from_env() {
            Ok(c) => c,
            Err(e) => {
                eprintln!(
                    "error: {e} (set DEALERAUCTION_USERNAME and DEALERAUCTION_PASSWORD, or unset DEALERAUCTION_BASE_URL to use the mock)"
                );
                return ExitCode::from(2);
            }
        };
        let Some(customer_id) = args.customer_id.clone() else {
            eprintln!(
                "error: against the real API, give your customer id (--customer-id or DEALERAUCTION_CUSTOMER_ID)"
            );
            return ExitCode::from(2);
        };
        println!("Using {}", client.http().base_url());
        (client, customer_id, None)
    } else {
        mock = MockDealerAuction::start().await;
        println!(
            "DEALERAUCTION_BASE_URL is not set: using the built-in mock server at {}",
            mock.base_url()
        );
        (mock.client(), MOCK_CUSTOMER_ID.to_owned(), Some(&mock))
    };
    match walk(&client, &customer_id, &args.vrm, mock).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

fn stock_item(customer_id: &str, vrm: &str) -> NewStockItem {
    let vehicle = NewVehicle::new(
        VehicleCategory::Car,
        OwnershipCondition::Used,
        "Citroen",
        "Saxo",
        VehicleHistory::clean(),
    )
    .vrm(vrm)
    .mileage(51_234)
    .year_of_manufacture(2018)
    .colour("Blue")
    .fuel_type("Petrol")
    .transmission_type("Manual")
    .doors(3)
    .service_history(ServiceHistory::FullServiceHistory);
    NewStockItem::new(customer_id, vehicle)
        .metadata(Metadata::new().external_stock_id(format!("EX-{}", vehicle_key(vrm))))
        .advert(
            NewAdvert::new()
                .state(AdvertState::Inactive)
                .auction(
                    Auction::new(AuctionType::Bid)
                        .starting_price(Price::gbp(1_500))
                        .reserve_price(Price::gbp(2_500))
                        .asking_price(Price::gbp(3_000)),
                )
                .attention_grabber("One owner, full history")
                .description("A tidy Saxo.\nTwo keys, long MOT.")
                .trade_vat_status(TradeVatStatus::Marginal),
        )
        .feature(Feature::new("DAB Radio").standard(false))
        .condition(
            Condition::new()
                .grade(ConditionGrade::Two)
                .damage(DamageItem::new(DamageZone::BumperRear, DamageType::Scuff)),
        )
        .image(NewImage::new("https://example.com/saxo/front.jpg").tag(ImageTag::FrontNearside))
        .image(NewImage::new("https://example.com/saxo/rear.jpg").tag(ImageTag::RearOffside))
}

fn vehicle_key(vrm: &str) -> String {
    dealerauction_client::normalize_vrm(vrm)
}

/// A failed call, on one line (the error's `Display` holds its violations
/// and the server's field errors).
fn fail(what: &str, e: &Error) -> String {
    format!("{what}: {e}")
}

fn show_listing(l: &Listing) {
    let bids = l.auction.bids.len();
    let current = l
        .auction
        .current_price
        .map_or_else(|| "-".to_owned(), |p| format!("£{p}"));
    println!(
        "  listing {}: {} ({}, {bids} bid(s), current {current}, reserve met: {})",
        l.id, l.status, l.auction.auction_type, l.auction.reserve_met
    );
}

async fn walk(
    client: &Client,
    customer_id: &str,
    vrm: &str,
    mock: Option<&MockDealerAuction>,
) -> Result<(), String> {
    let new = stock_item(customer_id, vrm);
    let vrm = vehicle_key(vrm);

    println!("1. Creating stock item {vrm} with an INACTIVE advert");
    let created: StockItem = match client.create_stock(&new).await {
        Ok(item) => {
            println!(
                "  created {} (public reference {})",
                item.id,
                item.public_reference.as_ref().map_or("-", |r| r.as_str())
            );
            item
        }
        Err(e) if e.stock_already_exists().is_some() => {
            println!("  {vrm} is already stocked for this customer: using the existing item");
            let page = client
                .search_stock(&StockSearch::new().customer_id(customer_id).vrm(&vrm))
                .await
                .map_err(|e| fail("search", &e))?;
            let id = page
                .stock_items
                .first()
                .map(|s| s.id.clone())
                .ok_or("the API reported a conflict but the search found nothing")?;
            client.get_stock(&id).await.map_err(|e| fail("get", &e))?
        }
        Err(e) => return Err(fail("create", &e)),
    };

    println!("2. Creating it again");
    match client.create_stock(&new).await {
        Err(e) => match e.stock_already_exists() {
            Some(conflict) => println!(
                "  refused as expected: {e}\n  (conflict on VRM {})",
                conflict.vrm.as_deref().unwrap_or("?")
            ),
            None => return Err(fail("second create", &e)),
        },
        Ok(item) => {
            return Err(format!(
                "the second create was accepted (stock id {}): expected a conflict",
                item.id
            ));
        }
    }

    println!(
        "3. Patching: asking price £2,950, attention grabber cleared (while the advert is inactive)"
    );
    let patch = StockPatch::new()
        .asking_price(Decimal::from(2_950))
        .clear_attention_grabber();
    println!(
        "  PATCH body: {}",
        serde_json::to_string(&patch).unwrap_or_default()
    );
    let patched = client
        .update_stock(&created.id, &patch)
        .await
        .map_err(|e| fail("patch", &e))?;
    let advert = patched.advert.as_ref();
    let asking = advert
        .and_then(|a| a.auction.as_ref())
        .and_then(|a| a.asking_price.as_ref());
    let grabber = advert.and_then(|a| a.attention_grabber.as_deref());
    println!(
        "  asking price now {}, attention grabber {}",
        asking.map_or_else(|| "-".to_owned(), |p| format!("{} {}", p.value, p.currency)),
        grabber.map_or_else(|| "cleared".to_owned(), |t| format!("{t:?}"))
    );
    if asking.map(|p| p.value) != Some(Decimal::from(2_950)) {
        return Err("patch: the stock item returned does not have the new asking price".into());
    }
    if grabber.is_some() {
        return Err("patch: the stock item returned still has an attention grabber".into());
    }

    println!("4. Activating the advert");
    let live = client
        .update_stock(&created.id, &StockPatch::new().activate_advert())
        .await
        .map_err(|e| fail("activate", &e))?;
    let state = live.advert.as_ref().and_then(|a| a.state.as_ref());
    println!(
        "  advert {}, lifecycle {}",
        state.map_or("-", |s| s.as_str()),
        live.lifecycle_state.as_ref().map_or("-", |s| s.as_str())
    );
    if state != Some(&AdvertState::Active) {
        return Err(format!(
            "activate: the advert is {} after activating it",
            state.map_or("missing", |s| s.as_str())
        ));
    }

    println!("5. Searching by VRM");
    let page = client
        .search_stock(&StockSearch::new().customer_id(customer_id).vrm(&vrm))
        .await
        .map_err(|e| fail("search", &e))?;
    for s in &page.stock_items {
        println!(
            "  {} {} {} advert {}",
            s.id,
            s.vrm.as_deref().unwrap_or("-"),
            s.lifecycle_state.as_ref().map_or("-", |l| l.as_str()),
            s.advert
                .as_ref()
                .and_then(|a| a.state.as_ref())
                .map_or("-", |a| a.as_str())
        );
    }

    println!("6. Reading the listing");
    let Some(listing_id) = live.listing_id.clone() else {
        println!("  the stock item has no listing yet");
        println!(
            "Done: stock item {} is live; it has no listing yet, so none was read.",
            created.id
        );
        return Ok(());
    };
    let listing = client
        .get_listing(&listing_id)
        .await
        .map_err(|e| fail("get listing", &e))?;
    show_listing(&listing);

    let Some(mock) = mock else {
        println!(
            "Done: stock item {} is live as listing {listing_id} (selling is only demonstrated against the mock).",
            created.id
        );
        return Ok(());
    };
    println!("7. (mock) A trade buyer bids £2,400, below the £2,500 reserve");
    mock.place_bid(&listing_id, Decimal::from(2_400))
        .map_err(|e| format!("bid: {e}"))?;
    println!("8. Ending the listing early (test-environment endpoint)");
    client
        .end_listing_early(&EndListingEarly::listing(&listing_id))
        .await
        .map_err(|e| fail("end listing early", &e))?;
    let provisional = client
        .get_listing(&listing_id)
        .await
        .map_err(|e| fail("get listing", &e))?;
    show_listing(&provisional);
    if provisional.status != ListingStatus::Provisional {
        return Err(format!(
            "end listing early: the listing is {} (expected PROVISIONAL: the bid is below the reserve)",
            provisional.status
        ));
    }
    println!("9. Marking the provisional vehicle sold at £2,450");
    let sold = client
        .mark_as_sold(&listing_id, Decimal::from(2_450))
        .await
        .map_err(|e| fail("mark as sold", &e))?;
    show_listing(&sold);
    if sold.status != ListingStatus::Sold {
        return Err(format!(
            "mark as sold: the listing is {} after marking it sold",
            sold.status
        ));
    }
    if let Some(sale) = &sold.sale {
        println!(
            "  sold to {} for £{}",
            sale.buyer
                .as_ref()
                .and_then(|b| b.trading_name.as_deref())
                .unwrap_or("?"),
            sale.price.map_or_else(|| "?".to_owned(), |p| p.to_string())
        );
    }
    println!("Done: listing {listing_id} sold for £2,450.");
    Ok(())
}
