//! Cross-engine restore: a dump of one engine into a database of another, shaped at the
//! same version (docs/cross-engine.md).

mod common;

use std::collections::BTreeMap;

use common::{migration_dir, Kind, Run, TestDb};

/// The stored (non-generated) columns of the bundled schema's tables.
const TABLES: &[(&str, &str)] = &[
    (
        "change_event",
        "id, event_type, entity_type, entity_id, event_time, json",
    ),
    ("database_entity", "json"),
    (
        "entity_relationship",
        "from_id, to_id, from_entity, to_entity, relation, json, deleted",
    ),
    ("settings", "id, config_type, json"),
    (
        "settings_history",
        "id, config_type, change_type, json, changed_at",
    ),
    ("table_entity", "json, fqn_hash"),
    ("user_entity", "json"),
];

/// Undoes the escaping of the mariadb client's batch output.
fn unescape(field: &str) -> String {
    let mut out = String::new();
    let mut it = field.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('0') => out.push('\0'),
            Some(o) => out.push(o),
            None => out.push('\\'),
        }
    }
    out
}

/// Every row of every table of a MariaDB database, cell by cell, read with the
/// engine's own client: JSON documents compared as JSON values (key order and spacing
/// are the text's, which PostgreSQL's jsonb does not keep), every other cell as text.
fn cells(db: &TestDb) -> BTreeMap<String, Vec<Vec<String>>> {
    let mut out = BTreeMap::new();
    for (table, cols) in TABLES {
        let names: Vec<&str> = cols.split(", ").collect();
        let text = db.sql(&format!("SELECT {cols} FROM {table}"));
        let mut rows: Vec<Vec<String>> = text
            .lines()
            .map(|line| {
                line.split('\t')
                    .zip(&names)
                    .map(|(f, name)| {
                        let v = unescape(f);
                        if *name == "json" && v != "NULL" {
                            serde_json::from_str::<serde_json::Value>(&v)
                                .unwrap_or_else(|e| panic!("{table}: not JSON ({e}): {v}"))
                                .to_string()
                        } else {
                            v
                        }
                    })
                    .collect()
            })
            .collect();
        rows.sort();
        out.insert(table.to_string(), rows);
    }
    out
}

/// Catalog data with what breaks naive converters: multi-byte text and emoji, quotes,
/// backslashes, tabs and newlines inside JSON strings, booleans, NULLs, and a counter
/// ahead of the highest id (the newest events were deleted).
const MARIADB_DATA: &str = r#"
INSERT INTO table_entity (json, fqn_hash)
  SELECT JSON_OBJECT('id', CONCAT('t-', seq), 'name', CONCAT('tâble_ü_', seq, '_😀'),
    'fullyQualifiedName', CONCAT('svc.db.schéma.t', seq), 'updatedAt', 1700000000000 + seq,
    'deleted', IF(seq % 7 = 0, true, false),
    'description', CONCAT('it''s a "quoted" \\ back\\slash', CHAR(9 USING utf8mb4), 'tab', CHAR(10 USING utf8mb4), 'line ', seq),
    'columns', JSON_ARRAY(JSON_OBJECT('name', 'c1', 'dataType', 'INT'), JSON_OBJECT('name', 'ç2', 'dataType', 'VARCHAR')),
    'score', seq / 8)
    , SHA2(CONCAT('svc.db.schéma.t', seq), 256)
  FROM seq_1_to_300;
INSERT INTO user_entity (json)
  SELECT JSON_OBJECT('id', CONCAT('u-', seq), 'name', CONCAT('user', seq), 'email', CONCAT('u', seq, '@exämple.com'),
    'updatedAt', seq, 'deleted', false, 'isBot', IF(seq % 5 = 0, true, false))
  FROM seq_1_to_50;
INSERT INTO database_entity (json)
  SELECT JSON_OBJECT('id', CONCAT('d-', seq), 'name', CONCAT('db', seq), 'fullyQualifiedName', CONCAT('svc.db', seq),
    'updatedAt', seq, 'deleted', false)
  FROM seq_1_to_20;
