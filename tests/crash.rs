//! Crash safety of `migrate`: a `kill -9` at any point of a run never needs manual
//! repair. A plain re-run finishes the job and ends with exactly the schema, rows,
//! change log and statement journal of an uninterrupted run, and no statement runs twice.
//!
//! The fixture mixes DDL, DML and slow statements in every version, so the kills land
//! between DDL statements of a version (MySQL resumes from the statement journal),
//! inside a version's transaction (PostgreSQL and SQLite roll back), during a slow DDL
//! statement (MySQL: the server commits it after the client is gone), inside a
//! PostgreSQL `-- dbshape:no-transaction` file, and between versions.
//!
//! Each kill lands at an exact place whatever the speed of the machine, and the test
//! fails if the run ended before it: at a fault point of the binary
//! (`DBSHAPE_FAULT_PAUSE`, see `dbshape::fault`), where the run stops until it is
//! killed, or, for a call the server is still running, once the server's list of
//! sessions shows that call in flight (a fault point is on the client's side of a call
//! and cannot stop the server inside it).

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::parallel::{each_engine_in_parallel, in_parallel};
use common::spawned::{pause_line, PAUSE_ENV};
use common::{lines, migration_dir, sleep_sql, Kind, TestDb, ALL};

/// The PostgreSQL file of the fixture that runs outside a transaction.
const PG_NO_TX_FILE: &str = "postDataMigrationSQLScript.sql";

/// Four versions, each mixing DDL, DML and slow statements (about 2.5 s in all).
/// Every `INSERT INTO hits` is a marker whose double execution would show as a count of 2.
fn fixture(kind: Kind) -> tempfile::TempDir {
    let d = kind.dialect();
    let s = sleep_sql(kind, 0.25);
    let v100 = format!(
        "CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);\n\
         INSERT INTO item (id, name) VALUES (1, 'one'), (2, 'two');\n\
         {s};\n\
         CREATE TABLE hits (version VARCHAR(20) NOT NULL, step VARCHAR(20) NOT NULL);\n\
         INSERT INTO hits (version, step) VALUES ('1.0.0', 'a');\n\
         {s};\n\
         ALTER TABLE item ADD COLUMN qty INT;\n\
         UPDATE item SET qty = id * 10;\n\
         {s};\n\
         INSERT INTO hits (version, step) VALUES ('1.0.0', 'b');\n"
    );
    // The file's own transaction block (as real files have) is elided: on MySQL a kill
    // inside it must still resume at the first statement not journaled.
    let begin = match kind {
        Kind::Mysql => "START TRANSACTION",
        Kind::Postgres => "BEGIN",
        Kind::Sqlite => "BEGIN TRANSACTION",
    };
    let v110 = format!(
        "CREATE TABLE tag (id INT PRIMARY KEY, item_id INT NOT NULL, label VARCHAR(20));\n\
         INSERT INTO tag (id, item_id, label) VALUES (1, 1, 'x');\n\
         {s};\n\
         {begin};\n\
         UPDATE item SET qty = qty + 1;\n\
         {s};\n\
         INSERT INTO hits (version, step) VALUES ('1.1.0', 'a');\n\
         COMMIT;\n\
         {s};\n\
         CREATE INDEX tag_item ON tag (item_id);\n"
    );
    let v110_post = if kind == Kind::Postgres {
        // Outside a transaction, and after an interruption run again from its top: every
        // statement is idempotent, and an interrupted CREATE INDEX CONCURRENTLY leaves an
        // INVALID index behind, so it is dropped first.
        format!(
            "-- dbshape:no-transaction\n\
             DROP INDEX CONCURRENTLY IF EXISTS item_name;\n\
             {s};\n\
             CREATE INDEX CONCURRENTLY IF NOT EXISTS item_name ON item (name);\n\
             {s};\n"
        )
    } else {
        format!(
            "INSERT INTO hits (version, step) VALUES ('1.1.0', 'post');\n\
             {s};\n\
             CREATE INDEX item_name ON item (name);\n"
        )
    };
    // A slow DDL statement: on MySQL a kill while it runs leaves it committed by the
    // server, journaled or not (MariaDB goes on with the rest of the call, its journal
    // row), and the re-run must take it for done either way.
    let slow_ddl = match kind {
        Kind::Postgres => "CREATE TABLE slow AS SELECT 1 AS n FROM pg_sleep(0.25)".to_string(),
        Kind::Mysql => "CREATE TABLE slow AS SELECT SLEEP(0.25) AS n".to_string(),
        Kind::Sqlite => format!(
            "CREATE TABLE slow AS {}",
            s.replace("count(*)", "count(*) AS n")
        ),
    };
    let v120 = format!(
        "{slow_ddl};\n\
         INSERT INTO item (id, name, qty) VALUES (3, 'three', 30);\n\
         {s};\n\
         DELETE FROM tag WHERE id = 1;\n\
         INSERT INTO tag (id, item_id, label) VALUES (2, 3, 'y');\n\
         UPDATE item SET qty = qty * 2 WHERE id = 3;\n\
         {s};\n\
         INSERT INTO hits (version, step) VALUES ('1.2.0', 'a');\n"
    );
    let v130 = format!(
        "CREATE TABLE archive (id INT PRIMARY KEY, note VARCHAR(50));\n\
         INSERT INTO archive (id, note) SELECT id, name FROM item WHERE id < 3;\n\
         {s};\n\
         ALTER TABLE tag ADD COLUMN weight INT DEFAULT 0;\n\
         ALTER TABLE tag RENAME COLUMN label TO tag_label;\n\
         CREATE VIEW item_view AS SELECT id, name FROM item;\n\
         {s};\n\
         INSERT INTO hits (version, step) VALUES ('1.3.0', 'a');\n\
         UPDATE tag SET weight = weight + 5;\n"
    );
    let files = [
        (format!("1.0.0/{d}/schemaChanges.sql"), v100),
        (format!("1.1.0/{d}/schemaChanges.sql"), v110),
        (format!("1.1.0/{d}/{PG_NO_TX_FILE}"), v110_post),
        (format!("1.2.0/{d}/schemaChanges.sql"), v120),
        (format!("1.3.0/{d}/schemaChanges.sql"), v130),
    ];
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    migration_dir(&refs)
}

