//! The SQLite snapshot reader, driven directly: every storage class in columns of every
//! affinity is read, encoded, replayed with the `sqlite3` client into a copy, and
//! compared cell by cell (storage class, bytes, exact value); reading the copy gives
//! the very same encodings.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use dbshape::config::{GlobalArgs, Settings};
use dbshape::dialect::Dialect;
use dbshape::dump::codec::Compression;
use dbshape::dump::format::{
    data_opening, quote_ident, Counter, Header, TableHeader, TriggerDef, TriggerHeader,
    FORMAT_VERSION,
};
use dbshape::dump::literals::check_row;
use dbshape::dump::literals::sqlite::{exact_products_allowed, push_real};
use dbshape::dump::reader::{self, CheckOnly};
use dbshape::dump::snapshot::{dependency_order, RowSink, SnapshotReader};
use dbshape::dump::templates::{self, trigger_block};
use dbshape::dump::writer::{Destination, DumpWriter};
use dbshape::engine::sqlite_snapshot::SqliteSnapshot;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sea_orm::sqlx::{self, AssertSqlSafe, Connection, Executor};

const SCHEMA: &str = r#"
CREATE TABLE typed (
    id INTEGER PRIMARY KEY,
    i INTEGER, t TEXT, r REAL, b BLOB, n, num NUMERIC, vc VARCHAR(10),
    g INTEGER GENERATED ALWAYS AS (id * 2) VIRTUAL,
    gs TEXT GENERATED ALWAYS AS (coalesce(hex(t), 'none')) STORED
);
CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
CREATE TABLE parent (id INTEGER PRIMARY KEY, up INTEGER REFERENCES parent(id));
CREATE TABLE child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES Parent(id));
CREATE TABLE "odd ""name""" ("a b" TEXT, "c""d" BLOB, e);
CREATE TABLE kv (k TEXT PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE empty (x);
CREATE TABLE audit (id INTEGER PRIMARY KEY, pid, note TEXT);
CREATE TRIGGER "parent audit" AFTER INSERT ON Parent
BEGIN
    INSERT INTO audit (pid, note) VALUES (new.id, 'added; see
parent');
END;
CREATE VIRTUAL TABLE docs USING fts5(title, body);
CREATE TABLE dbshape_change_log (
    version TEXT NOT NULL PRIMARY KEY,
    installed_rank INTEGER NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    checksum TEXT NOT NULL,
    status TEXT NOT NULL,
    installed_on TEXT NOT NULL,
    execution_ms INTEGER NOT NULL DEFAULT 0,
    installed_by TEXT NOT NULL DEFAULT '',
    tool_version TEXT NOT NULL DEFAULT '');
CREATE TABLE dbshape_lock (name TEXT);
"#;

/// A value bound exactly as it should be stored.
#[derive(Debug, Clone)]
enum V {
    Null,
    Int(i64),
    Real(f64),
    Text(Vec<u8>),
    Blob(Vec<u8>),
}

/// The specific values plus random REALs: over the whole range, or (`decimal_only`)
/// only where a decimal literal is exact on every SQLite measured.
fn values_with(decimal_only: bool) -> Vec<V> {
    let mut v = vec![
        V::Null,
        V::Int(0),
        V::Int(1),
        V::Int(-1),
        V::Int(i64::MAX),
        V::Int(i64::MIN),
        V::Real(0.0),
        V::Real(-0.0),
        V::Real(0.1),
        V::Real(-2.5),
        V::Real(3.0),
        V::Real(1e16),
        V::Real(1e20),
        V::Real((1u64 << 63) as f64),
        V::Real(1e-300),
        V::Real(5e-324),
        V::Real(2.2250738585072014e-308),
        V::Real(f64::MAX),
        V::Real(f64::MIN),
        V::Real(f64::INFINITY),
        V::Real(f64::NEG_INFINITY),
        V::Text(b"".to_vec()),
        V::Text(b"it's ''quoted''".to_vec()),
        V::Text("é 😀 \u{2028} \u{feff}".as_bytes().to_vec()),
        V::Text(b"line\nbreak\r\n".to_vec()),
        V::Text(b"nul\0inside\0".to_vec()),
        V::Text(b"\0".to_vec()),
        V::Text(b"tab\there \x7f".to_vec()),
        V::Text(b"bad \xff\xfe utf8".to_vec()),
        V::Text(b"); DROP TABLE typed; --".to_vec()),
        V::Text(b"123".to_vec()),
        V::Text(b" 12 ".to_vec()),
        V::Text(b"0x10".to_vec()),
        V::Text(b"1e5".to_vec()),
        V::Text(b"NULL".to_vec()),
        V::Blob(Vec::new()),
        V::Blob(vec![0]),
        V::Blob((0..=255u8).collect()),
        V::Blob(b"'); --\n".to_vec()),
    ];
    // Random bit patterns: every exponent, subnormals included (NaN cannot be stored).
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let f = f64::from_bits(x);
        if !f.is_nan() && (!decimal_only || (1e-75..1e110).contains(&f.abs())) {
            v.push(V::Real(f));
        }
    }
    v
}

/// The values every round trip must keep exactly with this build's reader.
fn values() -> Vec<V> {
    values_with(!exact_products_allowed())
}

fn random_reals(n: usize) -> Vec<f64> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut out = vec![
        5e-324,
        -5e-324,
        f64::MIN_POSITIVE,
        1e-300,
        1e300,
        f64::MAX,
        f64::MIN,
    ];
    while out.len() < n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let f = f64::from_bits(x);
        if f.is_finite() {
            out.push(f);
        }
    }
    out
}

