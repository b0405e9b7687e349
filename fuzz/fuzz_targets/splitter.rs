//! Statement splitter: never panics, and what it returns can be traced back to the file.
//!
//! Input: the first byte picks the dialect (0 postgres, 1 mysql, 2 sqlite, by `% 3`), the
//! rest is the migration file (invalid UTF-8 replaced, as a lossy reader would).
//!
//! Invariants checked on every accepted file:
//! * each statement is non-empty and trimmed (of ASCII white space);
//! * statements are in file order, do not overlap, and each one's text is a slice of the
//!   normalized input that starts on the line the statement reports;
//! * the same file with CRLF line ends splits identically (when it has no CR of its own);
//! * a statement split again on its own comes back whole (outside MySQL `DELIMITER`
//!   files, where a body legitimately holds `;`).
#![no_main]

use dbshape::dialect::Dialect;
use dbshape::migrate::splitter::{normalize, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let dialect = Dialect::ALL[usize::from(pick) % 3];
    let text = String::from_utf8_lossy(rest);
    let Ok(statements) = split(&text, dialect) else {
        return;
    };

    let norm = normalize(&text);
    let line_of = |offset: usize| 1 + norm[..offset].matches('\n').count();
    let mut from = 0usize;
    let mut last_line = 0usize;
    for (i, s) in statements.iter().enumerate() {
        assert!(!s.sql.is_empty(), "statement {i} is empty");
        // Blank is ASCII white space, as for the splitter (and PostgreSQL 15, which does
        // not skip a vertical tab either).
        let trimmed = s.sql.trim_matches(|c: char| c.is_ascii_whitespace());
        assert_eq!(trimmed, s.sql, "statement {i} is not trimmed");
        assert!(
            s.line >= last_line,
            "statement {i} goes back to line {}",
            s.line
        );
        last_line = s.line;
        // The earliest occurrence after the previous statement that starts on the
        // reported line; choosing the earliest leaves the most room for the next ones.
        let mut found = None;
        let mut search = from;
        while let Some(pos) = norm[search..].find(s.sql.as_str()) {
            let at = search + pos;
            let line = line_of(at);
            if line == s.line {
                found = Some(at);
                break;
            }
            if line > s.line {
                break;
            }
            search = at + norm[at..].chars().next().map_or(1, char::len_utf8);
        }
        let at = found.unwrap_or_else(|| {
            panic!(
                "statement {i} (line {}) is not a slice of the input after the previous one: {:?}",
                s.line, s.sql
            )
        });
        from = at + s.sql.len();
    }

    if !text.contains('\r') {
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(
            split(&crlf, dialect).as_ref().ok(),
            Some(&statements),
            "CRLF line ends change the split"
        );
    }

    let delimiter_command =
        dialect == Dialect::Mysql && text.to_ascii_lowercase().contains("delimiter");
    if !delimiter_command {
        for s in &statements {
            // MySQL: `--;` ends a statement `--` (no space after the dashes), but alone
            // `--` at the end of input is a comment; the server answers such a statement
            // "Query was empty", as it does for the mysql client.
            if dialect == Dialect::Mysql && s.sql.ends_with("--") {
                continue;
            }
            let again = split(&s.sql, dialect);
            let whole = matches!(again.as_deref(), Ok([one]) if one.sql == s.sql && one.line == 1);
            assert!(
                whole,
                "statement {:?} does not split back to itself: {again:?}",
                s.sql
            );
        }
    }
});
