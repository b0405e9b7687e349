//! The migration commands as library operations: `info`, `validate`, `repair`,
//! `baseline`, `check-connection`, `drop-create`. Each returns a serializable report;
//! the CLI only renders it. Writers take the migration lock like `migrate` does.

use chrono::Utc;
use serde::Serialize;

use crate::engine::{db_error, Engine};
use crate::error::{exit, Error, Result};
use crate::migrate::changelog::{self, AppliedVersion, Status};
use crate::migrate::lock;
use crate::migrate::plan::{Assessment, State};
use crate::migrate::runner::{self, MigrateObserver, MigrateOptions, MigrateReport};
use crate::migrate::set::MigrationSet;
use crate::migrate::shape_check::{self, ShapeCheck, ShapeState};
use crate::version::Version;

/// One version in `info`.
#[derive(Debug, Clone, Serialize)]
pub struct VersionInfo {
    /// The version, as the set or the change log writes it.
    pub version: String,
    /// The recorded description, else the set's (the first comment line of its SQL).
    pub description: String,
    /// `COMPLETED`, `FAILED`, `STARTED` or `PENDING`.
    pub status: String,
    /// The recorded checksum (SHA-256, hex) if the version has a change-log row, else the
    /// set's.
    pub checksum: String,
    /// When its last run started, UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`; `None` without a
    /// change-log row.
    pub installed_on: Option<String>,
    /// Milliseconds its last run took; `None` without a change-log row.
    pub execution_ms: Option<i64>,
    /// The database user that ran it; `None` without a change-log row.
    pub installed_by: Option<String>,
    /// `ok`, `pending`, `out-of-order`, `changed`, `missing`, `unknown-newer`, `failed`, `incomplete`.
    pub state: String,
}

/// The report of `info`.
#[derive(Debug, Clone, Serialize)]
pub struct InfoReport {
    /// The database's dialect: `postgres`, `mysql` or `sqlite`.
    pub dialect: String,
    /// The database URL, its password replaced by `***`.
    pub url: String,
    /// Where the set came from: a directory, or `the migrations compiled into the program`.
    pub migrations: String,
    /// The highest COMPLETED version of the database; `None` for a database dbshape never
    /// migrated.
    pub schema_version: Option<String>,
    /// The highest version of the set; `None` for an empty set.
    pub server_version: Option<String>,
    /// The versions `migrate` would run, in order: pending, out-of-order, failed and
    /// incomplete ones.
    pub pending: Vec<String>,
    /// Every version of the set and of the change log, in version order.
    pub versions: Vec<VersionInfo>,
    /// The live shape judged at the schema version (see `migrate::shape_check`).
    pub shape: ShapeCheck,
}

/// Everything about every version.
pub async fn info(engine: &dyn Engine, set: &MigrationSet) -> Result<InfoReport> {
    let log = changelog::read(engine).await?;
    let a = Assessment::new(set, &log);
    let shape = shape_check::check(engine, set, &a).await?;
    Ok(InfoReport {
        shape,
        dialect: set.dialect.to_string(),
        url: engine.url().redacted(),
        migrations: set.origin.clone(),
        schema_version: a.schema_version.as_ref().map(|v| v.to_string()),
        server_version: a.server_version.as_ref().map(|v| v.to_string()),
        pending: a.pending().iter().map(|e| e.version.to_string()).collect(),
        versions: a
            .entries
            .iter()
            .map(|e| VersionInfo {
                version: e.version.to_string(),
                description: e.description.clone(),
                status: e
                    .status
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "PENDING".into()),
                checksum: e.checksum.clone(),
                installed_on: e.applied.as_ref().map(format_time),
                execution_ms: e.applied.as_ref().map(|r| r.execution_ms),
                installed_by: e.applied.as_ref().map(|r| r.installed_by.clone()),
                state: e.state.as_str().to_string(),
            })
            .collect(),
    })
}

