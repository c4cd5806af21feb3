//! Change-only ingest ([`Client::ingest_changed`]): send only the vehicles
//! whose content changed since the last sync, by a fingerprint per VIN kept
//! in a [`FingerprintStore`] ([`MemoryStore`], or [`FileStore`] for a cron job).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs::{self, File};
use std::future::IntoFuture;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures_util::Stream;
use futures_util::future::BoxFuture;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::ingest::{ChunkEvent, FailedChunk, IngestAll, IngestReport, SeenVins, Sift};
use crate::models::{IngestResponse, Vehicle, VehicleError};
use crate::{Client, Error};

// ---------------------------------------------------------------- fingerprint

/// A vehicle's fingerprint: the first 128 bits of the SHA-256 of its
/// canonical JSON, which is the JSON the ingest sends for it.
///
/// Canonical: [`Vehicle`] is encoded field by field in the order of its
/// declaration (the documentation's field table), unset fields left out, no
/// whitespace, so equal vehicles give equal bytes and equal fingerprints on
/// every machine and every run (it is not a `serde_json::Map`, whose key
/// order could depend on a feature). SHA-256 is specified, so a fingerprint
/// stays valid across releases of Rust and of its crates (std's hasher is
/// not promised to). The text is compared, not the values: a price given as
/// `34500.00` one day and `34500` the next counts as a change, once.
///
/// ```
/// use auterio_client::{Fingerprint, Vehicle};
/// let golf = Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf").year(2024);
/// assert_eq!(Fingerprint::of(&golf), Fingerprint::of(&golf.clone()));
/// assert_ne!(Fingerprint::of(&golf), Fingerprint::of(&golf.clone().year(2025)));
/// let hex = Fingerprint::of(&golf).to_string();
/// assert_eq!(Fingerprint::from_hex(&hex), Some(Fingerprint::of(&golf)));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint([u8; 16]);

