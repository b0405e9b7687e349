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
mod connect;
pub mod drop_all;
mod errors;
pub mod failure_class;
#[cfg(feature = "mysql")]
pub mod mysql;
#[cfg(feature = "mysql")]
pub mod mysql_restore;
#[cfg(feature = "mysql")]
mod mysql_shape;
#[cfg(feature = "mysql")]
pub mod mysql_snapshot;
pub mod open;
#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "postgres")]
pub mod postgres_restore;
#[cfg(feature = "postgres")]
mod postgres_shape;
#[cfg(feature = "postgres")]
pub mod postgres_snapshot;
#[cfg(feature = "postgres")]
pub mod postgres_tls;
pub mod scratch;
mod shape_read;
#[cfg(feature = "sqlite")]
pub mod sqlite;
#[cfg(feature = "sqlite")]
pub mod sqlite_raw;
#[cfg(feature = "sqlite")]
pub mod sqlite_restore;
#[cfg(feature = "sqlite")]
mod sqlite_shape;
#[cfg(feature = "sqlite")]
pub mod sqlite_snapshot;

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use sea_orm::sqlx::pool::PoolConnection;
use sea_orm::sqlx::{AssertSqlSafe, Executor};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, RuntimeErr, Statement, Value,
};

use crate::config::DbUrl;
use crate::dialect::Dialect;
use crate::error::Result;
use crate::lock_holder::LockHolder;

pub(crate) use connect::base_options;
pub use connect::{
    certificate_hint, connect, KEEPALIVE_IDLE, KEEPALIVE_INTERVAL, KEEPALIVE_RETRIES,
};
use errors::connection_lost;
pub use errors::{db_error, describe_db_err, scrub, LOST_CONNECTION};

/// The error for a database whose engine this program was built without (each engine
/// is a Cargo feature: `postgres`, `mysql`, `sqlite`).
#[allow(dead_code)] // unused when every engine is built in
pub(crate) fn not_built(dialect: Dialect) -> crate::error::Error {
    crate::error::Error::Config(format!(
        "this program was built without {} support (dbshape's `{}` feature)",
        dialect.product(),
        dialect.dir_name()
    ))
}

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
/// The shape the database had when a migration run ended at a version (see
/// `migrate::shape_log`).
pub const SHAPE_LOG_TABLE: &str = "dbshape_shape_log";
/// Marks a scratch database a drill created (see `scratch`).
pub const DRILL_SCRATCH_TABLE: &str = "dbshape_drill_scratch";

/// Every table dbshape owns: never data of a dump, never part of a shape.
pub const OWN_TABLES: [&str; 7] = [
    CHANGE_LOG_TABLE,
    STATEMENT_LOG_TABLE,
    LOCK_TABLE,
    AUDIT_LOG_TABLE,
    RESTORE_STATE_TABLE,
    SHAPE_LOG_TABLE,
    DRILL_SCRATCH_TABLE,
];

/// [`OWN_TABLES`] as an SQL list of string literals: `('dbshape_change_log', ...)`.
#[cfg_attr(not(any(feature = "postgres", feature = "sqlite")), allow(dead_code))]
pub(crate) fn own_tables_sql() -> String {
    let names: Vec<String> = OWN_TABLES.iter().map(|t| format!("'{t}'")).collect();
    format!("({})", names.join(", "))
}

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

    /// The database's shape, from its catalog (see [`crate::shape`]; each engine's
    /// `*_shape` module says what it reads).
    async fn shape(&self) -> Result<crate::shape::Shape>;

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
    /// The pool's PostgreSQL connection.
    #[cfg(feature = "postgres")]
    Postgres(PoolConnection<sea_orm::sqlx::Postgres>),
    /// The pool's MySQL or MariaDB connection.
    #[cfg(feature = "mysql")]
    Mysql(PoolConnection<sea_orm::sqlx::MySql>),
    /// The pool's SQLite connection.
    #[cfg(feature = "sqlite")]
    Sqlite(PoolConnection<sea_orm::sqlx::Sqlite>),
}

impl Session {
    /// Takes the pool's connection.
    pub async fn acquire(db: &DatabaseConnection) -> std::result::Result<Session, DbErr> {
        let conn_err = |e| DbErr::Conn(RuntimeErr::SqlxError(Arc::new(e)));
        Ok(match db.get_database_backend() {
            #[cfg(feature = "postgres")]
            DbBackend::Postgres => Session::Postgres(
                db.get_postgres_connection_pool()
                    .acquire()
                    .await
                    .map_err(conn_err)?,
            ),
            #[cfg(feature = "mysql")]
            DbBackend::MySql => Session::Mysql(
                db.get_mysql_connection_pool()
                    .acquire()
                    .await
                    .map_err(conn_err)?,
            ),
            #[cfg(feature = "sqlite")]
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
            #[cfg(feature = "postgres")]
            Session::Postgres(c) => c.execute(sql).await.map(|_| ()),
            #[cfg(feature = "mysql")]
            Session::Mysql(c) => c.execute(sql).await.map(|_| ()),
            #[cfg(feature = "sqlite")]
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
            #[cfg(feature = "postgres")]
            Session::Postgres(c) => {
                let mut q = query_scalar::<_, Option<String>>(sql);
                if let Some(a) = arg {
                    q = q.bind(a);
                }
                q.fetch_optional(&mut **c).await
            }
            #[cfg(feature = "mysql")]
            Session::Mysql(c) => {
                let mut q = query_scalar::<_, Option<String>>(sql);
                if let Some(a) = arg {
                    q = q.bind(a);
                }
                q.fetch_optional(&mut **c).await
            }
            #[cfg(feature = "sqlite")]
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
#[cfg(any(feature = "postgres", feature = "mysql"))]
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
#[cfg(any(feature = "postgres", feature = "mysql"))]
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
