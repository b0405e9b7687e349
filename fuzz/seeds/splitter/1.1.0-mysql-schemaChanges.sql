-- 1.1.0: key tables by a hash of their fully qualified name (MySQL / MariaDB).
-- fqn_hash is a plain, nullable column here. The Rust step of this version fills it for
-- existing rows, and postDataMigrationSQLScript.sql then indexes it.
-- Safe to run again (ADD COLUMN IF NOT EXISTS).

ALTER TABLE table_entity ADD COLUMN IF NOT EXISTS fqn_hash VARCHAR(64) NULL;
