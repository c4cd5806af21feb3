//! Shops: `GET /v1/shops`, `GET /v1/shops/{shop_id}`.

use std::future::Future;

use autoclient_common::{Request, Response};
use futures_util::{Stream, TryFutureExt};

use crate::{Client, Error, List, Paging, Shop, ShopId};

pub(crate) fn shop_path(shop: ShopId) -> Request {
    Request::get("shops").segment("shop", shop)
}

impl Client {
    /// Lists the shops this key or token can access (`GET /v1/shops`), first page.
    pub fn list_shops(
        &self,
    ) -> impl Future<Output = Result<List<Shop>, Error>> + Send + 'static + use<> {
        self.list_shops_with_response(Paging::default())
            .map_ok(Response::into_body)
    }

    /// One page of shops, with the response's metadata (rate limit headers).
    pub fn list_shops_with_response(
        &self,
        paging: Paging,
    ) -> impl Future<Output = Result<Response<List<Shop>>, Error>> + Send + 'static + use<> {
        self.call_list(Ok(paging.apply(Request::get("shops"))))
    }

    /// Every shop, across pages.
    pub fn stream_shops(&self) -> impl Stream<Item = Result<Shop, Error>> + Send + 'static + use<> {
        self.walk(Paging::default(), |p| Ok(p.apply(Request::get("shops"))))
    }

    /// One shop (`GET /v1/shops/{shop_id}`).
    pub fn get_shop(
        &self,
        shop: ShopId,
    ) -> impl Future<Output = Result<Shop, Error>> + Send + 'static + use<> {
        self.get_shop_with_response(shop)
            .map_ok(Response::into_body)
    }

    /// Like [`get_shop`](Client::get_shop), with the response's metadata.
    pub fn get_shop_with_response(
        &self,
        shop: ShopId,
    ) -> impl Future<Output = Result<Response<Shop>, Error>> + Send + 'static + use<> {
        self.call(Ok(shop_path(shop)))
    }
}
