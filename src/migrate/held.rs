//! The paths that run versions on the held connection (an
//! [`engine::Session`](crate::engine::Session)): the pool's one connection taken out
//! of it and kept across versions, so that no query pays the pool's ping on release.
//!
//! Only versions that start fresh take them (see [`applies`]). On an engine with
//! transactional DDL a version is ONE call: `BEGIN`, its statements, journal rows and
//! change-log row, `COMMIT`; on an engine whose DDL commits at once, one call per
//! statement with its journal row, the `STARTED`/`COMPLETED` rows folded into the first
//! and last. What cannot finish here goes back to [`apply`](super::apply), over the
//! pool, which also reports the failure.

use std::collections::BTreeMap;
use std::time::Instant;

use sea_orm::DbErr;

use crate::engine::{db_error, Engine, Session};
use crate::error::Result;
use crate::fault;
use crate::migrate::batch::{statement_call, Batch, VersionEnd};
use crate::migrate::changelog::{self, AppliedVersion, JournalKey, Status};
use crate::migrate::classify::is_plain_dml;
use crate::migrate::job::{
    changes_session, fail_plain, new_record, prepare, Context, Failure, Job, Pending, StatementAt,
};
use crate::migrate::report::AppliedReport;
use crate::migrate::set::StepBody;

/// Whether a version can run over a held connection (a [`Session`]): plain SQL files
/// only, nothing of it journaled by an earlier run, and
/// - on an engine with transactional DDL (PostgreSQL, SQLite), no
///   `-- dbshape:no-transaction` file: the version is one transaction;
/// - on an engine without (MySQL), no change-log row yet: a `STARTED` or `FAILED` row
///   means an earlier run died or failed part-way, and the statement-by-statement path
///   handles what that run may have left (a DDL statement committed but not journaled).
///
/// Everything else (Rust steps, resumed runs, no-transaction files) goes through the pool.
pub(super) fn applies(
    engine: &dyn Engine,
    pending: Pending<'_>,
    journal: &BTreeMap<JournalKey, String>,
) -> bool {
    let vm = pending.vm;
    let plain = vm
        .steps
        .iter()
        .all(|s| matches!(s.body, StepBody::Sql { .. }));
    plain
        && journal.is_empty()
        && if engine.transactional_ddl() {
            !vm.steps.iter().any(|s| s.no_transaction())
        } else {
            pending.row.is_none()
        }
}

/// How a version ended on the held connection.
pub(super) enum Held {
    /// Committed; this many statements ran.
    Done(usize),
    /// Rolled back whole (transactional DDL): nothing of it is kept.
    RolledBack,
    /// A statement failed (no transactional DDL); the statements before it are
    /// committed and journaled.
    Failed(Failure),
}

/// Runs `job` on the held connection, by the path the engine's DDL allows. `record` is
/// the version's change-log row; `rows`: the `STARTED` rows written one version ahead
/// (engines without transactional DDL only).
pub(super) async fn run(
    ctx: &Context<'_>,
    session: &mut Session,
    job: &Job<'_>,
    record: &mut AppliedVersion,
    rows: AheadRows<'_>,
) -> Held {
    if ctx.engine.transactional_ddl() {
        match run_transaction(session, ctx, job, record, true).await {
            Ok(n) => {
                for _ in 0..n {
                    ctx.observer.statement_done();
                }
                Held::Done(n)
            }
            Err(_) => Held::RolledBack,
        }
    } else {
        match run_statements(session, ctx, job, record, rows).await {
            Ok(n) => Held::Done(n),
            Err(f) => Held::Failed(f),
        }
    }
}

/// Engines with transactional DDL: the whole version as ONE call over the held
/// connection: `BEGIN`, its statements, its journal rows, its change-log row, `COMMIT`.
/// The engine stops at the first error; the transaction is then rolled back and the
/// error returned (the caller re-runs the version statement by statement to report
/// which statement failed). Returns how many statements ran. `own_transaction`:
/// without it, the call has no `BEGIN`/`COMMIT` of its own (a version of a group, see
/// [`run_grouped`]).
///
/// The `COMMIT` travels with the statements, so a client killed while the server
/// still works on the call may leave the version committed, whole, with its
/// change-log row: never a part of it.
async fn run_transaction(
    session: &mut Session,
    ctx: &Context<'_>,
    job: &Job<'_>,
    record: &mut AppliedVersion,
    own_transaction: bool,
) -> std::result::Result<usize, DbErr> {
    record.status = Status::Completed;
    let batch = Batch::new(
        ctx.engine,
        &job.vm.version,
        job.steps,
        job.changes_session,
        Some(&*record),
        job.started,
    );
    let sql = if own_transaction {
        format!("{};\n{}COMMIT", ctx.engine.begin_sql(), batch.sql)
    } else {
        batch.sql
    };
    fault::point("migrate.batch", &job.vm.version);
    ctx.observer.batch_sent(batch.statements);
    match session.execute(sql).await {
        Ok(()) => {
            record.execution_ms = job.started.elapsed().as_millis() as i64;
            Ok(batch.statements)
        }
        Err(e) => {
            // Ends the transaction the call opened (an error about there being none,
            // after a failed COMMIT, says nothing new); a group's is the caller's.
            if own_transaction {
                let _ = session.execute("ROLLBACK".to_string()).await;
            }
            record.status = Status::Started;
            Err(e)
        }
    }
}

