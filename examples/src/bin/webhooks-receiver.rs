//! `webhooks-receiver`: receives AutoSync and Dealer Auction webhooks.
//!
//! Starts an axum server on a loopback port (`--listen`, 127.0.0.1:8080 by
//! default) with both receivers mounted, and prints each event it receives
//! on one line:
//!
//! * `POST /webhooks/autosync`: signed with `X-AutoSync-Signature` under
//!   `AUTOSYNC_WEBHOOK_SECRET` (a demo secret when unset); a retry of an
//!   event already handled is answered 200 and not printed again;
//! * `POST /webhooks/dealerauction/<token>`: Dealer Auction documents no
//!   signing scheme, so the receiver requires a secret token as the URL's
//!   last segment, `DEALERAUCTION_WEBHOOK_TOKEN` (a demo token when unset).
//!
//! With `--demo` it also sends itself, through a real HTTP client, a few
//! correctly signed events, one of them twice, and one forged event, prints
//! each answer (the 200s and the 401), and exits. It needs no credentials;
//! the secrets are never printed.
//!
//! Without `--demo` it runs until stopped (Ctrl-C). With it, the exit
//! status is 0 when every demo answer was the one expected, ending with a
//! `Done:` line; 1 when one was not (or the server failed), with one
//! `error:` line on stderr; 2 on a configuration error (a variable set but
//! empty, an address it cannot listen on).

use std::net::SocketAddr;
use std::process::ExitCode;

use autosync_client::axum::{self, Router};
use autosync_client::serde_json::{self, Value, json};
use autosync_client::webhook_receiver::WebhookReceiver;
use autosync_client::webhooks::{self, EventData, WebhookEvent, WebhookVerifier};
use autosync_client::{StatusCode, Utc};
use clap::Parser;
use dealerauction_client::models::WebhookEvent as DealerAuctionEvent;
use dealerauction_client::webhook_receiver::WebhookReceiver as DealerAuctionReceiver;
use examples::{cli, say};

const SECRET_VAR: &str = "AUTOSYNC_WEBHOOK_SECRET";
const TOKEN_VAR: &str = "DEALERAUCTION_WEBHOOK_TOKEN";
const DEMO_SECRET: &str = "whsec_demo_receiver_5f2c";
const DEMO_TOKEN: &str = "demo-token-8d41c7e2";

const AUTOSYNC_PATH: &str = "/webhooks/autosync";
const DEALERAUCTION_PATH: &str = "/webhooks/dealerauction";

const ENVIRONMENT_HELP: &str = "\
Environment:
  AUTOSYNC_WEBHOOK_SECRET      the secret AutoSync signs its webhooks with (Settings -> Webhooks;
                               never printed). Unset, a demo secret is used; set but empty is an error.
  DEALERAUCTION_WEBHOOK_TOKEN  the secret last segment of the URL you register with Dealer Auction
                               (never printed). Unset, a demo token is used; set but empty is an error.
  RUST_LOG                     the SDK's logging on stderr, e.g. RUST_LOG=debug";

fn after_help() -> String {
    format!("{ENVIRONMENT_HELP}\n\n{}", cli::EXIT_STATUS_HELP)
}

/// Receive AutoSync and Dealer Auction webhooks and print each event.
///
/// Runs until stopped (Ctrl-C); with --demo it sends itself a few events and exits.
#[derive(Parser, Debug)]
#[command(version, after_help = after_help())]
struct Args {
    /// The address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Send a few signed events and one forged one to the server, show the
    /// answers, and exit.
    #[arg(long)]
    demo: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    cli::main(run(args))
}

/// A secret from `name`, or `demo` when unset; an error when set but empty.
fn secret(name: &str, demo: &str) -> Result<(String, &'static str), String> {
    match std::env::var(name) {
        Err(std::env::VarError::NotPresent) => Ok((demo.to_owned(), "a demo one")),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{name} is not valid Unicode")),
        Ok(v) if v.trim().is_empty() => Err(format!(
            "{name} is set but empty: set it to your secret, or unset it to use a demo one"
        )),
        Ok(v) => Ok((v.trim().to_owned(), "from the environment")),
    }
}

