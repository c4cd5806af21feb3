//! `auterio-ingest [FILE]`: pushes an inventory to Auterio and prints a report.
//!
//! FILE is JSON (the documented body `{"vehicles": [...]}` or a bare array)
//! or CSV whose headers are the documented field names. Without FILE, a
//! built-in sample inventory of 3,000 vehicles is used.
//!
//! Without `AUTERIO_BASE_URL` set, it starts the in-process mock server and
//! runs against it (no credentials needed). With it set, it uses
//! `AUTERIO_BASE_URL` and `AUTERIO_API_KEY`.
//!
//! Exit status: 0 when the server accounted for every vehicle sent (each one
//! imported, or skipped with its reason listed; vehicles refused by `--check`
//! are listed too); 1 when a chunk failed, the run stopped, or the server
//! answered a chunk with `success: false` or with counts that do not add up
//! to what was sent, with one `error:` line on stderr saying how many
//! vehicles were not imported and why; 2 when the input or the configuration
//! could not be read.
//!
//! `RUST_LOG` (e.g. `RUST_LOG=debug`) turns on the SDK's logging, on stderr:
//! at `debug`, each HTTP attempt is shown as an `http.attempt` span. Unset,
//! nothing extra is printed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use auterio_client::mock::MockAuterio;
use auterio_client::{ChunkEvent, Client, FuelType, Gearbox, IngestReport, Vehicle, VehicleStatus};
use chrono::NaiveDate;
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use rust_decimal::Decimal;

/// Push a vehicle inventory to Auterio.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// A JSON or CSV inventory; the built-in sample when omitted.
    file: Option<PathBuf>,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 2)]
    concurrency: usize,
    /// Vehicles per request (at most 1000).
    #[arg(long, default_value_t = 1000)]
    chunk_size: usize,
    /// Check VINs, brands and models before sending, and do not send the failures.
    #[arg(long)]
    check: bool,
}

/// Where the vehicles come from.
enum Input {
    Memory(Vec<Vehicle>),
    Csv { path: PathBuf, count: u64 },
}

fn main() -> ExitCode {
    let args = Args::parse();
    examples::logging::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    let input = match &args.file {
        None => Input::Memory(sample_inventory(3000)),
        Some(path) => match read_input(path) {
            Ok(i) => i,
            Err(msg) => {
                eprintln!("error: {msg}");
                return ExitCode::from(2);
            }
        },
    };

    // Against the real API when AUTERIO_BASE_URL is set; otherwise against the mock.
    let mock;
    let client = if std::env::var_os("AUTERIO_BASE_URL").is_some() {
        match Client::from_env() {
            Ok(c) => {
                println!("Sending to {}", c.http().base_url());
                c
            }
            Err(e) => {
                eprintln!(
                    "error: {e} (set AUTERIO_API_KEY, or unset AUTERIO_BASE_URL to use the mock)"
                );
                return ExitCode::from(2);
            }
        }
    } else {
        mock = MockAuterio::start().await;
        println!(
            "AUTERIO_BASE_URL is not set: sending to the built-in mock server at {}",
            mock.base_url()
        );
        mock.client()
    };

    let total = match &input {
        Input::Memory(v) => v.len() as u64,
        Input::Csv { count, .. } => *count,
    };
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} vehicles ({per_sec}, eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress = bar.clone();
    let on_chunk = move |e: &ChunkEvent<'_>| progress.inc(e.vehicles() as u64);

    let job = match input {
        Input::Memory(vehicles) => client.ingest_all(vehicles),
        Input::Csv { path, .. } => match csv_vehicles(&path) {
            // Every record was checked by the first pass.
            Ok(iter) => client.ingest_all(iter.filter_map(Result::ok)),
            Err(msg) => {
                eprintln!("error: {msg}");
                return ExitCode::from(2);
            }
        },
    };
    let report: IngestReport = job
        .chunk_size(args.chunk_size)
        .concurrency(args.concurrency)
        .check_before_sending(args.check)
        .on_chunk(on_chunk)
        .await;
    bar.finish_and_clear();

    print!("{report}");
    match verdict(&report) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("error: {problem}");
            ExitCode::from(1)
        }
    }
}

