-- 10 tables of the shape benchmark
CREATE TABLE t170 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t170_code UNIQUE (code),
    CONSTRAINT t170_parent FOREIGN KEY (parent_id) REFERENCES t169 (id)
);
CREATE INDEX t170_status ON t170 (status, created_at);
CREATE INDEX t170_name ON t170 (name);
CREATE VIEW v170 AS SELECT id, code, status FROM t170 WHERE status > 0;
CREATE TRIGGER t170_touch BEFORE UPDATE ON t170 FOR EACH ROW SET NEW.status = NEW.status + 1;

CREATE TABLE t171 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t171_code UNIQUE (code),
    CONSTRAINT t171_parent FOREIGN KEY (parent_id) REFERENCES t170 (id)
);
CREATE INDEX t171_status ON t171 (status, created_at);
CREATE INDEX t171_name ON t171 (name);

CREATE TABLE t172 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t172_code UNIQUE (code),
    CONSTRAINT t172_parent FOREIGN KEY (parent_id) REFERENCES t171 (id)
);
CREATE INDEX t172_status ON t172 (status, created_at);
CREATE INDEX t172_name ON t172 (name);

CREATE TABLE t173 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t173_code UNIQUE (code),
    CONSTRAINT t173_parent FOREIGN KEY (parent_id) REFERENCES t172 (id)
);
CREATE INDEX t173_status ON t173 (status, created_at);
CREATE INDEX t173_name ON t173 (name);

CREATE TABLE t174 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t174_code UNIQUE (code),
    CONSTRAINT t174_parent FOREIGN KEY (parent_id) REFERENCES t173 (id)
);
CREATE INDEX t174_status ON t174 (status, created_at);
CREATE INDEX t174_name ON t174 (name);

CREATE TABLE t175 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t175_code UNIQUE (code),
    CONSTRAINT t175_parent FOREIGN KEY (parent_id) REFERENCES t174 (id)
);
CREATE INDEX t175_status ON t175 (status, created_at);
CREATE INDEX t175_name ON t175 (name);

CREATE TABLE t176 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t176_code UNIQUE (code),
    CONSTRAINT t176_parent FOREIGN KEY (parent_id) REFERENCES t175 (id)
);
CREATE INDEX t176_status ON t176 (status, created_at);
CREATE INDEX t176_name ON t176 (name);

CREATE TABLE t177 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t177_code UNIQUE (code),
    CONSTRAINT t177_parent FOREIGN KEY (parent_id) REFERENCES t176 (id)
);
CREATE INDEX t177_status ON t177 (status, created_at);
CREATE INDEX t177_name ON t177 (name);

CREATE TABLE t178 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t178_code UNIQUE (code),
    CONSTRAINT t178_parent FOREIGN KEY (parent_id) REFERENCES t177 (id)
);
CREATE INDEX t178_status ON t178 (status, created_at);
CREATE INDEX t178_name ON t178 (name);

CREATE TABLE t179 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t179_code UNIQUE (code),
    CONSTRAINT t179_parent FOREIGN KEY (parent_id) REFERENCES t178 (id)
);
CREATE INDEX t179_status ON t179 (status, created_at);
CREATE INDEX t179_name ON t179 (name);
