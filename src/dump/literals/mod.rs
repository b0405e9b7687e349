//! The row syntax of a dump, once per dialect: how each engine's values are written
//! (by the snapshot readers of `backup`), which rows the reader accepts (`verify`,
//! `restore`), and how rows are read back (the SQLite restore target, `transcode`).
//!
//! A row of a PostgreSQL dump is a `COPY` text line ([`postgres`]); a row of a MySQL or
//! SQLite dump is the inside of one `VALUES (...)` tuple ([`mysql`], [`sqlite`]). Each
//! dialect's writer, checker and decoder sit in one module (a file, or SQLite's
//! directory of one file per part), so that what is written and what is accepted cannot
//! drift apart: the writers ask the checker where a shape is in doubt
//! ([`mysql::is_number`], [`sqlite::exact_products_allowed`]).
//!
//! Why a parser and not a character filter: a row is sent to the server as SQL text, so
//! anything in it that is not a literal is code the server runs. A filter that lets
//! letters, spaces and brackets through also lets through `SLEEP(3)`, `USER()` or
//! `(SELECT secret FROM other_db.t)`, and a dump's digests are no defence (whoever can
//! edit the file can recompute them). So every value must be one of the literal shapes
//! its dialect's file lists, followed by `,` or the end of the row; whatever else the
//! row holds (a name, a function call, a subquery, an operator, a comment, a second
//! statement) is refused, at the byte where it starts. The check is pure and byte-level
//! (the reader checks UTF-8 separately) and runs on every row before it reaches
//! `verify`'s verdict or an engine.
//!
//! These are also the shapes every earlier format version wrote (the SQLite REALs of
//! format 1 were Rust's shortest round-trip text, `1e-7`, `1.5e300`, inside the same
//! grammar), so old dumps still read.

use crate::dialect::Dialect;

pub mod mysql;
pub mod postgres;
pub mod sqlite;

/// Why a row is not a value list dbshape writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The number of the value in the row, from 1.
    pub value: usize,
    /// The byte of the row (from 0) where the text dbshape does not write starts.
    pub at: usize,
    /// What is wrong there.
    pub why: &'static str,
}

impl Refusal {
    /// The refusal with the offending text of `row` quoted (at most 40 characters).
    pub fn describe(&self, row: &[u8]) -> String {
        let from = self.at.min(row.len());
        let to = (from + 40).min(row.len());
        let shown = String::from_utf8_lossy(&row[from..to]);
        let more = if to < row.len() { "..." } else { "" };
        format!(
            "value {} (byte {} of the row) is not a literal dbshape writes: {}, at `{}{more}`",
            self.value,
            self.at + 1,
            self.why,
            shown.escape_debug()
        )
    }
}

/// What a value's end or failure is: the byte after the value, or where and why not.
type Scan = Result<usize, (usize, &'static str)>;

const NOT_A_LITERAL: &str = "a name, a function call, a subquery, an operator or a comment";

/// Checks that `row` is one value list of `dialect`'s literals (possibly empty, as for a
/// table whose columns are all generated); the number of values.
pub fn check_row(dialect: Dialect, row: &[u8]) -> Result<usize, Refusal> {
    let value: fn(&[u8], usize) -> Scan = match dialect {
        Dialect::Mysql => mysql::value,
        Dialect::Sqlite => sqlite::value,
        Dialect::Postgres => {
            return Err(Refusal {
                value: 1,
                at: 0,
                why: "a PostgreSQL row is a COPY line, not a value list",
            })
        }
    };
    // `()`: a MariaDB table of generated columns only has rows without values.
    if row.is_empty() {
        return Ok(0);
    }
    let mut at = 0;
    let mut n = 0;
    loop {
        n += 1;
        let end = value(row, at).map_err(|(at, why)| Refusal { value: n, at, why })?;
        match row.get(end) {
            None => return Ok(n),
            Some(b',') => at = end + 1,
            Some(_) => {
                return Err(Refusal {
                    value: n,
                    at: end,
                    why: "text after the value, where only `,` or the end of the row may be",
                })
            }
        }
    }
}

/// One decoded cell of a row, before `transcode` reads it by its target column's class.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// SQL `NULL`.
    Null,
    /// Text as written (numbers, strings, dates, PostgreSQL's `\x` bytea text).
    Text(Vec<u8>),
    /// Bytes from a hex literal.
    Bytes(Vec<u8>),
    /// A SQLite REAL.
    Real(f64),
}

