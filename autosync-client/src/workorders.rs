//! Work orders (list, get, create, update) and their jobs (list, create).

use std::future::Future;

use autoclient_common::{Request, Response};
use futures_util::{Stream, TryFutureExt};

use crate::models::iso_date;
use crate::shops::shop_path;
use crate::{
    Client, Error, Job, List, NewJob, NewWorkOrder, Paging, ShopId, WorkOrder, WorkOrderId,
    WorkOrderQuery, WorkOrderUpdate,
};

fn list_request(shop: ShopId, q: &WorkOrderQuery) -> Request {
    let req = shop_path(shop)
        .path("workorders")
        .query_opt("status", q.status.as_ref())
        .query_opt("customer_id", q.customer_id)
        .query_opt("vehicle_id", q.vehicle_id)
        .query_opt("technician_id", q.technician_id)
        .query_opt("created_after", q.created_after.map(iso_date));
    q.paging.apply(req)
}

fn jobs_request(shop: ShopId, wo: WorkOrderId, paging: Paging) -> Request {
    paging.apply(
        shop_path(shop)
            .path("workorders")
            .segment("work_order", wo)
            .path("jobs"),
    )
}

impl Client {
    /// One page of a shop's work orders (`GET /v1/shops/{shop_id}/workorders`).
    ///
    /// ```no_run
    /// # async fn run(client: autosync_client::Client) -> Result<(), autosync_client::Error> {
    /// use autosync_client::{ShopId, WorkOrderQuery, WorkOrderStatus};
    /// let open = client
    ///     .list_work_orders(ShopId(1), &WorkOrderQuery::new().status(WorkOrderStatus::InProgress))
    ///     .await?;
    /// for wo in open.items {
    ///     println!("#{:?} total {:?}", wo.work_order_number, wo.total);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list_work_orders(
        &self,
        shop: ShopId,
        query: &WorkOrderQuery,
    ) -> impl Future<Output = Result<List<WorkOrder>, Error>> + Send + 'static + use<> {
        self.list_work_orders_with_response(shop, query)
            .map_ok(Response::into_body)
    }

    /// Like [`list_work_orders`](Client::list_work_orders), with the response's metadata.
    pub fn list_work_orders_with_response(
        &self,
        shop: ShopId,
        query: &WorkOrderQuery,
    ) -> impl Future<Output = Result<Response<List<WorkOrder>>, Error>> + Send + 'static + use<>
    {
        self.call_list(Ok(list_request(shop, query)))
    }

    /// Every work order matching `query`, across pages.
    pub fn stream_work_orders(
        &self,
        shop: ShopId,
        query: WorkOrderQuery,
    ) -> impl Stream<Item = Result<WorkOrder, Error>> + Send + 'static + use<> {
        self.walk(query.paging, move |p| {
            let mut q = query.clone();
            q.paging = p;
            Ok(list_request(shop, &q))
        })
    }

    /// The full work order, with its jobs, line items and payment history
    /// (`GET /v1/shops/{shop_id}/workorders/{workorder_id}`).
    pub fn get_work_order(
        &self,
        shop: ShopId,
        work_order: WorkOrderId,
    ) -> impl Future<Output = Result<WorkOrder, Error>> + Send + 'static + use<> {
        self.get_work_order_with_response(shop, work_order)
            .map_ok(Response::into_body)
    }

    /// Like [`get_work_order`](Client::get_work_order), with the response's metadata.
    pub fn get_work_order_with_response(
        &self,
        shop: ShopId,
        work_order: WorkOrderId,
    ) -> impl Future<Output = Result<Response<WorkOrder>, Error>> + Send + 'static + use<> {
        self.call(Ok(shop_path(shop)
            .path("workorders")
            .segment("work_order", work_order)))
    }

    /// Creates a work order (`POST /v1/shops/{shop_id}/workorders`).
    pub fn create_work_order(
        &self,
        shop: ShopId,
        work_order: &NewWorkOrder,
    ) -> impl Future<Output = Result<WorkOrder, Error>> + Send + 'static + use<> {
        self.create_work_order_with_response(shop, work_order)
            .map_ok(Response::into_body)
    }

    /// Like [`create_work_order`](Client::create_work_order), with the response's metadata.
    pub fn create_work_order_with_response(
        &self,
        shop: ShopId,
        work_order: &NewWorkOrder,
    ) -> impl Future<Output = Result<Response<WorkOrder>, Error>> + Send + 'static + use<> {
        let req = Request::post("shops")
            .segment("shop", shop)
            .path("workorders")
            .json(work_order);
        self.call(Ok(req))
    }

    /// Updates a work order (`PUT /v1/shops/{shop_id}/workorders/{workorder_id}`).
    /// See [`WorkOrderUpdate`] for what the documentation leaves open.
    pub fn update_work_order(
        &self,
        shop: ShopId,
        work_order: WorkOrderId,
        update: &WorkOrderUpdate,
    ) -> impl Future<Output = Result<WorkOrder, Error>> + Send + 'static + use<> {
        self.update_work_order_with_response(shop, work_order, update)
            .map_ok(Response::into_body)
    }

    /// Like [`update_work_order`](Client::update_work_order), with the response's metadata.
    pub fn update_work_order_with_response(
        &self,
        shop: ShopId,
        work_order: WorkOrderId,
        update: &WorkOrderUpdate,
    ) -> impl Future<Output = Result<Response<WorkOrder>, Error>> + Send + 'static + use<> {
        let req = Request::put("shops")
            .segment("shop", shop)
            .path("workorders")
            .segment("work_order", work_order)
            .json(update);
        self.call(Ok(req))
    }

    /// The jobs of a work order
    /// (`GET /v1/shops/{shop_id}/workorders/{wo_id}/jobs`), first page.
    pub fn list_jobs(
        &self,
        shop: ShopId,
        work_order: WorkOrderId,
    ) -> impl Future<Output = Result<List<Job>, Error>> + Send + 'static + use<> {
        self.list_jobs_with_response(shop, work_order, Paging::default())
            .map_ok(Response::into_body)
    }

    /// One page of a work order's jobs, with the response's metadata.
    pub fn list_jobs_with_response(
        &self,
        shop: ShopId,
        work_order: WorkOrderId,
        paging: Paging,
    ) -> impl Future<Output = Result<Response<List<Job>>, Error>> + Send + 'static + use<> {
        self.call_list(Ok(jobs_request(shop, work_order, paging)))
    }

    /// Every job of a work order, across pages.
    pub fn stream_jobs(
        &self,
        shop: ShopId,
        work_order: WorkOrderId,
    ) -> impl Stream<Item = Result<Job, Error>> + Send + 'static + use<> {
        self.walk(Paging::default(), move |p| {
            Ok(jobs_request(shop, work_order, p))
        })
    }

    /// Adds a job with its line items to a work order
    /// (`POST /v1/shops/{shop_id}/workorders/{wo_id}/jobs`).
    ///
    /// ```no_run
    /// # async fn run(client: autosync_client::Client) -> Result<(), autosync_client::Error> {
    /// use autosync_client::{LineItem, NewJob, ShopId, WorkOrderId};
    /// let job = NewJob::new("Oil Change").line_item(LineItem::new().set("description", "5W-30"));
    /// let created = client.create_job(ShopId(1), WorkOrderId(1043), &job).await?;
    /// println!("job {}", created.id);
    /// # Ok(()) }
    /// ```
    pub fn create_job(
        &self,
        shop: ShopId,
        work_order: WorkOrderId,
        job: &NewJob,
    ) -> impl Future<Output = Result<Job, Error>> + Send + 'static + use<> {
        self.create_job_with_response(shop, work_order, job)
            .map_ok(Response::into_body)
    }

    /// Like [`create_job`](Client::create_job), with the response's metadata.
    pub fn create_job_with_response(
        &self,
        shop: ShopId,
        work_order: WorkOrderId,
        job: &NewJob,
    ) -> impl Future<Output = Result<Response<Job>, Error>> + Send + 'static + use<> {
        let req = Request::post("shops")
            .segment("shop", shop)
            .path("workorders")
            .segment("work_order", work_order)
            .path("jobs")
            .json(job);
        self.call(Ok(req))
    }
}
