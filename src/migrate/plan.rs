//! Compares the migration set with the change log: what is applied, pending, drifted.
//!
//! This is pure logic (no database), shared by `info`, `validate` and `migrate`, so all
//! three always agree on what state a version is in.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::migrate::changelog::{AppliedVersion, Status};
use crate::migrate::set::MigrationSet;
use crate::version::Version;

/// The state of one version, comparing the set with the change log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Applied, and the files still match.
    Ok,
    /// Not applied yet.
    Pending,
    /// Not applied, lower than the schema version (needs `--allow-out-of-order`).
    OutOfOrder,
    /// Applied, but the files changed since.
    Changed,
    /// Applied, but no longer in the migration set.
    Missing,
    /// Applied, newer than this binary's server version.
    UnknownNewer,
    /// A statement failed; `migrate` retries it.
    Failed,
    /// A run died part-way (MySQL or a no-transaction file); `migrate` resumes it.
    Incomplete,
}

impl State {
    /// The state as `info` and `validate` show it: `ok`, `pending`, `out-of-order`,
    /// `changed`, `missing`, `unknown-newer`, `failed` or `incomplete`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Pending => "pending",
            State::OutOfOrder => "out-of-order",
            State::Changed => "changed",
            State::Missing => "missing",
            State::UnknownNewer => "unknown-newer",
            State::Failed => "failed",
            State::Incomplete => "incomplete",
        }
    }
}

/// One version as `info` shows it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The version, from the set or the change log.
    pub version: Version,
    /// The recorded description unless it is empty, else the set's.
    pub description: String,
    /// Change-log status, or `None` when never applied.
    pub status: Option<Status>,
    /// What the comparison of the set with the change log found.
    pub state: State,
    /// The checksum in the change log, else the set's.
    pub checksum: String,
    /// The set's checksum, when the version is in the set.
    pub current_checksum: Option<String>,
    /// The version's change-log row; `None` when it has none.
    pub applied: Option<AppliedVersion>,
}

/// Everything `info` and `validate` report.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// The highest COMPLETED version of the change log; `None` when there is none.
    pub schema_version: Option<Version>,
    /// The highest version of the set; `None` for an empty set.
    pub server_version: Option<Version>,
    /// Every version of the set and of the change log, in version order.
    pub entries: Vec<Entry>,
}

impl Assessment {
    /// Compares `set` with the change log `log`.
    pub fn new(set: &MigrationSet, log: &[AppliedVersion]) -> Assessment {
        let server_version = set.server_version().cloned();
        let schema_version = log
            .iter()
            .filter(|r| r.status == Status::Completed)
            .map(|r| r.version.clone())
            .max();
        let applied: BTreeMap<&Version, &AppliedVersion> =
            log.iter().map(|r| (&r.version, r)).collect();
        let mut entries = Vec::new();
        for v in &set.versions {
            let row = applied.get(&v.version).copied();
            let state = match row.map(|r| r.status) {
                Some(Status::Completed) if r_checksum(row) == v.checksum => State::Ok,
                Some(Status::Completed) => State::Changed,
                Some(Status::Failed) => State::Failed,
                Some(Status::Started) => State::Incomplete,
                None if schema_version.as_ref().is_some_and(|s| &v.version < s) => {
                    State::OutOfOrder
                }
                None => State::Pending,
            };
            entries.push(Entry {
                version: v.version.clone(),
                description: row
                    .map(|r| r.description.clone())
                    .filter(|d| !d.is_empty())
                    .unwrap_or_else(|| v.description.clone()),
                status: row.map(|r| r.status),
                state,
                checksum: row
                    .map(|r| r.checksum.clone())
                    .unwrap_or_else(|| v.checksum.clone()),
                current_checksum: Some(v.checksum.clone()),
                applied: row.cloned(),
            });
        }
        for r in log {
            if set.get(&r.version).is_some() {
                continue;
            }
            let newer = server_version.as_ref().is_none_or(|s| &r.version > s);
            entries.push(Entry {
                version: r.version.clone(),
                description: r.description.clone(),
                status: Some(r.status),
                state: if newer {
                    State::UnknownNewer
                } else {
                    State::Missing
                },
                checksum: r.checksum.clone(),
                current_checksum: None,
                applied: Some(r.clone()),
            });
        }
        entries.sort_by(|a, b| a.version.cmp(&b.version));
        Assessment {
            schema_version,
            server_version,
            entries,
        }
    }

    /// Versions not yet completed, in order.
    pub fn pending(&self) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| {
                matches!(
                    e.state,
                    State::Pending | State::OutOfOrder | State::Failed | State::Incomplete
                )
            })
            .collect()
    }

    /// Entries in a given state.
    pub fn in_state(&self, state: State) -> Vec<&Entry> {
        self.entries.iter().filter(|e| e.state == state).collect()
    }

    /// The highest version recorded in the change log in any status, when it is above
    /// this binary's server version: the database belongs to a newer dbshape.
    pub fn newer_than_server(&self) -> Option<&Version> {
        self.entries
            .iter()
            .filter(|e| e.state == State::UnknownNewer)
            .map(|e| &e.version)
            .max()
    }
}

fn r_checksum(row: Option<&AppliedVersion>) -> &str {
    row.map(|r| r.checksum.as_str()).unwrap_or("")
}