fn settings(path: &Path) -> Settings {
    Settings::resolve(
        &GlobalArgs {
            url: Some(format!("sqlite://{}", path.display())),
            ..Default::default()
        },
        dbshape::cli::bundled::own_set(),
    )
    .expect("settings")
}

async fn connect_rw(path: &Path) -> SqliteConnection {
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    SqliteConnection::connect_with(&opts)
        .await
        .expect("connect")
}

/// Inserts `vals` into the named columns, binding each value exactly.
async fn insert(conn: &mut SqliteConnection, table: &str, cols: &[&str], vals: &[V]) {
    let exprs: Vec<String> = vals
        .iter()
        .enumerate()
        .map(|(k, v)| match v {
            V::Null => "NULL".to_string(),
            V::Text(_) => format!("CAST(?{} AS TEXT)", k + 1),
            _ => format!("?{}", k + 1),
        })
        .collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        cols.join(", "),
        exprs.join(", ")
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for v in vals {
        q = match v {
            V::Null => q,
            V::Int(i) => q.bind(*i),
            V::Real(f) => q.bind(*f),
            V::Text(b) | V::Blob(b) => q.bind(b.clone()),
        };
    }
    q.execute(&mut *conn).await.expect("insert");
}

async fn build_source(path: &Path) {
    let mut conn = connect_rw(path).await;
    conn.execute("PRAGMA journal_mode = WAL").await.unwrap();
    conn.execute(SCHEMA).await.unwrap();
    conn.execute("BEGIN").await.unwrap();
    let cols = ["i", "t", "r", "b", "n", "num", "vc"];
    for v in values() {
        insert(&mut conn, "typed", &cols, &vec![v; cols.len()]).await;
    }
    // Mixed rows: a different class in every column.
    let mixed = [
        V::Text(b"x\ny".to_vec()),
        V::Blob(vec![1, 2]),
        V::Int(7),
        V::Real(-0.0),
        V::Text(b"\xc3".to_vec()),
        V::Blob(Vec::new()),
        V::Null,
    ];
    insert(&mut conn, "typed", &cols, &mixed).await;
    for k in 1..=5 {
        insert(
            &mut conn,
            "seq",
            &["v"],
            &[V::Text(format!("s{k}").into_bytes())],
        )
        .await;
    }
    // The counter stays above the highest id left.
    conn.execute("DELETE FROM seq WHERE id >= 4").await.unwrap();
    conn.execute(
        "INSERT INTO parent VALUES (1, NULL), (2, 1), (3, 3);
         INSERT INTO child VALUES (1, 2), (2, 3);
         INSERT INTO \"odd \"\"name\"\"\" VALUES ('a''b', X'00', 1.5), (NULL, NULL, NULL);
         INSERT INTO kv VALUES ('k1', 1), ('k2', X'FF'), ('k3', 'three');
         INSERT INTO docs (title, body) VALUES ('first', 'hello world'), ('second', 'it''s
multi-line');
         INSERT INTO dbshape_change_log (version, installed_rank, checksum, status, installed_on)
             VALUES ('1.10.0', 2, 'c2', 'COMPLETED', '2026-01-02'),
                    ('1.9.0', 1, 'c1', 'COMPLETED', '2026-01-01');
         INSERT INTO dbshape_lock VALUES ('migrate');",
    )
    .await
    .unwrap();
    conn.execute("COMMIT").await.unwrap();
    conn.close().await.unwrap();
}

struct Collect(Vec<Vec<u8>>);

impl RowSink for Collect {
    fn row(&mut self, encoded: &[u8]) -> dbshape::Result<()> {
        self.0.push(encoded.to_vec());
        Ok(())
    }
}

/// Everything the reader says about a database.
#[derive(Debug, PartialEq)]
struct Snapshot {
    tables: Vec<TableHeader>,
    rows: Vec<Vec<Vec<u8>>>,
    counters: Vec<Counter>,
    fks: Vec<(String, String)>,
    triggers: Vec<TriggerDef>,
}

async fn read_all(path: &Path) -> Snapshot {
    let mut r = SqliteSnapshot::open(&settings(path)).await.expect("open");
    r.begin().await.unwrap();
    let tables = r.tables().await.unwrap();
    let fks = r.foreign_keys().await.unwrap();
    let mut rows = Vec::new();
    for t in &tables {
        let mut sink = Collect(Vec::new());
        r.rows(t, &mut sink).await.unwrap();
        rows.push(sink.0);
    }
    let counters = r.counters().await.unwrap();
    let triggers = r.triggers().await.unwrap();
    r.finish().await.unwrap();
    Snapshot {
        tables,
        rows,
        counters,
        fks,
        triggers,
    }
}

fn sqlite3(db: &Path, script: &[u8]) {
    let mut child = Command::new("sqlite3")
        .arg("-bail")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sqlite3 client is installed");
    child.stdin.take().unwrap().write_all(script).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "sqlite3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Column names of a table, generated ones included.
async fn all_columns(conn: &mut SqliteConnection, table: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden <> 1 ORDER BY cid")
        .bind(table)
        .fetch_all(&mut *conn)
        .await
        .unwrap()
}

fn q(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Compares every cell of every table of `a` and `b` (attached): storage class, bytes
/// and value (`IS`, exact for REALs), generated columns included.
async fn compare(a: &Path, b: &Path, tables: &[&str]) {
    let mut conn = connect_rw(a).await;
    sqlx::query("ATTACH ?1 AS copy")
        .bind(b.display().to_string())
        .execute(&mut conn)
        .await
        .unwrap();
    for table in tables {
        let cols = all_columns(&mut conn, table).await;
        let key = if *table == "kv" { "k" } else { "rowid" };
        let diff: Vec<String> = cols
            .iter()
            .map(|c| {
                let c = q(c);
                format!(
                    "x.{c} IS NOT y.{c} OR typeof(x.{c}) <> typeof(y.{c}) \
                     OR hex(x.{c}) IS NOT hex(y.{c})"
                )
            })
            .collect();
        let count = |schema: &str| format!("SELECT count(*) FROM {schema}.{}", q(table));
        let n_a: i64 = sqlx::query_scalar(AssertSqlSafe(count("main")))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let n_b: i64 = sqlx::query_scalar(AssertSqlSafe(count("copy")))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(n_a, n_b, "row count of {table}");
        let sql = format!(
            "SELECT count(*) FROM main.{t} x JOIN copy.{t} y ON x.{key} = y.{key} WHERE {}",
            diff.join(" OR "),
            t = q(table)
        );
        let bad: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(bad, 0, "cells of {table} differ");
        let joined = format!(
            "SELECT count(*) FROM main.{t} x JOIN copy.{t} y ON x.{key} = y.{key}",
            t = q(table)
        );
        let matched: i64 = sqlx::query_scalar(AssertSqlSafe(joined))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(matched, n_a, "rows of {table} pair up");
    }
    let seq = "SELECT count(*) FROM (SELECT name, seq FROM main.sqlite_sequence \
               EXCEPT SELECT name, seq FROM copy.sqlite_sequence)";
    let bad: i64 = sqlx::query_scalar(seq).fetch_one(&mut conn).await.unwrap();
    assert_eq!(bad, 0, "sqlite_sequence differs");
    conn.close().await.unwrap();
}

const DATA_TABLES: &[&str] = &[
    "audit",
    "child",
    "docs",
    "empty",
    "kv",
    "odd \"name\"",
    "parent",
    "seq",
    "typed",
];

#[tokio::test]
async fn every_storage_class_round_trips_through_sqlite3() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src.db");
    let dst = dir.path().join("copy.db");
    build_source(&src).await;

    let snap = read_all(&src).await;
    let names: Vec<&str> = snap.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names, DATA_TABLES,
        "data tables by name; shadow and own tables left out"
    );
    let typed = &snap.tables[names.iter().position(|n| *n == "typed").unwrap()];
    let cols: Vec<(&str, &str)> = typed
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.data_type.as_str()))
        .collect();
    assert_eq!(
        cols,
        [
            ("id", "INTEGER"),
            ("i", "INTEGER"),
            ("t", "TEXT"),
            ("r", "REAL"),
            ("b", "BLOB"),
            ("n", ""),
            ("num", "NUMERIC"),
            ("vc", "VARCHAR(10)")
        ],
        "generated columns are not dumped"
    );
    let docs = &snap.tables[2];
    assert_eq!(
        docs.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["title", "body"],
        "hidden columns of a virtual table are not dumped"
    );
    assert_eq!(
        snap.fks,
        [
            ("child".to_string(), "parent".to_string()),
            ("parent".to_string(), "parent".to_string())
        ]
    );
    assert_eq!(
        snap.triggers
            .iter()
            .map(|t| (t.name.as_str(), t.table.as_str()))
            .collect::<Vec<_>>(),
        [("parent audit", "parent")]
    );
    assert!(snap.triggers[0].definition.ends_with("END"));
    assert_eq!(
        snap.counters,
        [Counter {
            name: "seq".into(),
            value: 5,
            called: true
        }]
    );

    // One line per row, accepted by the dump reader.
    for rows in &snap.rows {
        for row in rows {
            assert!(!row.contains(&b'\n') && !row.contains(&b'\r'), "{row:?}");
            assert!(
                check_row(Dialect::Sqlite, row).is_ok(),
                "{}",
                String::from_utf8_lossy(row)
            );
        }
    }
    let typed_rows = &snap.rows[names.iter().position(|n| *n == "typed").unwrap()];
    let text = |i: usize| String::from_utf8_lossy(&typed_rows[i]).into_owned();
    // Rows follow values(): id 1 is NULL everywhere.
    assert_eq!(text(0), "1,NULL,NULL,NULL,NULL,NULL,NULL,NULL");
    assert_eq!(
        text(4),
        "5,9223372036854775807,'9223372036854775807',9.2233720368547758e18,\
         9223372036854775807,9223372036854775807,9223372036854775807,'9223372036854775807'"
    );
    let nul = (0..typed_rows.len())
        .find(|&i| text(i).contains("CAST(X'6E756C00696E7369646500' AS TEXT)"))
        .expect("text with NUL is hex");
    assert_eq!(text(nul).matches("CAST(").count(), 7, "{}", text(nul));

    // Replay as plain INSERT statements with the sqlite3 client into a fresh copy.
    sqlite3(&dst, SCHEMA.as_bytes());
    let r = SqliteSnapshot::open(&settings(&src)).await.unwrap();
    let mut script = Vec::new();
    for line in templates::preamble(Dialect::Sqlite) {
        writeln!(script, "{line}").unwrap();
    }
    for t in &snap.triggers {
        writeln!(
            script,
            "DROP TRIGGER {};",
            quote_ident(Dialect::Sqlite, &t.name)
        )
        .unwrap();
    }
    for (t, rows) in dependency_order(snap.tables.clone(), &snap.fks)
        .iter()
        .map(|t| {
            (
                t,
                &snap.rows[names.iter().position(|n| *n == t.name).unwrap()],
            )
        })
    {
        let opening = data_opening(Dialect::Sqlite, t);
        for row in rows {
            script.extend_from_slice(opening.as_bytes());
            script.extend_from_slice(b" (");
            script.extend_from_slice(row);
            script.extend_from_slice(b");\n");
        }
    }
    for c in &snap.counters {
        writeln!(script, "{}", c.render(Dialect::Sqlite)).unwrap();
    }
    for t in &snap.triggers {
        for line in trigger_block(Dialect::Sqlite, t) {
            writeln!(script, "{line}").unwrap();
        }
    }
    for line in templates::postamble(Dialect::Sqlite) {
        writeln!(script, "{line}").unwrap();
    }
    drop(r);
    sqlite3(&dst, &script);

    compare(&src, &dst, DATA_TABLES).await;
    let again = read_all(&dst).await;
    assert_eq!(again, snap, "the copy reads back byte-identical");
}

