-- 1.2.0: index change events by entity type and time (MySQL / MariaDB).
-- InnoDB builds the index online. Safe to run again (CREATE INDEX IF NOT EXISTS).

CREATE INDEX IF NOT EXISTS change_event_entity_type_index
    ON change_event (entity_type, event_time);
