//! `restore` as a library operation: gated, all or nothing, verified.
//!
//! Stages: (1) read and check the dump's header (unless the load alone can check it:
//! verify the whole dump first, so a corrupt or truncated dump is refused before the
//! database is touched, then read it again to load; standard input, a pipe or a FIFO is
//! first copied to a private temporary file for that, see `dump::spool`);
//! (2) take the migration lock; (3) the gate: the target's change log must equal the
//! dump's, or with `--shape` an empty target is migrated to exactly the dump's version;
//! (4) the target must be clean; (5) load: one unit of work per engine (a transaction,
//! or MySQL's incomplete marker), triggers kept from firing, tables streamed from a
//! reader thread through a bounded queue, counters set, every table re-read and its
//! digest compared with the trailer, then commit; (6) `--upgrade` migrates to the
//! server version. Data is never loaded into a schema of another version.
//!
//! With `jobs > 1` on an engine that offers parallel loaders (MySQL), stage (5) becomes
//! a supervisor: the reader thread still reads the one sequential dump, the supervisor
//! hands each table to a bounded job queue as it begins and forwards its rows, and N
//! worker tasks, each on its own session, load whole tables and check each table's
//! digest right after loading it. Memory stays bounded: at most the queue's tables plus
//! one per worker hold a few row chunks each.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tokio::sync::mpsc;

use crate::backup::Source;
use crate::config::Settings;
use crate::dialect::Dialect;
use crate::dump::digest::TableDigest;
use crate::dump::format::{self, Header, TableHeader, TableTrailer};
use crate::dump::names;
use crate::dump::reader::{self, DumpSummary, Visitor};
use crate::dump::sign::{SignaturePolicy, SignatureReport};
use crate::dump::target::{RestoreTarget, TableLoader};
use crate::dump::templates;
use crate::dump::transcode::{self, TableTranscoder, Unrepresentable};
use crate::engine::{self, Engine, CHANGE_LOG_TABLE};
use crate::error::{Error, Result};
use crate::migrate::changelog::{self, Status};
use crate::migrate::lock;
use crate::migrate::runner::{self, MigrateObserver, MigrateOptions, MigrateReport};
use crate::migrate::source::MigrationSet;
use crate::version::Version;

/// What `restore` was asked to do.
#[derive(Debug, Clone)]
pub struct RestorePlan {
    pub source: Source,
    /// Shape an empty database to the dump's version first.
    pub shape: bool,
    /// Drop every object of the target first (after the dump verified and the lock is
    /// held), so that the restore starts from an empty database; implies `shape`.
    ///
    /// # Warning
    /// Destroys everything the target database held.
    pub clean: bool,
    /// Migrate to the server version after the data is in and verified.
    pub upgrade: bool,
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

/// The outcome of `restore`.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    pub dump: String,
    pub dialect: Dialect,
    /// The dump's schema version, which the data was loaded at.
    pub schema_version: Option<String>,
    /// Whether `--shape` migrated an empty database first.
    pub shaped: bool,
    pub tables: Vec<TableTrailer>,
    pub rows: u64,
    pub counters: usize,
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
    /// The signature check, when trusted keys were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<SignatureReport>,
    pub duration_ms: u64,
}

/// Opens the engine's restore target.
pub async fn restore_target(settings: &Settings) -> Result<Box<dyn RestoreTarget>> {
    Ok(match settings.url.dialect() {
        Dialect::Postgres => {
            Box::new(engine::postgres_restore::PostgresRestore::open(settings).await?)
        }
        Dialect::Mysql => Box::new(engine::mysql_restore::MysqlRestore::open(settings).await?),
        Dialect::Sqlite => Box::new(engine::sqlite_restore::SqliteRestore::open(settings).await?),
    })
}

/// Events from the dump reader thread.
enum Event {
    Header(Box<Header>),
    TableStart(usize),
    /// Whole row lines, each ended by `\n`, and how many.
    Rows(Vec<u8>, u64),
    TableEnd,
    Finished(Box<Result<DumpSummary>>),
}

const CHUNK: usize = 256 * 1024;

/// Forwards the reader's content into a bounded channel.
struct Forward {
    tx: mpsc::Sender<Event>,
    tables: Vec<String>,
    buf: Vec<u8>,
    rows: u64,
}

impl Forward {
    fn send(&self, e: Event) -> Result<()> {
        self.tx
            .blocking_send(e)
            .map_err(|_| Error::db("restore", "the load stopped"))
    }
    fn flush(&mut self) -> Result<()> {
        if self.rows > 0 {
            let buf = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK + 1024));
            let rows = std::mem::take(&mut self.rows);
            self.send(Event::Rows(buf, rows))?;
        }
        Ok(())
    }
}

impl Visitor for Forward {
    fn header(&mut self, header: &Header) -> Result<()> {
        self.tables = header
            .tables
            .iter()
            .map(TableHeader::display_name)
            .collect();
        self.send(Event::Header(Box::new(header.clone())))
    }
    fn table_start(&mut self, table: &TableHeader) -> Result<()> {
        let i = self
            .tables
            .iter()
            .position(|t| t == &table.display_name())
            .unwrap_or(0);
        self.send(Event::TableStart(i))
    }
    fn row(&mut self, row: &[u8]) -> Result<()> {
        self.buf.extend_from_slice(row);
        self.buf.push(b'\n');
        self.rows += 1;
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }
    fn table_end(&mut self, _table: &TableHeader, _rows: u64) -> Result<()> {
        self.flush()?;
        self.send(Event::TableEnd)
    }
}

