//! The engine-neutral migrator: plan, lock, apply each pending version, record it.
//!
//! A version runs as a list of segments. On engines with transactional DDL each run of
//! ordinary files is ONE transaction that also writes the statement journal and, last,
//! the change-log row, so a crash leaves either all of it or none. Files marked
//! `-- dbshape:no-transaction`, and everything on MySQL, run statement by statement,
//! each journaled as soon as it ran; a `STARTED` row is written first so that the next
//! run knows to resume at the first statement not journaled. No state ever needs hand
//! repair: the next `migrate` finishes the job.
//!
//! Most versions take the held path: the runner takes the pool's one connection out
//! of the pool (an [`engine::Session`](crate::engine::Session)) and keeps it across
//! versions, so no query pays the pool's ping on release and the lock is checked once
//! per held session rather than once per version. A transactional version is then ONE
//! call (statements, journal rows, change-log row, `BEGIN`/`COMMIT`), a MySQL version
//! one call per statement with the `STARTED`/`COMPLETED` rows folded into the first
//! and last. Versions that resume an earlier run, have Rust steps or no-transaction
//! files go through the pool, statement by statement, as does the reporting of a
//! failure.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::{ConnectionTrait, DbErr, TransactionTrait};
use sea_orm_migration::SchemaManager;
use serde::Serialize;

use crate::engine::{describe_db_err, scrub, Engine, Session};
use crate::error::{Error, Result};
use crate::migrate::changelog::{self, AppliedVersion, JournalKey, Status};
use crate::migrate::lock::{self, LockHolder};
use crate::migrate::plan::{Assessment, State};
use crate::migrate::source::{statement_checksum, MigrationSet, Step, StepBody, VersionMigration};
use crate::migrate::splitter::Statement;
use crate::version::Version;

/// What `migrate` was asked to do.
#[derive(Debug, Clone)]
pub struct MigrateOptions {
    /// Stop at this version (default: the server version).
    pub target: Option<Version>,
    /// Print the SQL, change nothing.
    pub dry_run: bool,
    /// Apply versions lower than the schema version that were skipped.
    pub allow_out_of_order: bool,
    /// How long to wait for another migrator.
    pub lock_timeout: Duration,
}

/// Progress callbacks; the library never prints, the CLI draws from these.
pub trait MigrateObserver: Send + Sync {
    /// Another process holds the lock (called again when the holder changes).
    fn lock_waiting(&self, _holder: Option<&LockHolder>) {}
    /// A version starts; `statements` counts its statements and Rust steps, `skipped`
    /// those already journaled by an earlier, unfinished run.
    fn version_started(&self, _version: &VersionMigration, _statements: usize, _skipped: usize) {}
    /// One statement (or Rust step) finished.
    fn statement_done(&self) {}
    /// A version is recorded as completed.
    fn version_done(&self, _version: &Version, _ms: u64) {}
    /// A transaction-control statement of a file will not be sent (see
    /// [`control`](crate::migrate::control)); called for every pending file before the
    /// run starts.
    fn statement_elided(&self, _file: &str, _statement: &Statement) {}
}

/// An observer that ignores everything.
pub struct Quiet;
impl MigrateObserver for Quiet {}

/// One applied version in a report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AppliedReport {
    pub version: String,
    pub description: String,
    pub execution_ms: u64,
    pub statements: usize,
    /// Statements skipped because an earlier, unfinished run had already executed them.
    pub resumed_after: usize,
}

/// One statement or step of a dry run.
#[derive(Debug, Clone, Serialize)]
pub struct DryRunStep {
    pub file: String,
    pub no_transaction: bool,
    /// `None` for a Rust step (compiled code, no SQL to show).
    pub statements: Option<Vec<String>>,
    /// The file's own transaction control, which dbshape does not send.
    pub elided: Vec<ElidedStatement>,
}

/// A transaction-control statement of a file that dbshape does not send.
#[derive(Debug, Clone, Serialize)]
pub struct ElidedStatement {
    pub line: usize,
    pub statement: String,
}

/// One version of a dry run.
#[derive(Debug, Clone, Serialize)]
pub struct DryRunVersion {
    pub version: String,
    pub description: String,
    pub steps: Vec<DryRunStep>,
}

/// The outcome of `migrate`.
#[derive(Debug, Clone, Serialize)]
pub struct MigrateReport {
    pub dialect: String,
    pub dry_run: bool,
    pub schema_version_before: Option<String>,
    pub schema_version: Option<String>,
    pub server_version: Option<String>,
    pub target: Option<String>,
    pub applied: Vec<AppliedReport>,
    /// The SQL that would run (dry run only).
    pub plan: Vec<DryRunVersion>,
}

/// Applies pending versions (or prints them with `dry_run`).
pub async fn migrate(
    engine: &dyn Engine,
    set: &MigrationSet,
    opts: &MigrateOptions,
    observer: &dyn MigrateObserver,
) -> Result<MigrateReport> {
    if opts.dry_run {
        let log = changelog::read(engine).await?;
        let assessment = Assessment::new(set, &log);
        let (target, pending) = choose(engine, set, &assessment, opts)?;
        let mut plan = Vec::new();
        for vm in pending {
            let mut steps = Vec::new();
            for step in &vm.steps {
                steps.push(DryRunStep {
                    elided: step
                        .elided(set.dialect)?
                        .into_iter()
                        .map(|s| {
                            let (line, code) = crate::migrate::control::locate(&s);
                            ElidedStatement {
                                line,
                                statement: code.to_string(),
                            }
                        })
                        .collect(),
                    file: step.display.clone(),
                    no_transaction: step.no_transaction(),
                    statements: match step.body {
                        StepBody::Sql { .. } => Some(
                            step.statements(set.dialect)?
                                .into_iter()
                                .map(|s| s.sql)
                                .collect(),
                        ),
                        StepBody::Rust { .. } => None,
                    },
                });
            }
            plan.push(DryRunVersion {
                version: vm.version.to_string(),
                description: vm.description.clone(),
                steps,
            });
        }
        return Ok(MigrateReport {
            dialect: set.dialect.to_string(),
            dry_run: true,
            schema_version_before: assessment.schema_version.as_ref().map(|v| v.to_string()),
            schema_version: assessment.schema_version.as_ref().map(|v| v.to_string()),
            server_version: assessment.server_version.as_ref().map(|v| v.to_string()),
            target: target.map(|t| t.to_string()),
            applied: Vec::new(),
            plan,
        });
    }

    lock::acquire(engine, opts.lock_timeout, &|h| observer.lock_waiting(h)).await?;
    let result = migrate_locked(engine, set, opts, observer).await;
    // The server frees the lock when the session ends anyway; unlock early for waiters.
    let _ = engine.unlock().await;
    result
}

