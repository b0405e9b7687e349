//! The real-world corpus: migration chains that public projects ship in their packages
//! (Roundcube, Tiny Tiny RSS, Synapse, Graphile Worker), obtained at test time by
//! `tests/real_world/fetch.sh` and never committed. docs/compatibility.md lists them and
//! the constructs each one exercises.
//!
//! Every chain runs on every engine it ships SQL for, in its own test so that the
//! engines and projects run in parallel:
//!
//! - `migrate` applies the chain; the engine's own client applies the same files in the
//!   same order to a second database; the schema dumps of both are equal, and so are
//!   their shapes as dbshape reads them (`shape diff`), and `validate` passes;
//! - rows generated from the catalog survive `backup`, `verify` and `restore --shape`
//!   table by table; rows written at the first version survive `restore --shape
//!   --upgrade` exactly as an in-place `migrate` of the source upgrades them;
//! - a statement made to fail in the middle of a late version keeps what the contract
//!   says (nothing on PostgreSQL and SQLite, the journal on MySQL), and the re-run after
//!   the fix ends in the schema of an uninterrupted run.
//!
//! A chain that needs what dbshape cannot do fails here with dbshape's own message (it
//! names the version, file, statement and database error). Files a project runs that
//! are not SQL at all (Synapse's Python deltas) are printed from the chain's UNSUPPORTED
//! list.
//!
//! Without `CI`, a machine that cannot download the packages or reach a server skips
//! with the reason printed; with `CI=true` both are failures.

mod common;

use common::{Kind, TestDb};
use dbshape::dialect::Dialect;
use dbshape::migrate::splitter;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The laid-out corpus, fetched once per test process (fetch.sh also takes a file lock,
/// for test processes that run at the same time).
fn corpus() -> Option<PathBuf> {
    static CORPUS: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let got = CORPUS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = root.join("target/real-world");
        let run = Command::new("bash")
            .arg(root.join("tests/real_world/fetch.sh"))
            .arg(&out)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run tests/real_world/fetch.sh: {e}"))?;
        if run.status.success() {
            Ok(out)
        } else {
            Err(format!(
                "tests/real_world/fetch.sh failed:\n{}",
                String::from_utf8_lossy(&run.stderr)
            ))
        }
    });
    match got {
        Ok(p) => Some(p.clone()),
        Err(e) if std::env::var_os("CI").is_some() => panic!("{e}"),
        Err(e) => {
            eprintln!("skipping: {e}");
            None
        }
    }
}

/// One project's chain as seen by one engine.
struct Chain {
    dir: PathBuf,
    kind: Kind,
    /// Every version of the set, in dbshape's order.
    versions: Vec<String>,
}

fn version_key(v: &str) -> Vec<u64> {
    v.split('.')
        .map(|c| c.parse().unwrap_or(u64::MAX))
        .collect()
}

fn version_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (version_key(a), version_key(b));
    let n = a.len().max(b.len());
    (0..n)
        .map(|i| {
            a.get(i)
                .copied()
                .unwrap_or(0)
                .cmp(&b.get(i).copied().unwrap_or(0))
        })
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}

impl Chain {
    fn load(corpus: &Path, project: &str, kind: Kind) -> Chain {
        let dir = corpus.join(project);
        let mut versions: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap())
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        versions.sort_by(|a, b| version_cmp(a, b));
        assert!(!versions.is_empty(), "{project}: no versions laid out");
        if let Ok(list) = std::fs::read_to_string(dir.join("UNSUPPORTED")) {
            for line in list.lines().filter(|l| !l.is_empty()) {
                let f: Vec<&str> = line.split('\t').collect();
                eprintln!(
                    "{project}: not run by dbshape (nor by the client): version {} {}: {}",
                    f[0],
                    f.get(1).unwrap_or(&""),
                    f.get(2).unwrap_or(&"")
                );
            }
        }
        Chain {
            dir,
            kind,
            versions,
        }
    }

    /// The file of a version for this engine, if it has one.
    fn file(&self, version: &str) -> Option<PathBuf> {
        let f = self
            .dir
            .join(version)
            .join(self.kind.dialect())
            .join("schemaChanges.sql");
        f.is_file().then_some(f)
    }

    /// The versions with a file for this engine.
    fn own_versions(&self) -> Vec<String> {
        self.versions
            .iter()
            .filter(|v| self.file(v).is_some())
            .cloned()
            .collect()
    }
}

