-- 1.1.0: key tables by a hash of their fully qualified name (SQLite).
-- fqn_hash is a plain, nullable column here. The Rust step of this version fills it for
-- existing rows, and postDataMigrationSQLScript.sql then indexes it.

ALTER TABLE table_entity ADD COLUMN fqn_hash TEXT;
