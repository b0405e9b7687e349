//! `backups prune` and the retention step of `backup` and `upgrade`: the policy applied
//! to a location, with the dumps that must survive whatever the policy says.
//!
//! Never deleted: the newest dump; the newest dump with a passing drill (evidence whose
//! own digest checks, result `passed`, and whose `dump_sha256` is the trailer digest of
//! the dump beside it: that one dump is read in full to know it, so a dump replaced
//! under a drilled name does not inherit the drill); and the newest pre-upgrade backup
//! of the current release (header `server_version` equal to this program's server
//! version, `schema_version` older: the way back from the upgrade now running).
//!
//! A dump counts when its header reads; files that are not dbshape dumps, and
//! encrypted dumps whose header cannot be read without a key, are left alone and
//! reported. Every decision is made before the first deletion, and deletion is the last
//! step.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::location::{dump_time, Entry, EvidenceRead, HeaderRead, Location, TimeSource};
use super::policy::{decide, Dated, Policy};
use crate::backup::dump_prefix;
use crate::dump::format::Header;
use crate::error::{Error, Result};
use crate::version::Version;

/// What to prune.
#[derive(Debug, Clone)]
pub struct PruneOptions {
    /// The rules.
    pub policy: Policy,
    /// Report only; delete nothing.
    pub dry_run: bool,
    /// Only dumps whose name starts with this database's prefix (see
    /// `backup::dump_prefix`); `None`: every dump of the location, as one series
    /// (`--all-databases`).
    pub database: Option<String>,
    /// This program's server version: its pre-upgrade backup is protected.
    pub server_version: Option<String>,
}

/// One dump and what pruning decided for it.
#[derive(Debug, Clone, Serialize)]
pub struct PrunedDump {
    /// Its name in the location.
    pub name: String,
    /// Its path or `s3://` URL.
    pub path: String,
    /// When it was taken, UTC.
    pub time: DateTime<Utc>,
    /// Where the time comes from: `name`, `header` or `file`.
    pub time_source: TimeSource,
    /// Its schema version.
    pub schema_version: Option<String>,
    /// Kept, or deleted (in a dry run: would be deleted).
    pub keep: bool,
    /// Why (see `policy::Decision::reasons`).
    pub reasons: Vec<String>,
}

/// A file pruning left alone, and why.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedFile {
    /// Its path or `s3://` URL.
    pub path: String,
    /// Why it is not counted as a dump.
    pub reason: String,
}

/// What pruning did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize)]
pub struct PruneReport {
    /// The location, as given.
    pub location: String,
    /// The rules applied.
    pub policy: Policy,
    /// Whether nothing was deleted because only a report was asked for.
    pub dry_run: bool,
    /// The database whose dumps were considered; `None`: all (`--all-databases`).
    pub database: Option<String>,
    /// Every dump considered, newest first, with the decision and its reasons.
    pub dumps: Vec<PrunedDump>,
    /// Paths of the dumps kept, newest first.
    pub kept: Vec<String>,
    /// Paths of the dumps deleted (in a dry run: that would be), newest first.
    pub deleted: Vec<String>,
    /// Files left alone: not dbshape dumps, or encrypted with no key to read them.
    pub skipped: Vec<SkippedFile>,
}

/// A dump that counts, with what was read of it.
struct Counted {
    entry: Entry,
    header: Box<Header>,
    time: DateTime<Utc>,
    time_source: TimeSource,
}

