//! The shape of a live database (`dbshape shape show`, `shape diff`) on PostgreSQL,
//! MariaDB and SQLite: every kind of hand change is found and named, and databases
//! shaped by the same migrations compare equal however they got there (migrated, or
//! restored with `--shape`, with or without `--upgrade`), whatever rows they hold, after
//! the engine rewrote its tables (`VACUUM FULL`, `OPTIMIZE TABLE`, `VACUUM`).

mod common;

use std::collections::BTreeSet;

use common::{each_engine, Kind, TestDb};

/// `shape diff A B`: its exit code and the (change, kind, name) of each difference.
fn diff(a: &TestDb, b: &TestDb) -> (i32, BTreeSet<(String, String, String)>) {
    let run = a.run(None, &["--output", "json", "shape", "diff", &a.url, &b.url]);
    let report = run.json();
    let found = report["differences"]
        .as_array()
        .unwrap_or_else(|| panic!("{report}"))
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap().to_string();
            (s("change"), s("kind"), s("name"))
        })
        .collect();
    assert_eq!(report["equal"], run.code == 0, "{report}");
    (run.code, found)
}

fn expect(changes: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    changes
        .iter()
        .map(|(c, k, n)| (c.to_string(), k.to_string(), n.to_string()))
        .collect()
}

/// Objects made by hand in both databases before one of them is changed.
fn made_in_both(kind: Kind) -> &'static str {
    match kind {
        Kind::Postgres => {
            "CREATE VIEW hand_view AS SELECT 1 AS a; \
             CREATE FUNCTION hand_fn() RETURNS integer LANGUAGE sql AS 'SELECT 1'"
        }
        Kind::Mysql => {
            "CREATE VIEW hand_view AS SELECT 1 AS a; \
             CREATE FUNCTION hand_fn() RETURNS INT DETERMINISTIC RETURN 1"
        }
        Kind::Sqlite => "CREATE VIEW hand_view AS SELECT 1 AS a",
    }
}

/// The hand changes of each engine, and what `shape diff` must name for them.
fn hand_changes(kind: Kind) -> (&'static str, BTreeSet<(String, String, String)>) {
    match kind {
        Kind::Postgres => (
            "ALTER TABLE settings ADD COLUMN note text; \
             DROP INDEX user_entity_email_index; \
             ALTER TABLE change_event ALTER COLUMN event_time SET DEFAULT 0; \
             CREATE OR REPLACE VIEW hand_view AS SELECT 2 AS a; \
             CREATE OR REPLACE FUNCTION hand_fn() RETURNS integer LANGUAGE sql AS 'SELECT 2'; \
             ALTER TABLE settings DISABLE TRIGGER settings_history_after_update; \
             ALTER TABLE settings ADD CONSTRAINT hand_check CHECK (id > 0)",
            expect(&[
                ("extra", "column", "settings.note"),
                ("missing", "index", "user_entity.user_entity_email_index"),
                ("changed", "column", "change_event.event_time"),
                ("changed", "view", "hand_view"),
                ("changed", "function", "hand_fn()"),
                (
                    "changed",
                    "trigger",
                    "settings.settings_history_after_update",
                ),
                ("extra", "constraint", "settings.hand_check"),
            ]),
        ),
        Kind::Mysql => (
            "ALTER TABLE settings ADD COLUMN note TEXT; \
             DROP INDEX user_entity_email_index ON user_entity; \
             ALTER TABLE change_event ALTER COLUMN event_time SET DEFAULT 0; \
             CREATE OR REPLACE VIEW hand_view AS SELECT 2 AS a; \
             DROP FUNCTION hand_fn; \
             CREATE FUNCTION hand_fn() RETURNS INT DETERMINISTIC RETURN 2; \
             DROP TRIGGER settings_history_after_update; \
             ALTER TABLE settings ADD CONSTRAINT hand_check CHECK (config_type <> '')",
            expect(&[
                ("extra", "column", "settings.note"),
                ("missing", "index", "user_entity.user_entity_email_index"),
                ("changed", "column", "change_event.event_time"),
                ("changed", "view", "hand_view"),
                ("changed", "function", "hand_fn"),
                (
                    "missing",
                    "trigger",
                    "settings.settings_history_after_update",
                ),
                ("extra", "constraint", "settings.hand_check"),
            ]),
        ),
        // SQLite cannot change a default, add a constraint or hold a function without
        // rebuilding the table; its stored CREATE TABLE shows an added column too.
        Kind::Sqlite => (
            "ALTER TABLE settings ADD COLUMN note TEXT; \
             DROP INDEX user_entity_email_index; \
             DROP VIEW hand_view; CREATE VIEW hand_view AS SELECT 2 AS a; \
             DROP TRIGGER settings_history_after_update",
            expect(&[
                ("changed", "table", "settings"),
                ("extra", "column", "settings.note"),
                ("missing", "index", "user_entity.user_entity_email_index"),
                ("changed", "view", "hand_view"),
                (
                    "missing",
                    "trigger",
                    "settings.settings_history_after_update",
                ),
            ]),
        ),
    }
}

