-- migrate:up
-- 1.9.8: create_bt_063
CREATE TABLE bt_063 (
    id BIGSERIAL PRIMARY KEY,
    c_0288 BOOLEAN NOT NULL DEFAULT FALSE,
    c_0289 NUMERIC(12,2) NOT NULL DEFAULT 0,
    c_0290 NUMERIC(12,2) NOT NULL DEFAULT 0,
    parent_id BIGINT,
    CONSTRAINT fk_bt_063_parent FOREIGN KEY (parent_id) REFERENCES bt_022 (id)
);

-- migrate:down
DROP TABLE bt_063;
