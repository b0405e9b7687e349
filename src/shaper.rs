//! [`Shaper`]: the front door for a program that owns a schema and embeds dbshape.
//!
//! A server builds one `Shaper` from its database URL and its [`Migrations`], gates its
//! start-up on [`Shaper::ensure_current`], and can run every operation the `dbshape`
//! command runs (migrate, info, validate, backup, verify, restore, upgrade) on the same
//! set. Nothing here reads a file or an environment variable the program did not name:
//! no `./dbshape.yaml`, no `DBSHAPE_URL`; the command line does that, the library does
//! not. Errors are [`Error`]s, typed, with the same text the command prints and its
//! exit code ([`Error::exit_code`]).
//!
//! ```no_run
//! # async fn start() -> dbshape::Result<()> {
//! use dbshape::{Migrations, Shaper};
//!
//! let shaper = Shaper::builder()
//!     .url("sqlite://./server.db")
//!     .migrations(Migrations::from_dir("db/migrations"))
//!     .build()?;
//! // Takes the migration lock (waiting for another replica if need be), applies what is
//! // pending, and refuses a database newer than this program.
//! let report = shaper.ensure_current().await?;
//! println!("schema version {:?}", report.schema_version);
//! # Ok(())
//! # }
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::backup::{self, BackupObserver, BackupReport, BackupRequest, Source};
use crate::config::{
    DbUrl, OutputFormat, Settings, UrlOrigin, DEFAULT_BACKUP_DIR, DEFAULT_CONNECT_TIMEOUT_SECS,
    DEFAULT_LOCK_TIMEOUT_SECS, DEFAULT_PROGRAM,
};
use crate::dump::crypt::Encryption;
use crate::dump::reader::{CheckOnly, DumpSummary};
use crate::dump::sign::SignaturePolicy;
use crate::dump::transcode::Unrepresentable;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::migrate::ops::{InfoReport, ValidateReport};
use crate::migrate::runner;
use crate::migrate::{gate, ops, MigrateReport, MigrationSet, Quiet};
use crate::migrations::Migrations;
use crate::restore::{self, RestoreObserver, RestorePlan, RestoreReport};
use crate::upgrade::{self, UpgradePlan, UpgradeReport};
use crate::version::Version;

/// What a program learns while dbshape works: the progress callbacks of migrate, backup
/// and restore, all with empty defaults. Implement the ones you want to show.
pub trait Observer: RestoreObserver + BackupObserver {}
impl<T: RestoreObserver + BackupObserver> Observer for T {}

/// A database and the migration set that shapes it. Cheap to clone; every method opens
/// its own connection and closes it when done.
#[derive(Clone)]
pub struct Shaper {
    settings: Settings,
    observer: Arc<dyn Observer>,
}

/// Builds a [`Shaper`]; see [`Shaper::builder`].
#[derive(Default)]
pub struct ShaperBuilder {
    url: Option<String>,
    migrations: Option<Migrations>,
    lock_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    init_sql: Vec<String>,
    observer: Option<Arc<dyn Observer>>,
    program: Option<String>,
}

impl ShaperBuilder {
    /// The database: `postgres://`, `mysql://` (or `mariadb://`) or `sqlite://PATH`.
    /// Required.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// The migration set: [`embed_migrations!`](crate::embed_migrations),
    /// [`Migrations::from_dir`], and the program's Rust steps. Required.
    pub fn migrations(mut self, migrations: Migrations) -> Self {
        self.migrations = Some(migrations);
        self
    }

