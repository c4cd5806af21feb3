//! The ingest resource: one batch ([`Client::ingest`]) and a whole inventory
//! ([`Client::ingest_all`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::hash::Hasher;
use std::sync::Arc;

use autoclient_common::reexports::bytes::Bytes;
use autoclient_common::{ErrorKind, Request, Response};
use futures_util::future::BoxFuture;
use futures_util::stream::{BoxStream, FuturesUnordered};
use futures_util::{Stream, StreamExt};
use serde::Serialize;
use serde::ser::{SerializeSeq, SerializeStruct, Serializer};

use crate::checks::check_vehicle;
use crate::models::{IngestRequest, IngestResponse, Vehicle, VehicleError};
use crate::sync::Fingerprint;
use crate::{ApiError, Client, Error};
use futures_util::future::{self, TryFutureExt};

/// The most vehicles one ingest request may carry.
pub const MAX_VEHICLES_PER_REQUEST: usize = 1000;

const PATH: &str = "api/vehicles/ingest";

impl Client {
    fn ingest_request(vehicles: &[Vehicle]) -> Result<Request, Error> {
        if vehicles.len() > MAX_VEHICLES_PER_REQUEST {
            return Err(Error::invalid_request(format!(
                "an ingest carries at most {MAX_VEHICLES_PER_REQUEST} vehicles, not {} (use ingest_all to send a whole inventory in chunks)",
                vehicles.len()
            )));
        }
        if vehicles.is_empty() {
            return Err(Error::invalid_request(
                "an ingest needs at least one vehicle",
            ));
        }
        let body = IngestRequest {
            vehicles: Cow::Borrowed(vehicles),
        };
        // The ingest is an upsert by VIN: sending it twice has the same
        // effect as once, so it is retried like any idempotent call.
        Ok(Request::post(PATH).json(&body).idempotent(true))
    }

    /// Sends one batch of at most 1,000 vehicles (`POST /api/vehicles/ingest`).
    ///
    /// Vehicles are upserted by VIN; invalid ones are skipped by the server
    /// and listed in the response. More than 1,000 vehicles (or none) is
    /// refused before anything is sent, with [`ErrorKind::InvalidRequest`].
    /// Because the ingest is an upsert, it is retried on 5xx and timeouts.
    ///
    /// Errors: 401 ([`ErrorKind::Unauthorized`]: missing or invalid
    /// Authorization header), 403 ([`ErrorKind::Forbidden`]: key invalid or
    /// inactive), 400 ([`ErrorKind::Validation`]: invalid payload or no valid
    /// vehicles), each with the server's message.
    #[must_use = "an ingest sends nothing until you .await it"]
    pub fn ingest(
        &self,
        vehicles: &[Vehicle],
    ) -> impl Future<Output = Result<IngestResponse, Error>> + Send + 'static + use<> {
        let fut = self.ingest_with_response(vehicles);
        fut.map_ok(Response::into_body)
    }

    /// Like [`ingest`](Client::ingest), with the response's status, headers,
    /// request id and rate-limit information.
    #[must_use = "an ingest sends nothing until you .await it"]
    pub fn ingest_with_response(
        &self,
        vehicles: &[Vehicle],
    ) -> impl Future<Output = Result<Response<IngestResponse>, Error>> + Send + 'static + use<>
    {
        let req = Self::ingest_request(vehicles);
        let sent = req.map(|req| self.http.send_json::<IngestResponse, ApiError>(req));
        future::ready(sent).try_flatten()
    }

    /// Sends a whole inventory from any iterator, in chunks of at most 1,000
    /// vehicles, and returns a report that accounts for every vehicle. See
    /// [`IngestAll`] for the options (chunk size, requests in flight,
    /// progress, checks).
    ///
    /// Each chunk's body is encoded as its vehicles are read. A `Vec` is read
    /// in place, without moving its vehicles: they are dropped with the
    /// vector when the run ends, and only a failed chunk's VINs are taken out
    /// of it, for the report. Any other iterator is read vehicle by vehicle,
    /// each dropped once encoded; its VIN is kept with the chunk's body while
    /// the chunk is in flight.
    ///
    /// ```no_run
    /// # async fn run(client: auterio_client::Client, inventory: Vec<auterio_client::Vehicle>) {
    /// let report = client
    ///     .ingest_all(inventory)
    ///     .concurrency(4)
    ///     .on_chunk(|c| println!("chunk {} done", c.index()))
    ///     .await;
    /// println!("{report}");
    /// # }
    /// ```
    pub fn ingest_all<I>(&self, vehicles: I) -> IngestAll
    where
        I: IntoIterator<Item = Vehicle>,
        I::IntoIter: Send + 'static,
    {
        let mut it = Some(vehicles.into_iter());
        // A `Vec` (the common case) is read in place: each vehicle is encoded
        // where it lies instead of being moved out of the vector first.
        let any: &mut dyn std::any::Any = &mut it;
        if let Some(vec) = any
            .downcast_mut::<Option<std::vec::IntoIter<Vehicle>>>()
            .and_then(Option::take)
        {
            return self.ingest_input(Input::Vec(vec, 0));
        }
        match it {
            Some(it) => self.ingest_input(Input::Iter(Box::new(it))),
            None => self.ingest_input(Input::Iter(Box::new(std::iter::empty()))),
        }
    }

    /// Like [`ingest_all`](Client::ingest_all), from a `Stream` (a file being
    /// read, a database cursor). Vehicles are pulled only as chunks are sent,
    /// so an inventory of any size is never held in memory at once.
    ///
    /// ```no_run
    /// # async fn run(client: auterio_client::Client) {
    /// use auterio_client::{Vehicle, stream};
    ///
    /// // Any `Stream` of vehicles; here one made from an iterator.
    /// let vehicles = stream::iter(
    ///     (0..5_000).map(|i| Vehicle::new(format!("VSSZZZ6JZNR{i:06}"), "SEAT", "Ibiza")),
    /// );
    /// let report = client.ingest_stream(vehicles).concurrency(2).await;
    /// println!("{report}");
    /// # }
    /// ```
    pub fn ingest_stream<S>(&self, vehicles: S) -> IngestAll
    where
        S: Stream<Item = Vehicle> + Send + 'static,
    {
        self.ingest_input(Input::Stream(vehicles.boxed()))
    }

    fn ingest_input(&self, input: Input) -> IngestAll {
        IngestAll {
            client: self.clone(),
            input,
            chunk_size: MAX_VEHICLES_PER_REQUEST,
            concurrency: 1,
            on_chunk: None,
            check_before_sending: false,
            detect_duplicates: false,
        }
    }
}

