//! The retention policy as a pure function: which dumps a grandfather-father-son rule
//! keeps, and why, with no storage in sight, so that every rule is unit-tested on
//! plain times.
//!
//! The semantics are restic's and borg's, which operators already know: dumps are
//! taken newest first; `--keep-last N` keeps the N newest; `--keep-daily D` keeps the
//! newest dump of each of the D most recent days that have a dump (days without one do
//! not count), `--keep-weekly W` the same per ISO week and `--keep-monthly M` per
//! month, days, weeks and months taken in the policy's [`Zone`]. The rules add up: a
//! dump is kept when any rule keeps it, and each rule that does is named. Protected
//! dumps (the newest, the newest drilled one, the current release's pre-upgrade
//! backup) are kept whatever the rules say, with their own reasons.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;

use super::zone::Zone;
use crate::error::{Error, Result};

/// How many dumps of each kind to keep. A count of 0 leaves that rule out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// `--keep-last N`: the N newest.
    pub last: usize,
    /// `--keep-daily D`: the newest of each of the D most recent days with a dump.
    pub daily: usize,
    /// `--keep-weekly W`: the newest of each of the W most recent ISO weeks with a dump.
    pub weekly: usize,
    /// `--keep-monthly M`: the newest of each of the M most recent months with a dump.
    pub monthly: usize,
    /// The zone that decides days, weeks and months.
    pub time_zone: Zone,
}

impl Policy {
    /// Whether no rule is given (every count 0).
    pub fn is_empty(&self) -> bool {
        self.last + self.daily + self.weekly + self.monthly == 0
    }

    /// Refuses an empty policy, which would delete every dump but the protected ones.
    pub fn check(&self) -> Result<()> {
        if self.is_empty() {
            return Err(Error::Config(
                "no retention rule given: pass at least one of --keep-last N, --keep-daily D, \
                 --keep-weekly W, --keep-monthly M (each 1 or more), or set backup.keep_last \
                 (or backup.keep_daily...) in the config"
                    .into(),
            ));
        }
        Ok(())
    }

    /// The rules as flags, for messages: `--keep-last 3 --keep-daily 7`.
    pub fn describe(&self) -> String {
        let mut out = Vec::new();
        for (flag, n) in [
            ("--keep-last", self.last),
            ("--keep-daily", self.daily),
            ("--keep-weekly", self.weekly),
            ("--keep-monthly", self.monthly),
        ] {
            if n > 0 {
                out.push(format!("{flag} {n}"));
            }
        }
        out.push(format!("--time-zone {}", self.time_zone));
        out.join(" ")
    }
}

/// A dump as the policy sees it: a name and a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    /// Its name in the location (unique there).
    pub name: String,
    /// When it was taken (see `location::dump_time`).
    pub time: DateTime<Utc>,
}

/// What the policy decided for one dump.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The dump's name.
    pub name: String,
    /// Its time, UTC.
    pub time: DateTime<Utc>,
    /// Kept (true) or to be deleted.
    pub keep: bool,
    /// Why it is kept (`last 3`, `daily 2026-12-01`, `weekly 2026-W48`, `monthly
    /// 2026-11`, `newest`, `newest drilled`, `pre-upgrade of 1.3.1`); for a deleted dump,
    /// the one reason `no rule keeps it`.
    pub reasons: Vec<String>,
}

/// The bucket (day, ISO week, month) a time falls in, as the reason names it.
type Bucket = Box<dyn Fn(DateTime<Utc>) -> String>;