INSERT INTO entity_relationship (from_id, to_id, from_entity, to_entity, relation, json, deleted)
  SELECT CONCAT('d-', 1 + seq % 20), CONCAT('t-', seq), 'database', 'table', seq % 3,
    IF(seq % 4 = 0, NULL, JSON_OBJECT('since', seq)), seq % 2
  FROM seq_1_to_300;
INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json)
  SELECT IF(seq % 2 = 0, 'entityUpdated', 'entityCreated'), 'table', CONCAT('t-', seq), 1700000000000 + seq,
    JSON_OBJECT('changeDescription', JSON_OBJECT('fieldsUpdated', JSON_ARRAY('description')), 'version', 0.1 * seq)
  FROM seq_1_to_310;
DELETE FROM change_event WHERE id > 300;
"#;

/// Dumps `from`, restores the dump into `to` with `--shape`; returns the restore's JSON.
fn hop(from: &TestDb, to: &TestDb, name: &str) -> serde_json::Value {
    let dump = from.dir.path().join(name);
    from.run(None, &["backup", "-o", dump.to_str().unwrap()])
        .expect(0);
    let r = to.run(
        None,
        &[
            "--output",
            "json",
            "restore",
            "--convert",
            dump.to_str().unwrap(),
            "--shape",
        ],
    );
    r.expect(0);
    r.json()
}

/// The id the next change event gets, inserted with the engine's own client.
fn next_event_id(db: &TestDb) -> String {
    let insert = "INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) \
                  VALUES ('entityDeleted', 'table', 't-x', 1, '{}')";
    db.sql(insert);
    db.sql("SELECT MAX(id) FROM change_event")
}

#[test]
fn the_triangle_mariadb_postgres_sqlite_mariadb_ends_equal_cell_by_cell() {
    let Some(start) = TestDb::new(Kind::Mysql) else {
        return;
    };
    let Some(pg) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let sqlite = TestDb::new(Kind::Sqlite).unwrap();
    let Some(end) = TestDb::new(Kind::Mysql) else {
        return;
    };
    start.run(None, &["migrate"]).expect(0);
    start.sql(MARIADB_DATA);
    let want = cells(&start);
    let next_id = start.sql(
        "SELECT AUTO_INCREMENT FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'change_event'",
    );
    assert!(next_id.parse::<u64>().unwrap() > 300, "{next_id}");

    let r = hop(&start, &pg, "a.sql.zst");
    assert_eq!(r["converted_to"], "postgres", "{r}");
    assert_eq!(r["dialect"], "mysql");
    assert_eq!(r["nulled"], 0);
    let r = hop(&pg, &sqlite, "b.sql.zst");
    assert_eq!(r["converted_to"], "sqlite", "{r}");
    let r = hop(&sqlite, &end, "c.sql");
    assert_eq!(r["converted_to"], "mysql", "{r}");
    let got = cells(&end);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (table, rows) in &want {
        assert_eq!(rows.len(), got[table].len(), "{table}: row count");
        for (a, b) in rows.iter().zip(&got[table]) {
            assert_eq!(a, b, "{table}: MariaDB -> PostgreSQL -> SQLite -> MariaDB");
        }
    }
    // The comparison is not vacuous: 978 rows of every table of the schema.
    assert_eq!(want.values().map(Vec::len).sum::<usize>(), 978);

    // Generated columns were computed by each target from the documents.
    assert_eq!(
        pg.sql("SELECT COUNT(*) FROM table_entity WHERE name LIKE 'tâble_ü_%_😀' AND deleted"),
        "42"
    );
    assert_eq!(
        pg.sql("SELECT COUNT(*) FROM user_entity WHERE is_bot"),
        "10"
    );
    assert_eq!(
        sqlite.sql("SELECT COUNT(*) FROM entity_relationship WHERE deleted = 1 AND json IS NULL"),
        "0"
    );
    assert_eq!(
        sqlite.sql("SELECT COUNT(*) FROM entity_relationship WHERE deleted = 1"),
        "150"
    );
    // A value with a tab, a newline, quotes and a backslash came through every hop.
    let probe = "SELECT json FROM table_entity WHERE fqn_hash = SHA2('svc.db.schéma.t7', 256)";
    let doc: serde_json::Value = serde_json::from_str(&unescape(&end.sql(probe))).unwrap();
    assert_eq!(
        doc["description"],
        "it's a \"quoted\" \\ back\\slash\ttab\nline 7"
    );

    // Counters continue above the source's, not above the highest id left.
    for db in [&pg, &sqlite, &end] {
        assert_eq!(next_event_id(db), next_id, "{:?}", db.kind);
    }
}

