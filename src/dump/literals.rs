//! The value grammar of a MySQL or SQLite dump row: the inside of one `VALUES (...)`
//! tuple, parsed value by value, accepting exactly the literals dbshape's writers emit.
//!
//! Why a parser and not a character filter: a row is sent to the server as SQL text, so
//! anything in it that is not a literal is code the server runs. A filter that lets
//! letters, spaces and brackets through also lets through `SLEEP(3)`, `USER()` or
//! `(SELECT secret FROM other_db.t)`, and a dump's digests are no defence (whoever can
//! edit the file can recompute them). So every value must be one of the literal shapes
//! below, followed by `,` or the end of the row; whatever else the row holds (a name, a
//! function call, a subquery, an operator, a comment, a second statement) is refused,
//! at the byte where it starts. The check is pure and byte-level (the reader checks
//! UTF-8 separately) and runs on every row before it reaches `verify`'s verdict or an
//! engine.
//!
//! MySQL / MariaDB (`engine::mysql_snapshot`, `mysqldump --hex-blob` style):
//! - `NULL`;
//! - a number as the server prints it, `[+-]digits[.digits][e[+-]digits]` (at least one
//!   digit before the exponent, e.g. `-1.5e-7`, `.5`);
//! - `'...'` where `'`, `"`, `\`, NUL, CR and Ctrl-Z appear only as the escapes
//!   `\' \" \\ \0 \r \Z` (and a newline only as `\n`), every other byte as itself
//!   (<https://mariadb.com/kb/en/string-literals/>); restore's session never sets
//!   `NO_BACKSLASH_ESCAPES`, so a backslash is always an escape there;
//! - `0x` followed by an even, non-zero number of lowercase hex digits, and `X''` for
//!   no bytes.
//!
//! SQLite (`engine::sqlite_snapshot`):
//! - `NULL`;
//! - an integer `-?digits` within `i64`;
//! - a REAL `-?digits.digits[e-?digits]` or `-?digitse-?digits` (`9e999` for infinity),
//!   or an exact product of such REALs `m.0*f*f...` whose later factors have no sign;
//! - `'...'` with `''` for a quote and no control character (below 0x20, or DEL);
//! - `X'...'` with an even number of uppercase hex digits;
//! - `CAST(X'...' AS TEXT)`, text holding control characters or bytes that are not
//!   UTF-8 (<https://www.sqlite.org/lang_expr.html#castexpr>).
//!
//! These are also the shapes every earlier format version wrote (the SQLite REALs of
//! format 1 were Rust's shortest round-trip text, `1e-7`, `1.5e300`, inside the same
//! grammar), so old dumps still read.

use crate::dialect::Dialect;

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
        Dialect::Mysql => mysql_value,
        Dialect::Sqlite => sqlite_value,
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

/// Whether `b` is a MySQL number as the snapshot writes it unquoted; the
/// snapshot asks this very function, so it never writes a number the reader refuses.
pub fn is_mysql_number(b: &[u8]) -> bool {
    mysql_number(b, 0) == Ok(b.len())
}

