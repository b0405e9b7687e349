-- 10 tables of the shape benchmark
CREATE TABLE t220 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t220_code UNIQUE (code),
    CONSTRAINT t220_parent FOREIGN KEY (parent_id) REFERENCES t219 (id)
);
CREATE INDEX t220_status ON t220 (status, created_at);
CREATE INDEX t220_name ON t220 (name);
CREATE VIEW v220 AS SELECT id, code, status FROM t220 WHERE status > 0;
CREATE TRIGGER t220_touch AFTER UPDATE ON t220 FOR EACH ROW BEGIN UPDATE t220 SET note = 'touched' WHERE id = NEW.id; END;

CREATE TABLE t221 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t221_code UNIQUE (code),
    CONSTRAINT t221_parent FOREIGN KEY (parent_id) REFERENCES t220 (id)
);
CREATE INDEX t221_status ON t221 (status, created_at);
CREATE INDEX t221_name ON t221 (name);

CREATE TABLE t222 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t222_code UNIQUE (code),
    CONSTRAINT t222_parent FOREIGN KEY (parent_id) REFERENCES t221 (id)
);
CREATE INDEX t222_status ON t222 (status, created_at);
CREATE INDEX t222_name ON t222 (name);

CREATE TABLE t223 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t223_code UNIQUE (code),
    CONSTRAINT t223_parent FOREIGN KEY (parent_id) REFERENCES t222 (id)
);
CREATE INDEX t223_status ON t223 (status, created_at);
CREATE INDEX t223_name ON t223 (name);

CREATE TABLE t224 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t224_code UNIQUE (code),
    CONSTRAINT t224_parent FOREIGN KEY (parent_id) REFERENCES t223 (id)
);
CREATE INDEX t224_status ON t224 (status, created_at);
CREATE INDEX t224_name ON t224 (name);

CREATE TABLE t225 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t225_code UNIQUE (code),
    CONSTRAINT t225_parent FOREIGN KEY (parent_id) REFERENCES t224 (id)
);
CREATE INDEX t225_status ON t225 (status, created_at);
CREATE INDEX t225_name ON t225 (name);

CREATE TABLE t226 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t226_code UNIQUE (code),
    CONSTRAINT t226_parent FOREIGN KEY (parent_id) REFERENCES t225 (id)
);
CREATE INDEX t226_status ON t226 (status, created_at);
CREATE INDEX t226_name ON t226 (name);

CREATE TABLE t227 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t227_code UNIQUE (code),
    CONSTRAINT t227_parent FOREIGN KEY (parent_id) REFERENCES t226 (id)
);
CREATE INDEX t227_status ON t227 (status, created_at);
CREATE INDEX t227_name ON t227 (name);

CREATE TABLE t228 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t228_code UNIQUE (code),
    CONSTRAINT t228_parent FOREIGN KEY (parent_id) REFERENCES t227 (id)
);
CREATE INDEX t228_status ON t228 (status, created_at);
CREATE INDEX t228_name ON t228 (name);

CREATE TABLE t229 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t229_code UNIQUE (code),
    CONSTRAINT t229_parent FOREIGN KEY (parent_id) REFERENCES t228 (id)
);
CREATE INDEX t229_status ON t229 (status, created_at);
CREATE INDEX t229_name ON t229 (name);
