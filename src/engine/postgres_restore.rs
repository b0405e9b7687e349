//! PostgreSQL restore target: everything in ONE transaction.
//!
//! - Rows go in with `COPY ... FROM STDIN`, the fastest load path, on a session pinned
//!   like the dump's (see `postgres_snapshot::SESSION`), so the text means the same.
//! - Triggers: `ALTER TABLE ... DISABLE TRIGGER USER` inside the transaction needs only
//!   table ownership (no superuser, unlike `session_replication_role`), and is undone by
//!   a rollback or by the kill of the session
//!   (<https://www.postgresql.org/docs/current/sql-altertable.html>).
//! - Foreign keys: dropped and re-added inside the same transaction, so tables load in
//!   any order (cycles and self-references included) without superuser rights, and
//!   re-adding validates every reference in one pass at the end.
//! - Indexes: the dumped tables' indexes and key constraints are dropped inside the
//!   transaction and built again after the data, as `pg_restore` does in its post-data
//!   stage: one sorted build per index is much faster than row-by-row insertion, and
//!   the build checks uniqueness over all rows at once.
//! - Digests: each table is re-read with `COPY ... TO STDOUT` in the same transaction
//!   before the commit; a mismatch rolls everything back.

use std::collections::BTreeMap;

use async_trait::async_trait;
use futures_util::SinkExt;

use crate::config::Settings;
use crate::dialect::Dialect;
use crate::dump::format::{quote_ident, Counter, Header, TableHeader};
use crate::dump::source::RowSink;
use crate::dump::source::SnapshotReader;
use crate::dump::target::{RestoreTarget, RowChunks};
use crate::dump::transcode::Sequence;
use crate::engine::postgres_snapshot::{pg_message, PostgresSnapshot};
use crate::error::{Error, Result};

/// A PostgreSQL database being restored.
pub struct PostgresRestore {
    snap: PostgresSnapshot,
    /// Foreign keys dropped for the load: (table, constraint, definition).
    foreign_keys: Vec<(String, String, String)>,
    /// Primary-key and unique constraints dropped for the load: (table, name, definition).
    key_constraints: Vec<(String, String, String)>,
    /// Other indexes dropped for the load: their `CREATE INDEX` statements.
    indexes: Vec<String>,
    tables: Vec<TableHeader>,
}

fn q(name: &str) -> String {
    quote_ident(Dialect::Postgres, name)
}

impl PostgresRestore {
    /// Connects with the dump's session settings.
    pub async fn open(settings: &Settings) -> Result<PostgresRestore> {
        Ok(PostgresRestore {
            snap: PostgresSnapshot::open(settings).await?,
            foreign_keys: Vec::new(),
            key_constraints: Vec::new(),
            indexes: Vec::new(),
            tables: Vec::new(),
        })
    }

    async fn exec(&self, sql: &str) -> Result<()> {
        self.snap
            .client()
            .batch_execute(sql)
            .await
            .map_err(|e| Error::db(format!("restore: `{}` failed", short(sql)), pg_message(&e)))
    }
}

fn short(sql: &str) -> String {
    sql.chars().take(120).collect()
}

#[async_trait]
impl RestoreTarget for PostgresRestore {
    async fn row_counts(&mut self, tables: &[TableHeader]) -> Result<Vec<(String, u64)>> {
        let mut out = Vec::new();
        for t in tables {
            let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", q(&t.name));
            let row = self
                .snap
                .client()
                .query_one(sql.as_str(), &[])
                .await
                .map_err(|e| {
                    Error::db(
                        format!("restore: cannot read table {}", t.name),
                        pg_message(&e),
                    )
                })?;
            out.push((t.name.clone(), u64::from(row.get::<_, bool>(0))));
        }
        Ok(out)
    }