fn format_time(r: &AppliedVersion) -> String {
    r.installed_on
        .and_utc()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// One finding of `validate`.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// The version the problem is about (the schema version for `shape-drift`).
    pub version: String,
    /// The version's state as in `info` (`pending`, `changed`...), or `shape-drift`.
    pub state: String,
    /// What is wrong and the command that fixes it.
    pub message: String,
}

/// The report of `validate`.
#[derive(Debug, Clone, Serialize)]
pub struct ValidateReport {
    /// Whether there are no problems at all.
    pub valid: bool,
    /// The highest COMPLETED version of the database; `None` for a database dbshape never
    /// migrated.
    pub schema_version: Option<String>,
    /// The highest version of the set; `None` for an empty set.
    pub server_version: Option<String>,
    /// One entry per version that is not `ok`, and one for shape drift.
    pub problems: Vec<Problem>,
    /// The exit code `validate` ends with.
    pub exit_code: i32,
    /// The shape check, unless it was skipped.
    pub shape: Option<ShapeCheck>,
}

/// Checks that nothing is pending, failed or drifted; with `check_shape`, also that the
/// live shape is the one its version must have (accepted, shipped or recorded: see
/// `shape_check`).
pub async fn validate(
    engine: &dyn Engine,
    set: &MigrationSet,
    check_shape: bool,
) -> Result<ValidateReport> {
    let log = changelog::read(engine).await?;
    let a = Assessment::new(set, &log);
    let mut problems = Vec::new();
    let mut code = exit::OK;
    for e in &a.entries {
        let (message, c) = match e.state {
            State::Ok => continue,
            State::Pending => ("not applied; run `dbshape migrate`".to_string(), exit::PENDING),
            State::OutOfOrder => (
                "not applied, but lower than the schema version; run `dbshape migrate --allow-out-of-order`".to_string(),
                exit::PENDING,
            ),
            State::Failed => (
                "a statement failed; fix the file and run `dbshape migrate` (it resumes), or `dbshape repair` to clear the failure".to_string(),
                exit::PENDING,
            ),
            State::Incomplete => (
                "a run stopped part-way; run `dbshape migrate` to finish it".to_string(),
                exit::PENDING,
            ),
            State::Changed => (
                format!(
                    "applied with checksum {}, but the files now have {}; put the files back, or accept them with `dbshape repair --accept-checksums`",
                    short(&e.checksum),
                    short(e.current_checksum.as_deref().unwrap_or(""))
                ),
                exit::INTEGRITY,
            ),
            State::Missing => (
                format!("applied, but not in the migration set {}; restore its files", set.origin),
                exit::INTEGRITY,
            ),
            State::UnknownNewer => (
                format!(
                    "applied by a newer release; this program's server version is {}; use a release that knows this version",
                    a.server_version.as_ref().map(|v| v.to_string()).unwrap_or_default()
                ),
                exit::VERSION_MISMATCH,
            ),
        };
        code = rank(code).max(rank(c)).1;
        problems.push(Problem {
            version: e.version.to_string(),
            state: e.state.as_str().to_string(),
            message,
        });
    }
    let shape = match check_shape {
        true => Some(shape_check::check(engine, set, &a).await?),
        false => None,
    };
    if let Some(s) = shape.as_ref().filter(|s| s.state == ShapeState::Drifted) {
        code = rank(code).max(rank(exit::INTEGRITY)).1;
        problems.push(Problem {
            version: s.version.clone().unwrap_or_default(),
            state: "shape-drift".into(),
            message: format!(
                "{} object(s) differ from {} (listed below): undo the change, ship it as a migration, or accept it with `dbshape repair --accept-shape`",
                s.differences.len(),
                s.judged_against()
            ),
        });
    }
    Ok(ValidateReport {
        valid: problems.is_empty(),
        schema_version: a.schema_version.as_ref().map(|v| v.to_string()),
        server_version: a.server_version.as_ref().map(|v| v.to_string()),
        problems,
        exit_code: code,
        shape,
    })
}

