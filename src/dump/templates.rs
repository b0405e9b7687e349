//! Every statement of a dump that is not data, as the one list of templates the writer
//! writes and the reader accepts: the session settings before the data (preamble) and
//! after it (postamble), the prepare and finish blocks, and the shape of a trigger block.
//!
//! Why templates and not a check by prefix: a dump is also replayed by hand with the
//! engine's own client (`psql`, `mariadb`, `sqlite3`), which runs more than SQL. A line
//! that merely starts with `SET ` may go on with `\! cmd` (psql, mariadb), a line
//! starting `/*!` may hold any statement (`/*!50000 CREATE TABLE other_db.x ... */`),
//! and `SET PASSWORD FOR ...` is a `SET` too. Whoever can edit a dump can recompute its
//! digests, so the reader accepts each of these lines only when it equals, byte for
//! byte, what this build writes for the header at hand. The lists have not changed since
//! format 1, so dumps of every readable format version pass.
//!
//! Trigger blocks (MySQL, SQLite) carry the source's own `CREATE TRIGGER` statements,
//! which no template can spell in advance. A restore never runs them: it puts back the
//! target's own triggers and refuses a dump whose triggers differ from them (see
//! `crate::restore`). For a replay by hand, [`trigger_definition`] accepts a block only
//! when it is exactly one `CREATE TRIGGER` statement of the header's trigger, in the
//! block layout below, holding nothing the engine's client would take for one of its
//! own commands ([`check_trigger`]).
//!
//! Names are the other way into a line: every identifier of a dump is quoted where it is
//! used, and [`check_name`] refuses control characters in it, so that no name can break
//! a statement over lines and start a line of its own.

use crate::dialect::Dialect;

use super::format::{quote_ident, Header, TriggerDef};

/// PostgreSQL: the session settings that fix the text form of every value; the snapshot
/// reader's session runs the same (`engine::postgres_snapshot`), and the dump's preamble
/// pins them for a replay with psql.
pub const POSTGRES_SESSION: &[&str] = &[
    "SET client_encoding = 'UTF8';",
    "SET standard_conforming_strings = on;",
    "SET DateStyle = 'ISO, YMD';",
    "SET IntervalStyle = 'postgres';",
    "SET TimeZone = 'UTC';",
    "SET extra_float_digits = 3;",
    "SET bytea_output = 'hex';",
];

/// MySQL: the preamble for a replay with the `mariadb`/`mysql` client (see
/// `engine::mysql_snapshot::session` for why each setting).
const MYSQL_PREAMBLE: &[&str] = &[
    "SET NAMES utf8mb4;",
    "SET time_zone = '+00:00';",
    "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO';",
    "SET foreign_key_checks = 0;",
    "SET unique_checks = 0;",
];

/// MySQL: the postamble, checks back on.
const MYSQL_POSTAMBLE: &[&str] = &["SET foreign_key_checks = 1;", "SET unique_checks = 1;"];

/// SQLite: rows come in dependency order, but cycles and self-references need the
/// foreign-key checks off; the pragma is a no-op inside a transaction, so it comes first.
const SQLITE_PREAMBLE: &[&str] = &["PRAGMA foreign_keys = OFF;", "BEGIN;"];

/// SQLite: the replay's transaction ends after the triggers are back.
const SQLITE_POSTAMBLE: &[&str] = &["COMMIT;"];

/// First line of a PostgreSQL dump's prepare block (format 2 on): for the rest of the
/// session, no foreign-key check and no trigger or rule of the target fires on the
/// replayed rows, which `psql` otherwise runs row by row (pg_dump's `--disable-triggers`
/// gets the same by `DISABLE TRIGGER ALL`). Setting `session_replication_role` needs a
/// superuser (or, from PostgreSQL 15, `GRANT SET ON PARAMETER`); for any other role the
/// block catches the refusal, so that a `psql -1` replay does not abort, and says in a
/// NOTICE that the replay is correct but slower. Foreign keys are not re-checked: the
/// rows come from one consistent snapshot in which they held.
/// <https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-SESSION-REPLICATION-ROLE>
pub const REPLICA_ON: &str = "DO $$BEGIN SET session_replication_role = replica; \
EXCEPTION WHEN insufficient_privilege THEN RAISE NOTICE 'dbshape: role % may not set session_replication_role \
(a superuser may): foreign keys are checked row by row, so this replay is slower', current_user; END$$;";