#[test]
fn every_kind_of_hand_change_is_found_and_named() {
    each_engine(|a| {
        let b = TestDb::new(a.kind).unwrap();
        for db in [a, &b] {
            db.run(None, &["migrate"]).expect(0);
            db.sql(made_in_both(a.kind));
        }
        assert_eq!(diff(a, &b), (0, BTreeSet::new()), "{:?}", a.kind);

        let (sql, expected) = hand_changes(a.kind);
        b.sql(sql);
        let (code, found) = diff(a, &b);
        assert_eq!(code, 5, "{:?}", a.kind);
        assert_eq!(found, expected, "{:?}", a.kind);

        // The text report shows both definitions of a changed object.
        let text = a.run(None, &["shape", "diff", &a.url, &b.url]);
        text.expect(5);
        assert!(
            text.stdout
                .contains("changed view hand_view:\n  expected: "),
            "{}",
            text.stdout
        );
        assert!(text.stdout.contains("\n  found:    "), "{}", text.stdout);
    });
}

#[test]
fn databases_shaped_by_the_same_migrations_compare_equal() {
    each_engine(|migrated| {
        migrated.run(None, &["migrate"]).expect(0);
        // Rows, counters moved on, and the tables rewritten by the engine.
        migrated.sql(
            "INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) \
             VALUES ('created', 'table', 'a', 1, '{}'), ('updated', 'table', 'a', 2, '{}')",
        );
        migrated.sql(match migrated.kind {
            Kind::Postgres => "VACUUM FULL change_event",
            Kind::Mysql => "OPTIMIZE TABLE change_event",
            Kind::Sqlite => "VACUUM",
        });
        let shown = migrated.run(None, &["--output", "json", "shape", "show"]);
        let digest = shown.expect(0).json()["digest"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(digest.starts_with("sha256:"), "{digest}");
        let again = migrated
            .run(None, &["--output", "json", "shape", "show"])
            .json();
        assert_eq!(again["digest"], digest.as_str());

        // Restored into an empty database shaped to the dump's version.
        let dump = migrated.dir.path().join("all.sql");
        let dump = dump.to_str().unwrap();
        migrated.run(None, &["backup", "-o", dump]).expect(0);
        let restored = TestDb::new(migrated.kind).unwrap();
        restored.run(None, &["restore", dump, "--shape"]).expect(0);
        assert_eq!(
            diff(migrated, &restored),
            (0, BTreeSet::new()),
            "{:?}",
            migrated.kind
        );

        // Shaped at an older version, restored, then upgraded.
        let old = TestDb::new(migrated.kind).unwrap();
        old.run(None, &["migrate", "--to", "1.1.0"]).expect(0);
        let old_dump = old.dir.path().join("old.sql");
        let old_dump = old_dump.to_str().unwrap();
        old.run(None, &["backup", "--allow-pending", "-o", old_dump])
            .expect(0);
        let upgraded = TestDb::new(migrated.kind).unwrap();
        upgraded
            .run(None, &["restore", old_dump, "--shape", "--upgrade"])
            .expect(0);
        assert_eq!(
            diff(migrated, &upgraded),
            (0, BTreeSet::new()),
            "{:?}",
            migrated.kind
        );
    });
}

#[test]
fn two_engines_are_not_compared() {
    let Some(pg) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let Some(lite) = TestDb::new(Kind::Sqlite) else {
        return;
    };
    let run = pg.run(None, &["shape", "diff", &pg.url, &lite.url]);
    run.expect(2);
    assert!(
        run.stderr.contains("two databases of one engine"),
        "{}",
        run.stderr
    );
}

/// An index added by hand (the same words on every engine).
const HAND_INDEX: &str = "CREATE INDEX hand_idx ON change_event (entity_id, event_time)";

#[test]
fn a_drifted_database_is_not_upgraded_until_the_change_is_accepted() {
    each_engine(|db| {
        db.run(None, &["migrate", "--to", "1.2.0"]).expect(0);
        db.sql(HAND_INDEX);
        let before = db.change_log();
        let backups = db.dir.path().join("backups");
        let dir = backups.to_str().unwrap();

        let refused = db.run(None, &["upgrade", "--backup-dir", dir]);
        refused.expect(5);
        assert!(
            refused
                .stderr
                .contains("has drifted from the shape the migration set ships for 1.2.0")
                && refused.stderr.contains("index change_event.hand_idx extra")
                && refused.stderr.contains("nothing was backed up or migrated"),
            "{:?}: {}",
            db.kind,
            refused.stderr
        );
        assert_eq!(db.change_log(), before, "{:?}", db.kind);
        let kept = std::fs::read_dir(&backups).map(|d| d.count()).unwrap_or(0);
        assert_eq!(kept, 0, "{:?}: a backup was written", db.kind);

        // Accepted: recorded and audited; validate is clean at 1.2.0 (pending aside).
        let repaired = db.run(None, &["--output", "json", "repair", "--accept-shape"]);
        let actions = repaired.expect(0).json()["actions"].clone();
        assert_eq!(actions[0]["action"], "accepted-shape", "{actions}");
        assert!(
            actions[0]["detail"]
                .as_str()
                .unwrap()
                .contains("index change_event.hand_idx"),
            "{actions}"
        );
        let audit = db.sql("SELECT action FROM dbshape_audit_log WHERE action = 'accept-shape'");
        assert_eq!(audit, "accept-shape", "{:?}", db.kind);
        let info = db.run(None, &["--output", "json", "info"]).json();
        assert_eq!(info["shape"]["state"], "matches", "{info}");

        // Accepted for 1.2.0 only: the shape 1.3.1 ships has no such index, so after
        // the upgrade it is drift again, until shipped as a migration or accepted anew.
        let upgraded = db.run(None, &["upgrade", "--backup-dir", dir]);
        upgraded.expect(5);
        assert!(
            upgraded
                .stdout
                .contains("the shape the migration set ships for 1.3.1"),
            "{:?}: {}",
            db.kind,
            upgraded.stdout
        );
        db.run(None, &["repair", "--accept-shape"]).expect(0);
        db.run(None, &["validate"]).expect(0);
    });
}

#[test]
fn allow_drift_upgrades_a_drifted_database() {
    each_engine(|db| {
        db.run(None, &["migrate", "--to", "1.2.0"]).expect(0);
        db.sql(HAND_INDEX);
        let dir = db.dir.path().join("backups");
        let dir = dir.to_str().unwrap();
        // Upgraded; the validation after it still names the index the release lacks.
        let upgraded = db.run(None, &["upgrade", "--backup-dir", dir, "--allow-drift"]);
        upgraded.expect(5);
        assert!(upgraded.stdout.contains("-> 1.3.1"), "{}", upgraded.stdout);
        assert!(
            db.change_log().last().unwrap().starts_with("1.3.1\t"),
            "{:?}",
            db.kind
        );
        let v = db.run(None, &["validate"]);
        v.expect(5);
        assert!(
            v.stdout.contains("extra index change_event.hand_idx"),
            "{}",
            v.stdout
        );
    });
}

#[test]
fn the_bundled_set_ships_the_shape_of_every_version_and_each_is_met() {
    each_engine(|db| {
        for version in ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.3.1"] {
            db.run(None, &["migrate", "--to", version]).expect(0);
            let info = db.run(None, &["--output", "json", "info"]).json();
            let shape = &info["shape"];
            assert_eq!(
                (shape["state"].as_str(), shape["against"].as_str()),
                (Some("matches"), Some("shipped")),
                "{:?} at {version}: {shape}",
                db.kind
            );
        }
    });
}

