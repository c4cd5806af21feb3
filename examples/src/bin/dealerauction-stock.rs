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
//! (`--customer-id` or `DEALERAUCTION_CUSTOMER_ID`). A variable set but
//! empty is refused by name (exit 2), never taken for the live API or the
//! mock; a base URL it cannot use is refused with what is wrong with it.
//! `--help` lists the variables and the exit statuses.
//!
//! Exit status: 0 when every step worked and its result was checked (the
//! patch and the activation show in the stock item returned; against the
//! mock, the listing ends provisional and is then sold), ending with a
//! `Done:` line, or when its reader goes away (`| head -1`); 1 when a call
//! fails or a result is not what the step asked for, with one `error:` line
//! on stderr; 2 on a configuration error.
//!
//! `RUST_LOG` (e.g. `RUST_LOG=debug`) turns on the SDK's logging, on stderr:
//! at `debug`, each HTTP attempt is shown as an `http.attempt` span. Unset,
//! nothing extra is printed.

use std::process::ExitCode;

use clap::Parser;
use dealerauction_client::mock::{MOCK_CUSTOMER_ID, MockDealerAuction};
use dealerauction_client::models::{
    AdvertState, Auction, AuctionType, Condition, ConditionGrade, Currency, DamageItem, DamageType,
    DamageZone, EndListingEarly, Feature, ImageTag, Listing, ListingStatus, Metadata, NewAdvert,
    NewImage, NewStockItem, NewVehicle, OwnershipCondition, Price, ServiceHistory, StockItem,
    StockPatch, StockSearch, TradeVatStatus, VehicleCategory, VehicleHistory,
};
use dealerauction_client::{
    Client, ConfigError, CustomerId, DEFAULT_BASE_URL, Decimal, Error, ErrorExt,
};
use examples::{cli, say};

const BASE_URL_VAR: &str = "DEALERAUCTION_BASE_URL";

/// The environment variables that reach the real API, for `--help`.
const ENVIRONMENT_HELP: &str = "\
Environment (the real API):
  DEALERAUCTION_BASE_URL     the API to talk to, e.g. https://api.dealerauction.co.uk (the live API:
                             this CREATES AND LISTS A REAL STOCK ITEM) or your test environment's
                             URL. Unset, the built-in mock is used and nothing leaves this machine;
                             set but empty is an error.
  DEALERAUCTION_USERNAME     your API username (required with DEALERAUCTION_BASE_URL)
  DEALERAUCTION_PASSWORD     your API password (required with DEALERAUCTION_BASE_URL; never printed)
  DEALERAUCTION_CUSTOMER_ID  your customer account id, or --customer-id (required with
                             DEALERAUCTION_BASE_URL)
  RUST_LOG                   the SDK's logging on stderr, e.g. RUST_LOG=debug";

fn after_help() -> String {
    format!("{ENVIRONMENT_HELP}\n\n{}", cli::EXIT_STATUS_HELP)
}

/// Put a vehicle on Dealer Auction and follow its listing.
///
/// Without DEALERAUCTION_BASE_URL it runs against a built-in mock server.
#[derive(Parser, Debug)]
#[command(version, after_help = after_help())]
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
    cli::main(run(args))
}

/// What is wrong with the configuration, as the one `error:` line (exit 2).
fn config_error(e: &ConfigError) -> String {
    match e {
        ConfigError::BaseUrl { url, reason } => {
            let tip = if reason.contains("credentials") {
                "put the username and password in DEALERAUCTION_USERNAME and DEALERAUCTION_PASSWORD"
                    .to_owned()
            } else if url.contains("://") {
                format!("give the API's base URL, such as {DEFAULT_BASE_URL}")
            } else {
                format!("write it with its scheme, such as {DEFAULT_BASE_URL}")
            };
            format!(
                "{BASE_URL_VAR} `{url}` cannot be used: {reason} ({tip}; or unset {BASE_URL_VAR} to use the built-in mock)"
            )
        }
        ConfigError::MissingEnv(_) => format!(
            "{e} (against the real API set DEALERAUCTION_USERNAME and DEALERAUCTION_PASSWORD, or unset {BASE_URL_VAR} to use the built-in mock)"
        ),
        _ => e.to_string(),
    }
}

/// The real API's client and customer id, from the environment, or the
/// `error:` line that says why not.
fn real_api(args: &Args) -> Result<(Client, CustomerId), String> {
    let set_but_empty = std::env::var_os(BASE_URL_VAR)
        .is_some_and(|v| v.to_str().is_some_and(|s| s.trim().is_empty()));
    if set_but_empty {
        return Err(format!(
            "{BASE_URL_VAR} is set but empty: set it to the API's base URL (such as {DEFAULT_BASE_URL}), or unset it to use the built-in mock"
        ));
    }
    let client = Client::from_env().map_err(|e| config_error(&e))?;
    let customer_id = match args.customer_id.as_deref().map(str::trim) {
        Some("") => {
            return Err(
                "DEALERAUCTION_CUSTOMER_ID (or --customer-id) is set but empty: give your customer account id".to_owned(),
            );
        }
        Some(id) => CustomerId::new(id),
        None => {
            return Err(
                "against the real API, give your customer id (--customer-id or DEALERAUCTION_CUSTOMER_ID)".to_owned(),
            );
        }
    };
    Ok((client, customer_id))
}