#[test]
fn the_other_way_round_mariadb_sqlite_postgres_mariadb_ends_equal() {
    // The three directions the first triangle does not take.
    let Some(start) = TestDb::new(Kind::Mysql) else {
        return;
    };
    let sqlite = TestDb::new(Kind::Sqlite).unwrap();
    let Some(pg) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let Some(end) = TestDb::new(Kind::Mysql) else {
        return;
    };
    start.run(None, &["migrate"]).expect(0);
    start.sql(MARIADB_DATA);
    let want = cells(&start);
    assert_eq!(hop(&start, &sqlite, "a.sql")["converted_to"], "sqlite");
    assert_eq!(hop(&sqlite, &pg, "b.sql")["converted_to"], "postgres");
    assert_eq!(hop(&pg, &end, "c.sql.gz")["converted_to"], "mysql");
    assert_eq!(
        cells(&end),
        want,
        "MariaDB -> SQLite -> PostgreSQL -> MariaDB"
    );
}

/// One table with what a target cannot hold: a zero date, a NUL in text, an unsigned
/// integer above the signed range.
fn odd_set() -> tempfile::TempDir {
    migration_dir(&[
        (
            "1.0.0/mysql/schemaChanges.sql",
            "CREATE TABLE odd (id INT PRIMARY KEY, d DATETIME NULL, s TEXT NULL, u BIGINT UNSIGNED NULL);",
        ),
        (
            "1.0.0/postgres/schemaChanges.sql",
            "CREATE TABLE odd (id INTEGER PRIMARY KEY, d TIMESTAMP NULL, s TEXT NULL, u BIGINT NULL);",
        ),
        (
            "1.0.0/sqlite/schemaChanges.sql",
            "CREATE TABLE odd (id INTEGER PRIMARY KEY, d TEXT NULL, s TEXT NULL, u INTEGER NULL);",
        ),
    ])
}

#[test]
fn values_the_target_cannot_hold_stop_the_restore_or_become_null() {
    let set = odd_set();
    let m = Some(set.path());
    let Some(src) = TestDb::new(Kind::Mysql) else {
        return;
    };
    let Some(pg) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let sqlite = TestDb::new(Kind::Sqlite).unwrap();
    src.run(m, &["migrate"]).expect(0);
    src.sql(
        "SET SESSION sql_mode = ''; \
         INSERT INTO odd VALUES (1, '2024-01-02 03:04:05', 'ok', 5), (2, '0000-00-00 00:00:00', 'x', 6), \
         (3, NULL, CONCAT('a', CHAR(0), 'b'), 7), (4, NULL, 'y', 18446744073709551615)",
    );
    let dump = src.dir.path().join("odd.sql");
    let d = dump.to_str().unwrap();
    src.run(m, &["backup", "-o", d]).expect(0);

    let refused = pg.run(m, &["restore", "--convert", d, "--shape"]);
    refused.expect(1);
    for needle in [
        "column `d`",
        "table `odd`",
        "zero date",
        "--unrepresentable null",
    ] {
        assert!(
            refused.stderr.contains(needle),
            "no `{needle}` in {}",
            refused.stderr
        );
    }
    assert_eq!(pg.sql("SELECT COUNT(*) FROM odd"), "0", "nothing committed");

    // The documented policy: NULL instead, counted; the restore completes.
    let r = pg.run(
        m,
        &[
            "--output",
            "json",
            "restore",
            "--convert",
            d,
            "--shape",
            "--unrepresentable",
            "null",
        ],
    );
    r.expect(0);
    assert_eq!(r.json()["nulled"], 3, "{}", r.stdout);
    assert_eq!(
        pg.sql("SELECT id, coalesce(d::text, '-'), coalesce(s, '-'), coalesce(u::text, '-') FROM odd ORDER BY id"),
        "1\t2024-01-02 03:04:05\tok\t5\n2\t-\tx\t6\n3\t-\t-\t7\n4\t-\ty\t-"
    );

    // SQLite holds a zero date (as text) and a NUL, but no integer above 2^63 - 1.
    let refused = sqlite.run(m, &["restore", "--convert", d, "--shape"]);
    refused.expect(1);
    assert!(
        refused.stderr.contains("column `u`") && refused.stderr.contains("out of the range"),
        "{}",
        refused.stderr
    );
}

