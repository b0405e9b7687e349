//! Scratch databases: made for one drill and removed after it.
//!
//! A drill restores a dump into a database nobody uses, so that proving a backup never
//! touches a real one. On PostgreSQL and MySQL/MariaDB the scratch database is created
//! on the server the scratch URL names, through a session on a database every user may
//! open (`postgres`, `information_schema`), and dropped the same way; on SQLite it is a
//! file. Each scratch database dbshape creates holds a marker table,
//! `dbshape_drill_scratch`, naming the host, process and time of the drill that made
//! it: a drill killed before it could clean up leaves a database that the next drill
//! with the same scratch URL recognises as a drill's own, and removes, while a database
//! without the marker is never dropped (at most emptied, when it was empty to begin
//! with). The marker's name starts with `dbshape_`, so shapes leave it out.

use sea_orm::{ConnectionTrait, Value};

use super::shape_read::text;
use super::{db_error, Engine, CHANGE_LOG_TABLE, DRILL_SCRATCH_TABLE};
use crate::config::{DbUrl, Settings};
use crate::dialect::Dialect;
use crate::dump::format::quote_ident;
use crate::error::{Error, Result};
use crate::lock_holder::LockHolder;
use crate::shape::Kind;

/// The drill that made a scratch database, as its marker table names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The host the drill ran on.
    pub host: String,
    /// Its process id there.
    pub pid: u32,
    /// When it began, UTC, RFC 3339.
    pub started_at: String,
}

impl Marker {
    /// Whether the drill that made the database may still be running: its process is
    /// alive on this host (another host's process cannot be asked, so it is taken as
    /// gone: one drill per scratch database at a time).
    pub fn may_be_running(&self) -> bool {
        let me = LockHolder::me();
        self.host == me.host && self.pid != std::process::id() && process_alive(self.pid)
    }
}

/// Whether process `pid` runs on this host.
pub fn process_alive(pid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Settings for a session on the scratch server's maintenance database (see the module
/// documentation).
fn maintenance(scratch: &Settings) -> Result<Settings> {
    let name = match scratch.url.dialect() {
        Dialect::Postgres => "postgres",
        _ => "information_schema",
    };
    let url: DbUrl = scratch.url.with_database(name).ok_or_else(|| {
        Error::Config(format!(
            "the scratch URL {} names no server database",
            scratch.url.redacted()
        ))
    })?;
    let mut settings = scratch.clone();
    settings.url = url;
    settings.init_sql = Vec::new();
    Ok(settings)
}

/// A session on the scratch database's server, to look for, create and drop it (none
/// for SQLite, whose database is a file).
pub struct Admin {
    scratch: Settings,
    engine: Option<Box<dyn Engine>>,
}

impl Admin {
    /// Connects to the server's maintenance database (see the module documentation).
    pub async fn open(scratch: &Settings) -> Result<Admin> {
        let engine = match scratch.url.dialect() {
            Dialect::Sqlite => None,
            _ => Some(super::connect(&maintenance(scratch)?).await?),
        };
        Ok(Admin {
            scratch: scratch.clone(),
            engine,
        })
    }

    /// Whether the scratch database exists.
    pub async fn exists(&self) -> Result<bool> {
        let Some(admin) = &self.engine else {
            return Ok(self.scratch.url.sqlite_path().is_some_and(|p| p.exists()));
        };
        let sql = match admin.dialect() {
            Dialect::Postgres => "SELECT datname FROM pg_database WHERE datname = $1",
            _ => "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
        };
        let name = self.scratch.url.database_name();
        let rows = admin
            .db()
            .query_all_raw(admin.stmt(sql, vec![Value::from(name)]))
            .await
            .map_err(|e| db_error(admin.as_ref(), "cannot look for the scratch database", &e))?;
        Ok(!rows.is_empty())
    }

    /// Creates the scratch database (a new SQLite file is made by its first connection).
    pub async fn create(&self) -> Result<()> {
        let Some(admin) = &self.engine else {
            return Ok(());
        };
        let dialect = admin.dialect();
        let name = quote_ident(dialect, &self.scratch.url.database_name());
        // dbshape's dumps are utf8mb4: so is the database their tables are made in.
        let sql = match dialect {
            Dialect::Mysql => format!("CREATE DATABASE {name} CHARACTER SET utf8mb4"),
            _ => format!("CREATE DATABASE {name}"),
        };
        admin
            .db()
            .execute_unprepared(&sql)
            .await
            .map_err(|e| db_error(admin.as_ref(), "cannot create the scratch database", &e))?;
        Ok(())
    }

    /// Drops the scratch database (deletes the SQLite file and its journal files). On
    /// PostgreSQL the sessions still open on it are ended first: a restore's sessions
    /// close as their tasks end, which may be just after it returns.
    pub async fn drop_database(&self) -> Result<()> {
        let Some(admin) = &self.engine else {
            if let Some(path) = self.scratch.url.sqlite_path() {
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
                    match std::fs::remove_file(&file) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(Error::io("remove the scratch database", &file, e)),
                    }
                }
            }
            return Ok(());
        };
        let dialect = admin.dialect();
        let db_name = self.scratch.url.database_name();
        let name = quote_ident(dialect, &db_name);
        let context = "cannot drop the scratch database";
        if dialect == Dialect::Postgres {
            admin
                .db()
                .query_all_raw(admin.stmt(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = $1 AND pid <> pg_backend_pid()",
                    vec![Value::from(db_name)],
                ))
                .await
                .map_err(|e| db_error(admin.as_ref(), context, &e))?;
        }
        admin
            .db()
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
            .await
            .map_err(|e| db_error(admin.as_ref(), context, &e))?;
        Ok(())
    }
}

