//! `auterio-ingest [FILE]`: pushes an inventory to Auterio and prints a report.
//!
//! FILE is JSON (the documented body `{"vehicles": [...]}` or a bare array)
//! or CSV whose headers are the documented field names. Without FILE, a
//! built-in sample inventory of 3,000 vehicles is used.
//!
//! Without `AUTERIO_BASE_URL` set, it starts the in-process mock server and
//! runs against it (no credentials needed). With it set, it uses
//! `AUTERIO_BASE_URL` and `AUTERIO_API_KEY`; set but empty is an error,
//! never taken for unset.
//!
//! Exit status: 0 when the server accounted for every vehicle sent (each one
//! imported, or skipped with its reason listed; vehicles refused by `--check`
//! are listed too); 1 when the input held no vehicle, a chunk failed, the run
//! stopped, or the server answered a chunk with `success: false` or with
//! counts that do not add up to what was sent, with one `error:` line on
//! stderr saying how many vehicles were not imported and why; 2 when the
//! input or the configuration could not be read.
//!
//! `RUST_LOG` (e.g. `RUST_LOG=debug`) turns on the SDK's logging, on stderr:
//! at `debug`, each HTTP attempt is shown as an `http.attempt` span. Unset,
//! nothing extra is printed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use auterio_client::mock::MockAuterio;
use auterio_client::{
    ChunkEvent, Client, ConfigError, DEFAULT_BASE_URL, Decimal, FuelType, Gearbox, IngestReport,
    NaiveDate, Vehicle, VehicleStatus,
};
use clap::Parser;
use examples::{cli, say};
use indicatif::{ProgressBar, ProgressState, ProgressStyle};

const BASE_URL: &str = "AUTERIO_BASE_URL";
const API_KEY: &str = "AUTERIO_API_KEY";

const ENVIRONMENT_HELP: &str = "\
Environment:
  AUTERIO_BASE_URL  The API's base URL (https://auterio.net). Set, the vehicles go to it
                    and are imported for real; unset, to the in-process mock
  AUTERIO_API_KEY   The API key of your DMS source; required with AUTERIO_BASE_URL
  RUST_LOG          The SDK's logging on stderr (e.g. RUST_LOG=debug)
A variable that is set but empty is an error, never taken for unset.";

const INGEST_EXIT_HELP: &str = "\
Here 1 also means: the input held no vehicle, or the server did not account for every
vehicle sent (a failed chunk, `success: false`, counts that do not add up).";

fn after_help() -> String {
    format!(
        "{ENVIRONMENT_HELP}\n\n{}\n{INGEST_EXIT_HELP}",
        cli::EXIT_STATUS_HELP
    )
}

/// Push a vehicle inventory to Auterio.
#[derive(Parser, Debug)]
#[command(version, after_help = after_help())]
struct Args {
    /// A JSON or CSV inventory; the built-in sample when omitted.
    file: Option<PathBuf>,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=64))]
    concurrency: u64,
    /// Vehicles per request (1 to 1000).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=1000))]
    chunk_size: u64,
    /// Check VINs, brands and models before sending, and do not send the failures.
    #[arg(long)]
    check: bool,
}

/// Where the vehicles come from.
enum Input {
    Memory(Vec<Vehicle>),
    Csv { path: PathBuf, count: u64 },
}

impl Input {
    fn len(&self) -> u64 {
        match self {
            Input::Memory(v) => v.len() as u64,
            Input::Csv { count, .. } => *count,
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    cli::main(run(args))
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
    let total = input.len();
    if total == 0 {
        let from = args
            .file
            .as_deref()
            .map_or_else(String::new, |p| format!(" from {}", p.display()));
        eprintln!(
            "error: 0 vehicles read{from}: nothing to send (a CSV needs a header line and a line per vehicle; JSON, at least one vehicle)"
        );
        return ExitCode::from(1);
    }

    // Against the real API when AUTERIO_BASE_URL is set (even empty: that
    // is an error, not a default); otherwise against the mock.
    let mock;
    let client = if std::env::var_os(BASE_URL).is_some() {
        match Client::from_env() {
            Ok(c) => {
                say!("Sending to {}", c.http().base_url());
                c
            }
            Err(e) => {
                eprintln!("error: {e} ({})", config_hint(&e));
                return ExitCode::from(2);
            }
        }
    } else {
        mock = MockAuterio::start().await;
        say!(
            "{BASE_URL} is not set: sending to the built-in mock server at {}",
            mock.base_url()
        );
        mock.client()
    };

    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} vehicles ({rate}, eta {eta})")
        .map(|s| {
            s.with_key(
                "rate",
                |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = w.write_str(&cli::rate(state.pos(), state.elapsed()));
                },
            )
        })
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
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
    let started = Instant::now();
    let report: IngestReport = job
        .chunk_size(usize::try_from(args.chunk_size).unwrap_or(1000))
        .concurrency(usize::try_from(args.concurrency).unwrap_or(1))
        .check_before_sending(args.check)
        .on_chunk(on_chunk)
        .await;
    let elapsed = started.elapsed();
    bar.finish_and_clear();

