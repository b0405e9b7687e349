-- 10 tables of the shape benchmark
CREATE TABLE t050 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t050_code UNIQUE (code),
    CONSTRAINT t050_parent FOREIGN KEY (parent_id) REFERENCES t049 (id)
);
CREATE INDEX t050_status ON t050 (status, created_at);
CREATE INDEX t050_name ON t050 (name);
CREATE VIEW v050 AS SELECT id, code, status FROM t050 WHERE status > 0;
CREATE TRIGGER t050_touch BEFORE UPDATE ON t050 FOR EACH ROW SET NEW.status = NEW.status + 1;

CREATE TABLE t051 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t051_code UNIQUE (code),
    CONSTRAINT t051_parent FOREIGN KEY (parent_id) REFERENCES t050 (id)
);
CREATE INDEX t051_status ON t051 (status, created_at);
CREATE INDEX t051_name ON t051 (name);

CREATE TABLE t052 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t052_code UNIQUE (code),
    CONSTRAINT t052_parent FOREIGN KEY (parent_id) REFERENCES t051 (id)
);
CREATE INDEX t052_status ON t052 (status, created_at);
CREATE INDEX t052_name ON t052 (name);

CREATE TABLE t053 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t053_code UNIQUE (code),
    CONSTRAINT t053_parent FOREIGN KEY (parent_id) REFERENCES t052 (id)
);
CREATE INDEX t053_status ON t053 (status, created_at);
CREATE INDEX t053_name ON t053 (name);

CREATE TABLE t054 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t054_code UNIQUE (code),
    CONSTRAINT t054_parent FOREIGN KEY (parent_id) REFERENCES t053 (id)
);
CREATE INDEX t054_status ON t054 (status, created_at);
CREATE INDEX t054_name ON t054 (name);

CREATE TABLE t055 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t055_code UNIQUE (code),
    CONSTRAINT t055_parent FOREIGN KEY (parent_id) REFERENCES t054 (id)
);
CREATE INDEX t055_status ON t055 (status, created_at);
CREATE INDEX t055_name ON t055 (name);

CREATE TABLE t056 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t056_code UNIQUE (code),
    CONSTRAINT t056_parent FOREIGN KEY (parent_id) REFERENCES t055 (id)
);
CREATE INDEX t056_status ON t056 (status, created_at);
CREATE INDEX t056_name ON t056 (name);

CREATE TABLE t057 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t057_code UNIQUE (code),
    CONSTRAINT t057_parent FOREIGN KEY (parent_id) REFERENCES t056 (id)
);
CREATE INDEX t057_status ON t057 (status, created_at);
CREATE INDEX t057_name ON t057 (name);

CREATE TABLE t058 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t058_code UNIQUE (code),
    CONSTRAINT t058_parent FOREIGN KEY (parent_id) REFERENCES t057 (id)
);
CREATE INDEX t058_status ON t058 (status, created_at);
CREATE INDEX t058_name ON t058 (name);

CREATE TABLE t059 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t059_code UNIQUE (code),
    CONSTRAINT t059_parent FOREIGN KEY (parent_id) REFERENCES t058 (id)
);
CREATE INDEX t059_status ON t059 (status, created_at);
CREATE INDEX t059_name ON t059 (name);
