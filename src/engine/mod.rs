//! Everything engine-specific lives behind the [`Engine`] trait.
//!
//! Engines provide primitives: connect, take and inspect the migration lock, create
//! dbshape's own tables, list and drop objects, recognise their own error codes, and
//! spell the SQL of dbshape's own rows where engines differ (the upsert, literals,
//! timestamps, a version's clock, opening a transaction).
//! The algorithms that use them (the migration runner, the change log) are written once
//! in `crate::migrate` and never branch on the engine. Each engine file explains its
//! quirks where they are handled.
//!
//! Migrations run over ONE sea-orm connection per process (a pool of exactly one,
//! never recycled), so a session-level lock, `SET` statements and transactions all live
//! on the same server session.
//!
//! The pool tests a connection every time it comes back (sqlx sends a ping on each
//! release, whatever the pool options say), which with a pool of one puts a round trip
//! after every query. The migration runner's hot path therefore takes that one
//! connection out of the pool for a stretch of work, as a [`Session`], and sends its
//! SQL over it directly; nothing else may use the pool while a session is held.

pub mod baseline;
pub mod drop_all;
pub mod failure_class;
pub mod mysql;
pub mod mysql_restore;
pub mod mysql_snapshot;
pub mod open;
pub mod postgres;
pub mod postgres_restore;
pub mod postgres_snapshot;
pub mod postgres_tls;
pub mod sqlite;
pub mod sqlite_raw;
pub mod sqlite_restore;
pub mod sqlite_snapshot;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use sea_orm::sqlx::pool::PoolConnection;
use sea_orm::sqlx::{AssertSqlSafe, Executor};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, RuntimeErr, Statement,
    Value,
};

use crate::config::{DbUrl, Settings};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::lock_holder::LockHolder;

/// The tables dbshape owns in every database it manages.
pub const CHANGE_LOG_TABLE: &str = "dbshape_change_log";
/// One row per executed statement of a version.
pub const STATEMENT_LOG_TABLE: &str = "dbshape_statement_log";
/// Who holds the migration lock (informational; the lock itself is the engine's).
pub const LOCK_TABLE: &str = "dbshape_lock";
/// Every change made by `repair` and `baseline`.
pub const AUDIT_LOG_TABLE: &str = "dbshape_audit_log";
/// Marks a database whose restore was interrupted (MySQL; see `mysql_restore`).
pub const RESTORE_STATE_TABLE: &str = "dbshape_restore_state";

/// One database engine, connected.
#[async_trait]
pub trait Engine: Send + Sync {
    /// The SQL dialect of this engine.
    fn dialect(&self) -> Dialect;

    /// The connection every migration statement runs on.
    fn db(&self) -> &DatabaseConnection;

    /// The URL this engine is connected to (password redacted on display).
    fn url(&self) -> &DbUrl;

    /// The server product and version, e.g. `PostgreSQL 15.19`.
    async fn engine_version(&self) -> Result<String>;

    /// The database user as the server sees it, recorded as `installed_by`.
    async fn current_user(&self) -> Result<String>;

