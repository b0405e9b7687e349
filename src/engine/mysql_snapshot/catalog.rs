//! What a MySQL / MariaDB snapshot dumps, asked of `information_schema`: the change
//! log, the tables and their columns, foreign keys, size estimates, auto-increment
//! counters and triggers.
//!
//! Generated columns are those with a `GENERATION_EXPRESSION` in
//! `information_schema.COLUMNS` (NULL on MariaDB, empty on MySQL for the others; column
//! defaults live in `COLUMN_DEFAULT`); the target computes them. Tables are `BASE
//! TABLE` and MariaDB's `SYSTEM VERSIONED` (its current rows; the history is not
//! dumped). MariaDB sequences are not tables and are not dumped.
//!
//! `information_schema.TABLES.AUTO_INCREMENT` is read after the rows. On MariaDB it is
//! the live value of the table; on MySQL 8 it is cached unless
//! `information_schema_stats_expiry = 0`, which the session sets there. Either way it
//! is at least one above every id the snapshot holds (InnoDB never hands out a value
//! twice), so restored tables continue above their data.
//!
//! The catalog is not versioned by the snapshot (see the parent module): it shows the
//! current definitions, which is why rows are selected by the header's column list.

use mysql_async::prelude::Queryable;
use mysql_async::{Row, Value};

use super::{db_err, quote_ident, MysqlSnapshot};
use crate::dump::format::{ChangeLogEntry, ColumnHeader, Counter, TableHeader, TriggerDef};
use crate::error::{Error, Result};

/// dbshape's own tables (`engine::OWN_TABLES`), never dumped as data (a macro so that
/// `concat!` can use it; a test checks it names the same tables).
macro_rules! own_tables {
    () => {
        "('dbshape_change_log', 'dbshape_statement_log', 'dbshape_lock', 'dbshape_audit_log', 'dbshape_restore_state', 'dbshape_shape_log', 'dbshape_drill_scratch')"
    };
}
const OWN_TABLES: &str = own_tables!();

/// The tables a dump holds: plain tables and MariaDB's system-versioned ones.
const TABLE_FILTER: &str = concat!(
    "t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') \
     AND t.TABLE_NAME NOT IN ",
    own_tables!()
);

impl MysqlSnapshot {
    /// All rows of a small catalog query, as text (NULL as `None`).
    pub(super) async fn text_rows(
        &mut self,
        context: &str,
        sql: &str,
    ) -> Result<Vec<Vec<Option<String>>>> {
        let conn = self.conn()?;
        let res = conn.query::<Row, _>(sql).await;
        let rows = res.map_err(|e| db_err(&self.url, context, &e))?;
        Ok(rows
            .iter()
            .map(|r| (0..r.len()).map(|i| text(r.as_ref(i))).collect())
            .collect())
    }

    pub(super) async fn first_text(&mut self, context: &str, sql: &str) -> Result<Option<String>> {
        Ok(self
            .text_rows(context, sql)
            .await?
            .into_iter()
            .next()
            .and_then(|r| r.into_iter().next().flatten()))
    }
}

/// A value of a text-protocol row as text.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::NULL => None,
        Value::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
        other => Some(other.as_sql(true)),
    }
}

/// The source's change log, empty where dbshape never ran.
pub(super) async fn change_log(snap: &mut MysqlSnapshot) -> Result<Vec<ChangeLogEntry>> {
    let exists = snap
        .first_text(
            "cannot look for the change log",
            "SELECT COUNT(*) FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dbshape_change_log'",
        )
        .await?;
    if exists.as_deref() == Some("0") {
        return Ok(Vec::new());
    }
    let rows = snap
        .text_rows(
            "cannot read the change log",
            "SELECT version, checksum, status FROM dbshape_change_log ORDER BY installed_rank, version",
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut it = r.into_iter().map(Option::unwrap_or_default);
            ChangeLogEntry {
                version: it.next().unwrap_or_default(),
                checksum: it.next().unwrap_or_default(),
                status: it.next().unwrap_or_default(),
            }
        })
        .collect())
}

/// The dumped tables in byte order of their names, each with its columns that are not
/// generated, in their order.
pub(super) async fn tables(snap: &mut MysqlSnapshot) -> Result<Vec<TableHeader>> {
    let names = snap
        .text_rows(
            "cannot list tables",
            &format!("SELECT t.TABLE_NAME FROM information_schema.TABLES t WHERE {TABLE_FILTER}"),
        )
        .await?;
    let mut tables: Vec<TableHeader> = names
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
        .map(|name| TableHeader {
            name,
            schema: None,
            columns: Vec::new(),
            partition_of: None,
        })
        .collect();
    // Byte order, not the catalog's case-insensitive collation: stable everywhere.
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    let columns = snap
        .text_rows(
            "cannot list columns",
            &format!(
                "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, CAST(c.ORDINAL_POSITION AS CHAR) \
                 FROM information_schema.COLUMNS c \
                 WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME NOT IN {OWN_TABLES} \
                   AND COALESCE(c.GENERATION_EXPRESSION, '') = ''"
            ),
        )
        .await?;
    let mut columns: Vec<(String, u64, ColumnHeader)> = columns
        .into_iter()
        .map(|r| {
            let mut it = r.into_iter().map(Option::unwrap_or_default);
            let table = it.next().unwrap_or_default();
            let name = it.next().unwrap_or_default();
            let data_type = it.next().unwrap_or_default();
            let pos = it.next().and_then(|p| p.parse().ok()).unwrap_or(0);
            (table, pos, ColumnHeader { name, data_type })
        })
        .collect();
    columns.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    for (table, _, column) in columns {
        if let Ok(i) = tables.binary_search_by(|t| t.name.as_str().cmp(&table)) {
            tables[i].columns.push(column);
        }
    }
    Ok(tables)
}

