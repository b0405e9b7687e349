//! MySQL / MariaDB snapshot reader for `backup` (see `crate::dump::snapshot`), on
//! `mysql_async`'s streaming text protocol.
//!
//! - **Snapshot.** `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY` under
//!   `REPEATABLE READ` makes every InnoDB read of the session see the database as of
//!   that one statement (<https://mariadb.com/kb/en/start-transaction/>,
//!   <https://mariadb.com/kb/en/innodb-isolation-levels/#repeatable-read>), as
//!   `mysqldump --single-transaction` does. Only transactional engines take part:
//!   MyISAM/Aria tables are read as they are at the moment each is read. The catalog
//!   (`information_schema`) is not versioned at all: it shows the current definitions.
//!   DDL is not blocked by the snapshot itself (checked on MariaDB 10.11): a table
//!   created or rebuilt after the snapshot began cannot be read, error 1412 "Table
//!   definition has changed, please retry transaction" (the backup fails and is re-run);
//!   an instant ALTER (e.g. ADD COLUMN) goes unnoticed and the snapshot's rows read in
//!   the new shape, which is why rows are selected by the column list of the header,
//!   not `*`. A table already read stays protected by the metadata lock the transaction
//!   holds until `finish()`: DDL on it waits for the backup. `backup` also refuses a
//!   dump during which the change log moved.
//!
//! The reader is cut by what each part answers: `session` opens the connection (TLS,
//! retries, the pinned session settings) and words driver errors; `catalog` asks
//! `information_schema` what to dump; `rows` streams a table's rows and writes each
//! value as a literal. This file holds the session's one read transaction.

mod catalog;
mod rows;
pub(crate) mod session;

use async_trait::async_trait;
use mysql_async::prelude::Queryable;
use mysql_async::Conn;

use crate::config::DbUrl;
use crate::dump::format::{ChangeLogEntry, Counter, TableHeader, TriggerDef};
use crate::dump::snapshot::{RowSink, SnapshotReader};
use crate::error::{Error, Result};

use session::db_err;

/// A read-only snapshot of a MySQL or MariaDB database.
pub struct MysqlSnapshot {
    /// `None` once `finish` has closed the session.
    conn: Option<Conn>,
    url: DbUrl,
    version: String,
    /// Row and size estimates of every table, read in one query at the first `estimate`.
    estimates: Option<std::collections::BTreeMap<String, (u64, u64)>>,
}

impl MysqlSnapshot {
    pub(crate) fn conn(&mut self) -> Result<&mut Conn> {
        self.conn.as_mut().ok_or_else(|| {
            Error::db(
                "the backup session is already closed",
                "the snapshot was finished",
            )
        })
    }

    async fn exec(&mut self, sql: &str) -> Result<()> {
        let context = format!("`{sql}` failed");
        let conn = self.conn()?;
        let res = conn.query_drop(sql).await;
        res.map_err(|e| db_err(&self.url, &context, &e))
    }
}

/// An identifier quoted with backticks.
fn quote_ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

#[async_trait]
impl SnapshotReader for MysqlSnapshot {
    async fn begin(&mut self) -> Result<()> {
        self.exec("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            .await?;
        self.exec("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
            .await
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

    async fn rows(&mut self, table: &TableHeader, sink: &mut dyn RowSink) -> Result<()> {
        rows::stream(self, table, sink).await
    }

    async fn counters(&mut self) -> Result<Vec<Counter>> {
        catalog::counters(self).await
    }

    async fn triggers(&mut self) -> Result<Vec<TriggerDef>> {
        catalog::triggers(self).await
    }

    async fn finish(&mut self) -> Result<()> {
        self.exec("COMMIT").await?;
        if let Some(conn) = self.conn.take() {
            conn.disconnect()
                .await
                .map_err(|e| db_err(&self.url, "cannot close the backup session", &e))?;
        }
        Ok(())
    }
}
