//! The ingest resource: one batch ([`Client::ingest`]) and a whole inventory
//! ([`Client::ingest_all`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::future::{Future, IntoFuture};

use autoclient_common::{ErrorKind, Request, Response};
use futures_util::future::BoxFuture;
use futures_util::stream::{BoxStream, FuturesUnordered};
use futures_util::{Stream, StreamExt};

use crate::checks::check_vehicle;
use crate::models::{IngestRequest, IngestResponse, Vehicle, VehicleError};
use crate::{ApiError, Client, Error};

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
    pub fn ingest(
        &self,
        vehicles: &[Vehicle],
    ) -> impl Future<Output = Result<IngestResponse, Error>> + Send + 'static {
        let fut = self.ingest_with_response(vehicles);
        async move { Ok(fut.await?.into_body()) }
    }

    /// Like [`ingest`](Client::ingest), with the response's status, headers,
    /// request id and rate-limit information.
    pub fn ingest_with_response(
        &self,
        vehicles: &[Vehicle],
    ) -> impl Future<Output = Result<Response<IngestResponse>, Error>> + Send + 'static {
        let req = Self::ingest_request(vehicles);
        let http = self.http.clone();
        async move { http.send_json::<IngestResponse, ApiError>(req?).await }
    }

    /// Sends a whole inventory from any iterator, in chunks of at most 1,000
    /// vehicles, and returns a report that accounts for every vehicle. See
    /// [`IngestAll`] for the options (chunk size, requests in flight,
    /// progress, checks).
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
        self.ingest_stream(futures_util::stream::iter(vehicles))
    }

    /// Like [`ingest_all`](Client::ingest_all), from a `Stream` (a file being
    /// read, a database cursor). Vehicles are pulled only as chunks are sent,
    /// so an inventory of any size is never held in memory at once.
    pub fn ingest_stream<S>(&self, vehicles: S) -> IngestAll
    where
        S: Stream<Item = Vehicle> + Send + 'static,
    {
        IngestAll {
            client: self.clone(),
            input: vehicles.boxed(),
            chunk_size: MAX_VEHICLES_PER_REQUEST,
            concurrency: 1,
            on_chunk: None,
            check_before_sending: false,
        }
    }
}

type ProgressFn = Box<dyn FnMut(&ChunkEvent<'_>) + Send>;

/// A whole-inventory ingest, configured and then awaited.
///
/// * Chunks of at most `chunk_size` vehicles (default and maximum 1,000).
/// * `concurrency` chunk requests in flight (default 1).
/// * Duplicate VINs in the input are flagged in the report before sending;
///   they are still sent (the server keeps the last one).
/// * An error no retry can cure (401, 403, and a 400 for a chunk that holds
///   vehicles passing the client-side checks, i.e. a payload the server does
///   not accept) stops the run: chunks already in flight finish, nothing more
///   is sent, and the report lists the VINs never sent. A 400 for a chunk in
///   which no vehicle passes the checks ("no valid vehicles") only fails that chunk.
/// * With `check_before_sending(true)`, vehicles failing
///   [`check_vehicle`](crate::check_vehicle) are reported as rejected and not sent.
///
/// Awaiting it never fails: every outcome is in the [`IngestReport`].
pub struct IngestAll {
    client: Client,
    input: BoxStream<'static, Vehicle>,
    chunk_size: usize,
    concurrency: usize,
    on_chunk: Option<ProgressFn>,
    check_before_sending: bool,
}

impl fmt::Debug for IngestAll {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IngestAll")
            .field("chunk_size", &self.chunk_size)
            .field("concurrency", &self.concurrency)
            .field("check_before_sending", &self.check_before_sending)
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
#[derive(Debug)]
pub enum ChunkEvent<'a> {
    /// The server accepted the chunk.
    Sent(&'a ChunkReport),
    /// The chunk failed after its retries.
    Failed(&'a FailedChunk),
}

impl ChunkEvent<'_> {
    /// The chunk's 0-based index.
    pub fn index(&self) -> usize {
        match self {
            ChunkEvent::Sent(c) => c.index,
            ChunkEvent::Failed(c) => c.index,
        }
    }
    /// How many vehicles the chunk carried.
    pub fn vehicles(&self) -> usize {
        match self {
            ChunkEvent::Sent(c) => c.sent,
            ChunkEvent::Failed(c) => c.vins.len(),
        }
    }
}

/// A chunk the server accepted.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug)]
pub struct FailedChunk {
    /// 0-based chunk index.
    pub index: usize,
    /// 0-based position in the input of the chunk's first vehicle.
    pub first_position: u64,
    /// The VINs of the chunk, in order.
    pub vins: Vec<String>,
    /// Why it failed.
    pub error: Error,
}

/// A VIN that appears more than once in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The VIN.
    pub vin: String,
    /// 0-based input position of its first occurrence.
    pub first_position: u64,
    /// 0-based input position of this repeat.
    pub position: u64,
}

/// A chunk whose imported + skipped counts differ from what was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discrepancy {
    /// 0-based chunk index.
    pub index: usize,
    /// Vehicles sent.
    pub sent: usize,
    /// The server's imported count.
    pub imported: u64,
    /// The server's skipped count.
    pub skipped: u64,
}

/// A vehicle refused by the client-side checks and not sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    /// 0-based input position.
    pub position: u64,
    /// The VIN as given.
    pub vin: String,
    /// The rules it broke.
    pub violations: Vec<autoclient_common::Violation>,
}

/// Where a run stopped early, and what was never sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Stopped {
    /// The index of the chunk whose error stopped the run (in `failed`).
    pub at_chunk: usize,
    /// The VINs never sent, in input order.
    pub not_sent: Vec<String>,
}

