-- 10 tables of the shape benchmark
CREATE TABLE t270 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t270_code UNIQUE (code),
    CONSTRAINT t270_parent FOREIGN KEY (parent_id) REFERENCES t269 (id)
);
CREATE INDEX t270_status ON t270 (status, created_at);
CREATE INDEX t270_name ON t270 (name);
CREATE VIEW v270 AS SELECT id, code, status FROM t270 WHERE status > 0;
CREATE TRIGGER t270_touch BEFORE UPDATE ON t270 FOR EACH ROW SET NEW.status = NEW.status + 1;

CREATE TABLE t271 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t271_code UNIQUE (code),
    CONSTRAINT t271_parent FOREIGN KEY (parent_id) REFERENCES t270 (id)
);
CREATE INDEX t271_status ON t271 (status, created_at);
CREATE INDEX t271_name ON t271 (name);

CREATE TABLE t272 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t272_code UNIQUE (code),
    CONSTRAINT t272_parent FOREIGN KEY (parent_id) REFERENCES t271 (id)
);
CREATE INDEX t272_status ON t272 (status, created_at);
CREATE INDEX t272_name ON t272 (name);

CREATE TABLE t273 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t273_code UNIQUE (code),
    CONSTRAINT t273_parent FOREIGN KEY (parent_id) REFERENCES t272 (id)
);
CREATE INDEX t273_status ON t273 (status, created_at);
CREATE INDEX t273_name ON t273 (name);

CREATE TABLE t274 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t274_code UNIQUE (code),
    CONSTRAINT t274_parent FOREIGN KEY (parent_id) REFERENCES t273 (id)
);
CREATE INDEX t274_status ON t274 (status, created_at);
CREATE INDEX t274_name ON t274 (name);

CREATE TABLE t275 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t275_code UNIQUE (code),
    CONSTRAINT t275_parent FOREIGN KEY (parent_id) REFERENCES t274 (id)
);
CREATE INDEX t275_status ON t275 (status, created_at);
CREATE INDEX t275_name ON t275 (name);

CREATE TABLE t276 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t276_code UNIQUE (code),
    CONSTRAINT t276_parent FOREIGN KEY (parent_id) REFERENCES t275 (id)
);
CREATE INDEX t276_status ON t276 (status, created_at);
CREATE INDEX t276_name ON t276 (name);

CREATE TABLE t277 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t277_code UNIQUE (code),
    CONSTRAINT t277_parent FOREIGN KEY (parent_id) REFERENCES t276 (id)
);
CREATE INDEX t277_status ON t277 (status, created_at);
CREATE INDEX t277_name ON t277 (name);

CREATE TABLE t278 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t278_code UNIQUE (code),
    CONSTRAINT t278_parent FOREIGN KEY (parent_id) REFERENCES t277 (id)
);
CREATE INDEX t278_status ON t278 (status, created_at);
CREATE INDEX t278_name ON t278 (name);

CREATE TABLE t279 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t279_code UNIQUE (code),
    CONSTRAINT t279_parent FOREIGN KEY (parent_id) REFERENCES t278 (id)
);
CREATE INDEX t279_status ON t279 (status, created_at);
CREATE INDEX t279_name ON t279 (name);
