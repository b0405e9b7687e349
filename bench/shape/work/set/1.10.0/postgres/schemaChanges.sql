-- 10 tables of the shape benchmark
CREATE TABLE t100 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t100_code UNIQUE (code),
    CONSTRAINT t100_parent FOREIGN KEY (parent_id) REFERENCES t099 (id)
);
CREATE INDEX t100_status ON t100 (status, created_at);
CREATE INDEX t100_name ON t100 (name);
CREATE VIEW v100 AS SELECT id, code, status FROM t100 WHERE status > 0;
CREATE FUNCTION t100_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t100_touch BEFORE UPDATE ON t100 FOR EACH ROW EXECUTE FUNCTION t100_touch();

CREATE TABLE t101 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t101_code UNIQUE (code),
    CONSTRAINT t101_parent FOREIGN KEY (parent_id) REFERENCES t100 (id)
);
CREATE INDEX t101_status ON t101 (status, created_at);
CREATE INDEX t101_name ON t101 (name);

CREATE TABLE t102 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t102_code UNIQUE (code),
    CONSTRAINT t102_parent FOREIGN KEY (parent_id) REFERENCES t101 (id)
);
CREATE INDEX t102_status ON t102 (status, created_at);
CREATE INDEX t102_name ON t102 (name);

CREATE TABLE t103 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t103_code UNIQUE (code),
    CONSTRAINT t103_parent FOREIGN KEY (parent_id) REFERENCES t102 (id)
);
CREATE INDEX t103_status ON t103 (status, created_at);
CREATE INDEX t103_name ON t103 (name);

CREATE TABLE t104 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t104_code UNIQUE (code),
    CONSTRAINT t104_parent FOREIGN KEY (parent_id) REFERENCES t103 (id)
);
CREATE INDEX t104_status ON t104 (status, created_at);
CREATE INDEX t104_name ON t104 (name);

CREATE TABLE t105 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t105_code UNIQUE (code),
    CONSTRAINT t105_parent FOREIGN KEY (parent_id) REFERENCES t104 (id)
);
CREATE INDEX t105_status ON t105 (status, created_at);
CREATE INDEX t105_name ON t105 (name);

CREATE TABLE t106 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t106_code UNIQUE (code),
    CONSTRAINT t106_parent FOREIGN KEY (parent_id) REFERENCES t105 (id)
);
CREATE INDEX t106_status ON t106 (status, created_at);
CREATE INDEX t106_name ON t106 (name);

CREATE TABLE t107 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t107_code UNIQUE (code),
    CONSTRAINT t107_parent FOREIGN KEY (parent_id) REFERENCES t106 (id)
);
CREATE INDEX t107_status ON t107 (status, created_at);
CREATE INDEX t107_name ON t107 (name);

CREATE TABLE t108 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t108_code UNIQUE (code),
    CONSTRAINT t108_parent FOREIGN KEY (parent_id) REFERENCES t107 (id)
);
CREATE INDEX t108_status ON t108 (status, created_at);
CREATE INDEX t108_name ON t108 (name);

CREATE TABLE t109 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t109_code UNIQUE (code),
    CONSTRAINT t109_parent FOREIGN KEY (parent_id) REFERENCES t108 (id)
);
CREATE INDEX t109_status ON t109 (status, created_at);
CREATE INDEX t109_name ON t109 (name);
