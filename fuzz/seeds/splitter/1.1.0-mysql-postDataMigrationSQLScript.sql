-- 1.1.0: index table_entity.fqn_hash once the Rust step has filled it (MySQL / MariaDB).
-- Safe to run again (CREATE INDEX IF NOT EXISTS).

CREATE UNIQUE INDEX IF NOT EXISTS table_entity_fqn_hash_key ON table_entity (fqn_hash);