/// Runs a script on a file through sqlx, i.e. the SQLite linked into dbshape.
async fn replay_linked(db: &Path, script: &[u8]) {
    let mut conn = connect_rw(db).await;
    let script = String::from_utf8(script.to_vec()).expect("scripts here are UTF-8");
    conn.execute(AssertSqlSafe(script)).await.expect("replay");
    conn.close().await.unwrap();
}

/// `INSERT`s of `literals` as rows (id, v) of table `r`.
fn real_script(literals: &[String]) -> Vec<u8> {
    let mut script = b"CREATE TABLE r (id INTEGER PRIMARY KEY, v);\nBEGIN;\n".to_vec();
    for (i, l) in literals.iter().enumerate() {
        writeln!(script, "INSERT INTO r VALUES ({i}, {l});").unwrap();
    }
    script.extend_from_slice(b"COMMIT;\n");
    script
}

async fn read_reals(db: &Path) -> Vec<u64> {
    let mut conn = connect_rw(db).await;
    let rows: Vec<f64> = sqlx::query_scalar("SELECT v FROM r ORDER BY id")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    rows.into_iter().map(f64::to_bits).collect()
}

/// What `literal` reads back as on the sqlite3 client and on the linked SQLite.
async fn parse_both(dir: &Path, name: &str, literals: &[String]) -> (Vec<u64>, Vec<u64>) {
    let script = real_script(literals);
    let cli = dir.join(format!("{name}-cli.db"));
    let linked = dir.join(format!("{name}-linked.db"));
    sqlite3(&cli, &script);
    replay_linked(&linked, &script).await;
    (read_reals(&cli).await, read_reals(&linked).await)
}

