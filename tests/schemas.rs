//! PostgreSQL tables outside the connection's current schema through backup, verify,
//! restore and a `psql` replay: every schema that holds user tables is dumped, each
//! table comes back into its own schema (never into a same-named table of another),
//! with its rows, its sequence or identity counter, its triggers and foreign keys.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{lines, migration_dir, Kind, TestDb};

/// Two schemas besides `public`, with a table named like one of `public`, foreign keys
/// across schemas, `serial` and identity columns, a free-standing sequence, a trigger
/// that writes into a third table (it must not fire on restored rows), and a
/// partitioned table of `public` with a partition in another schema.
const SCHEMA: &str = "
CREATE SCHEMA billing;
CREATE SCHEMA audit;
CREATE TABLE customer (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE billing.customer (id int PRIMARY KEY, note text);
CREATE TABLE billing.invoice (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id int NOT NULL REFERENCES public.customer (id),
  total numeric(10, 2) NOT NULL);
CREATE TABLE audit.entry (id serial PRIMARY KEY, invoice_id bigint REFERENCES billing.invoice (id), what text);
CREATE SEQUENCE audit.ticket START 100;
CREATE FUNCTION audit.log_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO audit.entry (invoice_id, what) VALUES (NEW.id, 'created'); RETURN NEW; END $$;
CREATE TRIGGER invoice_log AFTER INSERT ON billing.invoice FOR EACH ROW EXECUTE FUNCTION audit.log_invoice();
CREATE TABLE reading (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE audit.reading_2024 PARTITION OF reading FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE reading_other PARTITION OF reading DEFAULT;
";

/// The tables compared, schema-qualified.
const TABLES: &[&str] = &[
    "public.customer",
    "billing.customer",
    "billing.invoice",
    "audit.entry",
    "audit.reading_2024",
    "public.reading_other",
];

fn set() -> tempfile::TempDir {
    migration_dir(&[("1.0.0/postgres/schemaChanges.sql", SCHEMA)])
}

fn fill(db: &TestDb) {
    db.sql(
        "INSERT INTO customer (name) SELECT 'c' || i FROM generate_series(1, 5) i;
         INSERT INTO billing.customer VALUES (1, 'billing only');
         INSERT INTO billing.invoice (customer_id, total) SELECT 1 + i % 5, i * 1.5 FROM generate_series(1, 8) i;
         INSERT INTO audit.entry (what) VALUES ('manual');
         SELECT nextval('audit.ticket') FROM generate_series(1, 3);
         INSERT INTO reading VALUES (1, DATE '2024-03-01'), (2, DATE '2024-04-01'), (3, DATE '2020-01-01');",
    );
}

/// Per table: rows and a digest of their content; then every sequence's state.
fn content(db: &TestDb) -> Vec<String> {
    let mut out: Vec<String> = TABLES
        .iter()
        .map(|t| {
            let row = db.sql(&format!(
                "SELECT count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM ONLY {t} t"
            ));
            format!("{t}\t{row}")
        })
        .collect();
    out.extend(lines(&db.sql(
        "SELECT schemaname, sequencename, last_value FROM pg_catalog.pg_sequences \
         WHERE sequencename NOT LIKE 'dbshape%' ORDER BY 1, 2",
    )));
    out
}

fn backup(db: &TestDb, set: &Path, name: &str) -> std::path::PathBuf {
    let path = db.dir.path().join(name);
    db.run(Some(set), &["backup", "-o", path.to_str().unwrap()])
        .expect(0);
    path
}

/// Regression: tables in schemas other than the connection's were left out of the
/// dump while backup, verify and restore all succeeded. They are dumped with their
/// schema (format 3), verified, and restored by `--shape` into their own schemas.
#[test]
fn postgres_tables_of_other_schemas_round_trip() {
    let Some(src) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let set = set();
    src.run(Some(set.path()), &["migrate"]).expect(0);
    fill(&src);
    let before = content(&src);
    // 8 invoices logged by the trigger, one manual entry; the partition in `audit`
    // holds the 2024 rows of `public.reading`.
    assert!(before[2].starts_with("billing.invoice\t8\t"), "{before:?}");
    assert!(before[3].starts_with("audit.entry\t9\t"), "{before:?}");
    assert!(
        before[4].starts_with("audit.reading_2024\t2\t"),
        "{before:?}"
    );

    let dump = backup(&src, set.path(), "schemas.sql.zst");
    let first = src
        .run(
            Some(set.path()),
            &["--output", "json", "verify", dump.to_str().unwrap()],
        )
        .expect(0)
        .json();
    assert_eq!(first["header"]["format_version"], 3);
    let tables = first["header"]["tables"].as_array().unwrap();
    let header: Vec<(String, Option<String>, Option<String>)> = tables
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_string(),
                t.get("schema").map(|s| s.as_str().unwrap().to_string()),
                t.get("partition_of")
                    .map(|s| s.as_str().unwrap().to_string()),
            )
        })
        .collect();
    let s = |x: &str| Some(x.to_string());
    // The current schema's tables first, then by schema and name, except that a
    // referenced table comes before the tables referencing it (`entry` -> `invoice`).
    assert_eq!(
        header,
        [
            ("customer".to_string(), None, None),
            ("reading_other".to_string(), None, s("reading")),
            ("reading_2024".to_string(), s("audit"), s("reading")),
            ("customer".to_string(), s("billing"), None),
            ("invoice".to_string(), s("billing"), None),
            ("entry".to_string(), s("audit"), None),
        ]
    );
    let counters: Vec<&str> = first["trailer"]["counters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        counters,
        [
            "customer_id_seq",
            "audit.entry_id_seq",
            "audit.ticket",
            "billing.invoice_id_seq"
        ]
    );
    let text = src
        .run(Some(set.path()), &["verify", dump.to_str().unwrap()])
        .expect(0)
        .stdout
        .clone();
    for shown in [
        "billing.invoice ",
        "billing.customer ",
        "audit.reading_2024 ",
    ] {
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(shown)),
            "{shown} missing: {text}"
        );
    }
    assert!(text.contains("(partition of reading)"), "{text}");

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
    assert_eq!(content(&dst), before);
    // The trigger is back (and did not fire on restored rows: the counts above), the
    // identity continues above the restored ids, and the foreign keys hold.
    let id: i64 = dst
        .sql("INSERT INTO billing.invoice (customer_id, total) VALUES (2, 1) RETURNING id")
        .parse()
        .unwrap();
    assert_eq!(id, 9);
    assert_eq!(
        dst.sql("SELECT what FROM audit.entry WHERE invoice_id = 9"),
        "created"
    );
    let bad = dst.sql_output("INSERT INTO billing.invoice (customer_id, total) VALUES (99, 1)");
    assert!(!bad.status.success(), "foreign key across schemas missing");
    dst.run(Some(set.path()), &["validate"]).expect(0);

    // A restore into a database holding rows in another schema's table is refused.
    let again = dst.run(Some(set.path()), &["restore", dump.to_str().unwrap()]);
    again.expect(1);
    assert!(again.stderr.contains("billing.invoice"), "{}", again.stderr);
}

