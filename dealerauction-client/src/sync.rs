//! Keeping a customer account's stock equal to your inventory: reconcile
//! by `metadata.externalStockId` ([`Client::reconcile`] for a whole
//! inventory, [`Client::reconcile_one`] for one vehicle).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::future::{Future, IntoFuture};
use std::sync::Arc;

use autoclient_common::{ErrorKind, Patch};
use futures_util::future::BoxFuture;
use futures_util::stream::FuturesUnordered;
use futures_util::{StreamExt, TryStreamExt};
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::models::{
    AdvertState, LifecycleState, NewStockItem, StockPatch, StockSearch, StockSummary,
};
use crate::{Client, CustomerId, Error, ErrorExt, StockId};

/// What reconciling one item did.
///
/// Serialized with an `"outcome"` tag (`"created"`, `"updated"`, …) and its
/// fields; an error as `{"kind", "message", "status", "attempts"}`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReconcileOutcome {
    /// No stock item carried the `externalStockId`: one was created.
    /// `after_lookup`: the create's outcome was unknown (a timeout, a
    /// 5xx), and the item was found (or created again, see
    /// [`Client::reconcile`]) after looking it up.
    Created {
        /// The new item's id.
        stock_id: StockId,
        /// Whether the create's outcome was unknown and a lookup settled it.
        after_lookup: bool,
    },
    /// The create met `409 STOCK_ALREADY_EXISTS` (the VRM is already
    /// stocked for the customer, under another or no `externalStockId`):
    /// that item was found by VRM and patched to the desired state.
    Adopted {
        /// The existing item's id.
        stock_id: StockId,
        /// The wire paths patched ([`StockPatch::paths`]); empty when it
        /// was already as desired.
        changed: Vec<String>,
    },
    /// The item existed and differed: the difference was patched.
    Updated {
        /// The item's id.
        stock_id: StockId,
        /// The wire paths patched ([`StockPatch::paths`]).
        changed: Vec<String>,
    },
    /// The item existed and was already as desired: nothing was sent.
    Unchanged {
        /// The item's id.
        stock_id: StockId,
    },
    /// The item's auction is running (`lifecycleState` SALE_IN_PROGRESS),
    /// and a running auction cannot be modified: the `advert.auction`
    /// changes were not sent (and are not retried); the other changes, if
    /// any, were. A later run applies the auction changes once the auction
    /// has ended or been cancelled.
    AuctionRunning {
        /// The item's id.
        stock_id: StockId,
        /// The auction paths held back.
        held_back: Vec<String>,
        /// The other paths, patched.
        sent: Vec<String>,
    },
    /// An item of the customer that the inventory no longer has: its
    /// advert was deactivated (`advert.state` INACTIVE). Nothing is deleted.
    Deactivated {
        /// The item's id.
        stock_id: StockId,
    },
    /// It failed; the item's id when one was known. Nothing was retried
    /// beyond what the client's retry policy allows.
    Failed {
        /// The item's id, when one was found or created.
        stock_id: Option<StockId>,
        /// Why (shared, so that the report can be cloned).
        #[serde(serialize_with = "serialize_error")]
        error: Arc<Error>,
    },
    /// Not attempted: the run stopped before this item ([`ReconcileReport::stopped`]).
    NotAttempted,
}

impl ReconcileOutcome {
    /// The stock item's id, when one is known.
    #[must_use]
    pub fn stock_id(&self) -> Option<&StockId> {
        match self {
            ReconcileOutcome::Created { stock_id, .. }
            | ReconcileOutcome::Adopted { stock_id, .. }
            | ReconcileOutcome::Updated { stock_id, .. }
            | ReconcileOutcome::Unchanged { stock_id }
            | ReconcileOutcome::AuctionRunning { stock_id, .. }
            | ReconcileOutcome::Deactivated { stock_id } => Some(stock_id),
            ReconcileOutcome::Failed { stock_id, .. } => stock_id.as_ref(),
            ReconcileOutcome::NotAttempted => None,
        }
    }

