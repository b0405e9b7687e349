//! `upgrade`: the one command an upgrade pipeline runs.
//!
//! Pre-upgrade backup, migrate, validate, in that order, with the migration lock held
//! from before the backup until the migration is recorded, so no other migrator can slip
//! a version in between the dump and the upgrade it protects. The backup is taken only
//! when there is something to protect: a database that has been shaped before
//! (a schema version in its change log) and versions pending; an empty database or one
//! already at the server version needs none.
//!
//! When the migration fails the error names the pre-upgrade dump and the exact command
//! that returns the database to it. With `--rollback-on-failure` dbshape runs that
//! command itself: every object of the database is dropped and the dump is restored
//! with `--shape` (see [`crate::restore`]), which is the only way back that works the
//! same on every engine, including MySQL where the DDL of the failed version has
//! already committed. The lock is released before the rollback because `restore`
//! takes it itself; the rollback's restore mark keeps every other command away from
//! the database until it is done.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::backup::retention;
use crate::backup::{self, BackupLock, BackupObserver, BackupPlan, BackupReport, Output, Source};
use crate::backups::{self, Location, Policy, PruneOptions, PruneReport};
use crate::config::{Settings, UrlOrigin};
use crate::dump::codec::Compression;
use crate::dump::writer::Destination;
use crate::engine::Engine;
use crate::error::Error;
use crate::migrate::changelog::{self, Status};
use crate::migrate::lock;
use crate::migrate::ops::{self, ValidateReport};
use crate::migrate::plan::Assessment;
use crate::migrate::runner::{self, MigrateOptions, MigrateReport};
use crate::migrate::set::MigrationSet;
use crate::migrate::shape_check::{self, ShapeState};
use crate::restore::{self, RestoreObserver, RestorePlan, RestoreReport};

/// What `upgrade` was asked to do.
#[derive(Debug, Clone)]
pub struct UpgradePlan {
    /// Where the pre-upgrade dump goes.
    pub backup_dir: PathBuf,
    /// Restore the pre-upgrade dump when the migration fails.
    pub rollback_on_failure: bool,
    /// The retention policy applied to the database's dumps in `backup_dir` afterwards
    /// (see `crate::backups`), when a new pre-upgrade dump was taken.
    pub retention: Option<Policy>,
    /// Encryption of the pre-upgrade dump.
    pub encryption: crate::dump::crypt::Encryption,
    /// How long to wait for the migration lock before giving up with exit 6.
    pub lock_timeout: Duration,
    /// Sign the pre-upgrade dump with this key (see `dump::sign`).
    pub sign: Option<std::sync::Arc<crate::dump::sign::SecretKey>>,
    /// Upgrade a database whose shape drifted from the one its version must have (see
    /// `migrate::shape_check`); refused otherwise, before anything is backed up or
    /// migrated.
    pub allow_drift: bool,
}

/// The outcome of a successful `upgrade` (validation may still have found problems:
/// see `validate.exit_code`).
#[derive(Debug, Clone, Serialize)]
pub struct UpgradeReport {
    /// The database's schema version before the upgrade; `None` for a database dbshape never
    /// migrated.
    pub schema_version_before: Option<String>,
    /// The schema version after the migration.
    pub schema_version: Option<String>,
    /// The highest version of the migration set, which the upgrade migrates to.
    pub server_version: Option<String>,
    /// The pre-upgrade dump, when one was taken.
    pub backup: Option<BackupReport>,
    /// An earlier run's pre-upgrade dump, used instead of a new one (see `PreBackup`).
    pub backup_reused: Option<String>,
    /// Why no new backup was taken, when none was.
    pub backup_skipped: Option<String>,
    /// The migration to the server version.
    pub migrate: MigrateReport,
    /// The validation after the migration; its `exit_code` is the command's.
    pub validate: ValidateReport,
    /// What retention (`--keep-last`, `--keep-daily`...) kept and deleted.
    pub pruned: Option<PruneReport>,
    /// Milliseconds the whole upgrade took: lock wait, backup, migration, validation and
    /// pruning.
    pub duration_ms: u64,
}

