use autosync_client::prelude::*;

#[tokio::main]
async fn main() -> Result<(), autosync_client::Error> {
    // The in-process mock (feature `mock`) needs no credentials. Against the
    // real API: `let client = Client::from_env()?;` (AUTOSYNC_API_KEY, and
    // AUTOSYNC_BASE_URL for the sandbox).
    let mock = autosync_client::mock::MockAutoSync::start().await;
    let client = mock.client();
    let shop = ShopId(1);

    let mike = client
        .create_customer(
            shop,
            &NewCustomer::new("Mike", "Rodriguez").email("mike@example.com"),
        )
        .await?;
    let truck = NewVehicle::new(mike.id, 2021, "Ford", "F-150").vin("1FTFW1E50MFA00001");
    let truck = client.create_vehicle(shop, &truck).await?;
    let order = NewWorkOrder::new(mike.id, truck.id).notes("Squeal when braking");
    let order = client.create_work_order(shop, &order).await?;
    let brakes = NewJob::new("Brake inspection")
        .line_item(LineItem::new().set("description", "Inspect front pads"));
    client.create_job(shop, order.id, &brakes).await?;
    println!("work order {} for customer {}", order.id, mike.id);

    // Every customer, across pages (the stream stops at the reported total).
    let customers: Vec<Customer> = client
        .stream_customers(shop, CustomerQuery::new().per_page(100))
        .try_collect()
        .await?;
    println!("{} customer(s)", customers.len());
    Ok(())
}
