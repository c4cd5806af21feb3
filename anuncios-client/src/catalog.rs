//! The catalog (read-only): categories, models, versions, colours, features,
//! armour types, and the motorcycle and truck sub-catalogs.

use std::future::Future;

use autoclient_common::{Request, Response, Violation};
use futures_util::Stream;
use futures_util::future::{self, TryFutureExt};

use crate::ids::{BrandId, ColorId, FeatureId, ModelId};
use crate::models::{CatalogEntry, Category, Color, Feature, Model, Paginated, Version};
use crate::pages::{loose_list, stream_pages};
use crate::{ApiError, Client, Error};

/// The largest `pageSize` the versions endpoint accepts.
pub const MAX_PAGE_SIZE: u32 = 100;

/// Filters of [`Client::models`]: `brand` and `in_production`.
///
/// ```
/// use anuncios_client::{BrandId, ModelQuery};
/// let q = ModelQuery::new().brand(BrandId(1)).in_production(true);
/// # let _ = q;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use = "a query does nothing by itself: pass it to Client::models"]
pub struct ModelQuery {
    brand: Option<BrandId>,
    in_production: Option<bool>,
}

impl ModelQuery {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }
    /// `brand`: the manufacturer id.
    pub fn brand(mut self, brand: BrandId) -> Self {
        self.brand = Some(brand);
        self
    }
    /// `in_production`.
    pub fn in_production(mut self, yes: bool) -> Self {
        self.in_production = Some(yes);
        self
    }
}

/// Search and paging of [`Client::versions`]: `q`, `page`, `pageSize` (at
/// most [`MAX_PAGE_SIZE`]).
///
/// ```
/// use anuncios_client::VersionQuery;
/// let q = VersionQuery::new().search("1.0").page_size(50);
/// # let _ = q;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use = "a query does nothing by itself: pass it to Client::versions or Client::versions_stream"]
pub struct VersionQuery {
    q: Option<String>,
    page: Option<u32>,
    page_size: Option<u32>,
}

impl VersionQuery {
    /// No search; the server's first page and default size.
    pub fn new() -> Self {
        Self::default()
    }
    /// `q`: partial, case-insensitive name search.
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.q = Some(text.into());
        self
    }
    /// `page` (from 1).
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }
    /// `pageSize` (1 to 100).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    fn request(&self, model: ModelId) -> Result<Request, Error> {
        let mut v = Vec::new();
        if let Some(s) = self.page_size
            && !(1..=MAX_PAGE_SIZE).contains(&s)
        {
            v.push(Violation::new(
                "pageSize",
                format!("must be between 1 and {MAX_PAGE_SIZE}, not {s}"),
            ));
        }
        if self.page == Some(0) {
            v.push(Violation::new("page", "pages start at 1"));
        }
        if !v.is_empty() {
            return Err(Error::validation(v));
        }
        Ok(Request::get("v3/catalog/versions")
            .segment("model", model)
            .query_opt("q", self.q.as_deref())
            .query_opt("page", self.page)
            .query_opt("pageSize", self.page_size))
    }
}

/// The motorcycle sub-catalogs named by the create guide (their response
/// shape is not documented: read as [`CatalogEntry`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MotorcycleCatalog {
    /// `/catalog/motorcycle/break`: for `breaks`.
    Break,
    /// `/catalog/motorcycle/engine-type`: for `engine`.
    EngineType,
    /// `/catalog/motorcycle/gear`: for `gear`.
    Gear,
    /// `/catalog/motorcycle/power-supply`: for `power_supply`.
    PowerSupply,
    /// `/catalog/motorcycle/cooling`: for `refrigeration`.
    Cooling,
    /// `/catalog/motorcycle/start-type`: for `start`.
    StartType,
}

impl MotorcycleCatalog {
    /// Every motorcycle sub-catalog.
    pub const ALL: [MotorcycleCatalog; 6] = [
        Self::Break,
        Self::EngineType,
        Self::Gear,
        Self::PowerSupply,
        Self::Cooling,
        Self::StartType,
    ];
    /// The path segment after `/catalog/motorcycle/`.
    pub fn path(self) -> &'static str {
        match self {
            Self::Break => "break",
            Self::EngineType => "engine-type",
            Self::Gear => "gear",
            Self::PowerSupply => "power-supply",
            Self::Cooling => "cooling",
            Self::StartType => "start-type",
        }
    }
}

/// The truck sub-catalogs named by the create guide (their response shape is
/// not documented: read as [`CatalogEntry`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TruckCatalog {
    /// `/catalog/truck/implement`: for `implement`.
    Implement,
    /// `/catalog/truck/type`: for `type`.
    Type,
    /// `/catalog/truck/cabin`: for `cabin`.
    Cabin,
    /// `/catalog/truck/traction`: for `traction`.
    Traction,
    /// `/catalog/truck/break`: for `breaks`.
    Break,
    /// `/catalog/truck/suspension`: for `suspension`.
    Suspension,
}

impl TruckCatalog {
    /// Every truck sub-catalog.
    pub const ALL: [TruckCatalog; 6] = [
        Self::Implement,
        Self::Type,
        Self::Cabin,
        Self::Traction,
        Self::Break,
        Self::Suspension,
    ];
    /// The path segment after `/catalog/truck/`.
    pub fn path(self) -> &'static str {
        match self {
            Self::Implement => "implement",
            Self::Type => "type",
            Self::Cabin => "cabin",
            Self::Traction => "traction",
            Self::Break => "break",
            Self::Suspension => "suspension",
        }
    }
}

