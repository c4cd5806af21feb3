//! Keeping a dealer's inventory equal to a desired list of listings:
//! [`Client::reconcile`].
//!
//! The documentation gives a listing no field for the caller's own
//! reference (no external id, no stock number: the create guide's fields
//! are all vehicle data, and the read shape adds only the server's own
//! members), so listings are matched **by licence plate**, the one
//! identifying member the read shape shows. `chassi` (the chassis number)
//! is a write member the documented read example does not show, so it
//! cannot be matched on. See [`Reconcile`] for the rules.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use futures_util::stream::FuturesUnordered;
use futures_util::{StreamExt, TryStreamExt};
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::ids::{DealerId, ListingId};
use crate::inventory::InventoryQuery;
use crate::models::{Listing, ListingPatch, NewListing};
use crate::plate::LicensePlate;
use crate::{Client, Error, ErrorKind};

impl Client {
    /// Makes the dealer's active inventory hold `desired`: creates the
    /// listings that are missing, patches those that differ (with the
    /// smallest [`ListingPatch::diff`]), and leaves the others alone.
    /// Listings are matched by licence plate (the documentation offers no
    /// caller-side id); see [`Reconcile`] for every rule, and the options.
    ///
    /// Awaiting it never fails: the [`ReconcileReport`] accounts for every
    /// desired listing, and lists the platform's listings that are not in
    /// `desired` (they are never removed: see [`Reconcile`]).
    ///
    /// One listing is reconciled the same way: `client.reconcile(dealer, [listing])`.
    ///
    /// ```no_run
    /// # async fn run(client: anuncios_client::Client, desired: Vec<anuncios_client::NewListing>) {
    /// use anuncios_client::DealerId;
    /// let report = client
    ///     .reconcile(DealerId(10), desired)
    ///     .concurrency(4)
    ///     .on_item(|item| println!("{}: {:?}", item.position, item.outcome))
    ///     .await;
    /// println!("{report}");
    /// assert!(report.accounts_for_all());
    /// # }
    /// ```
    pub fn reconcile<I>(&self, dealer: DealerId, desired: I) -> Reconcile
    where
        I: IntoIterator<Item = NewListing>,
    {
        Reconcile {
            client: self.clone(),
            dealer,
            desired: desired.into_iter().collect(),
            concurrency: 1,
            on_item: None,
        }
    }
}

type ItemFn = Box<dyn FnMut(&ReconcileItem) + Send>;

/// A reconcile of a dealer's inventory ([`Client::reconcile`]), configured
/// and then awaited.
///
/// **Matching.** A desired listing is matched to an active listing of the
/// dealer with the same licence plate, compared normalised and in the
/// Mercosul form ([`LicensePlate::to_mercosul`]), so `ABC1234` and its
/// converted plate `ABC1C34` are the same vehicle.
///
/// * A desired listing **without a plate** (a zero-km vehicle not yet
///   plated) cannot be matched: it is reported as
///   [`ReconcileOutcome::NoPlate`] and **not sent** (creating it on every
///   run would add it again each time). Create it once with
///   [`Client::create_listing`].
/// * A plate given twice in `desired`: the first is reconciled, the others
///   are [`ReconcileOutcome::DuplicateInInput`] and not sent.
/// * Several active listings with one plate on the platform: the one with
///   the lowest id is reconciled, the others are reported in
///   [`ReconcileReport::not_in_desired`] with `duplicate_of` set.
/// * Only the **active** inventory (`GET /v3/inventory/{dealer_id}`) is
///   read; a vehicle whose listing was sold is created again.
///
/// **Steps.** The inventory is read whole (the documentation names no
/// filter by plate), then, `concurrency` at a time: a desired listing
/// without a match is created; one whose [`ListingPatch::diff`] is empty is
/// [`Unchanged`](ReconcileOutcome::Unchanged) and nothing is sent; any
/// other is patched with that diff. A second run with the same input sends
/// nothing (when the server returns the members compared, see
/// [`ListingPatch::diff`]).
///
/// **Outcome unknown.** A create that may have reached the server without
/// an answer ([`ErrorKind::OutcomeUnknown`], or a 201 whose body did not
/// decode) is never sent again blindly: once the other listings are done,
/// the inventory is read again and the listing looked up by its plate.
/// Found, it is [`Created`](ReconcileOutcome::Created) (`looked_up: true`);
/// not found, it is created once more (a second unknown outcome is
/// reported as failed, and the next run looks it up again). A patch whose
/// outcome is unknown is followed by reading the listing and patching
/// again only what still differs.
///
/// **Failures** of one listing (a 400, a 404 on a listing removed
/// meanwhile, a 5xx) are reported for it and the run goes on. A 401 or 403
/// (and a 404 on a create: the dealer is unknown) stops the run: requests
/// in flight finish, nothing more is sent, and the listings not reached are
/// [`NotAttempted`](ReconcileOutcome::NotAttempted). A failure to read the
/// inventory stops the run before anything is sent.
///
/// **Listings the user no longer has** are listed in
/// [`ReconcileReport::not_in_desired`], never removed: the documentation's
/// only way to take a listing down, `DELETE /v3/inventory/item/{ad_id}`,
/// "marks it as sold or removes it completely" by a rule it does not give,
/// so it may destroy the listing. Decide yourself, and call
/// [`Client::delete_listing`].
#[must_use = "a reconcile does nothing until you .await it"]
pub struct Reconcile {
    client: Client,
    dealer: DealerId,
    desired: Vec<NewListing>,
    concurrency: usize,
    on_item: Option<ItemFn>,
}