/// Last line of a PostgreSQL dump's finish block (format 2 on): the session's own
/// `session_replication_role` again. A role that could not set it cannot reset it
/// either (`RESET` needs the same right), and has nothing to reset.
pub const REPLICA_RESET: &str = "DO $$BEGIN RESET session_replication_role; \
EXCEPTION WHEN insufficient_privilege THEN NULL; END$$;";

/// The preamble: session settings written before the data so that the engine's own
/// client replays the dump as dbshape wrote it.
pub fn preamble(dialect: Dialect) -> &'static [&'static str] {
    match dialect {
        Dialect::Postgres => POSTGRES_SESSION,
        Dialect::Mysql => MYSQL_PREAMBLE,
        Dialect::Sqlite => SQLITE_PREAMBLE,
    }
}

/// The postamble: lines after the trigger blocks (settings back; `COMMIT;` on SQLite).
pub fn postamble(dialect: Dialect) -> &'static [&'static str] {
    match dialect {
        Dialect::Postgres => &[],
        Dialect::Mysql => MYSQL_POSTAMBLE,
        Dialect::Sqlite => SQLITE_POSTAMBLE,
    }
}

/// Statements that make a database shaped at the dump's version ready for the data
/// when a client replays the dump: remove the rows its migrations seeded, and keep
/// triggers from firing on restored rows (so rows come back exactly as dumped).
/// Rendered from the header alone, so a reader can check them line by line.
pub fn prepare_lines(header: &Header) -> Vec<String> {
    let d = header.dialect;
    let mut out = Vec::new();
    match d {
        Dialect::Postgres => {
            if header.format_version >= 2 {
                out.push(REPLICA_ON.to_string());
            }
            if !header.tables.is_empty() {
                let names: Vec<String> = header.tables.iter().map(|t| t.quoted(d)).collect();
                out.push(format!("TRUNCATE TABLE {};", names.join(", ")));
            }
            for t in &header.tables {
                out.push(format!("ALTER TABLE {} DISABLE TRIGGER USER;", t.quoted(d)));
            }
        }
        Dialect::Mysql | Dialect::Sqlite => {
            for t in &header.tables {
                out.push(format!("DELETE FROM {};", t.quoted(d)));
            }
            for t in &header.triggers {
                out.push(format!(
                    "DROP TRIGGER IF EXISTS {};",
                    quote_ident(d, &t.name)
                ));
            }
        }
    }
    out
}

/// Statements after the data that undo `prepare_lines` (PostgreSQL: enable triggers,
/// then reset `session_replication_role`); MySQL and SQLite recreate triggers from the
/// trigger blocks instead.
pub fn finish_lines(header: &Header) -> Vec<String> {
    match header.dialect {
        Dialect::Postgres => {
            let mut out: Vec<String> = header
                .tables
                .iter()
                .map(|t| {
                    format!(
                        "ALTER TABLE {} ENABLE TRIGGER USER;",
                        t.quoted(header.dialect)
                    )
                })
                .collect();
            if header.format_version >= 2 {
                out.push(REPLICA_RESET.to_string());
            }
            out
        }
        Dialect::Mysql | Dialect::Sqlite => Vec::new(),
    }
}

/// The lines of a trigger block (between its markers) for a client to replay: MySQL
/// `DELIMITER ;;`, the definition's lines, `;;` after the last, `DELIMITER ;` (the
/// mariadb client needs another delimiter for a body holding `;`); SQLite the
/// definition's lines with `;` after the last.
pub fn trigger_block(dialect: Dialect, trigger: &TriggerDef) -> Vec<String> {
    let body: Vec<String> = trigger.definition.split('\n').map(str::to_string).collect();
    match dialect {
        Dialect::Mysql => {
            let mut out = vec![MYSQL_DELIMITER_ON.to_string()];
            out.extend(body);
            if let Some(last) = out.last_mut() {
                last.push_str(";;");
            }
            out.push(MYSQL_DELIMITER_OFF.to_string());
            out
        }
        _ => {
            let mut out = body;
            if let Some(last) = out.last_mut() {
                last.push(';');
            }
            out
        }
    }
}

