//! PostgreSQL snapshot reader for `backup`, on tokio-postgres's COPY streaming.
//!
//! - One `REPEATABLE READ, READ ONLY` transaction sees every table as of one instant
//!   (<https://www.postgresql.org/docs/current/transaction-iso.html#XACT-REPEATABLE-READ>).
//! - Rows leave the server as `COPY ... TO STDOUT` text, the server's own canonical I/O
//!   format, so every type (json with its exact text, bytea as hex, numeric NaN,
//!   infinities, BC dates, arrays, ranges, enums, domains) comes back byte-exact when
//!   `COPY ... FROM stdin` loads it. The session pins every setting that changes that
//!   text (DateStyle, IntervalStyle, TimeZone, extra_float_digits, bytea_output), and
//!   the dump's preamble pins the same for replay with psql.
//! - Generated columns (`pg_attribute.attgenerated = 's'`) are left out: the target
//!   computes them.
//! - Partitioned tables are dumped leaf by leaf: every table with storage is its own
//!   section (its rows, count and digest), and the header names the partitioned root
//!   of each leaf (`partition_of`). A restore loads each leaf directly, so every row
//!   returns to the partition it was read from, and its count and digest are checked
//!   per partition. Inheritance parents and children are plain tables here, each with
//!   its own rows.
//! - Every schema that holds user tables is dumped, not only the connection's current
//!   one: migrations often create tables in a schema of their own (graphile-worker's
//!   `graphile_worker._private_jobs`), and a backup that left them out would restore
//!   without their rows. System schemas (`pg_*`, which no user schema may be named,
//!   <https://www.postgresql.org/docs/current/sql-createschema.html>, and
//!   `information_schema`) and objects of extensions (`pg_depend.deptype = 'e'`,
//!   <https://www.postgresql.org/docs/current/catalog-pg-depend.html>), which the
//!   extension recreates itself, are left out. A table of the current schema keeps its
//!   bare name in the dump; any other carries its schema (format 3), so partitions and
//!   inheritance children in another schema than their parent's are dumped as well.

use std::collections::BTreeMap;

use async_trait::async_trait;
use futures_util::StreamExt;
use tokio_postgres::Client;

use crate::config::Settings;
use crate::dump::format::{ChangeLogEntry, ColumnHeader, Counter, TableHeader};
use crate::dump::snapshot::{RowSink, SnapshotReader};
use crate::engine::postgres_tls::pg_message;
use crate::error::{Error, Result};

/// Session settings that fix the text form of every value, for reading and replay.
pub use crate::dump::templates::POSTGRES_SESSION as SESSION;

/// The schemas whose tables and sequences are user data, for a query joining
/// `pg_catalog.pg_namespace n`. Names starting with `pg_` are reserved for system
/// schemas (`pg_catalog`, `pg_toast`, `pg_temp_N`, ...).
pub(crate) const USER_SCHEMA: &str =
    "n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'";

/// Excludes the objects of extensions, for a query on `pg_catalog.pg_class c`.
pub(crate) const NOT_EXTENSION: &str = "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
     WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e')";

/// SQL giving the schema of a table in the dump's terms: NULL for the connection's
/// current schema, the schema's name otherwise.
pub(crate) fn schema_of(nspname: &str) -> String {
    format!("CASE WHEN {nspname} = current_schema() THEN NULL ELSE {nspname}::text END")
}

/// SQL naming a table as [`TableHeader::display_name`] does.
pub(crate) fn shown(nspname: &str, relname: &str) -> String {
    format!(
        "CASE WHEN {nspname} = current_schema() THEN {relname}::text \
         ELSE {nspname}::text || '.' || {relname}::text END"
    )
}

/// A read-only snapshot of a PostgreSQL database.
pub struct PostgresSnapshot {
    client: Client,
    version: String,
    url: String,
    /// Row and size estimates of every table, read in one query at the first `estimate`.
    estimates: Option<BTreeMap<String, (u64, u64)>>,
    /// `COPY` statements prepared ahead (see [`PostgresSnapshot::prepare_all`]), by SQL.
    prepared: std::collections::HashMap<String, tokio_postgres::Statement>,
}

/// The statement that reads a table's dumped columns.
pub(crate) fn copy_out_sql(table: &TableHeader) -> String {
    copy_sql(table, "TO STDOUT")
}

/// The statement that loads a table's dumped columns.
pub(crate) fn copy_in_sql(table: &TableHeader) -> String {
    copy_sql(table, "FROM STDIN")
}

/// `COPY` of a table's dumped columns, in the direction given.
fn copy_sql(table: &TableHeader, direction: &str) -> String {
    let cols: Vec<String> = table.columns.iter().map(|c| quote(&c.name)).collect();
    format!(
        "COPY {} ({}) {direction}",
        table.quoted(crate::dialect::Dialect::Postgres),
        cols.join(", ")
    )
}

