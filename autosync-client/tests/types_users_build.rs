//! The types a user builds (request bodies, queries, paging, error bodies
//! for their own tests) are `#[non_exhaustive]`, and each has a way to be
//! built from outside the crate, shown here as a user writes it.

use autosync_client::{
    Address, ApiError, ApiErrorDetail, CustomerId, CustomerQuery, CustomerUpdate, EmployeeId,
    EmployeeQuery, LineItem, List, NewAppointment, NewCustomer, NewJob, NewVehicle, NewWorkOrder,
    Pagination, Paging, ShopId, StockUpdate, Utc, VehicleId, VehicleQuery, WorkOrderQuery,
    WorkOrderUpdate, serde_json,
};

#[test]
fn every_request_body_has_a_constructor_with_its_required_fields() {
    let (customer, vehicle) = (CustomerId::new(42), VehicleId::new(78));
    let bodies = [
        serde_json::to_value(
            NewCustomer::new("Mike", "Rodriguez").address(Address::new().zip("44720")),
        ),
        serde_json::to_value(CustomerUpdate::new().email("mike@example.com")),
        serde_json::to_value(NewVehicle::new(customer, 2021, "Ford", "F-150")),
        serde_json::to_value(NewWorkOrder::new(customer, vehicle).technician_id(EmployeeId(5))),
        serde_json::to_value(WorkOrderUpdate::new().notes("done")),
        serde_json::to_value(NewJob::new("Oil Change").line_item(LineItem::new().set("qty", 1))),
        serde_json::to_value(NewAppointment::new(customer, Utc::now())),
        serde_json::to_value(StockUpdate::new().quantity(3)),
    ];
    for body in bodies {
        assert!(body.unwrap().is_object());
    }
}

#[test]
fn queries_and_paging_are_built_with_setters_or_default() {
    let mut paging = Paging::default().page(2).per_page(50);
    assert_eq!(paging, Paging::new(2, 50));
    paging.page = Some(3);
    assert_eq!(paging.page, Some(3));
    assert_eq!(CustomerQuery::new().per_page(10).paging.per_page, Some(10));
    assert_eq!(VehicleQuery::new().page(4).paging.page, Some(4));
    assert_eq!(
        WorkOrderQuery::new().customer_id(CustomerId(1)).customer_id,
        Some(CustomerId(1))
    );
    assert_eq!(EmployeeQuery::default(), EmployeeQuery::new());
}

#[test]
fn pagination_error_bodies_and_line_items_are_built_for_tests() {
    let p = Pagination::new(1, 25, 26);
    assert_eq!((p.page, p.per_page, p.total), (1, 25, 26));
    assert_eq!(p.next_page(), Some(2));

    let mut detail = ApiErrorDetail::default();
    detail.code = Some("invalid_parameter".into());
    let mut body = ApiError::default();
    body.error = Some(detail);
    assert_eq!(body.code(), Some("invalid_parameter"));

    let mut fields = serde_json::Map::new();
    fields.insert("description".into(), "Oil filter".into());
    assert_eq!(
        LineItem::from(fields).get("description"),
        Some(&"Oil filter".into())
    );
}

#[test]
fn ids_parse_and_pages_serialize() {
    assert_eq!("17".parse::<ShopId>().unwrap(), ShopId(17));
    assert!("shop-17".parse::<ShopId>().is_err());
    // A page, as a user's fake of the client returns it, then logs it.
    let page = List::new(vec![CustomerId(1), CustomerId(2)], None);
    assert_eq!(page.total(), None);
    assert_eq!(
        serde_json::to_value(&page).unwrap(),
        serde_json::json!({"items": [1, 2], "pagination": null})
    );
}