/// Decides, newest first, which of `dumps` the policy keeps. `protected` adds reasons
/// (by dump name) that keep a dump whatever the rules say; the newest dump is always
/// kept, as `newest`. Dumps of the same time keep the order they are given in, newest
/// first (the caller knows better: names carry seconds, file times more).
pub fn decide(
    dumps: &[Dated],
    policy: &Policy,
    protected: &BTreeMap<String, Vec<String>>,
) -> Vec<Decision> {
    let mut sorted: Vec<&Dated> = dumps.iter().collect();
    // Newest first; a stable sort, so equal times keep the caller's order.
    sorted.sort_by_key(|d| std::cmp::Reverse(d.time));
    let zone = policy.time_zone;
    let buckets: [(usize, &str, Bucket); 3] = [
        (
            policy.daily,
            "daily",
            Box::new(move |t| zone.date(t).format("%Y-%m-%d").to_string()),
        ),
        (
            policy.weekly,
            "weekly",
            Box::new(move |t| {
                let w = zone.date(t).iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }),
        ),
        (
            policy.monthly,
            "monthly",
            Box::new(move |t| zone.date(t).format("%Y-%m").to_string()),
        ),
    ];
    let mut reasons: Vec<Vec<String>> = vec![Vec::new(); sorted.len()];
    for r in reasons.iter_mut().take(policy.last) {
        r.push(format!("last {}", policy.last));
    }
    for (count, label, bucket) in &buckets {
        let mut seen: Option<String> = None;
        let mut kept = 0;
        for (i, d) in sorted.iter().enumerate() {
            if kept == *count {
                break;
            }
            let b = bucket(d.time);
            if seen.as_deref() != Some(&b) {
                reasons[i].push(format!("{label} {b}"));
                kept += 1;
                seen = Some(b);
            }
        }
    }
    if let Some(first) = reasons.first_mut() {
        first.push("newest".into());
    }
    sorted
        .iter()
        .zip(reasons)
        .map(|(d, mut why)| {
            if let Some(extra) = protected.get(&d.name) {
                why.extend(extra.iter().cloned());
            }
            let keep = !why.is_empty();
            if !keep {
                why.push("no rule keeps it".into());
            }
            Decision {
                name: d.name.clone(),
                time: d.time,
                keep,
                reasons: why,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Dated {
        Dated {
            name: format!("db-1.0-{s}"),
            time: s.parse().unwrap(),
        }
    }

    fn policy(last: usize, daily: usize, weekly: usize, monthly: usize) -> Policy {
        Policy {
            last,
            daily,
            weekly,
            monthly,
            time_zone: Zone::Utc,
        }
    }

    /// The kept dumps' times, newest first, with their reasons joined.
    fn kept(decisions: &[Decision]) -> Vec<(String, String)> {
        decisions
            .iter()
            .filter(|d| d.keep)
            .map(|d| (d.time.to_rfc3339(), d.reasons.join(", ")))
            .collect()
    }

    #[test]
    fn last_keeps_the_newest_and_the_newest_is_always_kept() {
        let dumps = [
            at("2026-12-01T01:00:00Z"),
            at("2026-12-03T01:00:00Z"),
            at("2026-12-02T01:00:00Z"),
        ];
        let d = decide(&dumps, &policy(2, 0, 0, 0), &BTreeMap::new());
        assert_eq!(
            kept(&d),
            [
                ("2026-12-03T01:00:00+00:00".into(), "last 2, newest".into()),
                ("2026-12-02T01:00:00+00:00".into(), "last 2".into()),
            ]
        );
        assert_eq!(d[2].reasons, ["no rule keeps it"]);
        // Only a monthly rule: the newest still is the newest of its month.
        let d = decide(&dumps, &policy(0, 0, 0, 1), &BTreeMap::new());
        assert_eq!(d.iter().filter(|d| d.keep).count(), 1);
        assert_eq!(d[0].reasons, ["monthly 2026-12", "newest"]);
    }

    #[test]
    fn daily_keeps_the_newest_of_each_day_that_has_a_dump() {
        let dumps = [
            at("2026-12-05T23:00:00Z"),
            at("2026-12-05T01:00:00Z"),
            // No dump on the 4th and 3rd: those days do not count.
            at("2026-12-02T12:00:00Z"),
            at("2026-12-02T06:00:00Z"),
            at("2026-12-01T06:00:00Z"),
        ];
        let d = decide(&dumps, &policy(0, 2, 0, 0), &BTreeMap::new());
        assert_eq!(
            kept(&d),
            [
                (
                    "2026-12-05T23:00:00+00:00".into(),
                    "daily 2026-12-05, newest".into()
                ),
                (
                    "2026-12-02T12:00:00+00:00".into(),
                    "daily 2026-12-02".into()
                ),
            ]
        );
    }

    #[test]
    fn weekly_and_monthly_use_iso_weeks_and_months() {
        let dumps = [
            at("2026-12-01T10:00:00Z"), // Tuesday, 2026-W49
            at("2026-11-29T10:00:00Z"), // Sunday, 2026-W48
            at("2026-11-23T10:00:00Z"), // Monday, 2026-W48
            at("2026-11-02T10:00:00Z"), // 2026-W45
            at("2025-12-29T10:00:00Z"), // Monday of 2026-W01
        ];
        let d = decide(&dumps, &policy(0, 0, 3, 2), &BTreeMap::new());
        assert_eq!(
            kept(&d),
            [
                (
                    "2026-12-01T10:00:00+00:00".into(),
                    "weekly 2026-W49, monthly 2026-12, newest".into()
                ),
                (
                    "2026-11-29T10:00:00+00:00".into(),
                    "weekly 2026-W48, monthly 2026-11".into()
                ),
                ("2026-11-02T10:00:00+00:00".into(), "weekly 2026-W45".into()),
            ]
        );
        let d = decide(&dumps, &policy(0, 0, 5, 0), &BTreeMap::new());
        assert_eq!(d[4].reasons, ["weekly 2026-W01"]);
    }

    #[test]
    fn the_zone_decides_the_day() {
        let dumps = [at("2026-12-02T01:00:00Z"), at("2026-12-01T22:00:00Z")];
        // UTC: two days; at -05:00 both are on the 1st.
        let utc = decide(&dumps, &policy(0, 2, 0, 0), &BTreeMap::new());
        assert!(utc.iter().all(|d| d.keep));
        let west = Policy {
            time_zone: Zone::parse("-05:00").unwrap(),
            ..policy(0, 2, 0, 0)
        };
        let d = decide(&dumps, &west, &BTreeMap::new());
        assert_eq!(d[0].reasons, ["daily 2026-12-01", "newest"]);
        assert!(!d[1].keep);
    }

    #[test]
    fn protected_dumps_are_kept_with_their_reasons() {
        let dumps = [
            at("2026-12-03T01:00:00Z"),
            at("2026-12-02T01:00:00Z"),
            at("2026-12-01T01:00:00Z"),
        ];
        let protected =
            BTreeMap::from([(dumps[2].name.clone(), vec!["newest drilled".to_string()])]);
        let d = decide(&dumps, &policy(1, 0, 0, 0), &protected);
        assert_eq!(
            d.iter().map(|d| d.keep).collect::<Vec<_>>(),
            [true, false, true]
        );
        assert_eq!(d[2].reasons, ["newest drilled"]);
    }

    #[test]
    fn an_empty_policy_is_refused() {
        assert_eq!(policy(0, 0, 0, 0).check().unwrap_err().exit_code(), 2);
        assert!(policy(0, 0, 0, 1).check().is_ok());
        assert_eq!(
            policy(3, 7, 0, 0).describe(),
            "--keep-last 3 --keep-daily 7 --time-zone UTC"
        );
    }
}
