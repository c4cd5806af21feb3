//! An in-process, stateful fake of the Loja Conectada API (feature `mock`),
//! for our tests, the examples, and your own integration tests.
//!
//! It runs on a local port (on wiremock) and behaves as documented where the
//! documentation says how:
//!
//! * every call needs `Authorization: Bearer <token>`: without it, 401
//!   `{"detail": "As credenciais de autenticação não foram fornecidas."}`;
//!   with an unknown token, 401 `{"detail": "Token inválido ou expirado."}`;
//! * listings are stored per dealer; an unknown dealer is 404
//!   `{"detail": "Não encontrado."}`, a dealer the token may not use is 403;
//! * a create (and a full or partial update) is validated as the guide says,
//!   and rejected with 400 and the field → `[messages]` map: required fields,
//!   `category` 1–4, `make_year ≤ model_year ≤ make_year + 1`, a used
//!   vehicle's plate (present and `LLLNNNN`/`LLLNLNN`) and `km > 0`,
//!   `price > 0`, and `version_detail_id` present in the catalog;
//! * a small catalog (categories, models, versions with search and paging,
//!   colours, features by category, armour types, motorcycle and truck
//!   sub-catalogs); writes to it get 405.
//!
//! Where the documentation is silent, the mock chooses (these are **not**
//! facts about the real API): lists page with `page` and `pageSize`
//! (default 20) and write absolute `next` links on the mock's origin (or
//! the one given to [`MockAnuncios::set_link_origin`]); a created listing
//! is returned in the list's shape, with the members sent kept; `DELETE
//! /inventory/item/{id}` marks the listing sold (204; it moves to the sold
//! list); `DELETE /inventory/{dealer_id}` answers 400, because how it
//! identifies the ad is unknown. The documentation names no filter on the
//! inventory list and no rule for a plate listed twice, so the mock has
//! neither: [`Client::reconcile`](crate::Client::reconcile) reads the whole
//! inventory to match listings by plate, and the mock, like the
//! documentation, accepts two listings with one plate.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use anuncios_client::mock::{MockAnuncios, MOCK_DEALER_ID};
//! use anuncios_client::prelude::*;
//! let mock = MockAnuncios::start().await;
//! let client = mock.client();
//! let basics = ListingBasics::new(
//!     VersionDetailId(1001), ColorId(1), 2023, 2024, 15_000, Reais(85_000), "Único dono.",
//! );
//! let listing = NewListing::used("ABC1234", basics, CarFields::new()).build().unwrap();
//! let created = client.create_listing(MOCK_DEALER_ID, &listing).await.unwrap();
//! assert_eq!(mock.listings(MOCK_DEALER_ID).len(), 1);
//! assert_eq!(created.license_plate.as_deref(), Some("ABC1234"));
//! # });
//! ```

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use autoclient_common::mock::bearer_token;
pub use autoclient_common::mock::{Fault, FaultQueue};
use autoclient_common::{Auth, ClientConfig, RetryPolicy};
use serde_json::{Map, Value, json};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use crate::ids::{DealerId, ListingId};
use crate::plate::LicensePlate;
use crate::{Client, ClientBuilder};

/// The JWT the mock accepts by default.
pub const MOCK_TOKEN: &str = "mock-anuncios-jwt";

/// The dealer the mock knows by default.
pub const MOCK_DEALER_ID: DealerId = DealerId(10);

/// The first listing id the mock hands out.
pub const FIRST_LISTING_ID: u64 = 12345;

const NO_CREDENTIALS: &str = "As credenciais de autenticação não foram fornecidas.";
const BAD_TOKEN: &str = "Token inválido ou expirado.";
const FORBIDDEN: &str = "Você não tem permissão para executar essa ação.";
const NOT_FOUND: &str = "Não encontrado.";
const REQUIRED: &str = "Este campo é obrigatório.";

#[derive(Debug, Clone)]
struct Stored {
    dealer: u64,
    write: Map<String, Value>,
    created_at: String,
    sold: bool,
}

#[derive(Debug)]
struct State {
    tokens: HashSet<String>,
    dealers: BTreeSet<u64>,
    forbidden: BTreeSet<u64>,
    listings: BTreeMap<u64, Stored>,
    next_id: u64,
    page_size: usize,
    link_origin: Option<String>,
}

