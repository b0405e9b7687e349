//! `restore` as a library operation: gated, all or nothing, verified.
//!
//! Stages: (1) read and check the dump's header (unless the load alone can check it:
//! verify the whole dump first, so a corrupt or truncated dump is refused before the
//! database is touched, then read it again to load; standard input, a pipe or a FIFO is
//! first copied to a private temporary file for that, see `dump::spool`);
//! (2) take the migration lock; (3) the gate: the target's change log must equal the
//! dump's, or with `--shape` an empty target is migrated to exactly the dump's version;
//! (4) the target must be clean; (5) load: one unit of work per engine (a transaction,
//! or MySQL's restore mark), triggers kept from firing, tables streamed from a
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
//!
//! Each stage has its own file: `gate.rs` (the change-log gate, shaping, the restore
//! mark and the clean-target rules), `cross.rs` (a dump of another engine), `load.rs`
//! (sequential and parallel loading, the digest checks, the commit), `events.rs` (the
//! reader thread), `report.rs` (the plan, observer and report types). This file holds
//! the entry point and the order of the stages.

mod cross;
mod events;
mod gate;
mod load;
mod report;
mod shape_gate;

use std::time::Instant;

use crate::config::Settings;
use crate::dialect::Dialect;
use crate::dump::reader;
use crate::dump::target::RestoreTarget;
use crate::engine::{self, Engine};
use crate::error::{Error, Result};
use crate::migrate::changelog;
use crate::migrate::lock;
use crate::migrate::runner::{self, MigrateOptions};
use crate::migrate::set::MigrationSet;

use events::DumpStream;
use gate::RestoreMark;

pub use crate::engine::open::restore_target;
pub use report::{RestoreObserver, RestorePlan, RestoreReport};

/// What every stage of one restore works with.
struct Run<'a> {
    plan: &'a RestorePlan,
    observer: &'a dyn RestoreObserver,
    engine: &'a dyn Engine,
    set: &'a MigrationSet,
    opts: &'a MigrateOptions,
}