fn literal(v: f64, exact_products: bool) -> String {
    let mut b = Vec::new();
    push_real(&mut b, v, exact_products);
    String::from_utf8(b).unwrap()
}

#[tokio::test]
async fn reals_keep_their_exact_bits() {
    let dir = tempfile::tempdir().unwrap();
    let values = random_reals(20_000);
    let want: Vec<u64> = values.iter().map(|v| v.to_bits()).collect();

    // The exact form for every magnitude: exact on both SQLite versions.
    let exact: Vec<String> = values.iter().map(|v| literal(*v, true)).collect();
    let (cli, linked) = parse_both(dir.path(), "exact", &exact).await;
    assert!(cli == want, "sqlite3 client misreads exact REAL literals");
    assert!(linked == want, "linked SQLite misreads exact REAL literals");

    // Decimal literals only: exact inside the measured range; outside, SQLite's own
    // conversion errs (reported, not asserted).
    let decimal: Vec<String> = values.iter().map(|v| literal(*v, false)).collect();
    let (cli, linked) = parse_both(dir.path(), "decimal", &decimal).await;
    for (name, got) in [("sqlite3 client", &cli), ("linked SQLite", &linked)] {
        let mut outside = 0;
        for ((v, g), text) in values.iter().zip(got).zip(&decimal) {
            if v.to_bits() != *g {
                assert!(
                    !(1e-75..1e110).contains(&v.abs()),
                    "{name} misreads {text} inside the decimal range"
                );
                outside += 1;
            }
        }
        eprintln!(
            "{name}: {outside} of {} decimal REAL literals off outside [1e-75, 1e110)",
            values.len()
        );
    }
}

