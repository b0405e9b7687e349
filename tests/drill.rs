//! `dbshape drill` on PostgreSQL, MariaDB and SQLite: a good dump passes and leaves its
//! evidence; a damaged dump (exit 5) and a dump of a version this program cannot shape
//! (exit 4) fail, each leaving evidence that says so and no scratch database; the
//! configured database and a database in use are never drilled into; a drill killed
//! with SIGKILL leaves a scratch database that the next drill recognises and removes.

mod common;

use std::path::{Path, PathBuf};

use common::spawned::Spawned;
use common::{admin_sql, each_engine, Kind, TestDb};
use dbshape::dump::evidence::Evidence;

/// A scratch database for `db`'s engine: a new name on the same server; `None` for
/// SQLite (the drill then uses a temporary file).
fn scratch_of(db: &TestDb) -> Option<(String, String)> {
    let name = format!("{}_scratch", db.name);
    match db.kind {
        Kind::Postgres => Some((format!("{}/{name}", common::PG_ADMIN), name)),
        Kind::Mysql => Some((format!("{}/{name}", common::MY_ADMIN), name)),
        Kind::Sqlite => None,
    }
}

/// Whether database `name` exists on `db`'s server.
fn database_exists(db: &TestDb, name: &str) -> bool {
    let q = match db.kind {
        Kind::Postgres => format!("SELECT count(*) FROM pg_database WHERE datname = '{name}'"),
        _ => {
            format!("SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{name}'")
        }
    };
    db.sql(&q) == "1"
}

/// The evidence next to `dump`, checked.
fn evidence_of(dump: &Path) -> Evidence {
    let path = PathBuf::from(format!("{}.drill.json", dump.display()));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Evidence::from_json(&text).unwrap()
}

/// `drill DUMP [--scratch URL] ARGS`, as JSON.
fn drill(db: &TestDb, dump: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["--output", "json", "drill", dump.to_str().unwrap()];
    let scratch = scratch_of(db);
    if let Some((url, _)) = &scratch {
        args.extend(["--scratch", url.as_str()]);
    }
    args.extend_from_slice(extra);
    db.run(None, &args)
}

/// No scratch database is left: on a server, the scratch name is gone; for SQLite, the
/// temporary file the evidence names.
fn assert_no_scratch(db: &TestDb, evidence: &Evidence) {
    match scratch_of(db) {
        Some((_, name)) => assert!(!database_exists(db, &name), "{:?}: {name} left", db.kind),
        None => {
            let path = evidence.scratch.strip_prefix("sqlite://").unwrap();
            assert!(!Path::new(path).exists(), "{path} left");
        }
    }
}

fn drop_scratch(db: &TestDb) {
    if let Some((_, name)) = scratch_of(db) {
        admin_sql(db.kind, &format!("DROP DATABASE IF EXISTS {name}"));
    }
}

#[test]
fn a_good_dump_passes_and_a_damaged_one_fails_with_evidence() {
    each_engine(|db| {
        db.run(None, &["migrate"]).expect(0);
        db.sql(
            "INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) \
             VALUES ('created', 'table', 'a', 1, '{}'), ('updated', 'table', 'a', 2, '{}')",
        );
        let dump = db.dir.path().join("good.sql");
        db.run(None, &["backup", "-o", dump.to_str().unwrap()])
            .expect(0);

        let run = drill(db, &dump, &[]);
        let report = run.expect(0).json();
        let evidence = evidence_of(&dump);
        assert!(evidence.passed(), "{:?}: {evidence:?}", db.kind);
        assert_eq!(evidence.schema_version.as_deref(), Some("1.3.1"));
        assert_eq!(evidence.rows, report["restore"]["rows"].as_u64().unwrap());
        assert!(evidence.rows >= 2, "{evidence:?}");
        assert_eq!(report["scratch_created"], true, "{report}");
        assert!(
            report["counters_checked"].as_u64().unwrap() >= 1,
            "{report}"
        );
        let verified = db
            .run(
                None,
                &["--output", "json", "verify", dump.to_str().unwrap()],
            )
            .json();
        assert_eq!(
            evidence.dump_sha256.as_deref(),
            verified["trailer"]["sha256"].as_str()
        );
        assert_no_scratch(db, &evidence);

        // One flipped byte in a row: exit 5, evidence of a failure, no scratch database.
        let text = std::fs::read_to_string(&dump).unwrap();
        let damaged = db.dir.path().join("damaged.sql");
        // The last `updated` of the file is the row's value (PostgreSQL's COPY text
        // does not quote it), after the header and before the trailer.
        let at = text.rfind("updated").unwrap();
        let flipped = format!("{}updatex{}", &text[..at], &text[at + 7..]);
        std::fs::write(&damaged, flipped).unwrap();
        let run = drill(db, &damaged, &[]);
        run.expect(5);
        let failed = evidence_of(&damaged);
        assert_eq!(
            (failed.result.as_str(), failed.exit_code),
            ("failed", 5),
            "{failed:?}"
        );
        let error = failed.error.as_deref().unwrap();
        assert!(error.contains("the file was altered"), "{failed:?}");
        assert_no_scratch(db, &failed);
    });
}