/// Integrity outranks a version mismatch, which outranks pending work.
fn rank(code: i32) -> (u8, i32) {
    let r = match code {
        exit::INTEGRITY => 3,
        exit::VERSION_MISMATCH => 2,
        exit::PENDING => 1,
        _ => 0,
    };
    (r, code)
}

fn short(sum: &str) -> &str {
    &sum[..sum.len().min(12)]
}

/// One change made by `repair` or `baseline`.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    /// The version the change is about.
    pub version: String,
    /// What was done: `cleared-failed`, `accepted-checksum`, `accepted-shape` (repair) or
    /// `baselined` (baseline).
    pub action: String,
    /// The change in words, e.g. `checksum <old> -> <new>`.
    pub detail: String,
}

/// The report of `repair` and `baseline`.
#[derive(Debug, Clone, Serialize)]
pub struct ActionsReport {
    /// Every change made, in order; empty when there was nothing to do.
    pub actions: Vec<Action>,
    /// For `repair` the database's schema version, for `baseline` the baseline version.
    pub schema_version: Option<String>,
}

/// Clears FAILED rows (keeping the journal, so `migrate` still resumes after the
/// statements that ran) and, with `accept_checksums`, records the current checksums of
/// changed versions. Every change is written to `dbshape_audit_log`.
pub async fn repair(
    engine: &dyn Engine,
    set: &MigrationSet,
    accept: Accept,
    opts: &MigrateOptions,
    observer: &dyn MigrateObserver,
) -> Result<ActionsReport> {
    with_lock(engine, opts, observer, async {
        changelog::ensure_tables(engine).await?;
        let log = changelog::read(engine).await?;
        let a = Assessment::new(set, &log);
        guard_newer(engine, &a)?;
        let by = engine.current_user().await?;
        let db = engine.db();
        let dberr = |e| db_error(engine, "cannot repair the change log", &e);
        let mut actions = Vec::new();
        let mut journals = changelog::read_open_journals(engine).await?;
        for e in &a.entries {
            let row = e.applied.as_ref();
            let journal = journals.remove(&e.version.to_string()).unwrap_or_default();
            let stale = match set.get(&e.version) {
                Some(vm) if !journal.is_empty() => !runner::journal_matches(set, vm, &journal)?,
                _ => false,
            };
            if stale && matches!(e.state, State::Failed | State::Incomplete | State::Pending | State::OutOfOrder) {
                changelog::clear_journal(db, &engine.baseline().own, &e.version).await.map_err(dberr)?;
                if row.is_some() {
                    changelog::delete(db, &engine.baseline().own, &e.version).await.map_err(dberr)?;
                }
                let detail = "forgot an unfinished run whose statements no longer match the files; what it already did stays in the database (undo it by hand if the new files expect otherwise), and `migrate` runs the version from its first statement".to_string();
                changelog::audit(db, &engine.baseline().own, "repair-forget-run", Some(&e.version), &detail, &by).await.map_err(dberr)?;
                actions.push(Action { version: e.version.to_string(), action: "forgot-unfinished-run".into(), detail });
                continue;
            }
            match e.state {
                State::Failed => {
                    changelog::delete(db, &engine.baseline().own, &e.version).await.map_err(dberr)?;
                    let detail = "removed the FAILED row; statements already journaled stay journaled, so `migrate` resumes after them".to_string();
                    changelog::audit(db, &engine.baseline().own, "repair-failed", Some(&e.version), &detail, &by).await.map_err(dberr)?;
                    actions.push(Action { version: e.version.to_string(), action: "cleared-failed".into(), detail });
                }
                State::Changed if accept.checksums => {
                    let mut r = row.cloned().ok_or_else(|| Error::db("repair", "changed version without a row"))?;
                    let old = std::mem::take(&mut r.checksum);
                    r.checksum = e.current_checksum.clone().unwrap_or_default();
                    changelog::upsert(db, engine, &r).await.map_err(dberr)?;
                    let detail = format!("checksum {old} -> {}", r.checksum);
                    changelog::audit(db, &engine.baseline().own, "accept-checksum", Some(&e.version), &detail, &by).await.map_err(dberr)?;
                    actions.push(Action { version: e.version.to_string(), action: "accepted-checksum".into(), detail });
                }
                _ => {}
            }
        }
        if accept.shape {
            if let Some(action) = accept_shape(engine, set, &a, &by).await? {
                actions.push(action);
            }
        }
        Ok(ActionsReport { actions, schema_version: a.schema_version.as_ref().map(|v| v.to_string()) })
    })
    .await
}

