//! `anuncios-publish`: publishes one listing of each category to Loja
//! Conectada, with a photo, then shows a rejected listing's field errors and
//! lists the dealer's inventory.
//!
//! Without `ANUNCIOS_BASE_URL` set, it starts the in-process mock server and
//! runs against it (no credentials needed). With it set, it uses
//! `ANUNCIOS_BASE_URL`, `ANUNCIOS_TOKEN` and `ANUNCIOS_DEALER_ID`, and
//! **publishes real listings** on that dealer. A variable that is set but
//! empty is an error naming it, never a fall-back to the mock.
//!
//! The photo sent with each listing is a small sample PNG built into the
//! program; `--photo PATH` sends another. The catalog ids (version, colour,
//! features, armour type, motorcycle and truck sub-catalogs) are looked up;
//! the model of each category is given with `--car-model`,
//! `--motorcycle-model`, `--truck-model` and `--implement-model` (the
//! defaults are the mock's).
//!
//! Exit status: 0 when every step worked as expected (each listing published,
//! both invalid listings refused: one before sending, one by the server with
//! a validation error on its version), ending with a `Done:` line; 1 when a
//! step failed, with one `error:` line on stderr; 2 when the configuration or
//! the photo could not be read.
//!
//! `RUST_LOG` (e.g. `RUST_LOG=debug`) turns on the SDK's logging, on stderr:
//! at `debug`, each HTTP attempt is shown as an `http.attempt` span. Unset,
//! nothing extra is printed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anuncios_client::mock::{MOCK_DEALER_ID, MockAnuncios};
use anuncios_client::prelude::*;
use anuncios_client::{
    ArmoredLevel, ConfigError, ENV_BASE_URL, ENV_TOKEN, MotorcycleCatalog, TruckCatalog,
};
use clap::Parser;
use examples::{cli, say};

/// The environment variable naming the dealer whose inventory receives the listings.
const ENV_DEALER_ID: &str = "ANUNCIOS_DEALER_ID";

/// The sample photo sent when `--photo` is not given.
const SAMPLE_PHOTO: &[u8] = include_bytes!("../../data/anuncios-photo.png");
/// Its `photo_name`.
const SAMPLE_PHOTO_NAME: &str = "anuncios-photo.png";

const AFTER_HELP: &str = "\
Environment:
  ANUNCIOS_BASE_URL   the API root (without /v3), e.g. https://api.example.com.
                      Set: the program PUBLISHES REAL LISTINGS there.
                      Unset: it runs against an in-process mock, no credentials needed.
  ANUNCIOS_TOKEN      the JWT access token (required with ANUNCIOS_BASE_URL)
  ANUNCIOS_DEALER_ID  the numeric id of the dealer that receives the listings
                      (required with ANUNCIOS_BASE_URL)
  RUST_LOG            e.g. debug: the SDK's logging, on stderr
A variable that is set but empty is an error that names it.";

/// Publish one listing of each category to Loja Conectada.
#[derive(Parser, Debug)]
#[command(version, after_help = format!("{AFTER_HELP}\n\n{}", cli::EXIT_STATUS_HELP))]
struct Args {
    /// The photo sent with each listing [default: a sample PNG built into the program].
    #[arg(long, value_name = "PATH")]
    photo: Option<PathBuf>,
    /// Model id of the car.
    #[arg(long, default_value_t = 123)]
    car_model: u64,
    /// Model id of the motorcycle.
    #[arg(long, default_value_t = 200)]
    motorcycle_model: u64,
    /// Model id of the truck.
    #[arg(long, default_value_t = 300)]
    truck_model: u64,
    /// Model id of the implement.
    #[arg(long, default_value_t = 400)]
    implement_model: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    cli::main(run(args))
}

/// A step failed: say so and exit 1.
fn fail(step: &str, e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {step}: {e}");
    ExitCode::FAILURE
}

