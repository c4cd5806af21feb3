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
//! creates real records. A variable that is set but empty is refused (exit
//! 2), never taken for unset.
//!
//! Requests are paced at the documented rate (100 a minute on live), so the
//! tour takes a few seconds: each step shows a spinner while it runs (on a
//! terminal) and its duration when it is done.
//!
//! Exit status: 0 when every step worked, ending with `Tour complete.`; 1 when
//! a call failed or a step's result was wrong (a tampered webhook accepted),
//! with one `error:` line on stderr; 2 when the configuration is missing or
//! invalid. Output piped into a reader that stops early (`| head -1`) ends
//! the tour quietly with 0.
//!
//! `RUST_LOG` (e.g. `RUST_LOG=debug`) turns on the SDK's logging, on stderr:
//! at `debug`, each HTTP attempt is shown as an `http.attempt` span. Unset,
//! nothing extra is printed.

use std::fmt;
use std::future::Future;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;

use autosync_client::mock::{MOCK_SHOP_ID, MOCK_WEBHOOK_SECRET, MockAutoSync, signed_webhook};
use autosync_client::webhooks::{self, EventData, WebhookVerifier};
use autosync_client::{
    Client, ConfigError, CustomerQuery, ErrorKind, LineItem, NewCustomer, NewJob, NewVehicle,
    NewWorkOrder, RateLimitInfo, SANDBOX_BASE_URL, ShopId, TryStreamExt, Url, Utc, WorkOrderQuery,
    WorkOrderStatus, serde_json,
};
use examples::cli;
use examples::say;

const BASE_URL: &str = "AUTOSYNC_BASE_URL";
const API_KEY: &str = "AUTOSYNC_API_KEY";
const SHOP_ID: &str = "AUTOSYNC_SHOP_ID";
const WEBHOOK_SECRET: &str = "AUTOSYNC_WEBHOOK_SECRET";

/// The customers fetched per page in the walk.
const PER_PAGE: u32 = 25;

const ENVIRONMENT_HELP: &str = "\
Environment:
  AUTOSYNC_BASE_URL        The API's base URL (https://api.autosyncshopmanager.com/v1, or
                           https://sandbox.api.autosyncshopmanager.com/v1). Set, the tour runs
                           against it and creates real records; unset, against the in-process mock
  AUTOSYNC_API_KEY         The API key (sk_live_... or sk_sandbox_...); required with AUTOSYNC_BASE_URL
  AUTOSYNC_SHOP_ID         The shop to work in (an integer); required with AUTOSYNC_BASE_URL
  AUTOSYNC_WEBHOOK_SECRET  The secret the sample webhook is signed and verified with (optional)
  RUST_LOG                 The SDK's logging on stderr (e.g. RUST_LOG=debug)
A variable that is set but empty is an error, never taken for unset.";

fn after_help() -> String {
    format!("{ENVIRONMENT_HELP}\n\n{}", cli::EXIT_STATUS_HELP)
}

/// A tour of the AutoSync Shop Manager SDK: shops, every customer through
/// the paginated stream, a customer, vehicle, work order and job, work orders
/// by status, and a signed webhook. Without AUTOSYNC_BASE_URL it runs against
/// the in-process mock (no credentials); with it, it uses AUTOSYNC_BASE_URL,
/// AUTOSYNC_API_KEY and AUTOSYNC_SHOP_ID and creates real records.
#[derive(Parser, Debug)]
#[command(version, after_help = after_help())]
struct Args {
    /// How many customers to seed the mock with (unused against the real API).
    #[arg(long, default_value_t = 120)]
    seed: usize,
}

fn main() -> ExitCode {
    let args = Args::parse();
    cli::main(run(args))
}

/// A step failed: what was being done and why.
struct Failed(String);

/// A variable's value, trimmed: `None` when unset; an error naming it when
/// set but empty (or only whitespace) or not Unicode, ending with `what_to_do`.
fn var(name: &str, what_to_do: &str) -> Result<Option<String>, String> {
    match std::env::var(name) {
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(format!("{name} is not valid Unicode: {what_to_do}"))
        }
        Ok(v) if v.trim().is_empty() => Err(format!("{name} is set but empty: {what_to_do}")),
        Ok(v) => Ok(Some(v.trim().to_owned())),
    }
}