    /// `CREATE TABLE IF NOT EXISTS` statements for dbshape's own tables.
    fn own_tables_ddl(&self) -> &'static [&'static str];

    /// Whether DDL takes part in transactions (PostgreSQL, SQLite) or commits at once
    /// (MySQL), which decides between one transaction per version and a statement journal.
    fn transactional_ddl(&self) -> bool;

    /// How long versions may share one transaction before it commits, on engines where
    /// a commit costs far more than the statements of a typical version and holding a
    /// transaction open blocks nobody it would not block anyway (SQLite: any write
    /// transaction holds the database's one write lock; a commit is four `fsync`s).
    /// `None`: each version commits on its own (PostgreSQL, where a longer transaction
    /// would hold earlier versions' table locks longer; MySQL, where DDL commits at once).
    fn version_group_window(&self) -> Option<std::time::Duration> {
        None
    }

    /// Whether a table exists in the current database/schema.
    async fn table_exists(&self, name: &str) -> Result<bool>;

    /// Tries once to take the migration lock. Never waits.
    async fn try_lock(&self) -> Result<bool>;

    /// Whether this process still holds the lock (the session may have been lost).
    async fn lock_is_held(&self) -> Result<bool>;

    /// [`Engine::lock_is_held`], asked over a held [`Session`] (the pool is not usable
    /// while it is held). As long as the session stays held its connection cannot be
    /// replaced, so one check per session is enough.
    async fn lock_is_held_on(&self, session: &mut Session) -> Result<bool>;

    /// Who holds the lock now, if anyone and if known.
    async fn lock_holder(&self) -> Result<Option<LockHolder>>;

    /// Records this process as the holder, for waiters to print.
    async fn record_lock_holder(&self, me: &LockHolder) -> Result<()>;

    /// Releases the lock. Dropping the connection releases it too.
    async fn unlock(&self) -> Result<()>;

    /// A query listing every object `drop_all_objects` (`drop_all`) drops, in drop order: its kind as
    /// a `DROP` statement spells it, and its name (as stored, or already quoted where the
    /// query quotes it).
    fn droppable_objects_sql(&self) -> &'static str;

    /// The statement that drops one listed object, `IF EXISTS`.
    fn drop_object_sql(&self, kind: &str, name: &str) -> String;

    /// Session statements (off, on) that let objects drop in any order although
    /// foreign keys refer to them; `None` where each drop takes its dependents along.
    fn any_order_switch(&self) -> Option<(&'static str, &'static str)> {
        None
    }

    /// Clean-up after every object is gone, best effort.
    fn after_drop_all_sql(&self) -> Option<&'static str> {
        None
    }

    /// On engines without transactional DDL: whether `err`, raised by re-running the
    /// statement that was in flight when an earlier run died, only says that its effect
    /// is already there (table exists, duplicate column, ...).
    fn is_already_applied_error(&self, _err: &DbErr) -> bool {
        false
    }

    /// SQL run before and after the versions of a `migrate` run, outside any
    /// transaction, where an engine's migrations need a session other than the one
    /// dbshape works in (SQLite: foreign keys off, see `sqlite.rs`).
    fn migration_session(&self) -> Option<(&'static str, &'static str)> {
        None
    }

    /// Reads the session as it is right after connecting and `connection.init_sql`: where
    /// dbshape's tables are, and the SQL that puts the session back (see
    /// [`baseline`]).
    async fn read_baseline(&self, init_sql: &[String]) -> Result<baseline::Baseline>;

    /// Where [`connect`] keeps the engine's [`baseline::Baseline`].
    fn baseline_cell(&self) -> &std::sync::OnceLock<baseline::Baseline>;

    /// The session as it was after connecting (empty before [`connect`] read it).
    fn baseline(&self) -> &baseline::Baseline {
        static NONE: std::sync::OnceLock<baseline::Baseline> = std::sync::OnceLock::new();
        self.baseline_cell()
            .get()
            .unwrap_or_else(|| NONE.get_or_init(baseline::Baseline::default))
    }

    /// One of dbshape's tables, qualified with the schema or database resolved when
    /// connecting, so that a migration's `search_path` or `USE` cannot redirect it.
    fn own(&self, table: &str) -> String {
        self.baseline().qualify(table)
    }

    /// A statement with `?` placeholders rewritten for this engine.
    fn stmt(&self, sql: &str, values: Vec<Value>) -> Statement {
        statement(self.db().get_database_backend(), sql, values)
    }

    // dbshape's own rows as SQL text, for the multi-statement calls that carry a
    // version's statements, journal rows and change-log row in one round trip. The
    // defaults are the SQL that PostgreSQL and SQLite share; an engine overrides what it
    // spells differently, and explains why where it does.

    /// The SQL that opens a transaction inside a multi-statement call.
    fn begin_sql(&self) -> &'static str {
        "BEGIN"
    }

    /// A text literal that reads back as `s` in this engine's sessions. Default: the
    /// standard quoting, a quote doubled (PostgreSQL with `standard_conforming_strings`,
    /// on since 9.1, <https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-STRINGS>;
    /// SQLite, <https://www.sqlite.org/lang_expr.html#literal_values_constants_>).
    fn text_literal(&self, s: &str) -> String {
        format!("'{}'", s.replace('\'', "''"))
    }

    /// A timestamp literal at the precision of dbshape's timestamp columns. Default:
    /// microseconds.
    fn timestamp_literal(&self, t: chrono::NaiveDateTime) -> String {
        self.text_literal(&t.format("%Y-%m-%d %H:%M:%S%.6f").to_string())
    }

    /// The SQL value of the current UTC time for a row written inside a call. Default:
    /// the client's clock, as a literal (the rows that [`statement`] binds are stamped
    /// by the client's clock too).
    fn now_sql(&self) -> String {
        self.timestamp_literal(chrono::Utc::now().naive_utc())
    }

    /// What turns an `INSERT` into one of dbshape's tables into an upsert on its
    /// primary key `key`, replacing `columns` of an existing row: one statement, so
    /// that a crash can never leave a key without its row. Default: `ON CONFLICT`,
    /// which PostgreSQL (<https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT>)
    /// and SQLite (<https://www.sqlite.org/lang_upsert.html>) share.
    fn upsert_clause(&self, key: &str, columns: &[&str]) -> String {
        format!(
            "ON CONFLICT ({key}) DO UPDATE SET {}",
            columns
                .iter()
                .map(|c| format!("{c} = excluded.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }

    /// The SQL expression of the milliseconds since `started` (when the client began a
    /// version), evaluated by the database as the call that carries it ends, so that a
    /// change-log row written in the same call as the version's statements records how
    /// long they took. An engine that needs a statement at the start of such a call
    /// names it in [`Engine::elapsed_clock_start`].
    fn elapsed_sql(&self, started: Instant) -> String;

    /// The statement a call must run first for [`Engine::elapsed_sql`] to measure it,
    /// if any.
    fn elapsed_clock_start(&self) -> Option<&'static str> {
        None
    }
}

/// The one connection of the pool, taken out of it for a stretch of work: queries sent
/// over it skip the pool's ping on release. Dropping it gives the connection back.
///
/// # Warning
/// While a session is held, any query through [`Engine::db`] waits for the connection
/// until the pool's acquire timeout and then fails: use the session or drop it first.
pub enum Session {
    Postgres(PoolConnection<sea_orm::sqlx::Postgres>),
    Mysql(PoolConnection<sea_orm::sqlx::MySql>),
    Sqlite(PoolConnection<sea_orm::sqlx::Sqlite>),
}

impl Session {
    /// Takes the pool's connection.
    pub async fn acquire(db: &DatabaseConnection) -> std::result::Result<Session, DbErr> {
        let conn_err = |e| DbErr::Conn(RuntimeErr::SqlxError(Arc::new(e)));
        Ok(match db.get_database_backend() {
            DbBackend::Postgres => Session::Postgres(
                db.get_postgres_connection_pool()
                    .acquire()
                    .await
                    .map_err(conn_err)?,
            ),
            DbBackend::MySql => Session::Mysql(
                db.get_mysql_connection_pool()
                    .acquire()
                    .await
                    .map_err(conn_err)?,
            ),
            DbBackend::Sqlite => Session::Sqlite(
                db.get_sqlite_connection_pool()
                    .acquire()
                    .await
                    .map_err(conn_err)?,
            ),
            other => {
                return Err(DbErr::Custom(format!(
                    "no held connection for the {other:?} backend"
                )))
            }
        })
    }

    /// Runs SQL text as it is, several statements separated by `;` included, without
    /// parameters (PostgreSQL's simple query protocol, a MySQL `COM_QUERY`, SQLite's
    /// statement-by-statement execution). The engine stops at the first failing
    /// statement; a transaction that SQL opened is still open after the error.
    pub async fn execute(&mut self, sql: String) -> std::result::Result<(), DbErr> {
        let sql = AssertSqlSafe(sql);
        let result = match self {
            Session::Postgres(c) => c.execute(sql).await.map(|_| ()),
            Session::Mysql(c) => c.execute(sql).await.map(|_| ()),
            Session::Sqlite(c) => c.execute(sql).await.map(|_| ()),
        };
        result.map_err(|e| DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e))))
    }

    /// Runs a query with one text parameter (`?`; PostgreSQL: `$1`) and returns the
    /// first column of its first row as text.
    pub async fn query_text(
        &mut self,
        sql: &str,
        arg: Option<&str>,
    ) -> std::result::Result<Option<String>, DbErr> {
        use sea_orm::sqlx::query_scalar;
        let sql = AssertSqlSafe(sql.to_string());
        let arg = arg.map(str::to_string);
        let result = match self {
            Session::Postgres(c) => {
                let mut q = query_scalar::<_, Option<String>>(sql);
                if let Some(a) = arg {
                    q = q.bind(a);
                }
                q.fetch_optional(&mut **c).await
            }
            Session::Mysql(c) => {
                let mut q = query_scalar::<_, Option<String>>(sql);
                if let Some(a) = arg {
                    q = q.bind(a);
                }
                q.fetch_optional(&mut **c).await
            }
            Session::Sqlite(c) => {
                let mut q = query_scalar::<_, Option<String>>(sql);
                if let Some(a) = arg {
                    q = q.bind(a);
                }
                q.fetch_optional(&mut **c).await
            }
        };
        result
            .map(Option::flatten)
            .map_err(|e| DbErr::Query(RuntimeErr::SqlxError(Arc::new(e))))
    }
}

