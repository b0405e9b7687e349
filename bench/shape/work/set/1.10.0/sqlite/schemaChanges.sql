-- 10 tables of the shape benchmark
CREATE TABLE t100 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t100_code UNIQUE (code),
    CONSTRAINT t100_parent FOREIGN KEY (parent_id) REFERENCES t099 (id)
);
CREATE INDEX t100_status ON t100 (status, created_at);
CREATE INDEX t100_name ON t100 (name);
CREATE VIEW v100 AS SELECT id, code, status FROM t100 WHERE status > 0;
CREATE TRIGGER t100_touch AFTER UPDATE ON t100 FOR EACH ROW BEGIN UPDATE t100 SET note = 'touched' WHERE id = NEW.id; END;

CREATE TABLE t101 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t101_code UNIQUE (code),
    CONSTRAINT t101_parent FOREIGN KEY (parent_id) REFERENCES t100 (id)
);
CREATE INDEX t101_status ON t101 (status, created_at);
CREATE INDEX t101_name ON t101 (name);

CREATE TABLE t102 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t102_code UNIQUE (code),
    CONSTRAINT t102_parent FOREIGN KEY (parent_id) REFERENCES t101 (id)
);
CREATE INDEX t102_status ON t102 (status, created_at);
CREATE INDEX t102_name ON t102 (name);

CREATE TABLE t103 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t103_code UNIQUE (code),
    CONSTRAINT t103_parent FOREIGN KEY (parent_id) REFERENCES t102 (id)
);
CREATE INDEX t103_status ON t103 (status, created_at);
CREATE INDEX t103_name ON t103 (name);

CREATE TABLE t104 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t104_code UNIQUE (code),
    CONSTRAINT t104_parent FOREIGN KEY (parent_id) REFERENCES t103 (id)
);
CREATE INDEX t104_status ON t104 (status, created_at);
CREATE INDEX t104_name ON t104 (name);

CREATE TABLE t105 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t105_code UNIQUE (code),
    CONSTRAINT t105_parent FOREIGN KEY (parent_id) REFERENCES t104 (id)
);
CREATE INDEX t105_status ON t105 (status, created_at);
CREATE INDEX t105_name ON t105 (name);

CREATE TABLE t106 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t106_code UNIQUE (code),
    CONSTRAINT t106_parent FOREIGN KEY (parent_id) REFERENCES t105 (id)
);
CREATE INDEX t106_status ON t106 (status, created_at);
CREATE INDEX t106_name ON t106 (name);

CREATE TABLE t107 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t107_code UNIQUE (code),
    CONSTRAINT t107_parent FOREIGN KEY (parent_id) REFERENCES t106 (id)
);
CREATE INDEX t107_status ON t107 (status, created_at);
CREATE INDEX t107_name ON t107 (name);

CREATE TABLE t108 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t108_code UNIQUE (code),
    CONSTRAINT t108_parent FOREIGN KEY (parent_id) REFERENCES t107 (id)
);
CREATE INDEX t108_status ON t108 (status, created_at);
CREATE INDEX t108_name ON t108 (name);

CREATE TABLE t109 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TEXT NOT NULL,
    note TEXT,
    CONSTRAINT t109_code UNIQUE (code),
    CONSTRAINT t109_parent FOREIGN KEY (parent_id) REFERENCES t108 (id)
);
CREATE INDEX t109_status ON t109 (status, created_at);
CREATE INDEX t109_name ON t109 (name);