impl Fingerprint {
    /// The fingerprint of `vehicle` (of its JSON as the ingest sends it).
    ///
    /// A vehicle that cannot be encoded as JSON (not possible with this
    /// crate's types) is never sent; its fingerprint is that of what was
    /// written before the encoder stopped.
    #[must_use]
    pub fn of(vehicle: &Vehicle) -> Self {
        struct HashWriter(Sha256);
        impl io::Write for HashWriter {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.update(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut w = HashWriter(Sha256::new());
        let _ = serde_json::to_writer(&mut w, vehicle);
        Self::truncate(&w.0.finalize())
    }

    /// The fingerprint of a vehicle's JSON bytes, as sent (what
    /// [`of`](Self::of) hashes).
    #[must_use]
    pub fn of_json(json: &[u8]) -> Self {
        Self::truncate(&Sha256::digest(json))
    }

    fn truncate(digest: &[u8]) -> Self {
        let mut bytes = [0u8; 16];
        for (b, d) in bytes.iter_mut().zip(digest) {
            *b = *d;
        }
        Self(bytes)
    }

    /// A fingerprint from its 16 bytes (for a store of your own that keeps
    /// them in binary).
    #[must_use]
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }

    /// Its 16 bytes.
    #[must_use]
    pub fn to_bytes(self) -> [u8; 16] {
        self.0
    }

    /// Parses the 32 lowercase or uppercase hex digits [`Display`](fmt::Display) writes.
    #[must_use]
    pub fn from_hex(hex: &str) -> Option<Self> {
        let digits = hex.as_bytes();
        if digits.len() != 32 {
            return None;
        }
        let mut bytes = [0u8; 16];
        for (b, pair) in bytes.iter_mut().zip(digits.chunks(2)) {
            let hi = hex_value(*pair.first()?)?;
            let lo = hex_value(*pair.get(1)?)?;
            *b = (hi << 4) | lo;
        }
        Some(Self(bytes))
    }
}

fn hex_value(d: u8) -> Option<u8> {
    match d {
        b'0'..=b'9' => Some(d - b'0'),
        b'a'..=b'f' => Some(d - b'a' + 10),
        b'A'..=b'F' => Some(d - b'A' + 10),
        _ => None,
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Hex;
        impl Visitor<'_> for Hex {
            type Value = Fingerprint;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a fingerprint of 32 hex digits")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Fingerprint, E> {
                Fingerprint::from_hex(v)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(Hex)
    }
}

// ---------------------------------------------------------------- stores

/// Where [`Client::ingest_changed`] keeps the fingerprint of each VIN the
/// server accepted.
///
/// The run calls [`get`](Self::get) for every vehicle read,
/// [`record`](Self::record) for each one the server accepted,
/// [`known_vins`](Self::known_vins) once at the end (to name the VINs that
/// disappeared from the input), then [`save`](Self::save) once. The calls
/// are synchronous and `get` is on the hot path: a store backed by a
/// database loads what it needs before the run and writes in `save`.
/// [`MemoryStore`] and [`FileStore`] are the two this crate provides.
pub trait FingerprintStore: Send {
    /// The fingerprint recorded for `vin`, if any.
    fn get(&self, vin: &str) -> Option<Fingerprint>;
    /// Records that the server accepted `vin` with this content.
    fn record(&mut self, vin: &str, fingerprint: Fingerprint);
    /// Forgets `vin` (for one you withdrew: it is then neither compared nor
    /// reported as disappeared again).
    fn forget(&mut self, vin: &str);
    /// Every VIN with a recorded fingerprint, in no particular order.
    fn known_vins(&self) -> Box<dyn Iterator<Item = &str> + '_>;
    /// Makes what was recorded durable (a no-op for [`MemoryStore`]).
    fn save(&mut self) -> Result<(), StoreError>;
}

/// Fingerprints held in memory only: for tests, and for a long-running
/// process that syncs every few minutes and may resend everything once after
/// a restart.
///
/// ```
/// use auterio_client::{Fingerprint, FingerprintStore, MemoryStore, Vehicle};
/// let mut store = MemoryStore::new();
/// let golf = Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf");
/// store.record(&golf.vin, Fingerprint::of(&golf));
/// assert_eq!(store.get(&golf.vin), Some(Fingerprint::of(&golf)));
/// assert_eq!(store.len(), 1);
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    fingerprints: HashMap<String, Fingerprint>,
}

impl MemoryStore {
    /// An empty store: the first sync sends everything.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
    /// VINs recorded.
    #[must_use]
    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }
    /// Whether no VIN is recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }
}

fn record_in(map: &mut HashMap<String, Fingerprint>, vin: &str, fingerprint: Fingerprint) {
    match map.get_mut(vin) {
        Some(f) => *f = fingerprint,
        None => {
            map.insert(vin.to_owned(), fingerprint);
        }
    }
}

