-- 10 tables of the shape benchmark
CREATE TABLE t110 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t110_code UNIQUE (code),
    CONSTRAINT t110_parent FOREIGN KEY (parent_id) REFERENCES t109 (id)
);
CREATE INDEX t110_status ON t110 (status, created_at);
CREATE INDEX t110_name ON t110 (name);
CREATE VIEW v110 AS SELECT id, code, status FROM t110 WHERE status > 0;
CREATE FUNCTION t110_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t110_touch BEFORE UPDATE ON t110 FOR EACH ROW EXECUTE FUNCTION t110_touch();

CREATE TABLE t111 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t111_code UNIQUE (code),
    CONSTRAINT t111_parent FOREIGN KEY (parent_id) REFERENCES t110 (id)
);
CREATE INDEX t111_status ON t111 (status, created_at);
CREATE INDEX t111_name ON t111 (name);

CREATE TABLE t112 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t112_code UNIQUE (code),
    CONSTRAINT t112_parent FOREIGN KEY (parent_id) REFERENCES t111 (id)
);
CREATE INDEX t112_status ON t112 (status, created_at);
CREATE INDEX t112_name ON t112 (name);

CREATE TABLE t113 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t113_code UNIQUE (code),
    CONSTRAINT t113_parent FOREIGN KEY (parent_id) REFERENCES t112 (id)
);
CREATE INDEX t113_status ON t113 (status, created_at);
CREATE INDEX t113_name ON t113 (name);

CREATE TABLE t114 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t114_code UNIQUE (code),
    CONSTRAINT t114_parent FOREIGN KEY (parent_id) REFERENCES t113 (id)
);
CREATE INDEX t114_status ON t114 (status, created_at);
CREATE INDEX t114_name ON t114 (name);

CREATE TABLE t115 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t115_code UNIQUE (code),
    CONSTRAINT t115_parent FOREIGN KEY (parent_id) REFERENCES t114 (id)
);
CREATE INDEX t115_status ON t115 (status, created_at);
CREATE INDEX t115_name ON t115 (name);

CREATE TABLE t116 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t116_code UNIQUE (code),
    CONSTRAINT t116_parent FOREIGN KEY (parent_id) REFERENCES t115 (id)
);
CREATE INDEX t116_status ON t116 (status, created_at);
CREATE INDEX t116_name ON t116 (name);

CREATE TABLE t117 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t117_code UNIQUE (code),
    CONSTRAINT t117_parent FOREIGN KEY (parent_id) REFERENCES t116 (id)
);
CREATE INDEX t117_status ON t117 (status, created_at);
CREATE INDEX t117_name ON t117 (name);

CREATE TABLE t118 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t118_code UNIQUE (code),
    CONSTRAINT t118_parent FOREIGN KEY (parent_id) REFERENCES t117 (id)
);
CREATE INDEX t118_status ON t118 (status, created_at);
CREATE INDEX t118_name ON t118 (name);

CREATE TABLE t119 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t119_code UNIQUE (code),
    CONSTRAINT t119_parent FOREIGN KEY (parent_id) REFERENCES t118 (id)
);
CREATE INDEX t119_status ON t119 (status, created_at);
CREATE INDEX t119_name ON t119 (name);