type ProgressFn = Box<dyn FnMut(&ChunkEvent<'_>) + Send>;

/// Where the vehicles of an [`IngestAll`] come from.
enum Input {
    /// A vector's vehicles, read in place from the index on.
    Vec(std::vec::IntoIter<Vehicle>, usize),
    Iter(Box<dyn Iterator<Item = Vehicle> + Send>),
    Stream(BoxStream<'static, Vehicle>),
}

impl Input {
    /// Reads vehicles into `chunk` until it holds `n` or the input ends;
    /// returns true when the input is exhausted.
    async fn fill<S: Sift>(
        &mut self,
        chunk: &mut ChunkBuilder,
        n: usize,
        intake: &mut Intake<'_, S>,
    ) -> bool {
        match self {
            Input::Vec(vec, next) => {
                let rest = vec.as_mut_slice().get_mut(*next..).unwrap_or_default();
                for v in rest {
                    if chunk.len() == n {
                        return false;
                    }
                    chunk.push(v, intake);
                    *next += 1;
                }
                return true;
            }
            Input::Iter(it) => {
                while chunk.len() < n {
                    match it.next() {
                        Some(mut v) => chunk.push(&mut v, intake),
                        None => return true,
                    }
                }
            }
            Input::Stream(s) => {
                while chunk.len() < n {
                    match s.next().await {
                        Some(mut v) => chunk.push(&mut v, intake),
                        None => return true,
                    }
                }
            }
        }
        false
    }

    /// How many vehicles are still to come, at least (exact for a vector).
    fn remaining_hint(&self) -> usize {
        match self {
            Input::Vec(vec, next) => vec.len().saturating_sub(*next),
            Input::Iter(it) => it.size_hint().0,
            Input::Stream(s) => s.size_hint().0,
        }
    }

    /// Whether the vehicles stay where they are once read (a vector's): a
    /// chunk then need not take their VINs, [`Input::vins_at`] gives them.
    fn reads_in_place(&self) -> bool {
        matches!(self, Input::Vec(..))
    }

    /// The VINs of a vector's vehicles from `start` to `end` (input
    /// positions) that went into a chunk, i.e. less the `rejected` ones (in
    /// position order, as the report keeps them); taken out of the vector,
    /// which is not read there again. Empty for other inputs.
    fn vins_at(&mut self, start: u64, end: u64, rejected: &[Rejected]) -> Vec<String> {
        let Input::Vec(vec, _) = self else {
            return Vec::new();
        };
        let (Ok(start), Ok(end)) = (usize::try_from(start), usize::try_from(end)) else {
            return Vec::new();
        };
        let slice = vec.as_mut_slice();
        let end = end.min(slice.len());
        let sent = |i: &usize| {
            rejected
                .binary_search_by_key(&(*i as u64), |r| r.position)
                .is_err()
        };
        (start.min(end)..end)
            .filter(sent)
            .filter_map(|i| slice.get_mut(i).map(|v| std::mem::take(&mut v.vin)))
            .collect()
    }

    /// Reads the rest of the input without sending it; returns the VINs.
    async fn drain_vins(&mut self) -> Vec<String> {
        match self {
            Input::Vec(vec, next) => {
                let rest = vec.as_mut_slice().get_mut(*next..).unwrap_or_default();
                *next += rest.len();
                rest.iter_mut()
                    .map(|v| std::mem::take(&mut v.vin))
                    .collect()
            }
            Input::Iter(it) => it.map(|v| v.vin).collect(),
            Input::Stream(s) => s.by_ref().map(|v| v.vin).collect().await,
        }
    }
}

/// What reading the input keeps across chunks: the position, the VINs seen,
/// the report's per-vehicle findings, and the sift that decides which
/// vehicles are sent ([`NoSift`] for `ingest_all`: every one).
struct Intake<'a, S> {
    position: u64,
    detect_duplicates: bool,
    check_before_sending: bool,
    seen: SeenVins,
    report: &'a mut IngestReport,
    sift: &'a mut S,
}

/// Decides, vehicle by vehicle, what a run sends, and hears how each chunk
/// it sent ended: the hook of the change-only ingest
/// ([`Client::ingest_changed`](crate::Client::ingest_changed)) into the
/// chunking, concurrency and reporting of [`IngestAll`]. With
/// `ACTIVE == false` ([`NoSift`]) none of it runs.
pub(crate) trait Sift: Send {
    /// Whether the run consults the sift at all.
    const ACTIVE: bool;
    /// A vehicle read and encoded (`encoded` is its JSON as sent): its
    /// fingerprint if it is to be sent, `None` to leave it out (unchanged).
    fn admit(&mut self, vin: &str, encoded: &[u8]) -> Option<Fingerprint>;
    /// A chunk the server answered: its VINs and their (position,
    /// fingerprint), in order, and the answer.
    fn answered(&mut self, vins: &[String], sifted: &[(u64, Fingerprint)], answer: &IngestResponse);
    /// A chunk that failed after its retries.
    fn failed(&mut self, chunk: &FailedChunk, sifted: &[(u64, Fingerprint)]);
    /// Vehicles never sent (the run stopped), from input position `first`.
    fn not_sent(&mut self, vins: &[String], first: u64);
    /// The whole input has been read: `seen` holds every VIN in it.
    fn finish(&mut self, seen: &SeenVins);
}

/// The sift of `ingest_all`: sends everything, hears nothing.
pub(crate) struct NoSift;

impl Sift for NoSift {
    const ACTIVE: bool = false;
    fn admit(&mut self, _: &str, _: &[u8]) -> Option<Fingerprint> {
        None
    }
    fn answered(&mut self, _: &[String], _: &[(u64, Fingerprint)], _: &IngestResponse) {}
    fn failed(&mut self, _: &FailedChunk, _: &[(u64, Fingerprint)]) {}
    fn not_sent(&mut self, _: &[String], _: u64) {}
    fn finish(&mut self, _: &SeenVins) {}
}

/// One chunk being built: its body is encoded as each vehicle is read, so
/// only the bytes (and, for an input that is not a vector, the VINs for the
/// report) are kept, never the vehicles.
struct ChunkBuilder {
    body: Vec<u8>,
    first_position: Option<u64>,
    /// Vehicles encoded into the body.
    count: usize,
    /// Their VINs, taken from vehicles that are dropped once read (an
    /// iterator's, a stream's). `None` for a vector's: its vehicles stay in
    /// place, and their VINs are taken only should the chunk fail.
    vins: Option<Vec<String>>,
    /// Whether a vehicle of the chunk passes the client-side checks (only
    /// that matters: the checks stop at the first one that does).
    locally_valid: bool,
    /// For a change-only ingest: each vehicle's input position and
    /// fingerprint, in body order (empty otherwise).
    sifted: Vec<(u64, Fingerprint)>,
}

/// The start of an ingest body; its end is `]}`. The body is byte for byte
/// what `serde_json::to_vec(&IngestRequest { vehicles })` writes.
const BODY_START: &[u8] = b"{\"vehicles\":[";

impl ChunkBuilder {
    /// A chunk for up to `vehicles` vehicles, written into `buffer` (a
    /// finished chunk's, reused) or a new one of `body_bytes`; it takes the
    /// vehicles' VINs unless they stay `in_place`.
    fn new(vehicles: usize, body_bytes: usize, buffer: Option<Vec<u8>>, in_place: bool) -> Self {
        let mut body = buffer.unwrap_or_default();
        body.clear();
        body.reserve(body_bytes.max(BODY_START.len() + 2));
        body.extend_from_slice(BODY_START);
        Self {
            body,
            first_position: None,
            count: 0,
            vins: (!in_place).then(|| Vec::with_capacity(vehicles)),
            locally_valid: false,
            sifted: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.count
    }

    /// Takes one vehicle read from the input: flags a duplicate, runs the
    /// checks if asked, and encodes it into the body. Its VIN is moved into
    /// the chunk (unless it stays in place) or the report; the rest of it is
    /// left to the caller.
    fn push<S: Sift>(&mut self, v: &mut Vehicle, intake: &mut Intake<'_, S>) {
        let pos = intake.position;
        intake.position += 1;
        intake.report.read += 1;
        // A change-only ingest needs every VIN read (to name those that
        // disappeared), duplicates flagged or not.
        if (intake.detect_duplicates || S::ACTIVE)
            && let Some(first) = intake.seen.first_position(&v.vin, pos)
            && intake.detect_duplicates
        {
            intake.report.duplicates.push(Duplicate {
                vin: v.vin.clone(),
                first_position: first,
                position: pos,
            });
        }
        if intake.check_before_sending {
            let violations = check_vehicle(v, "");
            if !violations.is_empty() {
                intake.report.rejected.push(Rejected {
                    position: pos,
                    vin: std::mem::take(&mut v.vin),
                    violations,
                });
                return;
            }
        }
        let mark = self.body.len();
        if self.count != 0 {
            self.body.push(b',');
        }
        if let Err(e) = serde_json::to_writer(&mut self.body, &*v) {
            // Not reachable with the model's own types; never send half a
            // vehicle: report it as rejected instead.
            self.body.truncate(mark);
            intake.report.rejected.push(Rejected {
                position: pos,
                vin: std::mem::take(&mut v.vin),
                violations: vec![autoclient_common::Violation::new(
                    "",
                    format!("could not be encoded as JSON: {e}"),
                )],
            });
            return;
        }
        if S::ACTIVE {
            let start = if self.count == 0 { mark } else { mark + 1 };
            match intake
                .sift
                .admit(&v.vin, self.body.get(start..).unwrap_or_default())
            {
                Some(fingerprint) => self.sifted.push((pos, fingerprint)),
                None => {
                    // Unchanged: not sent.
                    self.body.truncate(mark);
                    return;
                }
            }
        }
        if !self.locally_valid {
            self.locally_valid = passes_checks(v);
        }
        self.first_position.get_or_insert(pos);
        self.count += 1;
        if let Some(vins) = &mut self.vins {
            vins.push(std::mem::take(&mut v.vin));
        }
    }

    /// The finished body, and what the run keeps of the chunk to report it.
    fn finish(mut self, index: usize, end_position: u64) -> (Vec<u8>, ChunkMeta) {
        self.body.extend_from_slice(b"]}");
        let meta = ChunkMeta {
            index,
            first_position: self.first_position.unwrap_or_default(),
            end_position,
            count: self.count,
            vins: self.vins,
            locally_valid: self.locally_valid,
            sifted: self.sifted,
            body: Bytes::new(),
        };
        (self.body, meta)
    }
}

/// A whole-inventory ingest, configured and then awaited.
///
/// * Chunks of at most `chunk_size` vehicles (default and maximum 1,000).
/// * `concurrency` chunk requests in flight (default 1).
/// * With [`detect_duplicates(true)`](IngestAll::detect_duplicates),
///   duplicate VINs in the input are flagged in the report; they are still
///   sent (the server keeps the last one). Off by default: see there.
/// * An error no retry can cure (401, 403, and a 400 for a chunk that holds
///   vehicles passing the client-side checks, i.e. a payload the server does
///   not accept) stops the run: chunks already in flight finish, nothing more
///   is sent, and the report lists the VINs never sent. A 400 for a chunk in
///   which no vehicle passes the checks ("no valid vehicles") only fails that chunk.
/// * With `check_before_sending(true)`, vehicles failing
///   [`check_vehicle`](crate::check_vehicle) are reported as rejected and not sent.
///
/// Awaiting it never fails: every outcome is in the [`IngestReport`].
#[must_use = "an ingest sends nothing until you .await it"]
pub struct IngestAll {
    client: Client,
    input: Input,
    chunk_size: usize,
    concurrency: usize,
    on_chunk: Option<ProgressFn>,
    check_before_sending: bool,
    detect_duplicates: bool,
}

impl fmt::Debug for IngestAll {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IngestAll")
            .field("chunk_size", &self.chunk_size)
            .field("concurrency", &self.concurrency)
            .field("check_before_sending", &self.check_before_sending)
            .field("detect_duplicates", &self.detect_duplicates)
            .finish()
    }
}

impl IngestAll {
    /// Vehicles per request, 1 to 1,000 (clamped).
    pub fn chunk_size(mut self, n: usize) -> Self {
        self.chunk_size = n.clamp(1, MAX_VEHICLES_PER_REQUEST);
        self
    }
    /// Requests in flight at once (at least 1).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }
    /// Called after each chunk completes (for a progress bar).
    pub fn on_chunk(mut self, f: impl FnMut(&ChunkEvent<'_>) + Send + 'static) -> Self {
        self.on_chunk = Some(Box::new(f));
        self
    }
    /// Flags VINs repeated anywhere in the input in the report's
    /// `duplicates` (default **off**). It keeps a set of every VIN read
    /// (about 28 bytes a vehicle, reserved up front for a vector) and on a
    /// fast network costs about a third more of the client's CPU time on a
    /// 100,000-vehicle run (BENCHMARKS.md, section 2), which is why it is
    /// off unless asked for. [`Client::ingest_changed`] has it on, since it
    /// keeps that set anyway.
    pub fn detect_duplicates(mut self, yes: bool) -> Self {
        self.detect_duplicates = yes;
        self
    }
    /// Runs the client-side checks and does not send vehicles that fail them.
    pub fn check_before_sending(mut self, yes: bool) -> Self {
        self.check_before_sending = yes;
        self
    }
}

impl IntoFuture for IngestAll {
    type Output = IngestReport;
    type IntoFuture = BoxFuture<'static, IngestReport>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// What one completed chunk reports to the progress callback.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChunkEvent<'a> {
    /// The server accepted the chunk.
    Sent(&'a ChunkReport),
    /// The chunk failed after its retries.
    Failed(&'a FailedChunk),
}

impl ChunkEvent<'_> {
    /// The chunk's 0-based index.
    #[must_use]
    pub fn index(&self) -> usize {
        match self {
            ChunkEvent::Sent(c) => c.index,
            ChunkEvent::Failed(c) => c.index,
        }
    }
    /// How many vehicles the chunk carried.
    #[must_use]
    pub fn vehicles(&self) -> usize {
        match self {
            ChunkEvent::Sent(c) => c.sent,
            ChunkEvent::Failed(c) => c.vins.len(),
        }
    }
}

/// A chunk the server accepted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ChunkReport {
    /// 0-based chunk index.
    pub index: usize,
    /// 0-based position in the input of the chunk's first vehicle.
    pub first_position: u64,
    /// Vehicles sent.
    pub sent: usize,
    /// The server's imported count.
    pub imported: u64,
    /// The server's skipped count.
    pub skipped: u64,
    /// The server's per-vehicle errors.
    pub errors: Vec<VehicleError>,
    /// Attempts the request took.
    pub attempts: u32,
}

/// A chunk that still failed after its retries.
///
/// Serialized with its error as `{"kind", "message", "status", "attempts"}`:
/// the kind's name (`"Server"`, as [`ErrorKind`] spells it), the error's
/// one-line message, the HTTP status if one came, and the attempts made.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct FailedChunk {
    /// 0-based chunk index.
    pub index: usize,
    /// 0-based position in the input of the chunk's first vehicle.
    pub first_position: u64,
    /// The VINs of the chunk, in order.
    pub vins: Vec<String>,
    /// Why it failed (shared, so that the report can be cloned).
    #[serde(serialize_with = "serialize_error")]
    pub error: Arc<Error>,
}

/// An error as `{"kind", "message", "status", "attempts"}` (see [`FailedChunk`]).
pub(crate) fn serialize_error<S: Serializer>(error: &Arc<Error>, s: S) -> Result<S::Ok, S::Error> {
    let mut e = s.serialize_struct("Error", 4)?;
    e.serialize_field("kind", &format!("{:?}", error.kind()))?;
    e.serialize_field("message", &error.to_string())?;
    e.serialize_field("status", &error.status().map(|s| s.as_u16()))?;
    e.serialize_field("attempts", &error.attempts())?;
    e.end()
}

/// Violations as `[{"field", "message"}]` (see [`Rejected`]).
fn serialize_violations<S: Serializer>(
    violations: &[autoclient_common::Violation],
    s: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Shown<'a> {
        field: &'a str,
        message: &'a str,
    }
    let mut seq = s.serialize_seq(Some(violations.len()))?;
    for v in violations {
        seq.serialize_element(&Shown {
            field: &v.field,
            message: &v.message,
        })?;
    }
    seq.end()
}

/// A VIN that appears more than once in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Duplicate {
    /// The VIN.
    pub vin: String,
    /// 0-based input position of its first occurrence.
    pub first_position: u64,
    /// 0-based input position of this repeat.
    pub position: u64,
}

