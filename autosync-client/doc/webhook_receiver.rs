use autosync_client::StatusCode;
use autosync_client::axum::{self, Router};
use autosync_client::webhook_receiver::WebhookReceiver;
use autosync_client::webhooks::{EventData, WebhookEvent, WebhookVerifier};

/// Called once per new, verified event; a success status marks it handled.
async fn handle(event: WebhookEvent) -> StatusCode {
    match &event.data {
        EventData::WorkOrder(order) => println!("{}: work order {}", event.event, order.id),
        _ => println!("{} in shop {}", event.event, event.shop_id),
    }
    StatusCode::OK
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // The secret shown in AutoSync's Settings → Webhooks.
    let secret = std::env::var("AUTOSYNC_WEBHOOK_SECRET")
        .map_err(|_| std::io::Error::other("set AUTOSYNC_WEBHOOK_SECRET"))?;
    // 1 MiB body limit and a 5-minute timestamp window by default; retries
    // of a handled event are answered 200 and dropped.
    let receiver = WebhookReceiver::new(WebhookVerifier::new(secret)).with_dedupe();
    let app: Router = Router::new().route("/webhooks/autosync", receiver.post(handle));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
    axum::serve(listener, app).await
}
