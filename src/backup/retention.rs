//! `backup --keep N`: prune a backup directory down to the newest N dumps of a database.
//!
//! A backup directory is where pipelines pile up pre-upgrade dumps, so pruning it must
//! never delete anything an operator put there by hand. Only files that pass a full
//! `verify` (header, completeness, every digest) count as dumps; everything else,
//! including a dump that no longer verifies, is left alone and reported. Dumps are
//! ordered by the creation time stamped in their header, not by file times, which
//! copies and restores from object storage do not keep; within the stamp's second the
//! modification time decides, then the file name.
//! Only dumps whose name starts with the database's name are considered (the default
//! name of a backup is `<database>-<schema version>-<UTC time>.sql.zst`), so that
//! several databases can share one directory.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{self as backup, Source};
use crate::dump::reader::CheckOnly;
use crate::error::{Error, Result};

/// What pruning did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PruneReport {
    /// The backup directory that was pruned, as given.
    pub dir: String,
    /// How many of the newest verified dumps were to be kept (`--keep N`).
    pub keep: usize,
    /// Dumps kept, newest first.
    pub kept: Vec<String>,
    /// Dumps deleted, newest first.
    pub deleted: Vec<String>,
    /// Files with the database's prefix that are not intact dbshape dumps: never touched.
    pub skipped: Vec<SkippedFile>,
}

/// A file pruning left alone, and why.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedFile {
    /// The file left alone, by its path in the backup directory.
    pub path: String,
    /// Why it is not counted as a dump: the error a full `verify` of it reported.
    pub reason: String,
}

/// One verified dump of a backup directory, with what orders it.
struct Found {
    /// The header's creation stamp (RFC 3339 UTC, one fixed width: orders as text).
    created_at: String,
    modified: std::time::SystemTime,
    path: PathBuf,
    schema_version: Option<String>,
}

impl Found {
    /// Newest first: the stamp, then (within its second) the file time, then the name.
    fn key(&self) -> (&str, std::time::SystemTime, &Path) {
        (&self.created_at, self.modified, &self.path)
    }
}

/// Every file of `dir` named like a dump of `database`: the ones that verify, and the
/// others with the reason. Temporary files of a backup in progress start with `.` and
/// are never looked at.
fn scan(dir: &Path, database: &str) -> Result<(Vec<Found>, Vec<SkippedFile>)> {
    let prefix = backup::dump_prefix(database);
    let entries =
        std::fs::read_dir(dir).map_err(|e| Error::io("list the backup directory", dir, e))?;
    let (mut found, mut skipped) = (Vec::new(), Vec::new());
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("list the backup directory", dir, e))?;
        let path = entry.path();
        if !entry.file_name().to_string_lossy().starts_with(&prefix) || !path.is_file() {
            continue;
        }
        match backup::verify(&Source::File(path.clone()), &mut CheckOnly) {
            Ok(summary) => found.push(Found {
                created_at: summary.header.created_at,
                modified: entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH),
                path,
                schema_version: summary.header.schema_version,
            }),
            Err(e) => skipped.push(SkippedFile {
                path: path.display().to_string(),
                reason: e.to_string(),
            }),
        }
    }
    found.sort_by(|a, b| b.key().cmp(&a.key()));
    Ok((found, skipped))
}

/// Keeps the newest `keep` verified dumps of `database` in `dir`; deletes the others.
pub fn prune(dir: &Path, database: &str, keep: usize) -> Result<PruneReport> {
    if keep == 0 {
        return Err(Error::Config(
            "--keep 0 would delete every dump; give 1 or more".into(),
        ));
    }
    let (found, skipped) = scan(dir, database)?;
    let mut report = PruneReport {
        dir: dir.display().to_string(),
        keep,
        skipped,
        ..PruneReport::default()
    };
    for (i, dump) in found.into_iter().enumerate() {
        let shown = dump.path.display().to_string();
        if i < keep {
            report.kept.push(shown);
        } else {
            std::fs::remove_file(&dump.path)
                .map_err(|e| Error::io("delete the old dump", &dump.path, e))?;
            report.deleted.push(shown);
        }
    }
    Ok(report)
}

/// The newest intact dump of `database` in `dir` at `schema_version`, if any.
pub fn newest_dump(dir: &Path, database: &str, schema_version: Option<&str>) -> Option<PathBuf> {
    let (found, _) = scan(dir, database).ok()?;
    found
        .into_iter()
        .find(|d| d.schema_version.as_deref() == schema_version)
        .map(|d| d.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_zero_is_refused() {
        let dir = std::env::temp_dir();
        assert_eq!(prune(&dir, "x", 0).unwrap_err().exit_code(), 2);
    }
}