/// Builds a statement from SQL written with `?` placeholders; PostgreSQL gets `$n`.
/// Only for dbshape's own SQL, which never has `?` inside a literal.
pub fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(c);
            }
        }
        out
    } else {
        sql.to_string()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Connects to the database the settings name, retrying transient failures (refused,
/// reset, server starting up) with backoff until the connect timeout, so a database
/// container that is still starting is fine.
pub async fn connect(settings: &Settings) -> Result<Box<dyn Engine>> {
    let url = &settings.url;
    let started = Instant::now();
    let deadline = started + settings.connect_timeout;
    let mut backoff = Duration::from_millis(200);
    let mut attempts = 0u32;
    loop {
        attempts += 1;
        let remaining = deadline.saturating_duration_since(Instant::now());
        let attempt = remaining.clamp(Duration::from_millis(500), Duration::from_secs(5));
        let result = match url.dialect() {
            Dialect::Postgres => postgres::Postgres::connect(settings, attempt)
                .await
                .map(|e| Box::new(e) as Box<dyn Engine>),
            Dialect::Mysql => mysql::Mysql::connect(settings, attempt)
                .await
                .map(|e| Box::new(e) as Box<dyn Engine>),
            Dialect::Sqlite => sqlite::Sqlite::connect(settings, attempt)
                .await
                .map(|e| Box::new(e) as Box<dyn Engine>),
        };
        match result {
            Ok(engine) => {
                // `connection.init_sql` runs once on the one connection dbshape keeps
                // (never recycled, see `base_options`), and a failing statement is
                // reported as itself, not as a connection failure.
                for (i, sql) in settings.init_sql.iter().enumerate() {
                    engine.db().execute_unprepared(sql).await.map_err(|e| {
                        Error::Config(format!(
                            "connection.init_sql statement {} (`{sql}`) failed on {}: {}",
                            i + 1,
                            url.redacted(),
                            scrub(&describe_db_err(&e), url)
                        ))
                    })?;
                }
                let baseline = engine.read_baseline(&settings.init_sql).await?;
                let _ = engine.baseline_cell().set(baseline);
                return Ok(engine);
            }
            // Retried until the deadline itself, the last wait cut short to reach it.
            Err(err) if is_transient(&err) && Instant::now() < deadline => {
                let wait = backoff.min(deadline.saturating_duration_since(Instant::now()));
                tokio::time::sleep(wait).await;
                backoff = (backoff * 2).min(Duration::from_secs(2));
            }
            Err(err) => {
                let mut message = scrub(&describe_db_err(&err), url);
                if is_transient(&err) {
                    if let Some(cause) = network_cause(url, &err).await {
                        message = cause;
                    }
                    message.push_str(&format!(
                        " (gave up after {:.1} s and {attempts} attempt{}; check that the server runs and the URL's host and port, or raise --connect-timeout)",
                        started.elapsed().as_secs_f64(),
                        if attempts == 1 { "" } else { "s" }
                    ));
                } else if let Some(hint) = connect_hint(&err) {
                    message.push_str(hint);
                } else if let Some(hint) = certificate_hint(
                    &message,
                    url.query_param("sslrootcert")
                        .or_else(|| url.query_param("ssl-ca"))
                        .as_deref()
                        .map(Path::new),
                    url.dialect() == Dialect::Mysql,
                ) {
                    message.push_str("; ");
                    message.push_str(&hint);
                }
                return Err(Error::Connect {
                    url: url.redacted(),
                    message,
                });
            }
        }
    }
}

/// What the network says about a server the pool could not reach. sqlx's pool reports
/// a connect that keeps failing as "pool timed out", which hides whether the port
/// refused, the host did not answer or its name did not resolve; one plain TCP connect
/// (at most 2 s) names the cause. `None` when that connect succeeds (the server
/// answers TCP: the pool's own error stands) or for SQLite.
async fn network_cause(url: &DbUrl, err: &DbErr) -> Option<String> {
    let timed_out = matches!(
        err,
        DbErr::ConnectionAcquire(_) | DbErr::Conn(RuntimeErr::SqlxError(_))
    ) && describe_db_err(err).contains("timed out");
    if !timed_out {
        return None;
    }
    let (host, port) = url.host_port()?;
    let probe = tokio::net::TcpStream::connect((host.as_str(), port));
    match tokio::time::timeout(Duration::from_secs(2), probe).await {
        Ok(Ok(_)) => None,
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => Some(format!(
            "connection refused by {host}:{port}: no server listens there"
        )),
        Ok(Err(e)) => Some(format!("cannot reach {host}:{port}: {e}")),
        Err(_) => Some(format!(
            "{host}:{port} did not answer (no reply to a TCP connect within 2 s: a firewall, or a host that is down)"
        )),
    }
}

/// A sentence for an operator whose server certificate did not verify, in the URL
/// parameters of the engine (`mysql` for MySQL/MariaDB, else PostgreSQL's).
pub fn certificate_hint(message: &str, root: Option<&Path>, mysql: bool) -> Option<String> {
    let m = message.to_ascii_lowercase();
    if !(m.contains("certificate") || m.contains("unknownissuer") || m.contains("notvalidforname"))
    {
        return None;
    }
    let root = match root {
        Some(r) => format!("the root certificate {}", r.display()),
        None => "the default roots".to_string(),
    };
    let (ca, lower) = if mysql {
        ("ssl-ca=FILE", "ssl-mode=REQUIRED")
    } else {
        ("sslrootcert=FILE", "sslmode=require")
    };
    Some(format!(
        "the server's TLS certificate did not verify against {root}: give the CA that signed it \
         with {ca}, or connect to the host name the certificate names, or use {lower} to \
         encrypt without checking the certificate"
    ))
}

/// Base connect options shared by the engines: a single, never-recycled connection.
pub(crate) fn base_options(url: String, attempt: Duration) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(1)
        .min_connections(1)
        .connect_timeout(attempt)
        .acquire_timeout(attempt)
        .idle_timeout(None::<Duration>)
        .max_lifetime(None::<Duration>)
        .test_before_acquire(false)
        .sqlx_logging(false);
    opts
}

/// Whether a connect error is worth retrying.
fn is_transient(err: &DbErr) -> bool {
    let sqlx_err = match err {
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        DbErr::ConnectionAcquire(_) => return true,
        _ => return false,
    };
    use sea_orm::sqlx::Error as SqlxError;
    match sqlx_err.as_ref() {
        // A TLS handshake that fails (a certificate that does not verify) surfaces as
        // invalid data: waiting does not fix it.
        SqlxError::Io(io) => io.kind() != std::io::ErrorKind::InvalidData,
        SqlxError::PoolTimedOut | SqlxError::PoolClosed => true,
        SqlxError::Database(db) => {
            // 57P03: PostgreSQL "the database system is starting up".
            // 08xxx: connection exceptions.
            matches!(
                db.code().as_deref(),
                Some("57P03") | Some("08006") | Some("08001")
            )
        }
        _ => false,
    }
}

/// How to fix a connect error the server refused for good: bad credentials or a
/// database that does not exist (dbshape never creates the database it is pointed at).
fn connect_hint(err: &DbErr) -> Option<&'static str> {
    let (DbErr::Conn(RuntimeErr::SqlxError(e))
    | DbErr::Exec(RuntimeErr::SqlxError(e))
    | DbErr::Query(RuntimeErr::SqlxError(e))) = err
    else {
        return None;
    };
    let sea_orm::sqlx::Error::Database(db) = e.as_ref() else {
        return None;
    };
    // MySQL reports an unknown database with the generic SQLSTATE 42000, so its error
    // number (ER_BAD_DB_ERROR, 1049) tells it apart:
    // https://mariadb.com/kb/en/mariadb-error-code-reference/
    let mysql_unknown_db = db
        .try_downcast_ref::<sea_orm::sqlx::mysql::MySqlDatabaseError>()
        .is_some_and(|e| e.number() == 1049);
    match db.code().as_deref() {
        // PostgreSQL 28P01/28000 and MySQL 28000: authentication failed.
        Some("28P01") | Some("28000") => Some(
            "; check the user name and password in the URL (--url, DBSHAPE_URL or connection.url)",
        ),
        // PostgreSQL 3D000: invalid_catalog_name.
        Some("3D000") => Some(UNKNOWN_DB_HINT),
        _ if mysql_unknown_db => Some(UNKNOWN_DB_HINT),
        _ => None,
    }
}

