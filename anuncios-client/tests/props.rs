//! Property tests of the plate and year rules.

use anuncios_client::*;
use proptest::prelude::*;

fn listing(plate: &str, make_year: u16, model_year: u16, km: u32) -> Result<NewListing, Error> {
    NewListing::used(
        plate,
        ListingBasics::new(
            VersionDetailId(1),
            ColorId(1),
            make_year,
            model_year,
            km,
            Reais(1),
            "d",
        ),
        CarFields::new(),
    )
    .build()
}

proptest! {
    #[test]
    fn old_plates_parse_and_convert_to_mercosul(p in "[A-Z]{3}[0-9]{4}") {
        let plate = LicensePlate::parse(&p).unwrap();
        prop_assert!(!plate.is_mercosul());
        let m = plate.to_mercosul();
        prop_assert!(m.is_mercosul());
        prop_assert_eq!(LicensePlate::parse(m.as_str()).unwrap(), m.clone());
        let fifth = p.as_bytes()[4] - b'0';
        prop_assert_eq!(m.as_str().as_bytes()[4], b'A' + fifth);
        prop_assert_eq!(&m.as_str()[..4], &p[..4]);
        prop_assert_eq!(&m.as_str()[5..], &p[5..]);
        prop_assert_eq!(m.to_mercosul(), m);
    }

    #[test]
    fn mercosul_plates_parse(p in "[A-Z]{3}[0-9][A-Z][0-9]{2}") {
        prop_assert!(LicensePlate::parse(&p).unwrap().is_mercosul());
    }

    #[test]
    fn case_hyphens_and_spaces_are_normalised(p in "[A-Z]{3}[0-9][A-Z0-9][0-9]{2}", sep in "[ -]{0,3}") {
        let messy = format!("{}{sep}{}", p[..3].to_lowercase(), &p[3..]);
        prop_assert_eq!(LicensePlate::parse(&messy).unwrap().to_string(), p);
    }

    #[test]
    fn anything_else_is_rejected(s in "\\PC{0,10}") {
        let n: String = s.chars().filter(|c| *c != '-' && !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let b = n.as_bytes();
        let valid = n.is_ascii() && b.len() == 7
            && b[..3].iter().all(u8::is_ascii_uppercase)
            && b[3].is_ascii_digit()
            && (b[4].is_ascii_digit() || b[4].is_ascii_uppercase())
            && b[5..].iter().all(u8::is_ascii_digit);
        // Non-ASCII upper-casing aside, parse agrees with the pattern.
        if s.is_ascii() {
            prop_assert_eq!(LicensePlate::parse(&s).is_ok(), valid);
        } else if !valid {
            prop_assert!(LicensePlate::parse(&s).is_err());
        }
    }

    #[test]
    fn year_rule(make in 1900u16..2100, model in 1900u16..2100) {
        let ok = make <= model && model <= make + 1;
        prop_assert_eq!(check_years(make, model).is_empty(), ok);
        prop_assert_eq!(listing("ABC1234", make, model, 1).is_ok(), ok);
    }

    #[test]
    fn violations_are_reported_together(make in 1900u16..2100, gap in 2u16..50, plate in "[0-9]{3}") {
        let err = listing(&plate, make + gap, make, 0).unwrap_err();
        let fields: Vec<String> = err.violations().iter().map(|v| v.field.clone()).collect();
        prop_assert_eq!(fields, vec!["make_year".to_owned(), "km".to_owned(), "license_plate".to_owned()]);
    }
}
