//! Where `backup` writes: the destination as the command line and the config ask for
//! it ([`BackupRequest`]), and the name a dump gets in a backup directory (local or an
//! S3 prefix), which `upgrade` gives its pre-upgrade dump too and retention
//! (`crate::backups`) recognises.

use std::path::{Path, PathBuf};

use crate::config::Settings;
use crate::dump::codec::Compression;
use crate::dump::crypt::Encryption;
use crate::dump::object::{self, ObjectPrefix, ObjectUrl};
use crate::dump::writer::Destination;
use crate::error::Result;

use super::{BackupLock, BackupPlan, Output};
use crate::dump::sign::SecretKey;

/// A backup as the command line (and the config) asks for it, before its destination
/// is settled: [`BackupRequest::check`] refuses what needs no database, and
/// [`BackupRequest::plan`] gives the [`BackupPlan`]. Retention after the backup is
/// `crate::backups::backup_and_prune`'s.
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
    /// `None`: the config's (`backup.dir`, default `./backups`); a local directory or an
    /// S3 prefix (`s3://BUCKET/PREFIX/`).
    pub backup_dir: Option<PathBuf>,
    /// See [`BackupPlan::allow_pending`].
    pub allow_pending: bool,
}

impl BackupRequest {
    /// The backup directory: the one asked for, else the config's; a local directory or
    /// an S3 prefix (`s3://BUCKET/PREFIX/`).
    pub fn dir(&self, settings: &Settings) -> PathBuf {
        self.backup_dir
            .clone()
            .unwrap_or_else(|| settings.backup_dir.clone())
    }

    /// Refuses, before anything connects, a backup directory that is neither a local
    /// path nor a well-formed S3 prefix.
    pub fn check(&self, settings: &Settings) -> Result<()> {
        let dir = self.dir(settings);
        if self.out.is_none() && object::is_object_url(&dir.to_string_lossy()) {
            ObjectPrefix::parse(&dir.to_string_lossy())?;
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
}

/// The default name of a dump of `settings`' database at `schema`, taken now, without
/// the `-2`, `-3`... a second dump within the same second gets in a directory:
/// `<database>-<schema version>-<UTC time>.sql.zst`.
pub fn default_dump_name(settings: &Settings, schema: Option<&str>) -> String {
    format!("{}.sql.zst", default_stem(settings, schema))
}

fn default_stem(settings: &Settings, schema: Option<&str>) -> String {
    format!(
        "{}{}-{}",
        dump_prefix(&settings.url.database_name()),
        schema.unwrap_or("empty"),
        chrono::Utc::now().format("%Y%m%dT%H%M%SZ")
    )
}

/// The default path of a dump of `settings`' database at `schema`, in `dir`: the
/// name `backup` and `upgrade` give a dump in a backup directory, which retention
/// recognises by its [`dump_prefix`].
/// Two backups within the same second get `-2`, `-3`... rather than failing.
pub fn default_dump_path(settings: &Settings, dir: &Path, schema: Option<&str>) -> PathBuf {
    let stem = default_stem(settings, schema);
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
