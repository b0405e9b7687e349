//! MySQL and MariaDB.
//!
//! - DDL commits implicitly (<https://mariadb.com/kb/en/sql-statements-that-cause-an-implicit-commit/>),
//!   so a version cannot be one transaction. Every statement is journaled in
//!   `dbshape_statement_log` right after it runs (in one transaction with it when the
//!   statement is DML), and a re-run resumes at the first statement not journaled.
//! - The only window left is a DDL statement that committed just before the process
//!   died, before its journal row: on resume, if that one statement reports that its
//!   effect already exists (see [`ALREADY_APPLIED`]), it counts as done.
//! - The migration lock is `GET_LOCK` (<https://mariadb.com/kb/en/get_lock/>): a named
//!   lock of the session, released by the server when the session ends. Lock names are
//!   server-wide, so the name carries the database name.
//! - The connection keeps the server's own `sql_mode` and time zone, as the `mariadb`
//!   client would, so migration files behave as they do when an operator runs them by
//!   hand; `connection.init_sql` can change that.

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use async_trait::async_trait;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbErr, RuntimeErr};
use sha2::{Digest, Sha256};

use super::baseline::Baseline;
use super::{db_error, query_string, read_lock_row, write_lock_row, Engine, Session};
use crate::config::{DbUrl, Settings};
use crate::dialect::Dialect;
use crate::error::Result;
use crate::lock_holder::LockHolder;

/// Server error numbers that mean "the effect of this DDL is already there"
/// (<https://mariadb.com/kb/en/mariadb-error-code-reference/>): table exists (1050),
/// unknown table on DROP (1051), unknown column (1054), duplicate column (1060),
/// duplicate key name (1061), multiple primary key (1068), can't drop (1091),
/// table doesn't exist (1146), routine exists (1304), trigger exists (1359),
/// trigger does not exist (1360), duplicate foreign key (1826).
pub const ALREADY_APPLIED: &[u16] = &[
    1050, 1051, 1054, 1060, 1061, 1068, 1091, 1146, 1304, 1359, 1360, 1826,
];

const OWN_TABLES: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS dbshape_restore_state (
        id INT NOT NULL PRIMARY KEY,
        dump VARCHAR(1024) NOT NULL,
        schema_version VARCHAR(255) NULL,
        started_at DATETIME(3) NOT NULL,
        host VARCHAR(255) NOT NULL,
        pid BIGINT NOT NULL,
        triggers LONGTEXT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
    "CREATE TABLE IF NOT EXISTS dbshape_change_log (
        version VARCHAR(255) NOT NULL PRIMARY KEY,
        installed_rank INT NOT NULL,
        description VARCHAR(1024) NOT NULL DEFAULT '',
        checksum VARCHAR(64) NOT NULL,
        status VARCHAR(16) NOT NULL,
        installed_on DATETIME(3) NOT NULL,
        execution_ms BIGINT NOT NULL DEFAULT 0,
        installed_by VARCHAR(255) NOT NULL DEFAULT '',
        tool_version VARCHAR(64) NOT NULL DEFAULT ''
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
    "CREATE TABLE IF NOT EXISTS dbshape_statement_log (
        version VARCHAR(255) NOT NULL,
        file VARCHAR(255) NOT NULL,
        statement_index INT NOT NULL,
        statement_checksum VARCHAR(64) NOT NULL,
        executed_at DATETIME(3) NOT NULL,
        PRIMARY KEY (version, file, statement_index)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
    "CREATE TABLE IF NOT EXISTS dbshape_lock (
        name VARCHAR(64) NOT NULL PRIMARY KEY,
        host VARCHAR(255) NOT NULL,
        pid BIGINT NOT NULL,
        since DATETIME(3) NOT NULL,
        session_id BIGINT NOT NULL,
        tool_version VARCHAR(64) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
    "CREATE TABLE IF NOT EXISTS dbshape_audit_log (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        performed_at DATETIME(3) NOT NULL,
        action VARCHAR(64) NOT NULL,
        version VARCHAR(255) NULL,
        detail TEXT NOT NULL,
        performed_by VARCHAR(255) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
    "CREATE TABLE IF NOT EXISTS dbshape_shape_log (
        version VARCHAR(255) NOT NULL PRIMARY KEY,
        digest VARCHAR(80) NOT NULL,
        shape LONGTEXT NOT NULL,
        accepted TINYINT(1) NOT NULL DEFAULT 0,
        recorded_on DATETIME(3) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
];

