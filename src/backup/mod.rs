//! `backup` and `verify` as library operations.
//!
//! Backup stages: take the migration lock, open a consistent snapshot, read the change
//! log and the catalog from it, release the lock, write the header, stream each table
//! in dependency order, write the counters, end the snapshot, check that the change log
//! did not move meanwhile (a migration ran during the dump), and only then finish the
//! trailer and publish the file. Any failure before that drops the writer, which
//! removes the partial file: nothing is left at the destination.
//!
//! Why the lock: a dump is stamped with the highest COMPLETED version of its change
//! log, and `restore --shape` rebuilds exactly that version's schema before loading
//! the rows. A snapshot taken while a version is half-applied (MySQL commits each DDL
//! statement at once; a killed run leaves the version STARTED with some of its DDL
//! done) holds columns of a version its stamp does not have, and cannot be restored.
//! Holding the lock while the snapshot begins means no version is in flight at that
//! instant; a version left STARTED or FAILED by an earlier run is refused by name.
//! The lock is released as soon as the snapshot and its catalog are read, so a long
//! dump does not hold `migrate` up; what a later migration does to tables not yet read
//! either stays invisible to the snapshot, or makes the read fail, or moves the change
//! log: all three end in a clear error, never in a dump of mixed versions.
//!
//! This file holds the backup itself; `destination.rs` where a dump goes (the request
//! of the command line, the default name in a backup directory), `source.rs` where a
//! dump is read from and `verify`; `retention.rs` finds the newest intact dump of a
//! directory for `upgrade`. Retention policies are `crate::backups`'.

mod destination;
pub mod retention;
mod source;

use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

use crate::config::Settings;
use crate::dialect::Dialect;
use crate::dump::codec::Compression;
use crate::dump::crypt::Encryption;
use crate::dump::format::{self, ChangeLogEntry, Header, TableTrailer, TriggerHeader};
use crate::dump::object::{self, ObjectPrefix};
use crate::dump::sign::{SignatureReport, SignatureState};
use crate::dump::snapshot::{dependency_order, RowSink, SnapshotReader};
use crate::dump::templates;
use crate::dump::writer::{Destination, DumpWriter};
use crate::engine::{Engine, LOCK_TABLE};
use crate::error::{Error, Result};
use crate::fault;
use crate::migrate::changelog::{self, Status};
use crate::migrate::lock::{self, LockHolder};
use crate::migrate::set::MigrationSet;
use crate::shape::Shape;

pub use crate::engine::open::snapshot_reader;
pub use destination::{default_dump_name, default_dump_path, dump_prefix, BackupRequest};
pub use source::{verify, Source};

/// What `backup` was asked to do.
#[derive(Debug, Clone)]
pub struct BackupPlan {
    /// Where the dump goes: a given file, object or standard output, or a new file in a
    /// backup directory.
    pub destination: Output,
    /// Compression of the whole dump (applied before any encryption).
    pub compression: Compression,
    /// age encryption of the whole file (after compression).
    pub encryption: Encryption,
    /// How the migration lock is had while the snapshot begins.
    pub lock: BackupLock,
    /// Back up a database whose schema is behind the migration set's server version;
    /// otherwise pending versions in the snapshot's change log refuse the backup.
    pub allow_pending: bool,
    /// FAILED versions the caller checked were rolled back entirely (nothing of them is
    /// in the database), which therefore do not refuse the backup.
    pub rolled_back: Vec<String>,
    /// Sign the dump with this key (`--sign`, see `dump::sign`).
    pub sign: Option<std::sync::Arc<crate::dump::sign::SecretKey>>,
}

/// Where the dump goes.
#[derive(Debug, Clone)]
pub enum Output {
    /// A given file, object or standard output.
    To(Destination),
    /// A new file in this directory, or a new object under this S3 prefix
    /// (`s3://BUCKET/PREFIX/`), named after the database and the schema version of the
    /// snapshot (see [`default_dump_path`]).
    Dir {
        /// The backup directory (created if missing) or S3 prefix.
        dir: PathBuf,
        /// `--force`, passed on to the new file (whose name is chosen to be free).
        force: bool,
    },
}

