-- 10 tables of the shape benchmark
CREATE TABLE t260 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t260_code UNIQUE (code),
    CONSTRAINT t260_parent FOREIGN KEY (parent_id) REFERENCES t259 (id)
);
CREATE INDEX t260_status ON t260 (status, created_at);
CREATE INDEX t260_name ON t260 (name);
CREATE VIEW v260 AS SELECT id, code, status FROM t260 WHERE status > 0;
CREATE FUNCTION t260_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t260_touch BEFORE UPDATE ON t260 FOR EACH ROW EXECUTE FUNCTION t260_touch();

CREATE TABLE t261 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t261_code UNIQUE (code),
    CONSTRAINT t261_parent FOREIGN KEY (parent_id) REFERENCES t260 (id)
);
CREATE INDEX t261_status ON t261 (status, created_at);
CREATE INDEX t261_name ON t261 (name);

CREATE TABLE t262 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t262_code UNIQUE (code),
    CONSTRAINT t262_parent FOREIGN KEY (parent_id) REFERENCES t261 (id)
);
CREATE INDEX t262_status ON t262 (status, created_at);
CREATE INDEX t262_name ON t262 (name);

CREATE TABLE t263 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t263_code UNIQUE (code),
    CONSTRAINT t263_parent FOREIGN KEY (parent_id) REFERENCES t262 (id)
);
CREATE INDEX t263_status ON t263 (status, created_at);
CREATE INDEX t263_name ON t263 (name);

CREATE TABLE t264 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t264_code UNIQUE (code),
    CONSTRAINT t264_parent FOREIGN KEY (parent_id) REFERENCES t263 (id)
);
CREATE INDEX t264_status ON t264 (status, created_at);
CREATE INDEX t264_name ON t264 (name);

CREATE TABLE t265 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t265_code UNIQUE (code),
    CONSTRAINT t265_parent FOREIGN KEY (parent_id) REFERENCES t264 (id)
);
CREATE INDEX t265_status ON t265 (status, created_at);
CREATE INDEX t265_name ON t265 (name);

CREATE TABLE t266 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t266_code UNIQUE (code),
    CONSTRAINT t266_parent FOREIGN KEY (parent_id) REFERENCES t265 (id)
);
CREATE INDEX t266_status ON t266 (status, created_at);
CREATE INDEX t266_name ON t266 (name);

CREATE TABLE t267 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t267_code UNIQUE (code),
    CONSTRAINT t267_parent FOREIGN KEY (parent_id) REFERENCES t266 (id)
);
CREATE INDEX t267_status ON t267 (status, created_at);
CREATE INDEX t267_name ON t267 (name);

CREATE TABLE t268 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t268_code UNIQUE (code),
    CONSTRAINT t268_parent FOREIGN KEY (parent_id) REFERENCES t267 (id)
);
CREATE INDEX t268_status ON t268 (status, created_at);
CREATE INDEX t268_name ON t268 (name);

CREATE TABLE t269 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t269_code UNIQUE (code),
    CONSTRAINT t269_parent FOREIGN KEY (parent_id) REFERENCES t268 (id)
);
CREATE INDEX t269_status ON t269 (status, created_at);
CREATE INDEX t269_name ON t269 (name);