const UNKNOWN_DB_HINT: &str =
    "; create the database first (dbshape does not create it) or correct the database name in the URL";

/// The text of a database error without sea-orm's wrapper noise.
pub fn describe_db_err(err: &DbErr) -> String {
    match err {
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => match e.as_ref() {
            sea_orm::sqlx::Error::Database(db) => match db.code() {
                // The server ended the session: PostgreSQL 57P01/57P02
                // (`pg_terminate_backend`, a shutdown), MariaDB 1927 (`KILL`).
                Some(code) if matches!(code.as_ref(), "57P01" | "57P02" | "70100") => {
                    format!("{} (code {code}){LOST_CONNECTION}", db.message())
                }
                Some(code) => format!("{} (code {code}){}", db.message(), pg_detail(db.as_ref())),
                None => db.message().to_string(),
            },
            other => other.to_string(),
        },
        // dbshape's own words, without the driver's "Custom Error: " in front.
        DbErr::Custom(message) => message.clone(),
        other => other.to_string(),
    }
}

/// PostgreSQL's DETAIL and HINT of an error, which often name the value or row at fault
/// (`Failing row contains (1, null).`, the key of a duplicate), as `; DETAIL: ...`.
fn pg_detail(db: &dyn sea_orm::sqlx::error::DatabaseError) -> String {
    let Some(pg) = db.try_downcast_ref::<sea_orm::sqlx::postgres::PgDatabaseError>() else {
        return String::new();
    };
    let mut out = String::new();
    if let Some(d) = pg.detail() {
        out.push_str(&format!("; DETAIL: {d}"));
    }
    if let Some(h) = pg.hint() {
        out.push_str(&format!("; HINT: {h}"));
    }
    out
}

