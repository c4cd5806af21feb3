//! Checks a caller can run before sending.

use autoclient_common::Violation;

use crate::models::Vehicle;

/// Why a VIN is not well formed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VinProblem {
    /// Not 17 characters long.
    Length(usize),
    /// A character other than A–Z (without I, O, Q) and 0–9, at this 0-based position.
    Character(usize, char),
}

impl std::fmt::Display for VinProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VinProblem::Length(n) => write!(f, "must be 17 characters, not {n}"),
            VinProblem::Character(i, c) => write!(
                f,
                "character {} ({c:?}) is not allowed: only A-Z without I, O, Q, and 0-9",
                i + 1
            ),
        }
    }
}

/// Checks the VIN format: 17 characters, A–Z without I, O, Q, and 0–9
/// (upper case). The ISO 3779 check digit is **not** checked: European VINs
/// need not carry one, and the documentation's own examples fail it. See
/// [`vin_check_digit_ok`] for the opt-in check.
///
/// ```
/// use auterio_client::check_vin;
/// assert!(check_vin("WVWZZZE1ZNP123456").is_ok());
/// assert!(check_vin("WVWZZZE1ZNP12345").is_err());
/// assert!(check_vin("WVWZZZE1ZNPI23456").is_err());
/// ```
pub fn check_vin(vin: &str) -> Result<(), VinProblem> {
    let allowed =
        |b: u8| b.is_ascii_digit() || (b.is_ascii_uppercase() && !matches!(b, b'I' | b'O' | b'Q'));
    // Every allowed character is one byte: a well-formed VIN is 17 allowed
    // bytes. Anything else takes the slower path that names the problem.
    if vin.len() == 17 && vin.bytes().all(allowed) {
        return Ok(());
    }
    let n = vin.chars().count();
    if n != 17 {
        return Err(VinProblem::Length(n));
    }
    for (i, c) in vin.chars().enumerate() {
        let ok = c.is_ascii_digit() || (c.is_ascii_uppercase() && !matches!(c, 'I' | 'O' | 'Q'));
        if !ok {
            return Err(VinProblem::Character(i, c));
        }
    }
    Ok(())
}

/// The ISO 3779 / 49 CFR 565 check digit (position 9) is right. Opt-in: North
/// American VINs carry it, European ones need not.
///
/// ```
/// use auterio_client::vin_check_digit_ok;
/// assert!(vin_check_digit_ok("1M8GDM9AXKP042788"));
/// assert!(!vin_check_digit_ok("WVWZZZE1ZNP123456")); // the docs' example: valid in Europe
/// ```
#[must_use]
pub fn vin_check_digit_ok(vin: &str) -> bool {
    if check_vin(vin).is_err() {
        return false;
    }
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let value = |c: char| -> u32 {
        match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A' | 'J' => 1,
            'B' | 'K' | 'S' => 2,
            'C' | 'L' | 'T' => 3,
            'D' | 'M' | 'U' => 4,
            'E' | 'N' | 'V' => 5,
            'F' | 'W' => 6,
            'G' | 'P' | 'X' => 7,
            'H' | 'Y' => 8,
            'R' | 'Z' => 9,
            _ => 0,
        }
    };
    let sum: u32 = vin.chars().zip(WEIGHTS).map(|(c, w)| value(c) * w).sum();
    let expected = match sum % 11 {
        10 => 'X',
        d => char::from_digit(d, 10).unwrap_or('?'),
    };
    vin.chars().nth(8) == Some(expected)
}

/// Every client-side rule `vehicle` breaks (empty when it passes): the VIN
/// format, and non-blank brand and model. `prefix` is put before each field
/// name (e.g. `vehicles[3].`).
#[must_use = "check_vehicle only reports the rules broken; it changes nothing"]
pub fn check_vehicle(vehicle: &Vehicle, prefix: &str) -> Vec<Violation> {
    let mut v = Vec::new();
    if let Err(p) = check_vin(&vehicle.vin) {
        v.push(Violation::new(format!("{prefix}vin"), p.to_string()));
    }
    if vehicle.brand.trim().is_empty() {
        v.push(Violation::new(
            format!("{prefix}brand"),
            "must not be blank",
        ));
    }
    if vehicle.model.trim().is_empty() {
        v.push(Violation::new(
            format!("{prefix}model"),
            "must not be blank",
        ));
    }
    v
}
