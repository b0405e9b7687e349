//! 1.1.0: fill `table_entity.fqn_hash` for the rows that predate it.
//!
//! `schemaChanges.sql` of 1.1.0 adds the nullable column, this step computes the hash in
//! Rust (the lowercase hex SHA-256 of `fully_qualified_name`, the same value the 1.1.0
//! server writes for new rows), and `postDataMigrationSQLScript.sql` then puts a unique
//! index on it.
//!
//! The step walks the table in id order, 500 rows per query, and only ever touches rows
//! whose `fqn_hash` is still NULL: running it again, or after a crash part-way on MySQL
//! (where every UPDATE commits on its own), finishes the job and changes nothing else.
//! It never opens, commits or rolls back a transaction: on PostgreSQL and SQLite it runs
//! inside the transaction of its version.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DbBackend, Statement, Value};
use sha2::{Digest, Sha256};

/// Rows read per SELECT.
const BATCH_SIZE: u64 = 500;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The stored form of a fully qualified name's hash: 64 lowercase hex digits.
pub fn fqn_hash(fully_qualified_name: &str) -> String {
    hex::encode(Sha256::digest(fully_qualified_name.as_bytes()))
}

/// The SQL of one batch, with the placeholder style of `backend`: `$n` on PostgreSQL,
/// `?` on MySQL and SQLite.
fn select_batch_sql(backend: DbBackend) -> String {
    let (after_id, limit) = match backend {
        DbBackend::Postgres => ("$1", "$2"),
        _ => ("?", "?"),
    };
    format!(
        "SELECT id, fully_qualified_name FROM table_entity \
         WHERE fqn_hash IS NULL AND fully_qualified_name IS NOT NULL AND id > {after_id} \
         ORDER BY id LIMIT {limit}"
    )
}

fn update_sql(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => {
            "UPDATE table_entity SET fqn_hash = $1 WHERE id = $2 AND fqn_hash IS NULL"
        }
        _ => "UPDATE table_entity SET fqn_hash = ? WHERE id = ? AND fqn_hash IS NULL",
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        let select_sql = select_batch_sql(backend);
        let update_sql = update_sql(backend);

        // Keyset pagination on id: every batch starts after the last id seen, so a row
        // the step cannot fill is never read twice and the loop always ends.
        let mut last_id = String::new();
        loop {
            let rows = db
                .query_all_raw(Statement::from_sql_and_values(
                    backend,
                    select_sql.as_str(),
                    [Value::from(last_id.clone()), Value::from(BATCH_SIZE as i64)],
                ))
                .await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let id: String = row.try_get("", "id")?;
                let fqn: String = row.try_get("", "fully_qualified_name")?;
                db.execute_raw(Statement::from_sql_and_values(
                    backend,
                    update_sql,
                    [Value::from(fqn_hash(&fqn)), Value::from(id.clone())],
                ))
                .await?;
                last_id = id;
            }
            if (rows.len() as u64) < BATCH_SIZE {
                break;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_lowercase_hex_sha256() {
        assert_eq!(
            fqn_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            fqn_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn placeholders_follow_the_backend() {
        assert!(select_batch_sql(DbBackend::Postgres).contains("id > $1"));
        assert!(select_batch_sql(DbBackend::MySql).contains("id > ?"));
        assert!(update_sql(DbBackend::Sqlite).contains("fqn_hash = ?"));
    }
}
