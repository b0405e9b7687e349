//! `backup` never writes a dump of a half-migrated database, on every engine.
//!
//! Guards the backup gate: a version left STARTED by a killed `migrate` (MySQL commits
//! each DDL statement at once; a PostgreSQL `-- dbshape:no-transaction` file too) or
//! FAILED refuses the backup with exit 3 naming it, also for a version newer than the
//! binary; a backup started while `migrate` holds the migration lock waits for it and
//! dumps the finished state, or gives up with exit 6 naming the holder; and backups
//! taken while migrations run never yield a dump that `restore --shape` refuses.

mod common;

use std::path::{Path, PathBuf};

use common::parallel::each_engine_in_parallel;
use common::spawned::Spawned;
use common::{migration_dir, sleep_sql, Kind, Run, TestDb, ALL};

/// `secs` of sleeping in statements of a quarter second.
fn sleeps(kind: Kind, secs: f64) -> String {
    let mut sql = String::new();
    for _ in 0..(secs / 0.25).ceil() as usize {
        sql.push_str(&sleep_sql(kind, 0.25));
        sql.push_str(";\n");
    }
    sql
}

const V1: &str = "CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(50));\n\
                  INSERT INTO item (id, name) VALUES (1, 'one'), (2, 'two');\n";

/// 1.0.0, then 2.0.0: a new column, `secs` of sleep, a new table with a row. On
/// PostgreSQL with `no_tx` the version runs outside a transaction, statement by
/// statement, as MySQL always does.
fn two_versions(kind: Kind, secs: f64, no_tx: bool) -> tempfile::TempDir {
    let d = kind.dialect();
    // A no-transaction file runs again from its top after an interruption: its DDL
    // must be idempotent.
    let header = if no_tx && kind == Kind::Postgres {
        "-- dbshape:no-transaction\nALTER TABLE item ADD COLUMN IF NOT EXISTS extra INT;\n"
    } else {
        "ALTER TABLE item ADD COLUMN extra INT;\n"
    };
    let v2 = format!(
        "{header}{}\
         CREATE TABLE other (id INT PRIMARY KEY);\n\
         INSERT INTO other (id) VALUES (1);\n",
        sleeps(kind, secs)
    );
    migration_dir(&[
        (&format!("1.0.0/{d}/schemaChanges.sql"), V1),
        (&format!("2.0.0/{d}/schemaChanges.sql"), &v2),
    ])
}

/// Only 1.0.0: what an older dbshape knows.
fn only_v1(kind: Kind) -> tempfile::TempDir {
    migration_dir(&[(&format!("1.0.0/{}/schemaChanges.sql", kind.dialect()), V1)])
}

fn column_exists(db: &TestDb, table: &str, column: &str) -> bool {
    let q = match db.kind {
        Kind::Postgres => format!(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' \
             AND table_name = '{table}' AND column_name = '{column}'"
        ),
        Kind::Mysql => format!(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = DATABASE() \
             AND table_name = '{table}' AND column_name = '{column}'"
        ),
        Kind::Sqlite => {
            format!("SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'")
        }
    };
    db.sql(&q) == "1"
}

/// Restores `dump` with `--shape` into a new empty database of the same engine.
fn restore_into_fresh(kind: Kind, migrations: &Path, dump: &Path) -> (Run, TestDb) {
    let target = TestDb::new(kind).expect("the server was up a moment ago");
    let dump = dump.to_str().unwrap();
    let r = target.run(Some(migrations), &["restore", "--shape", dump]);
    (r, target)
}

