//! Splits a migration file into the SQL statements dbshape sends to the database one at a
//! time.
//!
//! Database drivers execute one statement per call (or refuse multi-statement strings
//! altogether), and dbshape records progress per statement, so migration files have to be
//! cut at their statement terminators. A plain split on `;` is wrong as soon as a `;` sits in
//! a string, a comment, a quoted identifier or a routine body, so this module runs a small
//! lexer per [`Dialect`] that only knows what is needed to find the real terminators. It
//! never parses SQL: anything it does not recognise is passed through untouched for the
//! server to judge.
//!
//! What every dialect shares:
//!
//! * `;` ends a statement; `'...'` strings and `"..."` quoted identifiers escape their quote
//!   by doubling it; `-- ` line comments and `/* */` block comments are skipped.
//! * Input is first [`normalize`]d (BOM stripped, CRLF and lone CR turned into LF) and
//!   [`Statement::line`] counts lines of that normalized text, which are the lines an editor
//!   shows.
//!
//! Dialect rules:
//!
//! * **PostgreSQL** (as `psql` reads files): block comments nest; `$$...$$` and
//!   `$tag$...$tag$` are dollar-quoted strings while `$1` is a parameter; `E'...'` strings
//!   treat backslash as an escape, standard strings do not; a `;` inside parentheses does
//!   not end a statement (multi-action `CREATE RULE`); and in `CREATE [OR REPLACE]
//!   FUNCTION|PROCEDURE` statements a SQL-standard `BEGIN ATOMIC ... END` body is kept whole.
//! * **MySQL / MariaDB** (as the `mysql` client reads files): `#` starts a line comment and
//!   `--` only does when followed by whitespace, a control character or the end of input
//!   (`1--1` is arithmetic); backticks quote identifiers; backslash escapes inside `'...'`
//!   and `"..."`, and `"..."` is a string; block comments do not nest and `/*! ... */`
//!   executable comments count as statement text; a `DELIMITER xx` client command replaces
//!   the terminator until the next `DELIMITER` command, so routine and trigger bodies may
//!   contain `;`. `DELIMITER` is only recognised as the first word of a statement and takes
//!   the rest of its line; its line is not part of any statement.
//! * **SQLite** (as `sqlite3` reads files): `[...]` and backticks quote identifiers too;
//!   backslash is an ordinary character; block comments do not nest; a
//!   `CREATE [TEMP|TEMPORARY] TRIGGER` statement only ends at the `;` after the `END` that
//!   closes its `BEGIN` body.
//!
//! For the body rules (SQLite triggers, PostgreSQL `BEGIN ATOMIC`) `BEGIN` and `CASE` open a
//! block and `END` closes one, counted as whole, case-insensitive words outside literals,
//! comments and parentheses, so `CASE ... END` inside a body does not end it and
//! `BEGINNING`, `end_date` or `legend` are not keywords. A plain `BEGIN;` or
//! `BEGIN TRANSACTION;` is an ordinary statement.
//!
//! Comments and statement text: a statement's [`Statement::sql`] is the exact slice of the
//! normalized input from its first non-blank character to just before its terminator,
//! trimmed, so offsets inside it map straight back to the file from [`Statement::line`].
//! Comments written above a statement belong to it and are kept at the start of its text;
//! comments inside it are kept as written. Comments on the same line after a terminator
//! describe the statement that just ended and are dropped. A chunk holding only whitespace
//! and comments (empty statements such as `;;`, comments at the end of the file, comments
//! before a MySQL `DELIMITER` line) is dropped.
//!
//! The work is split by rule: `lexer` scans literals, comments and words and cuts
//! statements; `body` decides which `;` cannot end a statement (bodies, PostgreSQL's
//! parentheses); `delimiter` reads MySQL's `DELIMITER` command.

mod body;
mod delimiter;
mod lexer;

use crate::dialect::Dialect;
pub use crate::error::SplitError;

/// One statement of a migration file, ready to be sent to the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement text, trimmed, without its terminating delimiter. Comments written
    /// above the statement are included.
    pub sql: String,
    /// The 1-based line of the first non-blank character of `sql` in the normalized input.
    pub line: usize,
    /// The 1-based position of the statement in its file, as journaled: it stays the
    /// same when statements before it are elided (see [`crate::migrate::control`]).
    pub index: usize,
    /// The whitespace between the end of `sql` and its terminator, kept so that the
    /// statement reaches the server as the engine's own client sends it (SQLite stores
    /// a `CREATE` statement's text up to its `;`, trailing spaces included).
    pub trailing: String,
}

