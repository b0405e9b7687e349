//! One row line of a table section, checked before it reaches a visitor: a PostgreSQL
//! COPY line may hold only the escapes COPY writes; a MySQL or SQLite row must be one
//! line of the INSERT statement, UTF-8, and made only of literals.
//!
//! Apart from the section order because this is where a forged dump would smuggle SQL
//! in: a row reaches the server as SQL text, so what a row may hold is decided here,
//! by the grammar of [`crate::dump::literals`], not by the engine that loads it.

use super::bad;
use crate::dialect::Dialect;
use crate::dump::literals;
use crate::error::Result;

/// Checks one line of a PostgreSQL COPY block.
pub(super) fn check_copy_row(lineno: u64, body: &[u8]) -> Result<()> {
    literals::postgres::check_row(body).map_err(|at| {
        bad(
            lineno,
            &format!(
                "the row holds the escape `{}` at byte {}, which PostgreSQL's COPY never writes; a psql replay could take it for one of its own commands, so the dump was altered or not written by dbshape",
                String::from_utf8_lossy(&body[at..(at + 2).min(body.len())]),
                at + 1
            ),
        )
    })
}

/// Checks one row line of a MySQL or SQLite INSERT statement (`(...),` or `(...);`):
/// the inside of its tuple, and whether it is the statement's last row.
pub(super) fn insert_row(dialect: Dialect, lineno: u64, body: &[u8]) -> Result<(&[u8], bool)> {
    let (inner, last) = match (body.strip_prefix(b"("), body.last()) {
        (Some(rest), Some(b',')) if rest.ends_with(b"),") => (&rest[..rest.len() - 2], false),
        (Some(rest), Some(b';')) if rest.ends_with(b");") => (&rest[..rest.len() - 2], true),
        _ => return Err(bad(lineno, "not a row of the INSERT statement")),
    };
    // The writer escapes strings and writes binary values as hex (MySQL) or `X'..'`
    // (SQLite), so every row it writes is UTF-8, the encoding the restore's session reads
    // (`SET NAMES utf8mb4`; SQLite's SQL text). Other bytes are damage, found here rather
    // than by a load that fails half-way.
    if let Err(e) = std::str::from_utf8(inner) {
        return Err(bad(
            lineno,
            &format!(
                "the row holds bytes that are not UTF-8 (at byte {} of the row), which dbshape never writes",
                e.valid_up_to() + 1
            ),
        ));
    }
    // Every value must be a literal of the writer's grammar: anything else would be SQL
    // the server runs on restore (see `literals`).
    if let Err(refusal) = literals::check_row(dialect, inner) {
        return Err(bad(
            lineno,
            &format!(
                "{}; a row holds only literals, so the dump was altered or not written by dbshape: restore from another copy, or take a new backup",
                refusal.describe(inner)
            ),
        ));
    }
    Ok((inner, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_rows_are_framed_utf8_literals() {
        assert_eq!(
            insert_row(Dialect::Mysql, 7, b"(1,'a'),").unwrap(),
            (&b"1,'a'"[..], false)
        );
        assert_eq!(
            insert_row(Dialect::Sqlite, 7, b"(NULL);").unwrap(),
            (&b"NULL"[..], true)
        );
        for (row, why) in [
            (&b"(1,'a')"[..], "not a row of the INSERT statement"),
            (b"1,'a'),", "not a row of the INSERT statement"),
            (b"('\xff'),", "not UTF-8"),
            (b"(SLEEP(3)),", "is not a literal dbshape writes"),
        ] {
            let err = insert_row(Dialect::Mysql, 7, row).unwrap_err().to_string();
            assert!(err.starts_with("dump line 7: "), "{err}");
            assert!(err.contains(why), "{err}");
        }
    }

    #[test]
    fn copy_rows_hold_only_copy_escapes() {
        assert!(check_copy_row(3, b"1\t\\N\tplain").is_ok());
        let err = check_copy_row(3, b"1\t\\!date").unwrap_err().to_string();
        assert!(err.starts_with("dump line 3: "), "{err}");
        assert!(err.contains("PostgreSQL's COPY never writes"), "{err}");
    }
}
