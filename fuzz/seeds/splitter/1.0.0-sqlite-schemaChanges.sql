-- 1.0.0: initial catalog schema (SQLite).
-- Entity tables keep the entity as a JSON document. The columns the server filters,
-- joins and sorts on are generated from it. Also creates the relationship graph, the
-- change-event log, the settings store and its history, kept by two triggers.
-- A generated column cannot be part of a PRIMARY KEY in SQLite, so entity ids are
-- UNIQUE NOT NULL and the table keeps its rowid.

CREATE TABLE database_entity (
    id TEXT GENERATED ALWAYS AS (json_extract(json, '$.id')) VIRTUAL NOT NULL,
    name TEXT GENERATED ALWAYS AS (json_extract(json, '$.name')) VIRTUAL NOT NULL,
    fully_qualified_name TEXT GENERATED ALWAYS AS (json_extract(json, '$.fullyQualifiedName')) VIRTUAL NOT NULL,
    updated_at INTEGER GENERATED ALWAYS AS (json_extract(json, '$.updatedAt')) VIRTUAL NOT NULL,
    deleted INTEGER GENERATED ALWAYS AS (json_extract(json, '$.deleted')) VIRTUAL,
    json TEXT NOT NULL CHECK (json_valid(json))
);
CREATE UNIQUE INDEX database_entity_id_key ON database_entity (id);
CREATE UNIQUE INDEX database_entity_fqn_key ON database_entity (fully_qualified_name);
CREATE INDEX database_entity_updated_at_index ON database_entity (updated_at);

CREATE TABLE table_entity (
    id TEXT GENERATED ALWAYS AS (json_extract(json, '$.id')) VIRTUAL NOT NULL,
    name TEXT GENERATED ALWAYS AS (json_extract(json, '$.name')) VIRTUAL NOT NULL,
    fully_qualified_name TEXT GENERATED ALWAYS AS (json_extract(json, '$.fullyQualifiedName')) VIRTUAL NOT NULL,
    updated_at INTEGER GENERATED ALWAYS AS (json_extract(json, '$.updatedAt')) VIRTUAL NOT NULL,
    deleted INTEGER GENERATED ALWAYS AS (json_extract(json, '$.deleted')) VIRTUAL,
    json TEXT NOT NULL CHECK (json_valid(json))
);
CREATE UNIQUE INDEX table_entity_id_key ON table_entity (id);
CREATE UNIQUE INDEX table_entity_fqn_key ON table_entity (fully_qualified_name);
CREATE INDEX table_entity_updated_at_index ON table_entity (updated_at);

CREATE TABLE user_entity (
    id TEXT GENERATED ALWAYS AS (json_extract(json, '$.id')) VIRTUAL NOT NULL,
    name TEXT GENERATED ALWAYS AS (json_extract(json, '$.name')) VIRTUAL NOT NULL,
    email TEXT GENERATED ALWAYS AS (json_extract(json, '$.email')) VIRTUAL,
    updated_at INTEGER GENERATED ALWAYS AS (json_extract(json, '$.updatedAt')) VIRTUAL NOT NULL,
    deleted INTEGER GENERATED ALWAYS AS (json_extract(json, '$.deleted')) VIRTUAL,
    json TEXT NOT NULL CHECK (json_valid(json))
);
CREATE UNIQUE INDEX user_entity_id_key ON user_entity (id);
CREATE UNIQUE INDEX user_entity_name_key ON user_entity (name);
CREATE INDEX user_entity_email_index ON user_entity (email);

-- Directed edges between entities: relation is the ordinal of the Relationship enum
-- (0 contains, 8 owns, 13 upstream, ...).
CREATE TABLE entity_relationship (
    from_id TEXT NOT NULL,
    to_id TEXT NOT NULL,
    from_entity TEXT NOT NULL,
    to_entity TEXT NOT NULL,
    relation INTEGER NOT NULL,
    json TEXT CHECK (json IS NULL OR json_valid(json)),
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (from_id, to_id, relation)
);
CREATE INDEX entity_relationship_from_index ON entity_relationship (from_id, relation);

CREATE TABLE change_event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_type TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    event_time INTEGER NOT NULL,
    json TEXT NOT NULL CHECK (json_valid(json))
);
CREATE INDEX change_event_event_time_index ON change_event (event_time);

CREATE TABLE settings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    config_type TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE UNIQUE INDEX settings_config_type_key ON settings (config_type);

-- One row per write to settings, appended by the triggers below.
CREATE TABLE settings_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    config_type TEXT NOT NULL,
    change_type TEXT NOT NULL,
    json TEXT NOT NULL,
    changed_at INTEGER NOT NULL
);
CREATE INDEX settings_history_config_type_index ON settings_history (config_type, changed_at);

CREATE TRIGGER settings_history_after_insert
    AFTER INSERT ON settings
    FOR EACH ROW
BEGIN
    INSERT INTO settings_history (config_type, change_type, json, changed_at)
    VALUES (NEW.config_type, 'INSERT', NEW.json,
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER settings_history_after_update
    AFTER UPDATE ON settings
    FOR EACH ROW
BEGIN
    INSERT INTO settings_history (config_type, change_type, json, changed_at)
    VALUES (NEW.config_type, 'UPDATE', NEW.json,
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
