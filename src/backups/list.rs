//! `backups list`: every dump of a location with its version, size, age and last drill
//! result, read from headers and evidence only, so listing costs a few kilobytes per
//! dump whatever the dumps' sizes.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::location::{dump_time, Entry, EvidenceRead, HeaderRead, Location, TimeSource};
use crate::error::Result;

/// One dump of a location.
#[derive(Debug, Clone, Serialize)]
pub struct ListedDump {
    /// Its name in the location.
    pub name: String,
    /// Its path or `s3://` URL.
    pub path: String,
    /// Bytes stored.
    pub size: u64,
    /// When it was taken, UTC (see [`ListedDump::time_source`]).
    pub time: DateTime<Utc>,
    /// Where [`ListedDump::time`] comes from: `name`, `header` or `file`.
    pub time_source: TimeSource,
    /// Seconds from [`ListedDump::time`] to the listing.
    pub age_seconds: i64,
    /// Whether the dump is encrypted and its header could not be read (no key given).
    pub encrypted: bool,
    /// The header's schema version (absent when the header was not read).
    pub schema_version: Option<String>,
    /// The header's server version: the release that wrote the dump.
    pub server_version: Option<String>,
    /// The header's SQL dialect.
    pub dialect: Option<String>,
    /// The dbshape version that wrote it.
    pub tool_version: Option<String>,
    /// The last drill of this dump, when a `.drill.json` lies beside it.
    pub drill: Option<DrillState>,
}

/// The drill evidence beside a dump.
#[derive(Debug, Clone, Serialize)]
pub struct DrillState {
    /// `passed` or `failed`; absent when the record does not count.
    pub result: Option<String>,
    /// When the drill ended (UTC, RFC 3339).
    pub drilled_at: Option<String>,
    /// The trailer digest of the dump the drill restored (compare with `verify`'s `sha256`).
    pub dump_sha256: Option<String>,
    /// Whether the record counts: it reads and its own digest checks.
    pub valid: bool,
    /// Why it does not count, or why the drill failed.
    pub error: Option<String>,
}

/// A file of the location that is not a readable dump.
#[derive(Debug, Clone, Serialize)]
pub struct OtherFile {
    /// Its path or `s3://` URL.
    pub path: String,
    /// Why it is not counted as a dump.
    pub reason: String,
}

/// What `backups list` found.
#[derive(Debug, Clone, Serialize)]
pub struct ListReport {
    /// The location, as given.
    pub location: String,
    /// When the listing was made, UTC.
    pub listed_at: DateTime<Utc>,
    /// The dumps, newest first.
    pub dumps: Vec<ListedDump>,
    /// Files that are not readable dumps (never touched by `prune`).
    pub other: Vec<OtherFile>,
}

/// A file of a location as a listing reads it: a dump, or a file that should be one
/// and does not read as one.
pub struct Scanned {
    /// The file.
    pub entry: Entry,
    /// The dump, or why the file is not counted as one.
    pub read: std::result::Result<ListedDump, OtherFile>,
}

impl Scanned {
    /// What orders files newest first, as `prune` orders dumps: the dump's time (for a
    /// file that does not read, the time in its name, else its file time), then, for
    /// two of one second (`...Z` and `...Z-2`), the file time, then the name.
    pub fn rank(&self) -> (DateTime<Utc>, DateTime<Utc>, &str) {
        let time = match &self.read {
            Ok(d) => d.time,
            Err(_) => dump_time(&self.entry, None).0,
        };
        (time, self.entry.modified, &self.entry.name)
    }
}

/// Reads every file of `location` that may be a dump: its header and its evidence, in
/// the location's (name) order; ages are counted to `now`.
pub fn scan(location: &Location, now: DateTime<Utc>) -> Result<Vec<Scanned>> {
    let mut out = Vec::new();
    for entry in location.entries()? {
        let (header, encrypted) = match location.header(&entry) {
            HeaderRead::Read(h) => (Some(h), false),
            HeaderRead::Encrypted(_) => (None, true),
            HeaderRead::Unreadable(reason) => {
                let other = OtherFile {
                    path: entry.shown.clone(),
                    reason,
                };
                out.push(Scanned {
                    entry,
                    read: Err(other),
                });
                continue;
            }
        };
        let (time, time_source) = dump_time(&entry, header.as_deref());
        let drill = location.evidence(&entry).map(|e| match e {
            EvidenceRead::Valid(e) => DrillState {
                result: Some(e.result.as_str().to_string()),
                drilled_at: Some(e.drilled_at.clone()),
                dump_sha256: e.dump_sha256.clone(),
                valid: true,
                error: e.error.clone(),
            },
            EvidenceRead::Invalid(why) => DrillState {
                result: None,
                drilled_at: None,
                dump_sha256: None,
                valid: false,
                error: Some(why),
            },
        });
        let dump = ListedDump {
            name: entry.name.clone(),
            path: entry.shown.clone(),
            size: entry.size,
            time,
            time_source,
            age_seconds: (now - time).num_seconds(),
            encrypted,
            schema_version: header.as_ref().and_then(|h| h.schema_version.clone()),
            server_version: header.as_ref().and_then(|h| h.server_version.clone()),
            dialect: header.as_ref().map(|h| h.dialect.to_string()),
            tool_version: header.as_ref().map(|h| h.tool_version.clone()),
            drill,
        };
        out.push(Scanned {
            entry,
            read: Ok(dump),
        });
    }
    Ok(out)
}

/// Lists every dump of `location`, newest first (see [`Scanned::rank`]), and the files
/// that do not read as dumps, by name.
pub fn list(location: &Location) -> Result<ListReport> {
    let listed_at = Utc::now();
    let mut scanned = scan(location, listed_at)?;
    scanned.sort_by(|a, b| b.rank().cmp(&a.rank()));
    let (mut dumps, mut other) = (Vec::new(), Vec::new());
    for s in scanned {
        match s.read {
            Ok(d) => dumps.push(d),
            Err(o) => other.push((s.entry.name, o)),
        }
    }
    other.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(ListReport {
        location: location.describe(),
        listed_at,
        dumps,
        other: other.into_iter().map(|(_, o)| o).collect(),
    })
}
