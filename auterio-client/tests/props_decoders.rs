//! Bad input never panics.
//!
//! * Every response decoder (and every type read from a file) is fed
//!   arbitrary bytes, arbitrary JSON and mutations of the documented
//!   examples, through `decode_json` as the client decodes: never a panic; a
//!   `Decode` error with a JSON path whenever the body was JSON; unknown
//!   members and unknown enum values never make an open type fail.
//! * Every decoder also gets JSON nested 5 to 300 deep (on its own and in
//!   place of a field of an example), and once 100,000 deep, on a thread
//!   with the default stack: a `Decode` error (serde_json's recursion limit)
//!   or, for a member the type does not read, the example as it is; never a
//!   panic or a stack overflow.
//! * Every check of user input (VIN, vehicle, batch size) is fed arbitrary
//!   input: never a panic, and every broken rule is named.

use std::sync::LazyLock;

use auterio_client::*;
use proptest::prelude::*;
use proptest::sample::Index;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

type ApiErr = ApiError;

// The shared harness (testkit::props), bound to this crate's
// error body.

use testkit::decoder_properties;
use testkit::props::*;

fn check_decode<T: DeserializeOwned + Serialize>(body: &[u8]) -> Decoded {
    testkit::props::check_decode::<T, ApiErr>(body)
}

#[allow(dead_code)]
fn check_decode_with<T: DeserializeOwned>(
    body: &[u8],
    encode: impl Fn(&T) -> Result<Value, String>,
) -> Decoded {
    testkit::props::check_decode_with::<T, ApiErr>(body, encode)
}

// ---------------------------------------------------------------------------
// The decoders of this crate.
// ---------------------------------------------------------------------------

fn doc_vehicle() -> Value {
    json!({
        "vin": "WVWZZZE1ZNP123456",
        "brand": "Volkswagen",
        "model": "Golf",
        "version": "GTI 2.0 TSI",
        "year": 2024,
        "color_ext": "Negro",
        "fuel_type": "gasolina",
        "gearbox": "automático",
        "mileage": 15000,
        "power_hp": 245,
        "cost_price": 28000,
        "sale_price": 34500,
        "status": "disponible",
        "fecha_matricula": "2024-01-15"
    })
}

/// `Vehicle` ignores members it does not know (it is read from files).
fn keeps_below_root(p: &str) -> bool {
    !p.is_empty()
}

fn keeps_none(_: &str) -> bool {
    false
}

static CASES: LazyLock<Vec<Case>> = LazyLock::new(|| {
    vec![
        Case {
            name: "IngestResponse",
            example: json!({"success": true, "imported": 2, "skipped": 0, "source": "DMS Cliente XYZ"}),
            decode: check_decode::<IngestResponse>,
            enums: &[],
            keeps_unknown: keeps_all,
        },
        Case {
            name: "IngestResponse with errors",
            example: json!({
                "success": true, "imported": 1, "skipped": 2, "source": "DMS Cliente XYZ",
                "errors": [{"vin": "WBA11AA00PCJ12345", "error": "invalid year"}, "bare message"]
            }),
            decode: check_decode::<IngestResponse>,
            enums: &[],
            keeps_unknown: keeps_all,
        },
        Case {
            name: "ApiError (error)",
            example: json!({"success": false, "error": "Missing or invalid Authorization header"}),
            decode: check_decode::<ApiError>,
            enums: &[],
            keeps_unknown: keeps_all,
        },
        Case {
            name: "ApiError (message)",
            example: json!({"message": "API key is invalid or inactive"}),
            decode: check_decode::<ApiError>,
            enums: &[],
            keeps_unknown: keeps_all,
        },
        Case {
            name: "Vehicle (from a file)",
            example: doc_vehicle(),
            decode: check_decode::<Vehicle>,
            enums: &["/status", "/fuel_type", "/gearbox"],
            keeps_unknown: keeps_below_root,
        },
        Case {
            name: "IngestRequest (from a file)",
            example: json!({"vehicles": [doc_vehicle(), {"vin": "WBA11AA00PCJ12345", "brand": "BMW", "model": "320d"}]}),
            decode: check_decode::<IngestRequest<'static>>,
            enums: &["/vehicles/0/status"],
            keeps_unknown: keeps_none,
        },
    ]
});