const MYSQL_DELIMITER_ON: &str = "DELIMITER ;;";
const MYSQL_DELIMITER_OFF: &str = "DELIMITER ;";

/// The definition a trigger block holds, when the block is exactly
/// [`trigger_block`] of one definition that [`check_trigger`] accepts for the header's
/// trigger `name` on `table`; otherwise why not.
pub fn trigger_definition(
    dialect: Dialect,
    name: &str,
    table: &str,
    lines: &[&[u8]],
) -> Result<String, String> {
    let mut text = Vec::new();
    for l in lines {
        let l = std::str::from_utf8(l).map_err(|_| "the trigger block is not UTF-8")?;
        text.push(l);
    }
    let body: &[&str] = match dialect {
        Dialect::Mysql => match text.as_slice() {
            [first, body @ .., last]
                if *first == MYSQL_DELIMITER_ON && *last == MYSQL_DELIMITER_OFF =>
            {
                body
            }
            _ => {
                return Err(format!(
                    "a MySQL trigger block is `{MYSQL_DELIMITER_ON}`, one CREATE TRIGGER statement ending in `;;`, and `{MYSQL_DELIMITER_OFF}`"
                ))
            }
        },
        Dialect::Sqlite => &text,
        Dialect::Postgres => return Err("a PostgreSQL dump has no trigger blocks".into()),
    };
    let end = if dialect == Dialect::Mysql { ";;" } else { ";" };
    let definition = match body.split_last() {
        Some((last, rest)) if last.ends_with(end) => {
            let mut d = rest.join("\n");
            if !rest.is_empty() {
                d.push('\n');
            }
            d.push_str(&last[..last.len() - end.len()]);
            d
        }
        _ => return Err(format!("the trigger statement does not end with `{end}`")),
    };
    let def = TriggerDef {
        name: name.to_string(),
        table: table.to_string(),
        definition,
    };
    check_trigger(dialect, &def)?;
    debug_assert_eq!(
        trigger_block(dialect, &def),
        text.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    );
    Ok(def.definition)
}

/// Whether a trigger definition can be written into a dump and replayed by the
/// engine's client as that one statement and nothing else. The writer refuses a
/// trigger this rejects, and the reader refuses a dump holding one.
///
/// - MySQL: `CREATE TRIGGER <name> BEFORE|AFTER INSERT|UPDATE|DELETE ON <table> FOR EACH
///   ROW <body>`, as `engine::mysql_snapshot::catalog` rebuilds it; no `;;` (the
///   block's delimiter) anywhere, no backslash outside quotes (the client runs `\!`,
///   `\.` and the other backslash commands wherever they appear outside a quoted
///   string), and no line starting with `delimiter`.
/// - SQLite: one `CREATE [TEMP] TRIGGER ... BEGIN ...; END` statement: no `;` outside
///   quotes and comments before its `BEGIN`, and `;` followed by `END` only at its very
///   end (after a `;` inside the body the next word starts a statement, and only the
///   trigger's own `END` may close it), so nothing can follow the trigger.
/// - Both: no line starts with `.` or `\` (sqlite3's dot commands, the clients'
///   backslash commands), no control character other than tab and CR.
pub fn check_trigger(dialect: Dialect, t: &TriggerDef) -> Result<(), String> {
    let def = t.definition.as_str();
    if let Some(c) = def
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
    {
        return Err(format!(
            "the definition of trigger `{}` holds the control character U+{:04X}",
            t.name, c as u32
        ));
    }
    for line in def.split('\n') {
        let start = line.trim_start();
        if start.starts_with('.') || start.starts_with('\\') {
            return Err(format!(
                "a line of trigger `{}` starts with `{}`, which the engine's client takes for one of its own commands",
                t.name,
                &start[..1]
            ));
        }
        if dialect == Dialect::Mysql
            && start
                .get(..9)
                .is_some_and(|w| w.eq_ignore_ascii_case("delimiter"))
        {
            return Err(format!(
                "a line of trigger `{}` starts with `delimiter`, which the mariadb client takes for its own command",
                t.name
            ));
        }
    }
    match dialect {
        Dialect::Mysql => check_mysql_trigger(t),
        Dialect::Sqlite => check_sqlite_trigger(t),
        Dialect::Postgres => Err("a PostgreSQL dump has no trigger blocks".into()),
    }
}

