-- 10 tables of the shape benchmark
CREATE TABLE t160 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t160_code UNIQUE (code),
    CONSTRAINT t160_parent FOREIGN KEY (parent_id) REFERENCES t159 (id)
);
CREATE INDEX t160_status ON t160 (status, created_at);
CREATE INDEX t160_name ON t160 (name);
CREATE VIEW v160 AS SELECT id, code, status FROM t160 WHERE status > 0;
CREATE FUNCTION t160_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t160_touch BEFORE UPDATE ON t160 FOR EACH ROW EXECUTE FUNCTION t160_touch();

CREATE TABLE t161 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t161_code UNIQUE (code),
    CONSTRAINT t161_parent FOREIGN KEY (parent_id) REFERENCES t160 (id)
);
CREATE INDEX t161_status ON t161 (status, created_at);
CREATE INDEX t161_name ON t161 (name);

CREATE TABLE t162 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t162_code UNIQUE (code),
    CONSTRAINT t162_parent FOREIGN KEY (parent_id) REFERENCES t161 (id)
);
CREATE INDEX t162_status ON t162 (status, created_at);
CREATE INDEX t162_name ON t162 (name);

CREATE TABLE t163 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t163_code UNIQUE (code),
    CONSTRAINT t163_parent FOREIGN KEY (parent_id) REFERENCES t162 (id)
);
CREATE INDEX t163_status ON t163 (status, created_at);
CREATE INDEX t163_name ON t163 (name);

CREATE TABLE t164 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t164_code UNIQUE (code),
    CONSTRAINT t164_parent FOREIGN KEY (parent_id) REFERENCES t163 (id)
);
CREATE INDEX t164_status ON t164 (status, created_at);
CREATE INDEX t164_name ON t164 (name);

CREATE TABLE t165 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t165_code UNIQUE (code),
    CONSTRAINT t165_parent FOREIGN KEY (parent_id) REFERENCES t164 (id)
);
CREATE INDEX t165_status ON t165 (status, created_at);
CREATE INDEX t165_name ON t165 (name);

CREATE TABLE t166 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t166_code UNIQUE (code),
    CONSTRAINT t166_parent FOREIGN KEY (parent_id) REFERENCES t165 (id)
);
CREATE INDEX t166_status ON t166 (status, created_at);
CREATE INDEX t166_name ON t166 (name);

CREATE TABLE t167 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t167_code UNIQUE (code),
    CONSTRAINT t167_parent FOREIGN KEY (parent_id) REFERENCES t166 (id)
);
CREATE INDEX t167_status ON t167 (status, created_at);
CREATE INDEX t167_name ON t167 (name);

CREATE TABLE t168 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t168_code UNIQUE (code),
    CONSTRAINT t168_parent FOREIGN KEY (parent_id) REFERENCES t167 (id)
);
CREATE INDEX t168_status ON t168 (status, created_at);
CREATE INDEX t168_name ON t168 (name);

CREATE TABLE t169 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t169_code UNIQUE (code),
    CONSTRAINT t169_parent FOREIGN KEY (parent_id) REFERENCES t168 (id)
);
CREATE INDEX t169_status ON t169 (status, created_at);
CREATE INDEX t169_name ON t169 (name);