/// Writes the marker of this drill into the scratch database it just created.
pub async fn mark(engine: &dyn Engine, started_at: &str) -> Result<()> {
    let me = LockHolder::me();
    let context = "cannot mark the scratch database as a drill's";
    engine
        .db()
        .execute_unprepared(&format!(
            "CREATE TABLE {DRILL_SCRATCH_TABLE} (host VARCHAR(255) NOT NULL, \
             pid BIGINT NOT NULL, started_at VARCHAR(32) NOT NULL)"
        ))
        .await
        .map_err(|e| db_error(engine, context, &e))?;
    let insert = format!(
        "INSERT INTO {DRILL_SCRATCH_TABLE} (host, pid, started_at) VALUES ({})",
        match engine.dialect() {
            Dialect::Postgres => "$1, $2, $3",
            _ => "?, ?, ?",
        }
    );
    engine
        .db()
        .execute_raw(engine.stmt(
            &insert,
            vec![
                Value::from(me.host),
                Value::from(i64::from(std::process::id())),
                Value::from(started_at.to_string()),
            ],
        ))
        .await
        .map_err(|e| db_error(engine, context, &e))?;
    Ok(())
}

/// The marker of the drill that made this database, if it holds one.
pub async fn marker(engine: &dyn Engine) -> Result<Option<Marker>> {
    if !engine.table_exists(DRILL_SCRATCH_TABLE).await? {
        return Ok(None);
    }
    let context = "cannot read the scratch database's marker";
    let rows = engine
        .db()
        .query_all_raw(engine.stmt(
            &format!("SELECT host, CAST(pid AS CHAR(20)), started_at FROM {DRILL_SCRATCH_TABLE}"),
            vec![],
        ))
        .await
        .map_err(|e| db_error(engine, context, &e))?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let field = |i| text(row, i).map_err(|e| db_error(engine, context, &e));
    Ok(Some(Marker {
        host: field(0)?,
        pid: field(1)?.trim().parse().unwrap_or(0),
        started_at: field(2)?,
    }))
}

/// How many objects the database holds besides extensions (PostgreSQL makes every
/// database with `plpgsql`); `None` when it also has no change log: a new, empty
/// database.
pub async fn objects_if_used(engine: &dyn Engine) -> Result<Option<usize>> {
    let shape = engine.shape().await?;
    let objects = shape
        .objects
        .keys()
        .filter(|k| k.kind != Kind::Extension)
        .count();
    let used = objects > 0 || engine.table_exists(CHANGE_LOG_TABLE).await?;
    Ok(used.then_some(objects))
}