impl FingerprintStore for MemoryStore {
    fn get(&self, vin: &str) -> Option<Fingerprint> {
        self.fingerprints.get(vin).copied()
    }
    fn record(&mut self, vin: &str, fingerprint: Fingerprint) {
        record_in(&mut self.fingerprints, vin, fingerprint);
    }
    fn forget(&mut self, vin: &str) {
        self.fingerprints.remove(vin);
    }
    fn known_vins(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new(self.fingerprints.keys().map(String::as_str))
    }
    fn save(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// The `format` value of a [`FileStore`] file.
const FILE_FORMAT: &str = "auterio-client fingerprints";
/// The file format version this release writes and reads.
const FILE_VERSION: u64 = 1;

/// Fingerprints kept in one file: the default for a sync run from cron.
///
/// **Format** (version 1): one line of JSON,
/// `{"format":"auterio-client fingerprints","version":1,"fingerprints":{"<VIN>":"<32 hex digits>",...}}`,
/// VINs sorted; about 55 bytes a vehicle.
///
/// **Opening**: a missing file is an empty store (the first run sends
/// everything; the file is written at its end). A file that cannot be read,
/// is not JSON, is not such a file, or holds a bad fingerprint is a
/// [`StoreError::Corrupt`] (or [`StoreError::Io`]) naming the file and the
/// problem, and a newer version is [`StoreError::UnsupportedVersion`]:
/// never a panic, and never a silent resend of everything. Delete the file
/// to start over with a full send.
///
/// **Saving** is atomic: the file is written to `.<file name>.tmp` beside it,
/// fsynced, and renamed over the old one, then the directory is fsynced (on
/// Unix). A save that fails removes the temporary file and leaves the old
/// file as it was. One process at a time: two runs that share a file are
/// not locked against each other (the last save wins).
///
/// ```no_run
/// # async fn run(client: auterio_client::Client, inventory: Vec<auterio_client::Vehicle>) -> Result<(), Box<dyn std::error::Error>> {
/// use auterio_client::FileStore;
/// let mut store = FileStore::open("/var/lib/dms-sync/auterio.json")?;
/// let report = client.ingest_changed(inventory, &mut store).await?;
/// println!("{report}");
/// # Ok(()) }
/// ```
pub struct FileStore {
    path: PathBuf,
    fingerprints: HashMap<String, Fingerprint>,
    dirty: bool,
}

impl fmt::Debug for FileStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileStore")
            .field("path", &self.path)
            .field("vins", &self.fingerprints.len())
            .field("unsaved_changes", &self.dirty)
            .finish()
    }
}

#[derive(Deserialize)]
struct FileHeader {
    format: Option<String>,
    version: Option<u64>,
}

#[derive(Deserialize)]
struct FileBody {
    fingerprints: HashMap<String, Fingerprint>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u64,
    fingerprints: BTreeMap<&'a str, Fingerprint>,
}

/// The directory a file is in (`.` for a bare file name).
fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

impl FileStore {
    /// Opens (reads) the store at `path`; a missing file is an empty store.
    /// See [`FileStore`] for the errors.
    pub fn open(path: impl Into<PathBuf>) -> Result<Self, StoreError> {
        let path = path.into();
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                // Fail now, not after the whole sync, if it cannot be written.
                let dir = directory_of(&path);
                if !dir.is_dir() {
                    return Err(StoreError::Io {
                        path,
                        action: "find the directory of",
                        source: e,
                    });
                }
                return Ok(Self {
                    path,
                    fingerprints: HashMap::new(),
                    dirty: true,
                });
            }
            Err(e) => {
                return Err(StoreError::Io {
                    path,
                    action: "read",
                    source: e,
                });
            }
        };
        let corrupt = |reason: String| StoreError::Corrupt {
            path: path.clone(),
            reason,
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(corrupt("the file is empty".into()));
        }
        let header: FileHeader = serde_json::from_slice(&bytes)
            .map_err(|e| corrupt(format!("not a JSON object: {e}")))?;
        if header.format.as_deref() != Some(FILE_FORMAT) {
            return Err(corrupt(format!(
                "not a fingerprint file (no \"format\": \"{FILE_FORMAT}\")"
            )));
        }
        match header.version {
            Some(FILE_VERSION) => {}
            Some(version) => return Err(StoreError::UnsupportedVersion { path, version }),
            None => return Err(corrupt("no \"version\"".into())),
        }
        let body: FileBody = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
        Ok(Self {
            path,
            fingerprints: body.fingerprints,
            dirty: false,
        })
    }

    /// The file's path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }
    /// VINs recorded.
    #[must_use]
    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }
    /// Whether no VIN is recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }

    fn encode(&self) -> Result<Vec<u8>, StoreError> {
        let out = FileOut {
            format: FILE_FORMAT,
            version: FILE_VERSION,
            fingerprints: self
                .fingerprints
                .iter()
                .map(|(vin, f)| (vin.as_str(), *f))
                .collect(),
        };
        let mut bytes = Vec::with_capacity(64 + self.fingerprints.len() * 56);
        serde_json::to_writer(&mut bytes, &out).map_err(|e| StoreError::Io {
            path: self.path.clone(),
            action: "encode",
            source: io::Error::other(e),
        })?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, fsynced,
/// renamed over it, and the directory fsynced where the platform allows.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let io_error = |action: &'static str, source: io::Error| StoreError::Io {
        path: path.to_owned(),
        action,
        source,
    };
    let Some(name) = path.file_name() else {
        return Err(io_error(
            "write",
            io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"),
        ));
    };
    let dir = directory_of(path);
    let tmp = dir.join(format!(".{}.tmp", name.to_string_lossy()));
    let written = (|| {
        let mut file = File::create(&tmp).map_err(|e| ("create the temporary file for", e))?;
        file.write_all(bytes)
            .map_err(|e| ("write the temporary file for", e))?;
        file.sync_all()
            .map_err(|e| ("fsync the temporary file for", e))?;
        drop(file);
        fs::rename(&tmp, path).map_err(|e| ("rename the temporary file over", e))
    })();
    if let Err((action, e)) = written {
        if tmp.is_file() {
            let _ = fs::remove_file(&tmp);
        }
        return Err(io_error(action, e));
    }
    #[cfg(unix)]
    if let Err(e) = File::open(dir).and_then(|d| d.sync_all()) {
        tracing::warn!(path = %path.display(), error = %e, "fingerprint store saved, but its directory could not be fsynced");
    }
    Ok(())
}

