//! The time zone that decides which day, ISO week and month a dump belongs to
//! (`--time-zone`): a backup taken on Tuesday at 23:30 in Berlin is Tuesday's there but
//! Wednesday's in UTC+14, so "keep one a day" is asked in the zone the operator thinks
//! in.
//!
//! Accepted: `UTC` (or `Z`), a fixed offset `+HH:MM`/`-HH:MM`, and `local`, the
//! machine's zone (the default; `TZ` is honoured), with its daylight-saving changes.
//! IANA names (`Europe/Berlin`) are not accepted: reading them needs the tz database,
//! either compiled in (chrono-tz, a heavy dependency) or parsed from
//! `/usr/share/zoneinfo`, and `local` with `TZ=Europe/Berlin` already gives that zone.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Utc};
use serde::Serialize;

use crate::error::{Error, Result};

/// A time zone for the daily, weekly and monthly buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// Coordinated universal time.
    Utc,
    /// A fixed offset east of UTC.
    Fixed(FixedOffset),
    /// The machine's zone, daylight-saving changes included.
    #[default]
    Local,
}

impl Zone {
    /// Parses `UTC`, `Z`, `+HH:MM`, `-HH:MM` or `local`.
    pub fn parse(s: &str) -> Result<Zone> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("utc") || t == "Z" {
            return Ok(Zone::Utc);
        }
        if t.eq_ignore_ascii_case("local") {
            return Ok(Zone::Local);
        }
        let offset = (|| {
            let sign = match t.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (h, m) = t[1..].split_once(':')?;
            if h.len() != 2 || m.len() != 2 {
                return None;
            }
            let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
            if h > 14 || m > 59 {
                return None;
            }
            FixedOffset::east_opt(sign * (h * 3600 + m * 60))
        })();
        match offset {
            Some(o) if o.local_minus_utc() == 0 => Ok(Zone::Utc),
            Some(o) => Ok(Zone::Fixed(o)),
            None => Err(Error::Config(format!(
                "--time-zone {s}: give UTC, an offset such as +01:00 or -05:30, or local (the \
                 machine's zone; set TZ=Europe/Berlin to use a named zone)"
            ))),
        }
    }

    /// The calendar day of `t` in this zone.
    pub fn date(&self, t: DateTime<Utc>) -> NaiveDate {
        match self {
            Zone::Utc => t.date_naive(),
            Zone::Fixed(o) => t.with_timezone(o).date_naive(),
            Zone::Local => t.with_timezone(&Local).date_naive(),
        }
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Zone::Utc => f.write_str("UTC"),
            Zone::Fixed(o) => write!(f, "{o}"),
            Zone::Local => f.write_str("local"),
        }
    }
}

impl Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_parse_and_decide_the_day() {
        assert_eq!(Zone::parse("UTC").unwrap(), Zone::Utc);
        assert_eq!(Zone::parse("+00:00").unwrap(), Zone::Utc);
        assert_eq!(Zone::parse("local").unwrap(), Zone::Local);
        let east = Zone::parse("+05:30").unwrap();
        assert_eq!(east.to_string(), "+05:30");
        let t: DateTime<Utc> = "2026-12-01T20:00:00Z".parse().unwrap();
        assert_eq!(Zone::Utc.date(t).to_string(), "2026-12-01");
        assert_eq!(east.date(t).to_string(), "2026-12-02");
        assert_eq!(
            Zone::parse("-05:00")
                .unwrap()
                .date("2026-12-02T03:00:00Z".parse().unwrap()),
            "2026-12-01".parse::<NaiveDate>().unwrap()
        );
        for bad in ["Europe/Berlin", "+5", "+25:00", "+01:60", "", "01:00"] {
            let err = Zone::parse(bad).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{bad}");
            assert!(err.to_string().contains("--time-zone"), "{err}");
        }
    }
}
