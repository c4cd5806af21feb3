//! `Deserialize` for response objects that keep the fields this version does
//! not know, without `#[serde(flatten)]`'s cost.
//!
//! serde's derive can only keep unknown fields through `#[serde(flatten)]`,
//! which reads the whole object into an intermediate tree first (every value,
//! known or not, copied and allocated) and then decodes the struct from that
//! tree. [`deserialize_keeping_unknown!`](crate::deserialize_keeping_unknown)
//! writes the visitor serde cannot: known keys are matched on the borrowed
//! text and decoded straight into their field, and only unknown keys and
//! their values are allocated, into the `extra` map.

/// Implements `Deserialize` for a struct with an `extra:
/// serde_json::Map<String, serde_json::Value>` field: every listed field is
/// decoded under its wire key, every other key goes to `extra` as it is read.
///
/// It decodes what serde's derive with `#[serde(flatten)] extra` decodes, to
/// the same values:
/// - a `required` field missing, or any listed field present twice, is an
///   error naming the key;
/// - an `optional` field (an `Option<T>`) missing or `null` is `None`;
/// - a `default` field missing is `Default::default()` (as
///   `#[serde(default)]`; `null` is decoded as the type decodes it);
/// - an unknown key sent twice keeps its last value;
/// - only a JSON object is accepted.
///
/// A key is a string literal, or any `&'static str` constant expression in
/// braces (`{ stringify!(name) }`). A field may be decoded through another
/// type with `as Via` (`Via: Deserialize + Into<T>`), e.g. a faster parser
/// of the same text.
///
/// ```
/// use serde_json::{Map, Value};
/// #[derive(Debug)]
/// pub struct Car {
///     pub id: u64,
///     pub make: Option<String>,
///     pub registered: Option<chrono::NaiveDate>,
///     pub tags: Vec<String>,
///     pub extra: Map<String, Value>,
/// }
/// autoclient_common::deserialize_keeping_unknown! {
///     Car, "a car object",
///     required { id: "id" },
///     optional {
///         make: "make",
///         registered: "registeredOn" as autoclient_common::wire::IsoDate,
///     },
///     default { tags: "tags" },
/// }
/// let car: Car = serde_json::from_str(
///     r#"{"id": 7, "registeredOn": "2018-06-01", "colour": "Blue"}"#,
/// ).unwrap();
/// assert_eq!(car.id, 7);
/// assert_eq!(car.make, None);
/// assert_eq!(car.registered, chrono::NaiveDate::from_ymd_opt(2018, 6, 1));
/// assert!(car.tags.is_empty());
/// assert_eq!(car.extra["colour"], "Blue");
/// assert!(serde_json::from_str::<Car>(r#"{"make": "Citroen"}"#)
///     .unwrap_err().to_string().contains("missing field `id`"));
/// ```
#[macro_export]
macro_rules! deserialize_keeping_unknown {
    (
        $ty:ident, $expecting:literal,
        required { $( $req:ident : $rkey:tt $(as $rvia:ty)? ),* $(,)? },
        optional { $( $opt:ident : $okey:tt $(as $ovia:ty)? ),* $(,)? }
        $(, default { $( $def:ident : $dkey:tt ),* $(,)? } )? $(,)?
    ) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                use $crate::__private::serde::de::{Error as _, MapAccess};
                /// The wire keys, by field.
                #[allow(non_upper_case_globals)]
                mod keys {
                    $( pub(super) const $req: &str = $rkey; )*
                    $( pub(super) const $opt: &str = $okey; )*
                    $( $( pub(super) const $def: &str = $dkey; )* )?
                }
                #[allow(non_camel_case_types)]
                enum Field {
                    $( $req, )*
                    $( $opt, )*
                    $( $( $def, )* )?
                    Unknown(::std::string::String),
                }
                impl Field {
                    fn known(key: &str) -> ::std::option::Option<Self> {
                        match key {
                            $( keys::$req => Some(Field::$req), )*
                            $( keys::$opt => Some(Field::$opt), )*
                            $( $( keys::$def => Some(Field::$def), )* )?
                            _ => None,
                        }
                    }
                }
                struct FieldVisitor;
                impl $crate::__private::serde::de::Visitor<'_> for FieldVisitor {
                    type Value = Field;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a field name")
                    }
                    fn visit_str<E: $crate::__private::serde::de::Error>(
                        self,
                        v: &str,
                    ) -> ::std::result::Result<Field, E> {
                        Ok(Field::known(v).unwrap_or_else(|| Field::Unknown(v.to_owned())))
                    }
                    fn visit_string<E: $crate::__private::serde::de::Error>(
                        self,
                        v: ::std::string::String,
                    ) -> ::std::result::Result<Field, E> {
                        Ok(Field::known(&v).unwrap_or(Field::Unknown(v)))
                    }
                }
                impl<'de> $crate::__private::serde::Deserialize<'de> for Field {
                    fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                        d: D,
                    ) -> ::std::result::Result<Self, D::Error> {
                        d.deserialize_identifier(FieldVisitor)
                    }
                }
                struct ObjectVisitor;
                impl<'de> $crate::__private::serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$ty, A::Error> {
                        $( let mut $req = None; )*
                        $( let mut $opt = None; )*
                        $( $( let mut $def = None; )* )?
                        let mut extra = $crate::__private::serde_json::Map::new();
                        while let Some(key) = map.next_key::<Field>()? {
                            match key {
                                $( Field::$req => {
                                    if $req.is_some() {
                                        return Err(A::Error::duplicate_field(keys::$req));
                                    }
                                    $req = Some($crate::__keeping_unknown_value!(map, required $($rvia)?));
                                } )*
                                $( Field::$opt => {
                                    if $opt.is_some() {
                                        return Err(A::Error::duplicate_field(keys::$opt));
                                    }
                                    $opt = Some($crate::__keeping_unknown_value!(map, optional $($ovia)?));
                                } )*
                                $( $( Field::$def => {
                                    if $def.is_some() {
                                        return Err(A::Error::duplicate_field(keys::$def));
                                    }
                                    $def = Some(map.next_value()?);
                                } )* )?
                                Field::Unknown(key) => {
                                    let value: $crate::__private::serde_json::Value = map.next_value()?;
                                    extra.insert(key, value);
                                }
                            }
                        }
                        Ok($ty {
                            $( $req: $req.ok_or_else(|| A::Error::missing_field(keys::$req))?, )*
                            $( $opt: ::std::option::Option::flatten($opt), )*
                            $( $( $def: $def.unwrap_or_default(), )* )?
                            extra,
                        })
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
}

/// The value of one field for [`deserialize_keeping_unknown!`]: decoded as
/// its own type, or through `Via`. Not a public API.
#[doc(hidden)]
#[macro_export]
macro_rules! __keeping_unknown_value {
    ($map:ident, required) => {
        $map.next_value()?
    };
    ($map:ident, required $via:ty) => {
        ::std::convert::Into::into($map.next_value::<$via>()?)
    };
    ($map:ident, optional) => {
        $map.next_value()?
    };
    ($map:ident, optional $via:ty) => {
        $map.next_value::<::std::option::Option<$via>>()?
            .map(::std::convert::Into::into)
    };
}