/// A chunk the server answered without accounting for every vehicle sent:
/// it answered `success: false`, or its imported + skipped counts differ
/// from what was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Discrepancy {
    /// 0-based chunk index.
    pub index: usize,
    /// Vehicles sent.
    pub sent: usize,
    /// The server's `success` flag.
    pub success: bool,
    /// The server's imported count.
    pub imported: u64,
    /// The server's skipped count.
    pub skipped: u64,
}

impl Discrepancy {
    /// The chunk's vehicles the server's answer does not account for: those
    /// its counts leave out (sent − imported − skipped), or the whole chunk
    /// when it answered `success: false` or counted more vehicles than were
    /// sent (an answer that cannot be taken at its word).
    #[must_use]
    pub fn unaccounted(&self) -> u64 {
        let sent = self.sent as u64;
        let counted = self.imported.saturating_add(self.skipped);
        if self.success && counted <= sent {
            sent - counted
        } else {
            sent
        }
    }
}

/// A vehicle refused by the client-side checks and not sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Rejected {
    /// 0-based input position.
    pub position: u64,
    /// The VIN as given.
    pub vin: String,
    /// The rules it broke (serialized as `[{"field", "message"}]`).
    #[serde(serialize_with = "serialize_violations")]
    pub violations: Vec<autoclient_common::Violation>,
}

