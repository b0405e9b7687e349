//! What `migrate` reports: the progress callbacks the CLI draws from while it runs
//! (the library never prints), and the report of what it applied or, in a dry run,
//! would run. Kept apart from the runner so that the CLI, `restore`, `upgrade` and
//! `demo` read the same types without depending on how versions are applied.

use serde::Serialize;

use crate::migrate::lock::LockHolder;
use crate::migrate::set::VersionMigration;
use crate::migrate::splitter::Statement;
use crate::version::Version;

/// Progress callbacks; the library never prints, the CLI draws from these.
pub trait MigrateObserver: Send + Sync {
    /// Another process holds the lock (called again when the holder changes).
    fn lock_waiting(&self, _holder: Option<&LockHolder>) {}
    /// A version starts; `statements` counts its statements and Rust steps, `skipped`
    /// those already journaled by an earlier, unfinished run.
    fn version_started(&self, _version: &VersionMigration, _statements: usize, _skipped: usize) {}
    /// One statement (or Rust step) finished.
    fn statement_done(&self) {}
    /// One call carrying `statements` statements of the version was sent: nothing
    /// reports progress until it returns (then `statement_done` follows for each).
    fn batch_sent(&self, _statements: usize) {}
    /// The version's statements ran in a transaction left open for the versions after
    /// it to join (SQLite's version groups, see `runner::Group`); `version_done` follows
    /// at the commit.
    fn version_ran(&self, _version: &Version, _ms: u64) {}
    /// A version is recorded as completed (committed).
    fn version_done(&self, _version: &Version, _ms: u64) {}
    /// A transaction-control statement of a file will not be sent (see
    /// [`control`](crate::migrate::control)); called for every pending file before the
    /// run starts.
    fn statement_elided(&self, _file: &str, _statement: &Statement) {}
}

/// The observer that ignores everything: of a migration here, and of a backup and a
/// restore where those observers are defined.
pub struct Quiet;
impl MigrateObserver for Quiet {}

/// One applied version in a report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AppliedReport {
    pub version: String,
    pub description: String,
    pub execution_ms: u64,
    pub statements: usize,
    /// Statements skipped because an earlier, unfinished run had already executed them.
    pub resumed_after: usize,
}

/// One statement or step of a dry run.
#[derive(Debug, Clone, Serialize)]
pub struct DryRunStep {
    pub file: String,
    pub no_transaction: bool,
    /// `None` for a Rust step (compiled code, no SQL to show).
    pub statements: Option<Vec<String>>,
    /// The file's own transaction control, which dbshape does not send.
    pub elided: Vec<ElidedStatement>,
}

/// A transaction-control statement of a file that dbshape does not send.
#[derive(Debug, Clone, Serialize)]
pub struct ElidedStatement {
    pub line: usize,
    pub statement: String,
}

/// One version of a dry run.
#[derive(Debug, Clone, Serialize)]
pub struct DryRunVersion {
    pub version: String,
    pub description: String,
    pub steps: Vec<DryRunStep>,
}

/// The outcome of `migrate`.
#[derive(Debug, Clone, Serialize)]
pub struct MigrateReport {
    pub dialect: String,
    pub dry_run: bool,
    pub schema_version_before: Option<String>,
    pub schema_version: Option<String>,
    pub server_version: Option<String>,
    pub target: Option<String>,
    pub applied: Vec<AppliedReport>,
    /// The SQL that would run (dry run only).
    pub plan: Vec<DryRunVersion>,
    /// Wall time of the whole command's migration, lock wait included, as the other
    /// reports give it.
    pub duration_ms: u64,
}
