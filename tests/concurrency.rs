//! Concurrency of `migrate`: one migrator at a time per database, on every engine.
//!
//! Guards the lock contract: concurrent runs apply each version exactly once and all
//! succeed; a waiter names the holder (tool version, pid, host) and gives up after
//! `--lock-timeout` with exit code 6; a holder killed with SIGKILL never leaves a stale
//! lock behind (PostgreSQL advisory lock, MySQL `GET_LOCK`, SQLite `flock` on
//! `<db>.dbshape-lock`).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use common::parallel::each_engine_in_parallel;
use common::spawned::Spawned;
use common::{migration_dir, sleep_sql, Kind, Run, TestDb, ALL};

/// This machine's host name, as dbshape records it.
fn hostname() -> String {
    match std::fs::read_to_string("/proc/sys/kernel/hostname") {
        Ok(h) => h.trim().to_string(),
        Err(_) => {
            let out = std::process::Command::new("hostname")
                .output()
                .expect("hostname");
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        }
    }
}

/// One version that holds the migration lock for about `secs` seconds, in short
/// statements so that a killed holder's session ends soon on the server too.
fn slow_fixture(kind: Kind, secs: f64) -> tempfile::TempDir {
    let mut sql = String::from("CREATE TABLE held (id INT);\n");
    for _ in 0..(secs / 0.25).ceil() as usize {
        sql.push_str(&sleep_sql(kind, 0.25));
        sql.push_str(";\n");
    }
    sql.push_str("INSERT INTO held (id) VALUES (1);\n");
    let path = format!("1.0.0/{}/schemaChanges.sql", kind.dialect());
    migration_dir(&[(path.as_str(), sql.as_str())])
}