    async fn columns(&mut self, _tables: &[TableHeader]) -> Result<BTreeMap<String, Vec<String>>> {
        let rows = self
            .snap
            .client()
            .query(
                "SELECT c.relname::text, a.attname::text FROM pg_catalog.pg_attribute a \
                 JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
                 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') \
                 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' \
                 ORDER BY c.relname, a.attnum",
                &[],
            )
            .await
            .map_err(|e| Error::db("restore: cannot read the tables' columns", pg_message(&e)))?;
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in rows {
            out.entry(r.get(0)).or_default().push(r.get(1));
        }
        Ok(out)
    }

    async fn begin(&mut self, header: &Header, _dump: &str) -> Result<()> {
        self.tables = header.tables.clone();
        self.exec("BEGIN ISOLATION LEVEL READ COMMITTED, READ WRITE")
            .await
    }

    async fn clear(&mut self, tables: &[TableHeader]) -> Result<()> {
        if tables.is_empty() {
            return Ok(());
        }
        let names: Vec<String> = tables.iter().map(|t| q(&t.name)).collect();
        self.exec(&format!("TRUNCATE TABLE {}", names.join(", ")))
            .await
    }

    async fn suspend_triggers(&mut self, tables: &[TableHeader]) -> Result<()> {
        let names: Vec<String> = tables.iter().map(|t| t.name.clone()).collect();
        let rows = self
            .snap
            .client()
            .query(
                "SELECT c.conrelid::regclass::text, c.conname::text, pg_catalog.pg_get_constraintdef(c.oid) \
                 FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class t ON t.oid = c.conrelid \
                 JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace \
                 WHERE c.contype = 'f' AND n.nspname = current_schema() AND t.relname = ANY($1) \
                 ORDER BY 1, 2",
                &[&names],
            )
            .await
            .map_err(|e| Error::db("restore: cannot list foreign keys", pg_message(&e)))?;
        for r in rows {
            let (table, name, def): (String, String, String) = (r.get(0), r.get(1), r.get(2));
            self.exec(&format!("ALTER TABLE {table} DROP CONSTRAINT {}", q(&name)))
                .await?;
            self.foreign_keys.push((table, name, def));
        }
        for t in tables {
            self.exec(&format!("ALTER TABLE {} DISABLE TRIGGER USER", q(&t.name)))
                .await?;
        }
        // Key constraints (their indexes go with them), then the remaining indexes.
        let rows = self
            .snap
            .client()
            .query(
                "SELECT c.conrelid::regclass::text, c.conname::text, pg_catalog.pg_get_constraintdef(c.oid) \
                 FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class t ON t.oid = c.conrelid \
                 JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace \
                 WHERE c.contype IN ('p', 'u') AND n.nspname = current_schema() AND t.relname = ANY($1) \
                 ORDER BY 1, 2",
                &[&names],
            )
            .await
            .map_err(|e| Error::db("restore: cannot list key constraints", pg_message(&e)))?;
        for r in rows {
            let (table, name, def): (String, String, String) = (r.get(0), r.get(1), r.get(2));
            self.exec(&format!("ALTER TABLE {table} DROP CONSTRAINT {}", q(&name)))
                .await?;
            self.key_constraints.push((table, name, def));
        }
        let rows = self
            .snap
            .client()
            .query(
                "SELECT quote_ident(i.relname), pg_catalog.pg_get_indexdef(i.oid) \
                 FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid \
                 JOIN pg_catalog.pg_class t ON t.oid = x.indrelid \
                 JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace \
                 WHERE n.nspname = current_schema() AND t.relname = ANY($1) \
                 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.oid) \
                 ORDER BY 1",
                &[&names],
            )
            .await
            .map_err(|e| Error::db("restore: cannot list indexes", pg_message(&e)))?;
        for r in rows {
            let (name, def): (String, String) = (r.get(0), r.get(1));
            self.exec(&format!("DROP INDEX {name}")).await?;
            self.indexes.push(def);
        }
        Ok(())
    }

