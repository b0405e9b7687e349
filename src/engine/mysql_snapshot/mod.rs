//! MySQL / MariaDB snapshot reader for `backup` (see `crate::dump::source`), on
//! `mysql_async`'s streaming text protocol.
//!
//! - **Snapshot.** `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY` under
//!   `REPEATABLE READ` makes every InnoDB read of the session see the database as of
//!   that one statement (<https://mariadb.com/kb/en/start-transaction/>,
//!   <https://mariadb.com/kb/en/innodb-isolation-levels/#repeatable-read>), as
//!   `mysqldump --single-transaction` does. Only transactional engines take part:
//!   MyISAM/Aria tables are read as they are at the moment each is read. The catalog
//!   (`information_schema`) is not versioned at all: it shows the current definitions.
//!   DDL is not blocked by the snapshot itself (checked on MariaDB 10.11): a table
//!   created or rebuilt after the snapshot began cannot be read, error 1412 "Table
//!   definition has changed, please retry transaction" (the backup fails and is re-run);
//!   an instant ALTER (e.g. ADD COLUMN) goes unnoticed and the snapshot's rows read in
//!   the new shape, which is why rows are selected by the column list of the header,
//!   not `*`. A table already read stays protected by the metadata lock the transaction
//!   holds until `finish()`: DDL on it waits for the backup. `backup` also refuses a
//!   dump during which the change log moved.
//! - **Exact values.** Rows are read with the text protocol, so every value is the
//!   server's own text for it, the very text the server parses back on INSERT: integers
//!   of every width, DECIMAL digits, DOUBLE as the shortest text that round-trips,
//!   dates, times (negative and over 24 h), zero dates, ENUM/SET labels, JSON text.
//!   One exception: FLOAT prints with only 6 significant digits (`16777216` shows as
//!   `16777200`), so FLOAT columns are read as `CAST(col AS DOUBLE)`, the float's exact
//!   value in the shortest text that round-trips, which converts back to the very same
//!   float on INSERT. Rows stream one at a time: memory does not grow with the table.
//! - **Quoting** follows the result's column metadata, as `mysqldump --hex-blob` does:
//!   numbers unquoted; BIT, GEOMETRY and every string type of the `binary` character
//!   set (BINARY, VARBINARY, BLOBs) as `0x` + hex, because their bytes are not text in
//!   any character set and hex needs no escaping (an empty value is `X''`, since a
//!   bare `0x` is not a literal); everything else as a quoted string escaped like
//!   `mysql_real_escape_string` (`\0 \n \r \\ \' \" \Z`), so a row never spans lines
//!   (<https://mariadb.com/kb/en/string-literals/>).
//! - **Session.** `SET NAMES utf8mb4` makes text of any column character set arrive as
//!   UTF-8; `time_zone = '+00:00'` fixes the text of TIMESTAMP values; `sql_mode` is
//!   pinned because `PAD_CHAR_TO_FULL_LENGTH` would change how CHAR values read back
//!   (without it the server strips their trailing spaces, and the restored value reads
//!   back the same). The dump's preamble (`dump::templates`) sets the same for replay, with
//!   `NO_AUTO_VALUE_ON_ZERO` so that a stored id 0 stays 0, and without the strict and
//!   `NO_ZERO_DATE` modes so that zero dates load
//!   (<https://mariadb.com/kb/en/sql-mode/>). Foreign and unique checks are off during
//!   the replay, as in mysqldump's output.
//! - **Catalog.** Generated columns are those with a `GENERATION_EXPRESSION` in
//!   `information_schema.COLUMNS` (NULL on MariaDB, empty on MySQL for the others;
//!   column defaults live in `COLUMN_DEFAULT`); the target computes them. Tables are
//!   `BASE TABLE` and MariaDB's `SYSTEM VERSIONED` (its current rows; the history is not
//!   dumped). MariaDB sequences are not tables and are not dumped.
//! - **Counters.** `information_schema.TABLES.AUTO_INCREMENT` is read after the rows. On
//!   MariaDB it is the live value of the table; on MySQL 8 it is cached unless
//!   `information_schema_stats_expiry = 0`, which the session sets there. Either way it
//!   is at least one above every id the snapshot holds (InnoDB never hands out a value
//!   twice), so restored tables continue above their data.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use futures_util::StreamExt;
use mysql_async::consts::ColumnType;
use mysql_async::prelude::Queryable;
use mysql_async::{Column, Conn, Opts, OptsBuilder, Row, SslOpts, Value};

