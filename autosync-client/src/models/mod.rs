//! The API's wire types: what is sent and what comes back.
//!
//! Response types carry every documented field and keep any other field the
//! server sends in `extra`, so nothing is lost. Request types have their
//! required fields as constructor arguments and are written exactly as
//! documented (unset optional fields are left out).

mod appointment;
mod customer;
mod employee;
mod inventory;
mod payment;
mod shop;
mod vehicle;
mod workorder;

pub use appointment::{Appointment, NewAppointment};
pub use customer::{Address, Customer, CustomerQuery, CustomerUpdate, NewCustomer};
pub use employee::{Employee, EmployeeQuery, EmployeeRole, EmployeeStatus};
pub use inventory::{Part, StockUpdate};
pub use payment::Payment;
pub use shop::{Shop, ShopStatus};
pub use vehicle::{NewVehicle, Vehicle, VehicleQuery};
pub use workorder::{
    CustomerRef, Job, LineItem, NewJob, NewWorkOrder, TechnicianRef, VehicleRef, WorkOrder,
    WorkOrderQuery, WorkOrderStatus, WorkOrderUpdate,
};

macro_rules! setters {
    ($( $(#[$m:meta])* $name:ident : $ty:ty ),* $(,)?) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.$name = Some(value.into());
                self
            }
        )*
    };
}
pub(crate) use setters;

macro_rules! paging_setters {
    () => {
        /// Sets `page` (1-based; see [`Paging`](crate::Paging) for the assumption).
        pub fn page(mut self, page: u32) -> Self {
            self.paging.page = Some(page);
            self
        }
        /// Sets `per_page` (see [`Paging`](crate::Paging) for the assumption).
        pub fn per_page(mut self, per_page: u32) -> Self {
            self.paging.per_page = Some(per_page);
            self
        }
    };
}
pub(crate) use paging_setters;

/// Formats a date as the documented ISO 8601 date string (`YYYY-MM-DD`).
pub(crate) fn iso_date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `impl Deserialize` for a response struct whose unknown fields go to its
/// `extra` map, routed there while the object is visited: what
/// `#[serde(flatten)]` does, without serde's buffering of the whole object
/// (every value, known or not, copied into an intermediate tree first) and
/// without allocating the known keys. As serde's derive does: a `required`
/// field missing or any known field twice is an error, an `optional` field
/// (an `Option`) missing or `null` is `None`, only a JSON object is
/// accepted; an unknown field sent twice keeps its last value.
macro_rules! deserialize_keeping_unknown {
    (
        $ty:ident, $expecting:literal,
        required { $( $req:ident : $rkey:literal ),* $(,)? },
        optional { $( $opt:ident : $okey:literal ),* $(,)? } $(,)?
    ) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[allow(non_camel_case_types)]
                enum Field {
                    $( $req, )*
                    $( $opt, )*
                    Unknown(String),
                }
                impl Field {
                    fn known(key: &str) -> Option<Self> {
                        match key {
                            $( $rkey => Some(Field::$req), )*
                            $( $okey => Some(Field::$opt), )*
                            _ => None,
                        }
                    }
                }
                struct FieldVisitor;
                impl serde::de::Visitor<'_> for FieldVisitor {
                    type Value = Field;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a field name")
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Field, E> {
                        Ok(Field::known(v).unwrap_or_else(|| Field::Unknown(v.to_owned())))
                    }
                    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Field, E> {
                        Ok(Field::known(&v).unwrap_or(Field::Unknown(v)))
                    }
                }
                impl<'de> serde::Deserialize<'de> for Field {
                    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        d.deserialize_identifier(FieldVisitor)
                    }
                }
                struct ObjectVisitor;
                impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$ty, A::Error> {
                        $( let mut $req = None; )*
                        $( let mut $opt = None; )*
                        let mut extra = serde_json::Map::new();
                        while let Some(key) = map.next_key::<Field>()? {
                            match key {
                                $( Field::$req => {
                                    if $req.is_some() {
                                        return Err(serde::de::Error::duplicate_field($rkey));
                                    }
                                    $req = Some(map.next_value()?);
                                } )*
                                $( Field::$opt => {
                                    if $opt.is_some() {
                                        return Err(serde::de::Error::duplicate_field($okey));
                                    }
                                    $opt = Some(map.next_value()?);
                                } )*
                                Field::Unknown(key) => {
                                    let value: serde_json::Value = map.next_value()?;
                                    extra.insert(key, value);
                                }
                            }
                        }
                        Ok($ty {
                            $( $req: $req.ok_or_else(|| serde::de::Error::missing_field($rkey))?, )*
                            $( $opt: Option::flatten($opt), )*
                            extra,
                        })
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
}
pub(crate) use deserialize_keeping_unknown;
