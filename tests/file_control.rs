//! What migration files written for other tools do to the session and transaction they
//! run in: their own `BEGIN;`/`COMMIT;`, `ROLLBACK`, `search_path`, `USE`, session
//! variables and pragmas, and how long their versions took. On PostgreSQL, MariaDB and
//! SQLite, running the real binary.

mod common;

use common::{migration_dir, sleep_sql, Kind, TestDb, ALL};

fn each_engine(f: impl Fn(&TestDb)) {
    for kind in ALL {
        if let Some(db) = TestDb::new(kind) {
            f(&db);
        }
    }
}

/// A migrations directory with one `schemaChanges.sql` per version for `kind`.
fn set(kind: Kind, versions: &[(&str, &str)]) -> tempfile::TempDir {
    let files: Vec<(String, String)> = versions
        .iter()
        .map(|(v, sql)| {
            (
                format!("{v}/{}/schemaChanges.sql", kind.dialect()),
                sql.to_string(),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    migration_dir(&refs)
}

fn begin(kind: Kind) -> &'static str {
    match kind {
        Kind::Mysql => "START TRANSACTION",
        Kind::Postgres => "BEGIN",
        Kind::Sqlite => "BEGIN TRANSACTION",
    }
}

/// Regression: a file's `COMMIT` part-way used to keep what ran before it, and the
/// replay after the failure ran a non-idempotent UPDATE a second time.
#[test]
fn a_files_commit_never_ends_the_version_and_nothing_runs_twice() {
    each_engine(|db| {
        let v2 = |last: &str| {
            format!(
                "{};\nUPDATE t SET ts = ts * 1000;\nCOMMIT;\n{last};\n",
                begin(db.kind)
            )
        };
        let dir = set(
            db.kind,
            &[
                (
                    "1",
                    "CREATE TABLE t (id INT PRIMARY KEY, ts BIGINT);\nINSERT INTO t VALUES (1, 5);",
                ),
                ("2", &v2("CREAT TABLE oops (id INT)")),
            ],
        );
        let r = db.run(Some(dir.path()), &["migrate"]);
        r.expect(1);
        assert!(r.stderr.contains("statement 4 (line 4)"), "{}", r.stderr);
        if db.kind == Kind::Mysql {
            // Each statement commits with its journal row: the UPDATE ran once, is
            // journaled, and the message says so.
            assert_eq!(db.sql("SELECT ts FROM t"), "5000");
            assert!(
                r.stderr.contains("already ran and are journaled"),
                "{}",
                r.stderr
            );
        } else {
            assert_eq!(
                db.sql("SELECT ts FROM t"),
                "5",
                "{:?}: rolled back whole",
                db.kind
            );
            assert!(
                r.stderr.contains("nothing of this version was kept"),
                "{}",
                r.stderr
            );
        }
        std::fs::write(
            dir.path()
                .join(format!("2/{}/schemaChanges.sql", db.kind.dialect())),
            v2("CREATE TABLE fixed (id INT)"),
        )
        .unwrap();
        db.run(Some(dir.path()), &["migrate"]).expect(0);
        assert_eq!(
            db.sql("SELECT ts FROM t"),
            "5000",
            "{:?}: the UPDATE ran exactly once",
            db.kind
        );
        db.run(Some(dir.path()), &["validate"]).expect(0);
    });
}

/// Guards: dbshape cannot honour a file's ROLLBACK, so the run stops before its first
/// version, naming the file and line.
#[test]
fn a_files_rollback_is_refused_before_anything_runs() {
    each_engine(|db| {
        let dir = set(
            db.kind,
            &[
                ("1", "CREATE TABLE a (id INT);"),
                ("2", "CREATE TABLE b (id INT);\n-- undo\nROLLBACK;\n"),
            ],
        );
        let r = db.run(Some(dir.path()), &["migrate"]);
        r.expect(2);
        let file = format!("2/{}/schemaChanges.sql", db.kind.dialect());
        assert!(r.stderr.contains(&file), "{}", r.stderr);
        assert!(r.stderr.contains("`ROLLBACK` on line 3"), "{}", r.stderr);
        assert!(db.change_log().is_empty(), "{:?}", db.change_log());
        assert!(!db.tables().iter().any(|t| t == "a"), "{:?}", db.tables());
    });
}

/// Guards: elided statements are shown where an operator looks before and during a run.
#[test]
fn dry_run_and_verbose_name_each_elided_statement() {
    each_engine(|db| {
        let dir = set(
            db.kind,
            &[(
                "1",
                &format!("{};\nCREATE TABLE a (id INT);\nCOMMIT;", begin(db.kind)),
            )],
        );
        let r = db.run(Some(dir.path()), &["migrate", "--dry-run"]);
        r.expect(0);
        let line = format!(
            "-- elided (line 1): {} -- dbshape runs the version in its own transaction",
            begin(db.kind)
        );
        assert!(r.stdout.contains(&line), "{}", r.stdout);
        assert!(
            r.stdout.contains("-- elided (line 3): COMMIT"),
            "{}",
            r.stdout
        );
        let json = db
            .run(
                Some(dir.path()),
                &["--output", "json", "migrate", "--dry-run"],
            )
            .expect(0)
            .json();
        assert_eq!(json["plan"][0]["steps"][0]["elided"][1]["line"], 3);
        assert_eq!(
            json["plan"][0]["steps"][0]["statements"]
                .as_array()
                .map(Vec::len),
            Some(1)
        );
        let r = db.run(Some(dir.path()), &["-v", "migrate"]);
        r.expect(0);
        assert!(
            r.stderr.contains(&format!(
                "1/{}/schemaChanges.sql:3: `COMMIT` not sent",
                db.kind.dialect()
            )),
            "{}",
            r.stderr
        );
    });
}

/// Regression: `pg_dump --schema-only` files start by emptying the search_path, after
/// which dbshape could not find its own tables; a session change must also never reach
/// the next version.
#[test]
fn session_changes_stay_inside_their_version() {
    each_engine(|db| {
        // Version 2 changes the session; version 3 relies on the session dbshape
        // connected with (unqualified names, constraints enforced).
        let (setup, change, probe) = match db.kind {
            Kind::Postgres => (
                "CREATE TABLE p (id INT PRIMARY KEY, n INT CHECK (n > 0));",
                "SELECT pg_catalog.set_config('search_path', '', false);\nCREATE TABLE public_x (a int);\nSET ROLE NONE;",
                "CREATE TABLE y (a INT);\nINSERT INTO p VALUES (1, 1);",
            ),
            Kind::Mysql => (
                "CREATE TABLE p (id INT PRIMARY KEY);\nCREATE TABLE c (id INT PRIMARY KEY, p INT, FOREIGN KEY (p) REFERENCES p (id));",
                "SET foreign_key_checks = 0;\nSET sql_mode = 'ANSI_QUOTES';\nUSE information_schema;\nSELECT COUNT(*) FROM TABLES;",
                "CREATE TABLE y (a INT);\nINSERT INTO c VALUES (1, 999);",
            ),
            Kind::Sqlite => (
                "CREATE TABLE p (id INT PRIMARY KEY, n INT CHECK (n > 0));",
                "PRAGMA ignore_check_constraints = ON;\nCREATE TABLE x (a INT);",
                "CREATE TABLE y (a INT);\nINSERT INTO p VALUES (1, -1);",
            ),
        };
        // PostgreSQL: the table of version 2 has no schema to go to once the
        // search_path is empty, unless it names one.
        let change = if db.kind == Kind::Postgres {
            change.replace(
                "CREATE TABLE public_x",
                &format!("CREATE TABLE {}.x", db.sql("SELECT current_schema()")),
            )
        } else {
            change.to_string()
        };
        let dir = set(db.kind, &[("1", setup), ("2", &change), ("3", probe)]);
        let r = db.run(Some(dir.path()), &["migrate"]);
        match db.kind {
            // The probe's INSERT would pass with the session version 2 left behind.
            Kind::Mysql | Kind::Sqlite => {
                r.expect(1);
                assert!(r.stderr.contains("version 3 failed"), "{}", r.stderr);
                assert!(r.stderr.contains("INSERT INTO"), "{}", r.stderr);
            }
            Kind::Postgres => {
                r.expect(0);
                assert!(db.tables().iter().any(|t| t == "y"), "{:?}", db.tables());
            }
        }
        assert_eq!(db.change_log()[..2], ["1\tCOMPLETED", "2\tCOMPLETED"]);
    });
}

/// Regression: the held path recorded a version's time before its SQL ran, so a long
/// version showed 0 ms.
#[test]
fn a_versions_recorded_time_covers_its_statements() {
    each_engine(|db| {
        let secs = if db.kind == Kind::Sqlite { 0.5 } else { 1.2 };
        let dir = set(db.kind, &[("1", &format!("{};", sleep_sql(db.kind, secs)))]);
        let started = std::time::Instant::now();
        let r = db.run(Some(dir.path()), &["--output", "json", "migrate"]);
        let wall = started.elapsed().as_millis() as u64;
        r.expect(0);
        let reported = r.json()["applied"][0]["execution_ms"].as_u64().unwrap();
        let info = db
            .run(Some(dir.path()), &["--output", "json", "info"])
            .expect(0)
            .json();
        let recorded = info["versions"][0]["execution_ms"].as_u64().unwrap();
        for ms in [reported, recorded] {
            assert!(
                ms <= wall,
                "{:?}: {ms} ms > the command's {wall} ms",
                db.kind
            );
        }
        if db.kind != Kind::Sqlite {
            // A server-side sleep: the recorded time cannot be below it.
            assert!(recorded >= 1150, "{:?}: recorded {recorded} ms", db.kind);
            assert!(reported >= 1150, "{:?}: reported {reported} ms", db.kind);
        } else {
            assert!(recorded > 0 && reported > 0, "{recorded} / {reported}");
        }
    });
}

/// Regression: SQLite versions ran with foreign keys on, so rebuilding a parent table
/// the documented way (`DROP TABLE` the old one) deleted its children through
/// `ON DELETE CASCADE`, where the `sqlite3` shell keeps them.
#[test]
fn sqlite_rebuilding_a_parent_table_keeps_its_children() {
    let Some(db) = TestDb::new(Kind::Sqlite) else {
        return;
    };
    let dir = set(
        Kind::Sqlite,
        &[
            (
                "1",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n\
                 CREATE TABLE contacts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE);\n\
                 INSERT INTO users VALUES (1, 'a'), (2, 'b');\n\
                 INSERT INTO contacts VALUES (10, 1), (11, 2);",
            ),
            (
                "2",
                "PRAGMA foreign_keys = OFF;\nBEGIN TRANSACTION;\n\
                 CREATE TABLE tmp_users AS SELECT * FROM users;\n\
                 DROP TABLE users;\n\
                 CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT);\n\
                 INSERT INTO users (id, name) SELECT id, name FROM tmp_users;\n\
                 DROP TABLE tmp_users;\nCOMMIT;\nPRAGMA foreign_keys = ON;",
            ),
        ],
    );
    db.run(Some(dir.path()), &["migrate"]).expect(0);
    assert_eq!(db.sql("SELECT COUNT(*) FROM contacts"), "2");
    assert_eq!(db.sql("SELECT COUNT(*) FROM users"), "2");
}

/// Guards: a schema chosen by `connection.init_sql` holds dbshape's tables and stays the
/// session's schema after a version empties the search_path.
#[test]
fn a_schema_chosen_by_init_sql_keeps_working_after_a_search_path_change() {
    let Some(db) = TestDb::new(Kind::Postgres) else {
        return;
    };
    db.sql("CREATE SCHEMA app");
    std::fs::write(
        db.dir.path().join("dbshape.yaml"),
        "connection:\n  init_sql:\n    - SET search_path TO app\n",
    )
    .unwrap();
    let dir = set(
        Kind::Postgres,
        &[
            ("1", "CREATE TABLE t (a INT);"),
            (
                "2",
                "SELECT pg_catalog.set_config('search_path', '', false);\nCREATE TABLE app.u (a INT);",
            ),
            ("3", "CREATE TABLE w (a INT);"),
        ],
    );
    db.run(Some(dir.path()), &["migrate"]).expect(0);
    assert_eq!(
        db.sql("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'app' AND tablename NOT LIKE 'dbshape%'"),
        "t,u,w"
    );
    assert_eq!(
        db.sql("SELECT count(*) FROM app.dbshape_change_log WHERE status = 'COMPLETED'"),
        "3"
    );
    db.run(Some(dir.path()), &["validate"]).expect(0);
}