/// A failed upgrade: what failed, the way back, and what the rollback did.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.describe())]
pub struct UpgradeFailure {
    /// The error.
    pub cause: Error,
    /// Whether the migration had started: before it, the database was not changed.
    pub migrating: bool,
    /// The pre-upgrade dump, if one was taken.
    pub backup: Option<String>,
    /// The schema version before the upgrade.
    pub schema_version_before: Option<String>,
    /// The command that restores the pre-upgrade state, from any directory.
    pub restore_command: Option<String>,
    /// What to add to `restore_command` before running it (a password it cannot print).
    pub restore_command_note: Option<String>,
    /// `Some(Ok)` when `--rollback-on-failure` restored the dump, `Some(Err)` when that
    /// failed too.
    pub rollback: Option<std::result::Result<RestoreReport, String>>,
    /// Why `--rollback-on-failure` restored nothing: the database is already as it was
    /// before the upgrade.
    pub rollback_skipped: Option<String>,
}

impl UpgradeFailure {
    fn describe(&self) -> String {
        let before = self.schema_version_before.as_deref().unwrap_or("(none)");
        if !self.migrating {
            return format!(
                "upgrade failed before migrating: {}\nnothing was migrated",
                self.cause
            );
        }
        let cause = match (&self.cause, &self.rollback) {
            // After a rollback the failed run's journal is gone with everything else, so
            // the runner's advice on resuming no longer applies.
            (Error::MigrationFailed(f), Some(Ok(_))) => format!(
                "{}\n{}",
                f.place(),
                f.class.advice_then("run `dbshape upgrade` again")
            ),
            _ => self.cause.to_string(),
        };
        let mut text = format!("upgrade failed: {cause}");
        let note = self
            .restore_command_note
            .as_deref()
            .map(|n| format!("\n  ({n})"))
            .unwrap_or_default();
        match (&self.rollback, &self.backup, &self.restore_command) {
            (None, Some(path), Some(cmd)) if self.rollback_skipped.is_some() => {
                text.push_str(&format!(
                    "\nnothing to roll back: {}; the pre-upgrade dump {path} is kept, and \
                     returns the database to it anyway with:\n  {cmd}{note}\n\
                     fix the migration and run `dbshape upgrade` again",
                    self.rollback_skipped.as_deref().unwrap_or_default()
                ))
            }
            (Some(Ok(r)), Some(path), _) => text.push_str(&format!(
                "\nrolled back: every object was dropped and {path} restored at schema version \
                 {before} ({} table(s), {} row(s), digests checked)",
                r.tables.len(),
                r.rows
            )),
            (Some(Err(e)), Some(path), Some(cmd)) => text.push_str(&format!(
                "\nthe rollback failed too: {e}\nthe pre-upgrade dump {path} is intact; \
                 restore it into the same database with:\n  {cmd}{note}"
            )),
            (None, Some(path), Some(cmd)) => text.push_str(&format!(
                "\nthe pre-upgrade dump is {path} (schema version {before}); to return to it, \
                 run:\n  {cmd}{note}\n\
                 or fix the migration and run `dbshape upgrade` again"
            )),
            _ => text.push_str(
                "\nno pre-upgrade dump exists for this run (see why above); \
                 fix the migration and run `dbshape upgrade` again",
            ),
        }
        text
    }

    /// The exit code: the migration error's.
    pub fn exit_code(&self) -> i32 {
        match &self.rollback {
            Some(Err(_)) => crate::error::exit::ERROR,
            _ => self.cause.exit_code(),
        }
    }
}

impl From<Box<UpgradeFailure>> for Error {
    fn from(failure: Box<UpgradeFailure>) -> Error {
        Error::Upgrade {
            exit_code: failure.exit_code(),
            failure,
        }
    }
}

/// Why a rollback would change nothing, if it would not: the failed version rolled back
/// by itself (one transaction, PostgreSQL and SQLite) and no earlier version of this run
/// was committed, so the database is at its schema version from before the upgrade,
/// with its data; only the failed version's `FAILED` row was added, which the next
/// `migrate` or `upgrade` re-runs. Dropping everything to restore the same state again
/// would only cost time and risk.
async fn nothing_to_roll_back(engine: &dyn Engine, failure: &UpgradeFailure) -> Option<String> {
    let Error::MigrationFailed(f) = &failure.cause else {
        return None;
    };
    if !f.rolled_back {
        return None;
    }
    let log = changelog::read(engine).await.ok()?;
    let now = log
        .iter()
        .filter(|e| e.status == Status::Completed)
        .map(|e| &e.version)
        .max()
        .map(|v| v.to_string());
    (now == failure.schema_version_before).then(|| {
        format!(
            "version {} rolled back by itself and no other version of this upgrade was committed: \
             the database is at schema version {} with its data, as before the upgrade",
            f.version,
            now.as_deref().unwrap_or("(none)")
        )
    })
}