/// A running fake Loja Conectada. Dropping it stops the server.
#[derive(Debug)]
pub struct MockAnuncios {
    server: MockServer,
    state: Arc<Mutex<State>>,
    faults: FaultQueue,
}

struct Router {
    state: Arc<Mutex<State>>,
    faults: FaultQueue,
    origin: String,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn detail(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({ "detail": message }))
}

fn named(id: u64, name: &str) -> Value {
    json!({"id": id, "name": name})
}

// ---- the catalog -------------------------------------------------------

fn categories() -> Value {
    json!([
        named(1, "Automóvel"),
        named(2, "Motocicleta"),
        named(3, "Caminhão"),
        named(4, "Implemento"),
    ])
}

/// (model id, name, brand id, brand name, in production)
const MODELS: &[(u64, &str, u64, &str, bool)] = &[
    (10, "Corolla", 1, "Toyota", true),
    (123, "Onix", 2, "Chevrolet", true),
    (200, "CB 600F", 3, "Honda", false),
    (300, "FH 540", 4, "Volvo", true),
    (400, "Graneleiro", 5, "Randon", true),
];

/// (version id, model id, name, fuel, category)
const VERSIONS: &[(u64, u64, &str, &str, u64)] = &[
    (100, 10, "XEi 2.0", "Flex", 1),
    (1001, 123, "Onix 1.0 MT", "Flex", 1),
    (1002, 123, "Onix 1.4 AT", "Flex", 1),
    (1003, 123, "Onix 1.0 Turbo AT", "Flex", 1),
    (2001, 200, "CB 600F Hornet", "Gasolina", 2),
    (3001, 300, "FH 540 6x4", "Diesel", 3),
    (4001, 400, "Graneleiro 3 eixos", "Não se aplica", 4),
];

fn model_json(m: &(u64, &str, u64, &str, bool)) -> Value {
    named(m.0, m.1)
}

fn version_json(v: &(u64, u64, &str, &str, u64)) -> Value {
    let model = MODELS.iter().find(|m| m.0 == v.1);
    json!({
        "id": v.0,
        "name": v.2,
        "model": named(v.1, model.map_or("", |m| m.1)),
        "fuel": named(1, v.3),
        "door": if v.4 == 1 { named(1, "4 portas") } else { Value::Null },
        "transmission": named(1, "Manual"),
        "body": named(v.4, match v.4 { 1 => "Hatchback", 2 => "Street", 3 => "Cavalo mecânico", _ => "Graneleiro" }),
        "motorcycle_style": if v.4 == 2 { named(1, "Naked") } else { Value::Null },
        "is_still_production": model.is_some_and(|m| m.4),
        "start_year": 2020,
        "end_year": Value::Null,
        "body_id": v.4,
        "motorcycle_style_id": if v.4 == 2 { json!(1) } else { Value::Null },
    })
}

const COLORS: &[(u64, &str)] = &[
    (1, "Branco"),
    (2, "Preto"),
    (3, "Prata"),
    (4, "Vermelho"),
    (5, "Azul"),
];

/// (id, name, category)
const FEATURES: &[(u64, &str, u64)] = &[
    (1, "Ar Condicionado", 1),
    (2, "Direção Hidráulica", 1),
    (3, "Vidros Elétricos", 1),
    (4, "Airbag", 1),
    (5, "ABS", 1),
    (10, "Freio ABS", 2),
    (15, "Partida Elétrica", 2),
    (20, "Ar Condicionado", 3),
    (25, "Piloto Automático", 3),
    (30, "Suspensão a Ar", 4),
];

