//! Where `backup` writes: the destination and the `--keep` rule as the command line
//! and the config ask for them ([`BackupRequest`]), and the name a dump gets in a
//! backup directory, which `upgrade` gives its pre-upgrade dump too and `--keep`
//! (`retention`) recognises.

use std::path::{Path, PathBuf};

use crate::config::Settings;
use crate::dump::codec::Compression;
use crate::dump::crypt::Encryption;
use crate::dump::object::{self, ObjectUrl};
use crate::dump::writer::Destination;
use crate::error::{Error, Result};

use super::retention::{self, PruneReport};
use super::{BackupLock, BackupObserver, BackupPlan, BackupReport, Output};
use crate::dump::sign::SecretKey;
use crate::engine::Engine;
use crate::migrate::set::MigrationSet;

/// A backup as the command line (and the config) asks for it, before its destination
/// and the `--keep` rule are settled: [`BackupRequest::check`] refuses what needs no
/// database, [`BackupRequest::plan`] gives the [`BackupPlan`], and
/// [`BackupRequest::prune_after`] what `--keep` prunes once the dump is written.
#[derive(Debug, Clone)]
pub struct BackupRequest {
    /// `-o`: a file, `s3://BUCKET/KEY` or `-` for standard output; `None`: a new file
    /// in the backup directory (see [`default_dump_path`]).
    pub out: Option<String>,
    /// `None`: from the name (`.zst` zstd, `.gz` gzip, else none); zstd in the backup
    /// directory, none on standard output.
    pub compression: Option<Compression>,
    /// Replace an existing file or object.
    pub force: bool,
    /// `None`: the config's (`backup.dir`, default `./backups`).
    pub backup_dir: Option<PathBuf>,
    /// `--keep N`; `None`: the config's `backup.keep`.
    pub keep: Option<u64>,
    /// See [`BackupPlan::allow_pending`].
    pub allow_pending: bool,
}

impl BackupRequest {
    /// The backup directory: the one asked for, else the config's.
    pub fn dir(&self, settings: &Settings) -> PathBuf {
        self.backup_dir
            .clone()
            .unwrap_or_else(|| settings.backup_dir.clone())
    }

    /// Refuses, before anything connects, `--keep` with `-o` and a backup directory
    /// that is an object URL (backup directories and `--keep` are local only).
    pub fn check(&self, settings: &Settings) -> Result<()> {
        if self.keep.is_some() && self.out.is_some() {
            return Err(Error::Config(
                "--keep prunes the backup directory: leave out -o (the dump then goes to the \
                 backup directory, see --backup-dir)"
                    .into(),
            ));
        }
        if self.out.is_none() {
            object::refuse_as_directory(&self.dir(settings))?;
        }
        Ok(())
    }

    /// The plan of this backup, under the migration lock it takes itself.
    pub fn plan(
        &self,
        settings: &Settings,
        encryption: Encryption,
        sign: Option<std::sync::Arc<SecretKey>>,
    ) -> Result<BackupPlan> {
        let (destination, default_compression) = match self.out.as_deref() {
            Some("-") => (Output::To(Destination::Stdout), Compression::None),
            Some(p) if object::is_object_url(p) => (
                Output::To(Destination::S3 {
                    url: ObjectUrl::parse(p)?,
                    force: self.force,
                }),
                Compression::from_path(p),
            ),
            Some(p) => (
                Output::To(Destination::File {
                    path: PathBuf::from(p),
                    force: self.force,
                }),
                Compression::from_path(p),
            ),
            // Named after the schema version of the snapshot itself, known only once it
            // is taken.
            None => (
                Output::Dir {
                    dir: self.dir(settings),
                    force: self.force,
                },
                Compression::Zstd,
            ),
        };
        Ok(BackupPlan {
            destination,
            compression: self.compression.unwrap_or(default_compression),
            encryption,
            lock: BackupLock::Take(settings.lock_timeout),
            allow_pending: self.allow_pending,
            rolled_back: Vec::new(),
            sign,
        })
    }

    /// The whole request: the backup, then the `--keep` rule once the dump is written
    /// and verified (see `retention`); the pruning report when it pruned.
    pub async fn run(
        &self,
        settings: &Settings,
        engine: &dyn Engine,
        set: &MigrationSet,
        encryption: Encryption,
        sign: Option<std::sync::Arc<SecretKey>>,
        observer: &dyn BackupObserver,
    ) -> Result<(BackupReport, Option<PruneReport>)> {
        let plan = self.plan(settings, encryption, sign)?;
        let report = super::backup(settings, engine, set, &plan, observer).await?;
        let pruned = match self.prune_after(settings) {
            Some((dir, keep)) => Some(retention::prune(&dir, &settings.url.database_name(), keep)?),
            None => None,
        };
        Ok((report, pruned))
    }

    /// The `--keep` rule: the backup directory and how many of the database's newest
    /// dumps to keep there (`retention::prune`), when the dump went to the backup
    /// directory and `--keep` or the config's `backup.keep` asks for it.
    pub fn prune_after(&self, settings: &Settings) -> Option<(PathBuf, usize)> {
        let keep = match self.out {
            None => self.keep.map(|k| k as usize).or(settings.backup_keep),
            Some(_) => None,
        }?;
        Some((self.dir(settings), keep))
    }
}

/// The default path of a dump of `settings`' database at `schema`, in `dir`: the
/// name `backup` and `upgrade` give a dump in a backup directory, which `--keep`
/// (`retention`) recognises by its [`dump_prefix`].
/// Two backups within the same second get `-2`, `-3`... rather than failing.
pub fn default_dump_path(settings: &Settings, dir: &Path, schema: Option<&str>) -> PathBuf {
    let stem = format!(
        "{}{}-{}",
        dump_prefix(&settings.url.database_name()),
        schema.unwrap_or("empty"),
        chrono::Utc::now().format("%Y%m%dT%H%M%SZ")
    );
    let mut path = dir.join(format!("{stem}.sql.zst"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}.sql.zst"));
        n += 1;
    }
    path
}

/// The file-name prefix of a database's dumps: its name with anything but ASCII
/// letters, digits, `_` and `-` replaced by `_`, then `-`.
pub fn dump_prefix(database: &str) -> String {
    let mut s: String = database
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.push('-');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_matches_the_default_backup_name() {
        assert_eq!(dump_prefix("catalog"), "catalog-");
        assert_eq!(dump_prefix("my db.v2"), "my_db_v2-");
    }
}
