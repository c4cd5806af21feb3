//! Brazilian licence plates: the old format `LLLNNNN` and the Mercosul format
//! `LLLNLNN`.

use std::fmt;

use serde::Serialize;

/// A valid Brazilian licence plate, normalised: upper case, without hyphen or
/// spaces. Either the old format `LLLNNNN` (`ABC1234`) or the Mercosul format
/// `LLLNLNN` (`ABC1C34`).
///
/// ```
/// use anuncios_client::LicensePlate;
/// let old = LicensePlate::parse("abc-1234").unwrap();
/// assert_eq!(old.as_str(), "ABC1234");
/// assert!(!old.is_mercosul());
/// assert_eq!(old.to_mercosul().as_str(), "ABC1C34");
/// assert!(LicensePlate::parse("ABC 1C34").unwrap().is_mercosul());
/// assert!(LicensePlate::parse("AB12345").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct LicensePlate(String);

/// Why a text is not a Brazilian licence plate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlateError {
    normalized: String,
}

impl PlateError {
    /// The text after normalisation (upper case, hyphens and spaces removed).
    pub fn normalized(&self) -> &str {
        &self.normalized
    }
}

impl fmt::Display for PlateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a Brazilian plate: expected LLLNNNN (old) or LLLNLNN (Mercosul)",
            self.normalized
        )
    }
}

impl std::error::Error for PlateError {}

/// Upper-cases and removes hyphens and whitespace.
pub(crate) fn normalize_plate(raw: &str) -> String {
    raw.chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn shape(s: &str) -> Option<bool> {
    let b = s.as_bytes();
    if b.len() != 7 || !s.is_ascii() {
        return None;
    }
    let letters = b[..3].iter().all(u8::is_ascii_uppercase);
    let digit4 = b[3].is_ascii_digit();
    let tail = b[5..].iter().all(u8::is_ascii_digit);
    if !(letters && digit4 && tail) {
        return None;
    }
    if b[4].is_ascii_digit() {
        Some(false)
    } else if b[4].is_ascii_uppercase() {
        Some(true)
    } else {
        None
    }
}

impl LicensePlate {
    /// Normalises (upper case; hyphens and spaces removed) and validates.
    pub fn parse(raw: &str) -> Result<Self, PlateError> {
        let normalized = normalize_plate(raw);
        match shape(&normalized) {
            Some(_) => Ok(Self(normalized)),
            None => Err(PlateError { normalized }),
        }
    }

    /// The plate, normalised.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it is in the Mercosul format (`LLLNLNN`).
    #[must_use]
    pub fn is_mercosul(&self) -> bool {
        shape(&self.0) == Some(true)
    }

    /// The Mercosul form of an old plate: the fifth character's digit 0–9
    /// becomes A–J (`ABC1234` → `ABC1C34`). A Mercosul plate is returned
    /// unchanged.
    ///
    /// ```
    /// use anuncios_client::LicensePlate;
    /// let p = LicensePlate::parse("XYZ9876").unwrap();
    /// assert_eq!(p.to_mercosul().as_str(), "XYZ9I76");
    /// ```
    #[must_use]
    pub fn to_mercosul(&self) -> Self {
        let mut out = String::with_capacity(7);
        for (i, c) in self.0.chars().enumerate() {
            match (i, c.to_digit(10)) {
                // The digit is 0..=9, so the letter is A..=J.
                (4, Some(d)) => out.push(char::from(b'A' + d as u8)),
                _ => out.push(c),
            }
        }
        Self(out)
    }
}

impl fmt::Display for LicensePlate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for LicensePlate {
    type Err = PlateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for LicensePlate {
    type Error = PlateError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(LicensePlate::parse("ABC1234").is_ok());
        assert!(LicensePlate::parse("ABC1D23").is_ok());
        assert!(LicensePlate::parse(" abc - 1d23 ").is_ok());
        for bad in [
            "", "ABC123", "ABC12345", "AB1C234", "1BC1234", "ABCD234", "ABC1DD3", "ÁBC1234",
            "ABC_1234",
        ] {
            assert!(LicensePlate::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            LicensePlate::parse("abc0000")
                .unwrap()
                .to_mercosul()
                .as_str(),
            "ABC0A00"
        );
    }
}