impl FingerprintStore for FileStore {
    fn get(&self, vin: &str) -> Option<Fingerprint> {
        self.fingerprints.get(vin).copied()
    }
    fn record(&mut self, vin: &str, fingerprint: Fingerprint) {
        if self.fingerprints.get(vin) != Some(&fingerprint) {
            record_in(&mut self.fingerprints, vin, fingerprint);
            self.dirty = true;
        }
    }
    fn forget(&mut self, vin: &str) {
        if self.fingerprints.remove(vin).is_some() {
            self.dirty = true;
        }
    }
    fn known_vins(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new(self.fingerprints.keys().map(String::as_str))
    }
    /// Writes the file (atomically) if anything changed since it was read or
    /// last saved.
    fn save(&mut self) -> Result<(), StoreError> {
        if !self.dirty {
            return Ok(());
        }
        let bytes = self.encode()?;
        write_atomically(&self.path, &bytes)?;
        self.dirty = false;
        Ok(())
    }
}

/// Why a [`FingerprintStore`] could not be opened or saved.
#[derive(Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// Reading or writing the file failed.
    Io {
        /// The store's file.
        path: PathBuf,
        /// What was being done (`"read"`, `"rename the temporary file over"`, …).
        action: &'static str,
        /// The system's error.
        source: io::Error,
    },
    /// The file is not a fingerprint file this crate wrote, or is damaged.
    Corrupt {
        /// The store's file.
        path: PathBuf,
        /// What is wrong, with the line and column where JSON says so.
        reason: String,
    },
    /// The file was written in a format version this release cannot read.
    UnsupportedVersion {
        /// The store's file.
        path: PathBuf,
        /// The file's version.
        version: u64,
    },
    /// A store of your own failed.
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// Wraps the error of a store of your own.
    #[must_use]
    pub fn other(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Other(error.into())
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Io {
                path,
                action,
                source,
            } => write!(
                f,
                "fingerprint store: could not {action} {}: {source}",
                path.display()
            ),
            StoreError::Corrupt { path, reason } => write!(
                f,
                "fingerprint store {} is unreadable ({reason}); delete it to start over with a full send",
                path.display()
            ),
            StoreError::UnsupportedVersion { path, version } => write!(
                f,
                "fingerprint store {} has format version {version}; this auterio-client reads version {FILE_VERSION}",
                path.display()
            ),
            StoreError::Other(e) => write!(f, "fingerprint store: {e}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { source, .. } => Some(source),
            StoreError::Other(e) => Some(&**e),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------- the run

impl Client {
    /// Sends only the vehicles whose content changed since the last sync
    /// (change-only ingest), and returns a report that accounts for every
    /// vehicle read. See [`IngestChanged`] for what is sent, what is
    /// recorded, and the options (those of [`IngestAll`]).
    ///
    /// ```no_run
    /// # async fn run(client: auterio_client::Client, inventory: Vec<auterio_client::Vehicle>) -> Result<(), Box<dyn std::error::Error>> {
    /// use auterio_client::FileStore;
    /// let mut store = FileStore::open("auterio-fingerprints.json")?;
    /// let report = client.ingest_changed(inventory, &mut store).concurrency(4).await?;
    /// println!("{report}");
    /// # Ok(()) }
    /// ```
    pub fn ingest_changed<'s, I>(
        &self,
        vehicles: I,
        store: &'s mut dyn FingerprintStore,
    ) -> IngestChanged<'s>
    where
        I: IntoIterator<Item = Vehicle>,
        I::IntoIter: Send + 'static,
    {
        IngestChanged {
            inner: self.ingest_all(vehicles).detect_duplicates(true),
            store,
        }
    }

    /// Like [`ingest_changed`](Client::ingest_changed), from a `Stream`.
    pub fn ingest_changed_stream<'s, S>(
        &self,
        vehicles: S,
        store: &'s mut dyn FingerprintStore,
    ) -> IngestChanged<'s>
    where
        S: Stream<Item = Vehicle> + Send + 'static,
    {
        IngestChanged {
            inner: self.ingest_stream(vehicles).detect_duplicates(true),
            store,
        }
    }
}

