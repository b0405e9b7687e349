//! Forged statements outside the data. Every line of a dump that is not a row must be
//! dbshape's own statement for the header at hand (`dump::templates`), and a trigger
//! block exactly one `CREATE TRIGGER` of its trigger: a forger who edits a dump and
//! recomputes its digests cannot make `verify` accept a client command (`\!`, `.shell`),
//! a versioned comment, `SET PASSWORD`, foreign DDL or a second statement in a trigger
//! block, and a restore never takes a trigger definition from a dump.
//!
//! Each forgery is first shown to be live: replayed by hand with the engine's own
//! client, it runs its shell command. Then `verify` refuses it (exit 5, naming the
//! line), `restore` refuses it, and no command ran.

mod common;

use std::path::{Path, PathBuf};

use common::forge::{client_replay, plain_dump, reseal};
use common::parallel::each_engine_in_parallel;
use common::{Kind, TestDb, ALL};

/// What every forgery starts from: a database at the bundled schema, its genuine plain
/// dump (path and text), and the file a forged command would create.
struct Genuine {
    src: TestDb,
    dump: PathBuf,
    text: String,
    witness: PathBuf,
}

/// A [`Genuine`] dump of `kind`; `None` (outside CI) when its server is down.
fn genuine(kind: Kind) -> Option<Genuine> {
    let src = TestDb::new(kind)?;
    let dump = plain_dump(&src);
    let text = std::fs::read_to_string(&dump).unwrap();
    let witness = src.dir.path().join("pwned");
    Some(Genuine {
        src,
        dump,
        text,
        witness,
    })
}

/// The first line of the preamble dbshape writes for `kind`.
fn first_preamble_line(kind: Kind) -> &'static str {
    match kind {
        Kind::Postgres => "SET client_encoding = 'UTF8';",
        Kind::Mysql => "SET NAMES utf8mb4;",
        Kind::Sqlite => "PRAGMA foreign_keys = OFF;",
    }
}

/// Lines that run `sh` (or change what they must not) when a client replays them, for
/// each engine's own client.
fn hostile_lines(kind: Kind, sh: &str) -> Vec<(String, bool)> {
    // (line, whether it runs `sh` when replayed)
    match kind {
        Kind::Postgres => vec![
            (format!("SET application_name = x \\! {sh}"), true),
            (format!("\\! {sh}"), true),
            (format!("SET client_encoding = 'UTF8'; \\! {sh}"), true),
            ("SET ROLE postgres;".into(), false),
            (
                "SELECT pg_catalog.set_config('search_path', 'other', false);".into(),
                false,
            ),
        ],
        Kind::Mysql => vec![
            (format!("\\! {sh}"), true),
            (format!("SET NAMES utf8mb4; \\! {sh}"), true),
            (
                "/*!50000 CREATE TABLE mysql.dbshape_forged (a INT) */;".into(),
                false,
            ),
            (
                "SET PASSWORD FOR 'root'@'localhost' = PASSWORD('forged');".into(),
                false,
            ),
        ],
        Kind::Sqlite => vec![
            (format!(".shell {sh}"), true),
            (format!(".system {sh}"), true),
            ("ATTACH 'forged.db' AS forged;".into(), false),
            ("PRAGMA writable_schema = ON;".into(), false),
        ],
    }
}

/// The 1-based number of the first line of `text` equal to `line`.
fn line_of(text: &str, line: &str) -> usize {
    text.lines().position(|l| l == line).unwrap() + 1
}

/// `verify` and `restore --shape` both refuse `forged` as damage naming `lineno`, and
/// nothing created `witness`.
fn refused(kind: Kind, forged: &str, lineno: usize, witness: &Path, what: &str) {
    let dst = TestDb::new(kind).unwrap();
    let path = dst.dir.path().join("forged.sql");
    std::fs::write(&path, reseal(forged.as_bytes())).unwrap();
    let v = dst.run(None, &["verify", path.to_str().unwrap()]);
    v.expect(5);
    assert!(
        v.stderr.contains(&format!("dump line {lineno}:")),
        "{kind:?}: {what}: verify does not name line {lineno}: {}",
        v.stderr
    );
    let r = dst.run(None, &["restore", "--shape", path.to_str().unwrap()]);
    assert_eq!(r.code, 5, "{kind:?}: {what}: restore: {}", r.stderr);
    assert!(!witness.exists(), "{kind:?}: {what}: a shell command ran");
}

