//! Vehicles: list (customer_id, vin, license_plate), get, create.

use std::future::Future;

use autoclient_common::{Request, Response, Violation};
use futures_util::{Stream, TryFutureExt};

use crate::shops::shop_path;
use crate::{Client, Error, List, NewVehicle, ShopId, Vehicle, VehicleId, VehicleQuery};

fn list_request(shop: ShopId, q: &VehicleQuery) -> Request {
    let req = shop_path(shop)
        .path("vehicles")
        .query_opt("customer_id", q.customer_id)
        .query_opt("vin", q.vin.as_deref())
        .query_opt("license_plate", q.license_plate.as_deref());
    q.paging.apply(req)
}

/// The client-side check of a new vehicle: the documentation says
/// "17-character VIN".
fn check(vehicle: &NewVehicle) -> Result<(), Error> {
    if let Some(vin) = &vehicle.vin {
        let n = vin.chars().count();
        if n != 17 {
            return Err(Error::validation(vec![Violation::new(
                "vin",
                format!("a VIN has 17 characters, this one has {n}"),
            )]));
        }
    }
    Ok(())
}

impl Client {
    /// One page of a shop's vehicles (`GET /v1/shops/{shop_id}/vehicles`).
    pub fn list_vehicles(
        &self,
        shop: ShopId,
        query: &VehicleQuery,
    ) -> impl Future<Output = Result<List<Vehicle>, Error>> + Send + 'static + use<> {
        self.list_vehicles_with_response(shop, query)
            .map_ok(Response::into_body)
    }

    /// Like [`list_vehicles`](Client::list_vehicles), with the response's metadata.
    pub fn list_vehicles_with_response(
        &self,
        shop: ShopId,
        query: &VehicleQuery,
    ) -> impl Future<Output = Result<Response<List<Vehicle>>, Error>> + Send + 'static + use<> {
        self.call_list(Ok(list_request(shop, query)))
    }

    /// Every vehicle matching `query`, across pages.
    pub fn stream_vehicles(
        &self,
        shop: ShopId,
        query: VehicleQuery,
    ) -> impl Stream<Item = Result<Vehicle, Error>> + Send + 'static + use<> {
        self.walk(query.paging, move |p| {
            let mut q = query.clone();
            q.paging = p;
            Ok(list_request(shop, &q))
        })
    }

    /// One vehicle (`GET /v1/shops/{shop_id}/vehicles/{vehicle_id}`).
    pub fn get_vehicle(
        &self,
        shop: ShopId,
        vehicle: VehicleId,
    ) -> impl Future<Output = Result<Vehicle, Error>> + Send + 'static + use<> {
        self.get_vehicle_with_response(shop, vehicle)
            .map_ok(Response::into_body)
    }

    /// Like [`get_vehicle`](Client::get_vehicle), with the response's metadata.
    pub fn get_vehicle_with_response(
        &self,
        shop: ShopId,
        vehicle: VehicleId,
    ) -> impl Future<Output = Result<Response<Vehicle>, Error>> + Send + 'static + use<> {
        self.call(Ok(shop_path(shop)
            .path("vehicles")
            .segment("vehicle", vehicle)))
    }

    /// Creates a vehicle (`POST /v1/shops/{shop_id}/vehicles`). A VIN that is
    /// not 17 characters is refused before sending
    /// ([`ErrorKind::Validation`](crate::ErrorKind::Validation) with a
    /// [`Violation`] on `vin`).
    ///
    /// ```no_run
    /// # async fn run(client: autosync_client::Client) -> Result<(), autosync_client::Error> {
    /// use autosync_client::{CustomerId, NewVehicle, ShopId};
    /// let v = client
    ///     .create_vehicle(ShopId(1), &NewVehicle::new(CustomerId(42), 2021, "Ford", "F-150"))
    ///     .await?;
    /// println!("vehicle {}", v.id);
    /// # Ok(()) }
    /// ```
    pub fn create_vehicle(
        &self,
        shop: ShopId,
        vehicle: &NewVehicle,
    ) -> impl Future<Output = Result<Vehicle, Error>> + Send + 'static + use<> {
        self.create_vehicle_with_response(shop, vehicle)
            .map_ok(Response::into_body)
    }

    /// Like [`create_vehicle`](Client::create_vehicle), with the response's metadata.
    pub fn create_vehicle_with_response(
        &self,
        shop: ShopId,
        vehicle: &NewVehicle,
    ) -> impl Future<Output = Result<Response<Vehicle>, Error>> + Send + 'static + use<> {
        let req = check(vehicle).map(|()| {
            Request::post("shops")
                .segment("shop", shop)
                .path("vehicles")
                .json(vehicle)
        });
        self.call(req)
    }
}