/// A change-only ingest, configured and then awaited
/// ([`Client::ingest_changed`]).
///
/// * Each vehicle read is fingerprinted ([`Fingerprint::of`]); one whose
///   VIN has that fingerprint in the store is **unchanged** and not sent.
///   The others go in chunks exactly as with [`IngestAll`] (its chunk size,
///   requests in flight, progress callback, checks and stop rules).
/// * A fingerprint is recorded only once the server accepted the vehicle.
///   The API answers per request, with counts and a list of the skipped
///   vehicles' errors: a vehicle is **accepted** when its chunk was answered
///   `success: true`, its imported + skipped counts add up to what was sent,
///   and every skip is attributed to a VIN by the errors (the field name is
///   this crate's assumption: `errors`, each with a `vin`), the vehicle's
///   not among them. A vehicle named there is **skipped by the server**;
///   the others of a chunk whose answer does not account for them are
///   **unconfirmed**; a chunk that failed after its retries (its outcome
///   may be unknown: it may have reached the server) **failed**. None of
///   these updates a fingerprint: they are sent again next time (the ingest
///   is an upsert by VIN, so resending is harmless).
/// * The store is saved once, at the end of the run, even one stopped
///   early (what was accepted is kept). A process killed before that
///   records nothing of the run: the next one sends those vehicles again.
/// * VINs the store knows that are not in the input are reported as
///   [`disappeared`](IngestChangedReport::disappeared). The API has no
///   delete: to withdraw one, send it with
///   `status(VehicleStatus::Baja)` (the vehicle's brand and model are
///   required with it: the store keeps only fingerprints), then
///   [`forget`](FingerprintStore::forget) it; or leave it. Their
///   fingerprints are kept until you forget them.
/// * A VIN repeated in the input is flagged as with [`IngestAll`]; each
///   occurrence is compared with the store. If its occurrences differ,
///   some are sent on every run: remove the duplicates.
///
/// Awaiting it gives the report, or [`SaveFailed`] (with the report) when
/// the store could not be saved.
#[must_use = "an ingest sends nothing until you .await it"]
pub struct IngestChanged<'s> {
    inner: IngestAll,
    store: &'s mut dyn FingerprintStore,
}

impl fmt::Debug for IngestChanged<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IngestChanged")
            .field("ingest", &self.inner)
            .finish_non_exhaustive()
    }
}