/// Guards: a `migrate` killed in the middle of a version whose DDL commits statement by
/// statement (MySQL; a PostgreSQL no-transaction file) leaves it STARTED with its new
/// column in place. `backup` refuses that with exit 3 naming the version, with or
/// without --allow-pending, and so does a dbshape that does not know the version; once
/// `migrate` has finished it, the backup restores.
#[test]
fn a_version_left_started_by_a_killed_migrate_refuses_the_backup() {
    each_engine_in_parallel(&[Kind::Mysql, Kind::Postgres], |kind| {
        let Some(db) = TestDb::new(kind) else { return };
        let set = two_versions(kind, 0.25, true);
        let m = set.path();
        db.run(Some(m), &["migrate", "--to", "1.0.0"]).expect(0);
        // The column is added and journaled, the sleep after it not sent: kill it there.
        let pause = "migrate.statement:2.0.0/schemaChanges.sql#2";
        let mut run = Spawned::start_paused(&db, Some(m), &["migrate"], pause);
        run.wait_for_pause(pause);
        let killed = run.finish(true);
        assert_eq!(killed.code, -1, "{kind:?}: killed by a signal");
        assert!(column_exists(&db, "item", "extra"), "{kind:?}: no column");
        assert_eq!(
            db.change_log(),
            ["1.0.0\tCOMPLETED", "2.0.0\tSTARTED"],
            "{kind:?}"
        );

        let out = db.dir.path().join("half.sql");
        let out_s = out.to_str().unwrap();
        for extra in [&[][..], &["--allow-pending"][..]] {
            let mut args = vec!["backup", "-o", out_s];
            args.extend_from_slice(extra);
            let r = db.run(Some(m), &args);
            r.expect(3);
            for needle in ["2.0.0 (STARTED)", "dbshape migrate", "dbshape repair"] {
                assert!(
                    r.stderr.contains(needle),
                    "{kind:?}: {needle}: {}",
                    r.stderr
                );
            }
            assert!(!out.exists(), "{kind:?}: a refused backup left a file");
        }
        // An older dbshape, whose newest version is 1.0.0.
        let old = only_v1(kind);
        let r = db.run(Some(old.path()), &["backup", "-o", out_s]);
        r.expect(3);
        assert!(
            r.stderr
                .contains("newer than this program's server version 1.0.0"),
            "{kind:?}: {}",
            r.stderr
        );
        assert!(!out.exists());

        // The next run finishes the version, and then the backup goes through.
        db.run(Some(m), &["migrate"]).expect(0);
        let j = db
            .run(Some(m), &["--output", "json", "backup", "-o", out_s])
            .expect(0)
            .json();
        assert_eq!(j["schema_version"], "2.0.0", "{kind:?}");
        let (r, target) = restore_into_fresh(kind, m, &out);
        r.expect(0);
        assert!(column_exists(&target, "item", "extra"), "{kind:?}");
    });
}

/// Guards: a version that failed (FAILED in the change log) refuses the backup with
/// exit 3 naming it and pointing at `migrate` and `repair`. Where the failure rolled
/// back entirely (PostgreSQL, SQLite) `upgrade` still takes its pre-upgrade backup
/// once the file is fixed.
#[test]
fn a_failed_version_refuses_the_backup() {
    each_engine_in_parallel(&ALL, |kind| {
        let Some(db) = TestDb::new(kind) else { return };
        let d = kind.dialect();
        let set = migration_dir(&[
            (&format!("1.0.0/{d}/schemaChanges.sql"), V1),
            (
                &format!("2.0.0/{d}/schemaChanges.sql"),
                "ALTER TABLE item ADD COLUMN extra INT;\n\
                 CREATE TABLE other (id INT PRIMARY KEY);\n\
                 INSERT INTO no_such_table VALUES (1);\n",
            ),
        ]);
        let m = set.path();
        db.run(Some(m), &["migrate", "--to", "1.0.0"]).expect(0);
        db.run(Some(m), &["migrate"]).expect(1);
        assert_eq!(
            db.change_log(),
            ["1.0.0\tCOMPLETED", "2.0.0\tFAILED"],
            "{kind:?}"
        );
        let out = db.dir.path().join("failed.sql");
        let r = db.run(
            Some(m),
            &["backup", "--allow-pending", "-o", out.to_str().unwrap()],
        );
        r.expect(3);
        for needle in ["2.0.0 (FAILED)", "dbshape migrate", "dbshape repair"] {
            assert!(
                r.stderr.contains(needle),
                "{kind:?}: {needle}: {}",
                r.stderr
            );
        }
        assert!(!out.exists(), "{kind:?}: a refused backup left a file");

        if kind != Kind::Mysql {
            std::fs::write(
                m.join(format!("2.0.0/{d}/schemaChanges.sql")),
                "ALTER TABLE item ADD COLUMN extra INT;\n\
                 CREATE TABLE other (id INT PRIMARY KEY);\n",
            )
            .unwrap();
            let j = db
                .run(Some(m), &["--output", "json", "upgrade"])
                .expect(0)
                .json();
            let path = j["backup"]["path"]
                .as_str()
                .unwrap_or_else(|| panic!("{kind:?}: upgrade took no pre-upgrade backup: {j}"));
            assert!(path.contains("-1.0.0-"), "{kind:?}: {path}");
            assert_eq!(j["schema_version"], "2.0.0");
        }
    });
}