/// A MySQL or MariaDB database.
pub struct Mysql {
    db: DatabaseConnection,
    url: DbUrl,
    /// `GET_LOCK` name: server-wide, so it names the database.
    lock_name: String,
    lock_session: Mutex<Option<i64>>,
    baseline: OnceLock<Baseline>,
}

impl Mysql {
    pub(super) async fn connect(
        settings: &Settings,
        attempt: Duration,
    ) -> std::result::Result<Mysql, DbErr> {
        let mut opts = super::base_options(settings.url.driver_url(), attempt);
        opts.map_sqlx_mysql_opts(|o| {
            o.pipes_as_concat(false)
                .no_engine_substitution(false)
                .timezone(None)
                .set_names(true)
                .charset("utf8mb4")
        });
        let db = Database::connect(opts).await?;
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DbBackend::MySql,
                "SELECT DATABASE()",
            ))
            .await?;
        let dbname: String = row
            .and_then(|r| r.try_get_by_index::<Option<String>>(0).ok().flatten())
            .unwrap_or_default();
        let lock_name = if dbname.len() + 8 <= 64 {
            format!("dbshape:{dbname}")
        } else {
            let digest = hex::encode(Sha256::digest(dbname.as_bytes()));
            format!("dbshape:{}", &digest[..56])
        };
        Ok(Mysql {
            db,
            url: settings.url.clone(),
            lock_name,
            lock_session: Mutex::new(None),
            baseline: OnceLock::new(),
        })
    }

    async fn connection_id(&self) -> Result<i64> {
        Ok(query_string(
            self,
            "cannot read the session id",
            "SELECT CAST(CONNECTION_ID() AS CHAR)",
        )
        .await?
        .and_then(|s| s.parse().ok())
        .unwrap_or(0))
    }

    fn mysql_error_number(err: &DbErr) -> Option<u16> {
        match err {
            DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => e
                .as_database_error()?
                .try_downcast_ref::<sea_orm::sqlx::mysql::MySqlDatabaseError>()
                .map(|e| e.number()),
            _ => None,
        }
    }
}

#[async_trait]
impl Engine for Mysql {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    fn url(&self) -> &DbUrl {
        &self.url
    }

    async fn engine_version(&self) -> Result<String> {
        let v = query_string(self, "cannot read the server version", "SELECT VERSION()")
            .await?
            .unwrap_or_default();
        let product = if v.to_ascii_lowercase().contains("mariadb") {
            "MariaDB"
        } else {
            "MySQL"
        };
        Ok(format!("{product} {v}"))
    }

    async fn current_user(&self) -> Result<String> {
        Ok(query_string(
            self,
            "cannot read the current user",
            "SELECT CURRENT_USER()",
        )
        .await?
        .unwrap_or_default())
    }

    /// dbshape's tables live in the database the URL (or `init_sql`) selected. MySQL has
    /// no `RESET ALL`, and `COM_RESET_CONNECTION` would release the `GET_LOCK` lock, so
    /// the reset selects that database again and sets back the session variables
    /// migration files change (<https://mariadb.com/kb/en/server-system-variables/>).
    /// `autocommit` is not among them: a file's `SET autocommit` is never sent (see
    /// `migrate::control`).
    async fn shape(&self) -> Result<crate::shape::Shape> {
        super::mysql_shape::read(self).await
    }