impl Statement {
    /// The statement as sent inside a multi-statement call: its text, the whitespace
    /// that preceded its terminator in the file, and `;`. A statement whose last line
    /// ends in a `--` (or MySQL `#`) comment gets a line break before the `;` if the
    /// file had none there (a last statement without a terminator), so the `;` is not
    /// commented out.
    pub fn terminated(&self) -> String {
        let mut out = String::with_capacity(self.sql.len() + self.trailing.len() + 2);
        out.push_str(&self.sql);
        out.push_str(&self.trailing);
        let last_line = self.sql.rsplit('\n').next().unwrap_or_default();
        if !self.trailing.contains('\n') && (last_line.contains("--") || last_line.contains('#')) {
            out.push('\n');
        }
        out.push(';');
        out
    }
}

/// Strips a leading UTF-8 byte order mark and turns CRLF and lone CR line endings into LF.
///
/// [`split`] applies this itself; it is public so that callers which hash or display
/// migration files see the same text the line numbers refer to.
pub fn normalize(content: &str) -> String {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    content.replace("\r\n", "\n").replace('\r', "\n")
}

/// Splits a migration file into statements using the rules of `dialect`.
///
/// The content is [`normalize`]d first. Statements come back in file order; a final
/// statement without a terminator is included. See the module documentation for the exact
/// lexical rules and for how comments are attributed.
pub fn split(content: &str, dialect: Dialect) -> Result<Vec<Statement>, SplitError> {
    let text = normalize(content);
    lexer::Splitter::new(&text, dialect).run()
}

#[cfg(test)]
mod testing;

#[cfg(test)]
mod tests {
    use crate::migrate::splitter::testing::*;

    // ---- shared behaviour -------------------------------------------------------------

    #[test]
    fn empty_and_blank_input_yield_no_statements() {
        for dialect in Dialect::ALL {
            assert!(ok("", dialect).is_empty());
            assert!(ok(" \n\t\n", dialect).is_empty());
            assert!(ok("\u{feff}", dialect).is_empty());
        }
    }

    #[test]
    fn comment_only_input_yields_no_statements() {
        let input = "-- header; with 'quote'\n/* block; \"x\" */\n  -- more\n";
        for dialect in Dialect::ALL {
            assert!(ok(input, dialect).is_empty(), "{dialect}");
        }
        assert!(ok("# mysql only; comment\n", MY).is_empty());
    }

    #[test]
    fn splits_on_semicolons_and_trims() {
        for dialect in Dialect::ALL {
            assert_eq!(
                sqls("  SELECT 1 ;\nSELECT 2;\n\n  SELECT 3;  ", dialect),
                ["SELECT 1", "SELECT 2", "SELECT 3"]
            );
        }
    }

    #[test]
    fn final_statement_without_terminator_is_returned() {
        for dialect in Dialect::ALL {
            assert_eq!(
                sqls("SELECT 1;\nSELECT 2\n", dialect),
                ["SELECT 1", "SELECT 2"]
            );
        }
    }

    #[test]
    fn empty_statements_are_dropped() {
        for dialect in Dialect::ALL {
            assert_eq!(sqls(";;\nSELECT 1;;; ;\n;", dialect), ["SELECT 1"]);
        }
    }

    #[test]
    fn semicolons_in_single_quoted_strings_do_not_split() {
        for dialect in Dialect::ALL {
            assert_eq!(
                sqls(
                    "INSERT INTO t VALUES ('a;b', 'it''s; ok');SELECT ';'",
                    dialect
                ),
                ["INSERT INTO t VALUES ('a;b', 'it''s; ok')", "SELECT ';'"],
                "{dialect}"
            );
        }
    }

    #[test]
    fn semicolons_in_double_quoted_text_do_not_split() {
        for dialect in Dialect::ALL {
            assert_eq!(
                sqls("SELECT \"a;\"\"b\" FROM t; SELECT 2", dialect),
                ["SELECT \"a;\"\"b\" FROM t", "SELECT 2"],
                "{dialect}"
            );
        }
    }

    #[test]
    fn semicolons_and_quotes_in_comments_do_not_split() {
        let input = "SELECT 1 -- don't; split \"here\n, 2 /* nor ; 'here' */ ;\nSELECT 3";
        for dialect in Dialect::ALL {
            assert_eq!(
                sqls(input, dialect),
                [
                    "SELECT 1 -- don't; split \"here\n, 2 /* nor ; 'here' */",
                    "SELECT 3"
                ],
                "{dialect}"
            );
        }
    }

    #[test]
    fn comments_above_a_statement_are_kept_with_it() {
        let input = "SELECT 1;\n\n-- creates the users table;\n/* owner: 'core' */\nCREATE TABLE users (id int);\n";
        for dialect in Dialect::ALL {
            let statements = ok(input, dialect);
            assert_eq!(statements.len(), 2, "{dialect}");
            assert_eq!(
                statements[1].sql,
                "-- creates the users table;\n/* owner: 'core' */\nCREATE TABLE users (id int)"
            );
            assert_eq!(statements[1].line, 3, "line of the leading comment");
        }
    }