fn check_mysql_trigger(t: &TriggerDef) -> Result<(), String> {
    let def = t.definition.as_str();
    let head = format!("CREATE TRIGGER {} ", quote_ident(Dialect::Mysql, &t.name));
    let on = format!(
        " ON {} FOR EACH ROW ",
        quote_ident(Dialect::Mysql, &t.table)
    );
    let shaped = def.strip_prefix(&head).and_then(|rest| {
        ["BEFORE", "AFTER"].iter().find_map(|timing| {
            let rest = rest.strip_prefix(timing)?.strip_prefix(' ')?;
            ["INSERT", "UPDATE", "DELETE"]
                .iter()
                .find_map(|event| rest.strip_prefix(event)?.strip_prefix(&on))
        })
    });
    let Some(body) = shaped.filter(|b| !b.trim().is_empty()) else {
        return Err(format!(
            "trigger `{}` is not `CREATE TRIGGER {} BEFORE|AFTER INSERT|UPDATE|DELETE ON {} FOR EACH ROW ...`",
            t.name,
            quote_ident(Dialect::Mysql, &t.name),
            quote_ident(Dialect::Mysql, &t.table)
        ));
    };
    if def.contains(";;") {
        return Err(format!(
            "trigger `{}` holds `;;`, the delimiter of its block, so a client would end the statement there",
            t.name
        ));
    }
    // Backslashes only inside quoted strings and names, where they are escapes or
    // plain characters. Comments are followed as the client does (`#` and `-- ` to
    // the end of the line, `/* */`), so that a quote inside one opens nothing; a
    // backslash inside a comment is refused too.
    let refuse = || {
        format!(
            "trigger `{}` holds a backslash outside a quoted string, which the mariadb client would take for one of its own commands",
            t.name
        )
    };
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' && q != b'`' { 2 } else { 1 };
                }
                if i >= b.len() {
                    return Err(format!(
                        "trigger `{}` has a quote that is not closed",
                        t.name
                    ));
                }
                i += 1;
            }
            b'\\' => return Err(refuse()),
            b'#' | b'-' | b'/' if comment_at(b, i) => {
                // The block's `;;` follows the last line: a comment left open there
                // would swallow it, and the client would read on into what follows.
                let end = if b[i] == b'/' {
                    body[i + 2..].find("*/").map(|k| i + 2 + k + 2)
                } else {
                    body[i..].find('\n').map(|k| i + k)
                };
                let Some(end) = end else {
                    return Err(format!(
                        "trigger `{}` ends inside a comment, which would hide the end of its statement",
                        t.name
                    ));
                };
                if body[i..end].contains('\\') {
                    return Err(refuse());
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Whether a MySQL comment starts at `i`: `#`, `-- ` (a blank or control character
/// after the dashes, or the end) or `/*`.
fn comment_at(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'#' => true,
        b'-' => b.get(i + 1) == Some(&b'-') && b.get(i + 2).is_none_or(|c| *c <= b' '),
        b'/' => b.get(i + 1) == Some(&b'*'),
        _ => false,
    }
}