/// Where a run stopped early, and what was never sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Stopped {
    /// The index of the chunk whose error stopped the run (in `failed`).
    pub at_chunk: usize,
    /// The VINs never sent, in input order.
    pub not_sent: Vec<String>,
}

/// The outcome of [`Client::ingest_all`]: accounts for every vehicle read.
///
/// `Clone`, and `Serialize` to log or store it (as JSON, say, with
/// [`serde_json`](crate::serde_json)).
#[derive(Debug, Clone, Default, Serialize)]
#[non_exhaustive]
pub struct IngestReport {
    /// Vehicles read from the input.
    pub read: u64,
    /// Chunks the server accepted, in completion order.
    pub chunks: Vec<ChunkReport>,
    /// Chunks that failed after their retries.
    pub failed: Vec<FailedChunk>,
    /// VINs repeated in the input.
    pub duplicates: Vec<Duplicate>,
    /// Chunks whose counts do not add up to what was sent.
    pub discrepancies: Vec<Discrepancy>,
    /// Vehicles refused by the client-side checks (with `check_before_sending`).
    pub rejected: Vec<Rejected>,
    /// Set when an error no retry can cure stopped the run.
    pub stopped: Option<Stopped>,
}

impl IngestReport {
    /// Vehicles in accepted chunks.
    #[must_use]
    pub fn sent(&self) -> u64 {
        self.chunks.iter().map(|c| c.sent as u64).sum()
    }
    /// The server's imported total (saturating: the counts are the server's).
    #[must_use]
    pub fn imported(&self) -> u64 {
        self.chunks
            .iter()
            .fold(0u64, |sum, c| sum.saturating_add(c.imported))
    }
    /// The server's skipped total (saturating: the counts are the server's).
    #[must_use]
    pub fn skipped(&self) -> u64 {
        self.chunks
            .iter()
            .fold(0u64, |sum, c| sum.saturating_add(c.skipped))
    }
    /// Vehicles in failed chunks.
    #[must_use]
    pub fn failed_vehicles(&self) -> u64 {
        self.failed.iter().map(|c| c.vins.len() as u64).sum()
    }
    /// Vehicles never sent because the run stopped.
    #[must_use]
    pub fn not_sent(&self) -> u64 {
        self.stopped.as_ref().map_or(0, |s| s.not_sent.len() as u64)
    }
    /// Every vehicle read was sent in a chunk the server accepted, and the
    /// server's counts add up.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty()
            && self.stopped.is_none()
            && self.discrepancies.is_empty()
            && self.rejected.is_empty()
    }
    /// Vehicles sent in chunks the server answered without accounting for
    /// them: the sum of [`Discrepancy::unaccounted`] over
    /// [`discrepancies`](Self::discrepancies). Whether they were imported is
    /// unknown; zero when every answer adds up.
    #[must_use]
    pub fn unaccounted(&self) -> u64 {
        self.discrepancies
            .iter()
            .fold(0u64, |sum, d| sum.saturating_add(d.unaccounted()))
    }
    /// Every vehicle is accounted for on this side: sent, failed, rejected or
    /// not sent. (Whether the server accounted for those sent is
    /// [`unaccounted`](Self::unaccounted); [`is_complete`](Self::is_complete)
    /// covers both.)
    #[must_use]
    pub fn accounts_for_all(&self) -> bool {
        self.sent() + self.failed_vehicles() + self.rejected.len() as u64 + self.not_sent()
            == self.read
    }
}