/// Restores a dump into the database of `settings`.
pub async fn restore(
    settings: &Settings,
    plan: &RestorePlan,
    observer: &dyn RestoreObserver,
) -> Result<RestoreReport> {
    let started = Instant::now();
    // 0. A dump of another engine is converted only when asked (`--convert`), decided
    // from its header before anything connects: opening a SQLite database creates its
    // file, and a command pasted in the wrong place must not convert a dump into a new
    // database there. An input that reads only once cannot be looked at twice: its
    // header is checked when the load reads it, before any row is written.
    if !plan.convert && !plan.source.reads_once() {
        let source = plan.source.clone();
        let header = tokio::task::spawn_blocking(move || {
            let (_, input) = source.open()?;
            reader::read_header(input)
        })
        .await
        .map_err(|e| Error::db("restore", e))??;
        cross::refuse_unasked_conversion(
            &header,
            &settings.url.redacted(),
            settings.url.dialect(),
            false,
            true,
        )?;
    }
    // The migration set, before anything connects: one that cannot run (a version
    // missing a Rust step it declares) is refused with the target untouched.
    let set = MigrationSet::load(&settings.migrations, settings.url.dialect())?;
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
    // The migration session and the restore target, in the order the engine needs.
    let (engine, target) = engine::open::restore_sessions(settings).await;
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
    let mut events = events::spawn_reader(&source)?;
    let header = events::header(&mut events).await?;
    let opts = MigrateOptions {
        to: None,
        dry_run: false,
        allow_out_of_order: false,
        lock_timeout: plan.lock_timeout,
    };
    lock::acquire(engine.as_ref(), plan.lock_timeout, &|h| {
        observer.lock_waiting(h)
    })
    .await?;
    let checked_first = verified.is_some();
    let run = Run {
        plan,
        observer,
        engine: engine.as_ref(),
        set: &set,
        opts: &opts,
    };
    let dump = DumpStream {
        header,
        verified,
        events: &mut events,
    };
    let result = restore_locked(&run, target, dump).await;
    let _ = engine.unlock().await;
    let mut report = match result {
        // A dump checked only while it loads may have failed the gate or the load
        // through damage its checks had not reached yet (a flipped checksum in the
        // header, a mangled row): the damage is the error to report (exit 5). The rest
        // of the dump goes through the reader's checks to find out.
        Err(e) if !checked_first && !matches!(e, Error::Integrity(_)) => {
            return Err(match events::damage_behind(&mut events).await {
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
        observer.stage("checking the shape");
        report.shape_after_upgrade =
            Some(shape_gate::after_upgrade(engine.as_ref(), &set, plan.allow_drift).await?);
    }
    report.duration_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// Stages (3) to (5), under the migration lock.
async fn restore_locked(
    run: &Run<'_>,
    mut target: Box<dyn RestoreTarget>,
    mut dump: DumpStream<'_>,
) -> Result<RestoreReport> {
    let (plan, engine, header) = (run.plan, run.engine, &dump.header);
    // An input read once had its header looked at only now (see `restore`).
    cross::refuse_unasked_conversion(
        header,
        &engine.url().redacted(),
        engine.dialect(),
        plan.convert,
        false,
    )?;
    cross::refuse_partitions_across_engines(header, engine.dialect())?;
    cross::refuse_schemas_across_engines(header, engine.dialect())?;
    if plan.clean {
        run.observer
            .stage("dropping every object of the target database (--clean)");
        engine.drop_all_objects().await?;
    }
    changelog::ensure_tables(engine).await?;
    lock::announce(engine).await?;
    // The restore mark goes in before anything else is written (shaping included), so
    // that an interruption at any point leaves the database refused by every other
    // command.
    let restore_mark = RestoreMark::read(engine, &plan.source, dump.verified.as_ref()).await?;

    // 3. The gate.
    let shaped = gate::pass(run, header, &restore_mark).await?;

    // The shape must be the dump's source's (see `shape_gate`). An interrupted load
    // holds the mark and rows; an interrupted shaping the mark alone.
    let has_restore_mark = shaped || restore_mark.held;
    run.observer.stage("checking the shape");
    let judged = shape_gate::before_load(run, header, restore_mark.held, has_restore_mark).await?;

    // 4. The tables must be the dump's, and empty.
    let cross = header.dialect != engine.dialect();
    let clean =
        gate::clean_target(engine, target.as_mut(), header, cross, has_restore_mark).await?;

    // A dump of another engine: its rows are converted to the target's syntax by the
    // target's column types.
    let mut cross_plan = cross
        .then(|| cross::CrossPlan::new(header, engine.dialect(), &clean.own, plan.unrepresentable));

    // 5. Load, all or nothing.
    if !restore_mark.held && !shaped && !checked_in_the_load(plan, engine.dialect()) {
        restore_mark
            .write(engine, header.schema_version.as_deref())
            .await?;
    }
    target.begin(header, &restore_mark.dump).await?;
    let loaded = load::load_all(
        run,
        target.as_mut(),
        &mut dump,
        &clean.holding,
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
    shape_gate::after_load(engine, &judged).await?;
    let header = &dump.header;
    let rows = summary.trailer.tables.iter().map(|t| t.rows).sum();
    Ok(RestoreReport {
        dump: String::new(),
        dialect: header.dialect,
        schema_version: header.schema_version.clone(),
        shaped,
        tables: summary.trailer.tables.clone(),
        rows,
        bytes: summary.bytes,
        counters: summary.trailer.counters.len(),
        dump_sha256: summary.trailer.sha256.clone(),
        dump_counters: summary.trailer.counters.clone(),
        converted_to: cross.then(|| engine.dialect()),
        nulled: cross_plan.as_ref().map(|c| c.nulled()).unwrap_or(0),
        reread,
        upgrade: None,
        shape: judged.check,
        shape_after_upgrade: None,
        signature: None,
        duration_ms: 0,
    })
}

/// Whether the dump is checked only while it loads, and the database needs no restore
/// mark: on an engine that loads in one transaction (see
/// [`engine::open::loads_in_one_transaction`]), when nothing is committed before the
/// load (no `--shape`, no `--clean`), a damaged dump, a failure or a kill rolls
/// everything back and leaves the database exactly as it was. That saves a full read of
/// the dump (a second of a 400 MB restore). Elsewhere a file is verified in full first,
/// and the restore mark covers what the load cannot roll back.
///
/// A dump whose signature is checked is always verified first: the signature is in the
/// trailer, at the very end, and it must decide before anything is written.
fn checked_in_the_load(plan: &RestorePlan, dialect: Dialect) -> bool {
    !plan.shape
        && !plan.clean
        && !plan.signature.checks()
        && engine::open::loads_in_one_transaction(dialect)
}
