//! Hostile identifiers and data: names with quotes, backticks, semicolons and comment
//! markers go through migrate, backup, verify, restore and the engines' own clients
//! without running anything but what they name; a dump crafted to smuggle SQL through
//! its header, a table name or a row value (anything but a literal) is refused, and the
//! canary table always survives.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::forge::{client_replay, plain_dump, reseal};
use common::{migration_dir, Kind, TestDb, ALL};

/// Names that would end a quoted identifier, a statement or start a comment if
/// dbshape ever pasted them into SQL without quoting.
const TABLES: &[&str] = &[
    "we\"ird",
    "back`tick",
    "semi;colon",
    "dash--comment",
    "slash/*star*/",
    "quote'single",
];
const VALUE: &str = "'); DROP TABLE canary; -- \" ` */ /*";

fn q(kind: Kind, name: &str) -> String {
    match kind {
        Kind::Mysql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A migration set creating the hostile tables (with an auto-increment key, so the
/// counters carry hostile sequence names too) and a canary.
fn hostile_set(kind: Kind) -> tempfile::TempDir {
    let d = kind.dialect();
    let mut sql = String::from("CREATE TABLE canary (id INTEGER PRIMARY KEY);\n");
    for t in TABLES {
        let key = match kind {
            Kind::Postgres => "id SERIAL PRIMARY KEY",
            Kind::Mysql => "id INTEGER AUTO_INCREMENT PRIMARY KEY",
            Kind::Sqlite => "id INTEGER PRIMARY KEY AUTOINCREMENT",
        };
        sql.push_str(&format!(
            "CREATE TABLE {} ({key}, {} VARCHAR(200));\n",
            q(kind, t),
            q(kind, &format!("col {t}"))
        ));
    }
    // MySQL's client splits on `;` outside quotes; quoted names are fine.
    migration_dir(&[(&format!("1.0.0/{d}/schemaChanges.sql"), &sql)])
}

fn fill(db: &TestDb) {
    let mut sql = String::from("INSERT INTO canary VALUES (1);\n");
    for t in TABLES {
        for v in [VALUE, "plain", t] {
            sql.push_str(&format!(
                "INSERT INTO {} ({}) VALUES ({});\n",
                q(db.kind, t),
                q(db.kind, &format!("col {t}")),
                lit(v)
            ));
        }
    }
    db.sql(&sql);
}

fn snapshot(db: &TestDb) -> String {
    let mut out = String::new();
    for t in TABLES {
        out.push_str(&db.sql(&format!(
            "SELECT id, {} FROM {} ORDER BY id",
            q(db.kind, &format!("col {t}")),
            q(db.kind, t)
        )));
    }
    out.push_str(&db.sql("SELECT id FROM canary"));
    out
}

/// Replays a plain dump with the engine's own client, which must succeed.
fn replay(db: &TestDb, dump: &Path) {
    let out = client_replay(db, dump, false);
    assert!(
        out.status.success(),
        "{:?} replay: {}",
        db.kind,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn hostile_names_and_values_round_trip_without_injection() {
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        let set = hostile_set(kind);
        let m = Some(set.path());
        src.run(m, &["migrate"]).expect(0);
        fill(&src);
        let want = snapshot(&src);
        let dump = src.dir.path().join("h.sql");
        src.run(m, &["backup", "-o", dump.to_str().unwrap()])
            .expect(0);
        src.run(m, &["verify", dump.to_str().unwrap()]).expect(0);
        // dbshape's restore.
        let dst = TestDb::new(kind).unwrap();
        dst.run(m, &["restore", dump.to_str().unwrap(), "--shape"])
            .expect(0);
        assert_eq!(snapshot(&dst), want, "{kind:?}");
        dst.run(m, &["validate"]).expect(0);
        // The engine's own client, into a database shaped at the same version.
        let other = TestDb::new(kind).unwrap();
        other.run(m, &["migrate"]).expect(0);
        replay(&other, &dump);
        assert_eq!(snapshot(&other), want, "{kind:?} replay");
        // drop-create and info quote every name they touch too.
        dst.run(m, &["--yes", "drop-create"]).expect(0);
        assert_eq!(dst.sql("SELECT COUNT(*) FROM canary").trim(), "0");
    }
}

#[test]
fn crafted_dumps_cannot_smuggle_sql() {
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        let set = hostile_set(kind);
        let m = Some(set.path());
        src.run(m, &["migrate"]).expect(0);
        fill(&src);
        let dump = src.dir.path().join("h.sql");
        src.run(m, &["backup", "-o", dump.to_str().unwrap()])
            .expect(0);
        let text = std::fs::read_to_string(&dump).unwrap();
        let t0 = TABLES[0];
        let header_name = serde_json::to_string(t0).unwrap();
        let evil = "x\"; DROP TABLE canary; --";
        let evil_json = serde_json::to_string(evil).unwrap();
        let opening = |name: &str| match kind {
            Kind::Postgres => format!("COPY {} (", q(kind, name)),
            _ => format!("INSERT INTO {} (", q(kind, name)),
        };
        assert!(text.contains(&opening(t0)), "{kind:?}: {text}");
        let cases: Vec<(&str, String)> = vec![
            // The header names another table; the data line still names the real one.
            (
                "header table name",
                text.replacen(
                    &format!("\"name\":{header_name}"),
                    &format!("\"name\":{evil_json}"),
                    1,
                ),
            ),
            // The data line carries SQL after the table name; the header is untouched.
            (
                "unquoted statement line",
                text.replacen(
                    &opening(t0),
                    &format!("{}; DROP TABLE canary; -- (", q(kind, t0)),
                    1,
                ),
            ),
            // A statement of its own between the sections.
            (
                "extra statement",
                text.replacen("-- dbshape:end", "DROP TABLE canary;\n-- dbshape:end", 1),
            ),
            // A schema version that is SQL.
            (
                "header schema_version",
                text.replacen(
                    "\"schema_version\":\"1.0.0\"",
                    "\"schema_version\":\"1.0.0'); DROP TABLE canary; --\"",
                    1,
                ),
            ),
        ];
        // A target shaped at the same version, so a forged dump gets as far as it can.
        let dst = TestDb::new(kind).unwrap();
        dst.run(m, &["migrate"]).expect(0);
        let shape = dst.schema();
        for (what, forged) in cases {
            assert_ne!(forged, text, "{kind:?}: {what}: the edit did not apply");
            let bad = src.dir.path().join("forged.sql");
            std::fs::write(&bad, reseal(forged.as_bytes())).unwrap();
            let v = src.run(m, &["verify", bad.to_str().unwrap()]);
            let r = dst.run(m, &["restore", bad.to_str().unwrap()]);
            assert_ne!(r.code, 0, "{kind:?}: {what}: accepted (verify {})", v.code);
            assert!(
                r.code == 4 || r.code == 5,
                "{kind:?}: {what}: exit {}: {}",
                r.code,
                r.stderr
            );
            // Nothing dbshape ran dropped or changed anything.
            assert_eq!(dst.schema(), shape, "{kind:?}: {what}");
        }
        // The header and the data line renamed together, properly quoted: refused,
        // by the prepare block rendered from the header or by the restore's checks.
        let renamed = text
            .replacen(
                &format!("\"name\":{header_name}"),
                &format!("\"name\":{evil_json}"),
                1,
            )
            .replacen(&opening(t0), &opening(evil), 1);
        let bad = src.dir.path().join("renamed.sql");
        std::fs::write(&bad, reseal(renamed.as_bytes())).unwrap();
        let r = dst.run(m, &["restore", bad.to_str().unwrap()]);
        assert!(
            r.code == 4 || r.code == 5,
            "{kind:?}: renamed: exit {}: {}",
            r.code,
            r.stderr
        );
        assert_eq!(dst.schema(), shape, "{kind:?}: renamed");
    }
}

/// Runs `dbshape ARGS` under a virtual memory limit of `kib` KiB.
fn run_limited(db: &TestDb, kib: u64, args: &str) -> common::Run {
    let bin = env!("CARGO_BIN_EXE_dbshape");
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("ulimit -v {kib}; exec \"$DBSHAPE_BIN\" {args}"))
        .current_dir(db.dir.path())
        .env("DBSHAPE_BIN", bin)
        .env("DBSHAPE_URL", &db.url)
        .env_remove("DBSHAPE_CONFIG")
        .env_remove("DBSHAPE_MIGRATIONS")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    common::Run::from(out)
}

/// One zstd frame of `total` bytes of `pattern`, written through a streaming encoder.
fn zstd_frame_of(pattern: &[u8], total: usize) -> Vec<u8> {
    use std::io::Write;
    let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
    let chunk: Vec<u8> = pattern.iter().copied().cycle().take(1 << 20).collect();
    let mut left = total;
    while left > 0 {
        let n = left.min(chunk.len());
        enc.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    enc.finish().unwrap()
}

/// A zstd file that expands to `before`, then one line of 2 GiB (no line end), then
/// `after`: concatenated frames (a reader decodes them as one stream), the 2 GiB being
/// one 16 MiB frame repeated, so the file is small and quick to build.
fn zstd_bomb(before: &[u8], after: &[u8]) -> Vec<u8> {
    let mut out = zstd::encode_all(before, 1).unwrap();
    let frame = zstd_frame_of(b"0123456789abcdef", 16 << 20);
    for _ in 0..128 {
        out.extend_from_slice(&frame);
    }
    out.extend(zstd::encode_all(after, 1).unwrap());
    out
}

/// Under this limit of virtual memory a line of 2 GiB cannot be held (it took 4.2 GB),
/// while one at the 1 GiB row cap still fits beside the runtime's reservations.
const LIMIT_KIB: u64 = 2 << 20;

/// Regression: a small zstd file expanding to one 2 GB line drove `verify` and `restore`
/// past 4 GB, and under a memory limit the process aborted (exit 134). Now the line is
/// refused at its cap, with its line number, without being read whole: exit 5.
#[test]
fn a_zstd_bomb_of_one_endless_line_is_refused_under_a_memory_limit() {
    for kind in [Kind::Sqlite, Kind::Postgres, Kind::Mysql] {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        let dump = std::fs::read(plain_dump(&src)).unwrap();
        // The first line endless: refused as not a dump after a few KiB.
        let first = src.dir.path().join("first.sql.zst");
        std::fs::write(&first, zstd_bomb(b"", b"\n")).unwrap();
        assert!(std::fs::metadata(&first).unwrap().len() < 1 << 20);
        // A row line endless: the header and the table's opening line are intact.
        let opening = match kind {
            Kind::Postgres => &b"\nCOPY "[..],
            _ => &b"\nINSERT INTO "[..],
        };
        let at = dump
            .windows(opening.len())
            .position(|w| w == opening)
            .unwrap()
            + 1;
        let line_end = at + dump[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
        let row_no = dump[..line_end].iter().filter(|&&b| b == b'\n').count() + 1;
        let row = src.dir.path().join("row.sql.zst");
        std::fs::write(&row, zstd_bomb(&dump[..line_end], &dump[line_end..])).unwrap();

        let r = run_limited(&src, LIMIT_KIB, "verify first.sql.zst");
        r.expect(5);
        assert!(
            r.stderr.contains("not a dbshape dump"),
            "{kind:?}: {}",
            r.stderr
        );
        let r = run_limited(&src, LIMIT_KIB, "verify row.sql.zst");
        r.expect(5);
        assert!(
            r.stderr.contains(&format!(
                "dump line {row_no} is longer than 1073741824 bytes"
            )),
            "{kind:?}: {}",
            r.stderr
        );
        // Restore into an empty database: refused before anything is written.
        let dst = TestDb::new(kind).unwrap();
        for file in ["first.sql.zst", "row.sql.zst"] {
            let path = src.dir.path().join(file);
            let r = run_limited(
                &dst,
                LIMIT_KIB,
                &format!("restore --shape {}", path.display()),
            );
            r.expect(5);
            assert!(
                dst.tables().iter().all(|t| !t.contains("settings")),
                "{kind:?} {file}: {:?}",
                dst.tables()
            );
        }
    }
}

/// Regression: `restore --shape <(cat dump)` called a good dump empty, and a FIFO hung
/// after "verifying the dump": the path was opened twice. Process substitution, a named
/// FIFO and standard input now restore, read once.
#[test]
fn restore_reads_a_pipe_a_fifo_and_standard_input_once() {
    for kind in [Kind::Sqlite, Kind::Postgres, Kind::Mysql] {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        let dump = plain_dump(&src);
        let want = src.sql("SELECT COUNT(*) FROM settings");
        let fifo = src.dir.path().join("dump.fifo");
        assert!(Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let d = dump.display();
        let f = fifo.display();
        let ways = [
            (
                "process substitution",
                format!("restore --shape <(cat {d})"),
            ),
            // The FIFO's writer runs beside the restore.
            (
                "FIFO",
                format!("cat {d} > {f} & exec timeout 120 \"$DBSHAPE_BIN\" restore --shape {f}"),
            ),
            ("standard input", format!("restore --shape - < {d}")),
        ];
        for (how, args) in ways {
            let dst = TestDb::new(kind).unwrap();
            // `timeout`: a restore that hangs on the FIFO fails (exit 124) instead.
            let script = if how == "FIFO" {
                args
            } else {
                format!("exec timeout 120 \"$DBSHAPE_BIN\" {args}")
            };
            let out = Command::new("bash")
                .arg("-c")
                .arg(script)
                .current_dir(dst.dir.path())
                .env("DBSHAPE_BIN", env!("CARGO_BIN_EXE_dbshape"))
                .env("DBSHAPE_URL", &dst.url)
                .env_remove("DBSHAPE_CONFIG")
                .env_remove("DBSHAPE_MIGRATIONS")
                .stdin(Stdio::null())
                .output()
                .unwrap();
            let r = common::Run::from(out);
            r.expect(0);
            assert!(
                r.stderr.contains("to a private temporary file"),
                "{kind:?} {how}: {}",
                r.stderr
            );
            assert_eq!(
                dst.sql("SELECT COUNT(*) FROM settings"),
                want,
                "{kind:?} {how}"
            );
            dst.run(None, &["validate"]).expect(0);
        }
    }
}

/// Regression: bytes that are not UTF-8 in a MySQL row passed `verify` and failed
/// `restore` half-way, leaving its mark. `verify` refuses them naming the line, and
/// `restore` before loading anything.
#[test]
fn non_utf8_bytes_in_a_mysql_row_are_damage() {
    for kind in [Kind::Mysql, Kind::Sqlite] {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        let dump = std::fs::read(plain_dump(&src)).unwrap();
        // The first row line holding a string literal: one of its letters becomes 0xff.
        let mut at = 0;
        let mut lineno = 0;
        for (n, line) in dump.split(|&b| b == b'\n').enumerate() {
            if line.starts_with(b"(") {
                if let Some(q) = line.iter().position(|&b| b == b'\'') {
                    if line[q + 1].is_ascii_alphabetic() {
                        at += q + 1;
                        lineno = n + 1;
                        break;
                    }
                }
            }
            at += line.len() + 1;
        }
        assert!(lineno > 0, "{kind:?}: no string row in the dump");
        let mut bad = dump.clone();
        bad[at] = 0xff;
        let path = src.dir.path().join("bad.sql");
        std::fs::write(&path, reseal(&bad)).unwrap();
        let r = src.run(None, &["verify", path.to_str().unwrap()]);
        r.expect(5);
        assert!(
            r.stderr.contains(&format!("dump line {lineno}:")) && r.stderr.contains("not UTF-8"),
            "{kind:?}: {}",
            r.stderr
        );
        let dst = TestDb::new(kind).unwrap();
        dst.run(None, &["restore", "--shape", path.to_str().unwrap()])
            .expect(5);
        // Refused before the mark and the shaping: the database is still empty.
        assert_eq!(dst.tables(), Vec::<String>::new(), "{kind:?}");
    }
}

/// Replaces the first row of `table` in a plain dump by the value list `inner` and
/// recomputes the table's digest and the file digest, as a forger who can edit the file
/// would. Returns the forged dump and the row's line number.
fn forge_row(dump: &[u8], table: &str, inner: &str) -> (Vec<u8>, usize) {
    let text = String::from_utf8(dump.to_vec()).unwrap();
    let marker = format!("-- dbshape:table {}", serde_json::json!({ "name": table }));
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = lines
        .iter()
        .position(|l| l.trim_end() == marker)
        .unwrap_or_else(|| panic!("no section {marker}"));
    // The marker, the INSERT line, then the first row.
    let row_at = at + 2;
    let row = lines[row_at];
    let (open, close) = (row.find('(').unwrap(), row.trim_end().len() - 2);
    let (old, framing) = (&row[open + 1..close], &row[close..]);
    assert!(
        framing == "),\n" || framing == ");\n",
        "not a row line: {row}"
    );
    let xxh = |r: &str| xxhash_rust::xxh3::xxh3_128(r.as_bytes());
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    out[row_at] = format!("({inner}{framing}");
    let last = out.len() - 1;
    let json = out[last]
        .trim_end()
        .strip_prefix("-- dbshape:trailer ")
        .unwrap();
    let mut trailer: serde_json::Value = serde_json::from_str(json).unwrap();
    for t in trailer["tables"].as_array_mut().unwrap() {
        if t["name"] == table {
            let sum = u128::from_str_radix(t["digest"].as_str().unwrap(), 16).unwrap();
            let sum = sum.wrapping_sub(xxh(old)).wrapping_add(xxh(inner));
            t["digest"] = format!("{sum:032x}").into();
        }
    }
    out[last] = format!("-- dbshape:trailer {trailer}\n");
    (reseal(out.concat().as_bytes()), row_at + 1)
}

/// Regression: a forged MySQL row of function calls and a subquery passed `verify` and
/// ran on the server during `restore` (the sleep ran, another database's secret was
/// stored). Every value of a row must be a literal: `verify` names the line, `restore`
/// refuses the dump before sending anything, and no forged value is stored.
#[test]
fn a_row_of_sql_expressions_is_damage_not_code() {
    for kind in [Kind::Mysql, Kind::Sqlite] {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        // MariaDB's statement log shows what reached the server (SQLite has none; its
        // tables show it).
        let log = (kind == Kind::Mysql).then(|| StatementLog::on(&src));
        // A database the forged row would read from.
        let other = TestDb::new(kind).unwrap();
        other.sql("CREATE TABLE secret (s VARCHAR(50)); INSERT INTO secret VALUES ('the-secret')");
        let d = kind.dialect();
        let set = migration_dir(&[(
            &format!("1.0.0/{d}/schemaChanges.sql"),
            "CREATE TABLE loot (id INTEGER PRIMARY KEY, a VARCHAR(200), b VARCHAR(200), \
             c VARCHAR(200), d VARCHAR(200), e VARCHAR(200));\n",
        )]);
        let m = Some(set.path());
        src.run(m, &["migrate"]).expect(0);
        src.sql("INSERT INTO loot VALUES (1, 'a', 'b', 'c', 'd', 'e')");
        let path = src.dir.path().join("plain.sql");
        src.run(m, &["backup", "-o", path.to_str().unwrap()])
            .expect(0);
        let dump = std::fs::read(&path).unwrap();
        let secret = format!("{}.secret", other.name);
        let rows = [
            // The row of the report.
            format!(
                "1,(SELECT GROUP_CONCAT(s) FROM {secret}),LEFT(USER(),30),VERSION(),SLEEP(3),LOAD_FILE('/etc/hostname')"
            ),
            "1,1+1,'b','c','d','e'".to_string(),
            format!("1,(SELECT s FROM {secret} LIMIT 1),'b','c','d','e'"),
            "1,USER(),'b','c','d','e'".to_string(),
            "1,'a',VERSION(),'c','d','e'".to_string(),
            "1,'a','b',SLEEP(3),'d','e'".to_string(),
            "1,'a','b','c',LOAD_FILE('/etc/hostname'),'e'".to_string(),
            // A second statement inside the tuple list.
            "1,'a','b','c','d','e'); DO SLEEP(3); INSERT INTO loot VALUES (2,'a','b','c','d','e'"
                .to_string(),
            "1,'a','b','c','d','e');SELECT SLEEP(3);(2,'a','b','c','d','e'".to_string(),
            // A comment hiding or adding values.
            "1,'a','b','c','d',/* x */'e'".to_string(),
            "1,'a','b','c','d','e' -- x".to_string(),
        ];
        for inner in &rows {
            let (forged, line) = forge_row(&dump, "loot", inner);
            let bad = src.dir.path().join("forged.sql");
            std::fs::write(&bad, &forged).unwrap();
            let v = src.run(m, &["verify", bad.to_str().unwrap()]);
            v.expect(5);
            assert!(
                v.stderr.contains(&format!("dump line {line}: value "))
                    && v.stderr.contains("is not a literal dbshape writes"),
                "{kind:?}: {inner}: {}",
                v.stderr
            );
            // Refused before anything reaches the server: the sleep never runs and no
            // table is created or filled.
            let dst = TestDb::new(kind).unwrap();
            let r = dst.run(m, &["restore", "--shape", bad.to_str().unwrap()]);
            r.expect(5);
            assert!(
                r.stderr.contains(&format!("dump line {line}: value ")),
                "{kind:?}: {inner}: {}",
                r.stderr
            );
            if dst.tables().iter().any(|t| t == "loot") {
                assert_eq!(
                    dst.sql("SELECT COUNT(*) FROM loot").trim(),
                    "0",
                    "{kind:?}: {inner}"
                );
            }
        }
        // The same edit with a literal is accepted: what is refused is the code.
        let (forged, _) = forge_row(&dump, "loot", "1,'a','b','c','d','the-secret'");
        let fine = src.dir.path().join("literal.sql");
        std::fs::write(&fine, &forged).unwrap();
        src.run(m, &["verify", fine.to_str().unwrap()]).expect(0);
        let dst = TestDb::new(kind).unwrap();
        dst.run(m, &["restore", "--shape", fine.to_str().unwrap()])
            .expect(0);
        assert_eq!(
            dst.sql("SELECT e FROM loot").trim(),
            "the-secret",
            "{kind:?}"
        );
        if let Some(log) = log {
            // The accepted restore's rows are in the log, so the log sees restores...
            assert!(
                log.count(&src, "%the-secret%") > 0,
                "the statement log is off"
            );
            // ...and no forged expression ever reached the server.
            for pattern in [
                "%GROUP_CONCAT(s)%",
                "%LOAD_FILE(%",
                "%SLEEP(3)%",
                "%LEFT(USER(),30)%",
                "%,USER(),%",
            ] {
                assert_eq!(log.count(&src, pattern), 0, "{pattern} reached the server");
            }
        }
    }
}

/// MariaDB's general query log, into `mysql.general_log`, for the life of the value; the
/// server's own settings come back when it is dropped.
struct StatementLog {
    output: String,
}

impl StatementLog {
    fn on(db: &TestDb) -> StatementLog {
        let output = db.sql("SELECT @@global.log_output").trim().to_string();
        common::admin_sql(
            Kind::Mysql,
            "SET GLOBAL log_output = 'TABLE'; SET GLOBAL general_log = 'ON'",
        );
        StatementLog { output }
    }

    /// Statements logged since it was switched on whose text is `LIKE pattern`, but for
    /// these queries of the log themselves.
    fn count(&self, db: &TestDb, pattern: &str) -> u64 {
        db.sql(&format!(
            "SELECT COUNT(*) FROM mysql.general_log WHERE command_type IN ('Query', 'Execute') \
             AND CONVERT(argument USING utf8mb4) LIKE '{pattern}' \
             AND CONVERT(argument USING utf8mb4) NOT LIKE '%mysql.general_log%'"
        ))
        .trim()
        .parse()
        .unwrap()
    }
}

impl Drop for StatementLog {
    fn drop(&mut self) {
        common::admin_sql(
            Kind::Mysql,
            &format!(
                "SET GLOBAL general_log = 'OFF'; SET GLOBAL log_output = '{}'; TRUNCATE TABLE mysql.general_log",
                self.output
            ),
        );
    }
}

/// The strict row grammar is the one every format version wrote: the MySQL and SQLite
/// fixtures of each version still restore.
#[test]
fn fixtures_of_every_format_version_restore_under_the_literal_grammar() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = 0;
    for kind in [Kind::Mysql, Kind::Sqlite] {
        for version in ["format-1", "format-2", "format-3"] {
            let Ok(files) = std::fs::read_dir(root.join(version)) else {
                continue;
            };
            for f in files.flatten() {
                if !f.file_name().to_string_lossy().starts_with(kind.dialect()) {
                    continue;
                }
                let Some(dst) = TestDb::new(kind) else {
                    continue;
                };
                dst.run(None, &["restore", "--shape", f.path().to_str().unwrap()])
                    .expect(0);
                seen += 1;
            }
        }
    }
    assert!(seen >= 2, "{seen} fixtures");
}

/// Regression: a dump holding a table the migrations do not create (made by hand in the
/// source) left the database shaped and marked, saying it "was not shaped by the same
/// migrations", and the re-run the mark asks for could never succeed. The shape gate
/// names the table and its columns, and once it exists the same restore completes.
#[test]
fn a_dump_table_the_migrations_do_not_create_is_named_and_the_restore_resumes() {
    for kind in [Kind::Sqlite, Kind::Postgres, Kind::Mysql] {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        src.run(None, &["migrate"]).expect(0);
        src.sql("CREATE TABLE extra (a INTEGER, b VARCHAR(20)); INSERT INTO extra VALUES (7, 'by hand')");
        let dump = src.dir.path().join("extra.sql");
        src.run(None, &["backup", "-o", dump.to_str().unwrap()])
            .expect(0);
        let dst = TestDb::new(kind).unwrap();
        let args = ["restore", "--shape", dump.to_str().unwrap()];
        let r = dst.run(None, &args);
        r.expect(4);
        assert!(
            r.stderr.contains("missing here table extra")
                && r.stderr.contains("missing here column extra.b")
                && r.stderr.contains("marked as an unfinished restore")
                && r.stderr.contains("run this restore again"),
            "{kind:?}: {}",
            r.stderr
        );
        // As the message says: shaped, no data, and other commands refuse it.
        assert!(dst.tables().iter().any(|t| t == "settings"), "{kind:?}");
        assert_ne!(dst.run(None, &["migrate"]).code, 0, "{kind:?}");
        dst.sql("CREATE TABLE extra (a INTEGER, b VARCHAR(20))");
        dst.run(None, &args).expect(0);
        assert_eq!(
            dst.sql("SELECT a, b FROM extra").trim(),
            "7\tby hand",
            "{kind:?}"
        );
        // The change log is in order; the table made by hand is drift of the shape.
        dst.run(None, &["validate", "--no-shape"]).expect(0);
        let v = dst.run(None, &["validate"]);
        v.expect(5);
        assert!(
            v.stdout.contains("extra table extra:"),
            "{kind:?}: {}",
            v.stdout
        );
    }
}