use crate::config::{DbUrl, Settings};
use crate::dump::format::{ChangeLogEntry, ColumnHeader, Counter, TableHeader, TriggerDef};
// The reader's own number rule decides what goes unquoted, so a number written unquoted
// is always one the reader accepts.
use crate::dump::literals::mysql::{is_number, push_hex, push_quoted};
use crate::dump::source::{RowSink, SnapshotReader};
use crate::error::{Error, Result};

/// Settings of the reading session: the same text of values as the replay sees.
const READ_SESSION: &[&str] = &[
    "SET NAMES utf8mb4",
    "SET time_zone = '+00:00'",
    "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'",
    // The server drops a client that does not take the rows it sends for this long;
    // a slow disk or compressor behind the sink must not abort a large table.
    "SET SESSION net_write_timeout = 3600",
];

/// dbshape's own tables, never dumped as data (a macro so that `concat!` can use it).
macro_rules! own_tables {
    () => {
        "('dbshape_change_log', 'dbshape_statement_log', 'dbshape_lock', 'dbshape_audit_log', 'dbshape_restore_state')"
    };
}
const OWN_TABLES: &str = own_tables!();

/// The tables a dump holds: plain tables and MariaDB's system-versioned ones.
const TABLE_FILTER: &str = concat!(
    "t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') \
     AND t.TABLE_NAME NOT IN ",
    own_tables!()
);

/// Character set number of `binary` in result metadata.
const BINARY_CHARSET: u16 = 63;

/// A read-only snapshot of a MySQL or MariaDB database.
pub struct MysqlSnapshot {
    /// `None` once `finish` has closed the session.
    conn: Option<Conn>,
    url: DbUrl,
    version: String,
    /// Row and size estimates of every table, read in one query at the first `estimate`.
    estimates: Option<std::collections::BTreeMap<String, (u64, u64)>>,
}

impl MysqlSnapshot {
    /// Connects (retrying while the server is unreachable, up to the connect timeout),
    /// runs `connection.init_sql`, then pins the session settings reads depend on.
    pub async fn open(settings: &Settings) -> Result<MysqlSnapshot> {
        let url = settings.url.clone();
        let opts = driver_opts(&url)?;
        let conn = match connect(opts.clone(), settings).await {
            // `ssl-mode=PREFERRED` (the default, as for sqlx and the mysql client):
            // encrypted when the server offers it, else plain.
            Err(e) if prefers_tls(&url) && opts.ssl_opts().is_some() && is_tls_failure(&e) => {
                let plain: Opts = OptsBuilder::from_opts(opts).ssl_opts(None).into();
                connect(plain, settings).await?
            }
            other => other?,
        };
        let mut snap = MysqlSnapshot {
            conn: Some(conn),
            url,
            version: String::new(),
            estimates: None,
        };
        for sql in &settings.init_sql {
            snap.exec(sql).await?;
        }
        // After init_sql: these settings decide the dumped bytes and must win.
        for sql in READ_SESSION {
            snap.exec(sql).await?;
        }
        let v = snap
            .first_text("cannot read the server version", "SELECT VERSION()")
            .await?
            .unwrap_or_default();
        let mariadb = v.to_ascii_lowercase().contains("mariadb");
        if !mariadb {
            // MySQL 8 serves information_schema.TABLES (AUTO_INCREMENT included) from a
            // cache unless told not to. The variable exists neither on MariaDB nor on
            // MySQL 5.7, hence the branch and the version comment.
            snap.exec("/*!80000 SET SESSION information_schema_stats_expiry = 0 */")
                .await?;
        }
        snap.version = format!("{} {v}", if mariadb { "MariaDB" } else { "MySQL" });
        Ok(snap)
    }

    pub(crate) fn conn(&mut self) -> Result<&mut Conn> {
        self.conn.as_mut().ok_or_else(|| {
            Error::db(
                "the backup session is already closed",
                "the snapshot was finished",
            )
        })
    }