fn small_catalog(group: &str, which: &str) -> Option<Value> {
    let names: &[&str] = match (group, which) {
        ("armor-type", "") => &["Opaca", "Transparente"],
        ("motorcycle", "break") => &["Disco", "Tambor"],
        ("motorcycle", "engine-type") => &["2 tempos", "4 tempos"],
        ("motorcycle", "gear") => &["Manual", "Automática"],
        ("motorcycle", "power-supply") => &["Injeção eletrônica", "Carburador"],
        ("motorcycle", "cooling") => &["Ar", "Líquida"],
        ("motorcycle", "start-type") => &["Elétrica", "Pedal"],
        ("truck", "implement") => &["Baú", "Graneleiro", "Sider"],
        ("truck", "type") => &["Leve", "Cavalo mecânico", "Pesado"],
        ("truck", "cabin") => &["Simples", "Leito"],
        ("truck", "traction") => &["4x2", "6x2", "6x4"],
        ("truck", "break") => &["Ar", "Hidráulico"],
        ("truck", "suspension") => &["Molas", "Ar"],
        _ => return None,
    };
    Some(Value::Array(
        names
            .iter()
            .enumerate()
            .map(|(i, n)| named(i as u64 + 1, n))
            .collect(),
    ))
}

// ---- validation ----------------------------------------------------------

fn int(body: &Map<String, Value>, k: &str) -> Option<i64> {
    body.get(k).and_then(Value::as_i64)
}

/// The server-side checks of the guide, as a field → `[messages]` map.
fn validate(body: &Map<String, Value>) -> BTreeMap<String, Vec<String>> {
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |f: &str, m: &str| errors.entry(f.to_owned()).or_default().push(m.to_owned());
    for f in [
        "category",
        "version_detail_id",
        "color",
        "make_year",
        "model_year",
        "km",
        "price",
    ] {
        match body.get(f) {
            None | Some(Value::Null) => add(f, REQUIRED),
            Some(v) if v.as_i64().is_none() => add(f, "Um número inteiro válido é necessário."),
            _ => {}
        }
    }
    match body.get("description") {
        Some(Value::String(_)) => {}
        None | Some(Value::Null) => add("description", REQUIRED),
        Some(_) => add("description", "Not a valid string."),
    }
    if let Some(c) = int(body, "category")
        && !(1..=4).contains(&c)
    {
        add("category", "Categoria inválida.");
    }
    if let Some(v) = int(body, "version_detail_id")
        && !VERSIONS.iter().any(|x| x.0 as i64 == v)
    {
        add("version_detail_id", "Versão detalhada não encontrada.");
    }
    if let (Some(make), Some(model)) = (int(body, "make_year"), int(body, "model_year")) {
        if make > model {
            add(
                "make_year",
                "O ano de fabricação não pode ser maior que o ano do modelo.",
            );
        } else if model - make > 1 {
            add(
                "model_year",
                "A diferença entre o ano do modelo e o de fabricação não pode ser maior que 1 ano.",
            );
        }
    }
    if let Some(p) = int(body, "price")
        && p <= 0
    {
        add("price", "Preço deve ser maior que 0");
    }
    let is_new = body.get("is_new").and_then(Value::as_bool).unwrap_or(false);
    if !is_new {
        match body.get("license_plate").and_then(Value::as_str) {
            None => add(
                "license_plate",
                "License plate cannot be blank for used vehicles",
            ),
            Some(p) if p.trim().is_empty() => add(
                "license_plate",
                "License plate cannot be blank for used vehicles",
            ),
            Some(p) if LicensePlate::parse(p).is_err() => {
                add("license_plate", "Placa em formato inválido.")
            }
            Some(_) => {}
        }
        if let Some(km) = int(body, "km")
            && km <= 0
        {
            add(
                "km",
                "A quilometragem deve ser maior que 0 para veículos usados.",
            );
        }
    }
    errors
}

