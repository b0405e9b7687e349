//! A MySQL / MariaDB table's rows, streamed and written as the inside of VALUES tuples.
//!
//! Rows are read with the text protocol, so every value is the server's own text for
//! it, the very text the server parses back on INSERT: integers of every width, DECIMAL
//! digits, DOUBLE as the shortest text that round-trips, dates, times (negative and
//! over 24 h), zero dates, ENUM/SET labels, JSON text. One exception: FLOAT prints with
//! only 6 significant digits (`16777216` shows as `16777200`), so FLOAT columns are
//! read as `CAST(col AS DOUBLE)`, the float's exact value in the shortest text that
//! round-trips, which converts back to the very same float on INSERT. Rows stream one
//! at a time: memory does not grow with the table.
//!
//! Quoting follows the result's column metadata, as `mysqldump --hex-blob` does:
//! numbers unquoted; BIT, GEOMETRY and every string type of the `binary` character set
//! (BINARY, VARBINARY, BLOBs) as `0x` + hex, because their bytes are not text in any
//! character set and hex needs no escaping (an empty value is `X''`, since a bare `0x`
//! is not a literal); everything else as a quoted string escaped like
//! `mysql_real_escape_string` (`\0 \n \r \\ \' \" \Z`), so a row never spans lines
//! (<https://mariadb.com/kb/en/string-literals/>).

use futures_util::StreamExt;
use mysql_async::consts::ColumnType;
use mysql_async::prelude::Queryable;
use mysql_async::{Column, Row, Value};

use super::{db_err, quote_ident, MysqlSnapshot};
use crate::dump::format::TableHeader;
// The reader's own number rule decides what goes unquoted, so a number written unquoted
// is always one the reader accepts.
use crate::dump::literals::mysql::{is_number, push_hex, push_quoted};
use crate::dump::snapshot::RowSink;
use crate::error::{Error, Result};

/// Character set number of `binary` in result metadata.
const BINARY_CHARSET: u16 = 63;

/// How a column's values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The server's text, unquoted (when it is a plain numeric literal).
    Number,
    /// `0x` + lowercase hex.
    Hex,
    /// A quoted, escaped string.
    Text,
}

/// The encoding of a result column, from its type and character set: the same rule as
/// `mysqldump --hex-blob`.
fn kind(col: &Column) -> Kind {
    use ColumnType::*;
    match col.column_type() {
        MYSQL_TYPE_TINY
        | MYSQL_TYPE_SHORT
        | MYSQL_TYPE_INT24
        | MYSQL_TYPE_LONG
        | MYSQL_TYPE_LONGLONG
        | MYSQL_TYPE_DECIMAL
        | MYSQL_TYPE_NEWDECIMAL
        | MYSQL_TYPE_FLOAT
        | MYSQL_TYPE_DOUBLE
        | MYSQL_TYPE_YEAR => Kind::Number,
        MYSQL_TYPE_BIT | MYSQL_TYPE_GEOMETRY | MYSQL_TYPE_VECTOR => Kind::Hex,
        MYSQL_TYPE_STRING
        | MYSQL_TYPE_VAR_STRING
        | MYSQL_TYPE_VARCHAR
        | MYSQL_TYPE_BLOB
        | MYSQL_TYPE_TINY_BLOB
        | MYSQL_TYPE_MEDIUM_BLOB
        | MYSQL_TYPE_LONG_BLOB
            if col.character_set() == BINARY_CHARSET =>
        {
            Kind::Hex
        }
        _ => Kind::Text,
    }
}

/// Appends one value in its column's encoding.
fn push_value(out: &mut Vec<u8>, kind: Kind, v: Option<&Value>) {
    match v {
        None | Some(Value::NULL) => out.extend_from_slice(b"NULL"),
        Some(Value::Bytes(b)) => match kind {
            Kind::Number if is_number(b) => out.extend_from_slice(b),
            Kind::Hex => push_hex(out, b),
            Kind::Number | Kind::Text => push_quoted(out, b),
        },
        // The text protocol only sends bytes; anything else is the driver's own literal.
        Some(other) => out.extend_from_slice(other.as_sql(false).as_bytes()),
    }
}

/// Encodes a row as the inside of a VALUES tuple.
fn encode_row(out: &mut Vec<u8>, kinds: &[Kind], row: &Row) {
    out.clear();
    for (i, kind) in kinds.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_value(out, *kind, row.as_ref(i));
    }
}

/// Streams the rows of `table` into `sink`, one at a time.
pub(super) async fn stream(
    snap: &mut MysqlSnapshot,
    table: &TableHeader,
    sink: &mut dyn RowSink,
) -> Result<()> {
    let select: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            let q = quote_ident(&c.name);
            // FLOAT's own text has 6 significant digits; its DOUBLE value is exact.
            // The header's COLUMN_TYPE says which columns are FLOAT, no catalog
            // query per table needed.
            if c.data_type.to_ascii_lowercase().starts_with("float") {
                format!("CAST({q} AS DOUBLE)")
            } else {
                q
            }
        })
        .collect();
    // A table of generated columns only still has rows: select a constant and
    // encode none of it, so each row becomes `()`.
    let no_columns = select.is_empty();
    let list = if no_columns {
        "1".to_string()
    } else {
        select.join(", ")
    };
    let sql = format!("SELECT {list} FROM {}", quote_ident(&table.name));
    let context = format!("cannot read table {}", table.name);
    let conn = snap.conn.as_mut().ok_or_else(|| {
        Error::db(
            "the backup session is already closed",
            "the snapshot was finished",
        )
    })?;
    let url = &snap.url;
    let mut result = conn
        .query_iter(sql)
        .await
        .map_err(|e| db_err(url, &context, &e))?;
    let mut kinds: Vec<Kind> = result
        .columns()
        .map(|cols| cols.iter().map(kind).collect())
        .unwrap_or_default();
    if kinds.len() != select.len().max(1) {
        return Err(Error::db(
            context,
            format!(
                "the server returned {} columns for {} dumped columns",
                kinds.len(),
                table.columns.len()
            ),
        ));
    }
    if no_columns {
        kinds.clear();
    }
    let mut line = Vec::with_capacity(4096);
    if let Some(mut stream) = result
        .stream::<Row>()
        .await
        .map_err(|e| db_err(url, &context, &e))?
    {
        while let Some(row) = stream.next().await {
            let row = row.map_err(|e| db_err(url, &context, &e))?;
            encode_row(&mut line, &kinds, &row);
            sink.row(&line)?;
        }
    }
    result
        .drop_result()
        .await
        .map_err(|e| db_err(url, &context, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_numbers_go_unquoted() {
        for ok in [
            "0",
            "-128",
            "18446744073709551615",
            "1.5",
            "-0.000001",
            "1e22",
            "5e-324",
            "0005",
            ".5",
        ] {
            assert!(is_number(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", "-", ".", "1e", "1e+", "inf", "NaN", "1,2", "1 ", "--1", "0x1f", "1.2.3",
        ] {
            assert!(!is_number(bad.as_bytes()), "{bad}");
        }
        let mut out = Vec::new();
        push_value(&mut out, Kind::Number, Some(&Value::Bytes(b"inf".to_vec())));
        assert_eq!(out, b"'inf'");
    }
}