    async fn exec(&mut self, sql: &str) -> Result<()> {
        let context = format!("`{sql}` failed");
        let conn = self.conn()?;
        let res = conn.query_drop(sql).await;
        res.map_err(|e| db_err(&self.url, &context, &e))
    }

    /// All rows of a small catalog query, as text (NULL as `None`).
    async fn text_rows(&mut self, context: &str, sql: &str) -> Result<Vec<Vec<Option<String>>>> {
        let conn = self.conn()?;
        let res = conn.query::<Row, _>(sql).await;
        let rows = res.map_err(|e| db_err(&self.url, context, &e))?;
        Ok(rows
            .iter()
            .map(|r| (0..r.len()).map(|i| text(r.as_ref(i))).collect())
            .collect())
    }

    async fn first_text(&mut self, context: &str, sql: &str) -> Result<Option<String>> {
        Ok(self
            .text_rows(context, sql)
            .await?
            .into_iter()
            .next()
            .and_then(|r| r.into_iter().next().flatten()))
    }
}

/// The `mysql_async` options for a URL. Parameters that sqlx (the migration
/// connection) understands are translated: `ssl-mode`, `ssl-ca`, `ssl-cert` and
/// `ssl-key`; sqlx's session parameters (`charset`, `collation`, `timezone`,
/// `statement-cache-capacity`) are dropped because this session pins its own. Anything
/// else goes to `mysql_async` as is (it refuses what it does not know, by name).
fn driver_opts(url: &DbUrl) -> Result<Opts> {
    let bad = |why: String| Error::Config(format!("database URL {}: {why}", url.redacted()));
    let mut parsed = url::Url::parse(&url.driver_url()).map_err(|e| bad(e.to_string()))?;
    let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    let mut kept = Vec::new();
    // (verify the CA, verify the host name), when TLS is asked for; PREFERRED when the
    // URL does not say.
    let mut tls: Option<(bool, bool)> = Some((false, false));
    let (mut ca, mut cert, mut key) = (None, None, None);
    for (k, v) in pairs {
        match k.as_str() {
            "ssl-mode" | "sslmode" => {
                tls = match v.to_ascii_lowercase().as_str() {
                    "disabled" => None,
                    // Tried first, see `prefers_tls`.
                    "preferred" | "required" => Some((false, false)),
                    "verify_ca" => Some((true, false)),
                    "verify_identity" => Some((true, true)),
                    other => {
                        return Err(bad(format!(
                        "ssl-mode `{other}` is not one of disabled, preferred, required, verify_ca, verify_identity"
                    )))
                    }
                }
            }
            "ssl-ca" => ca = Some(PathBuf::from(v)),
            "ssl-cert" => cert = Some(PathBuf::from(v)),
            "ssl-key" => key = Some(PathBuf::from(v)),
            "charset" | "collation" | "timezone" | "statement-cache-capacity" => {}
            _ => kept.push((k, v)),
        }
    }
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    let opts = Opts::from_url(parsed.as_str())
        .map_err(|e| bad(crate::engine::scrub(&e.to_string(), url)))?;
    // TCP keepalive, so that a server that vanished without closing the socket (a
    // dropped network, a stopped host) ends the wait for its answer instead of leaving
    // it blocked forever; `mysql_async` sets the idle time only, the kernel's interval
    // and probe count do the rest. A URL's own `tcp_keepalive` (milliseconds) wins.
    let keepalive = opts
        .tcp_keepalive()
        .or(Some(crate::engine::KEEPALIVE_IDLE.as_millis() as u32));
    let mut builder = OptsBuilder::from_opts(opts).tcp_keepalive(keepalive);
    if let Some((verify_ca, verify_host)) = tls {
        let mut ssl = SslOpts::default()
            .with_danger_accept_invalid_certs(!verify_ca)
            .with_danger_skip_domain_validation(!verify_host);
        if let Some(ca) = ca {
            ssl = ssl.with_root_certs(vec![ca.into()]);
        }
        if let (Some(cert), Some(key)) = (cert, key) {
            ssl = ssl.with_client_identity(Some(mysql_async::ClientIdentity::new(
                cert.into(),
                key.into(),
            )));
        }
        builder = builder.ssl_opts(Some(ssl));
    }
    Ok(builder.into())
}

