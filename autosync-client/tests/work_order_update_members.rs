//! No member of a work order update is sent twice, whichever way it is set.

use autosync_client::{CustomerId, EmployeeId, VehicleId, WorkOrderUpdate};
use serde_json::{Value, json};

#[test]
fn other_with_a_typed_name_sets_the_typed_field() {
    let u = WorkOrderUpdate::new().notes("a").other("notes", "b");
    assert_eq!(u.notes.as_deref(), Some("b"));
    assert!(u.other.is_empty());
    assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"notes":"b"}"#);

    let u = WorkOrderUpdate::new()
        .other("technician_id", 9)
        .other("customer_id", 42)
        .vehicle_id(VehicleId(78))
        .other("vehicle_id", 79)
        .other("status", "completed");
    assert_eq!(u.technician_id, Some(EmployeeId(9)));
    assert_eq!(u.customer_id, Some(CustomerId(42)));
    assert_eq!(u.vehicle_id, Some(VehicleId(79)));
    assert_eq!(
        serde_json::to_string(&u).unwrap(),
        r#"{"customer_id":42,"vehicle_id":79,"technician_id":9,"status":"completed"}"#
    );
}

#[test]
fn the_last_call_for_a_name_wins_and_is_sent_once() {
    // A typed setter after `other` replaces it.
    let u = WorkOrderUpdate::new().other("notes", "b").notes("c");
    assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"notes":"c"}"#);

    // A value that does not fit the typed member is sent as given, once.
    let u = WorkOrderUpdate::new()
        .notes("a")
        .other("notes", Value::Null);
    assert_eq!(u.notes, None);
    assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"notes":null}"#);
    let u = WorkOrderUpdate::new()
        .technician_id(EmployeeId(5))
        .other("technician_id", "emp_5");
    assert_eq!(
        serde_json::to_string(&u).unwrap(),
        r#"{"technician_id":"emp_5"}"#
    );
    // ... and a typed setter afterwards takes its place again.
    let u = u.technician_id(EmployeeId(6));
    assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"technician_id":6}"#);
}

#[test]
fn a_name_put_in_the_public_map_directly_is_not_sent_twice() {
    let mut u = WorkOrderUpdate::new().notes("typed");
    u.other.insert("notes".into(), json!("raw"));
    let text = serde_json::to_string(&u).unwrap();
    assert_eq!(text, r#"{"notes":"typed"}"#);
    assert_eq!(text.matches("\"notes\"").count(), 1);
    // Without the typed member, the raw one is sent.
    let mut u = WorkOrderUpdate::new();
    u.other.insert("notes".into(), json!("raw"));
    assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"notes":"raw"}"#);
}
