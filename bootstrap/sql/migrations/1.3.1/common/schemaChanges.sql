-- 1.3.1: patch release, portable to every dialect (PostgreSQL, MySQL / MariaDB, SQLite).
-- Adds the reverse-lookup index on entity_relationship that 1.0.0 left out: finding
-- the parents, owners or upstream entities of an entity scans by to_id.
-- Safe to run again (CREATE INDEX IF NOT EXISTS).

CREATE INDEX IF NOT EXISTS entity_relationship_to_index ON entity_relationship (to_id, relation);
