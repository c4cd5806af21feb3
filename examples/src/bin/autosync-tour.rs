//! `autosync-tour`: a tour of the AutoSync Shop Manager SDK.
//!
//! Lists the shops, walks every customer through the paginated stream,
//! creates a customer, a vehicle, a work order and a job, lists work orders
//! by status, and verifies and parses a signed webhook.
//!
//! Without `AUTOSYNC_BASE_URL` set, it starts the in-process mock server
//! (seeded with 120 customers, `--seed N` for another count) and runs
//! against it: no credentials needed.
//! With it set, it uses `AUTOSYNC_BASE_URL`, `AUTOSYNC_API_KEY` and
//! `AUTOSYNC_SHOP_ID` (and `AUTOSYNC_WEBHOOK_SECRET` for the webhook step,
//! which signs a sample payload locally). Careful: against a real shop it
//! creates real records.
//!
//! Exit status: 0 when every step worked, ending with `Tour complete.`; 1 when
//! a call failed or a step's result was wrong (a tampered webhook accepted),
//! with one `error:` line on stderr; 2 when the configuration is missing or
//! invalid.
//!
//! `RUST_LOG` (e.g. `RUST_LOG=debug`) turns on the SDK's logging, on stderr:
//! at `debug`, each HTTP attempt is shown as an `http.attempt` span. Unset,
//! nothing extra is printed.

use std::process::ExitCode;

use clap::Parser;

use autosync_client::mock::{MOCK_SHOP_ID, MOCK_WEBHOOK_SECRET, MockAutoSync, signed_webhook};
use autosync_client::webhooks::{self, EventData, WebhookVerifier};
use autosync_client::{
    Client, CustomerQuery, LineItem, NewCustomer, NewJob, NewVehicle, NewWorkOrder, ShopId,
    WorkOrderQuery, WorkOrderStatus,
};
use futures_util::TryStreamExt;
use serde_json::json;

/// A tour of the AutoSync Shop Manager SDK: shops, every customer through
/// the paginated stream, a customer, vehicle, work order and job, work orders
/// by status, and a signed webhook. Without AUTOSYNC_BASE_URL it runs against
/// the in-process mock (no credentials); with it, it uses AUTOSYNC_BASE_URL,
/// AUTOSYNC_API_KEY and AUTOSYNC_SHOP_ID and creates real records.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// How many customers to seed the mock with (unused against the real API).
    #[arg(long, default_value_t = 120)]
    seed: usize,
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

/// A step failed: what was being done and why.
struct Failed(String);

fn step<E: std::fmt::Display>(what: &str) -> impl FnOnce(E) -> Failed + '_ {
    move |e| Failed(format!("{what}: {e}"))
}

