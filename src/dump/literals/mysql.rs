//! MySQL / MariaDB row syntax: the inside of one `VALUES (...)` tuple as the snapshot
//! reader (`engine::mysql_snapshot`) writes it, `mysqldump --hex-blob` style, the
//! grammar the dump reader holds every row to, and the decoder `transcode` reads rows
//! with. The values are:
//!
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
//! dbshape's own statements outside a dump run in whatever `sql_mode` the session has,
//! so their text is written by [`text_literal`] instead.

use super::{push_lower_hex, unhex, Cell, Scan, NOT_A_LITERAL};

/// Whether `b` is a MySQL number as the snapshot writes it unquoted; the
/// snapshot asks this very function, so it never writes a number the reader refuses.
pub fn is_number(b: &[u8]) -> bool {
    number(b, 0) == Ok(b.len())
}

/// One value of the grammar above, from `at`: the byte after it, or where and why not.
pub(super) fn value(row: &[u8], at: usize) -> Scan {
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
        Some(b'\'') => string(row, at),
        Some(b'+' | b'-' | b'.' | b'0'..=b'9') => number(row, at),
        Some(_) => Err((at, NOT_A_LITERAL)),
    }
}

/// `[+-]digits[.digits][e[+-]digits]`, at least one digit before the exponent.
fn number(row: &[u8], at: usize) -> Scan {
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
fn string(row: &[u8], at: usize) -> Scan {
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

/// Appends `s` as a single-quoted literal escaped like `mysql_real_escape_string`.
pub fn push_quoted(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'\'');
    for &c in s {
        match c {
            0 => out.extend_from_slice(b"\\0"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\'' => out.extend_from_slice(b"\\'"),
            b'"' => out.extend_from_slice(b"\\\""),
            0x1a => out.extend_from_slice(b"\\Z"),
            _ => out.push(c),
        }
    }
    out.push(b'\'');
}

/// Appends `0x` + lowercase hex, or `X''` for no bytes.
pub fn push_hex(out: &mut Vec<u8>, b: &[u8]) {
    if b.is_empty() {
        out.extend_from_slice(b"X''");
        return;
    }
    out.reserve(2 + 2 * b.len());
    out.extend_from_slice(b"0x");
    push_lower_hex(out, b);
}

/// A MySQL string literal that reads the same whatever the session's `sql_mode`, for
/// dbshape's own statements (change log, session reset), which run in the operator's
/// session rather than the restore's (`NO_BACKSLASH_ESCAPES` changes what a backslash
/// means inside quotes, so [`push_quoted`] would not do there): text without
/// backslashes is quoted with `''` for a quote, anything else becomes a hex literal
/// with a character set introducer
/// (<https://mariadb.com/kb/en/string-literals/>, <https://mariadb.com/kb/en/hexadecimal-literals/>).
pub fn text_literal(s: &str) -> String {
    if s.contains('\\') || s.contains('\0') {
        format!("_utf8mb4 X'{}'", hex::encode(s.as_bytes()))
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// Decodes a row into cells (for `transcode`): the literals the MySQL snapshot writes, `NULL`, numbers, `'text'` with backslash
/// escapes, `0x<hex>` and `X''`.
pub(super) fn decode(line: &[u8], out: &mut Vec<Cell>) -> Result<(), String> {
    let mut i = 0;
    loop {
        let rest = &line[i..];
        if rest.starts_with(b"NULL") {
            out.push(Cell::Null);
            i += 4;
        } else if rest.starts_with(b"X''") {
            out.push(Cell::Bytes(Vec::new()));
            i += 3;
        } else if rest.starts_with(b"0x") {
            let end = rest[2..]
                .iter()
                .position(|&c| c == b',')
                .map_or(rest.len(), |p| p + 2);
            out.push(Cell::Bytes(unhex(&rest[2..end])?));
            i += end;
        } else if rest.first() == Some(&b'\'') {
            let mut v = Vec::new();
            let mut j = 1;
            loop {
                match rest.get(j) {
                    None => return Err("a quoted MySQL value does not end".into()),
                    Some(b'\\') => {
                        let e = *rest.get(j + 1).ok_or("a MySQL value ends in a backslash")?;
                        v.push(match e {
                            b'0' => 0,
                            b'n' => b'\n',
                            b'r' => b'\r',
                            b't' => b'\t',
                            b'b' => 8,
                            b'Z' => 0x1a,
                            other => other,
                        });
                        j += 2;
                    }
                    Some(b'\'') if rest.get(j + 1) == Some(&b'\'') => {
                        v.push(b'\'');
                        j += 2;
                    }
                    Some(b'\'') => {
                        j += 1;
                        break;
                    }
                    Some(&c) => {
                        v.push(c);
                        j += 1;
                    }
                }
            }
            out.push(Cell::Text(v));
            i += j;
        } else {
            let end = rest.iter().position(|&c| c == b',').unwrap_or(rest.len());
            if end == 0 {
                return Err("an empty MySQL value".into());
            }
            out.push(Cell::Text(rest[..end].to_vec()));
            i += end;
        }
        match line.get(i) {
            None => return Ok(()),
            Some(b',') => i += 1,
            Some(_) => return Err(format!("unexpected text after a MySQL value at byte {i}")),
        }
    }
}

#[cfg(test)]
mod tests {
    /// Guards: MySQL literals mean the same with and without `NO_BACKSLASH_ESCAPES`.
    #[test]
    fn text_literal_never_depends_on_backslash_escapes() {
        assert_eq!(text_literal("1.2.0"), "'1.2.0'");
        assert_eq!(text_literal("it's"), "'it''s'");
        assert_eq!(text_literal("a\\b"), "_utf8mb4 X'615c62'");
        assert_eq!(text_literal("nul\0"), "_utf8mb4 X'6e756c00'");
    }

    use super::*;
    use crate::dialect::Dialect;
    use crate::dump::literals::check_row;

    fn ok(d: Dialect, row: &str) -> usize {
        check_row(d, row.as_bytes()).unwrap_or_else(|r| panic!("{row}: {r:?}"))
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
            assert!(is_number(n.as_bytes()), "{n}");
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

    #[test]
    fn strings_are_escaped_like_mysqldump() {
        let mut out = Vec::new();
        push_quoted(&mut out, b"a'b\"c\\d\ne\rf\0g\x1ah\tx");
        assert_eq!(out, b"'a\\'b\\\"c\\\\d\\ne\\rf\\0g\\Zh\tx'".to_vec());
    }

    #[test]
    fn binary_is_lowercase_hex_and_empty_is_a_literal() {
        let mut out = Vec::new();
        push_hex(&mut out, &[0x00, 0xab, 0xff]);
        assert_eq!(out, b"0x00abff");
        out.clear();
        push_hex(&mut out, b"");
        assert_eq!(out, b"X''");
    }
}
