//! A backup location: a local directory or an S3 prefix (`s3://BUCKET/PREFIX/`), seen
//! the same way by `backups list` and `backups prune`, so that retention works alike on
//! both.
//!
//! What a location offers is what retention needs and nothing more: the dump files in it
//! (drill evidence `*.drill.json` and dot-files, the temporary files of a backup in
//! progress, are not dumps), their size and time, a dump's header read from its first
//! lines only (listing a hundred dumps must not read a hundred dumps), the evidence a
//! drill left beside a dump, a full read of one dump when its trailer digest is needed,
//! and deleting a dump together with its evidence.
//!
//! The time of a dump is the UTC time in its default name
//! (`<db>-<version>-<YYYYmmddTHHMMSSZ>...`) when it has one, else the header's
//! `created_at`, else the file's or object's time: names survive copies between
//! buckets and disks, which file times do not, and an object's time cannot be set.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

use crate::backup::{self, Source};
use crate::dump::crypt;
use crate::dump::evidence::{Evidence, EVIDENCE_SUFFIX};
use crate::dump::format::Header;
use crate::dump::object::{self, ObjectPrefix, ObjectSource, ObjectUrl};
use crate::dump::reader::{self, CheckOnly};
use crate::error::{Error, Result};

/// Evidence files larger than this are not drill evidence (a record is about 1 KiB).
const EVIDENCE_LIMIT: u64 = 1 << 20;

/// Where dumps are kept.
#[derive(Debug, Clone)]
pub enum Location {
    /// A local directory.
    Dir(PathBuf),
    /// An S3 prefix.
    Prefix(ObjectPrefix),
}

/// One file of a location that may be a dump.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its name within the location.
    pub name: String,
    /// Its path or `s3://` URL, as messages and reports show it.
    pub shown: String,
    /// Bytes stored.
    pub size: u64,
    /// The file's or object's modification time.
    pub modified: DateTime<Utc>,
    /// Whether a `<name>.drill.json` lies beside it.
    pub has_evidence: bool,
    url: Option<ObjectUrl>,
}

/// What the first lines of a dump said.
#[derive(Debug, Clone)]
pub enum HeaderRead {
    /// The header, checked as `verify` checks it.
    Read(Box<Header>),
    /// An encrypted dump whose header cannot be read without its key.
    Encrypted(String),
    /// Not a dbshape dump, or one damaged in its first lines: the error.
    Unreadable(String),
}

/// Where a dump's time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeSource {
    /// The UTC time in its default name.
    Name,
    /// The header's `created_at`.
    Header,
    /// The file's or object's modification time.
    File,
}

/// A drill's evidence beside a dump, as read.
#[derive(Debug, Clone)]
pub enum EvidenceRead {
    /// A record whose own digest checks.
    Valid(Box<Evidence>),
    /// A record that does not count, and why (edited, damaged, unreadable).
    Invalid(String),
}

impl Location {
    /// `s3://BUCKET/PREFIX/` is a prefix, anything else a directory.
    pub fn parse(s: &str) -> Result<Location> {
        if object::is_object_url(s) {
            Ok(Location::Prefix(ObjectPrefix::parse(s)?))
        } else {
            Ok(Location::Dir(PathBuf::from(s)))
        }
    }

    /// The location as given, for messages and reports.
    pub fn describe(&self) -> String {
        match self {
            Location::Dir(d) => d.display().to_string(),
            Location::Prefix(p) => p.to_string(),
        }
    }

