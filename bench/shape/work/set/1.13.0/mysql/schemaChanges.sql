-- 10 tables of the shape benchmark
CREATE TABLE t130 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t130_code UNIQUE (code),
    CONSTRAINT t130_parent FOREIGN KEY (parent_id) REFERENCES t129 (id)
);
CREATE INDEX t130_status ON t130 (status, created_at);
CREATE INDEX t130_name ON t130 (name);
CREATE VIEW v130 AS SELECT id, code, status FROM t130 WHERE status > 0;
CREATE TRIGGER t130_touch BEFORE UPDATE ON t130 FOR EACH ROW SET NEW.status = NEW.status + 1;

CREATE TABLE t131 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t131_code UNIQUE (code),
    CONSTRAINT t131_parent FOREIGN KEY (parent_id) REFERENCES t130 (id)
);
CREATE INDEX t131_status ON t131 (status, created_at);
CREATE INDEX t131_name ON t131 (name);

CREATE TABLE t132 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t132_code UNIQUE (code),
    CONSTRAINT t132_parent FOREIGN KEY (parent_id) REFERENCES t131 (id)
);
CREATE INDEX t132_status ON t132 (status, created_at);
CREATE INDEX t132_name ON t132 (name);

CREATE TABLE t133 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t133_code UNIQUE (code),
    CONSTRAINT t133_parent FOREIGN KEY (parent_id) REFERENCES t132 (id)
);
CREATE INDEX t133_status ON t133 (status, created_at);
CREATE INDEX t133_name ON t133 (name);

CREATE TABLE t134 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t134_code UNIQUE (code),
    CONSTRAINT t134_parent FOREIGN KEY (parent_id) REFERENCES t133 (id)
);
CREATE INDEX t134_status ON t134 (status, created_at);
CREATE INDEX t134_name ON t134 (name);

CREATE TABLE t135 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t135_code UNIQUE (code),
    CONSTRAINT t135_parent FOREIGN KEY (parent_id) REFERENCES t134 (id)
);
CREATE INDEX t135_status ON t135 (status, created_at);
CREATE INDEX t135_name ON t135 (name);

CREATE TABLE t136 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t136_code UNIQUE (code),
    CONSTRAINT t136_parent FOREIGN KEY (parent_id) REFERENCES t135 (id)
);
CREATE INDEX t136_status ON t136 (status, created_at);
CREATE INDEX t136_name ON t136 (name);

CREATE TABLE t137 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t137_code UNIQUE (code),
    CONSTRAINT t137_parent FOREIGN KEY (parent_id) REFERENCES t136 (id)
);
CREATE INDEX t137_status ON t137 (status, created_at);
CREATE INDEX t137_name ON t137 (name);

CREATE TABLE t138 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t138_code UNIQUE (code),
    CONSTRAINT t138_parent FOREIGN KEY (parent_id) REFERENCES t137 (id)
);
CREATE INDEX t138_status ON t138 (status, created_at);
CREATE INDEX t138_name ON t138 (name);

CREATE TABLE t139 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t139_code UNIQUE (code),
    CONSTRAINT t139_parent FOREIGN KEY (parent_id) REFERENCES t138 (id)
);
CREATE INDEX t139_status ON t139 (status, created_at);
CREATE INDEX t139_name ON t139 (name);
