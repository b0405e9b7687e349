//! The scanner that finds a migration file's real statement terminators: it steps over
//! strings, quoted identifiers, comments and dollar quotes by each dialect's rules
//! (listed in the parent module), reads words, and cuts a statement at a terminator
//! that [`Pending`] lets end it.
//!
//! It never parses SQL: anything it does not recognise is statement text, passed on for
//! the server to judge. It also decides what text a statement keeps: the comments above
//! it, not those after the terminator on the same line.

use super::body::Pending;
use super::delimiter;
use super::{SplitError, Statement};
use crate::dialect::Dialect;

/// Whether `byte` can start an identifier or keyword (or a number, which is lexed the same
/// way because only whole words matter here). Bytes of non-ASCII characters count as
/// letters, as they do in all three databases.
fn is_word_start(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}

/// Whether `byte` can continue an identifier. All three dialects allow `$` after the first
/// character, which is also what keeps `a$b$` from looking like a dollar quote.
fn is_word_char(byte: u8) -> bool {
    is_word_start(byte) || byte == b'$'
}

/// Whether `byte` can start a PostgreSQL dollar-quote tag.
fn is_tag_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_' || byte >= 0x80
}

/// Whether `byte` can continue a PostgreSQL dollar-quote tag.
fn is_tag_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}

/// The lexer state for one normalized input.
pub(super) struct Splitter<'a> {
    src: &'a str,
    bytes: &'a [u8],
    dialect: Dialect,
    pos: usize,
    /// Byte offsets where each line starts; the first is 0.
    line_starts: Vec<usize>,
    /// The current terminator; only MySQL's `DELIMITER` changes it.
    delimiter: String,
    statements: Vec<Statement>,
}

impl<'a> Splitter<'a> {
    pub(super) fn new(src: &'a str, dialect: Dialect) -> Self {
        let line_starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Splitter {
            src,
            bytes: src.as_bytes(),
            dialect,
            pos: 0,
            line_starts,
            delimiter: delimiter::DEFAULT_DELIMITER.to_string(),
            statements: Vec::new(),
        }
    }

    pub(super) fn run(mut self) -> Result<Vec<Statement>, SplitError> {
        let mut pending = Pending::new(0);
        while let Some(byte) = self.peek(0) {
            if self.at_delimiter() && pending.can_end(self.dialect) {
                let end = self.pos;
                self.advance(self.delimiter.len());
                self.emit(&pending, end);
                self.skip_trailing_comments(self.line_of(end))?;
                pending = Pending::new(self.pos);
                continue;
            }
            if self.at_line_comment() {
                self.skip_line_comment();
                continue;
            }
            if self.at_block_comment() {
                if self.dialect == Dialect::Mysql && self.peek(2) == Some(b'!') {
                    pending.has_code = true;
                }
                self.skip_block_comment()?;
                continue;
            }
            match (self.dialect, byte) {
                (_, b) if b.is_ascii_whitespace() => self.advance(1),
                (Dialect::Mysql, b'\'' | b'"') => {
                    pending.has_code = true;
                    self.skip_quoted(byte, true)?;
                }
                (_, b'\'') => {
                    pending.has_code = true;
                    self.skip_quoted(b'\'', false)?;
                }
                (_, b'"') | (Dialect::Mysql | Dialect::Sqlite, b'`') | (Dialect::Sqlite, b'[') => {
                    pending.has_code = true;
                    self.skip_quoted(byte, false)?;
                }
                (Dialect::Postgres, b'$') => {
                    pending.has_code = true;
                    self.skip_dollar()?;
                }
                (_, b'(') => {
                    pending.open_paren(self.line_of(self.pos));
                    self.advance(1);
                }
                (_, b')') => {
                    pending.close_paren();
                    self.advance(1);
                }
                (_, b) if is_word_start(b) => self.word(&mut pending)?,
                _ => {
                    pending.has_code = true;
                    self.advance(1);
                }
            }
        }

        if pending.block_depth > 0 {
            let (keyword, line) = pending.block_open;
            return Err(SplitError::UnterminatedBlock { line, keyword });
        }
        if self.dialect == Dialect::Postgres && pending.paren_depth > 0 {
            return Err(SplitError::UnclosedParenthesis {
                line: pending.paren_line,
            });
        }
        self.emit(&pending, self.bytes.len());
        Ok(self.statements)
    }