async fn run(args: Args) -> ExitCode {
    // Against the real API when AUTOSYNC_BASE_URL is set; otherwise against the mock.
    let mock;
    let (client, shop, secret) = if std::env::var_os("AUTOSYNC_BASE_URL").is_some() {
        let client = match Client::from_env() {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        let shop = match std::env::var("AUTOSYNC_SHOP_ID")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
        {
            Some(id) => ShopId(id),
            None => {
                eprintln!("error: AUTOSYNC_SHOP_ID must be set to a shop id (an integer)");
                return ExitCode::from(2);
            }
        };
        let secret = std::env::var("AUTOSYNC_WEBHOOK_SECRET")
            .unwrap_or_else(|_| "whsec_tour_sample".to_owned());
        println!("Using {} (shop {shop})", client.http().base_url());
        (client, shop, secret)
    } else {
        mock = MockAutoSync::start().await;
        mock.seed_customers(MOCK_SHOP_ID, args.seed);
        println!(
            "AUTOSYNC_BASE_URL is not set: using the in-process mock at {} ({} customers seeded)",
            mock.base_url(),
            args.seed
        );
        (mock.client(), MOCK_SHOP_ID, MOCK_WEBHOOK_SECRET.to_owned())
    };

    match tour(&client, shop, &secret).await {
        Ok(()) => {
            println!("Tour complete.");
            ExitCode::SUCCESS
        }
        Err(Failed(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

async fn tour(client: &Client, shop: ShopId, secret: &str) -> Result<(), Failed> {
    match client.http().config().rate_limit() {
        Some(l) => println!(
            "Requests are paced at {} per {:?}",
            l.effective_requests(),
            l.period()
        ),
        None => println!("Requests are not paced"),
    }

    // 1. Shops.
    let shops = client
        .list_shops_with_response(Default::default())
        .await
        .map_err(step("listing shops"))?;
    let rl = shops.rate_limit().clone();
    println!(
        "\n1. {} shop(s) accessible (rate limit {:?}, {:?} remaining):",
        shops.body().items.len(),
        rl.limit,
        rl.remaining
    );
    for s in &shops.body().items {
        println!(
            "   #{} {} ({})",
            s.id,
            s.name.as_deref().unwrap_or("?"),
            s.status.as_ref().map_or("?", |st| st.as_str())
        );
    }

    // 2. Every customer, across pages.
    let customers: Vec<_> = client
        .stream_customers(shop, CustomerQuery::new().per_page(25))
        .try_collect()
        .await
        .map_err(step("walking the customers"))?;
    println!("\n2. Walked {} customers, 25 per page", customers.len());

    // 3. A customer, a vehicle, a work order and a job.
    let customer = client
        .create_customer(
            shop,
            &NewCustomer::new("Mike", "Rodriguez")
                .email("mike@example.com")
                .phone("(555) 123-4567"),
        )
        .await
        .map_err(step("creating a customer"))?;
    println!("\n3. Created customer #{}", customer.id);
    let vehicle = client
        .create_vehicle(
            shop,
            &NewVehicle::new(customer.id, 2021, "Ford", "F-150")
                .vin("1FTFW1E50MFA00001")
                .mileage(32_000),
        )
        .await
        .map_err(step("creating a vehicle"))?;
    println!("   Created vehicle #{} (2021 Ford F-150)", vehicle.id);
    let work_order = client
        .create_work_order(
            shop,
            &NewWorkOrder::new(customer.id, vehicle.id).notes("Squeal when braking"),
        )
        .await
        .map_err(step("creating a work order"))?;
    println!(
        "   Created work order #{} (status {})",
        work_order.id,
        work_order
            .status
            .as_ref()
            .map_or("?", WorkOrderStatus::as_str)
    );
    let job = client
        .create_job(
            shop,
            work_order.id,
            &NewJob::new("Brake inspection")
                .line_item(LineItem::new().set("description", "Inspect front pads")),
        )
        .await
        .map_err(step("creating a job"))?;
    println!(
        "   Added job #{} ({})",
        job.id,
        job.name.as_deref().unwrap_or("?")
    );

    // 4. Work orders by status.
    println!("\n4. Work orders by status:");
    for status in [WorkOrderStatus::Draft, WorkOrderStatus::InProgress] {
        let page = client
            .list_work_orders(shop, &WorkOrderQuery::new().status(status.clone()))
            .await
            .map_err(step("listing work orders"))?;
        println!(
            "   {}: {} (total {:?})",
            status,
            page.items.len(),
            page.total()
        );
    }

    // 5. A signed webhook, verified and parsed.
    let hook = signed_webhook(
        "workorder.completed",
        shop,
        chrono::Utc::now(),
        json!({
            "id": work_order.id.0,
            "work_order_number": work_order.id.0.to_string(),
            "total": 1166.40,
            "customer": {"id": customer.id.0, "name": "Mike Rodriguez"}
        }),
        secret,
    );
    // By default: a 5-minute replay window on the event's timestamp, and
    // bodies over 1 MiB refused before they are hashed.
    let verifier = WebhookVerifier::new(secret);
    let event = verifier
        .verify_and_parse(&hook.body, Some(&hook.signature))
        .map_err(step("verifying the webhook"))?;
    let total = match &event.data {
        EventData::WorkOrder(wo) => wo.total.map(|t| t.to_string()),
        _ => None,
    };
    println!(
        "\n5. Webhook {} for shop {} verified; total {}",
        event.event,
        event.shop_id,
        total.as_deref().unwrap_or("?")
    );
    let mut tampered = hook.body.clone();
    if let Some(b) = tampered.last_mut() {
        *b = b' ';
    }
    match webhooks::verify_and_parse(&tampered, Some(&hook.signature), secret) {
        Err(e) => println!("   A tampered copy is rejected: {e}"),
        Ok(_) => return Err(Failed("a tampered webhook was accepted".to_owned())),
    }
    Ok(())
}