/// A fixture with what to compare, and the state an uninterrupted run leaves.
struct Case {
    dir: tempfile::TempDir,
    /// The fixture's data, as queries with a deterministic order.
    data: Vec<&'static str>,
    /// A file that runs outside a transaction on this engine: after an interruption it
    /// runs again from its top, so its journal rows are not skipped by a re-run.
    no_tx_file: Option<&'static str>,
    /// `snapshot` of an uninterrupted run.
    reference: String,
}

impl Case {
    /// Runs the fixture uninterrupted on a database of its own to get the reference.
    fn new(
        kind: Kind,
        dir: tempfile::TempDir,
        data: Vec<&'static str>,
        no_tx_file: Option<&'static str>,
    ) -> Option<Case> {
        let mut case = Case {
            dir,
            data,
            no_tx_file,
            reference: String::new(),
        };
        let db = TestDb::new(kind)?;
        db.run(Some(case.dir()), &["migrate"]).expect(0);
        case.reference = case.snapshot(&db);
        Some(case)
    }

    fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Everything a run leaves behind that must not depend on where it was interrupted.
    fn snapshot(&self, db: &TestDb) -> String {
        let mut out = format!("== schema\n{}\n", db.schema());
        let mut queries = self.data.clone();
        queries.push(
            "SELECT version, installed_rank, status, checksum FROM dbshape_change_log ORDER BY installed_rank",
        );
        queries.push(
            "SELECT version, file, statement_index, statement_checksum FROM dbshape_statement_log \
             ORDER BY version, file, statement_index",
        );
        if db.kind == Kind::Postgres {
            queries.push(
                "SELECT count(*) AS invalid_indexes FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
                 JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT i.indisvalid",
            );
        }
        for q in queries {
            out.push_str(&format!("== {q}\n{}\n", db.sql(q)));
        }
        out
    }
}

/// The main fixture with its reference.
fn main_case(kind: Kind) -> Option<Case> {
    let data = vec![
        "SELECT id, name, qty FROM item ORDER BY id",
        "SELECT id, item_id, tag_label, weight FROM tag ORDER BY id",
        "SELECT version, step, count(*) FROM hits GROUP BY version, step ORDER BY version, step",
        "SELECT id, note FROM archive ORDER BY id",
        "SELECT n FROM slow",
        "SELECT id, name FROM item_view ORDER BY id",
    ];
    let no_tx = (kind == Kind::Postgres).then_some(PG_NO_TX_FILE);
    let case = Case::new(kind, fixture(kind), data, no_tx)?;
    assert!(
        case.reference
            .contains("1.0.0\ta\t1\n1.0.0\tb\t1\n1.1.0\ta\t1\n"),
        "{kind:?}: every marker once:\n{}",
        case.reference
    );
    assert!(
        case.reference.contains("1.3.0\t4\tCOMPLETED"),
        "{}",
        case.reference
    );
    Some(case)
}

