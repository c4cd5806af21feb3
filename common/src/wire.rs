//! Wire helpers shared by all crates: exact decimals as JSON numbers, and
//! string-or-number fields kept as exact text.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Serde adapter: a [`Decimal`] written as a JSON number with its exact value,
/// read from a JSON number or a numeric string.
///
/// Written: integers digit for digit; up to 15 significant digits as the
/// shortest number text of the value (`1234.50` is written `1234.5`, equal in
/// value); beyond that, digit for digit. Never as a string.
///
/// Read: numbers with more than 15 significant digits and a fraction pass
/// through `f64` on the way in (serde_json's own limit); integers within 64
/// bits and numeric strings are exact.
///
/// ```
/// use rust_decimal::Decimal;
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Price { #[serde(with = "autoclient_common::wire::decimal")] value: Decimal }
/// let p: Price = serde_json::from_str(r#"{"value": 34500.99}"#).unwrap();
/// assert_eq!(p.value, Decimal::new(3450099, 2));
/// assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"value":34500.99}"#);
/// let s: Price = serde_json::from_str(r#"{"value": "12.50"}"#).unwrap();
/// assert_eq!(s.value, Decimal::new(1250, 2));
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"value":12.5}"#);
/// let q: Price = serde_json::from_str(r#"{"value": "28000"}"#).unwrap();
/// assert_eq!(q.value, Decimal::from(28000));
/// ```
pub mod decimal {
    use super::*;

    /// Powers of ten that are exact in an f64.
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// Serializes as a JSON number with the decimal's exact digits.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        if let Ok(mut m) = i64::try_from(value.mantissa()) {
            let mut scale = value.scale() as usize;
            while scale > 0 && m % 10 == 0 {
                m /= 10;
                scale -= 1;
            }
            if scale == 0 {
                return serializer.serialize_i64(m);
            }
            // Up to 15 significant digits, the nearest f64 (an exact mantissa
            // divided by an exact power of ten, correctly rounded) prints back
            // as the decimal's own digits: the shortest text that reads back
            // as that f64 is the decimal itself. Fast, and exact in value.
            if m.unsigned_abs() < 1_000_000_000_000_000 && scale < POW10.len() {
                return serializer.serialize_f64(m as f64 / POW10[scale]);
            }
        }
        let raw = serde_json::value::RawValue::from_string(decimal_text(value))
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }

    /// The decimal's exact digits (faster than `Display`, and never in
    /// scientific notation).
    fn decimal_text(value: &Decimal) -> String {
        let scale = value.scale() as usize;
        let m = value.mantissa();
        let digits = match u64::try_from(m.unsigned_abs()) {
            Ok(small) => small.to_string(),
            Err(_) => m.unsigned_abs().to_string(),
        };
        let mut out = String::with_capacity(digits.len() + scale + 3);
        if m < 0 {
            out.push('-');
        }
        if scale == 0 {
            out.push_str(&digits);
        } else if digits.len() <= scale {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', scale - digits.len()));
            out.push_str(&digits);
        } else {
            let (int, frac) = digits.split_at(digits.len() - scale);
            out.push_str(int);
            out.push('.');
            out.push_str(frac);
        }
        out
    }

    /// Deserializes from a JSON number or a numeric string.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }
}

/// Like [`decimal`], for `Option<Decimal>` (`null` and absent are `None`; use
/// with `#[serde(default, skip_serializing_if = "Option::is_none")]`).
pub mod decimal_opt {
    use super::*;

    /// Serializes `Some` as a JSON number, `None` as null.
    pub fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => decimal::serialize(v, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Deserializes from null, a JSON number or a numeric string.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        struct Opt;
        impl<'de> Visitor<'de> for Opt {
            type Value = Option<Decimal>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number, a numeric string or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                decimal::deserialize(d).map(Some)
            }
        }
        deserializer.deserialize_option(Opt)
    }
}

/// Serde adapter for a `Patch<Decimal>` field: a value as an exact JSON number,
/// null as null. Use with `#[serde(default, skip_serializing_if = "Patch::is_absent")]`.
pub mod decimal_patch {
    use super::*;
    use crate::Patch;