#[test]
fn ids_continue_above_the_rows_when_the_source_kept_no_counter() {
    // A SQLite `INTEGER PRIMARY KEY` numbers rows without a counter of its own: the
    // targets' sequence or auto-increment must still continue above the restored ids.
    let set = migration_dir(&[
        (
            "1.0.0/sqlite/schemaChanges.sql",
            "CREATE TABLE ev (id INTEGER PRIMARY KEY, v TEXT NOT NULL);",
        ),
        (
            "1.0.0/postgres/schemaChanges.sql",
            "CREATE TABLE ev (id SERIAL PRIMARY KEY, v TEXT NOT NULL);",
        ),
        (
            "1.0.0/mysql/schemaChanges.sql",
            "CREATE TABLE ev (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT NOT NULL);",
        ),
    ]);
    let m = Some(set.path());
    let src = TestDb::new(Kind::Sqlite).unwrap();
    src.run(m, &["migrate"]).expect(0);
    src.sql("INSERT INTO ev (v) VALUES ('a'), ('b'), ('c'), ('d'), ('e')");
    let dump = src.dir.path().join("ev.sql");
    let d = dump.to_str().unwrap();
    src.run(m, &["backup", "-o", d]).expect(0);
    for kind in [Kind::Postgres, Kind::Mysql] {
        let Some(db) = TestDb::new(kind) else { return };
        db.run(m, &["restore", "--convert", d, "--shape"]).expect(0);
        db.sql("INSERT INTO ev (v) VALUES ('new')");
        assert_eq!(db.sql("SELECT id FROM ev WHERE v = 'new'"), "6", "{kind:?}");
    }
}

#[test]
fn a_dump_of_another_engine_at_another_version_is_refused() {
    // The gate still holds across engines: versions must match.
    let Some(src) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let sqlite = TestDb::new(Kind::Sqlite).unwrap();
    src.run(None, &["migrate", "--to", "1.1.0"]).expect(0);
    sqlite.run(None, &["migrate"]).expect(0);
    let dump = src.dir.path().join("old.sql");
    src.run(
        None,
        &["backup", "-o", dump.to_str().unwrap(), "--allow-pending"],
    )
    .expect(0);
    let r: Run = sqlite.run(None, &["restore", "--convert", dump.to_str().unwrap()]);
    r.expect(4);
    assert!(r.stderr.contains("1.1.0"), "{}", r.stderr);
}