impl fmt::Debug for Reconcile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reconcile")
            .field("dealer", &self.dealer)
            .field("desired", &self.desired.len())
            .field("concurrency", &self.concurrency)
            .finish()
    }
}

impl Reconcile {
    /// Requests in flight at once (default 1; at least 1).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// Called once for each desired listing, when its outcome is settled
    /// (for a progress bar or a log), in the order they settle.
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

/// What happened to one desired listing.
///
/// Serialized with a `"type"` tag (`"created"`, `"updated"`, …); an
/// error as `{"kind", "message", "status", "attempts"}`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReconcileOutcome {
    /// Created.
    Created {
        /// The new listing's id.
        id: ListingId,
        /// The create's answer was lost and the listing was then found by
        /// its plate (it was not sent twice).
        looked_up: bool,
    },
    /// Patched with the members named.
    Updated {
        /// The listing's id.
        id: ListingId,
        /// The members sent (see [`ListingPatch::member_names`]).
        members: Vec<String>,
    },
    /// Equal already: nothing was sent.
    Unchanged {
        /// The listing's id.
        id: ListingId,
    },
    /// The create or patch failed.
    Failed {
        /// The listing's id, when it was matched.
        id: Option<ListingId>,
        /// Why (shared, so that the report can be cloned).
        #[serde(serialize_with = "serialize_error")]
        error: Arc<Error>,
    },
    /// No licence plate: it cannot be matched, and was not sent.
    NoPlate,
    /// The same plate as an earlier desired listing: not sent.
    DuplicateInInput {
        /// The 0-based position of the first listing with the plate.
        first_position: usize,
    },
    /// The run stopped before reaching it (see [`ReconcileReport::stopped`]).
    NotAttempted,
}

impl ReconcileOutcome {
    /// The listing's id on the platform, when there is one.
    #[must_use]
    pub fn id(&self) -> Option<ListingId> {
        match self {
            ReconcileOutcome::Created { id, .. }
            | ReconcileOutcome::Updated { id, .. }
            | ReconcileOutcome::Unchanged { id } => Some(*id),
            ReconcileOutcome::Failed { id, .. } => *id,
            _ => None,
        }
    }

    /// Whether the listing is now as desired (created, updated or unchanged).
    #[must_use]
    pub fn is_in_sync(&self) -> bool {
        matches!(
            self,
            ReconcileOutcome::Created { .. }
                | ReconcileOutcome::Updated { .. }
                | ReconcileOutcome::Unchanged { .. }
        )
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

/// One desired listing and its outcome.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ReconcileItem {
    /// 0-based position in the desired list.
    pub position: usize,
    /// Its plate (normalised), when it has one.
    pub license_plate: Option<LicensePlate>,
    /// What happened.
    pub outcome: ReconcileOutcome,
}

/// An active listing of the dealer that no desired listing matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NotInDesired {
    /// The listing's id.
    pub id: ListingId,
    /// Its plate as the server wrote it (none, or not a valid plate, for a
    /// listing that cannot be matched at all).
    pub license_plate: Option<String>,
    /// When another active listing has the same plate and was reconciled
    /// instead: that listing's id (this one is a duplicate on the platform).
    pub duplicate_of: Option<ListingId>,
}

/// Why a run stopped early.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ReconcileStopped {
    /// The error that made going on pointless (401, 403, an unknown dealer,
    /// or the inventory could not be read).
    #[serde(serialize_with = "serialize_error")]
    pub error: Arc<Error>,
}

