//! The newest intact dump of a database in a backup directory, which `upgrade` falls
//! back on when an earlier run left a version half-applied (see `upgrade::PreBackup`).
//!
//! Only files that pass a full `verify` (header, completeness, every digest) count:
//! this dump is about to be the only way back. Dumps are
//! ordered by the creation time stamped in their header, not by file times, which
//! copies and restores from object storage do not keep; within the stamp's second the
//! modification time decides, then the file name.
//! Only dumps whose name starts with the database's name are considered (the default
//! name of a backup is `<database>-<schema version>-<UTC time>.sql.zst`), so that
//! several databases can share one directory.

use std::path::{Path, PathBuf};

use super::{self as backup, Source};
use crate::dump::reader::CheckOnly;
use crate::error::{Error, Result};

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

/// Every file of `dir` named like a dump of `database` that verifies. Temporary files of a backup in progress start with `.` and
/// are never looked at.
fn scan(dir: &Path, database: &str) -> Result<Vec<Found>> {
    let prefix = backup::dump_prefix(database);
    let entries =
        std::fs::read_dir(dir).map_err(|e| Error::io("list the backup directory", dir, e))?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("list the backup directory", dir, e))?;
        let path = entry.path();
        if !entry.file_name().to_string_lossy().starts_with(&prefix) || !path.is_file() {
            continue;
        }
        // A file that does not verify is never the one to fall back on.
        if let Ok(summary) = backup::verify(&Source::File(path.clone()), &mut CheckOnly) {
            found.push(Found {
                created_at: summary.header.created_at,
                modified: entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH),
                path,
                schema_version: summary.header.schema_version,
            });
        }
    }
    found.sort_by(|a, b| b.key().cmp(&a.key()));
    Ok(found)
}

/// The newest intact dump of `database` in `dir` at `schema_version`, if any.
pub fn newest_dump(dir: &Path, database: &str, schema_version: Option<&str>) -> Option<PathBuf> {
    let found = scan(dir, database).ok()?;
    found
        .into_iter()
        .find(|d| d.schema_version.as_deref() == schema_version)
        .map(|d| d.path)
}