/// Guards: `backup` started while a `migrate` holds the migration lock in the middle of
/// a version waits for it, says who it waits for, and dumps the finished state, which
/// restores; with a small --lock-timeout it gives up with exit 6 naming the holder and
/// writes nothing.
#[test]
fn backup_waits_for_a_running_migrate_and_dumps_the_finished_state() {
    each_engine_in_parallel(&ALL, |kind| {
        let Some(db) = TestDb::new(kind) else { return };
        let set = two_versions(kind, 6.0, false);
        let m = set.path();
        db.run(Some(m), &["migrate", "--to", "1.0.0"]).expect(0);
        let mut run = Spawned::start(&db, Some(m), &["migrate"]);
        run.wait_for("applying 2.0.0");
        let holder = format!(
            "held by dbshape {} pid {}",
            env!("CARGO_PKG_VERSION"),
            run.child.id()
        );

        let out = db.dir.path().join("waited.sql");
        let out_s = out.to_str().unwrap();
        let r = db.run(Some(m), &["--lock-timeout", "1", "backup", "-o", out_s]);
        r.expect(6);
        assert!(r.stderr.contains(&holder), "{kind:?}: {}", r.stderr);
        assert!(!out.exists(), "{kind:?}: a backup that gave up left a file");
        assert!(run.running(), "{kind:?}: the migrate ended too soon");

        let r = db.run(Some(m), &["--output", "json", "backup", "-o", out_s]);
        r.expect(0);
        assert!(
            r.stderr.contains("waiting for the migration lock"),
            "{kind:?}: {}",
            r.stderr
        );
        assert_eq!(r.json()["schema_version"], "2.0.0", "{kind:?}");
        run.finish(false).expect(0);

        let (r, target) = restore_into_fresh(kind, m, &out);
        r.expect(0);
        assert_eq!(target.sql("SELECT count(*) FROM other"), "1", "{kind:?}");
        assert!(column_exists(&target, "item", "extra"), "{kind:?}");
    });
}

/// Versions of the concurrent campaign: each adds a column, sleeps, adds a table.
fn campaign_set(kind: Kind) -> tempfile::TempDir {
    let d = kind.dialect();
    let mut files = vec![(format!("1.0.0/{d}/schemaChanges.sql"), V1.to_string())];
    for v in 1..=4 {
        files.push((
            format!("1.{v}.0/{d}/schemaChanges.sql"),
            format!(
                "ALTER TABLE item ADD COLUMN c{v} INT;\n\
                 UPDATE item SET c{v} = id;\n{}\
                 CREATE TABLE t{v} (id INT PRIMARY KEY);\n\
                 INSERT INTO t{v} (id) VALUES ({v});\n",
                sleeps(kind, 0.5)
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    migration_dir(&refs)
}

/// Guards the defect this gate fixes: backups taken back to back while `migrate` runs
/// one version at a time (a run per version, so backups land between runs, before
/// them and during them) either succeed with a dump that `restore --shape` loads into
/// an empty database, or fail with a clear error (exit 4, the schema changed while the
/// dump ran); never exit 0 with a dump that cannot be restored.
#[test]
fn backups_during_migrate_never_write_an_unrestorable_dump() {
    const ROUNDS: usize = 3;
    each_engine_in_parallel(&ALL, |kind| {
        let mut dumps: Vec<(PathBuf, String)> = Vec::new();
        let mut refused = 0;
        let keep = tempfile::tempdir().unwrap();
        let set = campaign_set(kind);
        let m = set.path();
        for round in 0..ROUNDS {
            let Some(db) = TestDb::new(kind) else { return };
            db.run(Some(m), &["migrate", "--to", "1.0.0"]).expect(0);
            let done = std::sync::atomic::AtomicBool::new(false);
            std::thread::scope(|s| {
                let migrating = s.spawn(|| {
                    for v in 1..=4 {
                        let to = format!("1.{v}.0");
                        db.run(Some(m), &["migrate", "--to", &to]).expect(0);
                    }
                    done.store(true, std::sync::atomic::Ordering::SeqCst);
                });
                let mut i = 0;
                while !done.load(std::sync::atomic::Ordering::SeqCst) {
                    let out = keep.path().join(format!("r{round}-{i}.sql"));
                    i += 1;
                    let r = db.run(
                        Some(m),
                        &[
                            "--output",
                            "json",
                            "backup",
                            "--allow-pending",
                            "-o",
                            out.to_str().unwrap(),
                        ],
                    );
                    match r.code {
                        0 => {
                            let v = r.json()["schema_version"].as_str().unwrap().to_string();
                            dumps.push((out, v));
                        }
                        4 => {
                            assert!(
                                r.stderr.contains("the schema changed while the backup ran"),
                                "{kind:?}: {}",
                                r.stderr
                            );
                            assert!(!out.exists(), "{kind:?}: a refused backup left a file");
                            refused += 1;
                        }
                        _ => panic!("{kind:?}: backup exit {}: {}", r.code, r.stderr),
                    }
                }
                if let Err(e) = migrating.join() {
                    std::panic::resume_unwind(e);
                }
            });
        }
        assert!(!dumps.is_empty(), "{kind:?}: no backup succeeded");
        let mut versions: Vec<&str> = dumps.iter().map(|(_, v)| v.as_str()).collect();
        versions.sort();
        versions.dedup();
        for (dump, _) in &dumps {
            let (r, _target) = restore_into_fresh(kind, m, dump);
            assert_eq!(
                r.code,
                0,
                "{kind:?}: {} does not restore: {}",
                dump.display(),
                r.stderr
            );
        }
        eprintln!(
            "{kind:?}: {ROUNDS} rounds, {} dumps restored (schema versions {}), {refused} backups refused",
            dumps.len(),
            versions.join(" ")
        );
    });
}
