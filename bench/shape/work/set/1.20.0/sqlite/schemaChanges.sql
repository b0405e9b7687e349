-- 10 tables of the shape benchmark
CREATE TABLE t200 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t200_code UNIQUE (code),
    CONSTRAINT t200_parent FOREIGN KEY (parent_id) REFERENCES t199 (id)
);
CREATE INDEX t200_status ON t200 (status, created_at);
CREATE INDEX t200_name ON t200 (name);
CREATE VIEW v200 AS SELECT id, code, status FROM t200 WHERE status > 0;
CREATE TRIGGER t200_touch AFTER UPDATE ON t200 FOR EACH ROW BEGIN UPDATE t200 SET note = 'touched' WHERE id = NEW.id; END;

CREATE TABLE t201 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t201_code UNIQUE (code),
    CONSTRAINT t201_parent FOREIGN KEY (parent_id) REFERENCES t200 (id)
);
CREATE INDEX t201_status ON t201 (status, created_at);
CREATE INDEX t201_name ON t201 (name);

CREATE TABLE t202 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t202_code UNIQUE (code),
    CONSTRAINT t202_parent FOREIGN KEY (parent_id) REFERENCES t201 (id)
);
CREATE INDEX t202_status ON t202 (status, created_at);
CREATE INDEX t202_name ON t202 (name);

CREATE TABLE t203 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t203_code UNIQUE (code),
    CONSTRAINT t203_parent FOREIGN KEY (parent_id) REFERENCES t202 (id)
);
CREATE INDEX t203_status ON t203 (status, created_at);
CREATE INDEX t203_name ON t203 (name);

CREATE TABLE t204 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t204_code UNIQUE (code),
    CONSTRAINT t204_parent FOREIGN KEY (parent_id) REFERENCES t203 (id)
);
CREATE INDEX t204_status ON t204 (status, created_at);
CREATE INDEX t204_name ON t204 (name);

CREATE TABLE t205 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t205_code UNIQUE (code),
    CONSTRAINT t205_parent FOREIGN KEY (parent_id) REFERENCES t204 (id)
);
CREATE INDEX t205_status ON t205 (status, created_at);
CREATE INDEX t205_name ON t205 (name);

CREATE TABLE t206 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t206_code UNIQUE (code),
    CONSTRAINT t206_parent FOREIGN KEY (parent_id) REFERENCES t205 (id)
);
CREATE INDEX t206_status ON t206 (status, created_at);
CREATE INDEX t206_name ON t206 (name);

CREATE TABLE t207 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t207_code UNIQUE (code),
    CONSTRAINT t207_parent FOREIGN KEY (parent_id) REFERENCES t206 (id)
);
CREATE INDEX t207_status ON t207 (status, created_at);
CREATE INDEX t207_name ON t207 (name);

CREATE TABLE t208 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t208_code UNIQUE (code),
    CONSTRAINT t208_parent FOREIGN KEY (parent_id) REFERENCES t207 (id)
);
CREATE INDEX t208_status ON t208 (status, created_at);
CREATE INDEX t208_name ON t208 (name);

CREATE TABLE t209 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t209_code UNIQUE (code),
    CONSTRAINT t209_parent FOREIGN KEY (parent_id) REFERENCES t208 (id)
);
CREATE INDEX t209_status ON t209 (status, created_at);
CREATE INDEX t209_name ON t209 (name);