/// The command that restores `dump` over whatever the failed upgrade left, reaching the
/// same database from any directory: the config file and the migrations by absolute
/// path, and the URL as it was given. A URL from `DBSHAPE_URL` stays a reference to the
/// variable, so no password is printed; one given with `--url` holding a password is
/// printed with `***` in its place, which the operator fills in (see
/// `restore_command_note`); the default SQLite file is named by its absolute path, so
/// the command never creates a new empty database where it is pasted.
pub fn restore_command(settings: &Settings, dump: &Path) -> String {
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
            .to_string()
    };
    let mut cmd = settings.program.clone();
    if let Some(config) = &settings.config_file {
        cmd.push_str(&format!(" --config {}", shell_quote(&absolute(config))));
    }
    match settings.url_origin {
        UrlOrigin::ConfigFile => {}
        UrlOrigin::Environment => cmd.push_str(" --url \"$DBSHAPE_URL\""),
        UrlOrigin::DatabaseUrl => cmd.push_str(" --url \"$DATABASE_URL\""),
        UrlOrigin::Flag => {
            cmd.push_str(&format!(" --url {}", shell_quote(&settings.url.redacted())))
        }
        UrlOrigin::Default => {
            let url = match settings.url.sqlite_path() {
                Some(path) => format!("sqlite://{}", absolute(path)),
                None => settings.url.redacted(),
            };
            cmd.push_str(&format!(" --url {}", shell_quote(&url)));
        }
    }
    if let Some(dir) = settings.migrations.directory() {
        cmd.push_str(&format!(" --migrations {}", shell_quote(&absolute(dir))));
    }
    cmd.push_str(&format!(
        " restore {} --clean --yes",
        shell_quote(&absolute(dump))
    ));
    cmd
}

/// What the operator must add to [`restore_command`] before running it, if anything.
pub fn restore_command_note(settings: &Settings) -> Option<&'static str> {
    (settings.url_origin == UrlOrigin::Flag
        && settings.url.password().is_some_and(|p| !p.is_empty()))
    .then_some("put the database password in place of *** in the URL")
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@+".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Backs up (when there is something to protect), migrates, validates.
///
/// A failure comes back as an [`UpgradeFailure`], which carries the pre-upgrade dump,
/// the command that restores it and, with `rollback_on_failure`, the rollback's
/// outcome; it converts into [`Error::Upgrade`] for callers that only pass it on.
pub async fn upgrade(
    settings: &Settings,
    engine: &dyn Engine,
    set: &MigrationSet,
    plan: &UpgradePlan,
    observer: &dyn RestoreObserver,
    backup_observer: &dyn BackupObserver,
) -> std::result::Result<UpgradeReport, Box<UpgradeFailure>> {
    let started = Instant::now();
    let opts = MigrateOptions {
        to: None,
        dry_run: false,
        allow_out_of_order: false,
        lock_timeout: plan.lock_timeout,
    };
    let plain = |cause: Error| {
        Box::new(UpgradeFailure {
            cause,
            migrating: false,
            backup: None,
            schema_version_before: None,
            restore_command: None,
            restore_command_note: None,
            rollback: None,
            rollback_skipped: None,
        })
    };
    lock::acquire(engine, plan.lock_timeout, &|h| observer.lock_waiting(h))
        .await
        .map_err(plain)?;
    let locked = upgrade_locked(
        settings,
        engine,
        set,
        plan,
        &opts,
        observer,
        backup_observer,
    )
    .await;
    let _ = engine.unlock().await;
    let (backup, before, migrate) = match locked {
        Ok(done) => done,
        Err(mut failure) => {
            if plan.rollback_on_failure {
                failure.rollback_skipped = nothing_to_roll_back(engine, &failure).await;
            }
            if plan.rollback_on_failure && failure.rollback_skipped.is_none() {
                if let Some(path) = &failure.backup {
                    observer.stage("rolling back: restoring the pre-upgrade dump");
                    let rplan = RestorePlan {
                        source: Source::File(PathBuf::from(path)),
                        shape: true,
                        clean: true,
                        upgrade: false,
                        lock_timeout: plan.lock_timeout,
                        jobs: 1,
                        unrepresentable: Default::default(),
                        convert: false,
                        reread_all: false,
                        signature: Default::default(),
                        // The dump is of the database this upgrade was let start on.
                        allow_drift: plan.allow_drift,
                    };
                    failure.rollback = Some(
                        restore::restore(settings, &rplan, observer)
                            .await
                            .map_err(|e| e.to_string()),
                    );
                }
            }
            return Err(failure);
        }
    };
    observer.stage("validating");
    let validate = ops::validate(engine, set, true).await.map_err(plain)?;
    // Last step, once the new dump verified: nothing old goes on the strength of a new
    // dump that does not read back.
    let pruned = match (&backup, plan.retention) {
        (PreBackup::Taken(b), Some(policy)) => {
            let prune = || {
                backups::verify_new(b.path.as_deref().unwrap_or_default())?;
                backups::prune(
                    &Location::Dir(plan.backup_dir.clone()),
                    &PruneOptions {
                        policy,
                        dry_run: false,
                        database: Some(settings.url.database_name()),
                        server_version: set.server_version().map(|v| v.to_string()),
                    },
                )
            };
            Some(prune().map_err(plain)?)
        }
        _ => None,
    };
    let (backup, backup_reused, backup_skipped) = match backup {
        PreBackup::Taken(b) => (Some(b), None, None),
        PreBackup::Reused(path, why) => (None, Some(path), Some(why)),
        PreBackup::Skipped(why) => (None, None, Some(why)),
    };
    Ok(UpgradeReport {
        schema_version_before: before,
        schema_version: migrate.schema_version.clone(),
        server_version: migrate.server_version.clone(),
        backup,
        backup_reused,
        backup_skipped,
        migrate,
        validate,
        pruned,
        duration_ms: started.elapsed().as_millis() as u64,
    })
}

