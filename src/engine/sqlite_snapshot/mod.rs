//! SQLite snapshot reader for `backup` (see `crate::dump::source`), on sqlx's SQLite
//! driver (`sea_orm::sqlx`), so the tree links one libsqlite3.
//!
//! Catalog queries go through sqlx; table rows do not: sqlx hands every row from its
//! worker thread to the caller with a copy of each value, which costs several times the
//! read itself. [`SnapshotReader::rows`] borrows the connection's raw handle instead and
//! steps the `SELECT` on the calling thread, encoding each value straight from SQLite's
//! memory ([`crate::engine::sqlite_raw`]); the dump writer batches the encoded rows into
//! large chunks for its own thread. The handle is the same connection, so the rows are
//! read inside the same read transaction.
//!
//! # Snapshot
//!
//! One read transaction sees the whole database as of one instant: `BEGIN` is deferred,
//! so a first read (`SELECT count(*) FROM sqlite_master`) is what starts it; from then
//! on other connections may write (WAL) or wait (rollback journal) without the dump
//! seeing their changes (<https://www.sqlite.org/isolation.html>). The file is opened
//! read-only: a backup never writes to the database it reads.
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
//!
//! # Tables and columns
//!
//! Tables come from `sqlite_master` (dbshape's own and SQLite's internal `sqlite_*`
//! tables excluded), minus the shadow tables that virtual tables such as FTS5 keep
//! their data in (`PRAGMA table_list`, <https://www.sqlite.org/pragma.html#pragma_table_list>):
//! the virtual table's rows are dumped, and inserting them rebuilds the shadow tables.
//! Columns come from `PRAGMA table_xinfo`, whose `hidden` column marks generated columns
//! (2 virtual, 3 stored) and hidden columns of virtual tables (1); all of them are left
//! out (<https://www.sqlite.org/gencol.html>).
//!
//! Triggers cannot be switched off in SQLite, so `triggers()` hands their `CREATE
//! TRIGGER` statements (as `sqlite_master` keeps them) to the dump, whose replay drops
//! them before the rows and recreates them after.
//!
//! The implicit rowid of a table without an `INTEGER PRIMARY KEY` is not a column and
//! is not dumped, as with `sqlite3 .dump` without `--preserve-rowids`.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use async_trait::async_trait;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sea_orm::sqlx::{self, AssertSqlSafe, Connection, Decode, Executor, Sqlite, Type};

use crate::config::Settings;
use crate::dialect::Dialect;
use crate::dump::format::{
    quote_ident, ChangeLogEntry, ColumnHeader, Counter, TableHeader, TriggerDef,
};
use crate::dump::literals::sqlite::{
    exact_products_allowed, push_blob, push_i64, push_real, push_text,
};
use crate::dump::source::{RowSink, SnapshotReader};
use crate::engine::sqlite_raw::{with_handle, Class, RawError, Rows};
use crate::engine::{
    AUDIT_LOG_TABLE, CHANGE_LOG_TABLE, LOCK_TABLE, RESTORE_STATE_TABLE, STATEMENT_LOG_TABLE,
};
use crate::error::{Error, Result};

/// How long to wait for a writer holding a lock that keeps readers out (rollback
/// journal mode) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// What kind of table a dumped name is, for `estimate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An ordinary table with a rowid: `max(rowid)` is one b-tree descent.
    Rowid,
    /// WITHOUT ROWID tables and virtual tables: no cheap estimate.
    Other,
}

/// A read-only snapshot of a SQLite database file.
pub struct SqliteSnapshot {
    conn: SqliteConnection,
    version: String,
    path: String,
    in_transaction: bool,
    /// The tables `tables()` returned, for `counters()` and `estimate()`.
    kinds: HashMap<String, Kind>,
}

impl SqliteSnapshot {
    /// Opens the database file read-only and runs the configured init SQL.
    pub async fn open(settings: &Settings) -> Result<SqliteSnapshot> {
        Self::connect(settings, true).await
    }

    /// Opens the database file for writing (restore loads through it and re-reads
    /// with the same encoding inside its transaction).
    pub async fn open_writable(settings: &Settings) -> Result<SqliteSnapshot> {
        Self::connect(settings, false).await
    }

    /// The connection, for restore's statements.
    pub(crate) fn connection(&mut self) -> &mut SqliteConnection {
        &mut self.conn
    }

