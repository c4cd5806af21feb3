//! Employees: list (role, status).

use std::future::Future;

use autoclient_common::{Request, Response};
use futures_util::{Stream, TryFutureExt};

use crate::shops::shop_path;
use crate::{Client, Employee, EmployeeQuery, Error, List, ShopId};

fn list_request(shop: ShopId, q: &EmployeeQuery) -> Request {
    let req = shop_path(shop)
        .path("employees")
        .query_opt("role", q.role.as_ref())
        .query_opt("status", q.status.as_ref());
    q.paging.apply(req)
}

impl Client {
    /// One page of a shop's employees (`GET /v1/shops/{shop_id}/employees`).
    ///
    /// ```no_run
    /// # async fn run(client: autosync_client::Client) -> Result<(), autosync_client::Error> {
    /// use autosync_client::{EmployeeQuery, EmployeeRole, ShopId};
    /// let techs = client
    ///     .list_employees(ShopId(1), &EmployeeQuery::new().role(EmployeeRole::Technician))
    ///     .await?;
    /// println!("{} technicians", techs.items.len());
    /// # Ok(()) }
    /// ```
    pub fn list_employees(
        &self,
        shop: ShopId,
        query: &EmployeeQuery,
    ) -> impl Future<Output = Result<List<Employee>, Error>> + Send + 'static + use<> {
        self.list_employees_with_response(shop, query)
            .map_ok(Response::into_body)
    }

    /// Like [`list_employees`](Client::list_employees), with the response's metadata.
    pub fn list_employees_with_response(
        &self,
        shop: ShopId,
        query: &EmployeeQuery,
    ) -> impl Future<Output = Result<Response<List<Employee>>, Error>> + Send + 'static + use<>
    {
        self.call_list(Ok(list_request(shop, query)))
    }

    /// Every employee matching `query`, across pages.
    pub fn stream_employees(
        &self,
        shop: ShopId,
        query: EmployeeQuery,
    ) -> impl Stream<Item = Result<Employee, Error>> + Send + 'static + use<> {
        self.walk(query.paging, move |p| {
            let mut q = query.clone();
            q.paging = p;
            Ok(list_request(shop, &q))
        })
    }
}
