//! Inventory parts: list, update stock.

use std::future::Future;

use autoclient_common::{Request, Response};
use futures_util::{Stream, TryFutureExt};

use crate::shops::shop_path;
use crate::{Client, Error, List, Paging, Part, PartId, ShopId, StockUpdate};

fn list_request(shop: ShopId, paging: Paging) -> Request {
    paging.apply(shop_path(shop).path("inventory"))
}

impl Client {
    /// A shop's parts (`GET /v1/shops/{shop_id}/inventory`), first page.
    pub fn list_parts(
        &self,
        shop: ShopId,
    ) -> impl Future<Output = Result<List<Part>, Error>> + Send + 'static + use<> {
        self.list_parts_with_response(shop, Paging::default())
            .map_ok(Response::into_body)
    }

    /// One page of parts, with the response's metadata.
    pub fn list_parts_with_response(
        &self,
        shop: ShopId,
        paging: Paging,
    ) -> impl Future<Output = Result<Response<List<Part>>, Error>> + Send + 'static + use<> {
        self.call_list(Ok(list_request(shop, paging)))
    }

    /// Every part, across pages.
    pub fn stream_parts(
        &self,
        shop: ShopId,
    ) -> impl Stream<Item = Result<Part, Error>> + Send + 'static + use<> {
        self.walk(Paging::default(), move |p| Ok(list_request(shop, p)))
    }

    /// Sets a part's stock quantity, cost or price
    /// (`PATCH /v1/shops/{shop_id}/inventory/{part_id}`).
    ///
    /// The body sets absolute values, so sending it twice has the same effect
    /// as once: it is retried like an idempotent request. An update that sets
    /// nothing is refused before sending.
    ///
    /// ```no_run
    /// # async fn run(client: autosync_client::Client) -> Result<(), autosync_client::Error> {
    /// use autosync_client::{PartId, ShopId, StockUpdate};
    /// use autosync_client::Decimal;
    /// let part = client
    ///     .update_stock(ShopId(1), PartId(311), &StockUpdate::new().quantity(24).cost(Decimal::new(412, 2)))
    ///     .await?;
    /// println!("{:?} in stock", part.quantity);
    /// # Ok(()) }
    /// ```
    pub fn update_stock(
        &self,
        shop: ShopId,
        part: PartId,
        update: &StockUpdate,
    ) -> impl Future<Output = Result<Part, Error>> + Send + 'static + use<> {
        self.update_stock_with_response(shop, part, update)
            .map_ok(Response::into_body)
    }

    /// Like [`update_stock`](Client::update_stock), with the response's metadata.
    pub fn update_stock_with_response(
        &self,
        shop: ShopId,
        part: PartId,
        update: &StockUpdate,
    ) -> impl Future<Output = Result<Response<Part>, Error>> + Send + 'static + use<> {
        let req = if update.is_empty() {
            Err(Error::invalid_request(
                "a stock update must set at least one of quantity, cost or price",
            ))
        } else {
            Ok(Request::patch("shops")
                .segment("shop", shop)
                .path("inventory")
                .segment("part", part)
                .json(update)
                .idempotent(true))
        };
        self.call(req)
    }
}
