//! Rust migrations of the server schema bundled with dbshape.
//!
//! A version of the bundled schema may carry one Rust step, run between that version's
//! `schemaChanges.sql` and `postDataMigrationSQLScript.sql`. dbshape runs it on the same
//! connection or transaction as the SQL files, so a step must never open, commit or roll
//! back a transaction of its own, and on MySQL (where DDL commits at once) it must be
//! safe to run again after a crash part-way (write it as an idempotent backfill).
//!
//! The checksum recorded for a Rust step is the SHA-256 of its source file, embedded with
//! `include_str!`, so editing an applied step is reported as drift by `dbshape validate`.
//!
//! A step's version names it in `bootstrap/sql/migrations/<version>/rust-steps.txt`, so
//! that the version's SQL is never run without it (a copy of the directory given to
//! `dbshape --migrations` is refused). dbshape registers these steps with its bundled
//! set in `src/cli/bundled.rs`.

pub use sea_orm_migration;
use sea_orm_migration::prelude::*;

mod m1_1_0_backfill_fqn_hash;

/// One Rust step of the bundled schema, tied to a schema version.
pub struct RustMigration {
    /// The schema version this step belongs to, e.g. `1.1.0`.
    pub version: &'static str,
    /// The step itself.
    pub migration: Box<dyn MigrationTrait>,
    /// The source text of the step, checksummed into the version's checksum.
    pub source: &'static str,
}

/// Every Rust step of the bundled schema, in version order.
pub fn migrations() -> Vec<RustMigration> {
    vec![RustMigration {
        version: "1.1.0",
        migration: Box::new(m1_1_0_backfill_fqn_hash::Migration),
        source: include_str!("m1_1_0_backfill_fqn_hash.rs"),
    }]
}

/// The same steps as a sea-orm-migration migrator, for tooling built on that crate.
pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        migrations().into_iter().map(|m| m.migration).collect()
    }
}