/// The pre-upgrade dump of a run.
#[derive(Debug)]
enum PreBackup {
    /// Taken by this run.
    Taken(BackupReport),
    /// An earlier failed run left a version half-applied on an engine without
    /// transactional DDL (MySQL): a dump now would hold those changes under the old
    /// version's stamp and could not be restored, so the newest intact dump of the
    /// database at its schema version, the one the failed run took, stands in.
    Reused(String, String),
    /// None needed, or none possible; the reason.
    Skipped(String),
}

impl PreBackup {
    fn path(&self) -> Option<String> {
        match self {
            PreBackup::Taken(b) => b.path.clone(),
            PreBackup::Reused(p, _) => Some(p.clone()),
            PreBackup::Skipped(_) => None,
        }
    }
}

type Locked = (PreBackup, Option<String>, MigrateReport);

/// Refuses a database whose live shape differs from the one its version must have
/// (see `migrate::shape_check`): migrations written for that shape may fail on
/// another, or carry a hand change into a state nobody planned.
async fn refuse_drift(
    engine: &dyn Engine,
    set: &MigrationSet,
    assessment: &Assessment,
) -> crate::error::Result<()> {
    let check = shape_check::check(engine, set, assessment).await?;
    if check.state != ShapeState::Drifted {
        return Ok(());
    }
    Err(Error::Drift(format!(
        "database {} has drifted from {}: {}; \
         nothing was backed up or migrated. Run `dbshape validate` to see each with both \
         definitions, then undo the change, ship it as a migration, or accept it with \
         `dbshape repair --accept-shape`; `--allow-drift` upgrades anyway",
        engine.url().redacted(),
        check.judged_against(),
        crate::shape::summarize(&check.differences, 5),
    )))
}