/// What `repair` may accept besides clearing failures.
#[derive(Debug, Clone, Copy, Default)]
pub struct Accept {
    /// Record the current checksums of applied versions whose files changed.
    pub checksums: bool,
    /// Accept the live shape as the schema version's, when it drifted or none was
    /// recorded: from then on it is judged against this one, not the one the set ships.
    pub shape: bool,
}

/// `repair --accept-shape`: the live shape becomes the one recorded for the schema
/// version, audited with what differed from the shape recorded before.
async fn accept_shape(
    engine: &dyn Engine,
    set: &MigrationSet,
    a: &Assessment,
    by: &str,
) -> Result<Option<Action>> {
    let Some(version) = a.schema_version.as_ref() else {
        return Ok(None);
    };
    let live = engine.shape().await?;
    let check = shape_check::judge(engine, set, a, &live).await?;
    let detail = match check.state {
        ShapeState::Matches | ShapeState::NoVersion => return Ok(None),
        ShapeState::Unfinished => {
            return Err(Error::Config(format!(
                "--accept-shape: {}; finish it first",
                check.note.unwrap_or_default()
            )))
        }
        ShapeState::NotRecorded => format!(
            "accepted the live shape {} for {version}, where there was none to judge it by",
            check.digest
        ),
        ShapeState::Drifted => {
            let changed: Vec<String> = check
                .differences
                .iter()
                .map(|d| d.key().to_string())
                .collect();
            format!(
                "accepted the live shape {} for {version}; {} object(s) differed from {}: {}",
                check.digest,
                changed.len(),
                check.judged_against(),
                changed.join(", ")
            )
        }
    };
    super::shape_log::record(engine, version, &live, true).await?;
    changelog::audit(
        engine.db(),
        &engine.baseline().own,
        "accept-shape",
        Some(version),
        &detail,
        by,
    )
    .await
    .map_err(|e| db_error(engine, "cannot repair the change log", &e))?;
    Ok(Some(Action {
        version: version.to_string(),
        action: "accepted-shape".into(),
        detail,
    }))
}

/// Adopts an existing database: records every version up to `version` as applied
/// without running it. Only for a database with no completed versions.
pub async fn baseline(
    engine: &dyn Engine,
    set: &MigrationSet,
    version: &Version,
    opts: &MigrateOptions,
    observer: &dyn MigrateObserver,
) -> Result<ActionsReport> {
    with_lock(engine, opts, observer, async {
        changelog::ensure_tables(engine).await?;
        let log = changelog::read(engine).await?;
        if let Some(done) = log.iter().find(|r| r.status == Status::Completed) {
            return Err(Error::Config(format!(
                "the database already has a change log (version {} is applied); baseline is for a database dbshape never migrated",
                done.version
            )));
        }
        if let Some(server) = set.server_version() {
            if version > server {
                return Err(Error::VersionMismatch(format!(
                    "baseline version {version} is newer than this program's server version {server}"
                )));
            }
        }
        let by = engine.current_user().await?;
        let db = engine.db();
        let dberr = |e| db_error(engine, "cannot write the baseline", &e);
        let mut actions = Vec::new();
        let mut rank = changelog::next_rank(db, &engine.baseline().own).await.map_err(dberr)?;
        for vm in set.versions.iter().filter(|v| &v.version <= version) {
            let row = AppliedVersion {
                version: vm.version.clone(),
                installed_rank: rank,
                description: format!("<< baseline >> {}", vm.description).trim().to_string(),
                checksum: vm.checksum.clone(),
                status: Status::Completed,
                installed_on: Utc::now().naive_utc(),
                execution_ms: 0,
                installed_by: by.clone(),
                tool_version: env!("CARGO_PKG_VERSION").to_string(),
            };
            rank += 1;
            changelog::upsert(db, engine, &row).await.map_err(dberr)?;
            let detail = "recorded as applied without running it".to_string();
            changelog::audit(db, &engine.baseline().own, "baseline", Some(&vm.version), &detail, &by).await.map_err(dberr)?;
            actions.push(Action { version: vm.version.to_string(), action: "baselined".into(), detail });
        }
        Ok(ActionsReport { actions, schema_version: Some(version.to_string()) })
    })
    .await
}

