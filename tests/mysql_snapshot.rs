//! The MySQL/MariaDB snapshot reader against a real MariaDB: every column type at its
//! extremes is read, replayed with the `mariadb` client into an identical database,
//! compared cell by cell with SQL, and read again to the very same bytes.

mod common;

use common::{Kind, TestDb};
use dbshape::config::{GlobalArgs, Settings};
use dbshape::dialect::Dialect;
use dbshape::dump::format::{data_opening, TableHeader};
use dbshape::dump::literals::check_row;
use dbshape::dump::snapshot::{RowSink, SnapshotReader};
use dbshape::dump::templates;
use dbshape::engine::mysql_snapshot::MysqlSnapshot;

const SCHEMA: &str = "
CREATE TABLE every_type (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,
  mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED,
  bi BIGINT, biu BIGINT UNSIGNED, zf INT(5) UNSIGNED ZEROFILL,
  dec65 DECIMAL(65,30), f FLOAT, d DOUBLE, fmd FLOAT(10,3), dmd DOUBLE(20,5),
  b1 BIT(1), b64 BIT(64),
  bin BINARY(16), vbin VARBINARY(300), tb TINYBLOB, bl BLOB, mb MEDIUMBLOB, lb LONGBLOB,
  ch CHAR(10), vc VARCHAR(255), tx TEXT, lt LONGTEXT CHARACTER SET latin1,
  en ENUM('a', 'b c', 'd''e', 'generated'), st SET('x', 'y', 'z'),
  dt DATE, dtm DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, tm TIME(6), yr YEAR,
  js JSON, g GEOMETRY, pt POINT, u UUID, ip INET6,
  gen BIGINT AS (ti + 1) VIRTUAL,
  gens VARCHAR(300) AS (CONCAT(vc, '!')) STORED
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE child (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  parent BIGINT UNSIGNED NOT NULL,
  note VARCHAR(20),
  FOREIGN KEY (parent) REFERENCES every_type (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE empty_t (x INT) ENGINE=InnoDB;
CREATE TABLE only_generated (a INT AS (1) VIRTUAL) ENGINE=InnoDB;
CREATE TABLE dbshape_change_log (
  version VARCHAR(255) NOT NULL PRIMARY KEY,
  installed_rank INT NOT NULL,
  checksum VARCHAR(64) NOT NULL,
  status VARCHAR(16) NOT NULL
) ENGINE=InnoDB;
";

/// Columns of every_type that are dumped, in table order.
const COLUMNS: &[&str] = &[
    "id", "ti", "tiu", "si", "siu", "mi", "miu", "i", "iu", "bi", "biu", "zf", "dec65", "f", "d",
    "fmd", "dmd", "b1", "b64", "bin", "vbin", "tb", "bl", "mb", "lb", "ch", "vc", "tx", "lt", "en",
    "st", "dt", "dtm", "ts", "tm", "yr", "js", "g", "pt", "u", "ip",
];

fn hex(bytes: impl IntoIterator<Item = u8>) -> String {
    let s: String = bytes.into_iter().map(|b| format!("{b:02x}")).collect();
    if s.is_empty() {
        "X''".into()
    } else {
        format!("0x{s}")
    }
}

fn data() -> String {
    let all = hex(0..=255u8);
    let all_rev = hex((0..=255u8).rev());
    // TINYBLOB holds at most 255 bytes.
    let tiny = hex((0..=254u8).rev());
    // Every control character, quotes, backslash, SQL comment starters and emoji.
    let nasty: String = (1u8..32)
        .map(char::from)
        .chain("'\"\\`%_-- /* */ ;) ,(\u{7f} é ß 中文 😀🎉".chars())
        .collect();
    let nasty = nasty.replace('\\', "\\\\").replace('\'', "\\'");
    format!(
        "SET NAMES utf8mb4; SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'; SET time_zone = '+00:00';
INSERT INTO every_type (id) VALUES (NULL);
INSERT INTO every_type ({cols}) VALUES
(NULL, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0, 0,
 '-99999999999999999999999999999999999.999999999999999999999999999999',
 -3.40282e38, -1.7976931348623157e308, -9999999.999, -999999999999999.99999,
 b'0', b'0', X'00', X'', X'', X'', X'', X'',
 '', '', '', '', 'a', '', '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00',
 '-838:59:59.000000', 0, '[]', ST_GeomFromText('POINT(0 0)'), ST_GeomFromText('POINT(0 0)'),
 '00000000-0000-0000-0000-000000000000', '::'),
(NULL, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295,
 9223372036854775807, 18446744073709551615, 4294967295,
 '99999999999999999999999999999999999.999999999999999999999999999999',
 3.40282e38, 1.7976931348623157e308, 9999999.999, 999999999999999.99999,
 b'1', 0xffffffffffffffff, 0xffffffffffffffffffffffffffffffff, {all}, {tiny}, {all}, {all_rev}, {all},
 'ab  ', 'trail  😀', '{nasty}', 'café\\nà', 'd''e', 'x,y,z', '9999-12-31',
 '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', '838:59:59.000000', 2155,
 '{{\"a\": [1, 2.5e300, \"x\\\\ny\"], \"b\": null, \"😀\": true, \"q\": \"\\\\\\\"\"}}',
 ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 2 1, 2 2, 1 1))'),
 ST_GeomFromText('POINT(1.5 -2.5)'), 'ffffffff-ffff-ffff-ffff-ffffffffffff',
 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'),
(0, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, 5, '0.000000000000000000000000000001',
 16777217, 5e-324, 0.1, 0.1, b'1', b'101', 'a', 'text bytes', X'1a00', '\\\\', X'0d0a', X'27',
 'x', 'é', 'tab\\there\\0nul', '', 'b c', 'y', '1000-01-01', '1000-01-01 00:00:00.000001',
 '1970-01-01 00:00:01', '-00:00:00.000001', 1901, '{{}}', ST_GeomFromText('LINESTRING(0 0, 1 1)'),
 ST_GeomFromText('POINT(-0.000001 1e30)'), '123e4567-e89b-12d3-a456-426614174000', '::ffff:1.2.3.4'),
(1000000, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '-0.5', 1.0000001,
 1.0000000000000002, 123456.79, 0.30000000000000004, NULL, X'0100000000000000', NULL, NULL, NULL,
 NULL, NULL, NULL, '   ', ' lead', 'line\\rbreak\\n', NULL, NULL, '', '2024-02-29',
 '2024-02-29 12:34:56.5', NULL, '-12:00:00.25', NULL, '\"just a string\"', NULL, NULL, NULL, NULL);
INSERT INTO every_type (id, f, d) VALUES (NULL, 1.17549435e-38, 2.2250738585072014e-308),
 (NULL, -1.4e-45, -4.9e-324), (NULL, 0.333333343, 0.1e-10);
ALTER TABLE every_type AUTO_INCREMENT = 5000000;
INSERT INTO only_generated () VALUES (), ();
INSERT INTO child (parent, note) VALUES (1, 'one'), (0, 'zero'), (1000000, NULL);
INSERT INTO dbshape_change_log VALUES ('1.0.0', 1, 'abc', 'COMPLETED'), ('1.1.0', 2, 'def', 'COMPLETED');",
        cols = COLUMNS.join(", ")
    )
}

struct Collect(Vec<Vec<u8>>);

impl RowSink for Collect {
    fn row(&mut self, encoded: &[u8]) -> dbshape::Result<()> {
        self.0.push(encoded.to_vec());
        Ok(())
    }
}

fn settings(url: &str) -> Settings {
    settings_with_timeout(url, 5)
}

fn settings_with_timeout(url: &str, secs: u64) -> Settings {
    Settings::resolve(
        &GlobalArgs {
            url: Some(url.to_string()),
            connect_timeout: Some(secs),
            ..Default::default()
        },
        dbshape::cli::bundled::own_set(),
    )
    .unwrap()
}

/// Everything the reader says about a database.
struct Read {
    tables: Vec<TableHeader>,
    rows: Vec<(String, Vec<Vec<u8>>)>,
    fks: Vec<(String, String)>,
    log: Vec<(String, String, String)>,
    counters: Vec<(String, i64, bool)>,
    version: String,
    preamble: Vec<String>,
    postamble: Vec<String>,
}

async fn read_all(url: &str) -> Read {
    let mut snap = MysqlSnapshot::open(&settings(url)).await.unwrap();
    snap.begin().await.unwrap();
    let log = snap
        .change_log()
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.version, e.checksum, e.status))
        .collect();
    let tables = snap.tables().await.unwrap();
    let fks = snap.foreign_keys().await.unwrap();
    let mut rows = Vec::new();
    for t in &tables {
        snap.estimate(t).await.unwrap();
        let mut sink = Collect(Vec::new());
        snap.rows(t, &mut sink).await.unwrap();
        rows.push((t.name.clone(), sink.0));
    }
    let counters = snap
        .counters()
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.name, c.value, c.called))
        .collect();
    let version = snap.engine_version();
    let owned = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    let (preamble, postamble) = (
        owned(templates::preamble(Dialect::Mysql)),
        owned(templates::postamble(Dialect::Mysql)),
    );
    snap.finish().await.unwrap();
    Read {
        preamble,
        postamble,
        tables,
        rows,
        fks,
        log,
        counters,
        version,
    }
}