    /// How long to wait for another process's migration lock (default 600 s); then
    /// [`Error::LockTimeout`].
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = Some(timeout);
        self
    }

    /// How long to keep trying to reach the server (default 10 s): a database that is
    /// still starting is waited for, wrong credentials fail at once.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// A statement run on every new connection (for example `SET search_path TO app`);
    /// repeatable, run in order.
    pub fn init_sql(mut self, sql: impl Into<String>) -> Self {
        self.init_sql.push(sql.into());
        self
    }

    /// Where progress goes (default: nowhere).
    pub fn observer(mut self, observer: Arc<dyn Observer>) -> Self {
        self.observer = Some(observer);
        self
    }

    /// How commands printed in reports name the program that runs this set, for an
    /// operator to paste (the way back in [`UpgradeReport`]): default `dbshape`; a
    /// server that ships `dbshape::cli::Ops` gives `myserver ops`.
    pub fn program(mut self, name: impl Into<String>) -> Self {
        self.program = Some(name.into());
        self
    }

    /// Checks the URL; connects to nothing.
    pub fn build(self) -> Result<Shaper> {
        let url = self
            .url
            .ok_or_else(|| Error::Config("a Shaper needs a database URL: call .url(...)".into()))?;
        let migrations = self.migrations.ok_or_else(|| {
            Error::Config(
                "a Shaper needs a migration set: call .migrations(...) with \
                 embed_migrations!(...) or Migrations::from_dir(...)"
                    .into(),
            )
        })?;
        let settings = Settings {
            url: DbUrl::parse(&url)?,
            migrations,
            output: OutputFormat::Text,
            lock_timeout: self
                .lock_timeout
                .unwrap_or(Duration::from_secs(DEFAULT_LOCK_TIMEOUT_SECS)),
            connect_timeout: self
                .connect_timeout
                .unwrap_or(Duration::from_secs(DEFAULT_CONNECT_TIMEOUT_SECS)),
            init_sql: self.init_sql,
            yes: true,
            auto_migrate: false,
            has_identities: false,
            backup_dir: PathBuf::from(DEFAULT_BACKUP_DIR),
            retention: Default::default(),
            config_file: None,
            url_origin: UrlOrigin::Flag,
            restore_require_signature: false,
            restore_trusted_keys: Vec::new(),
            program: self.program.unwrap_or_else(|| DEFAULT_PROGRAM.into()),
        };
        Ok(Shaper {
            settings,
            observer: self.observer.unwrap_or_else(|| Arc::new(Quiet)),
        })
    }
}

/// How [`Shaper::restore`] treats the target database.
#[derive(Debug, Clone, Copy, Default)]
pub struct RestoreOptions {
    /// Shape an empty database to the dump's version first.
    pub shape: bool,
    /// Migrate to the set's server version after the data is in and checked.
    pub upgrade: bool,
    /// Drop every object of the database first (implies `shape`).
    ///
    /// # Warning
    /// Destroys everything the database held.
    pub clean: bool,
    /// Load even when the database's shape differs from the dump's source's; the
    /// report's `shape` names the differences.
    pub allow_drift: bool,
}

impl Shaper {
    /// Starts a builder: `.url(...)`, `.migrations(...)`, then `.build()`.
    pub fn builder() -> ShaperBuilder {
        ShaperBuilder::default()
    }

    /// The start-up gate of a server: takes the migration lock (waiting up to the lock
    /// timeout for another replica that holds it), applies every pending version, and
    /// returns what it did. Refuses, changing nothing, a database newer than this
    /// program's set ([`Error::VersionMismatch`]), applied versions whose files changed
    /// ([`Error::Drift`]) and a database left incomplete by a restore
    /// ([`Error::Integrity`]). Several replicas starting at once apply each version
    /// once: the others wait for the lock, then find nothing pending.
    pub async fn ensure_current(&self) -> Result<MigrateReport> {
        self.migrate_up_to(None).await
    }

    /// Applies every pending version (what `dbshape migrate` does).
    pub async fn migrate(&self) -> Result<MigrateReport> {
        self.migrate_up_to(None).await
    }

    /// Applies pending versions up to `version` (`dbshape migrate --to`).
    pub async fn migrate_to(&self, version: &str) -> Result<MigrateReport> {
        let v = Version::parse(version)
            .map_err(|e| Error::Config(format!("migrate_to(\"{version}\"): {e}")))?;
        self.migrate_up_to(Some(v)).await
    }