/// What is wrong with `raw`, a base URL the SDK refused for `reason`, in
/// words, with what to write instead. Never repeats `raw` when it may carry
/// a query, a fragment or credentials.
fn what_is_wrong_with(raw: &str, reason: &str) -> String {
    let example = format!("(e.g. {SANDBOX_BASE_URL})");
    let may_hold_secrets = raw.contains(['?', '#', '@']);
    let (scheme, rest) = match raw.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, raw),
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let web = |s: &str| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https");
    if raw.chars().any(char::is_whitespace) {
        format!("it contains a space {example}")
    } else if scheme.is_none() && may_hold_secrets {
        format!("it does not start with https:// (or http:// for a local server) {example}")
    } else if scheme.is_none() {
        format!(
            "it does not start with https:// or http://: write https://{raw} \
             (or http://{raw} for a local server)"
        )
    } else if let Some(scheme) = scheme.filter(|s| !web(s)) {
        format!(
            "its scheme is `{scheme}`; the API is reached over https \
             (or http for a local server) {example}"
        )
    } else if host.is_empty() {
        format!("it has no host after the scheme {example}")
    } else if host.contains('@') {
        format!("it carries credentials before the host; the key goes in {API_KEY}, not in the URL")
    } else if rest.contains(['?', '#']) {
        format!(
            "it has a query (?...) or fragment (#...); a base URL has neither \
             (the key goes in {API_KEY})"
        )
    } else {
        format!("{reason} {example}")
    }
}

