//! `drill --latest LOCATION` and `drill --check`: the newest backup of a location, and
//! whether it has a passing drill recent enough.
//!
//! Monitoring asks one question of a backup location: could we restore the newest
//! backup, as of a drill no older than a week? The answer comes from the evidence next
//! to the newest dump (`dump::evidence`), and counts only when the record's own digest
//! checks, it says `passed`, it is recent enough, and it was made of this very content
//! (its `dump_sha256` is the dump's trailer digest: a dump rewritten under the same name
//! does not inherit its predecessor's drill). Anything else is an answer with a reason
//! and an exit code that tells "the drill failed" (5) from "no recent passing drill" (3).

use chrono::{Duration, Utc};
use serde::Serialize;

use crate::backup::dump_prefix;
use crate::backups::list::{scan, ListedDump};
use crate::backups::location::Entry;
use crate::backups::Location;
use crate::error::{exit, Error, Result};

/// The newest backup of a location: a dump whose header reads, or a file that should
/// be one and is not (damaged in its first bytes), which is no less the newest backup.
#[derive(Debug, Clone)]
pub enum Newest {
    /// A dump, as `backups list` shows it, and its file.
    Dump(Box<ListedDump>, Entry),
    /// A file of the location that does not read as a dump, and why.
    Unreadable {
        /// Its path or URL.
        path: String,
        /// Why it does not read.
        reason: String,
    },
}

impl Newest {
    /// Its path or `s3://` URL.
    pub fn path(&self) -> &str {
        match self {
            Newest::Dump(d, _) => &d.path,
            Newest::Unreadable { path, .. } => path,
        }
    }
}

/// The newest backup of `location`, ordered as `backups list` orders dumps (see
/// `backups::list::Scanned::rank`); of `database` only (its default name's prefix) when
/// given.
pub fn newest(location: &Location, database: Option<&str>) -> Result<Option<Newest>> {
    let prefix = database.map(dump_prefix);
    let newest = scan(location, Utc::now())?
        .into_iter()
        .filter(|s| prefix.as_ref().is_none_or(|p| s.entry.name.starts_with(p)))
        .max_by(|a, b| a.rank().cmp(&b.rank()));
    Ok(newest.map(|s| match s.read {
        Ok(d) => Newest::Dump(Box::new(d), s.entry),
        Err(o) => Newest::Unreadable {
            path: o.path,
            reason: o.reason,
        },
    }))
}

/// `7d`, `36h`, `90m`, `3600s` or seconds: how old the last passing drill may be.
pub fn parse_age(text: &str) -> Result<Duration> {
    let t = text.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: i64 = digits.parse().map_err(|_| bad_age(text))?;
    let unit_seconds = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return Err(bad_age(text)),
    };
    // An age too large for a duration is no age either (never an overflow).
    n.checked_mul(unit_seconds)
        .filter(|_| n > 0)
        .and_then(Duration::try_seconds)
        .ok_or_else(|| bad_age(text))
}

fn bad_age(text: &str) -> Error {
    Error::Config(format!(
        "--max-drill-age `{text}` is not an age: give a number and a unit, such as 7d, 36h, 90m or 3600s"
    ))
}

/// What `drill --check` found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// The location, as given.
    pub location: String,
    /// The newest dump (of the configured database unless all databases were asked for).
    pub newest: Option<ListedDump>,
    /// How old the last passing drill may be, in seconds.
    pub max_drill_age_seconds: i64,
    /// Whether the newest dump has a passing drill that recent.
    pub ok: bool,
    /// Why not, or what passed.
    pub reason: String,
    /// 0 when ok; 5 when its last drill failed or it does not read as a dump; 3 when
    /// there is no passing drill recent enough (none, too old, not counting, of other
    /// content, or no dump at all).
    pub exit_code: i32,
}

/// Judges the newest dump of `location` (see the module documentation).
pub fn check(
    location: &Location,
    database: Option<&str>,
    max_age: Duration,
) -> Result<CheckReport> {
    let newest = newest(location, database)?;
    let mut report = CheckReport {
        location: location.describe(),
        newest: match &newest {
            Some(Newest::Dump(d, _)) => Some((**d).clone()),
            _ => None,
        },
        max_drill_age_seconds: max_age.num_seconds(),
        ok: false,
        reason: String::new(),
        exit_code: exit::PENDING,
    };
    let (dump, entry) = match newest {
        Some(Newest::Dump(d, entry)) => (d, entry),
        Some(Newest::Unreadable { path, reason }) => {
            report.reason = format!("the newest backup, {path}, does not read as a dump: {reason}");
            report.exit_code = exit::INTEGRITY;
            return Ok(report);
        }
        None => {
            report.reason = match database {
                Some(db) => format!("{} holds no dump of database {db}", location.describe()),
                None => format!("{} holds no dump", location.describe()),
            };
            return Ok(report);
        }
    };
    let Some(drill) = &dump.drill else {
        report.reason = format!("the newest dump, {}, was never drilled", dump.path);
        return Ok(report);
    };
    if !drill.valid {
        report.reason = format!(
            "the evidence of the newest dump, {}, does not count: {}",
            dump.path,
            drill.error.as_deref().unwrap_or("unreadable")
        );
        return Ok(report);
    }
    let at = drill.drilled_at.as_deref().unwrap_or("-");
    if drill.result.as_deref() != Some("passed") {
        report.reason = format!(
            "the last drill of the newest dump, {}, failed at {at}: {}",
            dump.path,
            drill.error.as_deref().unwrap_or("-")
        );
        report.exit_code = exit::INTEGRITY;
        return Ok(report);
    }
    let when = chrono::DateTime::parse_from_rfc3339(at).map(|t| t.with_timezone(&Utc));
    let too_old = when.is_ok_and(|t| Utc::now() - t > max_age);
    if when.is_err() || too_old {
        report.reason = format!(
            "the last passing drill of the newest dump, {}, was at {at}, longer ago than {}",
            dump.path,
            describe_age(max_age)
        );
        return Ok(report);
    }
    // Of this very content: the whole dump is read once for its trailer digest.
    let sha256 = location.trailer_sha256(&entry)?;
    if drill.dump_sha256.as_deref() != Some(sha256.as_str()) {
        report.reason = format!(
            "the evidence next to the newest dump, {}, is of other content (a dump rewritten \
             under the same name): it was never drilled as it is now",
            dump.path
        );
        return Ok(report);
    }
    report.ok = true;
    report.exit_code = 0;
    report.reason = format!(
        "the newest dump, {}, passed its drill at {at}, within {}",
        dump.path,
        describe_age(max_age)
    );
    Ok(report)
}

fn describe_age(age: Duration) -> String {
    let s = age.num_seconds();
    match s {
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_with_their_units() {
        assert_eq!(parse_age("7d").unwrap(), Duration::days(7));
        assert_eq!(parse_age("36h").unwrap(), Duration::hours(36));
        assert_eq!(parse_age("90m").unwrap(), Duration::minutes(90));
        assert_eq!(parse_age("3600").unwrap(), Duration::hours(1));
        assert_eq!(parse_age("2w").unwrap(), Duration::days(14));
        for bad in [
            "",
            "d",
            "7y",
            "0d",
            "-1d",
            "1.5h",
            "9223372036854775807w",
            "9000000000000000000",
            "99999999999999999d",
        ] {
            assert_eq!(parse_age(bad).unwrap_err().exit_code(), 2, "{bad}");
        }
        assert_eq!(describe_age(Duration::days(7)), "7d");
        assert_eq!(describe_age(Duration::minutes(90)), "90m");
    }
}