/// A word or punctuation of SQLite text outside quotes and comments, upper-cased.
fn sqlite_tokens(sql: &str) -> Result<Vec<String>, String> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\'' | b'"' | b'`' | b'[' => {
                let close = if c == b'[' { b']' } else { c };
                let mut j = i + 1;
                loop {
                    match b.get(j) {
                        None => return Err("a quote is not closed".into()),
                        Some(&x) if x == close => {
                            // A doubled quote is one quote character (not for `[...]`).
                            if close != b']' && b.get(j + 1) == Some(&close) {
                                j += 2;
                                continue;
                            }
                            break;
                        }
                        Some(_) => j += 1,
                    }
                }
                out.push("'".to_string());
                i = j + 1;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => match sql[i + 2..].find("*/") {
                Some(k) => i += 2 + k + 2,
                None => return Err("a comment is not closed".into()),
            },
            c if c.is_ascii_whitespace() => i += 1,
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 => {
                let start = i;
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'$') || b[i] >= 0x80)
                {
                    i += 1;
                }
                out.push(sql[start..i].to_ascii_uppercase());
            }
            _ => {
                let ch = sql[i..].chars().next().unwrap_or(' ');
                out.push(ch.to_string());
                i += ch.len_utf8();
            }
        }
    }
    Ok(out)
}

fn check_sqlite_trigger(t: &TriggerDef) -> Result<(), String> {
    let not_one = |why: &str| {
        format!(
            "trigger `{}` is not one CREATE TRIGGER statement: {why}",
            t.name
        )
    };
    // With the block's own `;`, so that a comment left open at the end, which would
    // swallow it, shows as a statement that does not end.
    let tokens = sqlite_tokens(&format!("{};", t.definition)).map_err(|w| not_one(&w))?;
    let mut words = tokens.iter().map(String::as_str);
    let opening = matches!(
        (words.next(), words.next(), words.next()),
        (Some("CREATE"), Some("TRIGGER"), _)
            | (Some("CREATE"), Some("TEMP" | "TEMPORARY"), Some("TRIGGER"))
    );
    if !opening {
        return Err(not_one("it does not start with CREATE TRIGGER"));
    }
    let Some(begin) = tokens.iter().position(|w| w == "BEGIN") else {
        return Err(not_one("it has no BEGIN"));
    };
    if tokens[..begin].iter().any(|w| w == ";") {
        return Err(not_one("a `;` ends it before its BEGIN"));
    }
    // Nothing after the final END, not even a comment: the statement the sqlite3 shell
    // runs ends at the first `; END ;` (`sqlite3_complete`), and that must be the block's.
    let ends_with_end = t
        .definition
        .trim_end()
        .get(t.definition.trim_end().len().saturating_sub(3)..)
        .is_some_and(|w| w.eq_ignore_ascii_case("END"));
    let n = tokens.len();
    if !ends_with_end || n < begin + 4 || tokens[n - 3..] != [";", "END", ";"] {
        return Err(not_one("it does not end with `; END`"));
    }
    let early_end = tokens[begin..n - 3]
        .windows(2)
        .any(|w| w[0] == ";" && w[1] == "END");
    if early_end {
        return Err(not_one("its body ends before the end of the block"));
    }
    Ok(())
}

/// Whether a name (table, column, schema, trigger, sequence) can be written into a dump:
/// no control character, so a quoted name never breaks a line.
pub fn check_name(what: &str, name: &str) -> Result<(), String> {
    match name.chars().find(|c| c.is_control()) {
        Some(c) => Err(format!(
            "{what} `{}` holds the control character U+{:04X}, which a dump cannot carry (every statement of a dump is one line)",
            name.escape_debug(),
            c as u32
        )),
        None => Ok(()),
    }
}

/// Every name a header carries, checked by [`check_name`]; a PostgreSQL dump carries no
/// triggers.
pub fn check_header_names(header: &Header) -> Result<(), String> {
    for t in &header.tables {
        check_name("table", &t.name)?;
        if let Some(s) = &t.schema {
            check_name("schema", s)?;
        }
        if let Some(p) = &t.partition_of {
            check_name("partitioned table", p)?;
        }
        for c in &t.columns {
            check_name("column", &c.name)?;
        }
    }
    if header.dialect == Dialect::Postgres && !header.triggers.is_empty() {
        return Err("a PostgreSQL dump lists triggers, which dbshape never writes".into());
    }
    for t in &header.triggers {
        check_name("trigger", &t.name)?;
        check_name("table", &t.table)?;
    }
    Ok(())
}

