//! Identifier newtypes (so that a colour id cannot be passed where a version
//! id is expected) and whole-reais prices.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl $name {
            /// The id from its number (the same as the tuple constructor).
            pub const fn new(id: u64) -> Self {
                Self(id)
            }

            /// The numeric id.
            #[must_use]
            pub const fn get(self) -> u64 {
                self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            /// Parses the decimal number (`"10"`), as written in a path or a
            /// variable.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl From<u64> for $name {
            fn from(v: u64) -> Self {
                Self(v)
            }
        }
    };
}

id_type! {
    /// A dealer (store) id: the `{dealer_id}` of `/v3/inventory/{dealer_id}`.
    ///
    /// ```
    /// use anuncios_client::DealerId;
    /// assert_eq!(DealerId(10).to_string(), "10");
    /// assert_eq!("10".parse::<DealerId>(), Ok(DealerId::new(10)));
    /// assert!("loja-10".parse::<DealerId>().is_err());
    /// ```
    DealerId
}
id_type! {
    /// A listing (ad) id: the `{ad_id}` of `/v3/inventory/item/{ad_id}`.
    ListingId
}
id_type! {
    /// A detailed version id (`version_detail_id`), from
    /// [`Client::versions`](crate::Client::versions).
    VersionDetailId
}
id_type! {
    /// A colour id (`color`), from [`Client::colors`](crate::Client::colors).
    ColorId
}
id_type! {
    /// An optional-equipment id (`features[]`), from
    /// [`Client::features`](crate::Client::features).
    FeatureId
}
id_type! {
    /// A model id, from [`Client::models`](crate::Client::models).
    ModelId
}
id_type! {
    /// A manufacturer (brand) id, used to filter [`Client::models`](crate::Client::models).
    BrandId
}
id_type! {
    /// A dealer address id (`address_id`).
    AddressId
}
id_type! {
    /// The id of an entry of one of the small catalogs (armour type, motorcycle
    /// and truck sub-catalogs, categories), from
    /// [`Client::armor_types`](crate::Client::armor_types),
    /// [`Client::motorcycle_catalog`](crate::Client::motorcycle_catalog),
    /// [`Client::truck_catalog`](crate::Client::truck_catalog).
    CatalogId
}

/// A price in whole reais, as the API wants it: an integer, never cents,
/// never a float (R$ 85.000,00 is `Reais(85_000)`).
///
/// ```
/// use anuncios_client::{Reais, serde_json};
/// let p = Reais(85_000);
/// assert_eq!(serde_json::to_string(&p).unwrap(), "85000");
/// assert_eq!(p.to_string(), "R$ 85.000");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Reais(pub u64);

impl Reais {
    /// The amount in whole reais (the same as the tuple constructor).
    pub const fn new(reais: u64) -> Self {
        Self(reais)
    }

    /// The amount in reais.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl From<u64> for Reais {
    fn from(v: u64) -> Self {
        Self(v)
    }
}

impl fmt::Display for Reais {
    /// `R$ 85.000` (Brazilian thousands separator, no cents).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        write!(f, "R$ {out}")
    }
}