/// One schema written with mixed-case unquoted names in every dialect: MySQL and SQLite
/// keep `ChangeEvent` and `eventType`, PostgreSQL folds them to `changeevent` and
/// `eventtype`. PostgreSQL also lists the columns in another order, and a foreign key
/// joins the two tables.
fn mixed_case_set() -> tempfile::TempDir {
    migration_dir(&[
        (
            "1.0.0/mysql/schemaChanges.sql",
            "CREATE TABLE ChangeEvent (id INT AUTO_INCREMENT PRIMARY KEY, eventType VARCHAR(64) NOT NULL, \
               entityId VARCHAR(64) NULL, isBot TINYINT(1) NOT NULL DEFAULT 0);\n\
             CREATE TABLE EventRef (refId INT PRIMARY KEY, changeId INT NOT NULL REFERENCES ChangeEvent (id));",
        ),
        (
            "1.0.0/postgres/schemaChanges.sql",
            "CREATE TABLE ChangeEvent (id SERIAL PRIMARY KEY, entityId VARCHAR(64) NULL, \
               eventType VARCHAR(64) NOT NULL, isBot BOOLEAN NOT NULL DEFAULT false);\n\
             CREATE TABLE EventRef (refId INT PRIMARY KEY, changeId INT NOT NULL REFERENCES ChangeEvent (id));",
        ),
        (
            "1.0.0/sqlite/schemaChanges.sql",
            "CREATE TABLE ChangeEvent (id INTEGER PRIMARY KEY AUTOINCREMENT, eventType TEXT NOT NULL, \
               entityId TEXT NULL, isBot BOOLEAN NOT NULL DEFAULT 0);\n\
             CREATE TABLE EventRef (refId INTEGER PRIMARY KEY, changeId INTEGER NOT NULL REFERENCES ChangeEvent (id));",
        ),
    ])
}

/// Three events (the newest deleted, so the counter is ahead of the highest id) and two
/// references, inserted with the engine's own client.
const MIXED_CASE_DATA: &str = "INSERT INTO ChangeEvent (eventType, entityId, isBot) VALUES \
    ('entityCreated', 't-1', true), ('entityUpdated', NULL, false), ('entityDeleted', 't-3', false); \
    INSERT INTO EventRef (refId, changeId) VALUES (10, 2), (11, 1); \
    DELETE FROM ChangeEvent WHERE id = 3";

/// The rows of both tables as the engine's client prints them (booleans as 1/0).
fn mixed_case_rows(db: &TestDb) -> String {
    let bot = match db.kind {
        Kind::Postgres => "CASE WHEN isBot THEN 1 ELSE 0 END",
        _ => "isBot",
    };
    db.sql(&format!(
        "SELECT id, eventType, COALESCE(entityId, '-'), {bot} FROM ChangeEvent ORDER BY id; \
         SELECT refId, changeId FROM EventRef ORDER BY refId"
    ))
}

/// Restores a dump of `src` into `dst` across engines whose names differ by case; the
/// rows land in the matched columns and the counter continues.
fn mixed_case_hop(src: &TestDb, dst: &TestDb) {
    let set = mixed_case_set();
    let m = Some(set.path());
    src.run(m, &["migrate"]).expect(0);
    src.sql(MIXED_CASE_DATA);
    let want = "1\tentityCreated\tt-1\t1\n2\tentityUpdated\t-\t0\n10\t2\n11\t1";
    assert_eq!(mixed_case_rows(src), want);
    let dump = src.dir.path().join("mixed.sql");
    let d = dump.to_str().unwrap();
    src.run(m, &["backup", "-o", d]).expect(0);
    let r = dst.run(
        m,
        &["--output", "json", "restore", "--convert", d, "--shape"],
    );
    r.expect(0);
    assert_eq!(r.json()["converted_to"], dst.kind.dialect(), "{}", r.stdout);
    assert_eq!(r.json()["rows"], 4, "{}", r.stdout);
    assert_eq!(
        mixed_case_rows(dst),
        want,
        "{:?} -> {:?}",
        src.kind,
        dst.kind
    );
    // The counter moved to the target's own table name.
    dst.sql("INSERT INTO ChangeEvent (eventType, isBot) VALUES ('new', false)");
    assert_eq!(
        dst.sql("SELECT id FROM ChangeEvent WHERE eventType = 'new'"),
        "4",
        "{:?} -> {:?}",
        src.kind,
        dst.kind
    );
}

