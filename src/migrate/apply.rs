//! Applying one version: its steps grouped into segments, the statement journal, and
//! the `STARTED`/`COMPLETED`/`FAILED` change-log row.
//!
//! On an engine with transactional DDL, each run of ordinary steps is ONE transaction
//! (a segment) that also writes the journal rows and, last, the change-log row, so a
//! crash leaves all of it or none. A `-- dbshape:no-transaction` file, and everything
//! on an engine whose DDL commits at once, runs statement by statement, each journaled
//! as soon as it ran, after a `STARTED` row that tells the next run to resume at the
//! first statement not journaled. A version that can take the held connection goes to
//! [`held`](super::held) first; whatever it cannot finish there, and the report of a
//! failure, comes back here and goes through the pool.

use std::collections::BTreeMap;
use std::time::Instant;

use sea_orm::{ConnectionTrait, DbErr, TransactionTrait};

use crate::engine::{db_error, describe_db_err, Engine, Session};
use crate::error::{Error, MigrationFailure, Result};
use crate::fault;
use crate::migrate::batch::Batch;
use crate::migrate::changelog::{self, AppliedVersion, JournalKey, Status};
use crate::migrate::held::{self, AheadRows, Held};
use crate::migrate::job::{
    changes_session, fail_plain, new_record, prepare, Context, Failure, Job, Pending, Prepared,
};
use crate::migrate::report::AppliedReport;
use crate::migrate::set::{statement_checksum, MigrationSet, StepBody, VersionMigration};
use crate::migrate::step::StepRunner;

/// `STARTED` rows written one version ahead, on the held path of an engine without
/// transactional DDL (see [`held`](super::held)).
pub(super) struct Ahead<'a> {
    /// This version's `STARTED` row, already committed by the version before it.
    pub(super) this: Option<AppliedVersion>,
    /// The next version, whose `STARTED` row this version's last transaction writes.
    pub(super) next: Option<&'a VersionMigration>,
}

/// A run of steps sharing one transaction, or running statement by statement.
enum Segment<'p> {
    Transaction(&'p [Prepared<'p>]),
    Autocommit(&'p [Prepared<'p>]),
}

