//! MySQL / MariaDB restore target.
//!
//! DDL commits implicitly and there is no switch to disable triggers
//! (<https://mariadb.com/kb/en/trigger-overview/>), so a restore cannot be one
//! transaction. Instead, before anything is written, the database is MARKED: a row in
//! `dbshape_restore_state` names the dump and keeps the definitions of the target's
//! triggers. Then the triggers are dropped, the rows load with foreign-key and unique
//! checks off, the counters are set, the triggers are recreated from the saved
//! definitions, every table is re-read and checked against the dump's digests, and only
//! then is the mark removed. A crash anywhere leaves the mark: every other command
//! refuses the database, and the next `restore` empties the tables, puts the saved
//! triggers back (never the half-dropped current ones) and starts over.
//!
//! Because the mark, not a transaction, is what makes the restore all or nothing here,
//! tables can load on several sessions at once (`restore --jobs N`): each loader session
//! sets the same session variables, loads whole tables and digests each right after
//! loading it. Triggers are dropped and the mark written before any loader starts, and
//! the mark is removed only after every table of every loader matched its digest.

use std::collections::BTreeMap;

use async_trait::async_trait;
use mysql_async::prelude::Queryable;

use crate::config::{DbUrl, Settings};
use crate::dialect::Dialect;
use crate::dump::digest::TableDigest;
use crate::dump::format::{quote_ident, Counter, Header, TableHeader, TriggerDef};
use crate::dump::snapshot::RowSink;
use crate::dump::snapshot::SnapshotReader;
use crate::dump::target::{InsertBatcher, RestoreTarget, RowChunks, TableLoader};
use crate::engine::mysql_snapshot::session::db_err;
use crate::engine::mysql_snapshot::MysqlSnapshot;
use crate::error::{Error, Result};

/// Largest INSERT statement sent at once.
const BATCH: usize = 1 << 20;

/// Bytes of INSERTs the main session loads between two commits. Each commit waits for
/// the redo log's fsync; with autocommit, a database of many small tables paid one per
/// table. The restore mark, not the commit, makes the restore all or nothing, so
/// grouping small tables into one commit changes nothing of the guarantee.
const COMMIT_EVERY: usize = 32 << 20;

/// Session settings of every loading session: the dump's own preamble (see
/// `dump::templates`), foreign-key and unique checks off as in mysqldump's output.
const LOAD_SESSION: &[&str] = &[
    "SET SESSION foreign_key_checks = 0",
    "SET SESSION unique_checks = 0",
    "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'",
];

/// A MySQL database being restored.
pub struct MysqlRestore {
    snap: MysqlSnapshot,
    url: DbUrl,
    settings: Settings,
    triggers: Vec<TriggerDef>,
    /// Counters read by the parallel loaders, by table.
    seen: BTreeMap<String, i64>,
    /// Bytes loaded on this session since its last commit (see `COMMIT_EVERY`).
    pending: usize,
}

/// One more session of a parallel restore (`restore --jobs N`).
pub struct MysqlLoader {
    snap: MysqlSnapshot,
    url: DbUrl,
}

async fn exec(snap: &mut MysqlSnapshot, url: &DbUrl, sql: &str) -> Result<()> {
    snap.conn()?
        .query_drop(sql)
        .await
        .map_err(|e| db_err(url, &format!("restore: `{}` failed", short(sql)), &e))
}

/// Loads one table's rows as multi-row INSERTs of about `BATCH` bytes, committing
/// whenever `pending` (bytes since the last commit) reaches `COMMIT_EVERY` (a no-op on a
/// session in autocommit).
async fn load_table(
    snap: &mut MysqlSnapshot,
    url: &DbUrl,
    table: &TableHeader,
    rows: &mut RowChunks,
    pending: &mut usize,
) -> Result<u64> {
    let mut batch = InsertBatcher::new(Dialect::Mysql, table, BATCH);
    let mut loaded = 0u64;
    let mut stmts = Vec::new();
    loop {
        let chunk = rows.recv().await;
        match &chunk {
            Some(chunk) => stmts.extend(batch.push_chunk(chunk)),
            None => stmts.extend(batch.finish()),
        }
        for (stmt, n) in stmts.drain(..) {
            exec(snap, url, &stmt).await?;
            loaded += n;
            *pending += stmt.len();
            if *pending >= COMMIT_EVERY {
                exec(snap, url, "COMMIT").await?;
                *pending = 0;
            }
        }
        if chunk.is_none() {
            return Ok(loaded);
        }
    }
}

#[async_trait]
impl TableLoader for MysqlLoader {
    async fn load(&mut self, table: &TableHeader, rows: &mut RowChunks) -> Result<u64> {
        load_table(&mut self.snap, &self.url, table, rows, &mut 0).await
    }

