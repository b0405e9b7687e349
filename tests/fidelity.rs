//! Type fidelity of `backup` + `restore --shape` on real engines: a source database
//! shaped by a one-version fixture migration set is filled with the hard values of
//! every type (extremes, NaN and infinities, -0, every byte, every Unicode plane, zero
//! dates, odd identifiers...), backed up, restored with `--shape` into a second empty
//! database, and compared cell by cell through the engine's own client, with explicit
//! text or hex renderings wherever client output could hide a difference. Generated
//! columns must be recomputed (never dumped) and sequences / auto-increment counters
//! must continue above the restored rows.

mod common;

use common::{migration_dir, Kind, TestDb};

/// Every byte value once, in order.
fn all_bytes() -> Vec<u8> {
    (0..=255u8).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Two characters of each of the 17 Unicode planes, then the highest code point.
fn every_plane() -> String {
    let mut s = String::new();
    for plane in 0..=16u32 {
        for low in [0x0100u32, 0xFFFD] {
            s.push(char::from_u32(plane << 16 | low).unwrap());
        }
    }
    s.push('\u{10FFFF}');
    s
}

/// Text that trips up escaping: control characters, quotes of every kind, backslashes,
/// a COPY terminator on its own line, comment and statement separators, emoji.
const TRICKY: &str = "tab\there\nnew line\r\ncrlf \\ back\\slash \\N \\t 'single' \"double\" `back` \
$$ dollar $tag$ -- not a comment /* nor this */ ; semicolon # hash \u{1}\u{1f}\u{7f}\u{85}\u{a0}\u{2028}\u{feff} \
é ß 中文 ✓ € 😀🎉\n\\.\nafter a copy terminator\\";

/// A source database shaped and filled, backed up, and restored with `--shape` into a
/// second, empty database.
struct RoundTrip {
    src: TestDb,
    dst: TestDb,
    /// The dump's header (from `verify --output json`).
    header: serde_json::Value,
    _migrations: tempfile::TempDir,
}

/// Shapes a source database with a one-version migration set made of `schema`, runs
/// `fill` on it with the engine's client, backs it up and restores the dump into a
/// fresh database with `restore --shape`. `None` when the server is down (outside CI).
fn round_trip(kind: Kind, schema: &str, fill: &str) -> Option<RoundTrip> {
    round_trip_with(kind, schema, fill, |_, _| {})
}

/// [`round_trip`] with `before_backup(source, target)` run once the source is filled.
fn round_trip_with(
    kind: Kind,
    schema: &str,
    fill: &str,
    before_backup: impl FnOnce(&TestDb, &TestDb),
) -> Option<RoundTrip> {
    let src = TestDb::new(kind)?;
    let dst = TestDb::new(kind)?;
    let rel = format!("1.0.0/{}/schemaChanges.sql", kind.dialect());
    let migrations = migration_dir(&[(rel.as_str(), schema)]);
    let m = Some(migrations.path());
    src.run(m, &["migrate"]).expect(0);
    src.sql(fill);
    before_backup(&src, &dst);
    let dump = src.dir.path().join("fidelity.sql");
    let dump = dump.to_str().unwrap();
    src.run(m, &["backup", "-o", dump]).expect(0);
    let header = src
        .run(m, &["--output", "json", "verify", dump])
        .expect(0)
        .json()["header"]
        .clone();
    dst.run(m, &["restore", dump, "--shape"]).expect(0);
    Some(RoundTrip {
        src,
        dst,
        header,
        _migrations: migrations,
    })
}

/// Key of a result line: everything before its last tab (the column and row it shows).
fn key(line: &str) -> &str {
    line.rsplit_once('\t').map_or(line, |(k, _)| k)
}

/// A readable difference of two client outputs: lines only in one of them, paired by
/// key where both sides have one.
fn line_diff(src: &str, dst: &str) -> String {
    let mut only_src: Vec<&str> = src.lines().collect();
    let mut only_dst: Vec<&str> = Vec::new();
    for l in dst.lines() {
        match only_src.iter().position(|s| *s == l) {
            Some(i) => {
                only_src.remove(i);
            }
            None => only_dst.push(l),
        }
    }
    let mut out = String::new();
    for s in &only_src {
        match only_dst.iter().position(|d| key(d) == key(s)) {
            Some(i) => {
                let d = only_dst.remove(i);
                out.push_str(&format!(
                    "  {}\n    source:   {}\n    restored: {}\n",
                    key(s).replace('\t', " "),
                    s.rsplit_once('\t').map_or(*s, |(_, v)| v),
                    d.rsplit_once('\t').map_or(d, |(_, v)| v),
                ));
            }
            None => out.push_str(&format!("  only in source:   {s}\n")),
        }
    }
    for d in &only_dst {
        out.push_str(&format!("  only in restored: {d}\n"));
    }
    out
}

impl RoundTrip {
    /// Runs `query` on both databases; a description of the difference, if any.
    fn compare(&self, what: &str, query: &str) -> Option<String> {
        // Both sides rendered under the same session settings, whatever the databases'
        // own defaults are.
        let query = match self.src.kind {
            Kind::Postgres => format!("{PG_PIN}{query}"),
            _ => query.to_string(),
        };
        let a = self.src.sql(&query);
        let b = self.dst.sql(&query);
        (a != b).then(|| format!("{:?} {what}:\n{}", self.src.kind, line_diff(&a, &b)))
    }

    /// Compares every column of `table` (one `column, row label, rendering` line per
    /// cell) and returns the differences.
    fn compare_cells(
        &self,
        table: &str,
        label: &str,
        columns: &[&str],
        render: impl Fn(&str) -> String,
    ) -> Vec<String> {
        let q: String = columns
            .iter()
            .map(|c| format!("SELECT '{c}', {label}, {} FROM {table};\n", render(c)))
            .collect();
        self.compare(&format!("cells of {table}"), &q)
            .into_iter()
            .collect()
    }

    /// The dumped column names of `table` according to the dump's header.
    fn dumped_columns(&self, table: &str) -> Vec<String> {
        let tables = self.header["tables"].as_array().expect("header tables");
        let t = tables
            .iter()
            .find(|t| t["name"] == table)
            .unwrap_or_else(|| panic!("{table} not in the dump header: {}", self.header));
        t["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    }

    /// Generated columns must not be in the dump (the target recomputes them).
    fn check_not_dumped(&self, table: &str, generated: &[&str]) -> Vec<String> {
        let cols = self.dumped_columns(table);
        generated
            .iter()
            .filter(|g| cols.iter().any(|c| c == *g))
            .map(|g| {
                format!(
                    "{:?}: generated column {table}.{g} is dumped: {cols:?}",
                    self.src.kind
                )
            })
            .collect()
    }

    /// After the data comparisons: a row inserted without an id gets an id above the
    /// restored maximum, the same id the source gives to the same insert.
    fn check_counter(&self, table: &str, id: &str, insert: &str) -> Vec<String> {
        let max = format!("SELECT max({id}) FROM {table}");
        let restored_max: i128 = self.dst.sql(&max).parse().expect("max id");
        self.src.sql(insert);
        self.dst.sql(insert);
        let src_new: i128 = self.src.sql(&max).parse().unwrap();
        let dst_new: i128 = self.dst.sql(&max).parse().unwrap();
        let mut out = Vec::new();
        if dst_new <= restored_max {
            out.push(format!(
                "{:?}: counter of {table} does not continue: new row got id {dst_new}, restored maximum is {restored_max}",
                self.src.kind
            ));
        }
        if dst_new != src_new {
            out.push(format!(
                "{:?}: counter of {table} differs from the source: new row got id {dst_new} on the target, {src_new} on the source",
                self.src.kind
            ));
        }
        out
    }
}

/// Fails with every collected problem at once.
#[track_caller]
fn assert_clean(kind: Kind, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{kind:?}: {} problem(s) after backup + restore --shape:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------- PostgreSQL

const PG_SCHEMA: &str = r#"
CREATE TYPE mood AS ENUM ('sad', 'ok', 'we''ird "label" ✓');
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE TYPE pair AS (a integer, b text);
CREATE TABLE types (
    id serial PRIMARY KEY,
    label text NOT NULL UNIQUE,
    i2 smallint,
    i4 integer,
    i8 bigint,
    num numeric,
    num_fixed numeric(12, 4),
    f4 real,
    f8 double precision,
    t text,
    t_bytes integer GENERATED ALWAYS AS (octet_length(t)) STORED,
    c5 char(5),
    vc varchar(20),
    b bytea,
    bo boolean,
    d date,
    tm time,
    tmtz timetz,
    ts timestamp,
    ts0 timestamp(0),
    tstz timestamptz,
    iv interval,
    u uuid,
    j json,
    jb jsonb,
    ai integer[],
    at text[],
    a2 integer[][],
    am mood[],
    m mood,
    dom positive,
    pr pair,
    ip inet,
    ci cidr,
    mac macaddr,
    mac8 macaddr8,
    bt bit(8),
    vb varbit,
    tsv tsvector,
    tsq tsquery,
    r4 int4range,
    rn numrange,
    rts tstzrange,
    mr int4multirange,
    x xml,
    pt point,
    ch1 "char",
    nm name
);
CREATE TABLE ident (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    v text
);
"#;

const PG_COLUMNS: &[&str] = &[
    "id",
    "i2",
    "i4",
    "i8",
    "num",
    "num_fixed",
    "f4",
    "f8",
    "t",
    "t_bytes",
    "c5",
    "vc",
    "b",
    "bo",
    "d",
    "tm",
    "tmtz",
    "ts",
    "ts0",
    "tstz",
    "iv",
    "u",
    "j",
    "jb",
    "ai",
    "at",
    "a2",
    "am",
    "m",
    "dom",
    "pr",
    "ip",
    "ci",
    "mac",
    "mac8",
    "bt",
    "vb",
    "tsv",
    "tsq",
    "r4",
    "rn",
    "rts",
    "mr",
    "x",
    "pt",
    "ch1",
    "nm",
];

/// PostgreSQL rendering of a cell: its text form as a JSON string (so tabs, newlines
/// and NULL are visible), floats with their exact bits, bytea in hex.
fn pg_render(c: &str) -> String {
    let r = match c {
        "f4" => format!("{c}::text || ' ' || encode(float4send({c}), 'hex')"),
        "f8" => format!("{c}::text || ' ' || encode(float8send({c}), 'hex')"),
        "b" => format!("'\\x' || encode({c}, 'hex')"),
        _ => format!("to_json(({c})::text)::text"),
    };
    format!("coalesce({r}, 'NULL')")
}

/// Session settings of every comparison query on PostgreSQL.
const PG_PIN: &str = "SET DateStyle TO 'ISO, YMD'; SET IntervalStyle TO postgres; \
SET extra_float_digits TO 1; SET bytea_output TO hex; SET TimeZone TO 'UTC'; \
SET client_encoding TO 'UTF8';\n";

/// Session defaults of the source and target databases that change how values are
/// written or read (dates as DMY vs MDY, rounded floats, escaped bytea, LATIN1, odd
/// time zones): backup and restore must pin their own.
fn pg_hostile_defaults(src: &TestDb, dst: &TestDb) {
    for (db, datestyle, intervalstyle, digits, zone, encoding) in [
        (
            src,
            "SQL, DMY",
            "sql_standard",
            "-15",
            "Asia/Kathmandu",
            "LATIN1",
        ),
        (
            dst,
            "SQL, MDY",
            "iso_8601",
            "0",
            "America/St_Johns",
            "WIN1252",
        ),
    ] {
        db.sql(&format!(
            "ALTER DATABASE {name} SET DateStyle TO '{datestyle}';
             ALTER DATABASE {name} SET IntervalStyle TO {intervalstyle};
             ALTER DATABASE {name} SET extra_float_digits TO {digits};
             ALTER DATABASE {name} SET bytea_output TO escape;
             ALTER DATABASE {name} SET TimeZone TO '{zone}';
             ALTER DATABASE {name} SET client_encoding TO '{encoding}';",
            name = db.name
        ));
    }
}

fn pg_text(s: &str) -> String {
    format!("convert_from('\\x{}'::bytea, 'UTF8')", hex(s.as_bytes()))
}

fn pg_fill() -> String {
    let tricky = pg_text(TRICKY);
    let planes = pg_text(&every_plane());
    let bytes = format!("'\\x{}'::bytea", hex(&all_bytes()));
    let bytes_rev: Vec<u8> = (0..=255u8).rev().collect();
    let bytes_rev = format!("'\\x{}'::bytea", hex(&bytes_rev));
    format!(
        r#"
INSERT INTO types (label, i2, i4, i8, num, num_fixed, f4, f8, d, tm, tmtz, ts, ts0, tstz, iv, u, bo, bt, vb, m, dom, r4, rn, rts) VALUES
('min', -32768, -2147483648, -9223372036854775808,
 ('-' || repeat('9', 600) || '.' || repeat('1', 400))::numeric, -99999999.9999,
 '-3.4028235e38', '-1.7976931348623157e308',
 '4713-01-01 BC', '00:00:00', '00:00:00+15:59', '4713-01-01 00:00:00 BC', '4713-01-01 00:00:00 BC',
 '4713-01-01 00:00:00+00 BC', '-178000000 years', '00000000-0000-0000-0000-000000000000', false,
 B'00000000', B'', 'sad', 1, 'empty', '(,)', '(,)'),
('max', 32767, 2147483647, 9223372036854775807,
 (repeat('9', 600) || '.' || repeat('1', 400))::numeric, 99999999.9999,
 '3.4028235e38', '1.7976931348623157e308',
 '5874897-12-31', '24:00:00', '24:00:00-15:59', '294276-12-31 23:59:59.999999', '294276-12-31 23:59:59',
 '294276-12-31 23:59:59.999999+00', '178000000 years 11 mons 2147483647 days 2562047788:00:54.775807',
 'ffffffff-ffff-ffff-ffff-ffffffffffff', true,
 B'11111111', repeat('10', 500)::varbit, 'we''ird "label" ✓', 2147483647,
 '[-2147483648,2147483647)', '[-1e-30,1e30]', '[2000-01-01 00:00:00+00,infinity)'),
('nan', 0, 0, 0, 'NaN', 0, 'NaN', 'NaN', 'infinity', '12:34:56.789012', '12:34:56.789012+05:30',
 'infinity', '-infinity', 'infinity', '1 year 2 mons -3 days 04:05:06.789012',
 '0123e567-89ab-cdef-0123-456789abcdef', NULL, B'10100101', B'1', 'ok', 42, '(,5]', '(1.5,)', '(-infinity,infinity)'),
('infinities', 1, 1, 1, 'Infinity', 1, 'Infinity', 'Infinity', '-infinity', '23:59:59.999999', '23:59:59.999999-15:59',
 '-infinity', 'infinity', '-infinity', '-1 mons +1 days -00:00:00.000001',
 NULL, NULL, NULL, NULL, NULL, NULL, '[3,3]', '[0,0]', '[2000-01-01,2000-01-01]'),
('-infinities', -1, -1, -1, '-Infinity', -1, '-Infinity', '-Infinity', '2000-02-29', '00:00:00.000001', '00:00:00-00:00',
 '2000-02-29 12:00:00.000001', '1999-12-31 23:59:59', '1969-12-31 23:59:59.999999+14', '-2147483648 days -2147483648 mons',
 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
('-0', 0, 0, 0, '-0.000', '-0.0000', '-0', '-0', '0001-01-01', NULL, NULL,
 '0001-01-01 00:00:00 BC', NULL, '0001-01-01 00:00:00+00 BC', '0', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
('tiny', 0, 0, 0, ('0.' || repeat('0', 999) || '1')::numeric, 0.0001, '1.4e-45', '5e-324',
 NULL, NULL, NULL, NULL, NULL, NULL, '00:00:00.000001', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
('precise', 0, 0, 0, ('1' || repeat('0', 999))::numeric, 1234.5678, '0.1', '0.1',
 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
('precise 2', 0, 0, 0, '0.1000000000000000000000000000000000000000', -0.0001, '1.17549435e-38', '2.2250738585072014e-308',
 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
('precise 3', 0, 0, 0, '3.141592653589793238462643383279502884197', 0, '16777217', '9007199254740993',
 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO types (label, t, c5, vc, b, j, jb, ai, at, a2, am, pr, ip, ci, mac, mac8, tsv, tsq, mr, x, pt) VALUES
('text', {tricky}, 'ab  ', 'trail  ', {bytes},
 '{{"a" :1,  "a": 2, "b":[1, 2 ,3],
   "s":"\u00e9\n\"\u0000", "n": 1.0E+2 }}',
 '{{"b": [1, 2.50, null, true, 1e400], "a": {{"é": "😀\n\u00e9"}}, "a": -0}}',
 '{{1,NULL,-2147483648}}',
 ARRAY['a b', 'NULL', NULL, 'q"uote', 'back\slash', '', '{{}}', ',', E'new\nline\ttab', 'é😀'],
 '{{{{1,2}},{{3,NULL}}}}', ARRAY['sad', NULL, 'we''ird "label" ✓']::mood[],
 ROW(1, 'x,"y"\ (z)'), '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', '08:00:2b:ff:fe:01:02:03',
 $tsv$'a':1A 'fat cat':2B,3C 'it''s' 'back\\slash':4 'é😀'$tsv$,
 $tsq$'fat' & ( 'rat' | !'cat' ) <-> 'x':*AB$tsq$,
 '{{[1,3), [5,7)}}',
 '<a b="c &amp; d">text &lt; <!-- comment --><![CDATA[ raw <> ]]>  spaced  <e/></a>', '(1.5,-0)'),
('planes', {planes}, '', '', {bytes_rev},
 '"\ud83d\ude00 \u0041"', '"\ud83d\ude00 \u0041"',
 '[0:1]={{7,8}}', '{{}}', '{{{{{{1,2}}}},{{{{3,4}}}}}}', '{{}}',
 ROW(NULL, NULL), '::ffff:1.2.3.4', '2001:db8::/32', 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00:00:00',
 '', '', '{{}}', '<r a="1">é<!-- c --></r>', '(-1e+308,5e-324)'),
('empty', '', '', '', '\x', '{{}}', '[]', '{{}}', ARRAY[]::text[], '{{}}', NULL,
 NULL, '2001:db8::8a2e:370:7334/64', '0.0.0.0/0', NULL, NULL, NULL, NULL, NULL, '', NULL),
('copy escapes', E'\\N', '\N', E'\\.', '\x5c4e', 'null', 'null', NULL, ARRAY['\N', E'\\.', 'NULL'], NULL, NULL,
 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

UPDATE types SET ch1 = 'a', nm = repeat('é', 31) WHERE label = 'text';
UPDATE types SET ch1 = '\200', nm = 'select "x"' WHERE label = 'planes';
UPDATE types SET ch1 = '', nm = '' WHERE label = 'empty';

INSERT INTO types (label) VALUES ('nulls');
-- A deleted last row leaves the sequence above max(id).
INSERT INTO types (label) VALUES ('deleted');
DELETE FROM types WHERE label = 'deleted';

INSERT INTO ident (v) VALUES ('one'), ('two'), ('three');
DELETE FROM ident WHERE v = 'three';
"#
    )
}

/// PostgreSQL: every type at its extremes comes back exactly, whatever the session defaults.
#[test]
fn postgres_values_round_trip_exactly() {
    let Some(rt) = round_trip_with(Kind::Postgres, PG_SCHEMA, &pg_fill(), pg_hostile_defaults)
    else {
        return;
    };
    let mut problems = rt.compare_cells("types", "label", PG_COLUMNS, pg_render);
    problems.extend(rt.compare_cells("ident", "v", &["id", "v"], pg_render));
    if problems.is_empty() {
        problems.extend(rt.compare(
            "whole table",
            "SELECT * FROM types ORDER BY id; SELECT * FROM ident ORDER BY id",
        ));
    }
    problems.extend(rt.check_not_dumped("types", &["t_bytes"]));
    problems.extend(rt.check_counter(
        "types",
        "id",
        "INSERT INTO types (label) VALUES ('after restore')",
    ));
    problems.extend(rt.check_counter(
        "ident",
        "id",
        "INSERT INTO ident (v) VALUES ('after restore')",
    ));
    assert_clean(Kind::Postgres, &problems);
}

// ---------------------------------------------------------------- MariaDB

const MY_SCHEMA: &str = r#"
CREATE TABLE types (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  label VARCHAR(40) NOT NULL UNIQUE,
  ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,
  mi MEDIUMINT, miu MEDIUMINT UNSIGNED, ii INT, iiu INT UNSIGNED,
  bi BIGINT, biu BIGINT UNSIGNED,
  dec65 DECIMAL(65,30), fl FLOAT, db DOUBLE,
  b1 BIT(1), b64 BIT(64),
  bin BINARY(255), vbin VARBINARY(300), bl BLOB,
  ch CHAR(10), vc VARCHAR(20), tx TEXT, l1 VARCHAR(20) CHARACTER SET latin1,
  en ENUM('a', 'b c', 'we''ird "x"', 'é✓'), st SET('x', 'y', 'z'),
  d DATE, dt DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, tm TIME(6), yr YEAR,
  js JSON, g GEOMETRY,
  gen_p BIGINT AS (ii + 1) PERSISTENT,
  gen_v VARCHAR(50) AS (CONCAT(label, '!')) VIRTUAL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
"#;

const MY_COLUMNS: &[&str] = &[
    "id", "ti", "tiu", "si", "siu", "mi", "miu", "ii", "iiu", "bi", "biu", "dec65", "fl", "db",
    "b1", "b64", "bin", "vbin", "bl", "ch", "vc", "tx", "l1", "en", "st", "d", "dt", "ts", "tm",
    "yr", "js", "g", "gen_p", "gen_v",
];

/// MariaDB rendering of a cell: numbers and temporals as text, binaries and BIT in hex,
/// strings as text and hex (charset changes show), TIMESTAMP also as epoch, geometry
/// as WKT, SRID and internal bytes.
fn my_render(c: &str) -> String {
    let r = match c {
        // ATAN2(x, -1) is -pi for -0.
        "fl" => format!("CONCAT(CAST({c} AS CHAR), ' ', CAST({c} AS DOUBLE), ' ', ATAN2({c}, -1))"),
        "db" => format!("CONCAT(CAST({c} AS CHAR), ' ', ATAN2({c}, -1))"),
        "b1" | "b64" | "bin" | "vbin" | "bl" => format!("HEX({c})"),
        "ch" | "vc" | "tx" | "l1" | "js" => format!("CONCAT({c}, ' ', HEX({c}))"),
        "en" | "st" => format!("CONCAT({c}, ' ', {c} + 0)"),
        "ts" => format!("CONCAT(CAST({c} AS CHAR), ' ', UNIX_TIMESTAMP({c}))"),
        "g" => format!("CONCAT(ST_AsText({c}), ' srid=', ST_SRID({c}), ' ', HEX({c}))"),
        _ => format!("CAST({c} AS CHAR)"),
    };
    format!("IFNULL({r}, 'NULL')")
}

fn my_text(s: &str) -> String {
    format!("CONVERT(X'{}' USING utf8mb4)", hex(s.as_bytes()))
}

fn my_fill() -> String {
    let tricky = my_text(&format!("{TRICKY} nul:\0:"));
    let planes = my_text(&every_plane());
    let all = hex(&all_bytes());
    let low255 = hex(&(0..=254u8).collect::<Vec<_>>());
    let high255 = hex(&(1..=255u8).rev().collect::<Vec<_>>());
    let rev = hex(&(0..=255u8).rev().collect::<Vec<_>>());
    format!(
        r#"
SET SESSION sql_mode = 'STRICT_ALL_TABLES';
SET time_zone = '+00:00';
INSERT INTO types (label, ti, tiu, si, siu, mi, miu, ii, iiu, bi, biu, dec65, fl, db, b1, b64,
                   d, dt, ts, tm, yr, en, st) VALUES
('min', -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,
 '-99999999999999999999999999999999999.999999999999999999999999999999',
 -3.402823466e38, -1.7976931348623157e308, b'0', b'0',
 '1000-01-01', '1000-01-01 00:00:00.000000', '1970-01-01 00:00:01.000000', '-838:59:59.999999', 1901,
 'a', ''),
('max', 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,
 '99999999999999999999999999999999999.999999999999999999999999999999',
 3.402823466e38, 1.7976931348623157e308, b'1', x'FFFFFFFFFFFFFFFF',
 '9999-12-31', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', '838:59:59.999999', 2155,
 'é✓', 'x,y,z'),
('zero', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
 '0.000000000000000000000000000000', 0, 0, b'0', x'8000000000000000',
 '0000-00-00', '0000-00-00 00:00:00.000000', '0000-00-00 00:00:00.000000', '00:00:00', 0,
 'b c', 'x,z'),
('zero parts', -1, 1, -1, 1, -1, 1, -1, 1, -1, 1,
 '0.000000000000000000000000000001', 1.17549435e-38, 2.2250738585072014e-308, NULL, x'0000000000000001',
 '2020-00-00', '2020-02-00 12:34:56.000001', '2000-01-01 00:00:00.5', '-00:00:00.000001', 2000,
 'we''ird "x"', 'y'),
('fractions', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
 '-0.000000000000000000000000000001', 0.1, 0.1, NULL, NULL,
 '0001-01-01', '2020-02-29 23:59:59.999999', '1999-12-31 23:59:59.999999', '-12:00:00.5', NULL,
 NULL, NULL),
('tiny floats', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
 '12345678901234567890123456789012345.123456789012345678901234567890', 1.401298464e-45, 4.9406564584124654e-324, NULL, NULL,
 NULL, NULL, NULL, '-500:00:00', NULL, NULL, NULL),
('negative zero', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
 NULL, -0e0, -0e0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
('precise', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
 NULL, 16777217, 9007199254740993, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
('precise 2', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
 NULL, 3.14159265358979, 0.30000000000000004, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO types (label, bin, vbin, bl, ch, vc, tx, l1, js, g) VALUES
('bytes', X'{low255}', X'{all}', X'{all}{rev}', 'a  ', 'trail  ', {tricky}, 'café ÿ ¤',
 '{{"a" :1,  "a": 2, "b":[1, 2 ,3],
   "s":"\\u00e9\\n\\"", "n": 1.0E+2 }}', ST_GeomFromText('POINT(1 -0)')),
('bytes 2', X'{high255}', X'00', X'', ' lead', '', {planes}, '', '"\\ud83d\\ude00 \\u0041"',
 ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,2 1,2 2,1 1))')),
('bytes 3', 'ab', X'', X'00', '', '   ', '', NULL, '[]', ST_GeomFromText('POINT(1.5 2.25)', 4326)),
('bytes 4', X'', NULL, NULL, NULL, 'NULL', 'NULL', 'NULL', 'null',
 ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(0 0,1 1e300))')),
('bytes 5', NULL, X'5c4e', X'5c30', '\\N', '\\0', '\\', '\\', '"\\\\"', ST_GeomFromText('MULTIPOINT(0 0,1 1)', 3857));

INSERT INTO types (label) VALUES ('nulls');
-- A deleted last row leaves the counter above max(id).
INSERT INTO types (label) VALUES ('deleted');
DELETE FROM types WHERE label = 'deleted';
"#
    )
}

/// MariaDB: every column type at its extremes (zero dates, every byte, GEOMETRY) survives.
#[test]
fn mariadb_values_round_trip_exactly() {
    let Some(rt) = round_trip(Kind::Mysql, MY_SCHEMA, &my_fill()) else {
        return;
    };
    let mut problems = rt.compare_cells("types", "label", MY_COLUMNS, my_render);
    if problems.is_empty() {
        problems.extend(rt.compare("whole table", "SELECT * FROM types ORDER BY id"));
    }
    problems.extend(rt.check_not_dumped("types", &["gen_p", "gen_v"]));
    problems.extend(rt.check_counter(
        "types",
        "id",
        "INSERT INTO types (label) VALUES ('after restore')",
    ));
    assert_clean(Kind::Mysql, &problems);
}

// ---------------------------------------------------------------- SQLite

const SQLITE_SCHEMA: &str = r#"
CREATE TABLE types (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL UNIQUE,
    c_int INTEGER,
    c_real REAL,
    c_text TEXT,
    c_blob BLOB,
    c_numeric NUMERIC,
    c_none,
    c_varchar VARCHAR(5),
    c_bool BOOLEAN,
    c_datetime DATETIME,
    c_odd "WEIRD TYPE(1, 2)",
    g_virtual TEXT GENERATED ALWAYS AS (typeof(c_none) || ':' || length(c_text)) VIRTUAL,
    g_stored INTEGER GENERATED ALWAYS AS (id * 10) STORED
);
CREATE TABLE any_strict (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    v ANY
) STRICT;
"#;

const SQLITE_COLUMNS: &[&str] = &[
    "id",
    "c_int",
    "c_real",
    "c_text",
    "c_blob",
    "c_numeric",
    "c_none",
    "c_varchar",
    "c_bool",
    "c_datetime",
    "c_odd",
    "g_virtual",
    "g_stored",
];

/// SQLite rendering of a cell: storage class, then hex for text and blobs (NUL
/// included) and `quote()` (round-trip exact) for numbers.
fn sqlite_render(c: &str) -> String {
    format!(
        "typeof({c}) || ' ' || CASE WHEN typeof({c}) IN ('text', 'blob') THEN 'x' || hex({c}) ELSE quote({c}) END"
    )
}

/// (label, SQLite literal) for a value of each storage class and each hard case.
fn sqlite_values() -> Vec<(&'static str, String)> {
    let text = |s: &str| format!("CAST(X'{}' AS TEXT)", hex(s.as_bytes()));
    vec![
        ("null", "NULL".into()),
        ("int 0", "0".into()),
        ("int -1", "-1".into()),
        ("int min", "(-9223372036854775807 - 1)".into()),
        ("int max", "9223372036854775807".into()),
        ("real 0.1", "0.1".into()),
        ("real 1/3", "(1.0 / 3)".into()),
        ("real -0.0", "-0.0".into()),
        ("real 1.0", "1.0".into()),
        ("real 2^63", "9223372036854775808.0".into()),
        ("real inf", "9e999".into()),
        ("real -inf", "-9e999".into()),
        ("text", "'abc'".into()),
        ("text numeric", "'12'".into()),
        ("text real", "'1e5'".into()),
        ("text spaced", "' 12 '".into()),
        ("text hex-like", "'0x10'".into()),
        ("text empty", "''".into()),
        ("text quotes", "'it''s \"q\" `b` [s]'".into()),
        ("text nul", "CAST(X'61006200' AS TEXT)".into()),
        ("text only nul", "CAST(X'00' AS TEXT)".into()),
        ("text tricky", text(TRICKY)),
        ("text planes", text(&every_plane())),
        ("text invalid utf-8", "CAST(X'61FFC3EDA080' AS TEXT)".into()),
        ("blob empty", "X''".into()),
        ("blob 256", format!("X'{}'", hex(&all_bytes()))),
        ("blob text-like", "X'616263'".into()),
        ("blob nul", "X'00'".into()),
    ]
}

fn sqlite_fill() -> String {
    let mut sql = String::new();
    for (label, v) in sqlite_values() {
        sql.push_str(&format!(
            "INSERT INTO types (label, c_int, c_real, c_text, c_blob, c_numeric, c_none, c_varchar, c_bool, c_datetime, c_odd) \
             VALUES ('{label}', {v}, {v}, {v}, {v}, {v}, {v}, {v}, {v}, {v}, {v});\n\
             INSERT INTO any_strict (label, v) VALUES ('{label}', {v});\n"
        ));
    }
    sql.push_str(
        "INSERT INTO types (label) VALUES ('deleted');\nDELETE FROM types WHERE label = 'deleted';\n",
    );
    sql
}

/// SQLite: every storage class in every declared type comes back with the same class and bytes.
#[test]
fn sqlite_values_round_trip_exactly() {
    let Some(rt) = round_trip(Kind::Sqlite, SQLITE_SCHEMA, &sqlite_fill()) else {
        return;
    };
    let mut problems = rt.compare_cells("types", "label", SQLITE_COLUMNS, sqlite_render);
    problems.extend(rt.compare_cells("any_strict", "label", &["id", "v"], sqlite_render));
    if problems.is_empty() {
        problems.extend(rt.compare(
            "whole table",
            "SELECT * FROM types ORDER BY id; SELECT * FROM any_strict ORDER BY id",
        ));
    }
    problems.extend(rt.check_not_dumped("types", &["g_virtual", "g_stored"]));
    problems.extend(rt.check_counter(
        "types",
        "id",
        "INSERT INTO types (label) VALUES ('after restore')",
    ));
    assert_clean(Kind::Sqlite, &problems);
}

const SQLITE_REALS_SCHEMA: &str = "
CREATE TABLE reals (id INTEGER PRIMARY KEY, label TEXT NOT NULL, r REAL, u);
";

/// REAL literals whose exact bits must survive, from the subnormal minimum to the
/// largest double.
const SQLITE_REALS: &[&str] = &[
    "0.1",
    "5e-324",
    "-5e-324",
    "1.7976931348623157e308",
    "-1.7976931348623157e308",
    "1e-300",
    "-1e-300",
    "2.2250738585072014e-308",
    "2.225073858507201e-308",
    "1e-100",
    "1.2345678901234567e-250",
    "1e200",
    "6.02214076e23",
    "1e23",
    "3.141592653589793",
];

/// SQLite: REALs SQLite's own parser may misread (1e-300, 5e-324, max...) keep their exact bits.
#[test]
fn sqlite_reals_round_trip_exactly() {
    let fill: String = SQLITE_REALS
        .iter()
        .map(|v| format!("INSERT INTO reals (label, r, u) VALUES ('{v}', {v}, {v});\n"))
        .collect();
    let Some(rt) = round_trip(Kind::Sqlite, SQLITE_REALS_SCHEMA, &fill) else {
        return;
    };
    let mut problems = rt.compare_cells(
        "reals",
        "label",
        &["id", "r", "u"],
        // printf('%!.20e') shows digits beyond quote()'s round-trip form.
        |c| format!("{} || ' ' || printf('%!.20e', {c})", sqlite_render(c)),
    );
    problems.extend(rt.compare("whole table", "SELECT * FROM reals ORDER BY id"));
    assert_clean(Kind::Sqlite, &problems);
}

// ---------------------------------------------------------------- odd identifiers

/// Tables and columns named with quotes, backticks, spaces, comment and statement
/// starters, reserved words and non-ASCII letters, in the engine's own quoting.
fn names_schema(kind: Kind) -> String {
    let (q, id, text, int, tail) = match kind {
        Kind::Postgres => ('"', "serial PRIMARY KEY", "text", "integer", ""),
        Kind::Mysql => (
            '`',
            "INT NOT NULL AUTO_INCREMENT PRIMARY KEY",
            "TEXT",
            "INT",
            " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
        ),
        Kind::Sqlite => (
            '"',
            "INTEGER PRIMARY KEY AUTOINCREMENT",
            "TEXT",
            "INTEGER",
            "",
        ),
    };
    let n = |s: &str| quote_ident(q, s);
    let wr = if kind == Kind::Sqlite {
        " WITHOUT ROWID"
    } else {
        ""
    };
    format!(
        "CREATE TABLE {} ({} {id}, {} {text}, {} {int}, {} {text}, {} {text}, {} {text}, {} {text}, {} {text}, {} {text}, {} {text}){tail};\n\
         CREATE TABLE {} ({} {int} PRIMARY KEY, {} {text}, {} {text}){wr}{tail};\n\
         CREATE TABLE {} ({} {int} PRIMARY KEY, {} {text}, {} {text}){tail};\n",
        n(WEIRD_TABLE),
        n("id"),
        n("se\"lect"),
        n("a b"),
        n("select"),
        n("Ünïcødé"),
        n("x--y"),
        n("a/*b"),
        n("back\\slash"),
        n("semi;colon"),
        n("it's `tick`"),
        n("select"),
        n("from"),
        n("order"),
        n("group by"),
        n("Ünïcødé"),
        n("ключ"),
        n("值"),
        n("ü\"`'"),
    )
}

const WEIRD_TABLE: &str = "we\"ird ta`ble";

fn quote_ident(q: char, s: &str) -> String {
    format!("{q}{}{q}", s.replace(q, &format!("{q}{q}")))
}

fn names_fill(kind: Kind) -> String {
    let q = if kind == Kind::Mysql { '`' } else { '"' };
    let n = |s: &str| quote_ident(q, s);
    // Backslashes are escapes in MariaDB string literals, plain characters elsewhere.
    let bs = if kind == Kind::Mysql { "\\\\" } else { "\\" };
    let w = n(WEIRD_TABLE);
    let mut sql = String::new();
    for i in 1..=3 {
        sql.push_str(&format!(
            "INSERT INTO {w} ({}, {}, {}, {}, {}, {}, {}, {}, {}) VALUES \
             ('v{i} \"dq\"', {i}, 'select {i}', 'Ünï {i} 😀', '-- {i}', '/* {i} */', 'b{bs}s {i}', '; {i}', 'it''s `{i}`');\n",
            n("se\"lect"),
            n("a b"),
            n("select"),
            n("Ünïcødé"),
            n("x--y"),
            n("a/*b"),
            n("back\\slash"),
            n("semi;colon"),
            n("it's `tick`"),
        ));
        sql.push_str(&format!(
            "INSERT INTO {} VALUES ({i}, 'order {i}', 'group {i}');\n\
             INSERT INTO {} VALUES ({i}, '值 {i}', 'ü {i}');\n",
            n("select"),
            n("Ünïcødé"),
        ));
    }
    sql.push_str(&format!(
        "INSERT INTO {w} ({}) VALUES ('deleted');\nDELETE FROM {w} WHERE {} = 'deleted';\n",
        n("se\"lect"),
        n("se\"lect"),
    ));
    sql
}

/// Whole rows of the three tables through the engine's client (`to_json` of the row on
/// PostgreSQL, so column names are compared too).
fn names_query(kind: Kind) -> String {
    let q = if kind == Kind::Mysql { '`' } else { '"' };
    let n = |s: &str| quote_ident(q, s);
    let tables = [(WEIRD_TABLE, "id"), ("select", "from"), ("Ünïcødé", "ключ")];
    tables
        .iter()
        .map(|(t, k)| match kind {
            Kind::Postgres => format!(
                "SELECT {k}, to_json(t)::text FROM {} t ORDER BY 1;\n",
                n(t),
                k = n(k)
            ),
            _ => format!("SELECT * FROM {} ORDER BY {};\n", n(t), n(k)),
        })
        .collect()
}

fn names_round_trip(kind: Kind) {
    let Some(rt) = round_trip(kind, &names_schema(kind), &names_fill(kind)) else {
        return;
    };
    let mut problems: Vec<String> = rt
        .compare("odd identifiers", &names_query(kind))
        .into_iter()
        .collect();
    let restored = rt.dst.sql(&names_query(kind));
    if restored.lines().count() != 9 {
        problems.push(format!(
            "{kind:?}: expected 9 restored rows, got:\n{restored}"
        ));
    }
    let q = if kind == Kind::Mysql { '`' } else { '"' };
    let w = quote_ident(q, WEIRD_TABLE);
    let col = quote_ident(q, "se\"lect");
    problems.extend(rt.check_counter(
        &w,
        &quote_ident(q, "id"),
        &format!("INSERT INTO {w} ({col}) VALUES ('after restore')"),
    ));
    assert_clean(kind, &problems);
}

/// PostgreSQL: tables/columns named with quotes, spaces, reserved words, non-ASCII come back.
#[test]
fn postgres_odd_identifiers_round_trip() {
    names_round_trip(Kind::Postgres);
}

/// MariaDB: tables/columns named with backticks, quotes, reserved words, non-ASCII come back.
#[test]
fn mariadb_odd_identifiers_round_trip() {
    names_round_trip(Kind::Mysql);
}

/// SQLite: tables/columns named with quotes, backticks, reserved words, non-ASCII come back.
#[test]
fn sqlite_odd_identifiers_round_trip() {
    names_round_trip(Kind::Sqlite);
}
