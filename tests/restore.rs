//! `restore` on real engines: the version gate, `--shape` and `--upgrade`, the clean
//! database rule, all-or-nothing under corruption and kill -9, triggers and counters.

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::bundled::{fill, fingerprint};
use common::{migration_dir, Kind, TestDb, ALL};

/// A plain dump of `fill`'s data with one flipped byte inside a row (`orders 17` becomes
/// `Orders 17`).
fn flip_in_a_row(bytes: &[u8]) -> Vec<u8> {
    let pos = bytes.windows(9).position(|w| w == b"orders 17").unwrap();
    let mut flipped = bytes.to_vec();
    flipped[pos] ^= 0x20;
    flipped
}

/// Old-version sources are backed up as they are (`--allow-pending`).
fn dump_of(db: &TestDb, name: &str) -> std::path::PathBuf {
    let path = db.dir.path().join(name);
    db.run(
        None,
        &["backup", "--allow-pending", "-o", path.to_str().unwrap()],
    )
    .expect(0);
    path
}

/// A restore with --shape into an empty database brings back every row exactly, keeps
/// triggers from adding rows, leaves the triggers in place and counters above the data.
#[test]
fn shape_restore_round_trip() {
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        src.run(None, &["migrate"]).expect(0);
        fill(&src);
        let dump = dump_of(&src, "full.sql.zst");
        let dst = TestDb::new(kind).unwrap();
        let r = dst.run(
            None,
            &[
                "--output",
                "json",
                "restore",
                dump.to_str().unwrap(),
                "--shape",
            ],
        );
        r.expect(0);
        let j = r.json();
        assert_eq!(j["shaped"], true);
        assert_eq!(j["schema_version"], "1.3.1");
        assert_eq!(fingerprint(&dst), fingerprint(&src), "{kind:?}");
        dst.run(None, &["validate"]).expect(0);
        // Triggers are back: a new settings row is copied into the history once.
        let before: i64 = dst
            .sql("SELECT count(*) FROM settings_history")
            .parse()
            .unwrap();
        dst.sql("INSERT INTO settings (config_type, json) VALUES ('after', '{\"configType\": \"after\"}')");
        let after: i64 = dst
            .sql("SELECT count(*) FROM settings_history")
            .parse()
            .unwrap();
        assert_eq!(after, before + 1, "{kind:?}: trigger missing after restore");
        // Counters continue above the restored data.
        let max: i64 = src.sql("SELECT max(id) FROM change_event").parse().unwrap();
        dst.sql("INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) VALUES ('x', 't', 'new', 1, '{}')");
        let new_id: i64 = dst.sql("SELECT max(id) FROM change_event").parse().unwrap();
        assert!(new_id > max, "{kind:?}: new id {new_id} <= {max}");
        // Piped from standard input, into another empty database.
        let dst2 = TestDb::new(kind).unwrap();
        let mut c = dst2.cmd();
        c.args(["restore", "-", "--shape"])
            .stdin(std::fs::File::open(&dump).unwrap());
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{kind:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(fingerprint(&dst2), fingerprint(&src), "{kind:?} (stdin)");
    }
}

/// The gate: an empty database without --shape, a newer database, a database with rows.
#[test]
fn gate_refuses_with_exit_4_and_says_what_to_do() {
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        src.run(None, &["migrate", "--to", "1.2.0"]).expect(0);
        fill(&src);
        let dump = dump_of(&src, "old.sql");
        let d = dump.to_str().unwrap();
        // Empty target without --shape.
        let empty = TestDb::new(kind).unwrap();
        let r = empty.run(None, &["restore", d]);
        r.expect(4);
        assert!(
            r.stderr.contains("--shape") && r.stderr.contains("1.2.0"),
            "{}",
            r.stderr
        );
        assert!(empty.tables().is_empty() || !empty.tables().contains(&"settings".to_string()));
        // A newer database.
        let newer = TestDb::new(kind).unwrap();
        newer.run(None, &["migrate"]).expect(0);
        let r = newer.run(None, &["restore", d]);
        r.expect(4);
        assert!(
            r.stderr.contains("1.2.0") && r.stderr.contains("1.3.1"),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("--shape") && r.stderr.contains("migrate"),
            "{}",
            r.stderr
        );
        // --shape does not apply to a database that is not empty.
        newer.run(None, &["restore", d, "--shape"]).expect(4);
        // Same version, but rows present: refused, naming the tables.
        let same = TestDb::new(kind).unwrap();
        same.run(None, &["migrate", "--to", "1.2.0"]).expect(0);
        let r = same.run(None, &["restore", d]);
        r.expect(1);
        assert!(r.stderr.contains("settings"), "{}", r.stderr);
        // The ways on are named: an empty database, or --clean to replace everything.
        assert!(
            r.stderr.contains("--shape") && r.stderr.contains("`dbshape restore DUMP --clean`"),
            "{}",
            r.stderr
        );
    }
}