/// Removes the URL's password from a message, whatever a driver put into it.
pub fn scrub(message: &str, url: &DbUrl) -> String {
    match url.password() {
        Some(pw) if !pw.is_empty() => message.replace(pw, "***"),
        _ => message.to_string(),
    }
}

/// A database error with dbshape's context and the password scrubbed.
pub fn db_error(engine: &dyn Engine, context: impl Into<String>, err: &DbErr) -> Error {
    let mut message = scrub(&describe_db_err(err), engine.url());
    if connection_lost(err) && !message.ends_with(LOST_CONNECTION) {
        message.push_str(LOST_CONNECTION);
    }
    Error::Database {
        context: context.into(),
        message,
    }
}

/// TCP keepalive of the data connections (`mysql_async` for MySQL/MariaDB,
/// `tokio-postgres` for PostgreSQL): after this long without traffic the kernel probes
/// the peer, so a vanished server is noticed even while dbshape waits for an answer.
/// Probes cost a few bytes; a long legitimate statement (an index rebuild) keeps the
/// server's kernel answering them, so it is never cut. No read timeout is set on top:
/// any fixed one would cut some legitimate statement; a live server is told apart from
/// a vanished one by its kernel, which answers the probes.
pub const KEEPALIVE_IDLE: Duration = Duration::from_secs(30);
/// Time between two probes, and unanswered probes before the socket is declared dead
/// (PostgreSQL data path; `mysql_async` leaves both to the kernel's defaults).
pub const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(10);
pub const KEEPALIVE_RETRIES: u32 = 3;