/// The run's one-line outcome: `Ok` when no chunk failed and the server
/// accounted for every vehicle sent, `Err` saying what went wrong otherwise.
fn verdict(report: &IngestReport) -> Result<String, String> {
    let mut problems = Vec::new();
    if let Some(first) = report.failed.first() {
        let which = if report.failed.len() == 1 {
            "chunk".to_owned()
        } else {
            format!("{} failed chunks, the first chunk", report.failed.len())
        };
        problems.push(format!(
            "{} in failed chunks ({which} {}: {})",
            report.failed_vehicles(),
            first.index,
            first.error
        ));
    }
    if let Some(stopped) = &report.stopped {
        problems.push(format!(
            "{} never sent (the run stopped at chunk {})",
            report.not_sent(),
            stopped.at_chunk
        ));
    }
    if let Some(first) = report.discrepancies.first() {
        let how = if first.success {
            format!(
                "counted {} imported + {} skipped of {} sent",
                first.imported, first.skipped, first.sent
            )
        } else {
            "answered success: false".to_owned()
        };
        let which = if report.discrepancies.len() == 1 {
            String::new()
        } else {
            format!("in {} chunks; ", report.discrepancies.len())
        };
        problems.push(format!(
            "{} sent but not accounted for by the server ({which}for chunk {} it {how})",
            report.unaccounted(),
            first.index
        ));
    }
    if !problems.is_empty() {
        return Err(format!(
            "of {} vehicles, {}",
            report.read,
            problems.join("; ")
        ));
    }
    if report.is_complete() && report.skipped() == 0 {
        Ok("OK: every vehicle was imported.".to_owned())
    } else {
        Ok(format!(
            "Done: {} imported; {} skipped by the server, {} rejected before sending (see above).",
            report.imported(),
            report.skipped(),
            report.rejected.len()
        ))
    }
}

fn read_input(path: &Path) -> Result<Input, String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let is_json = matches!(first, Some(b'{') | Some(b'['))
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        read_json(path, &bytes).map(Input::Memory)
    } else {
        // A first pass checks every record, so that nothing is sent from a
        // file with a bad line; the second pass streams it.
        let count = csv_vehicles(path)?.try_fold(0u64, |n, r| r.map(|_| n + 1))?;
        Ok(Input::Csv {
            path: path.to_owned(),
            count,
        })
    }
}

fn read_json(path: &Path, bytes: &[u8]) -> Result<Vec<Vehicle>, String> {
    let shown = path.display();
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "{shown}: not valid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        )
    })?;
    let (prefix, items) = match value {
        serde_json::Value::Array(a) => ("", a),
        serde_json::Value::Object(mut o) => match o.remove("vehicles") {
            Some(serde_json::Value::Array(a)) => ("vehicles", a),
            _ => {
                return Err(format!(
                    "{shown}: expected {{\"vehicles\": [...]}} or an array of vehicles"
                ));
            }
        },
        _ => {
            return Err(format!(
                "{shown}: expected {{\"vehicles\": [...]}} or an array of vehicles"
            ));
        }
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            serde_path_to_error::deserialize::<_, Vehicle>(item).map_err(|e| {
                let field = e.path().to_string();
                let field = if field == "." {
                    String::new()
                } else {
                    format!(".{field}")
                };
                format!("{shown}: {prefix}[{i}]{field}: {}", e.inner())
            })
        })
        .collect()
}

fn csv_vehicles(
    path: &Path,
) -> Result<impl Iterator<Item = Result<Vehicle, String>> + Send + 'static, String> {
    let shown = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    let headers = reader
        .headers()
        .map_err(|e| format!("{shown}: cannot read the header line: {e}"))?
        .clone();
    Ok(reader
        .into_deserialize::<Vehicle>()
        .enumerate()
        .map(move |(i, r)| r.map_err(|e| describe_csv_error(&shown, &headers, i + 1, &e))))
}

fn describe_csv_error(
    file: &str,
    headers: &csv::StringRecord,
    record: usize,
    e: &csv::Error,
) -> String {
    let line = e
        .position()
        .map_or_else(|| "?".to_owned(), |p| p.line().to_string());
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => {
            let column = err
                .field()
                .and_then(|f| headers.get(f as usize))
                .map(|h| format!(", column `{h}`"))
                .unwrap_or_default();
            format!(
                "{file}: line {line} (record {record}){column}: {}",
                err.kind()
            )
        }
        _ => format!("{file}: line {line} (record {record}): {e}"),
    }
}