/// Whether the URL leaves TLS to the server (`ssl-mode` absent or PREFERRED).
fn prefers_tls(url: &DbUrl) -> bool {
    url.query_param("ssl-mode")
        .or_else(|| url.query_param("sslmode"))
        .is_none_or(|m| m.eq_ignore_ascii_case("preferred"))
}

/// A connect error of the TLS layer: the server offers none, or the handshake failed.
fn is_tls_failure(e: &Error) -> bool {
    let Error::Connect { message, .. } = e else {
        return false;
    };
    let m = message.to_ascii_lowercase();
    m.contains("tls") || m.contains("ssl") || m.contains("certificate")
}

/// A refused or reset socket is worth another try; a TLS failure is not (a certificate
/// does not start verifying by waiting).
fn is_transient(e: &mysql_async::Error) -> bool {
    match e {
        mysql_async::Error::Io(mysql_async::IoError::Io(io)) => {
            io.kind() != std::io::ErrorKind::InvalidData
        }
        _ => false,
    }
}

/// Connects, retrying refused or reset connections with backoff until the connect
/// timeout, as `crate::engine::connect` does for the migration connection.
async fn connect(opts: Opts, settings: &Settings) -> Result<Conn> {
    let url = &settings.url;
    let deadline = Instant::now() + settings.connect_timeout;
    let mut backoff = Duration::from_millis(200);
    let fail = |message: String| Error::Connect {
        url: url.redacted(),
        message: crate::engine::scrub(&message, url),
    };
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        let attempt = remaining.max(Duration::from_millis(500));
        match tokio::time::timeout(attempt, Conn::new(opts.clone())).await {
            Ok(Ok(conn)) => return Ok(conn),
            Ok(Err(e)) if is_transient(&e) && Instant::now() + backoff < deadline => {
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(2));
            }
            Ok(Err(e)) => {
                let mut message = describe(&e);
                if is_transient(&e) {
                    message.push_str(&format!(
                        " (gave up after {} s; check that the server runs and the URL's host and port, or raise --connect-timeout)",
                        settings.connect_timeout.as_secs()
                    ));
                } else if let Some(hint) = crate::engine::certificate_hint(
                    &message,
                    url.query_param("ssl-ca")
                        .as_deref()
                        .map(std::path::Path::new),
                    true,
                ) {
                    message.push_str("; ");
                    message.push_str(&hint);
                }
                return Err(fail(message));
            }
            Err(_) => {
                return Err(fail(format!(
                "no answer within {} s; check the URL's host and port, or raise --connect-timeout",
                settings.connect_timeout.as_secs()
            )))
            }
        }
    }
}

/// A driver error as text: the server's message and code, or the driver's own.
fn describe(e: &mysql_async::Error) -> String {
    match e {
        mysql_async::Error::Server(s) => format!("{} (code {})", s.message, s.code),
        other => other.to_string(),
    }
}

/// A database error with dbshape's context and the password scrubbed.
pub(crate) fn db_err(url: &DbUrl, context: &str, e: &mysql_async::Error) -> Error {
    let mut message = crate::engine::scrub(&describe(e), url);
    // The socket failed (the server closed it after a `KILL`, the network dropped) or
    // the server says so: 1927 "Connection was killed", 2006/2013 "server has gone
    // away" / "lost connection" (<https://mariadb.com/kb/en/mariadb-error-code-reference/>).
    let lost = match e {
        mysql_async::Error::Io(_) => true,
        mysql_async::Error::Server(s) => matches!(s.code, 1927 | 2006 | 2013),
        mysql_async::Error::Driver(d) => matches!(d, mysql_async::DriverError::ConnectionClosed),
        _ => false,
    };
    if lost {
        message.push_str(crate::engine::LOST_CONNECTION);
    }
    Error::db(format!("{context} on {}", url.redacted()), message)
}

/// A value of a text-protocol row as text.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::NULL => None,
        Value::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
        other => Some(other.as_sql(true)),
    }
}

fn quote_ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// How a column's values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The server's text, unquoted (when it is a plain numeric literal).
    Number,
    /// `0x` + lowercase hex.
    Hex,
    /// A quoted, escaped string.
    Text,
}

