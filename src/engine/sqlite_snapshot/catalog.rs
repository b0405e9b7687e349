//! What a SQLite snapshot dumps, asked of `sqlite_master` and the pragmas: the change
//! log, the tables and their columns, foreign keys, row estimates, triggers and the
//! `sqlite_sequence` counters.
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

use std::collections::HashSet;

use sea_orm::sqlx::{self, AssertSqlSafe};

use super::SqliteSnapshot;
use crate::dialect::Dialect;
use crate::dump::format::{
    quote_ident, ChangeLogEntry, ColumnHeader, Counter, TableHeader, TriggerDef,
};
use crate::engine::CHANGE_LOG_TABLE;
use crate::error::Result;

/// What kind of table a dumped name is, for `estimate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// An ordinary table with a rowid: `max(rowid)` is one b-tree descent.
    Rowid,
    /// WITHOUT ROWID tables and virtual tables: no cheap estimate.
    Other,
}

impl SqliteSnapshot {
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
        let sql = format!(
            "SELECT name, coalesce(sql, '') FROM main.sqlite_master \
             WHERE type = 'table' AND lower(substr(name, 1, 7)) <> 'sqlite_' \
             AND name NOT IN {} ORDER BY name",
            crate::engine::own_tables_sql()
        );
        let rows: Vec<(String, String)> = match sqlx::query_as(sqlx::AssertSqlSafe(sql))
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

/// The source's change log in version order, empty where dbshape never ran.
pub(super) async fn change_log(snap: &mut SqliteSnapshot) -> Result<Vec<ChangeLogEntry>> {
    if !snap.table_exists(CHANGE_LOG_TABLE).await? {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String, String)> = match sqlx::query_as(
        "SELECT CAST(version AS TEXT), CAST(checksum AS TEXT), CAST(status AS TEXT) \
         FROM main.dbshape_change_log",
    )
    .fetch_all(&mut snap.conn)
    .await
    {
        Ok(rows) => rows,
        Err(e) => return Err(snap.err("cannot read the change log", e)),
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

/// The dumped tables in name order, each with its columns that are neither generated
/// nor hidden; remembers each table's kind for `estimate` and `counters`.
pub(super) async fn tables(snap: &mut SqliteSnapshot) -> Result<Vec<TableHeader>> {
    let names = snap.table_names().await?;
    let mut out = Vec::with_capacity(names.len());
    snap.kinds.clear();
    for (name, kind) in names {
        // `hidden`: 0 an ordinary column, 1 a hidden column of a virtual table,
        // 2 and 3 generated columns (virtual, stored): only 0 is data.
        let cols: Vec<(String, String, i64)> = match sqlx::query_as(
            "SELECT name, type, hidden FROM pragma_table_xinfo(?1, 'main') ORDER BY cid",
        )
        .bind(&name)
        .fetch_all(&mut snap.conn)
        .await
        {
            Ok(cols) => cols,
            Err(e) => {
                return Err(snap.err(&format!("cannot read the columns of table `{name}`"), e))
            }
        };
        let columns = cols
            .into_iter()
            .filter(|(_, _, hidden)| *hidden == 0)
            .map(|(name, data_type, _)| ColumnHeader { name, data_type })
            .collect();
        snap.kinds.insert(name.clone(), kind);
        out.push(TableHeader {
            name,
            schema: None,
            columns,
            partition_of: None,
        });
    }
    Ok(out)
}

/// (table, referenced table) of every foreign key, spelled as the tables are.
pub(super) async fn foreign_keys(snap: &mut SqliteSnapshot) -> Result<Vec<(String, String)>> {
    let names = snap.table_names().await?;
    let mut out = Vec::new();
    for (name, _) in &names {
        let parents: Vec<String> = match sqlx::query_scalar(
            "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1, 'main') ORDER BY id",
        )
        .bind(name)
        .fetch_all(&mut snap.conn)
        .await
        {
            Ok(p) => p,
            Err(e) => {
                return Err(snap.err(
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

/// The rows of `table` as its highest rowid estimates them (0 where that is not
/// cheap), for progress; no size.
pub(super) async fn estimate(snap: &mut SqliteSnapshot, table: &TableHeader) -> Result<(u64, u64)> {
    // Only the rowid bound of ordinary tables is free (one b-tree descent); it
    // overestimates after deletes, which is fine for a progress bar. Sizes would
    // need `dbstat`, which walks every page of the table: as costly as the dump.
    if snap.kinds.get(&table.name) != Some(&Kind::Rowid) {
        return Ok((0, 0));
    }
    let sql = format!(
        "SELECT coalesce(max(rowid), 0) FROM main.{}",
        quote_ident(Dialect::Sqlite, &table.name)
    );
    let max: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
        .fetch_one(&mut snap.conn)
        .await
        .unwrap_or(0);
    Ok((u64::try_from(max).unwrap_or(0), 0))
}

/// The triggers on dumped tables, as SQLite keeps their `CREATE TRIGGER` statements.
pub(super) async fn triggers(snap: &mut SqliteSnapshot) -> Result<Vec<TriggerDef>> {
    // SQLite cannot switch triggers off; the replay drops these before the data and
    // recreates them from the statement SQLite keeps, exactly as it was written
    // (<https://www.sqlite.org/schematab.html>).
    let dumped = snap.dumped_names().await?;
    let rows: Vec<(String, String, String)> = match sqlx::query_as(
        "SELECT name, tbl_name, sql FROM main.sqlite_master \
         WHERE type = 'trigger' AND sql IS NOT NULL ORDER BY name",
    )
    .fetch_all(&mut snap.conn)
    .await
    {
        Ok(rows) => rows,
        Err(e) => return Err(snap.err("cannot list triggers", e)),
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

/// The `sqlite_sequence` counter of every dumped table that has one.
pub(super) async fn counters(snap: &mut SqliteSnapshot) -> Result<Vec<Counter>> {
    if !snap.table_exists("sqlite_sequence").await? {
        return Ok(Vec::new());
    }
    let dumped = snap.dumped_names().await?;
    // sqlite_sequence has no key: should a name appear twice, the highest value
    // is the one that keeps new rows above the restored ones.
    let rows: Vec<(String, i64)> = match sqlx::query_as(
        "SELECT CAST(name AS TEXT), max(CAST(seq AS INTEGER)) FROM main.sqlite_sequence \
         WHERE name IS NOT NULL GROUP BY name ORDER BY name",
    )
    .fetch_all(&mut snap.conn)
    .await
    {
        Ok(rows) => rows,
        Err(e) => return Err(snap.err("cannot read sqlite_sequence", e)),
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
