//! The listing a dealer sends: typed by category, checked before sending.

use autoclient_common::Violation;
use serde::{Serialize, Serializer};

use crate::ids::{AddressId, CatalogId, ColorId, FeatureId, Reais, VersionDetailId};
use crate::models::Category;
use crate::photo::Photo;
use crate::plate::LicensePlate;

autoclient_common::open_enum! {
    /// An armour level (`armored_level`): I, II, IIA, III, IIIA, IV or V.
    #[allow(clippy::upper_case_acronyms)]
    pub enum ArmoredLevel {
        /// Level I.
        I = "I",
        /// Level II.
        II = "II",
        /// Level II-A.
        IIA = "IIA",
        /// Level III.
        III = "III",
        /// Level III-A (the usual level for civilian cars in Brazil).
        IIIA = "IIIA",
        /// Level IV.
        IV = "IV",
        /// Level V.
        V = "V",
    }
}

/// The fields only a car (`category: 1`, Automóvel) carries.
///
/// ```
/// use anuncios_client::{ArmoredLevel, CarFields, CatalogId};
/// let car = CarFields::armored(ArmoredLevel::IIIA, Some(CatalogId(2)));
/// assert_eq!(car.is_armored, Some(true));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[must_use = "category fields do nothing by themselves: pass them to NewListing::used or NewListing::zero_km"]
pub struct CarFields {
    /// `is_armored`: whether the car is armoured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_armored: Option<bool>,
    /// `armored_level`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub armored_level: Option<ArmoredLevel>,
    /// `armored`: armour type id, from [`Client::armor_types`](crate::Client::armor_types).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub armored: Option<CatalogId>,
}

impl CarFields {
    /// No car-specific field sent.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sends `is_armored: false`.
    pub fn not_armored() -> Self {
        Self {
            is_armored: Some(false),
            ..Self::default()
        }
    }
    /// An armoured car: `is_armored: true`, its level, and its armour type.
    pub fn armored(level: ArmoredLevel, armor_type: Option<CatalogId>) -> Self {
        Self {
            is_armored: Some(true),
            armored_level: Some(level),
            armored: armor_type,
        }
    }
}

/// The fields only a motorcycle (`category: 2`, Motocicleta) carries; each id
/// comes from a [`MotorcycleCatalog`](crate::MotorcycleCatalog).
///
/// ```
/// use anuncios_client::{CatalogId, MotorcycleFields};
/// let moto = MotorcycleFields::new().engine_capacity(300).gear(CatalogId(1));
/// assert_eq!(moto.engine_capacity, Some(300));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[must_use = "category fields do nothing by themselves: pass them to NewListing::used or NewListing::zero_km"]
pub struct MotorcycleFields {
    /// `breaks` (the API's spelling): brake type, from `/catalog/motorcycle/break`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breaks: Option<CatalogId>,
    /// `engine`: engine type, from `/catalog/motorcycle/engine-type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine: Option<CatalogId>,
    /// `engine_capacity`: displacement in cc.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine_capacity: Option<u32>,
    /// `gear`: gearbox type, from `/catalog/motorcycle/gear`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gear: Option<CatalogId>,
    /// `power_supply`: fuel supply type, from `/catalog/motorcycle/power-supply`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub power_supply: Option<CatalogId>,
    /// `refrigeration`: cooling type, from `/catalog/motorcycle/cooling`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refrigeration: Option<CatalogId>,
    /// `start`: starter type, from `/catalog/motorcycle/start-type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<CatalogId>,
}