/// Whether a dump's triggers are the target's own: the same names, each with the same
/// definition (compared line by line without line-end differences and trailing
/// blanks, which an editor or a platform may change). A restore never runs a dump's
/// trigger definitions; one that differs would mean the dump was altered, or that the
/// source's triggers were changed outside the migrations.
pub fn same_triggers(dump: &[TriggerDef], own: &[TriggerDef]) -> Result<(), String> {
    let norm = |d: &str| -> Vec<String> { d.lines().map(|l| l.trim_end().to_string()).collect() };
    let find = |list: &[TriggerDef], name: &str| list.iter().find(|t| t.name == name).cloned();
    for t in dump {
        match find(own, &t.name) {
            None => {
                return Err(format!(
                    "the dump holds trigger `{}` on `{}`, which the target does not have",
                    t.name, t.table
                ))
            }
            Some(mine) if norm(&mine.definition) != norm(&t.definition) => {
                return Err(format!(
                    "the dump's definition of trigger `{}` differs from the target's own",
                    t.name
                ))
            }
            Some(_) => {}
        }
    }
    if let Some(t) = own.iter().find(|t| find(dump, &t.name).is_none()) {
        return Err(format!(
            "the target has trigger `{}` on `{}`, which the dump does not hold",
            t.name, t.table
        ));
    }
    Ok(())
}

