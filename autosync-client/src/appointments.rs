//! Appointments: list, create.

use std::future::Future;

use autoclient_common::{Request, Response};
use futures_util::{Stream, TryFutureExt};

use crate::shops::shop_path;
use crate::{Appointment, Client, Error, List, NewAppointment, Paging, ShopId};

fn list_request(shop: ShopId, paging: Paging) -> Request {
    paging.apply(shop_path(shop).path("appointments"))
}

impl Client {
    /// A shop's appointments (`GET /v1/shops/{shop_id}/appointments`), first page.
    pub fn list_appointments(
        &self,
        shop: ShopId,
    ) -> impl Future<Output = Result<List<Appointment>, Error>> + Send + 'static + use<> {
        self.list_appointments_with_response(shop, Paging::default())
            .map_ok(Response::into_body)
    }

    /// One page of appointments, with the response's metadata.
    pub fn list_appointments_with_response(
        &self,
        shop: ShopId,
        paging: Paging,
    ) -> impl Future<Output = Result<Response<List<Appointment>>, Error>> + Send + 'static + use<>
    {
        self.call_list(Ok(list_request(shop, paging)))
    }

    /// Every appointment, across pages.
    pub fn stream_appointments(
        &self,
        shop: ShopId,
    ) -> impl Stream<Item = Result<Appointment, Error>> + Send + 'static + use<> {
        self.walk(Paging::default(), move |p| Ok(list_request(shop, p)))
    }

    /// Books an appointment (`POST /v1/shops/{shop_id}/appointments`).
    pub fn create_appointment(
        &self,
        shop: ShopId,
        appointment: &NewAppointment,
    ) -> impl Future<Output = Result<Appointment, Error>> + Send + 'static + use<> {
        self.create_appointment_with_response(shop, appointment)
            .map_ok(Response::into_body)
    }

    /// Like [`create_appointment`](Client::create_appointment), with the response's metadata.
    pub fn create_appointment_with_response(
        &self,
        shop: ShopId,
        appointment: &NewAppointment,
    ) -> impl Future<Output = Result<Response<Appointment>, Error>> + Send + 'static + use<> {
        let req = Request::post("shops")
            .segment("shop", shop)
            .path("appointments")
            .json(appointment);
        self.call(Ok(req))
    }
}