    #[test]
    fn comments_after_a_terminator_on_its_line_are_dropped() {
        let input = "CREATE TABLE a (id int); -- the a table\nCREATE TABLE b (id int); /* b */ /* more */\nSELECT 1; /* spans\nlines */ SELECT 2;";
        for dialect in Dialect::ALL {
            assert_eq!(
                sqls(input, dialect),
                [
                    "CREATE TABLE a (id int)",
                    "CREATE TABLE b (id int)",
                    "SELECT 1",
                    "SELECT 2"
                ],
                "{dialect}"
            );
        }
    }

    #[test]
    fn a_statement_after_a_terminator_on_the_same_line_is_kept() {
        for dialect in Dialect::ALL {
            assert_eq!(
                ok("SELECT 1; /* note */ SELECT 2;", dialect),
                [
                    Statement {
                        sql: "SELECT 1".into(),
                        line: 1,
                        index: 1,
                        trailing: String::new()
                    },
                    Statement {
                        sql: "SELECT 2".into(),
                        line: 1,
                        index: 2,
                        trailing: String::new()
                    },
                ]
            );
        }
    }

    /// Regression: statements reached the server as `<text>\n;`, so SQLite stored a line
    /// break (and lost the spaces before `;`) in `sqlite_master.sql`.
    #[test]
    fn a_statement_is_sent_with_the_whitespace_before_its_terminator() {
        let st = ok("CREATE INDEX i ON t (a) ;\nCREATE INDEX j ON t (b);", LITE);
        assert_eq!(st[0].trailing, " ");
        assert_eq!(st[0].terminated(), "CREATE INDEX i ON t (a) ;");
        assert_eq!(st[1].terminated(), "CREATE INDEX j ON t (b);");
        let st = ok("SELECT 1 -- one\n;\nSELECT 2 -- two", PG);
        assert_eq!(st[0].terminated(), "SELECT 1 -- one\n;");
        assert_eq!(
            st[1].terminated(),
            "SELECT 2 -- two\n;",
            "the `;` is not commented out"
        );
    }

    #[test]
    fn trailing_comments_at_end_of_file_are_dropped() {
        for dialect in Dialect::ALL {
            assert_eq!(
                sqls("SELECT 1;\n-- the end\n/* really; */\n", dialect),
                ["SELECT 1"]
            );
        }
    }

    #[test]
    fn comments_inside_and_at_the_end_of_a_statement_stay_in_its_text() {
        for dialect in Dialect::ALL {
            assert_eq!(
                sqls(
                    "SELECT a, -- first\n  b /* second */\nFROM t -- last\n;",
                    dialect
                ),
                ["SELECT a, -- first\n  b /* second */\nFROM t -- last"]
            );
        }
    }

    #[test]
    fn line_numbers_point_at_the_first_non_blank_character() {
        let input = "\n\nSELECT 1;\n   SELECT\n2;\n\n\n  -- c\n  SELECT 3";
        for dialect in Dialect::ALL {
            assert_eq!(lines(input, dialect), [3, 4, 8], "{dialect}");
        }
    }

    #[test]
    fn crlf_input_is_normalized_and_lines_stay_correct() {
        let input = "SELECT 'a\r\nb';\r\n\r\nSELECT 2;\r\n";
        for dialect in Dialect::ALL {
            assert_eq!(
                ok(input, dialect),
                [
                    Statement {
                        sql: "SELECT 'a\nb'".into(),
                        line: 1,
                        index: 1,
                        trailing: String::new()
                    },
                    Statement {
                        sql: "SELECT 2".into(),
                        line: 4,
                        index: 2,
                        trailing: String::new()
                    },
                ]
            );
        }
    }

    #[test]
    fn bom_is_stripped_and_does_not_shift_lines() {
        for dialect in Dialect::ALL {
            assert_eq!(
                ok("\u{feff}SELECT 1;\r\nSELECT 2;", dialect),
                [
                    Statement {
                        sql: "SELECT 1".into(),
                        line: 1,
                        index: 1,
                        trailing: String::new()
                    },
                    Statement {
                        sql: "SELECT 2".into(),
                        line: 2,
                        index: 2,
                        trailing: String::new()
                    },
                ]
            );
        }
    }

    #[test]
    fn lone_carriage_returns_count_as_line_breaks() {
        assert_eq!(lines("SELECT 1;\rSELECT 2;\r\rSELECT 3", LITE), [1, 2, 4]);
    }

