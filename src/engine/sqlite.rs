//! SQLite, the embedded default.
//!
//! - DDL is transactional, so a version's files and its change-log row commit together.
//! - The migration lock is an exclusive OS file lock (`flock`) on a file next to the
//!   database (`<db>.dbshape-lock`). SQLite's own write lock cannot be held across the
//!   several transactions of a run without blocking the migrator itself, while the OS
//!   lock is released by the kernel the moment the holder exits, killed or not, so it
//!   never goes stale (the holder removes the file when it lets go; a killed one leaves
//!   it, unlocked). The lock file holds the holder's host, pid and start time for
//!   waiters to print.
//! - Foreign keys are enforced (`PRAGMA foreign_keys = ON`) and busy connections are
//!   waited for (`busy_timeout`), as sqlx sets them up
//!   (<https://www.sqlite.org/pragma.html#pragma_foreign_keys>), except while versions
//!   run: see `migration_session`.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use async_trait::async_trait;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbErr};

use super::baseline::Baseline;
use super::{db_error, query_string, Engine, Session};
use crate::config::{DbUrl, Settings};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::lock_holder::LockHolder;

const OWN_TABLES: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS dbshape_restore_state (
        id INTEGER NOT NULL PRIMARY KEY,
        dump TEXT NOT NULL,
        schema_version TEXT,
        started_at TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        triggers TEXT)",
    "CREATE TABLE IF NOT EXISTS dbshape_change_log (
        version TEXT NOT NULL PRIMARY KEY,
        installed_rank INTEGER NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        checksum TEXT NOT NULL,
        status TEXT NOT NULL,
        installed_on TEXT NOT NULL,
        execution_ms INTEGER NOT NULL DEFAULT 0,
        installed_by TEXT NOT NULL DEFAULT '',
        tool_version TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE IF NOT EXISTS dbshape_statement_log (
        version TEXT NOT NULL,
        file TEXT NOT NULL,
        statement_index INTEGER NOT NULL,
        statement_checksum TEXT NOT NULL,
        executed_at TEXT NOT NULL,
        PRIMARY KEY (version, file, statement_index))",
    "CREATE TABLE IF NOT EXISTS dbshape_audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        performed_at TEXT NOT NULL,
        action TEXT NOT NULL,
        version TEXT,
        detail TEXT NOT NULL,
        performed_by TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dbshape_shape_log (
        version TEXT NOT NULL PRIMARY KEY,
        digest TEXT NOT NULL,
        shape TEXT NOT NULL,
        accepted INTEGER NOT NULL DEFAULT 0,
        recorded_on TEXT NOT NULL)",
];

/// A SQLite database file (or an in-memory database).
pub struct Sqlite {
    db: DatabaseConnection,
    url: DbUrl,
    lock_path: Option<PathBuf>,
    lock_file: Mutex<Option<File>>,
    baseline: OnceLock<Baseline>,
}

impl Sqlite {
    pub(super) async fn connect(
        settings: &Settings,
        attempt: Duration,
    ) -> std::result::Result<Sqlite, DbErr> {
        let path = settings.url.sqlite_path().map(|p| p.to_path_buf());
        if let Some(parent) = path.as_ref().and_then(|p| p.parent()) {
            if !parent.as_os_str().is_empty() && !parent.is_dir() {
                return Err(DbErr::Custom(format!(
                    "directory {} does not exist; create it or point the sqlite:// URL elsewhere",
                    parent.display()
                )));
            }
        }
        // The URL only selects the driver; the file is set below, so paths with spaces,
        // `?` or `#` need no escaping.
        let base = if path.is_some() {
            "sqlite://dbshape.db"
        } else {
            "sqlite::memory:"
        };
        let mut opts = super::base_options(base.to_string(), attempt);
        let file = path.clone();
        opts.map_sqlx_sqlite_opts(move |o| {
            let o = o.busy_timeout(Duration::from_secs(30)).foreign_keys(true);
            match &file {
                Some(p) => o.filename(p).create_if_missing(true),
                None => o,
            }
        });
        let db = Database::connect(opts).await?;
        db.execute_unprepared("SELECT 1").await?;
        // One lock per database file, whatever path names it (symlinks, `./` forms):
        // the file exists now, so it can be resolved.
        let lock_path = path.map(|p| {
            let p = p.canonicalize().unwrap_or(p);
            let mut s = p.into_os_string();
            s.push(".dbshape-lock");
            PathBuf::from(s)
        });
        Ok(Sqlite {
            db,
            url: settings.url.clone(),
            lock_path,
            lock_file: Mutex::new(None),
            baseline: OnceLock::new(),
        })
    }

