//! Reading back the literals that the SQLite snapshot reader writes, so that restore can
//! bind each value to one prepared `INSERT` instead of having SQLite's parser compile
//! every row of the dump: parsing the SQL text of a value costs several times storing
//! it. `transcode` reads rows of a SQLite dump through it too.
//!
//! Only the exact shapes the encoder writes are read: `NULL`; an integer (`-?[0-9]+`,
//! within `i64`); a REAL (`-?[0-9]+.[0-9]+`, optionally `e-?[0-9]+`, `9e999`), or an
//! exact product of REALs (`a*b*c`); `'text'` with `''` for a quote; `X'<hex>'`; and
//! `CAST(X'<hex>' AS TEXT)`. A row with anything else is not read (`false`), and
//! restore sends that row through SQLite's parser as before, so a dump that does not
//! match this reading is still loaded exactly as its SQL says.
//!
//! Why binding stores what the SQL would: a column's affinity is applied to a bound
//! value exactly as to a literal (<https://www.sqlite.org/datatype3.html#type_affinity>);
//! `CAST(X'..' AS TEXT)` keeps the bytes as they are, as `sqlite3_bind_text` with an
//! explicit length does (<https://www.sqlite.org/c3ref/bind_blob.html>); the REAL
//! literals written are read exactly by SQLite's parser (decimals within the range the
//! encoder keeps them to, exact products outside it), and Rust's parser is correctly
//! rounded, so both give the same `f64`; a product evaluated left to right in `f64` is
//! what SQLite computes for it.

use std::ops::Range;

use crate::dump::literals::{nibble, Cell};

/// One value of a row, borrowing from the row or from the row's scratch buffer.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `NULL`.
    Null,
    /// An integer literal, within the range of a 64-bit signed integer.
    Integer(i64),
    /// A REAL literal (or a product of them), as the `f64` SQLite reads from it.
    Real(f64),
    /// Text bytes: from the row (`Row`) or decoded into the scratch buffer.
    Text(Bytes),
    /// A BLOB from an `X'..'` literal: its decoded bytes, in the scratch buffer.
    Blob(Bytes),
}

/// Where the bytes of a TEXT or BLOB value are.
#[derive(Debug, Clone, PartialEq)]
pub enum Bytes {
    /// A range of the row line itself (text without `''`).
    Row(Range<usize>),
    /// A range of the scratch buffer (unescaped text, decoded hex).
    Scratch(Range<usize>),
}

impl Bytes {
    /// The bytes, given the row and the scratch buffer they were parsed into.
    pub fn get<'a>(&self, row: &'a [u8], scratch: &'a [u8]) -> &'a [u8] {
        match self {
            Bytes::Row(r) => &row[r.clone()],
            Bytes::Scratch(r) => &scratch[r.clone()],
        }
    }
}

/// Parses one row (the inside of a VALUES tuple) into `values`, decoding into
/// `scratch`; `false` when the row holds anything but the shapes listed above.
pub fn parse_row(row: &[u8], values: &mut Vec<Value>, scratch: &mut Vec<u8>) -> bool {
    values.clear();
    scratch.clear();
    let mut at = 0;
    loop {
        let Some((value, next)) = parse_value(row, at, scratch) else {
            return false;
        };
        values.push(value);
        match row.get(next) {
            None => return true,
            Some(b',') => at = next + 1,
            Some(_) => return false,
        }
    }
}

fn parse_value(row: &[u8], at: usize, scratch: &mut Vec<u8>) -> Option<(Value, usize)> {
    let rest = &row[at..];
    match rest.first()? {
        b'\'' => {
            let (bytes, next) = parse_quoted(row, at, scratch)?;
            Some((Value::Text(bytes), next))
        }
        b'X' => {
            let (bytes, next) = parse_hex(row, at, scratch)?;
            Some((Value::Blob(bytes), next))
        }
        b'C' => {
            const OPEN: &[u8] = b"CAST(";
            const CLOSE: &[u8] = b" AS TEXT)";
            if !rest.starts_with(OPEN) {
                return None;
            }
            let (bytes, next) = parse_hex(row, at + OPEN.len(), scratch)?;
            if !row[next..].starts_with(CLOSE) {
                return None;
            }
            Some((Value::Text(bytes), next + CLOSE.len()))
        }
        b'N' => rest.starts_with(b"NULL").then_some((Value::Null, at + 4)),
        b'-' | b'0'..=b'9' => parse_number(row, at),
        _ => None,
    }
}

/// `'...'` with `''` for a quote.
fn parse_quoted(row: &[u8], at: usize, scratch: &mut Vec<u8>) -> Option<(Bytes, usize)> {
    let start = at + 1;
    let mut from = start;
    let mut unescaped: Option<usize> = None;
    loop {
        let quote = from + memchr::memchr(b'\'', &row[from..])?;
        if row.get(quote + 1) == Some(&b'\'') {
            // A doubled quote: one quote of text.
            if unescaped.is_none() {
                unescaped = Some(scratch.len());
            }
            scratch.extend_from_slice(&row[from..=quote]);
            from = quote + 2;
            continue;
        }
        let bytes = match unescaped {
            None => Bytes::Row(start..quote),
            Some(begin) => {
                scratch.extend_from_slice(&row[from..quote]);
                Bytes::Scratch(begin..scratch.len())
            }
        };
        return Some((bytes, quote + 1));
    }
}