impl Client {
    fn get_json<T>(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<T, Error>> + Send + 'static + use<T>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
    {
        let sent = self.http.send_json::<T, ApiError>(req);
        sent.map_ok(Response::into_body)
    }

    /// The vehicle categories (`GET /v3/catalog/category`). The response
    /// shape is not documented: read loosely (a list, or pages followed).
    pub fn categories(
        &self,
    ) -> impl Future<Output = Result<Vec<CatalogEntry>, Error>> + Send + 'static + use<> {
        loose_list(self.http.clone(), Request::get("v3/catalog/category"))
    }

    /// The models (`GET /v3/catalog/model`), alphabetical, optionally by
    /// brand and production status.
    ///
    /// ```no_run
    /// # async fn run(client: anuncios_client::Client) -> anuncios_client::Result<()> {
    /// use anuncios_client::{BrandId, ModelQuery};
    /// let models = client.models(&ModelQuery::new().brand(BrandId(1))).await?;
    /// # Ok(()) }
    /// ```
    pub fn models(
        &self,
        query: &ModelQuery,
    ) -> impl Future<Output = Result<Vec<Model>, Error>> + Send + 'static + use<> {
        let req = Request::get("v3/catalog/model")
            .query_opt("brand", query.brand)
            .query_opt("in_production", query.in_production);
        self.get_json(req)
    }

    /// One model (`GET /v3/catalog/model/{id}`).
    pub fn model(
        &self,
        id: ModelId,
    ) -> impl Future<Output = Result<Model, Error>> + Send + 'static + use<> {
        self.get_json(Request::get("v3/catalog/model").segment("id", id))
    }

    /// One page of a model's versions (`GET /v3/catalog/versions/{model_id}`);
    /// each `id` is a `version_detail_id`. A `pageSize` above 100 is refused
    /// before sending.
    pub fn versions(
        &self,
        model: ModelId,
        query: &VersionQuery,
    ) -> impl Future<Output = Result<Paginated<Version>, Error>> + Send + 'static + use<> {
        let req = query.request(model);
        let sent = req.map(|req| self.http.send_json::<Paginated<Version>, ApiError>(req));
        future::ready(sent)
            .try_flatten()
            .map_ok(Response::into_body)
    }

    /// Every version of a model matching `query`, following the `next` links
    /// on the configured origin only.
    pub fn versions_stream(
        &self,
        model: ModelId,
        query: &VersionQuery,
    ) -> impl Stream<Item = Result<Version, Error>> + Send + 'static + use<> {
        use futures_util::StreamExt;
        match query.request(model) {
            Ok(req) => stream_pages(self.http.clone(), req).left_stream(),
            Err(e) => futures_util::stream::once(async move { Err(e) }).right_stream(),
        }
    }

    /// The colours (`GET /v3/catalog/color`).
    pub fn colors(
        &self,
    ) -> impl Future<Output = Result<Vec<Color>, Error>> + Send + 'static + use<> {
        self.get_json(Request::get("v3/catalog/color"))
    }

    /// One colour (`GET /v3/catalog/color/{id}`).
    pub fn color(
        &self,
        id: ColorId,
    ) -> impl Future<Output = Result<Color, Error>> + Send + 'static + use<> {
        self.get_json(Request::get("v3/catalog/color").segment("id", id))
    }

    /// The optional equipment (`GET /v3/catalog/feature`), of one category
    /// when given (`?category=`).
    pub fn features(
        &self,
        category: Option<Category>,
    ) -> impl Future<Output = Result<Vec<Feature>, Error>> + Send + 'static + use<> {
        self.get_json(Request::get("v3/catalog/feature").query_opt("category", category))
    }

    /// One feature (`GET /v3/catalog/feature/{id}`).
    pub fn feature(
        &self,
        id: FeatureId,
    ) -> impl Future<Output = Result<Feature, Error>> + Send + 'static + use<> {
        self.get_json(Request::get("v3/catalog/feature").segment("id", id))
    }

    /// The armour types (`GET /v3/catalog/armor-type`), for `armored`.
    /// Shape not documented: read loosely.
    pub fn armor_types(
        &self,
    ) -> impl Future<Output = Result<Vec<CatalogEntry>, Error>> + Send + 'static + use<> {
        loose_list(self.http.clone(), Request::get("v3/catalog/armor-type"))
    }

    /// A motorcycle sub-catalog (`GET /v3/catalog/motorcycle/...`). Shape not
    /// documented: read loosely.
    pub fn motorcycle_catalog(
        &self,
        which: MotorcycleCatalog,
    ) -> impl Future<Output = Result<Vec<CatalogEntry>, Error>> + Send + 'static + use<> {
        loose_list(
            self.http.clone(),
            Request::get("v3/catalog/motorcycle").path(which.path()),
        )
    }

    /// A truck sub-catalog (`GET /v3/catalog/truck/...`). Shape not
    /// documented: read loosely.
    pub fn truck_catalog(
        &self,
        which: TruckCatalog,
    ) -> impl Future<Output = Result<Vec<CatalogEntry>, Error>> + Send + 'static + use<> {
        loose_list(
            self.http.clone(),
            Request::get("v3/catalog/truck").path(which.path()),
        )
    }
}