impl IngestChanged<'_> {
    /// Vehicles per request, 1 to 1,000 (clamped); see [`IngestAll::chunk_size`].
    pub fn chunk_size(mut self, n: usize) -> Self {
        self.inner = self.inner.chunk_size(n);
        self
    }
    /// Requests in flight at once (at least 1).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.inner = self.inner.concurrency(n);
        self
    }
    /// Called after each chunk sent completes (for a progress bar).
    pub fn on_chunk(mut self, f: impl FnMut(&ChunkEvent<'_>) + Send + 'static) -> Self {
        self.inner = self.inner.on_chunk(f);
        self
    }
    /// Flags VINs repeated in the input (default on here: the set of VINs read
    /// is kept anyway); see [`IngestAll::detect_duplicates`].
    pub fn detect_duplicates(mut self, yes: bool) -> Self {
        self.inner = self.inner.detect_duplicates(yes);
        self
    }
    /// Runs the client-side checks and does not send vehicles that fail them.
    pub fn check_before_sending(mut self, yes: bool) -> Self {
        self.inner = self.inner.check_before_sending(yes);
        self
    }

    async fn run(self) -> Result<IngestChangedReport, SaveFailed> {
        let mut sift = ChangeSift {
            store: self.store,
            unchanged: 0,
            outcomes: Vec::new(),
            disappeared: Vec::new(),
        };
        let ingest = self.inner.run_with(&mut sift).await;
        let ChangeSift {
            store,
            unchanged,
            mut outcomes,
            disappeared,
        } = sift;
        outcomes.extend(ingest.rejected.iter().map(|r| VehicleOutcome {
            position: r.position,
            vin: r.vin.clone(),
            outcome: SyncOutcome::Rejected,
        }));
        outcomes.sort_by_key(|o| o.position);
        let report = IngestChangedReport {
            read: ingest.read,
            unchanged,
            outcomes,
            disappeared,
            ingest,
        };
        match store.save() {
            Ok(()) => Ok(report),
            Err(error) => Err(SaveFailed {
                report: Box::new(report),
                error,
            }),
        }
    }
}

impl<'s> IntoFuture for IngestChanged<'s> {
    type Output = Result<IngestChangedReport, SaveFailed>;
    type IntoFuture = BoxFuture<'s, Self::Output>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// The sift of a change-only ingest: compares with the store, records what
/// was accepted, collects the per-vehicle outcomes.
struct ChangeSift<'s> {
    store: &'s mut dyn FingerprintStore,
    unchanged: u64,
    outcomes: Vec<VehicleOutcome>,
    disappeared: Vec<String>,
}

impl Sift for ChangeSift<'_> {
    const ACTIVE: bool = true;

    fn admit(&mut self, vin: &str, encoded: &[u8]) -> Option<Fingerprint> {
        let fingerprint = Fingerprint::of_json(encoded);
        if self.store.get(vin) == Some(fingerprint) {
            self.unchanged += 1;
            None
        } else {
            Some(fingerprint)
        }
    }

    fn answered(
        &mut self,
        vins: &[String],
        sifted: &[(u64, Fingerprint)],
        answer: &IngestResponse,
    ) {
        let sent = vins.len() as u128;
        let adds_up =
            answer.success && u128::from(answer.imported) + u128::from(answer.skipped) == sent;
        // The skipped vehicles the server names (by VIN) among those sent.
        let mut named: HashMap<&str, &VehicleError> = HashMap::new();
        if !answer.errors.is_empty() {
            for e in &answer.errors {
                if let Some(vin) = e.vin() {
                    named.entry(vin).or_insert(e);
                }
            }
            let in_chunk: std::collections::HashSet<&str> =
                vins.iter().map(String::as_str).collect();
            named.retain(|vin, _| in_chunk.contains(vin));
        }
        let named_sent = vins
            .iter()
            .filter(|v| named.contains_key(v.as_str()))
            .count() as u64;
        let attributed = adds_up && named_sent == answer.skipped;
        for (vin, (position, fingerprint)) in vins.iter().zip(sifted) {
            let outcome = if let Some(error) = named.get(vin.as_str()) {
                SyncOutcome::SkippedByServer {
                    error: (*error).clone(),
                }
            } else if attributed {
                self.store.record(vin, *fingerprint);
                SyncOutcome::Accepted
            } else {
                SyncOutcome::Unconfirmed
            };
            self.outcomes.push(VehicleOutcome {
                position: *position,
                vin: vin.clone(),
                outcome,
            });
        }
    }

    fn failed(&mut self, chunk: &FailedChunk, sifted: &[(u64, Fingerprint)]) {
        for (vin, (position, _)) in chunk.vins.iter().zip(sifted) {
            self.outcomes.push(VehicleOutcome {
                position: *position,
                vin: vin.clone(),
                outcome: SyncOutcome::Failed {
                    error: chunk.error.clone(),
                },
            });
        }
    }

    fn not_sent(&mut self, vins: &[String], first: u64) {
        for (position, vin) in (first..).zip(vins) {
            self.outcomes.push(VehicleOutcome {
                position,
                vin: vin.clone(),
                outcome: SyncOutcome::NotSent,
            });
        }
    }

    fn finish(&mut self, seen: &SeenVins) {
        let mut gone: Vec<String> = self
            .store
            .known_vins()
            .filter(|vin| !seen.contains(vin))
            .map(str::to_owned)
            .collect();
        gone.sort_unstable();
        self.disappeared = gone;
    }
}

