-- 10 tables of the shape benchmark
CREATE TABLE t080 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t080_code UNIQUE (code),
    CONSTRAINT t080_parent FOREIGN KEY (parent_id) REFERENCES t079 (id)
);
CREATE INDEX t080_status ON t080 (status, created_at);
CREATE INDEX t080_name ON t080 (name);
CREATE VIEW v080 AS SELECT id, code, status FROM t080 WHERE status > 0;
CREATE FUNCTION t080_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t080_touch BEFORE UPDATE ON t080 FOR EACH ROW EXECUTE FUNCTION t080_touch();

CREATE TABLE t081 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t081_code UNIQUE (code),
    CONSTRAINT t081_parent FOREIGN KEY (parent_id) REFERENCES t080 (id)
);
CREATE INDEX t081_status ON t081 (status, created_at);
CREATE INDEX t081_name ON t081 (name);

CREATE TABLE t082 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t082_code UNIQUE (code),
    CONSTRAINT t082_parent FOREIGN KEY (parent_id) REFERENCES t081 (id)
);
CREATE INDEX t082_status ON t082 (status, created_at);
CREATE INDEX t082_name ON t082 (name);

CREATE TABLE t083 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t083_code UNIQUE (code),
    CONSTRAINT t083_parent FOREIGN KEY (parent_id) REFERENCES t082 (id)
);
CREATE INDEX t083_status ON t083 (status, created_at);
CREATE INDEX t083_name ON t083 (name);

CREATE TABLE t084 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t084_code UNIQUE (code),
    CONSTRAINT t084_parent FOREIGN KEY (parent_id) REFERENCES t083 (id)
);
CREATE INDEX t084_status ON t084 (status, created_at);
CREATE INDEX t084_name ON t084 (name);

CREATE TABLE t085 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t085_code UNIQUE (code),
    CONSTRAINT t085_parent FOREIGN KEY (parent_id) REFERENCES t084 (id)
);
CREATE INDEX t085_status ON t085 (status, created_at);
CREATE INDEX t085_name ON t085 (name);

CREATE TABLE t086 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t086_code UNIQUE (code),
    CONSTRAINT t086_parent FOREIGN KEY (parent_id) REFERENCES t085 (id)
);
CREATE INDEX t086_status ON t086 (status, created_at);
CREATE INDEX t086_name ON t086 (name);

CREATE TABLE t087 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t087_code UNIQUE (code),
    CONSTRAINT t087_parent FOREIGN KEY (parent_id) REFERENCES t086 (id)
);
CREATE INDEX t087_status ON t087 (status, created_at);
CREATE INDEX t087_name ON t087 (name);

CREATE TABLE t088 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t088_code UNIQUE (code),
    CONSTRAINT t088_parent FOREIGN KEY (parent_id) REFERENCES t087 (id)
);
CREATE INDEX t088_status ON t088 (status, created_at);
CREATE INDEX t088_name ON t088 (name);

CREATE TABLE t089 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t089_code UNIQUE (code),
    CONSTRAINT t089_parent FOREIGN KEY (parent_id) REFERENCES t088 (id)
);
CREATE INDEX t089_status ON t089 (status, created_at);
CREATE INDEX t089_name ON t089 (name);
