-- 10 tables of the shape benchmark
CREATE TABLE t150 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t150_code UNIQUE (code),
    CONSTRAINT t150_parent FOREIGN KEY (parent_id) REFERENCES t149 (id)
);
CREATE INDEX t150_status ON t150 (status, created_at);
CREATE INDEX t150_name ON t150 (name);
CREATE VIEW v150 AS SELECT id, code, status FROM t150 WHERE status > 0;
CREATE FUNCTION t150_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t150_touch BEFORE UPDATE ON t150 FOR EACH ROW EXECUTE FUNCTION t150_touch();

CREATE TABLE t151 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t151_code UNIQUE (code),
    CONSTRAINT t151_parent FOREIGN KEY (parent_id) REFERENCES t150 (id)
);
CREATE INDEX t151_status ON t151 (status, created_at);
CREATE INDEX t151_name ON t151 (name);

CREATE TABLE t152 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t152_code UNIQUE (code),
    CONSTRAINT t152_parent FOREIGN KEY (parent_id) REFERENCES t151 (id)
);
CREATE INDEX t152_status ON t152 (status, created_at);
CREATE INDEX t152_name ON t152 (name);

CREATE TABLE t153 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t153_code UNIQUE (code),
    CONSTRAINT t153_parent FOREIGN KEY (parent_id) REFERENCES t152 (id)
);
CREATE INDEX t153_status ON t153 (status, created_at);
CREATE INDEX t153_name ON t153 (name);

CREATE TABLE t154 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t154_code UNIQUE (code),
    CONSTRAINT t154_parent FOREIGN KEY (parent_id) REFERENCES t153 (id)
);
CREATE INDEX t154_status ON t154 (status, created_at);
CREATE INDEX t154_name ON t154 (name);

CREATE TABLE t155 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t155_code UNIQUE (code),
    CONSTRAINT t155_parent FOREIGN KEY (parent_id) REFERENCES t154 (id)
);
CREATE INDEX t155_status ON t155 (status, created_at);
CREATE INDEX t155_name ON t155 (name);

CREATE TABLE t156 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t156_code UNIQUE (code),
    CONSTRAINT t156_parent FOREIGN KEY (parent_id) REFERENCES t155 (id)
);
CREATE INDEX t156_status ON t156 (status, created_at);
CREATE INDEX t156_name ON t156 (name);

CREATE TABLE t157 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t157_code UNIQUE (code),
    CONSTRAINT t157_parent FOREIGN KEY (parent_id) REFERENCES t156 (id)
);
CREATE INDEX t157_status ON t157 (status, created_at);
CREATE INDEX t157_name ON t157 (name);

CREATE TABLE t158 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t158_code UNIQUE (code),
    CONSTRAINT t158_parent FOREIGN KEY (parent_id) REFERENCES t157 (id)
);
CREATE INDEX t158_status ON t158 (status, created_at);
CREATE INDEX t158_name ON t158 (name);

CREATE TABLE t159 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t159_code UNIQUE (code),
    CONSTRAINT t159_parent FOREIGN KEY (parent_id) REFERENCES t158 (id)
);
CREATE INDEX t159_status ON t159 (status, created_at);
CREATE INDEX t159_name ON t159 (name);
