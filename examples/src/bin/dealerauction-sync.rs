//! `dealerauction-sync`: keeps a Dealer Auction customer account's stock
//! equal to an inventory, by `metadata.externalStockId`.
//!
//! Reads a JSON array of stock items in the create shape (`POST /v1/stock`;
//! embedded by default, `examples/data/dealerauction-inventory.json`, or
//! `--inventory FILE`), and reconciles the account with it twice: the first
//! run creates what is missing and patches only what differs, the second
//! finds everything as desired and sends no create and no patch. Each
//! item's `customerId` is replaced by the account reconciled. With
//! `--deactivate-missing`, the account's items whose key the inventory no
//! longer has get their advert deactivated (never deleted).
//!
//! Without `DEALERAUCTION_BASE_URL` set, it starts the in-process mock
//! server and runs against it. With it set, it uses
//! `DEALERAUCTION_BASE_URL`, `DEALERAUCTION_USERNAME`,
//! `DEALERAUCTION_PASSWORD`, and your customer id (`--customer-id` or
//! `DEALERAUCTION_CUSTOMER_ID`). A variable set but empty is refused by name
//! (exit 2), never taken for the live API or the mock.
//!
//! Exit status: 0 when both runs accounted for every item, nothing failed,
//! and the second run changed nothing, ending with a `Done:` line; 1 when an
//! item failed or the second run still changed something, with one `error:`
//! line on stderr; 2 when the inventory or the configuration cannot be used.
//!
//! `RUST_LOG` (e.g. `RUST_LOG=debug`) turns on the SDK's logging, on stderr.

use std::process::ExitCode;

use clap::Parser;
use dealerauction_client::mock::{MOCK_CUSTOMER_ID, MockDealerAuction};
use dealerauction_client::models::NewStockItem;
use dealerauction_client::{Client, CustomerId, DEFAULT_BASE_URL, ReconcileItem, ReconcileReport};
use examples::{cli, say};

const BASE_URL_VAR: &str = "DEALERAUCTION_BASE_URL";

const EMBEDDED: &str = include_str!("../../data/dealerauction-inventory.json");

const ENVIRONMENT_HELP: &str = "\
Environment (the real API):
  DEALERAUCTION_BASE_URL     the API to talk to, e.g. https://api.dealerauction.co.uk (the live API:
                             this CREATES AND CHANGES REAL STOCK ITEMS of your account) or your test
                             environment's URL. Unset, the built-in mock is used and nothing leaves
                             this machine; set but empty is an error.
  DEALERAUCTION_USERNAME     your API username (required with DEALERAUCTION_BASE_URL)
  DEALERAUCTION_PASSWORD     your API password (required with DEALERAUCTION_BASE_URL; never printed)
  DEALERAUCTION_CUSTOMER_ID  your customer account id, or --customer-id (required with
                             DEALERAUCTION_BASE_URL)
  RUST_LOG                   the SDK's logging on stderr, e.g. RUST_LOG=debug";

fn after_help() -> String {
    format!("{ENVIRONMENT_HELP}\n\n{}", cli::EXIT_STATUS_HELP)
}

/// Keep a Dealer Auction account's stock equal to a JSON inventory; run twice
/// to show the second run changes nothing.
///
/// Without DEALERAUCTION_BASE_URL it runs against a built-in mock server.
#[derive(Parser, Debug)]
#[command(version, after_help = after_help())]
struct Args {
    /// A JSON array of stock items in the create shape (default: a small
    /// embedded inventory).
    #[arg(long, value_name = "FILE")]
    inventory: Option<std::path::PathBuf>,
    /// Your customer account id (required against the real API).
    #[arg(long, env = "DEALERAUCTION_CUSTOMER_ID")]
    customer_id: Option<String>,
    /// Deactivate the adverts of the account's items the inventory no longer has.
    #[arg(long)]
    deactivate_missing: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    cli::main(run(args))
}