/// Starts the reader thread on `source`.
fn spawn_reader(source: &Source) -> Result<mpsc::Receiver<Event>> {
    let (compression, input) = source.open()?;
    let (tx, rx) = mpsc::channel::<Event>(16);
    std::thread::Builder::new()
        .name("dump-reader".into())
        .spawn(move || {
            let mut fwd = Forward {
                tx: tx.clone(),
                tables: Vec::new(),
                buf: Vec::with_capacity(CHUNK + 1024),
                rows: 0,
            };
            let result = reader::read(input, compression, &mut fwd);
            let _ = tx.blocking_send(Event::Finished(Box::new(result)));
        })
        .map_err(|e| Error::io("start the reader thread for", "the dump", e))?;
    Ok(rx)
}

/// Restores a dump into the database of `settings`.
pub async fn restore(
    settings: &Settings,
    plan: &RestorePlan,
    observer: &dyn RestoreObserver,
) -> Result<RestoreReport> {
    let started = Instant::now();
    // 1. Unless the load alone can check it (see `checked_in_the_load`), the dump is
    // verified in full before the database is touched, then read again to load. An input
    // that reads only once (standard input, a pipe, a FIFO) is first copied to a private
    // temporary file (`dump::spool`) for the two reads. Meanwhile both sessions connect
    // (no writes), which hides their handshakes behind the check.
    let mut verifying = if checked_in_the_load(plan, settings.url.dialect()) {
        None
    } else {
        if plan.source.reads_once() {
            observer.stage(&format!(
                "copying the dump from {} to a private temporary file, and verifying it",
                plan.source.describe()
            ));
        } else {
            observer.stage("verifying the dump");
        }
        let source = plan.source.clone();
        Some(tokio::task::spawn_blocking(move || {
            let source = source.spooled()?;
            let summary = crate::backup::verify(&source, &mut reader::CheckOnly)?;
            Ok::<_, Error>((source, summary))
        }))
    };
    // A signature check decides before any connection is opened (opening a SQLite
    // database creates its file): a refused dump leaves the target exactly as it was.
    let mut early = None;
    let mut signature = None;
    if plan.signature.checks() {
        if let Some(task) = verifying.take() {
            let (source, summary) = task.await.map_err(|e| Error::db("restore", e))??;
            signature = Some(plan.signature.enforce(&summary)?);
            early = Some((source, summary));
        }
    }
    let (engine, target) = if settings.url.dialect() == Dialect::Sqlite {
        // One file: the migration session creates it if missing, then the target opens it.
        let engine = engine::connect(settings).await;
        (engine, restore_target(settings).await)
    } else {
        tokio::join!(engine::connect(settings), restore_target(settings))
    };
    // The source read to load: the verified copy of an input that reads only once.
    let (source, verified) = match (early, verifying) {
        (Some((source, summary)), _) => (source, Some(summary)),
        (None, Some(task)) => {
            let (source, summary) = task.await.map_err(|e| Error::db("restore", e))??;
            (source, Some(summary))
        }
        (None, None) => (plan.source.clone(), None),
    };
    let (engine, target) = (engine?, target?);
    let mut events = spawn_reader(&source)?;
    let header = match events.recv().await {
        Some(Event::Header(h)) => *h,
        Some(Event::Finished(r)) => {
            return Err((*r)
                .err()
                .unwrap_or_else(|| Error::Integrity("the dump has no header".into())))
        }
        _ => return Err(Error::Integrity("the dump has no header".into())),
    };
    let set = MigrationSet::load(&settings.migrations, engine.dialect())?;
    let opts = MigrateOptions {
        target: None,
        dry_run: false,
        allow_out_of_order: false,
        lock_timeout: plan.lock_timeout,
    };
    lock::acquire(engine.as_ref(), plan.lock_timeout, &|h| {
        observer.lock_waiting(h)
    })
    .await?;
    let checked_first = verified.is_some();
    let result = restore_locked(
        plan,
        observer,
        engine.as_ref(),
        target,
        &set,
        &opts,
        header,
        verified,
        &mut events,
    )
    .await;
    let _ = engine.unlock().await;
    let mut report = match result {
        // A dump checked only while it loads may have failed the gate or the load
        // through damage its checks had not reached yet (a flipped checksum in the
        // header, a mangled row): the damage is the error to report (exit 5). The rest
        // of the dump goes through the reader's checks to find out.
        Err(e) if !checked_first && !matches!(e, Error::Integrity(_)) => {
            return Err(match damage_behind(&mut events).await {
                Some(damage) => Error::Integrity(format!(
                    "{damage} (it had already stopped the restore: {e})"
                )),
                None => e,
            })
        }
        other => other?,
    };
    report.dump = plan.source.describe();
    report.signature = signature;
    if plan.upgrade {
        observer.stage("upgrading to the server version");
        let m = runner::migrate(engine.as_ref(), &set, &opts, observer).await?;
        report.upgrade = Some(m);
    }
    report.duration_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

#[allow(clippy::too_many_arguments)]
async fn restore_locked(
    plan: &RestorePlan,
    observer: &dyn RestoreObserver,
    engine: &dyn Engine,
    mut target: Box<dyn RestoreTarget>,
    set: &MigrationSet,
    opts: &MigrateOptions,
    header: Header,
    verified: Option<DumpSummary>,
    events: &mut mpsc::Receiver<Event>,
) -> Result<RestoreReport> {
    let dump_version = header.schema_version.clone();
    refuse_partitions_across_engines(&header, engine.dialect())?;
    refuse_schemas_across_engines(&header, engine.dialect())?;
    if plan.clean {
        observer.stage("dropping every object of the target database (--clean)");
        engine.drop_all_objects().await?;
    }
    changelog::ensure_tables(engine).await?;
    lock::announce(engine).await?;
    let marker = changelog::restore_marker(engine).await?;

    // The mark goes in before anything else is written (shaping included), so that an
    // interruption at any point leaves the database refused by every other command.
    let dump_desc = verified
        .as_ref()
        .map(|s| {
            format!(
                "{} (sha256 {})",
                plan.source.describe(),
                &s.trailer.sha256[..16]
            )
        })
        .unwrap_or_else(|| plan.source.describe());
    let needs_mark = marker.is_none();

    // 3. The gate.
    let dump_log = completed(
        &header
            .change_log
            .iter()
            .map(|e| (e.version.clone(), e.checksum.clone(), e.status.clone()))
            .collect::<Vec<_>>(),
    );
    // The per-dialect migrations of one version are the same schema: across engines
    // the versions must match, their checksums (of other files) cannot.
    let cross = header.dialect != engine.dialect();
    let comparable = |log: Log| if cross { versions_only(log) } else { log };
    let dump_log = comparable(dump_log);
    let mut shaped = false;
    let current = comparable(target_log(engine).await?);
    if let (Some((newest, _)), Some(server)) = (current.last(), set.server_version()) {
        if Version::parse(newest).is_ok_and(|v| &v > server) {
            return Err(Error::VersionMismatch(format!(
                "database {} is at schema version {newest}, newer than this dbshape's server version {server}; \
                 dbshape never writes to a database newer than itself",
                engine.url().redacted()
            )));
        }
    }
    if current != dump_log {
        // A restore interrupted while shaping left a prefix of the dump's versions.
        let resumable = marker.is_some()
            && current.iter().all(|entry| dump_log.contains(entry))
            && current.len() < dump_log.len();
        let empty =
            resumable || (current.is_empty() && user_tables_absent(engine, &header).await?);
        if plan.shape && empty {
            check_set_matches(set, &header, cross)?;
            if needs_mark {
                changelog::mark_restore(engine, &dump_desc, header.schema_version.as_deref())
                    .await?;
            }
            observer.stage("shaping the database to the dump's version");
            let to = dump_version
                .as_deref()
                .map(Version::parse)
                .transpose()
                .map_err(|e| {
                    Error::Integrity(format!("the dump's schema version is not a version: {e}"))
                })?;
            let mut shape_opts = opts.clone();
            shape_opts.target = to;
            if shape_opts.target.is_some() {
                runner::migrate_locked(engine, set, &shape_opts, observer).await?;
            }
            shaped = true;
            let now = comparable(target_log(engine).await?);
            if now != dump_log {
                return Err(Error::VersionMismatch(format!(
                    "after shaping, the database's change log still differs from the dump's: {}",
                    describe_difference(&now, &dump_log)
                )));
            }
        } else {
            return Err(gate_error(
                engine, &header, &current, &dump_log, empty, plan.shape,
            ));
        }
    }

    // 4. The tables must be the dump's, and empty. Across engines the target's names
    // may differ from the dump's by case (`dump::names`): from here on the target is
    // addressed by its own names.
    // A table of the dump that the migrations do not create (one made by hand in the
    // source) can only be known missing here, after shaping. The mark stays: the
    // database is shaped without its data, and the same restore completes it once the
    // tables exist.
    let marked = shaped || marker.is_some();
    let mut missing = Vec::new();
    let own_tables = if cross {
        // Missing: not even by the target's case rule (an ambiguous name is refused by
        // the match below, naming both).
        let own = target.tables().await?;
        missing.extend(header.tables.iter().filter(|t| {
            names::find(
                engine.dialect(),
                &t.name,
                own.iter().map(|o| o.name.as_str()),
            ) == names::Found::None
        }));
        if !missing.is_empty() {
            return Err(missing_tables(engine, &header, &missing, marked));
        }
        names::match_tables(engine.dialect(), &header.tables, &own)
            .map_err(|m| Error::VersionMismatch(m.message().to_string()))?
    } else {
        let mut all_columns = target.columns(&header.tables).await?;
        missing.extend(header.tables.iter().filter(|t| {
            t.partition_of.is_none()
                && all_columns
                    .get(&t.display_name())
                    .is_none_or(|c| c.is_empty())
        }));
        if !missing.is_empty() {
            return Err(missing_tables(engine, &header, &missing, marked));
        }
        for t in &header.tables {
            let cols = all_columns.remove(&t.display_name()).unwrap_or_default();
            let want: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
            if let (true, Some(root)) = (cols.is_empty(), &t.partition_of) {
                return Err(Error::VersionMismatch(format!(
                    "table `{}`, a partition of `{root}` in the dump, does not exist in the database: \
                     create the partitions that were added outside the migrations, with the same bounds, \
                     then restore again",
                    t.display_name()
                )));
            }
            if cols != want {
                return Err(Error::VersionMismatch(format!(
                    "table `{}` has columns ({}) in the database but ({}) in the dump: the database was not shaped by the same migrations",
                    t.display_name(),
                    cols.join(", "),
                    want.join(", ")
                )));
            }
        }
        header.tables.clone()
    };
    let holding: Vec<String> = target
        .row_counts(&own_tables)
        .await?
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(t, _)| t)
        .collect();
    if !holding.is_empty() && !shaped && marker.is_none() {
        return Err(Error::Database {
            context: format!(
                "restore needs a clean database, but table(s) {} already hold rows",
                holding.join(", ")
            ),
            message: "restore into an empty database with `dbshape restore DUMP --shape`, or empty these tables first".into(),
        });
    }

    // A dump of another engine: its rows are converted to the target's syntax by the
    // target's column types.
    let mut cross_plan = if cross {
        let transcoders = header
            .tables
            .iter()
            .zip(&own_tables)
            .map(|(t, mine)| {
                TableTranscoder::new(
                    header.dialect,
                    engine.dialect(),
                    t,
                    &mine.columns,
                    plan.unrepresentable,
                )
            })
            .collect();
        Some(CrossPlan {
            tables: own_tables.clone(),
            transcoders,
            target: engine.dialect(),
        })
    } else {
        None
    };

    // 5. Load, all or nothing.
    if needs_mark && !shaped && !checked_in_the_load(plan, engine.dialect()) {
        changelog::mark_restore(engine, &dump_desc, header.schema_version.as_deref()).await?;
    }
    target.begin(&header, &dump_desc).await?;
    let loaded = load_all(
        engine,
        target.as_mut(),
        &header,
        &holding,
        verified.as_ref(),
        events,
        observer,
        plan,
        cross_plan.as_mut(),
    )
    .await;
    let (summary, reread) = match loaded {
        Ok(s) => s,
        Err(e) => {
            target.abort().await;
            return Err(e);
        }
    };
    let rows = summary.trailer.tables.iter().map(|t| t.rows).sum();
    let report = RestoreReport {
        dump: String::new(),
        dialect: header.dialect,
        schema_version: dump_version.clone(),
        shaped,
        tables: summary.trailer.tables.clone(),
        rows,
        counters: summary.trailer.counters.len(),
        converted_to: cross.then(|| engine.dialect()),
        nulled: cross_plan
            .as_ref()
            .map(|c| c.transcoders.iter().map(|t| t.nulled).sum())
            .unwrap_or(0),
        reread,
        upgrade: None,
        signature: None,
        duration_ms: 0,
    };
    Ok(report)
}

