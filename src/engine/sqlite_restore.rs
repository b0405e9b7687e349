//! SQLite restore target: everything in ONE `BEGIN IMMEDIATE` transaction.
//!
//! - SQLite has no switch to disable triggers, but its DDL is transactional: the
//!   target's own triggers are dropped inside the load's transaction and recreated from
//!   the exact SQL SQLite kept for them (<https://www.sqlite.org/schematab.html>) before
//!   the commit, so a crash or an error rolls back to the triggers being in place.
//! - Foreign keys are off on this connection (the pragma is a no-op inside a
//!   transaction, <https://www.sqlite.org/pragma.html#pragma_foreign_keys>), so tables
//!   load in any order; `PRAGMA foreign_key_check` runs before the commit instead.
//! - Rows are bound value by value to one prepared `INSERT` per table, stepped on the
//!   connection's raw handle ([`crate::engine::sqlite_raw`]): the dump's literals are
//!   read back by [`crate::dump::literals::sqlite::parse_row`], which spares SQLite's parser a
//!   compile of every row (most of the cost of loading SQL text). A row in any other
//!   shape goes in as part of a multi-row INSERT of its own SQL text. Every table is
//!   re-read with the snapshot reader's encoding inside the transaction to check its
//!   digest.

use std::collections::BTreeMap;

use async_trait::async_trait;
use sea_orm::sqlx::{self, AssertSqlSafe, Row};

use crate::config::Settings;
use crate::dialect::Dialect;
use crate::dump::format;
use crate::dump::format::{quote_ident, Counter, Header, TableHeader, TriggerDef};
use crate::dump::literals::sqlite::{parse_row, Value};
use crate::dump::snapshot::RowSink;
use crate::dump::snapshot::SnapshotReader;
use crate::dump::target::{RestoreTarget, RowChunks};
use crate::engine::sqlite_raw::{exec, with_handle, RawError, Rows};
use crate::engine::sqlite_snapshot::rows::blocking;
use crate::engine::sqlite_snapshot::SqliteSnapshot;
use crate::error::{Error, Result};

/// Largest INSERT statement sent at once for rows that are not bound value by value.
const BATCH: usize = 1 << 20;

/// A SQLite database being restored.
pub struct SqliteRestore {
    snap: SqliteSnapshot,
    /// The triggers dropped for the load, to put back.
    triggers: Vec<TriggerDef>,
}

fn q(name: &str) -> String {
    quote_ident(Dialect::Sqlite, name)
}

fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl SqliteRestore {
    /// Opens the database file for writing.
    pub async fn open(settings: &Settings) -> Result<SqliteRestore> {
        Ok(SqliteRestore {
            snap: SqliteSnapshot::open_writable(settings).await?,
            triggers: Vec::new(),
        })
    }

    async fn exec(&mut self, sql: &str) -> Result<()> {
        sqlx::raw_sql(AssertSqlSafe(sql.to_string()))
            .execute(self.snap.connection())
            .await
            .map_err(|e| Error::db(format!("restore: `{}` failed", short(sql)), e))?;
        Ok(())
    }

    async fn strings(&mut self, sql: &str) -> Result<Vec<Vec<String>>> {
        let rows = sqlx::query(AssertSqlSafe(sql.to_string()))
            .fetch_all(self.snap.connection())
            .await
            .map_err(|e| Error::db(format!("restore: `{}` failed", short(sql)), e))?;
        Ok(rows
            .iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| r.try_get::<String, _>(i).unwrap_or_default())
                    .collect()
            })
            .collect())
    }
}

fn short(sql: &str) -> String {
    sql.chars().take(120).collect()
}

/// Loads one chunk of row lines: each row whose literals [`parse_row`] reads is bound
/// to the prepared `insert`; any other row goes into multi-row `INSERT`s of its SQL
/// text, which SQLite parses as the dump wrote it. Returns the rows loaded.
///
/// # Safety
///
/// `db` must be locked out for this thread (see [`Rows::prepare`]).
unsafe fn load_chunk(
    db: std::ptr::NonNull<libsqlite3_sys::sqlite3>,
    insert: &str,
    opening: &str,
    chunk: &[u8],
    values: &mut Vec<Value>,
    scratch: &mut Vec<u8>,
) -> std::result::Result<u64, RawError> {
    // SAFETY: the caller's promise.
    let mut stmt = unsafe { Rows::prepare(db, insert) }?;
    let mut text: Option<String> = None;
    let mut loaded = 0u64;
    for row in chunk.split(|&b| b == b'\n').filter(|r| !r.is_empty()) {
        if parse_row(row, values, scratch) && values.len() == stmt.parameters() {
            for (i, v) in values.iter().enumerate() {
                let i = i + 1;
                match v {
                    Value::Null => stmt.bind_null(i)?,
                    Value::Integer(n) => stmt.bind_int64(i, *n)?,
                    Value::Real(r) => stmt.bind_double(i, *r)?,
                    Value::Text(b) => stmt.bind_text(i, b.get(row, scratch))?,
                    Value::Blob(b) => stmt.bind_blob(i, b.get(row, scratch))?,
                }
            }
            stmt.execute()?;
        } else {
            let sql = text.get_or_insert_with(|| format!("{opening} "));
            if sql.len() > opening.len() + 1 {
                sql.push(',');
            }
            sql.push('(');
            sql.push_str(&String::from_utf8_lossy(row));
            sql.push(')');
            if sql.len() >= BATCH {
                // SAFETY: as above.
                unsafe { exec(db, sql) }?;
                text = None;
            }
        }
        loaded += 1;
    }
    drop(stmt);
    if let Some(sql) = text {
        // SAFETY: as above.
        unsafe { exec(db, &sql) }?;
    }
    Ok(loaded)
}