    fn open_lock_file(&self) -> Result<Option<(File, PathBuf)>> {
        let Some(path) = &self.lock_path else {
            return Ok(None);
        };
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options
            .open(path)
            .map_err(|e| Error::io("open the lock file", path, e))?;
        Ok(Some((file, path.clone())))
    }
}

/// Whether `file` is the file now at `path` (the same inode on the same device).
#[cfg(unix)]
fn is_at_path(file: &File, path: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere the lock file is never removed (see `unlock`), so it is always the one.
#[cfg(not(unix))]
fn is_at_path(_file: &File, _path: &std::path::Path) -> bool {
    true
}

#[async_trait]
impl Engine for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    fn url(&self) -> &DbUrl {
        &self.url
    }

    async fn engine_version(&self) -> Result<String> {
        let v = query_string(
            self,
            "cannot read the SQLite version",
            "SELECT sqlite_version()",
        )
        .await?;
        Ok(format!("SQLite {}", v.unwrap_or_default()))
    }

    async fn current_user(&self) -> Result<String> {
        Ok(std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".to_string()))
    }

    /// dbshape's tables live in `main` (an `ATTACH`ed database or a temporary table of the
    /// same name cannot stand in for them). The reset sets back the connection's pragmas
    /// that change how statements behave (<https://www.sqlite.org/pragma.html>); they
    /// take effect inside a transaction, except `foreign_keys`, which a migration cannot
    /// change there either.
    async fn shape(&self) -> Result<crate::shape::Shape> {
        super::sqlite_shape::read(self).await
    }

    async fn read_baseline(&self, _init_sql: &[String]) -> Result<Baseline> {
        const PRAGMAS: [&str; 7] = [
            "recursive_triggers",
            "legacy_alter_table",
            "ignore_check_constraints",
            "reverse_unordered_selects",
            "query_only",
            "trusted_schema",
            "automatic_index",
        ];
        let select = PRAGMAS
            .iter()
            .map(|p| format!("(SELECT {p} FROM pragma_{p})"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let values = query_string(
            self,
            "cannot read the connection's pragmas",
            &format!("SELECT {select}"),
        )
        .await?
        .unwrap_or_default();
        let reset = PRAGMAS
            .iter()
            .zip(values.split(','))
            .filter(|(_, v)| v.parse::<i64>().is_ok())
            .map(|(p, v)| format!("PRAGMA {p} = {v}"))
            .collect::<Vec<_>>()
            .join(";\n");
        Ok(Baseline {
            own: "main.".to_string(),
            reset,
        })
    }

    /// Versions run with foreign keys off, as in the `sqlite3` shell that migration
    /// files are written for, and as SQLite's procedure for schema changes asks
    /// (<https://www.sqlite.org/lang_altertable.html#otheralter>): with them on, the
    /// `DROP TABLE` of a table being rebuilt deletes every row that references it
    /// through `ON DELETE CASCADE`. The pragma is a no-op inside a transaction, so a
    /// file cannot change it either.
    fn migration_session(&self) -> Option<(&'static str, &'static str)> {
        Some(("PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON"))
    }

    fn baseline_cell(&self) -> &OnceLock<Baseline> {
        &self.baseline
    }

    fn own_tables_ddl(&self) -> &'static [&'static str] {
        OWN_TABLES
    }

    fn transactional_ddl(&self) -> bool {
        true
    }

    fn version_group_window(&self) -> Option<std::time::Duration> {
        // Up to half a second of versions per commit: a commit in rollback-journal mode
        // with `synchronous = FULL` is four `fsync`s, usually more than the version.
        Some(std::time::Duration::from_millis(500))
    }

    async fn table_exists(&self, name: &str) -> Result<bool> {
        let row = self
            .db
            .query_one_raw(self.stmt(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                vec![name.into()],
            ))
            .await
            .map_err(|e| db_error(self, "cannot list tables", &e))?;
        Ok(row.is_some())
    }

    async fn try_lock(&self) -> Result<bool> {
        // The holder removes the lock file when it lets go (see `unlock`). A process that
        // opened the file before that and then got its lock holds a file no longer at the
        // path, while a newcomer may lock a new file there: the lock counts only when the
        // locked file is still the one at the path. Otherwise try again on the new one.
        for _ in 0..3 {
            let Some((file, path)) = self.open_lock_file()? else {
                return Ok(true); // an in-memory database has exactly one user
            };
            match file.try_lock() {
                Ok(()) if is_at_path(&file, &path) => {
                    *self.lock_file.lock().unwrap_or_else(|p| p.into_inner()) = Some(file);
                    return Ok(true);
                }
                Ok(()) => continue,
                Err(std::fs::TryLockError::WouldBlock) => return Ok(false),
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io("lock", &path, e)),
            }
        }
        Ok(false)
    }

    async fn lock_is_held(&self) -> Result<bool> {
        Ok(self.lock_path.is_none()
            || self
                .lock_file
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .is_some())
    }

    async fn lock_is_held_on(&self, _session: &mut Session) -> Result<bool> {
        // The lock is this process's file lock, not the connection's.
        self.lock_is_held().await
    }

    async fn lock_holder(&self) -> Result<Option<LockHolder>> {
        let Some(path) = &self.lock_path else {
            return Ok(None);
        };
        let mut text = String::new();
        match File::open(path) {
            Ok(mut f) => {
                let _ = f.read_to_string(&mut text);
            }
            Err(_) => return Ok(None),
        }
        Ok(serde_json::from_str(&text).ok())
    }

    async fn record_lock_holder(&self, me: &LockHolder) -> Result<()> {
        let mut guard = self.lock_file.lock().unwrap_or_else(|p| p.into_inner());
        if let (Some(file), Some(path)) = (guard.as_mut(), &self.lock_path) {
            let text = serde_json::to_string(me).unwrap_or_default();
            file.set_len(0)
                .and_then(|_| file.rewind())
                .and_then(|_| file.write_all(text.as_bytes()))
                .map_err(|e| Error::io("write the lock file", path, e))?;
        }
        Ok(())
    }

    async fn unlock(&self) -> Result<()> {
        let mut guard = self.lock_file.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(file) = guard.take() {
            // Removed while still locked, so that nobody can take a lock on it after this
            // (see `try_lock`); a killed holder leaves the file, which is harmless: the
            // kernel released its lock.
            match &self.lock_path {
                Some(path) if cfg!(unix) => {
                    let _ = std::fs::remove_file(path);
                }
                _ => {
                    let _ = file.set_len(0);
                }
            }
            let _ = file.unlock();
        }
        Ok(())
    }

    fn droppable_objects_sql(&self) -> &'static str {
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' \
         AND type IN ('trigger', 'view', 'table') \
         ORDER BY CASE type WHEN 'trigger' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, name"
    }

    fn drop_object_sql(&self, kind: &str, name: &str) -> String {
        format!(
            "DROP {} IF EXISTS \"{}\"",
            kind.to_uppercase(),
            name.replace('"', "\"\"")
        )
    }

    /// Foreign keys would dictate a drop order; the pragma is a no-op inside a
    /// transaction, and none is open here.
    fn any_order_switch(&self) -> Option<(&'static str, &'static str)> {
        Some(("PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON"))
    }

    /// `sqlite_sequence` outlives the tables it counted (it is SQLite's own table, not
    /// dropped with them); a new table of an old name must start from 1 again.
    fn after_drop_all_sql(&self) -> Option<&'static str> {
        Some("DELETE FROM sqlite_sequence")
    }

    /// SQLite runs in this process: `julianday('now')` reads the same clock as
    /// `started`, so the row subtracts the version's start, in milliseconds since the
    /// Unix epoch (Julian day 2440587.5), from the time the statement runs
    /// (<https://www.sqlite.org/lang_datefunc.html>).
    fn elapsed_sql(&self, started: std::time::Instant) -> String {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let started_ms = now.saturating_sub(started.elapsed()).as_millis() as i64;
        format!(
            "MAX(0, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) - {started_ms})"
        )
    }
}