/// One version inside the open group's transaction (see `runner::Group`): its
/// statements, journal rows and change-log row in one call, no `BEGIN`/`COMMIT` of its
/// own. On an error the caller rolls the group back.
pub(super) async fn run_grouped(
    ctx: &Context<'_>,
    session: &mut Session,
    pending: Pending<'_>,
    next_rank: &mut i64,
) -> Result<AppliedReport> {
    let started = Instant::now();
    let vm = pending.vm;
    let steps = prepare(ctx.set, vm)?;
    let total = steps.iter().map(|(_, st)| st.len()).sum();
    ctx.observer.version_started(vm, total, 0);
    let mut record = new_record(pending, &ctx.installed_by, next_rank);
    let job = Job {
        vm,
        steps: &steps,
        started,
        changes_session: changes_session(&steps),
    };
    let n = run_transaction(session, ctx, &job, &mut record, false)
        .await
        .map_err(|e| db_error(ctx.engine, "version failed inside a group", &e))?;
    fault::point("migrate.uncommitted", &vm.version);
    for _ in 0..n {
        ctx.observer.statement_done();
    }
    ctx.observer
        .version_ran(&vm.version, record.execution_ms.max(0) as u64);
    Ok(AppliedReport {
        version: vm.version.to_string(),
        description: vm.description.clone(),
        execution_ms: record.execution_ms.max(0) as u64,
        statements: n,
        resumed_after: 0,
    })
}

/// The change-log rows [`run_statements`] writes besides the version's own.
pub(super) struct AheadRows<'a> {
    /// The version's `STARTED` row is already committed (by the version before it).
    pub(super) started_ahead: bool,
    /// The next version's `STARTED` row, to commit with this version's last statement.
    pub(super) next: Option<&'a AppliedVersion>,
}

/// Engines whose DDL commits at once (MySQL): the version statement by statement over
/// the held connection, each statement in ONE call with its journal row (DML and its
/// journal row in one transaction; DDL commits on its own, its journal row right
/// after). The first call also carries the `STARTED` change-log row, which must be
/// committed before any DDL runs (a re-run takes "already exists" for done only on a
/// `STARTED` version): before a first DDL statement it commits on its own, before a
/// first DML statement it joins that statement's transaction (nothing of the version
/// commits before it). The last call carries the `COMPLETED` row, in one transaction
/// with the last journal row. A version of a single plain DML statement needs no
/// `STARTED` row: the statement, its journal row and the `COMPLETED` row commit
/// together or not at all.
///
/// A call per statement rather than one per version: a client that stops (Ctrl-C, a
/// kill) stops the version after the statement in flight, where one multi-statement
/// call would go on running the rest of the version on the server.
///
/// `STARTED` rows one version ahead: when the next version also runs here, its
/// `STARTED` row joins this version's last transaction (`rows.next`), and that version
/// then writes none of its own (`rows.started_ahead`). The row is still committed
/// before any of its statements runs, as a `STARTED` row must be; it just costs no
/// commit of its own, which on InnoDB is a log flush per version. A run stopped between
/// the two versions leaves the next one `STARTED` with nothing journaled, the state a
/// run stopped right after writing its own `STARTED` row leaves: the next run resumes
/// it from its first statement.
///
/// The server stops a multi-statement call at its first error, so a failed statement
/// is never journaled; the failure is returned as it is (not retried).
async fn run_statements(
    session: &mut Session,
    ctx: &Context<'_>,
    job: &Job<'_>,
    record: &mut AppliedVersion,
    rows: AheadRows<'_>,
) -> std::result::Result<usize, Failure> {
    let engine = ctx.engine;
    let statements: Vec<_> = job
        .steps
        .iter()
        .flat_map(|(step, sts)| sts.iter().map(move |st| (*step, st)))
        .collect();
    let mut pending_started = !rows.started_ahead
        && match statements.as_slice() {
            [(_, st)] => !is_plain_dml(&st.sql),
            [] => false,
            _ => true,
        };
    let mut executed = 0;
    if statements.is_empty() {
        record.status = Status::Completed;
        record.execution_ms = job.started.elapsed().as_millis() as u64 as i64;
        // Joins the transaction: the next version's `STARTED` row.
        let next_row = rows
            .next
            .map(|n| format!(";\n{}", changelog::upsert_sql(engine, n)))
            .unwrap_or_default();
        let sql = format!(
            "{};\n{}{next_row};\nCOMMIT",
            engine.begin_sql(),
            changelog::upsert_sql(engine, record)
        );
        return match session.execute(sql).await {
            Ok(()) => Ok(0),
            Err(e) => Err(fail_plain(engine, "change log", &e)),
        };
    }
    let last = statements.len() - 1;
    for (n, (step, st)) in statements.iter().enumerate() {
        // Written as `STARTED`, before the status below may change.
        let started = std::mem::take(&mut pending_started).then(|| record.clone());
        if n == last {
            record.status = Status::Completed;
        }
        let end = (n == last).then_some(VersionEnd {
            record,
            started: job.started,
            next: rows.next,
        });
        let call = statement_call(engine, &job.vm.version, step, st, started.as_ref(), end);
        let at = StatementAt(&job.vm.version, &step.name, st.index);
        fault::point("migrate.statement", &at);
        if let Err(e) = session.execute(call).await {
            // Ends a DML statement's transaction left open by the error.
            let _ = session.execute("ROLLBACK".to_string()).await;
            if job.changes_session {
                let _ = session.execute(engine.baseline().reset.clone()).await;
            }
            record.status = Status::Started;
            return Err(Failure::db(
                engine,
                step.display.clone(),
                st.index,
                st.line,
                st.sql.clone(),
                &e,
            ));
        }
        fault::point("migrate.statement.ran", &at);
        executed += 1;
        ctx.observer.statement_done();
    }
    record.execution_ms = job.started.elapsed().as_millis() as i64;
    if job.changes_session {
        // The version is committed: a failing reset is the connection's failure, which
        // the next version (or the end of the run) reports.
        let _ = session.execute(engine.baseline().reset.clone()).await;
    }
    Ok(executed)
}