/// The outcome of [`Client::reconcile`]: one entry per desired listing, in
/// input order, and the platform's listings that are not desired.
///
/// `Clone`, and `Serialize` to log or store it.
#[derive(Debug, Clone, Default, Serialize)]
#[non_exhaustive]
pub struct ReconcileReport {
    /// How many desired listings were given.
    pub read: usize,
    /// One entry per desired listing, in input order.
    pub outcomes: Vec<ReconcileItem>,
    /// Active listings no desired listing matches (never removed).
    pub not_in_desired: Vec<NotInDesired>,
    /// How many times the inventory was read (1, plus 1 when a create's
    /// outcome had to be looked up).
    pub inventory_reads: u32,
    /// Set when an error stopped the run.
    pub stopped: Option<ReconcileStopped>,
}

impl ReconcileReport {
    fn count(&self, f: impl Fn(&ReconcileOutcome) -> bool) -> usize {
        self.outcomes.iter().filter(|i| f(&i.outcome)).count()
    }
    /// Listings created.
    #[must_use]
    pub fn created(&self) -> usize {
        self.count(|o| matches!(o, ReconcileOutcome::Created { .. }))
    }
    /// Listings patched.
    #[must_use]
    pub fn updated(&self) -> usize {
        self.count(|o| matches!(o, ReconcileOutcome::Updated { .. }))
    }
    /// Listings already equal (nothing sent).
    #[must_use]
    pub fn unchanged(&self) -> usize {
        self.count(|o| matches!(o, ReconcileOutcome::Unchanged { .. }))
    }
    /// Listings whose create or patch failed.
    #[must_use]
    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, ReconcileOutcome::Failed { .. }))
    }
    /// Listings not sent because they cannot be matched: no plate, or a
    /// plate given twice.
    #[must_use]
    pub fn skipped(&self) -> usize {
        self.count(|o| {
            matches!(
                o,
                ReconcileOutcome::NoPlate | ReconcileOutcome::DuplicateInInput { .. }
            )
        })
    }
    /// Listings not reached because the run stopped.
    #[must_use]
    pub fn not_attempted(&self) -> usize {
        self.count(|o| matches!(o, ReconcileOutcome::NotAttempted))
    }
    /// Every desired listing has exactly one entry, at its position.
    #[must_use]
    pub fn accounts_for_all(&self) -> bool {
        self.outcomes.len() == self.read
            && self
                .outcomes
                .iter()
                .enumerate()
                .all(|(i, item)| item.position == i)
    }
    /// Every desired listing is now as desired, and the run did not stop.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.accounts_for_all()
            && self.stopped.is_none()
            && self.outcomes.iter().all(|i| i.outcome.is_in_sync())
    }
}

impl fmt::Display for ReconcileReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "reconciled {} listing(s): {} created, {} updated, {} unchanged, {} failed, {} skipped, {} not attempted; {} on the platform not desired",
            self.read,
            self.created(),
            self.updated(),
            self.unchanged(),
            self.failed(),
            self.skipped(),
            self.not_attempted(),
            self.not_in_desired.len(),
        )?;
        if let Some(s) = &self.stopped {
            write!(f, "; stopped: {}", s.error)?;
        }
        Ok(())
    }
}

/// The key a plate is matched by: normalised, in the Mercosul form.
fn key(plate: &LicensePlate) -> String {
    plate.to_mercosul().as_str().to_owned()
}

/// Whether an error makes every further request of the run pointless.
fn stops_the_run(e: &Error, creating: bool) -> bool {
    matches!(e.kind(), ErrorKind::Unauthorized | ErrorKind::Forbidden)
        || (creating && e.kind() == ErrorKind::NotFound)
}

/// A create whose answer is lost: it may have been stored.
fn create_outcome_unknown(e: &Error) -> bool {
    e.is_outcome_unknown()
        || (e.kind() == ErrorKind::Decode && e.status().is_some_and(|s| s.as_u16() == 201))
}

/// What one request step settled.
enum Step {
    Done(ReconcileOutcome),
    /// A create whose outcome is unknown: to look up.
    CreateUnknown(Error),
    /// An error that stops the run; the item fails with it.
    Stop(Option<ListingId>, Error),
}

type StepFuture<'a> = Pin<Box<dyn Future<Output = (usize, Step)> + Send + 'a>>;

async fn read_inventory(client: &Client, dealer: DealerId) -> Result<Vec<Listing>, Error> {
    client
        .inventory_stream(dealer, &InventoryQuery::new())
        .try_collect()
        .await
}

