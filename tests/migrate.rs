//! Integration tests of the migration commands, on PostgreSQL, MariaDB and SQLite,
//! running the real binary against real databases.

mod common;

use common::{bundled_dir, each_engine, migration_dir, version_files, Kind, TestDb};

#[test]
fn fresh_migrate_reaches_the_server_version_with_every_bundled_mechanism() {
    each_engine(|db| {
        let run = db.run(None, &["--output", "json", "migrate"]);
        run.expect(0);
        let report = run.json();
        assert_eq!(report["schema_version"], "1.3.1", "{report}");
        assert_eq!(report["applied"].as_array().unwrap().len(), 5);
        assert_eq!(
            db.change_log(),
            [
                "1.0.0\tCOMPLETED",
                "1.1.0\tCOMPLETED",
                "1.2.0\tCOMPLETED",
                "1.3.0\tCOMPLETED",
                "1.3.1\tCOMPLETED"
            ],
            "{:?}",
            db.kind
        );
        let tables = db.tables();
        for t in [
            "table_entity",
            "user_entity",
            "entity_relationship",
            "change_event",
            "settings",
            "settings_history",
            "dbshape_change_log",
            "dbshape_statement_log",
        ] {
            assert!(
                tables.iter().any(|x| x == t),
                "{:?}: {t} missing from {tables:?}",
                db.kind
            );
        }
        // The settings trigger copies rows into the history table.
        db.sql("INSERT INTO settings (config_type, json) VALUES ('probe', '{\"configType\": \"probe\"}')");
        assert_eq!(
            db.sql("SELECT count(*) FROM settings_history WHERE config_type = 'probe'"),
            "1"
        );
        // info --output json carries the documented fields.
        let info = db.run(None, &["--output", "json", "info"]);
        info.expect(0);
        let info = info.json();
        assert_eq!(info["schema_version"], "1.3.1");
        assert_eq!(info["server_version"], "1.3.1");
        assert_eq!(info["pending"].as_array().unwrap().len(), 0);
        for v in info["versions"].as_array().unwrap() {
            for field in [
                "version",
                "status",
                "checksum",
                "installed_on",
                "execution_ms",
                "state",
            ] {
                assert!(v.get(field).is_some(), "info version lacks {field}: {v}");
            }
            assert_eq!(v["state"], "ok");
        }
        db.run(None, &["validate"]).expect(0);
    });
}

#[test]
fn backfill_in_rust_fills_rows_inserted_before_its_version() {
    each_engine(|db| {
        db.run(None, &["migrate", "--to", "1.0.0"]).expect(0);
        db.sql(
            "INSERT INTO table_entity (json) VALUES ('{\"id\": \"a1\", \"name\": \"orders\", \"fullyQualifiedName\": \"shop.public.orders\", \"updatedAt\": 1, \"deleted\": false}')",
        );
        db.run(None, &["migrate"]).expect(0);
        let hash = db.sql("SELECT fqn_hash FROM table_entity");
        // sha256("shop.public.orders")
        assert_eq!(hash.len(), 64, "{:?}: {hash}", db.kind);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    });
}

#[test]
fn migrate_to_a_version_then_the_rest() {
    each_engine(|db| {
        db.run(None, &["migrate", "--to", "1.2.0"]).expect(0);
        assert_eq!(db.change_log().len(), 3);
        let info = db.run(None, &["--output", "json", "info"]).json();
        assert_eq!(info["schema_version"], "1.2.0");
        assert_eq!(info["pending"], serde_json::json!(["1.3.0", "1.3.1"]));
        db.run(None, &["validate"]).expect(3);
        db.run(None, &["migrate"]).expect(0);
        assert_eq!(db.change_log().len(), 5);
        db.run(None, &["validate"]).expect(0);
        // An unknown target is a usage error naming the version.
        let r = db.run(None, &["migrate", "--to", "9.9.9"]);
        r.expect(2);
        assert!(r.stderr.contains("9.9.9"), "{}", r.stderr);
    });
}