/// The dump's statements for the data: preamble, one multi-row INSERT per table, one
/// row per line, postamble, as the dump writer frames them.
fn replay_script(read: &Read) -> String {
    let mut s = read.preamble.join("\n");
    s.push('\n');
    for (t, (name, rows)) in read.tables.iter().zip(&read.rows) {
        assert_eq!(&t.name, name);
        if rows.is_empty() {
            continue;
        }
        s.push_str(&data_opening(Dialect::Mysql, t));
        s.push('\n');
        for (i, r) in rows.iter().enumerate() {
            s.push('(');
            s.push_str(std::str::from_utf8(r).expect("rows are UTF-8"));
            s.push_str(if i + 1 == rows.len() { ");\n" } else { "),\n" });
        }
    }
    s.push_str(&read.postamble.join("\n"));
    s
}

#[tokio::test]
async fn every_type_round_trips_byte_exact() {
    let Some(src) = TestDb::new(Kind::Mysql) else {
        return;
    };
    let Some(dst) = TestDb::new(Kind::Mysql) else {
        return;
    };
    src.sql(SCHEMA);
    dst.sql(SCHEMA);
    src.sql(&data());

    let read = read_all(&src.url).await;
    assert!(read.version.starts_with("MariaDB ") || read.version.starts_with("MySQL "));

    // Tables: by name, dbshape's own left out, generated columns left out.
    let names: Vec<&str> = read.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["child", "empty_t", "every_type", "only_generated"]);
    assert!(read.tables[3].columns.is_empty());
    assert_eq!(read.rows[3].1, [b"".to_vec(), b"".to_vec()]);
    let et = &read.tables[2];
    let cols: Vec<&str> = et.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cols, COLUMNS);
    let ty = |n: &str| {
        et.columns
            .iter()
            .find(|c| c.name == n)
            .unwrap()
            .data_type
            .clone()
    };
    assert_eq!(ty("biu"), "bigint(20) unsigned");
    assert_eq!(ty("dec65"), "decimal(65,30)");
    assert_eq!(ty("zf"), "int(5) unsigned zerofill");

    assert_eq!(read.fks, [("child".to_string(), "every_type".to_string())]);
    assert_eq!(
        read.log,
        [
            ("1.0.0".into(), "abc".into(), "COMPLETED".into()),
            ("1.1.0".into(), "def".into(), "COMPLETED".into())
        ]
    );
    assert!(
        read.counters
            .contains(&("every_type".into(), 5_000_000, true)),
        "{:?}",
        read.counters
    );
    assert!(
        read.counters.contains(&("child".into(), 4, true)),
        "{:?}",
        read.counters
    );
    assert!(!read.counters.iter().any(|c| c.0 == "empty_t"));

    // Every row is one line the dump reader accepts.
    let rows = &read.rows[2].1;
    assert_eq!(rows.len(), 8);
    for r in read.rows.iter().flat_map(|(_, r)| r) {
        assert!(
            !r.contains(&b'\n') && !r.contains(&b'\r'),
            "{}",
            String::from_utf8_lossy(r)
        );
        assert!(
            check_row(Dialect::Mysql, r).is_ok(),
            "{}",
            String::from_utf8_lossy(r)
        );
    }
    let all: String = rows
        .iter()
        .map(|r| String::from_utf8_lossy(r).into_owned() + "\n")
        .collect();
    for expected in [
        "18446744073709551615",
        "-9223372036854775808",
        "0xffffffffffffffff",
        "'-838:59:59.000000'",
        "'0000-00-00 00:00:00.000000'",
        "16777216,",
        "1.0000001192092896",
        "5e-324",
        "'trail  😀'",
        "'ab'",
        "X''",
        "0x000102",
        "\\0nul",
        "\\n",
        "\\r",
        "\\Z",
        "\\'\\\"\\\\",
        ",00005,",
        ",00000,",
        ",4294967295,",
        "'x,y,z'",
        "'d\\'e'",
    ] {
        assert!(all.contains(expected), "{expected} not in\n{all}");
    }

    // Replay with the engine's own client into an identical database.
    let script = replay_script(&read);
    let out = dst.sql_output(&script);
    assert!(
        out.status.success(),
        "replay failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Cell by cell, generated columns included: floats by value, the rest as bytes.
    let (a, b) = (&src.name, &dst.name);
    for col in COLUMNS.iter().chain(&["gen", "gens"]) {
        let cmp = if ["f", "d", "fmd", "dmd"].contains(col) {
            format!("x.{col} <=> y.{col}")
        } else {
            format!("BINARY x.{col} <=> BINARY y.{col}")
        };
        let differ = src.sql(&format!(
            "SELECT COUNT(*) FROM {a}.every_type x JOIN {b}.every_type y USING (id) WHERE NOT ({cmp})"
        ));
        assert_eq!(differ, "0", "column {col} differs after the round trip");
    }
    for t in ["every_type", "child", "empty_t", "only_generated"] {
        let count = |db: &str| src.sql(&format!("SELECT COUNT(*) FROM {db}.{t}"));
        assert_eq!(count(a), count(b), "row count of {t}");
    }
    let joined = src.sql(&format!(
        "SELECT COUNT(*) FROM {a}.every_type x JOIN {b}.every_type y USING (id)"
    ));
    assert_eq!(joined, "8");

    // Reading the copy gives the very same bytes (change log aside: dst has none).
    dst.sql("INSERT INTO dbshape_change_log VALUES ('1.0.0', 1, 'abc', 'COMPLETED')");
    let again = read_all(&dst.url).await;
    assert_eq!(again.tables, read.tables);
    for ((name, x), (_, y)) in read.rows.iter().zip(&again.rows) {
        let (mut x, mut y) = (x.clone(), y.clone());
        x.sort();
        y.sort();
        assert!(
            x == y,
            "table {name} encodes differently after the round trip"
        );
    }
}