#[test]
fn shape_write_ships_expectations_that_catch_a_migration_with_another_effect() {
    each_engine(|db| {
        let set = common::migration_dir(&[
            (
                &format!("1.0/{}/schemaChanges.sql", db.kind.dialect()),
                "CREATE TABLE t (a INT NOT NULL, b INT);",
            ),
            ("1.1/common/schemaChanges.sql", "CREATE INDEX t_a ON t (a);"),
        ]);
        let scratch = TestDb::new(db.kind).unwrap();
        let wrote = db.run(
            Some(set.path()),
            &[
                "--output",
                "json",
                "shape",
                "write",
                "--scratch",
                &scratch.url,
            ],
        );
        let written = wrote.expect(0).json()["written"].clone();
        assert_eq!(written.as_array().unwrap().len(), 2, "{written}");
        let shipped = set
            .path()
            .join(format!("1.1/{}/shape.json", db.kind.dialect()));
        assert!(shipped.is_file(), "{}", shipped.display());

        // Written again into a used database, or into the configured one: refused.
        let again = db.run(
            Some(set.path()),
            &["shape", "write", "--scratch", &scratch.url],
        );
        again.expect(2);
        assert!(again.stderr.contains("is not empty"), "{}", again.stderr);
        let itself = db.run(Some(set.path()), &["shape", "write", "--scratch", &db.url]);
        itself.expect(2);
        assert!(
            itself.stderr.contains("is the configured database"),
            "{}",
            itself.stderr
        );

        // The set as shipped meets its expectations...
        db.run(Some(set.path()), &["migrate"]).expect(0);
        db.run(Some(set.path()), &["validate"]).expect(0);
        // ...and one whose 1.1 does something else is caught, though its own run
        // recorded what it did.
        std::fs::write(
            set.path().join("1.1/common/schemaChanges.sql"),
            "CREATE INDEX t_a ON t (a, b);",
        )
        .unwrap();
        let other = TestDb::new(db.kind).unwrap();
        other.run(Some(set.path()), &["migrate"]).expect(0);
        let v = other.run(Some(set.path()), &["validate"]);
        v.expect(5);
        assert!(
            v.stdout
                .contains("differ from the shape the migration set ships for 1.1")
                && v.stdout.contains("changed index t.t_a:"),
            "{:?}: {}",
            db.kind,
            v.stdout
        );
    });
}

