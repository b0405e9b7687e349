-- 1.0.0: initial catalog schema (PostgreSQL).
-- Entity tables keep the entity as a JSON document. The columns the server filters,
-- joins and sorts on are generated from it. Also creates the relationship graph, the
-- change-event log, the settings store and its history, kept by two triggers.

CREATE TABLE database_entity (
    id VARCHAR(36) GENERATED ALWAYS AS (json ->> 'id') STORED NOT NULL,
    name VARCHAR(256) GENERATED ALWAYS AS (json ->> 'name') STORED NOT NULL,
    fully_qualified_name VARCHAR(768) GENERATED ALWAYS AS (json ->> 'fullyQualifiedName') STORED NOT NULL,
    updated_at BIGINT GENERATED ALWAYS AS ((json ->> 'updatedAt')::bigint) STORED NOT NULL,
    deleted BOOLEAN GENERATED ALWAYS AS ((json ->> 'deleted')::boolean) STORED,
    json JSONB NOT NULL,
    CONSTRAINT database_entity_pkey PRIMARY KEY (id),
    CONSTRAINT database_entity_fqn_key UNIQUE (fully_qualified_name)
);
CREATE INDEX database_entity_updated_at_index ON database_entity (updated_at);

CREATE TABLE table_entity (
    id VARCHAR(36) GENERATED ALWAYS AS (json ->> 'id') STORED NOT NULL,
    name VARCHAR(256) GENERATED ALWAYS AS (json ->> 'name') STORED NOT NULL,
    fully_qualified_name VARCHAR(768) GENERATED ALWAYS AS (json ->> 'fullyQualifiedName') STORED NOT NULL,
    updated_at BIGINT GENERATED ALWAYS AS ((json ->> 'updatedAt')::bigint) STORED NOT NULL,
    deleted BOOLEAN GENERATED ALWAYS AS ((json ->> 'deleted')::boolean) STORED,
    json JSONB NOT NULL,
    CONSTRAINT table_entity_pkey PRIMARY KEY (id),
    CONSTRAINT table_entity_fqn_key UNIQUE (fully_qualified_name)
);
CREATE INDEX table_entity_updated_at_index ON table_entity (updated_at);

CREATE TABLE user_entity (
    id VARCHAR(36) GENERATED ALWAYS AS (json ->> 'id') STORED NOT NULL,
    name VARCHAR(256) GENERATED ALWAYS AS (json ->> 'name') STORED NOT NULL,
    email VARCHAR(256) GENERATED ALWAYS AS (json ->> 'email') STORED,
    updated_at BIGINT GENERATED ALWAYS AS ((json ->> 'updatedAt')::bigint) STORED NOT NULL,
    deleted BOOLEAN GENERATED ALWAYS AS ((json ->> 'deleted')::boolean) STORED,
    json JSONB NOT NULL,
    CONSTRAINT user_entity_pkey PRIMARY KEY (id),
    CONSTRAINT user_entity_name_key UNIQUE (name)
);
CREATE INDEX user_entity_email_index ON user_entity (email);

-- Directed edges between entities: relation is the ordinal of the Relationship enum
-- (0 contains, 8 owns, 13 upstream, ...).
CREATE TABLE entity_relationship (
    from_id VARCHAR(36) NOT NULL,
    to_id VARCHAR(36) NOT NULL,
    from_entity VARCHAR(256) NOT NULL,
    to_entity VARCHAR(256) NOT NULL,
    relation SMALLINT NOT NULL,
    json JSONB,
    deleted BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT entity_relationship_pkey PRIMARY KEY (from_id, to_id, relation)
);
CREATE INDEX entity_relationship_from_index ON entity_relationship (from_id, relation);

CREATE TABLE change_event (
    id BIGSERIAL NOT NULL,
    event_type VARCHAR(36) NOT NULL,
    entity_type VARCHAR(36) NOT NULL,
    entity_id VARCHAR(36) NOT NULL,
    event_time BIGINT NOT NULL,
    json JSONB NOT NULL,
    CONSTRAINT change_event_pkey PRIMARY KEY (id)
);
CREATE INDEX change_event_event_time_index ON change_event (event_time);

CREATE TABLE settings (
    id SERIAL NOT NULL,
    config_type VARCHAR(36) NOT NULL,
    json TEXT NOT NULL,
    CONSTRAINT settings_pkey PRIMARY KEY (id),
    CONSTRAINT settings_config_type_key UNIQUE (config_type)
);

-- One row per write to settings, appended by the triggers below.
CREATE TABLE settings_history (
    id BIGSERIAL NOT NULL,
    config_type VARCHAR(36) NOT NULL,
    change_type VARCHAR(16) NOT NULL,
    json TEXT NOT NULL,
    changed_at BIGINT NOT NULL,
    CONSTRAINT settings_history_pkey PRIMARY KEY (id)
);
CREATE INDEX settings_history_config_type_index ON settings_history (config_type, changed_at);

CREATE FUNCTION settings_history_capture() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO settings_history (config_type, change_type, json, changed_at)
    VALUES (NEW.config_type, TG_OP, NEW.json,
            (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
    RETURN NULL;
END;
$$;

CREATE TRIGGER settings_history_after_insert
    AFTER INSERT ON settings
    FOR EACH ROW EXECUTE FUNCTION settings_history_capture();

CREATE TRIGGER settings_history_after_update
    AFTER UPDATE ON settings
    FOR EACH ROW EXECUTE FUNCTION settings_history_capture();
