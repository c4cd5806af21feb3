//! Typed identifiers, so that a customer id cannot be passed where a vehicle
//! id is expected.

macro_rules! id_type {
    ($( $(#[$m:meta])* $name:ident ),* $(,)?) => {
        $(
            $(#[$m])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
            #[serde(transparent)]
            pub struct $name(pub u64);

            impl $name {
                /// The id with this number.
                pub const fn new(id: u64) -> Self {
                    Self(id)
                }

                /// The numeric id.
                pub fn get(self) -> u64 {
                    self.0
                }
            }

            impl From<u64> for $name {
                fn from(v: u64) -> Self {
                    Self(v)
                }
            }

            impl std::str::FromStr for $name {
                type Err = std::num::ParseIntError;

                /// Parses the decimal number (surrounding whitespace allowed).
                fn from_str(s: &str) -> Result<Self, Self::Err> {
                    s.trim().parse().map(Self)
                }
            }

            impl std::fmt::Display for $name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    write!(f, "{}", self.0)
                }
            }
        )*
    };
}

id_type! {
    /// A shop's id (an integer in the API).
    ///
    /// ```
    /// use autosync_client::ShopId;
    /// use autosync_client::serde_json;
    /// let shop = ShopId(1);
    /// assert_eq!(shop.to_string(), "1");
    /// assert_eq!(" 1 ".parse::<ShopId>().unwrap(), ShopId::new(1));
    /// assert_eq!(serde_json::to_string(&shop).unwrap(), "1");
    /// ```
    ShopId,
    /// A customer's id.
    CustomerId,
    /// A vehicle's id.
    VehicleId,
    /// A work order's id.
    WorkOrderId,
    /// A job's id.
    JobId,
    /// An appointment's id.
    AppointmentId,
    /// A payment's id.
    PaymentId,
    /// An inventory part's id.
    PartId,
    /// An employee's id (technicians are employees).
    EmployeeId,
}
