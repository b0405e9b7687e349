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
    Splitter::new(&text, dialect).run()
}

/// The terminator every dialect starts with.
const DEFAULT_DELIMITER: &str = ";";

/// How many leading words of a statement are remembered to recognise statements with
/// `BEGIN ... END` bodies (`CREATE OR REPLACE FUNCTION` is the longest prefix).
const LEAD_WORDS: usize = 4;

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

/// Whether a statement starting with `words` (lowercased) has a `BEGIN ... END` body whose
/// `;` must not end it.
fn has_block_body(dialect: Dialect, words: &[String]) -> bool {
    let word = |i: usize| words.get(i).map_or("", String::as_str);
    if word(0) != "create" {
        return false;
    }
    match dialect {
        Dialect::Sqlite => {
            word(1) == "trigger"
                || (matches!(word(1), "temp" | "temporary") && word(2) == "trigger")
        }
        Dialect::Postgres => {
            matches!(word(1), "function" | "procedure")
                || (word(1) == "or"
                    && word(2) == "replace"
                    && matches!(word(3), "function" | "procedure"))
        }
        Dialect::Mysql => false,
    }
}

/// What is known about the statement being scanned.
struct Pending {
    /// Byte offset where the statement's chunk starts (just after the previous terminator
    /// and the comments that belong to the previous statement).
    start: usize,
    /// Whether anything besides whitespace and comments has been seen.
    has_code: bool,
    /// The first few words, lowercased.
    lead_words: Vec<String>,
    /// Whether `lead_words` announce a statement with a `BEGIN ... END` body.
    block_body: bool,
    /// Open `BEGIN`/`CASE` blocks in a statement with a body.
    block_depth: usize,
    /// The keyword and line that opened the outermost block.
    block_open: (&'static str, usize),
    /// Open parentheses.
    paren_depth: usize,
    /// Line of the outermost open parenthesis.
    paren_line: usize,
}

impl Pending {
    fn new(start: usize) -> Self {
        Pending {
            start,
            has_code: false,
            lead_words: Vec::new(),
            block_body: false,
            block_depth: 0,
            block_open: ("BEGIN", 0),
            paren_depth: 0,
            paren_line: 0,
        }
    }

    /// Whether a delimiter at the current position ends the statement.
    fn can_end(&self, dialect: Dialect) -> bool {
        self.block_depth == 0 && (dialect != Dialect::Postgres || self.paren_depth == 0)
    }

    /// Records a word of code on `line`.
    fn word(&mut self, word: &str, dialect: Dialect, line: usize) {
        self.has_code = true;
        if self.lead_words.len() < LEAD_WORDS {
            self.lead_words.push(word.to_ascii_lowercase());
            self.block_body = has_block_body(dialect, &self.lead_words);
        }
        if !self.block_body || self.paren_depth > 0 {
            return;
        }
        let opener = if word.eq_ignore_ascii_case("begin") {
            Some("BEGIN")
        } else if word.eq_ignore_ascii_case("case") {
            Some("CASE")
        } else {
            None
        };
        if let Some(keyword) = opener {
            if self.block_depth == 0 {
                self.block_open = (keyword, line);
            }
            self.block_depth += 1;
        } else if word.eq_ignore_ascii_case("end") {
            self.block_depth = self.block_depth.saturating_sub(1);
        }
    }

    fn open_paren(&mut self, line: usize) {
        self.has_code = true;
        if self.paren_depth == 0 {
            self.paren_line = line;
        }
        self.paren_depth += 1;
    }

    fn close_paren(&mut self) {
        self.has_code = true;
        self.paren_depth = self.paren_depth.saturating_sub(1);
    }
}

/// The lexer state for one normalized input.
struct Splitter<'a> {
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
    fn new(src: &'a str, dialect: Dialect) -> Self {
        let line_starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Splitter {
            src,
            bytes: src.as_bytes(),
            dialect,
            pos: 0,
            line_starts,
            delimiter: DEFAULT_DELIMITER.to_string(),
            statements: Vec::new(),
        }
    }