/// Panics with a diff-friendly message unless `actual` equals the uninterrupted run.
#[track_caller]
fn assert_same(expected: &str, actual: &str, what: &str) {
    if expected == actual {
        return;
    }
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let first = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let mut diff = String::new();
    for l in e.iter().filter(|l| !a.contains(l)) {
        diff.push_str(&format!("- {l}\n"));
    }
    for l in a.iter().filter(|l| !e.contains(l)) {
        diff.push_str(&format!("+ {l}\n"));
    }
    panic!(
        "{what}: differs from the uninterrupted run from line {} on\n\
         (- only in the uninterrupted run, + only here)\n{diff}\
         ===== uninterrupted run\n{expected}\n===== this run\n{actual}",
        first + 1
    );
}

/// A `dbshape` child whose stderr is collected as it arrives; killed if dropped.
struct Spawned {
    child: Child,
    stderr: Arc<Mutex<String>>,
    reader: Option<JoinHandle<()>>,
    status: Option<ExitStatus>,
}

impl Spawned {
    /// `migrate`, stopping at the fault point `pause` names, if any.
    fn migrate(db: &TestDb, migrations: &Path, pause: Option<&str>) -> Spawned {
        let mut cmd = db.cmd();
        if let Some(p) = pause {
            cmd.env(PAUSE_ENV, p);
        }
        cmd.arg("--migrations")
            .arg(migrations)
            .arg("migrate")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn dbshape");
        let pipe = child.stderr.take().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        Spawned {
            child,
            stderr,
            reader: Some(reader),
            status: None,
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Whether the child has exited (reaped, its stderr fully read).
    fn exited(&mut self) -> bool {
        if self.status.is_none() {
            self.status = self.child.try_wait().expect("try_wait");
        }
        if self.status.is_some() {
            if let Some(r) = self.reader.take() {
                let _ = r.join();
            }
        }
        self.status.is_some()
    }

    /// Waits until `reached` says so; panics if the child exits first (the kill would
    /// not land where the test means it to) or after 60 s.
    fn wait_until(&mut self, what: &str, mut reached: impl FnMut(&Spawned) -> bool) {
        let start = Instant::now();
        while !reached(self) {
            assert!(
                !self.exited(),
                "the run ended ({:?}) before {what}: the kill would not land there\n{}",
                self.status.unwrap(),
                self.stderr()
            );
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "not {what} after 60 s:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGKILL, then reap; panics unless the signal is what ended the child.
    fn kill(&mut self) {
        assert!(
            !self.exited(),
            "the run ended before the kill:\n{}",
            self.stderr()
        );
        let _ = self.child.kill();
        let status = self.child.wait().expect("wait");
        self.status = Some(status);
        self.exited();
        assert_eq!(
            status.signal(),
            Some(9),
            "the run was not ended by the kill ({status:?}):\n{}",
            self.stderr()
        );
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        if self.status.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }
}

/// Where a run is killed.
#[derive(Debug, Clone, Copy)]
enum KillAt {
    /// Where the run stops at this fault point, `NAME` or `NAME:DETAIL` (the value of
    /// `DBSHAPE_FAULT_PAUSE`, see `dbshape::fault`).
    Fault(&'static str),
    /// While the server (PostgreSQL, MySQL) runs a call of this version whose text
    /// holds this, as its list of sessions shows (asked once the run says it applies
    /// the version).
    Running(&'static str, &'static str),
}
use KillAt::{Fault, Running};

/// Whether a session of the test database other than the asking one is running a
/// call whose text holds `text`.
fn running(db: &TestDb, text: &str) -> bool {
    let q = match db.kind {
        Kind::Postgres => format!(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
             AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%{text}%'"
        ),
        Kind::Mysql => format!(
            "SELECT count(*) FROM information_schema.processlist WHERE db = DATABASE() \
             AND id <> CONNECTION_ID() AND info LIKE '%{text}%'"
        ),
        Kind::Sqlite => panic!("SQLite has no server to ask what runs"),
    };
    db.sql(&q) != "0"
}

/// Runs `migrate` and kills it at `at` (the test fails if the run ends before); then
/// waits until the server has ended the dead client's session (a statement in flight
/// runs to its end there), so that what follows sees a settled database. Returns the
/// run's stderr.
fn run_and_kill(db: &TestDb, migrations: &Path, at: KillAt) -> String {
    match at {
        Fault(point) => {
            let mut p = Spawned::migrate(db, migrations, Some(point));
            let line = pause_line(point);
            p.wait_until(&format!("fault point {point}"), |p| {
                p.stderr().contains(&line)
            });
            p.kill();
            wait_until_sessions_end(db);
            p.stderr()
        }
        Running(version, text) => {
            let mut p = Spawned::migrate(db, migrations, None);
            let applying = format!("applying {version}");
            p.wait_until(&applying, |p| p.stderr().contains(&applying));
            p.wait_until(&format!("the server runs `{text}`"), |_| running(db, text));
            p.kill();
            wait_until_sessions_end(db);
            p.stderr()
        }
    }
}

/// Waits until no other session is connected to the test database.
fn wait_until_sessions_end(db: &TestDb) {
    let q = match db.kind {
        Kind::Postgres => {
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() \
             AND backend_type = 'client backend'"
        }
        Kind::Mysql => {
            "SELECT count(*) FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID()"
        }
        Kind::Sqlite => return, // the kernel drops the process's locks with it
    };
    let start = Instant::now();
    while db.sql(q) != "0" {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{:?}: the killed dbshape's session is still there after 60 s",
            db.kind
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Checks right after a kill; returns, per unfinished version, how many journaled
/// statements the re-run must skip.
fn check_after_kill(
    db: &TestDb,
    case: &Case,
    stderr: &str,
    context: &str,
) -> BTreeMap<String, u64> {
    let validate = db.run(Some(case.dir()), &["validate"]);
    // Where the kill landed, for the test's output.
    eprintln!(
        "{context}: killed; last line: {:?}; validate exit {}",
        stderr.lines().last().unwrap_or("(none)"),
        validate.code
    );
    assert!(
        validate.code == 3 || validate.code == 0,
        "{context}: validate after a kill must exit 3 (or 0 if the kill came after the \
         last commit), got {}\n{}{}\n--- migrate's stderr\n{stderr}",
        validate.code,
        validate.stdout,
        validate.stderr
    );
    if validate.code == 0 {
        let what = format!("{context} (validate said valid)");
        assert_same(&case.reference, &case.snapshot(db), &what);
    }
    let dup = db.sql_output(
        "SELECT version, file, statement_index, count(*) FROM dbshape_statement_log \
         GROUP BY version, file, statement_index HAVING count(*) > 1",
    );
    if dup.status.success() {
        let dup = String::from_utf8_lossy(&dup.stdout);
        assert!(
            dup.trim().is_empty(),
            "{context}: duplicate journal rows:\n{dup}"
        );
    }
    // The journaled statements of versions not completed: a re-run skips exactly these.
    let out = db.sql_output(&format!(
        "SELECT version, count(*) FROM dbshape_statement_log WHERE file <> '{}' AND version NOT IN \
         (SELECT version FROM dbshape_change_log WHERE status = 'COMPLETED') GROUP BY version",
        case.no_tx_file.unwrap_or("")
    ));
    let mut unfinished = BTreeMap::new();
    if out.status.success() {
        for l in lines(&String::from_utf8_lossy(&out.stdout)) {
            let (v, n) = l.split_once('\t').unwrap();
            unfinished.insert(v.to_string(), n.parse().unwrap());
        }
    }
    eprintln!("{context}: journaled statements of unfinished versions: {unfinished:?}");
    unfinished
}

/// The plain re-run after the kills: exit 0, each interrupted version resumed after
/// exactly its journaled statements, and the state of the uninterrupted run.
fn rerun_and_compare(db: &TestDb, case: &Case, unfinished: &BTreeMap<String, u64>, context: &str) {
    let run = db.run(Some(case.dir()), &["--output", "json", "migrate"]);
    assert_eq!(
        run.code, 0,
        "{context}: the re-run failed with exit {}\n--- stdout\n{}\n--- stderr\n{}",
        run.code, run.stdout, run.stderr
    );
    for applied in run.json()["applied"].as_array().unwrap() {
        let v = applied["version"].as_str().unwrap();
        let expected = unfinished.get(v).copied().unwrap_or(0);
        assert_eq!(
            applied["resumed_after"].as_u64(),
            Some(expected),
            "{context}: version {v} should resume after its {expected} journaled statement(s): {applied}"
        );
    }
    assert_same(&case.reference, &case.snapshot(db), context);
    db.run(Some(case.dir()), &["validate"]).expect(0);
}

/// Where `kill_anywhere...` kills a run of the main fixture on each engine: inside
/// each version, between two versions and at the end.
fn kill_points(kind: Kind) -> [KillAt; 6] {
    match kind {
        // Versions run on the held connection, one call each (BEGIN ... COMMIT), but
        // 1.1.0, whose no-transaction file makes it go statement by statement.
        Kind::Postgres => [
            // The server runs 1.0.0's one call (it goes on to its COMMIT).
            Running("1.0.0", "CREATE TABLE item"),
            // 1.1.0's transaction ran, not committed; its STARTED row is.
            Fault("migrate.uncommitted:1.1.0"),
            // Inside the no-transaction file: the DROP INDEX ran, the CREATE INDEX not.
            Fault("migrate.statement:1.1.0/postDataMigrationSQLScript.sql#3"),
            // The server runs 1.2.0's call, during its slow DDL statement.
            Running("1.2.0", "CREATE TABLE slow"),
            Fault("migrate.applied:1.2.0"),
            Fault("migrate.applied:1.3.0"),
        ],
        // A call per statement, each committed with its journal row.
        Kind::Mysql => [
            // Between DDL statements: six journaled, the ALTER TABLE next.
            Fault("migrate.statement:1.0.0/schemaChanges.sql#7"),
            // Inside the file's own transaction block (elided): the UPDATE ran and is
            // journaled, the INSERT after it not.
            Fault("migrate.statement:1.1.0/schemaChanges.sql#7"),
            // During the slow DDL statement, which the server commits.
            Running("1.2.0", "CREATE TABLE slow"),
            // 1.2.0 done, 1.3.0's STARTED row committed with it.
            Fault("migrate.applied:1.2.0"),
            // The ALTER TABLE of 1.3.0 ran and is journaled, the RENAME COLUMN next.
            Fault("migrate.statement.ran:1.3.0/schemaChanges.sql#4"),
            Fault("migrate.applied:1.3.0"),
        ],
        // Versions share a transaction on the held connection until it commits.
        Kind::Sqlite => [
            Fault("migrate.uncommitted:1.0.0"),
            Fault("migrate.batch:1.1.0"),
            Fault("migrate.uncommitted:1.2.0"),
            Fault("migrate.applied:1.2.0"),
            Fault("migrate.uncommitted:1.3.0"),
            Fault("migrate.applied:1.3.0"),
        ],
    }
}

/// Guards: one kill -9 anywhere in a run (between DDL statements, inside a transaction,
/// during a slow DDL statement, inside a no-transaction file, between versions, at the
/// end), then a plain `migrate` finishes with the uninterrupted run's state.
#[test]
fn kill_anywhere_then_rerun_matches_an_uninterrupted_run() {
    each_engine_in_parallel(&ALL, |kind| {
        let Some(case) = main_case(kind) else { return };
        let points = kill_points(kind);
        // Each kill point has a database of its own: two at a time, to save time.
        in_parallel(points.chunks(points.len() / 2), |points| {
            for &point in *points {
                let db = TestDb::new(kind).unwrap();
                let context = format!("{kind:?}, killed at {point:?}");
                let stderr = run_and_kill(&db, case.dir(), point);
                let unfinished = check_after_kill(&db, &case, &stderr, &context);
                rerun_and_compare(&db, &case, &unfinished, &context);
            }
        });
    });
}

/// Guards: kill -9, kill again (once right after the start), and again, in one
/// database; then a plain `migrate` finishes with the uninterrupted run's state.
#[test]
fn repeated_kills_then_rerun_match_an_uninterrupted_run() {
    let start = Fault("migrate.locked");
    each_engine_in_parallel(&ALL, |kind| {
        let points = match kind {
            Kind::Postgres => [
                Running("1.0.0", "CREATE TABLE item"),
                start,
                // The no-transaction file's DROP INDEX ran, before its journal row.
                Fault("migrate.statement.ran:1.1.0/postDataMigrationSQLScript.sql#1"),
                Running("1.2.0", "CREATE TABLE slow"),
                Fault("migrate.batch:1.3.0"),
            ],
            Kind::Mysql => [
                Fault("migrate.statement.ran:1.0.0/schemaChanges.sql#4"),
                start,
                Fault("migrate.statement:1.1.0/schemaChanges.sql#5"),
                Running("1.2.0", "CREATE TABLE slow"),
                Fault("migrate.statement:1.3.0/schemaChanges.sql#2"),
            ],
            Kind::Sqlite => [
                Fault("migrate.uncommitted:1.0.0"),
                start,
                Fault("migrate.batch:1.1.0"),
                Fault("migrate.uncommitted:1.2.0"),
                Fault("migrate.batch:1.3.0"),
            ],
        };
        let Some(case) = main_case(kind) else { return };
        let db = TestDb::new(kind).unwrap();
        let mut unfinished = BTreeMap::new();
        for (i, point) in points.into_iter().enumerate() {
            let context = format!("{kind:?}, kill {} of {} at {point:?}", i + 1, points.len());
            let stderr = run_and_kill(&db, case.dir(), point);
            unfinished = check_after_kill(&db, &case, &stderr, &context);
        }
        let context = format!("{kind:?}, after {} kills", points.len());
        rerun_and_compare(&db, &case, &unfinished, &context);
    });
}

/// Guards: two kills in a row on one version, the first during a slow DDL statement
/// (on MySQL the server commits it all the same), the second right after the resuming
/// run rewrote the version's STARTED change-log row; a plain `migrate` still finishes.
#[test]
fn kill_after_the_started_row_is_rewritten_then_rerun_matches() {
    each_engine_in_parallel(&ALL, |kind| {
        let d = kind.dialect();
        let slow_ddl = match kind {
            Kind::Postgres => "CREATE TABLE b AS SELECT 1 AS n FROM pg_sleep(1)".to_string(),
            Kind::Mysql => "CREATE TABLE b AS SELECT SLEEP(1) AS n".to_string(),
            Kind::Sqlite => format!(
                "CREATE TABLE b AS {}",
                sleep_sql(kind, 1.0).replace("count(*)", "count(*) AS n")
            ),
        };
        // The no-transaction file gives the version a STARTED row on every engine.
        let files = [
            (
                format!("1.0.0/{d}/schemaChanges.sql"),
                "CREATE TABLE a (id INT);".to_string(),
            ),
            (
                format!("1.1.0/{d}/schemaChanges.sql"),
                format!("{slow_ddl};\nINSERT INTO b (n) VALUES (2);\n"),
            ),
            (
                format!("1.1.0/{d}/{PG_NO_TX_FILE}"),
                "-- dbshape:no-transaction\nCREATE INDEX IF NOT EXISTS b_n ON b (n);\n".to_string(),
            ),
        ];
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, c)| (p.as_str(), c.as_str()))
            .collect();
        let no_tx = (kind != Kind::Mysql).then_some(PG_NO_TX_FILE);
        let data = vec!["SELECT n FROM b ORDER BY n"];
        let Some(case) = Case::new(kind, migration_dir(&refs), data, no_tx) else {
            return;
        };
        let db = TestDb::new(kind).unwrap();

        // Kill 1: during the slow DDL statement (SQLite, in the process: once it ran,
        // its transaction not committed).
        let context = format!("{kind:?}, kill 1 during the slow DDL");
        let during = match kind {
            Kind::Sqlite => Fault("migrate.uncommitted:1.1.0"),
            _ => Running("1.1.0", "CREATE TABLE b"),
        };
        let stderr = run_and_kill(&db, case.dir(), during);
        check_after_kill(&db, &case, &stderr, &context);
        assert_eq!(
            db.change_log(),
            ["1.0.0\tCOMPLETED", "1.1.0\tSTARTED"],
            "{context}"
        );

        // Kill 2: the resuming run has rewritten the STARTED row (one upsert), nothing
        // of the version ran again yet.
        let context = format!("{kind:?}, kill 2 after the change-log row is rewritten");
        let stderr = run_and_kill(&db, case.dir(), Fault("migrate.started:1.1.0"));
        let unfinished = check_after_kill(&db, &case, &stderr, &context);
        eprintln!("{context}: change log {:?}", db.change_log());

        rerun_and_compare(&db, &case, &unfinished, &format!("{kind:?}, after 2 kills"));
    });
}