// ---------------------------------------------------------------------------------
// The engines' own clients.

/// Runs a script with the engine's own client on `db`, stopping at the first error or
/// going on past errors (to insert what can be inserted).
fn client(db: &TestDb, script: &str, stop_on_error: bool) -> Output {
    let mut cmd = match db.kind {
        Kind::Postgres => {
            let mut c = Command::new("psql");
            c.args(["-h", "127.0.0.1", "-U", "postgres", "-d", &db.name])
                .args(["-X", "-Atq", "-F", "\t"]);
            if stop_on_error {
                c.args(["-v", "ON_ERROR_STOP=1"]);
            }
            c
        }
        Kind::Mysql => {
            let mut c = Command::new("mariadb");
            c.args(["-h", "127.0.0.1", "-u", "root"])
                .args(["--default-character-set=utf8mb4", "-N", "-B"])
                .arg("--binary-as-hex");
            if !stop_on_error {
                c.arg("--force");
            }
            c.arg(&db.name);
            c
        }
        Kind::Sqlite => {
            let mut c = Command::new("sqlite3");
            if stop_on_error {
                c.arg("-bail");
            }
            c.args(["-separator", "\t"])
                .arg(db.dir.path().join("test.db"));
            c
        }
    };
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the engine's client");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(script.as_bytes()).unwrap();
    }
    child
        .wait_with_output()
        .expect("wait for the engine's client")
}