impl PostgresSnapshot {
    /// Prepares statements all at once: the requests are pipelined, so a few hundred
    /// cost about one round trip instead of one each when each `COPY` is sent.
    pub async fn prepare_all(&mut self, sqls: Vec<String>) -> Result<()> {
        let client = &self.client;
        let todo: Vec<String> = sqls
            .into_iter()
            .filter(|s| !self.prepared.contains_key(s))
            .collect();
        let statements = futures_util::future::try_join_all(todo.iter().map(|s| client.prepare(s)))
            .await
            .map_err(|e| self.err("cannot prepare the tables' COPY statements", e))?;
        self.prepared.extend(todo.into_iter().zip(statements));
        Ok(())
    }

    /// A statement prepared by [`PostgresSnapshot::prepare_all`].
    pub fn prepared(&self, sql: &str) -> Option<&tokio_postgres::Statement> {
        self.prepared.get(sql)
    }

    /// Connects and pins the session.
    pub async fn open(settings: &Settings) -> Result<PostgresSnapshot> {
        let url = settings.url.redacted();
        let client = super::postgres_tls::connect(&settings.url).await?;
        let snap = PostgresSnapshot {
            client,
            version: String::new(),
            url,
            estimates: None,
            prepared: std::collections::HashMap::new(),
        };
        for sql in SESSION {
            snap.exec(sql).await?;
        }
        for sql in &settings.init_sql {
            snap.exec(sql).await?;
        }
        let v = snap
            .client
            .query_one("SHOW server_version", &[])
            .await
            .map_err(|e| snap.err("cannot read the server version", e))?;
        Ok(PostgresSnapshot {
            version: format!("PostgreSQL {}", v.get::<_, String>(0)),
            ..snap
        })
    }

    async fn exec(&self, sql: &str) -> Result<()> {
        self.client
            .batch_execute(sql)
            .await
            .map_err(|e| self.err(&format!("`{sql}` failed"), e))
    }

    fn err(&self, context: &str, e: tokio_postgres::Error) -> Error {
        Error::db(format!("{context} on {}", self.url), pg_message(&e))
    }