/// `psql -1 -f` of the plain dump into a database shaped by the migrations gives the
/// same rows and counters: every line of the dump names its table schema-qualified.
#[test]
fn postgres_psql_replay_fills_every_schema() {
    let Some(src) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let set = set();
    src.run(Some(set.path()), &["migrate"]).expect(0);
    fill(&src);
    let dump = backup(&src, set.path(), "schemas.sql");
    let dst = TestDb::new(Kind::Postgres).unwrap();
    dst.run(Some(set.path()), &["migrate"]).expect(0);
    // A row the replay must replace, not keep.
    dst.sql("INSERT INTO billing.customer VALUES (7, 'seeded')");
    let out = Command::new("psql")
        .args(["-h", "127.0.0.1", "-U", "postgres", "-d", &dst.name])
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f"])
        .arg(&dump)
        .stdin(Stdio::null())
        .output()
        .expect("run psql");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(content(&dst), content(&src));
}

/// A dump without tables of other schemas stays format 2, which older dbshape reads;
/// a dump with them is format 3, which older dbshape refuses (it reads 1 and 2 only),
/// and its schema fields cannot pass for format 2.
#[test]
fn postgres_schema_tables_need_format_3() {
    let Some(src) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let plain = migration_dir(&[(
        "1.0.0/postgres/schemaChanges.sql",
        "CREATE TABLE t (id serial PRIMARY KEY);",
    )]);
    src.run(Some(plain.path()), &["migrate"]).expect(0);
    let dump = backup(&src, plain.path(), "plain.sql");
    let text = std::fs::read_to_string(&dump).unwrap();
    assert!(text.starts_with("-- dbshape dump format 2\n"), "{text}");
    assert!(!text.contains("\"schema\""), "{text}");

    let other = TestDb::new(Kind::Postgres).unwrap();
    let set = set();
    other.run(Some(set.path()), &["migrate"]).expect(0);
    fill(&other);
    let dump = backup(&other, set.path(), "schemas.sql");
    let text = std::fs::read_to_string(&dump).unwrap();
    assert!(text.starts_with("-- dbshape dump format 3\n"));
    let forged = other.dir.path().join("forged.sql");
    std::fs::write(
        &forged,
        text.replacen(
            "-- dbshape dump format 3\n",
            "-- dbshape dump format 2\n",
            1,
        )
        .replacen("\"format_version\":3,", "\"format_version\":2,", 1),
    )
    .unwrap();
    let r = other.run(Some(set.path()), &["verify", forged.to_str().unwrap()]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("format 3"), "{}", r.stderr);
}

/// A PostgreSQL dump with tables of other schemas is refused by a restore into another
/// engine before anything is written, rather than mixing them into one database.
#[test]
fn postgres_schema_tables_are_refused_across_engines() {
    let Some(src) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let set = migration_dir(&[
        (
            "1.0.0/postgres/schemaChanges.sql",
            "CREATE SCHEMA billing; CREATE TABLE billing.invoice (id int PRIMARY KEY);",
        ),
        (
            "1.0.0/mysql/schemaChanges.sql",
            "CREATE TABLE invoice (id int PRIMARY KEY);",
        ),
        (
            "1.0.0/sqlite/schemaChanges.sql",
            "CREATE TABLE invoice (id int PRIMARY KEY);",
        ),
    ]);
    src.run(Some(set.path()), &["migrate"]).expect(0);
    src.sql("INSERT INTO billing.invoice VALUES (1)");
    let dump = backup(&src, set.path(), "schemas.sql");
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
            r.stderr.contains("schema(s) billing"),
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
