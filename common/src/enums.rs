//! Forward-compatible enums: string-valued and integer-valued value sets that
//! keep values this version does not know, and open string types.
//!
//! ```
//! autoclient_common::open_enum! {
//!     /// A vehicle's status.
//!     pub enum Status {
//!         /// In stock.
//!         Available = "available",
//!         /// Sold.
//!         Sold = "sold",
//!     }
//! }
//! let s: Status = serde_json::from_str("\"leased\"").unwrap();
//! assert_eq!(s, Status::Unknown("leased".into()));
//! assert_eq!(serde_json::to_string(&s).unwrap(), "\"leased\"");
//! assert_eq!(Status::from("sold"), Status::Sold);
//! ```

/// Declares a string-valued enum whose unknown values are kept as
/// `Unknown(String)` and serialized back unchanged.
///
/// Generates `as_str`, `is_unknown`, `KNOWN` (every known variant),
/// `From<&str>`, `From<String>`, `FromStr`, `Display`, `Serialize` and
/// `Deserialize`.
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept verbatim.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every known value.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )+
                    $name::Unknown(s) => s.as_str(),
                }
            }

            /// Whether this is a value the SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $value => $name::$variant, )+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                match s.as_str() {
                    $( $value => $name::$variant, )+
                    _ => $name::Unknown(s),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok($name::from(s))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                // A visitor rather than a `String` first: a known value is
                // matched on the borrowed text and allocates nothing.
                struct Visitor;
                impl $crate::__private::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: $crate::__private::serde::de::Error>(
                        self,
                        v: &str,
                    ) -> ::std::result::Result<$name, E> {
                        Ok($name::from(v))
                    }
                    fn visit_string<E: $crate::__private::serde::de::Error>(
                        self,
                        v: ::std::string::String,
                    ) -> ::std::result::Result<$name, E> {
                        Ok($name::from(v))
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

/// Declares an integer-valued enum whose unknown values are kept as
/// `Unknown(i64)` and serialized back unchanged.
///
/// ```
/// autoclient_common::open_int_enum! {
///     /// A category.
///     pub enum Category {
///         /// Cars.
///         Car = 1,
///         /// Motorcycles.
///         Motorcycle = 2,
///     }
/// }
/// let c: Category = serde_json::from_str("7").unwrap();
/// assert_eq!(c, Category::Unknown(7));
/// assert_eq!(serde_json::to_string(&Category::Motorcycle).unwrap(), "2");
/// ```
#[macro_export]
macro_rules! open_int_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept verbatim.
            Unknown(i64),
        }

        impl $name {
            /// Every known value.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire value.
            pub fn value(&self) -> i64 {
                match self {
                    $( $name::$variant => $value, )+
                    $name::Unknown(v) => *v,
                }
            }

            /// Whether this is a value the SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(v: i64) -> Self {
                match v {
                    $( $value => $name::$variant, )+
                    other => $name::Unknown(other),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let v = <i64 as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                Ok($name::from(v))
            }
        }
    };
}

/// Declares an open string type: any value is accepted and sent verbatim, with
/// named constants for the documented ones.
///
/// ```
/// autoclient_common::open_string! {
///     /// A fuel type.
///     pub struct FuelType {
///         /// Diesel.
///         DIESEL = "diesel",
///     }
/// }
/// assert_eq!(FuelType::DIESEL.as_str(), "diesel");
/// assert_eq!(FuelType::new("hidrógeno").as_str(), "hidrógeno");
/// assert!(FuelType::DIESEL.is_named());
/// ```
#[macro_export]
macro_rules! open_string {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$vmeta:meta])* $konst:ident = $value:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis struct $name(::std::borrow::Cow<'static, str>);

        impl $name {
            $( $(#[$vmeta])* pub const $konst: $name = $name(::std::borrow::Cow::Borrowed($value)); )*

            /// Every named value.
            pub const NAMED: &'static [$name] = &[$($name::$konst),*];

            /// Any value, sent verbatim.
            pub fn new(value: impl ::std::convert::Into<::std::string::String>) -> Self {
                $name(::std::borrow::Cow::Owned(value.into()))
            }

            /// The wire value.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Whether the value equals one of the named constants.
            pub fn is_named(&self) -> bool {
                Self::NAMED.iter().any(|n| n.as_str() == self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                $name::new(s)
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                $name::new(s)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::string::String as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                Ok($name::new(s))
            }
        }
    };
}
