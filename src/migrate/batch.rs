//! The text of one call that carries a run of a version's statements together with its
//! bookkeeping: the statements, the session reset when they may have changed the
//! session, their journal rows and, when the call ends the version, its change-log
//! row. One round trip instead of one per statement; the engine stops at the first
//! error, so a failed call leaves nothing journaled that did not run (inside the
//! caller's transaction, it leaves nothing at all).

use std::time::Instant;

use crate::engine::Engine;
use crate::migrate::changelog::{self, AppliedVersion};
use crate::migrate::classify::is_ddl;
use crate::migrate::job::Prepared;
use crate::migrate::set::{statement_checksum, Step};
use crate::migrate::splitter::Statement;
use crate::version::Version;

/// One call's SQL and how many of the version's statements it runs.
pub(super) struct Batch {
    pub(super) sql: String,
    pub(super) statements: usize,
}

impl Batch {
    /// The statements of `steps`, then the engine's session reset when `reset`, then
    /// their journal rows and, when `record` is given, the change-log row, its
    /// execution time measured from `started` by the database (see
    /// [`Engine::elapsed_sql`]). Every statement ends with `;` and a new line.
    pub(super) fn new(
        engine: &dyn Engine,
        version: &Version,
        steps: &[Prepared<'_>],
        reset: bool,
        record: Option<&AppliedVersion>,
        started: Instant,
    ) -> Batch {
        let mut sql = String::new();
        let mut rows = Vec::new();
        for (step, statements) in steps {
            for st in statements {
                sql.push_str(&st.terminated());
                sql.push('\n');
                rows.push((
                    step.name.clone(),
                    st.index as i64,
                    statement_checksum(&st.sql),
                ));
            }
        }
        let elapsed = engine.elapsed_sql(started);
        // After the statements, before dbshape's own rows (see `crate::engine::baseline`).
        let session_reset = &engine.baseline().reset;
        if reset && !session_reset.is_empty() {
            sql.push_str(session_reset);
            sql.push_str(";\n");
        }
        sql.push_str(&changelog::batch_tail_sql(
            engine,
            version,
            &rows,
            record.map(|r| (r, elapsed.as_str())),
        ));
        Batch {
            sql,
            statements: rows.len(),
        }
    }
}

/// The end of a version, carried by the call of its last statement: its `COMPLETED`
/// row, timed from `started`, and the next version's `STARTED` row, if any.
pub(super) struct VersionEnd<'a> {
    pub(super) record: &'a AppliedVersion,
    pub(super) started: Instant,
    pub(super) next: Option<&'a AppliedVersion>,
}

/// Engines whose DDL commits at once: ONE statement with its journal row as one call.
/// A DML statement and its journal row share a transaction; a DDL statement commits on
/// its own anyway (wrapping it would only cost round trips), and its journal row
/// follows in the same call. The server stops the call at its first error, so a failed
/// statement is never journaled.
///
/// `started`: the version's `STARTED` row, written before the statement (inside the
/// transaction of a DML statement, committed on its own before a DDL statement).
/// `end`: this is the version's last statement; its journal row, the `COMPLETED` row
/// and the next version's `STARTED` row commit together, and the call measures its own
/// time (see [`Engine::elapsed_clock_start`]).
pub(super) fn statement_call(
    engine: &dyn Engine,
    version: &Version,
    step: &Step,
    st: &Statement,
    started: Option<&AppliedVersion>,
    end: Option<VersionEnd<'_>>,
) -> String {
    let begin = engine.begin_sql();
    let journal_row = changelog::journal_sql(
        engine,
        version,
        &[(
            step.name.clone(),
            st.index as i64,
            statement_checksum(&st.sql),
        )],
    );
    let ddl = is_ddl(&st.sql);
    let mut call = String::new();
    if let Some(clock) = end.as_ref().and(engine.elapsed_clock_start()) {
        call.push_str(clock);
        call.push_str(";\n");
    }
    if !ddl {
        call.push_str(begin);
        call.push_str(";\n");
    }
    if let Some(r) = started {
        call.push_str(&changelog::upsert_sql(engine, r));
        call.push_str(";\n");
    }
    call.push_str(&st.terminated());
    call.push('\n');
    match end {
        Some(end) => {
            let elapsed = engine.elapsed_sql(end.started);
            if ddl {
                call.push_str(begin);
                call.push_str(";\n");
            }
            call.push_str(&journal_row);
            call.push_str(";\n");
            call.push_str(&changelog::upsert_sql_timed(engine, end.record, &elapsed));
            if let Some(n) = end.next {
                call.push_str(";\n");
                call.push_str(&changelog::upsert_sql(engine, n));
            }
            call.push_str(";\nCOMMIT");
        }
        None if ddl => call.push_str(&journal_row),
        None => {
            call.push_str(&journal_row);
            call.push_str(";\nCOMMIT");
        }
    }
    call
}