#[test]
fn a_dump_of_a_version_this_program_cannot_shape_fails_with_exit_4() {
    each_engine(|db| {
        // Another program's set, at a version the bundled set does not know.
        let later = common::version_files(
            db.kind,
            &[("9.0.0", "CREATE TABLE later (id INTEGER PRIMARY KEY)")],
        );
        db.run(Some(later.path()), &["migrate"]).expect(0);
        let dump = db.dir.path().join("later.sql");
        db.run(
            Some(later.path()),
            &["backup", "-o", dump.to_str().unwrap()],
        )
        .expect(0);

        let run = drill(db, &dump, &[]);
        run.expect(4);
        let failed = evidence_of(&dump);
        assert_eq!((failed.result.as_str(), failed.exit_code), ("failed", 4));
        assert!(
            failed.error.as_deref().unwrap().contains("9.0.0"),
            "{failed:?}"
        );
        assert_no_scratch(db, &failed);
    });
}

#[test]
fn the_configured_database_and_a_used_one_are_never_drilled_into() {
    each_engine(|db| {
        db.run(None, &["migrate"]).expect(0);
        let dump = db.dir.path().join("d.sql");
        db.run(None, &["backup", "-o", dump.to_str().unwrap()])
            .expect(0);
        let before = db.change_log();
        let run = db.run(
            None,
            &["drill", dump.to_str().unwrap(), "--scratch", &db.url],
        );
        run.expect(2);
        assert!(
            run.stderr.contains("is the configured database"),
            "{}",
            run.stderr
        );
        assert_eq!(db.change_log(), before);
        assert!(!Path::new(&format!("{}.drill.json", dump.display())).exists());

        // A database with tables, not made by a drill: refused, left as it is.
        let used = TestDb::new(db.kind).unwrap();
        used.run(None, &["migrate", "--to", "1.0.0"]).expect(0);
        let tables = used.tables();
        let run = db.run(
            None,
            &["drill", dump.to_str().unwrap(), "--scratch", &used.url],
        );
        run.expect(2);
        assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
        assert_eq!(used.tables(), tables);

        // An empty database is used, and emptied again.
        let empty = TestDb::new(db.kind).unwrap();
        if db.kind == Kind::Sqlite {
            // A file that exists, holding nothing.
            empty.sql("CREATE TABLE t (a INTEGER); DROP TABLE t");
        }
        let run = db.run(
            None,
            &[
                "--output",
                "json",
                "drill",
                dump.to_str().unwrap(),
                "--scratch",
                &empty.url,
            ],
        );
        let report = run.expect(0).json();
        assert_eq!(report["scratch_created"], false, "{report}");
        assert_eq!(empty.tables(), Vec::<String>::new(), "{:?}", db.kind);
    });
}

