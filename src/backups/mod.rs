//! Backups as a collection: what a backup location holds (`backups list`) and which of
//! its dumps to keep (`backups prune`, and the retention step of `backup` and
//! `upgrade`).
//!
//! This sits above `backup`, which writes one dump, because retention is about many:
//! it reads dumps' headers and their drill evidence (`dump::evidence`) and applies a
//! grandfather-father-son policy to them. One file per idea: `location` (a directory or
//! an S3 prefix, seen alike), `zone` (the time zone of days, weeks and months),
//! `policy` (the pure rule, unit-tested), `list` and `prune` (the operations), and here
//! the glue that prunes after a backup, once the new dump verified.

pub mod list;
pub mod location;
pub mod policy;
pub mod prune;
pub mod zone;

pub use list::{list, ListReport};
pub use location::Location;
pub use policy::Policy;
pub use prune::{prune, PruneOptions, PruneReport};
pub use zone::Zone;

use crate::backup::{self, BackupObserver, BackupReport, BackupRequest, Source};
use crate::config::Settings;
use crate::dump::crypt::Encryption;
use crate::dump::reader::CheckOnly;
use crate::dump::sign::SecretKey;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::migrate::set::MigrationSet;

/// The retention rules as the command line asks for them, before the config fills in
/// what they leave out (`--keep N` is `--keep-last N`).
#[derive(Debug, Clone, Default)]
pub struct RetentionRequest {
    /// `--keep-last N` (or `--keep N`).
    pub last: Option<usize>,
    /// `--keep-daily D`.
    pub daily: Option<usize>,
    /// `--keep-weekly W`.
    pub weekly: Option<usize>,
    /// `--keep-monthly M`.
    pub monthly: Option<usize>,
    /// `--time-zone TZ`.
    pub time_zone: Option<String>,
}

impl RetentionRequest {
    /// Whether the command line asked for any rule.
    pub fn asked(&self) -> bool {
        self.last.is_some()
            || self.daily.is_some()
            || self.weekly.is_some()
            || self.monthly.is_some()
    }

    /// The policy: each rule from the command line, else the config's (`backup.keep_last`
    /// or `backup.keep`, `backup.keep_daily`, `backup.keep_weekly`, `backup.keep_monthly`,
    /// `backup.time_zone`); `None` when no rule is given anywhere.
    pub fn policy(&self, settings: &Settings) -> Result<Option<Policy>> {
        let r = &settings.retention;
        let zone = match (self.time_zone.as_deref(), r.time_zone.as_deref()) {
            (Some(z), _) => Zone::parse(z)?,
            (None, Some(z)) => Zone::parse(z).map_err(|e| {
                Error::Config(format!(
                    "config key `backup.time_zone`: {}",
                    e.to_string().replace("--time-zone ", "")
                ))
            })?,
            (None, None) => Zone::Local,
        };
        let policy = Policy {
            last: self.last.or(r.last).unwrap_or(0),
            daily: self.daily.or(r.daily).unwrap_or(0),
            weekly: self.weekly.or(r.weekly).unwrap_or(0),
            monthly: self.monthly.or(r.monthly).unwrap_or(0),
            time_zone: zone,
        };
        Ok((!policy.is_empty()).then_some(policy))
    }
}

/// `backup` with retention: refuses rules with `-o` (they prune the backup directory),
/// writes the dump, reads it back in full, and only then prunes the backup directory or
/// S3 prefix with the policy. The pruning report when it pruned.
#[allow(clippy::too_many_arguments)]
pub async fn backup_and_prune(
    settings: &Settings,
    engine: &dyn Engine,
    set: &MigrationSet,
    request: &BackupRequest,
    retention: &RetentionRequest,
    encryption: Encryption,
    sign: Option<std::sync::Arc<SecretKey>>,
    observer: &dyn BackupObserver,
) -> Result<(BackupReport, Option<PruneReport>)> {
    let policy = match request.out {
        Some(_) => None,
        None => retention.policy(settings)?,
    };
    let plan = request.plan(settings, encryption, sign)?;
    let report = backup::backup(settings, engine, set, &plan, observer).await?;
    let Some(policy) = policy else {
        return Ok((report, None));
    };
    let written = report.path.clone().unwrap_or_default();
    verify_new(&written)?;
    let location = Location::parse(&request.dir(settings).to_string_lossy())?;
    let pruned = prune(
        &location,
        &PruneOptions {
            policy,
            dry_run: false,
            database: Some(settings.url.database_name()),
            server_version: set.server_version().map(|v| v.to_string()),
        },
    )?;
    Ok((report, Some(pruned)))
}

/// Refuses retention flags where they cannot apply: with `-o` the dump goes elsewhere
/// than the backup directory retention prunes.
pub fn check_request(request: &BackupRequest, retention: &RetentionRequest) -> Result<()> {
    if retention.asked() && request.out.is_some() {
        return Err(Error::Config(
            "--keep-last, --keep-daily, --keep-weekly and --keep-monthly prune the backup \
             directory: leave out -o (the dump then goes to the backup directory, see \
             --backup-dir), or prune another place with `dbshape backups prune LOCATION`"
                .into(),
        ));
    }
    Ok(())
}

/// Reads the dump just written in full (every digest), so that no old dump is deleted
/// on the strength of a new one that does not verify.
pub fn verify_new(path: &str) -> Result<()> {
    backup::verify(&Source::parse(path)?, &mut CheckOnly)
        .map(|_| ())
        .map_err(|e| {
            Error::Integrity(format!(
                "the new dump {path} does not verify ({e}); nothing was pruned"
            ))
        })
}