    /// Whether it sent a create or a patch that the server accepted.
    #[must_use]
    pub fn changed_something(&self) -> bool {
        match self {
            ReconcileOutcome::Created { .. } | ReconcileOutcome::Updated { .. } => true,
            ReconcileOutcome::Deactivated { .. } => true,
            ReconcileOutcome::Adopted { changed, .. } => !changed.is_empty(),
            ReconcileOutcome::AuctionRunning { sent, .. } => !sent.is_empty(),
            _ => false,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            ReconcileOutcome::Created { .. } => "created",
            ReconcileOutcome::Adopted { .. } => "adopted",
            ReconcileOutcome::Updated { .. } => "updated",
            ReconcileOutcome::Unchanged { .. } => "unchanged",
            ReconcileOutcome::AuctionRunning { .. } => "auction running",
            ReconcileOutcome::Deactivated { .. } => "deactivated",
            ReconcileOutcome::Failed { .. } => "failed",
            ReconcileOutcome::NotAttempted => "not attempted",
        }
    }
}

impl fmt::Display for ReconcileOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())?;
        match self {
            ReconcileOutcome::Adopted { changed, .. }
            | ReconcileOutcome::Updated { changed, .. }
                if !changed.is_empty() =>
            {
                write!(f, " ({})", changed.join(", "))
            }
            ReconcileOutcome::AuctionRunning { held_back, .. } => {
                write!(f, " (held back: {})", held_back.join(", "))
            }
            ReconcileOutcome::Failed { error, .. } => write!(f, ": {error}"),
            _ => Ok(()),
        }
    }
}

/// An error as `{"kind", "message", "status", "attempts"}`.
fn serialize_error<S: Serializer>(error: &Arc<Error>, s: S) -> Result<S::Ok, S::Error> {
    let mut e = s.serialize_struct("Error", 4)?;
    e.serialize_field("kind", &format!("{:?}", error.kind()))?;
    e.serialize_field("message", &error.to_string())?;
    e.serialize_field("status", &error.status().map(|s| s.as_u16()))?;
    e.serialize_field("attempts", &error.attempts())?;
    e.end()
}

/// One line of a [`ReconcileReport`]: an item of the input (`position` set), or
/// an item of the account the input no longer has (`position` None, with
/// [`deactivate_missing`](Reconcile::deactivate_missing)).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ReconcileItem {
    /// The 0-based position in the input; None for an item of the account
    /// that is not in the input.
    pub position: Option<usize>,
    /// The item's `metadata.externalStockId`, when it has one.
    pub external_stock_id: Option<String>,
    /// What was done.
    pub outcome: ReconcileOutcome,
}

/// Why a run stopped before the end (its items not attempted are
/// [`ReconcileOutcome::NotAttempted`]).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ReconcileStopped {
    /// The error that made continuing pointless (401, 403, or the listing
    /// of the account's stock failing).
    #[serde(serialize_with = "serialize_error")]
    pub error: Arc<Error>,
}

/// What a [`Reconcile`] did: one [`ReconcileItem`] per input item, in input
/// order, then one per item of the account deactivated (or failed to be).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ReconcileReport {
    /// The customer account reconciled.
    pub customer_id: CustomerId,
    /// How many items the input held.
    pub read: usize,
    /// What was done, item by item.
    pub items: Vec<ReconcileItem>,
    /// Set when the run stopped early.
    pub stopped: Option<ReconcileStopped>,
}

