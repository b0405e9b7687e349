-- 10 tables of the shape benchmark
CREATE TABLE t120 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t120_code UNIQUE (code),
    CONSTRAINT t120_parent FOREIGN KEY (parent_id) REFERENCES t119 (id)
);
CREATE INDEX t120_status ON t120 (status, created_at);
CREATE INDEX t120_name ON t120 (name);
CREATE VIEW v120 AS SELECT id, code, status FROM t120 WHERE status > 0;
CREATE TRIGGER t120_touch BEFORE UPDATE ON t120 FOR EACH ROW SET NEW.status = NEW.status + 1;

CREATE TABLE t121 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t121_code UNIQUE (code),
    CONSTRAINT t121_parent FOREIGN KEY (parent_id) REFERENCES t120 (id)
);
CREATE INDEX t121_status ON t121 (status, created_at);
CREATE INDEX t121_name ON t121 (name);

CREATE TABLE t122 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t122_code UNIQUE (code),
    CONSTRAINT t122_parent FOREIGN KEY (parent_id) REFERENCES t121 (id)
);
CREATE INDEX t122_status ON t122 (status, created_at);
CREATE INDEX t122_name ON t122 (name);

CREATE TABLE t123 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t123_code UNIQUE (code),
    CONSTRAINT t123_parent FOREIGN KEY (parent_id) REFERENCES t122 (id)
);
CREATE INDEX t123_status ON t123 (status, created_at);
CREATE INDEX t123_name ON t123 (name);

CREATE TABLE t124 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t124_code UNIQUE (code),
    CONSTRAINT t124_parent FOREIGN KEY (parent_id) REFERENCES t123 (id)
);
CREATE INDEX t124_status ON t124 (status, created_at);
CREATE INDEX t124_name ON t124 (name);

CREATE TABLE t125 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t125_code UNIQUE (code),
    CONSTRAINT t125_parent FOREIGN KEY (parent_id) REFERENCES t124 (id)
);
CREATE INDEX t125_status ON t125 (status, created_at);
CREATE INDEX t125_name ON t125 (name);

CREATE TABLE t126 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t126_code UNIQUE (code),
    CONSTRAINT t126_parent FOREIGN KEY (parent_id) REFERENCES t125 (id)
);
CREATE INDEX t126_status ON t126 (status, created_at);
CREATE INDEX t126_name ON t126 (name);

CREATE TABLE t127 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t127_code UNIQUE (code),
    CONSTRAINT t127_parent FOREIGN KEY (parent_id) REFERENCES t126 (id)
);
CREATE INDEX t127_status ON t127 (status, created_at);
CREATE INDEX t127_name ON t127 (name);

CREATE TABLE t128 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t128_code UNIQUE (code),
    CONSTRAINT t128_parent FOREIGN KEY (parent_id) REFERENCES t127 (id)
);
CREATE INDEX t128_status ON t128 (status, created_at);
CREATE INDEX t128_name ON t128 (name);

CREATE TABLE t129 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t129_code UNIQUE (code),
    CONSTRAINT t129_parent FOREIGN KEY (parent_id) REFERENCES t128 (id)
);
CREATE INDEX t129_status ON t129 (status, created_at);
CREATE INDEX t129_name ON t129 (name);