/// Starts four `migrate --output json` at once; checks that all succeed and that the
/// union of what they report applied lists each of `versions` exactly once.
fn four_at_once(db: &TestDb, migrations: Option<&Path>, versions: &[String]) {
    let children: Vec<Spawned> = (0..4)
        .map(|_| Spawned::start(db, migrations, &["--output", "json", "migrate"]))
        .collect();
    let mut applied: BTreeMap<String, usize> = BTreeMap::new();
    for (i, child) in children.into_iter().enumerate() {
        let run = child.finish(false);
        assert_eq!(
            run.code, 0,
            "{:?}: concurrent migrate {i} failed\n--- stdout\n{}\n--- stderr\n{}",
            db.kind, run.stdout, run.stderr
        );
        for a in run.json()["applied"].as_array().unwrap() {
            *applied
                .entry(a["version"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    let expected: BTreeMap<String, usize> = versions.iter().map(|v| (v.clone(), 1)).collect();
    assert_eq!(
        applied, expected,
        "{:?}: versions applied, by how many runs",
        db.kind
    );
    let log: Vec<String> = versions.iter().map(|v| format!("{v}\tCOMPLETED")).collect();
    assert_eq!(
        db.change_log(),
        log,
        "{:?}: one change-log row per version",
        db.kind
    );
    let dup = db.sql(
        "SELECT version, file, statement_index, count(*) FROM dbshape_statement_log \
         GROUP BY version, file, statement_index HAVING count(*) > 1",
    );
    assert_eq!(dup, "", "{:?}: duplicate journal rows", db.kind);
    db.run(migrations, &["validate"]).expect(0);
}

/// Guards: four concurrent `migrate` runs all exit 0 and apply each version exactly
/// once, with the bundled schema (Rust steps included) and with overlapping slow versions.
#[test]
fn concurrent_migrates_apply_each_version_exactly_once() {
    each_engine_in_parallel(&ALL, |kind| {
        // The bundled schema (the test directory has no bootstrap/: the compiled copy).
        let Some(db) = TestDb::new(kind) else { return };
        let versions: Vec<String> = db.run(None, &["--output", "json", "info"]).expect(0).json()
            ["pending"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert!(versions.len() >= 2, "{versions:?}");
        four_at_once(&db, None, &versions);

        // Slow versions, so that the runs really overlap; `marks` would show a double run.
        let db = TestDb::new(kind).unwrap();
        let d = kind.dialect();
        let s = sleep_sql(kind, 0.25);
        let mut files = vec![(
            format!("1.0.0/{d}/schemaChanges.sql"),
            format!("CREATE TABLE marks (v VARCHAR(10));\n{s};\nINSERT INTO marks (v) VALUES ('1.0.0');\n"),
        )];
        for v in ["1.1.0", "1.2.0", "1.3.0"] {
            files.push((
                format!("{v}/{d}/schemaChanges.sql"),
                format!("{s};\nINSERT INTO marks (v) VALUES ('{v}');\n"),
            ));
        }
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, c)| (p.as_str(), c.as_str()))
            .collect();
        let dir = migration_dir(&refs);
        let versions: Vec<String> = ["1.0.0", "1.1.0", "1.2.0", "1.3.0"]
            .map(String::from)
            .to_vec();
        four_at_once(&db, Some(dir.path()), &versions);
        assert_eq!(
            db.sql("SELECT v, count(*) FROM marks GROUP BY v ORDER BY v"),
            "1.0.0\t1\n1.1.0\t1\n1.2.0\t1\n1.3.0\t1",
            "{kind:?}: every version's statements ran once"
        );
    });
}

/// Guards: while another `migrate` holds the lock, `migrate --lock-timeout 1` gives up
/// with exit 6 and names the holder: tool version, its pid and host.
#[test]
fn lock_waiter_gives_up_with_exit_6_naming_the_holder() {
    let host = hostname();
    each_engine_in_parallel(&ALL, |kind| {
        let Some(db) = TestDb::new(kind) else { return };
        let dir = slow_fixture(kind, 6.0);
        let mut holder = Spawned::start(&db, Some(dir.path()), &["migrate"]);
        // Printed once the lock is taken and the holder recorded.
        holder.wait_for("applying 1.0.0");

        let start = Instant::now();
        let waiter = db.run(
            Some(dir.path()),
            &["--output", "json", "--lock-timeout", "1", "migrate"],
        );
        let waited = start.elapsed();
        waiter.expect(6);
        let expected = format!(
            "held by dbshape {} pid {} on host {host}",
            env!("CARGO_PKG_VERSION"),
            holder.child.id()
        );
        assert!(
            waiter.stderr.contains(&expected),
            "{kind:?}: stderr should contain `{expected}`:\n{}",
            waiter.stderr
        );
        assert_eq!(
            waiter.json()["error"]["exit_code"],
            6,
            "{kind:?}: {}",
            waiter.stdout
        );
        assert!(
            waited < Duration::from_secs(30),
            "{kind:?}: gave up only after {waited:?} with --lock-timeout 1"
        );
        assert!(
            holder.running(),
            "{kind:?}: the holder ended before the waiter gave up"
        );
        holder.finish(true);
    });
}

/// Guards: a lock holder killed with SIGKILL mid-version leaves no stale lock: the next
/// `migrate --lock-timeout 5` takes the lock and finishes the job.
#[test]
fn killed_lock_holder_leaves_no_stale_lock() {
    each_engine_in_parallel(&ALL, |kind| {
        let Some(db) = TestDb::new(kind) else { return };
        let dir = slow_fixture(kind, 0.5);
        // Where the holder is killed, in version 1.0.0 under the lock.
        let pause = match kind {
            // Its one call is next (the version is one transaction).
            Kind::Postgres => "migrate.batch:1.0.0",
            // Its table created, one of its sleeps done, the other next.
            Kind::Mysql => "migrate.statement:1.0.0/schemaChanges.sql#3",
            // It ran in a transaction that is not committed.
            Kind::Sqlite => "migrate.uncommitted:1.0.0",
        };
        let mut holder = Spawned::start_paused(&db, Some(dir.path()), &["migrate"], pause);
        holder.wait_for_pause(pause);
        assert!(
            holder.running(),
            "{kind:?}: the holder ended before the kill"
        );
        let killed = holder.finish(true);
        assert_eq!(killed.code, -1, "{kind:?}: killed by a signal");

        let next = db.run(Some(dir.path()), &["--lock-timeout", "5", "migrate"]);
        next.expect(0);
        assert_eq!(db.change_log(), ["1.0.0\tCOMPLETED"], "{kind:?}");
        assert_eq!(db.sql("SELECT count(*) FROM held"), "1", "{kind:?}");
        db.run(Some(dir.path()), &["validate"]).expect(0);
        if kind == Kind::Sqlite {
            // The killed holder left its lock file; the run that took the lock after it
            // removed it when it let go.
            let lock = db.dir.path().join("test.db.dbshape-lock");
            assert!(!lock.exists(), "{} is still there", lock.display());
        }
    });
}

/// Guards: SQLite's lock file (`<db>.dbshape-lock`) does not stay behind after a command
/// that took the lock ends normally, whether it succeeded or failed.
#[test]
fn sqlite_lock_file_is_removed_when_its_holder_exits() {
    let Some(db) = TestDb::new(Kind::Sqlite) else {
        return;
    };
    let lock = db.dir.path().join("test.db.dbshape-lock");
    db.run(None, &["migrate"]).expect(0);
    assert!(
        !lock.exists(),
        "after migrate: {} is still there",
        lock.display()
    );
    let dump = db.dir.path().join("b.sql.zst");
    db.run(None, &["backup", "-o", dump.to_str().unwrap()])
        .expect(0);
    assert!(
        !lock.exists(),
        "after backup: {} is still there",
        lock.display()
    );
    let failing = common::migration_dir(&[("9.0/sqlite/schemaChanges.sql", "CREATE TABLE x (;")]);
    let failed = db.run(Some(failing.path()), &["migrate"]);
    assert_ne!(failed.code, 0, "{}", failed.stderr);
    assert!(
        !lock.exists(),
        "after a failed migrate: {} is still there",
        lock.display()
    );
}

/// Guards: the lock belongs to the database, not to the spelling of its URL: a second
/// `migrate` that names the same database another way (scheme alias; for SQLite a
/// symlink to the file) waits for the holder and gives up with exit 6 too.
#[test]
fn one_database_under_two_urls_still_has_one_migrator() {
    each_engine_in_parallel(&ALL, |kind| {
        let Some(db) = TestDb::new(kind) else { return };
        let other_url = match kind {
            Kind::Postgres => db.url.replacen("postgres://", "postgresql://", 1),
            Kind::Mysql => db.url.replacen("mysql://", "mariadb://", 1),
            Kind::Sqlite => {
                let link = db.dir.path().join("link.db");
                std::os::unix::fs::symlink("test.db", &link).unwrap();
                format!("sqlite://{}", link.display())
            }
        };
        let dir = slow_fixture(kind, 6.0);
        let mut holder = Spawned::start(&db, Some(dir.path()), &["migrate"]);
        holder.wait_for("applying 1.0.0");

        let mut waiter = db.cmd();
        waiter
            .env("DBSHAPE_URL", &other_url)
            .arg("--migrations")
            .arg(dir.path())
            .args(["--lock-timeout", "1", "migrate"]);
        let waiter = Run::from(waiter.output().expect("run dbshape"));
        let holder_ran = holder.running();
        let holder_pid = holder.child.id();
        holder.finish(true);
        assert_eq!(
            waiter.code, 6,
            "{kind:?}: `migrate` via {other_url} should wait for the holder and give up with exit 6 \
             (holder still running: {holder_ran})\n--- stdout\n{}\n--- stderr\n{}",
            waiter.stdout, waiter.stderr
        );
        let named = format!("pid {holder_pid} on host");
        assert!(
            waiter.stderr.contains(&named),
            "{kind:?}: {}",
            waiter.stderr
        );
    });
}