#[allow(clippy::too_many_arguments)]
async fn load_all(
    engine: &dyn Engine,
    target: &mut dyn RestoreTarget,
    header: &Header,
    holding: &[String],
    verified: Option<&DumpSummary>,
    events: &mut mpsc::Receiver<Event>,
    observer: &dyn RestoreObserver,
    plan: &RestorePlan,
    mut cross: Option<&mut CrossPlan>,
) -> Result<(DumpSummary, usize)> {
    let jobs = plan.jobs;
    // The target's own names (another engine's dump may spell them in another case).
    let own = match cross.as_deref() {
        Some(c) => c.tables.clone(),
        None => header.tables.clone(),
    };
    if !holding.is_empty() {
        target.clear(&own).await?;
    }
    target.suspend_triggers(&own).await?;
    // A dump verified first shows its triggers before any row loads.
    if let (None, Some(v)) = (cross.as_deref(), verified) {
        check_triggers(&v.triggers, target)?;
    }
    // Converted rows load on the target's own session, table after table.
    let loaders = if jobs > 1 && header.tables.len() > 1 && cross.is_none() {
        target.loaders(jobs.min(header.tables.len())).await?
    } else {
        Vec::new()
    };
    observer.stage("loading");
    let expected: BTreeMap<String, u64> = verified
        .map(|s| {
            s.trailer
                .tables
                .iter()
                .map(|t| (format::display_name(t.schema.as_deref(), &t.name), t.rows))
                .collect()
        })
        .unwrap_or_default();
    // Tables whose digest a parallel loader already checked, and what it found.
    let mut checked: BTreeMap<usize, TableDigest> = BTreeMap::new();
    let summary = if loaders.is_empty() {
        load_sequential(
            target,
            header,
            events,
            observer,
            &expected,
            cross.as_deref_mut(),
        )
        .await?
    } else {
        let (summary, digests, counters) =
            load_parallel(loaders, header, events, observer, &expected).await?;
        checked = digests;
        target.counters_seen(counters);
        summary
    };
    // The load read the file again: it must be the dump that was verified (and whose
    // signature was checked), not one put in its place meanwhile. The final commit is
    // still ahead.
    if let Some(v) = verified {
        if v.trailer.sha256 != summary.trailer.sha256 || v.header_sha256 != summary.header_sha256 {
            return Err(Error::Integrity(format!(
                "the dump changed while it was restored: it was verified with SHA-256 {} but \
                 the copy loaded has {}, so the restore did not complete; make sure nothing \
                 writes the dump file during a restore, and run the restore again",
                v.trailer.sha256, summary.trailer.sha256
            )));
        }
    }
    if cross.is_none() {
        check_triggers(&summary.triggers, target)?;
    }
    observer.stage("setting counters and triggers back");
    match cross.as_deref() {
        None => target.set_counters(&summary.trailer.counters).await?,
        Some(c) => {
            // Counters move by table: each table's next value on the source becomes the
            // target's (a PostgreSQL sequence, a MySQL or SQLite table counter).
            let mut next =
                transcode::next_values(header.dialect, &summary.trailer.counters, &header.tables);
            // By the target's name of each table.
            for (table, _) in &mut next {
                if let Some(i) = header.tables.iter().position(|t| &t.name == table) {
                    *table = c.tables[i].name.clone();
                }
            }
            let sequences = target.sequences().await?;
            let counters = transcode::target_counters(c.target, &next, &sequences);
            target.set_counters(&counters).await?;
        }
    }
    target.resume_triggers().await?;
    observer.stage("checking every table against the dump's digests");
    let mut reread = 0;
    for (i, (t, trailer)) in header
        .tables
        .iter()
        .zip(&summary.trailer.tables)
        .enumerate()
    {
        if let Some(c) = cross.as_deref() {
            let (mine, tc) = (&c.tables[i], &c.transcoders[i]);
            let mut canonical = transcode::CanonicalDigest::new(c.target, &mine.columns);
            target.reread(mine, &mut canonical).await?;
            reread += 1;
            if canonical.digest != tc.digest || tc.rows != trailer.rows {
                return Err(Error::Integrity(format!(
                    "table `{}` holds {} rows with canonical digest {} after loading, the converted rows of the dump were {} with digest {}; the restore did not complete",
                    t.name,
                    canonical.digest.rows,
                    canonical.digest.hex(),
                    tc.rows,
                    tc.digest.hex()
                )));
            }
            continue;
        }
        let d: TableDigest = match checked.remove(&i) {
            Some(d) => d,
            // Its rows' digests were checked as they went in, and nothing on the way
            // into the table can have changed a value.
            None if !plan.reread_all && target.loads_exactly(t) => continue,
            None => target.digest(t).await?,
        };
        reread += 1;
        if d.rows != trailer.rows || d.hex() != trailer.digest {
            return Err(Error::Integrity(format!(
                "table `{}` holds {} rows with digest {} after loading, the dump says {} rows with digest {}; the restore did not complete",
                t.display_name(),
                d.rows,
                d.hex(),
                trailer.rows,
                trailer.digest
            )));
        }
    }
    // The migration lock lives on the migration session, idle while the rows load. If
    // that session was killed (or its connection replaced by a new one), the lock is
    // gone and another migrator may be at work: the restore must not declare itself
    // done. The mark stays (see `RestoreTarget::abort`), so a re-run starts over.
    let held = engine.lock_is_held().await.map_err(|e| {
        Error::db(
            "restore: cannot check the migration lock before the final commit",
            format!("{e}; the restore mark stays: run the same restore again"),
        )
    })?;
    if !held {
        return Err(Error::db(
            "restore: lost the migration lock before the final commit",
            "the session that held it ended (killed, or its connection to the database \
             server was lost); the restore mark stays: run the same restore again",
        ));
    }
    target.commit().await?;
    Ok((summary, reread))
}

