//! Customers: list (search, is_business, created_after), get, create, update.

use std::future::Future;

use autoclient_common::{Request, Response};
use futures_util::{Stream, TryFutureExt};

use crate::models::iso_date;
use crate::shops::shop_path;
use crate::{
    Client, Customer, CustomerId, CustomerQuery, CustomerUpdate, Error, List, NewCustomer, ShopId,
};

fn list_request(shop: ShopId, q: &CustomerQuery) -> Request {
    let req = shop_path(shop)
        .path("customers")
        .query_opt("search", q.search.as_deref())
        .query_opt("is_business", q.is_business)
        .query_opt("created_after", q.created_after.map(iso_date));
    q.paging.apply(req)
}

impl Client {
    /// One page of a shop's customers (`GET /v1/shops/{shop_id}/customers`).
    ///
    /// ```no_run
    /// # async fn run(client: autosync_client::Client) -> Result<(), autosync_client::Error> {
    /// use autosync_client::{CustomerQuery, ShopId};
    /// let page = client.list_customers(ShopId(1), &CustomerQuery::new().search("thompson")).await?;
    /// println!("{} of {:?}", page.items.len(), page.total());
    /// # Ok(()) }
    /// ```
    pub fn list_customers(
        &self,
        shop: ShopId,
        query: &CustomerQuery,
    ) -> impl Future<Output = Result<List<Customer>, Error>> + Send + 'static + use<> {
        self.list_customers_with_response(shop, query)
            .map_ok(Response::into_body)
    }

    /// Like [`list_customers`](Client::list_customers), with the response's metadata.
    pub fn list_customers_with_response(
        &self,
        shop: ShopId,
        query: &CustomerQuery,
    ) -> impl Future<Output = Result<Response<List<Customer>>, Error>> + Send + 'static + use<>
    {
        self.call_list(Ok(list_request(shop, query)))
    }

    /// Every customer matching `query`, across pages, from `query`'s page on
    /// (default 1), paced at the client's rate limit.
    pub fn stream_customers(
        &self,
        shop: ShopId,
        query: CustomerQuery,
    ) -> impl Stream<Item = Result<Customer, Error>> + Send + 'static + use<> {
        let paging = query.paging;
        self.walk(paging, move |p| {
            let mut q = query.clone();
            q.paging = p;
            Ok(list_request(shop, &q))
        })
    }

    /// One customer (`GET /v1/shops/{shop_id}/customers/{customer_id}`).
    pub fn get_customer(
        &self,
        shop: ShopId,
        customer: CustomerId,
    ) -> impl Future<Output = Result<Customer, Error>> + Send + 'static + use<> {
        self.get_customer_with_response(shop, customer)
            .map_ok(Response::into_body)
    }

    /// Like [`get_customer`](Client::get_customer), with the response's metadata.
    pub fn get_customer_with_response(
        &self,
        shop: ShopId,
        customer: CustomerId,
    ) -> impl Future<Output = Result<Response<Customer>, Error>> + Send + 'static + use<> {
        self.call(Ok(shop_path(shop)
            .path("customers")
            .segment("customer", customer)))
    }

    /// Creates a customer (`POST /v1/shops/{shop_id}/customers`). Not retried
    /// after it may have reached the server: a failure then is
    /// [`ErrorKind::OutcomeUnknown`](crate::ErrorKind::OutcomeUnknown).
    ///
    /// ```no_run
    /// # async fn run(client: autosync_client::Client) -> Result<(), autosync_client::Error> {
    /// use autosync_client::{NewCustomer, ShopId};
    /// let mike = client
    ///     .create_customer(ShopId(1), &NewCustomer::new("Mike", "Rodriguez").email("mike@example.com"))
    ///     .await?;
    /// println!("created customer {}", mike.id);
    /// # Ok(()) }
    /// ```
    pub fn create_customer(
        &self,
        shop: ShopId,
        customer: &NewCustomer,
    ) -> impl Future<Output = Result<Customer, Error>> + Send + 'static + use<> {
        self.create_customer_with_response(shop, customer)
            .map_ok(Response::into_body)
    }

    /// Like [`create_customer`](Client::create_customer), with the response's metadata.
    pub fn create_customer_with_response(
        &self,
        shop: ShopId,
        customer: &NewCustomer,
    ) -> impl Future<Output = Result<Response<Customer>, Error>> + Send + 'static + use<> {
        let req = Request::post("shops")
            .segment("shop", shop)
            .path("customers")
            .json(customer);
        self.call(Ok(req))
    }

    /// Updates a customer (`PUT /v1/shops/{shop_id}/customers/{customer_id}`);
    /// only the fields set in `update` are sent.
    pub fn update_customer(
        &self,
        shop: ShopId,
        customer: CustomerId,
        update: &CustomerUpdate,
    ) -> impl Future<Output = Result<Customer, Error>> + Send + 'static + use<> {
        self.update_customer_with_response(shop, customer, update)
            .map_ok(Response::into_body)
    }

    /// Like [`update_customer`](Client::update_customer), with the response's metadata.
    pub fn update_customer_with_response(
        &self,
        shop: ShopId,
        customer: CustomerId,
        update: &CustomerUpdate,
    ) -> impl Future<Output = Result<Response<Customer>, Error>> + Send + 'static + use<> {
        let req = Request::put("shops")
            .segment("shop", shop)
            .path("customers")
            .segment("customer", customer)
            .json(update);
        self.call(Ok(req))
    }
}
