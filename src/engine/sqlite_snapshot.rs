//! SQLite snapshot reader for `backup` (see `crate::dump::source`), on sqlx's SQLite
//! driver (`sea_orm::sqlx`), so the tree links one libsqlite3.
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
//! `CAST(... AS TEXT)` (and `*` once allowed), which is what the dump reader's
//! `is_single_tuple` accepts.
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
use futures_util::TryStreamExt;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteRow, SqliteTypeInfo};
use sea_orm::sqlx::{
    self, AssertSqlSafe, Connection, Decode, Executor, Row, Sqlite, Type, ValueRef,
};

use crate::config::Settings;
use crate::dialect::Dialect;
use crate::dump::format::{
    quote_ident, ChangeLogEntry, ColumnHeader, Counter, TableHeader, TriggerDef,
};
use crate::dump::source::{RowSink, SnapshotReader};
use crate::engine::{
    AUDIT_LOG_TABLE, CHANGE_LOG_TABLE, LOCK_TABLE, RESTORE_STATE_TABLE, STATEMENT_LOG_TABLE,
};
use crate::error::{Error, Result};

/// How long to wait for a writer holding a lock that keeps readers out (rollback
/// journal mode) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Rows the driver's worker thread may read ahead of the encoder. sqlx copies every
/// value of a row (`sqlite3_value_dup`, two allocations under SQLite's global memory
/// mutex) on its worker thread and frees it on ours, which dominates the cost of a dump;
/// 256 measured faster than the default 50 and than larger buffers (more memory in
/// flight, more contention).
const ROW_BUFFER: usize = 256;

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
            .busy_timeout(BUSY_TIMEOUT)
            .row_buffer_size(ROW_BUFFER);
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
            out.push(TableHeader { name, columns });
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
        let types = StorageClasses::new();
        let mut buf: Vec<u8> = Vec::with_capacity(256);
        let mut stream = self.conn.fetch(AssertSqlSafe(sql));
        loop {
            let row = match stream.try_next().await {
                Ok(Some(row)) => row,
                Ok(None) => break,
                Err(e) => {
                    drop(stream);
                    return Err(self.err(&context, e));
                }
            };
            buf.clear();
            if let Err(e) = encode_row(&row, &types, &mut buf) {
                drop(stream);
                return Err(self.err(&context, e));
            }
            sink.row(&buf)?;
        }
        Ok(())
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

    fn preamble(&self) -> Vec<String> {
        // Rows come in dependency order, but cycles and self-references need the
        // checks off; the pragma is a no-op inside a transaction, so it comes first.
        vec!["PRAGMA foreign_keys = OFF;".into(), "BEGIN;".into()]
    }

    fn postamble(&self) -> Vec<String> {
        vec!["COMMIT;".into()]
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

/// The storage classes as the driver reports them, to compare each value against.
struct StorageClasses {
    integer: SqliteTypeInfo,
    real: SqliteTypeInfo,
    text: SqliteTypeInfo,
    /// See [`exact_products_allowed`].
    exact_products: bool,
}

impl StorageClasses {
    fn new() -> StorageClasses {
        StorageClasses {
            integer: <i64 as Type<Sqlite>>::type_info(),
            real: <f64 as Type<Sqlite>>::type_info(),
            text: <String as Type<Sqlite>>::type_info(),
            exact_products: exact_products_allowed(),
        }
    }
}

/// Encodes one row as the inside of a VALUES tuple into `buf`.
fn encode_row(row: &SqliteRow, types: &StorageClasses, buf: &mut Vec<u8>) -> sqlx::Result<()> {
    for i in 0..row.len() {
        if i > 0 {
            buf.push(b',');
        }
        let value = row.try_get_raw(i)?;
        if value.is_null() {
            buf.extend_from_slice(b"NULL");
            continue;
        }
        // For a non-NULL value this is `sqlite3_value_type`: the storage class of this
        // very value, whatever the column's declared type.
        let class = value.type_info().into_owned();
        if class == types.integer {
            let v = <i64 as Decode<Sqlite>>::decode(value).map_err(sqlx::Error::Decode)?;
            push_i64(buf, v);
        } else if class == types.real {
            let v = <f64 as Decode<Sqlite>>::decode(value).map_err(sqlx::Error::Decode)?;
            push_real(buf, v, types.exact_products);
        } else if class == types.text {
            let bytes = <&[u8] as Decode<Sqlite>>::decode(value).map_err(sqlx::Error::Decode)?;
            push_text(buf, bytes);
        } else {
            let bytes = <&[u8] as Decode<Sqlite>>::decode(value).map_err(sqlx::Error::Decode)?;
            push_blob(buf, bytes);
        }
    }
    Ok(())
}

/// Decimal digits of an `i64`, without the formatting machinery (this runs per value).
fn push_i64(buf: &mut Vec<u8>, v: i64) {
    if v < 0 {
        buf.push(b'-');
    }
    // unsigned_abs: i64::MIN has no positive i64.
    let mut n = v.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at..]);
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
    crate::dump::reader::is_single_tuple(Dialect::Sqlite, b"-1.0*2.0")
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
    // `{:.16e}` is exact (correctly rounded) formatting: `-d.dddddddddddddddde-x`.
    let mut text = [0u8; 32];
    let mut cursor = std::io::Cursor::new(&mut text[..]);
    if write!(cursor, "{v:.16e}").is_err() {
        // Cannot happen (at most 24 bytes); keep a valid literal all the same.
        let _ = write!(buf, "{v:?}");
        return;
    }
    let len = cursor.position() as usize;
    let text = &text[..len];
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let Some(e_at) = text.iter().position(|&c| c == b'e') else {
        let _ = write!(buf, "{v:?}");
        return;
    };
    let (mantissa, exponent) = (&text[..e_at], &text[e_at + 1..]);
    let mut exp: i32 = 0;
    let (exp_negative, exp_digits) = match exponent.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, exponent),
    };
    for &d in exp_digits {
        exp = exp * 10 + i32::from(d - b'0');
    }
    if exp_negative {
        exp = -exp;
    }
    let mut digits = [0u8; 17];
    let mut n = 0;
    for &d in mantissa.iter().filter(|d| d.is_ascii_digit()).take(17) {
        digits[n] = d;
        n += 1;
    }
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