/// The built-in sample: a Spanish dealer group's stock, generated the same way
/// on every run.
fn sample_inventory(n: usize) -> Vec<Vehicle> {
    /// (model, engine cc, power hp)
    type Models = &'static [(&'static str, u32, u32)];
    const MODELS: &[(&str, &str, Models)] = &[
        (
            "SEAT",
            "VSS",
            &[
                ("Ibiza", 999, 95),
                ("León", 1498, 150),
                ("Arona", 999, 110),
                ("Ateca", 1968, 150),
            ],
        ),
        (
            "Volkswagen",
            "WVW",
            &[
                ("Golf", 1498, 150),
                ("Polo", 999, 95),
                ("T-Roc", 1498, 150),
                ("Passat", 1968, 150),
            ],
        ),
        (
            "Renault",
            "VF1",
            &[
                ("Clio", 999, 90),
                ("Mégane", 1332, 140),
                ("Captur", 1332, 140),
            ],
        ),
        (
            "Peugeot",
            "VF3",
            &[("208", 1199, 100), ("308", 1499, 130), ("3008", 1598, 180)],
        ),
        (
            "Toyota",
            "SB1",
            &[
                ("Corolla", 1798, 140),
                ("Yaris", 1490, 116),
                ("C-HR", 1987, 184),
            ],
        ),
        (
            "BMW",
            "WBA",
            &[("320d", 1995, 190), ("X1", 1995, 150), ("118i", 1499, 140)],
        ),
        (
            "Mercedes-Benz",
            "WDD",
            &[
                ("Clase A", 1332, 136),
                ("Clase C", 1993, 200),
                ("GLA", 1332, 163),
            ],
        ),
        (
            "Kia",
            "U5Y",
            &[
                ("Sportage", 1598, 150),
                ("Ceed", 1482, 160),
                ("Niro", 1580, 141),
            ],
        ),
        (
            "Dacia",
            "UU1",
            &[("Sandero", 999, 90), ("Duster", 1332, 130)],
        ),
        (
            "Ford",
            "WF0",
            &[("Focus", 999, 125), ("Kuga", 1497, 150), ("Puma", 999, 125)],
        ),
    ];
    const VIN_CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    const PLATE_LETTERS: &[u8] = b"BCDFGHJKLMNPRSTVWXYZ";
    const COLOURS: &[&str] = &[
        "Blanco",
        "Negro",
        "Gris Plata",
        "Rojo",
        "Azul",
        "Gris Grafito",
    ];
    const LOCATIONS: &[&str] = &[
        "Madrid - Alcobendas",
        "Barcelona - Hospitalet",
        "Valencia",
        "Sevilla",
        "Bilbao",
    ];
    let fuels = [
        FuelType::GASOLINE,
        FuelType::DIESEL,
        FuelType::HYBRID,
        FuelType::ELECTRIC,
    ];
    let mut rng = fastrand::Rng::with_seed(2026);
    (0..n)
        .map(|i| {
            let (brand, wmi, models) = MODELS[rng.usize(..MODELS.len())];
            let (model, cc, hp) = models[rng.usize(..models.len())];
            let mut vin = String::from(wmi);
            for _ in 0..8 {
                vin.push(VIN_CHARS[rng.usize(..VIN_CHARS.len())] as char);
            }
            vin.push_str(&format!("{:06}", i));
            let year = rng.u16(2016..=2025);
            let age = 2026 - u32::from(year);
            let mileage = (age * rng.u32(8_000..22_000)).max(rng.u32(5..200));
            let sale = Decimal::from(rng.u32(9_000..48_000) / 100 * 100 + 90);
            let cost = (sale * Decimal::new(82, 2)).round_dp(2);
            let plate: String = format!(
                "{:04} {}{}{}",
                rng.u32(0..10_000),
                PLATE_LETTERS[rng.usize(..PLATE_LETTERS.len())] as char,
                PLATE_LETTERS[rng.usize(..PLATE_LETTERS.len())] as char,
                PLATE_LETTERS[rng.usize(..PLATE_LETTERS.len())] as char
            );
            let date = NaiveDate::from_ymd_opt(i32::from(year), rng.u32(1..=12), rng.u32(1..=28));
            let mut v = Vehicle::new(vin, brand, model)
                .matricula(plate)
                .year(year)
                .color_ext(COLOURS[rng.usize(..COLOURS.len())])
                .fuel_type(fuels[rng.usize(..fuels.len())].clone())
                .gearbox(if rng.bool() {
                    Gearbox::MANUAL
                } else {
                    Gearbox::AUTOMATIC
                })
                .mileage(mileage)
                .engine_cc(cc)
                .power_hp(hp)
                .doors(if rng.u8(0..10) < 8 { 5 } else { 3 })
                .seats(5)
                .cost_price(cost)
                .sale_price(sale)
                .status(if rng.u8(0..10) < 9 {
                    VehicleStatus::Disponible
                } else {
                    VehicleStatus::Reservado
                })
                .location(LOCATIONS[rng.usize(..LOCATIONS.len())])
                .categoria("Turismo");
            if let Some(d) = date {
                v = v.fecha_matricula(d);
            }
            v
        })
        .collect()
}