impl fmt::Display for IngestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "read {} in {}: {} sent, {} imported, {} skipped by the server",
            counted(self.read, "vehicle"),
            counted((self.chunks.len() + self.failed.len()) as u64, "chunk"),
            self.sent(),
            self.imported(),
            self.skipped()
        )?;
        match self.unaccounted() {
            0 => writeln!(f)?,
            n => writeln!(f, ", {n} not accounted for by the server")?,
        }
        for c in &self.chunks {
            for e in &c.errors {
                writeln!(
                    f,
                    "  skipped {}: {}",
                    e.vin().unwrap_or("(no VIN given)"),
                    e.message().map_or_else(|| e.0.to_string(), str::to_owned)
                )?;
            }
        }
        for d in &self.duplicates {
            writeln!(
                f,
                "  duplicate VIN {} at input positions {} and {}",
                d.vin, d.first_position, d.position
            )?;
        }
        for r in &self.rejected {
            let v: Vec<String> = r.violations.iter().map(ToString::to_string).collect();
            writeln!(
                f,
                "  rejected before sending, position {} ({}): {}",
                r.position,
                r.vin,
                v.join("; ")
            )?;
        }
        for d in &self.discrepancies {
            if d.success {
                write!(
                    f,
                    "  chunk {}: sent {} but the server counted",
                    d.index, d.sent
                )?;
            } else {
                write!(
                    f,
                    "  chunk {}: sent {} but the server answered success: false, with",
                    d.index, d.sent
                )?;
            }
            writeln!(
                f,
                " {} imported + {} skipped; {} not accounted for",
                d.imported,
                d.skipped,
                d.unaccounted()
            )?;
        }
        for c in &self.failed {
            writeln!(
                f,
                "  chunk {} FAILED ({} from position {}): {}",
                c.index,
                counted(c.vins.len() as u64, "vehicle"),
                c.first_position,
                c.error
            )?;
        }
        if let Some(s) = &self.stopped {
            writeln!(
                f,
                "  STOPPED at chunk {}: {} never sent",
                s.at_chunk,
                match s.not_sent.len() {
                    1 => "1 vehicle was".to_owned(),
                    n => format!("{n} vehicles were"),
                }
            )?;
        }
        Ok(())
    }
}