#[test]
fn mariadb_names_load_into_the_lower_case_names_postgresql_folded_them_to() {
    let Some(src) = TestDb::new(Kind::Mysql) else {
        return;
    };
    let Some(pg) = TestDb::new(Kind::Postgres) else {
        return;
    };
    mixed_case_hop(&src, &pg);
    // The names really differ: PostgreSQL holds the folded ones.
    assert_eq!(
        pg.sql("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'changeevent'"),
        "id,entityid,eventtype,isbot"
    );
}

#[test]
fn postgresql_lower_case_names_load_into_mariadbs_mixed_case_names() {
    let Some(pg) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let Some(dst) = TestDb::new(Kind::Mysql) else {
        return;
    };
    mixed_case_hop(&pg, &dst);
    // MariaDB on Linux keeps the table's case: the rows are in `ChangeEvent` itself.
    assert_eq!(
        dst.sql("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'change%' COLLATE utf8mb4_general_ci"),
        "ChangeEvent"
    );
}

#[test]
fn postgresql_lower_case_names_load_into_sqlites_mixed_case_names() {
    let Some(pg) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let sqlite = TestDb::new(Kind::Sqlite).unwrap();
    mixed_case_hop(&pg, &sqlite);
}

#[test]
fn a_column_that_matches_two_target_columns_by_case_is_refused_naming_both() {
    let set = migration_dir(&[
        (
            "1.0.0/mysql/schemaChanges.sql",
            "CREATE TABLE ChangeEvent (id INT PRIMARY KEY, eventType VARCHAR(64) NOT NULL);",
        ),
        (
            "1.0.0/postgres/schemaChanges.sql",
            "CREATE TABLE ChangeEvent (id INT PRIMARY KEY, eventType VARCHAR(64) NULL, \"EventType\" VARCHAR(64) NULL);",
        ),
    ]);
    let m = Some(set.path());
    let Some(src) = TestDb::new(Kind::Mysql) else {
        return;
    };
    let Some(pg) = TestDb::new(Kind::Postgres) else {
        return;
    };
    src.run(m, &["migrate"]).expect(0);
    src.sql("INSERT INTO ChangeEvent VALUES (1, 'entityCreated')");
    let dump = src.dir.path().join("ambiguous.sql");
    let d = dump.to_str().unwrap();
    src.run(m, &["backup", "-o", d]).expect(0);
    let r = pg.run(m, &["restore", "--convert", d, "--shape"]);
    r.expect(4);
    for needle in ["`eventType`", "`eventtype` and `EventType`", "ambiguous"] {
        assert!(r.stderr.contains(needle), "no {needle} in {}", r.stderr);
    }
    assert_eq!(pg.sql("SELECT COUNT(*) FROM changeevent"), "0");
}

/// Regression: a restore command pasted where the URL was not set converted a
/// PostgreSQL dump into a new `./dbshape.db` and exited 0. A dump of another engine is
/// restored only with `--convert`; without it the restore exits 2 naming both engines,
/// before anything is created or changed.
#[test]
fn a_dump_of_another_engine_needs_convert() {
    let Some(pg) = TestDb::new(Kind::Postgres) else {
        return;
    };
    pg.run(None, &["migrate"]).expect(0);
    let dump = pg.dir.path().join("pg.sql.zst");
    pg.run(None, &["backup", "-o", dump.to_str().unwrap()])
        .expect(0);
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["restore", dump.to_str().unwrap(), "--clean", "--yes"],
        vec!["restore", dump.to_str().unwrap(), "--shape"],
    ] {
        let out = common::offline(dir.path()).args(&args).output().unwrap();
        let r = Run::from(out);
        r.expect(2);
        assert!(
            r.stderr.contains("PostgreSQL dump")
                && r.stderr.contains("SQLite database")
                && r.stderr.contains("--convert")
                && r.stderr.contains("nothing was changed"),
            "{}",
            r.stderr
        );
        assert!(
            std::fs::read_dir(dir.path()).unwrap().next().is_none(),
            "the refused restore created a file"
        );
    }
    // Asked for, it converts.
    let out = common::offline(dir.path())
        .args(["restore", dump.to_str().unwrap(), "--shape", "--convert"])
        .output()
        .unwrap();
    Run::from(out).expect(0);
}