/// Whether a dump of this header and these triggers can be written so that this build
/// reads it back: the writer's side of the reader's checks, so that `backup` refuses
/// before it writes rather than leave a dump no restore accepts.
pub fn check_writable(header: &Header, triggers: &[TriggerDef]) -> Result<(), String> {
    check_header_names(header)?;
    for t in triggers {
        check_trigger(header.dialect, t)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::format::test_pg_header;

    /// Regression: a psql replay checked every foreign key row by row (format 2 skips
    /// them where the role may), and format 1 dumps must still read as they were written.
    #[test]
    fn postgres_dumps_switch_the_replication_role_from_format_2_on() {
        let v1 = test_pg_header(1);
        assert_eq!(
            prepare_lines(&v1),
            [
                "TRUNCATE TABLE \"t\";",
                "ALTER TABLE \"t\" DISABLE TRIGGER USER;"
            ]
        );
        assert_eq!(
            finish_lines(&v1),
            ["ALTER TABLE \"t\" ENABLE TRIGGER USER;"]
        );
        let v2 = test_pg_header(2);
        let prepare = prepare_lines(&v2);
        assert_eq!(prepare[0], REPLICA_ON);
        assert_eq!(prepare[1..], prepare_lines(&v1)[..]);
        let finish = finish_lines(&v2);
        assert_eq!(finish.last().map(String::as_str), Some(REPLICA_RESET));
        for line in [REPLICA_ON, REPLICA_RESET] {
            assert!(!line.contains('\n') && line.ends_with("END$$;"), "{line}");
        }
        assert!(REPLICA_ON.contains("SET session_replication_role = replica;"));
        assert!(REPLICA_ON.contains("RAISE NOTICE 'dbshape: role % may not set"));
    }

    #[test]
    fn session_lines_are_single_statements_of_one_line() {
        for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            for line in preamble(d).iter().chain(postamble(d)) {
                assert!(line.ends_with(';') && !line.contains('\n'), "{line}");
                assert_eq!(line.matches(';').count(), 1, "{line}");
                assert!(!line.contains('\\'), "{line}");
            }
        }
    }

    fn def(name: &str, table: &str, definition: &str) -> TriggerDef {
        TriggerDef {
            name: name.into(),
            table: table.into(),
            definition: definition.into(),
        }
    }

    fn round_trip(d: Dialect, t: &TriggerDef) -> Result<String, String> {
        let block = trigger_block(d, t);
        let lines: Vec<&[u8]> = block.iter().map(|l| l.as_bytes()).collect();
        trigger_definition(d, &t.name, &t.table, &lines)
    }

    #[test]
    fn triggers_dbshape_writes_read_back() {
        let my = def(
            "t_ai",
            "t",
            "CREATE TRIGGER `t_ai` AFTER INSERT ON `t` FOR EACH ROW BEGIN\n  INSERT INTO h VALUES (NEW.id, 'a\\'b;');\nEND",
        );
        assert_eq!(round_trip(Dialect::Mysql, &my).unwrap(), my.definition);
        let lite = def(
            "t_ai",
            "t",
            "CREATE TRIGGER t_ai AFTER INSERT ON t WHEN NEW.x <> 'END;'\nBEGIN\n  INSERT INTO h VALUES (CASE WHEN NEW.x THEN 1 END); -- ; END\n  UPDATE h SET y = 1;\nEND",
        );
        assert_eq!(round_trip(Dialect::Sqlite, &lite).unwrap(), lite.definition);
    }

    #[test]
    fn trigger_blocks_holding_more_than_their_trigger_are_refused() {
        let my = |body: &str| {
            def(
                "t_ai",
                "t",
                &format!("CREATE TRIGGER `t_ai` AFTER INSERT ON `t` FOR EACH ROW {body}"),
            )
        };
        for (d, t) in [
            (Dialect::Mysql, my("SET @a = 1;;\nDROP TABLE x")),
            (Dialect::Mysql, my("SET @a = 1 \\! touch /tmp/x")),
            (Dialect::Mysql, my("SET @a = 1;\n\\! touch /tmp/x")),
            (Dialect::Mysql, my("SET @a = 1;\ndelimiter ;")),
            (Dialect::Mysql, my("BEGIN -- it's\nSET @a = 1; \\! touch /tmp/x -- '\nEND")),
            (Dialect::Mysql, my("BEGIN /* ' */ SET @a = '\\! ok'; \\! touch /tmp/x; END")),
            (Dialect::Mysql, my("")),
            (Dialect::Mysql, def("t_ai", "t", "DROP TABLE `t`")),
            (
                Dialect::Mysql,
                def("t_ai", "t", "CREATE TRIGGER `other` AFTER INSERT ON `t` FOR EACH ROW SET @a = 1"),
            ),
            (
                Dialect::Sqlite,
                def("x", "t", "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END;\nATTACH 'f' AS f; CREATE TRIGGER y AFTER INSERT ON t BEGIN SELECT 1; END"),
            ),
            (
                Dialect::Sqlite,
                def("x", "t", "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END\n.shell touch /tmp/x\n;SELECT 1; END"),
            ),
            (Dialect::Sqlite, def("x", "t", "CREATE TABLE x (a)")),
            (
                Dialect::Sqlite,
                def("x", "t", "CREATE TRIGGER x AFTER INSERT ON t WHEN 1; DROP TABLE t; BEGIN SELECT 1; END"),
            ),
            (
                Dialect::Sqlite,
                def("x", "t", "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 'a\u{7}'; END"),
            ),
            // Found by the fuzz target: a comment after END swallows the block's `;`.
            (
                Dialect::Sqlite,
                def("x", "t", "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END--#"),
            ),
            (
                Dialect::Sqlite,
                def("x", "t", "CREATE TRIGGER BEGIN;;; ;0;\nEND;---</-/"),
            ),
            (
                Dialect::Sqlite,
                def("x", "t", "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END /* c */"),
            ),
            (Dialect::Mysql, my("SET @a = 1 -- x")),
            (Dialect::Mysql, my("SET @a = 1 # x")),
            (Dialect::Mysql, my("SET @a = 1 /* x")),
        ] {
            assert!(round_trip(d, &t).is_err(), "{d:?}: {}", t.definition);
        }
    }

    #[test]
    fn names_with_control_characters_are_refused() {
        assert!(check_name("table", "a\n\\! id").is_err());
        assert!(check_name("table", "a\u{0}").is_err());
        assert!(check_name("table", "ok name \"q\" `b` é").is_ok());
    }
}