// ---------------------------------------------------------------- the report

/// What became of one vehicle of a change-only ingest that was not unchanged.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct VehicleOutcome {
    /// 0-based position in the input.
    pub position: u64,
    /// The VIN.
    pub vin: String,
    /// What became of it (serialized flat: `"outcome": "accepted"`, …).
    #[serde(flatten)]
    pub outcome: SyncOutcome,
}

/// The outcome of a vehicle that was new or changed (see [`IngestChanged`]).
///
/// Serialized with `"outcome"` as its snake_case name, an error as
/// `{"kind", "message", "status", "attempts"}` (as in [`FailedChunk`]).
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SyncOutcome {
    /// Sent, and accepted by the server: its fingerprint is recorded.
    Accepted,
    /// Sent, and skipped by the server as invalid, with its error: sent again next time.
    SkippedByServer {
        /// The server's error for it.
        error: VehicleError,
    },
    /// Sent in a chunk whose answer does not say whether it was imported
    /// (`success: false`, counts that do not add up, skips not attributed to
    /// VINs): sent again next time.
    Unconfirmed,
    /// Sent in a chunk that failed after its retries (it may have reached
    /// the server): sent again next time.
    Failed {
        /// Why the chunk failed.
        #[serde(serialize_with = "crate::ingest::serialize_error")]
        error: Arc<Error>,
    },
    /// Refused by the client-side checks (`check_before_sending`); not sent.
    Rejected,
    /// Never sent: the run stopped first (see [`IngestReport::stopped`]).
    NotSent,
}

/// The outcome of [`Client::ingest_changed`]: accounts for every vehicle
/// read, as unchanged (counted) or with its [`VehicleOutcome`].
///
/// `Clone`, and `Serialize` to log or store it.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct IngestChangedReport {
    /// Vehicles read from the input.
    pub read: u64,
    /// Vehicles whose fingerprint was unchanged: not sent.
    pub unchanged: u64,
    /// Every other vehicle read, in input order.
    pub outcomes: Vec<VehicleOutcome>,
    /// VINs the store knows that were not in the input, sorted (see
    /// [`IngestChanged`]: the API has no delete).
    pub disappeared: Vec<String>,
    /// The report of the ingest of the vehicles sent: chunks, the server's
    /// counts and errors, failed chunks, duplicates, discrepancies.
    pub ingest: IngestReport,
}