/// The listing as the list and detail endpoints show it.
fn render(id: u64, s: &Stored, origin: &str) -> Value {
    let w = &s.write;
    let mut out = w.clone();
    for k in ["make_year", "model_year", "photos"] {
        out.remove(k);
    }
    let version =
        int(w, "version_detail_id").and_then(|v| VERSIONS.iter().find(|x| x.0 as i64 == v));
    let model = version.and_then(|v| MODELS.iter().find(|m| m.0 == v.1));
    let color = int(w, "color").and_then(|c| COLORS.iter().find(|x| x.0 as i64 == c));
    let photos = w
        .get("photos")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let mut set = |k: &str, v: Value| {
        out.insert(k.to_owned(), v);
    };
    set("id", json!(id));
    set("status", json!(if s.sold { 2 } else { 1 }));
    set(
        "year",
        json!({"make": w.get("make_year"), "model": w.get("model_year")}),
    );
    if let Some(m) = model {
        set("make", named(m.2, m.3));
        set("model", named(m.0, m.1));
    }
    if let Some(v) = version {
        set("fuel", named(1, v.3));
        set("version_site", json!(v.2));
    }
    if let Some(c) = color {
        set("color", named(c.0, c.1));
    }
    for flag in [
        "accept_exchange",
        "alienated",
        "extended_warranty",
        "factory_warranty",
        "inspection",
        "is_new",
        "licensed",
        "only_owner",
        "pwd",
        "reviews_at_the_dealership",
        "tax_payed",
    ] {
        let v = w.get(flag).and_then(Value::as_bool).unwrap_or(false);
        set(flag, json!(v));
    }
    if let Some(p) = w
        .get("license_plate")
        .and_then(Value::as_str)
        .and_then(|p| LicensePlate::parse(p).ok())
    {
        set("license_plate", json!(p.as_str()));
    }
    set("status_ad_site", json!(!s.sold));
    set("is_imported", json!(false));
    set("text_price_site", json!("Preço"));
    set("show_price_site", json!(true));
    set("created_at", json!(s.created_at));
    set("updated_at", json!(s.created_at));
    set("created_by", json!("API"));
    set("updated_by", json!("API"));
    set("total_photo", json!(photos));
    set(
        "first_photo",
        if photos > 0 {
            json!(format!("{origin}/media/thumb/{}/{id}/foto1.jpg", s.dealer))
        } else {
            Value::Null
        },
    );
    set("integration", json!([]));
    Value::Object(out)
}

fn render_sold(id: u64, s: &Stored, origin: &str) -> Value {
    let full = render(id, s, origin);
    let name = |k: &str| full.get(k).and_then(|v| v.get("name")).cloned();
    json!({
        "id": id,
        "status": 2,
        "category": full.get("category"),
        "make": name("make"),
        "model": name("model"),
        "version": full.get("version_site"),
        "year": full.get("year"),
        "license_plate": full.get("license_plate"),
        "created_at": full.get("created_at"),
        "updated_at": full.get("updated_at"),
        "created_by": full.get("created_by"),
        "updated_by": full.get("updated_by"),
        "first_photo": full.get("first_photo"),
    })
}

fn query(req: &wiremock::Request) -> BTreeMap<String, String> {
    req.url.query_pairs().into_owned().collect()
}

/// A DRF page of `items` with absolute links on `link_origin`.
fn page(
    req: &wiremock::Request,
    items: Vec<Value>,
    default_size: usize,
    link_origin: &str,
) -> ResponseTemplate {
    let q = query(req);
    let size = q
        .get("pageSize")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(default_size)
        .clamp(1, 100);
    let page_no = q
        .get("page")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(1);
    let pages = items.len().div_ceil(size).max(1);
    if page_no == 0 || page_no > pages {
        return detail(404, "Página inválida.");
    }
    let link = |n: usize| {
        let mut url = format!("{link_origin}{}?", req.url.path());
        for (k, v) in &q {
            if k != "page" {
                url.push_str(&format!("{k}={v}&"));
            }
        }
        url.push_str(&format!("page={n}"));
        url
    };
    let count = items.len();
    let results: Vec<Value> = items
        .into_iter()
        .skip((page_no - 1) * size)
        .take(size)
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "count": count,
        "next": if page_no < pages { json!(link(page_no + 1)) } else { Value::Null },
        "previous": if page_no > 1 { json!(link(page_no - 1)) } else { Value::Null },
        "results": results,
    }))
}

impl Respond for Router {
    fn respond(&self, req: &wiremock::Request) -> ResponseTemplate {
        self.faults.respond_with(|| self.handle(req))
    }
}