fn mysql_value(row: &[u8], at: usize) -> Scan {
    let rest = &row[at..];
    if rest.starts_with(b"NULL") {
        return Ok(at + 4);
    }
    if rest.starts_with(b"X''") {
        return Ok(at + 3);
    }
    if rest.starts_with(b"0x") {
        let digits = rest[2..]
            .iter()
            .take_while(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
            .count();
        if digits == 0 || digits % 2 == 1 {
            return Err((
                at,
                "a hex literal without an even number of lowercase digits",
            ));
        }
        return Ok(at + 2 + digits);
    }
    match rest.first() {
        None => Err((at, "an empty value")),
        Some(b'\'') => mysql_string(row, at),
        Some(b'+' | b'-' | b'.' | b'0'..=b'9') => mysql_number(row, at),
        Some(_) => Err((at, NOT_A_LITERAL)),
    }
}

/// `[+-]digits[.digits][e[+-]digits]`, at least one digit before the exponent.
fn mysql_number(row: &[u8], at: usize) -> Scan {
    let digits = |i: &mut usize| {
        let start = *i;
        while row.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut i = at + usize::from(matches!(row.get(at), Some(b'-' | b'+')));
    let mut n = digits(&mut i);
    if row.get(i) == Some(&b'.') {
        i += 1;
        n += digits(&mut i);
    }
    if n == 0 {
        return Err((at, "a number without digits"));
    }
    if matches!(row.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(row.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return Err((at, "a number whose exponent has no digits"));
        }
    }
    Ok(i)
}

/// `'...'` escaped like `mysql_real_escape_string`.
fn mysql_string(row: &[u8], at: usize) -> Scan {
    let mut i = at + 1;
    loop {
        match row.get(i) {
            None => return Err((at, "a string that does not end")),
            Some(b'\'') => return Ok(i + 1),
            Some(b'\\') => match row.get(i + 1) {
                Some(b'0' | b'n' | b'r' | b'\\' | b'\'' | b'"' | b'Z') => i += 2,
                _ => return Err((i, "a backslash escape dbshape does not write")),
            },
            Some(0 | b'\r' | b'\n' | 0x1a | b'"') => {
                return Err((i, "a byte that dbshape writes only as an escape"))
            }
            Some(_) => i += 1,
        }
    }
}

fn sqlite_value(row: &[u8], at: usize) -> Scan {
    let rest = &row[at..];
    match rest.first() {
        None => Err((at, "an empty value")),
        Some(b'\'') => sqlite_string(row, at),
        Some(b'X') => sqlite_blob(row, at),
        Some(b'C') => {
            const OPEN: &[u8] = b"CAST(";
            const CLOSE: &[u8] = b" AS TEXT)";
            if !rest.starts_with(OPEN) {
                return Err((at, NOT_A_LITERAL));
            }
            let end = sqlite_blob(row, at + OPEN.len())?;
            if !row[end..].starts_with(CLOSE) {
                return Err((end, "a CAST other than `CAST(X'..' AS TEXT)`"));
            }
            Ok(end + CLOSE.len())
        }
        Some(b'N') if rest.starts_with(b"NULL") => Ok(at + 4),
        Some(b'-' | b'0'..=b'9') => sqlite_number(row, at),
        Some(_) => Err((at, NOT_A_LITERAL)),
    }
}

/// `'...'` with `''` for a quote, printable text only.
fn sqlite_string(row: &[u8], at: usize) -> Scan {
    let mut i = at + 1;
    loop {
        match row.get(i) {
            None => return Err((at, "a string that does not end")),
            Some(b'\'') if row.get(i + 1) == Some(&b'\'') => i += 2,
            Some(b'\'') => return Ok(i + 1),
            Some(&c) if c < 0x20 || c == 0x7f => {
                return Err((
                    i,
                    "a control character in a quoted string, which dbshape writes as CAST(X'..' AS TEXT)",
                ))
            }
            Some(_) => i += 1,
        }
    }
}

/// `X'<uppercase hex>'`.
fn sqlite_blob(row: &[u8], at: usize) -> Scan {
    if row.get(at..at + 2) != Some(b"X'") {
        return Err((at, NOT_A_LITERAL));
    }
    let start = at + 2;
    let digits = row[start..]
        .iter()
        .take_while(|c| matches!(c, b'0'..=b'9' | b'A'..=b'F'))
        .count();
    let end = start + digits;
    if row.get(end) != Some(&b'\'') || digits % 2 == 1 {
        return Err((
            at,
            "a blob literal that is not an even number of uppercase hex digits",
        ));
    }
    Ok(end + 1)
}

/// An integer within `i64`, a REAL, or a product of REALs (only the first signed).
fn sqlite_number(row: &[u8], at: usize) -> Scan {
    let (end, real) = sqlite_factor(row, at, true)?;
    if !real {
        let text = std::str::from_utf8(&row[at..end]).unwrap_or("");
        if text.parse::<i64>().is_err() {
            return Err((at, "an integer beyond the 64-bit range SQLite stores"));
        }
        return Ok(end);
    }
    let mut end = end;
    while row.get(end) == Some(&b'*') {
        let (next, real) = sqlite_factor(row, end + 1, false)?;
        if !real {
            return Err((end + 1, "a factor of a product that is not a REAL"));
        }
        end = next;
    }
    Ok(end)
}

/// One factor: `digits`, `digits.digits`, either with `e-?digits`; whether it is a REAL.
fn sqlite_factor(
    row: &[u8],
    at: usize,
    signed: bool,
) -> Result<(usize, bool), (usize, &'static str)> {
    let digits = |i: &mut usize| {
        let start = *i;
        while row.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut i = at + usize::from(signed && row.get(at) == Some(&b'-'));
    if digits(&mut i) == 0 {
        return Err((at, "a number without digits"));
    }
    let mut real = false;
    if row.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return Err((at, "a REAL without digits after its `.`"));
        }
        real = true;
    }
    if row.get(i) == Some(&b'e') {
        i += 1;
        if row.get(i) == Some(&b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return Err((at, "a REAL whose exponent has no digits"));
        }
        real = true;
    }
    Ok((i, real))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::mysql_snapshot::{push_hex, push_quoted};
    use crate::engine::sqlite_snapshot::push_real;

    fn ok(d: Dialect, row: &str) -> usize {
        check_row(d, row.as_bytes()).unwrap_or_else(|r| panic!("{row}: {r:?}"))
    }

    fn refused(d: Dialect, row: &str) -> Refusal {
        check_row(d, row.as_bytes()).expect_err(row)
    }

    /// Every value the MySQL snapshot writes is accepted, whatever the bytes of a
    /// string or binary value.
    #[test]
    fn every_mysql_value_shape_the_writer_emits_is_accepted() {
        let all: Vec<u8> = (0..=255).collect();
        let mut row = Vec::new();
        push_quoted(&mut row, &all);
        row.push(b',');
        push_hex(&mut row, &all);
        row.extend_from_slice(b",X'',NULL,'',");
        push_hex(&mut row, b"");
        for n in [
            "0",
            "-128",
            "18446744073709551615",
            "1.5",
            "-0.000001",
            "1e22",
            "5e-324",
            "0005",
            ".5",
            "+1",
            "1.",
            "-1.5E+10",
        ] {
            assert!(is_mysql_number(n.as_bytes()), "{n}");
            row.push(b',');
            row.extend_from_slice(n.as_bytes());
        }
        assert_eq!(check_row(Dialect::Mysql, &row), Ok(18));
        assert_eq!(
            ok(Dialect::Mysql, "1,'a\\'b','c\\\"d',NULL,0x00ff,-1.5e+10"),
            6
        );
        assert_eq!(
            ok(Dialect::Mysql, "'2024-01-02 03:04:05','{\\\"a\\\": 1}'"),
            2
        );
    }

    /// Every value the SQLite snapshot writes is accepted, REALs of every range and
    /// format 1's shortest round-trip text included.
    #[test]
    fn every_sqlite_value_shape_the_writer_emits_is_accepted() {
        let row = "NULL,-42,1.5,1.0e-300,9e999,-9e999,'it''s',X'00FF',CAST(X'610A' AS TEXT),'',X'',\
                   -9223372036854775808,9223372036854775807,-0.0,1e-7,1.5e300,1e16,'a \"q\" \u{e9}'";
        assert_eq!(ok(Dialect::Sqlite, row), 18);
        for v in [
            0.1,
            -3.0,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            -1e-300,
            1e200,
            f64::INFINITY,
            f64::NEG_INFINITY,
            313299.8421963531,
        ] {
            for products in [false, true] {
                let mut b = Vec::new();
                push_real(&mut b, v, products);
                let text = String::from_utf8(b).unwrap();
                assert_eq!(ok(Dialect::Sqlite, &text), 1, "{text}");
            }
        }
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
