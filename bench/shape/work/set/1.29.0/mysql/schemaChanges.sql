-- 10 tables of the shape benchmark
CREATE TABLE t290 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t290_code UNIQUE (code),
    CONSTRAINT t290_parent FOREIGN KEY (parent_id) REFERENCES t289 (id)
);
CREATE INDEX t290_status ON t290 (status, created_at);
CREATE INDEX t290_name ON t290 (name);
CREATE VIEW v290 AS SELECT id, code, status FROM t290 WHERE status > 0;
CREATE TRIGGER t290_touch BEFORE UPDATE ON t290 FOR EACH ROW SET NEW.status = NEW.status + 1;

CREATE TABLE t291 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t291_code UNIQUE (code),
    CONSTRAINT t291_parent FOREIGN KEY (parent_id) REFERENCES t290 (id)
);
CREATE INDEX t291_status ON t291 (status, created_at);
CREATE INDEX t291_name ON t291 (name);

CREATE TABLE t292 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t292_code UNIQUE (code),
    CONSTRAINT t292_parent FOREIGN KEY (parent_id) REFERENCES t291 (id)
);
CREATE INDEX t292_status ON t292 (status, created_at);
CREATE INDEX t292_name ON t292 (name);

CREATE TABLE t293 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t293_code UNIQUE (code),
    CONSTRAINT t293_parent FOREIGN KEY (parent_id) REFERENCES t292 (id)
);
CREATE INDEX t293_status ON t293 (status, created_at);
CREATE INDEX t293_name ON t293 (name);

CREATE TABLE t294 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t294_code UNIQUE (code),
    CONSTRAINT t294_parent FOREIGN KEY (parent_id) REFERENCES t293 (id)
);
CREATE INDEX t294_status ON t294 (status, created_at);
CREATE INDEX t294_name ON t294 (name);

CREATE TABLE t295 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t295_code UNIQUE (code),
    CONSTRAINT t295_parent FOREIGN KEY (parent_id) REFERENCES t294 (id)
);
CREATE INDEX t295_status ON t295 (status, created_at);
CREATE INDEX t295_name ON t295 (name);

CREATE TABLE t296 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t296_code UNIQUE (code),
    CONSTRAINT t296_parent FOREIGN KEY (parent_id) REFERENCES t295 (id)
);
CREATE INDEX t296_status ON t296 (status, created_at);
CREATE INDEX t296_name ON t296 (name);

CREATE TABLE t297 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t297_code UNIQUE (code),
    CONSTRAINT t297_parent FOREIGN KEY (parent_id) REFERENCES t296 (id)
);
CREATE INDEX t297_status ON t297 (status, created_at);
CREATE INDEX t297_name ON t297 (name);

CREATE TABLE t298 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t298_code UNIQUE (code),
    CONSTRAINT t298_parent FOREIGN KEY (parent_id) REFERENCES t297 (id)
);
CREATE INDEX t298_status ON t298 (status, created_at);
CREATE INDEX t298_name ON t298 (name);

CREATE TABLE t299 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at DATETIME NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t299_code UNIQUE (code),
    CONSTRAINT t299_parent FOREIGN KEY (parent_id) REFERENCES t298 (id)
);
CREATE INDEX t299_status ON t299 (status, created_at);
CREATE INDEX t299_name ON t299 (name);
