//! A SQLite table's rows, stepped on the connection's raw handle and written as the
//! inside of VALUES tuples.
//!
//! # Values: storage classes, not declared types
//!
//! SQLite is dynamically typed: a column's declared type only gives it an *affinity*,
//! and any value of any storage class (NULL, INTEGER, REAL, TEXT, BLOB) can sit in any
//! column of a non-STRICT table (<https://www.sqlite.org/datatype3.html>). Each value
//! is therefore encoded from its own storage class, read at run time
//! (`sqlite3_value_type`, <https://www.sqlite.org/c3ref/value_blob.html>), never from
//! the column's type. Re-inserting a literal of the same class into a column of the same
//! affinity stores the same class again: the affinity already had its say when the
//! value was first stored, so what is stored is what survives it.
//!
//! - INTEGER: decimal `i64`.
//! - REAL: a literal that SQLite reads back as the very same `f64` (see [`push_real`]).
//!   SQLite's own text-to-REAL conversion is not correctly rounded: 3.40 (long double)
//!   misreads some 17-digit literals between 1e-308 and 1e-291, and 3.47+ (double-double
//!   arithmetic, e.g. the 3.51 linked here) misreads about one in six literals below
//!   about 1e-83 or above 1e117 by 1 to 3 ulp, whatever the number of digits (measured;
//!   the shortest round-trip text even fails on 3.40 at ordinary magnitudes, e.g.
//!   `313299.8421963531`). So the decimal written is the nearest one with 17
//!   significant digits, at most 0.45 ulp from the value, which both parsers read
//!   exactly from 1e-75 to 1e110; outside that range the value is written as an exact
//!   product of powers of two (`4503599627370497.0*6.2230152778611417e-61*...`), which
//!   IEEE multiplication evaluates without rounding, as soon as the dump reader accepts
//!   `*` ([`exact_products_allowed`]); until then such values may come back 1-3 ulp
//!   off, which restore's digest check catches. Literals always hold a `.` or an
//!   exponent, so SQLite reads a REAL, never an INTEGER
//!   (<https://www.sqlite.org/lang_expr.html#literal_values_constants_>).
//!   Infinities have no literal; like `sqlite3 .dump`, `9e999`/`-9e999` overflow to
//!   them. NaN cannot be stored (SQLite stores NULL instead), so it never shows up.
//!   `-0.0` keeps its sign only where SQLite keeps it: a REAL-affinity column stores
//!   integral reals as integers on disk (<https://www.sqlite.org/fileformat2.html#record_format>),
//!   and NUMERIC/INTEGER affinity turns `-0.0` into the INTEGER `0`, so the sign is
//!   already gone in the source there; a column without affinity (BLOB or no type)
//!   keeps the IEEE bits and gets `-0.0` back.
//! - TEXT: `'...'` with `'` doubled. Text may hold any bytes, including NUL and invalid
//!   UTF-8 (SQLite does not check: <https://www.sqlite.org/invalidutf.html>), and a row
//!   must stay one line of the dump. Text with a control character (newline, CR, NUL,
//!   ...) or invalid UTF-8 is therefore written as `CAST(X'<hex>' AS TEXT)`: the cast
//!   takes the bytes as they are, without conversion or a stop at NUL, so `hex()` of the
//!   restored value is the same (<https://www.sqlite.org/lang_expr.html#castexpr>).
//!   Note that `length()` counts characters only up to the first NUL
//!   (<https://www.sqlite.org/lang_corefunc.html#length>); `hex()` shows every byte.
//! - BLOB: `X'<hex>'` (`X''` when empty).
//!
//! Every row is the inside of one VALUES tuple, made only of those literals, commas,
//! `CAST(... AS TEXT)` (and `*` once allowed), which is the grammar the dump reader
//! accepts (`dump::literals`).
//!
//! The raw bytes of TEXT are its bytes in the database encoding. Databases in UTF-16
//! (<https://www.sqlite.org/pragma.html#pragma_encoding>) are refused rather than
//! dumped with the wrong bytes.

use super::{message, SqliteSnapshot};
use crate::dialect::Dialect;
use crate::dump::format::{quote_ident, TableHeader};
use crate::dump::literals::sqlite::{
    exact_products_allowed, push_blob, push_i64, push_real, push_text,
};
use crate::dump::snapshot::RowSink;
use crate::engine::sqlite_raw::{with_handle, Class, RawError, Rows};
use crate::error::{Error, Result};

/// Steps the rows of `table` into `sink`, one at a time, on the calling thread.
pub(super) async fn stream(
    snap: &mut SqliteSnapshot,
    table: &TableHeader,
    sink: &mut dyn RowSink,
) -> Result<()> {
    if table.columns.is_empty() {
        return Err(Error::db(
            format!("cannot dump table `{}` ({})", table.name, snap.path),
            "it has no column that is not generated or hidden",
        ));
    }
    let cols: Vec<String> = table
        .columns
        .iter()
        .map(|c| quote_ident(Dialect::Sqlite, &c.name))
        .collect();
    let sql = format!(
        "SELECT {} FROM main.{}",
        cols.join(", "),
        quote_ident(Dialect::Sqlite, &table.name)
    );
    let context = format!("cannot read table `{}`", table.name);
    let exact_products = exact_products_allowed();
    let path = snap.path.clone();
    let mut read = |db| -> Result<()> {
        let fail = |e: RawError| Error::db(format!("{context} ({path})"), e);
        // SAFETY: `with_handle` keeps sqlx's worker away from the connection until
        // this closure, and with it `rows` (and its statement), is done.
        let mut rows = unsafe { Rows::prepare(db, &sql) }.map_err(fail)?;
        let mut buf: Vec<u8> = Vec::with_capacity(4096);
        while rows.step().map_err(fail)? {
            buf.clear();
            encode_row(&rows, exact_products, &mut buf);
            sink.row(&buf)?;
        }
        Ok(())
    };
    match with_handle(&mut snap.conn, |db| blocking(|| read(db))).await {
        Ok(result) => result,
        Err(e) => Err(Error::db(format!("{context} ({path})"), message(&e))),
    }
}

/// Runs `f`, which blocks on file I/O and CPU for a whole table, telling a
/// multi-threaded tokio runtime so that it moves its other tasks off this thread
/// meanwhile; on a current-thread runtime (tests, library users) it just runs.
pub(crate) fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(f),
        _ => f(),
    }
}

/// Encodes the current row as the inside of a VALUES tuple into `buf`.
fn encode_row(row: &Rows, exact_products: bool, buf: &mut Vec<u8>) {
    for i in 0..row.columns() {
        if i > 0 {
            buf.push(b',');
        }
        // `sqlite3_column_type`: the storage class of this very value, whatever the
        // column's declared type.
        match row.class(i) {
            Class::Null => buf.extend_from_slice(b"NULL"),
            Class::Integer => push_i64(buf, row.int64(i)),
            Class::Real => push_real(buf, row.double(i), exact_products),
            Class::Text => push_text(buf, row.bytes(i)),
            Class::Blob => push_blob(buf, row.bytes(i)),
        }
    }
}
