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

/// Decimal digits of an `i64`, without the formatting machinery (this runs per value).
fn push_i64(buf: &mut Vec<u8>, v: i64) {
    buf.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// Magnitudes whose 17-digit decimal literal every SQLite parser measured reads back
/// exactly (with a margin: 3.51 failed from 1e-84 down and from 1e118 up, 3.40 between
/// 1e-308 and 1e-291; see the module doc).
const DECIMAL_EXACT: std::ops::Range<f64> = 1e-75..1e110;

/// Largest power of two one factor of an exact product scales by: 2^±200 (about 1.6e60
/// and 6.2e-61) are themselves inside `DECIMAL_EXACT`.
const POW2_STEP: i32 = 200;

/// Whether the dump reader accepts `*` in a row, which the exact form of a REAL outside
/// `DECIMAL_EXACT` needs. Asked of the reader itself, so that rows are only ever written
/// in a shape it accepts.
pub fn exact_products_allowed() -> bool {
    crate::dump::literals::check_row(Dialect::Sqlite, b"-1.0*2.0").is_ok()
}

/// A REAL literal that reads back as exactly `v`.
///
/// SQLite's own text-to-REAL conversion is not correctly rounded (3.40 on long double,
/// 3.47+ on double-double arithmetic), so the shortest round-trip text is not enough.
/// The decimal written is the one nearest to `v` with 17 significant digits: it lies
/// within 0.45 ulp of `v`, so a parser that errs by less than 0.05 ulp still lands on
/// `v`; both parsers do in `DECIMAL_EXACT`. Outside it, where they err by whole ulps,
/// `v` is written as an exact product `m.0*2^a*2^b...` (IEEE multiplication by a power
/// of two is exact) when `exact_products` (see [`exact_products_allowed`]).
pub fn push_real(buf: &mut Vec<u8>, v: f64, exact_products: bool) {
    if v.is_nan() {
        // SQLite turns NaN into NULL when it stores it; never seen in a table.
        buf.extend_from_slice(b"NULL");
    } else if v.is_infinite() {
        // No literal exists; an overflowing one reads as infinity (as `.dump` does).
        buf.extend_from_slice(if v > 0.0 { b"9e999" } else { b"-9e999" });
    } else if v == 0.0 || !exact_products || DECIMAL_EXACT.contains(&v.abs()) {
        push_decimal17(buf, v);
    } else {
        push_pow2_product(buf, v);
    }
}

/// `v` as `m.0*2^a*2^b...`: its integer significand, exact as a literal below 2^53,
/// times powers of two whose 17-digit literals are exact (inside `DECIMAL_EXACT`).
/// Evaluated left to right, every partial product has the bits of `m` at a magnitude
/// between `m` and `v`, so it is representable and each multiplication is exact.
fn push_pow2_product(buf: &mut Vec<u8>, v: f64) {
    let bits = v.to_bits();
    let field = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (mut m, mut k) = if field == 0 {
        (fraction, -1074) // subnormal
    } else {
        (fraction | (1u64 << 52), field - 1075)
    };
    let zeros = m.trailing_zeros();
    m >>= zeros;
    k += zeros as i32;
    // m < 2^53: the conversion is exact.
    let m = m as f64;
    push_decimal17(buf, if v < 0.0 { -m } else { m });
    while k != 0 {
        let step = k.clamp(-POW2_STEP, POW2_STEP);
        buf.push(b'*');
        push_decimal17(buf, f64::from_bits(((1023 + step) as u64) << 52));
        k -= step;
    }
}

/// The decimal nearest to `v` with 17 significant digits, trailing zeros dropped, with
/// a `.` or an exponent so that SQLite reads a REAL: positional between 1e-5 and 1e17
/// (`0.10000000000000001`, `3.0`), else `d.ddde±x`.
fn push_decimal17(buf: &mut Vec<u8>, v: f64) {
    use std::io::Write;
    let negative = v.is_sign_negative();
    let mut digits = [b'0'; 17];
    let exp = match digits17_exact(v.abs()) {
        Some((q, exp)) => {
            write_digits17(&mut digits, q);
            exp
        }
        None => match digits17_formatted(v.abs(), &mut digits) {
            Some(exp) => exp,
            None => {
                // Cannot happen (finite input, at most 24 bytes); keep a valid literal.
                let _ = write!(buf, "{v:?}");
                return;
            }
        },
    };
    let mut n = 17;
    while n > 1 && digits[n - 1] == b'0' {
        n -= 1;
    }
    let digits = &digits[..n];
    if negative {
        buf.push(b'-');
    }
    if (0..=16).contains(&exp) {
        let int_len = exp as usize + 1;
        if n <= int_len {
            buf.extend_from_slice(digits);
            buf.resize(buf.len() + int_len - n, b'0');
            buf.extend_from_slice(b".0");
        } else {
            buf.extend_from_slice(&digits[..int_len]);
            buf.push(b'.');
            buf.extend_from_slice(&digits[int_len..]);
        }
    } else if (-5..0).contains(&exp) {
        buf.extend_from_slice(b"0.");
        buf.resize(buf.len() + (-exp - 1) as usize, b'0');
        buf.extend_from_slice(digits);
    } else {
        buf.push(digits[0]);
        buf.push(b'.');
        if n > 1 {
            buf.extend_from_slice(&digits[1..]);
        } else {
            buf.push(b'0');
        }
        let _ = write!(buf, "e{exp}");
    }
}

/// `10^p` for `p` in `0..=21`: every power that `digits17_exact` multiplies by.
const POW10: [u128; 22] = {
    let mut table = [1u128; 22];
    let mut i = 1;
    while i < 22 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// The 17 significant digits of `v` (positive, finite) nearest to it, ties to even, as
/// an integer `q` in `10^16..10^17` with the decimal exponent of its first digit:
/// `v ≈ q × 10^(exp-16)`. Computed exactly in 128-bit integers, which cover
/// `1e-5 <= v < 1e17` (the positional range, where most values of a table live): with
/// `v = m × 2^e` and `p = 16 - exp`, `m × 10^p` stays below 2^123 and the shift below
/// 2^70. `None` outside that range, for [`digits17_formatted`].
fn digits17_exact(v: f64) -> Option<(u64, i32)> {
    if !(1e-5..1e17).contains(&v) {
        return None;
    }
    let bits = v.to_bits();
    // Normal numbers only in this range: the hidden bit is set.
    let m = u128::from((bits & ((1u64 << 52) - 1)) | (1u64 << 52));
    let e = ((bits >> 52) & 0x7ff) as i32 - 1075;
    // A first guess of the decimal exponent, corrected below when off by one.
    let mut exp = v.log10().floor() as i32;
    loop {
        let p = 16 - exp;
        if !(0..=21).contains(&p) {
            return None;
        }
        let n = m * POW10[p as usize];
        let (floor, rest_is_half, rest_above_half) = if e >= 0 {
            (n << e, false, false)
        } else {
            let s = -e as u32;
            if s >= 127 {
                return None;
            }
            let rest = n & ((1u128 << s) - 1);
            let half = 1u128 << (s - 1);
            (n >> s, rest == half, rest > half)
        };
        if floor >= POW10[17] {
            exp += 1;
            continue;
        }
        if floor < POW10[16] {
            exp -= 1;
            continue;
        }
        let mut q = floor as u64;
        if rest_above_half || (rest_is_half && q % 2 == 1) {
            q += 1;
        }
        if u128::from(q) == POW10[17] {
            return Some((POW10[16] as u64, exp + 1));
        }
        return Some((q, exp));
    }
}

/// The 17 decimal digits of `q` (below 10^17) into `out`, two at a time.
fn write_digits17(out: &mut [u8; 17], mut q: u64) {
    const PAIRS: &[u8; 200] = b"00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    let mut at = 17;
    while at >= 2 {
        let pair = (q % 100) as usize * 2;
        q /= 100;
        at -= 2;
        out[at] = PAIRS[pair];
        out[at + 1] = PAIRS[pair + 1];
    }
    out[0] = b'0' + (q % 10) as u8;
}

/// The same digits as [`digits17_exact`] through the standard library's exact
/// (correctly rounded) formatting, for any finite `v >= 0`; returns the exponent.
fn digits17_formatted(v: f64, digits: &mut [u8; 17]) -> Option<i32> {
    use std::io::Write;
    // `{:.16e}`: `d.dddddddddddddddde-x`.
    let mut text = [0u8; 32];
    let mut cursor = std::io::Cursor::new(&mut text[..]);
    write!(cursor, "{v:.16e}").ok()?;
    let len = cursor.position() as usize;
    let text = &text[..len];
    let e_at = text.iter().position(|&c| c == b'e')?;
    let (mantissa, exponent) = (&text[..e_at], &text[e_at + 1..]);
    let (exp_negative, exp_digits) = match exponent.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, exponent),
    };
    let mut exp: i32 = 0;
    for &d in exp_digits {
        exp = exp * 10 + i32::from(d - b'0');
    }
    for (slot, &d) in digits
        .iter_mut()
        .zip(mantissa.iter().filter(|d| d.is_ascii_digit()))
    {
        *slot = d;
    }
    Some(if exp_negative { -exp } else { exp })
}