macro_rules! setters {
    ($ty:ident { $( $(#[$m:meta])* $field:ident : $t:ty ),* $(,)? }) => {
        impl $ty {
            $(
                $(#[$m])*
                pub fn $field(mut self, value: $t) -> Self {
                    self.$field = Some(value);
                    self
                }
            )*
        }
    };
}

impl MotorcycleFields {
    /// No motorcycle-specific field sent.
    pub fn new() -> Self {
        Self::default()
    }
}

setters!(MotorcycleFields {
    /// Sets `breaks`.
    breaks: CatalogId,
    /// Sets `engine`.
    engine: CatalogId,
    /// Sets `engine_capacity` (cc).
    engine_capacity: u32,
    /// Sets `gear`.
    gear: CatalogId,
    /// Sets `power_supply`.
    power_supply: CatalogId,
    /// Sets `refrigeration`.
    refrigeration: CatalogId,
    /// Sets `start`.
    start: CatalogId,
});

/// The fields only a truck (`category: 3`, Caminhão) carries; the ids come
/// from a [`TruckCatalog`](crate::TruckCatalog) or the armour types.
///
/// ```
/// use anuncios_client::{CatalogId, TruckFields};
/// let truck = TruckFields::new().power(400).load_capacity(15_000).truck_type(CatalogId(2));
/// assert_eq!(truck.truck_type, Some(CatalogId(2)));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[must_use = "category fields do nothing by themselves: pass them to NewListing::used or NewListing::zero_km"]
pub struct TruckFields {
    /// `is_armored`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_armored: Option<bool>,
    /// `armored_level`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub armored_level: Option<ArmoredLevel>,
    /// `armored`: armour type id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub armored: Option<CatalogId>,
    /// `power`: engine power.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub power: Option<u32>,
    /// `load_capacity`: in kg.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_capacity: Option<u32>,
    /// `pulling_capacity`: in kg.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pulling_capacity: Option<u32>,
    /// `implement`, from `/catalog/truck/implement`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implement: Option<CatalogId>,
    /// `type`, from `/catalog/truck/type`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub truck_type: Option<CatalogId>,
    /// `cabin`, from `/catalog/truck/cabin`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cabin: Option<CatalogId>,
    /// `traction`, from `/catalog/truck/traction`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traction: Option<CatalogId>,
    /// `breaks` (the API's spelling), from `/catalog/truck/break`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breaks: Option<CatalogId>,
    /// `suspension`, from `/catalog/truck/suspension`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspension: Option<CatalogId>,
}

impl TruckFields {
    /// No truck-specific field sent.
    pub fn new() -> Self {
        Self::default()
    }
}

setters!(TruckFields {
    /// Sets `is_armored`.
    is_armored: bool,
    /// Sets `armored_level`.
    armored_level: ArmoredLevel,
    /// Sets `armored`.
    armored: CatalogId,
    /// Sets `power`.
    power: u32,
    /// Sets `load_capacity` (kg).
    load_capacity: u32,
    /// Sets `pulling_capacity` (kg).
    pulling_capacity: u32,
    /// Sets `implement`.
    implement: CatalogId,
    /// Sets `type`.
    truck_type: CatalogId,
    /// Sets `cabin`.
    cabin: CatalogId,
    /// Sets `traction`.
    traction: CatalogId,
    /// Sets `breaks`.
    breaks: CatalogId,
    /// Sets `suspension`.
    suspension: CatalogId,
});

/// The fields only an implement (`category: 4`, Implemento) carries.
///
/// ```
/// use anuncios_client::ImplementFields;
/// assert_eq!(ImplementFields::axles(3).number_of_axles, Some(3));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[must_use = "category fields do nothing by themselves: pass them to NewListing::used or NewListing::zero_km"]
pub struct ImplementFields {
    /// `number_of_axles`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_of_axles: Option<u32>,
}

impl ImplementFields {
    /// No implement-specific field sent.
    pub fn new() -> Self {
        Self::default()
    }
    /// `number_of_axles`.
    pub fn axles(n: u32) -> Self {
        Self {
            number_of_axles: Some(n),
        }
    }
}

/// The category of a listing with exactly that category's fields. On the
/// wire it is flat: `category` 1–4 next to the category's fields.
///
/// ```
/// use anuncios_client::{CarFields, CategoryFields, Category};
/// let c = CategoryFields::Car(CarFields::not_armored());
/// assert_eq!(c.category(), Category::Automovel);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum CategoryFields {
    /// `1`: Automóvel.
    Car(CarFields),
    /// `2`: Motocicleta.
    Motorcycle(MotorcycleFields),
    /// `3`: Caminhão.
    Truck(TruckFields),
    /// `4`: Implemento.
    Implement(ImplementFields),
}

impl CategoryFields {
    /// The category id sent as `category`.
    #[must_use]
    pub fn category(&self) -> Category {
        match self {
            CategoryFields::Car(_) => Category::Automovel,
            CategoryFields::Motorcycle(_) => Category::Motocicleta,
            CategoryFields::Truck(_) => Category::Caminhao,
            CategoryFields::Implement(_) => Category::Implemento,
        }
    }
}

impl From<CarFields> for CategoryFields {
    fn from(f: CarFields) -> Self {
        CategoryFields::Car(f)
    }
}
impl From<MotorcycleFields> for CategoryFields {
    fn from(f: MotorcycleFields) -> Self {
        CategoryFields::Motorcycle(f)
    }
}
impl From<TruckFields> for CategoryFields {
    fn from(f: TruckFields) -> Self {
        CategoryFields::Truck(f)
    }
}
impl From<ImplementFields> for CategoryFields {
    fn from(f: ImplementFields) -> Self {
        CategoryFields::Implement(f)
    }
}

/// The fields every listing must carry, all required: made with
/// [`ListingBasics::new`] (the fields stay readable and writable).
///
/// ```
/// use anuncios_client::{ColorId, ListingBasics, Reais, VersionDetailId};
/// let basics = ListingBasics::new(
///     VersionDetailId(1234), // version_detail_id
///     ColorId(5),            // color
///     2023,                  // make_year
///     2024,                  // model_year
///     15_000,                // km
///     Reais(85_000),         // price
///     "Único dono.",         // description
/// );
/// assert_eq!(basics.model_year, 2024);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListingBasics {
    /// `version_detail_id`, from [`Client::versions`](crate::Client::versions).
    pub version_detail_id: VersionDetailId,
    /// `color`, from [`Client::colors`](crate::Client::colors).
    pub color: ColorId,
    /// `make_year`: year of manufacture.
    pub make_year: u16,
    /// `model_year`: model year, the same as `make_year` or the year after.
    pub model_year: u16,
    /// `km`: odometer (0 for a new vehicle; more than 0 for a used one).
    pub km: u32,
    /// `price`: whole reais, more than 0.
    pub price: Reais,
    /// `description`.
    pub description: String,
}

impl ListingBasics {
    /// Every required field, in the order of the create guide's table:
    /// `version_detail_id`, `color`, `make_year`, `model_year`, `km`,
    /// `price`, `description`. The rules between them (years, km of a new or
    /// used vehicle, price above 0) are checked by
    /// [`NewListingBuilder::build`].
    pub fn new(
        version_detail_id: VersionDetailId,
        color: ColorId,
        make_year: u16,
        model_year: u16,
        km: u32,
        price: Reais,
        description: impl Into<String>,
    ) -> Self {
        Self {
            version_detail_id,
            color,
            make_year,
            model_year,
            km,
            price,
            description: description.into(),
        }
    }
}

/// New (zero km, with a plate or not) or used (with its plate).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Condition {
    New(Option<String>),
    Used(String),
}

/// Optional fields of a listing, grouped for serialization.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
struct Options {
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    youtube_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chassi: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alienated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    licensed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    only_owner: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tax_payed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accept_exchange: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    factory_warranty: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extended_warranty: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inspection: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pwd: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviews_at_the_dealership: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address_id: Option<AddressId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    photos: Vec<Photo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    features: Option<Vec<FeatureId>>,
}

/// A listing ready to send to `POST /v3/inventory/{dealer_id}` (or as a full
/// update): it can only be built through [`NewListing::used`] or
/// [`NewListing::zero_km`] and [`NewListingBuilder::build`], which checks
/// every documented rule, so an invalid listing cannot exist.
///
/// ```
/// use anuncios_client::prelude::*;
/// let basics = ListingBasics::new(
///     VersionDetailId(1234), ColorId(5), 2023, 2024, 15_000, Reais(85_000),
///     "Veículo em excelente estado.",
/// );
/// let listing = NewListing::used("abc-1234", basics, CarFields::not_armored())
///     .only_owner(true)
///     .photo(Photo::from_bytes(b"\xFF\xD8\xFF").order(1).name("foto1.jpg"))
///     .features([1, 5, 12].map(FeatureId))
///     .build()?;
/// assert_eq!(listing.license_plate().map(|p| p.as_str()), Some("ABC1234"));
/// # Ok::<(), anuncios_client::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewListing {
    basics: ListingBasics,
    is_new: bool,
    plate: Option<LicensePlate>,
    fields: CategoryFields,
    options: Options,
}