/// The encoding of a result column, from its type and character set: the same rule as
/// `mysqldump --hex-blob`.
fn kind(col: &Column) -> Kind {
    use ColumnType::*;
    match col.column_type() {
        MYSQL_TYPE_TINY
        | MYSQL_TYPE_SHORT
        | MYSQL_TYPE_INT24
        | MYSQL_TYPE_LONG
        | MYSQL_TYPE_LONGLONG
        | MYSQL_TYPE_DECIMAL
        | MYSQL_TYPE_NEWDECIMAL
        | MYSQL_TYPE_FLOAT
        | MYSQL_TYPE_DOUBLE
        | MYSQL_TYPE_YEAR => Kind::Number,
        MYSQL_TYPE_BIT | MYSQL_TYPE_GEOMETRY | MYSQL_TYPE_VECTOR => Kind::Hex,
        MYSQL_TYPE_STRING
        | MYSQL_TYPE_VAR_STRING
        | MYSQL_TYPE_VARCHAR
        | MYSQL_TYPE_BLOB
        | MYSQL_TYPE_TINY_BLOB
        | MYSQL_TYPE_MEDIUM_BLOB
        | MYSQL_TYPE_LONG_BLOB
            if col.character_set() == BINARY_CHARSET =>
        {
            Kind::Hex
        }
        _ => Kind::Text,
    }
}

/// Appends one value in its column's encoding.
fn push_value(out: &mut Vec<u8>, kind: Kind, v: Option<&Value>) {
    match v {
        None | Some(Value::NULL) => out.extend_from_slice(b"NULL"),
        Some(Value::Bytes(b)) => match kind {
            Kind::Number if is_number(b) => out.extend_from_slice(b),
            Kind::Hex => push_hex(out, b),
            Kind::Number | Kind::Text => push_quoted(out, b),
        },
        // The text protocol only sends bytes; anything else is the driver's own literal.
        Some(other) => out.extend_from_slice(other.as_sql(false).as_bytes()),
    }
}

/// Encodes a row as the inside of a VALUES tuple.
fn encode_row(out: &mut Vec<u8>, kinds: &[Kind], row: &Row) {
    out.clear();
    for (i, kind) in kinds.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_value(out, *kind, row.as_ref(i));
    }
}

