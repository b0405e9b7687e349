-- 10 tables of the shape benchmark
CREATE TABLE t230 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t230_code UNIQUE (code),
    CONSTRAINT t230_parent FOREIGN KEY (parent_id) REFERENCES t229 (id)
);
CREATE INDEX t230_status ON t230 (status, created_at);
CREATE INDEX t230_name ON t230 (name);
CREATE VIEW v230 AS SELECT id, code, status FROM t230 WHERE status > 0;
CREATE TRIGGER t230_touch BEFORE UPDATE ON t230 FOR EACH ROW SET NEW.status = NEW.status + 1;

CREATE TABLE t231 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t231_code UNIQUE (code),
    CONSTRAINT t231_parent FOREIGN KEY (parent_id) REFERENCES t230 (id)
);
CREATE INDEX t231_status ON t231 (status, created_at);
CREATE INDEX t231_name ON t231 (name);

CREATE TABLE t232 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t232_code UNIQUE (code),
    CONSTRAINT t232_parent FOREIGN KEY (parent_id) REFERENCES t231 (id)
);
CREATE INDEX t232_status ON t232 (status, created_at);
CREATE INDEX t232_name ON t232 (name);

CREATE TABLE t233 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t233_code UNIQUE (code),
    CONSTRAINT t233_parent FOREIGN KEY (parent_id) REFERENCES t232 (id)
);
CREATE INDEX t233_status ON t233 (status, created_at);
CREATE INDEX t233_name ON t233 (name);

CREATE TABLE t234 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t234_code UNIQUE (code),
    CONSTRAINT t234_parent FOREIGN KEY (parent_id) REFERENCES t233 (id)
);
CREATE INDEX t234_status ON t234 (status, created_at);
CREATE INDEX t234_name ON t234 (name);

CREATE TABLE t235 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t235_code UNIQUE (code),
    CONSTRAINT t235_parent FOREIGN KEY (parent_id) REFERENCES t234 (id)
);
CREATE INDEX t235_status ON t235 (status, created_at);
CREATE INDEX t235_name ON t235 (name);

CREATE TABLE t236 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t236_code UNIQUE (code),
    CONSTRAINT t236_parent FOREIGN KEY (parent_id) REFERENCES t235 (id)
);
CREATE INDEX t236_status ON t236 (status, created_at);
CREATE INDEX t236_name ON t236 (name);

CREATE TABLE t237 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t237_code UNIQUE (code),
    CONSTRAINT t237_parent FOREIGN KEY (parent_id) REFERENCES t236 (id)
);
CREATE INDEX t237_status ON t237 (status, created_at);
CREATE INDEX t237_name ON t237 (name);

CREATE TABLE t238 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t238_code UNIQUE (code),
    CONSTRAINT t238_parent FOREIGN KEY (parent_id) REFERENCES t237 (id)
);
CREATE INDEX t238_status ON t238 (status, created_at);
CREATE INDEX t238_name ON t238 (name);

CREATE TABLE t239 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t239_code UNIQUE (code),
    CONSTRAINT t239_parent FOREIGN KEY (parent_id) REFERENCES t238 (id)
);
CREATE INDEX t239_status ON t239 (status, created_at);
CREATE INDEX t239_name ON t239 (name);
