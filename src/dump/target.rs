//! What an engine provides to restore a dump: load rows into a shaped database all or
//! nothing, keep the target's triggers from firing on restored rows, set counters, and
//! re-read each table with the same encoding as the dump to check its digest. Each
//! engine implements it in its own file (`engine/*_restore.rs`); the algorithm in
//! `crate::restore` is written once.
//!
//! Parallel loading (`restore --jobs N`) is offered by an engine only where its
//! all-or-nothing unit survives several sessions: [`RestoreTarget::loaders`] opens the
//! extra sessions as [`TableLoader`]s, each of which loads whole tables and checks
//! their digests; the target's own session keeps everything else (the gate, the
//! triggers, the counters, the commit).

use std::collections::BTreeMap;

use async_trait::async_trait;

use crate::dialect::Dialect;
use crate::dump::digest::TableDigest;
use crate::dump::format::{self, Counter, Header, TableHeader, TriggerDef};
use crate::dump::snapshot::RowSink;
use crate::error::Result;

/// Rows of one table on their way from the dump to the engine: each chunk holds whole
/// row lines (as encoded in the dump), each ended by `\n`.
pub type RowChunks = tokio::sync::mpsc::Receiver<Vec<u8>>;

/// A database being restored.
#[async_trait]
pub trait RestoreTarget: Send {
    /// Rows in data tables of the target, by table, for the "clean database" rule.
    async fn row_counts(&mut self, tables: &[TableHeader]) -> Result<Vec<(String, u64)>>;

    /// The target's own non-generated columns of each table, to compare with the
    /// header (one catalog query for all tables where the engine allows).
    async fn columns(&mut self, tables: &[TableHeader]) -> Result<BTreeMap<String, Vec<String>>>;

    /// Starts the all-or-nothing unit: one transaction (PostgreSQL, SQLite); on MySQL,
    /// saves the target's trigger definitions in the restore mark. The mark itself is
    /// already written (see `crate::restore`).
    async fn begin(&mut self, header: &Header, dump: &str) -> Result<()>;

    /// Removes every row of the given tables (rows seeded by `--shape`, or loaded by an
    /// interrupted restore).
    async fn clear(&mut self, tables: &[TableHeader]) -> Result<()>;

    /// Keeps the target's triggers from firing until `resume_triggers`.
    async fn suspend_triggers(&mut self, tables: &[TableHeader]) -> Result<()>;

    /// Loads one table's rows.
    async fn load(&mut self, table: &TableHeader, rows: &mut RowChunks) -> Result<u64>;

    /// Sets sequences / auto-increment counters.
    async fn set_counters(&mut self, counters: &[Counter]) -> Result<()>;

    /// Puts every suspended trigger back.
    async fn resume_triggers(&mut self) -> Result<()>;

    /// The target's own triggers on the dump's tables, as `begin` or `suspend_triggers`
    /// saved them to put back (none on PostgreSQL, which switches them off instead). A
    /// restore compares a dump's trigger blocks with these (see `dump::templates`).
    fn own_triggers(&self) -> Vec<TriggerDef> {
        Vec::new()
    }

    /// Whether loading this table cannot have changed any value, so that reading it
    /// back to compare its digest would prove nothing the load has not: known only
    /// after `suspend_triggers`. Engines that convert values on the way in (SQLite's
    /// type affinity, MySQL's column types) always answer no.
    fn loads_exactly(&self, _table: &TableHeader) -> bool {
        false
    }

    /// Re-reads a table and digests it exactly as the dump was digested.
    async fn digest(&mut self, table: &TableHeader) -> Result<TableDigest> {
        let mut digest = TableDigest::default();
        self.reread(table, &mut digest).await?;
        Ok(digest)
    }

    /// Re-reads a table's rows, encoded as this engine's dump encodes them.
    async fn reread(&mut self, table: &TableHeader, sink: &mut dyn RowSink) -> Result<()>;

    /// The target's own data tables with their declared types (for a dump of another
    /// engine, whose types are the source's).
    async fn tables(&mut self) -> Result<Vec<TableHeader>>;