/// Builds a [`NewListing`]: the optional fields and flags of the guide, then
/// [`build`](NewListingBuilder::build).
#[derive(Debug, Clone)]
#[must_use = "call .build() to get the listing"]
pub struct NewListingBuilder {
    basics: ListingBasics,
    condition: Condition,
    fields: CategoryFields,
    options: Options,
}

macro_rules! option_setters {
    ($( $(#[$m:meta])* $field:ident : $t:ty ),* $(,)?) => {
        $(
            $(#[$m])*
            pub fn $field(mut self, value: $t) -> Self {
                self.options.$field = Some(value.into());
                self
            }
        )*
    };
}

impl NewListing {
    /// A used vehicle (`is_new: false`) with its licence plate, checked and
    /// normalised by [`build`](NewListingBuilder::build).
    pub fn used(
        license_plate: impl Into<String>,
        basics: ListingBasics,
        fields: impl Into<CategoryFields>,
    ) -> NewListingBuilder {
        NewListingBuilder {
            basics,
            condition: Condition::Used(license_plate.into()),
            fields: fields.into(),
            options: Options::default(),
        }
    }

    /// A new, zero-km vehicle (`is_new: true`), sent without a plate unless
    /// one is given with [`NewListingBuilder::license_plate`] (a zero-km
    /// vehicle may already be plated).
    pub fn zero_km(basics: ListingBasics, fields: impl Into<CategoryFields>) -> NewListingBuilder {
        NewListingBuilder {
            basics,
            condition: Condition::New(None),
            fields: fields.into(),
            options: Options::default(),
        }
    }

    /// The common required fields.
    pub fn basics(&self) -> &ListingBasics {
        &self.basics
    }
    /// The category and its fields.
    pub fn category_fields(&self) -> &CategoryFields {
        &self.fields
    }
    /// The category.
    #[must_use]
    pub fn category(&self) -> Category {
        self.fields.category()
    }
    /// Whether the vehicle is new (zero km).
    pub fn is_new(&self) -> bool {
        self.is_new
    }
    /// The plate, normalised: always there for a used vehicle, there for a
    /// zero-km one when it was given.
    pub fn license_plate(&self) -> Option<&LicensePlate> {
        self.plate.as_ref()
    }
    /// The photos.
    pub fn photos(&self) -> &[Photo] {
        &self.options.photos
    }
    /// The feature ids.
    pub fn features(&self) -> &[FeatureId] {
        self.options.features.as_deref().unwrap_or(&[])
    }
    /// The body as JSON (what is sent).
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

/// Checks the year rule: `make_year ≤ model_year ≤ make_year + 1`.
///
/// ```
/// use anuncios_client::check_years;
/// assert!(check_years(2023, 2024).is_empty());
/// assert!(check_years(2023, 2023).is_empty());
/// assert_eq!(check_years(2024, 2023).len(), 1);
/// assert_eq!(check_years(2022, 2024).len(), 1);
/// ```
#[must_use]
pub fn check_years(make_year: u16, model_year: u16) -> Vec<Violation> {
    let mut v = Vec::new();
    if make_year > model_year {
        v.push(Violation::new(
            "make_year",
            format!("make_year ({make_year}) must not be after model_year ({model_year})"),
        ));
    } else if u32::from(model_year) > u32::from(make_year) + 1 {
        v.push(Violation::new(
            "model_year",
            format!(
                "model_year ({model_year}) must be at most one year after make_year ({make_year})"
            ),
        ));
    }
    v
}

impl NewListingBuilder {
    option_setters! {
        /// `note`: additional remarks.
        note: impl Into<String>,
        /// `youtube_url`.
        youtube_url: impl Into<String>,
        /// `chassi`: chassis number.
        chassi: impl Into<String>,
        /// `alienated`: the vehicle is under a lien (alienação fiduciária).
        alienated: bool,
        /// `licensed`: licensing is up to date.
        licensed: bool,
        /// `only_owner`: single owner.
        only_owner: bool,
        /// `tax_payed` (the API's spelling): IPVA paid.
        tax_payed: bool,
        /// `accept_exchange`: trade-in accepted.
        accept_exchange: bool,
        /// `factory_warranty`.
        factory_warranty: bool,
        /// `extended_warranty`.
        extended_warranty: bool,
        /// `inspection`: has a precautionary inspection report (laudo cautelar).
        inspection: bool,
        /// `pwd`: eligible for buyers with disabilities (PCD).
        pwd: bool,
        /// `reviews_at_the_dealership`: services done at the dealership.
        reviews_at_the_dealership: bool,
        /// `address_id`: the dealer address (the server uses the first one when unset).
        address_id: AddressId,
    }

    /// Sets `license_plate`: the optional plate of a zero-km vehicle (the
    /// guide requires one only when `is_new` is false, and a new vehicle may
    /// already be plated), or, for a used vehicle, a plate replacing the one
    /// given to [`NewListing::used`]. [`build`](NewListingBuilder::build)
    /// checks and normalises it like any plate.
    ///
    /// ```
    /// use anuncios_client::prelude::*;
    /// let basics = ListingBasics::new(
    ///     VersionDetailId(1234), ColorId(5), 2024, 2024, 0, Reais(95_000), "Zero km, emplacado.",
    /// );
    /// let listing = NewListing::zero_km(basics, CarFields::new()).license_plate("abc-1d23").build()?;
    /// assert!(listing.is_new());
    /// assert_eq!(listing.license_plate().map(|p| p.as_str()), Some("ABC1D23"));
    /// # Ok::<(), anuncios_client::Error>(())
    /// ```
    pub fn license_plate(mut self, plate: impl Into<String>) -> Self {
        let plate = plate.into();
        self.condition = match self.condition {
            Condition::New(_) => Condition::New(Some(plate)),
            Condition::Used(_) => Condition::Used(plate),
        };
        self
    }

    /// Adds a photo (kept in the order added; set [`Photo::order`] to be explicit).
    pub fn photo(mut self, photo: Photo) -> Self {
        self.options.photos.push(photo);
        self
    }

    /// Adds photos.
    pub fn photos(mut self, photos: impl IntoIterator<Item = Photo>) -> Self {
        self.options.photos.extend(photos);
        self
    }

    /// Sets `features` (optional-equipment ids from [`Client::features`](crate::Client::features)).
    pub fn features(mut self, ids: impl IntoIterator<Item = FeatureId>) -> Self {
        self.options.features = Some(ids.into_iter().collect());
        self
    }

    /// Checks every rule and builds the listing, or returns every violation
    /// at once as a [`ErrorKind::Validation`](crate::ErrorKind::Validation)
    /// error (nothing is sent):
    ///
    /// * `make_year ≤ model_year ≤ make_year + 1`;
    /// * a zero-km vehicle ([`NewListing::zero_km`]) has `km == 0`, and a
    ///   valid plate if it has one;
    /// * a used vehicle has `km > 0` and a valid Brazilian plate (`LLLNNNN` or
    ///   `LLLNLNN`, after upper-casing and removing hyphens and spaces);
    /// * `price > 0`;
    /// * no photo is empty.
    pub fn build(self) -> Result<NewListing, crate::Error> {
        let mut v = check_years(self.basics.make_year, self.basics.model_year);
        let plate = match &self.condition {
            Condition::New(raw) => {
                // The documentation: `km` is "0 se for zero km".
                if self.basics.km != 0 {
                    v.push(Violation::new(
                        "km",
                        format!("a zero-km vehicle must have km 0, not {}", self.basics.km),
                    ));
                }
                // Optional, but when given it is a plate like any other.
                match raw.as_deref().map(LicensePlate::parse) {
                    None => None,
                    Some(Ok(p)) => Some(p),
                    Some(Err(e)) => {
                        v.push(Violation::new("license_plate", e.to_string()));
                        None
                    }
                }
            }
            Condition::Used(raw) => {
                if self.basics.km == 0 {
                    v.push(Violation::new(
                        "km",
                        "a used vehicle must have km greater than 0",
                    ));
                }
                if raw.trim().is_empty() {
                    v.push(Violation::new(
                        "license_plate",
                        "a used vehicle needs its licence plate",
                    ));
                    None
                } else {
                    match LicensePlate::parse(raw) {
                        Ok(p) => Some(p),
                        Err(e) => {
                            v.push(Violation::new("license_plate", e.to_string()));
                            None
                        }
                    }
                }
            }
        };
        if self.basics.price.0 == 0 {
            v.push(Violation::new("price", "price must be greater than 0"));
        }
        for (i, p) in self.options.photos.iter().enumerate() {
            if p.base64().trim().is_empty() {
                v.push(Violation::new(
                    format!("photos[{i}].base64"),
                    "the photo is empty",
                ));
            }
        }
        if !v.is_empty() {
            return Err(crate::Error::validation(v));
        }
        let is_new = matches!(self.condition, Condition::New(_));
        let plate = match (self.condition, plate) {
            (Condition::New(_), plate) => plate,
            (Condition::Used(_), Some(p)) => Some(p),
            (Condition::Used(_), None) => {
                return Err(crate::Error::validation(vec![Violation::new(
                    "license_plate",
                    "a used vehicle needs its licence plate",
                )]));
            }
        };
        Ok(NewListing {
            basics: self.basics,
            is_new,
            plate,
            fields: self.fields,
            options: self.options,
        })
    }
}

#[derive(Serialize)]
struct Wire<'a> {
    category: Category,
    version_detail_id: VersionDetailId,
    color: ColorId,
    make_year: u16,
    model_year: u16,
    km: u32,
    price: Reais,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    license_plate: Option<&'a LicensePlate>,
    is_new: bool,
    #[serde(flatten)]
    options: &'a Options,
    #[serde(flatten)]
    fields: &'a CategoryFields,
}

impl Serialize for NewListing {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Wire {
            category: self.fields.category(),
            version_detail_id: self.basics.version_detail_id,
            color: self.basics.color,
            make_year: self.basics.make_year,
            model_year: self.basics.model_year,
            km: self.basics.km,
            price: self.basics.price,
            description: &self.basics.description,
            license_plate: self.plate.as_ref(),
            is_new: self.is_new,
            options: &self.options,
            fields: &self.fields,
        }
        .serialize(serializer)
    }
}
