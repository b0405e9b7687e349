-- 10 tables of the shape benchmark
CREATE TABLE t140 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t140_code UNIQUE (code),
    CONSTRAINT t140_parent FOREIGN KEY (parent_id) REFERENCES t139 (id)
);
CREATE INDEX t140_status ON t140 (status, created_at);
CREATE INDEX t140_name ON t140 (name);
CREATE VIEW v140 AS SELECT id, code, status FROM t140 WHERE status > 0;
CREATE TRIGGER t140_touch BEFORE UPDATE ON t140 FOR EACH ROW SET NEW.status = NEW.status + 1;

CREATE TABLE t141 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t141_code UNIQUE (code),
    CONSTRAINT t141_parent FOREIGN KEY (parent_id) REFERENCES t140 (id)
);
CREATE INDEX t141_status ON t141 (status, created_at);
CREATE INDEX t141_name ON t141 (name);

CREATE TABLE t142 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t142_code UNIQUE (code),
    CONSTRAINT t142_parent FOREIGN KEY (parent_id) REFERENCES t141 (id)
);
CREATE INDEX t142_status ON t142 (status, created_at);
CREATE INDEX t142_name ON t142 (name);

CREATE TABLE t143 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t143_code UNIQUE (code),
    CONSTRAINT t143_parent FOREIGN KEY (parent_id) REFERENCES t142 (id)
);
CREATE INDEX t143_status ON t143 (status, created_at);
CREATE INDEX t143_name ON t143 (name);

CREATE TABLE t144 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t144_code UNIQUE (code),
    CONSTRAINT t144_parent FOREIGN KEY (parent_id) REFERENCES t143 (id)
);
CREATE INDEX t144_status ON t144 (status, created_at);
CREATE INDEX t144_name ON t144 (name);

CREATE TABLE t145 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t145_code UNIQUE (code),
    CONSTRAINT t145_parent FOREIGN KEY (parent_id) REFERENCES t144 (id)
);
CREATE INDEX t145_status ON t145 (status, created_at);
CREATE INDEX t145_name ON t145 (name);

CREATE TABLE t146 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t146_code UNIQUE (code),
    CONSTRAINT t146_parent FOREIGN KEY (parent_id) REFERENCES t145 (id)
);
CREATE INDEX t146_status ON t146 (status, created_at);
CREATE INDEX t146_name ON t146 (name);

CREATE TABLE t147 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t147_code UNIQUE (code),
    CONSTRAINT t147_parent FOREIGN KEY (parent_id) REFERENCES t146 (id)
);
CREATE INDEX t147_status ON t147 (status, created_at);
CREATE INDEX t147_name ON t147 (name);

CREATE TABLE t148 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t148_code UNIQUE (code),
    CONSTRAINT t148_parent FOREIGN KEY (parent_id) REFERENCES t147 (id)
);
CREATE INDEX t148_status ON t148 (status, created_at);
CREATE INDEX t148_name ON t148 (name);

CREATE TABLE t149 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t149_code UNIQUE (code),
    CONSTRAINT t149_parent FOREIGN KEY (parent_id) REFERENCES t148 (id)
);
CREATE INDEX t149_status ON t149 (status, created_at);
CREATE INDEX t149_name ON t149 (name);