/// (table, referenced table) of every foreign key inside the database.
pub(super) async fn foreign_keys(snap: &mut MysqlSnapshot) -> Result<Vec<(String, String)>> {
    let rows = snap
        .text_rows(
            "cannot list foreign keys",
            "SELECT TABLE_NAME, REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS \
             WHERE CONSTRAINT_SCHEMA = DATABASE() AND UNIQUE_CONSTRAINT_SCHEMA = DATABASE()",
        )
        .await?;
    let mut fks: Vec<(String, String)> = rows
        .into_iter()
        .map(|r| {
            let mut it = r.into_iter().map(Option::unwrap_or_default);
            (it.next().unwrap_or_default(), it.next().unwrap_or_default())
        })
        .collect();
    fks.sort();
    fks.dedup();
    Ok(fks)
}

/// Rows and bytes of `table` as the catalog estimates them, for progress.
pub(super) async fn estimate(snap: &mut MysqlSnapshot, table: &TableHeader) -> Result<(u64, u64)> {
    // One catalog query for all tables instead of one per table: the server opens
    // every table for its statistics either way, and on a database of many small
    // tables the round trips add up.
    if snap.estimates.is_none() {
        let rows = snap
            .text_rows(
                "cannot estimate the tables' sizes",
                &format!(
                    "SELECT t.TABLE_NAME, CAST(COALESCE(t.TABLE_ROWS, 0) AS CHAR), \
                     CAST(COALESCE(t.DATA_LENGTH, 0) AS CHAR) \
                     FROM information_schema.TABLES t WHERE {TABLE_FILTER}"
                ),
            )
            .await?;
        let num = |v: Option<&Option<String>>| {
            v.and_then(|s| s.as_deref())
                .and_then(|s| s.parse().ok())
                .unwrap_or(0)
        };
        snap.estimates = Some(
            rows.iter()
                .filter_map(|r| {
                    let name = r.first()?.clone()?;
                    Some((name, (num(r.get(1)), num(r.get(2)))))
                })
                .collect(),
        );
    }
    Ok(snap
        .estimates
        .as_ref()
        .and_then(|e| e.get(&table.name).copied())
        .unwrap_or((0, 0)))
}

/// The auto-increment counter of every dumped table that has one.
pub(super) async fn counters(snap: &mut MysqlSnapshot) -> Result<Vec<Counter>> {
    let rows = snap
        .text_rows(
            "cannot read auto-increment counters",
            &format!(
                "SELECT t.TABLE_NAME, CAST(t.AUTO_INCREMENT AS CHAR) FROM information_schema.TABLES t \
                 WHERE {TABLE_FILTER} AND t.AUTO_INCREMENT IS NOT NULL"
            ),
        )
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let mut it = r.into_iter().map(Option::unwrap_or_default);
        let name = it.next().unwrap_or_default();
        let raw = it.next().unwrap_or_default();
        let value = raw.parse::<i64>().map_err(|_| {
            Error::db(
                format!("cannot dump the auto-increment counter of table {name}"),
                format!("its value {raw} does not fit the dump format's 64-bit signed counters"),
            )
        })?;
        out.push(Counter {
            name,
            value,
            called: true,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The triggers of the database (none of dbshape's tables), as `CREATE TRIGGER`
/// statements without a definer.
pub(super) async fn triggers(snap: &mut MysqlSnapshot) -> Result<Vec<TriggerDef>> {
    // Rebuilt from information_schema.TRIGGERS rather than SHOW CREATE TRIGGER so
    // that no DEFINER clause ties the replay to the source's accounts
    // (https://mariadb.com/kb/en/information-schema-triggers-table/). Created in
    // ACTION_ORDER, which keeps the order of several triggers on one event.
    let rows = snap
        .text_rows(
            "cannot list triggers",
            "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT \
             FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() \
             AND EVENT_OBJECT_TABLE NOT LIKE 'dbshape\\_%' \
             ORDER BY EVENT_OBJECT_TABLE, EVENT_MANIPULATION, ACTION_TIMING, ACTION_ORDER",
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut it = r.into_iter().map(Option::unwrap_or_default);
            let (name, table, timing, event, body) = (
                it.next().unwrap_or_default(),
                it.next().unwrap_or_default(),
                it.next().unwrap_or_default(),
                it.next().unwrap_or_default(),
                it.next().unwrap_or_default(),
            );
            TriggerDef {
                definition: format!(
                    "CREATE TRIGGER {} {timing} {event} ON {} FOR EACH ROW {body}",
                    quote_ident(&name),
                    quote_ident(&table)
                ),
                name,
                table,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_own_tables_are_the_engines_list() {
        assert_eq!(super::OWN_TABLES, crate::engine::own_tables_sql());
    }
}
