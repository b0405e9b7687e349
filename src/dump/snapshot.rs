//! What an engine provides to dump a database: a consistent snapshot to read tables,
//! rows, foreign keys and counters from. Each engine implements it in its own module
//! (`engine/*_snapshot`); the backup algorithm in `crate::backup` is written once.
//!
//! Row encoding is the engine's: one line per row, in the source dialect's own syntax
//! (a COPY text line on PostgreSQL, the inside of a VALUES tuple elsewhere), and
//! deterministic, so that re-reading a restored table yields the very same bytes and
//! the same table digest.

use async_trait::async_trait;

use crate::dump::format::{ChangeLogEntry, Counter, TableHeader, TriggerDef};
use crate::error::Result;

/// Receives encoded rows.
pub trait RowSink: Send {
    /// One row, encoded, without a line end.
    fn row(&mut self, encoded: &[u8]) -> Result<()>;
}

/// A consistent, read-only view of one database.
#[async_trait]
pub trait SnapshotReader: Send {
    /// Starts the snapshot (repeatable read / consistent snapshot / read transaction).
    async fn begin(&mut self) -> Result<()>;

    /// The server product and version, e.g. `PostgreSQL 15.19`.
    fn engine_version(&self) -> String;

    /// dbshape's change log as the snapshot sees it; empty when there is none.
    async fn change_log(&mut self) -> Result<Vec<ChangeLogEntry>>;

    /// The data tables (dbshape's own tables excluded), each with its non-generated
    /// columns in table order and their declared types. Generated columns are found by
    /// their generation expression in the catalog, never by a word in a type name.
    async fn tables(&mut self) -> Result<Vec<TableHeader>>;

    /// Foreign keys as (referencing table, referenced table) pairs, each table named as
    /// [`TableHeader::display_name`] names it.
    async fn foreign_keys(&mut self) -> Result<Vec<(String, String)>>;

    /// Approximate row count and size in bytes of a table, for progress bars.
    async fn estimate(&mut self, _table: &TableHeader) -> Result<(u64, u64)> {
        Ok((0, 0))
    }

    /// Gets ready to read these tables, where that can be done for all of them at once
    /// (PostgreSQL prepares every table's `COPY` in one pipelined exchange, instead of
    /// a round trip before each table).
    async fn prepare(&mut self, _tables: &[TableHeader]) -> Result<()> {
        Ok(())
    }

    /// Triggers of the dumped tables with their definitions. MySQL and SQLite have no
    /// switch to disable triggers, so a replay drops and recreates them around the data;
    /// PostgreSQL disables them instead and returns none here.
    async fn triggers(&mut self) -> Result<Vec<TriggerDef>> {
        Ok(Vec::new())
    }

    /// Streams every row of `table` into `sink`.
    async fn rows(&mut self, table: &TableHeader, sink: &mut dyn RowSink) -> Result<()>;

    /// Sequences (PostgreSQL) or auto-increment counters (MySQL, SQLite) with their
    /// current values.
    async fn counters(&mut self) -> Result<Vec<Counter>>;

    /// Ends the snapshot.
    async fn finish(&mut self) -> Result<()>;
}

/// Orders tables so that referenced tables come before the tables referencing them
/// (self-references ignored); tables in a cycle keep their original relative order
/// after the rest. Stable: ties keep the original order.
pub fn dependency_order(tables: Vec<TableHeader>, fks: &[(String, String)]) -> Vec<TableHeader> {
    let mut remaining = tables;
    let mut out = Vec::with_capacity(remaining.len());
    loop {
        let names: Vec<String> = remaining.iter().map(TableHeader::display_name).collect();
        let ready: Vec<usize> = (0..remaining.len())
            .filter(|&i| {
                !fks.iter().any(|(child, parent)| {
                    child == &names[i] && parent != child && names.contains(parent)
                })
            })
            .collect();
        if ready.is_empty() {
            out.append(&mut remaining);
            return out;
        }
        let mut taken = Vec::new();
        let mut kept = Vec::new();
        for (i, t) in remaining.into_iter().enumerate() {
            if ready.contains(&i) {
                taken.push(t);
            } else {
                kept.push(t);
            }
        }
        out.extend(taken);
        remaining = kept;
        if remaining.is_empty() {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str) -> TableHeader {
        TableHeader {
            name: name.into(),
            schema: None,
            columns: vec![],
            partition_of: None,
        }
    }

    #[test]
    fn parents_come_first_and_cycles_do_not_hang() {
        let fks = vec![
            ("child".to_string(), "parent".to_string()),
            ("parent".to_string(), "parent".to_string()),
            ("a".to_string(), "b".to_string()),
            ("b".to_string(), "a".to_string()),
        ];
        let order: Vec<_> = dependency_order(vec![t("child"), t("a"), t("parent"), t("b")], &fks)
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(order, ["parent", "child", "a", "b"]);
    }
}