#[tokio::test]
async fn negative_zero_keeps_its_sign_where_sqlite_stores_it() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src.db");
    let dst = dir.path().join("copy.db");
    build_source(&src).await;
    let snap = read_all(&src).await;
    let at = snap.tables.iter().position(|t| t.name == "typed").unwrap();
    let typed = &snap.tables[at];
    let rows = &snap.rows[at];
    let id = values()
        .iter()
        .position(|v| matches!(v, V::Real(f) if *f == 0.0 && f.is_sign_negative()))
        .unwrap()
        + 1;
    // INTEGER and NUMERIC affinity made it the INTEGER 0, TEXT the text '0.0', REAL
    // affinity stored it as an integer on disk: only BLOB and untyped keep -0.0.
    let row = String::from_utf8_lossy(&rows[id - 1]).into_owned();
    assert_eq!(row, format!("{id},0,'0.0',0.0,-0.0,-0.0,0,'0.0'"));
    let mut script = b"BEGIN;\n".to_vec();
    script.extend_from_slice(data_opening(Dialect::Sqlite, typed).as_bytes());
    writeln!(script, " ({row});\nCOMMIT;").unwrap();
    sqlite3(&dst, SCHEMA.as_bytes());
    sqlite3(&dst, &script);
    let mut conn = connect_rw(&dst).await;
    let (b, n): (f64, f64) = sqlx::query_as("SELECT b, n FROM typed")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(b == 0.0 && b.is_sign_negative() && n.is_sign_negative());
}