/// The configuration is unusable: say so (with a hint when there is one) and exit 2.
fn config_error(message: impl std::fmt::Display, hint: Option<String>) -> ExitCode {
    eprintln!("error: {message}");
    if let Some(hint) = hint {
        eprintln!("hint: {hint}");
    }
    ExitCode::from(2)
}

/// What is wrong with `raw` as the value of ANUNCIOS_BASE_URL, in words a
/// person can act on (`None` when nothing is visibly wrong with its shape).
/// It never repeats the value's credentials, query or fragment: the error
/// line above it shows the URL with those redacted.
fn base_url_hint(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let example = "https://api.example.com";
    let Some((scheme, rest)) = raw.split_once("://") else {
        return Some(format!(
            "{ENV_BASE_URL} has no scheme: write it as an absolute URL starting with https:// (e.g. {example})"
        ));
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Some(format!(
            "{ENV_BASE_URL} starts with `{scheme}://`: the API is reached over https:// (or http://), e.g. {example}"
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() {
        return Some(format!(
            "{ENV_BASE_URL} has no host after `{scheme}://`: name the API's host, e.g. {example}"
        ));
    }
    if authority.contains('@') {
        return Some(format!(
            "{ENV_BASE_URL} carries credentials before its host: remove them and put the token in {ENV_TOKEN}"
        ));
    }
    if rest.contains('?') || rest.contains('#') {
        return Some(format!(
            "{ENV_BASE_URL} has a query or fragment: give only the API root, e.g. {example}"
        ));
    }
    let path = rest[authority.len()..].trim_end_matches('/');
    if path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.eq_ignore_ascii_case("v3"))
    {
        let root = format!("{scheme}://{authority}{}", &path[..path.len() - 3]);
        return Some(format!(
            "{ENV_BASE_URL} ends in /v3, which the client adds to every path: use {root}"
        ));
    }
    None
}

/// The hint for a configuration error of [`Client::from_env`].
fn from_env_hint(e: &ConfigError) -> Option<String> {
    match e {
        ConfigError::MissingEnv(name) if *name == ENV_TOKEN => Some(format!(
            "{ENV_BASE_URL} is set, so the real API is used and needs its JWT in {ENV_TOKEN}; unset {ENV_BASE_URL} to run against the mock"
        )),
        ConfigError::BaseUrl { .. } => std::env::var(ENV_BASE_URL)
            .ok()
            .and_then(|raw| base_url_hint(&raw)),
        _ => None,
    }
}

/// The dealer of ANUNCIOS_DEALER_ID: set, not empty, a number.
fn dealer_from_env() -> Result<DealerId, String> {
    let Some(raw) = std::env::var_os(ENV_DEALER_ID) else {
        return Err(format!(
            "environment variable {ENV_DEALER_ID} is not set: set it to the dealer's numeric id"
        ));
    };
    let Some(text) = raw.to_str() else {
        return Err(format!(
            "environment variable {ENV_DEALER_ID} is not valid Unicode"
        ));
    };
    if text.trim().is_empty() {
        return Err(format!(
            "environment variable {ENV_DEALER_ID} is set but empty: set it to the dealer's numeric id"
        ));
    }
    text.parse::<DealerId>().map_err(|_| {
        format!(
            "environment variable {ENV_DEALER_ID} is `{}`, not a dealer's numeric id",
            text.trim().escape_debug()
        )
    })
}

/// The catalog ids one listing of each category needs.
struct Ids {
    color: ColorId,
    armor: Option<CatalogId>,
    moto: Vec<Option<CatalogId>>,
    truck: Vec<Option<CatalogId>>,
}

fn first(entries: &[CatalogEntry]) -> Option<CatalogId> {
    entries.first().map(|e| e.id)
}

/// `n` things, with the noun in the singular for one: `1 entry`, `2,048 entries`.
fn things(n: usize, one: &str, many: &str) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{} {noun}", cli::count(n as u64))
}

/// A price as read, or a dash when the server sent none.
fn price(p: Option<Reais>) -> String {
    p.map_or_else(|| "-".to_owned(), |p| p.to_string())
}

async fn run(args: Args) -> ExitCode {
    let started = Instant::now();
    // Against the real API when ANUNCIOS_BASE_URL is set (even to nothing:
    // an empty value is refused, never taken as "use the mock").
    let mock;
    let (client, dealer) = if std::env::var_os(ENV_BASE_URL).is_some() {
        let client = match Client::from_env() {
            Ok(c) => c,
            Err(e) => {
                let hint = from_env_hint(&e);
                return config_error(e, hint);
            }
        };
        let dealer = match dealer_from_env() {
            Ok(d) => d,
            Err(msg) => return config_error(msg, None),
        };
        say!(
            "Publishing to {} for dealer {dealer}",
            client.http().base_url()
        );
        (client, dealer)
    } else {
        mock = MockAnuncios::start().await;
        mock.set_page_size(2);
        say!("Publishing to the in-process mock at {}", mock.base_url());
        if std::env::var_os(ENV_TOKEN).is_some() || std::env::var_os(ENV_DEALER_ID).is_some() {
            say!(
                "({ENV_BASE_URL} is not set: {ENV_TOKEN} and {ENV_DEALER_ID} are not used against the mock)"
            );
        }
        (mock.client(), MOCK_DEALER_ID)
    };

    let photo = match &args.photo {
        Some(path) => match Photo::from_file(path).await {
            Ok(p) => p.order(1),
            // An empty file's error does not say which file: the flag does.
            Err(anuncios_client::PhotoError::Empty) => {
                return config_error(
                    format_args!("the photo `{}` is empty", path.display()),
                    None,
                );
            }
            Err(e) => return config_error(e, None),
        },
        None => Photo::from_bytes(SAMPLE_PHOTO)
            .name(SAMPLE_PHOTO_NAME)
            .order(1),
    };
    say!(
        "Photo: {} ({} Base64 characters)",
        photo.photo_name().unwrap_or("(unnamed)"),
        cli::count(photo.base64().len() as u64)
    );

    // 1. Catalog look-ups.
    say!();
    say!("== Catalog");
    let spinner = cli::spinner("reading the catalog");
    let ids = match catalog(&client).await {
        Ok(ids) => ids,
        Err(code) => {
            spinner.finish_and_clear();
            return code;
        }
    };
    spinner.finish_and_clear();

    // 2. One listing of each category.
    say!();
    say!("== Publishing");
    let plan = [
        (Category::Automovel, args.car_model),
        (Category::Motocicleta, args.motorcycle_model),
        (Category::Caminhao, args.truck_model),
        (Category::Implemento, args.implement_model),
    ];
    let publishing = Instant::now();
    let mut published: u64 = 0;
    for (category, model) in plan {
        let listing = match listing_for(&client, category, ModelId(model), &ids, &photo).await {
            Ok(l) => l,
            Err(msg) => return fail(&format!("category {category}"), msg),
        };
        match client.create_listing(dealer, &listing).await {
            Ok(created) => {
                published += 1;
                say!(
                    "published listing {} (category {category}, {}, {}, {})",
                    created.id,
                    created
                        .version_site
                        .as_deref()
                        .unwrap_or("version not returned"),
                    created
                        .license_plate
                        .as_deref()
                        .unwrap_or("zero km, no plate"),
                    price(created.price),
                );
            }
            Err(e) => {
                return fail(&format!("publishing category {category}"), e);
            }
        }
    }
    say!(
        "{} published in {} ({})",
        things(published as usize, "listing", "listings"),
        cli::duration(publishing.elapsed()),
        cli::rate(published, publishing.elapsed())
    );

    // 3. Rejected listings: refused before sending, and by the server.
    say!();
    say!("== Rejected listings");
    let bad = NewListing::used(
        "AB-12",
        ListingBasics::new(
            VersionDetailId(1),
            ids.color,
            2025,
            2023,
            0,
            Reais(0),
            "Listing with every mistake",
        ),
        CarFields::new(),
    )
    .build();
    match bad {
        Ok(_) => return fail("client-side checks", "an invalid listing was accepted"),
        Err(e) => {
            say!("refused before sending ({}):", e.kind());
            for v in e.field_errors() {
                say!("  {}: {}", v.field, v.message);
            }
        }
    }
    let unknown_version = NewListing::used(
        "ABC1D23",
        ListingBasics::new(
            VersionDetailId(999_999_999),
            ids.color,
            2023,
            2024,
            12_000,
            Reais(50_000),
            "A version that is not in the catalog",
        ),
        CarFields::not_armored(),
    )
    .build();
    let unknown_version = match unknown_version {
        Ok(l) => l,
        Err(e) => return fail("building the listing with an unknown version", e),
    };
    match client.create_listing(dealer, &unknown_version).await {
        Ok(created) => {
            return fail(
                "server-side checks",
                format!(
                    "listing {} with an unknown version was accepted",
                    created.id
                ),
            );
        }
        // Only a validation error that names the version is the expected
        // refusal: a 5xx, a timeout or a 401 is a failed step.
        Err(e)
            if e.kind() == ErrorKind::Validation
                && e.field_errors()
                    .iter()
                    .any(|v| v.field == "version_detail_id") =>
        {
            say!("rejected by the server ({}):", e.kind());
            for v in e.field_errors() {
                say!("  {}: {}", v.field, v.message);
            }
        }
        Err(e) => {
            return fail(
                "server-side checks (expected a validation error on version_detail_id)",
                e,
            );
        }
    }

    // 4. The dealer's inventory, page after page.
    say!();
    say!("== Inventory of dealer {dealer}");
    let mut stream = std::pin::pin!(client.inventory_stream(dealer, &InventoryQuery::new()));
    let mut n: u64 = 0;
    while let Some(item) = stream.next().await {
        match item {
            Ok(l) => {
                n += 1;
                say!(
                    "{:>6}  category {:<2} {:<24} {:>12}  {}",
                    l.id,
                    l.category
                        .map(|c| c.to_string())
                        .unwrap_or_else(|| "-".to_owned()),
                    l.version_site.as_deref().unwrap_or("-"),
                    price(l.price),
                    l.license_plate.as_deref().unwrap_or("-"),
                );
            }
            Err(e) => return fail("listing the inventory", e),
        }
    }
    say!(
        "{} in {}",
        things(n as usize, "active listing", "active listings"),
        cli::duration(started.elapsed())
    );
    say!(
        "Done: {} published, 2 invalid listings refused as expected, {}.",
        things(published as usize, "listing", "listings"),
        things(n as usize, "active listing", "active listings")
    );
    cli::flush();
    ExitCode::SUCCESS
}

/// Looks up the colour, armour types and sub-catalogs; a failed look-up is
/// reported (with a hint when the server does not look like the API) and
/// is the exit status.
async fn catalog(client: &Client) -> Result<Ids, ExitCode> {
    match client.categories().await {
        Ok(cats) => {
            let names: Vec<String> = cats
                .iter()
                .map(|c| match &c.name {
                    Some(name) => format!("{} {name}", c.id),
                    None => c.id.to_string(),
                })
                .collect();
            say!("categories: {}", names.join(", "));
        }
        Err(e) => {
            let code = fail("categories", &e);
            // The first call: a 404 here means the URL does not lead to the API.
            if e.kind() == ErrorKind::NotFound && e.detail().is_none() {
                eprintln!(
                    "hint: {} answered 404 to the first call: is {ENV_BASE_URL} the API root (without /v3)?",
                    client.http().base_url()
                );
            }
            return Err(code);
        }
    }
    let color = match client.colors().await {
        Ok(colors) => match colors.first() {
            Some(c) => {
                say!("colour: {} {}", c.id, c.name);
                c.id
            }
            None => return Err(fail("colours", "the catalog has no colour")),
        },
        Err(e) => return Err(fail("colours", e)),
    };
    let armor = match client.armor_types().await {
        Ok(a) => first(&a),
        Err(e) => return Err(fail("armour types", e)),
    };
    let mut moto = Vec::new();
    for which in MotorcycleCatalog::ALL {
        match client.motorcycle_catalog(which).await {
            Ok(entries) => {
                say!(
                    "motorcycle/{}: {}",
                    which.path(),
                    things(entries.len(), "entry", "entries")
                );
                moto.push(first(&entries));
            }
            Err(e) => return Err(fail(&format!("motorcycle/{}", which.path()), e)),
        }
    }
    let mut truck = Vec::new();
    for which in TruckCatalog::ALL {
        match client.truck_catalog(which).await {
            Ok(entries) => {
                say!(
                    "truck/{}: {}",
                    which.path(),
                    things(entries.len(), "entry", "entries")
                );
                truck.push(first(&entries));
            }
            Err(e) => return Err(fail(&format!("truck/{}", which.path()), e)),
        }
    }
    Ok(Ids {
        color,
        armor,
        moto,
        truck,
    })
}

/// Looks up the version and features of `model` and builds a listing of `category`.
async fn listing_for(
    client: &Client,
    category: Category,
    model: ModelId,
    ids: &Ids,
    photo: &Photo,
) -> Result<NewListing, String> {
    let versions = client
        .versions(model, &VersionQuery::new().page_size(10))
        .await
        .map_err(|e| format!("versions of model {model}: {e}"))?;
    let version = versions
        .results
        .first()
        .ok_or_else(|| format!("model {model} has no version"))?;
    let features = client
        .features(Some(category))
        .await
        .map_err(|e| format!("features: {e}"))?;
    let feature_ids: Vec<FeatureId> = features.iter().take(2).map(|f| f.id).collect();
    let features_shown = if feature_ids.is_empty() {
        "none".to_owned()
    } else {
        feature_ids
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    say!(
        "category {category}: version {}{}, features {features_shown}",
        version.id,
        version
            .name
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default(),
    );
    let m = |i: usize| ids.moto.get(i).copied().flatten();
    let t = |i: usize| ids.truck.get(i).copied().flatten();
    let (fields, plate, km, price): (CategoryFields, Option<&str>, u32, u64) = match category {
        Category::Automovel => {
            let car = match ids.armor {
                Some(a) => CarFields::armored(ArmoredLevel::IIIA, Some(a)),
                None => CarFields::not_armored(),
            };
            (car.into(), Some("ABC-1234"), 15_000, 85_000)
        }
        Category::Motocicleta => {
            let mut moto = MotorcycleFields::new().engine_capacity(600);
            moto.breaks = m(0);
            moto.engine = m(1);
            moto.gear = m(2);
            moto.power_supply = m(3);
            moto.refrigeration = m(4);
            moto.start = m(5);
            (moto.into(), Some("XYZ9876"), 5_000, 25_000)
        }
        Category::Caminhao => {
            let mut truck = TruckFields::new()
                .power(540)
                .load_capacity(15_000)
                .pulling_capacity(20_000);
            truck.implement = t(0);
            truck.truck_type = t(1);
            truck.cabin = t(2);
            truck.traction = t(3);
            truck.breaks = t(4);
            truck.suspension = t(5);
            (truck.into(), Some("DEF5G78"), 50_000, 350_000)
        }
        _ => (ImplementFields::axles(3).into(), None, 0, 120_000),
    };
    let basics = ListingBasics::new(
        version.id,
        ids.color,
        2023,
        2024,
        km,
        Reais(price),
        format!(
            "{} publicado pelo exemplo",
            version.name.as_deref().unwrap_or("Veículo")
        ),
    );
    let builder = match plate {
        Some(p) => NewListing::used(p, basics, fields).only_owner(true),
        None => NewListing::zero_km(basics, fields).factory_warranty(true),
    };
    builder
        .photo(photo.clone())
        .features(feature_ids)
        .build()
        .map_err(|e| e.to_string())
}