impl Router {
    fn handle(&self, req: &wiremock::Request) -> ResponseTemplate {
        let mut st = lock(&self.state);
        match bearer_token(req) {
            None => return detail(401, NO_CREDENTIALS),
            Some(t) if !st.tokens.contains(&t) => return detail(401, BAD_TOKEN),
            Some(_) => {}
        }
        let path = req.url.path().to_owned();
        let Some(rest) = path.strip_prefix("/v3/") else {
            return detail(404, NOT_FOUND);
        };
        let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        let method = req.method.as_str();
        match segs.as_slice() {
            ["catalog", ..] if method != "GET" => {
                detail(405, &format!("Método \"{method}\" não é permitido."))
            }
            ["catalog", rest @ ..] => {
                let links = self.link_origin(&st).to_owned();
                self.catalog(req, rest, st.page_size, &links)
            }
            ["inventory", "item", id] => match id.parse::<u64>() {
                Ok(id) => self.item(&mut st, req, id),
                Err(_) => detail(404, NOT_FOUND),
            },
            ["inventory", "sold", dealer] => {
                let dealer = match self.dealer(&st, dealer) {
                    Ok(d) => d,
                    Err(r) => return *r,
                };
                if method != "GET" {
                    return detail(405, &format!("Método \"{method}\" não é permitido."));
                }
                let items = st
                    .listings
                    .iter()
                    .filter(|(_, s)| s.dealer == dealer && s.sold)
                    .map(|(id, s)| render_sold(*id, s, &self.origin))
                    .collect();
                page(req, items, st.page_size, self.link_origin(&st))
            }
            ["inventory", dealer] => {
                let dealer = match self.dealer(&st, dealer) {
                    Ok(d) => d,
                    Err(r) => return *r,
                };
                match method {
                    "GET" => {
                        let items = st
                            .listings
                            .iter()
                            .filter(|(_, s)| s.dealer == dealer && !s.sold)
                            .map(|(id, s)| render(*id, s, &self.origin))
                            .collect();
                        page(req, items, st.page_size, self.link_origin(&st))
                    }
                    "POST" => self.create(&mut st, req, dealer),
                    "DELETE" => detail(
                        400,
                        "The mock does not know how this endpoint identifies the ad; use DELETE /v3/inventory/item/{ad_id}.",
                    ),
                    _ => detail(405, &format!("Método \"{method}\" não é permitido.")),
                }
            }
            _ => detail(404, NOT_FOUND),
        }
    }

    fn link_origin<'a>(&'a self, st: &'a State) -> &'a str {
        st.link_origin.as_deref().unwrap_or(&self.origin)
    }

    fn dealer(&self, st: &State, raw: &str) -> Result<u64, Box<ResponseTemplate>> {
        let Ok(d) = raw.parse::<u64>() else {
            return Err(Box::new(detail(404, NOT_FOUND)));
        };
        if !st.dealers.contains(&d) {
            return Err(Box::new(detail(404, NOT_FOUND)));
        }
        if st.forbidden.contains(&d) {
            return Err(Box::new(detail(403, FORBIDDEN)));
        }
        Ok(d)
    }

    fn body(req: &wiremock::Request) -> Result<Map<String, Value>, Box<ResponseTemplate>> {
        match serde_json::from_slice::<Value>(&req.body) {
            Ok(Value::Object(m)) => Ok(m),
            _ => Err(Box::new(ResponseTemplate::new(400).set_body_json(
                json!({"non_field_errors": ["Dados inválidos. Esperava um dicionário."]}),
            ))),
        }
    }

    fn create(&self, st: &mut State, req: &wiremock::Request, dealer: u64) -> ResponseTemplate {
        let body = match Self::body(req) {
            Ok(b) => b,
            Err(r) => return *r,
        };
        let errors = validate(&body);
        if !errors.is_empty() {
            return ResponseTemplate::new(400).set_body_json(errors);
        }
        let id = st.next_id;
        st.next_id += 1;
        let stored = Stored {
            dealer,
            write: body,
            created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            sold: false,
        };
        let out = render(id, &stored, &self.origin);
        st.listings.insert(id, stored);
        ResponseTemplate::new(201).set_body_json(out)
    }

