-- 1.1.0: index table_entity.fqn_hash once the Rust step has filled it (SQLite).

CREATE UNIQUE INDEX table_entity_fqn_hash_key ON table_entity (fqn_hash);