async fn create(client: &Client, dealer: DealerId, listing: &NewListing) -> Step {
    match client.create_listing(dealer, listing).await {
        Ok(l) => Step::Done(ReconcileOutcome::Created {
            id: l.id,
            looked_up: false,
        }),
        Err(e) if create_outcome_unknown(&e) => Step::CreateUnknown(e),
        Err(e) if stops_the_run(&e, true) => Step::Stop(None, e),
        Err(e) => Step::Done(ReconcileOutcome::Failed {
            id: None,
            error: Arc::new(e),
        }),
    }
}

async fn update(client: &Client, existing: &Listing, desired: &NewListing) -> Step {
    let id = existing.id;
    let patch = ListingPatch::diff(existing, desired);
    if patch.is_empty() {
        return Step::Done(ReconcileOutcome::Unchanged { id });
    }
    let members = patch.member_names();
    let failed = |e: Error| {
        if stops_the_run(&e, false) {
            Step::Stop(Some(id), e)
        } else {
            Step::Done(ReconcileOutcome::Failed {
                id: Some(id),
                error: Arc::new(e),
            })
        }
    };
    match client.patch_listing(id, &patch).await {
        Ok(_) => Step::Done(ReconcileOutcome::Updated { id, members }),
        Err(e) if e.is_outcome_unknown() => {
            // Look it up before sending anything again.
            let Ok(now) = client.get_listing(id).await else {
                return failed(e);
            };
            let again = ListingPatch::diff(&now, desired);
            if again.is_empty() {
                return Step::Done(ReconcileOutcome::Updated { id, members });
            }
            match client.patch_listing(id, &again).await {
                Ok(_) => Step::Done(ReconcileOutcome::Updated { id, members }),
                Err(e) => failed(e),
            }
        }
        Err(e) => failed(e),
    }
}

impl Reconcile {
    async fn run(self) -> ReconcileReport {
        let Reconcile {
            client,
            dealer,
            desired,
            concurrency,
            mut on_item,
        } = self;
        let n = desired.len();
        let mut outcomes: Vec<Option<ReconcileOutcome>> = vec![None; n];
        let mut report = ReconcileReport {
            read: n,
            ..ReconcileReport::default()
        };
        let mut settle = |outcomes: &mut Vec<Option<ReconcileOutcome>>,
                          pos: usize,
                          outcome: ReconcileOutcome| {
            if let Some(f) = on_item.as_mut() {
                f(&ReconcileItem {
                    position: pos,
                    license_plate: desired[pos].license_plate().cloned(),
                    outcome: outcome.clone(),
                });
            }
            outcomes[pos] = Some(outcome);
        };

        // The desired listings by key; those without one are settled now.
        let mut wanted: HashMap<String, usize> = HashMap::new();
        let mut keys: Vec<Option<String>> = Vec::with_capacity(n);
        for (pos, listing) in desired.iter().enumerate() {
            let Some(plate) = listing.license_plate() else {
                keys.push(None);
                settle(&mut outcomes, pos, ReconcileOutcome::NoPlate);
                continue;
            };
            let k = key(plate);
            if let Some(&first) = wanted.get(&k) {
                keys.push(None);
                settle(
                    &mut outcomes,
                    pos,
                    ReconcileOutcome::DuplicateInInput {
                        first_position: first,
                    },
                );
                continue;
            }
            wanted.insert(k.clone(), pos);
            keys.push(Some(k));
        }

        // The platform's side, by key (the lowest id first).
        report.inventory_reads += 1;
        let existing = match read_inventory(&client, dealer).await {
            Ok(v) => v,
            Err(e) => {
                report.stopped = Some(ReconcileStopped { error: Arc::new(e) });
                return finish(report, outcomes, &desired, &mut settle);
            }
        };
        let mut by_key: BTreeMap<String, Vec<&Listing>> = BTreeMap::new();
        for l in &existing {
            match l.license_plate.as_deref().map(LicensePlate::parse) {
                Some(Ok(p)) => by_key.entry(key(&p)).or_default().push(l),
                _ => report.not_in_desired.push(NotInDesired {
                    id: l.id,
                    license_plate: l.license_plate.clone(),
                    duplicate_of: None,
                }),
            }
        }
        let mut matched: HashMap<String, &Listing> = HashMap::new();
        for (k, mut ls) in by_key {
            ls.sort_by_key(|l| l.id);
            let Some((&first, dups)) = ls.split_first() else {
                continue;
            };
            for dup in dups {
                report.not_in_desired.push(NotInDesired {
                    id: dup.id,
                    license_plate: dup.license_plate.clone(),
                    duplicate_of: Some(first.id),
                });
            }
            if wanted.contains_key(&k) {
                matched.insert(k, first);
            } else {
                report.not_in_desired.push(NotInDesired {
                    id: first.id,
                    license_plate: first.license_plate.clone(),
                    duplicate_of: None,
                });
            }
        }
        report.not_in_desired.sort_by_key(|x| x.id);

        // Creates and patches, `concurrency` at a time.
        let todo: Vec<usize> = (0..n).filter(|&p| keys[p].is_some()).collect();
        let mut todo = todo.into_iter();
        let mut in_flight: FuturesUnordered<StepFuture<'_>> = FuturesUnordered::new();
        let mut unknown: Vec<(usize, Error)> = Vec::new();
        let client_ref = &client;
        let step = |pos: usize| -> StepFuture<'_> {
            let listing = &desired[pos];
            let found = keys[pos].as_ref().and_then(|k| matched.get(k).copied());
            Box::pin(async move {
                let s = match found {
                    Some(existing) => update(client_ref, existing, listing).await,
                    None => create(client_ref, dealer, listing).await,
                };
                (pos, s)
            })
        };
        loop {
            while report.stopped.is_none() && in_flight.len() < concurrency {
                match todo.next() {
                    Some(pos) => in_flight.push(step(pos)),
                    None => break,
                }
            }
            let Some((pos, s)) = in_flight.next().await else {
                break;
            };
            match s {
                Step::Done(o) => settle(&mut outcomes, pos, o),
                Step::CreateUnknown(e) => unknown.push((pos, e)),
                Step::Stop(id, e) => {
                    let e = Arc::new(e);
                    settle(
                        &mut outcomes,
                        pos,
                        ReconcileOutcome::Failed {
                            id,
                            error: e.clone(),
                        },
                    );
                    if report.stopped.is_none() {
                        report.stopped = Some(ReconcileStopped { error: e });
                    }
                }
            }
        }
        drop(in_flight);

