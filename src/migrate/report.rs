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
    /// The version applied.
    pub version: String,
    /// Its description (the first comment line of its SQL).
    pub description: String,
    /// Milliseconds this run of the version took.
    pub execution_ms: u64,
    /// Statements and Rust steps this run executed (those skipped are not counted).
    pub statements: usize,
    /// Statements skipped because an earlier, unfinished run had already executed them.
    pub resumed_after: usize,
}

/// One statement or step of a dry run.
#[derive(Debug, Clone, Serialize)]
pub struct DryRunStep {
    /// The file, e.g. `1.2.0/postgres/schemaChanges.sql`, or `1.1.0 Rust migration NAME`
    /// for a Rust step.
    pub file: String,
    /// Whether the file runs outside a transaction (`-- dbshape:no-transaction`).
    pub no_transaction: bool,
    /// `None` for a Rust step (compiled code, no SQL to show).
    pub statements: Option<Vec<String>>,
    /// The file's own transaction control, which dbshape does not send.
    pub elided: Vec<ElidedStatement>,
}

/// A transaction-control statement of a file that dbshape does not send.
#[derive(Debug, Clone, Serialize)]
pub struct ElidedStatement {
    /// The 1-based line of the file where the statement is.
    pub line: usize,
    /// The statement as written in the file.
    pub statement: String,
}

/// One version of a dry run.
#[derive(Debug, Clone, Serialize)]
pub struct DryRunVersion {
    /// The version that would run.
    pub version: String,
    /// Its description (the first comment line of its SQL).
    pub description: String,
    /// Its files and Rust steps, in the order they would run.
    pub steps: Vec<DryRunStep>,
}

/// The outcome of `migrate`.
#[derive(Debug, Clone, Serialize)]
pub struct MigrateReport {
    /// The database's dialect: `postgres`, `mysql` or `sqlite`.
    pub dialect: String,
    /// Whether this was a dry run (`--dry-run`), which changes nothing.
    pub dry_run: bool,
    /// The schema version when the command started; `None` for a database dbshape never
    /// migrated.
    pub schema_version_before: Option<String>,
    /// The schema version at the end (unchanged by a dry run).
    pub schema_version: Option<String>,
    /// The highest version of the migration set; `None` for an empty set.
    pub server_version: Option<String>,
    /// The version migrated to: `--to`, else the server version.
    pub target: Option<String>,
    /// The versions this run applied, in order; empty for a dry run.
    pub applied: Vec<AppliedReport>,
    /// The SQL that would run (dry run only).
    pub plan: Vec<DryRunVersion>,
    /// Wall time of the whole command's migration, lock wait included, as the other
    /// reports give it.
    pub duration_ms: u64,
}