/// Runs one version; returns its report and, on the held path of an engine without
/// transactional DDL, the next version's `STARTED` row that was committed with it. `session`: the held connection, when the
/// caller checked [`held::applies`]; given back (set to `None`) when the version has to
/// go through the pool after all.
pub(super) async fn apply_version(
    ctx: &Context<'_>,
    pending: Pending<'_>,
    journal: BTreeMap<JournalKey, String>,
    next_rank: &mut i64,
    session: &mut Option<Session>,
    ahead: Ahead<'_>,
) -> Result<(AppliedReport, Option<AppliedVersion>)> {
    let engine = ctx.engine;
    let Pending { vm, row } = pending;
    let started = Instant::now();
    let mut journal = journal;
    let transactional = engine.transactional_ddl();
    if transactional {
        // A no-transaction file (CREATE INDEX CONCURRENTLY...) runs again from its top
        // after an interruption: its first statements typically clean up what the
        // interrupted one left (an INVALID index), so skipping them would be wrong.
        for step in vm.steps.iter().filter(|s| s.no_transaction()) {
            if journal.keys().any(|(f, _)| f == &step.name) {
                changelog::clear_journal_file(
                    engine.db(),
                    &engine.baseline().own,
                    &vm.version,
                    &step.name,
                )
                .await
                .map_err(|e| db_error(engine, "cannot reset the statement journal", &e))?;
                journal.retain(|(f, _), _| f != &step.name);
            }
        }
    }
    let prepared = prepare(ctx.set, vm)?;
    check_journal(vm, &prepared, &journal)?;
    let total: usize = prepared
        .iter()
        .map(|(s, st)| {
            if matches!(s.body, StepBody::Rust { .. }) {
                1
            } else {
                st.len()
            }
        })
        .sum();
    ctx.observer.version_started(vm, total, journal.len());
    let job = Job {
        vm,
        steps: &prepared,
        started,
        changes_session: changes_session(&prepared),
    };
    let segments = segments(&prepared, transactional);

    let db = engine.db();
    let started_ahead = ahead.this.is_some();
    let mut record = match ahead.this {
        Some(r) => r,
        None => new_record(pending, &ctx.installed_by, next_rank),
    };
    let single_transaction = matches!(segments.as_slice(), [Segment::Transaction(_)] | []);

    // The held path: the caller checked `held::applies` and holds the connection.
    let mut held_failure = None;
    let mut skip_batched = false;
    if let Some(s) = session.as_mut() {
        let next = ahead
            .next
            .filter(|_| !transactional)
            .map(|n| new_record(Pending { vm: n, row: None }, &ctx.installed_by, next_rank));
        let rows = AheadRows {
            started_ahead,
            next: next.as_ref(),
        };
        match held::run(ctx, s, &job, &mut record, rows).await {
            Held::Done(statements) => {
                let report = AppliedReport {
                    version: vm.version.to_string(),
                    description: vm.description.clone(),
                    execution_ms: record.execution_ms.max(0) as u64,
                    statements,
                    resumed_after: 0,
                };
                return Ok((report, next));
            }
            // Rolled back: the statement-by-statement path below runs the version again
            // over the pool to find and report the failing statement.
            Held::RolledBack => skip_batched = true,
            Held::Failed(f) => held_failure = Some(f),
        }
        // What follows (the fallback, recording FAILED) goes through the pool. If the
        // error was the connection itself, the pool opens a new one, which does not
        // hold the lock: nothing more may be written then.
        *session = None;
        if !engine.lock_is_held().await? {
            let what = match &held_failure {
                Some(f) => format!(
                    "{}; the statements of this version that completed before it are journaled, the next run resumes after them",
                    f.message
                ),
                None => "the connection to the database was lost; the version was rolled back (or, if the server had reached its COMMIT, committed whole)".to_string(),
            };
            return Err(Error::db(
                format!(
                    "lost the migration lock during version {}; run `dbshape migrate` again",
                    vm.version
                ),
                what,
            ));
        }
    }

    if !single_transaction && held_failure.is_none() {
        changelog::upsert(db, engine, &record)
            .await
            .map_err(|e| db_error(engine, "cannot write the change log", &e))?;
        fault::point("migrate.started", &vm.version);
    }
    let mut steps = StepRunner {
        ctx,
        vm,
        journal: &journal,
        // The statement that was in flight when an earlier run died may have committed
        // (MySQL DDL) before it was journaled; only that one may report "already there".
        may_be_applied: row.is_some_and(|r| r.status == Status::Started),
    };
    let mut executed = 0usize;
    let last = segments.len().saturating_sub(1);

    let outcome: std::result::Result<(), Failure> = async {
        if let Some(f) = held_failure {
            return Err(f);
        }
        if segments.is_empty() {
            record.status = Status::Completed;
            record.execution_ms = started.elapsed().as_millis() as u64 as i64;
            return changelog::upsert(db, engine, &record)
                .await
                .map_err(|e| fail_plain(engine, "change log", &e));
        }
        for (i, segment) in segments.iter().enumerate() {
            match *segment {
                Segment::Transaction(items) => {
                    // Fast path: the whole segment as one multi-statement call, its
                    // journal as one INSERT. On any error everything rolls back and the
                    // statement-by-statement path below runs it again to find and
                    // report the failing statement.
                    if !skip_batched && fast_path_applies(items, &journal) {
                        let done =
                            run_segment_batched(ctx, &job, items, i == last, &mut record).await;
                        if let Ok(n) = done {
                            executed += n;
                            for _ in 0..n {
                                ctx.observer.statement_done();
                            }
                            continue;
                        }
                    }
                    let txn = db
                        .begin()
                        .await
                        .map_err(|e| fail_plain(engine, "BEGIN", &e))?;
                    let run = async {
                        for (step, statements) in items {
                            executed += steps.run(&txn, step, statements, false).await?;
                        }
                        if i == last {
                            reset_session(&txn, engine, job.changes_session)
                                .await
                                .map_err(|e| fail_plain(engine, "session reset", &e))?;
                            record.status = Status::Completed;
                            record.execution_ms = started.elapsed().as_millis() as u64 as i64;
                            changelog::upsert(&txn, engine, &record)
                                .await
                                .map_err(|e| fail_plain(engine, "change log", &e))?;
                        }
                        Ok(())
                    }
                    .await;
                    match run {
                        Ok(()) => {
                            fault::point("migrate.uncommitted", &vm.version);
                            txn.commit()
                                .await
                                .map_err(|e| fail_plain(engine, "COMMIT", &e))?
                        }
                        Err(f) => {
                            let _ = txn.rollback().await;
                            return Err(f);
                        }
                    }
                }
                Segment::Autocommit(items) => {
                    for (step, statements) in items {
                        executed += steps.run(db, step, statements, !transactional).await?;
                    }
                    if i == last {
                        record.status = Status::Completed;
                        record.execution_ms = started.elapsed().as_millis() as u64 as i64;
                        changelog::upsert(db, engine, &record)
                            .await
                            .map_err(|e| fail_plain(engine, "change log", &e))?;
                    }
                }
            }
        }
        Ok(())
    }
    .await;
    // What the version changed in the session must not reach the next one (PostgreSQL
    // rolled a failed version's settings back; SQLite's pragmas and MySQL's variables
    // are not transactional).
    let reset = reset_session(db, engine, job.changes_session).await;

    match outcome {
        Ok(()) => {
            reset.map_err(|e| db_error(engine, "cannot reset the session", &e))?;
            Ok((
                AppliedReport {
                    version: vm.version.to_string(),
                    description: vm.description.clone(),
                    execution_ms: record.execution_ms.max(0) as u64,
                    statements: executed,
                    resumed_after: journal.len(),
                },
                None,
            ))
        }
        Err(f) => {
            let rolled_back = transactional && single_transaction;
            Err(record_failure(engine, &mut record, started, rolled_back, f).await)
        }
    }
}

