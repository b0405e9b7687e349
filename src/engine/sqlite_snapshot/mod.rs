//! SQLite snapshot reader for `backup` (see `crate::dump::snapshot`), on sqlx's SQLite
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
//! The reader is cut by what each part answers: `catalog` asks `sqlite_master` and the
//! pragmas what to dump; `rows` steps a table's rows on the raw handle and writes each
//! value as a literal of its storage class. This file opens the database file and holds
//! the one read transaction.

mod catalog;
pub(crate) mod rows;

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sea_orm::sqlx::{self, AssertSqlSafe, Connection, Decode, Executor, Sqlite, Type};

use crate::config::Settings;
use crate::dialect::Dialect;
use crate::dump::format::{ChangeLogEntry, Counter, TableHeader, TriggerDef};
use crate::dump::snapshot::{RowSink, SnapshotReader};
use crate::error::{Error, Result};

use catalog::Kind;

/// How long to wait for a writer holding a lock that keeps readers out (rollback
/// journal mode) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

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
        catalog::change_log(self).await
    }

    async fn tables(&mut self) -> Result<Vec<TableHeader>> {
        catalog::tables(self).await
    }

    async fn foreign_keys(&mut self) -> Result<Vec<(String, String)>> {
        catalog::foreign_keys(self).await
    }

    async fn estimate(&mut self, table: &TableHeader) -> Result<(u64, u64)> {
        catalog::estimate(self, table).await
    }

    async fn triggers(&mut self) -> Result<Vec<TriggerDef>> {
        catalog::triggers(self).await
    }

    async fn rows(&mut self, table: &TableHeader, sink: &mut dyn RowSink) -> Result<()> {
        rows::stream(self, table, sink).await
    }

    async fn counters(&mut self) -> Result<Vec<Counter>> {
        catalog::counters(self).await
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
