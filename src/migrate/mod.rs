//! The migration half of dbshape: the migration set, the change log, the lock, the
//! planner and the runner. Each idea has its own file; this module only re-exports.

pub mod changelog;
pub mod control;
pub mod gate;
pub mod lock;
pub mod ops;
pub mod plan;
pub mod runner;
pub mod source;
pub mod splitter;

pub use changelog::{AppliedVersion, Status};
pub use lock::LockHolder;
pub use plan::{Assessment, Entry, State};
pub use runner::{MigrateObserver, MigrateOptions, MigrateReport};
pub use source::{MigrationSet, Step, StepBody, VersionMigration};