/// --upgrade: an old dump reaches the server version after loading at its own version.
#[test]
fn old_dump_upgrades_after_loading() {
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        src.run(None, &["migrate", "--to", "1.0.0"]).expect(0);
        src.sql("INSERT INTO table_entity (json) VALUES ('{\"id\": \"a\", \"name\": \"n\", \"fullyQualifiedName\": \"x.y\", \"updatedAt\": 1, \"deleted\": false}')");
        let dump = dump_of(&src, "v1.sql");
        let dst = TestDb::new(kind).unwrap();
        let j = dst
            .run(
                None,
                &[
                    "--output",
                    "json",
                    "restore",
                    dump.to_str().unwrap(),
                    "--shape",
                    "--upgrade",
                ],
            )
            .expect(0)
            .json();
        assert_eq!(j["schema_version"], "1.0.0");
        assert_eq!(j["upgrade"]["schema_version"], "1.3.1");
        // The 1.1.0 backfill ran on the restored row.
        assert_eq!(dst.sql("SELECT fqn_hash FROM table_entity").len(), 64);
        dst.run(None, &["validate"]).expect(0);
    }
}

/// A dump taken with other migrations (a checksum differs) is refused, naming the version.
#[test]
fn differing_checksums_are_refused_naming_the_version() {
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        let d = kind.dialect();
        let a = migration_dir(&[(
            &format!("1.0.0/{d}/schemaChanges.sql"),
            "CREATE TABLE t (id INT);",
        )]);
        let b = migration_dir(&[(
            &format!("1.0.0/{d}/schemaChanges.sql"),
            "CREATE TABLE t (id INT); -- edited",
        )]);
        src.run(Some(a.path()), &["migrate"]).expect(0);
        src.sql("INSERT INTO t VALUES (1)");
        let dump = src.dir.path().join("a.sql");
        src.run(Some(a.path()), &["backup", "-o", dump.to_str().unwrap()])
            .expect(0);
        let dst = TestDb::new(kind).unwrap();
        let r = dst.run(
            Some(b.path()),
            &["restore", dump.to_str().unwrap(), "--shape"],
        );
        r.expect(4);
        assert!(
            r.stderr.contains("1.0.0") && r.stderr.contains("differs"),
            "{}",
            r.stderr
        );
        // A database shaped with b at the same version: same refusal through the gate.
        dst.run(Some(b.path()), &["migrate"]).expect(0);
        let r = dst.run(Some(b.path()), &["restore", dump.to_str().unwrap()]);
        r.expect(4);
        assert!(
            r.stderr.contains("1.0.0") && r.stderr.contains("checksum"),
            "{}",
            r.stderr
        );
    }
}

/// A corrupt or truncated dump is refused before any row is committed.
#[test]
fn corrupt_dump_is_refused_before_any_row() {
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        src.run(None, &["migrate"]).expect(0);
        fill(&src);
        let dump = dump_of(&src, "d.sql");
        let bytes = std::fs::read(&dump).unwrap();
        let bad = src.dir.path().join("bad.sql");
        // Truncated in the middle of the data, and one flipped byte in a row.
        for data in [bytes[..bytes.len() * 2 / 3].to_vec(), flip_in_a_row(&bytes)] {
            std::fs::write(&bad, &data).unwrap();
            let dst = TestDb::new(kind).unwrap();
            dst.run(None, &["restore", bad.to_str().unwrap(), "--shape"])
                .expect(5);
            assert!(
                !dst.tables().contains(&"table_entity".to_string()),
                "{kind:?}: shaped before verifying"
            );
            // From a pipe too: the input is spooled and verified before anything is
            // shaped or marked.
            let dst = TestDb::new(kind).unwrap();
            let mut c = dst.cmd();
            c.args(["restore", "-", "--shape"])
                .stdin(std::fs::File::open(&bad).unwrap());
            let out = c.output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(5),
                "{kind:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                !dst.tables().contains(&"table_entity".to_string()),
                "{kind:?}: shaped before verifying standard input"
            );
            dst.run(None, &["restore", dump.to_str().unwrap(), "--shape"])
                .expect(0);
            assert_eq!(fingerprint(&dst), fingerprint(&src));
        }
    }
}

