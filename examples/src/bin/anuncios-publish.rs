//! `anuncios-publish`: publishes one listing of each category to Loja
//! Conectada, with a photo, then shows a rejected listing's field errors and
//! lists the dealer's inventory.
//!
//! Without `ANUNCIOS_BASE_URL` set, it starts the in-process mock server and
//! runs against it (no credentials needed). With it set, it uses
//! `ANUNCIOS_BASE_URL`, `ANUNCIOS_TOKEN` and `ANUNCIOS_DEALER_ID`, and
//! **publishes real listings** on that dealer.
//!
//! The catalog ids (version, colour, features, armour type, motorcycle and
//! truck sub-catalogs) are looked up; the model of each category is given
//! with `--car-model`, `--motorcycle-model`, `--truck-model` and
//! `--implement-model` (the defaults are the mock's).
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

use anuncios_client::mock::{MOCK_DEALER_ID, MockAnuncios};
use anuncios_client::{
    CarFields, CatalogEntry, CatalogId, Category, CategoryFields, Client, ColorId, DealerId,
    ErrorExt, ErrorKind, FeatureId, ImplementFields, InventoryQuery, ListingBasics, ModelId,
    MotorcycleCatalog, MotorcycleFields, NewListing, Photo, Reais, TruckCatalog, TruckFields,
    VersionDetailId, VersionQuery,
};
use clap::Parser;
use futures_util::StreamExt;

/// Publish one listing of each category to Loja Conectada.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// The photo sent with each listing.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data/anuncios-photo.png"))]
    photo: PathBuf,
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

