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

use std::collections::BTreeMap;

use async_trait::async_trait;
use mysql_async::prelude::Queryable;

use crate::config::{DbUrl, Settings};
use crate::dialect::Dialect;
use crate::dump::digest::TableDigest;
use crate::dump::format::{quote_ident, Counter, Header, TableHeader, TriggerDef};
use crate::dump::source::SnapshotReader;
use crate::dump::target::{InsertBatcher, RestoreTarget, RowChunks};
use crate::engine::mysql_snapshot::{db_err, MysqlSnapshot};
use crate::error::{Error, Result};

/// Largest INSERT statement sent at once.
const BATCH: usize = 1 << 20;

/// A MySQL database being restored.
pub struct MysqlRestore {
    snap: MysqlSnapshot,
    url: DbUrl,
    triggers: Vec<TriggerDef>,
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
            triggers: Vec::new(),
        })
    }

    async fn exec(&mut self, sql: &str) -> Result<()> {
        let url = self.url.clone();
        let conn = self.snap.conn()?;
        conn.query_drop(sql)
            .await
            .map_err(|e| db_err(&url, &format!("restore: `{}` failed", short(sql)), &e))
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
        let mut out = Vec::new();
        for t in tables {
            let rows = self
                .rows_text(&format!("SELECT 1 FROM {} LIMIT 1", q(&t.name)))
                .await?;
            out.push((t.name.clone(), rows.len() as u64));
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
        self.exec("SET SESSION foreign_key_checks = 0").await?;
        self.exec("SET SESSION unique_checks = 0").await?;
        self.exec("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'")
            .await
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
        let mut batch = InsertBatcher::new(Dialect::Mysql, table, BATCH);
        let mut loaded = 0u64;
        while let Some(chunk) = rows.recv().await {
            for (stmt, n) in batch.push_chunk(&chunk) {
                self.exec(&stmt).await?;
                loaded += n;
            }
        }
        if let Some((stmt, n)) = batch.finish() {
            self.exec(&stmt).await?;
            loaded += n;
        }
        Ok(loaded)
    }

    async fn set_counters(&mut self, counters: &[Counter]) -> Result<()> {
        // Inserting explicit ids already moved most counters to max(id) + 1; an ALTER
        // TABLE (slow: it takes a metadata lock) is only needed where the source's
        // counter was further ahead (rows deleted at the top).
        let current: BTreeMap<String, i64> = self
            .rows_text(
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
            .collect();
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

    async fn digest(&mut self, table: &TableHeader) -> Result<TableDigest> {
        let mut digest = TableDigest::default();
        self.snap.rows(table, &mut digest).await?;
        Ok(digest)
    }

    async fn commit(&mut self) -> Result<()> {
        self.exec("SET SESSION foreign_key_checks = 1").await?;
        self.exec("SET SESSION unique_checks = 1").await?;
        self.exec("DELETE FROM dbshape_restore_state").await
    }

    async fn abort(&mut self) {
        // Triggers back if the failure came after they were dropped; the mark stays.
        let _ = self.resume_triggers().await;
    }
}