/// The report of `check-connection`.
#[derive(Debug, Clone, Serialize)]
pub struct ConnectionReport {
    /// The database URL, its password replaced by `***`.
    pub url: String,
    /// The database's dialect: `postgres`, `mysql` or `sqlite`.
    pub dialect: String,
    /// The server's product and version, as it names itself (`PostgreSQL 15.20 ...`,
    /// `MariaDB 10.11.19-MariaDB-...`, `SQLite 3.51.3`).
    pub engine: String,
    /// The database user as the server sees it (`root@127.0.0.1` on MySQL); on SQLite the
    /// operating system's user, or `unknown`.
    pub user: String,
    /// The highest COMPLETED version; `None` for a database dbshape never migrated.
    pub schema_version: Option<String>,
}

/// Connects and reports the engine and its version.
pub async fn check_connection(engine: &dyn Engine) -> Result<ConnectionReport> {
    let log = changelog::read(engine).await?;
    Ok(ConnectionReport {
        url: engine.url().redacted(),
        dialect: engine.dialect().to_string(),
        engine: engine.engine_version().await?,
        user: engine.current_user().await?,
        schema_version: log
            .iter()
            .filter(|r| r.status == Status::Completed)
            .map(|r| r.version.clone())
            .max()
            .map(|v| v.to_string()),
    })
}

/// The report of `drop-create`.
#[derive(Debug, Clone, Serialize)]
pub struct DropCreateReport {
    /// Every object dropped, as `<kind> <name>` (`table settings`, `function f(integer)`).
    pub dropped: Vec<String>,
    /// The migration from scratch that followed.
    pub migrate: MigrateReport,
}

/// Drops every object of the database and migrates it from scratch, all under the lock.
///
/// # Warning
/// Destroys all data of the database (the current schema on PostgreSQL).
pub async fn drop_create(
    engine: &dyn Engine,
    set: &MigrationSet,
    opts: &MigrateOptions,
    observer: &dyn MigrateObserver,
) -> Result<DropCreateReport> {
    with_lock(engine, opts, observer, async {
        let log = changelog::read(engine).await?;
        guard_newer(engine, &Assessment::new(set, &log))?;
        let dropped = engine.drop_all_objects().await?;
        let migrate = runner::migrate_locked(engine, set, opts, observer).await?;
        Ok(DropCreateReport { dropped, migrate })
    })
    .await
}

/// Refuses a database whose change log holds a version newer than this binary's
/// server version (exit 4).
pub(crate) fn guard_newer(engine: &dyn Engine, a: &Assessment) -> Result<()> {
    if let Some(newer) = a.newer_than_server() {
        return Err(Error::VersionMismatch(format!(
            "database {} has version {newer} recorded, newer than this program's server version {}; \
             a database newer than the program is never written to",
            engine.url().redacted(),
            a.server_version.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "(none)".into())
        )));
    }
    Ok(())
}

async fn with_lock<T>(
    engine: &dyn Engine,
    opts: &MigrateOptions,
    observer: &dyn MigrateObserver,
    work: impl std::future::Future<Output = Result<T>>,
) -> Result<T> {
    lock::acquire(engine, opts.lock_timeout, &|h| observer.lock_waiting(h)).await?;
    let result = async {
        changelog::ensure_tables(engine).await?;
        lock::announce(engine).await?;
        work.await
    }
    .await;
    let _ = engine.unlock().await;
    result
}