/// Into a database shaped already (no `--shape`), a damaged dump leaves it exactly as it
/// was on every engine: MySQL verifies the file first, PostgreSQL and SQLite check it
/// while loading in their one transaction and roll back, without a restore mark.
#[test]
fn corrupt_dump_into_a_shaped_database_leaves_it_as_it_was() {
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        src.run(None, &["migrate"]).expect(0);
        fill(&src);
        let dump = dump_of(&src, "d.sql");
        let bad = src.dir.path().join("bad.sql");
        std::fs::write(&bad, flip_in_a_row(&std::fs::read(&dump).unwrap())).unwrap();
        let dst = TestDb::new(kind).unwrap();
        dst.migrate_and_empty();
        let before = fingerprint(&dst);
        let r = dst.run(None, &["restore", bad.to_str().unwrap()]);
        r.expect(5);
        assert_eq!(
            fingerprint(&dst),
            before,
            "{kind:?}: changed by a damaged dump"
        );
        // Not marked: every command works on it as before.
        dst.run(None, &["validate"]).expect(0);
        dst.run(None, &["restore", dump.to_str().unwrap()])
            .expect(0);
        assert_eq!(fingerprint(&dst), fingerprint(&src), "{kind:?}");
    }
}

/// kill -9 at several points: the database is untouched or marked incomplete (every
/// other command refuses it), and a second restore then succeeds.
#[test]
fn killed_restore_is_marked_and_a_rerun_completes() {
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        src.run(None, &["migrate"]).expect(0);
        let big = match kind {
            Kind::Postgres => "INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) SELECT 'e', 't', g::text, g, ('{\"pad\": \"' || repeat('x', 300) || '\"}')::jsonb FROM generate_series(1, 60000) g",
            Kind::Mysql => "INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) SELECT 'e', 't', seq, seq, CONCAT('{\"pad\": \"', REPEAT('x', 300), '\"}') FROM seq_1_to_60000",
            Kind::Sqlite => "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 60000) INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) SELECT 'e', 't', x, x, '{\"pad\": \"' || printf('%.300c', 'x') || '\"}' FROM g",
        };
        src.sql(big);
        fill(&src);
        let dump = dump_of(&src, "big.sql.zst");
        let expected = fingerprint(&src);
        for delay_ms in [150u64, 500, 1200] {
            let dst = TestDb::new(kind).unwrap();
            let mut child = dst
                .cmd()
                .args(["restore", dump.to_str().unwrap(), "--shape"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(delay_ms));
            let _ = child.kill();
            let status = child.wait().unwrap();
            if !status.success() {
                // Untouched or marked: never half-restored and unmarked.
                let v = dst.run(None, &["validate"]);
                let marked = v.stderr.contains("incomplete");
                if !marked {
                    let tables = dst.tables();
                    if tables.contains(&"change_event".to_string()) {
                        assert_eq!(
                            dst.sql("SELECT count(*) FROM change_event"),
                            "0",
                            "{kind:?} at {delay_ms} ms: rows without a mark"
                        );
                    }
                } else {
                    v.expect(5);
                    dst.run(None, &["info"]).expect(5);
                }
                dst.run(None, &["restore", dump.to_str().unwrap(), "--shape"])
                    .expect(0);
            }
            assert_eq!(fingerprint(&dst), expected, "{kind:?} at {delay_ms} ms");
            dst.run(None, &["validate"]).expect(0);
        }
    }
}

