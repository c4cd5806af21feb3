use dealerauction_client::StatusCode;
use dealerauction_client::axum::{self, Router};
use dealerauction_client::models::WebhookEvent;
use dealerauction_client::webhook_receiver::WebhookReceiver;

/// Called once per event that passed the checks; no signature is documented,
/// so confirm what matters (a sale) with the API before acting on it.
async fn handle(event: WebhookEvent) -> StatusCode {
    match &event {
        WebhookEvent::VehicleSold(sold) => {
            println!("stock {} sold for £{}", sold.envelope.stock_id, sold.sale_price.value);
        }
        other => println!("{}", other.event_type()),
    }
    StatusCode::OK
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // A long random token of yours, in the URL you register with Dealer
    // Auction: https://you.example/webhooks/dealerauction/<token>.
    let token = std::env::var("DEALERAUCTION_WEBHOOK_TOKEN")
        .map_err(|_| std::io::Error::other("set DEALERAUCTION_WEBHOOK_TOKEN"))?;
    // A 1 MiB body limit by default.
    let receiver = WebhookReceiver::new().require_path_token(token);
    let app: Router = Router::new().route("/webhooks/dealerauction/{token}", receiver.post(handle));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
    axum::serve(listener, app).await
}
