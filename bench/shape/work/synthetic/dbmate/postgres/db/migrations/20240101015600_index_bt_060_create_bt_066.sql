-- migrate:up
-- 1.11.6: index_bt_060, create_bt_066
CREATE INDEX bix_053 ON bt_060 (c_0274);
CREATE TABLE bt_066 (
    id BIGSERIAL PRIMARY KEY,
    c_0305 INTEGER NOT NULL DEFAULT 0,
    c_0306 INTEGER NOT NULL DEFAULT 0,
    parent_id BIGINT,
    CONSTRAINT fk_bt_066_parent FOREIGN KEY (parent_id) REFERENCES bt_002 (id)
);

-- migrate:down
DROP TABLE bt_066;
DROP INDEX bix_053;