fn read_inventory(args: &Args) -> Result<Vec<NewStockItem>, String> {
    let (name, text) = match &args.inventory {
        Some(path) => (
            path.display().to_string(),
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        ),
        None => ("the embedded inventory".to_owned(), EMBEDDED.to_owned()),
    };
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        format!(
            "{name} is not a JSON array of stock items (at {path}): {}",
            e.inner()
        )
    })
}

fn real_api(args: &Args) -> Result<(Client, CustomerId), String> {
    let set_but_empty = std::env::var_os(BASE_URL_VAR)
        .is_some_and(|v| v.to_str().is_some_and(|s| s.trim().is_empty()));
    if set_but_empty {
        return Err(format!(
            "{BASE_URL_VAR} is set but empty: set it to the API's base URL (such as {DEFAULT_BASE_URL}), or unset it to use the built-in mock"
        ));
    }
    let client = Client::from_env()
        .map_err(|e| format!("{e} (or unset {BASE_URL_VAR} to use the built-in mock)"))?;
    match args.customer_id.as_deref().map(str::trim) {
        Some("") => Err(
            "DEALERAUCTION_CUSTOMER_ID (or --customer-id) is set but empty: give your customer account id".to_owned(),
        ),
        Some(id) => Ok((client, CustomerId::new(id))),
        None => Err(
            "against the real API, give your customer id (--customer-id or DEALERAUCTION_CUSTOMER_ID)".to_owned(),
        ),
    }
}

fn show(line: &ReconcileItem) {
    let key = line.external_stock_id.as_deref().unwrap_or("(no key)");
    let id = line
        .outcome
        .stock_id()
        .map_or_else(String::new, |id| format!(" [{id}]"));
    say!("  {key}{id}: {}", line.outcome);
}

async fn reconcile(
    client: &Client,
    customer_id: &CustomerId,
    items: &[NewStockItem],
    deactivate_missing: bool,
) -> ReconcileReport {
    client
        .reconcile(customer_id.clone(), items.to_vec())
        .deactivate_missing(deactivate_missing)
        .on_item(show)
        .await
}

async fn run(args: Args) -> ExitCode {
    let mut items = match read_inventory(&args) {
        Ok(items) => items,
        Err(msg) => {
            eprintln!("error: {msg}");
            return ExitCode::from(2);
        }
    };
    let mock;
    let (client, customer_id) = if std::env::var_os(BASE_URL_VAR).is_some() {
        match real_api(&args) {
            Ok((client, customer_id)) => {
                say!("Sending to {}", client.http().base_url());
                (client, customer_id)
            }
            Err(msg) => {
                eprintln!("error: {msg}");
                return ExitCode::from(2);
            }
        }
    } else {
        mock = MockDealerAuction::start().await;
        say!(
            "{BASE_URL_VAR} is not set: using the built-in mock server at {}",
            mock.base_url()
        );
        (mock.client(), CustomerId::new(MOCK_CUSTOMER_ID))
    };
    for item in &mut items {
        item.customer_id = customer_id.clone();
    }

    say!(
        "1. Reconciling {} items with customer {customer_id}",
        items.len()
    );
    let first = reconcile(&client, &customer_id, &items, args.deactivate_missing).await;
    say!("  {first}");
    say!("2. Reconciling the same inventory again");
    let second = reconcile(&client, &customer_id, &items, args.deactivate_missing).await;
    say!("  {second}");

    for (name, report) in [("first", &first), ("second", &second)] {
        if !report.accounts_for_all() || report.failed() > 0 || report.stopped.is_some() {
            eprintln!("error: the {name} run did not reconcile every item: {report}");
            return ExitCode::from(1);
        }
    }
    if second.changes() > 0 {
        eprintln!(
            "error: the second run still changed {} item(s): {second}",
            second.changes()
        );
        return ExitCode::from(1);
    }
    say!(
        "Done: {} changes on the first run, none on the second ({} items unchanged).",
        first.changes(),
        second.unchanged()
    );
    ExitCode::SUCCESS
}