    /// The client, for restore's writers sharing this session's settings.
    pub fn client(&self) -> &Client {
        &self.client
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[async_trait]
impl SnapshotReader for PostgresSnapshot {
    async fn begin(&mut self) -> Result<()> {
        self.exec("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await
    }

    fn engine_version(&self) -> String {
        self.version.clone()
    }

    async fn change_log(&mut self) -> Result<Vec<ChangeLogEntry>> {
        let exists = self
            .client
            .query_one("SELECT to_regclass('dbshape_change_log') IS NOT NULL", &[])
            .await
            .map_err(|e| self.err("cannot look for the change log", e))?;
        if !exists.get::<_, bool>(0) {
            return Ok(Vec::new());
        }
        let rows = self
            .client
            .query(
                "SELECT version, checksum, status FROM dbshape_change_log ORDER BY installed_rank",
                &[],
            )
            .await
            .map_err(|e| self.err("cannot read the change log", e))?;
        Ok(rows
            .iter()
            .map(|r| ChangeLogEntry {
                version: r.get(0),
                checksum: r.get(1),
                status: r.get(2),
            })
            .collect())
    }

    async fn tables(&mut self) -> Result<Vec<TableHeader>> {
        // Tables with storage only (relkind 'r'): plain tables, leaf partitions and both
        // sides of `INHERITS`. A partitioned table ('p') has no rows of its own and
        // `COPY` refuses it; its rows are dumped once, from the leaf that holds them.
        // `COPY t TO` reads only t's own rows, never a child's, so an inheritance
        // parent and each child are dumped with their own rows
        // (<https://www.postgresql.org/docs/current/sql-copy.html>). The current
        // schema's tables come first, in the order of the dumps of one schema.
        let sql = format!(
            "SELECT c.relname::text, {schema}, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), \
             CASE WHEN c.relispartition THEN (SELECT {root} FROM pg_catalog.pg_class r \
               JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace \
               WHERE r.oid = pg_catalog.pg_partition_root(c.oid)) END \
             FROM pg_catalog.pg_class c \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid \
             WHERE {USER_SCHEMA} AND {NOT_EXTENSION} AND c.relkind = 'r' \
               AND (n.nspname IS DISTINCT FROM current_schema() OR c.relname NOT IN {own}) \
               AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' \
             ORDER BY n.nspname IS DISTINCT FROM current_schema(), n.nspname, c.relname, a.attnum",
            schema = schema_of("n.nspname"),
            root = shown("rn.nspname", "r.relname"),
            own = super::own_tables_sql(),
        );
        let rows = self
            .client
            .query(sql.as_str(), &[])
            .await
            .map_err(|e| self.err("cannot list tables", e))?;
        let mut tables: Vec<TableHeader> = Vec::new();
        for r in rows {
            let table: String = r.get(0);
            let schema: Option<String> = r.get(1);
            let column = ColumnHeader {
                name: r.get(2),
                data_type: r.get(3),
            };
            match tables.last_mut() {
                Some(t) if t.name == table && t.schema == schema => t.columns.push(column),
                _ => tables.push(TableHeader {
                    name: table,
                    schema,
                    columns: vec![column],
                    partition_of: r.get(4),
                }),
            }
        }
        Ok(tables)
    }

    async fn foreign_keys(&mut self) -> Result<Vec<(String, String)>> {
        let sql = format!(
            "SELECT {child}, {parent} \
             FROM pg_catalog.pg_constraint k \
             JOIN pg_catalog.pg_class c ON c.oid = k.conrelid \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_catalog.pg_class p ON p.oid = k.confrelid \
             JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace \
             WHERE k.contype = 'f' AND {USER_SCHEMA}",
            child = shown("n.nspname", "c.relname"),
            parent = shown("pn.nspname", "p.relname"),
        );
        let rows = self
            .client
            .query(sql.as_str(), &[])
            .await
            .map_err(|e| self.err("cannot list foreign keys", e))?;
        Ok(rows.into_iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    async fn estimate(&mut self, table: &TableHeader) -> Result<(u64, u64)> {
        // One query for all tables rather than two round trips (prepare, execute) per
        // table: on a database of many small tables those add up to a visible share.
        if self.estimates.is_none() {
            let sql = format!(
                "SELECT {name}, GREATEST(c.reltuples, 0)::int8, \
                 pg_catalog.pg_table_size(c.oid)::int8 \
                 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
                 WHERE {USER_SCHEMA} AND c.relkind IN ('r', 'p')",
                name = shown("n.nspname", "c.relname"),
            );
            let rows = self
                .client
                .query(sql.as_str(), &[])
                .await
                .map_err(|e| self.err("cannot estimate the tables' sizes", e))?;
            self.estimates = Some(
                rows.iter()
                    .map(|r| {
                        (
                            r.get::<_, String>(0),
                            (r.get::<_, i64>(1) as u64, r.get::<_, i64>(2) as u64),
                        )
                    })
                    .collect(),
            );
        }
        Ok(self
            .estimates
            .as_ref()
            .and_then(|e| e.get(&table.display_name()).copied())
            .unwrap_or((0, 0)))
    }

    async fn prepare(&mut self, tables: &[TableHeader]) -> Result<()> {
        self.prepare_all(tables.iter().map(copy_out_sql).collect())
            .await
    }

    async fn rows(&mut self, table: &TableHeader, sink: &mut dyn RowSink) -> Result<()> {
        let sql = copy_out_sql(table);
        let stream = match self.prepared.get(&sql) {
            Some(st) => self.client.copy_out(st).await,
            None => self.client.copy_out(sql.as_str()).await,
        }
        .map_err(|e| self.err(&format!("cannot read table {}", table.display_name()), e))?;
        futures_util::pin_mut!(stream);
        // The server sends one row per message in practice; split on newlines anyway.
        let mut carry: Vec<u8> = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| {
                self.err(&format!("reading table {} failed", table.display_name()), e)
            })?;
            let mut data: &[u8] = &chunk;
            if !carry.is_empty() {
                match memchr::memchr(b'\n', data) {
                    Some(i) => {
                        carry.extend_from_slice(&data[..i]);
                        sink.row(&carry)?;
                        carry.clear();
                        data = &data[i + 1..];
                    }
                    None => {
                        carry.extend_from_slice(data);
                        continue;
                    }
                }
            }
            while let Some(i) = memchr::memchr(b'\n', data) {
                sink.row(&data[..i])?;
                data = &data[i + 1..];
            }
            carry.extend_from_slice(data);
        }
        if !carry.is_empty() {
            sink.row(&carry)?;
        }
        Ok(())
    }

    async fn counters(&mut self) -> Result<Vec<Counter>> {
        // A sequence of the current schema by its bare name, as in dumps of one schema;
        // any other qualified, as `setval` reads it (`regclass` input).
        let sql = format!(
            "SELECT CASE WHEN n.nspname = current_schema() THEN quote_ident(c.relname) \
               ELSE quote_ident(n.nspname) || '.' || quote_ident(c.relname) END \
             FROM pg_catalog.pg_class c \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind = 'S' AND {USER_SCHEMA} AND {NOT_EXTENSION} \
               AND (n.nspname IS DISTINCT FROM current_schema() OR c.relname NOT LIKE 'dbshape\\_%') \
             ORDER BY n.nspname IS DISTINCT FROM current_schema(), n.nspname, c.relname"
        );
        let seqs = self
            .client
            .query(sql.as_str(), &[])
            .await
            .map_err(|e| self.err("cannot list sequences", e))?;
        let mut out = Vec::new();
        for s in seqs {
            let name: String = s.get(0);
            let row = self
                .client
                .query_one(
                    format!("SELECT last_value, is_called FROM {name}").as_str(),
                    &[],
                )
                .await
                .map_err(|e| self.err(&format!("cannot read sequence {name}"), e))?;
            out.push(Counter {
                name,
                value: row.get(0),
                called: row.get(1),
            });
        }
        Ok(out)
    }

    async fn finish(&mut self) -> Result<()> {
        self.exec("COMMIT").await
    }
}