/// `url` without credentials, query or fragment, for output.
fn shown(url: &Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

/// What the tour runs with.
struct Setup {
    client: Client,
    shop: ShopId,
    secret: String,
    /// The mock, when the tour runs against it (kept running until the end).
    _mock: Option<MockAutoSync>,
}

/// The client, the shop and the webhook secret: from the environment when
/// `AUTOSYNC_BASE_URL` is set, else the in-process mock. An error is the
/// message for an exit with status 2.
async fn configure(args: &Args) -> Result<Setup, String> {
    let url_hint = format!(
        "unset it to run against the in-process mock, \
         or set it to the API's base URL (e.g. {SANDBOX_BASE_URL})"
    );
    let Some(raw_url) = var(BASE_URL, &url_hint)? else {
        let mock = MockAutoSync::start().await;
        mock.seed_customers(MOCK_SHOP_ID, args.seed);
        say!(
            "{BASE_URL} is not set: using the in-process mock at {} ({} customers seeded)",
            mock.base_url(),
            cli::count(args.seed as u64)
        );
        return Ok(Setup {
            client: mock.client(),
            shop: MOCK_SHOP_ID,
            secret: MOCK_WEBHOOK_SECRET.to_owned(),
            _mock: Some(mock),
        });
    };
    let key_hint = "set it to the API key (sk_live_... or sk_sandbox_...)";
    var(API_KEY, key_hint)?
        .ok_or_else(|| format!("{API_KEY} is not set, and {BASE_URL} is: {key_hint}"))?;
    let client = Client::from_env().map_err(|e| match e {
        ConfigError::BaseUrl { url, reason } => format!(
            "{BASE_URL} `{url}` is not a usable base URL: {}",
            what_is_wrong_with(&raw_url, reason)
        ),
        other => other.to_string(),
    })?;
    let shop_hint = "set it to the id of the shop to work in (an integer)";
    let shop = var(SHOP_ID, shop_hint)?
        .ok_or_else(|| format!("{SHOP_ID} is not set, and {BASE_URL} is: {shop_hint}"))?;
    let shop: ShopId = shop
        .parse()
        .map_err(|_| format!("{SHOP_ID} must be a shop id (an integer), not `{shop}`"))?;
    let secret_hint = "unset it to sign the sample webhook with a sample secret, or set it to your webhook secret";
    let secret =
        var(WEBHOOK_SECRET, secret_hint)?.unwrap_or_else(|| "whsec_tour_sample".to_owned());
    say!(
        "Using {} (shop {shop}): the tour creates a customer, a vehicle, a work order and a job there",
        shown(client.http().base_url())
    );
    Ok(Setup {
        client,
        shop,
        secret,
        _mock: None,
    })
}

async fn run(args: Args) -> ExitCode {
    let setup = match configure(&args).await {
        Ok(setup) => setup,
        Err(msg) => {
            eprintln!("error: {msg}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match tour(&setup.client, setup.shop, &setup.secret).await {
        Ok(()) => {
            say!(
                "\nTour complete. Every step worked, in {}.",
                cli::duration(started.elapsed())
            );
            ExitCode::SUCCESS
        }
        Err(Failed(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

/// A spinner on stderr (hidden when stderr is not a terminal), cleared when
/// the step ends, however it ends.
struct Spinner(indicatif::ProgressBar);

impl Spinner {
    fn new(message: String) -> Self {
        Self(cli::spinner(message))
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// Runs one call of step `what` under a spinner; a failure names the step,
/// and, when nothing answered, the base URL.
async fn step<T>(
    client: &Client,
    what: &str,
    call: impl Future<Output = Result<T, autosync_client::Error>>,
) -> Result<T, Failed> {
    let _spinner = Spinner::new(format!("{what}..."));
    call.await.map_err(|e| failed(client, what, &e))
}

fn failed(client: &Client, what: &str, e: &autosync_client::Error) -> Failed {
    let hint = if e.kind() == ErrorKind::Connection {
        format!(
            " (nothing answered at {}: is {BASE_URL} right?)",
            shown(client.http().base_url())
        )
    } else {
        String::new()
    };
    Failed(format!("{what}: {e}{hint}"))
}

/// The rate limit headers, as a person reads them.
struct Quota<'a>(&'a RateLimitInfo);

impl fmt::Display for Quota<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0.limit, self.0.remaining) {
            (Some(limit), Some(left)) => write!(f, "{left} of {limit} requests left"),
            (Some(limit), None) => write!(f, "limit {limit} requests"),
            (None, Some(left)) => write!(f, "{left} requests left"),
            (None, None) => f.write_str("no rate limit reported"),
        }
    }
}

/// A work order's status, or a dash.
fn status_of(status: Option<&WorkOrderStatus>) -> &str {
    status.map_or("-", WorkOrderStatus::as_str)
}

async fn tour(client: &Client, shop: ShopId, secret: &str) -> Result<(), Failed> {
    match client.http().config().rate_limit() {
        Some(l) => {
            let per = if l.period() == Duration::from_secs(60) {
                "minute".to_owned()
            } else {
                cli::duration(l.period())
            };
            let every = l.period() / l.effective_requests().max(1);
            say!(
                "Requests are paced at {} per {per} (one every {}), so the tour takes a few seconds",
                cli::count(u64::from(l.effective_requests())),
                cli::duration(every)
            );
        }
        None => say!("Requests are not paced"),
    }

    // 1. Shops.
    let t = Instant::now();
    let shops = step(
        client,
        "listing shops",
        client.list_shops_with_response(Default::default()),
    )
    .await?;
    let n = shops.body().items.len();
    say!(
        "\n1. {n} shop{} accessible ({}), in {}:",
        if n == 1 { "" } else { "s" },
        Quota(shops.rate_limit()),
        cli::duration(t.elapsed())
    );
    for s in &shops.body().items {
        let name = s.name.as_deref().unwrap_or("(no name)");
        match &s.status {
            Some(status) => say!("   #{} {name} ({status})", s.id),
            None => say!("   #{} {name}", s.id),
        }
    }

    // 2. Every customer, across pages: the longest step, paced.
    let t = Instant::now();
    let what = format!("walking the customers, {PER_PAGE} per page");
    let spinner = Spinner::new(format!("{what}..."));
    let mut customers =
        std::pin::pin!(client.stream_customers(shop, CustomerQuery::new().per_page(PER_PAGE)));
    let mut walked: u64 = 0;
    while customers
        .try_next()
        .await
        .map_err(|e| failed(client, "walking the customers", &e))?
        .is_some()
    {
        walked += 1;
        if walked.is_multiple_of(u64::from(PER_PAGE)) {
            spinner
                .0
                .set_message(format!("{what}: {} so far...", cli::count(walked)));
        }
    }
    drop(spinner);
    say!(
        "\n2. Walked {} customers, {PER_PAGE} per page, in {}",
        cli::count(walked),
        cli::duration(t.elapsed())
    );

    // 3. A customer, a vehicle, a work order and a job.
    let t = Instant::now();
    let customer = step(
        client,
        "creating a customer",
        client.create_customer(
            shop,
            &NewCustomer::new("Mike", "Rodriguez")
                .email("mike@example.com")
                .phone("(555) 123-4567"),
        ),
    )
    .await?;
    let vehicle = step(
        client,
        "creating a vehicle",
        client.create_vehicle(
            shop,
            &NewVehicle::new(customer.id, 2021, "Ford", "F-150")
                .vin("1FTFW1E50MFA00001")
                .mileage(32_000),
        ),
    )
    .await?;
    let work_order = step(
        client,
        "creating a work order",
        client.create_work_order(
            shop,
            &NewWorkOrder::new(customer.id, vehicle.id).notes("Squeal when braking"),
        ),
    )
    .await?;
    let job = step(
        client,
        "creating a job",
        client.create_job(
            shop,
            work_order.id,
            &NewJob::new("Brake inspection")
                .line_item(LineItem::new().set("description", "Inspect front pads")),
        ),
    )
    .await?;
    say!(
        "\n3. A customer, a vehicle, a work order and a job, created in {}:",
        cli::duration(t.elapsed())
    );
    say!("   customer #{} (Mike Rodriguez)", customer.id);
    say!("   vehicle #{} (2021 Ford F-150)", vehicle.id);
    say!(
        "   work order #{} (status {})",
        work_order.id,
        status_of(work_order.status.as_ref())
    );
    say!(
        "   job #{} ({})",
        job.id,
        job.name.as_deref().unwrap_or("no name")
    );

    // 4. Work orders by status.
    let t = Instant::now();
    let mut counts = Vec::new();
    for status in [WorkOrderStatus::Draft, WorkOrderStatus::InProgress] {
        let page = step(
            client,
            "listing work orders",
            client.list_work_orders(shop, &WorkOrderQuery::new().status(status.clone())),
        )
        .await?;
        let count = match page.total() {
            Some(total) => cli::count(total),
            None => format!("{} on the first page", cli::count(page.items.len() as u64)),
        };
        counts.push((status, count));
    }
    say!(
        "\n4. Work orders by status, in {}:",
        cli::duration(t.elapsed())
    );
    for (status, count) in counts {
        say!("   {status}: {count}");
    }

    // 5. A signed webhook, verified and parsed (locally: no request).
    let hook = signed_webhook(
        "workorder.completed",
        shop,
        Utc::now(),
        serde_json::json!({
            "id": work_order.id.get(),
            "work_order_number": work_order.id.to_string(),
            "total": 1166.40,
            "customer": {"id": customer.id.get(), "name": "Mike Rodriguez"}
        }),
        secret,
    );
    // By default: a 5-minute replay window on the event's timestamp, and
    // bodies over 1 MiB refused before they are hashed.
    let verifier = WebhookVerifier::new(secret);
    let event = verifier
        .verify_and_parse(&hook.body, Some(&hook.signature))
        .map_err(|e| Failed(format!("verifying the webhook: {e}")))?;
    let total = match &event.data {
        EventData::WorkOrder(wo) => wo.total.map(|t| format!("total {}", cli::money("$", t))),
        _ => None,
    };
    say!(
        "\n5. Webhook {} for shop {} verified; {}",
        event.event,
        event.shop_id,
        total.as_deref().unwrap_or("no total")
    );
    let mut tampered = hook.body.clone();
    if let Some(b) = tampered.last_mut() {
        *b = b' ';
    }
    match webhooks::verify_and_parse(&tampered, Some(&hook.signature), secret) {
        Err(e) => say!("   A tampered copy is rejected: {e}"),
        Ok(_) => return Err(Failed("a tampered webhook was accepted".to_owned())),
    }
    Ok(())
}