/// `n` and `noun`, in the plural unless `n` is 1: `1 chunk`, `3 chunks`.
fn counted(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

struct ChunkMeta {
    index: usize,
    first_position: u64,
    /// The input position after the chunk's last vehicle.
    end_position: u64,
    /// Vehicles sent.
    count: usize,
    /// Their VINs, unless they are still in the input ([`ChunkBuilder::vins`]).
    vins: Option<Vec<String>>,
    locally_valid: bool,
    /// Positions and fingerprints of a change-only ingest ([`ChunkBuilder::sifted`]).
    sifted: Vec<(u64, Fingerprint)>,
    /// The request body, kept to reuse its buffer for a later chunk once the
    /// request no longer holds it.
    body: Bytes,
}

impl ChunkMeta {
    /// Takes back the body's buffer when nothing else holds it any more.
    fn reclaim(&mut self, spare: &mut Vec<Vec<u8>>, keep: usize) {
        let body = std::mem::take(&mut self.body);
        if spare.len() < keep
            && let Ok(buffer) = body.try_into_mut()
        {
            spare.push(buffer.into());
        }
    }
}

fn passes_checks(v: &Vehicle) -> bool {
    crate::checks::check_vin(&v.vin).is_ok()
        && !v.brand.trim().is_empty()
        && !v.model.trim().is_empty()
}

/// The VINs seen so far, with the input position of each one's first
/// occurrence. A well-formed VIN (17 characters of 0-9 and A-Z) packs into
/// two `u64`s, appended with its position to a vector in the order first
/// read; a hash table of 4-byte indices into that vector (and one control
/// byte a slot) finds it again. The table a vehicle's lookup touches at
/// random is then about 5 bytes an entry, instead of the 24 of a map of keys
/// and positions: on 100,000 vehicles, some 650 KB rather than 3 MB, which a
/// processor's caches hold. Sized up front from the input's length when it
/// is known (a vector's), so that it is never rebuilt as it grows. Any other
/// VIN (or past 4 billion distinct ones) is kept as text.
#[derive(Default)]
pub(crate) struct SeenVins {
    packed: Vec<(PackedVin, u64)>,
    index: hashbrown::HashTable<u32>,
    other: HashMap<String, u64>,
}

/// A well-formed VIN, 6 bits a character.
#[derive(PartialEq, Eq, Clone, Copy)]
struct PackedVin(u64, u64);

impl PackedVin {
    fn hash(&self) -> u64 {
        let mut h = MixHasher(0);
        h.write_u64(self.0);
        h.write_u64(self.1);
        h.finish()
    }
}

/// The most entries reserved up front: an input's length hint past this (an
/// iterator's may claim anything) is not taken at its word.
const MAX_RESERVED_VINS: usize = 10_000_000;

impl SeenVins {
    fn with_capacity(n: usize) -> Self {
        let n = n.min(MAX_RESERVED_VINS);
        Self {
            packed: Vec::with_capacity(n),
            index: hashbrown::HashTable::with_capacity(n),
            other: HashMap::new(),
        }
    }

    /// Records `vin` at `pos`; returns the first position if it was seen before.
    fn first_position(&mut self, vin: &str, pos: u64) -> Option<u64> {
        if let Some(key) = pack_vin(vin) {
            let next = u32::try_from(self.packed.len()).ok();
            let packed = &self.packed;
            let at = |i: &u32| packed.get(*i as usize);
            let entry = self.index.entry(
                key.hash(),
                |i| at(i).is_some_and(|(k, _)| *k == key),
                |i| at(i).map_or(0, |(k, _)| k.hash()),
            );
            match (entry, next) {
                (hashbrown::hash_table::Entry::Occupied(e), _) => {
                    return at(e.get()).map(|(_, first)| *first);
                }
                (hashbrown::hash_table::Entry::Vacant(e), Some(next)) => {
                    e.insert(next);
                    self.packed.push((key, pos));
                    return None;
                }
                // Past 4 billion distinct VINs: kept as text below.
                (hashbrown::hash_table::Entry::Vacant(_), None) => {}
            }
        }
        match self.other.get(vin) {
            Some(first) => Some(*first),
            None => {
                self.other.insert(vin.to_owned(), pos);
                None
            }
        }
    }

    /// Whether `vin` was seen.
    pub(crate) fn contains(&self, vin: &str) -> bool {
        if let Some(key) = pack_vin(vin) {
            let found = self.index.find(key.hash(), |i| {
                self.packed.get(*i as usize).is_some_and(|(k, _)| *k == key)
            });
            if found.is_some() {
                return true;
            }
        }
        self.other.contains_key(vin)
    }
}

/// `VIN_CODE[b]`: the 6-bit code of a VIN character (0-9, then A-Z), or
/// `INVALID` for any other byte.
const VIN_CODE: [u8; 256] = {
    let mut t = [INVALID; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};
const INVALID: u8 = 0x80;

/// Packs a well-formed VIN (17 characters of 0-9 and A-Z), 6 bits a
/// character: the first ten into one `u64`, the other seven into another.
/// Branch-free over the characters, as it runs once a vehicle.
fn pack_vin(vin: &str) -> Option<PackedVin> {
    let bytes: &[u8; 17] = vin.as_bytes().try_into().ok()?;
    let (head, tail) = bytes.split_at(10);
    let mut flags = 0u8;
    let mut pack = |part: &[u8]| {
        part.iter().fold(0u64, |key, &b| {
            let code = VIN_CODE[usize::from(b)];
            flags |= code;
            (key << 6) | u64::from(code & 0x3f)
        })
    };
    let key = PackedVin(pack(head), pack(tail));
    (flags & INVALID == 0).then_some(key)
}

/// A fast hasher for packed VINs (the keys come from the caller's own input).
#[derive(Default)]
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(buf));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0 ^ v)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

