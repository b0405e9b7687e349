-- migrate:up
-- 1.18.8: create_bt_106, index_bt_069
CREATE TABLE bt_106 (
    id BIGSERIAL PRIMARY KEY,
    c_0490 BOOLEAN NOT NULL DEFAULT FALSE,
    c_0491 NUMERIC(12,2) NOT NULL DEFAULT 0,
    parent_id BIGINT,
    CONSTRAINT fk_bt_106_parent FOREIGN KEY (parent_id) REFERENCES bt_051 (id)
);
CREATE INDEX bix_085 ON bt_069 (c_0321);

-- migrate:down
DROP INDEX bix_085;
DROP TABLE bt_106;
