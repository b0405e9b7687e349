-- 10 tables of the shape benchmark
CREATE TABLE t010 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t010_code UNIQUE (code),
    CONSTRAINT t010_parent FOREIGN KEY (parent_id) REFERENCES t009 (id)
);
CREATE INDEX t010_status ON t010 (status, created_at);
CREATE INDEX t010_name ON t010 (name);
CREATE VIEW v010 AS SELECT id, code, status FROM t010 WHERE status > 0;
CREATE FUNCTION t010_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t010_touch BEFORE UPDATE ON t010 FOR EACH ROW EXECUTE FUNCTION t010_touch();

CREATE TABLE t011 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t011_code UNIQUE (code),
    CONSTRAINT t011_parent FOREIGN KEY (parent_id) REFERENCES t010 (id)
);
CREATE INDEX t011_status ON t011 (status, created_at);
CREATE INDEX t011_name ON t011 (name);

CREATE TABLE t012 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t012_code UNIQUE (code),
    CONSTRAINT t012_parent FOREIGN KEY (parent_id) REFERENCES t011 (id)
);
CREATE INDEX t012_status ON t012 (status, created_at);
CREATE INDEX t012_name ON t012 (name);

CREATE TABLE t013 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t013_code UNIQUE (code),
    CONSTRAINT t013_parent FOREIGN KEY (parent_id) REFERENCES t012 (id)
);
CREATE INDEX t013_status ON t013 (status, created_at);
CREATE INDEX t013_name ON t013 (name);

CREATE TABLE t014 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t014_code UNIQUE (code),
    CONSTRAINT t014_parent FOREIGN KEY (parent_id) REFERENCES t013 (id)
);
CREATE INDEX t014_status ON t014 (status, created_at);
CREATE INDEX t014_name ON t014 (name);

CREATE TABLE t015 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t015_code UNIQUE (code),
    CONSTRAINT t015_parent FOREIGN KEY (parent_id) REFERENCES t014 (id)
);
CREATE INDEX t015_status ON t015 (status, created_at);
CREATE INDEX t015_name ON t015 (name);

CREATE TABLE t016 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t016_code UNIQUE (code),
    CONSTRAINT t016_parent FOREIGN KEY (parent_id) REFERENCES t015 (id)
);
CREATE INDEX t016_status ON t016 (status, created_at);
CREATE INDEX t016_name ON t016 (name);

CREATE TABLE t017 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t017_code UNIQUE (code),
    CONSTRAINT t017_parent FOREIGN KEY (parent_id) REFERENCES t016 (id)
);
CREATE INDEX t017_status ON t017 (status, created_at);
CREATE INDEX t017_name ON t017 (name);

CREATE TABLE t018 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t018_code UNIQUE (code),
    CONSTRAINT t018_parent FOREIGN KEY (parent_id) REFERENCES t017 (id)
);
CREATE INDEX t018_status ON t018 (status, created_at);
CREATE INDEX t018_name ON t018 (name);

CREATE TABLE t019 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t019_code UNIQUE (code),
    CONSTRAINT t019_parent FOREIGN KEY (parent_id) REFERENCES t018 (id)
);
CREATE INDEX t019_status ON t019 (status, created_at);
CREATE INDEX t019_name ON t019 (name);
