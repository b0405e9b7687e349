-- 10 tables of the shape benchmark
CREATE TABLE t040 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t040_code UNIQUE (code),
    CONSTRAINT t040_parent FOREIGN KEY (parent_id) REFERENCES t039 (id)
);
CREATE INDEX t040_status ON t040 (status, created_at);
CREATE INDEX t040_name ON t040 (name);
CREATE VIEW v040 AS SELECT id, code, status FROM t040 WHERE status > 0;
CREATE FUNCTION t040_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t040_touch BEFORE UPDATE ON t040 FOR EACH ROW EXECUTE FUNCTION t040_touch();

CREATE TABLE t041 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t041_code UNIQUE (code),
    CONSTRAINT t041_parent FOREIGN KEY (parent_id) REFERENCES t040 (id)
);
CREATE INDEX t041_status ON t041 (status, created_at);
CREATE INDEX t041_name ON t041 (name);

CREATE TABLE t042 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t042_code UNIQUE (code),
    CONSTRAINT t042_parent FOREIGN KEY (parent_id) REFERENCES t041 (id)
);
CREATE INDEX t042_status ON t042 (status, created_at);
CREATE INDEX t042_name ON t042 (name);

CREATE TABLE t043 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t043_code UNIQUE (code),
    CONSTRAINT t043_parent FOREIGN KEY (parent_id) REFERENCES t042 (id)
);
CREATE INDEX t043_status ON t043 (status, created_at);
CREATE INDEX t043_name ON t043 (name);

CREATE TABLE t044 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t044_code UNIQUE (code),
    CONSTRAINT t044_parent FOREIGN KEY (parent_id) REFERENCES t043 (id)
);
CREATE INDEX t044_status ON t044 (status, created_at);
CREATE INDEX t044_name ON t044 (name);

CREATE TABLE t045 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t045_code UNIQUE (code),
    CONSTRAINT t045_parent FOREIGN KEY (parent_id) REFERENCES t044 (id)
);
CREATE INDEX t045_status ON t045 (status, created_at);
CREATE INDEX t045_name ON t045 (name);

CREATE TABLE t046 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t046_code UNIQUE (code),
    CONSTRAINT t046_parent FOREIGN KEY (parent_id) REFERENCES t045 (id)
);
CREATE INDEX t046_status ON t046 (status, created_at);
CREATE INDEX t046_name ON t046 (name);

CREATE TABLE t047 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t047_code UNIQUE (code),
    CONSTRAINT t047_parent FOREIGN KEY (parent_id) REFERENCES t046 (id)
);
CREATE INDEX t047_status ON t047 (status, created_at);
CREATE INDEX t047_name ON t047 (name);

CREATE TABLE t048 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t048_code UNIQUE (code),
    CONSTRAINT t048_parent FOREIGN KEY (parent_id) REFERENCES t047 (id)
);
CREATE INDEX t048_status ON t048 (status, created_at);
CREATE INDEX t048_name ON t048 (name);

CREATE TABLE t049 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t049_code UNIQUE (code),
    CONSTRAINT t049_parent FOREIGN KEY (parent_id) REFERENCES t048 (id)
);
CREATE INDEX t049_status ON t049 (status, created_at);
CREATE INDEX t049_name ON t049 (name);