impl ReconcileReport {
    fn count(&self, f: impl Fn(&ReconcileOutcome) -> bool) -> usize {
        self.items.iter().filter(|i| f(&i.outcome)).count()
    }
    /// Items created.
    #[must_use]
    pub fn created(&self) -> usize {
        self.count(|o| matches!(o, ReconcileOutcome::Created { .. }))
    }
    /// Items adopted after a 409 (found by VRM).
    #[must_use]
    pub fn adopted(&self) -> usize {
        self.count(|o| matches!(o, ReconcileOutcome::Adopted { .. }))
    }
    /// Items patched.
    #[must_use]
    pub fn updated(&self) -> usize {
        self.count(|o| matches!(o, ReconcileOutcome::Updated { .. }))
    }
    /// Items already as desired.
    #[must_use]
    pub fn unchanged(&self) -> usize {
        self.count(|o| matches!(o, ReconcileOutcome::Unchanged { .. }))
    }
    /// Items whose auction changes were held back by a running auction.
    #[must_use]
    pub fn auction_running(&self) -> usize {
        self.count(|o| matches!(o, ReconcileOutcome::AuctionRunning { .. }))
    }
    /// Items of the account deactivated.
    #[must_use]
    pub fn deactivated(&self) -> usize {
        self.count(|o| matches!(o, ReconcileOutcome::Deactivated { .. }))
    }
    /// Items that failed.
    #[must_use]
    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, ReconcileOutcome::Failed { .. }))
    }
    /// Items not attempted.
    #[must_use]
    pub fn not_attempted(&self) -> usize {
        self.count(|o| matches!(o, ReconcileOutcome::NotAttempted))
    }
    /// Items for which a create or an accepted patch was sent.
    #[must_use]
    pub fn changes(&self) -> usize {
        self.count(ReconcileOutcome::changed_something)
    }
    /// Whether every input item has exactly one line, at its position.
    #[must_use]
    pub fn accounts_for_all(&self) -> bool {
        let positions: Vec<usize> = self.items.iter().filter_map(|i| i.position).collect();
        positions.len() == self.read && positions.iter().enumerate().all(|(i, p)| i == *p)
    }
    /// Whether the account now holds the inventory as desired: every item
    /// accounted for, none failed, held back or not attempted.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.accounts_for_all()
            && self.stopped.is_none()
            && self.failed() == 0
            && self.not_attempted() == 0
            && self.auction_running() == 0
    }
}

impl fmt::Display for ReconcileReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} items for customer {}: {} created, {} adopted, {} updated, {} unchanged, {} auction running, {} deactivated, {} failed",
            self.read,
            self.customer_id,
            self.created(),
            self.adopted(),
            self.updated(),
            self.unchanged(),
            self.auction_running(),
            self.deactivated(),
            self.failed()
        )?;
        match (self.not_attempted(), &self.stopped) {
            (0, None) => Ok(()),
            (n, Some(s)) => write!(f, ", {n} not attempted (stopped: {})", s.error),
            (n, None) => write!(f, ", {n} not attempted"),
        }
    }
}

type ProgressFn = Box<dyn FnMut(&ReconcileItem) + Send>;

/// A reconcile of a customer account's stock with a desired inventory,
/// returned by [`Client::reconcile`]. Options are methods; `.await` it for
/// the [`ReconcileReport`] (it never fails: every outcome is in the report).
#[must_use = "a reconcile does nothing until you .await it"]
pub struct Reconcile {
    client: Client,
    customer_id: CustomerId,
    desired: Vec<NewStockItem>,
    concurrency: usize,
    deactivate_missing: bool,
    on_item: Option<ProgressFn>,
}

impl fmt::Debug for Reconcile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reconcile")
            .field("customer_id", &self.customer_id)
            .field("items", &self.desired.len())
            .field("concurrency", &self.concurrency)
            .field("deactivate_missing", &self.deactivate_missing)
            .finish()
    }
}

impl Reconcile {
    /// Items reconciled at once (at least 1; default 1).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }
    /// Deactivates (`advert.state` INACTIVE) the adverts of the account's
    /// items that carry an `externalStockId` the inventory no longer has
    /// (default off). Nothing is ever deleted.
    pub fn deactivate_missing(mut self, yes: bool) -> Self {
        self.deactivate_missing = yes;
        self
    }
    /// Called with each line of the report as soon as it is known (for a
    /// progress bar or a log).
    pub fn on_item(mut self, f: impl FnMut(&ReconcileItem) + Send + 'static) -> Self {
        self.on_item = Some(Box::new(f));
        self
    }
}