#[tokio::test]
async fn a_written_dump_verifies_and_replays() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src.db");
    let dst = dir.path().join("copy.db");
    let file = dir.path().join("dump.sql");
    build_source(&src).await;

    let mut r = SqliteSnapshot::open(&settings(&src)).await.unwrap();
    r.begin().await.unwrap();
    let change_log = r.change_log().await.unwrap();
    let versions: Vec<&str> = change_log.iter().map(|e| e.version.as_str()).collect();
    assert_eq!(versions, ["1.9.0", "1.10.0"]);
    let tables = r.tables().await.unwrap();
    let fks = r.foreign_keys().await.unwrap();
    let tables = dependency_order(tables, &fks);
    let triggers = r.triggers().await.unwrap();
    let header = Header {
        format_version: FORMAT_VERSION,
        tool_version: "test".into(),
        dialect: Dialect::Sqlite,
        engine_version: r.engine_version(),
        schema_version: Some("1.10.0".into()),
        server_version: None,
        change_log,
        created_at: "2026-01-01T00:00:00Z".into(),
        tables: tables.clone(),
        triggers: triggers
            .iter()
            .map(|t| TriggerHeader {
                name: t.name.clone(),
                table: t.table.clone(),
            })
            .collect(),
        shape_digest: None,
        shape: None,
    };
    assert!(
        header.engine_version.starts_with("SQLite 3."),
        "{}",
        header.engine_version
    );
    let mut w = DumpWriter::create(
        Destination::File {
            path: file.clone(),
            force: false,
        },
        Compression::None,
        dbshape::dump::crypt::Encryption::None,
        Dialect::Sqlite,
    )
    .unwrap();
    w.write_header(&header).unwrap();
    for t in &tables {
        let (est, _) = r.estimate(t).await.unwrap();
        if t.name == "typed" {
            assert_eq!(est, values().len() as u64 + 1, "max(rowid) estimate");
        }
        w.begin_table(t).unwrap();
        r.rows(t, &mut w).await.unwrap();
        w.end_table().unwrap();
    }
    w.counters(&r.counters().await.unwrap()).unwrap();
    r.finish().await.unwrap();
    w.finish(&header, &triggers).unwrap();

    let input = std::io::BufReader::new(std::fs::File::open(&file).unwrap());
    let summary = reader::read(Box::new(input), Compression::None, &mut CheckOnly).unwrap();
    assert_eq!(summary.header.tables.len(), DATA_TABLES.len());

    sqlite3(&dst, SCHEMA.as_bytes());
    sqlite3(&dst, &std::fs::read(&file).unwrap());
    compare(&src, &dst, DATA_TABLES).await;
}

#[tokio::test]
async fn the_snapshot_ignores_later_writes() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src.db");
    build_source(&src).await;
    let mut r = SqliteSnapshot::open(&settings(&src)).await.unwrap();
    r.begin().await.unwrap();
    let tables = r.tables().await.unwrap();
    // Another connection writes after the snapshot began (the file is in WAL mode).
    let mut w = connect_rw(&src).await;
    w.execute("INSERT INTO kv VALUES ('late', 1); DELETE FROM seq")
        .await
        .unwrap();
    let kv = tables.iter().find(|t| t.name == "kv").unwrap();
    let seq = tables.iter().find(|t| t.name == "seq").unwrap();
    let mut rows = Collect(Vec::new());
    r.rows(kv, &mut rows).await.unwrap();
    assert_eq!(rows.0.len(), 3);
    let mut rows = Collect(Vec::new());
    r.rows(seq, &mut rows).await.unwrap();
    assert_eq!(rows.0.len(), 3);
    r.finish().await.unwrap();
    w.close().await.unwrap();
}

#[tokio::test]
async fn in_memory_and_missing_databases_are_refused() {
    let mem = Settings::resolve(
        &GlobalArgs {
            url: Some("sqlite::memory:".into()),
            ..Default::default()
        },
        dbshape::cli::bundled::own_set(),
    )
    .unwrap();
    let err = SqliteSnapshot::open(&mem).await.err().expect("refused");
    assert!(err.to_string().contains("in-memory"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let err = SqliteSnapshot::open(&settings(&dir.path().join("nope.db")))
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(!dir.path().join("nope.db").exists(), "nothing was created");
}
