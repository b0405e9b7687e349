//! 1.1.0's Rust step: counts the words of the notes written before 1.1.0.
//!
//! Runs between 1.1.0's `schemaChanges.sql` (which adds `note.words`) and its
//! `postDataMigrationSQLScript.sql`, on the migration's own connection: inside the
//! version's transaction on PostgreSQL and SQLite, statement by statement on MySQL,
//! where it must be safe to run again after a crash part-way. It only touches notes
//! whose count is still NULL, so a second run finishes the job and changes nothing else.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DbBackend, Statement, Value};

/// The step, registered for 1.1.0 in `main.rs` and declared in
/// `migrations/1.1.0/rust-steps.txt` by its name.
pub struct CountWords;

impl MigrationName for CountWords {
    fn name(&self) -> &str {
        "count_words"
    }
}

/// The words of a note, as the server counts them.
pub fn count(body: &str) -> i32 {
    body.split_whitespace().count() as i32
}

#[async_trait::async_trait]
impl MigrationTrait for CountWords {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        let update = match backend {
            DbBackend::Postgres => "UPDATE note SET words = $1 WHERE id = $2 AND words IS NULL",
            _ => "UPDATE note SET words = ? WHERE id = ? AND words IS NULL",
        };
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, body FROM note WHERE words IS NULL ORDER BY id",
            ))
            .await?;
        for row in rows {
            let id: i32 = row.try_get("", "id")?;
            let body: String = row.try_get("", "body")?;
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                update,
                [Value::from(count(&body)), Value::from(id)],
            ))
            .await?;
        }
        Ok(())
    }
}
