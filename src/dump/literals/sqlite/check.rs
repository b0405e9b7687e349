//! The grammar a SQLite row of a dump is held to: each value one of the literals the
//! snapshot reader writes (listed in the parent module), followed by `,` or the end of
//! the row.
//!
//! A checker of its own, byte-level and strict, because it guards the restore: a row
//! is sent to SQLite as SQL text, so anything here that is not a literal would be SQL
//! run on restore. The decoder beside it answers another question (whether a row can be
//! bound without SQLite's parser, declining any other row), so it does not stand in for
//! this check.

use crate::dump::literals::{Scan, NOT_A_LITERAL};

/// One value of the grammar (see the parent module), from `at`: the byte after it, or
/// where and why not.
pub(in crate::dump::literals) fn value(row: &[u8], at: usize) -> Scan {
    let rest = &row[at..];
    match rest.first() {
        None => Err((at, "an empty value")),
        Some(b'\'') => string(row, at),
        Some(b'X') => blob(row, at),
        Some(b'C') => {
            const OPEN: &[u8] = b"CAST(";
            const CLOSE: &[u8] = b" AS TEXT)";
            if !rest.starts_with(OPEN) {
                return Err((at, NOT_A_LITERAL));
            }
            let end = blob(row, at + OPEN.len())?;
            if !row[end..].starts_with(CLOSE) {
                return Err((end, "a CAST other than `CAST(X'..' AS TEXT)`"));
            }
            Ok(end + CLOSE.len())
        }
        Some(b'N') if rest.starts_with(b"NULL") => Ok(at + 4),
        Some(b'-' | b'0'..=b'9') => number(row, at),
        Some(_) => Err((at, NOT_A_LITERAL)),
    }
}

/// `'...'` with `''` for a quote, printable text only.
fn string(row: &[u8], at: usize) -> Scan {
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
fn blob(row: &[u8], at: usize) -> Scan {
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
fn number(row: &[u8], at: usize) -> Scan {
    let (end, real) = factor(row, at, true)?;
    if !real {
        let text = std::str::from_utf8(&row[at..end]).unwrap_or("");
        if text.parse::<i64>().is_err() {
            return Err((at, "an integer beyond the 64-bit range SQLite stores"));
        }
        return Ok(end);
    }
    let mut end = end;
    while row.get(end) == Some(&b'*') {
        let (next, real) = factor(row, end + 1, false)?;
        if !real {
            return Err((end + 1, "a factor of a product that is not a REAL"));
        }
        end = next;
    }
    Ok(end)
}

/// One factor: `digits`, `digits.digits`, either with `e-?digits`; whether it is a REAL.
fn factor(row: &[u8], at: usize, signed: bool) -> Result<(usize, bool), (usize, &'static str)> {
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
    use crate::dialect::Dialect;
    use crate::dump::literals::check_row;
    use crate::dump::literals::sqlite::push_real;

    fn ok(d: Dialect, row: &str) -> usize {
        check_row(d, row.as_bytes()).unwrap_or_else(|r| panic!("{row}: {r:?}"))
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
}
