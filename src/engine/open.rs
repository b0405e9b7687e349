//! Opening the data path of each engine: the snapshot reader a backup reads through,
//! the restore target a restore loads into, and what a restore must know of the engine
//! before it opens them.
//!
//! `backup` and `restore` are written once, over the [`SnapshotReader`] and
//! [`RestoreTarget`] traits; the choice of the engine's implementation, and the two
//! engine differences that decide how a restore begins, are answered here so that the
//! operations never branch on the dialect:
//!
//! - the order in which the migration session and the restore target connect
//!   ([`restore_sessions`]);
//! - whether the whole load is one transaction ([`loads_in_one_transaction`]).

use crate::config::Settings;
use crate::dialect::Dialect;
use crate::dump::snapshot::SnapshotReader;
use crate::dump::target::RestoreTarget;
use crate::error::Result;

use super::Engine;

/// Opens the engine's snapshot reader (see [`SnapshotReader`]).
pub async fn snapshot_reader(settings: &Settings) -> Result<Box<dyn SnapshotReader>> {
    Ok(match settings.url.dialect() {
        #[cfg(feature = "postgres")]
        Dialect::Postgres => {
            Box::new(super::postgres_snapshot::PostgresSnapshot::open(settings).await?)
        }
        #[cfg(feature = "mysql")]
        Dialect::Mysql => Box::new(super::mysql_snapshot::MysqlSnapshot::open(settings).await?),
        #[cfg(feature = "sqlite")]
        Dialect::Sqlite => Box::new(super::sqlite_snapshot::SqliteSnapshot::open(settings).await?),
        #[allow(unreachable_patterns)] // every engine built in
        other => return Err(super::not_built(other)),
    })
}

/// Opens the engine's restore target (see [`RestoreTarget`]).
pub async fn restore_target(settings: &Settings) -> Result<Box<dyn RestoreTarget>> {
    Ok(match settings.url.dialect() {
        #[cfg(feature = "postgres")]
        Dialect::Postgres => {
            Box::new(super::postgres_restore::PostgresRestore::open(settings).await?)
        }
        #[cfg(feature = "mysql")]
        Dialect::Mysql => Box::new(super::mysql_restore::MysqlRestore::open(settings).await?),
        #[cfg(feature = "sqlite")]
        Dialect::Sqlite => Box::new(super::sqlite_restore::SqliteRestore::open(settings).await?),
        #[allow(unreachable_patterns)] // every engine built in
        other => return Err(super::not_built(other)),
    })
}

/// Connects the migration session and opens the restore target of a restore, both
/// without writing anything, and returns each outcome (the caller decides which error
/// to report first).
///
/// On PostgreSQL and MySQL the two are separate server sessions and connect at the same
/// time, which hides one handshake behind the other. A SQLite database is one file:
/// the migration session creates it when it is missing (sqlx's `create_if_missing`,
/// see `engine::sqlite`), and the restore target opens that file for writing without
/// creating it, so it connects after the migration session.
pub async fn restore_sessions(
    settings: &Settings,
) -> (Result<Box<dyn Engine>>, Result<Box<dyn RestoreTarget>>) {
    match settings.url.dialect() {
        Dialect::Sqlite => {
            let engine = super::connect(settings).await;
            (engine, restore_target(settings).await)
        }
        Dialect::Postgres | Dialect::Mysql => {
            tokio::join!(super::connect(settings), restore_target(settings))
        }
    }
}

/// Whether the engine's restore target loads everything in ONE transaction, so that a
/// failure, a damaged row or a kill rolls the whole load back and leaves the database
/// exactly as it was.
///
/// - PostgreSQL: yes. Its DDL is transactional
///   (<https://wiki.postgresql.org/wiki/Transactional_DDL_in_PostgreSQL:_A_Competitive_Analysis>),
///   so the dropped foreign keys and indexes, the disabled triggers and the rows all go
///   in one transaction (see `engine::postgres_restore`).
/// - SQLite: yes, one `BEGIN IMMEDIATE` transaction; its DDL is transactional too
///   (see `engine::sqlite_restore`).
/// - MySQL / MariaDB: no. DDL commits implicitly
///   (<https://mariadb.com/kb/en/sql-statements-that-cause-an-implicit-commit/>), so
///   the load is made all or nothing by the restore mark instead (see
///   `engine::mysql_restore`).
///
/// A restore uses this to check the dump only while it loads, without a restore mark,
/// when nothing is committed before the load (see `restore`).
pub fn loads_in_one_transaction(dialect: Dialect) -> bool {
    match dialect {
        Dialect::Postgres | Dialect::Sqlite => true,
        Dialect::Mysql => false,
    }
}
