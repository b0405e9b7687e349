//! The engine-neutral migrator: plan, lock, apply each pending version, record it.
//!
//! This file holds the run: the dry run, the gates (downgrade, drift, target, order),
//! the loop over the pending versions with its lock checks, the groups of versions
//! that share a transaction, and the report. How one version is applied is in
//! `migrate/apply.rs` (segments, journal, `STARTED`/`COMPLETED`/`FAILED`) and
//! `migrate/held.rs` (the versions that run on the held connection); the report
//! and observer types are in [`report`](super::report) and re-exported here.
//!
//! No state ever needs hand repair: a run that dies leaves its versions either whole,
//! absent, or `STARTED` with a journal of what ran, and the next `migrate` finishes
//! the job.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use sea_orm::ConnectionTrait;

use crate::engine::{db_error, Engine, Session};
use crate::error::{Error, Result};
use crate::fault;
pub(crate) use crate::migrate::apply::journal_matches;
use crate::migrate::apply::{apply_version, Ahead};
use crate::migrate::changelog::{self, AppliedVersion, JournalKey};
use crate::migrate::held;
use crate::migrate::job::{Context, Pending};
use crate::migrate::lock;
use crate::migrate::plan::{Assessment, State};
pub use crate::migrate::report::{
    AppliedReport, DryRunStep, DryRunVersion, ElidedStatement, MigrateObserver, MigrateReport,
    Quiet,
};
use crate::migrate::set::{MigrationSet, StepBody, VersionMigration};
use crate::version::Version;

/// What `migrate` was asked to do.
#[derive(Debug, Clone)]
pub struct MigrateOptions {
    /// Stop at this version (default: the server version).
    pub to: Option<Version>,
    /// Print the SQL, change nothing.
    pub dry_run: bool,
    /// Apply versions lower than the schema version that were skipped.
    pub allow_out_of_order: bool,
    /// How long to wait for another migrator.
    pub lock_timeout: Duration,
}

/// Applies pending versions (or prints them with `dry_run`).
pub async fn migrate(
    engine: &dyn Engine,
    set: &MigrationSet,
    opts: &MigrateOptions,
    observer: &dyn MigrateObserver,
) -> Result<MigrateReport> {
    let started = Instant::now();
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
            duration_ms: started.elapsed().as_millis() as u64,
        });
    }

    lock::acquire(engine, opts.lock_timeout, &|h| observer.lock_waiting(h)).await?;
    let result = migrate_locked(engine, set, opts, observer).await;
    // The server frees the lock when the session ends anyway; unlock early for waiters.
    let _ = engine.unlock().await;
    result.map(|mut report| {
        report.duration_ms = started.elapsed().as_millis() as u64;
        report
    })
}

pub(crate) async fn migrate_locked(
    engine: &dyn Engine,
    set: &MigrationSet,
    opts: &MigrateOptions,
    observer: &dyn MigrateObserver,
) -> Result<MigrateReport> {
    let report = match engine.migration_session() {
        None => run_pending(engine, set, opts, observer).await?,
        Some((enter, leave)) => {
            engine
                .db()
                .execute_unprepared(enter)
                .await
                .map_err(|e| db_error(engine, "cannot prepare the session", &e))?;
            let result = run_pending(engine, set, opts, observer).await;
            let left = engine.db().execute_unprepared(leave).await;
            let report = result?;
            left.map_err(|e| db_error(engine, "cannot restore the session", &e))?;
            report
        }
    };
    record_shape(engine, &report).await?;
    Ok(report)
}

/// Records the shape of the version a run that applied something ended on (see
/// `shape_log`), still under the lock.
async fn record_shape(engine: &dyn Engine, report: &MigrateReport) -> Result<()> {
    let Some(version) = report.schema_version.as_deref() else {
        return Ok(());
    };
    if report.applied.is_empty() {
        return Ok(());
    }
    let version = Version::parse(version).map_err(|e| Error::Config(e.to_string()))?;
    // A failure here (a lost connection, say) is reported as itself. The versions stay
    // committed; with no shape recorded (nor shipped) the version shows as `not recorded`
    // until a run records one, or `repair --accept-shape`.
    let shape = engine.shape().await?;
    super::shape_log::record(engine, &version, &shape, false).await?;
    Ok(())
}

