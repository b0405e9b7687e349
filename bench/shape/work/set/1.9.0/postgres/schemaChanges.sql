-- 10 tables of the shape benchmark
CREATE TABLE t090 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t090_code UNIQUE (code),
    CONSTRAINT t090_parent FOREIGN KEY (parent_id) REFERENCES t089 (id)
);
CREATE INDEX t090_status ON t090 (status, created_at);
CREATE INDEX t090_name ON t090 (name);
CREATE VIEW v090 AS SELECT id, code, status FROM t090 WHERE status > 0;
CREATE FUNCTION t090_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;
CREATE TRIGGER t090_touch BEFORE UPDATE ON t090 FOR EACH ROW EXECUTE FUNCTION t090_touch();

CREATE TABLE t091 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t091_code UNIQUE (code),
    CONSTRAINT t091_parent FOREIGN KEY (parent_id) REFERENCES t090 (id)
);
CREATE INDEX t091_status ON t091 (status, created_at);
CREATE INDEX t091_name ON t091 (name);

CREATE TABLE t092 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t092_code UNIQUE (code),
    CONSTRAINT t092_parent FOREIGN KEY (parent_id) REFERENCES t091 (id)
);
CREATE INDEX t092_status ON t092 (status, created_at);
CREATE INDEX t092_name ON t092 (name);

CREATE TABLE t093 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t093_code UNIQUE (code),
    CONSTRAINT t093_parent FOREIGN KEY (parent_id) REFERENCES t092 (id)
);
CREATE INDEX t093_status ON t093 (status, created_at);
CREATE INDEX t093_name ON t093 (name);

CREATE TABLE t094 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t094_code UNIQUE (code),
    CONSTRAINT t094_parent FOREIGN KEY (parent_id) REFERENCES t093 (id)
);
CREATE INDEX t094_status ON t094 (status, created_at);
CREATE INDEX t094_name ON t094 (name);

CREATE TABLE t095 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t095_code UNIQUE (code),
    CONSTRAINT t095_parent FOREIGN KEY (parent_id) REFERENCES t094 (id)
);
CREATE INDEX t095_status ON t095 (status, created_at);
CREATE INDEX t095_name ON t095 (name);

CREATE TABLE t096 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t096_code UNIQUE (code),
    CONSTRAINT t096_parent FOREIGN KEY (parent_id) REFERENCES t095 (id)
);
CREATE INDEX t096_status ON t096 (status, created_at);
CREATE INDEX t096_name ON t096 (name);

CREATE TABLE t097 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t097_code UNIQUE (code),
    CONSTRAINT t097_parent FOREIGN KEY (parent_id) REFERENCES t096 (id)
);
CREATE INDEX t097_status ON t097 (status, created_at);
CREATE INDEX t097_name ON t097 (name);

CREATE TABLE t098 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t098_code UNIQUE (code),
    CONSTRAINT t098_parent FOREIGN KEY (parent_id) REFERENCES t097 (id)
);
CREATE INDEX t098_status ON t098 (status, created_at);
CREATE INDEX t098_name ON t098 (name);

CREATE TABLE t099 (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    code VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT 'unnamed',
    status INTEGER NOT NULL DEFAULT 0,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL,
    note VARCHAR(200),
    CONSTRAINT t099_code UNIQUE (code),
    CONSTRAINT t099_parent FOREIGN KEY (parent_id) REFERENCES t098 (id)
);
CREATE INDEX t099_status ON t099 (status, created_at);
CREATE INDEX t099_name ON t099 (name);
