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
//! - Indexes: a large table's indexes and key constraints are dropped inside the
//!   transaction right before its rows go in, and built again after the data, as
//!   `pg_restore` does in its post-data stage: one sorted build per index is much faster
//!   than row-by-row insertion, and the build checks uniqueness over all rows at once.
//!   A table is large when its rows in the dump exceed `SMALL_TABLE`; the first
//!   chunks are held back until that is known. A small table keeps its indexes: for a
//!   few thousand rows, dropping and rebuilding costs more than it saves (on 200 tables
//!   of 100 to 1,000 rows, half of the whole restore).
//! - Partitions: the dump holds each leaf partition as a table of its own (see
//!   `postgres_snapshot`), and `COPY` loads it directly, which checks the partition's
//!   bounds on every row: a row goes back into the partition it was read from, or the
//!   load fails; nothing is rerouted. A partitioned table has no storage, so it is
//!   never loaded, emptied or counted; its foreign keys are dropped and re-added on
//!   it, since the copies on its partitions (`conparentid <> 0`) cannot be dropped on
//!   their own. For the same reason a large leaf keeps the indexes (and the key
//!   constraints they back) that are attached to its parent's partitioned index
//!   (<https://www.postgresql.org/docs/current/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE-MAINTENANCE>,
//!   <https://www.postgresql.org/docs/current/sql-alterindex.html>): they are
//!   maintained as its rows go in, and only its own local indexes are dropped and
//!   rebuilt. Detaching the leaf for the load would free them, but re-attaching it
//!   rescans it against its bounds and locks the whole partitioned table.
//! - Inheritance: the parent and each child are tables with their own rows, as `COPY`
//!   reads and writes them; the clean check looks at the parent's own rows (`ONLY`).
//! - Schemas: a table of the dump's current schema is found in the target's current
//!   schema, any other in the schema the dump names; every statement names a table
//!   schema-qualified (`regclass` text or [`TableHeader::quoted`]), never through the
//!   `search_path`.
//! - Every statement that only prepares or undoes the load (trigger switches, foreign
//!   keys, sequences) goes to the server in one round trip, not one per table.
//! - Digests: every row's digest is checked as it goes in. A table is also re-read with
//!   `COPY ... TO STDOUT` in the same transaction before the commit (a mismatch rolls
//!   everything back) unless the load is exact: every dumped column has, on the target,
//!   the very type the dump records (`format_type`, modifiers included), a built-in type
//!   other than `money` (whose text follows the server's `lc_monetary`), and the dump
//!   comes from the same PostgreSQL major version. The session pins every setting that
//!   the other types' text depends on (`SESSION`), and their input reads back exactly
//!   what their output wrote, so reading such a table back proves nothing the load has
//!   not; a changed column type (`numeric(10,2)` for `numeric` would round) or a domain,
//!   enum or other user type is re-read. `restore --reread` re-reads every table.

use std::collections::BTreeMap;

use async_trait::async_trait;
use futures_util::SinkExt;

use crate::config::Settings;
use crate::dialect::Dialect;
use crate::dump::format::{quote_ident, Counter, Header, TableHeader};
use crate::dump::snapshot::RowSink;
use crate::dump::snapshot::SnapshotReader;
use crate::dump::target::{RestoreTarget, RowChunks};
use crate::dump::transcode::Sequence;
use crate::engine::postgres_snapshot::{
    copy_in_sql, copy_out_sql, shown, PostgresSnapshot, USER_SCHEMA,
};
use crate::engine::postgres_tls::pg_message;
use crate::error::{Error, Result};

/// Matches the dumped tables in a query on `pg_catalog.pg_class t` joined to
/// `pg_catalog.pg_namespace n`: `$1` holds their schemas (NULL for the current one),
/// `$2` their names (see [`names_of`]).
const DUMPED: &str = "(n.nspname, t.relname) IN (SELECT COALESCE(u.s, current_schema()), u.r \
     FROM unnest($1::text[], $2::text[]) AS u(s, r))";

