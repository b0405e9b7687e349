-- 10 tables of the shape benchmark
CREATE TABLE t030 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t030_code UNIQUE (code),
    CONSTRAINT t030_parent FOREIGN KEY (parent_id) REFERENCES t029 (id)
);
CREATE INDEX t030_status ON t030 (status, created_at);
CREATE INDEX t030_name ON t030 (name);
CREATE VIEW v030 AS SELECT id, code, status FROM t030 WHERE status > 0;
CREATE FUNCTION t030_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t030_touch BEFORE UPDATE ON t030 FOR EACH ROW EXECUTE FUNCTION t030_touch();

CREATE TABLE t031 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t031_code UNIQUE (code),
    CONSTRAINT t031_parent FOREIGN KEY (parent_id) REFERENCES t030 (id)
);
CREATE INDEX t031_status ON t031 (status, created_at);
CREATE INDEX t031_name ON t031 (name);

CREATE TABLE t032 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t032_code UNIQUE (code),
    CONSTRAINT t032_parent FOREIGN KEY (parent_id) REFERENCES t031 (id)
);
CREATE INDEX t032_status ON t032 (status, created_at);
CREATE INDEX t032_name ON t032 (name);

CREATE TABLE t033 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t033_code UNIQUE (code),
    CONSTRAINT t033_parent FOREIGN KEY (parent_id) REFERENCES t032 (id)
);
CREATE INDEX t033_status ON t033 (status, created_at);
CREATE INDEX t033_name ON t033 (name);

CREATE TABLE t034 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t034_code UNIQUE (code),
    CONSTRAINT t034_parent FOREIGN KEY (parent_id) REFERENCES t033 (id)
);
CREATE INDEX t034_status ON t034 (status, created_at);
CREATE INDEX t034_name ON t034 (name);

CREATE TABLE t035 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t035_code UNIQUE (code),
    CONSTRAINT t035_parent FOREIGN KEY (parent_id) REFERENCES t034 (id)
);
CREATE INDEX t035_status ON t035 (status, created_at);
CREATE INDEX t035_name ON t035 (name);

CREATE TABLE t036 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t036_code UNIQUE (code),
    CONSTRAINT t036_parent FOREIGN KEY (parent_id) REFERENCES t035 (id)
);
CREATE INDEX t036_status ON t036 (status, created_at);
CREATE INDEX t036_name ON t036 (name);

CREATE TABLE t037 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t037_code UNIQUE (code),
    CONSTRAINT t037_parent FOREIGN KEY (parent_id) REFERENCES t036 (id)
);
CREATE INDEX t037_status ON t037 (status, created_at);
CREATE INDEX t037_name ON t037 (name);

CREATE TABLE t038 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t038_code UNIQUE (code),
    CONSTRAINT t038_parent FOREIGN KEY (parent_id) REFERENCES t037 (id)
);
CREATE INDEX t038_status ON t038 (status, created_at);
CREATE INDEX t038_name ON t038 (name);

CREATE TABLE t039 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t039_code UNIQUE (code),
    CONSTRAINT t039_parent FOREIGN KEY (parent_id) REFERENCES t038 (id)
);
CREATE INDEX t039_status ON t039 (status, created_at);
CREATE INDEX t039_name ON t039 (name);