fn is_fatal(e: &Error, meta: &ChunkMeta) -> bool {
    match e.kind() {
        ErrorKind::Unauthorized | ErrorKind::Forbidden => true,
        ErrorKind::Validation => meta.locally_valid,
        ErrorKind::InvalidRequest => true,
        _ => false,
    }
}

impl IngestAll {
    async fn run(self) -> IngestReport {
        self.run_with(&mut NoSift).await
    }

    /// The run, with `sift` deciding what is sent (see [`Sift`]).
    pub(crate) async fn run_with<S: Sift>(mut self, sift: &mut S) -> IngestReport {
        let mut report = IngestReport::default();
        let mut intake = Intake {
            position: 0,
            detect_duplicates: self.detect_duplicates,
            check_before_sending: self.check_before_sending,
            seen: if self.detect_duplicates || S::ACTIVE {
                SeenVins::with_capacity(self.input.remaining_hint())
            } else {
                SeenVins::default()
            },
            report: &mut report,
            sift,
        };
        let mut next_index = 0usize;
        let mut exhausted = false;
        let mut body_bytes = 0usize;
        // The buffers of finished chunks: filling a warm buffer again costs
        // less than a new allocation of a few hundred kilobytes per chunk.
        let mut spare: Vec<Vec<u8>> = Vec::new();
        let mut in_flight = FuturesUnordered::new();
        loop {
            while !exhausted
                && intake.report.stopped.is_none()
                && in_flight.len() < self.concurrency
            {
                // A change-only chunk takes its VINs: the vehicles it leaves
                // out stand between those it sends.
                let mut chunk = ChunkBuilder::new(
                    self.chunk_size,
                    body_bytes,
                    spare.pop(),
                    self.input.reads_in_place() && !S::ACTIVE,
                );
                exhausted = self
                    .input
                    .fill(&mut chunk, self.chunk_size, &mut intake)
                    .await;
                if chunk.len() == 0 {
                    continue;
                }
                let (body, mut meta) = chunk.finish(next_index, intake.position);
                body_bytes = body_bytes.max(body.len());
                let body = Bytes::from(body);
                // The ingest is an upsert by VIN: retried like any idempotent call.
                let req = Request::post(PATH)
                    .json_bytes(body.clone())
                    .idempotent(true);
                let fut = self.client.http.send_json::<IngestResponse, ApiError>(req);
                meta.body = body;
                next_index += 1;
                in_flight.push(async move { (meta, fut.await) });
            }
            let report = &mut *intake.report;
            let Some((mut meta, result)) = in_flight.next().await else {
                break;
            };
            meta.reclaim(&mut spare, self.concurrency);
            match result {
                Ok(resp) => {
                    let attempts = resp.attempts();
                    let body = resp.into_body();
                    let sent = meta.count;
                    // The counts come from the server: add them without overflow.
                    let counted = u128::from(body.imported) + u128::from(body.skipped);
                    if counted != sent as u128 || !body.success {
                        report.discrepancies.push(Discrepancy {
                            index: meta.index,
                            sent,
                            success: body.success,
                            imported: body.imported,
                            skipped: body.skipped,
                        });
                    }
                    if S::ACTIVE {
                        intake.sift.answered(
                            meta.vins.as_deref().unwrap_or_default(),
                            &meta.sifted,
                            &body,
                        );
                    }
                    report.chunks.push(ChunkReport {
                        index: meta.index,
                        first_position: meta.first_position,
                        sent,
                        imported: body.imported,
                        skipped: body.skipped,
                        errors: body.errors,
                        attempts,
                    });
                    if let (Some(cb), Some(c)) = (self.on_chunk.as_mut(), report.chunks.last()) {
                        cb(&ChunkEvent::Sent(c));
                    }
                }
                Err(error) => {
                    let fatal = is_fatal(&error, &meta);
                    tracing::warn!(chunk = meta.index, kind = ?error.kind(), fatal, "ingest chunk failed");
                    if fatal && report.stopped.is_none() {
                        report.stopped = Some(Stopped {
                            at_chunk: meta.index,
                            not_sent: Vec::new(),
                        });
                    }
                    report.failed.push(FailedChunk {
                        index: meta.index,
                        first_position: meta.first_position,
                        vins: match meta.vins {
                            Some(vins) => vins,
                            None => {
                                let vins = self.input.vins_at(
                                    meta.first_position,
                                    meta.end_position,
                                    &report.rejected,
                                );
                                debug_assert_eq!(vins.len(), meta.count);
                                vins
                            }
                        },
                        error: Arc::new(error),
                    });
                    if S::ACTIVE
                        && let Some(c) = report.failed.last()
                    {
                        intake.sift.failed(c, &meta.sifted);
                    }
                    if let (Some(cb), Some(c)) = (self.on_chunk.as_mut(), report.failed.last()) {
                        cb(&ChunkEvent::Failed(c));
                    }
                }
            }
        }
        if intake.report.stopped.is_some() {
            // Account for the rest of the input: read it (without sending) to
            // name every vehicle that was never sent.
            let rest = self.input.drain_vins().await;
            let first = intake.report.read;
            if S::ACTIVE {
                for (pos, vin) in (first..).zip(&rest) {
                    intake.seen.first_position(vin, pos);
                }
                intake.sift.not_sent(&rest, first);
            }
            intake.report.read += rest.len() as u64;
            if let Some(stopped) = intake.report.stopped.as_mut() {
                stopped.not_sent = rest;
            }
        }
        if S::ACTIVE {
            intake.sift.finish(&intake.seen);
        }
        report.chunks.sort_by_key(|c| c.index);
        report.failed.sort_by_key(|c| c.index);
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FuelType, Gearbox, VehicleStatus};
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    #[test]
    fn every_character_of_a_packed_vin_counts_and_others_are_kept_as_text() {
        let base = "VSSZZZ6JZNR012345";
        let key = |v: &str| pack_vin(v).map(|k| (k.0, k.1));
        assert!(key(base).is_some());
        for i in 0..17 {
            for c in ['0', '9', 'A', 'Z'] {
                let mut other: Vec<char> = base.chars().collect();
                if other[i] == c {
                    continue;
                }
                other[i] = c;
                let other: String = other.into_iter().collect();
                assert_ne!(key(&other), key(base), "{other}");
            }
        }
        for bad in [
            "VSSZZZ6JZNR01234",
            "VSSZZZ6JZNR0123456",
            "vSSZZZ6JZNR012345",
            "VSSZZZ6JZNR01234-",
            "VSSZZZ6JZNR01234é",
        ] {
            assert_eq!(key(bad), None, "{bad}");
        }
        let mut seen = SeenVins::with_capacity(4);
        assert_eq!(seen.first_position(base, 0), None);
        assert_eq!(seen.first_position("short", 1), None);
        assert_eq!(seen.first_position(base, 2), Some(0));
        assert_eq!(seen.first_position("short", 3), Some(1));
        assert!(
            seen.contains(base) && seen.contains("short") && !seen.contains("VSSZZZ6JZNR012346")
        );
    }