#[async_trait]
impl SnapshotReader for MysqlSnapshot {
    async fn begin(&mut self) -> Result<()> {
        self.exec("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            .await?;
        self.exec("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
            .await
    }

    fn engine_version(&self) -> String {
        self.version.clone()
    }

    async fn change_log(&mut self) -> Result<Vec<ChangeLogEntry>> {
        let exists = self
            .first_text(
                "cannot look for the change log",
                "SELECT COUNT(*) FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dbshape_change_log'",
            )
            .await?;
        if exists.as_deref() == Some("0") {
            return Ok(Vec::new());
        }
        let rows = self
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

    async fn tables(&mut self) -> Result<Vec<TableHeader>> {
        let names = self
            .text_rows(
                "cannot list tables",
                &format!(
                    "SELECT t.TABLE_NAME FROM information_schema.TABLES t WHERE {TABLE_FILTER}"
                ),
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
        let columns = self
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

    async fn foreign_keys(&mut self) -> Result<Vec<(String, String)>> {
        let rows = self
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

    async fn estimate(&mut self, table: &TableHeader) -> Result<(u64, u64)> {
        // One catalog query for all tables instead of one per table: the server opens
        // every table for its statistics either way, and on a database of many small
        // tables the round trips add up.
        if self.estimates.is_none() {
            let rows = self
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
            self.estimates = Some(
                rows.iter()
                    .filter_map(|r| {
                        let name = r.first()?.clone()?;
                        Some((name, (num(r.get(1)), num(r.get(2)))))
                    })
                    .collect(),
            );
        }
        Ok(self
            .estimates
            .as_ref()
            .and_then(|e| e.get(&table.name).copied())
            .unwrap_or((0, 0)))
    }

    async fn rows(&mut self, table: &TableHeader, sink: &mut dyn RowSink) -> Result<()> {
        let select: Vec<String> = table
            .columns
            .iter()
            .map(|c| {
                let q = quote_ident(&c.name);
                // FLOAT's own text has 6 significant digits; its DOUBLE value is exact.
                // The header's COLUMN_TYPE says which columns are FLOAT, no catalog
                // query per table needed.
                if c.data_type.to_ascii_lowercase().starts_with("float") {
                    format!("CAST({q} AS DOUBLE)")
                } else {
                    q
                }
            })
            .collect();
        // A table of generated columns only still has rows: select a constant and
        // encode none of it, so each row becomes `()`.
        let no_columns = select.is_empty();
        let list = if no_columns {
            "1".to_string()
        } else {
            select.join(", ")
        };
        let sql = format!("SELECT {list} FROM {}", quote_ident(&table.name));
        let context = format!("cannot read table {}", table.name);
        let conn = self.conn.as_mut().ok_or_else(|| {
            Error::db(
                "the backup session is already closed",
                "the snapshot was finished",
            )
        })?;
        let url = &self.url;
        let mut result = conn
            .query_iter(sql)
            .await
            .map_err(|e| db_err(url, &context, &e))?;
        let mut kinds: Vec<Kind> = result
            .columns()
            .map(|cols| cols.iter().map(kind).collect())
            .unwrap_or_default();
        if kinds.len() != select.len().max(1) {
            return Err(Error::db(
                context,
                format!(
                    "the server returned {} columns for {} dumped columns",
                    kinds.len(),
                    table.columns.len()
                ),
            ));
        }
        if no_columns {
            kinds.clear();
        }
        let mut line = Vec::with_capacity(4096);
        if let Some(mut stream) = result
            .stream::<Row>()
            .await
            .map_err(|e| db_err(url, &context, &e))?
        {
            while let Some(row) = stream.next().await {
                let row = row.map_err(|e| db_err(url, &context, &e))?;
                encode_row(&mut line, &kinds, &row);
                sink.row(&line)?;
            }
        }
        result
            .drop_result()
            .await
            .map_err(|e| db_err(url, &context, &e))
    }

    async fn counters(&mut self) -> Result<Vec<Counter>> {
        let rows = self
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
                    format!(
                        "its value {raw} does not fit the dump format's 64-bit signed counters"
                    ),
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

    async fn triggers(&mut self) -> Result<Vec<TriggerDef>> {
        // Rebuilt from information_schema.TRIGGERS rather than SHOW CREATE TRIGGER so
        // that no DEFINER clause ties the replay to the source's accounts
        // (https://mariadb.com/kb/en/information-schema-triggers-table/). Created in
        // ACTION_ORDER, which keeps the order of several triggers on one event.
        let rows = self
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

    async fn finish(&mut self) -> Result<()> {
        self.exec("COMMIT").await?;
        if let Some(conn) = self.conn.take() {
            conn.disconnect()
                .await
                .map_err(|e| db_err(&self.url, "cannot close the backup session", &e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_numbers_go_unquoted() {
        for ok in [
            "0",
            "-128",
            "18446744073709551615",
            "1.5",
            "-0.000001",
            "1e22",
            "5e-324",
            "0005",
            ".5",
        ] {
            assert!(is_number(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", "-", ".", "1e", "1e+", "inf", "NaN", "1,2", "1 ", "--1", "0x1f", "1.2.3",
        ] {
            assert!(!is_number(bad.as_bytes()), "{bad}");
        }
        let mut out = Vec::new();
        push_value(&mut out, Kind::Number, Some(&Value::Bytes(b"inf".to_vec())));
        assert_eq!(out, b"'inf'");
    }

    #[test]
    fn sqlx_url_parameters_are_translated() {
        let url = DbUrl::parse("mysql://u:p@h:3306/db?ssl-mode=required&charset=utf8mb4").unwrap();
        let opts = driver_opts(&url).unwrap();
        assert!(opts.ssl_opts().is_some());
        assert_eq!(opts.db_name(), Some("db"));
        let url = DbUrl::parse("mysql://u:secret@h/db?ssl-mode=bogus").unwrap();
        let err = driver_opts(&url).unwrap_err().to_string();
        assert!(!err.contains("secret"), "{err}");
    }
}