pub(crate) async fn migrate_locked(
    engine: &dyn Engine,
    set: &MigrationSet,
    opts: &MigrateOptions,
    observer: &dyn MigrateObserver,
) -> Result<MigrateReport> {
    let Some((enter, leave)) = engine.migration_session() else {
        return run_pending(engine, set, opts, observer).await;
    };
    engine
        .db()
        .execute_unprepared(enter)
        .await
        .map_err(|e| crate::engine::db_error(engine, "cannot prepare the session", &e))?;
    let result = run_pending(engine, set, opts, observer).await;
    let left = engine.db().execute_unprepared(leave).await;
    let report = result?;
    left.map_err(|e| crate::engine::db_error(engine, "cannot restore the session", &e))?;
    Ok(report)
}

/// Applies the pending versions (the lock is held, the session prepared).
async fn run_pending(
    engine: &dyn Engine,
    set: &MigrationSet,
    opts: &MigrateOptions,
    observer: &dyn MigrateObserver,
) -> Result<MigrateReport> {
    changelog::ensure_tables(engine).await?;
    lock::announce(engine).await?;
    let log = changelog::read(engine).await?;
    let assessment = Assessment::new(set, &log);
    let (target, pending) = choose(engine, set, &assessment, opts)?;
    // Every pending file is split before anything runs, so that a file dbshape refuses
    // (a statement that discards work, an unterminated string) stops the run before its
    // first version, and the elided transaction control is reported up front.
    for vm in &pending {
        for step in &vm.steps {
            for st in step.elided(set.dialect)? {
                observer.statement_elided(&step.display, &st);
            }
        }
    }
    let rows: BTreeMap<&Version, &AppliedVersion> = log.iter().map(|r| (&r.version, r)).collect();
    let installed_by = engine.current_user().await?;
    let mut journals = changelog::read_open_journals(engine).await?;
    let next_rank = changelog::next_rank(engine.db(), &engine.baseline().own)
        .await
        .map_err(|e| crate::engine::db_error(engine, "cannot read the change log", &e))?;
    let mut run = Run {
        engine,
        set,
        installed_by,
        observer,
        next_rank,
        session: None,
        applied: Vec::new(),
        schema_version: assessment.schema_version.clone(),
        ahead: None,
    };
    // Versions run but not yet committed, on engines that group them (see
    // `Engine::version_group_window`).
    let window = engine.version_group_window();
    let mut group: Option<Group> = None;
    for (i, vm) in pending.iter().copied().enumerate() {
        let journal = journals.remove(&vm.version.to_string()).unwrap_or_default();
        let row = rows.get(&vm.version).copied();
        // MySQL: the version after this one, when it too takes the held path, gets its
        // `STARTED` row in this version's last transaction (see `run_version_held_mysql`).
        let next = pending.get(i + 1).copied().filter(|n| {
            !engine.transactional_ddl()
                && held_path_applies(
                    engine,
                    n,
                    rows.get(&n.version).copied(),
                    journals
                        .get(&n.version.to_string())
                        .unwrap_or(&BTreeMap::new()),
                )
        });
        let lost = || {
            Error::db(
                format!("lost the migration lock before version {}", vm.version),
                "the connection to the database was lost; nothing of this version ran; run `dbshape migrate` again",
            )
        };
        if held_path_applies(engine, vm, row, &journal) {
            if run.session.is_none() {
                let mut s = Session::acquire(engine.db()).await.map_err(|e| {
                    crate::engine::db_error(engine, "cannot take the database connection", &e)
                })?;
                // Checked once per held session: its connection cannot change under it.
                if !engine.lock_is_held_on(&mut s).await? {
                    return Err(lost());
                }
                run.session = Some(s);
            }
            if let Some(window) = window {
                let s = run.session.as_mut().expect("held above");
                if group.is_none() {
                    s.execute("BEGIN".to_string()).await.map_err(|e| {
                        crate::engine::db_error(engine, "cannot begin a transaction", &e)
                    })?;
                    group = Some(Group {
                        opened: Instant::now(),
                        rank_before: run.next_rank,
                        versions: Vec::new(),
                    });
                }
                let g = group.as_mut().expect("opened above");
                let ran = run_version_grouped(
                    s,
                    engine,
                    set,
                    vm,
                    row,
                    &run.installed_by,
                    &mut run.next_rank,
                    observer,
                )
                .await;
                match ran {
                    Ok(report) => g.versions.push((vm, row, report)),
                    Err(_) => {
                        // Rolled back with the versions before it in the group; they run
                        // again one by one, then this one, which reports its failure.
                        let mut g = group.take().expect("opened above");
                        let _ = s.execute("ROLLBACK".to_string()).await;
                        g.versions.push((vm, row, AppliedReport::default()));
                        run.replay(g).await?;
                        continue;
                    }
                }
                if g.opened.elapsed() >= window {
                    run.close_group(&mut group).await?;
                }
                continue;
            }
        } else {
            run.close_group(&mut group).await?;
            run.session = None;
            if !engine.lock_is_held().await? {
                return Err(lost());
            }
        }
        run.apply(vm, row, journal, next).await?;
    }
    run.close_group(&mut group).await?;
    Ok(MigrateReport {
        dialect: set.dialect.to_string(),
        dry_run: false,
        schema_version_before: assessment.schema_version.as_ref().map(|v| v.to_string()),
        schema_version: run.schema_version.map(|v| v.to_string()),
        server_version: assessment.server_version.as_ref().map(|v| v.to_string()),
        target: target.map(|t| t.to_string()),
        applied: run.applied,
        plan: Vec::new(),
    })
}