    async fn load(&mut self, table: &TableHeader, rows: &mut RowChunks) -> Result<u64> {
        let cols: Vec<String> = table.columns.iter().map(|c| q(&c.name)).collect();
        let sql = format!("COPY {} ({}) FROM STDIN", q(&table.name), cols.join(", "));
        let fail = |e: tokio_postgres::Error| {
            Error::db(
                format!("restore: loading table {} failed", table.name),
                pg_message(&e),
            )
        };
        let sink = self
            .snap
            .client()
            .copy_in::<_, bytes::Bytes>(sql.as_str())
            .await
            .map_err(fail)?;
        futures_util::pin_mut!(sink);
        while let Some(chunk) = rows.recv().await {
            sink.send(bytes::Bytes::from(chunk)).await.map_err(fail)?;
        }
        sink.as_mut().finish().await.map_err(fail)
    }

    async fn set_counters(&mut self, counters: &[Counter]) -> Result<()> {
        for c in counters {
            // setval is not transactional; it runs last, right before the commit.
            self.snap
                .client()
                .query_one(
                    "SELECT pg_catalog.setval($1::text::regclass, $2, $3)",
                    &[&c.name, &c.value, &c.called],
                )
                .await
                .map_err(|e| {
                    Error::db(
                        format!("restore: cannot set sequence {}", c.name),
                        pg_message(&e),
                    )
                })?;
        }
        Ok(())
    }

    async fn resume_triggers(&mut self) -> Result<()> {
        for t in &self.tables.clone() {
            self.exec(&format!("ALTER TABLE {} ENABLE TRIGGER USER", q(&t.name)))
                .await?;
        }
        for (table, name, def) in std::mem::take(&mut self.key_constraints) {
            self.exec(&format!(
                "ALTER TABLE {table} ADD CONSTRAINT {} {def}",
                q(&name)
            ))
            .await?;
        }
        for def in std::mem::take(&mut self.indexes) {
            self.exec(&def).await?;
        }
        for (table, name, def) in std::mem::take(&mut self.foreign_keys) {
            self.exec(&format!(
                "ALTER TABLE {table} ADD CONSTRAINT {} {def}",
                q(&name)
            ))
            .await?;
        }
        Ok(())
    }

    async fn reread(&mut self, table: &TableHeader, sink: &mut dyn RowSink) -> Result<()> {
        self.snap.rows(table, sink).await
    }

    async fn tables(&mut self) -> Result<Vec<TableHeader>> {
        self.snap.tables().await
    }

    async fn sequences(&mut self) -> Result<BTreeMap<String, Sequence>> {
        // Sequences owned by a column: `serial` (dependency 'a') and identity ('i').
        let rows = self
            .snap
            .client()
            .query(
                "SELECT t.relname::text, a.attname::text, s.oid::regclass::text FROM pg_class s \
                 JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid \
                   AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') \
                 JOIN pg_class t ON t.oid = d.refobjid \
                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid \
                 JOIN pg_namespace n ON n.oid = t.relnamespace \
                 WHERE s.relkind = 'S' AND n.nspname = current_schema()",
                &[],
            )
            .await
            .map_err(|e| Error::db("restore: cannot list the sequences", pg_message(&e)))?;
        let mut out = BTreeMap::new();
        for r in rows {
            let (table, column, name): (String, String, String) = (r.get(0), r.get(1), r.get(2));
            let sql = format!(
                "SELECT COALESCE(MAX({})::bigint, 0) FROM {}",
                q(&column),
                q(&table)
            );
            let max: i64 = self
                .snap
                .client()
                .query_one(sql.as_str(), &[])
                .await
                .map_err(|e| {
                    Error::db(
                        format!("restore: cannot read the highest id of {table}"),
                        pg_message(&e),
                    )
                })?
                .get(0);
            out.insert(table, Sequence { name, max });
        }
        Ok(out)
    }

    async fn commit(&mut self) -> Result<()> {
        self.exec("DELETE FROM dbshape_restore_state").await?;
        self.exec("COMMIT").await
    }

    async fn abort(&mut self) {
        let _ = self.exec("ROLLBACK").await;
    }
}