/// Applies `options` to `location`: decides first, then deletes (unless a dry run).
pub fn prune(location: &Location, options: &PruneOptions) -> Result<PruneReport> {
    options.policy.check()?;
    let prefix = options.database.as_deref().map(dump_prefix);
    let mut counted = Vec::new();
    let mut skipped = Vec::new();
    for entry in location.entries()? {
        if prefix.as_ref().is_some_and(|p| !entry.name.starts_with(p)) {
            continue;
        }
        match location.header(&entry) {
            HeaderRead::Read(header) => {
                let (time, time_source) = dump_time(&entry, Some(&header));
                counted.push(Counted {
                    entry,
                    header,
                    time,
                    time_source,
                });
            }
            HeaderRead::Encrypted(why) => skipped.push(SkippedFile {
                path: entry.shown,
                reason: format!(
                    "encrypted, and its header cannot be read ({why}); give the key to let \
                     prune judge it"
                ),
            }),
            HeaderRead::Unreadable(why) => skipped.push(SkippedFile {
                path: entry.shown,
                reason: format!("not a dbshape dump: {why}"),
            }),
        }
    }
    // Newest first; within a second (two backups named alike, `-2`), the file time,
    // then the name.
    counted.sort_by(|a, b| {
        (b.time, b.entry.modified, &b.entry.name).cmp(&(a.time, a.entry.modified, &a.entry.name))
    });
    let protected = protected(location, &counted, options.server_version.as_deref());
    let dated: Vec<Dated> = counted
        .iter()
        .map(|c| Dated {
            name: c.entry.name.clone(),
            time: c.time,
        })
        .collect();
    let decisions = decide(&dated, &options.policy, &protected);
    let by_name: BTreeMap<&str, &Counted> =
        counted.iter().map(|c| (c.entry.name.as_str(), c)).collect();
    let mut report = PruneReport {
        location: location.describe(),
        policy: options.policy,
        dry_run: options.dry_run,
        database: options.database.clone(),
        dumps: Vec::new(),
        kept: Vec::new(),
        deleted: Vec::new(),
        skipped,
    };
    for d in decisions {
        let c = by_name[d.name.as_str()];
        report.dumps.push(PrunedDump {
            name: d.name.clone(),
            path: c.entry.shown.clone(),
            time: d.time,
            time_source: c.time_source,
            schema_version: c.header.schema_version.clone(),
            keep: d.keep,
            reasons: d.reasons,
        });
        if d.keep {
            report.kept.push(c.entry.shown.clone());
        }
    }
    if options.dry_run {
        report.deleted = report
            .dumps
            .iter()
            .filter(|d| !d.keep)
            .map(|d| d.path.clone())
            .collect();
        return Ok(report);
    }
    for d in report.dumps.iter().filter(|d| !d.keep) {
        let c = by_name[d.name.as_str()];
        location.delete(&c.entry).map_err(|e| Error::PruneStopped {
            done: if report.deleted.is_empty() {
                "0 dump(s)".into()
            } else {
                format!(
                    "{} dump(s): {}",
                    report.deleted.len(),
                    report.deleted.join(", ")
                )
            },
            cause: Box::new(e),
        })?;
        report.deleted.push(d.path.clone());
    }
    Ok(report)
}

/// The reasons that keep a dump whatever the policy says, by name: the newest drilled
/// dump and the current release's pre-upgrade backup (`counted` is newest first).
fn protected(
    location: &Location,
    counted: &[Counted],
    server_version: Option<&str>,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in counted {
        let Some(EvidenceRead::Valid(evidence)) = location.evidence(&c.entry) else {
            continue;
        };
        if !evidence.passed() {
            continue;
        }
        // The drill counts only for the very dump it restored.
        let same = match (&evidence.dump_sha256, location.trailer_sha256(&c.entry)) {
            (Some(drilled), Ok(now)) => *drilled == now,
            _ => false,
        };
        if same {
            out.entry(c.entry.name.clone())
                .or_default()
                .push("newest drilled".into());
            break;
        }
    }
    let current = server_version.and_then(|v| Version::parse(v).ok());
    if let Some(current) = current {
        let pre_upgrade = counted.iter().find(|c| {
            let h = &c.header;
            let same_release = h
                .server_version
                .as_deref()
                .and_then(|v| Version::parse(v).ok())
                .is_some_and(|v| v == current);
            let older = h
                .schema_version
                .as_deref()
                .and_then(|v| Version::parse(v).ok())
                .is_some_and(|v| v < current);
            same_release && older
        });
        if let Some(c) = pre_upgrade {
            out.entry(c.entry.name.clone())
                .or_default()
                .push(format!("pre-upgrade of {current}"));
        }
    }
    out
}