/// One line for an AutoSync event.
fn autosync_line(event: &WebhookEvent) -> String {
    let what = match &event.data {
        EventData::WorkOrder(order) => format!("work order {}", order.id),
        EventData::Payment(payment) => format!("payment {}", payment.id),
        EventData::Customer(customer) => format!("customer {}", customer.id),
        EventData::Appointment(appointment) => format!("appointment {}", appointment.id),
        EventData::LowStock(part) => format!("part {}", part.id),
        EventData::Inspection(_) => "an inspection".to_owned(),
        EventData::Undecoded { error, .. } => format!("data kept as sent ({error})"),
        _ => "data of an event this version does not know".to_owned(),
    };
    format!(
        "event: autosync {} in shop {}: {what}",
        event.event, event.shop_id
    )
}

/// One line for a Dealer Auction event.
fn dealerauction_line(event: &DealerAuctionEvent) -> String {
    let what = match event {
        DealerAuctionEvent::VehicleSold(sold) => format!(
            "stock {} sold for {} {}",
            sold.envelope.stock_id, sold.sale_price.value, sold.sale_price.currency
        ),
        other => match other.envelope() {
            Some(envelope) => format!(
                "stock {}, listing {}",
                envelope.stock_id, envelope.listing_id
            ),
            None => "an event this version does not know".to_owned(),
        },
    };
    format!("event: dealerauction {}: {what}", event.event_type())
}

fn app(secret: &str, token: &str) -> Router {
    let autosync = WebhookReceiver::new(WebhookVerifier::new(secret)).with_dedupe();
    let dealerauction = DealerAuctionReceiver::new().require_path_token(token);
    Router::new()
        .route(
            AUTOSYNC_PATH,
            autosync.post(|event: WebhookEvent| async move {
                say!("{}", autosync_line(&event));
                StatusCode::OK
            }),
        )
        .route(
            &format!("{DEALERAUCTION_PATH}/{{token}}"),
            dealerauction.post(|event: DealerAuctionEvent| async move {
                say!("{}", dealerauction_line(&event));
                StatusCode::OK
            }),
        )
}