    async fn digest(&mut self, table: &TableHeader) -> Result<TableDigest> {
        let mut digest = TableDigest::default();
        self.snap.rows(table, &mut digest).await?;
        Ok(digest)
    }

    async fn counter(&mut self, table: &TableHeader) -> Result<Option<i64>> {
        // With both names given as constants, the server opens only this table to
        // answer (https://mariadb.com/kb/en/information-schema-optimization/), where
        // the query over all tables in `set_counters` opens every one of them.
        let sql = format!(
            "SELECT CAST(AUTO_INCREMENT AS CHAR) FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {}",
            MysqlRestore::lit(&table.name)
        );
        let rows: Vec<Option<String>> = self
            .snap
            .conn()?
            .query(sql.as_str())
            .await
            .map_err(|e| db_err(&self.url, "restore: cannot read a table's counter", &e))?;
        Ok(rows
            .into_iter()
            .next()
            .flatten()
            .and_then(|v| v.parse().ok()))
    }
}

fn q(name: &str) -> String {
    quote_ident(Dialect::Mysql, name)
}

impl MysqlRestore {
    /// Connects with the dump's session settings.
    pub async fn open(settings: &Settings) -> Result<MysqlRestore> {
        Ok(MysqlRestore {
            snap: MysqlSnapshot::open(settings).await?,
            url: settings.url.clone(),
            settings: settings.clone(),
            triggers: Vec::new(),
            seen: BTreeMap::new(),
            pending: 0,
        })
    }

    async fn exec(&mut self, sql: &str) -> Result<()> {
        exec(&mut self.snap, &self.url, sql).await
    }

    async fn rows_text(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>> {
        let url = self.url.clone();
        let conn = self.snap.conn()?;
        let rows: Vec<mysql_async::Row> = conn
            .query(sql)
            .await
            .map_err(|e| db_err(&url, &format!("restore: `{}` failed", short(sql)), &e))?;
        Ok(rows
            .into_iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| match r.as_ref(i) {
                        Some(mysql_async::Value::Bytes(b)) => {
                            Some(String::from_utf8_lossy(b).into_owned())
                        }
                        Some(mysql_async::Value::Int(n)) => Some(n.to_string()),
                        Some(mysql_async::Value::UInt(n)) => Some(n.to_string()),
                        _ => None,
                    })
                    .collect()
            })
            .collect())
    }

    fn lit(s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('\'');
        for c in s.chars() {
            match c {
                '\'' => out.push_str("\\'"),
                '\\' => out.push_str("\\\\"),
                '\0' => out.push_str("\\0"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c => out.push(c),
            }
        }
        out.push('\'');
        out
    }
}

fn short(sql: &str) -> String {
    sql.chars().take(120).collect()
}