    /// Every file that may be a dump (not evidence, not a dot-file, not a directory),
    /// by name.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        let mut found = Vec::new();
        match self {
            Location::Dir(dir) => {
                let listing = std::fs::read_dir(dir)
                    .map_err(|e| Error::io("list the backup directory", dir, e))?;
                for entry in listing {
                    let entry =
                        entry.map_err(|e| Error::io("list the backup directory", dir, e))?;
                    let meta = match entry.metadata() {
                        Ok(m) if m.is_file() => m,
                        _ => continue,
                    };
                    let path = entry.path();
                    found.push(Entry {
                        name: entry.file_name().to_string_lossy().into_owned(),
                        shown: path.display().to_string(),
                        size: meta.len(),
                        modified: meta
                            .modified()
                            .map(DateTime::<Utc>::from)
                            .unwrap_or_default(),
                        has_evidence: false,
                        url: None,
                    });
                }
            }
            Location::Prefix(prefix) => {
                for o in prefix.list()? {
                    found.push(Entry {
                        shown: o.url.to_string(),
                        name: o.name,
                        size: o.size,
                        modified: o.modified,
                        has_evidence: false,
                        url: Some(o.url),
                    });
                }
            }
        }
        let evidence: BTreeSet<String> = found
            .iter()
            .filter_map(|e| e.name.strip_suffix(EVIDENCE_SUFFIX).map(str::to_string))
            .collect();
        found.retain(|e| !e.name.starts_with('.') && !e.name.ends_with(EVIDENCE_SUFFIX));
        for e in &mut found {
            e.has_evidence = evidence.contains(&e.name);
        }
        found.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(found)
    }

    /// The dump as a source to read.
    pub fn source(&self, entry: &Entry) -> Source {
        match &entry.url {
            Some(url) => Source::S3(ObjectSource::new(url.clone())),
            None => Source::File(PathBuf::from(&entry.shown)),
        }
    }

    /// Reads the magic line and the header, nothing further.
    pub fn header(&self, entry: &Entry) -> HeaderRead {
        let read = self
            .source(entry)
            .open()
            .and_then(|(_, input)| reader::read_header(input));
        match read {
            Ok(h) => HeaderRead::Read(Box::new(h)),
            Err(e) if self.is_encrypted(entry) => HeaderRead::Encrypted(e.to_string()),
            Err(e) => HeaderRead::Unreadable(e.to_string()),
        }
    }

    /// Whether the dump's first bytes are an age file's.
    fn is_encrypted(&self, entry: &Entry) -> bool {
        let mut head = [0u8; 64];
        let read = match &entry.url {
            Some(url) => ObjectSource::new(url.clone())
                .open()
                .ok()
                .and_then(|mut d| read_head(&mut d, &mut head)),
            None => std::fs::File::open(&entry.shown)
                .ok()
                .and_then(|mut f| read_head(&mut f, &mut head)),
        };
        read.is_some_and(|n| crypt::is_encrypted(&head[..n]))
    }

    /// The drill evidence beside the dump, if any.
    pub fn evidence(&self, entry: &Entry) -> Option<EvidenceRead> {
        if !entry.has_evidence {
            return None;
        }
        let bytes = match &entry.url {
            Some(url) => ObjectUrl::parse(&format!("{url}{EVIDENCE_SUFFIX}"))
                .and_then(|u| object::read_small(&u, EVIDENCE_LIMIT)),
            None => {
                let path = PathBuf::from(format!("{}{EVIDENCE_SUFFIX}", entry.shown));
                match std::fs::metadata(&path) {
                    Ok(m) if m.len() > EVIDENCE_LIMIT => Err(Error::Config(format!(
                        "{}: {} bytes, too large for drill evidence",
                        path.display(),
                        m.len()
                    ))),
                    _ => std::fs::read(&path)
                        .map(Some)
                        .map_err(|e| Error::io("read the drill evidence", &path, e)),
                }
            }
        };
        Some(match bytes {
            Ok(Some(b)) => match Evidence::from_json(&String::from_utf8_lossy(&b)) {
                Ok(e) => EvidenceRead::Valid(Box::new(e)),
                Err(why) => EvidenceRead::Invalid(why),
            },
            // Listed a moment ago, gone now: another prune, or a drill rewriting it.
            Ok(None) => return None,
            Err(e) => EvidenceRead::Invalid(e.to_string()),
        })
    }

    /// Reads the whole dump as `verify` does and returns its trailer's SHA-256.
    pub fn trailer_sha256(&self, entry: &Entry) -> Result<String> {
        Ok(backup::verify(&self.source(entry), &mut CheckOnly)?
            .trailer
            .sha256)
    }

    /// Deletes the dump, then its evidence (a record without its dump means nothing).
    pub fn delete(&self, entry: &Entry) -> Result<()> {
        match &entry.url {
            Some(url) => {
                object::delete(url)?;
                if entry.has_evidence {
                    object::delete(&ObjectUrl::parse(&format!("{url}{EVIDENCE_SUFFIX}"))?)?;
                }
            }
            None => {
                let path = PathBuf::from(&entry.shown);
                std::fs::remove_file(&path)
                    .map_err(|e| Error::io("delete the old dump", &path, e))?;
                if entry.has_evidence {
                    let evidence = PathBuf::from(format!("{}{EVIDENCE_SUFFIX}", entry.shown));
                    match std::fs::remove_file(&evidence) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(Error::io("delete the drill evidence", &evidence, e)),
                    }
                }
            }
        }
        Ok(())
    }
}

/// Fills `buf` as far as the input goes; the count read.
fn read_head(input: &mut dyn Read, buf: &mut [u8]) -> Option<usize> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(_) => return None,
        }
    }
    Some(n)
}

/// The UTC time in a default dump name (`<db>-<version>-<YYYYmmddTHHMMSSZ>[-N].sql...`):
/// the first `-`-separated part that starts with such a stamp.
pub fn name_time(name: &str) -> Option<DateTime<Utc>> {
    name.split('-').skip(1).find_map(|part| {
        let stamp = part.get(..16)?;
        let rest = &part[16..];
        if !(rest.is_empty() || rest.starts_with('.')) {
            return None;
        }
        NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ")
            .ok()
            .map(|t| t.and_utc())
    })
}

/// A dump's time and where it came from (see the module documentation).
pub fn dump_time(entry: &Entry, header: Option<&Header>) -> (DateTime<Utc>, TimeSource) {
    if let Some(t) = name_time(&entry.name) {
        return (t, TimeSource::Name);
    }
    if let Some(t) = header.and_then(|h| h.created_at.parse::<DateTime<Utc>>().ok()) {
        return (t, TimeSource::Header);
    }
    (entry.modified, TimeSource::File)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_in_a_default_name_is_found() {
        let t = |s: &str| name_time(s).map(|t| t.to_rfc3339());
        assert_eq!(
            t("catalog-1.3.1-20261205T030000Z.sql.zst").as_deref(),
            Some("2026-12-05T03:00:00+00:00")
        );
        assert_eq!(
            t("my_db-1.2.0-collate-20261205T030001Z-2.sql.zst").as_deref(),
            Some("2026-12-05T03:00:01+00:00")
        );
        assert_eq!(
            t("catalog-empty-20261205T030000Z.sql").as_deref(),
            Some("2026-12-05T03:00:00+00:00")
        );
        assert_eq!(t("catalog-1.3.1.sql.zst"), None);
        assert_eq!(t("20261205T030000Z.sql"), None);
        assert_eq!(t("catalog-1.3.1-20261399T030000Z.sql"), None);
        assert_eq!(t("catalog-1.3.1-20261205T030000Zextra"), None);
    }
}