/// Applies the pending versions (the lock is held, the session prepared).
async fn run_pending<'s>(
    engine: &dyn Engine,
    set: &'s MigrationSet,
    opts: &MigrateOptions,
    observer: &dyn MigrateObserver,
) -> Result<MigrateReport> {
    let started = Instant::now();
    fault::point("migrate.locked", "");
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
    let ctx = Context {
        engine,
        set,
        observer,
        installed_by: engine.current_user().await?,
    };
    let mut journals = changelog::read_open_journals(engine).await?;
    let next_rank = changelog::next_rank(engine.db(), &engine.baseline().own)
        .await
        .map_err(|e| db_error(engine, "cannot read the change log", &e))?;
    let mut run = Run {
        ctx,
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
    let pending_at = |vm: &'s VersionMigration| Pending {
        vm,
        row: rows.get(&vm.version).copied(),
    };
    for (i, vm) in pending.iter().copied().enumerate() {
        let journal = journals.remove(&vm.version.to_string()).unwrap_or_default();
        let this = pending_at(vm);
        // Without transactional DDL: the version after this one, when it too takes the
        // held path, gets its `STARTED` row in this version's last transaction (see
        // `held::run`).
        let next = pending.get(i + 1).copied().filter(|n| {
            !engine.transactional_ddl()
                && held::applies(
                    engine,
                    pending_at(n),
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
        if held::applies(engine, this, &journal) {
            if run.session.is_none() {
                let mut s = Session::acquire(engine.db())
                    .await
                    .map_err(|e| db_error(engine, "cannot take the database connection", &e))?;
                // Checked once per held session: its connection cannot change under it.
                if !engine.lock_is_held_on(&mut s).await? {
                    return Err(lost());
                }
                run.session = Some(s);
            }
            if let Some(window) = window {
                let s = run.session.as_mut().expect("held above");
                if group.is_none() {
                    s.execute(engine.begin_sql().to_string())
                        .await
                        .map_err(|e| db_error(engine, "cannot begin a transaction", &e))?;
                    group = Some(Group {
                        opened: Instant::now(),
                        rank_before: run.next_rank,
                        versions: Vec::new(),
                    });
                }
                let g = group.as_mut().expect("opened above");
                match held::run_grouped(&run.ctx, s, this, &mut run.next_rank).await {
                    Ok(report) => g.versions.push((this, report)),
                    Err(_) => {
                        // Rolled back with the versions before it in the group; they run
                        // again one by one, then this one, which reports its failure.
                        let mut g = group.take().expect("opened above");
                        let _ = s.execute("ROLLBACK".to_string()).await;
                        g.versions.push((this, AppliedReport::default()));
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
        run.apply(this, journal, next).await?;
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
        duration_ms: started.elapsed().as_millis() as u64,
    })
}

/// One `migrate` run under the lock: what it works with and what it has committed.
struct Run<'a> {
    ctx: Context<'a>,
    /// The next installed rank to hand out (the lock is held: nobody else takes it).
    next_rank: i64,
    /// The pool's connection, held across versions that take the held path (see
    /// [`held::applies`]); given back before any version that needs the pool.
    session: Option<Session>,
    applied: Vec<AppliedReport>,
    schema_version: Option<Version>,
    /// The `STARTED` row of the next version, committed with the last transaction of
    /// the version before it (the held path without transactional DDL).
    ahead: Option<AppliedVersion>,
}

impl Run<'_> {
    /// A version is committed: report it.
    fn record(&mut self, vm: &VersionMigration, report: AppliedReport) {
        self.ctx
            .observer
            .version_done(&vm.version, report.execution_ms);
        fault::point("migrate.applied", &vm.version);
        self.schema_version = Some(vm.version.clone()).max(self.schema_version.take());
        self.applied.push(report);
    }

    /// Runs one version in a transaction (or statement by statement) of its own.
    async fn apply(
        &mut self,
        pending: Pending<'_>,
        journal: BTreeMap<JournalKey, String>,
        next: Option<&VersionMigration>,
    ) -> Result<()> {
        let vm = pending.vm;
        let this = self.ahead.take().filter(|a| a.version == vm.version);
        let (report, ahead) = apply_version(
            &self.ctx,
            pending,
            journal,
            &mut self.next_rank,
            &mut self.session,
            Ahead { this, next },
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
                for (p, report) in g.versions {
                    self.record(p.vm, report);
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
        for (p, _) in group.versions {
            self.apply(p, BTreeMap::new(), None).await?;
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
    versions: Vec<(Pending<'s>, AppliedReport)>,
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
            "database {} has version {newer} recorded, newer than this program's server version {}; \
             a database newer than the program is never written to: use a release that knows version {newer}",
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
    let target = match &opts.to {
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
