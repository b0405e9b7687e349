//! Retention (`backups list`, `backups prune`, `backup --keep-*`) on 60 simulated days of
//! backups, in a directory and under an S3 prefix (moto): real dumps made by the real
//! binary, laid out under default names of 60 consecutive days (several a day on some
//! days), file times set to match; the policy keeps exactly the expected set, a dry run
//! deletes nothing and names the reasons, and the newest drilled dump and the current
//! release's pre-upgrade dump survive though the rules would drop them, while an edited
//! or mismatched drill record counts for nothing.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use dbshape::dump::evidence::{DrillResult, Evidence, EVIDENCE_FORMAT};

use common::moto::Moto;
use common::{Kind, TestDb};

const POLICY: [&str; 10] = [
    "--keep-last",
    "3",
    "--keep-daily",
    "7",
    "--keep-weekly",
    "4",
    "--keep-monthly",
    "3",
    "--time-zone",
    "UTC",
];

/// What the test lays out: file names with their bytes.
struct Layout {
    files: Vec<(String, Vec<u8>)>,
    /// The dumps of the database the policy should keep, by name.
    kept: BTreeSet<String>,
    /// The dumps of the database the policy should delete, by name.
    deleted: BTreeSet<String>,
    /// The newest dump with a valid passing drill, and the pre-upgrade dump.
    drilled: String,
    pre_upgrade: String,
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn evidence(dump: &str, sha: &str, result: DrillResult) -> Evidence {
    Evidence {
        format: EVIDENCE_FORMAT,
        dump: dump.to_string(),
        dump_sha256: Some(sha.to_string()),
        schema_version: Some("1.3.1".into()),
        restored_version: Some("1.3.1".into()),
        rows: 10,
        tables: 3,
        duration_ms: 100,
        result,
        error: None,
        exit_code: 0,
        tool_version: "test".into(),
        drilled_at: "2026-12-01T00:00:00Z".into(),
        scratch: "sqlite://scratch.db".into(),
        evidence_sha256: String::new(),
    }
}

/// Makes a current dump and a pre-upgrade one (schema 1.1.0 written by this release)
/// with the real binary, and lays out 60 days of names around them.
fn layout() -> Layout {
    let db = TestDb::new(Kind::Sqlite).unwrap();
    db.run(None, &["migrate"]).expect(0);
    let j = db
        .run(
            None,
            &["--output", "json", "backup", "-o", "current.sql.zst"],
        )
        .expect(0)
        .json();
    let sha = j["sha256"].as_str().unwrap().to_string();
    assert_eq!(j["server_version"], "1.3.1", "{j}");
    let current = std::fs::read(db.dir.path().join("current.sql.zst")).unwrap();
    let old = TestDb::new(Kind::Sqlite).unwrap();
    old.run(None, &["migrate", "--to", "1.1.0"]).expect(0);
    old.run(None, &["backup", "--allow-pending", "-o", "old.sql.zst"])
        .expect(0);
    let previous = std::fs::read(old.dir.path().join("old.sql.zst")).unwrap();

    // 2026-10-02 .. 2026-11-30, at 03:00 UTC; every tenth day also at 15:00 and 21:00;
    // the last day (a Monday, 2026-W49) also at 12:00 and 18:00.
    let first = NaiveDate::from_ymd_opt(2026, 10, 2).unwrap();
    let mut times = Vec::new();
    for d in 0..60 {
        let day = first + Duration::days(d);
        let mut hours = vec![3];
        if d % 10 == 0 {
            hours.extend([15, 21]);
        }
        if d == 59 {
            hours.extend([12, 18]);
        }
        for h in hours {
            times.push(day.and_hms_opt(h, 0, 0).unwrap().and_utc());
        }
    }
    let name = |t: DateTime<Utc>| format!("test_db-1.3.1-{}.sql.zst", stamp(t));
    let at = |s: &str| name(s.parse().unwrap());
    let mut files: Vec<(String, Vec<u8>)> =
        times.iter().map(|t| (name(*t), current.clone())).collect();
    let pre_upgrade = "test_db-1.1.0-20261005T030000Z.sql.zst".to_string();
    files.push((pre_upgrade.clone(), previous));

    let drilled = at("2026-10-20T03:00:00Z");
    let record = |dump: &str, e: Evidence| (format!("{dump}.drill.json"), e.to_json().into_bytes());
    // The newest valid passing drill of the very dump: protected.
    files.push(record(
        &drilled,
        evidence(&drilled, &sha, DrillResult::Passed),
    ));
    // An older one: not the newest, so nothing.
    let older = at("2026-10-10T03:00:00Z");
    files.push(record(&older, evidence(&older, &sha, DrillResult::Passed)));
    // Newer records that do not count: edited, of another dump (digest), failed.
    let edited = at("2026-11-10T03:00:00Z");
    let (n, text) = record(&edited, evidence(&edited, &sha, DrillResult::Passed));
    let text = String::from_utf8(text)
        .unwrap()
        .replace("\"rows\": 10", "\"rows\": 11");
    files.push((n, text.into_bytes()));
    let other_dump = at("2026-11-08T03:00:00Z");
    files.push(record(
        &other_dump,
        evidence(&other_dump, &"0".repeat(64), DrillResult::Passed),
    ));
    let failed = at("2026-11-05T03:00:00Z");
    files.push(record(
        &failed,
        evidence(&failed, &sha, DrillResult::Failed),
    ));

    // Never touched: another database's newer dump, a note, a temporary dot-file.
    files.push((
        "other-1.3.1-20261201T000000Z.sql.zst".into(),
        current.clone(),
    ));
    files.push(("test_db-notes.txt".into(), b"operator notes".to_vec()));
    files.push((
        ".test_db-1.3.1-20261201T000000Z.sql.zst.tmp".into(),
        current,
    ));

    let kept: BTreeSet<String> = [
        "2026-11-30T18:00:00Z", // last 3, daily, weekly 2026-W49, monthly 2026-11, newest
        "2026-11-30T12:00:00Z", // last 3
        "2026-11-30T03:00:00Z", // last 3
        "2026-11-29T03:00:00Z", // daily, weekly 2026-W48
        "2026-11-28T03:00:00Z",
        "2026-11-27T03:00:00Z",
        "2026-11-26T03:00:00Z",
        "2026-11-25T03:00:00Z",
        "2026-11-24T03:00:00Z", // the 7th day
        "2026-11-22T03:00:00Z", // weekly 2026-W47
        "2026-11-15T03:00:00Z", // weekly 2026-W46
        "2026-10-31T03:00:00Z", // monthly 2026-10 (only two months exist)
    ]
    .iter()
    .map(|t| at(t))
    .chain([drilled.clone(), pre_upgrade.clone()])
    .collect();
    let deleted: BTreeSet<String> = times
        .iter()
        .map(|t| name(*t))
        .filter(|n| !kept.contains(n))
        .collect();
    assert_eq!(kept.len() + deleted.len(), times.len() + 1);
    Layout {
        files,
        kept,
        deleted,
        drilled,
        pre_upgrade,
    }
}

/// The names in the report's `dumps` array whose `keep` is `keep`.
fn decided(j: &serde_json::Value, keep: bool) -> BTreeSet<String> {
    j["dumps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["keep"] == keep)
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect()
}

fn reasons(j: &serde_json::Value, name: &str) -> Vec<String> {
    let d = j["dumps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("{name} not in {j}"));
    d["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect()
}

/// The dry run's report: everything decided, nothing deleted.
fn check_dry_run(j: &serde_json::Value, l: &Layout) {
    assert_eq!(j["dry_run"], true);
    assert_eq!(decided(j, true), l.kept, "{j:#}");
    assert_eq!(decided(j, false), l.deleted, "{j:#}");
    assert_eq!(
        reasons(j, "test_db-1.3.1-20261130T180000Z.sql.zst"),
        [
            "last 3",
            "daily 2026-11-30",
            "weekly 2026-W49",
            "monthly 2026-11",
            "newest"
        ]
    );
    assert_eq!(reasons(j, &l.drilled), ["newest drilled"]);
    assert_eq!(reasons(j, &l.pre_upgrade), ["pre-upgrade of 1.3.1"]);
    assert_eq!(
        reasons(j, "test_db-1.3.1-20261110T030000Z.sql.zst"),
        ["no rule keeps it"]
    );
    let skipped: Vec<&str> = j["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert!(
        skipped.len() == 1 && skipped[0].ends_with("test_db-notes.txt"),
        "{skipped:?}"
    );
}

fn names_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// What must be left after pruning: everything but the deleted dumps and their records.
fn expected_after(l: &Layout) -> BTreeSet<String> {
    l.files
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| {
            let dump = n.strip_suffix(".drill.json").unwrap_or(n);
            !l.deleted.contains(dump)
        })
        .collect()
}

#[test]
fn sixty_days_in_a_directory_keep_exactly_the_expected_set() {
    let l = layout();
    let db = TestDb::new(Kind::Sqlite).unwrap();
    let dir = db.dir.path().join("bk");
    std::fs::create_dir(&dir).unwrap();
    for (name, bytes) in &l.files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        // File times as the backups would have them (names decide, these are checked
        // not to: they are set a day off for the dump times).
        let t = dbshape::backups::location::name_time(name)
            .map(|t| t - Duration::days(1))
            .unwrap_or_else(Utc::now);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(t.into())
            .unwrap();
    }
    let before = names_in(&dir);
    let bk = dir.to_str().unwrap();

    // The list: every dump (the other database's too), its drill, what is not a dump.
    let j = db
        .run(None, &["--output", "json", "backups", "list", bk])
        .expect(0)
        .json();
    let dumps = j["dumps"].as_array().unwrap();
    assert_eq!(dumps.len(), l.kept.len() + l.deleted.len() + 1, "{j:#}");
    assert_eq!(dumps[0]["name"], "other-1.3.1-20261201T000000Z.sql.zst");
    assert_eq!(dumps[0]["time_source"], "name");
    let drill = |name: &str| dumps.iter().find(|d| d["name"] == name).unwrap()["drill"].clone();
    assert_eq!(drill(&l.drilled)["result"], "passed");
    assert_eq!(drill(&l.drilled)["valid"], true);
    let edited = drill("test_db-1.3.1-20261110T030000Z.sql.zst");
    assert_eq!(edited["valid"], false, "{edited}");
    assert!(edited["error"].as_str().unwrap().contains("edited"));
    assert!(drill("test_db-1.3.1-20261003T030000Z.sql.zst").is_null());
    assert_eq!(j["other"].as_array().unwrap().len(), 1, "{j:#}");
    let text = db
        .run(None, &["backups", "list", bk])
        .expect(0)
        .stdout
        .clone();
    assert!(text.contains("drill passed"), "{text}");
    assert!(text.contains("schema 1.1.0 server 1.3.1"), "{text}");

    // A policy is required; bad values are usage errors naming the flag.
    db.run(None, &["backups", "prune", bk]).expect(2);
    let r = db.run(
        None,
        &[
            "backups",
            "prune",
            bk,
            "--keep-daily",
            "7",
            "--time-zone",
            "Mars/Base",
        ],
    );
    r.expect(2);
    assert!(r.stderr.contains("--time-zone"), "{}", r.stderr);

    // Dry run: the decisions and their reasons, nothing deleted.
    let mut args = vec!["--output", "json", "backups", "prune", bk, "--dry-run"];
    args.extend(POLICY);
    let j = db.run(None, &args).expect(0).json();
    check_dry_run(&j, &l);
    assert_eq!(names_in(&dir), before);
    let mut args = vec!["backups", "prune", bk, "--dry-run"];
    args.extend(POLICY);
    let text = db.run(None, &args).expect(0).stdout.clone();
    assert!(text.contains("would delete"), "{text}");
    assert!(text.contains("(newest drilled)"), "{text}");
    assert!(text.contains("(pre-upgrade of 1.3.1)"), "{text}");
    assert_eq!(names_in(&dir), before);

    // The real thing: exactly the expected set is left, records of deleted dumps gone.
    let mut args = vec!["--output", "json", "backups", "prune", bk];
    args.extend(POLICY);
    let j = db.run(None, &args).expect(0).json();
    assert_eq!(j["dry_run"], false);
    assert_eq!(j["deleted"].as_array().unwrap().len(), l.deleted.len());
    assert_eq!(names_in(&dir), expected_after(&l));

    // Pruning again changes nothing: the kept set is stable.
    let j = db.run(None, &args).expect(0).json();
    assert!(j["deleted"].as_array().unwrap().is_empty(), "{j:#}");
}

#[test]
fn sixty_days_under_an_s3_prefix_keep_exactly_the_expected_set() {
    let Some(moto) = Moto::start() else {
        return;
    };
    let l = layout();
    let db = TestDb::new(Kind::Sqlite).unwrap();
    for (name, bytes) in &l.files {
        moto.put(&format!("nightly/{name}"), bytes);
    }
    // Deeper keys are not under the prefix's "directory".
    moto.put(
        "nightly/archive/test_db-1.3.1-20261201T000000Z.sql.zst",
        b"x",
    );
    let keys = || -> BTreeSet<String> { moto.keys().into_iter().collect() };
    let before = keys();
    let prefix = "s3://dumps/nightly/";

    let j = moto
        .run(&db, &["--output", "json", "backups", "list", prefix])
        .expect(0)
        .json();
    assert_eq!(
        j["dumps"].as_array().unwrap().len(),
        l.kept.len() + l.deleted.len() + 1,
        "{j:#}"
    );

    let mut args = vec!["--output", "json", "backups", "prune", prefix, "--dry-run"];
    args.extend(POLICY);
    let j = moto.run(&db, &args).expect(0).json();
    check_dry_run(&j, &l);
    assert_eq!(keys(), before);

    let mut args = vec!["--output", "json", "backups", "prune", "s3://dumps/nightly"];
    args.extend(POLICY);
    moto.run(&db, &args).expect(0);
    let expected: BTreeSet<String> = expected_after(&l)
        .into_iter()
        .map(|n| format!("nightly/{n}"))
        .chain(["nightly/archive/test_db-1.3.1-20261201T000000Z.sql.zst".to_string()])
        .collect();
    assert_eq!(keys(), expected);
}

/// `backup --backup-dir s3://BUCKET/PREFIX/` writes under the default name and prunes
/// the prefix after the new dump verified; `--keep` is `--keep-last`.
#[test]
fn backup_to_an_s3_prefix_prunes_it_afterwards() {
    let Some(moto) = Moto::start() else {
        return;
    };
    let db = TestDb::new(Kind::Sqlite).unwrap();
    db.run(None, &["migrate"]).expect(0);
    db.run(None, &["backup", "-o", "d.sql.zst"]).expect(0);
    let dump = std::fs::read(db.dir.path().join("d.sql.zst")).unwrap();
    for day in ["20261101T030000Z", "20261102T030000Z"] {
        moto.put(&format!("fresh/test_db-1.3.1-{day}.sql.zst"), &dump);
    }
    let j = moto
        .run(
            &db,
            &[
                "--output",
                "json",
                "backup",
                "--backup-dir",
                "s3://dumps/fresh/",
                "--keep",
                "2",
            ],
        )
        .expect(0)
        .json();
    let path = j["path"].as_str().unwrap();
    assert!(path.starts_with("s3://dumps/fresh/test_db-1.3.1-"), "{j}");
    let deleted = j["pruned"]["deleted"].as_array().unwrap();
    assert_eq!(
        deleted,
        &[serde_json::json!(
            "s3://dumps/fresh/test_db-1.3.1-20261101T030000Z.sql.zst"
        )],
        "{j}"
    );
    let left: BTreeSet<String> = moto.keys().into_iter().collect();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(left.contains("fresh/test_db-1.3.1-20261102T030000Z.sql.zst"));
    // Retention flags with -o are refused: they prune the backup directory.
    db.run(None, &["backup", "-o", "x.sql", "--keep-daily", "3"])
        .expect(2);
}