/// The outcome of [`Client::ingest_all`]: accounts for every vehicle read.
#[derive(Debug, Default)]
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
    pub fn sent(&self) -> u64 {
        self.chunks.iter().map(|c| c.sent as u64).sum()
    }
    /// The server's imported total.
    pub fn imported(&self) -> u64 {
        self.chunks.iter().map(|c| c.imported).sum()
    }
    /// The server's skipped total.
    pub fn skipped(&self) -> u64 {
        self.chunks.iter().map(|c| c.skipped).sum()
    }
    /// Vehicles in failed chunks.
    pub fn failed_vehicles(&self) -> u64 {
        self.failed.iter().map(|c| c.vins.len() as u64).sum()
    }
    /// Vehicles never sent because the run stopped.
    pub fn not_sent(&self) -> u64 {
        self.stopped.as_ref().map_or(0, |s| s.not_sent.len() as u64)
    }
    /// Every vehicle read was sent in a chunk the server accepted, and the
    /// server's counts add up.
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty()
            && self.stopped.is_none()
            && self.discrepancies.is_empty()
            && self.rejected.is_empty()
    }
    /// Every vehicle is accounted for: sent, failed, rejected or not sent.
    pub fn accounts_for_all(&self) -> bool {
        self.sent() + self.failed_vehicles() + self.rejected.len() as u64 + self.not_sent()
            == self.read
    }
}

impl fmt::Display for IngestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "read {} vehicles in {} chunks: {} sent, {} imported, {} skipped by the server",
            self.read,
            self.chunks.len() + self.failed.len(),
            self.sent(),
            self.imported(),
            self.skipped()
        )?;
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
            writeln!(
                f,
                "  chunk {}: sent {} but the server counted {} imported + {} skipped",
                d.index, d.sent, d.imported, d.skipped
            )?;
        }
        for c in &self.failed {
            writeln!(
                f,
                "  chunk {} FAILED ({} vehicles from position {}): {}",
                c.index,
                c.vins.len(),
                c.first_position,
                c.error
            )?;
        }
        if let Some(s) = &self.stopped {
            writeln!(
                f,
                "  STOPPED at chunk {}: {} vehicles were never sent",
                s.at_chunk,
                s.not_sent.len()
            )?;
        }
        Ok(())
    }
}

struct ChunkMeta {
    index: usize,
    first_position: u64,
    vins: Vec<String>,
    locally_valid: usize,
}

fn is_fatal(e: &Error, meta: &ChunkMeta) -> bool {
    match e.kind() {
        ErrorKind::Unauthorized | ErrorKind::Forbidden => true,
        ErrorKind::Validation => meta.locally_valid > 0,
        ErrorKind::InvalidRequest => true,
        _ => false,
    }
}

impl IngestAll {
    async fn run(mut self) -> IngestReport {
        let mut report = IngestReport::default();
        let mut seen: HashMap<String, u64> = HashMap::new();
        let mut position = 0u64;
        let mut next_index = 0usize;
        let mut exhausted = false;
        let mut in_flight = FuturesUnordered::new();
        loop {
            while !exhausted && report.stopped.is_none() && in_flight.len() < self.concurrency {
                let mut chunk = Vec::with_capacity(self.chunk_size);
                let first_position = position;
                while chunk.len() < self.chunk_size {
                    let Some(v) = self.input.next().await else {
                        exhausted = true;
                        break;
                    };
                    let pos = position;
                    position += 1;
                    report.read += 1;
                    match seen.get(&v.vin) {
                        Some(first) => report.duplicates.push(Duplicate {
                            vin: v.vin.clone(),
                            first_position: *first,
                            position: pos,
                        }),
                        None => {
                            seen.insert(v.vin.clone(), pos);
                        }
                    }
                    if self.check_before_sending {
                        let violations = check_vehicle(&v, "");
                        if !violations.is_empty() {
                            report.rejected.push(Rejected {
                                position: pos,
                                vin: v.vin.clone(),
                                violations,
                            });
                            continue;
                        }
                    }
                    chunk.push(v);
                }
                if chunk.is_empty() {
                    break;
                }
                let meta = ChunkMeta {
                    index: next_index,
                    first_position,
                    vins: chunk.iter().map(|v| v.vin.clone()).collect(),
                    locally_valid: chunk
                        .iter()
                        .filter(|v| check_vehicle(v, "").is_empty())
                        .count(),
                };
                next_index += 1;
                let fut = self.client.ingest_with_response(&chunk);
                drop(chunk);
                in_flight.push(async move { (meta, fut.await) });
            }
            let Some((meta, result)) = in_flight.next().await else {
                break;
            };
            match result {
                Ok(resp) => {
                    let attempts = resp.attempts();
                    let body = resp.into_body();
                    let sent = meta.vins.len();
                    if body.imported + body.skipped != sent as u64 || !body.success {
                        report.discrepancies.push(Discrepancy {
                            index: meta.index,
                            sent,
                            imported: body.imported,
                            skipped: body.skipped,
                        });
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
                        vins: meta.vins,
                        error,
                    });
                    if let (Some(cb), Some(c)) = (self.on_chunk.as_mut(), report.failed.last()) {
                        cb(&ChunkEvent::Failed(c));
                    }
                }
            }
        }
        if let Some(stopped) = report.stopped.as_mut() {
            // Account for the rest of the input: read it (without sending) to
            // name every vehicle that was never sent.
            while let Some(v) = self.input.next().await {
                report.read += 1;
                stopped.not_sent.push(v.vin);
            }
        }
        report.chunks.sort_by_key(|c| c.index);
        report.failed.sort_by_key(|c| c.index);
        report
    }
}