/// A TEXT literal: quoted when it is printable UTF-8, else its exact bytes cast to TEXT.
fn push_text(buf: &mut Vec<u8>, bytes: &[u8]) {
    let (control, ascii) = scan_text(bytes);
    if control || (!ascii && std::str::from_utf8(bytes).is_err()) {
        buf.extend_from_slice(b"CAST(");
        push_blob(buf, bytes);
        buf.extend_from_slice(b" AS TEXT)");
        return;
    }
    buf.reserve(bytes.len() + 2);
    buf.push(b'\'');
    let mut start = 0;
    for at in memchr::memchr_iter(b'\'', bytes) {
        buf.extend_from_slice(&bytes[start..=at]);
        buf.push(b'\'');
        start = at + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'\'');
}

/// Whether `bytes` hold a control character (below 0x20, or DEL) and whether they are
/// all ASCII, in one pass. Blocks of 32 bytes are folded without an early exit so that
/// the compiler turns them into vector compares; the scan stops at the first block with
/// a control character.
fn scan_text(bytes: &[u8]) -> (bool, bool) {
    let is_control = |b: u8| (b < 0x20) | (b == 0x7f);
    let mut high = 0u8;
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        let mut control = false;
        for &b in block {
            control |= is_control(b);
            high |= b;
        }
        if control {
            return (true, false);
        }
    }
    let mut control = false;
    for &b in blocks.remainder() {
        control |= is_control(b);
        high |= b;
    }
    (control, high < 0x80)
}