/// How `backup` has the migration lock while its snapshot begins.
#[derive(Debug, Clone, Copy)]
pub enum BackupLock {
    /// Take it (waiting up to this long, exit 6 after) and release it once the
    /// snapshot and its change log and catalog are read.
    Take(std::time::Duration),
    /// The caller's engine session holds it already (`upgrade`) and keeps it: taking it
    /// again would wait for ourselves on SQLite's file lock, and releasing it would let
    /// another migrator in between the dump and the upgrade it protects.
    Held,
}

/// Progress callbacks (the library never prints).
pub trait BackupObserver: Send + Sync {
    /// The migration lock is held by another process (`None`: not known who); called
    /// again whenever the holder changes while `backup` waits.
    fn lock_waiting(&self, _holder: Option<&LockHolder>) {}
    /// A table starts; estimates may be 0 when unknown.
    fn table_started(&self, _name: &str, _est_rows: u64, _est_bytes: u64) {}
    /// Rows and bytes written so far for the current table.
    fn progress(&self, _rows: u64, _bytes: u64) {}
    /// A table is done.
    fn table_done(&self, _name: &str, _rows: u64) {}
}

/// `migrate::Quiet`, the one observer that ignores everything, ignores a backup too.
impl BackupObserver for crate::migrate::Quiet {}

/// The outcome of `backup`.
#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    /// The file or object (`s3://...`) written, or `None` for standard output.
    pub path: Option<String>,
    /// How the dump was compressed: `zstd`, `gzip` or `none`.
    pub compression: Compression,
    /// `none`, `age-x25519` or `age-scrypt`.
    pub encryption: &'static str,
    /// The dump format version written: 2, or 3 when a PostgreSQL table of another schema
    /// than the connection's is dumped.
    pub format_version: u32,
    /// The SQL dialect of the dump, the source database's.
    pub dialect: Dialect,
    /// The database's schema version as stamped in the header: the highest COMPLETED version
    /// of the snapshot's change log; `None` for a database dbshape never migrated.
    pub schema_version: Option<String>,
    /// The server version of the migration set (its highest version) as stamped in the
    /// header; `None` for an empty set.
    pub server_version: Option<String>,
    /// Uncompressed bytes.
    pub bytes: u64,
    /// Bytes of the file as stored (compressed, encrypted); `None` for standard output
    /// and objects.
    pub stored_bytes: Option<u64>,
    /// SHA-256 (hex) of every byte of the uncompressed dump before the trailer line.
    pub sha256: String,
    /// Each table's name, row count and digest, in dump order.
    pub tables: Vec<TableTrailer>,
    /// Rows dumped, all tables together.
    pub rows: u64,
    /// Number of sequences and auto-increment counters saved.
    pub counters: usize,
    /// `valid` with the key id when the dump was signed (`--sign`), else `none`.
    pub signature: SignatureReport,
    /// Milliseconds the backup took, the wait for the migration lock included.
    pub duration_ms: u64,
}

/// Counts rows and bytes for the observer while passing rows to the writer.
struct Counting<'a> {
    writer: &'a mut DumpWriter,
    observer: &'a dyn BackupObserver,
    rows: u64,
    start_bytes: u64,
}

impl RowSink for Counting<'_> {
    fn row(&mut self, encoded: &[u8]) -> Result<()> {
        self.writer.row(encoded)?;
        self.rows += 1;
        if self.rows.is_multiple_of(4096) {
            self.observer
                .progress(self.rows, self.writer.bytes - self.start_bytes);
        }
        Ok(())
    }
}

/// What the snapshot showed while the lock was held.
struct Snapshot {
    reader: Box<dyn SnapshotReader>,
    change_log: Vec<ChangeLogEntry>,
    tables: Vec<crate::dump::format::TableHeader>,
    triggers: Vec<crate::dump::format::TriggerDef>,
    /// The source's shape, read under the lock with the catalog.
    shape: Shape,
}

