//! One version on its way to the database: what every path that applies it shares
//! (the run's context, the version with its change-log row, its steps split into
//! statements), the change-log row it starts with, and where a failure happened.

use std::fmt;
use std::time::Instant;

use chrono::Utc;
use sea_orm::DbErr;

use crate::engine::failure_class::classify;
use crate::engine::{describe_db_err, scrub, Engine};
use crate::error::FailureClass;
use crate::error::Result;
use crate::migrate::changelog::{AppliedVersion, Status};
use crate::migrate::control::may_change_session;
use crate::migrate::report::MigrateObserver;
use crate::migrate::set::{MigrationSet, Step, VersionMigration};
use crate::migrate::splitter::Statement;
use crate::version::Version;

/// A step of a version with its statements, as split for the engine's dialect.
pub(super) type Prepared<'a> = (&'a Step, Vec<Statement>);

/// What every version of one run works with.
pub(super) struct Context<'a> {
    pub(super) engine: &'a dyn Engine,
    pub(super) set: &'a MigrationSet,
    pub(super) observer: &'a dyn MigrateObserver,
    /// Recorded as `installed_by` in the change-log rows of the run.
    pub(super) installed_by: String,
}

/// A pending version and its change-log row, if an earlier run left one.
#[derive(Clone, Copy)]
pub(super) struct Pending<'a> {
    pub(super) vm: &'a VersionMigration,
    pub(super) row: Option<&'a AppliedVersion>,
}

/// One version on its way to the database: what every path that runs it needs.
pub(super) struct Job<'a> {
    pub(super) vm: &'a VersionMigration,
    /// Its steps, split into statements.
    pub(super) steps: &'a [Prepared<'a>],
    /// When the version started, for its execution time.
    pub(super) started: Instant,
    /// Whether a statement of the version may change its session (see
    /// [`may_change_session`]), so that the session is reset after it.
    pub(super) changes_session: bool,
}

/// Where a statement (or Rust step, number 1) is, as the fault points name it:
/// `VERSION/FILE#N`, `N` its journaled number (see [`crate::fault`]).
pub(super) struct StatementAt<'a>(pub(super) &'a Version, pub(super) &'a str, pub(super) usize);

impl fmt::Display for StatementAt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}#{}", self.0, self.1, self.2)
    }
}

/// Where a failure happened, for the error message.
pub(super) struct Failure {
    pub(super) file: String,
    pub(super) index: usize,
    pub(super) line: usize,
    pub(super) statement: String,
    pub(super) message: String,
    pub(super) class: FailureClass,
}

/// A failure of dbshape's own work around the statements (`BEGIN`, the change log).
pub(super) fn fail_plain(engine: &dyn Engine, what: &str, e: &DbErr) -> Failure {
    Failure::db(engine, format!("({what})"), 0, 0, String::new(), e)
}

impl Failure {
    /// A database error at statement `index` (line `line`) of `file`: its message in
    /// dbshape's words without the URL's password, and its class for the advice.
    pub(super) fn db(
        engine: &dyn Engine,
        file: String,
        index: usize,
        line: usize,
        statement: String,
        e: &DbErr,
    ) -> Failure {
        Failure {
            file,
            index,
            line,
            statement,
            message: scrub(&describe_db_err(e), engine.url()),
            class: classify(e),
        }
    }
}

/// The version's steps, each split into statements for the set's dialect.
pub(super) fn prepare<'a>(
    set: &MigrationSet,
    vm: &'a VersionMigration,
) -> Result<Vec<Prepared<'a>>> {
    vm.steps
        .iter()
        .map(|step| Ok((step, step.statements(set.dialect)?)))
        .collect()
}

/// The change-log row of a version about to run; a new version takes the next rank
/// (the lock is held: ranks handed out here are not taken by anyone else).
pub(super) fn new_record(
    pending: Pending<'_>,
    installed_by: &str,
    next_rank: &mut i64,
) -> AppliedVersion {
    let vm = pending.vm;
    let installed_rank = match pending.row {
        Some(r) => r.installed_rank,
        None => {
            *next_rank += 1;
            *next_rank - 1
        }
    };
    AppliedVersion {
        version: vm.version.clone(),
        installed_rank,
        description: vm.description.clone(),
        checksum: vm.checksum.clone(),
        status: Status::Started,
        installed_on: Utc::now().naive_utc(),
        execution_ms: 0,
        installed_by: installed_by.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// Whether a statement of `steps` may change the session (see [`may_change_session`]).
pub(super) fn changes_session(steps: &[Prepared<'_>]) -> bool {
    steps
        .iter()
        .any(|(_, sts)| sts.iter().any(|st| may_change_session(&st.sql)))
}