/// A BLOB literal, `X'<hex>'`.
fn push_blob(buf: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    buf.reserve(bytes.len() * 2 + 3);
    buf.extend_from_slice(b"X'");
    let start = buf.len();
    buf.resize(start + bytes.len() * 2, 0);
    for (pair, &b) in buf[start..].chunks_exact_mut(2).zip(bytes) {
        pair[0] = HEX[usize::from(b >> 4)];
        pair[1] = HEX[usize::from(b & 0x0f)];
    }
    buf.push(b'\'');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::literals::check_row;

    fn f(v: f64) -> String {
        let mut b = Vec::new();
        push_real(&mut b, v, false);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn integers_cover_the_whole_range() {
        for v in [0, 1, -1, 42, i64::MIN, i64::MAX] {
            let mut b = Vec::new();
            push_i64(&mut b, v);
            assert_eq!(String::from_utf8(b).unwrap(), v.to_string());
        }
    }

    #[test]
    fn reals_stay_reals_and_round_trip() {
        assert_eq!(f(1.0), "1.0");
        assert_eq!(f(3.0), "3.0");
        assert_eq!(f(-2.5), "-2.5");
        assert_eq!(f(0.1), "0.10000000000000001");
        assert_eq!(f(1e-5), "0.000010000000000000001");
        assert_eq!(f(0.0), "0.0");
        assert_eq!(f(-0.0), "-0.0");
        assert_eq!(f(1e16), "10000000000000000.0");
        assert_eq!(f(1e17), "1.0e17");
        assert_eq!(f(1e-300), "1.0e-300");
        assert_eq!(f(5e-324), "4.9406564584124654e-324");
        assert_eq!(f(f64::MAX), "1.7976931348623157e308");
        assert_eq!(f(f64::INFINITY), "9e999");
        assert_eq!(f(f64::NEG_INFINITY), "-9e999");
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            if v.is_finite() {
                let text = f(v);
                assert_eq!(
                    text.parse::<f64>().unwrap().to_bits(),
                    v.to_bits(),
                    "{text}"
                );
                assert!(text.contains('.'), "{text} must read as a REAL");
                assert!(
                    check_row(Dialect::Sqlite, text.as_bytes()).is_ok(),
                    "{text}"
                );
            }
        }
    }

    /// Evaluates `a*b*c` left to right in IEEE doubles, as SQLite does.
    fn product(text: &str) -> f64 {
        let mut factors = text.split('*').map(|t| t.parse::<f64>().unwrap());
        let first = factors.next().unwrap();
        factors.fold(first, |acc, f| acc * f)
    }

    #[test]
    fn exact_products_are_exact() {
        let p = |v: f64| {
            let mut b = Vec::new();
            push_real(&mut b, v, true);
            String::from_utf8(b).unwrap()
        };
        assert_eq!(p(0.1), "0.10000000000000001", "inside the range: decimal");
        assert_eq!(
            p(5e-324),
            "1.0*6.2230152778611417e-61".to_string()
                + &"*6.2230152778611417e-61".repeat(4)
                + "*5.2939559203393771e-23"
        );
        let mut x: u64 = 0x1234_5678_9ABC_DEF1;
        let mut values = vec![
            5e-324,
            -5e-324,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            1e-300,
            1e300,
        ];
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push(f64::from_bits(x));
        }
        for v in values.into_iter().filter(|v| v.is_finite()) {
            let text = p(v);
            assert_eq!(product(&text).to_bits(), v.to_bits(), "{text}");
            for factor in text.split('*') {
                let f: f64 = factor.parse().unwrap();
                assert!(
                    f == 0.0 || DECIMAL_EXACT.contains(&f.abs()) || f.fract() == 0.0,
                    "{factor}"
                );
            }
        }
    }

    #[test]
    fn exact_digits_match_the_standard_formatting() {
        let check = |v: f64| {
            let v = v.abs();
            if !v.is_finite() {
                return;
            }
            let mut expected = [b'0'; 17];
            let exp = digits17_formatted(v, &mut expected).unwrap();
            if let Some((q, e)) = digits17_exact(v) {
                let mut got = [b'0'; 17];
                write_digits17(&mut got, q);
                assert_eq!((got, e), (expected, exp), "{v:e}");
            }
        };
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Spread over the whole exact range, then around its edges and powers of 10.
            let unit = (x >> 11) as f64 / (1u64 << 53) as f64;
            check(10f64.powf(-5.0 + 22.0 * unit));
            check(f64::from_bits(x));
            check(f64::from_bits(1e-5f64.to_bits() + (x & 0xff)));
            check(f64::from_bits(1e17f64.to_bits() - 1 - (x & 0xff)));
            let p = 10f64.powi((x % 22) as i32 - 5);
            check(f64::from_bits(p.to_bits() - (x >> 60)));
            check(f64::from_bits(p.to_bits() + (x >> 60)));
            // Halfway cases: 18 significant digits ending in 5.
            check(((x % 8_000_000_000_000_000 + 800_000_000_000_000) | 1) as f64 / 8.0);
            check(i64::try_from(x >> 11).unwrap_or(0) as f64);
        }
        for v in [
            1e-5,
            0.1,
            1.0,
            9.999999999999999e16,
            1e16,
            99999999999999999.0,
            0.5,
        ] {
            check(v);
        }
    }

    #[test]
    fn control_bytes_are_found_anywhere() {
        for len in [0, 1, 31, 32, 33, 64, 100] {
            let plain = vec![b'a'; len];
            assert_eq!(scan_text(&plain), (false, true));
            for at in 0..len {
                for bad in [0u8, b'\n', 0x1f, 0x7f] {
                    let mut t = plain.clone();
                    t[at] = bad;
                    assert!(scan_text(&t).0, "{len} {at} {bad}");
                }
                let mut t = plain.clone();
                t[at] = 0xc3;
                assert_eq!(scan_text(&t), (false, false));
            }
        }
    }

    #[test]
    fn text_is_quoted_or_hex() {
        let enc = |t: &[u8]| {
            let mut b = Vec::new();
            push_text(&mut b, t);
            String::from_utf8(b).unwrap()
        };
        assert_eq!(enc(b"it's"), "'it''s'");
        assert_eq!(enc(b"''"), "''''''");
        assert_eq!(enc("é😀".as_bytes()), "'é😀'");
        assert_eq!(enc(b"a\nb"), "CAST(X'610A62' AS TEXT)");
        assert_eq!(enc(b"a\0"), "CAST(X'6100' AS TEXT)");
        assert_eq!(enc(b"\xff"), "CAST(X'FF' AS TEXT)");
        assert_eq!(enc(b""), "''");
        for t in [&b"it's"[..], b"a\nb", b"\xff", b"); DROP TABLE t; --"] {
            assert!(check_row(Dialect::Sqlite, enc(t).as_bytes()).is_ok());
        }
    }

    #[test]
    fn rowid_tables_are_told_apart() {
        assert!(is_rowid_table("CREATE TABLE t (a)"));
        assert!(!is_rowid_table(
            "CREATE TABLE t (a PRIMARY KEY) WITHOUT ROWID"
        ));
        assert!(!is_rowid_table("create virtual table f using fts5(a)"));
    }
}