    async fn read_baseline(&self, _init_sql: &[String]) -> Result<Baseline> {
        const VARS: [&str; 9] = [
            "sql_mode",
            "foreign_key_checks",
            "unique_checks",
            "time_zone",
            "character_set_client",
            "character_set_connection",
            "character_set_results",
            "collation_connection",
            "sql_auto_is_null",
        ];
        let select = std::iter::once("DATABASE()".to_string())
            .chain(VARS.iter().map(|v| format!("CAST(@@SESSION.{v} AS CHAR)")))
            .collect::<Vec<_>>()
            .join(", ");
        let ctx = "cannot read the session settings";
        let row = self
            .db
            .query_one_raw(self.stmt(&format!("SELECT {select}"), vec![]))
            .await
            .map_err(|e| db_error(self, ctx, &e))?
            .ok_or_else(|| db_error(self, ctx, &DbErr::RecordNotFound("no row".into())))?;
        let get = |i: usize| -> Result<Option<String>> {
            row.try_get_by_index::<Option<String>>(i)
                .map_err(|e| db_error(self, ctx, &e))
        };
        let database = get(0)?.ok_or_else(|| {
            crate::error::Error::Config(format!(
                "no database is selected on {}: name one in the URL (mysql://host/DATABASE)",
                self.url.redacted()
            ))
        })?;
        let quoted = format!("`{}`", database.replace('`', "``"));
        let mut sets = Vec::new();
        for (i, var) in VARS.iter().enumerate() {
            let value = match get(i + 1)? {
                Some(v) => crate::dump::literals::mysql::text_literal(&v),
                None => "NULL".to_string(),
            };
            sets.push(format!("{var} = {value}"));
        }
        Ok(Baseline {
            own: format!("{quoted}."),
            reset: format!("USE {quoted};\nSET SESSION {}", sets.join(", ")),
        })
    }

    fn baseline_cell(&self) -> &OnceLock<Baseline> {
        &self.baseline
    }