#[tokio::test]
async fn the_snapshot_does_not_see_later_writes() {
    let Some(db) = TestDb::new(Kind::Mysql) else {
        return;
    };
    db.sql("CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT INTO t VALUES (1), (2)");
    let mut snap = MysqlSnapshot::open(&settings(&db.url)).await.unwrap();
    snap.begin().await.unwrap();
    let tables = snap.tables().await.unwrap();
    // A committed write from another session after the snapshot started.
    db.sql("INSERT INTO t VALUES (3); DELETE FROM t WHERE id = 1");
    let mut sink = Collect(Vec::new());
    snap.rows(&tables[0], &mut sink).await.unwrap();
    assert_eq!(sink.0, [b"1".to_vec(), b"2".to_vec()]);
    snap.finish().await.unwrap();
}

#[tokio::test]
async fn a_connect_failure_names_the_url_without_the_password() {
    let s = settings_with_timeout("mysql://root:s3cretpw@127.0.0.1:1/nope", 1);
    let err = match MysqlSnapshot::open(&s).await {
        Ok(_) => panic!("connected to port 1"),
        Err(e) => e,
    };
    let text = err.to_string();
    assert!(matches!(err, dbshape::Error::Connect { .. }), "{text}");
    assert!(!text.contains("s3cretpw"), "{text}");
    assert!(text.contains("127.0.0.1:1"), "{text}");
}