async fn run(args: Args) -> ExitCode {
    let secrets =
        secret(SECRET_VAR, DEMO_SECRET).and_then(|s| Ok((s, secret(TOKEN_VAR, DEMO_TOKEN)?)));
    let ((secret, secret_from), (token, token_from)) = match secrets {
        Ok(secrets) => secrets,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!(
                "error: cannot listen on {}: {e} (give another address with --listen, e.g. 127.0.0.1:0 for any free port)",
                args.listen
            );
            return ExitCode::from(2);
        }
    };
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("error: cannot read the address listened on: {e}");
            return ExitCode::from(2);
        }
    };
    say!("Listening on http://{addr}");
    say!("  POST {AUTOSYNC_PATH}  (X-AutoSync-Signature checked; secret: {secret_from}, redacted)");
    say!(
        "  POST {DEALERAUCTION_PATH}/<token>  (no signing scheme documented; token: {token_from}, redacted)"
    );
    let server = axum::serve(listener, app(&secret, &token));
    if !args.demo {
        say!("Waiting for webhooks; Ctrl-C stops.");
        cli::flush();
        // Runs until the process is stopped (Ctrl-C).
        if let Err(e) = server.await {
            eprintln!("error: the server stopped: {e}");
        }
        return ExitCode::FAILURE;
    }
    tokio::spawn(async move {
        let _ = server.await;
    });
    match demo(addr, &secret, &token).await {
        Ok(summary) => {
            say!("Done: {summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            cli::flush();
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One demo request: what it is, where it goes, its body and headers, and
/// the status it must get.
struct Delivery {
    what: &'static str,
    path: String,
    body: Vec<u8>,
    signature: Option<String>,
    expect: StatusCode,
}

fn autosync_body(event: &str, data: Value) -> Vec<u8> {
    // `json!` of strings and numbers cannot fail to encode.
    serde_json::to_vec(&json!({
        "event": event, "shop_id": 1, "timestamp": Utc::now(), "data": data
    }))
    .unwrap_or_default()
}

/// Sends the demo deliveries to the server at `addr`; the summary line, or
/// what went wrong.
async fn demo(addr: SocketAddr, secret: &str, token: &str) -> Result<String, String> {
    let completed = autosync_body(
        "workorder.completed",
        json!({"id": 1043, "work_order_number": "1043", "total": 1166.40,
               "customer": {"id": 42, "name": "Sarah Thompson"}}),
    );
    let customer = autosync_body(
        "customer.created",
        json!({"id": 42, "first_name": "Sarah", "last_name": "Thompson"}),
    );
    let forged = autosync_body("payment.received", json!({"id": 9}));
    let sold = br#"{"type": "vehicle.sold", "eventId": "4965f54c", "eventDate": "2020-06-04T11:55:04+01:00",
        "stockId": "7be698d9", "listingId": "000004ca", "buyerId": "1000",
        "salePrice": {"value": 1500, "currency": "GBP"}}"#
        .to_vec();
    let provisional = br#"{"type": "listing.provisional", "eventId": "4965f54d", "eventDate": "2020-06-04T11:55:04+01:00",
        "stockId": "7be698d9", "listingId": "000004ca"}"#
        .to_vec();
    let da_path = format!("{DEALERAUCTION_PATH}/{token}");
    let deliveries = [
        Delivery {
            what: "autosync workorder.completed, signed",
            path: AUTOSYNC_PATH.to_owned(),
            signature: Some(webhooks::sign(secret, &completed)),
            body: completed.clone(),
            expect: StatusCode::OK,
        },
        Delivery {
            what: "autosync customer.created, signed",
            path: AUTOSYNC_PATH.to_owned(),
            signature: Some(webhooks::sign(secret, &customer)),
            body: customer,
            expect: StatusCode::OK,
        },
        Delivery {
            what: "autosync workorder.completed again (a retry)",
            path: AUTOSYNC_PATH.to_owned(),
            signature: Some(webhooks::sign(secret, &completed)),
            body: completed,
            expect: StatusCode::OK,
        },
        Delivery {
            what: "autosync payment.received, forged (signed with another secret)",
            path: AUTOSYNC_PATH.to_owned(),
            signature: Some(webhooks::sign("not-the-secret", &forged)),
            body: forged,
            expect: StatusCode::UNAUTHORIZED,
        },
        Delivery {
            what: "dealerauction vehicle.sold, with the token",
            path: da_path.clone(),
            signature: None,
            body: sold,
            expect: StatusCode::OK,
        },
        Delivery {
            what: "dealerauction listing.provisional, with the token",
            path: da_path,
            signature: None,
            body: provisional,
            expect: StatusCode::OK,
        },
    ];
    let client = reqwest::Client::new();
    let count = deliveries.len();
    for d in deliveries {
        let mut request = client
            .post(format!("http://{addr}{}", d.path))
            .header("content-type", "application/json")
            .body(d.body);
        if let Some(signature) = &d.signature {
            request = request.header(webhooks::SIGNATURE_HEADER, signature);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("sending {}: {e}", d.what))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        let text = if text.is_empty() {
            String::new()
        } else {
            format!(" ({text})")
        };
        say!("sent: {} -> {status}{text}", d.what);
        if status != d.expect {
            return Err(format!(
                "{} was answered {status}, not {}",
                d.what, d.expect
            ));
        }
    }
    Ok(format!(
        "{count} webhooks sent: 4 events handled, 1 retry acknowledged without handling it twice, 1 forged one refused with 401"
    ))
}