impl IngestChangedReport {
    fn count(&self, f: impl Fn(&SyncOutcome) -> bool) -> u64 {
        self.outcomes.iter().filter(|o| f(&o.outcome)).count() as u64
    }
    /// Vehicles sent and accepted (their fingerprints recorded).
    #[must_use]
    pub fn accepted(&self) -> u64 {
        self.count(|o| matches!(o, SyncOutcome::Accepted))
    }
    /// Vehicles sent and skipped by the server as invalid.
    #[must_use]
    pub fn skipped_by_server(&self) -> u64 {
        self.count(|o| matches!(o, SyncOutcome::SkippedByServer { .. }))
    }
    /// Vehicles sent whose acceptance the server's answer does not confirm.
    #[must_use]
    pub fn unconfirmed(&self) -> u64 {
        self.count(|o| matches!(o, SyncOutcome::Unconfirmed))
    }
    /// Vehicles in chunks that failed after their retries.
    #[must_use]
    pub fn failed(&self) -> u64 {
        self.count(|o| matches!(o, SyncOutcome::Failed { .. }))
    }
    /// Vehicles refused by the client-side checks.
    #[must_use]
    pub fn rejected(&self) -> u64 {
        self.count(|o| matches!(o, SyncOutcome::Rejected))
    }
    /// Vehicles never sent because the run stopped.
    #[must_use]
    pub fn not_sent(&self) -> u64 {
        self.count(|o| matches!(o, SyncOutcome::NotSent))
    }
    /// Vehicles put in a request (accepted, skipped, unconfirmed or failed).
    #[must_use]
    pub fn sent(&self) -> u64 {
        self.count(|o| {
            matches!(
                o,
                SyncOutcome::Accepted
                    | SyncOutcome::SkippedByServer { .. }
                    | SyncOutcome::Unconfirmed
                    | SyncOutcome::Failed { .. }
            )
        })
    }
    /// Every vehicle read is accounted for: unchanged, or in
    /// [`outcomes`](Self::outcomes).
    #[must_use]
    pub fn accounts_for_all(&self) -> bool {
        self.unchanged + self.outcomes.len() as u64 == self.read
    }
    /// Every vehicle read was unchanged or accepted: the server holds the
    /// input as it is, as far as its answers tell.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.accounts_for_all()
            && self
                .outcomes
                .iter()
                .all(|o| matches!(o.outcome, SyncOutcome::Accepted))
    }
}

impl fmt::Display for IngestChangedReport {
    /// One line of counts, e.g. `read 100000 vehicles: 1000 accepted, 99000
    /// unchanged, 0 failed`, then the other outcomes and the disappeared
    /// VINs when there are any.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "read {} vehicle{}: {} accepted, {} unchanged, {} failed",
            self.read,
            if self.read == 1 { "" } else { "s" },
            self.accepted(),
            self.unchanged,
            self.failed()
        )?;
        for (n, what) in [
            (self.skipped_by_server(), "skipped by the server"),
            (self.unconfirmed(), "unconfirmed"),
            (self.rejected(), "rejected before sending"),
            (self.not_sent(), "not sent (stopped)"),
        ] {
            if n != 0 {
                write!(f, ", {n} {what}")?;
            }
        }
        match self.disappeared.len() {
            0 => Ok(()),
            1 => write!(f, "; 1 VIN disappeared from the input"),
            n => write!(f, "; {n} VINs disappeared from the input"),
        }
    }
}

/// The sync ran, but the store could not be saved: the next run sends again
/// what this one sent. The run's report is here.
#[derive(Debug)]
#[non_exhaustive]
pub struct SaveFailed {
    /// The run's report.
    pub report: Box<IngestChangedReport>,
    /// Why the store was not saved.
    pub error: StoreError,
}

impl fmt::Display for SaveFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the sync ran ({}), but its fingerprints were not saved: {}",
            self.report, self.error
        )
    }
}

impl std::error::Error for SaveFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_of_the_bytes_the_ingest_sends() {
        let v = Vehicle::new("WVWZZZE1ZNP123456", "Volkswagen", "Golf").mileage(10);
        let json = serde_json::to_vec(&v).unwrap_or_default();
        assert_eq!(Fingerprint::of(&v), Fingerprint::of_json(&json));
        assert_eq!(Fingerprint::from_hex("zz"), None);
        assert_eq!(Fingerprint::from_hex(&"g".repeat(32)), None);
    }
}