/// Foreign-key cycles and self-references load in any row order, and on PostgreSQL as a
/// plain (non-superuser) owner of the database.
#[test]
fn foreign_key_cycles_and_self_references_restore_without_superuser() {
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        let d = kind.dialect();
        let ddl = match kind {
            Kind::Sqlite => "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b (id));\n\
                             CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id));\n\
                             CREATE TABLE node (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES node (id));",
            _ => "CREATE TABLE a (id INT PRIMARY KEY, b_id INT);\n\
                  CREATE TABLE b (id INT PRIMARY KEY, a_id INT REFERENCES a (id));\n\
                  ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id);\n\
                  CREATE TABLE node (id INT PRIMARY KEY, parent INT REFERENCES node (id));",
        };
        let set = migration_dir(&[(&format!("1.0.0/{d}/schemaChanges.sql"), ddl)]);
        src.run(Some(set.path()), &["migrate"]).expect(0);
        src.sql(
            "INSERT INTO a (id, b_id) VALUES (1, NULL);\n\
             INSERT INTO b (id, a_id) VALUES (1, 1);\n\
             UPDATE a SET b_id = 1 WHERE id = 1;\n\
             INSERT INTO node (id, parent) VALUES (1, NULL), (2, NULL);\n\
             UPDATE node SET parent = 2 WHERE id = 1;\n\
             INSERT INTO node (id, parent) VALUES (3, 1);",
        );
        let dump = src.dir.path().join("fk.sql");
        src.run(Some(set.path()), &["backup", "-o", dump.to_str().unwrap()])
            .expect(0);
        let dst = TestDb::new(kind).unwrap();
        let mut url_override = None;
        if kind == Kind::Postgres {
            // A plain role that owns the database, nothing more.
            dst.sql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dbshape_owner') THEN CREATE ROLE dbshape_owner LOGIN NOSUPERUSER; END IF; END $$");
            dst.sql(&format!(
                "ALTER DATABASE {} OWNER TO dbshape_owner",
                dst.name
            ));
            dst.sql("ALTER SCHEMA public OWNER TO dbshape_owner");
            url_override = Some(format!(
                "postgres://dbshape_owner@127.0.0.1:5432/{}",
                dst.name
            ));
        }
        let mut c = dst.cmd();
        if let Some(u) = &url_override {
            c.env("DBSHAPE_URL", u);
        }
        c.arg("--migrations")
            .arg(set.path())
            .args(["restore", dump.to_str().unwrap(), "--shape"]);
        let r = common::Run::from(c.output().unwrap());
        r.expect(0);
        for q in [
            "SELECT id, b_id FROM a ORDER BY id",
            "SELECT id, a_id FROM b ORDER BY id",
            "SELECT id, parent FROM node ORDER BY id",
        ] {
            assert_eq!(dst.sql(q), src.sql(q), "{kind:?}: {q}");
        }
        // The foreign keys are in force again.
        let bad = dst.sql_output("INSERT INTO node (id, parent) VALUES (9, 999)");
        let enforced = match kind {
            // The sqlite3 client leaves foreign keys off unless asked; check the definition stayed.
            Kind::Sqlite => dst.sql("SELECT count(*) FROM pragma_foreign_key_list('node')") == "1",
            _ => !bad.status.success(),
        };
        assert!(enforced, "{kind:?}: foreign key not back");
    }
}

