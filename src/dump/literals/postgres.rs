//! PostgreSQL row syntax: a `COPY` text line, as `COPY ... TO STDOUT` writes it
//! (<https://www.postgresql.org/docs/current/sql-copy.html>): fields separated by tabs,
//! `\N` for NULL, a backslash escape for a backslash and the control characters. The
//! snapshot reader passes the server's lines through unchanged; the dump reader holds
//! them to the escapes `COPY` writes ([`check_row`]); `transcode` decodes them, and
//! writes the text of other engines' values in the same syntax ([`push_text`]).

use super::Cell;

/// A PostgreSQL row line holds only the backslash escapes `COPY ... TO` writes: `\\`,
/// `\N` and those of the control characters (`\b \f \n \r \t \v`); it never writes an
/// octal or hex escape (<https://www.postgresql.org/docs/current/sql-copy.html>). A
/// forged row could otherwise hold `\!` and the other psql commands, which psql runs if
/// it reads the line outside of COPY (a failed COPY leaves it reading commands). Returns
/// the byte of the first other escape.
pub fn check_row(row: &[u8]) -> std::result::Result<(), usize> {
    let mut from = 0;
    while let Some(k) = memchr::memchr(b'\\', &row[from..]) {
        let at = from + k;
        match row.get(at + 1) {
            Some(b'\\' | b'N' | b'b' | b'f' | b'n' | b'r' | b't' | b'v') => from = at + 2,
            _ => return Err(at),
        }
    }
    Ok(())
}

/// Decodes a row into cells (for `transcode`), every escape `COPY ... FROM` reads.
pub(super) fn decode(line: &[u8], out: &mut Vec<Cell>) -> Result<(), String> {
    for field in line.split(|&b| b == b'\t') {
        if field == b"\\N" {
            out.push(Cell::Null);
            continue;
        }
        let mut v = Vec::with_capacity(field.len());
        let mut i = 0;
        while i < field.len() {
            let c = field[i];
            if c != b'\\' {
                v.push(c);
                i += 1;
                continue;
            }
            let Some(&e) = field.get(i + 1) else {
                return Err("a COPY field ends in a backslash".into());
            };
            i += 2;
            match e {
                b'b' => v.push(8),
                b'f' => v.push(12),
                b'n' => v.push(b'\n'),
                b'r' => v.push(b'\r'),
                b't' => v.push(b'\t'),
                b'v' => v.push(11),
                b'0'..=b'7' => {
                    let mut n = u32::from(e - b'0');
                    for _ in 0..2 {
                        match field.get(i) {
                            Some(&d @ b'0'..=b'7') => {
                                n = n * 8 + u32::from(d - b'0');
                                i += 1;
                            }
                            _ => break,
                        }
                    }
                    v.push(n as u8);
                }
                b'x' => {
                    let mut n = 0u8;
                    let mut digits = 0;
                    while digits < 2 {
                        match field.get(i).and_then(|&d| super::nibble(d)) {
                            Some(d) => {
                                n = n * 16 + d;
                                i += 1;
                                digits += 1;
                            }
                            None => break,
                        }
                    }
                    if digits == 0 {
                        v.push(b'x');
                    } else {
                        v.push(n);
                    }
                }
                other => v.push(other),
            }
        }
        out.push(Cell::Text(v));
    }
    Ok(())
}

/// Appends `bytes` as the text of one field, escaped as `COPY` reads it.
pub fn push_text(out: &mut Vec<u8>, bytes: &[u8]) {
    for &c in bytes {
        match c {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_rows_hold_only_the_escapes_copy_writes() {
        for ok in [&b"1\tx"[..], br"1\tx", br"\N\tfoo", br"a\\b\r\n\b\f\v", b""] {
            assert_eq!(check_row(ok), Ok(()), "{}", String::from_utf8_lossy(ok));
        }
        for (bad, at) in [
            (&br"\! touch x"[..], 0),
            (br"1\t\x41", 3),
            (br"1\t\101", 3),
            (br"a\", 1),
        ] {
            assert_eq!(check_row(bad), Err(at), "{}", String::from_utf8_lossy(bad));
        }
    }
}