/// Opens the snapshot under the migration lock: no version is in flight when it begins,
/// and the change log and catalog it is stamped with are read before anyone can migrate.
async fn open_snapshot(
    settings: &Settings,
    engine: &dyn Engine,
    set: &MigrationSet,
    plan: &BackupPlan,
    observer: &dyn BackupObserver,
) -> Result<Snapshot> {
    // Connecting can take up to the connect timeout: not while holding the lock.
    let mut reader = snapshot_reader(settings).await?;
    match plan.lock {
        BackupLock::Take(timeout) => {
            lock::acquire(engine, timeout, &|h| observer.lock_waiting(h)).await?;
            // Who holds the lock is informational, for waiters to print; a backup user
            // may have no right to write dbshape's tables, and that must not stop it.
            if engine.table_exists(LOCK_TABLE).await.unwrap_or(false) {
                let _ = lock::announce(engine).await;
            }
        }
        BackupLock::Held => {
            if !engine.lock_is_held().await? {
                return Err(Error::db(
                    "cannot back up under the migration lock",
                    "the lock was lost (the database session ended); run the command again",
                ));
            }
        }
    }
    let read = async {
        reader.begin().await?;
        let change_log = reader.change_log().await?;
        gate(settings, set, plan, &change_log)?;
        // MySQL's catalog is not versioned: it must be read before a migration can
        // change it, so under the lock too.
        let tables = reader.tables().await?;
        let fks = reader.foreign_keys().await?;
        let tables = dependency_order(tables, &fks);
        let triggers = reader.triggers().await?;
        // The shape, for a restore to compare its target with: read through the
        // engine's own session, while no migration can run.
        let shape = engine.shape().await?;
        Ok::<_, Error>((change_log, tables, triggers, shape))
    }
    .await;
    if matches!(plan.lock, BackupLock::Take(_)) {
        // Released whatever happened; dropping the engine's connection would too.
        let _ = engine.unlock().await;
    }
    let (change_log, tables, triggers, shape) = read?;
    Ok(Snapshot {
        reader,
        change_log,
        tables,
        triggers,
        shape,
    })
}

/// Refuses a snapshot whose change log has a version that is not COMPLETED (its
/// changes may be partly in the data, under the stamp of the version before it), and,
/// unless pending versions are allowed, one behind the server version.
fn gate(
    settings: &Settings,
    set: &MigrationSet,
    plan: &BackupPlan,
    log: &[ChangeLogEntry],
) -> Result<()> {
    let db = settings.url.redacted();
    let stamp = schema_version(log);
    let stamp = stamp.as_deref().unwrap_or("(none)");
    let server = set.server_version();
    let unfinished: Vec<&ChangeLogEntry> = log
        .iter()
        .filter(|e| e.status != Status::Completed.as_str())
        .filter(|e| !plan.rolled_back.iter().any(|r| same_version(r, &e.version)))
        .collect();
    if let Some(e) = unfinished.first() {
        let newer = crate::version::Version::parse(&e.version)
            .ok()
            .zip(server)
            .is_some_and(|(v, s)| &v > s);
        let names: Vec<String> = unfinished
            .iter()
            .map(|e| format!("{} ({})", e.version, e.status))
            .collect();
        let fix = if newer {
            format!(
                "version {} is newer than this program's server version {}: a newer dbshape \
                 is migrating the database or was interrupted; finish with that dbshape's \
                 `migrate` (or its `repair` for a FAILED version), then back up",
                e.version,
                server.map(|v| v.to_string()).unwrap_or_default()
            )
        } else {
            "run `dbshape migrate` to finish it (it resumes where the run stopped), or for a \
             FAILED version fix its file and run `dbshape repair`, then back up again"
                .to_string()
        };
        let (noun, verb) = if unfinished.len() == 1 {
            ("version", "is")
        } else {
            ("versions", "are")
        };
        return Err(Error::Pending(format!(
            "cannot back up {db}: {noun} {} {verb} not completed in its change log, so the \
             database may hold part of its changes, which a dump stamped with schema version \
             {stamp} could not restore; {fix}",
            names.join(", ")
        )));
    }
    if !plan.allow_pending {
        let pending: Vec<String> = set
            .versions
            .iter()
            .map(|v| v.version.to_string())
            .filter(|v| {
                !log.iter()
                    .any(|e| same_version(&e.version, v) && e.status == Status::Completed.as_str())
            })
            .collect();
        if !pending.is_empty() {
            return Err(Error::Pending(format!(
                "database {db} is at schema version {stamp} but this program's server version \
                 is {}: {} version(s) pending ({}); run `dbshape migrate` (or `dbshape \
                 upgrade`, which backs up first), or pass --auto-migrate, or back up as it is \
                 with --allow-pending",
                server
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "(none)".into()),
                pending.len(),
                pending.join(", ")
            )));
        }
    }
    Ok(())
}