/// One `migrate` run under the lock: what it works with and what it has committed.
struct Run<'a> {
    engine: &'a dyn Engine,
    set: &'a MigrationSet,
    installed_by: String,
    observer: &'a dyn MigrateObserver,
    /// The next installed rank to hand out (the lock is held: nobody else takes it).
    next_rank: i64,
    /// The pool's connection, held across versions that take the held path (see
    /// `held_path_applies`); given back before any version that needs the pool.
    session: Option<Session>,
    applied: Vec<AppliedReport>,
    schema_version: Option<Version>,
    /// The `STARTED` row of the next version, committed with the last transaction of
    /// the version before it (MySQL's held path).
    ahead: Option<AppliedVersion>,
}

impl Run<'_> {
    /// A version is committed: report it.
    fn record(&mut self, vm: &VersionMigration, report: AppliedReport) {
        self.observer.version_done(&vm.version, report.execution_ms);
        self.schema_version = Some(vm.version.clone()).max(self.schema_version.take());
        self.applied.push(report);
    }

    /// Runs one version in a transaction (or statement by statement) of its own.
    async fn apply(
        &mut self,
        vm: &VersionMigration,
        row: Option<&AppliedVersion>,
        journal: BTreeMap<JournalKey, String>,
        next: Option<&VersionMigration>,
    ) -> Result<()> {
        let ahead = self.ahead.take().filter(|a| a.version == vm.version);
        let (report, ahead) = apply_version(
            self.engine,
            self.set,
            vm,
            row,
            journal,
            &self.installed_by,
            &mut self.next_rank,
            self.observer,
            &mut self.session,
            Ahead { this: ahead, next },
        )
        .await?;
        self.ahead = ahead;
        self.record(vm, report);
        Ok(())
    }

    /// Commits the open group, if any (on failure: rolls it back and replays it).
    async fn close_group(&mut self, group: &mut Option<Group<'_>>) -> Result<()> {
        let Some(g) = group.take() else {
            return Ok(());
        };
        let s = self
            .session
            .as_mut()
            .expect("a group lives on the held session");
        match s.execute("COMMIT".to_string()).await {
            Ok(()) => {
                for (vm, _, report) in g.versions {
                    self.record(vm, report);
                }
                Ok(())
            }
            Err(_) => {
                let _ = s.execute("ROLLBACK".to_string()).await;
                self.replay(g).await
            }
        }
    }

    /// Runs a rolled-back group's versions again, one transaction each.
    async fn replay(&mut self, group: Group<'_>) -> Result<()> {
        self.next_rank = group.rank_before;
        for (vm, row, _) in group.versions {
            self.apply(vm, row, BTreeMap::new(), None).await?;
        }
        Ok(())
    }
}

/// Versions that ran inside one open transaction on the held session, not committed
/// yet. A group commits once it has been open for the engine's window, before a
/// version that cannot join it, and at the end of the run; until then nothing of it
/// is visible, and a crash loses it whole (the next run applies it again). Any error,
/// the `COMMIT`'s included, rolls the whole group back and its versions run again one
/// by one, each committing on its own, so that a failure is reported, and recorded,
/// exactly as without grouping.
struct Group<'s> {
    opened: Instant,
    /// The next installed rank when the group began, handed out again on a replay.
    rank_before: i64,
    versions: Vec<(
        &'s VersionMigration,
        Option<&'s AppliedVersion>,
        AppliedReport,
    )>,
}