async fn run(args: Args) -> ExitCode {
    let mock;
    let (client, customer_id, mock) = if std::env::var_os(BASE_URL_VAR).is_some() {
        let (client, customer_id) = match real_api(&args) {
            Ok(real) => real,
            Err(msg) => {
                eprintln!("error: {msg}");
                return ExitCode::from(2);
            }
        };
        say!("Sending to {}", client.http().base_url());
        (client, customer_id, None)
    } else {
        mock = MockDealerAuction::start().await;
        say!(
            "{BASE_URL_VAR} is not set: using the built-in mock server at {}",
            mock.base_url()
        );
        (
            mock.client(),
            CustomerId::new(MOCK_CUSTOMER_ID),
            Some(&mock),
        )
    };
    match walk(&client, &customer_id, &args.vrm, mock).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

fn stock_item(customer_id: &CustomerId, vrm: &str) -> NewStockItem {
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

/// An amount of pounds as a person reads it: `£2,950`, `£2,950.50`.
fn pounds(amount: Decimal) -> String {
    cli::money("£", amount)
}

fn show_listing(l: &Listing) {
    let bids = l.auction.bids.len();
    let current = l
        .auction
        .current_price
        .map_or_else(|| "-".to_owned(), pounds);
    say!(
        "  listing {}: {} ({}, {bids} bid(s), current {current}, reserve met: {})",
        l.id,
        l.status,
        l.auction.auction_type,
        l.auction.reserve_met
    );
}

async fn walk(
    client: &Client,
    customer_id: &CustomerId,
    vrm: &str,
    mock: Option<&MockDealerAuction>,
) -> Result<(), String> {
    let new = stock_item(customer_id, vrm);
    let vrm = vehicle_key(vrm);

    say!("1. Creating stock item {vrm} with an INACTIVE advert");
    let created: StockItem = match client.create_stock(&new).await {
        Ok(item) => {
            say!(
                "  created {} (public reference {})",
                item.id,
                item.public_reference.as_ref().map_or("-", |r| r.as_str())
            );
            item
        }
        Err(e) if e.stock_already_exists().is_some() => {
            say!("  {vrm} is already stocked for this customer: using the existing item");
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

    say!("2. Creating it again");
    match client.create_stock(&new).await {
        Err(e) => match e.stock_already_exists() {
            Some(conflict) => say!(
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

    say!(
        "3. Patching: asking price £2,950, attention grabber cleared (while the advert is inactive)"
    );
    let patch = StockPatch::new()
        .asking_price(Decimal::from(2_950))
        .clear_attention_grabber();
    say!(
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
    say!(
        "  asking price now {}, attention grabber {}",
        asking.map_or_else(
            || "-".to_owned(),
            |p| match p.currency {
                Currency::Gbp => pounds(p.value),
                _ => format!("{} {}", p.value, p.currency),
            }
        ),
        grabber.map_or_else(|| "cleared".to_owned(), |t| format!("“{t}”"))
    );
    if asking.map(|p| p.value) != Some(Decimal::from(2_950)) {
        return Err("patch: the stock item returned does not have the new asking price".into());
    }
    if grabber.is_some() {
        return Err("patch: the stock item returned still has an attention grabber".into());
    }

    say!("4. Activating the advert");
    let live = client
        .update_stock(&created.id, &StockPatch::new().activate_advert())
        .await
        .map_err(|e| fail("activate", &e))?;
    let state = live.advert.as_ref().and_then(|a| a.state.as_ref());
    say!(
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

    say!("5. Searching by VRM");
    let page = client
        .search_stock(&StockSearch::new().customer_id(customer_id).vrm(&vrm))
        .await
        .map_err(|e| fail("search", &e))?;
    for s in &page.stock_items {
        say!(
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

    say!("6. Reading the listing");
    let Some(listing_id) = live.listing_id.clone() else {
        say!("  the stock item has no listing yet");
        say!(
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
        say!(
            "Done: stock item {} is live as listing {listing_id} (selling is only demonstrated against the mock).",
            created.id
        );
        return Ok(());
    };
    say!("7. (mock) A trade buyer bids £2,400, below the £2,500 reserve");
    mock.place_bid(&listing_id, Decimal::from(2_400))
        .map_err(|e| format!("bid: {e}"))?;
    say!("8. Ending the listing early (test-environment endpoint)");
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
    say!("9. Marking the provisional vehicle sold at £2,450");
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
        say!(
            "  sold to {} for {}",
            sale.buyer
                .as_ref()
                .and_then(|b| b.trading_name.as_deref())
                .unwrap_or("?"),
            sale.price.map_or_else(|| "?".to_owned(), pounds)
        );
    }
    say!("Done: listing {listing_id} sold for £2,450.");
    Ok(())
}