    async fn connect(settings: &Settings, read_only: bool) -> Result<SqliteSnapshot> {
        let url = settings.url.redacted();
        if settings.url.dialect() != Dialect::Sqlite {
            return Err(Error::Config(format!(
                "{url} is not a SQLite URL; the SQLite snapshot reader cannot read it"
            )));
        }
        let Some(path) = settings.url.sqlite_path() else {
            return Err(Error::Config(format!(
                "{url} is an in-memory database: it starts empty in every process, so there \
                 is nothing to back up; point the URL at a database file"
            )));
        };
        if !path.is_file() {
            return Err(Error::Config(format!(
                "SQLite database {} does not exist (check the sqlite:// URL)",
                path.display()
            )));
        }
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .read_only(read_only)
            .create_if_missing(false)
            .foreign_keys(read_only)
            .busy_timeout(BUSY_TIMEOUT);
        let mut conn = SqliteConnection::connect_with(&opts)
            .await
            .map_err(|e| Error::Connect {
                url: url.clone(),
                message: message(&e),
            })?;
        for sql in &settings.init_sql {
            conn.execute(AssertSqlSafe(sql.as_str()))
                .await
                .map_err(|e| Error::db(format!("init SQL `{sql}` failed on {url}"), message(&e)))?;
        }
        let mut snap = SqliteSnapshot {
            conn,
            version: String::new(),
            path: path.display().to_string(),
            in_transaction: false,
            kinds: HashMap::new(),
        };
        let version: String = snap
            .scalar("cannot read the SQLite version", "SELECT sqlite_version()")
            .await?;
        snap.version = format!("SQLite {version}");
        let encoding: String = snap
            .scalar("cannot read the database encoding", "PRAGMA encoding")
            .await?;
        if !encoding.eq_ignore_ascii_case("UTF-8") {
            return Err(Error::Config(format!(
                "SQLite database {} is encoded in {encoding}; backup reads UTF-8 databases only \
                 (convert it with `sqlite3 old.db .dump | sqlite3 new.db`)",
                snap.path
            )));
        }
        Ok(snap)
    }

    fn err(&self, context: &str, e: sqlx::Error) -> Error {
        Error::db(format!("{context} ({})", self.path), message(&e))
    }

    /// The first column of the first row of a statement without parameters.
    async fn scalar<T>(&mut self, context: &str, sql: &'static str) -> Result<T>
    where
        T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + Send + Unpin,
    {
        match sqlx::query_scalar::<_, T>(sql)
            .fetch_one(&mut self.conn)
            .await
        {
            Ok(v) => Ok(v),
            Err(e) => Err(self.err(context, e)),
        }
    }

    /// Whether `main` has a table of that name.
    async fn table_exists(&mut self, name: &str) -> Result<bool> {
        let found =
            sqlx::query("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?1")
                .bind(name)
                .fetch_optional(&mut self.conn)
                .await;
        match found {
            Ok(row) => Ok(row.is_some()),
            Err(e) => Err(self.err("cannot list tables", e)),
        }
    }

    /// Names of shadow tables (the storage of virtual tables); empty where SQLite is
    /// older than 3.37 and has no `table_list` pragma.
    async fn shadow_tables(&mut self) -> HashSet<String> {
        sqlx::query_scalar::<_, String>(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'",
        )
        .fetch_all(&mut self.conn)
        .await
        .map(|v| v.into_iter().collect())
        .unwrap_or_default()
    }

    /// The names of the data tables with their kind, ordered by name.
    async fn table_names(&mut self) -> Result<Vec<(String, Kind)>> {
        let rows: Vec<(String, String)> = match sqlx::query_as(
            "SELECT name, coalesce(sql, '') FROM main.sqlite_master \
             WHERE type = 'table' AND lower(substr(name, 1, 7)) <> 'sqlite_' \
             AND name NOT IN (?1, ?2, ?3, ?4, ?5) ORDER BY name",
        )
        .bind(CHANGE_LOG_TABLE)
        .bind(STATEMENT_LOG_TABLE)
        .bind(LOCK_TABLE)
        .bind(AUDIT_LOG_TABLE)
        .bind(RESTORE_STATE_TABLE)
        .fetch_all(&mut self.conn)
        .await
        {
            Ok(rows) => rows,
            Err(e) => return Err(self.err("cannot list tables", e)),
        };
        let shadows = self.shadow_tables().await;
        let mut out = Vec::with_capacity(rows.len());
        for (name, sql) in rows {
            if shadows.contains(&name) {
                continue;
            }
            let kind = if is_rowid_table(&sql) {
                Kind::Rowid
            } else {
                Kind::Other
            };
            out.push((name, kind));
        }
        Ok(out)
    }

    /// The dumped tables' names, from `tables()` if it ran.
    async fn dumped_names(&mut self) -> Result<HashSet<String>> {
        if self.kinds.is_empty() {
            let names = self.table_names().await?;
            return Ok(names.into_iter().map(|(n, _)| n).collect());
        }
        Ok(self.kinds.keys().cloned().collect())
    }
}

/// Whether a `CREATE TABLE` statement makes an ordinary table with a rowid (not
/// `CREATE VIRTUAL TABLE`, not `WITHOUT ROWID`). Only for estimates: a wrong answer costs
/// a progress bar, nothing else.
fn is_rowid_table(create_sql: &str) -> bool {
    let upper = create_sql.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .collect();
    let is_virtual = words.get(1) == Some(&"VIRTUAL");
    let without_rowid = words.windows(2).any(|w| w == ["WITHOUT", "ROWID"]);
    !is_virtual && !without_rowid
}

/// The message of a driver error without sqlx's wrapper text.
fn message(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => match db.code() {
            Some(code) => format!("{} (code {code})", db.message()),
            None => db.message().to_string(),
        },
        other => other.to_string(),
    }
}

