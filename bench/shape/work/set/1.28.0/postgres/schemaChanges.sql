-- 10 tables of the shape benchmark
CREATE TABLE t280 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t280_code UNIQUE (code),
    CONSTRAINT t280_parent FOREIGN KEY (parent_id) REFERENCES t279 (id)
);
CREATE INDEX t280_status ON t280 (status, created_at);
CREATE INDEX t280_name ON t280 (name);
CREATE VIEW v280 AS SELECT id, code, status FROM t280 WHERE status > 0;
CREATE FUNCTION t280_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t280_touch BEFORE UPDATE ON t280 FOR EACH ROW EXECUTE FUNCTION t280_touch();

CREATE TABLE t281 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t281_code UNIQUE (code),
    CONSTRAINT t281_parent FOREIGN KEY (parent_id) REFERENCES t280 (id)
);
CREATE INDEX t281_status ON t281 (status, created_at);
CREATE INDEX t281_name ON t281 (name);

CREATE TABLE t282 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t282_code UNIQUE (code),
    CONSTRAINT t282_parent FOREIGN KEY (parent_id) REFERENCES t281 (id)
);
CREATE INDEX t282_status ON t282 (status, created_at);
CREATE INDEX t282_name ON t282 (name);

CREATE TABLE t283 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t283_code UNIQUE (code),
    CONSTRAINT t283_parent FOREIGN KEY (parent_id) REFERENCES t282 (id)
);
CREATE INDEX t283_status ON t283 (status, created_at);
CREATE INDEX t283_name ON t283 (name);

CREATE TABLE t284 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t284_code UNIQUE (code),
    CONSTRAINT t284_parent FOREIGN KEY (parent_id) REFERENCES t283 (id)
);
CREATE INDEX t284_status ON t284 (status, created_at);
CREATE INDEX t284_name ON t284 (name);

CREATE TABLE t285 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t285_code UNIQUE (code),
    CONSTRAINT t285_parent FOREIGN KEY (parent_id) REFERENCES t284 (id)
);
CREATE INDEX t285_status ON t285 (status, created_at);
CREATE INDEX t285_name ON t285 (name);

CREATE TABLE t286 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t286_code UNIQUE (code),
    CONSTRAINT t286_parent FOREIGN KEY (parent_id) REFERENCES t285 (id)
);
CREATE INDEX t286_status ON t286 (status, created_at);
CREATE INDEX t286_name ON t286 (name);

CREATE TABLE t287 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t287_code UNIQUE (code),
    CONSTRAINT t287_parent FOREIGN KEY (parent_id) REFERENCES t286 (id)
);
CREATE INDEX t287_status ON t287 (status, created_at);
CREATE INDEX t287_name ON t287 (name);

CREATE TABLE t288 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t288_code UNIQUE (code),
    CONSTRAINT t288_parent FOREIGN KEY (parent_id) REFERENCES t287 (id)
);
CREATE INDEX t288_status ON t288 (status, created_at);
CREATE INDEX t288_name ON t288 (name);

CREATE TABLE t289 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t289_code UNIQUE (code),
    CONSTRAINT t289_parent FOREIGN KEY (parent_id) REFERENCES t288 (id)
);
CREATE INDEX t289_status ON t289 (status, created_at);
CREATE INDEX t289_name ON t289 (name);