    /// Serializes the value as a JSON number (absent and null as null).
    pub fn serialize<S: Serializer>(
        value: &Patch<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Patch::Value(v) => decimal::serialize(v, serializer),
            _ => serializer.serialize_none(),
        }
    }

    /// Deserializes null as `Null`, a number or numeric string as `Value`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Patch<Decimal>, D::Error> {
        Ok(decimal_opt::deserialize(deserializer)?.into())
    }
}

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number or a numeric string")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        Decimal::try_from_i128_with_scale(v, 0).map_err(E::custom)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
        i128::try_from(v)
            .map_err(E::custom)
            .and_then(|v| Decimal::try_from_i128_with_scale(v, 0).map_err(E::custom))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        if !v.is_finite() {
            return Err(E::custom("not a finite number"));
        }
        // The shortest text that reads back as the same f64 is the text the
        // JSON carried (for up to 15 significant digits).
        parse_decimal(&v.to_string()).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_decimal(v.trim()).map_err(E::custom)
    }
}

/// Parses a decimal from plain or scientific notation.
pub fn parse_decimal(s: &str) -> Result<Decimal, String> {
    Decimal::from_str_exact(s)
        .or_else(|_| Decimal::from_str(s))
        .or_else(|_| Decimal::from_scientific(s))
        .map_err(|_| format!("`{s}` is not a decimal number"))
}

/// A field documented as a string that servers sometimes send as a JSON number:
/// both are accepted and the text kept exactly (an integer never passes
/// through a float). It is always written back as a string, as the schema says.
/// Only integers within the 64-bit range (−2^63 to 2^64 − 1) are kept exactly;
/// any other number (a fraction such as `2.0` or `1.50`, an exponent, a larger
/// integer) passes through `f64` and is kept as that `f64`'s shortest decimal
/// text without exponent (`2.0` becomes `"2"`, `1.50` becomes `"1.5"`).
///
/// ```
/// use autoclient_common::wire::LooseString;
/// let a: LooseString = serde_json::from_str("202304198054016").unwrap();
/// assert_eq!(a.as_str(), "202304198054016");
/// let b: LooseString = serde_json::from_str("\"AB12CDE\"").unwrap();
/// assert_eq!(serde_json::to_string(&b).unwrap(), "\"AB12CDE\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct LooseString(pub String);

