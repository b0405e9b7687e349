-- 10 tables of the shape benchmark
CREATE TABLE t220 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t220_code UNIQUE (code),
    CONSTRAINT t220_parent FOREIGN KEY (parent_id) REFERENCES t219 (id)
);
CREATE INDEX t220_status ON t220 (status, created_at);
CREATE INDEX t220_name ON t220 (name);
CREATE VIEW v220 AS SELECT id, code, status FROM t220 WHERE status > 0;
CREATE FUNCTION t220_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t220_touch BEFORE UPDATE ON t220 FOR EACH ROW EXECUTE FUNCTION t220_touch();

CREATE TABLE t221 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t221_code UNIQUE (code),
    CONSTRAINT t221_parent FOREIGN KEY (parent_id) REFERENCES t220 (id)
);
CREATE INDEX t221_status ON t221 (status, created_at);
CREATE INDEX t221_name ON t221 (name);

CREATE TABLE t222 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t222_code UNIQUE (code),
    CONSTRAINT t222_parent FOREIGN KEY (parent_id) REFERENCES t221 (id)
);
CREATE INDEX t222_status ON t222 (status, created_at);
CREATE INDEX t222_name ON t222 (name);

CREATE TABLE t223 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t223_code UNIQUE (code),
    CONSTRAINT t223_parent FOREIGN KEY (parent_id) REFERENCES t222 (id)
);
CREATE INDEX t223_status ON t223 (status, created_at);
CREATE INDEX t223_name ON t223 (name);

CREATE TABLE t224 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t224_code UNIQUE (code),
    CONSTRAINT t224_parent FOREIGN KEY (parent_id) REFERENCES t223 (id)
);
CREATE INDEX t224_status ON t224 (status, created_at);
CREATE INDEX t224_name ON t224 (name);

CREATE TABLE t225 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t225_code UNIQUE (code),
    CONSTRAINT t225_parent FOREIGN KEY (parent_id) REFERENCES t224 (id)
);
CREATE INDEX t225_status ON t225 (status, created_at);
CREATE INDEX t225_name ON t225 (name);

CREATE TABLE t226 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t226_code UNIQUE (code),
    CONSTRAINT t226_parent FOREIGN KEY (parent_id) REFERENCES t225 (id)
);
CREATE INDEX t226_status ON t226 (status, created_at);
CREATE INDEX t226_name ON t226 (name);

CREATE TABLE t227 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t227_code UNIQUE (code),
    CONSTRAINT t227_parent FOREIGN KEY (parent_id) REFERENCES t226 (id)
);
CREATE INDEX t227_status ON t227 (status, created_at);
CREATE INDEX t227_name ON t227 (name);

CREATE TABLE t228 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t228_code UNIQUE (code),
    CONSTRAINT t228_parent FOREIGN KEY (parent_id) REFERENCES t227 (id)
);
CREATE INDEX t228_status ON t228 (status, created_at);
CREATE INDEX t228_name ON t228 (name);

CREATE TABLE t229 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t229_code UNIQUE (code),
    CONSTRAINT t229_parent FOREIGN KEY (parent_id) REFERENCES t228 (id)
);
CREATE INDEX t229_status ON t229 (status, created_at);
CREATE INDEX t229_name ON t229 (name);