        // Creates whose answer was lost: look them up before sending again.
        if !unknown.is_empty() {
            let now = if report.stopped.is_none() {
                report.inventory_reads += 1;
                read_inventory(&client, dealer).await.ok()
            } else {
                None
            };
            let mut found: HashMap<String, ListingId> = HashMap::new();
            for l in now.iter().flatten() {
                if let Some(Ok(p)) = l.license_plate.as_deref().map(LicensePlate::parse) {
                    let id = found.entry(key(&p)).or_insert(l.id);
                    *id = (*id).min(l.id);
                }
            }
            unknown.sort_by_key(|(pos, _)| *pos);
            for (pos, first_error) in unknown {
                let outcome = match (&now, keys[pos].as_ref().and_then(|k| found.get(k))) {
                    (Some(_), Some(&id)) => ReconcileOutcome::Created {
                        id,
                        looked_up: true,
                    },
                    (Some(_), None) if report.stopped.is_none() => {
                        match create(&client, dealer, &desired[pos]).await {
                            Step::Done(o) => o,
                            Step::CreateUnknown(e) => ReconcileOutcome::Failed {
                                id: None,
                                error: Arc::new(e),
                            },
                            Step::Stop(id, e) => {
                                let e = Arc::new(e);
                                report.stopped = Some(ReconcileStopped { error: e.clone() });
                                ReconcileOutcome::Failed { id, error: e }
                            }
                        }
                    }
                    // Not looked up (the run stopped, or the inventory could
                    // not be read again): not sent again.
                    _ => ReconcileOutcome::Failed {
                        id: None,
                        error: Arc::new(first_error),
                    },
                };
                settle(&mut outcomes, pos, outcome);
            }
        }
        finish(report, outcomes, &desired, &mut settle)
    }
}

/// Fills the outcomes not reached with `NotAttempted` and builds the items.
fn finish(
    mut report: ReconcileReport,
    mut outcomes: Vec<Option<ReconcileOutcome>>,
    desired: &[NewListing],
    settle: &mut impl FnMut(&mut Vec<Option<ReconcileOutcome>>, usize, ReconcileOutcome),
) -> ReconcileReport {
    for pos in 0..outcomes.len() {
        if outcomes[pos].is_none() {
            settle(&mut outcomes, pos, ReconcileOutcome::NotAttempted);
        }
    }
    report.outcomes = outcomes
        .into_iter()
        .enumerate()
        .map(|(pos, o)| ReconcileItem {
            position: pos,
            license_plate: desired.get(pos).and_then(|l| l.license_plate().cloned()),
            outcome: o.unwrap_or(ReconcileOutcome::NotAttempted),
        })
        .collect();
    report
}
