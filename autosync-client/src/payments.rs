//! Payments: list, get.

use std::future::Future;

use autoclient_common::{Request, Response};
use futures_util::{Stream, TryFutureExt};

use crate::shops::shop_path;
use crate::{Client, Error, List, Paging, Payment, PaymentId, ShopId};

fn list_request(shop: ShopId, paging: Paging) -> Request {
    paging.apply(shop_path(shop).path("payments"))
}

impl Client {
    /// A shop's payments (`GET /v1/shops/{shop_id}/payments`), first page.
    pub fn list_payments(
        &self,
        shop: ShopId,
    ) -> impl Future<Output = Result<List<Payment>, Error>> + Send + 'static + use<> {
        self.list_payments_with_response(shop, Paging::default())
            .map_ok(Response::into_body)
    }

    /// One page of payments, with the response's metadata.
    pub fn list_payments_with_response(
        &self,
        shop: ShopId,
        paging: Paging,
    ) -> impl Future<Output = Result<Response<List<Payment>>, Error>> + Send + 'static + use<> {
        self.call_list(Ok(list_request(shop, paging)))
    }

    /// Every payment, across pages.
    pub fn stream_payments(
        &self,
        shop: ShopId,
    ) -> impl Stream<Item = Result<Payment, Error>> + Send + 'static + use<> {
        self.walk(Paging::default(), move |p| Ok(list_request(shop, p)))
    }

    /// One payment (`GET /v1/shops/{shop_id}/payments/{payment_id}`).
    pub fn get_payment(
        &self,
        shop: ShopId,
        payment: PaymentId,
    ) -> impl Future<Output = Result<Payment, Error>> + Send + 'static + use<> {
        self.get_payment_with_response(shop, payment)
            .map_ok(Response::into_body)
    }

    /// Like [`get_payment`](Client::get_payment), with the response's metadata.
    pub fn get_payment_with_response(
        &self,
        shop: ShopId,
        payment: PaymentId,
    ) -> impl Future<Output = Result<Response<Payment>, Error>> + Send + 'static + use<> {
        self.call(Ok(shop_path(shop)
            .path("payments")
            .segment("payment", payment)))
    }
}