#[async_trait]
impl RestoreTarget for MysqlRestore {
    async fn row_counts(&mut self, tables: &[TableHeader]) -> Result<Vec<(String, u64)>> {
        // One round trip per hundred tables: the position of every table holding rows.
        let mut out: Vec<(String, u64)> = tables.iter().map(|t| (t.name.clone(), 0)).collect();
        for (c, chunk) in tables.chunks(100).enumerate() {
            let probes: Vec<String> = chunk
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    format!(
                        "SELECT {} FROM DUAL WHERE EXISTS (SELECT 1 FROM {})",
                        c * 100 + i,
                        q(&t.name)
                    )
                })
                .collect();
            for r in self.rows_text(&probes.join(" UNION ALL ")).await? {
                if let Some(i) = r
                    .into_iter()
                    .next()
                    .flatten()
                    .and_then(|v| v.parse::<usize>().ok())
                {
                    if let Some(entry) = out.get_mut(i) {
                        entry.1 = 1;
                    }
                }
            }
        }
        Ok(out)
    }

    async fn columns(&mut self, _tables: &[TableHeader]) -> Result<BTreeMap<String, Vec<String>>> {
        let rows = self
            .rows_text(
                "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
                 AND (GENERATION_EXPRESSION IS NULL OR GENERATION_EXPRESSION = '') \
                 ORDER BY TABLE_NAME, ORDINAL_POSITION",
            )
            .await?;
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in rows {
            let mut it = r.into_iter().map(Option::unwrap_or_default);
            let (t, c) = (it.next().unwrap_or_default(), it.next().unwrap_or_default());
            out.entry(t).or_default().push(c);
        }
        Ok(out)
    }

    async fn begin(&mut self, _header: &Header, _dump: &str) -> Result<()> {
        let saved = self
            .rows_text("SELECT triggers FROM dbshape_restore_state WHERE id = 1")
            .await?;
        self.triggers = match saved
            .into_iter()
            .next()
            .and_then(|r| r.into_iter().next().flatten())
        {
            // An interrupted restore: its saved definitions are the target's real
            // triggers; the live ones may already be dropped.
            Some(json) => {
                let list: Vec<(String, String, String)> =
                    serde_json::from_str(&json).map_err(|e| {
                        Error::db("restore: the saved trigger definitions are unreadable", e)
                    })?;
                list.into_iter()
                    .map(|(name, table, definition)| TriggerDef {
                        name,
                        table,
                        definition,
                    })
                    .collect()
            }
            None => {
                let live = self.snap.triggers().await?;
                let json = serde_json::to_string(
                    &live
                        .iter()
                        .map(|t| (t.name.clone(), t.table.clone(), t.definition.clone()))
                        .collect::<Vec<_>>(),
                )
                .unwrap_or_default();
                self.exec(&format!(
                    "UPDATE dbshape_restore_state SET triggers = {} WHERE id = 1",
                    Self::lit(&json)
                ))
                .await?;
                live
            }
        };
        for sql in LOAD_SESSION {
            self.exec(sql).await?;
        }
        // Rows commit in groups (`COMMIT_EVERY`); `set_counters` and `commit` end the
        // last group. The mark and the saved triggers above are already committed.
        self.exec("SET SESSION autocommit = 0").await
    }

    async fn clear(&mut self, tables: &[TableHeader]) -> Result<()> {
        for t in tables {
            self.exec(&format!("TRUNCATE TABLE {}", q(&t.name))).await?;
        }
        Ok(())
    }

    async fn suspend_triggers(&mut self, _tables: &[TableHeader]) -> Result<()> {
        for t in self.triggers.clone() {
            self.exec(&format!("DROP TRIGGER IF EXISTS {}", q(&t.name)))
                .await?;
        }
        Ok(())
    }

    async fn load(&mut self, table: &TableHeader, rows: &mut RowChunks) -> Result<u64> {
        load_table(&mut self.snap, &self.url, table, rows, &mut self.pending).await
    }

    async fn set_counters(&mut self, counters: &[Counter]) -> Result<()> {
        self.exec("COMMIT").await?;
        self.pending = 0;
        // Inserting explicit ids already moved most counters to max(id) + 1; an ALTER
        // TABLE (slow: it takes a metadata lock) is only needed where the source's
        // counter was further ahead (rows deleted at the top).
        let current: BTreeMap<String, i64> =
            if counters.iter().all(|c| self.seen.contains_key(&c.name)) {
                std::mem::take(&mut self.seen)
            } else {
                self.rows_text(
                "SELECT TABLE_NAME, CAST(AUTO_INCREMENT AS CHAR) FROM information_schema.TABLES \
                     WHERE TABLE_SCHEMA = DATABASE() AND AUTO_INCREMENT IS NOT NULL",
            )
            .await?
            .into_iter()
            .filter_map(|r| {
                let mut it = r.into_iter().map(Option::unwrap_or_default);
                let t = it.next()?;
                let v = it.next()?.parse().ok()?;
                Some((t, v))
            })
            .collect()
            };
        for c in counters {
            if current.get(&c.name) != Some(&c.value) {
                self.exec(&format!(
                    "ALTER TABLE {} AUTO_INCREMENT = {}",
                    q(&c.name),
                    c.value
                ))
                .await?;
            }
        }
        Ok(())
    }

    fn own_triggers(&self) -> Vec<TriggerDef> {
        self.triggers.clone()
    }

    async fn resume_triggers(&mut self) -> Result<()> {
        let live: Vec<String> = self
            .rows_text("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")
            .await?
            .into_iter()
            .filter_map(|r| r.into_iter().next().flatten())
            .collect();
        for t in self.triggers.clone() {
            if !live.contains(&t.name) {
                self.exec(&t.definition).await?;
            }
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
        self.exec("SET SESSION foreign_key_checks = 1").await?;
        self.exec("SET SESSION unique_checks = 1").await?;
        self.exec("DELETE FROM dbshape_restore_state").await?;
        self.exec("COMMIT").await
    }

    async fn abort(&mut self) {
        // Triggers back if the failure came after they were dropped; the mark stays.
        let _ = self.resume_triggers().await;
    }

    fn counters_seen(&mut self, seen: BTreeMap<String, i64>) {
        self.seen = seen;
    }

    async fn loaders(&mut self, n: usize) -> Result<Vec<Box<dyn TableLoader>>> {
        let opened = futures_util::future::join_all((0..n).map(|_| async {
            let mut snap = MysqlSnapshot::open(&self.settings).await?;
            for sql in LOAD_SESSION {
                exec(&mut snap, &self.settings.url, sql).await?;
            }
            Ok::<_, Error>(Box::new(MysqlLoader {
                snap,
                url: self.settings.url.clone(),
            }) as Box<dyn TableLoader>)
        }))
        .await;
        opened.into_iter().collect()
    }
}
