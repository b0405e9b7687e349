//! What a restore is asked to do, how it reports progress, and what it reports at the
//! end: the types a caller of [`super::restore`] sees.

use serde::Serialize;

use crate::backup::Source;
use crate::dialect::Dialect;
use crate::dump::format::{Counter, TableTrailer};
use crate::dump::sign::{SignaturePolicy, SignatureReport};
use crate::dump::transcode::Unrepresentable;
use crate::migrate::runner::{MigrateObserver, MigrateReport};
use crate::migrate::shape_check::ShapeCheck;

/// What `restore` was asked to do.
#[derive(Debug, Clone)]
pub struct RestorePlan {
    /// The dump: a file, an object, standard input, or the temporary copy of an input that
    /// reads only once.
    pub source: Source,
    /// Shape an empty database to the dump's version first.
    pub shape: bool,
    /// A dump of another engine may be converted into this one (`--convert`); without
    /// it such a dump is refused before any connection opens (see `restore`).
    pub convert: bool,
    /// Drop every object of the target first (after the dump verified and the lock is
    /// held), so that the restore starts from an empty database; implies `shape`.
    ///
    /// # Warning
    /// Destroys everything the target database held.
    pub clean: bool,
    /// Migrate to the server version after the data is in and verified.
    pub upgrade: bool,
    /// Load even when the target's shape differs from the dump's source's (or after
    /// `upgrade`, from the version's); the differences are reported instead of refused.
    pub allow_drift: bool,
    /// How long to wait for the migration lock before giving up with exit 6.
    pub lock_timeout: std::time::Duration,
    /// Sessions loading tables at once (1: table after table). Only engines whose
    /// all-or-nothing unit allows several sessions use more (see `RestoreTarget::loaders`).
    pub jobs: usize,
    /// A dump of another engine: what to do with a value the target cannot hold.
    pub unrepresentable: Unrepresentable,
    /// Re-read every table after loading, also those the target loads exactly (see
    /// `RestoreTarget::loads_exactly`).
    pub reread_all: bool,
    /// Trusted signing keys (`--trusted-key`, config `restore.trusted_keys`): a dump
    /// they refuse is refused before the database is touched.
    pub signature: SignaturePolicy,
}

/// Progress callbacks (the library never prints).
pub trait RestoreObserver: MigrateObserver {
    /// A stage begins (`verifying`, `shaping`, `loading`, `checking digests`...).
    fn stage(&self, _what: &str) {}
    /// A table starts loading; `rows` is its row count when known.
    fn table_started(&self, _name: &str, _rows: Option<u64>) {}
    /// Rows loaded so far into the current table.
    fn progress(&self, _rows: u64) {}
    /// A table is loaded.
    fn table_done(&self, _name: &str, _rows: u64) {}
}

/// `migrate::Quiet`, the one observer that ignores everything, ignores a restore too.
impl RestoreObserver for crate::migrate::Quiet {}

/// The outcome of `restore`.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    /// The dump as given, or `standard input`.
    pub dump: String,
    /// The dump's dialect; with [`RestoreReport::converted_to`], not the target's.
    pub dialect: Dialect,
    /// The dump's schema version, which the data was loaded at.
    pub schema_version: Option<String>,
    /// Whether `--shape` migrated an empty database first.
    pub shaped: bool,
    /// Each table of the dump's trailer (name, rows, digest), all checked after loading.
    pub tables: Vec<TableTrailer>,
    /// Rows restored, all tables together.
    pub rows: u64,
    /// Uncompressed bytes of the dump.
    pub bytes: u64,
    /// Sequences and auto-increment counters set.
    pub counters: usize,
    /// The SHA-256 the dump's trailer records for its content (as `verify` prints it).
    pub dump_sha256: String,
    /// The counters the dump's trailer holds, as they were set (for a caller that reads
    /// them back, such as `drill`).
    #[serde(skip)]
    pub dump_counters: Vec<Counter>,
    /// The target's engine, when the dump is of another (values converted by
    /// `dump::transcode`); absent for a dump of the same engine.
    pub converted_to: Option<Dialect>,
    /// Values stored as NULL under `--unrepresentable null`.
    pub nulled: u64,
    /// Tables read back after loading and compared with the dump's digests; the others
    /// were loaded exactly (their rows' digests checked as they went in).
    pub reread: usize,
    /// The migration run by `--upgrade`.
    pub upgrade: Option<MigrateReport>,
    /// The target's shape before the load, judged against the dump's (see
    /// `restore::shape_gate`); with `--allow-drift` it may be `drifted`.
    pub shape: ShapeCheck,
    /// After `--upgrade`, the shape judged at the new version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape_after_upgrade: Option<ShapeCheck>,
    /// The signature check, when trusted keys were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<SignatureReport>,
    /// Milliseconds the restore took, `--upgrade` included.
    pub duration_ms: u64,
}