/// Marks the version `FAILED` and builds the error: the failing statement, the database
/// error, and what of the version was kept (`rolled_back`: nothing; otherwise the
/// journaled statements, which the next run skips).
async fn record_failure(
    engine: &dyn Engine,
    record: &mut AppliedVersion,
    started: Instant,
    rolled_back: bool,
    f: Failure,
) -> Error {
    record.status = Status::Failed;
    record.execution_ms = started.elapsed().as_millis() as u64 as i64;
    let mark = changelog::upsert(engine.db(), engine, record).await;
    let mut resume = String::new();
    if !rolled_back {
        let done = changelog::read_journal(engine, &record.version)
            .await
            .map(|j| j.len())
            .unwrap_or(0);
        if done > 0 {
            resume = format!(
                "; {done} statement(s) of this version already ran and are journaled, the next run resumes after them"
            );
        }
    } else {
        resume = "; nothing of this version was kept (rolled back)".to_string();
    }
    if let Err(e) = mark {
        resume.push_str(&format!(
            "; recording FAILED also failed: {}",
            describe_db_err(&e)
        ));
    }
    Error::MigrationFailed(Box::new(MigrationFailure {
        version: record.version.to_string(),
        file: f.file,
        index: f.index,
        line: f.line,
        statement: truncate(&f.statement, 4000),
        message: f.message,
        class: f.class,
        rolled_back,
        resume,
    }))
}