#[test]
fn forged_session_lines_are_damage_and_run_nothing() {
    each_engine_in_parallel(&ALL, |kind| {
        let Some(g) = genuine(kind) else {
            return;
        };
        let dump = &g.dump;
        let text = &g.text;
        let witness = &g.witness;
        let sh = format!("touch {}", witness.display());
        let first = first_preamble_line(kind);
        let trailer_at = text.rfind("-- dbshape:trailer ").unwrap();
        for (line, runs) in hostile_lines(kind, &sh) {
            // In place of the first preamble line.
            let forged = text.replacen(&format!("{first}\n"), &format!("{line}\n"), 1);
            assert_ne!(&forged, text);
            if runs {
                // The forgery is live: the engine's own client runs the command.
                let shaped = TestDb::new(kind).unwrap();
                shaped.run(None, &["migrate"]).expect(0);
                let path = shaped.dir.path().join("live.sql");
                std::fs::write(&path, reseal(forged.as_bytes())).unwrap();
                client_replay(&shaped, &path, true);
                assert!(
                    witness.exists(),
                    "{kind:?}: `{line}` did not run when replayed"
                );
                std::fs::remove_file(witness).unwrap();
            }
            refused(kind, &forged, 3, witness, &format!("preamble `{line}`"));
            // After everything else, right before the trailer.
            let mut after = text.clone();
            after.insert_str(trailer_at, &format!("{line}\n"));
            let lineno = line_of(&after, &line);
            refused(
                kind,
                &after,
                lineno,
                witness,
                &format!("postamble `{line}`"),
            );
        }
        // The genuine dump, replayed by hand into a shaped database, runs nothing.
        let shaped = TestDb::new(kind).unwrap();
        shaped.run(None, &["migrate"]).expect(0);
        let out = client_replay(&shaped, dump, false);
        assert!(
            out.status.success(),
            "{kind:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!witness.exists());
    });
}

/// The text of the first trigger block of a plain dump: (start, end) byte offsets of
/// its lines between the markers.
fn first_trigger_block(text: &str) -> (usize, usize) {
    let marker = text.find("-- dbshape:trigger ").unwrap();
    let start = marker + text[marker..].find('\n').unwrap() + 1;
    let end = start + text[start..].find("-- dbshape:end-trigger\n").unwrap();
    (start, end)
}

#[test]
fn trigger_blocks_hold_one_create_trigger_and_nothing_else() {
    each_engine_in_parallel(&[Kind::Mysql, Kind::Sqlite], |kind| {
        let Some(g) = genuine(kind) else {
            return;
        };
        let text = &g.text;
        let witness = &g.witness;
        let sh = format!("touch {}", witness.display());
        let (start, end) = first_trigger_block(text);
        let block = &text[start..end];
        let end_marker_line = text[..end].lines().count() + 1;
        let forged_blocks: Vec<(&str, String)> = match kind {
            Kind::Mysql => {
                assert!(
                    block.starts_with("DELIMITER ;;\n") && block.ends_with(";;\nDELIMITER ;\n")
                );
                let body_end = block.len() - "DELIMITER ;\n".len();
                vec![
                    (
                        "a second statement",
                        format!("{}DROP TABLE settings;;\nDELIMITER ;\n", &block[..body_end]),
                    ),
                    (
                        "a client command",
                        block.replacen("DELIMITER ;;\n", &format!("DELIMITER ;;\n\\! {sh}\n"), 1),
                    ),
                    (
                        "another delimiter",
                        format!(
                            "{}DELIMITER //\nDROP TABLE settings//\nDELIMITER ;\n",
                            &block[..body_end]
                        ),
                    ),
                ]
            }
            _ => vec![
                (
                    "a second statement",
                    format!("{block}DROP TABLE settings;\n"),
                ),
                ("a dot command", format!("{block}.shell {sh}\nSELECT 1;\n")),
                ("not a trigger", "DROP TABLE settings;\n".to_string()),
            ],
        };
        for (what, forged_block) in forged_blocks {
            let forged = format!("{}{forged_block}{}", &text[..start], &text[end..]);
            let lineno = end_marker_line + forged_block.lines().count() - block.lines().count();
            refused(kind, &forged, lineno, witness, what);
        }
    });
}

/// The names and definitions of `db`'s triggers.
fn triggers(db: &TestDb) -> String {
    db.sql(match db.kind {
        Kind::Mysql => {
            "SELECT TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS \
             WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY TRIGGER_NAME"
        }
        _ => "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
    })
}

/// A trigger block that is well formed but not the target's own trigger (a backdoor
/// that would outlive the restore) passes `verify`, which has no target to compare
/// with, and is refused by `restore`, which puts the target's own triggers back.
#[test]
fn a_restore_never_takes_a_trigger_from_the_dump() {
    each_engine_in_parallel(&[Kind::Mysql, Kind::Sqlite], |kind| {
        let Some(g) = genuine(kind) else {
            return;
        };
        let src = &g.src;
        let dump = &g.dump;
        let text = &g.text;
        let (start, end) = first_trigger_block(text);
        let block = &text[start..end];
        // The history row's change type becomes the attacker's text.
        assert!(block.contains("'INSERT'"), "{kind:?}: {block}");
        let backdoor = block.replacen("'INSERT'", "'forged'", 1);
        let forged = format!("{}{backdoor}{}", &text[..start], &text[end..]);
        let path = src.dir.path().join("forged.sql");
        std::fs::write(&path, reseal(forged.as_bytes())).unwrap();
        src.run(None, &["verify", path.to_str().unwrap()]).expect(0);

        let dst = TestDb::new(kind).unwrap();
        let r = dst.run(None, &["restore", "--shape", path.to_str().unwrap()]);
        assert_eq!(r.code, 5, "{kind:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("differs from the target's own")
                && r.stderr.contains("settings_history_after_insert"),
            "{kind:?}: {}",
            r.stderr
        );
        // The message says what the refusal left: MySQL keeps its restore mark.
        let left = if kind == Kind::Mysql {
            "keeps its restore mark"
        } else {
            "no row was loaded"
        };
        assert!(r.stderr.contains(left), "{kind:?}: {}", r.stderr);
        // The target's triggers are its migrations' own, not the dump's.
        let own = TestDb::new(kind).unwrap();
        own.run(None, &["migrate"]).expect(0);
        assert_eq!(triggers(&dst), triggers(&own), "{kind:?}");
        assert!(!triggers(&dst).contains("forged"), "{kind:?}");
        // The genuine dump restores over the refused attempt (MySQL keeps its mark).
        let again = dst.run(None, &["restore", "--shape", dump.to_str().unwrap()]);
        assert_eq!(again.code, 0, "{kind:?}: {}", again.stderr);
        assert_eq!(triggers(&dst), triggers(&own), "{kind:?}");
    });
}

/// Names are quoted wherever they are used, and a name holding a line end could still
/// start a line of its own: such a name in a header or a counter is damage, and a
/// database holding one cannot be backed up into a dump that no restore would accept.
#[test]
fn names_that_would_break_a_line_are_refused() {
    each_engine_in_parallel(&ALL, |kind| {
        let Some(g) = genuine(kind) else {
            return;
        };
        let text = &g.text;
        let witness = &g.witness;
        // A table renamed in the header only: the name's line end is refused before
        // any statement line is compared.
        let forged = text.replacen(
            "{\"name\":\"settings\"",
            &format!(
                "{{\"name\":\"settings\\n\\\\! touch {}\\n\"",
                witness.display()
            ),
            1,
        );
        assert_ne!(&forged, text, "{kind:?}");
        refused(kind, &forged, 2, witness, "table name with a line end");

        // A database with such a table: backup refuses, naming it, and writes nothing.
        let db = TestDb::new(kind).unwrap();
        db.run(None, &["migrate"]).expect(0);
        let create = match kind {
            Kind::Mysql => "CREATE TABLE `line\nbreak` (a INT)",
            _ => "CREATE TABLE \"line\nbreak\" (a INT)",
        };
        db.sql(create);
        let out = db.dir.path().join("b.sql");
        let r = db.run(None, &["backup", "-o", out.to_str().unwrap()]);
        assert_eq!(r.code, 1, "{kind:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("control character U+000A"),
            "{kind:?}: {}",
            r.stderr
        );
        assert!(!out.exists(), "{kind:?}");
    });
}

/// A PostgreSQL row is COPY data, but a psql replay reads it as commands when it is
/// outside of COPY: a row may hold only the escapes `COPY ... TO` writes, never `\!`.
#[test]
fn a_copy_row_holds_no_psql_command() {
    let Some(g) = genuine(Kind::Postgres) else {
        return;
    };
    let text = &g.text;
    let witness = &g.witness;
    // The first row of the seeded `settings` table.
    let copy = text.find("COPY \"settings\"").unwrap();
    let row_start = copy + text[copy..].find('\n').unwrap() + 1;
    let row_end = row_start + text[row_start..].find('\n').unwrap();
    let row = &text[row_start..row_end];
    assert_ne!(row, "\\.", "`settings` has no rows");
    let forged = format!(
        "{}{row}\\! touch {}{}",
        &text[..row_start],
        witness.display(),
        &text[row_end..]
    );
    let lineno = text[..row_start].lines().count() + 1;
    refused(
        Kind::Postgres,
        &forged,
        lineno,
        witness,
        "a COPY row with `\\!`",
    );
}
