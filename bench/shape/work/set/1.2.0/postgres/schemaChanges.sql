-- 10 tables of the shape benchmark
CREATE TABLE t020 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t020_code UNIQUE (code),
    CONSTRAINT t020_parent FOREIGN KEY (parent_id) REFERENCES t019 (id)
);
CREATE INDEX t020_status ON t020 (status, created_at);
CREATE INDEX t020_name ON t020 (name);
CREATE VIEW v020 AS SELECT id, code, status FROM t020 WHERE status > 0;
CREATE FUNCTION t020_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t020_touch BEFORE UPDATE ON t020 FOR EACH ROW EXECUTE FUNCTION t020_touch();

CREATE TABLE t021 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t021_code UNIQUE (code),
    CONSTRAINT t021_parent FOREIGN KEY (parent_id) REFERENCES t020 (id)
);
CREATE INDEX t021_status ON t021 (status, created_at);
CREATE INDEX t021_name ON t021 (name);

CREATE TABLE t022 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t022_code UNIQUE (code),
    CONSTRAINT t022_parent FOREIGN KEY (parent_id) REFERENCES t021 (id)
);
CREATE INDEX t022_status ON t022 (status, created_at);
CREATE INDEX t022_name ON t022 (name);

CREATE TABLE t023 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t023_code UNIQUE (code),
    CONSTRAINT t023_parent FOREIGN KEY (parent_id) REFERENCES t022 (id)
);
CREATE INDEX t023_status ON t023 (status, created_at);
CREATE INDEX t023_name ON t023 (name);

CREATE TABLE t024 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t024_code UNIQUE (code),
    CONSTRAINT t024_parent FOREIGN KEY (parent_id) REFERENCES t023 (id)
);
CREATE INDEX t024_status ON t024 (status, created_at);
CREATE INDEX t024_name ON t024 (name);

CREATE TABLE t025 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t025_code UNIQUE (code),
    CONSTRAINT t025_parent FOREIGN KEY (parent_id) REFERENCES t024 (id)
);
CREATE INDEX t025_status ON t025 (status, created_at);
CREATE INDEX t025_name ON t025 (name);

CREATE TABLE t026 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t026_code UNIQUE (code),
    CONSTRAINT t026_parent FOREIGN KEY (parent_id) REFERENCES t025 (id)
);
CREATE INDEX t026_status ON t026 (status, created_at);
CREATE INDEX t026_name ON t026 (name);

CREATE TABLE t027 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t027_code UNIQUE (code),
    CONSTRAINT t027_parent FOREIGN KEY (parent_id) REFERENCES t026 (id)
);
CREATE INDEX t027_status ON t027 (status, created_at);
CREATE INDEX t027_name ON t027 (name);

CREATE TABLE t028 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t028_code UNIQUE (code),
    CONSTRAINT t028_parent FOREIGN KEY (parent_id) REFERENCES t027 (id)
);
CREATE INDEX t028_status ON t028 (status, created_at);
CREATE INDEX t028_name ON t028 (name);

CREATE TABLE t029 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t029_code UNIQUE (code),
    CONSTRAINT t029_parent FOREIGN KEY (parent_id) REFERENCES t028 (id)
);
CREATE INDEX t029_status ON t029 (status, created_at);
CREATE INDEX t029_name ON t029 (name);