/// A dump's trigger blocks must hold the target's own triggers: a restore puts back the
/// target's own and never runs a dump's, and a dump whose triggers differ was altered
/// (or its source's triggers changed outside the migrations). Across engines the
/// dump's triggers are another dialect's and are not compared.
fn check_triggers(dump: &[format::TriggerDef], target: &dyn RestoreTarget) -> Result<()> {
    templates::same_triggers(dump, &target.own_triggers()).map_err(|why| {
        Error::Integrity(format!(
            "{why}: a restore puts back the target's own triggers and never takes them from a dump, \
             so the dump was altered or its source's triggers were changed outside the migrations; \
             restore from another copy, or back up the source again once its triggers are the ones its migrations create"
        ))
    })
}

/// Forwards the rows of the table that just began to `tx` until its end; returns how
/// many rows were forwarded. A closed `tx` (the loader stopped) ends forwarding early.
async fn forward_table(
    events: &mut mpsc::Receiver<Event>,
    tx: mpsc::Sender<Vec<u8>>,
    observer: &dyn RestoreObserver,
    mut convert: Option<&mut TableTranscoder>,
) -> Result<(u64, bool)> {
    let mut rows = 0u64;
    loop {
        match events.recv().await {
            Some(Event::Rows(chunk, n)) => {
                rows += n;
                observer.progress(rows);
                let chunk = match convert.as_deref_mut() {
                    Some(c) => c.convert_chunk(&chunk)?,
                    None => chunk,
                };
                if tx.send(chunk).await.is_err() {
                    return Ok((rows, false));
                }
            }
            Some(Event::TableEnd) => return Ok((rows, true)),
            Some(Event::Finished(r)) => {
                return Err((*r)
                    .err()
                    .unwrap_or_else(|| Error::Integrity("the dump ended inside a table".into())))
            }
            _ => return Err(Error::Integrity("the dump ended inside a table".into())),
        }
    }
}