    fn run(mut self) -> Result<Vec<Statement>, SplitError> {
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

        if self.dialect == Dialect::Mysql
            && !pending.has_code
            && word.eq_ignore_ascii_case("delimiter")
            && self.peek(0).is_none_or(|b| b.is_ascii_whitespace())
        {
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

        let invalid = |reason: &'static str| SplitError::InvalidDelimiter {
            line,
            command: command.to_string(),
            reason,
        };
        if argument.is_empty() {
            return Err(SplitError::MissingDelimiter { line });
        }
        let (delimiter, after) = match argument.chars().next() {
            Some(quote @ ('\'' | '"' | '`')) => {
                let inner = argument.get(1..).unwrap_or_default();
                match inner.split_once(quote) {
                    Some(parts) => parts,
                    None => {
                        return Err(invalid(
                            "the quoted delimiter has no closing quote; close the quote or write the delimiter unquoted",
                        ))
                    }
                }
            }
            _ => {
                let end = argument
                    .find(|c: char| c.is_whitespace())
                    .unwrap_or(argument.len());
                argument.split_at_checked(end).unwrap_or((argument, ""))
            }
        };
        if delimiter.is_empty() {
            return Err(invalid("the delimiter is empty; write e.g. `DELIMITER $$`"));
        }
        if delimiter.chars().any(char::is_whitespace) {
            return Err(invalid(
                "a delimiter cannot contain whitespace; use e.g. `$$` or `//`",
            ));
        }
        if delimiter.contains('\\') {
            return Err(invalid(
                "a delimiter cannot contain a backslash; use e.g. `$$` or `//`",
            ));
        }
        if !after.trim().is_empty() {
            return Err(invalid(
                "unexpected text after the delimiter; put nothing else on the DELIMITER line",
            ));
        }
        self.delimiter = delimiter.to_string();
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
    use super::*;

    const PG: Dialect = Dialect::Postgres;
    const MY: Dialect = Dialect::Mysql;
    const LITE: Dialect = Dialect::Sqlite;

    fn ok(content: &str, dialect: Dialect) -> Vec<Statement> {
        match split(content, dialect) {
            Ok(statements) => statements,
            Err(e) => panic!("{dialect}: unexpected error: {e}\ninput:\n{content}"),
        }
    }

    fn sqls(content: &str, dialect: Dialect) -> Vec<String> {
        ok(content, dialect).into_iter().map(|s| s.sql).collect()
    }

    fn lines(content: &str, dialect: Dialect) -> Vec<usize> {
        ok(content, dialect).into_iter().map(|s| s.line).collect()
    }

    fn err(content: &str, dialect: Dialect) -> SplitError {
        match split(content, dialect) {
            Ok(statements) => panic!("{dialect}: expected an error, got {statements:?}"),
            Err(e) => e,
        }
    }

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
    fn postgres_begin_atomic_function_body_is_kept_whole() {
        let input = "CREATE OR REPLACE FUNCTION add(a int, b int) RETURNS int\nLANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN a END;\n  SELECT a + b;\nEND;\ncreate procedure p() language sql begin atomic insert into t values (1); end;\nSELECT 1;";
        let statements = ok(input, PG);
        assert_eq!(statements.len(), 3, "{statements:?}");
        assert!(statements[0].sql.ends_with("SELECT a + b;\nEND"));
        assert_eq!(
            statements[1].sql,
            "create procedure p() language sql begin atomic insert into t values (1); end"
        );
        assert_eq!(
            statements[2],
            Statement {
                sql: "SELECT 1".into(),
                line: 8,
                index: 3,
                trailing: String::new()
            }
        );
    }

    #[test]
    fn postgres_parameter_named_begin_does_not_open_a_body() {
        assert_eq!(
            sqls(
                "CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql AS 'SELECT 1';SELECT 2",
                PG
            ),
            [
                "CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql AS 'SELECT 1'",
                "SELECT 2"
            ]
        );
    }

    #[test]
    fn postgres_transaction_statements_split_normally() {
        assert_eq!(
            sqls(
                "BEGIN;\nUPDATE t SET x = CASE WHEN y THEN 1 ELSE 2 END;\nEND;\nCOMMIT;",
                PG
            ),
            [
                "BEGIN",
                "UPDATE t SET x = CASE WHEN y THEN 1 ELSE 2 END",
                "END",
                "COMMIT"
            ]
        );
    }

    #[test]
    fn postgres_semicolons_inside_parentheses_do_not_split() {
        let input = "CREATE RULE r AS ON INSERT TO t DO INSTEAD (\n  INSERT INTO a VALUES (1);\n  INSERT INTO b VALUES (2)\n);\nSELECT 1";
        let statements = sqls(input, PG);
        assert_eq!(statements.len(), 2);
        assert!(statements[0].ends_with("INSERT INTO b VALUES (2)\n)"));
        // The other dialects have no such construct and end statements at every `;`.
        assert_eq!(
            sqls("SELECT (1;SELECT 2)", LITE),
            ["SELECT (1", "SELECT 2)"]
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

    const MYSQL_ROUTINES: &str = "\
CREATE TABLE t (id INT, updated_at DATETIME);

DELIMITER $$
CREATE TRIGGER t_touch BEFORE UPDATE ON t
FOR EACH ROW
BEGIN
  SET NEW.updated_at = NOW();
  SET @msg = 'done; really';
END$$
delimiter //
CREATE PROCEDURE p()
BEGIN
  SELECT 1; SELECT '$$';
END //
DELIMITER ;
INSERT INTO t VALUES (1, NULL);
";

    #[test]
    fn mysql_delimiter_blocks_hold_triggers_and_procedures() {
        let statements = ok(MYSQL_ROUTINES, MY);
        assert_eq!(statements.len(), 4, "{statements:?}");
        assert_eq!(
            statements[0].sql,
            "CREATE TABLE t (id INT, updated_at DATETIME)"
        );
        assert_eq!(statements[1].line, 4);
        assert!(statements[1].sql.starts_with("CREATE TRIGGER t_touch"));
        assert!(statements[1]
            .sql
            .ends_with("SET @msg = 'done; really';\nEND"));
        assert_eq!(statements[2].line, 11);
        assert_eq!(
            statements[2].sql,
            "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1; SELECT '$$';\nEND"
        );
        assert_eq!(
            statements[3],
            Statement {
                sql: "INSERT INTO t VALUES (1, NULL)".into(),
                line: 16,
                index: 4,
                trailing: String::new()
            }
        );
    }

    #[test]
    fn mysql_delimiter_lines_are_never_emitted() {
        for statement in ok(MYSQL_ROUTINES, MY) {
            assert!(
                !statement.sql.to_ascii_lowercase().contains("delimiter"),
                "{statement:?}"
            );
        }
    }

    #[test]
    fn mysql_custom_delimiters_of_any_shape_work() {
        assert_eq!(
            sqls(
                "DELIMITER ;;\nSELECT 1; SELECT 2;;\nDELIMITER ;\nSELECT 3;",
                MY
            ),
            ["SELECT 1; SELECT 2", "SELECT 3"]
        );
        assert_eq!(
            sqls(
                "DELIMITER '//'\nSELECT '//'//\nDELIMITER \";\"\nSELECT 4",
                MY
            ),
            ["SELECT '//'", "SELECT 4"]
        );
    }

    #[test]
    fn mysql_comments_before_a_delimiter_line_are_dropped() {
        assert_eq!(
            ok("-- switch for the trigger\nDELIMITER $$\nSELECT 1$$", MY),
            [Statement {
                sql: "SELECT 1".into(),
                line: 3,
                index: 1,
                trailing: String::new()
            }]
        );
    }

    #[test]
    fn mysql_delimiter_as_a_column_name_is_not_a_command() {
        assert_eq!(
            sqls(
                "CREATE TABLE t (\n  delimiter VARCHAR(4)\n);\nSELECT 1;",
                MY
            ),
            ["CREATE TABLE t (\n  delimiter VARCHAR(4)\n)", "SELECT 1"]
        );
    }

    #[test]
    fn mysql_delimiter_means_nothing_to_other_dialects() {
        assert_eq!(
            sqls("DELIMITER $$\nSELECT 1;", LITE),
            ["DELIMITER $$\nSELECT 1"]
        );
    }

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

    #[test]
    fn mysql_delimiter_errors_name_the_line() {
        assert_eq!(
            err("SELECT 1;\nDELIMITER\nSELECT 2", MY),
            SplitError::MissingDelimiter { line: 2 }
        );
        assert_eq!(
            err("DELIMITER   ", MY),
            SplitError::MissingDelimiter { line: 1 }
        );
        for (input, line) in [
            ("DELIMITER $$ extra", 1),
            ("\n\nDELIMITER \\\\", 3),
            ("DELIMITER '$$", 1),
            ("DELIMITER ''", 1),
            ("DELIMITER ' $'", 1),
        ] {
            match err(input, MY) {
                SplitError::InvalidDelimiter {
                    line: got, command, ..
                } => {
                    assert_eq!(got, line, "{input}");
                    assert_eq!(command, input.trim(), "{input}");
                }
                other => panic!("{input}: unexpected {other:?}"),
            }
        }
    }

    // ---- SQLite -----------------------------------------------------------------------

    #[test]
    fn sqlite_trigger_body_with_case_and_several_statements_is_kept_whole() {
        let input = "\
CREATE TABLE t (id INTEGER, legend TEXT, end_date TEXT);
CREATE TRIGGER t_audit AFTER UPDATE ON t
WHEN CASE WHEN new.id > 0 THEN 1 ELSE 0 END
BEGIN
  INSERT INTO log VALUES (CASE new.id WHEN 1 THEN 'one;' ELSE 'many' END);
  UPDATE t SET legend = CASE WHEN legend IS NULL THEN 'x' END, end_date = 'BEGINNING';
  DELETE FROM t WHERE id < 0;
END;
SELECT 1;";
        let statements = ok(input, LITE);
        assert_eq!(statements.len(), 3, "{statements:?}");
        assert_eq!(statements[1].line, 2);
        assert!(statements[1].sql.starts_with("CREATE TRIGGER t_audit"));
        assert!(statements[1]
            .sql
            .ends_with("DELETE FROM t WHERE id < 0;\nEND"));
        assert_eq!(
            statements[2],
            Statement {
                sql: "SELECT 1".into(),
                line: 9,
                index: 3,
                trailing: String::new()
            }
        );
    }

    #[test]
    fn sqlite_temp_triggers_and_lowercase_keywords_are_recognised() {
        for create in [
            "create temp trigger",
            "CREATE TEMPORARY TRIGGER IF NOT EXISTS",
            "Create Trigger",
        ] {
            let input =
                format!("{create} x after insert on t begin select 1; select 2; end;\nselect 3;");
            assert_eq!(sqls(&input, LITE).len(), 2, "{create}");
        }
    }

    #[test]
    fn sqlite_keywords_match_whole_words_only() {
        let input = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET beginning = 1, end_date = 2, legend = 3, weekend = 4;\n  SELECT endx, xcase FROM t;\nEND;\nSELECT 1";
        assert_eq!(sqls(input, LITE).len(), 2);
    }

    #[test]
    fn sqlite_keywords_in_literals_and_comments_are_ignored() {
        let input = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  SELECT 'END;', \"end\", [end], `end`; -- END;\n  /* END; */ SELECT 1;\nEND;\nSELECT 2";
        let statements = sqls(input, LITE);
        assert_eq!(statements.len(), 2, "{statements:?}");
        assert_eq!(statements[1], "SELECT 2");
    }

    #[test]
    fn sqlite_transaction_statements_split_normally() {
        assert_eq!(
            sqls("BEGIN TRANSACTION;\nCREATE TABLE t (id INTEGER);\nEND TRANSACTION;\nBEGIN;\nCOMMIT;", LITE),
            ["BEGIN TRANSACTION", "CREATE TABLE t (id INTEGER)", "END TRANSACTION", "BEGIN", "COMMIT"]
        );
    }

    #[test]
    fn sqlite_other_create_statements_ignore_case_and_end() {
        assert_eq!(
            sqls(
                "CREATE VIEW v AS SELECT CASE WHEN 1 THEN 2 END AS x;SELECT 2",
                LITE
            ),
            [
                "CREATE VIEW v AS SELECT CASE WHEN 1 THEN 2 END AS x",
                "SELECT 2"
            ]
        );
    }

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

    #[test]
    fn unterminated_trigger_bodies_report_the_opening_keyword() {
        assert_eq!(
            err(
                "SELECT 1;\nCREATE TRIGGER tr AFTER INSERT ON t\nBEGIN\n  SELECT 1;\n",
                LITE
            ),
            SplitError::UnterminatedBlock {
                line: 3,
                keyword: "BEGIN"
            }
        );
        assert_eq!(
            err(
                "CREATE TRIGGER tr AFTER INSERT ON t WHEN CASE\nWHEN 1 THEN 1; SELECT 2;",
                LITE
            ),
            SplitError::UnterminatedBlock {
                line: 1,
                keyword: "CASE"
            }
        );
        assert_eq!(
            err(
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;",
                PG
            ),
            SplitError::UnterminatedBlock {
                line: 2,
                keyword: "BEGIN"
            }
        );
    }

    #[test]
    fn unclosed_parentheses_in_postgres_report_their_line() {
        assert_eq!(
            err("SELECT 1;\nSELECT (1, (2);\nSELECT 3;", PG),
            SplitError::UnclosedParenthesis { line: 2 }
        );
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