impl LooseString {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LooseString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for LooseString {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl From<String> for LooseString {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl Serialize for LooseString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for LooseString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LooseString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseString, E> {
                Ok(LooseString(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<LooseString, E> {
                Ok(LooseString(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LooseString, E> {
                Ok(LooseString(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LooseString, E> {
                Ok(LooseString(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<LooseString, E> {
                Ok(LooseString(v.to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A date-time decoded from its RFC 3339 text into `DateTime<Utc>`: what
/// chrono's own `Deserialize` for `DateTime<Utc>` accepts, to the same
/// instant, with a fast path for the common shape
/// (`YYYY-MM-DDTHH:MM:SS`, up to nine fraction digits, `Z` or `±HH:MM`).
/// Anything else (a space for the `T`, a leap second, a lower-case `z`…)
/// goes to chrono's parser, so what is accepted and each error stay
/// chrono's.
///
/// For [`deserialize_keeping_unknown!`](crate::deserialize_keeping_unknown)'s
/// `as`, or `#[serde(deserialize_with)]` through [`parse_rfc3339_utc`].
/// It serializes as chrono's `DateTime<Utc>` does, through [`rfc3339_utc`].
///
/// ```
/// use autoclient_common::wire::Rfc3339Utc;
/// let t: Rfc3339Utc = serde_json::from_str("\"2023-04-19T12:07:18.883+01:00\"").unwrap();
/// assert_eq!(t.0.to_rfc3339(), "2023-04-19T11:07:18.883+00:00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rfc3339Utc(pub chrono::DateTime<chrono::Utc>);

impl From<Rfc3339Utc> for chrono::DateTime<chrono::Utc> {
    fn from(t: Rfc3339Utc) -> Self {
        t.0
    }
}

impl<'de> Deserialize<'de> for Rfc3339Utc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Rfc3339Utc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 formatted date and time string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Rfc3339Utc, E> {
                parse_rfc3339_utc(v).map(Rfc3339Utc).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// Parses a date-time as chrono's `Deserialize` for `DateTime<Utc>` does
/// (see [`Rfc3339Utc`]), with the fast path for the common shape.
pub fn parse_rfc3339_utc(
    s: &str,
) -> Result<chrono::DateTime<chrono::Utc>, chrono::format::ParseError> {
    if let Some(t) = fast_rfc3339(s.as_bytes()) {
        return Ok(t);
    }
    s.parse::<chrono::DateTime<chrono::FixedOffset>>()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// A date decoded from `YYYY-MM-DD` into `NaiveDate`: what chrono's own
/// `Deserialize` for `NaiveDate` accepts, to the same date, with a fast path
/// for exactly ten characters; anything else goes to chrono's parser. It
/// serializes as chrono's `NaiveDate` does, through [`iso_date`].
///
/// ```
/// use autoclient_common::wire::IsoDate;
/// let d: IsoDate = serde_json::from_str("\"2018-06-01\"").unwrap();
/// assert_eq!(d.0, chrono::NaiveDate::from_ymd_opt(2018, 6, 1).unwrap());
/// assert!(serde_json::from_str::<IsoDate>("\"2018-02-30\"").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoDate(pub chrono::NaiveDate);

impl From<IsoDate> for chrono::NaiveDate {
    fn from(d: IsoDate) -> Self {
        d.0
    }
}

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IsoDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a formatted date string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IsoDate, E> {
                parse_iso_date(v).map(IsoDate).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// Parses a date as chrono's `Deserialize` for `NaiveDate` does (see
/// [`IsoDate`]), with the fast path for `YYYY-MM-DD`.
pub fn parse_iso_date(s: &str) -> Result<chrono::NaiveDate, chrono::format::ParseError> {
    let b = s.as_bytes();
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10]))
        && let Some(date) = chrono::NaiveDate::from_ymd_opt(y as i32, m, d)
    {
        return Ok(date);
    }
    s.parse::<chrono::NaiveDate>()
}

impl Serialize for Rfc3339Utc {
    /// As chrono's `Serialize` for `DateTime<Utc>` (see [`rfc3339_utc`]).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        rfc3339_utc::serialize(&self.0, serializer)
    }
}

impl Serialize for IsoDate {
    /// As chrono's `Serialize` for `NaiveDate` (see [`iso_date`]).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        iso_date::serialize(&self.0, serializer)
    }
}

/// `#[serde(serialize_with = "autoclient_common::wire::rfc3339_utc::serialize")]`:
/// a `DateTime<Utc>` written exactly as chrono's own `Serialize` writes it
/// (`2023-04-19T11:07:18.883Z`: `Z`, and a fraction of none, three, six or
/// nine digits, the fewest that hold it), in one string written whole.
/// chrono's goes through `Display`, a few characters at a time into
/// serde_json's escaper, which made a date-time cost as much to write as a
/// hundred characters of text. Years outside 0 to 9999 and leap seconds are
/// left to chrono.
pub mod rfc3339_utc {
    use chrono::{DateTime, Datelike, Timelike, Utc};
    use serde::{Serialize, Serializer};

    /// Writes `t` (see the module docs).
    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 30];
        match format(t, &mut buf) {
            Some(text) => serializer.serialize_str(text),
            None => t.serialize(serializer),
        }
    }

    /// `t` as chrono's `Serialize` writes it, or `None` where chrono's own
    /// formatting is left to do it.
    fn format<'b>(t: &DateTime<Utc>, buf: &'b mut [u8; 30]) -> Option<&'b str> {
        // The parts of the naive UTC value: `DateTime`'s own accessors
        // apply the (zero) offset again for each one.
        let t = t.naive_utc();
        let year = t.year();
        let nanos = t.nanosecond();
        if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
            return None;
        }
        super::put_digits(&mut buf[0..4], year.unsigned_abs());
        buf[4] = b'-';
        super::put_digits(&mut buf[5..7], t.month());
        buf[7] = b'-';
        super::put_digits(&mut buf[8..10], t.day());
        buf[10] = b'T';
        super::put_digits(&mut buf[11..13], t.hour());
        buf[13] = b':';
        super::put_digits(&mut buf[14..16], t.minute());
        buf[16] = b':';
        super::put_digits(&mut buf[17..19], t.second());
        let mut len = 19;
        if nanos != 0 {
            let (width, value) = if nanos.is_multiple_of(1_000_000) {
                (3, nanos / 1_000_000)
            } else if nanos.is_multiple_of(1_000) {
                (6, nanos / 1_000)
            } else {
                (9, nanos)
            };
            buf[len] = b'.';
            super::put_digits(&mut buf[len + 1..len + 1 + width], value);
            len += 1 + width;
        }
        buf[len] = b'Z';
        // Only ASCII digits and separators were written: this never fails.
        std::str::from_utf8(&buf[..len + 1]).ok()
    }
}

/// [`rfc3339_utc`] for an `Option<DateTime<Utc>>` (`None` is `null`; pair it
/// with `skip_serializing_if = "Option::is_none"` to leave it out).
pub mod rfc3339_utc_opt {
    use chrono::{DateTime, Utc};
    use serde::Serializer;

    /// Writes `t` (see [`rfc3339_utc`](super::rfc3339_utc)).
    pub fn serialize<S: Serializer>(
        t: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::rfc3339_utc::serialize(t, serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// `#[serde(serialize_with = "autoclient_common::wire::iso_date::serialize")]`:
/// a `NaiveDate` written exactly as chrono's own `Serialize` writes it
/// (`2018-06-01`), in one string written whole (see [`rfc3339_utc`] for
/// why). Years outside 0 to 9999 are left to chrono.
pub mod iso_date {
    use chrono::{Datelike, NaiveDate};
    use serde::{Serialize, Serializer};

    /// Writes `d` (see the module docs).
    pub fn serialize<S: Serializer>(d: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        let year = d.year();
        if !(0..=9999).contains(&year) {
            return d.serialize(serializer);
        }
        let mut buf = [0u8; 10];
        super::put_digits(&mut buf[0..4], year.unsigned_abs());
        buf[4] = b'-';
        super::put_digits(&mut buf[5..7], d.month());
        buf[7] = b'-';
        super::put_digits(&mut buf[8..10], d.day());
        match std::str::from_utf8(&buf) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => d.serialize(serializer),
        }
    }
}

/// [`iso_date`] for an `Option<NaiveDate>` (`None` is `null`; pair it with
/// `skip_serializing_if = "Option::is_none"` to leave it out).
pub mod iso_date_opt {
    use chrono::NaiveDate;
    use serde::Serializer;

    /// Writes `d` (see [`iso_date`](super::iso_date)).
    pub fn serialize<S: Serializer>(
        d: &Option<NaiveDate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => super::iso_date::serialize(d, serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// Writes `value`'s last `out.len()` decimal digits into `out`, zero-padded.
fn put_digits(out: &mut [u8], mut value: u32) {
    for c in out.iter_mut().rev() {
        *c = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// The value of a run of ASCII digits (at most nine), or `None`.
fn digits(b: &[u8]) -> Option<u32> {
    let mut n = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(c - b'0');
    }
    Some(n)
}

/// `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)` exactly, with every part in
/// range and no leap second; `None` for anything else (chrono decides).
fn fast_rfc3339(b: &[u8]) -> Option<chrono::DateTime<chrono::Utc>> {
    use chrono::{FixedOffset, NaiveDate, TimeZone};
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        digits(&b[0..4])? as i32,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    )?;
    let (h, m, s) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    if s > 59 {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos = 0;
    if let [b'.', tail @ ..] = rest {
        let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 9 {
            return None;
        }
        nanos = digits(&tail[..n])? * 10u32.pow(9 - n as u32);
        rest = &tail[n..];
    }
    let naive = date.and_hms_nano_opt(h, m, s, nanos)?;
    match rest {
        [b'Z'] => Some(naive.and_utc()),
        [sign @ (b'+' | b'-'), oh @ .., b':', om1, om2] if oh.len() == 2 => {
            let (oh, om) = (digits(oh)?, digits(&[*om1, *om2])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let secs = (oh * 3600 + om * 60) as i32;
            let offset = FixedOffset::east_opt(if *sign == b'-' { -secs } else { secs })?;
            Some(
                offset
                    .from_local_datetime(&naive)
                    .single()?
                    .with_timezone(&chrono::Utc),
            )
        }
        _ => None,
    }
}

/// An exact decimal decoded as [`decimal`] decodes it (a JSON number with
/// its exact digits, or a numeric string), for
/// [`deserialize_keeping_unknown!`](crate::deserialize_keeping_unknown)'s
/// `as`.
///
/// ```
/// use autoclient_common::wire::ExactDecimal;
/// let d: ExactDecimal = serde_json::from_str("1499.99").unwrap();
/// assert_eq!(d.0.to_string(), "1499.99");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExactDecimal(pub Decimal);

impl From<ExactDecimal> for Decimal {
    fn from(d: ExactDecimal) -> Self {
        d.0
    }
}

impl<'de> Deserialize<'de> for ExactDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decimal::deserialize(deserializer).map(ExactDecimal)
    }
}