fn count_mismatch(table: &str, forwarded: u64, loaded: u64) -> Error {
    Error::Integrity(format!(
        "table `{table}`: {forwarded} rows read from the dump but {loaded} loaded"
    ))
}

/// Table after table on the target's own session.
async fn load_sequential(
    target: &mut dyn RestoreTarget,
    header: &Header,
    events: &mut mpsc::Receiver<Event>,
    observer: &dyn RestoreObserver,
    expected: &BTreeMap<String, u64>,
    mut cross: Option<&mut CrossPlan>,
) -> Result<DumpSummary> {
    loop {
        match events.recv().await {
            Some(Event::TableStart(i)) => {
                let table = &header.tables[i];
                let shown = table.display_name();
                observer.table_started(&shown, expected.get(&shown).copied());
                let (tx, rx) = mpsc::channel::<Vec<u8>>(4);
                let (load_as, convert) = match cross.as_deref_mut() {
                    Some(c) => (&c.tables[i], Some(&mut c.transcoders[i])),
                    None => (table, None),
                };
                // The receiver goes when the load ends, so that a load failing before it
                // has taken every row stops the forwarding instead of leaving it waiting
                // on a full channel forever.
                let load = async {
                    let mut rx = rx;
                    target.load(load_as, &mut rx).await
                };
                let (loaded, forwarded) =
                    tokio::join!(load, forward_table(events, tx, observer, convert));
                let (forwarded, _) = forwarded?;
                let loaded = loaded?;
                if loaded != forwarded {
                    return Err(count_mismatch(&shown, forwarded, loaded));
                }
                observer.table_done(&shown, loaded);
            }
            Some(Event::Finished(r)) => return *r,
            Some(_) => return Err(Error::Integrity("unexpected content in the dump".into())),
            None => return Err(Error::Integrity("the dump reader stopped".into())),
        }
    }
}