decoder_properties!(CASES);

// ---------------------------------------------------------------------------
// User-input checks.
// ---------------------------------------------------------------------------

fn vin_char_ok(c: char) -> bool {
    c.is_ascii_digit() || (c.is_ascii_uppercase() && !matches!(c, 'I' | 'O' | 'Q'))
}

/// Valid VINs, VINs one character or one length off, and anything at all.
fn arb_vin() -> BoxedStrategy<String> {
    prop_oneof![
        "[0-9A-HJ-NPR-Z]{17}",
        "[0-9A-HJ-NPR-Z]{0,16}",
        "[0-9A-HJ-NPR-Z]{18,24}",
        ("[0-9A-HJ-NPR-Z]{17}", any::<Index>(), "[^0-9A-HJ-NPR-Z]").prop_map(|(v, i, c)| {
            let mut chars: Vec<char> = v.chars().collect();
            let i = i.index(chars.len());
            chars.splice(i..=i, c.chars());
            chars.into_iter().collect()
        }),
        "\\PC{0,20}",
        "[a-zIOQ0-9]{17}",
    ]
    .boxed()
}

fn blank() -> BoxedStrategy<String> {
    prop_oneof![Just(String::new()), "[ \t\n\u{a0}\u{3000}]{1,3}"].boxed()
}

fn vehicle(vin: &str, brand: &str, model: &str) -> Vehicle {
    Vehicle::new(vin, brand, model)
}

/// A loopback port nothing listens on: a call that gets past its checks
/// fails fast to connect, without retries.
fn closed_port_client() -> Client {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    Client::builder("key")
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(cfg(256))]

    #[test]
    fn check_vin_agrees_with_the_documented_format(vin in arb_vin()) {
        let n = vin.chars().count();
        let valid = n == 17 && vin.chars().all(vin_char_ok);
        match check_vin(&vin) {
            Ok(()) => prop_assert!(valid),
            Err(VinProblem::Length(got)) => {
                prop_assert_eq!(got, n);
                prop_assert_ne!(n, 17);
            }
            Err(VinProblem::Character(i, c)) => {
                prop_assert_eq!(n, 17);
                prop_assert_eq!(vin.chars().nth(i), Some(c));
                prop_assert!(!vin_char_ok(c));
                prop_assert!(vin.chars().take(i).all(vin_char_ok));
            }
            Err(other) => prop_assert!(false, "a problem this test does not know: {other}"),
        }
        if let Err(p) = check_vin(&vin) {
            prop_assert!(!p.to_string().contains('\n'), "{}", p);
        }
        // The opt-in check digit never passes a malformed VIN.
        prop_assert!(!vin_check_digit_ok(&vin) || valid);
    }

    #[test]
    fn check_vehicle_names_exactly_the_broken_fields(
        bad_vin in any::<bool>(),
        bad_brand in any::<bool>(),
        bad_model in any::<bool>(),
        good_vin in "[0-9A-HJ-NPR-Z]{17}",
        broken_vin in arb_vin().prop_filter("malformed", |v| check_vin(v).is_err()),
        good_text in "[ ]{0,2}[A-Za-z0-9é][A-Za-z0-9 é-]{0,10}",
        blank_text in blank(),
        prefix in prop_oneof![Just(String::new()), "vehicles\\[[0-9]{1,3}\\]\\."],
    ) {
        let v = vehicle(
            if bad_vin { &broken_vin } else { &good_vin },
            if bad_brand { &blank_text } else { &good_text },
            if bad_model { &blank_text } else { &good_text },
        );
        let got: Vec<String> = check_vehicle(&v, &prefix).into_iter().map(|v| v.field).collect();
        let mut want = Vec::new();
        for (bad, field) in [(bad_vin, "vin"), (bad_brand, "brand"), (bad_model, "model")] {
            if bad {
                want.push(format!("{prefix}{field}"));
            }
        }
        prop_assert_eq!(&got, &want);
        let unprefixed: Vec<String> = v.check().into_iter().map(|v| v.field).collect();
        prop_assert_eq!(unprefixed.len(), want.len());
    }
}