fn client_ok(db: &TestDb, script: &str) -> String {
    let out = client(db, script, true);
    assert!(
        out.status.success(),
        "{:?} client failed: {}\nscript:\n{}",
        db.kind,
        String::from_utf8_lossy(&out.stderr),
        script.chars().take(2000).collect::<String>()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Applies the given versions' files with the engine's own client, in order, as an
/// operator would (`psql -v ON_ERROR_STOP=1`, `mariadb db < f`, `sqlite3 -bail`).
fn native_apply(chain: &Chain, db: &TestDb, versions: &[String]) {
    let mut script = String::new();
    for v in versions {
        let Some(f) = chain.file(v) else { continue };
        let f = f.display();
        match db.kind {
            // Each file in a transaction of its own, as the projects' own migrators run
            // them (Graphile Worker's LOCK TABLE needs one); a file's own BEGIN/COMMIT
            // (Tiny Tiny RSS) only draws a warning.
            Kind::Postgres => script.push_str(&format!("BEGIN;\n\\i '{f}'\nCOMMIT;\n")),
            Kind::Mysql => script.push_str(&format!("source {f}\n")),
            Kind::Sqlite => script.push_str(&format!(".read '{f}'\n")),
        }
    }
    script.push_str("SELECT 1;\n");
    client_ok(db, &script);
}

/// dbshape's own tables, left out of every comparison.
fn is_dbshape(table: &str) -> bool {
    table.starts_with("dbshape_")
}

/// The engine's own dump of the schema, dbshape's tables left out. Only what differs
/// between two equal schemas is normalised: auto-increment counters (MariaDB prints
/// the next value), pg_dump's version lines and its per-run `\\restrict` key.
fn schema_dump(db: &TestDb) -> String {
    match db.kind {
        Kind::Postgres => {
            let out = Command::new("pg_dump")
                .args(["-h", "127.0.0.1", "-U", "postgres", "--schema-only"])
                .args(["--no-owner", "--no-privileges", "-T", "public.dbshape_*"])
                .arg(&db.name)
                .output()
                .expect("run pg_dump");
            assert!(
                out.status.success(),
                "pg_dump: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout)
                .lines()
                // Version lines, and the random key of `\restrict` (pg_dump 15.14 on).
                .filter(|l| {
                    !l.starts_with("-- Dumped")
                        && !l.starts_with("\\restrict ")
                        && !l.starts_with("\\unrestrict ")
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        Kind::Mysql => {
            let own = client_ok(
                db,
                "SELECT table_name FROM information_schema.tables \
                 WHERE table_schema = DATABASE() AND table_name LIKE 'dbshape\\_%';",
            );
            let mut c = Command::new("mariadb-dump");
            c.args(["-h", "127.0.0.1", "-u", "root", "--no-data", "--skip-comments"])
                .args(["--skip-dump-date", "--routines", "--triggers", "--events"])
                .arg(&db.name);
            for t in own.lines().filter(|l| !l.is_empty()) {
                c.arg(format!("--ignore-table={}.{t}", db.name));
            }
            let out = c.output().expect("run mariadb-dump");
            assert!(
                out.status.success(),
                "mariadb-dump: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(strip_auto_increment)
                .collect::<Vec<_>>()
                .join("\n")
        }
        Kind::Sqlite => client_ok(
            db,
            "SELECT type, name, tbl_name, sql FROM sqlite_master \
             WHERE name NOT LIKE 'dbshape\\_%' ESCAPE '\\' AND tbl_name NOT LIKE 'dbshape\\_%' ESCAPE '\\' \
             AND name <> 'sqlite_sequence' ORDER BY type, name;",
        ),
    }
}

/// `) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT ...` without the counter.
fn strip_auto_increment(line: &str) -> String {
    match line.find(" AUTO_INCREMENT=") {
        Some(i) if line.starts_with(')') => {
            let rest = &line[i + " AUTO_INCREMENT=".len()..];
            let end = rest.find(' ').unwrap_or(rest.len());
            format!("{}{}", &line[..i], &rest[end..])
        }
        _ => line.to_string(),
    }
}

thread_local! {
    /// The differences found so far by this test: a chain goes on to its next check
    /// after a difference, so that one run shows all of them.
    static DIFFERENCES: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Records the lines only one side has when two texts differ (see [`DIFFERENCES`]).
fn assert_same(what: &str, left: &str, right: &str) {
    if left == right {
        return;
    }
    let l: Vec<&str> = left.lines().collect();
    let r: Vec<&str> = right.lines().collect();
    let only_l: Vec<&str> = l.iter().filter(|x| !r.contains(x)).copied().collect();
    let only_r: Vec<&str> = r.iter().filter(|x| !l.contains(x)).copied().collect();
    let show = |v: &[&str]| {
        v.iter()
            .take(40)
            .map(|x| format!("  {x}\n"))
            .collect::<String>()
    };
    let msg = format!(
        "{what} differ\n--- only in the first ({} lines):\n{}--- only in the second ({} lines):\n{}",
        only_l.len(),
        show(&only_l),
        only_r.len(),
        show(&only_r)
    );
    eprintln!("{msg}");
    DIFFERENCES.with(|d| d.borrow_mut().push(msg));
}

/// Records what `dbshape shape diff` finds between `expected` and `found` (the shape of
/// each from its catalog, see docs/shape.md), as [`assert_same`] does for dumps.
fn assert_same_shape(what: &str, expected: &TestDb, found: &TestDb) {
    let diff = ["shape", "diff", &expected.url, &found.url];
    assert_exit_0(
        &format!("{what}: shape diff"),
        &dbshape(expected, None, &diff),
    );
}

/// Records a `validate` (change log and shape) that does not exit 0.
fn assert_valid(what: &str, db: &TestDb, migrations: Option<&Path>) {
    let run = dbshape(db, migrations, &["validate"]);
    assert_exit_0(&format!("{what}: validate"), &run);
}

/// Records a run that did not exit 0, with what it printed (see [`DIFFERENCES`]).
fn assert_exit_0(what: &str, run: &common::Run) {
    if run.code == 0 {
        return;
    }
    let msg = format!("{what} exited {}\n{}{}", run.code, run.stdout, run.stderr);
    eprintln!("{msg}");
    DIFFERENCES.with(|d| d.borrow_mut().push(msg));
}

// ---------------------------------------------------------------------------------
// Rows generated from the catalog.

/// One column as the catalog describes it.
struct Column {
    table: String,
    name: String,
    /// `data_type` (lower case), e.g. `character varying`, `int`, `blob`.
    data_type: String,
    /// The full type: PostgreSQL `udt_schema.udt_name`, MySQL `column_type`.
    full_type: String,
    nullable: bool,
    /// Filled by the engine: identity, serial, auto-increment, rowid alias, generated.
    auto: bool,
    max_len: usize,
}

fn quote_ident(kind: Kind, name: &str) -> String {
    match kind {
        Kind::Mysql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// A table name as SQL: PostgreSQL names are `schema.table`.
fn table_sql(kind: Kind, table: &str) -> String {
    match (kind, table.split_once('.')) {
        (Kind::Postgres, Some((s, t))) => {
            format!("{}.{}", quote_ident(kind, s), quote_ident(kind, t))
        }
        _ => quote_ident(kind, table),
    }
}

fn string_lit(kind: Kind, s: &str) -> String {
    let s = s.replace('\'', "''");
    match kind {
        // MariaDB reads backslash escapes in string literals (unless NO_BACKSLASH_ESCAPES).
        Kind::Mysql => format!("'{}'", s.replace('\\', "\\\\")),
        _ => format!("'{s}'"),
    }
}

/// The user tables' columns (dbshape's tables, views, virtual tables and their shadow
/// tables left out).
fn columns(db: &TestDb) -> Vec<Column> {
    let q = match db.kind {
        Kind::Postgres => {
            "SELECT c.table_schema || '.' || c.table_name, c.column_name, lower(c.data_type), \
             c.udt_schema || '.' || c.udt_name, c.is_nullable, \
             (c.is_identity = 'YES' OR c.is_generated = 'ALWAYS' OR coalesce(c.column_default, '') LIKE 'nextval(%')::int, \
             coalesce(c.character_maximum_length, 0) \
             FROM information_schema.columns c JOIN information_schema.tables t \
             ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
             WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema') \
             AND NOT (c.table_schema = 'public' AND c.table_name LIKE 'dbshape\\_%') \
             ORDER BY 1, c.ordinal_position;"
        }
        Kind::Mysql => {
            "SELECT c.table_name, c.column_name, lower(c.data_type), c.column_type, c.is_nullable, \
             (c.extra LIKE '%auto_increment%' OR c.extra LIKE '%GENERATED%'), \
             coalesce(c.character_maximum_length, 0) \
             FROM information_schema.columns c JOIN information_schema.tables t \
             ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
             WHERE c.table_schema = DATABASE() AND t.table_type = 'BASE TABLE' \
             AND c.table_name NOT LIKE 'dbshape\\_%' ORDER BY 1, c.ordinal_position;"
        }
        Kind::Sqlite => {
            "SELECT m.name, p.name, lower(p.type), lower(p.type), \
             CASE WHEN p.\"notnull\" THEN 'NO' ELSE 'YES' END, \
             (p.hidden IN (2, 3) OR (p.pk = 1 AND lower(p.type) = 'integer' \
               AND (SELECT count(*) FROM pragma_table_info(m.name) WHERE pk > 0) = 1)), 0 \
             FROM sqlite_master m, pragma_table_xinfo(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
             AND m.name NOT LIKE 'dbshape\\_%' ESCAPE '\\' AND m.sql NOT LIKE 'CREATE VIRTUAL%' \
             AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL%' \
               AND m.name LIKE v.name || '\\_%' ESCAPE '\\') \
             ORDER BY m.name, p.cid;"
        }
    };
    client_ok(db, q)
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Column {
                table: f[0].to_string(),
                name: f[1].to_string(),
                data_type: f[2].to_string(),
                full_type: f[3].to_string(),
                nullable: f[4] == "YES",
                auto: f[5] == "1" || f[5] == "t",
                max_len: f[6].parse().unwrap_or(0),
            }
        })
        .collect()
}

/// Rows per generated table: plain text, unicode, quotes and backslashes and a tab,
/// and NULL in every nullable column.
const ROWS: usize = 4;

/// A literal for row `i` of a column, chosen by its type. The same row of two columns
/// of one type gets the same value, so that a foreign key to a row generated in the
/// parent table often holds.
fn value(kind: Kind, c: &Column, i: usize) -> String {
    let t = c.data_type.as_str();
    if i == 3 && c.nullable {
        return "NULL".into();
    }
    let n = i + 1;
    if kind == Kind::Postgres && t == "array" {
        return "'{}'".into();
    }
    if kind == Kind::Postgres && t == "user-defined" {
        // Enums get their first label; other user types fail and leave the table out.
        return format!("(enum_range(NULL::{}))[1]", c.full_type);
    }
    if kind == Kind::Mysql && (t == "enum" || t == "set") {
        let first = c.full_type.split('\'').nth(1).unwrap_or("");
        return string_lit(kind, first);
    }
    if t.contains("bool") {
        return if kind == Kind::Sqlite {
            (i % 2).to_string()
        } else {
            ["true", "false"][i % 2].to_string()
        };
    }
    if t.contains("int") || t.contains("serial") || t == "bit" {
        return if t == "bit" {
            format!("b'{}'", i % 2)
        } else {
            n.to_string()
        };
    }
    if ["numeric", "decimal", "real", "double", "float"]
        .iter()
        .any(|x| t.contains(x))
    {
        return format!("{n}.5");
    }
    if t.contains("bytea") || t.contains("blob") || t.contains("binary") {
        let hex = format!("00ff275c0a{n:02x}");
        return match kind {
            Kind::Postgres => format!("'\\x{hex}'::bytea"),
            _ => format!("X'{hex}'"),
        };
    }
    if t.contains("json") {
        return string_lit(kind, &format!("{{\"k\": \"ü q'uo\\\"te\", \"n\": {n}}}"));
    }
    if t == "uuid" {
        return format!("'{n:08x}-0000-4000-8000-{n:012x}'");
    }
    if t.starts_with("timestamp") || t == "datetime" {
        return format!("'2024-01-0{n} 12:34:56'");
    }
    if t == "date" {
        return format!("'2024-01-0{n}'");
    }
    if t.starts_with("time") {
        return format!("'12:34:5{n}'");
    }
    if t == "year" {
        return (2020 + n).to_string();
    }
    if t == "interval" {
        return format!("'{n} days'");
    }
    if t == "inet" || t == "cidr" {
        return format!("'10.0.0.{n}'");
    }
    let body = match i {
        0 => "plain text".to_string(),
        1 => "ünïcødé ✓ 日本語 ñ".to_string(),
        _ => "q'uo\"te \\back\\slash\ttab".to_string(),
    };
    let mut s = format!("{n}{body}");
    if c.max_len > 0 {
        s = s.chars().take(c.max_len).collect();
    }
    string_lit(kind, &s)
}

/// Row counts of the given tables.
fn counts(db: &TestDb, tables: &[String]) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for chunk in tables.chunks(100) {
        let q = chunk
            .iter()
            .map(|t| {
                format!(
                    "SELECT {}, count(*) FROM {}",
                    string_lit(db.kind, t),
                    table_sql(db.kind, t)
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        for l in client_ok(db, &format!("{q};")).lines() {
            if let Some((t, n)) = l.split_once('\t') {
                out.insert(t.to_string(), n.trim().parse().unwrap_or(0));
            }
        }
    }
    out
}

/// Inserts generated rows into every table where the engine accepts them, retrying
/// the tables left empty so that a child table follows its parent. Returns the tables
/// that hold rows; prints those that refused every row (a CHECK, a foreign key to a
/// table left empty, a type the generator does not know).
fn generate_rows(db: &TestDb, label: &str) -> Vec<String> {
    let cols = columns(db);
    let mut by_table: BTreeMap<String, Vec<&Column>> = BTreeMap::new();
    for c in &cols {
        by_table.entry(c.table.clone()).or_default().push(c);
    }
    let tables: Vec<String> = by_table.keys().cloned().collect();
    let mut todo = tables.clone();
    for _ in 0..3 {
        let mut script = String::new();
        if db.kind == Kind::Sqlite {
            // sqlite3 checks foreign keys only when asked; dbshape's restore checks them.
            script.push_str("PRAGMA foreign_keys = ON;\n");
        }
        for t in &todo {
            let given: Vec<&&Column> = by_table[t].iter().filter(|c| !c.auto).collect();
            for i in 0..ROWS {
                let names = given
                    .iter()
                    .map(|c| quote_ident(db.kind, &c.name))
                    .collect::<Vec<_>>()
                    .join(", ");
                let values = given
                    .iter()
                    .map(|c| value(db.kind, c, i))
                    .collect::<Vec<_>>()
                    .join(", ");
                let table = table_sql(db.kind, t);
                script.push_str(&match (given.is_empty(), db.kind) {
                    (true, Kind::Mysql) => format!("INSERT INTO {table} () VALUES ();\n"),
                    (true, _) => format!("INSERT INTO {table} DEFAULT VALUES;\n"),
                    (false, _) => format!("INSERT INTO {table} ({names}) VALUES ({values});\n"),
                });
            }
        }
        client(db, &script, false);
        let n = counts(db, &tables);
        todo.retain(|t| n.get(t).copied().unwrap_or(0) == 0);
        if todo.is_empty() {
            break;
        }
    }
    let filled: Vec<String> = tables
        .iter()
        .filter(|t| !todo.contains(t))
        .cloned()
        .collect();
    eprintln!(
        "{label}: generated rows in {} of {} tables; none accepted in: {}",
        filled.len(),
        tables.len(),
        if todo.is_empty() {
            "-".to_string()
        } else {
            todo.join(", ")
        }
    );
    assert!(
        !filled.is_empty(),
        "{label}: no table accepted a generated row"
    );
    filled
}

/// Every user table (dbshape's left out), with SQLite's virtual tables.
fn all_tables(db: &TestDb) -> Vec<String> {
    let q = match db.kind {
        Kind::Postgres => {
            "SELECT table_schema || '.' || table_name FROM information_schema.tables \
             WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1;"
        }
        Kind::Mysql => {
            "SELECT table_name FROM information_schema.tables \
             WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY 1;"
        }
        Kind::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1;"
        }
    };
    client_ok(db, q)
        .lines()
        .filter(|l| !l.is_empty())
        .filter(|t| !is_dbshape(t.rsplit('.').next().unwrap_or(t)))
        .map(str::to_string)
        .collect()
}

/// The rows of a table as the engine's client prints them (binary as hex), sorted.
fn table_rows(db: &TestDb, table: &str) -> String {
    let t = table_sql(db.kind, table);
    let q = match db.kind {
        // A row as text: every column type prints, json included.
        Kind::Postgres => format!("SELECT x::text FROM {t} x;"),
        Kind::Mysql => format!("SELECT * FROM {t};"),
        Kind::Sqlite => format!(".mode quote\nSELECT * FROM {t};"),
    };
    let mut rows: Vec<String> = client_ok(db, &q).lines().map(str::to_string).collect();
    rows.sort();
    rows.join("\n")
}

/// Tables whose rows a migration writes from the clock, so two runs of the chain at two
/// moments differ there: Synapse's 88.6 (postgres) / 88.7 (sqlite)
/// `INSERT INTO scheduled_tasks ... delete_old_otks ... now()`.
const CLOCK_TABLES: &[&str] = &["public.scheduled_tasks", "scheduled_tasks"];

/// Tables whose existing rows a later migration rewrites from the clock, so they differ
/// only between an upgrade and a migration in place run at two moments (as well as
/// [`CLOCK_TABLES`]): graphile-worker's version 2 `update ... jobs` fires its
/// `_100_timestamps` trigger, `updated_at = greatest(now(), ...)`, and version 11 moves
/// those rows into `_private_jobs`.
const UPGRADE_CLOCK_TABLES: &[&str] = &[
    "public.scheduled_tasks",
    "scheduled_tasks",
    "graphile_worker._private_jobs",
];

/// Compares every table of two databases, row by row.
fn assert_same_rows(what: &str, a: &TestDb, b: &TestDb, clock: &[&str]) {
    let ta = all_tables(a);
    assert_same(
        &format!("{what}: the tables"),
        &ta.join("\n"),
        &all_tables(b).join("\n"),
    );
    for t in ta.iter().filter(|t| !clock.contains(&t.as_str())) {
        assert_same(
            &format!("{what}: rows of {t}"),
            &table_rows(a, t),
            &table_rows(b, t),
        );
    }
}

// ---------------------------------------------------------------------------------
// The suite.

/// Runs `dbshape --migrations DIR ARGS...` on `db`, killed after [`LIMIT`]: a hang is a
/// failure that names the command, not a test that never ends.
fn dbshape(db: &TestDb, migrations: Option<&Path>, args: &[&str]) -> common::Run {
    let mut c = db.cmd();
    if let Some(m) = migrations {
        c.arg("--migrations").arg(m);
    }
    c.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().expect("run dbshape");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait for dbshape").is_none() {
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let out = child.wait_with_output().expect("wait for dbshape");
            panic!(
                "dbshape {args:?} on {:?} did not finish in {} s (killed)\n--- stderr\n{}",
                db.kind,
                LIMIT.as_secs(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    common::Run::from(child.wait_with_output().expect("wait for dbshape"))
}

/// Far above what any command of the corpus takes (seconds), far below forever.
const LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

fn run_chain(project: &str, kind: Kind) {
    let Some(corpus) = corpus() else { return };
    let chain = Chain::load(&corpus, project, kind);
    let own = chain.own_versions();
    assert!(!own.is_empty(), "{project}: no file for {}", kind.dialect());
    let label = format!("{project} on {}", kind.dialect());
    let m = Some(chain.dir.as_path());

    // a. dbshape and the engine's own client shape two databases alike.
    let Some(shaped) = TestDb::new(kind) else {
        return;
    };
    dbshape(&shaped, m, &["migrate"]).expect(0);
    let native = TestDb::new(kind).unwrap();
    native_apply(&chain, &native, &chain.versions);
    let full_schema = schema_dump(&shaped);
    assert_same(
        &format!("{label}: schema by dbshape migrate and by the client"),
        &full_schema,
        &schema_dump(&native),
    );
    // The same from dbshape's own catalog reading, and the shape recorded for the run.
    assert_same_shape(
        &format!("{label}: shape by dbshape migrate and by the client"),
        &shaped,
        &native,
    );
    assert_valid(&format!("{label}: after migrate"), &shaped, m);
    drop(native);

    // b. generated rows: backup, verify, restore --shape into an empty database.
    let filled = generate_rows(&shaped, &label);
    let dump = shaped.dir.path().join("full.dump");
    let d = dump.to_str().unwrap();
    dbshape(&shaped, m, &["backup", "-o", d]).expect(0);
    dbshape(&shaped, m, &["verify", d]).expect(0);
    let restored = TestDb::new(kind).unwrap();
    dbshape(&restored, m, &["restore", d, "--shape"]).expect(0);
    assert_same(
        &format!("{label}: schema after restore --shape"),
        &full_schema,
        &schema_dump(&restored),
    );
    assert_same_rows(
        &format!("{label}: restore --shape"),
        &shaped,
        &restored,
        CLOCK_TABLES,
    );
    assert_same_shape(&format!("{label}: restore --shape"), &shaped, &restored);
    assert_valid(&format!("{label}: after restore --shape"), &restored, m);
    eprintln!(
        "{label}: {} tables with generated rows compared",
        filled.len()
    );
    drop(restored);

    // b. rows written at the first version: restore --shape --upgrade equals migrate.
    if chain.versions.len() > 1 {
        // The previous release of the server knows the set up to `first` only: its
        // backup is stamped with that version.
        let first = &chain.versions[0];
        let release = tempfile::tempdir().unwrap();
        common::copy_dir(&chain.dir.join(first), &release.path().join(first));
        let old = TestDb::new(kind).unwrap();
        dbshape(&old, Some(release.path()), &["migrate"]).expect(0);
        generate_rows(&old, &format!("{label} at {first}"));
        let dump = old.dir.path().join("old.dump");
        let d = dump.to_str().unwrap();
        dbshape(&old, Some(release.path()), &["backup", "-o", d]).expect(0);
        let upgraded = TestDb::new(kind).unwrap();
        dbshape(&upgraded, m, &["restore", d, "--shape", "--upgrade"]).expect(0);
        dbshape(&old, m, &["migrate"]).expect(0);
        assert_same(
            &format!("{label}: schema after restore --shape --upgrade from {first}"),
            &schema_dump(&old),
            &schema_dump(&upgraded),
        );
        assert_same_rows(
            &format!("{label}: restore --shape --upgrade from {first} vs migrate in place"),
            &old,
            &upgraded,
            UPGRADE_CLOCK_TABLES,
        );
        assert_same_shape(
            &format!("{label}: restore --shape --upgrade from {first} vs migrate in place"),
            &old,
            &upgraded,
        );
    } else {
        eprintln!("{label}: one version only: no upgrade to compare");
    }

    // c. a failure in the middle of a late version, then the fix and the re-run.
    fail_and_resume(&chain, &label, &full_schema);

    let found = DIFFERENCES.with(|d| d.take());
    assert!(
        found.is_empty(),
        "{label}: {} difference(s):\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The latest version whose file has two statements on lines of their own, and the
/// line before which a statement can go between them.
fn late_version(chain: &Chain) -> Option<(String, usize)> {
    let dialect = match chain.kind {
        Kind::Postgres => Dialect::Postgres,
        Kind::Mysql => Dialect::Mysql,
        Kind::Sqlite => Dialect::Sqlite,
    };
    for v in chain.own_versions().iter().rev() {
        let text = std::fs::read_to_string(chain.file(v).unwrap()).ok()?;
        if text.contains("DELIMITER") || text.contains("delimiter ") {
            continue;
        }
        let Ok(stmts) = splitter::split(&text, dialect) else {
            continue;
        };
        let mid = stmts.len() / 2;
        for k in (1..stmts.len())
            .map(|j| (mid + j - 1) % stmts.len())
            .filter(|&k| k > 0)
        {
            let prev = &stmts[k - 1];
            if prev.line + prev.sql.lines().count() - 1 < stmts[k].line {
                return Some((v.clone(), stmts[k].line));
            }
        }
    }
    None
}

fn fail_and_resume(chain: &Chain, label: &str, full_schema: &str) {
    let Some((late, line)) = late_version(chain) else {
        panic!("{label}: no version with two statements to fail between");
    };
    let work = tempfile::tempdir().unwrap();
    common::copy_dir(&chain.dir, work.path());
    let file = work
        .path()
        .join(&late)
        .join(chain.kind.dialect())
        .join("schemaChanges.sql");
    let original = std::fs::read_to_string(&file).unwrap();
    let mut broken: Vec<&str> = original.lines().collect();
    broken.insert(line - 1, "SELECT * FROM no_such_table_x;");
    std::fs::write(&file, broken.join("\n") + "\n").unwrap();
    let m = Some(work.path());

    let db = TestDb::new(chain.kind).unwrap();
    let run = dbshape(&db, m, &["migrate"]);
    run.expect(1);
    let rel = format!("{late}/{}/schemaChanges.sql", chain.kind.dialect());
    assert!(
        run.stderr.contains(&rel) && run.stderr.contains("no_such_table_x"),
        "{label}: the failure names neither {rel} nor the statement:\n{}",
        run.stderr
    );
    let failed = db.change_log();
    assert!(
        failed.iter().any(|r| r == &format!("{late}\tFAILED")),
        "{label}: {late} is not FAILED: {failed:?}"
    );
    let before: Vec<String> = chain
        .versions
        .iter()
        .take_while(|v| **v != late)
        .cloned()
        .collect();
    if chain.kind != Kind::Mysql {
        // Nothing of the failed version is kept: the schema is the previous version's.
        let previous = TestDb::new(chain.kind).unwrap();
        native_apply(chain, &previous, &before);
        assert_same(
            &format!("{label}: schema after {late} failed, and at the version before"),
            &schema_dump(&previous),
            &schema_dump(&db),
        );
    }
    std::fs::write(&file, &original).unwrap();
    dbshape(&db, m, &["migrate"]).expect(0);
    assert_same(
        &format!("{label}: schema after the re-run, and after an uninterrupted run"),
        full_schema,
        &schema_dump(&db),
    );
}

#[test]
fn roundcube_postgres() {
    run_chain("roundcube", Kind::Postgres);
}

#[test]
fn roundcube_mysql() {
    run_chain("roundcube", Kind::Mysql);
}

#[test]
fn roundcube_sqlite() {
    run_chain("roundcube", Kind::Sqlite);
}

#[test]
fn tt_rss_postgres() {
    run_chain("tt-rss", Kind::Postgres);
}

#[test]
fn tt_rss_mysql() {
    run_chain("tt-rss", Kind::Mysql);
}

#[test]
fn synapse_postgres() {
    run_chain("synapse", Kind::Postgres);
}

#[test]
fn synapse_sqlite() {
    run_chain("synapse", Kind::Sqlite);
}

#[test]
fn graphile_worker_postgres() {
    run_chain("graphile-worker", Kind::Postgres);
}
