-- 1.2.0: index change events by entity type and time (SQLite).

CREATE INDEX change_event_entity_type_index ON change_event (entity_type, event_time);