#[test]
fn dry_run_prints_the_sql_and_changes_nothing() {
    each_engine(|db| {
        let before = db.tables();
        let run = db.run(None, &["migrate", "--dry-run"]);
        run.expect(0);
        assert!(run.stdout.contains("CREATE TABLE"), "{}", run.stdout);
        assert!(
            run.stdout.contains("-- ===== version 1.3.1"),
            "{}",
            run.stdout
        );
        assert_eq!(db.tables(), before, "{:?}: dry run created tables", db.kind);
        // After a partial migrate, the dry run lists exactly the rest.
        db.run(None, &["migrate", "--to", "1.1.0"]).expect(0);
        let schema = db.schema();
        let run = db
            .run(None, &["--output", "json", "migrate", "--dry-run"])
            .expect(0)
            .json();
        let versions: Vec<_> = run["plan"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["version"].clone())
            .collect();
        assert_eq!(versions, ["1.2.0", "1.3.0", "1.3.1"]);
        assert_eq!(db.schema(), schema);
        assert_eq!(db.change_log().len(), 2);
    });
}

#[test]
fn dry_run_sql_replays_with_the_engines_own_client() {
    each_engine(|db| {
        let run = db.run(None, &["migrate", "--dry-run", "--to", "1.0.0"]);
        run.expect(0);
        let out = db.sql_output(&run.stdout);
        assert!(
            out.status.success(),
            "{:?}: {}",
            db.kind,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(db.tables().iter().any(|t| t == "table_entity"));
    });
}

fn fixture(kind: Kind, versions: &[(&str, &str)]) -> tempfile::TempDir {
    version_files(kind, versions)
}

#[test]
fn edited_applied_file_makes_validate_exit_5_naming_the_version() {
    each_engine(|db| {
        let dir = fixture(
            db.kind,
            &[
                ("1.0.0", "CREATE TABLE a\n(id INT);\n"),
                ("1.1.0", "CREATE TABLE b (id INT);"),
            ],
        );
        db.run(Some(dir.path()), &["migrate"]).expect(0);
        db.run(Some(dir.path()), &["validate"]).expect(0);
        let f = dir
            .path()
            .join(format!("1.0.0/{}/schemaChanges.sql", db.kind.dialect()));
        std::fs::write(&f, "CREATE TABLE a (id INT, x INT);").unwrap();
        let r = db.run(Some(dir.path()), &["validate"]);
        r.expect(5);
        assert!(r.stdout.contains("1.0.0 changed"), "{}", r.stdout);
        let j = db
            .run(Some(dir.path()), &["--output", "json", "validate"])
            .expect(5)
            .json();
        assert_eq!(j["problems"][0]["version"], "1.0.0");
        assert_eq!(j["problems"][0]["state"], "changed");
        // migrate refuses to run on top of drift, with exit 5.
        db.run(Some(dir.path()), &["migrate"]).expect(5);
        // CRLF and a BOM are not an edit.
        std::fs::write(&f, "\u{feff}CREATE TABLE a\r\n(id INT);\r\n").unwrap();
        db.run(Some(dir.path()), &["validate"]).expect(0);
        // An intended edit is accepted by repair, which logs it.
        std::fs::write(&f, "CREATE TABLE a (id INT); -- reviewed").unwrap();
        db.run(Some(dir.path()), &["validate"]).expect(5);
        let r = db.run(Some(dir.path()), &["repair", "--accept-checksums"]);
        r.expect(0);
        assert!(r.stdout.contains("1.0.0 accepted-checksum"), "{}", r.stdout);
        db.run(Some(dir.path()), &["validate"]).expect(0);
        assert_eq!(
            db.sql("SELECT count(*) FROM dbshape_audit_log WHERE action = 'accept-checksum'"),
            "1"
        );
    });
}

#[test]
fn database_newer_than_the_binary_exits_4_naming_both_versions() {
    each_engine(|db| {
        let newer = fixture(
            db.kind,
            &[
                ("1.0.0", "CREATE TABLE a (id INT);"),
                ("2.0.0", "CREATE TABLE b (id INT);"),
            ],
        );
        db.run(Some(newer.path()), &["migrate"]).expect(0);
        let older = fixture(
            db.kind,
            &[
                ("1.0.0", "CREATE TABLE a (id INT);"),
                ("1.5.0", "CREATE TABLE c (id INT);"),
            ],
        );
        let r = db.run(Some(older.path()), &["migrate"]);
        r.expect(4);
        assert!(
            r.stderr.contains("2.0.0") && r.stderr.contains("1.5.0"),
            "{}",
            r.stderr
        );
        assert!(
            !db.tables().iter().any(|t| t == "c"),
            "nothing may be written"
        );
        db.run(Some(older.path()), &["validate"]).expect(4);
        db.run(Some(older.path()), &["--yes", "drop-create"])
            .expect(4);
    });
}

#[test]
fn out_of_order_versions_need_the_flag() {
    each_engine(|db| {
        let dir = fixture(
            db.kind,
            &[
                ("1.0.0", "CREATE TABLE a (id INT);"),
                ("1.2.0", "CREATE TABLE c (id INT);"),
            ],
        );
        db.run(Some(dir.path()), &["migrate"]).expect(0);
        let late = dir.path().join(format!("1.1.0/{}", db.kind.dialect()));
        std::fs::create_dir_all(&late).unwrap();
        std::fs::write(late.join("schemaChanges.sql"), "CREATE TABLE b (id INT);").unwrap();
        let r = db.run(Some(dir.path()), &["migrate"]);
        r.expect(3);
        assert!(
            r.stderr.contains("1.1.0") && r.stderr.contains("--allow-out-of-order"),
            "{}",
            r.stderr
        );
        let v = db
            .run(Some(dir.path()), &["--output", "json", "validate"])
            .expect(3)
            .json();
        assert_eq!(v["problems"][0]["state"], "out-of-order");
        db.run(Some(dir.path()), &["migrate", "--allow-out-of-order"])
            .expect(0);
        assert!(db.tables().iter().any(|t| t == "b"));
        db.run(Some(dir.path()), &["validate"]).expect(0);
    });
}

#[test]
fn syntax_error_names_file_and_statement_and_a_fixed_file_completes() {
    each_engine(|db| {
        let dir = fixture(
            db.kind,
            &[
                ("1.0.0", "CREATE TABLE a (id INT);"),
                ("1.1.0", "CREATE TABLE b (id INT);\nINSERT INTO b (id) VALUES (1);\nCREAT TABLE oops (id INT);\nCREATE TABLE d (id INT);"),
            ],
        );
        let r = db.run(Some(dir.path()), &["migrate"]);
        r.expect(1);
        let file = format!("1.1.0/{}/schemaChanges.sql", db.kind.dialect());
        assert!(r.stderr.contains(&file), "{}", r.stderr);
        assert!(
            r.stderr.contains("statement 3") && r.stderr.contains("CREAT TABLE oops"),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr
                .contains("is not valid SQL for this engine: fix it in the file"),
            "{}",
            r.stderr
        );
        assert_eq!(db.change_log(), ["1.0.0\tCOMPLETED", "1.1.0\tFAILED"]);
        let v = db
            .run(Some(dir.path()), &["--output", "json", "validate"])
            .expect(3)
            .json();
        assert_eq!(v["problems"][0]["state"], "failed");
        if db.kind == Kind::Mysql {
            // DDL committed: b exists and its row is journaled, never run twice.
            assert_eq!(db.sql("SELECT count(*) FROM b"), "1");
        } else {
            assert!(!db.tables().iter().any(|t| t == "b"), "rolled back");
        }
        std::fs::write(
            dir.path().join(&file),
            "CREATE TABLE b (id INT);\nINSERT INTO b (id) VALUES (1);\nCREATE TABLE oops (id INT);\nCREATE TABLE d (id INT);",
        )
        .unwrap();
        db.run(Some(dir.path()), &["migrate"]).expect(0);
        assert_eq!(
            db.sql("SELECT count(*) FROM b"),
            "1",
            "{:?}: the insert ran once",
            db.kind
        );
        // SQLite ran 1.0.0 and 1.1.0 in one group, rolled both back on the failure and
        // replayed them one by one: the ranks are still handed out once each.
        assert_eq!(
            db.sql("SELECT installed_rank FROM dbshape_change_log WHERE version = '1.1.0'"),
            "2",
            "{:?}",
            db.kind
        );
        db.run(Some(dir.path()), &["validate"]).expect(0);
    });
}

/// Regression: a failure caused by the rows already in the database was followed by
/// "fix the file", and PostgreSQL's DETAIL (which names the row at fault) was dropped.
/// The advice follows the error's class on every engine.
#[test]
fn a_failure_caused_by_existing_rows_says_to_fix_the_rows() {
    each_engine(|db| {
        let dir = fixture(
            db.kind,
            &[
                ("1.0.0", "CREATE TABLE a (id INT PRIMARY KEY, v INT);\nINSERT INTO a (id, v) VALUES (1, 7), (2, 7);"),
                ("1.1.0", "CREATE UNIQUE INDEX a_v ON a (v);"),
            ],
        );
        let r = db.run(Some(dir.path()), &["migrate"]);
        r.expect(1);
        assert!(
            r.stderr
                .contains("rows already in the database violate what the statement asks")
                && !r.stderr.contains("fix the file"),
            "{:?}: {}",
            db.kind,
            r.stderr
        );
        if db.kind == Kind::Postgres {
            assert!(
                r.stderr.contains("DETAIL: Key (v)=(7) is duplicated."),
                "{}",
                r.stderr
            );
        }
        // A missing object gets its own advice.
        let dir = fixture(db.kind, &[("1.0.0", "DROP TABLE no_such_table;")]);
        let fresh = TestDb::new(db.kind).unwrap();
        let r = fresh.run(Some(dir.path()), &["migrate"]);
        r.expect(1);
        assert!(
            r.stderr
                .contains("names an object the database does not have"),
            "{:?}: {}",
            db.kind,
            r.stderr
        );
    });
}

#[test]
fn repair_clears_a_failed_version_and_migrate_still_resumes() {
    each_engine(|db| {
        let dir = fixture(
            db.kind,
            &[(
                "1.0.0",
                "CREATE TABLE a (id INT);\nSELECT * FROM missing_table;",
            )],
        );
        db.run(Some(dir.path()), &["migrate"]).expect(1);
        let r = db.run(Some(dir.path()), &["repair"]);
        r.expect(0);
        assert!(r.stdout.contains("1.0.0 cleared-failed"), "{}", r.stdout);
        assert!(db.change_log().is_empty());
        db.run(Some(dir.path()), &["validate"]).expect(3);
        std::fs::write(
            dir.path()
                .join(format!("1.0.0/{}/schemaChanges.sql", db.kind.dialect())),
            "CREATE TABLE a (id INT);\nSELECT 1;",
        )
        .unwrap();
        db.run(Some(dir.path()), &["migrate"]).expect(0);
    });
}

#[test]
fn common_directory_serves_dialects_without_their_own_and_empty_versions_are_recorded() {
    each_engine(|db| {
        let dir = migration_dir(&[
            (
                "1.0.0/common/schemaChanges.sql",
                "CREATE TABLE shared (id INT);",
            ),
            ("1.1.0/oracle_is_not_here/.keep", ""),
        ]);
        // An unknown dialect directory is refused with exit 2.
        db.run(Some(dir.path()), &["migrate"]).expect(2);
        let dir = migration_dir(&[
            (
                "1.0.0/common/schemaChanges.sql",
                "CREATE TABLE shared (id INT);",
            ),
            (
                "1.1.0/common/schemaChanges.sql",
                "CREATE TABLE common_only (id INT);",
            ),
            (
                "1.1.0/postgres/schemaChanges.sql",
                "CREATE TABLE pg_only (id INT);",
            ),
            (
                "1.2.0/postgres/schemaChanges.sql",
                "CREATE TABLE pg_two (id INT);",
            ),
            (
                "1.2.0/mysql/schemaChanges.sql",
                "CREATE TABLE my_two (id INT);",
            ),
            ("1.3.0/postgres/postDataMigrationSQLScript.sql", ""),
        ]);
        db.run(Some(dir.path()), &["migrate"]).expect(0);
        let tables = db.tables();
        assert!(tables.contains(&"shared".to_string()));
        assert_eq!(
            tables.contains(&"pg_only".to_string()),
            db.kind == Kind::Postgres
        );
        assert_eq!(
            tables.contains(&"common_only".to_string()),
            db.kind != Kind::Postgres
        );
        assert_eq!(
            db.change_log().len(),
            4,
            "{:?}: empty versions are recorded",
            db.kind
        );
    });
}

#[test]
fn baseline_adopts_an_existing_database() {
    each_engine(|db| {
        db.sql("CREATE TABLE legacy (id INT)");
        let dir = fixture(
            db.kind,
            &[
                ("1.0.0", "CREATE TABLE legacy (id INT);"),
                ("1.1.0", "CREATE TABLE b (id INT);"),
            ],
        );
        db.run(Some(dir.path()), &["baseline", "--version", "1.0.0"])
            .expect(0);
        db.run(Some(dir.path()), &["migrate"]).expect(0);
        assert_eq!(db.change_log(), ["1.0.0\tCOMPLETED", "1.1.0\tCOMPLETED"]);
        // A second baseline is refused: the database has history.
        db.run(Some(dir.path()), &["baseline", "--version", "1.1.0"])
            .expect(2);
    });
}

#[test]
fn drop_create_needs_yes_without_a_terminal_then_rebuilds() {
    each_engine(|db| {
        db.run(None, &["migrate"]).expect(0);
        db.sql("INSERT INTO settings (config_type, json) VALUES ('x', '{\"configType\": \"x\"}')");
        let r = db.run(None, &["drop-create"]);
        r.expect(2);
        assert!(r.stderr.contains("--yes"), "{}", r.stderr);
        db.run(None, &["--yes", "drop-create"]).expect(0);
        assert_eq!(
            db.sql("SELECT count(*) FROM settings WHERE config_type = 'x'"),
            "0"
        );
        assert_eq!(db.change_log().len(), 5);
        db.run(None, &["validate"]).expect(0);
    });
}

#[test]
fn check_connection_reports_the_engine() {
    each_engine(|db| {
        let j = db
            .run(None, &["--output", "json", "check-connection"])
            .expect(0)
            .json();
        assert_eq!(j["dialect"], db.kind.dialect());
        let engine = j["engine"].as_str().unwrap().to_string();
        let expected = match db.kind {
            Kind::Postgres => "PostgreSQL",
            Kind::Mysql => "MariaDB",
            Kind::Sqlite => "SQLite",
        };
        assert!(engine.starts_with(expected), "{engine}");
    });
}

#[test]
fn bundled_directory_on_disk_and_compiled_copy_agree() {
    let Some(db) = TestDb::new(Kind::Sqlite) else {
        return;
    };
    // The test directory has no bootstrap/, so the compiled copy is used...
    db.run(None, &["migrate"]).expect(0);
    // ...and the checkout's directory on disk has the same checksums.
    db.run(Some(&bundled_dir()), &["validate"]).expect(0);
}

/// Regression: a copy of the bundled directory given with `--migrations` ran 1.1.0
/// without its Rust backfill (leaving `fqn_hash` NULL for good, then suggesting
/// `repair --accept-checksums`); its `rust-steps.txt` now refuses it before anything
/// connects or runs.
#[test]
fn a_copy_of_the_bundled_directory_is_refused_for_its_rust_step() {
    let copy = tempfile::tempdir().unwrap();
    common::copy_dir(&bundled_dir(), copy.path());
    each_engine(|db| {
        let run = db.run(Some(copy.path()), &["migrate"]);
        run.expect(2);
        let file = copy.path().join("1.1.0/rust-steps.txt");
        for needle in [
            "version 1.1.0 needs the Rust step m1_1_0_backfill_fqn_hash",
            &format!("declared in {}", file.display()),
            "fqn_hash for existing rows, which stay NULL without it",
            "Nothing was run",
            "dbshape without --migrations",
        ] {
            assert!(run.stderr.contains(needle), "{needle:?} in {}", run.stderr);
        }
        if db.kind == Kind::Sqlite {
            // Not even opened: opening creates the file.
            assert!(!db.dir.path().join("test.db").exists(), "{:?}", db.kind);
        } else {
            assert_eq!(db.tables(), Vec::<String>::new(), "{:?}", db.kind);
        }
    });
}

/// Guards: without a terminal, `migrate`'s log says what happened in the order it
/// happened: each `applying V` is followed by `applied V` (committed on its own), or by
/// `ran V ..., not committed yet` when V's transaction stays open for the versions after
/// it, and then `committed V` once that transaction commits; no version starts before
/// the one before it has ended one of those ways, and every version ends committed.
#[test]
fn the_plain_log_is_in_the_order_things_happen() {
    each_engine(|db| {
        let run = db.run(None, &["migrate"]);
        run.expect(0);
        let log = || format!("{:?}:\n{}", db.kind, run.stderr);
        let mut open: Option<String> = None;
        let mut uncommitted: Vec<String> = Vec::new();
        let mut committed: Vec<String> = Vec::new();
        for line in run.stderr.lines() {
            let word = |w: &str| {
                line.strip_prefix(w)
                    .map(|rest| rest.split([' ', ':']).next().unwrap_or("").to_string())
            };
            if let Some(v) = word("applying ") {
                assert!(open.is_none(), "{v} began before {open:?} ended: {}", log());
                open = Some(v);
            } else if let Some(v) = word("applied ") {
                assert_eq!(open.take(), Some(v.clone()), "{}", log());
                committed.push(v);
            } else if let Some(v) = word("ran ") {
                assert!(line.ends_with("not committed yet"), "{line}");
                assert_eq!(open.take(), Some(v.clone()), "{}", log());
                uncommitted.push(v);
            } else if let Some(v) = word("committed ") {
                assert_eq!(uncommitted.first(), Some(&v), "{}", log());
                uncommitted.remove(0);
                committed.push(v);
            }
        }
        assert!(open.is_none() && uncommitted.is_empty(), "{}", log());
        assert_eq!(
            committed,
            ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.3.1"],
            "{}",
            log()
        );
    });
}
