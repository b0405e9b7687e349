-- 10 tables of the shape benchmark
CREATE TABLE t210 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t210_code UNIQUE (code),
    CONSTRAINT t210_parent FOREIGN KEY (parent_id) REFERENCES t209 (id)
);
CREATE INDEX t210_status ON t210 (status, created_at);
CREATE INDEX t210_name ON t210 (name);
CREATE VIEW v210 AS SELECT id, code, status FROM t210 WHERE status > 0;
CREATE TRIGGER t210_touch BEFORE UPDATE ON t210 FOR EACH ROW SET NEW.status = NEW.status + 1;

CREATE TABLE t211 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t211_code UNIQUE (code),
    CONSTRAINT t211_parent FOREIGN KEY (parent_id) REFERENCES t210 (id)
);
CREATE INDEX t211_status ON t211 (status, created_at);
CREATE INDEX t211_name ON t211 (name);

CREATE TABLE t212 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t212_code UNIQUE (code),
    CONSTRAINT t212_parent FOREIGN KEY (parent_id) REFERENCES t211 (id)
);
CREATE INDEX t212_status ON t212 (status, created_at);
CREATE INDEX t212_name ON t212 (name);

CREATE TABLE t213 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t213_code UNIQUE (code),
    CONSTRAINT t213_parent FOREIGN KEY (parent_id) REFERENCES t212 (id)
);
CREATE INDEX t213_status ON t213 (status, created_at);
CREATE INDEX t213_name ON t213 (name);

CREATE TABLE t214 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t214_code UNIQUE (code),
    CONSTRAINT t214_parent FOREIGN KEY (parent_id) REFERENCES t213 (id)
);
CREATE INDEX t214_status ON t214 (status, created_at);
CREATE INDEX t214_name ON t214 (name);

CREATE TABLE t215 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t215_code UNIQUE (code),
    CONSTRAINT t215_parent FOREIGN KEY (parent_id) REFERENCES t214 (id)
);
CREATE INDEX t215_status ON t215 (status, created_at);
CREATE INDEX t215_name ON t215 (name);

CREATE TABLE t216 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t216_code UNIQUE (code),
    CONSTRAINT t216_parent FOREIGN KEY (parent_id) REFERENCES t215 (id)
);
CREATE INDEX t216_status ON t216 (status, created_at);
CREATE INDEX t216_name ON t216 (name);

CREATE TABLE t217 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t217_code UNIQUE (code),
    CONSTRAINT t217_parent FOREIGN KEY (parent_id) REFERENCES t216 (id)
);
CREATE INDEX t217_status ON t217 (status, created_at);
CREATE INDEX t217_name ON t217 (name);

CREATE TABLE t218 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t218_code UNIQUE (code),
    CONSTRAINT t218_parent FOREIGN KEY (parent_id) REFERENCES t217 (id)
);
CREATE INDEX t218_status ON t218 (status, created_at);
CREATE INDEX t218_name ON t218 (name);

CREATE TABLE t219 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t219_code UNIQUE (code),
    CONSTRAINT t219_parent FOREIGN KEY (parent_id) REFERENCES t218 (id)
);
CREATE INDEX t219_status ON t219 (status, created_at);
CREATE INDEX t219_name ON t219 (name);