#[async_trait]
impl SnapshotReader for SqliteSnapshot {
    async fn begin(&mut self) -> Result<()> {
        if let Err(e) = self.conn.execute("BEGIN").await {
            return Err(self.err("cannot start the read transaction", e));
        }
        self.in_transaction = true;
        // BEGIN is deferred: the snapshot is taken by the first read, here, so that
        // every later statement sees the same instant.
        let _: i64 = self
            .scalar(
                "cannot start the read transaction",
                "SELECT count(*) FROM main.sqlite_master",
            )
            .await?;
        Ok(())
    }

    fn engine_version(&self) -> String {
        self.version.clone()
    }

    async fn change_log(&mut self) -> Result<Vec<ChangeLogEntry>> {
        if !self.table_exists(CHANGE_LOG_TABLE).await? {
            return Ok(Vec::new());
        }
        let rows: Vec<(String, String, String)> = match sqlx::query_as(
            "SELECT CAST(version AS TEXT), CAST(checksum AS TEXT), CAST(status AS TEXT) \
             FROM main.dbshape_change_log",
        )
        .fetch_all(&mut self.conn)
        .await
        {
            Ok(rows) => rows,
            Err(e) => return Err(self.err("cannot read the change log", e)),
        };
        let mut out: Vec<ChangeLogEntry> = rows
            .into_iter()
            .map(|(version, checksum, status)| ChangeLogEntry {
                version,
                checksum,
                status,
            })
            .collect();
        // Version order, as `migrate` reads it; unparsable versions last, by text.
        out.sort_by(|a, b| {
            let va = crate::version::Version::parse(&a.version).ok();
            let vb = crate::version::Version::parse(&b.version).ok();
            match (va, vb) {
                (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.version.cmp(&b.version)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.version.cmp(&b.version),
            }
        });
        Ok(out)
    }

    async fn tables(&mut self) -> Result<Vec<TableHeader>> {
        let names = self.table_names().await?;
        let mut out = Vec::with_capacity(names.len());
        self.kinds.clear();
        for (name, kind) in names {
            // `hidden`: 0 an ordinary column, 1 a hidden column of a virtual table,
            // 2 and 3 generated columns (virtual, stored): only 0 is data.
            let cols: Vec<(String, String, i64)> = match sqlx::query_as(
                "SELECT name, type, hidden FROM pragma_table_xinfo(?1, 'main') ORDER BY cid",
            )
            .bind(&name)
            .fetch_all(&mut self.conn)
            .await
            {
                Ok(cols) => cols,
                Err(e) => {
                    return Err(self.err(&format!("cannot read the columns of table `{name}`"), e))
                }
            };
            let columns = cols
                .into_iter()
                .filter(|(_, _, hidden)| *hidden == 0)
                .map(|(name, data_type, _)| ColumnHeader { name, data_type })
                .collect();
            self.kinds.insert(name.clone(), kind);
            out.push(TableHeader {
                name,
                schema: None,
                columns,
                partition_of: None,
            });
        }
        Ok(out)
    }

    async fn foreign_keys(&mut self) -> Result<Vec<(String, String)>> {
        let names = self.table_names().await?;
        let mut out = Vec::new();
        for (name, _) in &names {
            let parents: Vec<String> = match sqlx::query_scalar(
                "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1, 'main') ORDER BY id",
            )
            .bind(name)
            .fetch_all(&mut self.conn)
            .await
            {
                Ok(p) => p,
                Err(e) => {
                    return Err(self.err(
                        &format!("cannot read the foreign keys of table `{name}`"),
                        e,
                    ))
                }
            };
            for parent in parents {
                // Table names are case-insensitive in SQLite: `REFERENCES Parent` names
                // the table `parent`. Report the table's own spelling so that the
                // dependency order matches it.
                let parent = if names.iter().any(|(n, _)| *n == parent) {
                    parent
                } else {
                    names
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(&parent))
                        .map(|(n, _)| n.clone())
                        .unwrap_or(parent)
                };
                let pair = (name.clone(), parent);
                if !out.contains(&pair) {
                    out.push(pair);
                }
            }
        }
        Ok(out)
    }