/// Decodes one row line of `dialect` into `out` (for `transcode`, which moves values
/// between engines).
pub fn decode_row(dialect: Dialect, line: &[u8], out: &mut Vec<Cell>) -> Result<(), String> {
    out.clear();
    match dialect {
        Dialect::Postgres => postgres::decode(line, out),
        Dialect::Mysql => mysql::decode(line, out),
        Dialect::Sqlite => sqlite::decode(line, out),
    }
}

/// The value of one hex digit, either case.
pub(crate) fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'F' => Some(c - b'A' + 10),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// Bytes from hex digits (either case).
pub(crate) fn unhex(h: &[u8]) -> Result<Vec<u8>, String> {
    hex::decode(h).map_err(|e| format!("a hex literal that is not hex: {e}"))
}

/// Appends the lowercase hex digits of `b`.
pub(crate) fn push_lower_hex(out: &mut Vec<u8>, b: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for &c in b {
        out.push(DIGITS[usize::from(c >> 4)]);
        out.push(DIGITS[usize::from(c & 15)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(d: Dialect, row: &str) -> usize {
        check_row(d, row.as_bytes()).unwrap_or_else(|r| panic!("{row}: {r:?}"))
    }

    fn refused(d: Dialect, row: &str) -> Refusal {
        check_row(d, row.as_bytes()).expect_err(row)
    }

    /// The attacks of a forged dump: each is refused at the byte where it starts.
    #[test]
    fn code_in_a_row_is_refused_where_it_starts() {
        let attacks = [
            "1,(SELECT GROUP_CONCAT(s) FROM other_db.secret)",
            "1,LEFT(USER(),30)",
            "1,VERSION()",
            "1,SLEEP(3)",
            "1,LOAD_FILE('/etc/hostname')",
            "1,user",
            "1,1+1",
            "1,2*3",
            "1,'a'||'b'",
            "1,'a' 'b'",
            "1,'x'); DROP TABLE t; --",
            "1),(2",
            "1,NULL -- comment",
            "1,NULL/* c */",
            "1,NULL#c",
            "1,0x",
            "1,0x0",
            "1,_binary'x'",
            "1,N'x'",
            "1,'unterminated",
            "1,",
            ",",
            "1,@a:=1",
            "1,x'00'",
            "1,CAST(1 AS CHAR)",
            "1,-(1)",
            "1,--1",
        ];
        for d in [Dialect::Mysql, Dialect::Sqlite] {
            for a in attacks {
                let r = refused(d, a);
                assert!(r.at <= a.len(), "{d:?} {a}: {r:?}");
                if a.starts_with("1,") && a.len() > 2 {
                    assert_eq!(r.value, 2, "{d:?} {a}: {r:?}");
                    assert!(r.at >= 2, "{d:?} {a}: {r:?}");
                }
            }
        }
        let r = refused(Dialect::Mysql, "1,SLEEP(3)");
        assert_eq!((r.value, r.at), (2, 2));
        assert_eq!(
            r.describe(b"1,SLEEP(3)"),
            "value 2 (byte 3 of the row) is not a literal dbshape writes: a name, a function \
             call, a subquery, an operator or a comment, at `SLEEP(3)`"
        );
    }

    /// Shapes one dialect writes are refused in the other, and strings hold only the
    /// escapes their writer emits.
    #[test]
    fn each_dialect_accepts_only_its_own_shapes() {
        for row in [
            "'a\\tb'", "'a\"b'", "'a''b'", "0xAB", "X'AB'", "1.0*2.0", "'a\rb'",
        ] {
            refused(Dialect::Mysql, row);
        }
        for row in [
            "0xab",
            "X'ab'",
            "'a\\'b'",
            "'tab\there'",
            "+1",
            ".5",
            "1.",
            "1e+5",
            "9223372036854775808",
            "1.0*-2.0",
            "2*3",
            "1.0*2",
            "CAST(X'00' AS BLOB)",
            "CAST(X'00'AS TEXT)",
        ] {
            refused(Dialect::Sqlite, row);
        }
        assert_eq!(ok(Dialect::Mysql, "'tab\there'"), 1);
        assert_eq!(ok(Dialect::Sqlite, "-4503599627370497.0*2.0"), 1);
        assert!(check_row(Dialect::Postgres, b"1\tx").is_err());
        // A table of generated columns only: its rows are `()`.
        assert_eq!(check_row(Dialect::Mysql, b""), Ok(0));
    }
}