    for line in report.to_string().lines() {
        say!("{line}");
    }
    say!(
        "{} vehicles sent in {} ({})",
        cli::count(report.sent()),
        cli::duration(elapsed),
        cli::rate(report.sent(), elapsed)
    );
    match verdict(&report) {
        Ok(summary) => {
            say!("{summary}");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            cli::flush();
            eprintln!("error: {problem}");
            ExitCode::from(1)
        }
    }
}

/// What to do about a configuration error, in words: what is wrong with
/// the base URL, or which variable to set. Never repeats the URL (it may
/// hold a secret).
fn config_hint(e: &ConfigError) -> String {
    let mock = format!("or unset {BASE_URL} to use the built-in mock");
    match e {
        ConfigError::MissingEnv(name) => format!("set {name} to your Auterio API key, {mock}"),
        ConfigError::BaseUrl { .. } => {
            let raw = std::env::var(BASE_URL).unwrap_or_default();
            format!("{BASE_URL} {}; {mock}", url_problem(raw.trim()))
        }
        ConfigError::Invalid(_) if is_blank(API_KEY) => {
            format!("set {API_KEY} to your Auterio API key, {mock}")
        }
        ConfigError::Invalid(_) if is_blank(BASE_URL) => format!(
            "set {BASE_URL} to the API's base URL, e.g. {DEFAULT_BASE_URL}, or unset it to use the built-in mock"
        ),
        _ => format!("check {BASE_URL} and {API_KEY}, {mock}"),
    }
}

/// Whether the variable `name` is set but blank (or not Unicode).
fn is_blank(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| v.to_str().is_none_or(|v| v.trim().is_empty()))
}

/// What is wrong with a base URL the client refused, and how it should
/// look, in a few words.
fn url_problem(raw: &str) -> String {
    let like = format!("as in {DEFAULT_BASE_URL}");
    match raw.split_once("://") {
        None => format!("has no scheme: write it with https://, {like}"),
        Some((scheme, _))
            if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") =>
        {
            format!("must start with https:// or http://, {like}")
        }
        Some((_, rest)) => {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
            if authority.contains('@') {
                format!("holds credentials: the key goes in {API_KEY}, not in the URL")
            } else if rest.contains(['?', '#']) {
                format!("has a ? or # part: a base URL has neither, {like}")
            } else if authority.is_empty() {
                format!("has no host after the scheme, {like}")
            } else {
                format!("is not a valid URL (a space, or a character a URL may not hold?), {like}")
            }
        }
    }
}

/// The run's one-line outcome: `Ok` when no chunk failed and the server
/// accounted for every vehicle sent, `Err` saying what went wrong otherwise.
fn verdict(report: &IngestReport) -> Result<String, String> {
    if report.read == 0 {
        return Err("0 vehicles read: nothing was sent".to_owned());
    }
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

/// A JSON error's message without the " at line L column C" that its
/// `Display` ends with (the caller names the place once).
fn json_message(e: &serde_json::Error) -> String {
    let shown = e.to_string();
    let place = format!(" at line {} column {}", e.line(), e.column());
    shown
        .strip_suffix(&place)
        .map_or_else(|| shown.clone(), str::to_owned)
}

fn read_json(path: &Path, bytes: &[u8]) -> Result<Vec<Vehicle>, String> {
    let shown = path.display();
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "{shown}: line {}, column {}: not valid JSON: {}",
            e.line(),
            e.column(),
            json_message(&e)
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
                format!("{shown}: {prefix}[{i}]{field}: {}", json_message(e.inner()))
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
        .map_err(|e| format!("cannot read {shown}: {}", csv_problem(&e)))?;
    let headers = reader
        .headers()
        .map_err(|e| format!("{shown}: line 1 (the header line): {}", csv_problem(&e)))?
        .clone();
    Ok(reader
        .into_deserialize::<Vehicle>()
        .enumerate()
        .map(move |(i, r)| r.map_err(|e| describe_csv_error(&shown, &headers, i + 1, &e))))
}

/// What is wrong, without the place (the caller names it once): the csv
/// crate's `Display` starts with the record, line and byte.
fn csv_problem(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "not valid UTF-8 (field {}, byte {} of it)",
            err.field() + 1,
            err.valid_up_to()
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields, but the header line has {expected_len}"),
        csv::ErrorKind::Deserialize { err, .. } => err.kind().to_string(),
        _ => e.to_string(),
    }
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
    let column = match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => err
            .field()
            .and_then(|f| headers.get(usize::try_from(f).unwrap_or(usize::MAX)))
            .map(|h| format!(", column `{h}`"))
            .unwrap_or_default(),
        _ => String::new(),
    };
    format!(
        "{file}: line {line} (record {record}){column}: {}",
        csv_problem(e)
    )
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
