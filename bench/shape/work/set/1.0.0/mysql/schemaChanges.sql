-- 10 tables of the shape benchmark
CREATE TABLE t000 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t000_code UNIQUE (code)
);
CREATE INDEX t000_status ON t000 (status, created_at);
CREATE INDEX t000_name ON t000 (name);
CREATE VIEW v000 AS SELECT id, code, status FROM t000 WHERE status > 0;
CREATE TRIGGER t000_touch BEFORE UPDATE ON t000 FOR EACH ROW SET NEW.status = NEW.status + 1;

CREATE TABLE t001 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t001_code UNIQUE (code),
    CONSTRAINT t001_parent FOREIGN KEY (parent_id) REFERENCES t000 (id)
);
CREATE INDEX t001_status ON t001 (status, created_at);
CREATE INDEX t001_name ON t001 (name);

CREATE TABLE t002 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t002_code UNIQUE (code),
    CONSTRAINT t002_parent FOREIGN KEY (parent_id) REFERENCES t001 (id)
);
CREATE INDEX t002_status ON t002 (status, created_at);
CREATE INDEX t002_name ON t002 (name);

CREATE TABLE t003 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t003_code UNIQUE (code),
    CONSTRAINT t003_parent FOREIGN KEY (parent_id) REFERENCES t002 (id)
);
CREATE INDEX t003_status ON t003 (status, created_at);
CREATE INDEX t003_name ON t003 (name);

CREATE TABLE t004 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t004_code UNIQUE (code),
    CONSTRAINT t004_parent FOREIGN KEY (parent_id) REFERENCES t003 (id)
);
CREATE INDEX t004_status ON t004 (status, created_at);
CREATE INDEX t004_name ON t004 (name);

CREATE TABLE t005 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t005_code UNIQUE (code),
    CONSTRAINT t005_parent FOREIGN KEY (parent_id) REFERENCES t004 (id)
);
CREATE INDEX t005_status ON t005 (status, created_at);
CREATE INDEX t005_name ON t005 (name);

CREATE TABLE t006 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t006_code UNIQUE (code),
    CONSTRAINT t006_parent FOREIGN KEY (parent_id) REFERENCES t005 (id)
);
CREATE INDEX t006_status ON t006 (status, created_at);
CREATE INDEX t006_name ON t006 (name);

CREATE TABLE t007 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t007_code UNIQUE (code),
    CONSTRAINT t007_parent FOREIGN KEY (parent_id) REFERENCES t006 (id)
);
CREATE INDEX t007_status ON t007 (status, created_at);
CREATE INDEX t007_name ON t007 (name);

CREATE TABLE t008 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t008_code UNIQUE (code),
    CONSTRAINT t008_parent FOREIGN KEY (parent_id) REFERENCES t007 (id)
);
CREATE INDEX t008_status ON t008 (status, created_at);
CREATE INDEX t008_name ON t008 (name);

CREATE TABLE t009 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t009_code UNIQUE (code),
    CONSTRAINT t009_parent FOREIGN KEY (parent_id) REFERENCES t008 (id)
);
CREATE INDEX t009_status ON t009 (status, created_at);
CREATE INDEX t009_name ON t009 (name);