/// Appended to an error that means the session is gone, whatever the driver's words
/// for it ("connection closed", "bytes remaining on stream", a broken pipe, an EOF).
pub const LOST_CONNECTION: &str = "; the connection to the database server was lost (the \
     session was killed, the network dropped or the server stopped); run the command again";

/// Whether an error of the migration connection says the session is gone: an I/O or
/// protocol error of the socket, PostgreSQL's class 57P0x ("terminating connection due
/// to administrator command", a shutdown) and 08xxx, MariaDB's 1927 ("Connection was
/// killed", <https://mariadb.com/kb/en/mariadb-error-code-reference/>).
fn connection_lost(err: &DbErr) -> bool {
    use sea_orm::sqlx::Error as SqlxError;
    let sqlx_err = match err {
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        DbErr::ConnectionAcquire(_) => return true,
        _ => return false,
    };
    match sqlx_err.as_ref() {
        SqlxError::Io(_) | SqlxError::Protocol(_) | SqlxError::PoolClosed => true,
        SqlxError::PoolTimedOut | SqlxError::WorkerCrashed => true,
        SqlxError::Database(db) => {
            let code = db.code();
            let code = code.as_deref().unwrap_or("");
            code.starts_with("57P0") || code.starts_with("08") || code == "70100"
        }
        _ => false,
    }
}