/// The parameters of [`DUMPED`].
fn names_of(tables: &[TableHeader]) -> (Vec<Option<String>>, Vec<String>) {
    tables
        .iter()
        .map(|t| (t.schema.clone(), t.name.clone()))
        .unzip()
}

/// Rows of one table, in dump bytes, above which its indexes are dropped for the load
/// and built after it.
const SMALL_TABLE: usize = 4 << 20;

/// The indexes of one table, as found before the load.
#[derive(Default)]
struct TableIndexes {
    /// The table as `regclass` text (quoted, schema-qualified as needed).
    regclass: String,
    /// Primary-key and unique constraints: (name, definition).
    keys: Vec<(String, String)>,
    /// Other indexes: (quoted name, `CREATE INDEX` statement).
    indexes: Vec<(String, String)>,
}

/// A PostgreSQL database being restored.
pub struct PostgresRestore {
    snap: PostgresSnapshot,
    /// Foreign keys dropped for the load: (table, constraint, definition).
    foreign_keys: Vec<(String, String, String)>,
    /// Each dumped table's indexes, by [`TableHeader::display_name`], until a large load
    /// drops them.
    found: BTreeMap<String, TableIndexes>,
    /// Primary-key and unique constraints dropped for the load: (table, name, definition).
    key_constraints: Vec<(String, String, String)>,
    /// Other indexes dropped for the load: their `CREATE INDEX` statements.
    indexes: Vec<String>,
    /// Tables whose user triggers are switched off for the load, as `regclass` text.
    triggered: Vec<String>,
    /// Whether the dump comes from this server's major version.
    same_major: bool,
    /// Tables whose load cannot change a value (see the module doc), by
    /// [`TableHeader::display_name`].
    exact: std::collections::BTreeSet<String>,
}