/// One table handed to a parallel loader.
struct Job {
    index: usize,
    rows: mpsc::Receiver<Vec<u8>>,
}

/// What a parallel loader found for one table: (index, rows loaded, digest, counter).
type Loaded = (usize, u64, TableDigest, Option<i64>);

/// The supervisor of a parallel restore: forwards each table of the sequential dump to
/// a bounded job queue served by one task per loader session.
async fn load_parallel(
    loaders: Vec<Box<dyn TableLoader>>,
    header: &Header,
    events: &mut mpsc::Receiver<Event>,
    observer: &dyn RestoreObserver,
    expected: &BTreeMap<String, u64>,
) -> Result<(
    DumpSummary,
    BTreeMap<usize, TableDigest>,
    BTreeMap<String, i64>,
)> {
    let tables = Arc::new(header.tables.clone());
    let (job_tx, job_rx) = mpsc::channel::<Job>(loaders.len());
    let job_rx = Arc::new(tokio::sync::Mutex::new(job_rx));
    // Set by a loader that failed, so that the supervisor stops handing out tables.
    let failed = Arc::new(AtomicBool::new(false));
    let mut workers = tokio::task::JoinSet::new();
    for mut loader in loaders {
        let (tables, job_rx, failed) = (tables.clone(), job_rx.clone(), failed.clone());
        workers.spawn(async move {
            let mut done: Vec<Loaded> = Vec::new();
            loop {
                let job = job_rx.lock().await.recv().await;
                let Some(mut job) = job else { return Ok(done) };
                let table = &tables[job.index];
                let result = async {
                    let loaded = loader.load(table, &mut job.rows).await?;
                    // A short load must not leave the supervisor waiting on this table.
                    job.rows.close();
                    let digest = loader.digest(table).await?;
                    Ok::<_, Error>((loaded, digest, loader.counter(table).await?))
                }
                .await;
                match result {
                    Ok((loaded, digest, counter)) => {
                        done.push((job.index, loaded, digest, counter))
                    }
                    Err(e) => {
                        failed.store(true, Ordering::SeqCst);
                        return Err(e);
                    }
                }
            }
        });
    }
    let mut forwarded: BTreeMap<usize, u64> = BTreeMap::new();
    // The supervisor's own outcome; a loader that stopped shows up as a closed queue.
    let supervised: Result<Option<DumpSummary>> = async {
        loop {
            match events.recv().await {
                Some(Event::TableStart(i)) => {
                    if failed.load(Ordering::SeqCst) {
                        return Ok(None);
                    }
                    let table = &header.tables[i];
                    let shown = table.display_name();
                    observer.table_started(&shown, expected.get(&shown).copied());
                    let (tx, rx) = mpsc::channel::<Vec<u8>>(4);
                    if job_tx.send(Job { index: i, rows: rx }).await.is_err() {
                        return Ok(None);
                    }
                    let (rows, open) = forward_table(events, tx, observer, None).await?;
                    if !open {
                        return Ok(None);
                    }
                    forwarded.insert(i, rows);
                    observer.table_done(&shown, rows);
                }
                Some(Event::Finished(r)) => return (*r).map(Some),
                Some(_) => return Err(Error::Integrity("unexpected content in the dump".into())),
                None => return Err(Error::Integrity("the dump reader stopped".into())),
            }
        }
    }
    .await;
    drop(job_tx);
    if supervised.is_err() {
        workers.abort_all();
    }
    let mut digests = BTreeMap::new();
    let mut counters = BTreeMap::new();
    let mut failure: Option<Error> = None;
    while let Some(joined) = workers.join_next().await {
        match joined {
            Ok(Ok(done)) => {
                for (i, loaded, digest, counter) in done {
                    let want = forwarded.get(&i).copied().unwrap_or(0);
                    if loaded != want && failure.is_none() {
                        failure = Some(count_mismatch(
                            &header.tables[i].display_name(),
                            want,
                            loaded,
                        ));
                    }
                    digests.insert(i, digest);
                    if let Some(c) = counter {
                        counters.insert(header.tables[i].name.clone(), c);
                    }
                }
            }
            Ok(Err(e)) => {
                // The first loader error explains why the others were stopped.
                if failure.is_none() {
                    failure = Some(e);
                }
                workers.abort_all();
            }
            Err(e) if e.is_cancelled() => {}
            Err(e) => {
                failure.get_or_insert_with(|| Error::db("restore: a loader task failed", e));
            }
        }
    }
    let summary = supervised?;
    if let Some(e) = failure {
        return Err(e);
    }
    let summary = summary
        .ok_or_else(|| Error::db("restore", "the parallel loaders stopped before the end"))?;
    Ok((summary, digests, counters))
}