proptest! {
    #![proptest_config(cfg(12))]

    #[test]
    fn a_batch_of_none_or_more_than_1000_is_refused_before_sending(
        n in prop_oneof![Just(0usize), 1001usize..1100],
    ) {
        let vehicles = vec![vehicle("WVWZZZE1ZNP123456", "Volkswagen", "Golf"); n];
        let err = runtime().block_on(closed_port_client().ingest(&vehicles)).unwrap_err();
        prop_assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{}", err);
        prop_assert!(err.status().is_none());
    }

    #[test]
    fn a_batch_of_1_to_1000_gets_past_the_checks(n in 1usize..=1000) {
        let vehicles = vec![vehicle("WVWZZZE1ZNP123456", "Volkswagen", "Golf"); n];
        let err = runtime().block_on(closed_port_client().ingest(&vehicles)).unwrap_err();
        prop_assert_ne!(err.kind(), ErrorKind::InvalidRequest, "{}", err);
    }
}

// ---------------------------------------------------------------------------
// Counts the server reports, whatever they are.
// ---------------------------------------------------------------------------

async fn ingest_all_against(body: Value, n: usize) -> IngestReport {
    let server = testkit::CannedServer::start(200, body.to_string())
        .await
        .unwrap();
    let client = Client::builder("key")
        .base_url(server.url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let vins = [
        "WVWZZZE1ZNP123456",
        "WBA11AA00PCJ12345",
        "VF1RFB00X12345678",
    ];
    let vehicles: Vec<Vehicle> = (0..n)
        .map(|i| vehicle(vins[i % vins.len()], "Volkswagen", "Golf"))
        .collect();
    client.ingest_all(vehicles).chunk_size(1).await
}

/// Regression: counts near `u64::MAX` overflowed the discrepancy check and
/// the report's totals (a panic in debug builds, a wrong total in release).
#[test]
fn counts_near_u64_max_do_not_overflow() {
    let report = runtime().block_on(ingest_all_against(
        json!({"success": true, "imported": u64::MAX, "skipped": 1}),
        2,
    ));
    assert_eq!(report.chunks.len(), 2);
    assert_eq!(report.discrepancies.len(), 2);
    assert_eq!(report.imported(), u64::MAX);
    assert_eq!(report.skipped(), 2);
    assert!(report.accounts_for_all());
    assert!(report.to_string().contains("18446744073709551615"));
}

proptest! {
    #![proptest_config(cfg(16))]

    #[test]
    fn any_counts_the_server_reports_are_accounted_for(
        imported in prop_oneof![0u64..3, Just(u64::MAX), any::<u64>()],
        skipped in prop_oneof![0u64..3, Just(u64::MAX), any::<u64>()],
        success in any::<bool>(),
    ) {
        let report = runtime().block_on(ingest_all_against(
            json!({"success": success, "imported": imported, "skipped": skipped}),
            2,
        ));
        let adds_up = success && u128::from(imported) + u128::from(skipped) == 1;
        prop_assert_eq!(report.discrepancies.len(), if adds_up { 0 } else { 2 });
        prop_assert_eq!(
            u128::from(report.imported()),
            (2 * u128::from(imported)).min(u128::from(u64::MAX))
        );
        prop_assert!(report.accounts_for_all());
        let _ = report.to_string();
    }
}