impl IntoFuture for Reconcile {
    type Output = ReconcileReport;
    type IntoFuture = BoxFuture<'static, ReconcileReport>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// A failure of one item: its id when one was known, and the error.
type ItemError = (Option<StockId>, Error);

fn is_running(item: &crate::models::StockItem) -> bool {
    item.lifecycle_state == Some(LifecycleState::SaleInProgress)
}

/// Patches the existing item `id` to `desired`, sending only the difference.
async fn update_existing(
    client: &Client,
    id: &StockId,
    desired: &NewStockItem,
) -> Result<ReconcileOutcome, ItemError> {
    let fail = |e| (Some(id.clone()), e);
    let before = client.get_stock(id).await.map_err(fail)?;
    let mut patch = StockPatch::diff(&before, desired);
    if patch.is_empty() {
        return Ok(ReconcileOutcome::Unchanged {
            stock_id: id.clone(),
        });
    }
    let touches_auction = matches!(&patch.advert, Patch::Value(a) if !a.auction.is_absent());
    if is_running(&before) && touches_auction {
        let all = patch.paths();
        if let Patch::Value(a) = &mut patch.advert {
            a.auction = Patch::Absent;
            if a.is_empty() {
                patch.advert = Patch::Absent;
            }
        }
        let sent = patch.paths();
        let held_back = all.into_iter().filter(|p| !sent.contains(p)).collect();
        if !patch.is_empty() {
            client.update_stock(id, &patch).await.map_err(fail)?;
        }
        return Ok(ReconcileOutcome::AuctionRunning {
            stock_id: id.clone(),
            held_back,
            sent,
        });
    }
    client.update_stock(id, &patch).await.map_err(fail)?;
    Ok(ReconcileOutcome::Updated {
        stock_id: id.clone(),
        changed: patch.paths(),
    })
}

/// The ids of the customer's items found by `search`.
async fn find(client: &Client, search: StockSearch) -> Result<Vec<StockId>, Error> {
    let found: Vec<StockSummary> = client.search_stock_stream(search).try_collect().await?;
    Ok(found.into_iter().map(|s| s.id).collect())
}

fn ambiguous(what: &str, ids: &[StockId]) -> Error {
    let ids: Vec<&str> = ids.iter().map(StockId::as_str).collect();
    Error::invalid_request(format!(
        "{} stock items of the customer carry {what}: {}; resolve by hand",
        ids.len(),
        ids.join(", ")
    ))
}

/// After a 409: the item holding the VRM, patched to `desired`.
async fn adopt(
    client: &Client,
    desired: &NewStockItem,
    conflict: Error,
) -> Result<ReconcileOutcome, ItemError> {
    let vrm = desired
        .vehicle
        .vrm
        .clone()
        .or_else(|| conflict.stock_already_exists().and_then(|c| c.vrm));
    let Some(vrm) = vrm else {
        return Err((None, conflict));
    };
    let search = StockSearch::new()
        .customer_id(desired.customer_id.clone())
        .vrm(&vrm);
    let ids = find(client, search).await.map_err(|e| (None, e))?;
    match ids.as_slice() {
        [] => Err((None, conflict)),
        [id] => match update_existing(client, id, desired).await? {
            ReconcileOutcome::Updated { stock_id, changed } => {
                Ok(ReconcileOutcome::Adopted { stock_id, changed })
            }
            ReconcileOutcome::Unchanged { stock_id } => Ok(ReconcileOutcome::Adopted {
                stock_id,
                changed: Vec::new(),
            }),
            other => Ok(other),
        },
        many => Err((None, ambiguous(&format!("the VRM {vrm}"), many))),
    }
}

/// Creates `desired`; a 409 adopts the existing item; an unknown outcome is
/// looked up before anything is sent again.
async fn create(
    client: &Client,
    desired: &NewStockItem,
    ext: &str,
) -> Result<ReconcileOutcome, ItemError> {
    let err = match client.create_stock(desired).await {
        Ok(item) => {
            return Ok(ReconcileOutcome::Created {
                stock_id: item.id,
                after_lookup: false,
            });
        }
        Err(e) if e.stock_already_exists().is_some() => return adopt(client, desired, e).await,
        Err(e) if e.is_outcome_unknown() => e,
        Err(e) => return Err((None, e)),
    };
    // The create may have reached the server: look it up first.
    let search = StockSearch::new()
        .customer_id(desired.customer_id.clone())
        .external_stock_id(ext);
    let ids = find(client, search).await.map_err(|e| (None, e))?;
    match ids.as_slice() {
        [id] => {
            let outcome = update_existing(client, id, desired).await?;
            Ok(match outcome {
                ReconcileOutcome::Updated { stock_id, .. }
                | ReconcileOutcome::Unchanged { stock_id } => ReconcileOutcome::Created {
                    stock_id,
                    after_lookup: true,
                },
                other => other,
            })
        }
        [] if desired.vehicle.vrm.is_some() => {
            // Not there. A second create cannot duplicate the item: the
            // server refuses a VRM already stocked for the customer (409),
            // which adopts it.
            match client.create_stock(desired).await {
                Ok(item) => Ok(ReconcileOutcome::Created {
                    stock_id: item.id,
                    after_lookup: true,
                }),
                Err(e) if e.stock_already_exists().is_some() => adopt(client, desired, e).await,
                Err(e) => Err((None, e)),
            }
        }
        // Without a VRM nothing guards against a duplicate: the next run
        // looks it up again.
        [] => Err((None, err)),
        many => Err((None, ambiguous(&format!("externalStockId {ext}"), many))),
    }
}

/// Reconciles one item given the ids of the items carrying its key.
async fn sync_item(
    client: Client,
    desired: NewStockItem,
    ext: String,
    existing: Vec<StockId>,
) -> Result<ReconcileOutcome, ItemError> {
    match existing.as_slice() {
        [] => create(&client, &desired, &ext).await,
        [id] => update_existing(&client, id, &desired).await,
        many => Err((None, ambiguous(&format!("externalStockId {ext}"), many))),
    }
}

fn external_id(item: &NewStockItem) -> Result<String, Error> {
    match item.metadata.external_stock_id.as_deref() {
        Some(id) if !id.trim().is_empty() => Ok(id.to_owned()),
        _ => Err(Error::invalid_request(
            "the item has no metadata.externalStockId, the key a reconcile matches items by",
        )),
    }
}

fn failed(stock_id: Option<StockId>, error: Error) -> ReconcileOutcome {
    ReconcileOutcome::Failed {
        stock_id,
        error: Arc::new(error),
    }
}

fn stops_the_run(outcome: &ReconcileOutcome) -> Option<Arc<Error>> {
    match outcome {
        ReconcileOutcome::Failed { error, .. }
            if matches!(error.kind(), ErrorKind::Unauthorized | ErrorKind::Forbidden) =>
        {
            Some(error.clone())
        }
        _ => None,
    }
}

impl Reconcile {
    async fn run(mut self) -> ReconcileReport {
        let read = self.desired.len();
        let mut lines: Vec<Option<ReconcileItem>> = (0..read).map(|_| None).collect();
        let mut report = ReconcileReport {
            customer_id: self.customer_id.clone(),
            read,
            items: Vec::new(),
            stopped: None,
        };
        let emit =
            |slot: &mut Option<ReconcileItem>, line: ReconcileItem, cb: &mut Option<ProgressFn>| {
                if let Some(cb) = cb.as_mut() {
                    cb(&line);
                }
                *slot = Some(line);
            };

        // The input's own faults: no key, another account, a repeated key or VRM.
        let mut work = Vec::new();
        let mut keys = HashSet::new();
        let mut vrms = HashSet::new();
        for (position, item) in std::mem::take(&mut self.desired).into_iter().enumerate() {
            let ext = item.metadata.external_stock_id.clone();
            let problem = match external_id(&item) {
                Err(e) => Some(e),
                Ok(_) if item.customer_id != self.customer_id => {
                    Some(Error::invalid_request(format!(
                        "the item is for customer {}, not {} (the account reconciled)",
                        item.customer_id, self.customer_id
                    )))
                }
                Ok(k) if !keys.insert(k.clone()) => Some(Error::invalid_request(format!(
                    "externalStockId {k} appears more than once in the input; the first is reconciled"
                ))),
                Ok(_) => match &item.vehicle.vrm {
                    Some(v) if !vrms.insert(v.clone()) => Some(Error::invalid_request(format!(
                        "the VRM {v} appears more than once in the input (a VRM is stocked once per customer); the first is reconciled"
                    ))),
                    _ => None,
                },
            };
            match problem {
                Some(e) => {
                    let line = ReconcileItem {
                        position: Some(position),
                        external_stock_id: ext,
                        outcome: failed(None, e),
                    };
                    if let Some(slot) = lines.get_mut(position) {
                        emit(slot, line, &mut self.on_item);
                    }
                }
                None => work.push((position, item)),
            }
        }

        // What the account holds.
        let listing = if work.is_empty() && !self.deactivate_missing {
            Ok(Vec::new())
        } else {
            self.client
                .search_stock_stream(StockSearch::new().customer_id(self.customer_id.clone()))
                .try_collect::<Vec<StockSummary>>()
                .await
        };
        let existing = match listing {
            Ok(existing) => existing,
            Err(e) => {
                report.stopped = Some(ReconcileStopped { error: Arc::new(e) });
                Vec::new()
            }
        };
        let mut by_key: HashMap<&str, Vec<StockId>> = HashMap::new();
        for s in &existing {
            if let Some(k) = s.external_stock_id.as_deref() {
                by_key.entry(k).or_default().push(s.id.clone());
            }
        }

        let mut claimed: HashSet<StockId> = HashSet::new();
        let mut pending = work.into_iter();
        let mut in_flight = FuturesUnordered::new();
        loop {
            while report.stopped.is_none() && in_flight.len() < self.concurrency {
                let Some((position, item)) = pending.next() else {
                    break;
                };
                let ext = item.metadata.external_stock_id.clone().unwrap_or_default();
                let ids = by_key.get(ext.as_str()).cloned().unwrap_or_default();
                claimed.extend(ids.iter().cloned());
                let client = self.client.clone();
                in_flight.push(async move {
                    let outcome = match sync_item(client, item, ext.clone(), ids).await {
                        Ok(o) => o,
                        Err((id, e)) => failed(id, e),
                    };
                    (position, ext, outcome)
                });
            }
            let Some((position, ext, outcome)) = in_flight.next().await else {
                break;
            };
            if let Some(id) = outcome.stock_id() {
                claimed.insert(id.clone());
            }
            if report.stopped.is_none()
                && let Some(e) = stops_the_run(&outcome)
            {
                report.stopped = Some(ReconcileStopped { error: e });
            }
            let line = ReconcileItem {
                position: Some(position),
                external_stock_id: Some(ext),
                outcome,
            };
            if let Some(slot) = lines.get_mut(position) {
                emit(slot, line, &mut self.on_item);
            }
        }
        for (position, item) in pending {
            let line = ReconcileItem {
                position: Some(position),
                external_stock_id: item.metadata.external_stock_id,
                outcome: ReconcileOutcome::NotAttempted,
            };
            if let Some(slot) = lines.get_mut(position) {
                emit(slot, line, &mut self.on_item);
            }
        }
        report.items = lines.into_iter().flatten().collect();

        if self.deactivate_missing && report.stopped.is_none() {
            for s in &existing {
                let live = s
                    .advert
                    .as_ref()
                    .is_some_and(|a| a.state == Some(AdvertState::Active));
                let done = matches!(
                    s.lifecycle_state,
                    Some(LifecycleState::Sold | LifecycleState::Deleted)
                );
                if claimed.contains(&s.id) || s.external_stock_id.is_none() || !live || done {
                    continue;
                }
                let patch = StockPatch::new().deactivate_advert();
                let outcome = match self.client.update_stock(&s.id, &patch).await {
                    Ok(_) => ReconcileOutcome::Deactivated {
                        stock_id: s.id.clone(),
                    },
                    Err(e) => failed(Some(s.id.clone()), e),
                };
                let stop = stops_the_run(&outcome);
                let line = ReconcileItem {
                    position: None,
                    external_stock_id: s.external_stock_id.clone(),
                    outcome,
                };
                if let Some(cb) = self.on_item.as_mut() {
                    cb(&line);
                }
                report.items.push(line);
                if let Some(e) = stop {
                    report.stopped = Some(ReconcileStopped { error: e });
                    break;
                }
            }
        }
        report
    }
}

impl Client {
    /// Reconciles the stock of the customer account `customer_id` with the
    /// desired inventory `desired`, keyed by `metadata.externalStockId`,
    /// and returns a [`ReconcileReport`] with one line per item.
    ///
    /// 1. The account's items are listed once (`GET /v1/stock?customerId=…`,
    ///    every page).
    /// 2. For each desired item: if an item carries its `externalStockId`,
    ///    that item is fetched and only the difference is patched
    ///    ([`StockPatch::diff`]): nothing is sent when it is equal. If none
    ///    does, the item is created; a `409 STOCK_ALREADY_EXISTS` (the VRM
    ///    is stocked under another or no key) finds that item by VRM and
    ///    patches it to the desired state, `externalStockId` included.
    /// 3. A create whose outcome is unknown (a timeout or 5xx after it may
    ///    have reached the server, [`ErrorKind::OutcomeUnknown`]) is never
    ///    repeated blind: the item is looked up by `externalStockId` first.
    ///    Found, it is treated as created; not found, the create is sent
    ///    again only when the item has a VRM (the server refuses a VRM
    ///    twice for a customer, so no duplicate can result); without a VRM
    ///    it is reported as failed, and the next run looks it up again.
    /// 4. A running auction cannot be modified: changes to `advert.auction`
    ///    of an item whose `lifecycleState` is SALE_IN_PROGRESS are not sent
    ///    ([`ReconcileOutcome::AuctionRunning`]), and not retried.
    /// 5. With [`deactivate_missing(true)`](Reconcile::deactivate_missing),
    ///    the account's items whose `externalStockId` the input no longer
    ///    has are deactivated (`advert.state` INACTIVE); nothing is deleted.
    ///
    /// An item without `externalStockId`, for another customer, or
    /// repeating an earlier item's key or VRM, fails on its own; a 401 or
    /// 403 stops the run (the rest reported not attempted).
    ///
    /// ```no_run
    /// # async fn run(client: dealerauction_client::Client, inventory: Vec<dealerauction_client::models::NewStockItem>) {
    /// let report = client
    ///     .reconcile("123456", inventory)
    ///     .concurrency(4)
    ///     .deactivate_missing(true)
    ///     .on_item(|line| println!("{:?}: {}", line.external_stock_id, line.outcome))
    ///     .await;
    /// println!("{report}");
    /// # }
    /// ```
    pub fn reconcile<I>(&self, customer_id: impl Into<CustomerId>, desired: I) -> Reconcile
    where
        I: IntoIterator<Item = NewStockItem>,
    {
        Reconcile {
            client: self.clone(),
            customer_id: customer_id.into(),
            desired: desired.into_iter().collect(),
            concurrency: 1,
            deactivate_missing: false,
            on_item: None,
        }
    }

