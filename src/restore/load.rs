//! Stage (5), the load, all or nothing: rows go in table after table on the target's
//! own session, or, with `jobs > 1` on an engine that offers parallel loaders (MySQL),
//! through a supervisor that hands each table to a bounded job queue served by one task
//! per loader session. Then counters and triggers are set back, every table is checked
//! against the dump's digests (re-read, or checked row by row as it went in), the
//! migration lock is confirmed still held, and the target commits.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::dump::digest::TableDigest;
use crate::dump::format::{self, Header};
use crate::dump::reader::DumpSummary;
use crate::dump::target::{RestoreTarget, TableLoader};
use crate::dump::templates;
use crate::error::{Error, Result};
use crate::fault;

use super::cross::CrossPlan;
use super::events::{forward_table, DumpStream, Event};
use super::report::RestoreObserver;
use super::Run;

/// Loads the dump's rows into `target` (clearing the tables in `holding` first),
/// checks them and commits; returns what the reader found and how many tables were
/// read back.
pub(super) async fn load_all(
    run: &Run<'_>,
    target: &mut dyn RestoreTarget,
    dump: &mut DumpStream<'_>,
    holding: &[String],
    mut cross: Option<&mut CrossPlan>,
) -> Result<(DumpSummary, usize)> {
    let (engine, observer, plan) = (run.engine, run.observer, run.plan);
    let (header, verified) = (&dump.header, dump.verified.as_ref());
    let events = &mut *dump.events;
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
        check_triggers(&v.triggers, target, header)?;
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
    // A dump verified first had its triggers checked above (and the copy loaded is that
    // dump, see the digest comparison above).
    if cross.is_none() && verified.is_none() {
        check_triggers(&summary.triggers, target, header)?;
    }
    observer.stage("setting counters and triggers back");
    match cross.as_deref() {
        None => target.set_counters(&summary.trailer.counters).await?,
        Some(c) => {
            c.set_counters(header, &summary.trailer.counters, target)
                .await?
        }
    }
    target.resume_triggers().await?;
    // Said only when some table is read back: a target that loads exactly (its rows'
    // digests checked on the way in) may have none to read.
    let reads_back = cross.is_some()
        || !checked.is_empty()
        || header
            .tables
            .iter()
            .any(|t| plan.reread_all || !target.loads_exactly(t));
    if reads_back {
        observer.stage("checking every table against the dump's digests");
    }
    let mut reread = 0;
    for (i, (t, trailer)) in header
        .tables
        .iter()
        .zip(&summary.trailer.tables)
        .enumerate()
    {
        if let Some(c) = cross.as_deref() {
            c.check_table(i, t, trailer, target).await?;
            reread += 1;
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
    // done. The restore mark stays (see `RestoreTarget::abort`), so a re-run starts over.
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
    fault::point("restore.commit", "");
    target.commit().await?;
    Ok((summary, reread))
}

/// A dump's trigger blocks must hold the target's own triggers: a restore puts back the
/// target's own and never runs a dump's, and a dump whose triggers differ was altered
/// (or its source's triggers changed outside the migrations). Across engines the
/// dump's triggers are another dialect's and are not compared.
/// What the refusal left is said as it is: an engine that loads in one transaction
/// rolls back; MySQL keeps the restore mark, so the database is refused by other
/// commands until a restore completes.
fn check_triggers(
    dump: &[format::TriggerDef],
    target: &dyn RestoreTarget,
    header: &Header,
) -> Result<()> {
    templates::same_triggers(dump, &target.own_triggers()).map_err(|why| {
        let left = if crate::engine::open::loads_in_one_transaction(header.dialect) {
            "no row was loaded"
        } else {
            "the database keeps its restore mark (its own triggers are back), so other commands refuse it until a restore completes"
        };
        Error::Integrity(format!(
            "{why}: a restore puts back the target's own triggers and never takes them from a dump, \
             so the dump was altered or its source's triggers were changed outside the migrations; \
             {left}; restore from another copy, or back up the source again once its triggers are the ones its migrations create"
        ))
    })
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
                fault::point("restore.table", &shown);
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
                        fault::point("restore.table", table.display_name());
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
