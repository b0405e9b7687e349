-- 10 tables of the shape benchmark
CREATE TABLE t180 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t180_code UNIQUE (code),
    CONSTRAINT t180_parent FOREIGN KEY (parent_id) REFERENCES t179 (id)
);
CREATE INDEX t180_status ON t180 (status, created_at);
CREATE INDEX t180_name ON t180 (name);
CREATE VIEW v180 AS SELECT id, code, status FROM t180 WHERE status > 0;
CREATE FUNCTION t180_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t180_touch BEFORE UPDATE ON t180 FOR EACH ROW EXECUTE FUNCTION t180_touch();

CREATE TABLE t181 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t181_code UNIQUE (code),
    CONSTRAINT t181_parent FOREIGN KEY (parent_id) REFERENCES t180 (id)
);
CREATE INDEX t181_status ON t181 (status, created_at);
CREATE INDEX t181_name ON t181 (name);

CREATE TABLE t182 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t182_code UNIQUE (code),
    CONSTRAINT t182_parent FOREIGN KEY (parent_id) REFERENCES t181 (id)
);
CREATE INDEX t182_status ON t182 (status, created_at);
CREATE INDEX t182_name ON t182 (name);

CREATE TABLE t183 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t183_code UNIQUE (code),
    CONSTRAINT t183_parent FOREIGN KEY (parent_id) REFERENCES t182 (id)
);
CREATE INDEX t183_status ON t183 (status, created_at);
CREATE INDEX t183_name ON t183 (name);

CREATE TABLE t184 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t184_code UNIQUE (code),
    CONSTRAINT t184_parent FOREIGN KEY (parent_id) REFERENCES t183 (id)
);
CREATE INDEX t184_status ON t184 (status, created_at);
CREATE INDEX t184_name ON t184 (name);

CREATE TABLE t185 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t185_code UNIQUE (code),
    CONSTRAINT t185_parent FOREIGN KEY (parent_id) REFERENCES t184 (id)
);
CREATE INDEX t185_status ON t185 (status, created_at);
CREATE INDEX t185_name ON t185 (name);

CREATE TABLE t186 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t186_code UNIQUE (code),
    CONSTRAINT t186_parent FOREIGN KEY (parent_id) REFERENCES t185 (id)
);
CREATE INDEX t186_status ON t186 (status, created_at);
CREATE INDEX t186_name ON t186 (name);

CREATE TABLE t187 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t187_code UNIQUE (code),
    CONSTRAINT t187_parent FOREIGN KEY (parent_id) REFERENCES t186 (id)
);
CREATE INDEX t187_status ON t187 (status, created_at);
CREATE INDEX t187_name ON t187 (name);

CREATE TABLE t188 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t188_code UNIQUE (code),
    CONSTRAINT t188_parent FOREIGN KEY (parent_id) REFERENCES t187 (id)
);
CREATE INDEX t188_status ON t188 (status, created_at);
CREATE INDEX t188_name ON t188 (name);

CREATE TABLE t189 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t189_code UNIQUE (code),
    CONSTRAINT t189_parent FOREIGN KEY (parent_id) REFERENCES t188 (id)
);
CREATE INDEX t189_status ON t189 (status, created_at);
CREATE INDEX t189_name ON t189 (name);
