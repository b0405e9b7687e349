//! The Rust step of the fixture set `tests/fixtures/embedded-set` (its version 1.1.0
//! declares it in `rust-steps.txt`): fills the notes left empty. Shared by the tests of
//! the embedded set and of the `Shaper`, which use that set as a server's own.

use sea_orm_migration::prelude::*;

/// The fixture's 1.1.0 Rust step.
pub struct ProbeFill;

/// The text checksummed for [`ProbeFill`].
pub const PROBE_FILL_SOURCE: &str = "fills embedded_probe.note";

impl MigrationName for ProbeFill {
    fn name(&self) -> &str {
        "embedded_probe_fill"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for ProbeFill {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("UPDATE embedded_probe SET note = 'filled' WHERE note IS NULL")
            .await?;
        Ok(())
    }
}

/// [`ProbeFill`], boxed for `Migrations::rust_step`.
pub fn probe_fill() -> Box<dyn MigrationTrait> {
    Box::new(ProbeFill)
}