    fn own_tables_ddl(&self) -> &'static [&'static str] {
        OWN_TABLES
    }

    fn transactional_ddl(&self) -> bool {
        false
    }

    async fn table_exists(&self, name: &str) -> Result<bool> {
        let row = self
            .db
            .query_one_raw(self.stmt(
                "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND TABLE_TYPE = 'BASE TABLE'",
                vec![name.into()],
            ))
            .await
            .map_err(|e| db_error(self, "cannot list tables", &e))?;
        Ok(row.is_some())
    }

    async fn try_lock(&self) -> Result<bool> {
        let got = self
            .db
            .query_one_raw(self.stmt(
                "SELECT CAST(GET_LOCK(?, 0) AS CHAR)",
                vec![self.lock_name.clone().into()],
            ))
            .await
            .map_err(|e| db_error(self, "cannot take the migration lock", &e))?
            .and_then(|r| r.try_get_by_index::<Option<String>>(0).ok().flatten());
        if got.as_deref() == Some("1") {
            let id = self.connection_id().await?;
            *self.lock_session.lock().unwrap_or_else(|p| p.into_inner()) = Some(id);
            Ok(true)
        } else {
            Ok(false)
        }
    }

    async fn lock_is_held(&self) -> Result<bool> {
        let holder = self
            .db
            .query_one_raw(self.stmt(
                "SELECT CAST(IS_USED_LOCK(?) = CONNECTION_ID() AS CHAR)",
                vec![self.lock_name.clone().into()],
            ))
            .await
            .map_err(|e| db_error(self, "cannot check the migration lock", &e))?
            .and_then(|r| r.try_get_by_index::<Option<String>>(0).ok().flatten());
        Ok(holder.as_deref() == Some("1"))
    }

    async fn lock_is_held_on(&self, session: &mut Session) -> Result<bool> {
        let holder = session
            .query_text(
                "SELECT CAST(IS_USED_LOCK(?) = CONNECTION_ID() AS CHAR)",
                Some(&self.lock_name),
            )
            .await
            .map_err(|e| db_error(self, "cannot check the migration lock", &e))?;
        Ok(holder.as_deref() == Some("1"))
    }

    async fn lock_holder(&self) -> Result<Option<LockHolder>> {
        let id = self
            .db
            .query_one_raw(self.stmt(
                "SELECT CAST(IS_USED_LOCK(?) AS CHAR)",
                vec![self.lock_name.clone().into()],
            ))
            .await
            .map_err(|e| db_error(self, "cannot read the lock holder", &e))?
            .and_then(|r| r.try_get_by_index::<Option<String>>(0).ok().flatten())
            .and_then(|s| s.parse::<i64>().ok());
        match id {
            Some(id) => read_lock_row(self, &self.lock_name, id).await,
            None => Ok(None),
        }
    }

    async fn record_lock_holder(&self, me: &LockHolder) -> Result<()> {
        let id = self.connection_id().await?;
        write_lock_row(self, &self.lock_name, id, me).await
    }

    async fn unlock(&self) -> Result<()> {
        self.db
            .execute_raw(self.stmt("DO RELEASE_LOCK(?)", vec![self.lock_name.clone().into()]))
            .await
            .map_err(|e| db_error(self, "cannot release the migration lock", &e))?;
        *self.lock_session.lock().unwrap_or_else(|p| p.into_inner()) = None;
        Ok(())
    }

    fn droppable_objects_sql(&self) -> &'static str {
        "\
            SELECT CASE TABLE_TYPE WHEN 'VIEW' THEN 'VIEW' WHEN 'SEQUENCE' THEN 'SEQUENCE' ELSE 'TABLE' END, TABLE_NAME, \
                   CASE TABLE_TYPE WHEN 'VIEW' THEN 1 ELSE 2 END \
            FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() \
            UNION ALL \
            SELECT ROUTINE_TYPE, ROUTINE_NAME, 3 FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() \
            UNION ALL \
            SELECT 'EVENT', EVENT_NAME, 4 FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() \
            ORDER BY 3, 2"
    }

    fn drop_object_sql(&self, kind: &str, name: &str) -> String {
        format!("DROP {kind} IF EXISTS `{}`", name.replace('`', "``"))
    }

    /// Foreign keys would otherwise dictate a drop order; this session only.
    fn any_order_switch(&self) -> Option<(&'static str, &'static str)> {
        Some(("SET FOREIGN_KEY_CHECKS = 0", "SET FOREIGN_KEY_CHECKS = 1"))
    }

    fn is_already_applied_error(&self, err: &DbErr) -> bool {
        Self::mysql_error_number(err).is_some_and(|n| ALREADY_APPLIED.contains(&n))
    }

    /// `START TRANSACTION`, the statement's own name: inside a stored program or a
    /// compound statement `BEGIN` opens a block instead
    /// (<https://mariadb.com/kb/en/start-transaction/>).
    fn begin_sql(&self) -> &'static str {
        "START TRANSACTION"
    }

    /// The session's `sql_mode` may hold `NO_BACKSLASH_ESCAPES`, which changes what a
    /// backslash means inside quotes: see [`text_literal`](crate::dump::literals::mysql::text_literal).
    fn text_literal(&self, s: &str) -> String {
        crate::dump::literals::mysql::text_literal(s)
    }

    /// dbshape's timestamp columns are `DATETIME(3)`: milliseconds, the precision of
    /// the column, so that no server has to round or truncate extra digits
    /// (<https://mariadb.com/kb/en/microseconds-in-mariadb/>).
    fn timestamp_literal(&self, t: chrono::NaiveDateTime) -> String {
        self.text_literal(&t.format("%Y-%m-%d %H:%M:%S%.3f").to_string())
    }

    /// Stamped by the server's clock as the statement runs
    /// (<https://mariadb.com/kb/en/utc_timestamp/>): on MySQL a journal row travels in
    /// the same call as its statement, and is stamped when that statement ran. UTC, as
    /// the rows the client stamps.
    fn now_sql(&self) -> String {
        "UTC_TIMESTAMP(3)".to_string()
    }

    /// MySQL has no `ON CONFLICT`; `ON DUPLICATE KEY UPDATE` fires on any unique key,
    /// which for dbshape's tables is the primary key alone, so `key` needs no naming
    /// (<https://mariadb.com/kb/en/insert-on-duplicate-key-update/>).
    fn upsert_clause(&self, _key: &str, columns: &[&str]) -> String {
        format!(
            "ON DUPLICATE KEY UPDATE {}",
            columns
                .iter()
                .map(|c| format!("{c} = VALUES({c})"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }

    /// DDL commits on its own, so a version has no transaction whose start the server
    /// could measure from: the client's time before the call, plus the call's own time
    /// from `@dbshape_t0`, which the call sets first (see
    /// [`Engine::elapsed_clock_start`]; `SYSDATE(6)` is the time it runs, unlike
    /// `NOW()`, the time the statement began, <https://mariadb.com/kb/en/sysdate/>).
    fn elapsed_sql(&self, started: std::time::Instant) -> String {
        format!(
            "{} + TIMESTAMPDIFF(MICROSECOND, @dbshape_t0, SYSDATE(6)) DIV 1000",
            started.elapsed().as_millis() as i64
        )
    }

    fn elapsed_clock_start(&self) -> Option<&'static str> {
        Some("SET @dbshape_t0 = SYSDATE(6)")
    }
}
