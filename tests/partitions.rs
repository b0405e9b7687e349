//! Partitioned and inherited tables through backup, verify and restore on real engines:
//! every row is dumped once and comes back into the partition (or inheritance table) it
//! was read from, with per-partition row counts and digests.

mod common;

use common::{lines, migration_dir, Kind, TestDb};

/// PostgreSQL: range with a default partition, a partition attached later (other column
/// order, a dropped column, a local index), list, hash, two levels, `INHERITS` with rows
/// in the parent and in the children, a foreign key to a partitioned table and a row
/// trigger on one (it must not fire on restored rows).
const PG_SCHEMA: &str = "
CREATE TABLE reading (id bigint NOT NULL, at date NOT NULL, v text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE reading_2023 PARTITION OF reading FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE reading_2024 PARTITION OF reading FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE reading_other PARTITION OF reading DEFAULT;
CREATE INDEX reading_v ON reading (v);
CREATE INDEX reading_2024_local ON reading_2024 (at, id);
CREATE TABLE reading_2025 (v text, note int, at date NOT NULL, id bigint NOT NULL);
ALTER TABLE reading_2025 DROP COLUMN note;
CREATE INDEX reading_2025_local ON reading_2025 (id);
ALTER TABLE reading ATTACH PARTITION reading_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE FUNCTION mark() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.v := NEW.v || '!'; RETURN NEW; END $$;
CREATE TRIGGER reading_mark BEFORE INSERT ON reading FOR EACH ROW EXECUTE FUNCTION mark();
CREATE TABLE account (id serial, region text NOT NULL, name text, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
CREATE TABLE account_eu PARTITION OF account FOR VALUES IN ('de', 'fr');
CREATE TABLE account_us PARTITION OF account FOR VALUES IN ('us');
CREATE TABLE session (id int PRIMARY KEY, data text) PARTITION BY HASH (id);
CREATE TABLE session_0 PARTITION OF session FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE session_1 PARTITION OF session FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE session_2 PARTITION OF session FOR VALUES WITH (MODULUS 3, REMAINDER 2);
CREATE TABLE visit (id int PRIMARY KEY, session_id int NOT NULL REFERENCES session (id));
CREATE TABLE event (id int NOT NULL, kind text NOT NULL, at date NOT NULL) PARTITION BY LIST (kind);
CREATE TABLE event_click PARTITION OF event FOR VALUES IN ('click') PARTITION BY RANGE (at);
CREATE TABLE event_click_2024 PARTITION OF event_click FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE event_click_other PARTITION OF event_click DEFAULT;
CREATE TABLE event_view PARTITION OF event FOR VALUES IN ('view');
CREATE TABLE animal (id int, name text);
CREATE TABLE dog (bark text) INHERITS (animal);
CREATE TABLE cat (lives int) INHERITS (animal);
";

/// Rows of `reading_2024`: about 6 MB of COPY text, above the 4 MiB from which a
/// restore drops a table's indexes for the load and builds them after it.
const BIG_LEAF_ROWS: i64 = 50_000;

fn pg_set() -> tempfile::TempDir {
    migration_dir(&[("1.0.0/postgres/schemaChanges.sql", PG_SCHEMA)])
}

fn pg_fill(db: &TestDb) {
    db.sql(&format!(
        "INSERT INTO reading SELECT i, DATE '2024-01-01' + (i % 366), repeat('x', 100) || i \
           FROM generate_series(1, {BIG_LEAF_ROWS}) i;
         INSERT INTO reading SELECT i, DATE '2023-01-01' + i, 'r' || i FROM generate_series(1, 7) i;
         INSERT INTO reading SELECT i, DATE '2025-02-01' + i, 'late' || i FROM generate_series(1, 5) i;
         INSERT INTO reading SELECT i, DATE '1999-01-01' + i, NULL FROM generate_series(1, 3) i;
         INSERT INTO account (region, name) SELECT (ARRAY['de', 'fr', 'us', 'us'])[1 + i % 4], 'a' || i \
           FROM generate_series(1, 20) i;
         INSERT INTO session SELECT i, 's' || i FROM generate_series(1, 30) i;
         INSERT INTO visit SELECT i, 1 + i % 30 FROM generate_series(1, 10) i;
         INSERT INTO event SELECT i, 'click', DATE '2024-06-01' + i FROM generate_series(1, 4) i;
         INSERT INTO event SELECT i, 'click', DATE '2020-06-01' + i FROM generate_series(1, 2) i;
         INSERT INTO event SELECT i, 'view', DATE '2024-06-01' FROM generate_series(1, 6) i;
         INSERT INTO animal VALUES (1, 'generic'), (2, 'other');
         INSERT INTO dog VALUES (3, 'rex', 'woof');
         INSERT INTO cat VALUES (4, 'tom', 9), (5, 'kit', 7), (6, 'max', 1);"
    ));
}

/// Roots whose rows are compared leaf by leaf (`animal` reads its children too).
const PG_ROOTS: &[&str] = &["reading", "account", "session", "visit", "event", "animal"];

/// Per leaf: rows and a digest of their content, read through each root.
fn pg_leaves(db: &TestDb) -> String {
    PG_ROOTS
        .iter()
        .map(|root| {
            db.sql(&format!(
                "SELECT tableoid::regclass, count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) \
                 FROM {root} t GROUP BY 1 ORDER BY tableoid::regclass::text"
            ))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Per leaf row counts only, to compare with what is expected.
fn pg_counts(db: &TestDb) -> Vec<String> {
    lines(&pg_leaves(db))
        .iter()
        .map(|l| l.rsplit_once('\t').unwrap().0.to_string())
        .collect()
}

fn expected_pg_counts() -> Vec<String> {
    [
        "reading_2023\t7",
        &format!("reading_2024\t{BIG_LEAF_ROWS}"),
        "reading_2025\t5",
        "reading_other\t3",
        "account_eu\t10",
        "account_us\t10",
        // session_0..2: hash partitions; their split is checked against the source.
        "visit\t10",
        "event_click_2024\t4",
        "event_click_other\t2",
        "event_view\t6",
        "animal\t2",
        "cat\t3",
        "dog\t1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn backup(db: &TestDb, set: &std::path::Path, name: &str) -> std::path::PathBuf {
    let path = db.dir.path().join(name);
    db.run(Some(set), &["backup", "-o", path.to_str().unwrap()])
        .expect(0);
    path
}

/// Backup no longer fails with `cannot copy from partitioned table`: each leaf and each
/// inheritance table is dumped with its own rows, verified, and restored by `--shape`
/// into the same partitions, with triggers kept from firing and counters above the data.
#[test]
fn postgres_partitions_and_inheritance_round_trip() {
    let Some(src) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let set = pg_set();
    src.run(Some(set.path()), &["migrate"]).expect(0);
    pg_fill(&src);
    let counts = pg_counts(&src);
    let hashed: Vec<&String> = counts
        .iter()
        .filter(|l| l.starts_with("session_"))
        .collect();
    assert_eq!(hashed.len(), 3, "{counts:?}");
    let others: Vec<String> = counts
        .iter()
        .filter(|l| !l.starts_with("session_"))
        .cloned()
        .collect();
    assert_eq!(others, expected_pg_counts());

    let dump = backup(&src, set.path(), "parts.sql.zst");
    let j = src
        .run(
            Some(set.path()),
            &["--output", "json", "verify", dump.to_str().unwrap()],
        )
        .expect(0)
        .json();
    // The header lists the tables with storage, each leaf naming its partitioned root;
    // the trailer has one row count per leaf.
    let partition_of = |name: &str| {
        j["header"]["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing from the header"))
            .get("partition_of")
            .cloned()
    };
    assert_eq!(partition_of("reading_other"), Some("reading".into()));
    assert_eq!(partition_of("event_click_2024"), Some("event".into()));
    assert_eq!(partition_of("session_2"), Some("session".into()));
    assert_eq!(partition_of("dog"), None);
    assert_eq!(partition_of("animal"), None);
    let dumped: Vec<String> = j["trailer"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| format!("{}\t{}", t["name"].as_str().unwrap(), t["rows"]))
        .collect();
    for root in ["reading", "account", "session", "event", "event_click"] {
        assert!(
            !dumped.iter().any(|t| t.starts_with(&format!("{root}\t"))),
            "partitioned table {root} dumped: {dumped:?}"
        );
    }
    let mut expected: Vec<String> = counts.clone();
    expected.sort();
    let mut dumped_sorted = dumped.clone();
    dumped_sorted.sort();
    assert_eq!(dumped_sorted, expected);

    let text = src
        .run(Some(set.path()), &["verify", dump.to_str().unwrap()])
        .expect(0)
        .stdout
        .clone();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("event_click_other "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.ends_with("(partition of event)"), "{line}");

    let dst = TestDb::new(Kind::Postgres).unwrap();
    let r = dst.run(
        Some(set.path()),
        &[
            "--output",
            "json",
            "restore",
            dump.to_str().unwrap(),
            "--shape",
        ],
    );
    r.expect(0);
    assert_eq!(r.json()["shaped"], true);
    assert_eq!(pg_leaves(&dst), pg_leaves(&src));
    assert_eq!(pg_counts(&dst), counts);
    // The trigger is back on every partition, and did not fire on restored rows.
    dst.sql("INSERT INTO reading VALUES (1, DATE '2025-12-31', 'new')");
    assert_eq!(
        dst.sql("SELECT v FROM reading_2025 WHERE at = DATE '2025-12-31'"),
        "new!"
    );
    // The foreign key to the partitioned table is back and enforced.
    let bad = dst.sql_output("INSERT INTO visit VALUES (99, 999)");
    assert!(!bad.status.success(), "foreign key to session missing");
    // The sequence of a partitioned table continues above the restored rows.
    let id: i64 = dst
        .sql("INSERT INTO account (region, name) VALUES ('fr', 'new') RETURNING id")
        .parse()
        .unwrap();
    assert!(id > 20, "new id {id}");
    dst.run(Some(set.path()), &["validate"]).expect(0);
}

/// (name, attached to a partitioned index, oid) of each index of `table`.
fn pg_indexes(db: &TestDb, table: &str) -> Vec<(String, bool, String)> {
    lines(&db.sql(&format!(
        "SELECT i.relname, i.relispartition, i.oid FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid \
         WHERE x.indrelid = '{table}'::regclass ORDER BY 1"
    )))
    .iter()
    .map(|l| {
        let f: Vec<&str> = l.split('\t').collect();
        (f[0].to_string(), f[1] == "t", f[2].to_string())
    })
    .collect()
}

/// A leaf large enough for the index drop and rebuild: its own local index is rebuilt,
/// the ones attached to the partitioned table's indexes (which cannot be dropped on
/// their own) are kept and stay attached; a small leaf keeps all of its indexes.
#[test]
fn postgres_large_partition_rebuilds_only_its_own_indexes() {
    let Some(src) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let set = pg_set();
    src.run(Some(set.path()), &["migrate"]).expect(0);
    pg_fill(&src);
    let dump = backup(&src, set.path(), "parts.sql");
    let dst = TestDb::new(Kind::Postgres).unwrap();
    dst.run(Some(set.path()), &["migrate"]).expect(0);
    let big_before = pg_indexes(&dst, "reading_2024");
    let small_before = pg_indexes(&dst, "reading_2025");
    assert_eq!(
        big_before
            .iter()
            .map(|(n, attached, _)| (n.as_str(), *attached))
            .collect::<Vec<_>>(),
        [
            ("reading_2024_local", false),
            ("reading_2024_pkey", true),
            ("reading_2024_v_idx", true)
        ]
    );
    dst.run(Some(set.path()), &["restore", dump.to_str().unwrap()])
        .expect(0);
    assert_eq!(pg_leaves(&dst), pg_leaves(&src));
    let big_after = pg_indexes(&dst, "reading_2024");
    for ((name, attached, before), (name_after, attached_after, after)) in
        big_before.iter().zip(&big_after)
    {
        assert_eq!((name, attached), (name_after, attached_after));
        if *attached {
            assert_eq!(before, after, "{name} was rebuilt");
        } else {
            assert_ne!(
                before, after,
                "{name} was not rebuilt: the large-table path was not taken"
            );
        }
    }
    assert_eq!(big_after.len(), big_before.len());
    assert_eq!(pg_indexes(&dst, "reading_2025"), small_before);
    // The primary key, kept through the load, still holds: a duplicate is refused.
    let dup = dst.sql_output("INSERT INTO reading VALUES (1, DATE '2024-01-02', 'dup')");
    assert!(!dup.status.success(), "primary key of reading_2024 missing");
}

/// A PostgreSQL dump holding partitions is refused by a restore into another engine,
/// before anything is written, rather than losing the partitions' rows.
#[test]
fn postgres_partitions_are_refused_across_engines() {
    let Some(src) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let set = pg_set();
    src.run(Some(set.path()), &["migrate"]).expect(0);
    src.sql("INSERT INTO session VALUES (1, 'a'), (2, 'b')");
    let dump = backup(&src, set.path(), "parts.sql");
    for kind in [Kind::Mysql, Kind::Sqlite] {
        let Some(dst) = TestDb::new(kind) else {
            continue;
        };
        let r = dst.run(
            Some(set.path()),
            &["restore", dump.to_str().unwrap(), "--shape", "--convert"],
        );
        r.expect(1);
        assert!(
            r.stderr.contains("partitions") && r.stderr.contains("session"),
            "{kind:?}: {}",
            r.stderr
        );
        let user: Vec<String> = dst
            .tables()
            .into_iter()
            .filter(|t| !t.starts_with("dbshape_"))
            .collect();
        assert!(user.is_empty(), "{kind:?}: {user:?}");
    }
}

const MY_SCHEMA: &str = "
CREATE TABLE reading (id INT NOT NULL AUTO_INCREMENT, y INT NOT NULL, v VARCHAR(40), PRIMARY KEY (id, y))
  PARTITION BY RANGE (y) (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN (2020),
  PARTITION pmax VALUES LESS THAN MAXVALUE);
CREATE TABLE session (id INT NOT NULL PRIMARY KEY, data VARCHAR(40)) PARTITION BY HASH (id) PARTITIONS 4;
CREATE TABLE account (id INT NOT NULL, region CHAR(2) NOT NULL, PRIMARY KEY (id, region))
  PARTITION BY LIST COLUMNS (region) (PARTITION eu VALUES IN ('de', 'fr'), PARTITION us VALUES IN ('us'));
CREATE TABLE token (id INT NOT NULL PRIMARY KEY, t VARCHAR(40)) PARTITION BY KEY (id) PARTITIONS 3;
";

/// (table, partition, rows, digest of the ids) counted per partition:
/// `information_schema.PARTITIONS` only estimates its `TABLE_ROWS`.
fn my_partition_counts(db: &TestDb) -> Vec<String> {
    let parts = lines(&db.sql(
        "SELECT TABLE_NAME, PARTITION_NAME FROM information_schema.PARTITIONS \
         WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL ORDER BY 1, 2",
    ));
    parts
        .iter()
        .map(|l| {
            let (table, part) = l.split_once('\t').unwrap();
            let n = db.sql(&format!(
                "SELECT COUNT(*), MD5(GROUP_CONCAT(id ORDER BY id)) FROM {table} PARTITION ({part})"
            ));
            format!("{table}\t{part}\t{n}")
        })
        .collect()
}

/// MariaDB partitioned tables (RANGE, HASH, LIST, KEY) are tables of their own: dumped
/// whole and loaded back through the same partitioning, so every row lands in the same
/// partition; counts and digests equal, sequentially and with parallel loaders.
#[test]
fn mysql_partitioned_tables_round_trip() {
    let Some(src) = TestDb::new(Kind::Mysql) else {
        return;
    };
    let set = migration_dir(&[("1.0.0/mysql/schemaChanges.sql", MY_SCHEMA)]);
    src.run(Some(set.path()), &["migrate"]).expect(0);
    src.sql(
        "INSERT INTO reading (y, v) SELECT 1990 + seq % 40, CONCAT('r', seq) FROM seq_1_to_200; \
         INSERT INTO session SELECT seq, CONCAT('s', seq) FROM seq_1_to_50; \
         INSERT INTO account SELECT seq, ELT(1 + seq % 3, 'de', 'fr', 'us') FROM seq_1_to_30; \
         INSERT INTO token SELECT seq, CONCAT('t', seq) FROM seq_1_to_20;",
    );
    let counts = my_partition_counts(&src);
    let rows = |table: &str, part: &str| -> i64 {
        let line = counts
            .iter()
            .find(|l| l.starts_with(&format!("{table}\t{part}\t")))
            .unwrap_or_else(|| panic!("{table} {part} missing: {counts:?}"));
        line.split('\t').nth(2).unwrap().parse().unwrap()
    };
    // Known splits: y = 1990..2029 evenly, so 10 of 40 values below 2000.
    assert_eq!(
        (
            rows("reading", "p0"),
            rows("reading", "p1"),
            rows("reading", "pmax")
        ),
        (50, 100, 50)
    );
    assert_eq!(
        (1..=3)
            .map(|i| rows("session", &format!("p{i}")))
            .sum::<i64>()
            + rows("session", "p0"),
        50
    );
    assert_eq!((rows("account", "eu"), rows("account", "us")), (20, 10));
    let dump = backup(&src, set.path(), "parts.sql");
    let j = src
        .run(
            Some(set.path()),
            &["--output", "json", "verify", dump.to_str().unwrap()],
        )
        .expect(0)
        .json();
    let dumped: Vec<String> = j["trailer"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| format!("{}\t{}", t["name"].as_str().unwrap(), t["rows"]))
        .collect();
    assert_eq!(
        dumped,
        ["account\t30", "reading\t200", "session\t50", "token\t20"]
    );
    for jobs in ["1", "3"] {
        let dst = TestDb::new(Kind::Mysql).unwrap();
        dst.run(
            Some(set.path()),
            &["restore", dump.to_str().unwrap(), "--shape", "--jobs", jobs],
        )
        .expect(0);
        assert_eq!(my_partition_counts(&dst), counts, "--jobs {jobs}");
        // The counter continues above the restored rows.
        dst.sql("INSERT INTO reading (y, v) VALUES (2001, 'new')");
        let id: i64 = dst.sql("SELECT MAX(id) FROM reading").parse().unwrap();
        assert_eq!(id, 201, "--jobs {jobs}");
    }
}