/// A step failed: say so and exit 1.
fn fail(step: &str, e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {step}: {e}");
    ExitCode::FAILURE
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

async fn run(args: Args) -> ExitCode {
    // Against the real API when ANUNCIOS_BASE_URL is set; otherwise against the mock.
    let mock;
    let (client, dealer) = if std::env::var_os("ANUNCIOS_BASE_URL").is_some() {
        let client = match Client::from_env() {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        let dealer = match std::env::var("ANUNCIOS_DEALER_ID")
            .ok()
            .and_then(|d| d.trim().parse::<u64>().ok())
        {
            Some(d) => DealerId(d),
            None => {
                eprintln!("error: ANUNCIOS_DEALER_ID must be set to the dealer's numeric id");
                return ExitCode::from(2);
            }
        };
        println!(
            "Publishing to {} for dealer {dealer}",
            client.http().base_url()
        );
        (client, dealer)
    } else {
        mock = MockAnuncios::start().await;
        mock.set_page_size(2);
        println!("Publishing to the in-process mock at {}", mock.base_url());
        (mock.client(), MOCK_DEALER_ID)
    };

    let photo = match Photo::from_file(&args.photo).await {
        Ok(p) => p.order(1),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    println!(
        "Photo: {} ({} Base64 characters)",
        photo.photo_name().unwrap_or("?"),
        photo.base64().len()
    );

    // 1. Catalog look-ups.
    println!("\n== Catalog");
    match client.categories().await {
        Ok(cats) => {
            let names: Vec<String> = cats
                .iter()
                .map(|c| format!("{} {}", c.id, c.name.as_deref().unwrap_or("?")))
                .collect();
            println!("categories: {}", names.join(", "));
        }
        Err(e) => return fail("categories", e),
    }
    let color = match client.colors().await {
        Ok(colors) => match colors.first() {
            Some(c) => {
                println!("colour: {} {}", c.id, c.name);
                c.id
            }
            None => return fail("colours", "the catalog has no colour"),
        },
        Err(e) => return fail("colours", e),
    };
    let armor = match client.armor_types().await {
        Ok(a) => first(&a),
        Err(e) => return fail("armour types", e),
    };
    let mut moto = Vec::new();
    for which in MotorcycleCatalog::ALL {
        match client.motorcycle_catalog(which).await {
            Ok(entries) => {
                println!("motorcycle/{}: {} entries", which.path(), entries.len());
                moto.push(first(&entries));
            }
            Err(e) => return fail(&format!("motorcycle/{}", which.path()), e),
        }
    }
    let mut truck = Vec::new();
    for which in TruckCatalog::ALL {
        match client.truck_catalog(which).await {
            Ok(entries) => {
                println!("truck/{}: {} entries", which.path(), entries.len());
                truck.push(first(&entries));
            }
            Err(e) => return fail(&format!("truck/{}", which.path()), e),
        }
    }
    let ids = Ids {
        color,
        armor,
        moto,
        truck,
    };

    // 2. One listing of each category.
    println!("\n== Publishing");
    let plan = [
        (Category::Automovel, args.car_model),
        (Category::Motocicleta, args.motorcycle_model),
        (Category::Caminhao, args.truck_model),
        (Category::Implemento, args.implement_model),
    ];
    let mut published = 0;
    for (category, model) in plan {
        let listing = match listing_for(&client, category, ModelId(model), &ids, &photo).await {
            Ok(l) => l,
            Err(msg) => return fail(&format!("category {category}"), msg),
        };
        match client.create_listing(dealer, &listing).await {
            Ok(created) => {
                published += 1;
                println!(
                    "published listing {} (category {category}, {}, {}, {})",
                    created.id,
                    created.version_site.as_deref().unwrap_or("?"),
                    created
                        .license_plate
                        .as_deref()
                        .unwrap_or("zero km, no plate"),
                    Reais(created.price.unwrap_or_default()),
                );
            }
            Err(e) => {
                return fail(&format!("publishing category {category}"), e);
            }
        }
    }

    // 3. Rejected listings: refused before sending, and by the server.
    println!("\n== Rejected listings");
    let bad = NewListing::used(
        "AB-12",
        ListingBasics {
            version_detail_id: VersionDetailId(1),
            color: ids.color,
            make_year: 2025,
            model_year: 2023,
            km: 0,
            price: Reais(0),
            description: "Listing with every mistake".into(),
        },
        CarFields::new(),
    )
    .build();
    match bad {
        Ok(_) => return fail("client-side checks", "an invalid listing was accepted"),
        Err(e) => {
            println!("refused before sending ({}):", e.kind());
            for v in e.field_errors() {
                println!("  {}: {}", v.field, v.message);
            }
        }
    }
    let unknown_version = NewListing::used(
        "ABC1D23",
        ListingBasics {
            version_detail_id: VersionDetailId(999_999_999),
            color: ids.color,
            make_year: 2023,
            model_year: 2024,
            km: 12_000,
            price: Reais(50_000),
            description: "A version that is not in the catalog".into(),
        },
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
            println!("rejected by the server ({}):", e.kind());
            for v in e.field_errors() {
                println!("  {}: {}", v.field, v.message);
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
    println!("\n== Inventory of dealer {dealer}");
    let mut stream = Box::pin(client.inventory_stream(dealer, &InventoryQuery::new()));
    let mut n = 0;
    while let Some(item) = stream.next().await {
        match item {
            Ok(l) => {
                n += 1;
                println!(
                    "{:>6}  category {:<2} {:<24} {:>12}  {}",
                    l.id,
                    l.category.map(|c| c.to_string()).unwrap_or_default(),
                    l.version_site.as_deref().unwrap_or("?"),
                    Reais(l.price.unwrap_or_default()).to_string(),
                    l.license_plate.as_deref().unwrap_or("-"),
                );
            }
            Err(e) => return fail("listing the inventory", e),
        }
    }
    println!("{n} active listings");
    println!(
        "Done: {published} listings published, 2 invalid listings refused as expected, {n} active listings."
    );
    ExitCode::SUCCESS
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
    println!(
        "category {category}: version {} ({}), features {:?}",
        version.id,
        version.name.as_deref().unwrap_or("?"),
        feature_ids.iter().map(|f| f.get()).collect::<Vec<_>>()
    );
    let m = |i: usize| ids.moto.get(i).copied().flatten();
    let t = |i: usize| ids.truck.get(i).copied().flatten();
    let (fields, plate, km, price): (CategoryFields, Option<&str>, u32, u64) = match category {
        Category::Automovel => {
            let car = match ids.armor {
                Some(a) => CarFields::armored(anuncios_client::ArmoredLevel::IIIA, Some(a)),
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
    let basics = ListingBasics {
        version_detail_id: version.id,
        color: ids.color,
        make_year: 2023,
        model_year: 2024,
        km,
        price: Reais(price),
        description: format!(
            "{} publicado pelo exemplo",
            version.name.as_deref().unwrap_or("Veículo")
        ),
    };
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