/// A TEXT literal: quoted when it is printable UTF-8, else its exact bytes cast to TEXT.
fn push_text(buf: &mut Vec<u8>, bytes: &[u8]) {
    let control = bytes.iter().any(|&b| b < 0x20 || b == 0x7f);
    let ascii = bytes.is_ascii();
    if control || (!ascii && std::str::from_utf8(bytes).is_err()) {
        buf.extend_from_slice(b"CAST(");
        push_blob(buf, bytes);
        buf.extend_from_slice(b" AS TEXT)");
        return;
    }
    buf.reserve(bytes.len() + 2);
    buf.push(b'\'');
    let mut rest = bytes;
    while let Some(at) = rest.iter().position(|&b| b == b'\'') {
        buf.extend_from_slice(&rest[..=at]);
        buf.push(b'\'');
        rest = &rest[at + 1..];
    }
    buf.extend_from_slice(rest);
    buf.push(b'\'');
}

/// A BLOB literal, `X'<hex>'`.
fn push_blob(buf: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    buf.reserve(bytes.len() * 2 + 3);
    buf.extend_from_slice(b"X'");
    for &b in bytes {
        buf.push(HEX[usize::from(b >> 4)]);
        buf.push(HEX[usize::from(b & 0x0f)]);
    }
    buf.push(b'\'');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::reader::is_single_tuple;

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
                assert!(is_single_tuple(Dialect::Sqlite, text.as_bytes()), "{text}");
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
            assert!(is_single_tuple(Dialect::Sqlite, enc(t).as_bytes()));
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
