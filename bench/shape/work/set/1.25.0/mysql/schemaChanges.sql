-- 10 tables of the shape benchmark
CREATE TABLE t250 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t250_code UNIQUE (code),
    CONSTRAINT t250_parent FOREIGN KEY (parent_id) REFERENCES t249 (id)
);
CREATE INDEX t250_status ON t250 (status, created_at);
CREATE INDEX t250_name ON t250 (name);
CREATE VIEW v250 AS SELECT id, code, status FROM t250 WHERE status > 0;
CREATE TRIGGER t250_touch BEFORE UPDATE ON t250 FOR EACH ROW SET NEW.status = NEW.status + 1;

CREATE TABLE t251 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t251_code UNIQUE (code),
    CONSTRAINT t251_parent FOREIGN KEY (parent_id) REFERENCES t250 (id)
);
CREATE INDEX t251_status ON t251 (status, created_at);
CREATE INDEX t251_name ON t251 (name);

CREATE TABLE t252 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t252_code UNIQUE (code),
    CONSTRAINT t252_parent FOREIGN KEY (parent_id) REFERENCES t251 (id)
);
CREATE INDEX t252_status ON t252 (status, created_at);
CREATE INDEX t252_name ON t252 (name);

CREATE TABLE t253 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t253_code UNIQUE (code),
    CONSTRAINT t253_parent FOREIGN KEY (parent_id) REFERENCES t252 (id)
);
CREATE INDEX t253_status ON t253 (status, created_at);
CREATE INDEX t253_name ON t253 (name);

CREATE TABLE t254 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t254_code UNIQUE (code),
    CONSTRAINT t254_parent FOREIGN KEY (parent_id) REFERENCES t253 (id)
);
CREATE INDEX t254_status ON t254 (status, created_at);
CREATE INDEX t254_name ON t254 (name);

CREATE TABLE t255 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t255_code UNIQUE (code),
    CONSTRAINT t255_parent FOREIGN KEY (parent_id) REFERENCES t254 (id)
);
CREATE INDEX t255_status ON t255 (status, created_at);
CREATE INDEX t255_name ON t255 (name);

CREATE TABLE t256 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t256_code UNIQUE (code),
    CONSTRAINT t256_parent FOREIGN KEY (parent_id) REFERENCES t255 (id)
);
CREATE INDEX t256_status ON t256 (status, created_at);
CREATE INDEX t256_name ON t256 (name);

CREATE TABLE t257 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t257_code UNIQUE (code),
    CONSTRAINT t257_parent FOREIGN KEY (parent_id) REFERENCES t256 (id)
);
CREATE INDEX t257_status ON t257 (status, created_at);
CREATE INDEX t257_name ON t257 (name);

CREATE TABLE t258 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t258_code UNIQUE (code),
    CONSTRAINT t258_parent FOREIGN KEY (parent_id) REFERENCES t257 (id)
);
CREATE INDEX t258_status ON t258 (status, created_at);
CREATE INDEX t258_name ON t258 (name);

CREATE TABLE t259 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t259_code UNIQUE (code),
    CONSTRAINT t259_parent FOREIGN KEY (parent_id) REFERENCES t258 (id)
);
CREATE INDEX t259_status ON t259 (status, created_at);
CREATE INDEX t259_name ON t259 (name);
