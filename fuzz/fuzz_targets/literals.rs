//! Row value grammar (`dump::literals`, the check `verify` and `restore` run on every
//! MySQL and SQLite row): never panics, and accepts only rows that hold literals alone.
//!
//! Input: the first byte picks the dialect (even: MySQL, odd: SQLite), the rest is the
//! inside of one `VALUES (...)` tuple. Invariants:
//! - a refusal points inside the row (or at its end) and at a value that exists, and
//!   its description never panics;
//! - an accepted row is read by the restore's own decoder (`literals::decode_row`)
//!   into exactly as many values, and, on SQLite, by the fast loader
//!   (`literals::sqlite::parse_row`) too, so nothing accepted is read as anything but
//!   literals;
//! - outside quoted strings (and but for SQLite's `CAST(X'..' AS TEXT)`) an accepted
//!   row holds none of the bytes that make code: no letters but hex digits, `x`, `X`
//!   and those of `NULL`, no parentheses, `;`, `/`, `#`, `@`, spaces, and no `--`;
//! - the row cut before its last quote (inside its last string or hex literal) is
//!   refused.
#![no_main]

use dbshape::dialect::Dialect;
use dbshape::dump::literals::sqlite::parse_row;
use dbshape::dump::literals::{check_row, decode_row};
use libfuzzer_sys::fuzz_target;

/// The row with every quoted string's content removed (quotes kept), or `None` when a
/// string does not end. MySQL strings end at a `'` not escaped by `\`; SQLite's at a
/// `'` not doubled.
fn outside_strings(dialect: Dialect, row: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < row.len() {
        let c = row[i];
        out.push(c);
        i += 1;
        if c != b'\'' {
            continue;
        }
        loop {
            match (row.get(i), row.get(i + 1)) {
                (None, _) => return None,
                (Some(b'\\'), _) if dialect == Dialect::Mysql => i += 2,
                (Some(b'\''), Some(b'\'')) if dialect == Dialect::Sqlite => i += 2,
                (Some(b'\''), _) => {
                    out.push(b'\'');
                    i += 1;
                    break;
                }
                _ => i += 1,
            }
        }
    }
    Some(out)
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, row)) = data.split_first() else {
        return;
    };
    let dialect = if pick % 2 == 0 {
        Dialect::Mysql
    } else {
        Dialect::Sqlite
    };
    match check_row(dialect, row) {
        Err(refusal) => {
            assert!(refusal.at <= row.len(), "{refusal:?}");
            assert!(refusal.value >= 1, "{refusal:?}");
            let commas = row.iter().filter(|&&c| c == b',').count();
            assert!(refusal.value <= commas + 1, "{refusal:?}");
            assert!(!refusal.describe(row).is_empty());
        }
        Ok(n) => {
            let mut cells = Vec::new();
            let decoded = decode_row(dialect, row, &mut cells);
            if n == 0 {
                assert!(row.is_empty());
                return;
            }
            decoded.unwrap_or_else(|e| panic!("accepted but not decoded: {e}"));
            assert_eq!(
                cells.len(),
                n,
                "accepted {n} values, decoded {}",
                cells.len()
            );
            if dialect == Dialect::Sqlite {
                let (mut values, mut scratch) = (Vec::new(), Vec::new());
                assert!(
                    parse_row(row, &mut values, &mut scratch),
                    "accepted but not loaded"
                );
                assert_eq!(values.len(), n);
            }
            let code = outside_strings(dialect, row).expect("accepted strings end");
            let text = String::from_utf8_lossy(&code).replace("CAST(X'' AS TEXT)", "X''");
            for c in text.bytes() {
                assert!(
                    matches!(c, b'0'..=b'9' | b'a'..=b'f' | b'A'..=b'F' | b',' | b'\'' | b'.'
                        | b'-' | b'+' | b'*' | b'N' | b'U' | b'L' | b'X' | b'x'),
                    "accepted a row with {:?} outside strings: {text}",
                    c as char
                );
            }
            assert!(!text.contains("--"), "accepted a comment: {text}");
            // Cut before the last quote, the end of the last quoted string or hex
            // literal: never accepted.
            if let Some(q) = row.iter().rposition(|&c| c == b'\'') {
                assert!(
                    check_row(dialect, &row[..q]).is_err(),
                    "accepted a cut string"
                );
            }
        }
    }
});
