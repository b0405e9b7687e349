-- 1.0.0: initial catalog schema (MySQL / MariaDB).
-- Entity tables keep the entity as a JSON document. The columns the server filters,
-- joins and sorts on are generated from it. Also creates the relationship graph, the
-- change-event log, the settings store and its history, kept by two triggers.
-- Every statement is safe to run again (IF NOT EXISTS, or DROP TRIGGER IF EXISTS before
-- CREATE TRIGGER). MariaDB allows neither NOT NULL nor PRIMARY KEY on a generated
-- column, so entity ids are UNIQUE keys and CHECK constraints require the fields.

CREATE TABLE IF NOT EXISTS database_entity (
    id VARCHAR(36) GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.id'))) VIRTUAL,
    name VARCHAR(256) GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.name'))) VIRTUAL,
    fully_qualified_name VARCHAR(768) GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.fullyQualifiedName'))) VIRTUAL,
    updated_at BIGINT GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.updatedAt'))) VIRTUAL,
    deleted BOOLEAN GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.deleted')) = 'true') VIRTUAL,
    json JSON NOT NULL,
    UNIQUE KEY database_entity_id_key (id),
    UNIQUE KEY database_entity_fqn_key (fully_qualified_name),
    KEY database_entity_updated_at_index (updated_at),
    CONSTRAINT database_entity_required CHECK (id IS NOT NULL AND name IS NOT NULL AND fully_qualified_name IS NOT NULL AND updated_at IS NOT NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS table_entity (
    id VARCHAR(36) GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.id'))) VIRTUAL,
    name VARCHAR(256) GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.name'))) VIRTUAL,
    fully_qualified_name VARCHAR(768) GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.fullyQualifiedName'))) VIRTUAL,
    updated_at BIGINT GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.updatedAt'))) VIRTUAL,
    deleted BOOLEAN GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.deleted')) = 'true') VIRTUAL,
    json JSON NOT NULL,
    UNIQUE KEY table_entity_id_key (id),
    UNIQUE KEY table_entity_fqn_key (fully_qualified_name),
    KEY table_entity_updated_at_index (updated_at),
    CONSTRAINT table_entity_required CHECK (id IS NOT NULL AND name IS NOT NULL AND fully_qualified_name IS NOT NULL AND updated_at IS NOT NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS user_entity (
    id VARCHAR(36) GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.id'))) VIRTUAL,
    name VARCHAR(256) GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.name'))) VIRTUAL,
    email VARCHAR(256) GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.email'))) VIRTUAL,
    updated_at BIGINT GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.updatedAt'))) VIRTUAL,
    deleted BOOLEAN GENERATED ALWAYS AS (json_unquote(json_extract(json, '$.deleted')) = 'true') VIRTUAL,
    json JSON NOT NULL,
    UNIQUE KEY user_entity_id_key (id),
    UNIQUE KEY user_entity_name_key (name),
    KEY user_entity_email_index (email),
    CONSTRAINT user_entity_required CHECK (id IS NOT NULL AND name IS NOT NULL AND updated_at IS NOT NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

# Directed edges between entities: relation is the ordinal of the Relationship enum
# (0 contains, 8 owns, 13 upstream, ...).
CREATE TABLE IF NOT EXISTS entity_relationship (
    from_id VARCHAR(36) NOT NULL,
    to_id VARCHAR(36) NOT NULL,
    from_entity VARCHAR(256) NOT NULL,
    to_entity VARCHAR(256) NOT NULL,
    relation SMALLINT NOT NULL,
    json JSON,
    deleted BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (from_id, to_id, relation),
    KEY entity_relationship_from_index (from_id, relation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS change_event (
    id BIGINT NOT NULL AUTO_INCREMENT,
    event_type VARCHAR(36) NOT NULL,
    entity_type VARCHAR(36) NOT NULL,
    entity_id VARCHAR(36) NOT NULL,
    event_time BIGINT NOT NULL,
    json JSON NOT NULL,
    PRIMARY KEY (id),
    KEY change_event_event_time_index (event_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS settings (
    id INT NOT NULL AUTO_INCREMENT,
    config_type VARCHAR(36) NOT NULL,
    json LONGTEXT NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY settings_config_type_key (config_type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per write to settings, appended by the triggers below.
CREATE TABLE IF NOT EXISTS settings_history (
    id BIGINT NOT NULL AUTO_INCREMENT,
    config_type VARCHAR(36) NOT NULL,
    change_type VARCHAR(16) NOT NULL,
    json LONGTEXT NOT NULL,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (id),
    KEY settings_history_config_type_index (config_type, changed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

DROP TRIGGER IF EXISTS settings_history_after_insert;
DROP TRIGGER IF EXISTS settings_history_after_update;

DELIMITER $$
CREATE TRIGGER settings_history_after_insert
    AFTER INSERT ON settings
    FOR EACH ROW
BEGIN
    INSERT INTO settings_history (config_type, change_type, json, changed_at)
    VALUES (NEW.config_type, 'INSERT', NEW.json, CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED));
END$$

CREATE TRIGGER settings_history_after_update
    AFTER UPDATE ON settings
    FOR EACH ROW
BEGIN
    INSERT INTO settings_history (config_type, change_type, json, changed_at)
    VALUES (NEW.config_type, 'UPDATE', NEW.json, CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED));
END$$
DELIMITER ;