    fn item(&self, st: &mut State, req: &wiremock::Request, id: u64) -> ResponseTemplate {
        let Some(stored) = st.listings.get(&id).cloned() else {
            return detail(404, NOT_FOUND);
        };
        if st.forbidden.contains(&stored.dealer) {
            return detail(403, FORBIDDEN);
        }
        match req.method.as_str() {
            "GET" => ResponseTemplate::new(200).set_body_json(render(id, &stored, &self.origin)),
            "PUT" | "PATCH" => {
                let body = match Self::body(req) {
                    Ok(b) => b,
                    Err(r) => return *r,
                };
                let write = if req.method.as_str() == "PUT" {
                    body
                } else {
                    let mut merged = stored.write.clone();
                    merged.extend(body);
                    merged
                };
                let errors = validate(&write);
                if !errors.is_empty() {
                    return ResponseTemplate::new(400).set_body_json(errors);
                }
                let updated = Stored { write, ..stored };
                let out = render(id, &updated, &self.origin);
                st.listings.insert(id, updated);
                ResponseTemplate::new(200).set_body_json(out)
            }
            "DELETE" => {
                if let Some(s) = st.listings.get_mut(&id) {
                    s.sold = true;
                }
                ResponseTemplate::new(204)
            }
            m => detail(405, &format!("Método \"{m}\" não é permitido.")),
        }
    }

    fn catalog(
        &self,
        req: &wiremock::Request,
        rest: &[&str],
        page_size: usize,
        links: &str,
    ) -> ResponseTemplate {
        let q = query(req);
        let ok = |v: Value| ResponseTemplate::new(200).set_body_json(v);
        let one = |items: Value, id: &str| {
            items
                .as_array()
                .and_then(|a| {
                    a.iter()
                        .find(|i| i.get("id").map(Value::to_string).as_deref() == Some(id))
                })
                .cloned()
                .map_or_else(|| detail(404, NOT_FOUND), ok)
        };
        match rest {
            ["category"] => ok(categories()),
            ["model"] => {
                let brand = q.get("brand").and_then(|b| b.parse::<u64>().ok());
                let prod = q.get("in_production").map(|p| p == "true" || p == "True");
                let mut models: Vec<_> = MODELS
                    .iter()
                    .filter(|m| brand.is_none_or(|b| m.2 == b))
                    .filter(|m| prod.is_none_or(|p| m.4 == p))
                    .collect();
                models.sort_by_key(|m| m.1);
                ok(Value::Array(models.into_iter().map(model_json).collect()))
            }
            ["model", id] => one(Value::Array(MODELS.iter().map(model_json).collect()), id),
            ["versions", model] => {
                let Ok(model) = model.parse::<u64>() else {
                    return detail(404, NOT_FOUND);
                };
                let search = q.get("q").map(|s| s.to_lowercase());
                let items = VERSIONS
                    .iter()
                    .filter(|v| v.1 == model)
                    .filter(|v| {
                        search
                            .as_deref()
                            .is_none_or(|s| v.2.to_lowercase().contains(s))
                    })
                    .map(version_json)
                    .collect();
                page(req, items, page_size, links)
            }
            ["color"] => ok(Value::Array(
                COLORS.iter().map(|c| named(c.0, c.1)).collect(),
            )),
            ["color", id] => one(
                Value::Array(COLORS.iter().map(|c| named(c.0, c.1)).collect()),
                id,
            ),
            ["feature"] => {
                let cat = q.get("category").and_then(|c| c.parse::<u64>().ok());
                ok(Value::Array(
                    FEATURES
                        .iter()
                        .filter(|f| cat.is_none_or(|c| f.2 == c))
                        .map(|f| json!({"id": f.0, "name": f.1, "category": f.2}))
                        .collect(),
                ))
            }
            ["feature", id] => one(
                Value::Array(
                    FEATURES
                        .iter()
                        .map(|f| json!({"id": f.0, "name": f.1, "category": f.2}))
                        .collect(),
                ),
                id,
            ),
            ["armor-type"] => {
                small_catalog("armor-type", "").map_or_else(|| detail(404, NOT_FOUND), ok)
            }
            [group @ ("motorcycle" | "truck"), which] => {
                small_catalog(group, which).map_or_else(|| detail(404, NOT_FOUND), ok)
            }
            _ => detail(404, NOT_FOUND),
        }
    }
}