/// Whether two version texts name the same version (`1.2` and `1.2.0` do).
fn same_version(a: &str, b: &str) -> bool {
    use crate::version::Version;
    match (Version::parse(a), Version::parse(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The change log now, through the engine's own session, when it differs from the
/// snapshot's: a migration ran while the backup read.
async fn moved_since(
    engine: &dyn Engine,
    snapshot: &[ChangeLogEntry],
) -> Result<Option<Vec<ChangeLogEntry>>> {
    let now: Vec<ChangeLogEntry> = changelog::read(engine)
        .await?
        .iter()
        .map(|r| ChangeLogEntry {
            version: r.version.to_string(),
            checksum: r.checksum.clone(),
            status: r.status.as_str().to_string(),
        })
        .collect();
    Ok((!same_log(&now, snapshot)).then_some(now))
}

/// The error of a backup during which the change log moved.
fn changed_meanwhile(
    snapshot: &[ChangeLogEntry],
    now: &[ChangeLogEntry],
    cause: Option<&Error>,
) -> Error {
    let before = schema_version(snapshot);
    let after = schema_version(now);
    let moved = match now.iter().find(|e| e.status != Status::Completed.as_str()) {
        Some(e) => format!("version {} is {} now", e.version, e.status),
        None if after != before => format!(
            "schema version {} now",
            after.as_deref().unwrap_or("(none)")
        ),
        None => "its rows differ now (a repair or an edit of the change log)".to_string(),
    };
    Error::VersionMismatch(format!(
        "the schema changed while the backup ran (schema version {} in the snapshot, \
         {moved}){}; nothing was written; run the backup again (it waits for a running \
         migration)",
        before.as_deref().unwrap_or("(none)"),
        cause
            .map(|e| format!("; reading failed with: {e}"))
            .unwrap_or_default()
    ))
}

/// Writes a consistent, version-stamped dump of the database.
pub async fn backup(
    settings: &Settings,
    engine: &dyn Engine,
    set: &MigrationSet,
    plan: &BackupPlan,
    observer: &dyn BackupObserver,
) -> Result<BackupReport> {
    let started = Instant::now();
    let Snapshot {
        mut reader,
        change_log,
        tables,
        triggers,
        shape,
    } = open_snapshot(settings, engine, set, plan, observer).await?;
    let schema_version = schema_version(&change_log);
    let header = Header {
        format_version: format::format_version_for(&tables),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        dialect: set.dialect,
        engine_version: reader.engine_version(),
        schema_version: schema_version.clone(),
        server_version: set.server_version().map(|v| v.to_string()),
        change_log: change_log.clone(),
        created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        tables: tables.clone(),
        triggers: triggers
            .iter()
            .map(|t| TriggerHeader {
                name: t.name.clone(),
                table: t.table.clone(),
            })
            .collect(),
        shape_digest: Some(shape.digest()),
        shape: Some(shape),
    };
    templates::check_writable(&header, &triggers).map_err(|why| {
        Error::Unrepresentable(format!(
            "cannot back up {}: {why}; rename the object, or replace the trigger with one that has no such text",
            engine.url().redacted()
        ))
    })?;
    let destination = match &plan.destination {
        Output::To(t) => t.clone(),
        Output::Dir { dir, force } if object::is_object_url(&dir.to_string_lossy()) => {
            // An S3 prefix: the default name under it. Two backups within one second
            // meet an existing key, which is refused unless --force, never replaced.
            let prefix = ObjectPrefix::parse(&dir.to_string_lossy())?;
            Destination::S3 {
                url: prefix.object(&default_dump_name(settings, schema_version.as_deref()))?,
                force: *force,
            }
        }
        Output::Dir { dir, force } => {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io("create the backup directory", dir, e))?;
            Destination::File {
                path: default_dump_path(settings, dir, schema_version.as_deref()),
                force: *force,
            }
        }
    };
    let mut writer = DumpWriter::create(
        destination.clone(),
        plan.compression,
        plan.encryption.clone(),
        set.dialect,
    )?;
    if let Some(key) = &plan.sign {
        writer.sign_with(key.clone());
    }
    writer.write_header(&header)?;
    let dumped = async {
        reader.prepare(&tables).await?;
        let mut rows = 0;
        for table in &tables {
            let (est_rows, est_bytes) = reader.estimate(table).await.unwrap_or((0, 0));
            let shown = table.display_name();
            observer.table_started(&shown, est_rows, est_bytes);
            writer.begin_table(table)?;
            let start_bytes = writer.bytes;
            let mut sink = Counting {
                writer: &mut writer,
                observer,
                rows: 0,
                start_bytes,
            };
            reader.rows(table, &mut sink).await?;
            let done = sink.rows;
            let entry = writer.end_table()?;
            rows += entry.rows;
            observer.progress(done, writer.bytes - start_bytes);
            observer.table_done(&shown, entry.rows);
            fault::point("backup.table", &shown);
        }
        let counters = reader.counters().await?;
        writer.counters(&counters)?;
        reader.finish().await?;
        Ok::<_, Error>((rows, counters))
    }
    .await;
    let (rows, counters) = match dumped {
        Ok(done) => done,
        Err(cause) => {
            // A migration that changed a table after the snapshot began can make its
            // read fail (MySQL: "Table definition has changed", error 1412, see
            // `mysql_snapshot`): say so rather than leave a bare driver error.
            return Err(match moved_since(engine, &change_log).await {
                Ok(Some(now)) => changed_meanwhile(&change_log, &now, Some(&cause)),
                _ => cause,
            });
        }
    };
    // A migration that ran during the dump changed the schema under it: refuse.
    if let Some(now) = moved_since(engine, &change_log).await? {
        return Err(changed_meanwhile(&change_log, &now, None));
    }
    let (trailer, bytes) = writer.finish(&header, &triggers)?;
    Ok(BackupReport {
        path: match &destination {
            Destination::Stdout => None,
            d => Some(d.describe()),
        },
        compression: plan.compression,
        encryption: plan.encryption.describe(),
        format_version: header.format_version,
        dialect: set.dialect,
        schema_version,
        server_version: header.server_version,
        bytes,
        stored_bytes: match &destination {
            Destination::File { path, .. } => std::fs::metadata(path).ok().map(|m| m.len()),
            _ => None,
        },
        sha256: trailer.sha256,
        tables: trailer.tables,
        rows,
        counters: counters.len(),
        signature: SignatureReport {
            state: if trailer.signature.is_some() {
                SignatureState::Valid
            } else {
                SignatureState::None
            },
            key_id: trailer.signature.map(|s| s.key_id),
        },
        duration_ms: started.elapsed().as_millis() as u64,
    })
}

fn same_log(a: &[ChangeLogEntry], b: &[ChangeLogEntry]) -> bool {
    let mut a: Vec<_> = a.iter().collect();
    let mut b: Vec<_> = b.iter().collect();
    a.sort_by(|x, y| x.version.cmp(&y.version));
    b.sort_by(|x, y| x.version.cmp(&y.version));
    a == b
}

/// Highest COMPLETED version of a change log.
pub fn schema_version(log: &[ChangeLogEntry]) -> Option<String> {
    log.iter()
        .filter(|e| e.status == Status::Completed.as_str())
        .filter_map(|e| crate::version::Version::parse(&e.version).ok())
        .max()
        .map(|v| v.to_string())
}