    /// The sequence that numbers each table and the highest value of its column, read
    /// after the load (PostgreSQL); other engines count per table and return none.
    async fn sequences(&mut self) -> Result<BTreeMap<String, crate::dump::transcode::Sequence>> {
        Ok(BTreeMap::new())
    }

    /// Removes the restore mark (`dbshape_restore_state`) and makes everything visible
    /// at once (PostgreSQL and SQLite: in the load's transaction; MySQL: last).
    async fn commit(&mut self) -> Result<()>;

    /// Undoes what can be undone after a failure (rollback; MySQL: triggers back, the
    /// marker stays so that every other command refuses the database).
    async fn abort(&mut self);

    /// Opens up to `n` more sessions that load tables in parallel, after `begin` and
    /// `suspend_triggers` (their effects must hold for these sessions too). An engine
    /// whose all-or-nothing unit is one transaction on one session returns none, and
    /// the restore loads table after table on this session.
    async fn loaders(&mut self, _n: usize) -> Result<Vec<Box<dyn TableLoader>>> {
        Ok(Vec::new())
    }

    /// The counters the parallel loaders read after loading their tables (see
    /// [`TableLoader::counter`]), before `set_counters`.
    fn counters_seen(&mut self, _seen: BTreeMap<String, i64>) {}
}

/// A session of a parallel restore: loads whole tables, then re-reads each to digest it.
#[async_trait]
pub trait TableLoader: Send {
    /// Loads one table's rows.
    async fn load(&mut self, table: &TableHeader, rows: &mut RowChunks) -> Result<u64>;

    /// Re-reads a table and digests it exactly as the dump was digested.
    async fn digest(&mut self, table: &TableHeader) -> Result<TableDigest>;

    /// The table's counter as it stands after the load, where one table's counter is
    /// cheap to read (MySQL), so that `set_counters` need not read them all at once.
    async fn counter(&mut self, _table: &TableHeader) -> Result<Option<i64>> {
        Ok(None)
    }
}

/// Builds multi-row `INSERT ... VALUES (...),(...)` statements of about `limit` bytes
/// from the dump's value lists (MySQL and SQLite load this way).
pub struct InsertBatcher {
    opening: String,
    limit: usize,
    stmt: String,
    rows: u64,
}

impl InsertBatcher {
    /// Statements for `table`, opened as the dump opens them (`format::data_opening`).
    pub fn new(dialect: Dialect, table: &TableHeader, limit: usize) -> InsertBatcher {
        InsertBatcher {
            opening: format!("{} ", format::data_opening(dialect, table)),
            limit,
            stmt: String::with_capacity(limit + 4096),
            rows: 0,
        }
    }

    /// Adds the value lists of a chunk of row lines; returns the statements (with
    /// their row counts) that filled up.
    pub fn push_chunk(&mut self, chunk: &[u8]) -> Vec<(String, u64)> {
        chunk
            .split(|b| *b == b'\n')
            .filter(|r| !r.is_empty())
            .filter_map(|row| self.push(row))
            .collect()
    }

    /// Adds one value list; returns a full statement and its row count when one is ready.
    pub fn push(&mut self, row: &[u8]) -> Option<(String, u64)> {
        if self.stmt.is_empty() {
            self.stmt.push_str(&self.opening);
        } else {
            self.stmt.push(',');
        }
        self.stmt.push('(');
        self.stmt.push_str(&String::from_utf8_lossy(row));
        self.stmt.push(')');
        self.rows += 1;
        (self.stmt.len() >= self.limit).then(|| self.take())
    }

    /// The last, partial statement, if any.
    pub fn finish(&mut self) -> Option<(String, u64)> {
        (!self.stmt.is_empty()).then(|| self.take())
    }

    fn take(&mut self) -> (String, u64) {
        let stmt = std::mem::replace(&mut self.stmt, String::with_capacity(self.limit + 4096));
        (stmt, std::mem::take(&mut self.rows))
    }
}
