//! Typed identifiers, so that a listing id cannot be passed where a stock id
//! is expected (`client.get_stock(&listing_id)` does not compile).
//!
//! Each is a string on the wire (serde transparent). Any text can be held;
//! what cannot be a path segment (empty, `.`, `..`, a control character) is
//! refused when a call puts it in a path, with
//! [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest) naming
//! the parameter.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use autoclient_common::wire::LooseString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! id_type {
    ($( $(#[$m:meta])* $name:ident decoded as $wire:ty; )*) => {
        $(
            $(#[$m])*
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct $name(String);

            impl $name {
                /// The id with this text.
                pub fn new(id: impl Into<String>) -> Self {
                    Self(id.into())
                }

                /// The id's text.
                #[must_use]
                pub fn as_str(&self) -> &str {
                    &self.0
                }

                /// The id's text, owned.
                #[must_use]
                pub fn into_string(self) -> String {
                    self.0
                }
            }

            impl From<String> for $name {
                fn from(id: String) -> Self {
                    Self(id)
                }
            }

            impl From<&str> for $name {
                fn from(id: &str) -> Self {
                    Self(id.to_owned())
                }
            }

            impl From<&$name> for $name {
                fn from(id: &$name) -> Self {
                    id.clone()
                }
            }

            impl FromStr for $name {
                type Err = Infallible;
                fn from_str(s: &str) -> Result<Self, Infallible> {
                    Ok(Self(s.to_owned()))
                }
            }

            impl std::ops::Deref for $name {
                type Target = str;
                fn deref(&self) -> &str {
                    &self.0
                }
            }

            impl std::borrow::Borrow<str> for $name {
                fn borrow(&self) -> &str {
                    &self.0
                }
            }

            impl AsRef<str> for $name {
                fn as_ref(&self) -> &str {
                    &self.0
                }
            }

            impl fmt::Display for $name {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(&self.0)
                }
            }

            impl PartialEq<str> for $name {
                fn eq(&self, other: &str) -> bool {
                    self.0 == other
                }
            }

            impl PartialEq<&str> for $name {
                fn eq(&self, other: &&str) -> bool {
                    self.0 == *other
                }
            }

            impl Serialize for $name {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_str(&self.0)
                }
            }

            impl<'de> Deserialize<'de> for $name {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    <$wire>::deserialize(d).map(|v| Self(WireText::text(v)))
                }
            }
        )*
    };
}

id_type! {
    /// A stock item's id (`id` of a stock item, `stockId` elsewhere).
    ///
    /// ```
    /// use dealerauction_client::StockId;
    /// let id = StockId::new("a10ab562-c0cd-4072-88eb-4115811f5aa1");
    /// assert_eq!(id.as_str(), "a10ab562-c0cd-4072-88eb-4115811f5aa1");
    /// assert_eq!(id.to_string(), id.as_str());
    /// let parsed: StockId = "a10ab562".parse().unwrap();
    /// assert_eq!(parsed, "a10ab562");
    /// ```
    StockId decoded as String;
    /// A listing's id (`id` of a listing, `listingId` elsewhere).
    ///
    /// ```
    /// use dealerauction_client::ListingId;
    /// let id = ListingId::from("cf17d47a-3ba5-452d-a18f-f03225aa6c27".to_owned());
    /// assert_eq!(id.as_str(), "cf17d47a-3ba5-452d-a18f-f03225aa6c27");
    /// ```
    ListingId decoded as String;
    /// A customer account's id (`customerId`): a string that the
    /// documentation's examples send as a number; either is read, and its
    /// text is kept exactly (`123456` becomes `"123456"`).
    ///
    /// ```
    /// use dealerauction_client::CustomerId;
    /// # use dealerauction_client::serde_json;
    /// let id: CustomerId = serde_json::from_str("123456").unwrap();
    /// assert_eq!(id.as_str(), "123456");
    /// assert_eq!(serde_json::to_string(&id).unwrap(), r#""123456""#);
    /// ```
    CustomerId decoded as LooseString;
    /// A trade buyer's id (`buyerId` of a `vehicle.sold` event).
    BuyerId decoded as String;
}

/// The text of an id as decoded from the wire.
trait WireText {
    fn text(self) -> String;
}

impl WireText for String {
    fn text(self) -> String {
        self
    }
}

impl WireText for LooseString {
    fn text(self) -> String {
        self.0
    }
}
