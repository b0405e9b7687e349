//! dbshape's own tables: the change log (one row per version), the statement journal
//! (one row per executed statement) and the audit log of `repair` and `baseline`.
//!
//! All access goes through these functions with `?` placeholders, so the runner reads
//! the same whether it holds a transaction (PostgreSQL, SQLite) or autocommits (MySQL).
//! The rows that travel as literal SQL inside a version's multi-statement call
//! ([`upsert_sql`], [`journal_sql`], [`batch_tail_sql`]) are written once too: the
//! engine spells what differs (the upsert clause, literals, timestamps, the clock; see
//! [`Engine`]).

use std::collections::BTreeMap;
use std::fmt;

use chrono::{NaiveDateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

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
    /// Applied in full: the version counts toward the schema version.
    Completed,
    /// A statement of the version failed; `repair` removes the row, `migrate` runs it again.
    Failed,
}

impl Status {
    /// The status as stored in the change log and shown: `STARTED`, `COMPLETED` or `FAILED`.
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
    /// The version the row is about.
    pub version: Version,
    /// The order in which versions were first recorded, from 1; a version run again keeps its
    /// rank.
    pub installed_rank: i64,
    /// The version's description (the first comment line of its SQL), or for a baselined
    /// version `<< baseline >>` and that description.
    pub description: String,
    /// The checksum of the version's files (SHA-256, hex) when it was applied.
    pub checksum: String,
    /// Where the version's last run stands.
    pub status: Status,
    /// When the version's last run started, UTC.
    pub installed_on: NaiveDateTime,
    /// Milliseconds the version's last run took; 0 for a baselined version.
    pub execution_ms: i64,
    /// The database user that ran it, as the server names it.
    pub installed_by: String,
    /// The version of the dbshape that ran it.
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

/// The columns of `dbshape_change_log`, its primary key first.
const CHANGE_LOG_COLUMNS: &str =
    "version, installed_rank, description, checksum, status, installed_on, \
     execution_ms, installed_by, tool_version";

/// What an upsert replaces in an existing change-log row: everything but the key.
const CHANGE_LOG_UPDATE: [&str; 8] = [
    "installed_rank",
    "description",
    "checksum",
    "status",
    "installed_on",
    "execution_ms",
    "installed_by",
    "tool_version",
];

/// Writes (replaces) the change-log row of a version in ONE statement, so that a crash
/// can never leave the version without its row (a DELETE then INSERT could, on MySQL,
/// where each commits alone, and the next run would lose track of an unfinished run).
pub async fn upsert<C: ConnectionTrait>(
    conn: &C,
    engine: &dyn Engine,
    row: &AppliedVersion,
) -> std::result::Result<(), DbErr> {
    let sql = format!(
        "INSERT INTO {}dbshape_change_log ({CHANGE_LOG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) {}",
        engine.baseline().own,
        engine.upsert_clause("version", &CHANGE_LOG_UPDATE)
    );
    conn.execute_raw(statement(
        conn.get_database_backend(),
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

/// [`upsert`] as literal SQL, to travel inside a multi-statement call.
pub fn upsert_sql(engine: &dyn Engine, r: &AppliedVersion) -> String {
    upsert_sql_timed(engine, r, &r.execution_ms.to_string())
}

/// [`upsert_sql`] with the execution time given as an SQL expression (see
/// [`Engine::elapsed_sql`]).
pub fn upsert_sql_timed(engine: &dyn Engine, r: &AppliedVersion, execution_ms: &str) -> String {
    let t = |s: &str| engine.text_literal(s);
    format!(
        "INSERT INTO {}dbshape_change_log ({CHANGE_LOG_COLUMNS}) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}) {}",
        engine.baseline().own,
        t(&r.version.to_string()),
        r.installed_rank,
        t(&r.description),
        t(&r.checksum),
        t(r.status.as_str()),
        engine.timestamp_literal(r.installed_on),
        execution_ms,
        t(&r.installed_by),
        t(&r.tool_version),
        engine.upsert_clause("version", &CHANGE_LOG_UPDATE),
    )
}

/// The journal rows `rows` (file, statement index, statement checksum) of one version
/// as literal SQL: `INSERT`s of up to 500 rows, separated by `;` and a new line, with
/// no `;` after the last; stamped with [`Engine::now_sql`].
pub fn journal_sql(
    engine: &dyn Engine,
    version: &Version,
    rows: &[(String, i64, String)],
) -> String {
    let now = engine.now_sql();
    let v = engine.text_literal(&version.to_string());
    rows.chunks(500)
        .map(|chunk| {
            let values: Vec<String> = chunk
                .iter()
                .map(|(file, index, sum)| {
                    format!(
                        "({v}, {}, {index}, {}, {now})",
                        engine.text_literal(file),
                        engine.text_literal(sum)
                    )
                })
                .collect();
            format!(
                "INSERT INTO {}dbshape_statement_log (version, file, statement_index, statement_checksum, executed_at) VALUES {}",
                engine.baseline().own,
                values.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(";\n")
}

/// The journal rows and, when `row` is given, the change-log upsert with its execution
/// time as an SQL expression, as literal SQL to end a version's batch (one round trip
/// for a whole version), each statement ended by `;` and a new line.
pub fn batch_tail_sql(
    engine: &dyn Engine,
    version: &Version,
    rows: &[(String, i64, String)],
    row: Option<(&AppliedVersion, &str)>,
) -> String {
    let mut sql = journal_sql(engine, version, rows);
    if !sql.is_empty() {
        sql.push_str(";\n");
    }
    if let Some((r, execution_ms)) = row {
        sql.push_str(&upsert_sql_timed(engine, r, execution_ms));
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
pub async fn read_restore_mark(engine: &dyn Engine) -> Result<Option<(String, String)>> {
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
        .map_err(|e| ctx(engine, "cannot read the restore mark", e))?;
    match row {
        Some(r) => {
            let dump: String = r
                .try_get_by_index(0)
                .map_err(|e| ctx(engine, "cannot read the restore mark", e))?;
            let at: NaiveDateTime = r
                .try_get_by_index(1)
                .map_err(|e| ctx(engine, "cannot read the restore mark", e))?;
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
pub async fn set_restore_mark(
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
pub async fn refuse_if_restore_marked(engine: &dyn Engine) -> Result<()> {
    if let Some((dump, at)) = read_restore_mark(engine).await? {
        return Err(Error::Integrity(format!(
            "database {} is incomplete: a restore of {dump} started at {at} has not finished (it is still \
             running, or it was interrupted); once no restore runs, run `dbshape restore` with that dump again \
             to complete it (or `dbshape drop-create` to start over)",
            engine.url().redacted()
        )));
    }
    Ok(())
}