/// Checks the gates (downgrade, drift, target, order) and picks the versions to run.
fn choose<'s>(
    engine: &dyn Engine,
    set: &'s MigrationSet,
    assessment: &Assessment,
    opts: &MigrateOptions,
) -> Result<(Option<Version>, Vec<&'s VersionMigration>)> {
    let server = assessment.server_version.clone();
    if let Some(newer) = assessment.newer_than_server() {
        return Err(Error::VersionMismatch(format!(
            "database {} has version {newer} recorded, newer than this dbshape's server version {}; \
             dbshape never writes to a database newer than itself: use a dbshape that knows version {newer}",
            engine.url().redacted(),
            server.map(|s| s.to_string()).unwrap_or_else(|| "(none)".into()),
        )));
    }
    let drifted: Vec<String> = assessment
        .entries
        .iter()
        .filter(|e| matches!(e.state, State::Changed | State::Missing))
        .map(|e| format!("{} ({})", e.version, e.state.as_str()))
        .collect();
    if !drifted.is_empty() {
        return Err(Error::Drift(format!(
            "applied versions differ from the migration set in {}: {}; run `dbshape validate` for details; \
             if the change is intended, record it with `dbshape repair --accept-checksums`",
            set.origin,
            drifted.join(", ")
        )));
    }
    let target = match &opts.target {
        Some(t) => {
            let known = set.get(t).ok_or_else(|| {
                Error::Config(format!(
                    "--to {t}: no such version in {} (known: {})",
                    set.origin,
                    set.versions
                        .iter()
                        .map(|v| v.version.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            if let Some(schema) = &assessment.schema_version {
                if &known.version < schema {
                    return Err(Error::VersionMismatch(format!(
                        "--to {t} is below the schema version {schema} of the database; dbshape does not downgrade"
                    )));
                }
            }
            Some(known.version.clone())
        }
        None => server,
    };
    let mut pending = Vec::new();
    let mut out_of_order = Vec::new();
    for e in assessment.pending() {
        if target.as_ref().is_some_and(|t| &e.version > t) {
            continue;
        }
        if e.state == State::OutOfOrder {
            out_of_order.push(e.version.to_string());
        }
        if let Some(vm) = set.get(&e.version) {
            pending.push(vm);
        }
    }
    if !out_of_order.is_empty() && !opts.allow_out_of_order {
        return Err(Error::Pending(format!(
            "version(s) {} are not applied but lower than the schema version {}; \
             apply them with `dbshape migrate --allow-out-of-order` if they are independent of later versions",
            out_of_order.join(", "),
            assessment
                .schema_version
                .as_ref()
                .map(|v| v.to_string())
                .unwrap_or_default()
        )));
    }
    Ok((target, pending))
}

/// A run of steps sharing one transaction, or running statement by statement.
enum Segment<'a> {
    Transaction(Vec<(&'a Step, Vec<Statement>)>),
    Autocommit(Vec<(&'a Step, Vec<Statement>)>),
}

/// Where a failure happened, for the error message.
struct Failure {
    file: String,
    index: usize,
    line: usize,
    statement: String,
    message: String,
}

/// MySQL's `STARTED` rows written one version ahead (see `run_version_held_mysql`).
struct Ahead<'a> {
    /// This version's `STARTED` row, already committed by the version before it.
    this: Option<AppliedVersion>,
    /// The next version, whose `STARTED` row this version's last transaction writes.
    next: Option<&'a VersionMigration>,
}

/// Runs one version; returns its report and, on MySQL's held path, the next version's
/// `STARTED` row that was committed with it.
#[allow(clippy::too_many_arguments)]
async fn apply_version(
    engine: &dyn Engine,
    set: &MigrationSet,
    vm: &VersionMigration,
    row: Option<&AppliedVersion>,
    journal: BTreeMap<JournalKey, String>,
    installed_by: &str,
    next_rank: &mut i64,
    observer: &dyn MigrateObserver,
    session: &mut Option<Session>,
    ahead: Ahead<'_>,
) -> Result<(AppliedReport, Option<AppliedVersion>)> {
    let started = Instant::now();
    let mut journal = journal;
    if engine.transactional_ddl() {
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
                .map_err(|e| {
                    crate::engine::db_error(engine, "cannot reset the statement journal", &e)
                })?;
                journal.retain(|(f, _), _| f != &step.name);
            }
        }
    }
    let mut prepared = Vec::new();
    for step in &vm.steps {
        prepared.push((step, step.statements(set.dialect)?));
    }
    check_journal(vm, &prepared, &journal)?;
    let session_changes = changes_session(&prepared);
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
    observer.version_started(vm, total, journal.len());

    let transactional = engine.transactional_ddl();
    let mut segments: Vec<Segment> = Vec::new();
    for (step, statements) in prepared {
        let auto = !transactional || step.no_transaction();
        match (segments.last_mut(), auto) {
            (Some(Segment::Autocommit(v)), true) | (Some(Segment::Transaction(v)), false) => {
                v.push((step, statements))
            }
            (_, true) => segments.push(Segment::Autocommit(vec![(step, statements)])),
            (_, false) => segments.push(Segment::Transaction(vec![(step, statements)])),
        }
    }

    let db = engine.db();
    let started_ahead = ahead.this.is_some();
    let mut record = match ahead.this {
        Some(r) => r,
        None => new_record(vm, row, installed_by, next_rank),
    };
    let single_transaction = matches!(segments.as_slice(), [Segment::Transaction(_)] | []);

    // The held path: the caller checked `held_path_applies` and holds the connection.
    let mut held_failure = None;
    let mut skip_batched = false;
    if let Some(s) = session.as_mut() {
        let all: Vec<(&Step, Vec<Statement>)> = segments
            .iter()
            .flat_map(|seg| match seg {
                Segment::Transaction(v) | Segment::Autocommit(v) => v.iter().cloned(),
            })
            .collect();
        let mut next = None;
        let held = if transactional {
            run_version_held_tx(s, engine, vm, &all, &mut record, started, true)
                .await
                .map_err(|_| None)
        } else {
            next = ahead
                .next
                .map(|n| new_record(n, None, installed_by, next_rank));
            let rows = HeldRows {
                started_ahead,
                next: next.as_ref(),
            };
            run_version_held_mysql(s, engine, vm, &all, &mut record, rows, started, observer)
                .await
                .map_err(Some)
        };
        match held {
            Ok(n) => {
                if transactional {
                    for _ in 0..n {
                        observer.statement_done();
                    }
                }
                let report = AppliedReport {
                    version: vm.version.to_string(),
                    description: vm.description.clone(),
                    execution_ms: record.execution_ms.max(0) as u64,
                    statements: n,
                    resumed_after: 0,
                };
                return Ok((report, next));
            }
            // Rolled back: the statement-by-statement path below runs the version again
            // over the pool to find and report the failing statement.
            Err(None) => skip_batched = true,
            Err(Some(f)) => held_failure = Some(f),
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
        changelog::upsert(db, &engine.baseline().own, &record)
            .await
            .map_err(|e| crate::engine::db_error(engine, "cannot write the change log", &e))?;
    }
    // The statement that was in flight when an earlier run died may have committed
    // (MySQL DDL) before it was journaled; only that one may report "already there".
    let mut may_be_applied = row.is_some_and(|r| r.status == Status::Started);
    let mut executed = 0usize;
    let last = segments.len().saturating_sub(1);

    let outcome: std::result::Result<(), Failure> = async {
        if let Some(f) = held_failure {
            return Err(f);
        }
        if segments.is_empty() {
            record.status = Status::Completed;
            record.execution_ms = started.elapsed().as_millis() as u64 as i64;
            return changelog::upsert(db, &engine.baseline().own, &record)
                .await
                .map_err(|e| fail_plain(engine, "change log", &e));
        }
        for (i, segment) in segments.iter().enumerate() {
            match segment {
                Segment::Transaction(steps) => {
                    // Fast path: the whole segment as one multi-statement call, its
                    // journal as one INSERT. On any error everything rolls back and the
                    // statement-by-statement path below runs it again to find and
                    // report the failing statement.
                    if !skip_batched && fast_path_applies(steps, &journal) {
                        let done =
                            run_segment_batched(engine, vm, steps, i == last, &mut record, started)
                                .await;
                        if let Ok(n) = done {
                            executed += n;
                            for _ in 0..n {
                                observer.statement_done();
                            }
                            continue;
                        }
                    }
                    let txn = db
                        .begin()
                        .await
                        .map_err(|e| fail_plain(engine, "BEGIN", &e))?;
                    let run = async {
                        for (step, statements) in steps {
                            executed += run_step(
                                engine,
                                &txn,
                                vm,
                                step,
                                statements,
                                &journal,
                                false,
                                &mut may_be_applied,
                                observer,
                            )
                            .await?;
                        }
                        if i == last {
                            reset_session(&txn, engine, session_changes)
                                .await
                                .map_err(|e| fail_plain(engine, "session reset", &e))?;
                            record.status = Status::Completed;
                            record.execution_ms = started.elapsed().as_millis() as u64 as i64;
                            changelog::upsert(&txn, &engine.baseline().own, &record)
                                .await
                                .map_err(|e| fail_plain(engine, "change log", &e))?;
                        }
                        Ok(())
                    }
                    .await;
                    match run {
                        Ok(()) => txn
                            .commit()
                            .await
                            .map_err(|e| fail_plain(engine, "COMMIT", &e))?,
                        Err(f) => {
                            let _ = txn.rollback().await;
                            return Err(f);
                        }
                    }
                }
                Segment::Autocommit(steps) => {
                    for (step, statements) in steps {
                        executed += run_step(
                            engine,
                            db,
                            vm,
                            step,
                            statements,
                            &journal,
                            !transactional,
                            &mut may_be_applied,
                            observer,
                        )
                        .await?;
                    }
                    if i == last {
                        record.status = Status::Completed;
                        record.execution_ms = started.elapsed().as_millis() as u64 as i64;
                        changelog::upsert(db, &engine.baseline().own, &record)
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
    let reset = reset_session(db, engine, session_changes).await;

    match outcome {
        Ok(()) => {
            reset.map_err(|e| crate::engine::db_error(engine, "cannot reset the session", &e))?;
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
            record.status = Status::Failed;
            record.execution_ms = started.elapsed().as_millis() as u64 as i64;
            let mark = changelog::upsert(db, &engine.baseline().own, &record).await;
            let mut resume = String::new();
            if !transactional || !single_transaction {
                let done = changelog::read_journal(engine, &vm.version)
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
            Err(Error::MigrationFailed(Box::new(
                crate::error::MigrationFailure {
                    version: vm.version.to_string(),
                    file: f.file,
                    index: f.index,
                    line: f.line,
                    statement: truncate(&f.statement, 4000),
                    message: f.message,
                    resume,
                },
            )))
        }
    }
}

/// Runs one step's statements (or its Rust code) on `conn`, skipping journaled ones.
/// `own_transaction`: wrap each statement and its journal row in a transaction (MySQL,
/// so that DML and its journal row commit together).
#[allow(clippy::too_many_arguments)]
async fn run_step<C>(
    engine: &dyn Engine,
    conn: &C,
    vm: &VersionMigration,
    step: &Step,
    statements: &[Statement],
    journal: &BTreeMap<JournalKey, String>,
    own_transaction: bool,
    may_be_applied: &mut bool,
    observer: &dyn MigrateObserver,
) -> std::result::Result<usize, Failure>
where
    C: ConnectionTrait,
    for<'x> &'x C: sea_orm::IntoDatabaseExecutor<'x>,
{
    let mut executed = 0;
    if let StepBody::Rust { index, checksum } = &step.body {
        if journal.contains_key(&(step.name.clone(), 1)) {
            return Ok(0);
        }
        let migrations = migration::migrations();
        let Some(m) = migrations.get(*index) else {
            return Err(Failure {
                file: step.display.clone(),
                index: 1,
                line: 0,
                statement: String::new(),
                message: "the Rust migration is not compiled into this binary".into(),
            });
        };
        let rust_fail = |e: DbErr| Failure {
            file: step.display.clone(),
            index: 1,
            line: 0,
            statement: format!("(Rust migration {})", m.migration.name()),
            message: scrub(&describe_db_err(&e), engine.url()),
        };
        // On MySQL the step is idempotent by contract and journaled once it is done; on
        // the other engines it runs inside the version's transaction.
        m.migration
            .up(&SchemaManager::new(conn))
            .await
            .map_err(rust_fail)?;
        changelog::journal(
            conn,
            &engine.baseline().own,
            &vm.version,
            &step.name,
            1,
            checksum,
        )
        .await
        .map_err(rust_fail)?;
        observer.statement_done();
        return Ok(1);
    }
    for st in statements {
        let index = st.index;
        if journal.contains_key(&(step.name.clone(), index as i64)) {
            continue;
        }
        let sum = statement_checksum(&st.sql);
        let fail = |e: &DbErr| Failure {
            file: step.display.clone(),
            index,
            line: st.line,
            statement: st.sql.clone(),
            message: scrub(&describe_db_err(e), engine.url()),
        };
        // DDL commits on its own on MySQL; wrapping it in BEGIN/COMMIT only costs round
        // trips. DML and its journal row go in one transaction.
        let result: std::result::Result<(), DbErr> = if own_transaction {
            // MySQL: the statement and its journal row travel in ONE multi-statement
            // call (the server stops at the first error, so a failed statement is never
            // journaled). DML and its journal row share a transaction; DDL commits on
            // its own anyway.
            let journal_row = changelog::journal_sql(
                sea_orm::DbBackend::MySql,
                &engine.baseline().own,
                &vm.version,
                &step.name,
                index as i64,
                &sum,
            );
            let db = engine.db();
            if is_ddl(&st.sql) {
                db.execute_unprepared(&format!("{}\n{journal_row}", st.terminated()))
                    .await
                    .map(|_| ())
            } else {
                let r = db
                    .execute_unprepared(&format!(
                        "START TRANSACTION;\n{}\n{journal_row};\nCOMMIT",
                        st.terminated()
                    ))
                    .await
                    .map(|_| ());
                if r.is_err() {
                    let _ = db.execute_unprepared("ROLLBACK").await;
                }
                r
            }
        } else {
            match conn
                .execute_unprepared(&format!("{}{}", st.sql, st.trailing))
                .await
            {
                Ok(_) => {
                    changelog::journal(
                        conn,
                        &engine.baseline().own,
                        &vm.version,
                        &step.name,
                        index as i64,
                        &sum,
                    )
                    .await
                }
                Err(e) => Err(e),
            }
        };
        match result {
            Ok(()) => {}
            Err(e) if *may_be_applied && engine.is_already_applied_error(&e) => {
                // It committed before the earlier run could journal it.
                changelog::journal(
                    conn,
                    &engine.baseline().own,
                    &vm.version,
                    &step.name,
                    index as i64,
                    &sum,
                )
                .await
                .map_err(|e| fail(&e))?;
            }
            Err(e) => return Err(fail(&e)),
        }
        *may_be_applied = false;
        executed += 1;
        observer.statement_done();
    }
    Ok(executed)
}

/// Whether the journal of an unfinished run still matches the version's files.
pub(crate) fn journal_matches(
    set: &MigrationSet,
    vm: &VersionMigration,
    journal: &BTreeMap<JournalKey, String>,
) -> Result<bool> {
    let mut prepared = Vec::new();
    for step in &vm.steps {
        prepared.push((step, step.statements(set.dialect)?));
    }
    Ok(check_journal(vm, &prepared, journal).is_ok())
}

/// The batched path needs plain SQL steps with nothing journaled yet.
fn fast_path_applies(
    steps: &[(&Step, Vec<Statement>)],
    journal: &BTreeMap<JournalKey, String>,
) -> bool {
    steps
        .iter()
        .all(|(s, _)| matches!(s.body, StepBody::Sql { .. }))
        && !steps
            .iter()
            .any(|(s, _)| journal.keys().any(|(f, _)| f == &s.name))
}

/// Runs a transactional segment in one transaction with one call for all its
/// statements; returns how many ran. Any error rolls the transaction back.
async fn run_segment_batched(
    engine: &dyn Engine,
    vm: &VersionMigration,
    steps: &[(&Step, Vec<Statement>)],
    last: bool,
    record: &mut AppliedVersion,
    started: Instant,
) -> std::result::Result<usize, DbErr> {
    let mut batch = String::new();
    let mut rows = Vec::new();
    for (step, statements) in steps {
        for st in statements {
            batch.push_str(&st.terminated());
            batch.push('\n');
            rows.push((
                step.name.clone(),
                st.index as i64,
                statement_checksum(&st.sql),
            ));
        }
    }
    if last {
        record.status = Status::Completed;
    }
    let backend = engine.db().get_database_backend();
    let elapsed = changelog::elapsed_sql(backend, unix_ms(started), 0);
    push_reset(&mut batch, engine, steps);
    // Statements, journal rows and the change-log row: one call inside the transaction.
    batch.push_str(&changelog::batch_tail_sql(
        backend,
        &engine.baseline().own,
        &vm.version,
        &rows,
        last.then_some((&*record, elapsed.as_str())),
    ));
    let txn = engine.db().begin().await?;
    let result = txn.execute_unprepared(&batch).await.map(|_| ());
    match result {
        Ok(()) => {
            txn.commit().await?;
            record.execution_ms = started.elapsed().as_millis() as i64;
            Ok(rows.len())
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

/// Whether a version can run over a held connection (a [`Session`]): plain SQL files
/// only, nothing of it journaled by an earlier run, and
/// - on PostgreSQL and SQLite, no `-- dbshape:no-transaction` file: the version is one
///   transaction;
/// - on MySQL, no change-log row yet: a `STARTED` or `FAILED` row means an earlier run
///   died or failed part-way, and the statement-by-statement path handles what that
///   run may have left (a DDL statement committed but not journaled).
///
/// Everything else (Rust steps, resumed runs, no-transaction files) goes through the pool.
fn held_path_applies(
    engine: &dyn Engine,
    vm: &VersionMigration,
    row: Option<&AppliedVersion>,
    journal: &BTreeMap<JournalKey, String>,
) -> bool {
    let plain = vm
        .steps
        .iter()
        .all(|s| matches!(s.body, StepBody::Sql { .. }));
    plain
        && journal.is_empty()
        && if engine.transactional_ddl() {
            !vm.steps.iter().any(|s| s.no_transaction())
        } else {
            row.is_none()
        }
}

/// PostgreSQL and SQLite: the whole version as ONE call over the held connection:
/// `BEGIN`, its statements, its journal rows, its change-log row, `COMMIT`. The
/// engine stops at the first error; the transaction is then rolled back and the error
/// returned (the caller re-runs the version statement by statement to report which
/// statement failed). Returns how many statements ran.
///
/// The `COMMIT` travels with the statements, so a client killed while the server
/// still works on the call may leave the version committed, whole, with its
/// change-log row: never a part of it.
async fn run_version_held_tx(
    session: &mut Session,
    engine: &dyn Engine,
    vm: &VersionMigration,
    steps: &[(&Step, Vec<Statement>)],
    record: &mut AppliedVersion,
    started: Instant,
    own_transaction: bool,
) -> std::result::Result<usize, DbErr> {
    let mut batch = String::from(if own_transaction { "BEGIN;\n" } else { "" });
    let mut rows = Vec::new();
    for (step, statements) in steps {
        for st in statements {
            batch.push_str(&st.terminated());
            batch.push('\n');
            rows.push((
                step.name.clone(),
                st.index as i64,
                statement_checksum(&st.sql),
            ));
        }
    }
    record.status = Status::Completed;
    let backend = engine.db().get_database_backend();
    let elapsed = changelog::elapsed_sql(backend, unix_ms(started), 0);
    push_reset(&mut batch, engine, steps);
    batch.push_str(&changelog::batch_tail_sql(
        backend,
        &engine.baseline().own,
        &vm.version,
        &rows,
        Some((&*record, elapsed.as_str())),
    ));
    if own_transaction {
        batch.push_str("COMMIT");
    }
    match session.execute(batch).await {
        Ok(()) => {
            record.execution_ms = started.elapsed().as_millis() as i64;
            Ok(rows.len())
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

/// One version inside the open group's transaction (see [`Group`]): its statements,
/// journal rows and change-log row in one call, no `BEGIN`/`COMMIT` of its own. On an
/// error the caller rolls the group back.
#[allow(clippy::too_many_arguments)]
async fn run_version_grouped(
    session: &mut Session,
    engine: &dyn Engine,
    set: &MigrationSet,
    vm: &VersionMigration,
    row: Option<&AppliedVersion>,
    installed_by: &str,
    next_rank: &mut i64,
    observer: &dyn MigrateObserver,
) -> Result<AppliedReport> {
    let started = Instant::now();
    let mut steps = Vec::new();
    for step in &vm.steps {
        steps.push((step, step.statements(set.dialect)?));
    }
    let total = steps.iter().map(|(_, st)| st.len()).sum();
    observer.version_started(vm, total, 0);
    let mut record = new_record(vm, row, installed_by, next_rank);
    let n = run_version_held_tx(session, engine, vm, &steps, &mut record, started, false)
        .await
        .map_err(|e| crate::engine::db_error(engine, "version failed inside a group", &e))?;
    for _ in 0..n {
        observer.statement_done();
    }
    Ok(AppliedReport {
        version: vm.version.to_string(),
        description: vm.description.clone(),
        execution_ms: record.execution_ms.max(0) as u64,
        statements: n,
        resumed_after: 0,
    })
}

/// The change-log row of a version about to run; a new version takes the next rank
/// (the lock is held: ranks handed out here are not taken by anyone else).
fn new_record(
    vm: &VersionMigration,
    row: Option<&AppliedVersion>,
    installed_by: &str,
    next_rank: &mut i64,
) -> AppliedVersion {
    let installed_rank = match row {
        Some(r) => r.installed_rank,
        None => {
            *next_rank += 1;
            *next_rank - 1
        }
    };
    AppliedVersion {
        version: vm.version.clone(),
        installed_rank,
        description: vm.description.clone(),
        checksum: vm.checksum.clone(),
        status: Status::Started,
        installed_on: Utc::now().naive_utc(),
        execution_ms: 0,
        installed_by: installed_by.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// MySQL: the version statement by statement over the held connection, each statement
/// in ONE call with its journal row (DML and its journal row in one transaction; DDL
/// commits on its own, its journal row right after). The first call also carries the
/// `STARTED` change-log row, which must be committed before any DDL runs (a re-run
/// takes "already exists" for done only on a `STARTED` version): before a first DDL
/// statement it commits on its own, before a first DML statement it joins that
/// statement's transaction (nothing of the version commits before it). The last call
/// carries the `COMPLETED` row, in one transaction with the last journal row. A
/// version of a single plain DML statement needs no `STARTED` row: the statement, its
/// journal row and the `COMPLETED` row commit together or not at all.
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
#[allow(clippy::too_many_arguments)]
async fn run_version_held_mysql(
    session: &mut Session,
    engine: &dyn Engine,
    vm: &VersionMigration,
    steps: &[(&Step, Vec<Statement>)],
    record: &mut AppliedVersion,
    rows: HeldRows<'_>,
    started: Instant,
    observer: &dyn MigrateObserver,
) -> std::result::Result<usize, Failure> {
    let backend = sea_orm::DbBackend::MySql;
    let statements: Vec<(&Step, usize, &Statement)> = steps
        .iter()
        .flat_map(|(step, sts)| sts.iter().map(move |st| (*step, st.index, st)))
        .collect();
    let mut pending_started = !rows.started_ahead
        && match statements.as_slice() {
            [(_, _, st)] => !is_plain_dml(&st.sql),
            [] => false,
            _ => true,
        };
    // Joins the last transaction: the next version's `STARTED` row.
    let next_row = rows
        .next
        .map(|n| {
            format!(
                ";\n{}",
                changelog::upsert_sql(backend, &engine.baseline().own, n)
            )
        })
        .unwrap_or_default();
    let mut executed = 0;
    if statements.is_empty() {
        record.status = Status::Completed;
        record.execution_ms = started.elapsed().as_millis() as u64 as i64;
        let sql = format!(
            "START TRANSACTION;\n{}{next_row};\nCOMMIT",
            changelog::upsert_sql(backend, &engine.baseline().own, record)
        );
        return match session.execute(sql).await {
            Ok(()) => Ok(0),
            Err(e) => Err(fail_plain(engine, "change log", &e)),
        };
    }
    let last = statements.len() - 1;
    for (n, (step, index, st)) in statements.iter().enumerate() {
        let mut call = String::new();
        let started_row = if std::mem::take(&mut pending_started) {
            format!(
                "{};\n",
                changelog::upsert_sql(backend, &engine.baseline().own, record)
            )
        } else {
            String::new()
        };
        let sum = statement_checksum(&st.sql);
        let journal_row = changelog::journal_sql(
            backend,
            &engine.baseline().own,
            &vm.version,
            &step.name,
            *index as i64,
            &sum,
        );
        let ddl = is_ddl(&st.sql);
        if ddl {
            call.push_str(&started_row);
        } else {
            call.push_str("START TRANSACTION;\n");
            call.push_str(&started_row);
        }
        call.push_str(&st.terminated());
        call.push('\n');
        if n == last {
            record.status = Status::Completed;
            // The last call measures itself (see `changelog::elapsed_sql`).
            call.insert_str(0, "SET @dbshape_t0 = SYSDATE(6);\n");
            let elapsed = changelog::elapsed_sql(backend, 0, started.elapsed().as_millis() as i64);
            if ddl {
                call.push_str("START TRANSACTION;\n");
            }
            call.push_str(&journal_row);
            call.push_str(";\n");
            call.push_str(&changelog::upsert_sql_timed(
                backend,
                &engine.baseline().own,
                record,
                &elapsed,
            ));
            call.push_str(&next_row);
            call.push_str(";\nCOMMIT");
        } else if ddl {
            call.push_str(&journal_row);
        } else {
            call.push_str(&journal_row);
            call.push_str(";\nCOMMIT");
        }
        if let Err(e) = session.execute(call).await {
            // Ends a DML statement's transaction left open by the error.
            let _ = session.execute("ROLLBACK".to_string()).await;
            if changes_session(steps) {
                let _ = session.execute(engine.baseline().reset.clone()).await;
            }
            record.status = Status::Started;
            return Err(Failure {
                file: step.display.clone(),
                index: *index,
                line: st.line,
                statement: st.sql.clone(),
                message: scrub(&describe_db_err(&e), engine.url()),
            });
        }
        executed += 1;
        observer.statement_done();
    }
    record.execution_ms = started.elapsed().as_millis() as i64;
    if changes_session(steps) {
        // The version is committed: a failing reset is the connection's failure, which
        // the next version (or the end of the run) reports.
        let _ = session.execute(engine.baseline().reset.clone()).await;
    }
    Ok(executed)
}

/// The change-log rows `run_version_held_mysql` writes besides the version's own.
struct HeldRows<'a> {
    /// The version's `STARTED` row is already committed (by the version before it).
    started_ahead: bool,
    /// The next version's `STARTED` row, to commit with this version's last statement.
    next: Option<&'a AppliedVersion>,
}

/// Whether a statement of the version may change its session (see
/// [`control::may_change_session`](crate::migrate::control::may_change_session)).
fn changes_session(steps: &[(&Step, Vec<Statement>)]) -> bool {
    steps.iter().any(|(_, sts)| {
        sts.iter()
            .any(|st| crate::migrate::control::may_change_session(&st.sql))
    })
}

/// Appends the engine's session reset to a version's batch, after its statements and
/// before its journal and change-log rows, when the version may have changed the
/// session (see [`crate::engine::baseline`]).
fn push_reset(batch: &mut String, engine: &dyn Engine, steps: &[(&Step, Vec<Statement>)]) {
    let reset = &engine.baseline().reset;
    if !reset.is_empty() && changes_session(steps) {
        batch.push_str(reset);
        batch.push_str(";\n");
    }
}

/// Puts the session back as it was after connecting, when the version may have changed
/// it; used where the version's own call could not carry the reset (MySQL, failures).
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

/// The wall-clock time, in ms since the Unix epoch, of an `Instant` in the past.
fn unix_ms(at: Instant) -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    now.saturating_sub(at.elapsed()).as_millis() as i64
}

/// Whether a statement is plain DML (`INSERT`, `UPDATE`, `DELETE`, `REPLACE`), which
/// MySQL runs inside a transaction, judged by its first keyword.
fn is_plain_dml(sql: &str) -> bool {
    matches!(
        first_keyword(sql).as_str(),
        "INSERT" | "UPDATE" | "DELETE" | "REPLACE"
    )
}

/// Whether a statement is DDL (MySQL commits it implicitly anyway), judged by its first
/// keyword after leading comments.
fn is_ddl(sql: &str) -> bool {
    matches!(
        first_keyword(sql).as_str(),
        "CREATE" | "ALTER" | "DROP" | "RENAME" | "TRUNCATE"
    )
}

/// The first keyword of a statement after leading comments, in upper case.
fn first_keyword(sql: &str) -> String {
    let mut rest = sql.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("--").or_else(|| rest.strip_prefix('#')) {
            rest = r
                .split_once('\n')
                .map(|(_, b)| b)
                .unwrap_or("")
                .trim_start();
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r
                .split_once("*/")
                .map(|(_, b)| b)
                .unwrap_or("")
                .trim_start();
        } else {
            break;
        }
    }
    rest.chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Journaled statements must still be the statements of the files.
fn check_journal(
    vm: &VersionMigration,
    prepared: &[(&Step, Vec<Statement>)],
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

fn fail_plain(engine: &dyn Engine, what: &str, e: &DbErr) -> Failure {
    Failure {
        file: format!("({what})"),
        index: 0,
        line: 0,
        statement: String::new(),
        message: scrub(&describe_db_err(e), engine.url()),
    }
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

    /// Guards: the MySQL held path wraps DML in a transaction and lets DDL commit alone.
    #[test]
    fn statement_kind_is_read_after_leading_comments() {
        assert!(is_ddl("-- c\n/* x */ create table t (id int)"));
        assert!(is_ddl("# c\nALTER TABLE t ADD c INT"));
        assert!(!is_ddl("INSERT INTO t VALUES (1)"));
        assert!(is_plain_dml("/* a */ insert into t values (1)"));
        assert!(is_plain_dml("REPLACE INTO t VALUES (1)"));
        assert!(!is_plain_dml("CALL p()"));
        assert!(!is_plain_dml("GRANT SELECT ON t TO u"));
    }
}