/// `restore --jobs 4` gives exactly what a restore on one session gives (rows, triggers,
/// counters), and a failure inside one loader leaves the database marked (or untouched)
/// until a re-run completes it.
#[test]
fn parallel_restore_matches_and_a_failed_loader_leaves_the_mark() {
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        src.run(None, &["migrate"]).expect(0);
        fill(&src);
        let dump = dump_of(&src, "jobs.sql.zst");
        let dump = dump.to_str().unwrap();

        let dst = TestDb::new(kind).unwrap();
        dst.run(None, &["restore", dump, "--shape", "--jobs", "4"])
            .expect(0);
        assert_eq!(fingerprint(&dst), fingerprint(&src), "{kind:?}");
        dst.run(None, &["validate"]).expect(0);
        let before: i64 = dst
            .sql("SELECT count(*) FROM settings_history")
            .parse()
            .unwrap();
        dst.sql("INSERT INTO settings (config_type, json) VALUES ('after', '{\"configType\": \"after\"}')");
        let after: i64 = dst
            .sql("SELECT count(*) FROM settings_history")
            .parse()
            .unwrap();
        assert_eq!(after, before + 1, "{kind:?}: trigger missing after restore");
        let max: i64 = src.sql("SELECT max(id) FROM change_event").parse().unwrap();
        dst.sql("INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) VALUES ('x', 't', 'new', 1, '{}')");
        let new_id: i64 = dst.sql("SELECT max(id) FROM change_event").parse().unwrap();
        assert!(new_id > max, "{kind:?}: new id {new_id} <= {max}");

        // A clean, shaped database whose change_event refuses one of the dump's rows.
        let bad = TestDb::new(kind).unwrap();
        bad.run(None, &["migrate"]).expect(0);
        bad.sql("DELETE FROM settings_history");
        bad.sql("DELETE FROM settings");
        if kind != Kind::Sqlite {
            bad.sql("ALTER TABLE change_event ADD CONSTRAINT no_t7 CHECK (entity_id <> 't7')");
        } else {
            // No ADD CONSTRAINT on SQLite, and its restore lifts triggers: a unique index.
            bad.sql("CREATE UNIQUE INDEX no_t7 ON change_event (event_type)");
        }
        let r = bad.run(None, &["restore", dump, "--jobs", "4"]);
        assert_ne!(r.code, 0, "{kind:?}: the restore should have failed");
        let v = bad.run(None, &["validate"]);
        if v.stderr.contains("incomplete") {
            v.expect(5);
        } else {
            assert_eq!(
                bad.sql("SELECT count(*) FROM change_event"),
                "0",
                "{kind:?}: rows without a mark"
            );
        }
        if kind != Kind::Sqlite {
            bad.sql("ALTER TABLE change_event DROP CONSTRAINT no_t7");
        } else {
            bad.sql("DROP INDEX no_t7");
        }
        bad.run(None, &["restore", dump, "--jobs", "4"]).expect(0);
        assert_eq!(
            fingerprint(&bad),
            fingerprint(&src),
            "{kind:?} after the re-run"
        );
        bad.run(None, &["validate"]).expect(0);
    }
}

/// PostgreSQL reads a table back after loading only when the load may have changed a
/// value: a column whose type on the target differs from the dump's (here `numeric`
/// into `numeric(10,2)`, which rounds) is read back, the mismatch found and everything
/// rolled back; tables whose types match load exactly and are not read back unless
/// `--reread` asks.
#[test]
fn postgres_reads_back_a_table_whose_column_type_changed() {
    let Some(src) = TestDb::new(Kind::Postgres) else {
        return;
    };
    src.run(None, &["migrate"]).expect(0);
    fill(&src);
    src.sql("CREATE TABLE drift (id int PRIMARY KEY, amount numeric); INSERT INTO drift VALUES (1, 1.234), (2, 5);");
    let dump = dump_of(&src, "drift.sql");
    let tables = 8;

    // The same types: nothing needs reading back, unless asked.
    for (args, reread) in [(&[][..], 0), (&["--reread"][..], tables)] {
        let dst = TestDb::new(Kind::Postgres).unwrap();
        dst.migrate_and_empty();
        dst.sql("CREATE TABLE drift (id int PRIMARY KEY, amount numeric);");
        let mut all = vec!["--output", "json", "restore", dump.to_str().unwrap()];
        all.extend_from_slice(args);
        let r = dst.run(None, &all);
        r.expect(0);
        let report = r.json();
        assert_eq!(
            report["tables"].as_array().unwrap().len(),
            tables,
            "{report}"
        );
        assert_eq!(report["reread"], reread, "{args:?}: {report}");
        assert_eq!(fingerprint(&dst), fingerprint(&src));
        assert_eq!(dst.sql("SELECT amount FROM drift ORDER BY id"), "1.234\n5");
    }

    // A narrower type on the target: the shape gate names it; let through, the table
    // is read back, found different, rolled back.
    let dst = TestDb::new(Kind::Postgres).unwrap();
    dst.migrate_and_empty();
    dst.sql("CREATE TABLE drift (id int PRIMARY KEY, amount numeric(10,2));");
    let refused = dst.run(None, &["restore", dump.to_str().unwrap()]);
    refused.expect(4);
    assert!(
        refused.stderr.contains("changed column drift.amount"),
        "{}",
        refused.stderr
    );
    let r = dst.run(None, &["restore", dump.to_str().unwrap(), "--allow-drift"]);
    r.expect(5);
    assert!(
        r.stderr.contains("drift") && r.stderr.contains("digest"),
        "{}",
        r.stderr
    );
    assert_eq!(dst.sql("SELECT count(*) FROM drift"), "0");
    assert_eq!(dst.sql("SELECT count(*) FROM table_entity"), "0");
}