/// `X'<hex>'`, decoded into `scratch`.
fn parse_hex(row: &[u8], at: usize, scratch: &mut Vec<u8>) -> Option<(Bytes, usize)> {
    if row.get(at..at + 2)? != b"X'" {
        return None;
    }
    let start = at + 2;
    let end = start + memchr::memchr(b'\'', &row[start..])?;
    let hex = &row[start..end];
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    let begin = scratch.len();
    scratch.reserve(hex.len() / 2);
    for pair in hex.chunks_exact(2) {
        scratch.push(nibble(pair[0])? << 4 | nibble(pair[1])?);
    }
    Some((Bytes::Scratch(begin..scratch.len()), end + 1))
}

/// An integer, a REAL or a product of REALs, up to the next `,` or the end.
fn parse_number(row: &[u8], at: usize) -> Option<(Value, usize)> {
    let end = at + memchr::memchr(b',', &row[at..]).unwrap_or(row.len() - at);
    let token = &row[at..end];
    if token
        .iter()
        .all(|&c| c.is_ascii_digit() || c == b'-' || c == b'.' || c == b'e' || c == b'*')
    {
        let text = std::str::from_utf8(token).ok()?;
        if !text.contains(['.', 'e', '*']) {
            // Integer: SQLite reads one beyond i64 as a REAL; not written, so not read.
            return Some((Value::Integer(text.parse().ok()?), end));
        }
        let mut product: Option<f64> = None;
        for factor in text.split('*') {
            let v = real(factor)?;
            product = Some(match product {
                None => v,
                Some(p) => p * v,
            });
        }
        return Some((Value::Real(product?), end));
    }
    None
}

/// One REAL literal: digits with a `.` and/or an exponent (`1.5`, `1.0e-300`, `9e999`).
fn real(text: &str) -> Option<f64> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match body.split_once('e') {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            !int.is_empty()
                && !frac.is_empty()
                && int.bytes().all(|c| c.is_ascii_digit())
                && frac.bytes().all(|c| c.is_ascii_digit())
        }
        // Without a `.`, only with an exponent (`9e999`).
        None => {
            exponent.is_some()
                && !mantissa.is_empty()
                && mantissa.bytes().all(|c| c.is_ascii_digit())
        }
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix('-').unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit())
    });
    if !(mantissa_ok && exponent_ok) {
        return None;
    }
    text.parse().ok()
}

/// Decodes a row into cells (for `transcode`), by [`parse_row`].
pub(in crate::dump::literals) fn decode(line: &[u8], out: &mut Vec<Cell>) -> Result<(), String> {
    let (mut values, mut scratch) = (Vec::new(), Vec::new());
    if !parse_row(line, &mut values, &mut scratch) {
        return Err("a SQLite value of a shape dbshape does not convert".into());
    }
    for v in values {
        out.push(match v {
            Value::Null => Cell::Null,
            Value::Integer(n) => Cell::Text(n.to_string().into_bytes()),
            Value::Real(f) => Cell::Real(f),
            Value::Text(b) => Cell::Text(b.get(line, &scratch).to_vec()),
            Value::Blob(b) => Cell::Bytes(b.get(line, &scratch).to_vec()),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(row: &str) -> Option<(Vec<Value>, Vec<u8>)> {
        let mut values = Vec::new();
        let mut scratch = Vec::new();
        parse_row(row.as_bytes(), &mut values, &mut scratch).then_some((values, scratch))
    }

    #[test]
    fn every_shape_the_encoder_writes_is_read() {
        let row = "NULL,-42,1.5,1.0e-300,9e999,-9e999,'it''s',X'00FF',CAST(X'610A' AS TEXT),'',X''";
        let (values, scratch) = parse(row).unwrap();
        let text = |v: &Value| match v {
            Value::Text(b) | Value::Blob(b) => b.get(row.as_bytes(), &scratch).to_vec(),
            _ => panic!("{v:?}"),
        };
        assert_eq!(values[0], Value::Null);
        assert_eq!(values[1], Value::Integer(-42));
        assert_eq!(values[2], Value::Real(1.5));
        assert_eq!(values[3], Value::Real(1e-300));
        assert_eq!(values[4], Value::Real(f64::INFINITY));
        assert_eq!(values[5], Value::Real(f64::NEG_INFINITY));
        assert!(matches!(values[6], Value::Text(_)));
        assert_eq!(text(&values[6]), b"it's");
        assert!(matches!(values[7], Value::Blob(_)));
        assert_eq!(text(&values[7]), [0x00, 0xff]);
        assert!(matches!(values[8], Value::Text(_)));
        assert_eq!(text(&values[8]), b"a\n");
        assert_eq!(text(&values[9]), b"");
        assert_eq!(text(&values[10]), b"");
        assert_eq!(values.len(), 11);
    }

    #[test]
    fn extremes_and_products_are_exact() {
        let (values, _) = parse("-9223372036854775808,9223372036854775807,-0.0").unwrap();
        assert_eq!(values[0], Value::Integer(i64::MIN));
        assert_eq!(values[1], Value::Integer(i64::MAX));
        let Value::Real(z) = values[2] else { panic!() };
        assert_eq!(z.to_bits(), (-0.0f64).to_bits());
        let (values, _) = parse("1.0*6.2230152778611417e-61*6.2230152778611417e-61*6.2230152778611417e-61*6.2230152778611417e-61*6.2230152778611417e-61*5.2939559203393771e-23").unwrap();
        assert_eq!(values[0], Value::Real(5e-324));
    }

    #[test]
    fn anything_else_is_left_to_sqlite() {
        for row in [
            "9223372036854775808",
            "1e+5",
            "1.",
            ".5",
            "2*3",
            "'open",
            "X'0'",
            "x'00'",
            "NULLX",
            "1,",
            "abs(1)",
            "CAST(X'00' AS BLOB)",
            "1 ,2",
            "inf",
        ] {
            assert!(parse(row).is_none(), "{row}");
        }
    }
}
