-- 10 tables of the shape benchmark
CREATE TABLE t060 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t060_code UNIQUE (code),
    CONSTRAINT t060_parent FOREIGN KEY (parent_id) REFERENCES t059 (id)
);
CREATE INDEX t060_status ON t060 (status, created_at);
CREATE INDEX t060_name ON t060 (name);
CREATE VIEW v060 AS SELECT id, code, status FROM t060 WHERE status > 0;
CREATE FUNCTION t060_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t060_touch BEFORE UPDATE ON t060 FOR EACH ROW EXECUTE FUNCTION t060_touch();

CREATE TABLE t061 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t061_code UNIQUE (code),
    CONSTRAINT t061_parent FOREIGN KEY (parent_id) REFERENCES t060 (id)
);
CREATE INDEX t061_status ON t061 (status, created_at);
CREATE INDEX t061_name ON t061 (name);

CREATE TABLE t062 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t062_code UNIQUE (code),
    CONSTRAINT t062_parent FOREIGN KEY (parent_id) REFERENCES t061 (id)
);
CREATE INDEX t062_status ON t062 (status, created_at);
CREATE INDEX t062_name ON t062 (name);

CREATE TABLE t063 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t063_code UNIQUE (code),
    CONSTRAINT t063_parent FOREIGN KEY (parent_id) REFERENCES t062 (id)
);
CREATE INDEX t063_status ON t063 (status, created_at);
CREATE INDEX t063_name ON t063 (name);

CREATE TABLE t064 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t064_code UNIQUE (code),
    CONSTRAINT t064_parent FOREIGN KEY (parent_id) REFERENCES t063 (id)
);
CREATE INDEX t064_status ON t064 (status, created_at);
CREATE INDEX t064_name ON t064 (name);

CREATE TABLE t065 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t065_code UNIQUE (code),
    CONSTRAINT t065_parent FOREIGN KEY (parent_id) REFERENCES t064 (id)
);
CREATE INDEX t065_status ON t065 (status, created_at);
CREATE INDEX t065_name ON t065 (name);

CREATE TABLE t066 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t066_code UNIQUE (code),
    CONSTRAINT t066_parent FOREIGN KEY (parent_id) REFERENCES t065 (id)
);
CREATE INDEX t066_status ON t066 (status, created_at);
CREATE INDEX t066_name ON t066 (name);

CREATE TABLE t067 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t067_code UNIQUE (code),
    CONSTRAINT t067_parent FOREIGN KEY (parent_id) REFERENCES t066 (id)
);
CREATE INDEX t067_status ON t067 (status, created_at);
CREATE INDEX t067_name ON t067 (name);

CREATE TABLE t068 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t068_code UNIQUE (code),
    CONSTRAINT t068_parent FOREIGN KEY (parent_id) REFERENCES t067 (id)
);
CREATE INDEX t068_status ON t068 (status, created_at);
CREATE INDEX t068_name ON t068 (name);

CREATE TABLE t069 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t069_code UNIQUE (code),
    CONSTRAINT t069_parent FOREIGN KEY (parent_id) REFERENCES t068 (id)
);
CREATE INDEX t069_status ON t069 (status, created_at);
CREATE INDEX t069_name ON t069 (name);
