-- 10 tables of the shape benchmark
CREATE TABLE t190 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t190_code UNIQUE (code),
    CONSTRAINT t190_parent FOREIGN KEY (parent_id) REFERENCES t189 (id)
);
CREATE INDEX t190_status ON t190 (status, created_at);
CREATE INDEX t190_name ON t190 (name);
CREATE VIEW v190 AS SELECT id, code, status FROM t190 WHERE status > 0;
CREATE TRIGGER t190_touch BEFORE UPDATE ON t190 FOR EACH ROW SET NEW.status = NEW.status + 1;

CREATE TABLE t191 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t191_code UNIQUE (code),
    CONSTRAINT t191_parent FOREIGN KEY (parent_id) REFERENCES t190 (id)
);
CREATE INDEX t191_status ON t191 (status, created_at);
CREATE INDEX t191_name ON t191 (name);

CREATE TABLE t192 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t192_code UNIQUE (code),
    CONSTRAINT t192_parent FOREIGN KEY (parent_id) REFERENCES t191 (id)
);
CREATE INDEX t192_status ON t192 (status, created_at);
CREATE INDEX t192_name ON t192 (name);

CREATE TABLE t193 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t193_code UNIQUE (code),
    CONSTRAINT t193_parent FOREIGN KEY (parent_id) REFERENCES t192 (id)
);
CREATE INDEX t193_status ON t193 (status, created_at);
CREATE INDEX t193_name ON t193 (name);

CREATE TABLE t194 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t194_code UNIQUE (code),
    CONSTRAINT t194_parent FOREIGN KEY (parent_id) REFERENCES t193 (id)
);
CREATE INDEX t194_status ON t194 (status, created_at);
CREATE INDEX t194_name ON t194 (name);

CREATE TABLE t195 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t195_code UNIQUE (code),
    CONSTRAINT t195_parent FOREIGN KEY (parent_id) REFERENCES t194 (id)
);
CREATE INDEX t195_status ON t195 (status, created_at);
CREATE INDEX t195_name ON t195 (name);

CREATE TABLE t196 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t196_code UNIQUE (code),
    CONSTRAINT t196_parent FOREIGN KEY (parent_id) REFERENCES t195 (id)
);
CREATE INDEX t196_status ON t196 (status, created_at);
CREATE INDEX t196_name ON t196 (name);

CREATE TABLE t197 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t197_code UNIQUE (code),
    CONSTRAINT t197_parent FOREIGN KEY (parent_id) REFERENCES t196 (id)
);
CREATE INDEX t197_status ON t197 (status, created_at);
CREATE INDEX t197_name ON t197 (name);

CREATE TABLE t198 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t198_code UNIQUE (code),
    CONSTRAINT t198_parent FOREIGN KEY (parent_id) REFERENCES t197 (id)
);
CREATE INDEX t198_status ON t198 (status, created_at);
CREATE INDEX t198_name ON t198 (name);

CREATE TABLE t199 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t199_code UNIQUE (code),
    CONSTRAINT t199_parent FOREIGN KEY (parent_id) REFERENCES t198 (id)
);
CREATE INDEX t199_status ON t199 (status, created_at);
CREATE INDEX t199_name ON t199 (name);