    /// The byte `offset` positions ahead, if any.
    fn peek(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos.saturating_add(offset)).copied()
    }

    /// Moves forward by `count` bytes, never past the end.
    fn advance(&mut self, count: usize) {
        self.pos = self.pos.saturating_add(count).min(self.bytes.len());
    }

    /// The input between two byte offsets; empty if they are not a valid range.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.src.get(start..end).unwrap_or("")
    }

    /// The 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    fn at_delimiter(&self) -> bool {
        self.bytes
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(self.delimiter.as_bytes()))
    }

    fn at_line_comment(&self) -> bool {
        match (self.peek(0), self.peek(1)) {
            (Some(b'-'), Some(b'-')) => match self.dialect {
                Dialect::Mysql => self
                    .peek(2)
                    .is_none_or(|b| b.is_ascii_whitespace() || b.is_ascii_control()),
                Dialect::Postgres | Dialect::Sqlite => true,
            },
            (Some(b'#'), _) => self.dialect == Dialect::Mysql,
            _ => false,
        }
    }

    fn at_block_comment(&self) -> bool {
        self.peek(0) == Some(b'/') && self.peek(1) == Some(b'*')
    }

    /// Skips to the end of the line, leaving the newline in place.
    fn skip_line_comment(&mut self) {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let length = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        self.advance(length);
    }

    /// Skips a block comment starting at the current `/*`; PostgreSQL comments nest.
    fn skip_block_comment(&mut self) -> Result<(), SplitError> {
        let line = self.line_of(self.pos);
        let nests = self.dialect == Dialect::Postgres;
        let mut depth = 1usize;
        self.advance(2);
        while let Some(byte) = self.peek(0) {
            if byte == b'*' && self.peek(1) == Some(b'/') {
                self.advance(2);
                depth -= 1;
                if depth == 0 {
                    return Ok(());
                }
            } else if nests && byte == b'/' && self.peek(1) == Some(b'*') {
                self.advance(2);
                depth += 1;
            } else {
                self.advance(1);
            }
        }
        Err(SplitError::UnterminatedBlockComment { line })
    }

    /// Skips a quoted string or identifier opened by `open` at the current position. The
    /// closing quote is escaped by doubling it (except for SQLite's `[...]`), and by a
    /// backslash when `backslash_escapes` is set.
    fn skip_quoted(&mut self, open: u8, backslash_escapes: bool) -> Result<(), SplitError> {
        let line = self.line_of(self.pos);
        let close = if open == b'[' { b']' } else { open };
        self.advance(1);
        while let Some(byte) = self.peek(0) {
            if backslash_escapes && byte == b'\\' {
                self.advance(2);
            } else if byte == close {
                if open != b'[' && self.peek(1) == Some(close) {
                    self.advance(2);
                } else {
                    self.advance(1);
                    return Ok(());
                }
            } else {
                self.advance(1);
            }
        }
        let is_string = open == b'\'' || (open == b'"' && self.dialect == Dialect::Mysql);
        Err(if is_string {
            SplitError::UnterminatedString {
                line,
                quote: char::from(open),
            }
        } else {
            SplitError::UnterminatedIdentifier {
                line,
                close: char::from(close),
            }
        })
    }

    /// Handles a PostgreSQL `$`: skips a `$$` or `$tag$` dollar-quoted string, or steps over
    /// a lone `$` (a `$1` parameter's digits are then read as a word).
    fn skip_dollar(&mut self) -> Result<(), SplitError> {
        let start = self.pos;
        let mut tag_end = start + 1;
        match self.bytes.get(tag_end) {
            Some(b'$') => {}
            Some(&b) if is_tag_start(b) => {
                while self.bytes.get(tag_end).is_some_and(|&b| is_tag_char(b)) {
                    tag_end += 1;
                }
                if self.bytes.get(tag_end) != Some(&b'$') {
                    self.advance(1);
                    return Ok(());
                }
            }
            _ => {
                self.advance(1);
                return Ok(());
            }
        }
        let body_start = tag_end + 1;
        let tag = self.slice(start, body_start);
        match self.src.get(body_start..).and_then(|body| body.find(tag)) {
            Some(offset) if !tag.is_empty() => {
                self.pos = body_start;
                self.advance(offset + tag.len());
                Ok(())
            }
            _ => Err(SplitError::UnterminatedDollarQuote {
                line: self.line_of(start),
                tag: tag.to_string(),
            }),
        }
    }

    /// Reads a word (identifier, keyword or number) and applies what it means: a MySQL
    /// `DELIMITER` command, a PostgreSQL `E'...'` string prefix, or a body keyword.
    fn word(&mut self, pending: &mut Pending) -> Result<(), SplitError> {
        let start = self.pos;
        self.advance(1);
        // A custom MySQL delimiter such as `$$` may directly follow a word (`END$$`).
        while self.peek(0).is_some_and(is_word_char) && !self.at_delimiter() {
            self.advance(1);
        }
        let word = self.slice(start, self.pos);
        let line = self.line_of(start);

        if delimiter::is_command(self.dialect, !pending.has_code, word, self.peek(0)) {
            self.delimiter_command(start, line)?;
            *pending = Pending::new(self.pos);
            return Ok(());
        }

        pending.word(word, self.dialect, line);
        if self.dialect == Dialect::Postgres
            && word.eq_ignore_ascii_case("e")
            && self.peek(0) == Some(b'\'')
        {
            self.skip_quoted(b'\'', true)?;
        }
        Ok(())
    }

    /// Applies a MySQL `DELIMITER` command whose keyword starts at `start`, consuming the
    /// rest of its line.
    fn delimiter_command(&mut self, start: usize, line: usize) -> Result<(), SplitError> {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let line_end = self.pos + rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let command = self.slice(start, line_end).trim();
        let argument = self.slice(self.pos, line_end).trim();
        self.pos = line_end;
        self.delimiter = delimiter::parse(line, command, argument)?;
        Ok(())
    }

    /// After a terminator, skips comments that start on the terminator's line: they
    /// describe the statement that just ended, not the next one.
    fn skip_trailing_comments(&mut self, line: usize) -> Result<(), SplitError> {
        loop {
            while matches!(self.peek(0), Some(b' ' | b'\t')) {
                self.advance(1);
            }
            if self.line_of(self.pos) != line || self.at_delimiter() {
                return Ok(());
            }
            if self.at_line_comment() {
                self.skip_line_comment();
                return Ok(());
            }
            let executable = self.dialect == Dialect::Mysql && self.peek(2) == Some(b'!');
            if !self.at_block_comment() || executable {
                return Ok(());
            }
            self.skip_block_comment()?;
        }
    }

    /// Records the statement spanning `pending.start..end`, unless it holds no code.
    fn emit(&mut self, pending: &Pending, end: usize) {
        if !pending.has_code {
            return;
        }
        let raw = self.slice(pending.start, end);
        let trimmed_start = raw.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let sql = trimmed_start.trim_end_matches(|c: char| c.is_ascii_whitespace());
        if sql.is_empty() {
            return;
        }
        let first = pending.start + (raw.len() - trimmed_start.len());
        self.statements.push(Statement {
            sql: sql.to_string(),
            line: self.line_of(first),
            index: self.statements.len() + 1,
            trailing: trimmed_start[sql.len()..].to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::migrate::splitter::testing::*;

    // ---- PostgreSQL -------------------------------------------------------------------

    #[test]
    fn postgres_dollar_quoted_function_body_keeps_its_semicolons() {
        let input = "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  PERFORM 1;\n  RETURN 2;\nEND;\n$$ LANGUAGE plpgsql;\nSELECT f();";
        let statements = ok(input, PG);
        assert_eq!(statements.len(), 2);
        assert!(statements[0].sql.ends_with("$$ LANGUAGE plpgsql"));
        assert_eq!(
            statements[1],
            Statement {
                sql: "SELECT f()".into(),
                line: 7,
                index: 2,
                trailing: String::new()
            }
        );
    }

    /// Guards: a `DO` block (its body a dollar-quoted string) is one statement.
    #[test]
    fn postgres_do_block_stays_whole() {
        let input = "DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1) THEN\n    RAISE NOTICE 'x;y';\n  END IF;\nEND\n$$;\nSELECT 1;";
        assert_eq!(sqls(input, PG).len(), 2);
        assert!(sqls(input, PG)[0].ends_with("END\n$$"));
    }

    #[test]
    fn postgres_tagged_dollar_quote_may_contain_plain_dollar_quotes() {
        let input = "CREATE FUNCTION g() RETURNS void AS $outer$\nBEGIN\n  EXECUTE $$SELECT ';'$$;\n  RAISE NOTICE 'x; $inner$';\nEND\n$outer$ LANGUAGE plpgsql;\nSELECT 1";
        let statements = sqls(input, PG);
        assert_eq!(statements.len(), 2);
        assert!(statements[0].starts_with("CREATE FUNCTION g()"));
        assert!(statements[0].ends_with("$outer$ LANGUAGE plpgsql"));
        assert_eq!(statements[1], "SELECT 1");
    }

    #[test]
    fn postgres_dollar_quote_tags_are_case_sensitive() {
        assert_eq!(
            sqls("SELECT $A$ ; $a$ ; $A$; SELECT 2", PG),
            ["SELECT $A$ ; $a$ ; $A$", "SELECT 2"]
        );
    }

    #[test]
    fn postgres_positional_parameters_are_not_dollar_quotes() {
        assert_eq!(
            sqls(
                "PREPARE p(int, int) AS SELECT $1 + $2;\nEXECUTE p(1, 2);",
                PG
            ),
            ["PREPARE p(int, int) AS SELECT $1 + $2", "EXECUTE p(1, 2)"]
        );
    }

    #[test]
    fn postgres_dollars_inside_identifiers_are_not_quotes() {
        assert_eq!(
            sqls("SELECT a$b$ FROM t;SELECT x$$y;SELECT 3", PG),
            ["SELECT a$b$ FROM t", "SELECT x$$y", "SELECT 3"]
        );
    }

    #[test]
    fn postgres_block_comments_nest() {
        assert_eq!(
            sqls("/* a /* b; */ still comment; */ SELECT 1; SELECT 2", PG),
            ["/* a /* b; */ still comment; */ SELECT 1", "SELECT 2"]
        );
    }

    #[test]
    fn postgres_standard_strings_treat_backslash_literally() {
        assert_eq!(
            sqls("SELECT 'C:\\';SELECT 2", PG),
            ["SELECT 'C:\\'", "SELECT 2"]
        );
    }

    #[test]
    fn postgres_escape_strings_honour_backslashes() {
        assert_eq!(
            sqls("SELECT E'it\\'s; fine', e'a\\\\';SELECT 2", PG),
            ["SELECT E'it\\'s; fine', e'a\\\\'", "SELECT 2"]
        );
        // A word merely ending in `e` is not an escape-string prefix.
        assert_eq!(
            sqls("SELECT name'\\';SELECT 2", PG),
            ["SELECT name'\\'", "SELECT 2"]
        );
    }

    #[test]
    fn postgres_double_dash_always_starts_a_comment() {
        assert_eq!(
            sqls("SELECT 1--1;\n;SELECT 2", PG),
            ["SELECT 1--1;", "SELECT 2"]
        );
    }

    #[test]
    fn postgres_backticks_and_brackets_are_ordinary_characters() {
        assert_eq!(
            sqls("SELECT arr[1] FROM t;SELECT '`';SELECT 3", PG),
            ["SELECT arr[1] FROM t", "SELECT '`'", "SELECT 3"]
        );
    }

    // ---- MySQL ------------------------------------------------------------------------

    #[test]
    fn mysql_hash_comments_hide_semicolons_and_quotes() {
        assert_eq!(
            sqls(
                "# it's a comment; \"really\"\nSELECT 1 # trailing; 'x\n;SELECT 2",
                MY
            ),
            [
                "# it's a comment; \"really\"\nSELECT 1 # trailing; 'x",
                "SELECT 2"
            ]
        );
        // `#` is an ordinary character elsewhere.
        assert_eq!(
            sqls("SELECT '#';SELECT 2 # 3", MY),
            ["SELECT '#'", "SELECT 2 # 3"]
        );
        assert_eq!(
            sqls("SELECT 1 #;\nSELECT 2", PG),
            ["SELECT 1 #", "SELECT 2"]
        );
    }

    #[test]
    fn mysql_backslash_escapes_inside_strings() {
        assert_eq!(
            sqls("SELECT 'it\\'s; fine';SELECT 'a\\\\';SELECT 3", MY),
            ["SELECT 'it\\'s; fine'", "SELECT 'a\\\\'", "SELECT 3"]
        );
    }

    #[test]
    fn mysql_double_quoted_text_is_a_string_with_escapes() {
        assert_eq!(
            sqls("SELECT \"say \\\"hi\\\"; ok\", \"x\"\"y\";SELECT 2", MY),
            ["SELECT \"say \\\"hi\\\"; ok\", \"x\"\"y\"", "SELECT 2"]
        );
    }

    #[test]
    fn mysql_double_dash_needs_whitespace_to_be_a_comment() {
        assert_eq!(
            sqls("SELECT 1--1;SELECT 2", MY),
            ["SELECT 1--1", "SELECT 2"]
        );
        assert_eq!(
            sqls("SELECT 1 -- note; here\n;SELECT 2 --\t;\n;SELECT 3 --", MY),
            ["SELECT 1 -- note; here", "SELECT 2 --\t;", "SELECT 3 --"]
        );
    }

    /// Found by fuzzing (fuzz/fuzz_targets/splitter.rs), kept as intended: `--` right
    /// before the terminator is statement text on MySQL, as for the mysql client, and the
    /// server answers the lone `--` with "Query was empty".
    #[test]
    fn mysql_dashes_right_before_the_terminator_are_a_statement() {
        assert_eq!(sqls("--;SELECT 1;", MY), ["--", "SELECT 1"]);
        assert_eq!(sqls("--", MY), Vec::<String>::new());
    }

    /// Found by fuzzing, kept as intended: blank means ASCII white space; a vertical tab is
    /// passed on as statement text (PostgreSQL 15 does not skip it either).
    #[test]
    fn vertical_tab_is_statement_text_not_blank() {
        for dialect in Dialect::ALL {
            assert_eq!(
                sqls("SELECT 1;\u{b}SELECT 2;", dialect),
                ["SELECT 1", "\u{b}SELECT 2"],
                "{dialect}"
            );
        }
    }

    #[test]
    fn mysql_backtick_identifiers_hide_semicolons() {
        assert_eq!(
            sqls("CREATE TABLE `a;b` (`x``;y` INT);SELECT 1", MY),
            ["CREATE TABLE `a;b` (`x``;y` INT)", "SELECT 1"]
        );
    }

    #[test]
    fn mysql_executable_comments_are_statements() {
        assert_eq!(
            sqls(
                "/*!40101 SET NAMES utf8mb4 */;\n/* plain */;\nSELECT 1 /*+ NO_ICP(t) */;",
                MY
            ),
            ["/*!40101 SET NAMES utf8mb4 */", "SELECT 1 /*+ NO_ICP(t) */"]
        );
        assert_eq!(
            sqls("SELECT 1; /*!50003 SET @x = 1 */;", MY),
            ["SELECT 1", "/*!50003 SET @x = 1 */"],
            "an executable comment after a terminator is not a trailing remark"
        );
    }

    #[test]
    fn mysql_block_comments_do_not_nest() {
        assert_eq!(
            sqls("/* a /* b */ SELECT 1; SELECT 2", MY),
            ["/* a /* b */ SELECT 1", "SELECT 2"]
        );
    }

    // ---- SQLite -----------------------------------------------------------------------

    #[test]
    fn sqlite_bracket_and_backtick_identifiers_hide_semicolons() {
        assert_eq!(
            sqls("CREATE TABLE [a;b] (`x``;y` INT, [\"]);SELECT 1", LITE),
            ["CREATE TABLE [a;b] (`x``;y` INT, [\"])", "SELECT 1"]
        );
    }

    #[test]
    fn sqlite_backslash_is_not_an_escape() {
        assert_eq!(
            sqls("SELECT 'a\\';SELECT 2", LITE),
            ["SELECT 'a\\'", "SELECT 2"]
        );
    }

    #[test]
    fn sqlite_block_comments_do_not_nest() {
        assert_eq!(
            sqls("/* a /* b */ SELECT 1; SELECT 2", LITE),
            ["/* a /* b */ SELECT 1", "SELECT 2"]
        );
    }

    // ---- errors -----------------------------------------------------------------------

    #[test]
    fn unterminated_strings_report_their_starting_line() {
        for dialect in Dialect::ALL {
            assert_eq!(
                err("SELECT 1;\nSELECT 'abc;\n\nSELECT 2;", dialect),
                SplitError::UnterminatedString {
                    line: 2,
                    quote: '\''
                },
                "{dialect}"
            );
        }
        assert_eq!(
            err("SELECT \"abc\\\";", MY),
            SplitError::UnterminatedString {
                line: 1,
                quote: '"'
            }
        );
        assert_eq!(
            err("SELECT 'abc\\';", MY),
            SplitError::UnterminatedString {
                line: 1,
                quote: '\''
            }
        );
        assert_eq!(
            err("\nSELECT E'abc\\';", PG),
            SplitError::UnterminatedString {
                line: 2,
                quote: '\''
            }
        );
    }

    #[test]
    fn unterminated_quoted_identifiers_report_their_starting_line() {
        assert_eq!(
            err("SELECT \"a\"\"b;", PG),
            SplitError::UnterminatedIdentifier {
                line: 1,
                close: '"'
            }
        );
        assert_eq!(
            err("\nSELECT `a;", MY),
            SplitError::UnterminatedIdentifier {
                line: 2,
                close: '`'
            }
        );
        assert_eq!(
            err("\n\nSELECT [a;", LITE),
            SplitError::UnterminatedIdentifier {
                line: 3,
                close: ']'
            }
        );
    }

    #[test]
    fn unterminated_block_comments_report_their_starting_line() {
        for dialect in Dialect::ALL {
            assert_eq!(
                err("SELECT 1;\n/* never\nclosed; SELECT 2;", dialect),
                SplitError::UnterminatedBlockComment { line: 2 },
                "{dialect}"
            );
        }
        // In postgres the inner comment closes, the outer one does not.
        assert_eq!(
            err("/* outer\n/* inner */\nSELECT 1;", PG),
            SplitError::UnterminatedBlockComment { line: 1 }
        );
        assert_eq!(
            err("SELECT 1; /* trailing", LITE),
            SplitError::UnterminatedBlockComment { line: 1 }
        );
    }

    #[test]
    fn unterminated_dollar_quotes_report_tag_and_line() {
        assert_eq!(
            err(
                "SELECT 1;\nCREATE FUNCTION f() AS $body$\nSELECT 1;\n$$;",
                PG
            ),
            SplitError::UnterminatedDollarQuote {
                line: 2,
                tag: "$body$".into()
            }
        );
        assert_eq!(
            err("SELECT $$", PG),
            SplitError::UnterminatedDollarQuote {
                line: 1,
                tag: "$$".into()
            }
        );
    }
}