/// The major version in an engine version such as `PostgreSQL 15.20 (Debian ...)`.
fn major(engine_version: &str) -> Option<u32> {
    let digits: String = engine_version
        .trim_start_matches("PostgreSQL")
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
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
            found: BTreeMap::new(),
            key_constraints: Vec::new(),
            indexes: Vec::new(),
            triggered: Vec::new(),
            same_major: false,
            exact: std::collections::BTreeSet::new(),
        })
    }

    /// One value per expression (each selecting from one table), a hundred expressions
    /// per query instead of a round trip each; in the order given.
    async fn per_table<T>(&self, exprs: Vec<String>, context: &str) -> Result<Vec<T>>
    where
        T: for<'r> tokio_postgres::types::FromSql<'r> + Default + Clone,
    {
        let mut out = Vec::with_capacity(exprs.len());
        for group in exprs.chunks(100) {
            let sql = group
                .iter()
                .enumerate()
                .map(|(i, e)| format!("SELECT {i}, {e}"))
                .collect::<Vec<_>>()
                .join(" UNION ALL ");
            let rows = self
                .snap
                .client()
                .query(sql.as_str(), &[])
                .await
                .map_err(|e| Error::db(context, pg_message(&e)))?;
            let mut values = vec![T::default(); group.len()];
            for r in rows {
                let i: i32 = r.get(0);
                values[i as usize] = r.get(1);
            }
            out.extend(values);
        }
        Ok(out)
    }

    /// Drops a table's key constraints and indexes, to be built after the load.
    async fn drop_indexes(&mut self, table: &str) -> Result<()> {
        let Some(found) = self.found.remove(table) else {
            return Ok(());
        };
        let mut sql = String::new();
        for (name, def) in found.keys {
            sql.push_str(&format!(
                "ALTER TABLE {} DROP CONSTRAINT {};\n",
                found.regclass,
                q(&name)
            ));
            self.key_constraints
                .push((found.regclass.clone(), name, def));
        }
        for (name, def) in found.indexes {
            sql.push_str(&format!("DROP INDEX {name};\n"));
            self.indexes.push(def);
        }
        if sql.is_empty() {
            return Ok(());
        }
        self.exec(&sql).await
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
        let held: Vec<bool> = self
            .per_table(
                tables
                    .iter()
                    // ONLY: an inheritance parent's own rows, not its children's.
                    .map(|t| {
                        format!(
                            "EXISTS (SELECT 1 FROM ONLY {})",
                            t.quoted(Dialect::Postgres)
                        )
                    })
                    .collect(),
                "restore: cannot read the target's tables",
            )
            .await?;
        Ok(tables
            .iter()
            .zip(held)
            .map(|(t, h)| (t.display_name(), u64::from(h)))
            .collect())
    }

    async fn columns(&mut self, _tables: &[TableHeader]) -> Result<BTreeMap<String, Vec<String>>> {
        let sql = format!(
            "SELECT {name}, a.attname::text FROM pg_catalog.pg_attribute a \
             JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE {USER_SCHEMA} AND c.relkind IN ('r', 'p') \
             AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' \
             ORDER BY n.nspname, c.relname, a.attnum",
            name = shown("n.nspname", "c.relname"),
        );
        let rows = self
            .snap
            .client()
            .query(sql.as_str(), &[])
            .await
            .map_err(|e| Error::db("restore: cannot read the tables' columns", pg_message(&e)))?;
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in rows {
            out.entry(r.get(0)).or_default().push(r.get(1));
        }
        Ok(out)
    }

    async fn begin(&mut self, header: &Header, _dump: &str) -> Result<()> {
        let mine = major(&self.snap.engine_version());
        self.same_major = mine.is_some() && mine == major(&header.engine_version);
        self.exec("BEGIN ISOLATION LEVEL READ COMMITTED, READ WRITE")
            .await
    }

    async fn clear(&mut self, tables: &[TableHeader]) -> Result<()> {
        if tables.is_empty() {
            return Ok(());
        }
        let names: Vec<String> = tables.iter().map(|t| t.quoted(Dialect::Postgres)).collect();
        self.exec(&format!("TRUNCATE TABLE {}", names.join(", ")))
            .await
    }

    async fn suspend_triggers(&mut self, tables: &[TableHeader]) -> Result<()> {
        let (schemas, names) = names_of(tables);
        let client = self.snap.client();
        // `regclass` text is qualified whenever the table is not visible on the
        // search_path, and so are the tables in `pg_get_constraintdef` and
        // `pg_get_indexdef` (<https://www.postgresql.org/docs/current/functions-info.html>).
        let fks = client
            .query(
                format!(
                    "SELECT c.conrelid::regclass::text, c.conname::text, pg_catalog.pg_get_constraintdef(c.oid) \
                     FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class t ON t.oid = c.conrelid \
                     JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace \
                     WHERE c.contype = 'f' AND c.conparentid = 0 \
                       AND ({DUMPED} OR (t.relkind = 'p' AND {USER_SCHEMA})) \
                     ORDER BY 1, 2"
                )
                .as_str(),
                &[&schemas, &names],
            )
            .await
            .map_err(|e| Error::db("restore: cannot list foreign keys", pg_message(&e)))?;
        let triggered = client
            .query(
                format!(
                    "SELECT DISTINCT t.oid::regclass::text FROM pg_catalog.pg_trigger g \
                     JOIN pg_catalog.pg_class t ON t.oid = g.tgrelid \
                     JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace \
                     WHERE NOT g.tgisinternal AND {DUMPED} \
                     ORDER BY 1"
                )
                .as_str(),
                &[&schemas, &names],
            )
            .await
            .map_err(|e| Error::db("restore: cannot list triggers", pg_message(&e)))?;
        // Key constraints (their indexes go with them), then the remaining indexes.
        let keys = client
            .query(
                format!(
                    "SELECT {key}, c.conrelid::regclass::text, c.conname::text, pg_catalog.pg_get_constraintdef(c.oid) \
                     FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class t ON t.oid = c.conrelid \
                     JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace \
                     WHERE c.contype IN ('p', 'u') AND c.conparentid = 0 AND {DUMPED} \
                     ORDER BY 1, 3",
                    key = shown("n.nspname", "t.relname"),
                )
                .as_str(),
                &[&schemas, &names],
            )
            .await
            .map_err(|e| Error::db("restore: cannot list key constraints", pg_message(&e)))?;
        let indexes = client
            .query(
                format!(
                    "SELECT {key}, t.oid::regclass::text, i.oid::regclass::text, pg_catalog.pg_get_indexdef(i.oid) \
                     FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid \
                     JOIN pg_catalog.pg_class t ON t.oid = x.indrelid \
                     JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace \
                     WHERE {DUMPED} AND NOT i.relispartition \
                     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.oid) \
                     ORDER BY 1, 3",
                    key = shown("n.nspname", "t.relname"),
                )
                .as_str(),
                &[&schemas, &names],
            )
            .await
            .map_err(|e| Error::db("restore: cannot list indexes", pg_message(&e)))?;
        let types = client
            .query(
                format!(
                    "SELECT {key}, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), \
                     a.atttypid < 16384 AND a.atttypid <> 'pg_catalog.money'::pg_catalog.regtype \
                     FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class t ON t.oid = a.attrelid \
                     JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace \
                     WHERE {DUMPED} \
                     AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''",
                    key = shown("n.nspname", "t.relname"),
                )
                .as_str(),
                &[&schemas, &names],
            )
            .await
            .map_err(|e| Error::db("restore: cannot read the column types", pg_message(&e)))?;
        if self.same_major {
            let mut on_target: BTreeMap<(String, String), (String, bool)> = BTreeMap::new();
            for r in types {
                on_target.insert((r.get(0), r.get(1)), (r.get(2), r.get(3)));
            }
            for t in tables {
                let exact = t.columns.iter().all(|c| {
                    on_target
                        .get(&(t.display_name(), c.name.clone()))
                        .is_some_and(|(ty, builtin)| *builtin && ty == &c.data_type)
                });
                if exact {
                    self.exact.insert(t.display_name());
                }
            }
        }
        for r in keys {
            let e = self.found.entry(r.get(0)).or_default();
            e.regclass = r.get(1);
            e.keys.push((r.get(2), r.get(3)));
        }
        for r in indexes {
            let e = self.found.entry(r.get(0)).or_default();
            e.regclass = r.get(1);
            e.indexes.push((r.get(2), r.get(3)));
        }
        // Every table's COPY in, and out for those that will be read back, in one
        // exchange (with `--reread` the others' COPY out is prepared when it is sent).
        let copies = tables.iter().map(copy_in_sql).chain(
            tables
                .iter()
                .filter(|t| !self.exact.contains(&t.display_name()))
                .map(copy_out_sql),
        );
        self.snap.prepare_all(copies.collect()).await?;
        let mut sql = String::new();
        for r in fks {
            let (table, name, def): (String, String, String) = (r.get(0), r.get(1), r.get(2));
            sql.push_str(&format!(
                "ALTER TABLE {table} DROP CONSTRAINT {};\n",
                q(&name)
            ));
            self.foreign_keys.push((table, name, def));
        }
        for r in triggered {
            let table: String = r.get(0);
            sql.push_str(&format!("ALTER TABLE {table} DISABLE TRIGGER USER;\n"));
            self.triggered.push(table);
        }
        if sql.is_empty() {
            return Ok(());
        }
        self.exec(&sql).await
    }

    async fn load(&mut self, table: &TableHeader, rows: &mut RowChunks) -> Result<u64> {
        let sql = copy_in_sql(table);
        let fail = |e: tokio_postgres::Error| {
            Error::db(
                format!("restore: loading table {} failed", table.display_name()),
                pg_message(&e),
            )
        };
        // Hold the first chunks back until the table is known to be large (its indexes
        // are then dropped before the load) or complete (they stay).
        let mut head = Vec::new();
        let mut size = 0;
        let mut large = false;
        while let Some(chunk) = rows.recv().await {
            size += chunk.len();
            head.push(chunk);
            if size > SMALL_TABLE {
                large = true;
                break;
            }
        }
        if large {
            self.drop_indexes(&table.display_name()).await?;
        }
        let client = self.snap.client();
        let sink = match self.snap.prepared(&sql) {
            Some(st) => client.copy_in::<_, bytes::Bytes>(st).await,
            None => client.copy_in::<_, bytes::Bytes>(sql.as_str()).await,
        }
        .map_err(fail)?;
        futures_util::pin_mut!(sink);
        for chunk in head {
            sink.send(bytes::Bytes::from(chunk)).await.map_err(fail)?;
        }
        while let Some(chunk) = rows.recv().await {
            sink.send(bytes::Bytes::from(chunk)).await.map_err(fail)?;
        }
        sink.as_mut().finish().await.map_err(fail)
    }

    async fn set_counters(&mut self, counters: &[Counter]) -> Result<()> {
        if counters.is_empty() {
            return Ok(());
        }
        // setval is not transactional; it runs last, right before the commit. All
        // sequences in one query.
        let names: Vec<&str> = counters.iter().map(|c| c.name.as_str()).collect();
        let values: Vec<i64> = counters.iter().map(|c| c.value).collect();
        let called: Vec<bool> = counters.iter().map(|c| c.called).collect();
        self.snap
            .client()
            .query(
                "SELECT pg_catalog.setval(u.name::regclass, u.value, u.called) \
                 FROM unnest($1::text[], $2::int8[], $3::bool[]) AS u(name, value, called)",
                &[&names, &values, &called],
            )
            .await
            .map_err(|e| {
                Error::db(
                    format!("restore: cannot set the sequences ({})", names.join(", ")),
                    pg_message(&e),
                )
            })?;
        Ok(())
    }

    async fn resume_triggers(&mut self) -> Result<()> {
        // One by one, so that a failure names the constraint or index.
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
        let sql: String = std::mem::take(&mut self.triggered)
            .iter()
            .map(|t| format!("ALTER TABLE {t} ENABLE TRIGGER USER;\n"))
            .collect();
        if !sql.is_empty() {
            self.exec(&sql).await?;
        }
        self.found.clear();
        Ok(())
    }

    fn loads_exactly(&self, table: &TableHeader) -> bool {
        self.exact.contains(&table.display_name())
    }

    async fn reread(&mut self, table: &TableHeader, sink: &mut dyn RowSink) -> Result<()> {
        self.snap.rows(table, sink).await
    }

    async fn tables(&mut self) -> Result<Vec<TableHeader>> {
        // For a dump of another engine, which has no schemas (see `crate::restore`):
        // its tables are the current schema's.
        let mut tables = self.snap.tables().await?;
        tables.retain(|t| t.schema.is_none());
        Ok(tables)
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
        let owned: Vec<(String, String, String)> = rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect();
        let maxima: Vec<i64> = self
            .per_table(
                owned
                    .iter()
                    .map(|(table, column, _)| {
                        format!(
                            "(SELECT COALESCE(MAX({})::bigint, 0) FROM {})",
                            q(column),
                            q(table)
                        )
                    })
                    .collect(),
                "restore: cannot read the highest ids of the tables with sequences",
            )
            .await?;
        Ok(owned
            .into_iter()
            .zip(maxima)
            .map(|((table, _, name), max)| (table, Sequence { name, max }))
            .collect())
    }

    async fn commit(&mut self) -> Result<()> {
        self.exec("DELETE FROM dbshape_restore_state").await?;
        self.exec("COMMIT").await
    }

    async fn abort(&mut self) {
        let _ = self.exec("ROLLBACK").await;
    }
}

#[cfg(test)]
mod tests {
    use super::major;

    #[test]
    fn major_version_of_an_engine_version() {
        assert_eq!(major("PostgreSQL 15.20 (Debian 15.20-0+deb12u1)"), Some(15));
        assert_eq!(major("PostgreSQL 9.6.24"), Some(9));
        assert_eq!(major("PostgreSQL 17beta1"), Some(17));
        assert_eq!(major("MariaDB 10.11.19"), None);
        assert_eq!(major(""), None);
    }
}