impl MockAnuncios {
    /// Starts a mock that accepts [`MOCK_TOKEN`] and knows dealer [`MOCK_DEALER_ID`].
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            tokens: [MOCK_TOKEN.to_owned()].into_iter().collect(),
            dealers: [MOCK_DEALER_ID.0].into_iter().collect(),
            forbidden: BTreeSet::new(),
            listings: BTreeMap::new(),
            next_id: FIRST_LISTING_ID,
            page_size: 20,
            link_origin: None,
        }));
        let faults = FaultQueue::default();
        Mock::given(wiremock::matchers::any())
            .respond_with(Router {
                state: state.clone(),
                faults: faults.clone(),
                origin: server.uri(),
            })
            .named("loja conectada")
            .mount(&server)
            .await;
        Self {
            server,
            state,
            faults,
        }
    }

    /// The mock's base URL (e.g. `http://127.0.0.1:40123`), without `/v3`.
    pub fn base_url(&self) -> String {
        self.server.uri()
    }

    /// A client for this mock with [`MOCK_TOKEN`] and fast retries.
    pub fn client(&self) -> Client {
        self.client_with_auth(Auth::bearer(MOCK_TOKEN))
    }

    /// A client for this mock with other credentials (a token source, a wrong token).
    pub fn client_with_auth(&self, auth: Auth) -> Client {
        self.client_builder(auth)
            .build()
            .unwrap_or_else(|e| unreachable!("the mock's own URL is valid: {e}"))
    }

    /// A client builder for this mock (backoff base 10 ms), to adjust.
    pub fn client_builder(&self, auth: Auth) -> ClientBuilder {
        Client::builder(auth).base_url(self.base_url()).config(
            ClientConfig::default()
                .with_retry(RetryPolicy::default().with_base_delay(Duration::from_millis(10))),
        )
    }

    /// The fault queue: each request takes the next fault, if any.
    pub fn faults(&self) -> &FaultQueue {
        &self.faults
    }

    /// Accepts another token.
    pub fn accept_token(&self, token: &str) {
        lock(&self.state).tokens.insert(token.to_owned());
    }

    /// Stops accepting a token (it then gets 401 "Token inválido ou expirado.").
    pub fn revoke_token(&self, token: &str) {
        lock(&self.state).tokens.remove(token);
    }

    /// Adds a dealer.
    pub fn add_dealer(&self, dealer: DealerId) {
        lock(&self.state).dealers.insert(dealer.0);
    }

    /// Makes a dealer known but forbidden to the token (403).
    pub fn forbid_dealer(&self, dealer: DealerId) {
        let mut st = lock(&self.state);
        st.dealers.insert(dealer.0);
        st.forbidden.insert(dealer.0);
    }

    /// Sets the default page size of the lists (at least 1).
    pub fn set_page_size(&self, size: usize) {
        lock(&self.state).page_size = size.max(1);
    }

    /// Writes `next`/`previous` links on another origin (like the
    /// documentation's `http://api.example.com`), to check that clients
    /// follow them on their own origin.
    pub fn set_link_origin(&self, origin: &str) {
        lock(&self.state).link_origin = Some(origin.trim_end_matches('/').to_owned());
    }

    /// The dealer's active listings, as the list endpoint shows them.
    pub fn listings(&self, dealer: DealerId) -> Vec<Value> {
        let st = lock(&self.state);
        let origin = self.base_url();
        st.listings
            .iter()
            .filter(|(_, s)| s.dealer == dealer.0 && !s.sold)
            .map(|(id, s)| render(*id, s, &origin))
            .collect()
    }

    /// The dealer's sold listings, as the sold list shows them.
    pub fn sold(&self, dealer: DealerId) -> Vec<Value> {
        let st = lock(&self.state);
        let origin = self.base_url();
        st.listings
            .iter()
            .filter(|(_, s)| s.dealer == dealer.0 && s.sold)
            .map(|(id, s)| render_sold(*id, s, &origin))
            .collect()
    }

    /// The body the mock last accepted for a listing (create or update), as received.
    pub fn received_listing(&self, id: ListingId) -> Option<Value> {
        lock(&self.state)
            .listings
            .get(&id.0)
            .map(|s| Value::Object(s.write.clone()))
    }

    /// Every request the server received (method, path, headers, body).
    pub async fn received_requests(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// How many requests that can change a listing (`POST`, `PUT`, `PATCH`,
    /// `DELETE`) the server received so far, faulted ones included: a
    /// second [`Client::reconcile`](crate::Client::reconcile) with the same
    /// input adds none.
    pub async fn mutating_requests(&self) -> usize {
        self.received_requests()
            .await
            .iter()
            .filter(|r| matches!(r.method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE"))
            .count()
    }
}