/// Runs `sql` and returns the first column of the first row as a string.
pub(crate) async fn query_string(
    engine: &dyn Engine,
    context: &str,
    sql: &str,
) -> Result<Option<String>> {
    let row = engine
        .db()
        .query_one_raw(engine.stmt(sql, vec![]))
        .await
        .map_err(|e| db_error(engine, context, &e))?;
    match row {
        Some(row) => row
            .try_get_by_index::<Option<String>>(0)
            .map_err(|e| db_error(engine, context, &e)),
        None => Ok(None),
    }
}

/// Default `record_lock_holder`: one row per lock in `dbshape_lock`.
pub(crate) async fn write_lock_row(
    engine: &dyn Engine,
    name: &str,
    session_id: i64,
    me: &LockHolder,
) -> Result<()> {
    let db = engine.db();
    let del = engine.stmt("DELETE FROM dbshape_lock WHERE name = ?", vec![name.into()]);
    let ins = engine.stmt(
        "INSERT INTO dbshape_lock (name, host, pid, since, session_id, tool_version) VALUES (?, ?, ?, ?, ?, ?)",
        vec![
            name.into(),
            me.host.clone().into(),
            (me.pid as i64).into(),
            me.since.naive_utc().into(),
            session_id.into(),
            me.tool_version.clone().into(),
        ],
    );
    db.execute_raw(del)
        .await
        .map_err(|e| db_error(engine, "cannot record the lock holder", &e))?;
    db.execute_raw(ins)
        .await
        .map_err(|e| db_error(engine, "cannot record the lock holder", &e))?;
    Ok(())
}

/// Default `lock_holder` lookup: the row of the session holding the lock, if recorded.
pub(crate) async fn read_lock_row(
    engine: &dyn Engine,
    name: &str,
    session_id: i64,
) -> Result<Option<LockHolder>> {
    if !engine.table_exists(LOCK_TABLE).await? {
        return Ok(None);
    }
    let row = engine
        .db()
        .query_one_raw(engine.stmt(
            "SELECT host, pid, since, tool_version FROM dbshape_lock WHERE name = ? AND session_id = ?",
            vec![name.into(), session_id.into()],
        ))
        .await
        .map_err(|e| db_error(engine, "cannot read the lock holder", &e))?;
    let Some(row) = row else { return Ok(None) };
    let get = |e: DbErr| db_error(engine, "cannot read the lock holder", &e);
    let since: chrono::NaiveDateTime = row.try_get_by_index(2).map_err(get)?;
    Ok(Some(LockHolder {
        host: row.try_get_by_index(0).map_err(get)?,
        pid: row.try_get_by_index::<i64>(1).map_err(get)? as u32,
        since: since.and_utc(),
        tool_version: row.try_get_by_index(3).map_err(get)?,
    }))
}