/// Reads what is left of a dump through the reader's checks, after a restore that
/// failed before its end: the damage they find, if any.
async fn damage_behind(events: &mut mpsc::Receiver<Event>) -> Option<Error> {
    while let Some(event) = events.recv().await {
        if let Event::Finished(r) = event {
            return (*r).err().filter(|e| matches!(e, Error::Integrity(_)));
        }
    }
    None
}

/// Whether the dump is checked only while it loads, and the database needs no restore
/// mark: PostgreSQL and SQLite load in one transaction, so when nothing is committed
/// before the load (no `--shape`, no `--clean`), a damaged dump, a failure or a kill
/// rolls everything back and leaves the database exactly as it was. That saves a full
/// read of the dump (a second of a 400 MB restore). Elsewhere a file is verified in full
/// first, and the mark covers what the load cannot roll back.
///
/// A dump whose signature is checked is always verified first: the signature is in the
/// trailer, at the very end, and it must decide before anything is written.
fn checked_in_the_load(plan: &RestorePlan, dialect: Dialect) -> bool {
    !plan.shape
        && !plan.clean
        && !plan.signature.checks()
        && matches!(dialect, Dialect::Postgres | Dialect::Sqlite)
}

/// A restore of another engine's dump: the target's own table headers and one
/// converter per table, in the dump's table order.
struct CrossPlan {
    tables: Vec<TableHeader>,
    transcoders: Vec<TableTranscoder>,
    target: Dialect,
}

/// A change log without checksums, to compare across engines.
fn versions_only(log: Log) -> Log {
    log.into_iter().map(|(v, _)| (v, String::new())).collect()
}

type Log = Vec<(String, String)>;

/// (version, checksum) of COMPLETED entries, sorted by version.
fn completed(rows: &[(String, String, String)]) -> Log {
    let mut v: Vec<(Version, String, String)> = rows
        .iter()
        .filter(|(_, _, s)| s == Status::Completed.as_str())
        .filter_map(|(v, c, _)| Version::parse(v).ok().map(|p| (p, v.clone(), c.clone())))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.into_iter().map(|(_, v, c)| (v, c)).collect()
}

async fn target_log(engine: &dyn Engine) -> Result<Log> {
    let log = changelog::read(engine).await?;
    Ok(completed(
        &log.iter()
            .map(|r| {
                (
                    r.version.to_string(),
                    r.checksum.clone(),
                    r.status.as_str().to_string(),
                )
            })
            .collect::<Vec<_>>(),
    ))
}

/// Whether none of the dump's tables exists in the target (an empty database); for a
/// dump of another engine, also not under the name the target's case rule gives it.
async fn user_tables_absent(engine: &dyn Engine, header: &Header) -> Result<bool> {
    let cross = header.dialect != engine.dialect();
    for t in &header.tables {
        // `table_exists` looks in the current schema only, where a table of another
        // schema is not; the change log below still tells a used database.
        if t.schema.is_some() {
            continue;
        }
        let folded = names::fold(engine.dialect(), &t.name);
        if engine.table_exists(&t.name).await?
            || (cross && folded != t.name && engine.table_exists(&folded).await?)
        {
            return Ok(false);
        }
    }
    Ok(!engine.table_exists(CHANGE_LOG_TABLE).await? || changelog::read(engine).await?.is_empty())
}