/// Groups consecutive steps into segments: on an engine with transactional DDL
/// ordinary steps share a transaction and each run of no-transaction files
/// autocommits; without it, everything autocommits.
fn segments<'p>(prepared: &'p [Prepared<'p>], transactional: bool) -> Vec<Segment<'p>> {
    let mut segments = Vec::new();
    let mut start = 0;
    for i in 1..=prepared.len() {
        let auto = |j: usize| !transactional || prepared[j].0.no_transaction();
        if i == prepared.len() || auto(i) != auto(start) {
            let run = &prepared[start..i];
            segments.push(if auto(start) {
                Segment::Autocommit(run)
            } else {
                Segment::Transaction(run)
            });
            start = i;
        }
    }
    segments
}

/// Whether the journal of an unfinished run still matches the version's files.
pub(crate) fn journal_matches(
    set: &MigrationSet,
    vm: &VersionMigration,
    journal: &BTreeMap<JournalKey, String>,
) -> Result<bool> {
    Ok(check_journal(vm, &prepare(set, vm)?, journal).is_ok())
}

/// The batched path needs plain SQL steps with nothing journaled yet.
fn fast_path_applies(steps: &[Prepared<'_>], journal: &BTreeMap<JournalKey, String>) -> bool {
    steps
        .iter()
        .all(|(s, _)| matches!(s.body, StepBody::Sql { .. }))
        && !steps
            .iter()
            .any(|(s, _)| journal.keys().any(|(f, _)| f == &s.name))
}

/// Runs a transactional segment of `job` in one transaction with one call for all its
/// statements; returns how many ran. Any error rolls the transaction back.
async fn run_segment_batched(
    ctx: &Context<'_>,
    job: &Job<'_>,
    steps: &[Prepared<'_>],
    last: bool,
    record: &mut AppliedVersion,
) -> std::result::Result<usize, DbErr> {
    let engine = ctx.engine;
    if last {
        record.status = Status::Completed;
    }
    // Statements, journal rows and the change-log row: one call inside the transaction.
    let batch = Batch::new(
        engine,
        &job.vm.version,
        steps,
        changes_session(steps),
        last.then_some(&*record),
        job.started,
    );
    fault::point("migrate.batch", &job.vm.version);
    ctx.observer.batch_sent(batch.statements);
    let txn = engine.db().begin().await?;
    let result = txn.execute_unprepared(&batch.sql).await.map(|_| ());
    match result {
        Ok(()) => {
            fault::point("migrate.uncommitted", &job.vm.version);
            txn.commit().await?;
            record.execution_ms = job.started.elapsed().as_millis() as i64;
            Ok(batch.statements)
        }
        Err(e) => {
            let _ = txn.rollback().await;
            if last {
                record.status = Status::Started;
            }
            Err(e)
        }
    }
}

/// Puts the session back as it was after connecting, when the version may have changed
/// it; used where the version's own call could not carry the reset (failures, and the
/// statement-by-statement path).
async fn reset_session<C: ConnectionTrait>(
    conn: &C,
    engine: &dyn Engine,
    changed: bool,
) -> std::result::Result<(), DbErr> {
    let reset = &engine.baseline().reset;
    if !reset.is_empty() && changed {
        conn.execute_unprepared(reset).await?;
    }
    Ok(())
}

/// Journaled statements must still be the statements of the files.
fn check_journal(
    vm: &VersionMigration,
    prepared: &[Prepared<'_>],
    journal: &BTreeMap<JournalKey, String>,
) -> Result<()> {
    for ((file, index), sum) in journal {
        let current = prepared
            .iter()
            .find(|(s, _)| &s.name == file)
            .and_then(|(s, st)| match &s.body {
                StepBody::Rust { checksum, .. } => (*index == 1).then(|| checksum.clone()),
                StepBody::Sql { .. } => st
                    .iter()
                    .find(|s| s.index as i64 == *index)
                    .map(|s| statement_checksum(&s.sql)),
            });
        if current.as_deref() != Some(sum.as_str()) {
            return Err(Error::Drift(format!(
                "version {}: statement {index} of {file} already ran in an unfinished run, but the file has changed there since; \
                 put the statement back as it was, or run `dbshape repair` to forget the unfinished run (and undo its effects by hand)",
                vm.version
            )));
        }
    }
    Ok(())
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\n... ({} more bytes)", &s[..end], s.len() - end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::set::Step;

    fn step(name: &str, no_transaction: bool) -> Step {
        Step {
            name: name.to_string(),
            display: name.to_string(),
            body: StepBody::Sql {
                content: String::new(),
                no_transaction,
            },
        }
    }

    /// Sizes of the segments, `T` for a transaction and `A` for autocommit.
    fn shape(prepared: &[Prepared<'_>], transactional: bool) -> Vec<(char, usize)> {
        segments(prepared, transactional)
            .iter()
            .map(|s| match s {
                Segment::Transaction(v) => ('T', v.len()),
                Segment::Autocommit(v) => ('A', v.len()),
            })
            .collect()
    }

    /// Guards: consecutive ordinary steps share a transaction, a no-transaction file
    /// splits them, and without transactional DDL everything autocommits.
    #[test]
    fn steps_group_into_segments_by_transaction_mode() {
        let steps = [
            step("a.sql", false),
            step("b.sql", false),
            step("c.sql", true),
            step("d.sql", true),
            step("e.sql", false),
        ];
        let prepared: Vec<Prepared<'_>> = steps.iter().map(|s| (s, Vec::new())).collect();
        assert_eq!(shape(&prepared, true), [('T', 2), ('A', 2), ('T', 1)]);
        assert_eq!(shape(&prepared, false), [('A', 5)]);
        assert_eq!(shape(&prepared[..1], true), [('T', 1)]);
        assert!(shape(&[], true).is_empty());
    }
}
