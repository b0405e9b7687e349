-- dbshape:no-transaction
-- 1.2.0: index change events by entity type and time (PostgreSQL).
-- change_event is the largest table of the catalog, so the index is built with
-- CREATE INDEX CONCURRENTLY, which cannot run inside a transaction: this file runs
-- outside one, each statement committing on its own. An interrupted concurrent build
-- leaves an INVALID index behind that IF NOT EXISTS would skip, so the first statement
-- drops such a leftover. Run the whole file again after a failure.

DO $$
BEGIN
    IF EXISTS (
        SELECT 1
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = 'change_event_entity_type_index'
          AND n.nspname = current_schema()
          AND NOT i.indisvalid
    ) THEN
        DROP INDEX change_event_entity_type_index;
    END IF;
END
$$;

CREATE INDEX CONCURRENTLY IF NOT EXISTS change_event_entity_type_index
    ON change_event (entity_type, event_time);