/// The dump's tables that the target lacks: created outside the migrations in the
/// dump's source. `marked`: the database holds a restore mark (it was shaped by this
/// restore or an interrupted one), which stays so that the same restore completes it.
fn missing_tables(
    engine: &dyn Engine,
    header: &Header,
    missing: &[&TableHeader],
    marked: bool,
) -> Error {
    let list = missing
        .iter()
        .map(|t| {
            let cols: Vec<String> = t
                .columns
                .iter()
                .map(|c| format!("{} {}", c.name, c.data_type))
                .collect();
            format!("`{}` ({})", t.display_name(), cols.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let version = header.schema_version.as_deref().unwrap_or("(none)");
    let url = engine.url().redacted();
    let state = if marked {
        format!(
            "{url} is left shaped to {version} without the dump's data and marked as an unfinished \
             restore; create the missing table(s) there as they were in the dump's source, then run \
             this restore again to complete it (or `dbshape drop-create` to start over)"
        )
    } else {
        format!(
            "nothing of the dump was written to {url}; create the missing table(s) there as they were in the \
             dump's source, then restore again"
        )
    };
    Error::VersionMismatch(format!(
        "the dump holds table(s) that the database at schema version {version} does not have: {list}. \
         The migrations do not create them: they were created outside the migrations in the dump's \
         source. {state}"
    ))
}

/// Refuses a PostgreSQL dump with partitions for another engine, before anything is
/// written: the dump holds each partition as a table of its own, which the other
/// engine's schema does not have (its partitions, if any, are not tables), so their rows
/// could only be refused table by table or land somewhere else.
fn refuse_partitions_across_engines(header: &Header, target: Dialect) -> Result<()> {
    if header.dialect == target {
        return Ok(());
    }
    let mut roots: Vec<&str> = header
        .tables
        .iter()
        .filter_map(|t| t.partition_of.as_deref())
        .collect();
    roots.sort_unstable();
    roots.dedup();
    if roots.is_empty() {
        return Ok(());
    }
    Err(Error::Unrepresentable(format!(
        "the {} dump holds the partitions of partitioned table(s) {} as tables of their own, \
         which a restore into {} cannot put back into partitions: restore this dump into {}",
        header.dialect,
        roots.join(", "),
        target,
        header.dialect
    )))
}

/// Refuses a PostgreSQL dump with tables of several schemas for another engine, before
/// anything is written: MySQL's schemas are databases of their own and SQLite's are
/// attached files, so those tables have no place in the one target database, and
/// loading them into its tables of the same name would mix or misplace rows.
fn refuse_schemas_across_engines(header: &Header, target: Dialect) -> Result<()> {
    if header.dialect == target {
        return Ok(());
    }
    let mut schemas: Vec<&str> = header
        .tables
        .iter()
        .filter_map(|t| t.schema.as_deref())
        .collect();
    schemas.sort_unstable();
    schemas.dedup();
    if schemas.is_empty() {
        return Ok(());
    }
    Err(Error::Unrepresentable(format!(
        "the {} dump holds tables of schema(s) {} besides the connection's schema, \
         which a restore into {} cannot put in one database: restore this dump into {}",
        header.dialect,
        schemas.join(", "),
        target,
        header.dialect
    )))
}

/// `--shape` needs this binary's migrations to be the ones the dump was taken after.
fn check_set_matches(set: &MigrationSet, header: &Header, cross: bool) -> Result<()> {
    for e in header
        .change_log
        .iter()
        .filter(|e| e.status == Status::Completed.as_str())
    {
        let v = Version::parse(&e.version).map_err(|err| {
            Error::Integrity(format!("bad version in the dump's change log: {err}"))
        })?;
        match set.get(&v) {
            None => {
                return Err(Error::VersionMismatch(format!(
                    "the dump is at schema version {}, which this dbshape does not know (its server version is {}); \
                     restore with the dbshape that wrote the dump (version {}) or a newer one",
                    header.schema_version.as_deref().unwrap_or("?"),
                    set.server_version().map(|v| v.to_string()).unwrap_or_default(),
                    header.tool_version
                )))
            }
            Some(vm) if vm.checksum != e.checksum && !cross => {
                return Err(Error::VersionMismatch(format!(
                    "version {} differs: the dump's database applied checksum {} but this dbshape's migration has {}; \
                     restore with the dbshape that wrote the dump (version {})",
                    e.version,
                    &e.checksum[..e.checksum.len().min(12)],
                    &vm.checksum[..vm.checksum.len().min(12)],
                    header.tool_version
                )))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn describe_difference(target: &Log, dump: &Log) -> String {
    let t: BTreeMap<&String, &String> = target.iter().map(|(v, c)| (v, c)).collect();
    let d: BTreeMap<&String, &String> = dump.iter().map(|(v, c)| (v, c)).collect();
    let mut out = Vec::new();
    for (v, c) in &d {
        match t.get(v) {
            None => out.push(format!("{v} is in the dump only")),
            Some(tc) if tc != c => out.push(format!(
                "version {v} has checksum {} in the database but {} in the dump",
                &tc[..tc.len().min(12)],
                &c[..c.len().min(12)]
            )),
            _ => {}
        }
    }
    for v in t.keys() {
        if !d.contains_key(v) {
            out.push(format!("{v} is in the database only"));
        }
    }
    out.join("; ")
}

fn gate_error(
    engine: &dyn Engine,
    header: &Header,
    target: &Log,
    dump: &Log,
    empty: bool,
    shape: bool,
) -> Error {
    let dump_v = header.schema_version.as_deref().unwrap_or("(none)");
    let target_v = target.last().map(|(v, _)| v.as_str()).unwrap_or("(none)");
    let url = engine.url().redacted();
    if empty {
        return Error::VersionMismatch(format!(
            "the database {url} is empty and the dump is at schema version {dump_v}: \
             run `dbshape restore DUMP --shape` to shape it to {dump_v} first (add --upgrade to then reach the server version)"
        ));
    }
    let what = if target_v == dump_v {
        format!(
            "both are at schema version {dump_v}, but {}",
            describe_difference(target, dump)
        )
    } else {
        format!("the dump is at schema version {dump_v}, the database at {target_v}")
    };
    let shape_note = if shape {
        " (--shape only shapes an empty database)"
    } else {
        ""
    };
    Error::VersionMismatch(format!(
        "refusing to restore into {url}: {what}; a dump loads only into a database at exactly its version{shape_note}. \
         Restore into an empty database instead: `dbshape --url <empty database> restore DUMP --shape`, \
         then `dbshape migrate` (or add --upgrade) to reach the server version"
    ))
}
