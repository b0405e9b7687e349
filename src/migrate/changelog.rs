//! dbshape's own tables: the change log (one row per version), the statement journal
//! (one row per executed statement) and the audit log of `repair` and `baseline`.
//!
//! All access goes through these functions with `?` placeholders, so the runner reads
//! the same whether it holds a transaction (PostgreSQL, SQLite) or autocommits (MySQL).

use std::collections::BTreeMap;
use std::fmt;

use chrono::{NaiveDateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryResult, Value};

use crate::engine::{statement, Engine, CHANGE_LOG_TABLE, STATEMENT_LOG_TABLE};
use crate::error::{Error, Result};
use crate::version::Version;

/// Status of a change-log row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// Written before a version that cannot run in one transaction; still there means
    /// the run died part-way and the next `migrate` resumes it.
    Started,
    Completed,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Started => "STARTED",
            Status::Completed => "COMPLETED",
            Status::Failed => "FAILED",
        }
    }

    fn parse(s: &str) -> Option<Status> {
        match s {
            "STARTED" => Some(Status::Started),
            "COMPLETED" => Some(Status::Completed),
            "FAILED" => Some(Status::Failed),
            _ => None,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of `dbshape_change_log`.
#[derive(Debug, Clone)]
pub struct AppliedVersion {
    pub version: Version,
    pub installed_rank: i64,
    pub description: String,
    pub checksum: String,
    pub status: Status,
    pub installed_on: NaiveDateTime,
    pub execution_ms: i64,
    pub installed_by: String,
    pub tool_version: String,
}

fn ctx(engine: &dyn Engine, what: &str, e: DbErr) -> Error {
    crate::engine::db_error(engine, what, &e)
}

/// Creates dbshape's tables if they are missing. Run only while holding the lock.
/// One call for all of them: each is a no-op once the tables exist.
pub async fn ensure_tables(engine: &dyn Engine) -> Result<()> {
    engine
        .db()
        .execute_unprepared(&engine.own_tables_ddl().join(";\n"))
        .await
        .map_err(|e| ctx(engine, "cannot create dbshape's change-log tables", e))?;
    Ok(())
}

/// Reads the change log; an absent table is an empty log (a database dbshape never saw).
pub async fn read(engine: &dyn Engine) -> Result<Vec<AppliedVersion>> {
    if !engine.table_exists(CHANGE_LOG_TABLE).await? {
        return Ok(Vec::new());
    }
    let rows = engine
        .db()
        .query_all_raw(engine.stmt(
            &format!(
                "SELECT version, installed_rank, description, checksum, status, installed_on, \
                 execution_ms, installed_by, tool_version FROM {}",
                engine.own(CHANGE_LOG_TABLE)
            ),
            vec![],
        ))
        .await
        .map_err(|e| ctx(engine, "cannot read the change log", e))?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(parse_row(&row).map_err(|e| ctx(engine, "cannot read the change log", e))?);
    }
    out.sort_by(|a, b| a.version.cmp(&b.version));
    Ok(out)
}

fn parse_row(row: &QueryResult) -> std::result::Result<AppliedVersion, DbErr> {
    let version: String = row.try_get_by_index(0)?;
    let status: String = row.try_get_by_index(4)?;
    let rank: i64 = row
        .try_get_by_index::<i64>(1)
        .or_else(|_| row.try_get_by_index::<i32>(1).map(i64::from))?;
    Ok(AppliedVersion {
        version: Version::parse(&version)
            .map_err(|e| DbErr::Custom(format!("change log holds a bad version: {e}")))?,
        installed_rank: rank,
        description: row.try_get_by_index(2)?,
        checksum: row.try_get_by_index(3)?,
        status: Status::parse(&status).ok_or_else(|| {
            DbErr::Custom(format!(
                "change log row {version} has unknown status `{status}`"
            ))
        })?,
        installed_on: row.try_get_by_index(5)?,
        execution_ms: row.try_get_by_index(6)?,
        installed_by: row.try_get_by_index(7)?,
        tool_version: row.try_get_by_index(8)?,
    })
}

/// Writes (replaces) the change-log row of a version in ONE statement, so that a crash
/// can never leave the version without its row (a DELETE then INSERT could, on MySQL,
/// where each commits alone, and the next run would lose track of an unfinished run).
pub async fn upsert<C: ConnectionTrait>(
    conn: &C,
    own: &str,
    row: &AppliedVersion,
) -> std::result::Result<(), DbErr> {
    let b = conn.get_database_backend();
    let cols = "version, installed_rank, description, checksum, status, installed_on, execution_ms, installed_by, tool_version";
    let update = [
        "installed_rank",
        "description",
        "checksum",
        "status",
        "installed_on",
        "execution_ms",
        "installed_by",
        "tool_version",
    ];
    let sql = match b {
        // https://mariadb.com/kb/en/insert-on-duplicate-key-update/
        DbBackend::MySql => format!(
            "INSERT INTO {own}dbshape_change_log ({cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE {}",
            update.iter().map(|c| format!("{c} = VALUES({c})")).collect::<Vec<_>>().join(", ")
        ),
        // https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT and
        // https://www.sqlite.org/lang_upsert.html share this syntax.
        _ => format!(
            "INSERT INTO {own}dbshape_change_log ({cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (version) DO UPDATE SET {}",
            update.iter().map(|c| format!("{c} = excluded.{c}")).collect::<Vec<_>>().join(", ")
        ),
    };
    conn.execute_raw(statement(
        b,
        &sql,
        vec![
            row.version.to_string().into(),
            (row.installed_rank as i32).into(),
            row.description.clone().into(),
            row.checksum.clone().into(),
            row.status.as_str().into(),
            row.installed_on.into(),
            row.execution_ms.into(),
            row.installed_by.clone().into(),
            row.tool_version.clone().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// A string literal for PostgreSQL (standard conforming strings) and SQLite.
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A MySQL string literal that reads the same whatever the session's `sql_mode`.
pub use crate::dump::literals::mysql::text_literal as mysql_literal;

/// A text literal for the backend.
fn text(backend: DbBackend, s: &str) -> String {
    match backend {
        DbBackend::MySql => mysql_literal(s),
        _ => literal(s),
    }
}

/// [`upsert`] as literal SQL, to travel inside a multi-statement call.
pub fn upsert_sql(backend: DbBackend, own: &str, r: &AppliedVersion) -> String {
    upsert_sql_timed(backend, own, r, &r.execution_ms.to_string())
}

/// The SQL expression of a version's execution time in ms, measured by the database
/// while the call that runs the version's statements ends, so that a row written in
/// the same call as the statements records how long they took:
/// - PostgreSQL: `clock_timestamp()` (now) minus `now()`, the start of the version's
///   transaction (<https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-CURRENT>);
/// - SQLite: `julianday('now')` reads the process's own clock, the one `started_ms`
///   (milliseconds since the Unix epoch when the version started) was read from;
/// - MySQL: `before_ms` measured by the client before the call, plus the call's own
///   time from `@dbshape_t0`, which the call sets first (`SYSDATE(6)` is the time it
///   runs, <https://mariadb.com/kb/en/sysdate/>).
pub fn elapsed_sql(backend: DbBackend, started_ms: i64, before_ms: i64) -> String {
    match backend {
        DbBackend::Postgres => {
            "(EXTRACT(EPOCH FROM clock_timestamp() - now()) * 1000)::bigint".to_string()
        }
        DbBackend::MySql => {
            format!("{before_ms} + TIMESTAMPDIFF(MICROSECOND, @dbshape_t0, SYSDATE(6)) DIV 1000")
        }
        _ => format!(
            "MAX(0, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) - {started_ms})"
        ),
    }
}

/// [`upsert_sql`] with the execution time given as an SQL expression (see
/// [`elapsed_sql`]).
pub fn upsert_sql_timed(
    backend: DbBackend,
    own: &str,
    r: &AppliedVersion,
    execution_ms: &str,
) -> String {
    let t = |s: &str| text(backend, s);
    // DATETIME(3) on MySQL, microseconds elsewhere: the precision of the column.
    let on = match backend {
        DbBackend::MySql => r.installed_on.format("%Y-%m-%d %H:%M:%S%.3f"),
        _ => r.installed_on.format("%Y-%m-%d %H:%M:%S%.6f"),
    };
    let update = match backend {
        DbBackend::MySql => "ON DUPLICATE KEY UPDATE installed_rank = VALUES(installed_rank), \
             description = VALUES(description), checksum = VALUES(checksum), status = VALUES(status), \
             installed_on = VALUES(installed_on), execution_ms = VALUES(execution_ms), \
             installed_by = VALUES(installed_by), tool_version = VALUES(tool_version)",
        _ => "ON CONFLICT (version) DO UPDATE SET installed_rank = excluded.installed_rank, \
             description = excluded.description, checksum = excluded.checksum, status = excluded.status, \
             installed_on = excluded.installed_on, execution_ms = excluded.execution_ms, \
             installed_by = excluded.installed_by, tool_version = excluded.tool_version",
    };
    format!(
        "INSERT INTO {own}dbshape_change_log (version, installed_rank, description, checksum, status, installed_on, \
         execution_ms, installed_by, tool_version) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}) {update}",
        t(&r.version.to_string()),
        r.installed_rank,
        t(&r.description),
        t(&r.checksum),
        t(r.status.as_str()),
        t(&on.to_string()),
        execution_ms,
        t(&r.installed_by),
        t(&r.tool_version),
    )
}

/// One journal row as literal SQL (MySQL: stamped by the server's clock, as a row
/// written by [`journal`] would be by the client's; both are UTC).
pub fn journal_sql(
    backend: DbBackend,
    own: &str,
    version: &Version,
    file: &str,
    index: i64,
    checksum: &str,
) -> String {
    let now = match backend {
        DbBackend::MySql => "UTC_TIMESTAMP(3)".to_string(),
        _ => literal(
            &Utc::now()
                .naive_utc()
                .format("%Y-%m-%d %H:%M:%S%.6f")
                .to_string(),
        ),
    };
    format!(
        "INSERT INTO {own}dbshape_statement_log (version, file, statement_index, statement_checksum, executed_at) \
         VALUES ({}, {}, {index}, {}, {now})",
        text(backend, &version.to_string()),
        text(backend, file),
        text(backend, checksum)
    )
}

/// The journal rows and, when `row` is given, the change-log upsert, as literal SQL to
/// append to a PostgreSQL or SQLite batch (one round trip for a whole version).
pub fn batch_tail_sql(
    backend: DbBackend,
    own: &str,
    version: &Version,
    rows: &[(String, i64, String)],
    row: Option<(&AppliedVersion, &str)>,
) -> String {
    let now = literal(
        &Utc::now()
            .naive_utc()
            .format("%Y-%m-%d %H:%M:%S%.6f")
            .to_string(),
    );
    let v = literal(&version.to_string());
    let mut sql = String::new();
    for chunk in rows.chunks(500) {
        sql.push_str(&format!("INSERT INTO {own}dbshape_statement_log (version, file, statement_index, statement_checksum, executed_at) VALUES "));
        let values: Vec<String> = chunk
            .iter()
            .map(|(file, index, sum)| {
                format!("({v}, {}, {index}, {}, {now})", literal(file), literal(sum))
            })
            .collect();
        sql.push_str(&values.join(", "));
        sql.push_str(";\n");
    }
    if let Some((r, execution_ms)) = row {
        sql.push_str(&upsert_sql_timed(backend, own, r, execution_ms));
        sql.push_str(";\n");
    }
    sql
}

/// Deletes the change-log row of a version.
pub async fn delete<C: ConnectionTrait>(
    conn: &C,
    own: &str,
    version: &Version,
) -> std::result::Result<(), DbErr> {
    let b = conn.get_database_backend();
    conn.execute_raw(statement(
        b,
        &format!("DELETE FROM {own}dbshape_change_log WHERE version = ?"),
        vec![version.to_string().into()],
    ))
    .await?;
    Ok(())
}

/// The next installed rank.
pub async fn next_rank<C: ConnectionTrait>(conn: &C, own: &str) -> std::result::Result<i64, DbErr> {
    let b = conn.get_database_backend();
    let row = conn
        .query_one_raw(statement(
            b,
            &format!("SELECT CAST(COALESCE(MAX(installed_rank), 0) + 1 AS CHAR(20)) FROM {own}dbshape_change_log"),
            vec![],
        ))
        .await?;
    let text: Option<String> = match row {
        Some(r) => r.try_get_by_index(0)?,
        None => None,
    };
    Ok(text.and_then(|t| t.trim().parse().ok()).unwrap_or(1))
}

/// Journal key: (file/step name, statement index starting at 1).
pub type JournalKey = (String, i64);

/// The journaled statements of every version that is not COMPLETED, by version: the
/// work of unfinished runs that the next run must not repeat. One query for all.
pub async fn read_open_journals(
    engine: &dyn Engine,
) -> Result<BTreeMap<String, BTreeMap<JournalKey, String>>> {
    if !engine.table_exists(STATEMENT_LOG_TABLE).await? {
        return Ok(BTreeMap::new());
    }
    let rows = engine
        .db()
        .query_all_raw(engine.stmt(
            &format!(
                "SELECT version, file, statement_index, statement_checksum FROM {} \
                 WHERE version NOT IN (SELECT version FROM {} WHERE status = 'COMPLETED')",
                engine.own(STATEMENT_LOG_TABLE),
                engine.own(CHANGE_LOG_TABLE)
            ),
            vec![],
        ))
        .await
        .map_err(|e| ctx(engine, "cannot read the statement journal", e))?;
    let mut out: BTreeMap<String, BTreeMap<JournalKey, String>> = BTreeMap::new();
    for row in rows {
        let get = |e| ctx(engine, "cannot read the statement journal", e);
        let version: String = row.try_get_by_index(0).map_err(get)?;
        let file: String = row.try_get_by_index(1).map_err(get)?;
        let idx: i64 = row
            .try_get_by_index::<i64>(2)
            .or_else(|_| row.try_get_by_index::<i32>(2).map(i64::from))
            .map_err(get)?;
        let sum: String = row.try_get_by_index(3).map_err(get)?;
        out.entry(version).or_default().insert((file, idx), sum);
    }
    Ok(out)
}

/// The journaled statements of one version, with their checksums.
pub async fn read_journal(
    engine: &dyn Engine,
    version: &Version,
) -> Result<BTreeMap<JournalKey, String>> {
    Ok(read_open_journals(engine)
        .await?
        .remove(&version.to_string())
        .unwrap_or_default())
}

/// Journals one executed statement.
pub async fn journal<C: ConnectionTrait>(
    conn: &C,
    own: &str,
    version: &Version,
    file: &str,
    index: i64,
    checksum: &str,
) -> std::result::Result<(), DbErr> {
    let b = conn.get_database_backend();
    conn.execute_raw(statement(
        b,
        &format!("INSERT INTO {own}dbshape_statement_log (version, file, statement_index, statement_checksum, executed_at) \
         VALUES (?, ?, ?, ?, ?)"),
        vec![
            version.to_string().into(),
            file.into(),
            (index as i32).into(),
            checksum.into(),
            Utc::now().naive_utc().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Forgets the journal of a version.
pub async fn clear_journal<C: ConnectionTrait>(
    conn: &C,
    own: &str,
    version: &Version,
) -> std::result::Result<(), DbErr> {
    let b = conn.get_database_backend();
    conn.execute_raw(statement(
        b,
        &format!("DELETE FROM {own}dbshape_statement_log WHERE version = ?"),
        vec![version.to_string().into()],
    ))
    .await?;
    Ok(())
}

/// Forgets the journal of one file of a version.
pub async fn clear_journal_file<C: ConnectionTrait>(
    conn: &C,
    own: &str,
    version: &Version,
    file: &str,
) -> std::result::Result<(), DbErr> {
    let b = conn.get_database_backend();
    conn.execute_raw(statement(
        b,
        &format!("DELETE FROM {own}dbshape_statement_log WHERE version = ? AND file = ?"),
        vec![version.to_string().into(), file.into()],
    ))
    .await?;
    Ok(())
}

/// Records a `repair` or `baseline` action in the audit log.
pub async fn audit<C: ConnectionTrait>(
    conn: &C,
    own: &str,
    action: &str,
    version: Option<&Version>,
    detail: &str,
    by: &str,
) -> std::result::Result<(), DbErr> {
    let b = conn.get_database_backend();
    conn.execute_raw(statement(
        b,
        &format!("INSERT INTO {own}dbshape_audit_log (performed_at, action, version, detail, performed_by) VALUES (?, ?, ?, ?, ?)"),
        vec![
            Utc::now().naive_utc().into(),
            action.into(),
            Value::String(version.map(|v| v.to_string())),
            detail.into(),
            by.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// The mark of a restore that has not finished: (dump, started at), if any.
pub async fn restore_marker(engine: &dyn Engine) -> Result<Option<(String, String)>> {
    if !engine
        .table_exists(crate::engine::RESTORE_STATE_TABLE)
        .await?
    {
        return Ok(None);
    }
    let row = engine
        .db()
        .query_one_raw(engine.stmt(
            &format!(
                "SELECT dump, started_at FROM {} WHERE id = 1",
                engine.own(crate::engine::RESTORE_STATE_TABLE)
            ),
            vec![],
        ))
        .await
        .map_err(|e| ctx(engine, "cannot read the restore state", e))?;
    match row {
        Some(r) => {
            let dump: String = r
                .try_get_by_index(0)
                .map_err(|e| ctx(engine, "cannot read the restore state", e))?;
            let at: NaiveDateTime = r
                .try_get_by_index(1)
                .map_err(|e| ctx(engine, "cannot read the restore state", e))?;
            Ok(Some((
                dump,
                at.and_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            )))
        }
        None => Ok(None),
    }
}

/// Marks the database as being restored from `dump` (committed at once, before any
/// other write of the restore).
pub async fn mark_restore(
    engine: &dyn Engine,
    dump: &str,
    schema_version: Option<&str>,
) -> Result<()> {
    engine
        .db()
        .execute_raw(engine.stmt(
            &format!(
                "INSERT INTO {} (id, dump, schema_version, started_at, host, pid) VALUES (1, ?, ?, ?, ?, ?)",
                engine.own(crate::engine::RESTORE_STATE_TABLE)
            ),
            vec![
                dump.chars().take(1000).collect::<String>().into(),
                Value::String(schema_version.map(str::to_string)),
                Utc::now().naive_utc().into(),
                gethostname::gethostname().to_string_lossy().into_owned().into(),
                i64::from(std::process::id()).into(),
            ],
        ))
        .await
        .map_err(|e| ctx(engine, "cannot mark the database as being restored", e))?;
    Ok(())
}

/// Refuses a database whose restore did not finish.
pub async fn refuse_if_incomplete(engine: &dyn Engine) -> Result<()> {
    if let Some((dump, at)) = restore_marker(engine).await? {
        return Err(Error::Integrity(format!(
            "database {} is incomplete: a restore of {dump} started at {at} has not finished (it is still \
             running, or it was interrupted); once no restore runs, run `dbshape restore` with that dump again \
             to complete it (or `dbshape drop-create` to start over)",
            engine.url().redacted()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards: MySQL literals mean the same with and without `NO_BACKSLASH_ESCAPES`.
    #[test]
    fn mysql_literal_never_depends_on_backslash_escapes() {
        assert_eq!(mysql_literal("1.2.0"), "'1.2.0'");
        assert_eq!(mysql_literal("it's"), "'it''s'");
        assert_eq!(mysql_literal("a\\b"), "_utf8mb4 X'615c62'");
        assert_eq!(mysql_literal("nul\0"), "_utf8mb4 X'6e756c00'");
    }
}