    #[test]
    fn normalize_strips_bom_and_unifies_line_endings() {
        assert_eq!(normalize("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(
            normalize("a\u{feff}"),
            "a\u{feff}",
            "only a leading BOM is stripped"
        );
        assert_eq!(normalize("\r\r\n"), "\n\n");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn non_ascii_text_passes_through() {
        for dialect in Dialect::ALL {
            assert_eq!(
                sqls(
                    "INSERT INTO café VALUES ('naïve; 日本');SELECT ünïcode",
                    dialect
                ),
                ["INSERT INTO café VALUES ('naïve; 日本')", "SELECT ünïcode"]
            );
        }
    }
    #[test]
    fn error_messages_are_lowercase_and_name_the_line() {
        let errors = [
            err("\n'", LITE),
            err("\n\"", LITE),
            err("\n/*", LITE),
            err("\n$$", PG),
            err("\nCREATE TRIGGER x BEGIN", LITE),
            err("\n(", PG),
            err("\nDELIMITER", MY),
            err("\nDELIMITER a b", MY),
        ];
        for error in errors {
            let message = error.to_string();
            assert!(
                message.starts_with(|c: char| c.is_ascii_lowercase()),
                "{message}"
            );
            assert!(message.contains("line 2"), "{message}");
        }
    }
    // ---- properties -------------------------------------------------------------------

    fn round_trip(samples: &[&str], dialect: Dialect) {
        let joined = samples.join(";\n");
        assert_eq!(sqls(&joined, dialect), samples, "{dialect}");
        assert_eq!(sqls(&format!("{joined};\n"), dialect), samples, "{dialect}");
        let lines = lines(&joined, dialect);
        let mut expected = 1;
        for (sample, line) in samples.iter().zip(lines) {
            assert_eq!(line, expected, "{dialect}: {sample}");
            expected += sample.matches('\n').count() + 1;
        }
    }

    #[test]
    fn joined_samples_split_back_into_the_same_statements() {
        let common = [
            "SELECT 1",
            "INSERT INTO t (a, b) VALUES ('x;y', 'it''s')",
            "SELECT \"weird;\"\"name\" FROM t",
            "-- leading note; with 'quote'\nUPDATE t SET a = 1",
            "SELECT a /* inline; */ FROM t\nWHERE b = 'multi\nline;'",
            "CREATE TABLE t (id int, end_date text, legend text)",
        ];
        for dialect in Dialect::ALL {
            round_trip(&common, dialect);
        }
        round_trip(
            &[
                "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql",
                "SELECT $t$ $$; $t$, E'\\'; ', $1",
                "/* a /* b; */ c; */ SELECT 2",
                "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END",
                "CREATE RULE r AS ON DELETE TO t DO INSTEAD (DELETE FROM a; DELETE FROM b)",
            ],
            PG,
        );
        round_trip(
            &[
                "SELECT 'a\\';', \"b\\\";\"",
                "# hash; comment\nSELECT 1--1",
                "SELECT `x;``y` FROM t",
                "/*!40101 SET NAMES utf8 */",
            ],
            MY,
        );
        round_trip(
            &[
                "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT CASE WHEN 1 THEN 2 END; DELETE FROM t; END",
                "SELECT [a;b], `c;d` FROM t",
                "SELECT 'back\\'",
                "BEGIN TRANSACTION",
            ],
            LITE,
        );
    }

    #[test]
    fn never_panics_on_truncated_or_scrambled_input() {
        let script = format!(
            "{MYSQL_ROUTINES}\n/* a /* b */ */ SELECT $x$ ; $x$, E'\\'', $1, 'q''q', \"i\"\"d\", [b], `c`;\n\
             CREATE TRIGGER tr BEGIN SELECT CASE WHEN 1 THEN 2 END; END;\n# h\n-- d\n1--1;\u{feff}é\r\n\r"
        );
        let bytes = script.as_bytes();
        for dialect in Dialect::ALL {
            for end in 0..=bytes.len() {
                if let Some(prefix) = script.get(..end) {
                    let _ = split(prefix, dialect);
                }
                if let Some(suffix) = script.get(end..) {
                    let _ = split(suffix, dialect);
                }
            }
        }

        // A small deterministic generator over the characters the lexer cares about.
        let alphabet: Vec<char> = "'\"`[]$;()/*-#\\\n\r eEbBcCnNdD1_aTRIGGERBEGINCASEEND\u{feff}é"
            .chars()
            .collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut input = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let length = (state % 40) as usize;
            for _ in 0..length {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let index = (state % alphabet.len() as u64) as usize;
                input.push(alphabet.get(index).copied().unwrap_or(' '));
            }
            for dialect in Dialect::ALL {
                if let Ok(statements) = split(&input, dialect) {
                    for statement in statements {
                        assert!(!statement.sql.is_empty());
                        assert!(statement.line >= 1);
                        assert!(normalize(&input).contains(&statement.sql));
                    }
                }
            }
        }
    }
}
