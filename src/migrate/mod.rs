//! The migration half of dbshape: the migration set, the change log, the lock, the
//! planner and the runner. Each idea has its own file; this module only re-exports.

mod apply;
mod batch;
pub mod changelog;
mod classify;
pub mod control;
pub mod gate;
mod held;
mod job;
pub mod lock;
pub mod ops;
pub mod plan;
pub mod report;
pub mod runner;
pub mod set;
pub mod shape_check;
pub mod shape_log;
pub mod splitter;
mod step;

pub use changelog::{AppliedVersion, Status};
pub use lock::LockHolder;
pub use plan::{Assessment, Entry, State};
pub use report::{MigrateObserver, MigrateReport, Quiet};
pub use runner::MigrateOptions;
pub use set::{MigrationSet, Step, StepBody, VersionMigration};