    /// Every version with its status and checksum state (`dbshape info`).
    pub async fn info(&self) -> Result<InfoReport> {
        let (engine, set) = self.open().await?;
        ops::info(engine.as_ref(), &set).await
    }

    /// Whether the database is exactly at the set's server version, nothing pending,
    /// failed or drifted, and its shape the one recorded for its version (`dbshape
    /// validate`); [`ValidateReport::exit_code`] says how serious what it found is.
    pub async fn validate(&self) -> Result<ValidateReport> {
        let (engine, set) = self.open().await?;
        ops::validate(engine.as_ref(), &set, true).await
    }

    /// Writes a consistent, version-stamped dump to `path` (zstd when it ends in
    /// `.zst`, gzip for `.gz`, else plain); an existing file is an error.
    pub async fn backup(&self, path: impl AsRef<Path>) -> Result<BackupReport> {
        let (engine, set) = self.open().await?;
        let request = BackupRequest {
            out: Some(path.as_ref().display().to_string()),
            compression: None,
            force: false,
            backup_dir: None,
            allow_pending: false,
        };
        let plan = request.plan(&self.settings, Encryption::None, None)?;
        backup::backup(
            &self.settings,
            engine.as_ref(),
            &set,
            &plan,
            self.observer.as_ref(),
        )
        .await
    }

    /// Checks a dump offline (`dbshape verify`): header, every row line, every digest.
    /// Needs no database.
    pub fn verify(&self, path: impl AsRef<Path>) -> Result<DumpSummary> {
        backup::verify(&Source::File(path.as_ref().to_path_buf()), &mut CheckOnly)
    }

    /// Restores a dump into this database, all or nothing (`dbshape restore`): the
    /// database must be at the dump's version and clean, or empty with
    /// [`RestoreOptions::shape`].
    pub async fn restore(
        &self,
        path: impl AsRef<Path>,
        options: RestoreOptions,
    ) -> Result<RestoreReport> {
        let plan = RestorePlan {
            source: Source::File(path.as_ref().to_path_buf()),
            shape: options.shape || options.clean,
            convert: false,
            clean: options.clean,
            upgrade: options.upgrade,
            lock_timeout: self.settings.lock_timeout,
            jobs: 1,
            unrepresentable: Unrepresentable::Error,
            reread_all: false,
            signature: SignaturePolicy::default(),
            allow_drift: options.allow_drift,
        };
        restore::restore(&self.settings, &plan, self.observer.as_ref()).await
    }

    /// Backs up into `backup_dir` (when the database holds something to protect),
    /// migrates, validates (`dbshape upgrade`); a failure names the pre-upgrade dump.
    pub async fn upgrade(&self, backup_dir: impl AsRef<Path>) -> Result<UpgradeReport> {
        let (engine, set) = self.open().await?;
        let plan = UpgradePlan {
            backup_dir: backup_dir.as_ref().to_path_buf(),
            rollback_on_failure: false,
            retention: None,
            encryption: Encryption::None,
            lock_timeout: self.settings.lock_timeout,
            sign: None,
            allow_drift: false,
        };
        upgrade::upgrade(
            &self.settings,
            engine.as_ref(),
            &set,
            &plan,
            self.observer.as_ref(),
            self.observer.as_ref(),
        )
        .await
        .map_err(Error::from)
    }

    /// Loads the set, connects, refuses a database a restore left incomplete.
    async fn open(&self) -> Result<(Box<dyn Engine>, MigrationSet)> {
        gate::open(&self.settings, &|| {}).await
    }

    async fn migrate_up_to(&self, to: Option<Version>) -> Result<MigrateReport> {
        let (engine, set) = self.open().await?;
        let opts = gate::write_options(&self.settings, to);
        runner::migrate(engine.as_ref(), &set, &opts, self.observer.as_ref()).await
    }
}