    fn full(vin: &str) -> Vehicle {
        Vehicle::new(vin, "Volkswagen", "Golf \"GTI\" \u{e9}\n")
            .matricula("1234ABC")
            .version("GTI 2.0 TSI")
            .year(2024)
            .color_ext("Blanco")
            .color_int("Negro")
            .fuel_type(FuelType::GASOLINA)
            .gearbox(Gearbox::AUTOMATICO)
            .mileage(15_000)
            .engine_cc(1984)
            .power_hp(245)
            .doors(5)
            .seats(5)
            .cost_price(Decimal::new(2_800_050, 2))
            .sale_price(Decimal::new(34_500, 0))
            .status(VehicleStatus::Unknown("preparacion".into()))
            .location("Madrid")
            .supplier("Proveedor")
            .fecha_matricula(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap_or_default())
            .propiedad("Empresa")
            .categoria("Turismo")
            .notes("tab\there")
    }

    fn build(vehicles: Vec<Vehicle>, check: bool) -> (Vec<u8>, Vec<String>, IngestReport) {
        build_into(vehicles, check, None)
    }

    /// One chunk of `vehicles`, written into `buffer` when given.
    fn build_into(
        vehicles: Vec<Vehicle>,
        check: bool,
        buffer: Option<Vec<u8>>,
    ) -> (Vec<u8>, Vec<String>, IngestReport) {
        let mut report = IngestReport::default();
        let mut intake = Intake {
            position: 0,
            detect_duplicates: true,
            check_before_sending: check,
            seen: SeenVins::default(),
            report: &mut report,
            sift: &mut NoSift,
        };
        let mut chunk = ChunkBuilder::new(vehicles.len(), 0, buffer, false);
        for mut v in vehicles {
            chunk.push(&mut v, &mut intake);
        }
        let (body, meta) = chunk.finish(0, intake.position);
        (body, meta.vins.unwrap_or_default(), report)
    }

    #[test]
    fn a_reused_buffer_gives_the_same_body_and_is_reclaimed_only_when_unshared() {
        let first = vec![full("WVWZZZE1ZNP123456"), full("VSSZZZ6JZNR000001")];
        let second = vec![Vehicle::new("VSSZZZ6JZNR000002", "SEAT", "Ibiza")];
        let (body, _, _) = build(first, false);
        let meta = |body: Bytes| ChunkMeta {
            index: 0,
            first_position: 0,
            end_position: 0,
            count: 0,
            vins: None,
            locally_valid: true,
            sifted: Vec::new(),
            body,
        };
        // Still held elsewhere (a request in flight): not taken back.
        let mut spare = Vec::new();
        let shared = Bytes::from(body.clone());
        let held = shared.clone();
        meta(shared).reclaim(&mut spare, 4);
        assert!(spare.is_empty());
        drop(held);
        // Unshared: taken back, up to the limit.
        meta(Bytes::from(body)).reclaim(&mut spare, 4);
        assert_eq!(spare.len(), 1);
        meta(Bytes::from(vec![1u8; 10])).reclaim(&mut spare, 1);
        assert_eq!(spare.len(), 1);

        // A chunk written into the reused buffer is exactly a fresh one.
        let reused = build_into(second.clone(), false, spare.pop()).0;
        assert_eq!(reused, build(second, false).0);
    }

    #[test]
    fn the_streamed_body_is_byte_for_byte_the_encoded_ingest_request() {
        let cases: Vec<Vec<Vehicle>> = vec![
            vec![Vehicle::new("WVWZZZE1ZNP123456", "SEAT", "Ibiza")],
            vec![full("WVWZZZE1ZNP123456"), full("VSSZZZ6JZNR000001")],
            (0..50).map(|i| full(&format!("VSSZZZ6JZ{i:08}"))).collect(),
        ];
        for vehicles in cases {
            let expected = serde_json::to_vec(&IngestRequest {
                vehicles: Cow::Borrowed(&vehicles),
            })
            .unwrap_or_default();
            let vins: Vec<String> = vehicles.iter().map(|v| v.vin.clone()).collect();
            let (body, kept, _) = build(vehicles, false);
            assert_eq!(
                String::from_utf8_lossy(&body),
                String::from_utf8_lossy(&expected)
            );
            assert_eq!(kept, vins);
        }
    }

    #[test]
    fn rejected_vehicles_are_left_out_of_the_body_and_reported() {
        let good = full("WVWZZZE1ZNP123456");
        let bad = Vehicle::new("SHORT", "VW", "Golf");
        let (body, vins, report) = build(vec![bad, good.clone(), full("WVWZZZE1ZNP123456")], true);
        let expected = serde_json::to_vec(&IngestRequest {
            vehicles: Cow::Owned(vec![good.clone(), good]),
        })
        .unwrap_or_default();
        assert_eq!(body, expected);
        assert_eq!(vins.len(), 2);
        assert_eq!(report.read, 3);
        assert_eq!(report.rejected.len(), 1);
        assert_eq!(report.rejected[0].position, 0);
        assert_eq!(report.duplicates.len(), 1);
        assert_eq!(report.duplicates[0].position, 2);
    }
}
