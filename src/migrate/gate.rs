//! What a command needs of the database's schema version, and the one rule that
//! answers it before the command runs: with auto-migrate (`--auto-migrate`, config
//! `auto_migrate: true`) the schema is first migrated to the server version under the
//! lock; otherwise a command that works only at the server version is refused while
//! versions are pending (exit 3). The command line and library callers get the same
//! rule from here; the caller only reports what it did.

use crate::config::Settings;
use crate::engine::{self, Engine};
use crate::error::{Error, Result};
use crate::version::Version;

use super::changelog;
use super::plan::Assessment;
use super::runner::{self, MigrateObserver, MigrateOptions, MigrateReport};
use super::set::MigrationSet;

/// Opens the database of `settings` for a command: loads the migration set for the
/// URL's dialect (a malformed set is refused before anything connects), connects, and
/// refuses a database a restore left incomplete. `connecting` is called right before
/// the connection is attempted, for a caller that says so.
pub async fn open(
    settings: &Settings,
    connecting: &(dyn Fn() + Sync),
) -> Result<(Box<dyn Engine>, MigrationSet)> {
    let set = MigrationSet::load(&settings.migrations, settings.url.dialect())?;
    connecting();
    let engine = engine::connect(settings).await?;
    changelog::refuse_if_restore_marked(engine.as_ref()).await?;
    Ok((engine, set))
}

/// What a command needs of the database's schema version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Works at any version and never migrates by itself (the command manages versions
    /// itself, or only reports them).
    AnyVersion,
    /// Works at any version; with auto-migrate the schema is brought up first.
    Migratable,
    /// Works only at the server version: refused with exit 3 while versions are
    /// pending, unless auto-migrate brings the schema up first.
    Current,
}

/// Migrate options from the settings, for commands that write: up to `to` (the server
/// version when `None`), waiting for the lock as long as the settings say.
pub fn write_options(settings: &Settings, to: Option<Version>) -> MigrateOptions {
    MigrateOptions {
        to,
        dry_run: false,
        allow_out_of_order: false,
        lock_timeout: settings.lock_timeout,
    }
}

/// Applies what a command [`Needs`] to the database of `engine`: with
/// `settings.auto_migrate` (and a command that is not [`Needs::AnyVersion`]) migrates
/// to the server version while holding the lock, so concurrent invocations wait for
/// one another, and returns that migration's report; with [`Needs::Current`] and no
/// auto-migrate, refuses a database with pending versions (`Error::Pending`, exit 3).
pub async fn bring_up(
    settings: &Settings,
    engine: &dyn Engine,
    set: &MigrationSet,
    needs: Needs,
    observer: &dyn MigrateObserver,
) -> Result<Option<MigrateReport>> {
    if needs == Needs::AnyVersion {
        return Ok(None);
    }
    if settings.auto_migrate {
        let report = runner::migrate(engine, set, &write_options(settings, None), observer).await?;
        return Ok(Some(report));
    }
    if needs == Needs::Current {
        let log = changelog::read(engine).await?;
        let a = Assessment::new(set, &log);
        let pending = a.pending();
        if !pending.is_empty() {
            let list: Vec<String> = pending.iter().map(|e| e.version.to_string()).collect();
            return Err(Error::Pending(format!(
                "database {} is at schema version {} but this program's server version is {}: \
                 {} version(s) pending ({}); run `dbshape migrate` (or `dbshape upgrade`, which \
                 backs up first), or pass --auto-migrate",
                settings.url.redacted(),
                a.schema_version
                    .as_ref()
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "(none)".into()),
                a.server_version
                    .as_ref()
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "(none)".into()),
                list.len(),
                list.join(", ")
            )));
        }
    }
    Ok(None)
}