#[test]
fn a_partition_added_by_hand_is_named() {
    for kind in [Kind::Postgres, Kind::Mysql] {
        let Some(a) = TestDb::new(kind) else { return };
        let b = TestDb::new(kind).unwrap();
        let (made, added, expected) = match kind {
            Kind::Postgres => (
                "CREATE TABLE m (id int NOT NULL, y int NOT NULL) PARTITION BY RANGE (y); \
                 CREATE TABLE m_p0 PARTITION OF m FOR VALUES FROM (0) TO (2000)",
                "CREATE TABLE m_p1 PARTITION OF m FOR VALUES FROM (2000) TO (3000)",
                ("extra", "table", "m_p1"),
            ),
            _ => (
                "CREATE TABLE m (id INT NOT NULL, y INT NOT NULL, PRIMARY KEY (id, y)) \
                 PARTITION BY RANGE (y) (PARTITION p0 VALUES LESS THAN (2000))",
                "ALTER TABLE m ADD PARTITION (PARTITION p1 VALUES LESS THAN (3000))",
                ("extra", "partition", "m.p1"),
            ),
        };
        a.sql(made);
        b.sql(made);
        assert_eq!(diff(&a, &b), (0, BTreeSet::new()), "{kind:?}");
        b.sql(added);
        let (code, found) = diff(&a, &b);
        assert_eq!(code, 5, "{kind:?}");
        assert!(
            found.contains(&expect(&[expected]).pop_first().unwrap()),
            "{kind:?}: {found:?}"
        );
    }
}

/// The dump's header line as JSON (a plain dump: the header is its second line).
fn header_of(dump: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dump).unwrap();
    let line = text.lines().nth(1).unwrap();
    serde_json::from_str(line.strip_prefix("-- dbshape:header ").unwrap()).unwrap()
}

