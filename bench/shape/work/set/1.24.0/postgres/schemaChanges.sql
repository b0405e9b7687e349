-- 10 tables of the shape benchmark
CREATE TABLE t240 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t240_code UNIQUE (code),
    CONSTRAINT t240_parent FOREIGN KEY (parent_id) REFERENCES t239 (id)
);
CREATE INDEX t240_status ON t240 (status, created_at);
CREATE INDEX t240_name ON t240 (name);
CREATE VIEW v240 AS SELECT id, code, status FROM t240 WHERE status > 0;
CREATE FUNCTION t240_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t240_touch BEFORE UPDATE ON t240 FOR EACH ROW EXECUTE FUNCTION t240_touch();

CREATE TABLE t241 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t241_code UNIQUE (code),
    CONSTRAINT t241_parent FOREIGN KEY (parent_id) REFERENCES t240 (id)
);
CREATE INDEX t241_status ON t241 (status, created_at);
CREATE INDEX t241_name ON t241 (name);

CREATE TABLE t242 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t242_code UNIQUE (code),
    CONSTRAINT t242_parent FOREIGN KEY (parent_id) REFERENCES t241 (id)
);
CREATE INDEX t242_status ON t242 (status, created_at);
CREATE INDEX t242_name ON t242 (name);

CREATE TABLE t243 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t243_code UNIQUE (code),
    CONSTRAINT t243_parent FOREIGN KEY (parent_id) REFERENCES t242 (id)
);
CREATE INDEX t243_status ON t243 (status, created_at);
CREATE INDEX t243_name ON t243 (name);

CREATE TABLE t244 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t244_code UNIQUE (code),
    CONSTRAINT t244_parent FOREIGN KEY (parent_id) REFERENCES t243 (id)
);
CREATE INDEX t244_status ON t244 (status, created_at);
CREATE INDEX t244_name ON t244 (name);

CREATE TABLE t245 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t245_code UNIQUE (code),
    CONSTRAINT t245_parent FOREIGN KEY (parent_id) REFERENCES t244 (id)
);
CREATE INDEX t245_status ON t245 (status, created_at);
CREATE INDEX t245_name ON t245 (name);

CREATE TABLE t246 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t246_code UNIQUE (code),
    CONSTRAINT t246_parent FOREIGN KEY (parent_id) REFERENCES t245 (id)
);
CREATE INDEX t246_status ON t246 (status, created_at);
CREATE INDEX t246_name ON t246 (name);

CREATE TABLE t247 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t247_code UNIQUE (code),
    CONSTRAINT t247_parent FOREIGN KEY (parent_id) REFERENCES t246 (id)
);
CREATE INDEX t247_status ON t247 (status, created_at);
CREATE INDEX t247_name ON t247 (name);

CREATE TABLE t248 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t248_code UNIQUE (code),
    CONSTRAINT t248_parent FOREIGN KEY (parent_id) REFERENCES t247 (id)
);
CREATE INDEX t248_status ON t248 (status, created_at);
CREATE INDEX t248_name ON t248 (name);

CREATE TABLE t249 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t249_code UNIQUE (code),
    CONSTRAINT t249_parent FOREIGN KEY (parent_id) REFERENCES t248 (id)
);
CREATE INDEX t249_status ON t249 (status, created_at);
CREATE INDEX t249_name ON t249 (name);