async fn upgrade_locked(
    settings: &Settings,
    engine: &dyn Engine,
    set: &MigrationSet,
    plan: &UpgradePlan,
    opts: &MigrateOptions,
    observer: &dyn RestoreObserver,
    backup_observer: &dyn BackupObserver,
) -> std::result::Result<Locked, Box<UpgradeFailure>> {
    let plain = |cause: Error, before: Option<String>| {
        Box::new(UpgradeFailure {
            cause,
            migrating: false,
            backup: None,
            schema_version_before: before,
            restore_command: None,
            restore_command_note: None,
            rollback: None,
            rollback_skipped: None,
        })
    };
    let prepare = async {
        changelog::ensure_tables(engine).await?;
        lock::announce(engine).await?;
        changelog::read(engine).await
    };
    let log = prepare.await.map_err(|e| plain(e, None))?;
    let assessment = Assessment::new(set, &log);
    let before = assessment.schema_version.as_ref().map(|v| v.to_string());
    ops::guard_newer(engine, &assessment).map_err(|e| plain(e, before.clone()))?;
    if !plan.allow_drift {
        refuse_drift(engine, set, &assessment)
            .await
            .map_err(|e| plain(e, before.clone()))?;
    }
    let pending = assessment.pending().len();
    // A FAILED version left nothing behind where DDL is transactional and none of its
    // statements is journaled (it ran in one transaction, rolled back): the backup may
    // go ahead. Anything else not COMPLETED may be in the data under the previous
    // version's stamp.
    let mut rolled_back = Vec::new();
    let mut half_applied = Vec::new();
    for r in log
        .iter()
        .filter(|r| r.status != changelog::Status::Completed)
    {
        let clean = r.status == changelog::Status::Failed
            && engine.transactional_ddl()
            && changelog::read_journal(engine, &r.version)
                .await
                .map_err(|e| plain(e, before.clone()))?
                .is_empty();
        if clean {
            rolled_back.push(r.version.to_string());
        } else {
            half_applied.push(r.version.to_string());
        }
    }
    let backup = if pending == 0 {
        PreBackup::Skipped("the schema is already at the server version: nothing to protect".into())
    } else if before.is_none() {
        PreBackup::Skipped(
            "the database has no schema version yet (never migrated): nothing to protect".into(),
        )
    } else if !half_applied.is_empty() {
        let why = format!(
            "version(s) {} failed part-way in an earlier run and their changes are still in the \
             database, so a dump now could not be restored",
            half_applied.join(", ")
        );
        match retention::newest_dump(
            &plan.backup_dir,
            &settings.url.database_name(),
            before.as_deref(),
        ) {
            Some(path) => PreBackup::Reused(
                path.display().to_string(),
                format!("{why}; using the earlier run's pre-upgrade dump instead"),
            ),
            None => PreBackup::Skipped(format!(
                "{why}, and no intact dump of the database at schema version {} is in {}",
                before.as_deref().unwrap_or("(none)"),
                plan.backup_dir.display()
            )),
        }
    } else {
        observer.stage("pre-upgrade backup");
        std::fs::create_dir_all(&plan.backup_dir).map_err(|e| {
            plain(
                Error::io("create the backup directory", &plan.backup_dir, e),
                before.clone(),
            )
        })?;
        let path = backup::default_dump_path(settings, &plan.backup_dir, before.as_deref());
        let bplan = BackupPlan {
            destination: Output::To(Destination::File {
                path: path.clone(),
                force: false,
            }),
            compression: Compression::Zstd,
            encryption: plan.encryption.clone(),
            // Held since before the change log was read above, until the migration is
            // recorded: the dump and the upgrade it protects see the same schema.
            lock: BackupLock::Held,
            allow_pending: true,
            rolled_back,
            sign: plan.sign.clone(),
        };
        let report = backup::backup(settings, engine, set, &bplan, backup_observer)
            .await
            .map_err(|e| plain(e, before.clone()))?;
        PreBackup::Taken(report)
    };
    observer.stage("migrating");
    match runner::migrate_locked(engine, set, opts, observer).await {
        Ok(report) => Ok((backup, before, report)),
        Err(cause) => {
            let path = backup.path();
            Err(Box::new(UpgradeFailure {
                cause,
                migrating: true,
                restore_command: path
                    .as_ref()
                    .map(|p| restore_command(settings, Path::new(p))),
                restore_command_note: path
                    .as_ref()
                    .and(restore_command_note(settings))
                    .map(str::to_string),
                backup: path,
                schema_version_before: before,
                rollback: None,
                rollback_skipped: None,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::GlobalArgs;

    fn settings(url: Option<&str>) -> Settings {
        Settings::resolve(
            &GlobalArgs {
                url: url.map(str::to_string),
                ..Default::default()
            },
            crate::config::OwnSet::Server(crate::migrations::Migrations::default()),
        )
        .unwrap()
    }

    /// Regression: the printed way back named no database, so pasted elsewhere it
    /// restored into a new `./dbshape.db`; it never prints a password either.
    #[test]
    fn the_restore_command_names_the_database_without_its_password() {
        let s = settings(Some("postgres://app:s3cret@db.example:5432/catalog"));
        let cmd = restore_command(&s, Path::new("backups/d.sql.zst"));
        assert!(
            cmd.contains("--url 'postgres://app:***@db.example:5432/catalog'"),
            "{cmd}"
        );
        assert!(!cmd.contains("s3cret"), "{cmd}");
        assert!(restore_command_note(&s).is_some());
        let dump = std::path::absolute("backups/d.sql.zst").unwrap();
        assert!(
            cmd.contains(&format!("restore {} --clean --yes", dump.display())),
            "{cmd}"
        );

        let s = settings(None);
        let cmd = restore_command(&s, Path::new("d.sql.zst"));
        let db = std::path::absolute("dbshape.db").unwrap();
        assert!(
            cmd.contains(&format!("--url sqlite://{}", db.display())),
            "{cmd}"
        );
        assert!(restore_command_note(&s).is_none());
    }
}