#[async_trait]
impl RestoreTarget for SqliteRestore {
    async fn row_counts(&mut self, tables: &[TableHeader]) -> Result<Vec<(String, u64)>> {
        let mut out = Vec::new();
        for t in tables {
            let rows = self
                .strings(&format!("SELECT 'x' FROM {} LIMIT 1", q(&t.name)))
                .await?;
            out.push((t.name.clone(), rows.len() as u64));
        }
        Ok(out)
    }

    async fn columns(&mut self, tables: &[TableHeader]) -> Result<BTreeMap<String, Vec<String>>> {
        let mut out = BTreeMap::new();
        for t in tables {
            let rows = self
                .strings(&format!(
                    "SELECT name FROM pragma_table_xinfo({}) WHERE hidden = 0 ORDER BY cid",
                    lit(&t.name)
                ))
                .await?;
            out.insert(
                t.name.clone(),
                rows.into_iter()
                    .filter_map(|r| r.into_iter().next())
                    .collect(),
            );
        }
        Ok(out)
    }

    async fn begin(&mut self, _header: &Header, _dump: &str) -> Result<()> {
        self.exec("BEGIN IMMEDIATE").await
    }

    async fn clear(&mut self, tables: &[TableHeader]) -> Result<()> {
        for t in tables {
            self.exec(&format!("DELETE FROM {}", q(&t.name))).await?;
        }
        Ok(())
    }

    async fn suspend_triggers(&mut self, tables: &[TableHeader]) -> Result<()> {
        let names: Vec<String> = tables.iter().map(|t| lit(&t.name)).collect();
        if names.is_empty() {
            return Ok(());
        }
        let rows = self
            .strings(&format!(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL \
                 AND tbl_name IN ({}) ORDER BY name",
                names.join(", ")
            ))
            .await?;
        for r in rows {
            let (name, table, definition) = (r[0].clone(), r[1].clone(), r[2].clone());
            self.exec(&format!("DROP TRIGGER {}", q(&name))).await?;
            self.triggers.push(TriggerDef {
                name,
                table,
                definition,
            });
        }
        Ok(())
    }

    async fn load(&mut self, table: &TableHeader, rows: &mut RowChunks) -> Result<u64> {
        let opening = format::data_opening(Dialect::Sqlite, table);
        let params = vec!["?"; table.columns.len()].join(",");
        let insert = format!("{opening} ({params})");
        let context = format!("restore: loading table `{}` failed", table.name);
        let mut loaded = 0u64;
        let mut values = Vec::with_capacity(table.columns.len());
        let mut scratch = Vec::new();
        while let Some(chunk) = rows.recv().await {
            let n = with_handle(self.snap.connection(), |db| {
                blocking(|| {
                    // SAFETY: `with_handle` keeps sqlx's worker off the connection until
                    // the statement is finalized at the end of this closure.
                    unsafe { load_chunk(db, &insert, &opening, &chunk, &mut values, &mut scratch) }
                })
            })
            .await
            .map_err(|e| Error::db(&context, e))?
            .map_err(|e| Error::db(&context, e))?;
            loaded += n;
        }
        Ok(loaded)
    }

    async fn set_counters(&mut self, counters: &[Counter]) -> Result<()> {
        for c in counters {
            self.exec(&c.render(Dialect::Sqlite)).await?;
        }
        Ok(())
    }

    fn own_triggers(&self) -> Vec<TriggerDef> {
        self.triggers.clone()
    }

    async fn resume_triggers(&mut self) -> Result<()> {
        for t in std::mem::take(&mut self.triggers) {
            self.exec(&t.definition).await?;
        }
        Ok(())
    }

    async fn reread(&mut self, table: &TableHeader, sink: &mut dyn RowSink) -> Result<()> {
        self.snap.rows(table, sink).await
    }

    async fn tables(&mut self) -> Result<Vec<TableHeader>> {
        self.snap.tables().await
    }

    async fn commit(&mut self) -> Result<()> {
        let broken = self
            .strings("SELECT \"table\", CAST(rowid AS TEXT), parent FROM pragma_foreign_key_check")
            .await?;
        if let Some(b) = broken.first() {
            return Err(Error::Integrity(format!(
                "after loading, row {} of table `{}` references a missing row of `{}` ({} broken reference(s)); nothing was kept",
                b[1], b[0], b[2], broken.len()
            )));
        }
        self.exec("DELETE FROM dbshape_restore_state").await?;
        self.exec("COMMIT").await
    }

    async fn abort(&mut self) {
        let _ = self.exec("ROLLBACK").await;
    }
}