    /// Reconciles one vehicle, as [`reconcile`](Client::reconcile) does
    /// each item (its `customerId` is the account): looked up by
    /// `metadata.externalStockId`, created when missing (409 adopts the
    /// item with its VRM), patched with only what differs.
    ///
    /// Fails with [`ErrorKind::InvalidRequest`] when the item has no
    /// `externalStockId`, and with the call's error otherwise.
    ///
    /// ```no_run
    /// # async fn run(client: dealerauction_client::Client, item: dealerauction_client::models::NewStockItem) -> dealerauction_client::Result<()> {
    /// let outcome = client.reconcile_one(&item).await?;
    /// println!("{outcome}");
    /// # Ok(()) }
    /// ```
    #[must_use = "a reconcile does nothing until you .await it"]
    pub fn reconcile_one(
        &self,
        desired: &NewStockItem,
    ) -> impl Future<Output = Result<ReconcileOutcome, Error>> + Send + 'static + use<> {
        let client = self.clone();
        let desired = desired.clone();
        async move {
            let ext = external_id(&desired)?;
            let search = StockSearch::new()
                .customer_id(desired.customer_id.clone())
                .external_stock_id(ext.clone());
            let ids = find(&client, search).await?;
            sync_item(client, desired, ext, ids)
                .await
                .map_err(|(_, e)| e)
        }
    }
}