    async fn estimate(&mut self, table: &TableHeader) -> Result<(u64, u64)> {
        // Only the rowid bound of ordinary tables is free (one b-tree descent); it
        // overestimates after deletes, which is fine for a progress bar. Sizes would
        // need `dbstat`, which walks every page of the table: as costly as the dump.
        if self.kinds.get(&table.name) != Some(&Kind::Rowid) {
            return Ok((0, 0));
        }
        let sql = format!(
            "SELECT coalesce(max(rowid), 0) FROM main.{}",
            quote_ident(Dialect::Sqlite, &table.name)
        );
        let max: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
            .fetch_one(&mut self.conn)
            .await
            .unwrap_or(0);
        Ok((u64::try_from(max).unwrap_or(0), 0))
    }

    async fn triggers(&mut self) -> Result<Vec<TriggerDef>> {
        // SQLite cannot switch triggers off; the replay drops these before the data and
        // recreates them from the statement SQLite keeps, exactly as it was written
        // (<https://www.sqlite.org/schematab.html>).
        let dumped = self.dumped_names().await?;
        let rows: Vec<(String, String, String)> = match sqlx::query_as(
            "SELECT name, tbl_name, sql FROM main.sqlite_master \
             WHERE type = 'trigger' AND sql IS NOT NULL ORDER BY name",
        )
        .fetch_all(&mut self.conn)
        .await
        {
            Ok(rows) => rows,
            Err(e) => return Err(self.err("cannot list triggers", e)),
        };
        let mut out = Vec::new();
        for (name, table, sql) in rows {
            // `tbl_name` is spelled as the trigger's ON clause wrote it, and table names
            // are case-insensitive; triggers on views are not about dumped rows.
            let table = if dumped.contains(&table) {
                Some(table)
            } else {
                dumped
                    .iter()
                    .find(|d| d.eq_ignore_ascii_case(&table))
                    .cloned()
            };
            if let Some(table) = table {
                out.push(TriggerDef {
                    name,
                    table,
                    definition: sql.trim_end().trim_end_matches(';').to_string(),
                });
            }
        }
        Ok(out)
    }

    async fn rows(&mut self, table: &TableHeader, sink: &mut dyn RowSink) -> Result<()> {
        if table.columns.is_empty() {
            return Err(Error::db(
                format!("cannot dump table `{}` ({})", table.name, self.path),
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
        let path = self.path.clone();
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
        match with_handle(&mut self.conn, |db| blocking(|| read(db))).await {
            Ok(result) => result,
            Err(e) => Err(Error::db(format!("{context} ({path})"), message(&e))),
        }
    }

    async fn counters(&mut self) -> Result<Vec<Counter>> {
        if !self.table_exists("sqlite_sequence").await? {
            return Ok(Vec::new());
        }
        let dumped = self.dumped_names().await?;
        // sqlite_sequence has no key: should a name appear twice, the highest value
        // is the one that keeps new rows above the restored ones.
        let rows: Vec<(String, i64)> = match sqlx::query_as(
            "SELECT CAST(name AS TEXT), max(CAST(seq AS INTEGER)) FROM main.sqlite_sequence \
             WHERE name IS NOT NULL GROUP BY name ORDER BY name",
        )
        .fetch_all(&mut self.conn)
        .await
        {
            Ok(rows) => rows,
            Err(e) => return Err(self.err("cannot read sqlite_sequence", e)),
        };
        Ok(rows
            .into_iter()
            .filter(|(name, _)| dumped.contains(name))
            .map(|(name, value)| Counter {
                name,
                value,
                called: true,
            })
            .collect())
    }

    async fn finish(&mut self) -> Result<()> {
        if self.in_transaction {
            self.in_transaction = false;
            if let Err(e) = self.conn.execute("COMMIT").await {
                return Err(self.err("cannot end the read transaction", e));
            }
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rowid_tables_are_told_apart() {
        assert!(is_rowid_table("CREATE TABLE t (a)"));
        assert!(!is_rowid_table(
            "CREATE TABLE t (a PRIMARY KEY) WITHOUT ROWID"
        ));
        assert!(!is_rowid_table("create virtual table f using fts5(a)"));
    }
}