/// A dump carries its source's shape, and a restore loads only into a database of that
/// shape: a target without the source's hand-made index is refused before any row, by
/// name and definition, and restores once the index is made; a target with a hand
/// change of its own is refused with nothing written, unless `--allow-drift`.
#[test]
fn restore_loads_only_into_the_shape_of_the_dumps_source() {
    each_engine(|src| {
        let kind = src.kind;
        src.run(None, &["migrate"]).expect(0);
        src.sql(HAND_INDEX);
        src.sql(
            "INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) \
             VALUES ('created', 'table', 'a', 1, '{}')",
        );
        let path = src.dir.path().join("drifted.sql");
        let dump = path.to_str().unwrap();
        src.run(None, &["backup", "-o", dump]).expect(0);
        let header = header_of(&path);
        let shown = src.run(None, &["--output", "json", "shape", "show"]).json();
        assert_eq!(header["shape_digest"], shown["digest"], "{kind:?}");
        assert!(
            header["shape"]["objects"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["name"] == "change_event.hand_idx"),
            "{kind:?}"
        );

        // Shaped by the migrations, which make no such index: refused before any row.
        let dst = TestDb::new(kind).unwrap();
        let refused = dst.run(None, &["restore", "--shape", dump]);
        refused.expect(4);
        assert!(
            refused
                .stderr
                .contains("does not have the shape of the dump's source at 1.3.1")
                && refused
                    .stderr
                    .contains("missing here index change_event.hand_idx: ")
                && refused.stderr.contains("event_time)")
                && refused.stderr.contains("marked as an unfinished restore"),
            "{kind:?}: {}",
            refused.stderr
        );
        assert_eq!(dst.sql("SELECT COUNT(*) FROM change_event"), "0");
        // Made as the message says, the same restore completes, judged by the dump's.
        dst.sql(HAND_INDEX);
        let done = dst.run(None, &["--output", "json", "restore", "--shape", dump]);
        let report = done.expect(0).json();
        assert_eq!(
            (
                report["shape"]["state"].as_str(),
                report["shape"]["against"].as_str()
            ),
            (Some("matches"), Some("dump")),
            "{kind:?}: {report}"
        );
        assert_eq!(dst.sql("SELECT COUNT(*) FROM change_event"), "1");

        // A target at the version with a hand change of its own: nothing written.
        let other = TestDb::new(kind).unwrap();
        other.run(None, &["migrate"]).expect(0);
        // Emptied of the rows the migrations seed, so that only the shape stands between.
        other.sql("DELETE FROM settings_history; DELETE FROM settings");
        other.sql(HAND_INDEX);
        other.sql("CREATE VIEW hand_view AS SELECT 1 AS a");
        let refused = other.run(None, &["restore", dump]);
        refused.expect(4);
        assert!(
            refused.stderr.contains("extra here view hand_view")
                && refused.stderr.contains("nothing of the dump was written"),
            "{kind:?}: {}",
            refused.stderr
        );
        assert_eq!(other.sql("SELECT COUNT(*) FROM change_event"), "0");
        let allowed = other.run(
            None,
            &["--output", "json", "restore", dump, "--allow-drift"],
        );
        let report = allowed.expect(0).json();
        assert_eq!(report["shape"]["state"], "drifted", "{kind:?}: {report}");
        assert_eq!(report["shape"]["differences"][0]["name"], "hand_view");
        assert_eq!(other.sql("SELECT COUNT(*) FROM change_event"), "1");
    });
}

/// Where the dump's shape cannot be compared, the target is judged as `validate` judges
/// it, and the report says why: a dump of another engine against the shape the set
/// ships, and after `--upgrade` at the new version.
#[test]
fn restore_across_engines_and_after_upgrade_judges_by_the_shipped_shape() {
    let Some(pg) = TestDb::new(Kind::Postgres) else {
        return;
    };
    pg.run(None, &["migrate", "--to", "1.2.0"]).expect(0);
    let path = pg.dir.path().join("pg.sql");
    let dump = path.to_str().unwrap();
    pg.run(None, &["backup", "--allow-pending", "-o", dump])
        .expect(0);
    for kind in [Kind::Sqlite, Kind::Mysql, Kind::Postgres] {
        let Some(dst) = TestDb::new(kind) else {
            continue;
        };
        let args = ["--output", "json", "restore", dump, "--shape", "--convert"];
        let mut args = args.to_vec();
        if kind == Kind::Postgres {
            args.retain(|a| *a != "--convert");
            args.push("--upgrade");
        }
        let report = dst.run(None, &args).expect(0).json();
        let shape = &report["shape"];
        if kind == Kind::Postgres {
            assert_eq!(shape["against"], "dump", "{report}");
            let after = &report["shape_after_upgrade"];
            assert_eq!(
                (after["state"].as_str(), after["against"].as_str()),
                (Some("matches"), Some("shipped")),
                "{report}"
            );
            assert_eq!(after["version"], "1.3.1", "{report}");
        } else {
            assert_eq!(
                (shape["state"].as_str(), shape["against"].as_str()),
                (Some("matches"), Some("shipped")),
                "{kind:?}: {report}"
            );
            assert!(
                shape["note"]
                    .as_str()
                    .unwrap()
                    .contains("the dump's shape is PostgreSQL 15's, not comparable"),
                "{kind:?}: {report}"
            );
        }
    }
}
