-- 10 tables of the shape benchmark
CREATE TABLE t070 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t070_code UNIQUE (code),
    CONSTRAINT t070_parent FOREIGN KEY (parent_id) REFERENCES t069 (id)
);
CREATE INDEX t070_status ON t070 (status, created_at);
CREATE INDEX t070_name ON t070 (name);
CREATE VIEW v070 AS SELECT id, code, status FROM t070 WHERE status > 0;
CREATE FUNCTION t070_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t070_touch BEFORE UPDATE ON t070 FOR EACH ROW EXECUTE FUNCTION t070_touch();

CREATE TABLE t071 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t071_code UNIQUE (code),
    CONSTRAINT t071_parent FOREIGN KEY (parent_id) REFERENCES t070 (id)
);
CREATE INDEX t071_status ON t071 (status, created_at);
CREATE INDEX t071_name ON t071 (name);

CREATE TABLE t072 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t072_code UNIQUE (code),
    CONSTRAINT t072_parent FOREIGN KEY (parent_id) REFERENCES t071 (id)
);
CREATE INDEX t072_status ON t072 (status, created_at);
CREATE INDEX t072_name ON t072 (name);

CREATE TABLE t073 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t073_code UNIQUE (code),
    CONSTRAINT t073_parent FOREIGN KEY (parent_id) REFERENCES t072 (id)
);
CREATE INDEX t073_status ON t073 (status, created_at);
CREATE INDEX t073_name ON t073 (name);

CREATE TABLE t074 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t074_code UNIQUE (code),
    CONSTRAINT t074_parent FOREIGN KEY (parent_id) REFERENCES t073 (id)
);
CREATE INDEX t074_status ON t074 (status, created_at);
CREATE INDEX t074_name ON t074 (name);

CREATE TABLE t075 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t075_code UNIQUE (code),
    CONSTRAINT t075_parent FOREIGN KEY (parent_id) REFERENCES t074 (id)
);
CREATE INDEX t075_status ON t075 (status, created_at);
CREATE INDEX t075_name ON t075 (name);

CREATE TABLE t076 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t076_code UNIQUE (code),
    CONSTRAINT t076_parent FOREIGN KEY (parent_id) REFERENCES t075 (id)
);
CREATE INDEX t076_status ON t076 (status, created_at);
CREATE INDEX t076_name ON t076 (name);

CREATE TABLE t077 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t077_code UNIQUE (code),
    CONSTRAINT t077_parent FOREIGN KEY (parent_id) REFERENCES t076 (id)
);
CREATE INDEX t077_status ON t077 (status, created_at);
CREATE INDEX t077_name ON t077 (name);

CREATE TABLE t078 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t078_code UNIQUE (code),
    CONSTRAINT t078_parent FOREIGN KEY (parent_id) REFERENCES t077 (id)
);
CREATE INDEX t078_status ON t078 (status, created_at);
CREATE INDEX t078_name ON t078 (name);

CREATE TABLE t079 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t079_code UNIQUE (code),
    CONSTRAINT t079_parent FOREIGN KEY (parent_id) REFERENCES t078 (id)
);
CREATE INDEX t079_status ON t079 (status, created_at);
CREATE INDEX t079_name ON t079 (name);
