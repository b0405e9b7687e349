//! Hostile identifiers and data: names with quotes, backticks, semicolons and comment
//! markers go through migrate, backup, verify, restore and the engines' own clients
//! without running anything but what they name; a dump crafted to smuggle SQL through
//! its header or a table name is refused, and the canary table always survives.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{migration_dir, Kind, TestDb, ALL};
use sha2::{Digest, Sha256};

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

/// Replays a plain dump with the engine's own client.
fn replay(db: &TestDb, dump: &Path) {
    let file = std::fs::File::open(dump).unwrap();
    let out = match db.kind {
        Kind::Postgres => Command::new("psql")
            .args([
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                &db.name,
            ])
            .stdin(file)
            .output(),
        Kind::Mysql => Command::new("mariadb")
            .args([
                "-h",
                "127.0.0.1",
                "-u",
                "root",
                "--default-character-set=utf8mb4",
                &db.name,
            ])
            .stdin(file)
            .output(),
        Kind::Sqlite => Command::new("sqlite3")
            .arg(db.dir.path().join("test.db"))
            .stdin(file)
            .stdout(Stdio::piped())
            .output(),
    }
    .unwrap();
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

/// Recomputes the file digest of a plain dump after an edit, as an attacker who edits a
/// dump would: the digests detect damage, not forgery, so what stops a forged dump is
/// that every statement line is re-derived from the header and every name quoted.
fn reseal(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let cut = text.trim_end_matches('\n').rfind('\n').unwrap() + 1;
    let (body, trailer) = text.split_at(cut);
    let sum = hex::encode(Sha256::digest(body.as_bytes()));
    let start = trailer.find("\"sha256\":\"").unwrap() + 10;
    let mut t = trailer.to_string();
    t.replace_range(start..start + 64, &sum);
    format!("{body}{t}").into_bytes()
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