#[test]
fn a_drill_killed_midway_is_cleaned_up_by_the_next() {
    each_engine(|db| {
        db.run(None, &["migrate"]).expect(0);
        let dump = db.dir.path().join("d.sql");
        db.run(None, &["backup", "-o", dump.to_str().unwrap()])
            .expect(0);
        let mut args = vec!["drill".to_string(), dump.display().to_string()];
        if let Some((url, _)) = scratch_of(db) {
            args.extend(["--scratch".to_string(), url]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let pause = "migrate.applied:1.3.1";
        let mut killed = Spawned::start_paused(db, None, &args, pause);
        killed.wait_for_pause(pause);
        let pid = killed.child.id();
        killed.finish(true);
        // Left behind: the scratch database (or file) of the killed drill.
        let leftover = match scratch_of(db) {
            Some((_, name)) => {
                assert!(database_exists(db, &name), "{:?}", db.kind);
                None
            }
            None => {
                let file = std::fs::read_dir(std::env::temp_dir())
                    .unwrap()
                    .flatten()
                    .map(|e| e.path())
                    .find(|p| {
                        p.file_name()
                            .unwrap()
                            .to_string_lossy()
                            .starts_with(&format!("dbshape-drill-{pid}-"))
                    })
                    .expect("the killed drill's scratch file");
                Some(file)
            }
        };

        let run = drill(db, &dump, &[]);
        let report = run.expect(0).json();
        let cleaned = report["cleaned_up"].as_array().unwrap();
        assert!(!cleaned.is_empty(), "{:?}: {report}", db.kind);
        if let Some(file) = leftover {
            assert!(!file.exists(), "{} left", file.display());
        }
        assert_no_scratch(db, &evidence_of(&dump));
        drop_scratch(db);
    });
}

/// `drill --latest` drills the newest dump of a backup directory or S3 prefix, and
/// `drill --check` tells a monitor whether it has a passing drill recent enough: 3 when
/// never drilled, too old, or its evidence does not count or is of other content; 5
/// when its last drill failed; 0 otherwise.
#[test]
fn latest_and_check_answer_for_the_newest_backup() {
    let db = TestDb::new(Kind::Sqlite).unwrap();
    db.run(None, &["migrate"]).expect(0);
    let dir = db.dir.path().join("backups");
    let dir_s = dir.to_str().unwrap();
    for _ in 0..2 {
        db.run(None, &["backup", "--backup-dir", dir_s]).expect(0);
    }
    let check = |age: &str| {
        db.run(
            None,
            &[
                "--output",
                "json",
                "drill",
                "--check",
                "--latest",
                dir_s,
                "--max-drill-age",
                age,
            ],
        )
    };
    let never = check("7d");
    never.expect(3);
    assert!(never.json()["reason"]
        .as_str()
        .unwrap()
        .contains("never drilled"));

    let drilled = db.run(None, &["--output", "json", "drill", "--latest", dir_s]);
    let report = drilled.expect(0).json();
    let newest = check("7d").expect(0).json();
    assert_eq!(
        newest["newest"]["path"].as_str().unwrap(),
        report["evidence"]["dump"].as_str().unwrap()
    );
    // Older than allowed.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    check("1s").expect(3);
    // Evidence edited by hand does not count.
    let evidence = PathBuf::from(format!(
        "{}.drill.json",
        report["evidence"]["dump"].as_str().unwrap()
    ));
    let text = std::fs::read_to_string(&evidence).unwrap();
    std::fs::write(&evidence, text.replace("\"rows\": ", "\"rows\": 1")).unwrap();
    let edited = check("7d");
    edited.expect(3);
    assert!(edited.json()["reason"]
        .as_str()
        .unwrap()
        .contains("does not count"));
    std::fs::write(&evidence, &text).unwrap();
    check("7d").expect(0);
    // The newest dump damaged: its drill fails, and so does the check.
    let newest_path = PathBuf::from(report["evidence"]["dump"].as_str().unwrap());
    let mut bytes = std::fs::read(&newest_path).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    std::fs::write(&newest_path, bytes).unwrap();
    db.run(None, &["drill", "--latest", dir_s]).expect(5);
    check("7d").expect(5);
}

/// On an S3 prefix: the newest object is drilled, its evidence is an object beside it,
/// and the check reads it.
#[test]
fn latest_and_check_on_an_s3_prefix() {
    let Some(moto) = common::moto::Moto::start() else {
        return;
    };
    let db = TestDb::new(Kind::Sqlite).unwrap();
    db.run(None, &["migrate"]).expect(0);
    let prefix = "s3://dumps/nightly/";
    moto.run(&db, &["backup", "--backup-dir", prefix]).expect(0);
    let report = moto
        .run(&db, &["--output", "json", "drill", "--latest", prefix])
        .expect(0)
        .json();
    let dump = report["evidence"]["dump"].as_str().unwrap();
    assert!(dump.starts_with(prefix), "{report}");
    let key = dump.strip_prefix("s3://dumps/").unwrap();
    assert!(
        moto.keys().contains(&format!("{key}.drill.json")),
        "{:?}",
        moto.keys()
    );
    moto.run(&db, &["drill", "--check", "--latest", prefix])
        .expect(0);
}
